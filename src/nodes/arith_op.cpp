#include "nodes/arith_op.h"

namespace remotemedia::nodes {

std::string_view to_string(ArithOp op) {
  switch (op) {
    case ArithOp::kAdd: return "add";
    case ArithOp::kSubtract: return "subtract";
    case ArithOp::kMultiply: return "multiply";
    case ArithOp::kDivide: return "divide";
  }
  return "add";
}

bool parse_arith_op(std::string_view name, ArithOp& op) {
  for (ArithOp candidate :
       {ArithOp::kAdd, ArithOp::kSubtract, ArithOp::kMultiply, ArithOp::kDivide}) {
    if (to_string(candidate) == name) {
      op = candidate;
      return true;
    }
  }
  return false;
}

}  // namespace remotemedia::nodes

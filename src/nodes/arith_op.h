// remotemedia nodes — the arithmetic operations shared by the numeric nodes.
#pragma once

#include <string_view>

namespace remotemedia::nodes {

enum class ArithOp { kAdd, kSubtract, kMultiply, kDivide };

// "add", "subtract", "multiply", "divide".
std::string_view to_string(ArithOp op);
// Looks `name` up among the strings above; false when it is none of them.
bool parse_arith_op(std::string_view name, ArithOp& op);

}  // namespace remotemedia::nodes

// CalculatorNode: one arithmetic operation on numbers and numeric strings; everything
// else passes through unchanged (so it can sit in a mixed stream).
#include <memory>
#include <string>

#include "nodes/arith_op.h"
#include "nodes/builtin_nodes.h"
#include "nodes/params.h"
#include "nodes/scalar_arith.h"

namespace remotemedia::nodes {
namespace {

class CalculatorNode final : public BatchedNode<CalculatorNode> {
 public:
  CalculatorNode(ArithOp op, Value operand) : op_(op), operand_(std::move(operand)) {}

  Result<void> process(Value&& item, Emitter& out) override {
    if (item.is_string()) {
      // A numeric string is computed on as the number it spells; other strings pass.
      if (std::optional<Value> number = parse_number_string(item.as_string()))
        item = std::move(*number);
    }
    if (!item.is_number()) {
      out.emit(std::move(item));
      return {};
    }
    Result<Value> result = apply_scalar(op_, item, operand_);
    if (!result) return std::unexpected(std::move(result).error());
    out.emit(std::move(*result));
    return {};
  }

 private:
  ArithOp op_;
  Value operand_;
};

}  // namespace

NodeDescriptor calculator_descriptor() {
  NodeDescriptor d;
  d.name = "CalculatorNode";
  d.description =
      "Applies add/subtract/multiply/divide with an operand to numbers and numeric strings; "
      "other items pass through.";
  d.params = {
      make_param("operation", ParamType::kString, true, Value(),
                 "The operation: item <operation> operand.",
                 {"add", "subtract", "multiply", "divide"}),
      make_param("operand", ParamType::kNumber, true, Value(), "The right-hand operand."),
  };
  d.check = [](const Value& params) {
    std::vector<ParamIssue> issues;
    const Value* operation = params.find("operation");
    const Value* operand = params.find("operand");
    if (operation && operation->is_string() && operation->as_string() == "divide" && operand &&
        operand->is_number() && is_zero_number(*operand))
      issues.push_back({"operand", ErrorCode::kInvalidParam,
                        "operand must not be 0 when operation is divide (division by zero)"});
    return issues;
  };
  d.create = [](const NodeConfig& config) -> Result<std::unique_ptr<Node>> {
    Result<Value> operation = param(config, "operation", ParamType::kString);
    if (!operation) return std::unexpected(std::move(operation).error());
    Result<Value> operand = param(config, "operand", ParamType::kNumber);
    if (!operand) return std::unexpected(std::move(operand).error());
    ArithOp op;
    if (!parse_arith_op(operation->as_string(), op))
      return fail(ErrorCode::kInvalidParam,
                  "operation must be one of add, subtract, multiply, divide, not '" +
                      operation->as_string() + "'",
                  "/params/operation");
    if (op == ArithOp::kDivide && is_zero_number(*operand))
      return fail(ErrorCode::kInvalidParam,
                  "operand must not be 0 when operation is divide (division by zero)",
                  "/params/operand");
    return std::make_unique<CalculatorNode>(op, std::move(*operand));
  };
  return d;
}

}  // namespace remotemedia::nodes

// A small NodeRegistry for tests that need node descriptors but not the real nodes.
//
// It mimics the params of DESIGN.md §7's built-ins (MultiplyNode, AddNode, CalculatorNode,
// RangeSource, ValuesSource, PassThrough + alias PassThroughNode) so manifest and graph
// tests do not depend on src/nodes. The descriptors have no factory: nothing here can be
// run, only validated.
#pragma once

#include <vector>

#include "remotemedia/node_registry.h"
#include "remotemedia/value.h"

namespace remotemedia::testing {

inline ParamSpec test_param(std::string name, ParamType type, bool required,
                            Value default_value = {}, std::vector<std::string> choices = {}) {
  ParamSpec p;
  p.name = std::move(name);
  p.type = type;
  p.required = required;
  p.default_value = std::move(default_value);
  p.choices = std::move(choices);
  return p;
}

inline NodeRegistry make_test_registry() {
  NodeRegistry registry;

  NodeDescriptor pass;
  pass.name = "PassThrough";
  pass.description = "emits its input";
  registry.add(std::move(pass));
  registry.add_alias("PassThroughNode", "PassThrough");

  NodeDescriptor multiply;
  multiply.name = "MultiplyNode";
  multiply.description = "multiplies numbers, arrays and tensors by factor";
  multiply.params = {test_param("factor", ParamType::kNumber, false, Value(2))};
  registry.add(std::move(multiply));

  NodeDescriptor add;
  add.name = "AddNode";
  add.description = "adds addend to numbers, arrays and tensors";
  add.params = {test_param("addend", ParamType::kNumber, false, Value(0))};
  registry.add(std::move(add));

  NodeDescriptor calculator;
  calculator.name = "CalculatorNode";
  calculator.description = "applies operation with operand";
  calculator.params = {test_param("operation", ParamType::kString, true, {},
                                  {"add", "subtract", "multiply", "divide"}),
                       test_param("operand", ParamType::kNumber, true)};
  calculator.check = [](const Value& params) {
    std::vector<ParamIssue> issues;
    const Value* operation = params.find("operation");
    const Value* operand = params.find("operand");
    if (operation != nullptr && operation->is_string() && operation->as_string() == "divide" &&
        operand != nullptr && operand->is_number() && operand->as_number() == 0)
      issues.push_back({"operand", ErrorCode::kInvalidParam,
                        "CalculatorNode cannot divide by operand 0; use a non-zero operand"});
    return issues;
  };
  registry.add(std::move(calculator));

  NodeDescriptor range;
  range.name = "RangeSource";
  range.description = "generates ints like Python's range";
  range.is_generator = true;
  range.params = {test_param("start", ParamType::kInt, false, Value(0)),
                  test_param("stop", ParamType::kInt, true),
                  test_param("step", ParamType::kInt, false, Value(1))};
  range.check = [](const Value& params) {
    std::vector<ParamIssue> issues;
    const Value* step = params.find("step");
    if (step != nullptr && step->is_int() && step->as_int() == 0)
      issues.push_back({"step", ErrorCode::kInvalidParam,
                        "RangeSource step must not be 0; use a positive or negative step"});
    return issues;
  };
  registry.add(std::move(range));

  NodeDescriptor values;
  values.name = "ValuesSource";
  values.description = "generates each value";
  values.is_generator = true;
  values.params = {test_param("values", ParamType::kArray, true)};
  registry.add(std::move(values));

  return registry;
}

}  // namespace remotemedia::testing

// MultiplyNode and AddNode: one element-wise node parameterised by its operation.
//
// Items: a number (Python scalar rules, scalar_arith.h), a tensor (numpy rules,
// tensor_arith.h) or an array whose elements are numbers or such arrays, nested to any
// depth. Anything else is a node error: silently passing it on would hide a wiring
// mistake further down the pipeline.
#include <memory>
#include <string>
#include <vector>

#include "nodes/arith_op.h"
#include "nodes/builtin_nodes.h"
#include "nodes/params.h"
#include "nodes/scalar_arith.h"
#include "nodes/tensor_arith.h"

namespace remotemedia::nodes {
namespace {

class ElementwiseNode final : public BatchedNode<ElementwiseNode> {
 public:
  ElementwiseNode(std::string node_type, ArithOp op, Value scalar)
      : node_type_(std::move(node_type)), op_(op), scalar_(std::move(scalar)) {}

  Result<void> process(Value&& item, Emitter& out) override {
    // A tensor that only this item holds is computed in its own buffer: a chain of
    // element-wise nodes then allocates and first-touches no memory per item.
    if (apply_tensor_in_place(op_, item, scalar_)) {
      out.emit(std::move(item));
      return {};
    }
    Result<Value> result = apply(item);
    if (!result) return std::unexpected(std::move(result).error());
    out.emit(std::move(*result));
    return {};
  }

 private:
  Result<Value> apply(const Value& item) const {
    if (item.is_number()) return apply_scalar(op_, item, scalar_);
    if (item.is_tensor()) {
      Result<Tensor> t = apply_tensor(op_, item.as_tensor(), scalar_);
      if (!t) return std::unexpected(std::move(t).error());
      return Value(std::move(*t));
    }
    if (item.is_array()) return apply_array(item.as_array());
    return fail(ErrorCode::kNodeFailed, unsupported(item, false));
  }

  // Nested arrays with an explicit stack: JSON allows 512 levels and values built in
  // code or Python may nest deeper, so the call stack must not grow with depth.
  // Not inlined, nor is unsupported(): a WebAssembly engine compiles process() whole on
  // its first call, and a tensor or number pipeline then compiles neither.
  [[gnu::noinline]] Result<Value> apply_array(const Value::Array& root) const {
    struct Frame {
      const Value::Array* source;
      std::size_t next;
      Value::Array result;
    };
    std::vector<Frame> stack;
    stack.push_back({&root, 0, {}});
    stack.back().result.reserve(root.size());
    for (;;) {
      Frame& frame = stack.back();
      if (frame.next == frame.source->size()) {
        Value done(std::move(frame.result));
        stack.pop_back();
        if (stack.empty()) return done;
        stack.back().result.push_back(std::move(done));
        continue;
      }
      const Value& element = (*frame.source)[frame.next++];
      if (element.is_number()) {
        Result<Value> r = apply_scalar(op_, element, scalar_);
        if (!r) return std::unexpected(std::move(r).error());
        frame.result.push_back(std::move(*r));
      } else if (element.is_array()) {
        const Value::Array& inner = element.as_array();
        stack.push_back({&inner, 0, {}});  // `frame` is dangling from here on
        stack.back().result.reserve(inner.size());
      } else {
        return fail(ErrorCode::kNodeFailed, unsupported(element, true));
      }
    }
  }

  [[gnu::noinline]] std::string unsupported(const Value& v, bool inside_array) const {
    return node_type_ + " cannot " + std::string(to_string(op_)) + " " +
           std::string(kind_with_article(v.kind())) + (inside_array ? " inside an array" : "") +
           "; it takes numbers, arrays of numbers and tensors";
  }

  std::string node_type_;
  ArithOp op_;
  Value scalar_;
};

NodeDescriptor elementwise_descriptor(std::string name, ArithOp op, std::string param_name,
                                      Value default_value, std::string description) {
  NodeDescriptor d;
  d.name = name;
  d.description = std::move(description);
  d.params = {make_param(param_name, ParamType::kNumber, false, std::move(default_value),
                         op == ArithOp::kMultiply ? "The factor." : "The addend.")};
  d.create = [name, op, param_name](const NodeConfig& config) -> Result<std::unique_ptr<Node>> {
    Result<Value> scalar = param(config, param_name, ParamType::kNumber);
    if (!scalar) return std::unexpected(std::move(scalar).error());
    return std::make_unique<ElementwiseNode>(name, op, std::move(*scalar));
  };
  return d;
}

}  // namespace

NodeDescriptor multiply_descriptor() {
  return elementwise_descriptor(
      "MultiplyNode", ArithOp::kMultiply, "factor", Value(2),
      "Multiplies numbers, (nested) arrays of numbers and tensors element-wise by factor.");
}

NodeDescriptor add_descriptor() {
  return elementwise_descriptor(
      "AddNode", ArithOp::kAdd, "addend", Value(0),
      "Adds addend to numbers, (nested) arrays of numbers and tensors element-wise.");
}

}  // namespace remotemedia::nodes

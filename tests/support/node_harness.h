// remotemedia tests — drive one node without a manifest or a scheduler.
//
// Like MediaPipe's CalculatorRunner and GStreamer's GstHarness: build a node from its
// registry descriptor and a params object, then call its lifecycle methods by hand and
// look at what it emitted.
//
//   NodeRegistry registry;
//   register_builtin_nodes(registry);
//   auto outputs = run_node(registry, "MultiplyNode", Object{{"factor", 3}}, {1, 2});
//   // *outputs == {3, 6}
//
// Validation lives elsewhere (src/manifest), so the harness fills in the descriptor's
// default_value for every absent param that has one (non-null), as validation would. It
// does not run the descriptor's `check`: call check_params() for that.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "remotemedia/error.h"
#include "remotemedia/node.h"
#include "remotemedia/node_registry.h"
#include "remotemedia/value.h"

namespace remotemedia::testing {

// Collects every emitted item, in order.
// Collects emitted items as a sink does: an opaque item (a Python object) is converted
// to its Value form on arrival, and a conversion error is kept in `errors`.
class CollectingEmitter final : public Emitter {
 public:
  void deliver(Value&& item) override {
    if (item.is_opaque()) {
      Result<Value> plain = item.as_opaque().materialize();
      if (!plain) {
        errors.push_back(std::move(plain).error());
        return;
      }
      item = std::move(*plain);
    }
    items.push_back(std::move(item));
  }
  std::vector<Value> take() { return std::exchange(items, {}); }
  std::vector<Value> items;
  std::vector<Error> errors;
};

// `params` (an object, or null for none) with the descriptor's defaults added for the
// params it lacks.
inline Value with_defaults(const NodeDescriptor& descriptor, const Value& params) {
  Value::Object members = params.is_object() ? params.as_object() : Value::Object{};
  for (const ParamSpec& spec : descriptor.params) {
    if (spec.default_value.is_null() || params.find(spec.name) != nullptr) continue;
    members.emplace_back(spec.name, spec.default_value);
  }
  return Value(std::move(members));
}

class NodeHarness {
 public:
  // Finds `node_type` (aliases too), fills defaults and calls the descriptor's factory.
  // Errors: kUnknownNodeType, or the factory's error. Does not call initialize().
  static Result<NodeHarness> create(const NodeRegistry& registry, std::string_view node_type,
                                    const Value& params = Value(Value::Object{}),
                                    std::string id = "node") {
    const NodeDescriptor* descriptor = registry.find(node_type);
    if (descriptor == nullptr)
      return fail(ErrorCode::kUnknownNodeType, "no node type '" + std::string(node_type) + "'");
    NodeConfig config{std::move(id), std::string(node_type), with_defaults(*descriptor, params)};
    Result<std::unique_ptr<Node>> node = descriptor->create(config);
    if (!node) return std::unexpected(std::move(node).error());
    return NodeHarness(descriptor, std::move(config), std::move(*node));
  }

  // The descriptor's `check` on the params with defaults filled in; empty if it has none.
  static std::vector<ParamIssue> check_params(const NodeDescriptor& descriptor,
                                              const Value& params) {
    if (!descriptor.check) return {};
    return descriptor.check(with_defaults(descriptor, params));
  }

  const NodeDescriptor& descriptor() const { return *descriptor_; }
  const NodeConfig& config() const { return config_; }
  Node& node() { return *node_; }

  Result<void> initialize() { return node_->initialize(); }

  // One process() call; returns what it emitted.
  Result<std::vector<Value>> process(Value item) {
    CollectingEmitter out;
    RM_TRY(node_->process(std::move(item), out));
    return out.take();
  }

  // One generate() call: what it emitted and whether it said more may follow.
  Result<std::pair<std::vector<Value>, bool>> generate_once() {
    CollectingEmitter out;
    Result<bool> more = node_->generate(out);
    if (!more) return std::unexpected(std::move(more).error());
    return std::pair{out.take(), *more};
  }

  // Calls generate() until it returns false (at most max_calls times, so a broken
  // generator fails the test instead of hanging it); returns everything emitted.
  Result<std::vector<Value>> generate_all(std::size_t max_calls = 1'000'000) {
    CollectingEmitter out;
    for (std::size_t i = 0; i < max_calls; ++i) {
      Result<bool> more = node_->generate(out);
      if (!more) return std::unexpected(std::move(more).error());
      if (!*more) return out.take();
    }
    return fail(ErrorCode::kInternal, "generate() did not finish within max_calls calls");
  }

  Result<std::vector<Value>> flush() {
    CollectingEmitter out;
    RM_TRY(node_->flush(out));
    return out.take();
  }

  void cleanup() { node_->cleanup(); }

 private:
  NodeHarness(const NodeDescriptor* descriptor, NodeConfig config, std::unique_ptr<Node> node)
      : descriptor_(descriptor), config_(std::move(config)), node_(std::move(node)) {}

  const NodeDescriptor* descriptor_;
  NodeConfig config_;
  std::unique_ptr<Node> node_;
};

// The whole lifecycle: create, initialize, process each input (or, with no inputs and a
// generator, generate until exhausted), flush, cleanup (also after an error). Returns
// every emitted item in order, or the first error.
inline Result<std::vector<Value>> run_node(const NodeRegistry& registry,
                                           std::string_view node_type, const Value& params,
                                           std::vector<Value> inputs, std::string id = "node") {
  Result<NodeHarness> harness = NodeHarness::create(registry, node_type, params, std::move(id));
  if (!harness) return std::unexpected(std::move(harness).error());
  auto run = [&]() -> Result<std::vector<Value>> {
    RM_TRY(harness->initialize());
    std::vector<Value> outputs;
    if (inputs.empty() && harness->descriptor().is_generator) {
      Result<std::vector<Value>> generated = harness->generate_all();
      if (!generated) return generated;
      outputs = std::move(*generated);
    }
    for (Value& item : inputs) {
      Result<std::vector<Value>> emitted = harness->process(std::move(item));
      if (!emitted) return emitted;
      for (Value& v : *emitted) outputs.push_back(std::move(v));
    }
    Result<std::vector<Value>> tail = harness->flush();
    if (!tail) return tail;
    for (Value& v : *tail) outputs.push_back(std::move(v));
    return outputs;
  };
  Result<std::vector<Value>> outputs = run();
  harness->cleanup();
  return outputs;
}

}  // namespace remotemedia::testing

// PassThrough and Echo: nodes that do not look inside their items.
#include <cstdint>
#include <memory>
#include <string>

#include "nodes/builtin_nodes.h"

namespace remotemedia::nodes {
namespace {

class PassThroughNode final : public BatchedNode<PassThroughNode> {
 public:
  Result<void> process(Value&& item, Emitter& out) override {
    out.emit(std::move(item));
    return {};
  }
};

class EchoNode final : public BatchedNode<EchoNode> {
 public:
  explicit EchoNode(std::string id) : id_(std::move(id)) {}

  Result<void> process(Value&& item, Emitter& out) override {
    ++counter_;
    out.emit(Value(Value::Object{
        {"counter", Value(counter_)},
        {"input", std::move(item)},
        {"node", Value(id_)},
    }));
    return {};
  }

 private:
  std::string id_;
  std::int64_t counter_ = 0;
};

}  // namespace

NodeDescriptor pass_through_descriptor() {
  NodeDescriptor d;
  d.name = "PassThrough";
  d.description = "Emits every input item unchanged.";
  d.create = [](const NodeConfig&) -> Result<std::unique_ptr<Node>> {
    return std::make_unique<PassThroughNode>();
  };
  return d;
}

NodeDescriptor echo_descriptor() {
  NodeDescriptor d;
  d.name = "Echo";
  d.description =
      "Emits {\"counter\": n, \"input\": item, \"node\": id} for the n-th input item.";
  d.create = [](const NodeConfig& config) -> Result<std::unique_ptr<Node>> {
    return std::make_unique<EchoNode>(config.id);
  };
  return d;
}

}  // namespace remotemedia::nodes

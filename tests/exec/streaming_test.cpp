// Streaming nodes pull their input: on both drivers, with fan-in after them, with tiny
// queues, and with errors.
#include <gtest/gtest.h>

#include <string>

#include "remotemedia/executor.h"
#include "remotemedia/json.h"
#include "remotemedia/validate.h"

namespace remotemedia {
namespace {

// Pulls items two at a time and emits each pair as an array; a lone tail is emitted as
// a one-element array. Emits "start" before pulling anything. Fails on the item "fail".
class Pairs final : public Node {
 public:
  Result<void> process(Value&&, Emitter&) override { return fail(ErrorCode::kInternal, "not streaming"); }
  bool is_streaming() const override { return true; }
  Result<void> process_stream(InputStream& in, Emitter& out) override {
    out.emit(Value("start"));
    for (;;) {
      std::optional<Value> a = in.next();
      if (!a) return {};
      if (a->is_string() && a->as_string() == "fail") return fail(ErrorCode::kNodeFailed, "bad item");
      std::optional<Value> b = in.next();
      if (!b) {
        out.emit(Value(Value::Array{*a}));
        return {};
      }
      out.emit(Value(Value::Array{*a, *b}));
    }
  }
};

class Count final : public Node {
 public:
  explicit Count(std::int64_t n) : n_(n) {}
  Result<void> process(Value&&, Emitter&) override { return {}; }
  Result<bool> generate(Emitter& out) override {
    if (i_ < n_) out.emit(Value(i_++));
    return i_ < n_;
  }

 private:
  std::int64_t n_, i_ = 0;
};

class Pass final : public Node {
 public:
  Result<void> process(Value&& item, Emitter& out) override {
    out.emit(std::move(item));
    return {};
  }
};

template <class N>
NodeFactory factory() {
  return [](const NodeConfig&) -> Result<std::unique_ptr<Node>> { return std::make_unique<N>(); };
}

NodeRegistry registry() {
  NodeRegistry r;
  r.add(NodeDescriptor{.name = "Pairs", .description = "pairs", .create = factory<Pairs>()});
  r.add(NodeDescriptor{.name = "Pass", .description = "pass", .create = factory<Pass>()});
  r.add(NodeDescriptor{.name = "Count",
                       .description = "count",
                       .params = {ParamSpec{.name = "n", .type = ParamType::kInt, .required = true}},
                       .is_generator = true,
                       .create = [](const NodeConfig& c) -> Result<std::unique_ptr<Node>> {
                         return std::make_unique<Count>(c.params.find("n")->as_int());
                       }});
  return r;
}

std::vector<std::string> outputs_on_every_driver(const std::string& doc) {
  static NodeRegistry reg = registry();
  auto request = validate_json(doc, reg);
  EXPECT_TRUE(request) << (request ? "" : request.error().front().message);
  std::vector<std::string> out;
  for (std::size_t capacity : {1, 64}) {
    for (bool fuse : {true, false}) {
      Executor ex(reg, {.workers = 3, .queue_capacity = capacity, .fuse_chains = fuse});
      for (RunResult r : {ex.run_sync(*request), ex.run_concurrent(*request)})
        out.push_back(r ? to_json(Value(r->outputs())) : "error: " + r.error().front().message);
    }
  }
  return out;
}

TEST(Streaming, PairsAfterAGeneratorOnEveryDriver) {
  auto results = outputs_on_every_driver(R"({"version": "v1", "metadata": {"name": "s"},
    "nodes": [{"id": "src", "node_type": "Count", "params": {"n": 5}},
              {"id": "pairs", "node_type": "Pairs", "is_streaming": true},
              {"id": "out", "node_type": "Pass"}],
    "connections": [{"from": "src", "to": "pairs"}, {"from": "pairs", "to": "out"}]})");
  for (const std::string& r : results) EXPECT_EQ(r, R"(["start",[0,1],[2,3],[4]])");
}

// Streamed items carry the timestamp of the latest item pulled, so a fan-in after the
// streaming node places them after that item's other copies... deterministically.
TEST(Streaming, FanInAfterAStreamingNodeIsDeterministic) {
  auto results = outputs_on_every_driver(R"({"version": "v1", "metadata": {"name": "s"},
    "nodes": [{"id": "src", "node_type": "Count", "params": {"n": 6}},
              {"id": "pairs", "node_type": "Pairs", "is_streaming": true},
              {"id": "merge", "node_type": "Pass"}],
    "connections": [{"from": "src", "to": "pairs"}, {"from": "src", "to": "merge"},
                    {"from": "pairs", "to": "merge"}]})");
  // At timestamp t, merge takes src's item first (connection order), then what pairs
  // emitted while its latest pulled item was t ("start" at t = 0, [0,1] at t = 1, ...).
  for (const std::string& r : results) EXPECT_EQ(r, R"([0,"start",1,[0,1],2,3,[2,3],4,5,[4,5]])");
}

TEST(Streaming, ErrorsStopTheRun) {
  auto results = outputs_on_every_driver(R"({"manifest": {"version": "v1", "metadata": {"name": "s"},
    "nodes": [{"id": "pairs", "node_type": "Pairs", "is_streaming": true}]},
    "input_data": ["a", "b", "fail", "c"]})");
  for (const std::string& r : results)
    EXPECT_EQ(r, "error: node \"pairs\" (Pairs) failed on the item at timestamp 2: bad item");
}

}  // namespace
}  // namespace remotemedia

// Executor semantics (DESIGN §5) on both drivers, with small test nodes whose behaviour
// makes ordering, timestamps, flush, cleanup and cancellation observable.
#include "remotemedia/executor.h"

#include <gtest/gtest.h>

#include <malloc.h>

#include <atomic>
#include <string>
#include <thread>
#include <type_traits>

#include "remotemedia/base64.h"
#include "remotemedia/json.h"
#include "remotemedia/run_document.h"
#include "remotemedia/validate.h"

namespace remotemedia {
namespace {

std::atomic<int> g_cleanups{0};

// Test nodes marked kBatched derive from BatchedNode, whose batch loop calls their
// process() directly; the others get Node's, through the virtual call. Both must follow
// the same rules (order, timestamps, failures, items released once handled).
template <class Self, bool kBatched>
using NodeBase = std::conditional_t<kBatched, BatchedNode<Self>, Node>;

template <bool kBatched>
class TagNode final : public NodeBase<TagNode<kBatched>, kBatched> {  // "<tag>:<item>"; fails on "fail"
 public:
  explicit TagNode(std::string tag) : tag_(std::move(tag)) {}
  Result<void> process(Value&& item, Emitter& out) override {
    std::string text = item.is_string() ? item.as_string() : to_json(item);
    if (text == "fail") return fail(ErrorCode::kNodeFailed, "asked to fail");
    out.emit(Value(tag_ + ":" + text));
    return {};
  }
  void cleanup() noexcept override { ++g_cleanups; }

 private:
  std::string tag_;
};
using Tag = TagNode<false>;

class Count final : public Node {  // generator of "0", "1", ... n-1 (strings)
 public:
  explicit Count(std::int64_t n) : n_(n) {}
  Result<void> process(Value&&, Emitter&) override { return {}; }
  Result<bool> generate(Emitter& out) override {
    if (i_ < n_) out.emit(Value(std::to_string(i_++)));
    return i_ < n_;
  }
  void cleanup() noexcept override { ++g_cleanups; }

 private:
  std::int64_t n_, i_ = 0;
};

// Generator of "0", "1", ... whose call number fail_at emits its item and then fails;
// the item at poison_at is "fail" (which Tag fails on).
class CountThenFail final : public Node {
 public:
  CountThenFail(std::int64_t fail_at, std::int64_t poison_at) : fail_at_(fail_at), poison_at_(poison_at) {}
  Result<void> process(Value&&, Emitter&) override { return {}; }
  Result<bool> generate(Emitter& out) override {
    const std::int64_t i = i_++;
    out.emit(Value(i == poison_at_ ? std::string("fail") : std::to_string(i)));
    if (i == fail_at_) return fail(ErrorCode::kNodeFailed, "gave up");
    return true;
  }

 private:
  std::int64_t fail_at_, poison_at_, i_ = 0;
};

// Per generate() call of Frames: how many items Seen had handled by then.
std::vector<std::int64_t> g_seen_by_call;
std::int64_t g_seen = 0;

class Opaque1 final : public Opaque {  // an object of no runtime, whose Value form is 1
 public:
  Result<Value> materialize() const override { return Value(1); }
  const void* domain() const override { return nullptr; }
};

// Generator of n items of one kind: "int", "tensor" (1 MiB) or "opaque".
class Frames final : public Node {
 public:
  Frames(std::string kind, std::int64_t n) : kind_(std::move(kind)), n_(n) {}
  Result<void> process(Value&&, Emitter&) override { return {}; }
  Result<bool> generate(Emitter& out) override {
    g_seen_by_call.push_back(g_seen);
    if (kind_ == "tensor") {
      std::shared_ptr<Buffer> bytes = Buffer::allocate(std::size_t{1} << 20);
      out.emit(Value(*Tensor::make(DType::kUInt8, {std::int64_t{1} << 20}, std::move(bytes))));
    } else {
      out.emit(kind_ == "opaque" ? Value::opaque(std::make_shared<Opaque1>()) : Value(i_));
    }
    return ++i_ < n_;
  }

 private:
  std::string kind_;
  std::int64_t n_, i_ = 0;
};

class Seen final : public Node {  // counts its items in g_seen, passes them on
 public:
  Result<void> process(Value&& item, Emitter& out) override {
    ++g_seen;
    out.emit(std::move(item));
    return {};
  }
};

class Pairs final : public Node {  // buffers two items, emits them as an array; flushes the tail
 public:
  Result<void> process(Value&& item, Emitter& out) override {
    held_.push_back(std::move(item));
    if (held_.size() == 2) out.emit(Value(std::exchange(held_, {})));
    return {};
  }
  Result<void> flush(Emitter& out) override {
    if (!held_.empty()) out.emit(Value(std::exchange(held_, {})));
    return {};
  }
  bool emits_on_flush() const override { return true; }
  void cleanup() noexcept override { ++g_cleanups; }

 private:
  Value::Array held_;
};

template <bool kBatched>
class SplitNode final : public NodeBase<SplitNode<kBatched>, kBatched> {  // each element of an array, or the item twice
 public:
  Result<void> process(Value&& item, Emitter& out) override {
    if (item.is_array()) {
      for (const Value& v : item.as_array()) out.emit(v);
    } else {
      out.emit(item);
      out.emit(item);
    }
    return {};
  }
};

class Pass final : public Node {
 public:
  Result<void> process(Value&& item, Emitter& out) override {
    out.emit(std::move(item));
    return {};
  }
};

// For each tensor, whether the previous item's buffer has been freed (null first): what
// the node does not keep lives on only where the run keeps it.
template <bool kBatched>
class PreviousFreed final : public NodeBase<PreviousFreed<kBatched>, kBatched> {
 public:
  Result<void> process(Value&& item, Emitter& out) override {
    out.emit(seen_ ? Value(previous_.expired()) : Value());
    seen_ = true;
    previous_ = item.as_tensor().buffer();
    return {};
  }

 private:
  bool seen_ = false;
  std::weak_ptr<const Buffer> previous_;
};

// NodeT<batched>, made from args.
template <template <bool> class NodeT, class... Args>
std::unique_ptr<Node> make_test_node(bool batched, Args&&... args) {
  if (batched) return std::make_unique<NodeT<true>>(std::forward<Args>(args)...);
  return std::make_unique<NodeT<false>>(std::forward<Args>(args)...);
}

NodeRegistry test_registry() {
  NodeRegistry r;
  r.add(NodeDescriptor{.name = "Pass",
                       .description = "passes items",
                       .create = [](const NodeConfig&) -> Result<std::unique_ptr<Node>> {
                         return std::make_unique<Pass>();
                       }});
  for (bool batched : {false, true}) {
    const std::string prefix = batched ? "Batched" : "";
    r.add(NodeDescriptor{.name = prefix + "Tag",
                         .description = "tags items",
                         .params = {ParamSpec{.name = "tag", .type = ParamType::kString, .required = true}},
                         .create = [batched](const NodeConfig& c) -> Result<std::unique_ptr<Node>> {
                           return make_test_node<TagNode>(batched, c.params.find("tag")->as_string());
                         }});
    r.add(NodeDescriptor{.name = prefix + "PreviousFreed",
                         .description = "says whether the previous item was freed",
                         .create = [batched](const NodeConfig&) -> Result<std::unique_ptr<Node>> {
                           return make_test_node<PreviousFreed>(batched);
                         }});
    r.add(NodeDescriptor{.name = prefix + "Split",
                         .description = "splits",
                         .create = [batched](const NodeConfig&) -> Result<std::unique_ptr<Node>> {
                           return make_test_node<SplitNode>(batched);
                         }});
  }
  r.add(NodeDescriptor{.name = "Count",
                       .description = "generates n items",
                       .params = {ParamSpec{.name = "n", .type = ParamType::kInt, .required = true}},
                       .is_generator = true,
                       .create = [](const NodeConfig& c) -> Result<std::unique_ptr<Node>> {
                         return std::make_unique<Count>(c.params.find("n")->as_int());
                       }});
  r.add(NodeDescriptor{.name = "CountThenFail",
                       .description = "generates items, then fails",
                       .params = {ParamSpec{.name = "fail_at", .type = ParamType::kInt, .required = true},
                                  ParamSpec{.name = "poison_at", .type = ParamType::kInt, .default_value = -1}},
                       .is_generator = true,
                       .create = [](const NodeConfig& c) -> Result<std::unique_ptr<Node>> {
                         return std::make_unique<CountThenFail>(c.params.find("fail_at")->as_int(),
                                                                c.params.find("poison_at")->as_int());
                       }});
  r.add(NodeDescriptor{.name = "Frames",
                       .description = "generates n items of one kind",
                       .params = {ParamSpec{.name = "kind", .type = ParamType::kString, .required = true},
                                  ParamSpec{.name = "n", .type = ParamType::kInt, .required = true}},
                       .is_generator = true,
                       .create = [](const NodeConfig& c) -> Result<std::unique_ptr<Node>> {
                         return std::make_unique<Frames>(c.params.find("kind")->as_string(),
                                                         c.params.find("n")->as_int());
                       }});
  r.add(NodeDescriptor{.name = "Seen",
                       .description = "counts items",
                       .create = [](const NodeConfig&) -> Result<std::unique_ptr<Node>> {
                         return std::make_unique<Seen>();
                       }});
  r.add(NodeDescriptor{.name = "Pairs",
                       .description = "pairs items",
                       .create = [](const NodeConfig&) -> Result<std::unique_ptr<Node>> {
                         return std::make_unique<Pairs>();
                       }});
  return r;
}

struct Both {
  RunResult sync, concurrent;
};

// Runs the document on both drivers, with and without chain fusion and with a tiny
// queue, and checks all four agree before returning two of them.
Both run_both(const std::string& json, std::size_t capacity = 64) {
  static NodeRegistry registry = test_registry();
  auto request = validate_json(json, registry);
  EXPECT_TRUE(request.has_value()) << (request ? "" : request.error().front().message);
  Both out;
  for (bool fuse : {true, false}) {
    ExecutorOptions options{.workers = 3, .queue_capacity = capacity, .fuse_chains = fuse};
    Executor ex(registry, options);
    out.sync = ex.run_sync(*request);
    out.concurrent = ex.run_concurrent(*request);
    EXPECT_EQ(out.sync.has_value(), out.concurrent.has_value());
    if (out.sync && out.concurrent) {
      EXPECT_EQ(to_json(Value(out.sync->outputs())), to_json(Value(out.concurrent->outputs())));
    }
  }
  return out;
}

std::string outputs_json(const RunResult& r) {
  if (!r) return "error: " + r.error().front().message;
  return to_json(Value(r->outputs()));
}

TEST(Executor, ChainWithInputKeepsOrder) {
  auto r = run_both(R"({"manifest": {"version": "v1", "metadata": {"name": "t"},
    "nodes": [{"id": "a", "node_type": "Tag", "params": {"tag": "a"}},
              {"id": "b", "node_type": "Tag", "params": {"tag": "b"}}],
    "connections": [{"from": "a", "to": "b"}]}, "input_data": ["x", "y", "z"]})");
  EXPECT_EQ(outputs_json(r.sync), R"(["b:a:x","b:a:y","b:a:z"])");
}

// Fan-in takes items by (timestamp, connection order, emission order): the connection
// from "right" is listed first, so its items come first at each timestamp.
TEST(Executor, DiamondFanInOrderIsDeterministic) {
  std::string expected = "[";
  for (int i = 0; i < 50; ++i) {
    std::string s = std::to_string(i);
    expected += std::string(i ? "," : "") + "\"m:r:" + s + "\",\"m:" + s + "\",\"m:" + s + "\"";
  }
  expected += "]";
  // The merge orders by timestamp: BatchedNode's loop must stamp each item's outputs.
  for (std::string prefix : {"", "Batched"}) {
    SCOPED_TRACE(prefix + "Tag");
    std::string doc = R"({"version": "v1", "metadata": {"name": "diamond"},
      "nodes": [{"id": "src", "node_type": "Count", "params": {"n": 50}},
                {"id": "left", "node_type": ")" + prefix + R"(Split"},
                {"id": "right", "node_type": ")" + prefix + R"(Tag", "params": {"tag": "r"}},
                {"id": "merge", "node_type": ")" + prefix + R"(Tag", "params": {"tag": "m"}}],
      "connections": [{"from": "src", "to": "left"}, {"from": "src", "to": "right"},
                      {"from": "right", "to": "merge"}, {"from": "left", "to": "merge"}]})";
    for (int round = 0; round < 100; ++round) {
      auto r = run_both(doc, 1 + round % 4);
      ASSERT_EQ(outputs_json(r.sync), expected);
      ASSERT_EQ(outputs_json(r.concurrent), expected);
    }
  }
}

TEST(Executor, FlushItemsMergeByTimestamp) {
  // Pairs holds items back and flushes the odd one at the end, at the last timestamp.
  std::string doc = R"({"version": "v1", "metadata": {"name": "flush"},
    "nodes": [{"id": "src", "node_type": "Count", "params": {"n": 5}},
              {"id": "pairs", "node_type": "Pairs"},
              {"id": "tag", "node_type": "Tag", "params": {"tag": "t"}},
              {"id": "merge", "node_type": "Tag", "params": {"tag": "m"}}],
    "connections": [{"from": "src", "to": "pairs"}, {"from": "src", "to": "tag"},
                    {"from": "pairs", "to": "merge"}, {"from": "tag", "to": "merge"}]})";
  for (std::size_t capacity : {1, 2, 64}) {
    auto r = run_both(doc, capacity);
    EXPECT_EQ(outputs_json(r.sync),
              R"(["m:t:0","m:[\"0\",\"1\"]","m:t:1","m:t:2","m:[\"2\",\"3\"]","m:t:3","m:[\"4\"]","m:t:4"])");
  }
}

TEST(Executor, ManySinksConcatenateInManifestOrder) {
  auto r = run_both(R"({"manifest": {"version": "v1", "metadata": {"name": "t"},
    "nodes": [{"id": "b", "node_type": "Tag", "params": {"tag": "b"}},
              {"id": "a", "node_type": "Tag", "params": {"tag": "a"}}]},
    "input_data": [1, 2]})");
  ASSERT_TRUE(r.sync);
  EXPECT_EQ(outputs_json(r.sync), R"(["b:1","b:2","a:1","a:2"])");
  EXPECT_EQ(r.sync->outputs_by_node[0].first, "b");
}

TEST(Executor, FirstErrorStopsTheRunAndEveryCleanupRuns) {
  g_cleanups = 0;
  static NodeRegistry registry = test_registry();
  auto request = validate_json(R"({"manifest": {"version": "v1", "metadata": {"name": "t"},
    "nodes": [{"id": "a", "node_type": "Tag", "params": {"tag": "a"}},
              {"id": "b", "node_type": "Tag", "params": {"tag": "b"}},
              {"id": "c", "node_type": "Tag", "params": {"tag": "c"}}],
    "connections": [{"from": "b", "to": "c"}]}, "input_data": ["x", "fail", "y"]})",
                               registry);
  ASSERT_TRUE(request);
  for (bool sync : {true, false}) {
    g_cleanups = 0;
    Executor ex(registry);
    RunResult r = sync ? ex.run_sync(*request) : ex.run_concurrent(*request);
    ASSERT_FALSE(r);
    const Error& e = r.error().front();
    EXPECT_EQ(e.code, ErrorCode::kNodeFailed);
    EXPECT_EQ(e.timestamp, 1);
    EXPECT_TRUE(e.node == "a" || e.node == "b") << e.node;
    EXPECT_EQ(e.node_type, "Tag");
    EXPECT_NE(e.message.find("asked to fail"), std::string::npos);
    EXPECT_EQ(g_cleanups.load(), 3);
  }
}

// A failure in a later batch of a chain, on either kind of node: the failing item's
// timestamp and the node are reported, whichever node of the chain it is.
TEST(Executor, AFailureInALaterBatchIsReportedAtItsItem) {
  static NodeRegistry registry = test_registry();
  std::string inputs;
  for (int i = 0; i < 200; ++i) inputs += std::string(i ? "," : "") + (i == 130 ? "\"fail\"" : std::to_string(i));
  for (std::string first : {"Tag", "BatchedTag"}) {
    for (std::string second : {"Tag", "BatchedTag"}) {
      SCOPED_TRACE(first + " -> " + second);
      auto request = validate_json(R"({"manifest": {"version": "v1", "metadata": {"name": "t"},
        "nodes": [{"id": "a", "node_type": ")" + second + R"(", "params": {"tag": "a"}},
                  {"id": "src", "node_type": ")" + first + R"(", "params": {"tag": "s"}}],
        "connections": [{"from": "src", "to": "a"}]}, "input_data": [)" + inputs + "]}",
                                   registry);
      ASSERT_TRUE(request);
      // "fail" reaches src; after it, a gets "s:fail", which it handles.
      for (bool sync : {true, false}) {
        Executor ex(registry);
        RunResult r = sync ? ex.run_sync(*request) : ex.run_concurrent(*request);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().front().node, "src");
        EXPECT_EQ(r.error().front().timestamp, 130);
        EXPECT_EQ(r.error().front().message,
                  "node \"src\" (" + first + ") failed on the item at timestamp 130: asked to fail");
      }
      auto passing = run_both(R"({"manifest": {"version": "v1", "metadata": {"name": "t"},
        "nodes": [{"id": "src", "node_type": ")" + first + R"(", "params": {"tag": "s"}},
                  {"id": "a", "node_type": ")" + second + R"(", "params": {"tag": "a"}}],
        "connections": [{"from": "src", "to": "a"}]}, "input_data": ["x", "y", "z"]})");
      EXPECT_EQ(outputs_json(passing.sync), R"(["a:s:x","a:s:y","a:s:z"])");
    }
  }
}

// A generator's items run through its chain in batches (DESIGN §5 keeps the order of
// failures): what a failing generate() call emitted is dropped, and a failure on an
// earlier item downstream is the one reported.
Error generator_chain_error(std::int64_t fail_at, std::int64_t poison_at) {
  static NodeRegistry registry = test_registry();
  auto request = validate_json(R"({"version": "v1", "metadata": {"name": "t"},
    "nodes": [{"id": "src", "node_type": "CountThenFail", "params": {"fail_at": )" +
                                   std::to_string(fail_at) + R"(, "poison_at": )" + std::to_string(poison_at) +
                                   R"(}}, {"id": "tag", "node_type": "Tag", "params": {"tag": "t"}}],
    "connections": [{"from": "src", "to": "tag"}]})",
                               registry);
  EXPECT_TRUE(request);
  Executor ex(registry);
  RunResult r = ex.run_sync(*request);
  EXPECT_FALSE(r);
  // The concurrent driver runs the same stage (the chain is fused) and reports the same.
  RunResult concurrent = ex.run_concurrent(*request);
  EXPECT_FALSE(concurrent);
  if (r || concurrent) return Error{};
  EXPECT_EQ(concurrent.error().front().node, r.error().front().node);
  EXPECT_EQ(concurrent.error().front().timestamp, r.error().front().timestamp);
  return r.error().front();
}

TEST(Executor, AFailingGeneratorCallIsReportedAtItsTimestampAndItsItemDropped) {
  for (std::int64_t fail_at : {0, 1, 63, 64, 150, 1000}) {
    Error e = generator_chain_error(fail_at, -1);
    EXPECT_EQ(e.node, "src");
    EXPECT_EQ(e.timestamp, fail_at);
    EXPECT_EQ(e.message, "node \"src\" (CountThenFail) failed on the item at timestamp " +
                             std::to_string(fail_at) + ": gave up");
    // The failing call's own item is "fail": had it reached Tag, Tag would be named.
    e = generator_chain_error(fail_at, fail_at);
    EXPECT_EQ(e.node, "src") << fail_at;
    EXPECT_EQ(e.timestamp, fail_at);
  }
}

TEST(Executor, AFailureDownstreamOfAGeneratorBeforeItsOwnFailureIsTheOneReported) {
  for (auto [poison_at, fail_at] : {std::pair{140, 150}, {0, 1}, {62, 63}, {999, 1000}}) {
    Error e = generator_chain_error(fail_at, poison_at);
    EXPECT_EQ(e.node, "tag") << fail_at;
    EXPECT_EQ(e.timestamp, poison_at);
  }
}

// What Seen had handled at each generate() call of Frames{kind, n} → Seen.
std::vector<std::int64_t> seen_by_call(const std::string& kind, int n) {
  static NodeRegistry registry = test_registry();
  g_seen_by_call.clear();
  g_seen = 0;
  auto request = validate_json(R"({"version": "v1", "metadata": {"name": "t"},
    "nodes": [{"id": "src", "node_type": "Frames", "params": {"kind": ")" + kind + R"(", "n": )" +
                                   std::to_string(n) + R"(}}, {"id": "seen", "node_type": "Seen"}],
    "connections": [{"from": "src", "to": "seen"}]})",
                               registry);
  EXPECT_TRUE(request);
  RunResult r = Executor(registry).run_sync(*request);
  EXPECT_TRUE(r);
  EXPECT_EQ(g_seen, n);
  return g_seen_by_call;
}

// A generator's stage generates a batch before running it through the chain, but never
// holds more than about 1 MiB of generated payload that way: large items (video frames),
// and Python objects, whose size it cannot see, go through the chain one at a time.
TEST(Executor, LargeOrOpaqueGeneratedItemsGoThroughTheChainOneAtATime) {
  EXPECT_EQ(seen_by_call("tensor", 4), (std::vector<std::int64_t>{0, 1, 2, 3}));
  EXPECT_EQ(seen_by_call("opaque", 4), (std::vector<std::int64_t>{0, 1, 2, 3}));
  EXPECT_EQ(seen_by_call("int", 4), (std::vector<std::int64_t>{0, 0, 0, 0}));
}

TEST(Executor, TenThousandNodeChainUsesNoRecursion) {
  std::string nodes, connections;
  const int n = 10000;
  for (int i = 0; i < n; ++i) {
    nodes += std::string(i ? "," : "") + R"({"id": "n)" + std::to_string(i) +
             R"(", "node_type": "Pass"})";
    if (i) connections += std::string(i > 1 ? "," : "") + R"({"from": "n)" + std::to_string(i - 1) +
                          R"(", "to": "n)" + std::to_string(i) + "\"}";
  }
  std::string doc = R"({"manifest": {"version": "v1", "metadata": {"name": "long"}, "nodes": [)" +
                    nodes + "], \"connections\": [" + connections + "]}, \"input_data\": [1, [2], \"3\"]}";
  auto r = run_both(doc);
  EXPECT_EQ(outputs_json(r.sync), R"([1,[2],"3"])");
  EXPECT_EQ(outputs_json(r.concurrent), R"([1,[2],"3"])");
}

TEST(Executor, AHandedOverRequestFreesEachInputOnceItsItemIsDone) {
  static NodeRegistry registry = test_registry();
  Executor ex(registry);
  // The three items are one batch: each is released once handled, not with the batch.
  for (auto [concurrent, node_type] : {std::pair{false, "PreviousFreed"}, {true, "PreviousFreed"},
                                       {false, "BatchedPreviousFreed"}, {true, "BatchedPreviousFreed"}}) {
    SCOPED_TRACE(std::string(concurrent ? "concurrent " : "sync ") + node_type);
    const std::string doc = R"({"manifest": {"version": "v1", "metadata": {"name": "t"},
      "nodes": [{"id": "p", "node_type": ")" + std::string(node_type) + R"("}]},
      "input_data": [{"dtype": "uint8", "shape": [1], "data": "AQ=="},
                     {"dtype": "uint8", "shape": [1], "data": "Ag=="},
                     {"dtype": "uint8", "shape": [1], "data": "Aw=="}]})";
    auto kept = validate_json(doc, registry);
    ASSERT_TRUE(kept.has_value());
    EXPECT_EQ(outputs_json(concurrent ? ex.run_concurrent(*kept) : ex.run_sync(*kept)), "[null,false,false]");
    auto handed = validate_json(doc, registry);
    ASSERT_TRUE(handed.has_value());
    EXPECT_EQ(outputs_json(concurrent ? ex.run_concurrent(std::move(*handed)) : ex.run_sync(std::move(*handed))),
              "[null,true,true]");
  }
}

// Bytes the process's heap holds (glibc), or 0 where malloc is replaced (sanitizers).
std::size_t heap_in_use() {
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

class HeapInUse final : public Node {  // emits the heap's size in use while it runs
 public:
  Result<void> process(Value&&, Emitter& out) override {
    out.emit(Value(static_cast<std::int64_t>(heap_in_use())));
    return {};
  }
};

// run_document (the CLI's and the .wasm's path) lets go of the text, and of the parsed
// document with its base64 strings, before the run: a document of large tensors then
// needs about the size of its tensors while it runs, not twice its text on top.
TEST(RunDocument, TheTextAndTheDocumentAreFreedBeforeTheRun) {
  if (heap_in_use() == 0) GTEST_SKIP() << "malloc is not glibc's here";
  NodeRegistry registry;
  registry.add(NodeDescriptor{.name = "HeapInUse",
                              .description = "emits the heap's size in use",
                              .create = [](const NodeConfig&) -> Result<std::unique_ptr<Node>> {
                                return std::make_unique<HeapInUse>();
                              }});
  constexpr std::size_t kTensorBytes = std::size_t{8} << 20;
  const std::string manifest = R"({"version": "v1", "metadata": {"name": "t"},
    "nodes": [{"id": "h", "node_type": "HeapInUse"}]})";
  const std::string items = R"([{"dtype": "uint8", "shape": [)" + std::to_string(kTensorBytes) +
                            R"(], "data": ")" + base64_encode(std::vector<std::byte>(kTensorBytes)) + R"("}])";
  for (Driver driver : {Driver::kSync, Driver::kConcurrent}) {
    SCOPED_TRACE(driver == Driver::kSync ? "sync" : "concurrent");
    std::string text = R"({"manifest": )" + manifest + R"(, "input_data": )" + items + "}";
    const std::size_t before = heap_in_use() - text.capacity();
    DocumentRun run = run_document(std::move(text), registry, {.driver = driver});
    ASSERT_EQ(run.exit_code, 0) << to_json(run.result);
    const std::int64_t during = run.result.find("outputs")->as_array().at(0).as_int();
    // The tensor being processed, and less than 1 MiB besides: the text and the
    // document would be 2 × 11 MiB. Less 64 KiB: mallinfo2() counts glibc's main arena
    // only, and after tests that ran worker threads in the same process, the count
    // can fall a few hundred bytes short of the tensor.
    EXPECT_GE(during - static_cast<std::int64_t>(before), static_cast<std::int64_t>(kTensorBytes - (64 << 10)));
    EXPECT_LT(during - static_cast<std::int64_t>(before), static_cast<std::int64_t>(kTensorBytes + (1 << 20)));
  }
}

TEST(Executor, InputsThatTwoNodesReadAreNotMovedOut) {
  static NodeRegistry registry = test_registry();
  auto request = validate_json(R"({"manifest": {"version": "v1", "metadata": {"name": "t"},
    "nodes": [{"id": "a", "node_type": "Tag", "params": {"tag": "a"}},
              {"id": "b", "node_type": "Tag", "params": {"tag": "b"}}]},
    "input_data": ["x", "y"]})", registry);
  ASSERT_TRUE(request.has_value());
  EXPECT_EQ(outputs_json(Executor(registry).run_sync(std::move(*request))), R"(["a:x","a:y","b:x","b:y"])");
}

TEST(Executor, EmptyPipelineSucceeds) {
  auto r = run_both(R"({"version": "v1", "metadata": {"name": "t"}, "nodes": [], "connections": []})");
  ASSERT_TRUE(r.sync);
  EXPECT_EQ(to_json(r.sync->to_value().as_object()[1].second), "[]");
}

TEST(Executor, TaskApiRunsToCompletion) {
  static NodeRegistry registry = test_registry();
  Executor ex(registry);
  auto doc = parse_json(R"({"version": "v1", "metadata": {"name": "t"},
    "nodes": [{"id": "a", "node_type": "Tag", "params": {"tag": "a"}}]})");
  ASSERT_TRUE(doc);
  RunResult r = sync_wait(ex.execute_with_input(*doc, {Value("x"), Value("y")}));
  EXPECT_EQ(outputs_json(r), R"(["a:x","a:y"])");
  RunResult s = ex.execute_with_input_sync(*doc, {Value("z")});
  EXPECT_EQ(outputs_json(s), R"(["a:z"])");
}

}  // namespace
}  // namespace remotemedia

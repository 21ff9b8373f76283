// Lanes and asynchronous nodes: stages of lane nodes run on the lane's thread inside the
// lane's run_inline(), and asynchronous calls in flight on different nodes overlap while
// each node keeps order.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "remotemedia/executor.h"
#include "remotemedia/json.h"
#include "remotemedia/lane.h"
#include "remotemedia/validate.h"

namespace remotemedia {
namespace {

using namespace std::chrono_literals;

// How many TestLane::run_inline() calls enclose the running code, on this thread.
thread_local int t_inline_depth = 0;

// A lane with its own thread, plus timers that post completions back onto it later
// (the way a Python asyncio loop finishes coroutines).
class TestLane final : public ExecutionLane {
 public:
  TestLane() : thread_([this] { loop(); }) {}
  ~TestLane() override {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  void post(std::function<void()> job) override { post_at(std::chrono::steady_clock::now(), std::move(job)); }
  void post_at(std::chrono::steady_clock::time_point when, std::function<void()> job) {
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back({when, std::move(job)});
    }
    cv_.notify_all();
  }
  void run_inline(const std::function<void()>& work) override {
    ++t_inline_depth;
    work();
    --t_inline_depth;
  }
  std::thread::id id() const { return thread_.get_id(); }

 private:
  void loop() {
    std::unique_lock lock(mutex_);
    while (!stop_) {
      auto now = std::chrono::steady_clock::now();
      auto due = std::find_if(jobs_.begin(), jobs_.end(), [&](auto& j) { return j.first <= now; });
      if (due == jobs_.end()) {
        auto next = now + 1s;
        for (auto& j : jobs_) next = std::min(next, j.first);
        cv_.wait_until(lock, next);
        continue;
      }
      auto job = std::move(due->second);
      jobs_.erase(due);
      lock.unlock();
      job();
      lock.lock();
    }
  }
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::pair<std::chrono::steady_clock::time_point, std::function<void()>>> jobs_;
  bool stop_ = false;
  std::thread thread_;
};

std::shared_ptr<TestLane> g_lane;
std::atomic<int> g_off_lane_calls{0};

// Emits "<tag>:<item>" 50 ms after it is called, from the lane.
class SlowTag final : public Node {
 public:
  explicit SlowTag(std::string tag) : tag_(std::move(tag)) {}
  Result<void> process(Value&&, Emitter&) override { return fail(ErrorCode::kInternal, "sync call"); }
  bool is_async() const override { return true; }
  void process_async(Value item, Emitter& out, std::function<void(Result<void>)> done) override {
    if (std::this_thread::get_id() != g_lane->id()) ++g_off_lane_calls;
    std::string text = tag_ + ":" + to_json(item);
    g_lane->post_at(std::chrono::steady_clock::now() + 50ms, [text, &out, done] {
      if (text.ends_with(":\"fail\"")) return done(fail(ErrorCode::kNodeFailed, "failed late"));
      out.emit(Value(text));
      done({});
    });
  }

 private:
  std::string tag_;
};

// Emits its item, or "outside" if it was called outside the lane's run_inline().
class InlineCheck final : public Node {
 public:
  Result<void> process(Value&& item, Emitter& out) override {
    out.emit(t_inline_depth == 1 ? std::move(item) : Value("outside"));
    return {};
  }
};

NodeRegistry lane_registry() {
  NodeRegistry r;
  r.add(NodeDescriptor{.name = "InlineCheck",
                       .description = "checks run_inline",
                       .lane = g_lane,
                       .create = [](const NodeConfig&) -> Result<std::unique_ptr<Node>> {
                         return std::make_unique<InlineCheck>();
                       }});
  r.add(NodeDescriptor{.name = "SlowTag",
                       .description = "async tag",
                       .params = {ParamSpec{.name = "tag", .type = ParamType::kString, .required = true}},
                       .lane = g_lane,
                       .create = [](const NodeConfig& c) -> Result<std::unique_ptr<Node>> {
                         return std::make_unique<SlowTag>(c.params.find("tag")->as_string());
                       }});
  return r;
}

const char* kTwoSlowNodes = R"({"manifest": {"version": "v1", "metadata": {"name": "slow"},
  "nodes": [{"id": "a", "node_type": "SlowTag", "params": {"tag": "a"}},
            {"id": "b", "node_type": "SlowTag", "params": {"tag": "b"}}],
  "connections": [{"from": "a", "to": "b"}]}, "input_data": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]})";

TEST(Lanes, AsynchronousNodesOverlapAndKeepOrder) {
  g_lane = std::make_shared<TestLane>();
  g_off_lane_calls = 0;
  NodeRegistry registry = lane_registry();
  auto request = validate_json(kTwoSlowNodes, registry);
  ASSERT_TRUE(request);
  Executor ex(registry);
  auto start = std::chrono::steady_clock::now();
  RunResult r = ex.run_concurrent(*request);
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(r) << r.error().front().message;
  EXPECT_EQ(to_json(Value(r->outputs())),
            R"(["b:\"a:0\"","b:\"a:1\"","b:\"a:2\"","b:\"a:3\"","b:\"a:4\"","b:\"a:5\"","b:\"a:6\"","b:\"a:7\"","b:\"a:8\"","b:\"a:9\""])");
  // 2 nodes x 10 items x 50 ms: 1 s one after the other, ~0.55 s when the nodes overlap.
  EXPECT_LT(elapsed, 900ms);
  EXPECT_EQ(g_off_lane_calls.load(), 0);
  g_lane.reset();
}

TEST(Lanes, AsynchronousFailureStopsTheRun) {
  g_lane = std::make_shared<TestLane>();
  NodeRegistry registry = lane_registry();
  auto request = validate_json(R"({"manifest": {"version": "v1", "metadata": {"name": "slow"},
    "nodes": [{"id": "a", "node_type": "SlowTag", "params": {"tag": "a"}}]},
    "input_data": ["x", "fail", "y"]})", registry);
  ASSERT_TRUE(request);
  RunResult r = Executor(registry).run_concurrent(*request);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().front().code, ErrorCode::kNodeFailed);
  EXPECT_EQ(r.error().front().timestamp, 1);
  EXPECT_NE(r.error().front().message.find("failed late"), std::string::npos);
  g_lane.reset();
}

TEST(Lanes, StagesOfLaneNodesRunInsideRunInline) {
  g_lane = std::make_shared<TestLane>();
  NodeRegistry registry = lane_registry();
  register_builtin_nodes(registry);
  auto request = validate_json(R"({"manifest": {"version": "v1", "metadata": {"name": "inline"},
    "nodes": [{"id": "a", "node_type": "InlineCheck"}, {"id": "b", "node_type": "InlineCheck"},
              {"id": "c", "node_type": "PassThrough"}, {"id": "d", "node_type": "InlineCheck"}],
    "connections": [{"from": "a", "to": "b"}, {"from": "b", "to": "c"}, {"from": "c", "to": "d"}]},
    "input_data": [1, 2, 3]})", registry);
  ASSERT_TRUE(request);
  Executor ex(registry);
  for (bool concurrent : {false, true}) {
    RunResult r = concurrent ? ex.run_concurrent(*request) : ex.run_sync(*request);
    ASSERT_TRUE(r) << r.error().front().message;
    EXPECT_EQ(to_json(Value(r->outputs())), "[1,2,3]") << (concurrent ? "concurrent" : "sync");
  }
  EXPECT_EQ(t_inline_depth, 0);
  g_lane.reset();
}

}  // namespace
}  // namespace remotemedia

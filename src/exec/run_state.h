// State shared by every stage of one run: the nodes, the first-error-wins cancellation,
// the collected errors and the clock. Lives as long as the run.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/platform.h"
#include "remotemedia/error.h"
#include "remotemedia/lane.h"
#include "remotemedia/executor.h"
#include "remotemedia/node.h"

namespace remotemedia::detail {

class Stage;

// The worker number of the current thread (0 on the calling thread), for traces.
inline thread_local std::uint32_t t_worker_index = 0;

// One node of the run. Touched only by the stage that owns it, except the atomic
// counters, which progress displays read from another thread.
struct NodeRuntime {
  std::size_t index = 0;  // position in Manifest::nodes
  std::string id;
  std::string node_type;
  std::unique_ptr<Node> node;
  ExecutionLane* lane = nullptr;  // the thread this node must run on; null: any worker
  std::atomic<std::uint64_t> items_in{0};
  std::atomic<std::uint64_t> items_out{0};
  std::int64_t busy_ns = 0;
  std::int64_t last_timestamp = 0;  // of the last item received; flush items carry it
  bool initialized = false;
};

class Scheduler {
 public:
  virtual ~Scheduler() = default;
  // Runs stage->run() soon, on whichever thread this scheduler owns (or on the stage's
  // lane).
  virtual void submit(Stage* stage) = 0;
  // Work outside the scheduler that will wake a stage later (an asynchronous node's
  // pending call): the run is not idle while any is held.
  virtual void hold() {}
  virtual void release() {}
  // True for the single-threaded driver: a stage that must wait inside a step (a
  // streaming node pulling input) runs other stages with run_one() instead of blocking.
  virtual bool runs_on_caller() const { return false; }
  virtual bool run_one() { return false; }  // false: nothing else can run
};

class RunState {
 public:
  RunState(const ExecutorOptions& options, const std::vector<Value>& inputs)
      : options(options), inputs(inputs), start(std::chrono::steady_clock::now()) {}

  const ExecutorOptions& options;
  const std::vector<Value>& inputs;
  // The same vector, when the run was handed its request and a single stage reads the
  // inputs: that stage moves each item out instead of copying it, so an input is freed
  // as soon as the pipeline is done with it (and its memory serves the next items).
  std::vector<Value>* consumable_inputs = nullptr;
  const std::chrono::steady_clock::time_point start;
  std::vector<std::unique_ptr<NodeRuntime>> nodes;  // manifest order
  std::vector<std::size_t> order_position;          // node -> position in execution order
  std::vector<Stage*> stages;
  // Stages that have not initialized their nodes yet. No item flows before every node
  // is initialized, so that a failure in any initialize() stops the run before
  // processing starts and every node that was initialized is also cleaned up.
  std::atomic<std::size_t> uninitialized_stages{0};
  Scheduler* scheduler = nullptr;

  bool cancelled() const { return cancelled_.load(std::memory_order_relaxed); }
  // Records a node error and cancels the run; returns true for the first failure, whose
  // caller must wake every stage so that each one cleans up.
  bool fail(Error error);
  Errors take_errors();  // sorted: lowest timestamp, then execution order

  std::int64_t now_ns() const {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start)
        .count();
  }

 private:
  std::atomic<bool> cancelled_{false};
  Mutex mutex_;
  Errors errors_;
};

}  // namespace remotemedia::detail

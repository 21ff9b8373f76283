// remotemedia — execution lanes: threads that certain nodes must run on.
//
// Natively, every Python node runs on the one thread that owns the interpreter (the
// Python lane), so workers never contend for the GIL. A NodeDescriptor names its lane;
// the concurrent driver then runs that node's stage by posting it to the lane instead of
// the worker pool. The sync driver runs everything on the calling thread and ignores
// lanes.
#pragma once

#include <functional>

namespace remotemedia {

class ExecutionLane {
 public:
  virtual ~ExecutionLane() = default;
  // Runs `job` on the lane's thread, after the jobs posted before it. Callable from any
  // thread, including the lane's own.
  virtual void post(std::function<void()> job) = 0;
  // Runs `work` now, on the calling thread: a stretch (a stage's step) that calls only
  // this lane's nodes, on the lane's thread or, with the sync driver, on any thread. A
  // lane whose nodes need some per-thread context for every call sets it up once around
  // `work` instead (the Python lane: the GIL, so that each node call only checks it).
  // `work` must not wait for other threads: they may need that context.
  virtual void run_inline(const std::function<void()>& work) { work(); }
};

}  // namespace remotemedia

// remotemedia/python — the Python lane (DESIGN §8): the one thread that runs Python
// nodes for the concurrent executor.
//
// The lane thread owns one thread state for its whole life. Jobs posted from any thread
// go into a C++ queue and the lane is woken through a pipe, so posting never needs the
// GIL (a worker that took the GIL just to enqueue would contend with the lane:
// pybind11#1273, holoscan-sdk#18). The lane runs queued jobs with the GIL held and
// releases it while it waits (dora-rs/dora#39: starvation otherwise).
//
// It starts as a plain loop (poll the pipe, run the jobs): importing asyncio costs tens
// of milliseconds, which a pipeline without coroutine nodes should not pay. The first
// coroutine node switches it, for good, to an asyncio event loop that watches the same
// pipe with add_reader(): queued jobs then run as loop callbacks, between the steps of
// running coroutines, so coroutine nodes overlap.
#pragma once

#include <functional>
#include <vector>

#include "core/platform.h"
#include "remotemedia/lane.h"

#if REMOTEMEDIA_HAS_THREADS
#include <atomic>
#include <mutex>
#include <thread>
#endif

namespace remotemedia::python {

#if !REMOTEMEDIA_HAS_THREADS
// WASI preview 1: no threads. The interpreter's only thread (main) holds the GIL from
// start-up on and every Python node runs on it under the sync driver, which never posts
// stages to a lane. What is posted (a reference released by code that could not know it
// held the GIL) runs at once, or after the job running now if posted from inside one.
// No asyncio: async nodes are unsupported_in_wasm validation errors.
class PythonLane final : public ExecutionLane {
 public:
  void start() {}
  void post(std::function<void()> job) override;
  // Runs `work` inside one GilGuard, so that the node calls in it only check it.
  void run_inline(const std::function<void()>& work) override;
  void enable_asyncio() {}
  bool asyncio_enabled() const { return false; }
  bool on_lane() const { return true; }
  void stop() {}

 private:
  std::vector<std::function<void()>> queue_;
  bool draining_ = false;
};
#else
class PythonLane final : public ExecutionLane {
 public:
  PythonLane();
  // Stops and joins the thread if it still runs (the GIL must not be held by the caller).
  ~PythonLane() override;

  // Starts the thread. The interpreter must be initialised and the caller must not hold
  // the GIL forever (the lane waits for it).
  void start();
  void post(std::function<void()> job) override;
  // Runs `work` holding the GIL, taken once for all the node calls in it.
  void run_inline(const std::function<void()>& work) override;
  // Asks the lane to run an asyncio loop from its next idle moment on; idempotent.
  void enable_asyncio();
  bool asyncio_enabled() const { return want_asyncio_.load(std::memory_order_acquire); }
  // True on the lane's own thread.
  bool on_lane() const { return std::this_thread::get_id() == thread_id_; }
  // Stops the loop after the jobs already posted and joins the thread.
  void stop();

 private:
  void run();
  void run_asyncio();
  // Runs the queued jobs, after emptying the pipe if `read_pipe`. GIL held.
  void drain(bool read_pipe = true);
  void write_wake_byte();
  friend struct LaneAccess;

  std::mutex mutex_;
  std::vector<std::function<void()>> queue_;
  std::atomic<bool> wake_pending_{false};
  std::atomic<bool> want_asyncio_{false};
  std::atomic<bool> asyncio_failed_{false};
  bool stopping_ = false;        // lane thread only
  int read_fd_ = -1;
  int write_fd_ = -1;
  std::thread thread_;
  std::atomic<std::thread::id> thread_id_{};
  void* loop_ = nullptr;  // the asyncio loop (a PyObject*), lane thread only
};
#endif

}  // namespace remotemedia::python

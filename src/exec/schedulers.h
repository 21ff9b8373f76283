// The scheduler seam: the sync driver's run queue on the calling thread, and (natively)
// a fixed pool of worker threads. Both run submitted stages until nothing is runnable.
#pragma once

#include <cstddef>
#include <deque>

#include "core/platform.h"
#include "exec/run_state.h"

#if REMOTEMEDIA_HAS_THREADS
#include <condition_variable>
#include <thread>
#include <vector>
#endif

namespace remotemedia::detail {

class SyncScheduler final : public Scheduler {
 public:
  void submit(Stage* stage) override { queue_.push_back(stage); }
  bool runs_on_caller() const override { return true; }
  bool run_one() override;
  // Runs stages until none is runnable.
  void run_until_idle();

 private:
  std::deque<Stage*> queue_;
};

#if REMOTEMEDIA_HAS_THREADS
class PoolScheduler final : public Scheduler {
 public:
  explicit PoolScheduler(std::size_t workers);
  ~PoolScheduler() override;
  void submit(Stage* stage) override;
  void hold() override;
  void release() override;
  // Blocks until no stage is queued or running and nothing is held.
  void wait_until_idle();

 private:
  void work(std::uint32_t index);
  void job_done();

  std::mutex mutex_;
  std::condition_variable work_cv_;
  std::condition_variable idle_cv_;
  std::deque<Stage*> queue_;
  std::size_t outstanding_ = 0;  // queued + running + held
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};
#endif

}  // namespace remotemedia::detail

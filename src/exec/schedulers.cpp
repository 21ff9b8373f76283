#include "exec/schedulers.h"

#include <system_error>

#include "exec/stage.h"

namespace remotemedia::detail {

bool SyncScheduler::run_one() {
  if (queue_.empty()) return false;
  Stage* stage = queue_.front();
  queue_.pop_front();
  stage->run();
  return true;
}

void SyncScheduler::run_until_idle() {
  while (!queue_.empty()) {
    Stage* stage = queue_.front();
    queue_.pop_front();
    stage->run();
  }
}

#if REMOTEMEDIA_HAS_THREADS
PoolScheduler::PoolScheduler(std::size_t workers) {
  for (std::size_t i = 0; i < workers; ++i) {
    try {
      threads_.emplace_back([this, i] { work(static_cast<std::uint32_t>(i + 1)); });
    } catch (const std::system_error&) {
      // The process may start no more threads (its thread or memory limits: each stack
      // counts as data). Fewer workers give the same results; none at all cannot run.
      if (threads_.empty()) throw;
      break;
    }
  }
}

PoolScheduler::~PoolScheduler() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void PoolScheduler::submit(Stage* stage) {
  if (ExecutionLane* lane = stage->lane()) {
    hold();
    lane->post([this, stage] {
      stage->run();
      release();
    });
    return;
  }
  {
    // Count the job before a worker can see it: a worker may finish it at once, and
    // outstanding_ must never reach zero while work is still queued.
    std::lock_guard lock(mutex_);
    queue_.push_back(stage);
    ++outstanding_;
  }
  work_cv_.notify_one();
}

void PoolScheduler::hold() {
  std::lock_guard lock(mutex_);
  ++outstanding_;
}

void PoolScheduler::release() {
  std::lock_guard lock(mutex_);
  if (--outstanding_ == 0) idle_cv_.notify_all();
}

void PoolScheduler::wait_until_idle() {
  std::unique_lock lock(mutex_);
  idle_cv_.wait(lock, [&] { return outstanding_ == 0; });
}

void PoolScheduler::work(std::uint32_t index) {
  t_worker_index = index;
  std::unique_lock lock(mutex_);
  for (;;) {
    work_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping
    Stage* stage = queue_.front();
    queue_.pop_front();
    lock.unlock();
    stage->run();
    lock.lock();
    if (--outstanding_ == 0) idle_cv_.notify_all();
  }
}
#endif

}  // namespace remotemedia::detail

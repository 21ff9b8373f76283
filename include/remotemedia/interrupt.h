// remotemedia — stopping runs from outside, such as on Ctrl-C.
//
// Give the same Interrupter to an Executor (ExecutorOptions::interrupter); interrupt()
// then makes each run in progress, and every later one, fail with code "interrupted":
// stages stop at their next item, and every node's cleanup() still runs. interrupt() is
// for an ordinary thread (a signal-watching thread), not for a signal handler.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <mutex>

namespace remotemedia {

class Interrupter {
 public:
  // Listeners run under the lock, so that once unsubscribe() has returned none of them
  // is still running.
  void interrupt() {
    std::lock_guard lock(mutex_);
    interrupted_ = true;
    for (auto& [token, listener] : listeners_) listener();
  }

  bool interrupted() const {
    std::lock_guard lock(mutex_);
    return interrupted_;
  }

  // Calls `listener` on interrupt() — at once if that already happened. It must not call
  // back into this Interrupter.
  std::size_t subscribe(std::function<void()> listener) {
    std::lock_guard lock(mutex_);
    std::size_t token = next_token_++;
    if (interrupted_) listener();
    listeners_.emplace(token, std::move(listener));
    return token;
  }

  void unsubscribe(std::size_t token) {
    std::lock_guard lock(mutex_);
    listeners_.erase(token);
  }

 private:
  mutable std::mutex mutex_;
  bool interrupted_ = false;
  std::size_t next_token_ = 0;
  std::map<std::size_t, std::function<void()>> listeners_;
};

}  // namespace remotemedia

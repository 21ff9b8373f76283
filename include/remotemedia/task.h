// remotemedia — Task<T>, a lazy coroutine returning T, and sync_wait().
//
// A Task does nothing until it is awaited (or passed to sync_wait); when it finishes it
// resumes its awaiter by symmetric transfer, so chains of synchronously completing tasks
// do not grow the stack. One awaiter per task; a Task is move-only.
#pragma once

#include <coroutine>
#include <exception>
#include <optional>
#include <utility>

#if !defined(__wasi__)
#include <condition_variable>
#include <mutex>
#endif

namespace remotemedia {

template <class T>
class [[nodiscard]] Task {
 public:
  struct promise_type {
    std::optional<T> value;
    std::coroutine_handle<> continuation = std::noop_coroutine();

    Task get_return_object() { return Task(std::coroutine_handle<promise_type>::from_promise(*this)); }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct FinalAwaiter {
      bool await_ready() noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        return h.promise().continuation;
      }
      void await_resume() noexcept {}
    };
    FinalAwaiter final_suspend() noexcept { return {}; }
    template <class U>
    void return_value(U&& v) { value.emplace(std::forward<U>(v)); }
    void unhandled_exception() noexcept { std::terminate(); }
  };

  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      if (handle_) handle_.destroy();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  ~Task() {
    if (handle_) handle_.destroy();
  }

  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiter) noexcept {
    handle_.promise().continuation = awaiter;
    return handle_;
  }
  T await_resume() { return std::move(*handle_.promise().value); }

 private:
  explicit Task(std::coroutine_handle<promise_type> h) : handle_(h) {}
  std::coroutine_handle<promise_type> handle_;
};

namespace detail {

// The coroutine sync_wait() drives: it awaits the task; once it has suspended for the
// last time, it signals the waiting thread (signalling earlier would let that thread
// destroy a frame that is still running).
struct SyncWaitTask {
  struct promise_type {
#if !defined(__wasi__)
    std::mutex mutex;
    std::condition_variable done_cv;
#endif
    bool done = false;

    SyncWaitTask get_return_object() {
      return SyncWaitTask{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct Signal {
      bool await_ready() noexcept { return false; }
      void await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        promise_type& p = h.promise();
#if defined(__wasi__)
        p.done = true;
#else
        std::lock_guard lock(p.mutex);
        p.done = true;
        p.done_cv.notify_one();
#endif
      }
      void await_resume() noexcept {}
    };
    Signal final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { std::terminate(); }
  };
  std::coroutine_handle<promise_type> handle;
};

}  // namespace detail

// Runs `task` to completion, blocking the calling thread while it is suspended on
// another thread.
template <class T>
T sync_wait(Task<T> task) {
  std::optional<T> result;
  auto body = [&]() -> detail::SyncWaitTask { result.emplace(co_await std::move(task)); };
  detail::SyncWaitTask waiter = body();
  waiter.handle.resume();
#if !defined(__wasi__)
  {
    auto& p = waiter.handle.promise();
    std::unique_lock lock(p.mutex);
    p.done_cv.wait(lock, [&] { return p.done; });
  }
#endif
  waiter.handle.destroy();
  return std::move(*result);
}

}  // namespace remotemedia

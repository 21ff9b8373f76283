// Where the runtime differs between native and WASI builds: WASI preview 1 has no
// threads, and its libc++ has no std::mutex, so locks become no-ops. The executor and the
// Python module use detail::Mutex and test REMOTEMEDIA_HAS_THREADS instead of __wasi__.
#pragma once

#include <mutex>  // std::lock_guard and std::unique_lock exist without threads too

#if defined(__wasi__)
namespace remotemedia::detail {
struct Mutex {
  void lock() {}
  void unlock() {}
};
}  // namespace remotemedia::detail
#define REMOTEMEDIA_HAS_THREADS 0
#else
namespace remotemedia::detail {
using Mutex = std::mutex;
}  // namespace remotemedia::detail
#define REMOTEMEDIA_HAS_THREADS 1
#endif

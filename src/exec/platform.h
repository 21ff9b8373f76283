// The one place where the executor differs between native and WASI builds: WASI
// preview 1 has no threads, and its libc++ has no std::mutex, so locks become no-ops.
#pragma once

#if defined(__wasi__)
namespace remotemedia::detail {
struct Mutex {
  void lock() {}
  void unlock() {}
};
}  // namespace remotemedia::detail
#define REMOTEMEDIA_HAS_THREADS 0
#else
#include <mutex>
namespace remotemedia::detail {
using Mutex = std::mutex;
}  // namespace remotemedia::detail
#define REMOTEMEDIA_HAS_THREADS 1
#endif

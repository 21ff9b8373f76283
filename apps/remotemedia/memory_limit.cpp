#include "memory_limit.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>

namespace cli {
namespace {

constexpr std::uint64_t kLeast = std::uint64_t{256} << 20;

// A byte count from a control group's file; nullopt for "max" (no limit), a missing
// file or anything else.
std::optional<std::uint64_t> cgroup_bytes(const char* path) {
  std::ifstream in(path);
  std::string text;
  if (!(in >> text)) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const unsigned long long bytes = std::strtoull(text.c_str(), &end, 10);
  if (errno != 0 || end == text.c_str() || *end != '\0') return std::nullopt;
  return bytes;
}

// The room left under a control group's limit (v1 writes a number near 2^63 for none).
std::uint64_t cgroup_room(const char* limit_path, const char* usage_path) {
  const std::optional<std::uint64_t> limit = cgroup_bytes(limit_path);
  if (!limit || *limit >= (std::uint64_t{1} << 62)) return UINT64_MAX;
  const std::uint64_t used = cgroup_bytes(usage_path).value_or(0);
  return *limit > used ? *limit - used : 0;
}

// MemAvailable + SwapFree from /proc/meminfo; the physical memory if it cannot be read.
std::uint64_t available_bytes() {
  std::ifstream in("/proc/meminfo");
  std::string field;
  std::uint64_t kib = 0;
  std::uint64_t total = 0;
  int found = 0;
  while (in >> field >> kib) {
    if (field == "MemAvailable:" || field == "SwapFree:") {
      total += kib * 1024;
      ++found;
    }
    in.ignore(64, '\n');
  }
  if (found == 2) return total;
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page_size > 0 ? static_cast<std::uint64_t>(pages) * page_size : UINT64_MAX;
}

}  // namespace

std::uint64_t usable_memory_bytes() {
  std::uint64_t bytes = std::min({available_bytes(),
                                  cgroup_room("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
                                  cgroup_room("/sys/fs/cgroup/memory/memory.limit_in_bytes",
                                              "/sys/fs/cgroup/memory/memory.usage_in_bytes")});
  if (bytes != UINT64_MAX) bytes -= bytes / 16;
  return std::max(bytes, kLeast);
}

bool limit_data_to(std::uint64_t bytes) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  (void)bytes;
  return true;
#else
  rlimit limit{};
  if (getrlimit(RLIMIT_DATA, &limit) != 0) return false;
  const auto wanted = static_cast<rlim_t>(std::min<std::uint64_t>(bytes, RLIM_INFINITY));
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur <= wanted) return true;
  limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
  return setrlimit(RLIMIT_DATA, &limit) == 0;
#endif
}

}  // namespace cli

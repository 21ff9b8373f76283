// The CLI's memory ceiling. A run whose data outgrows the memory it may use would be
// killed by the kernel's out-of-memory killer: exit code 137 and no result. With the
// process's data limit (RLIMIT_DATA: its heap and private writable mappings) at that
// size, the allocation that would pass it fails instead, and the run ends as any run
// that runs out of memory: limit_exceeded, or a MemoryError in a Python node.
#pragma once

#include <cstdint>

namespace cli {

// The memory this process may use: the machine's physical memory, or its control
// group's memory limit (cgroup v2 memory.max, v1 memory.limit_in_bytes) if lower.
std::uint64_t usable_memory_bytes();

// Lowers RLIMIT_DATA to `bytes`; a lower limit already set (`ulimit -d`) stays. Nothing
// in sanitizer builds, whose shadow memory counts as data. False if the kernel refused.
bool limit_data_to(std::uint64_t bytes);

}  // namespace cli

// The CLI's memory ceiling. A run whose data outgrows the memory it may use would be
// killed by the kernel's out-of-memory killer: exit code 137 and no result. With the
// process's data limit (RLIMIT_DATA: its heap and private writable mappings) at that
// size, the allocation that would pass it fails instead, and the run ends as any run
// that runs out of memory: limit_exceeded, or a MemoryError in a Python node.
#pragma once

#include <cstdint>

namespace cli {

// The memory this process may use: what the machine has available as it starts
// (MemAvailable and free swap), or its control group's room (cgroup v2 memory.max less
// memory.current, v1 memory.limit_in_bytes less memory.usage_in_bytes) if less; less a
// sixteenth, which the kernel and the other processes go on needing (the out-of-memory
// killer acts before the last byte is taken); at least 256 MiB.
std::uint64_t usable_memory_bytes();

// Lowers RLIMIT_DATA to `bytes`; a lower limit already set (`ulimit -d`) stays. Nothing
// in sanitizer builds, whose shadow memory counts as data. False if the kernel refused.
bool limit_data_to(std::uint64_t bytes);

}  // namespace cli

/* The Python archives packed into pipeline_executor_wasm.wasm: the trimmed stdlib and the
 * project's python/remotemedia package, zips of .pyc. scripts/wasm-archive-segments.py
 * puts them into the linked module as its passive data segments 0 and 1, each as its size
 * (4 bytes, little-endian) then its bytes. Passive, so instantiating the module copies
 * none of it into linear memory: a read copies out what it asks for (memory.init), and a
 * run without Python never touches them. src/python/embedded_python.cpp serves them to
 * Python. memory.init takes the segment as an immediate, hence one asm line per archive. */
#include <stdint.h>

#define COPY_FROM_SEGMENT(segment)                                                          \
  __asm__ volatile("local.get %0\n\tlocal.get %1\n\tlocal.get %2\n\tmemory.init " #segment \
                   ", 0"                                                                  \
                   :                                                                        \
                   : "r"(dst), "r"(offset), "r"(size)                                       \
                   : "memory")

/* Traps (out of bounds) when [offset, offset + size) is not inside segment `index`. */
static void copy_from_segment(uint32_t index, void* dst, uint32_t offset, uint32_t size) {
  switch (index) {
    case 0: COPY_FROM_SEGMENT(0); break;
    case 1: COPY_FROM_SEGMENT(1); break;
  }
}

/* The size of archive `index` (< 2), in bytes. */
uint32_t remotemedia_archive_size(uint32_t index) {
  uint32_t size = 0;
  copy_from_segment(index, &size, 0, sizeof size);
  return size;
}

/* Copies bytes [offset, offset + size) of archive `index` to dst; the caller checks that
 * they are inside the archive. */
void remotemedia_archive_read(uint32_t index, uint32_t offset, uint32_t size, void* dst) {
  copy_from_segment(index, dst, sizeof(uint32_t) + offset, size);
}

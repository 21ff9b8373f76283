/* sbrk() for pipeline_executor_wasm: linear memory grows in large steps.
 *
 * wasi-libc's malloc (dlmalloc) takes memory from sbrk(), and wasi-libc's sbrk() grows the
 * linear memory by exactly what is asked: a pipeline that builds 256 KiB tensors, or
 * Python's 256 KiB arenas, grows it hundreds of times. Each memory.grow is expensive in a
 * JS engine (V8 accounts it as external memory, which can start a garbage collection of
 * the JS heap): half of a tensor pipeline's time went there. Defining sbrk here keeps
 * wasi-libc's out of the link; this one moves the break by exactly `increment`, as
 * before, but when the memory must grow it grows by at least 4 MiB or an eighth of its
 * size, so a run grows it a few dozen times at most. Peak memory then overstates what is
 * in use by that eighth at most.
 *
 * Same contract as wasi-libc's: increments are multiples of 64 KiB pages (dlmalloc's
 * granularity), never negative (linear memory cannot shrink); out of memory is
 * (void*)-1 with errno = ENOMEM. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#define PAGE_SIZE 65536u
#define MIN_STEP_PAGES (4u * 1024u * 1024u / PAGE_SIZE)

static uintptr_t g_break; /* 0 until the first call: then the end of memory */

static int grow_pages(uintptr_t pages) {
  return __builtin_wasm_memory_grow(0, pages) != SIZE_MAX;
}

void *sbrk(intptr_t increment) {
  uintptr_t memory_end = __builtin_wasm_memory_size(0) * PAGE_SIZE;
  if (g_break == 0) g_break = memory_end;
  if (increment == 0) return (void *)g_break;
  if (increment < 0 || increment % PAGE_SIZE != 0) abort();
  uintptr_t old_break = g_break;
  if ((uintptr_t)increment > UINTPTR_MAX - old_break) {
    errno = ENOMEM;
    return (void *)-1;
  }
  uintptr_t new_break = old_break + (uintptr_t)increment;
  if (new_break > memory_end) {
    uintptr_t needed = (new_break - memory_end) / PAGE_SIZE;
    uintptr_t step = memory_end / PAGE_SIZE / 8;
    if (step < MIN_STEP_PAGES) step = MIN_STEP_PAGES;
    /* The larger step first; if the host refuses it, exactly what is needed. */
    if ((step <= needed || !grow_pages(step)) && !grow_pages(needed)) {
      errno = ENOMEM;
      return (void *)-1;
    }
  }
  g_break = new_break;
  return (void *)old_break;
}

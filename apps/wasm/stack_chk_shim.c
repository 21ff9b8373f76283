/* Debian's wasm32 compiler-rt builtins (libclang-rt-19-dev-wasm32) were built with
 * -fstack-protector-strong, but wasi-libc defines neither symbol, so members such as
 * __modti3/__umodti3/__divmodti4 (128-bit % and /, e.g. from std::format or <charconv>)
 * fail to link without these. An overflow found by the guard traps. */
#include <stdint.h>
uintptr_t __stack_chk_guard = 0x2f8a1c5du;
_Noreturn void __stack_chk_fail(void) { __builtin_trap(); }

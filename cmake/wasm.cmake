# The WebAssembly form (DESIGN §1): pipeline_executor_wasm, a WASI preview 1 command.
# Included from CMakeLists.txt when configuring with cmake/wasi-toolchain.cmake
# (`cmake --preset wasm`). One link gives three files in the build dir:
#   pipeline_executor_wasm-debug.wasm    the linked program with DWARF (Release code, -g)
#   pipeline_executor_wasm-release.wasm  the same without DWARF (llvm-objcopy --strip-debug)
#   pipeline_executor_wasm.wasm          optimized: wasm-opt -O3, then wasm-strip (the one
#                                        to ship and the one the tests run)
enable_language(C)

find_program(REMOTEMEDIA_WASM_OPT wasm-opt REQUIRED)
find_program(REMOTEMEDIA_WASM_STRIP wasm-strip REQUIRED)
find_program(REMOTEMEDIA_LLVM_OBJCOPY NAMES llvm-objcopy-19 llvm-objcopy REQUIRED)

add_library(remotemedia_wasi_stackchk STATIC apps/wasm/stack_chk_shim.c)

add_executable(pipeline_executor_wasm apps/wasm/main.cpp)
set_target_properties(pipeline_executor_wasm PROPERTIES OUTPUT_NAME pipeline_executor_wasm-debug)
target_link_libraries(pipeline_executor_wasm PRIVATE remotemedia remotemedia_wasi_stackchk)

set(wasm_dir $<TARGET_FILE_DIR:pipeline_executor_wasm>)
# wasm-opt must run before wasm-strip: binaryen 108 takes the enabled features (sign-ext,
# mutable-globals, ... from clang-19) from the target_features section that wasm-strip
# removes. -O3 rather than -Oz: the runtime's speed matters more than a few KB.
add_custom_command(TARGET pipeline_executor_wasm POST_BUILD
  COMMAND ${REMOTEMEDIA_LLVM_OBJCOPY} --strip-debug $<TARGET_FILE:pipeline_executor_wasm>
          ${wasm_dir}/pipeline_executor_wasm-release.wasm
  COMMAND ${REMOTEMEDIA_WASM_OPT} -O3 ${wasm_dir}/pipeline_executor_wasm-release.wasm
          -o ${wasm_dir}/pipeline_executor_wasm.wasm
  COMMAND ${REMOTEMEDIA_WASM_STRIP} ${wasm_dir}/pipeline_executor_wasm.wasm
  BYPRODUCTS ${CMAKE_BINARY_DIR}/pipeline_executor_wasm-release.wasm
             ${CMAKE_BINARY_DIR}/pipeline_executor_wasm.wasm
  COMMENT "pipeline_executor_wasm: release (no DWARF) and optimized (wasm-opt -O3, wasm-strip)"
  VERBATIM)

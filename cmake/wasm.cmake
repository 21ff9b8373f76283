# The WebAssembly form (DESIGN §1): pipeline_executor_wasm, a WASI preview 1 command.
# Included from CMakeLists.txt when configuring with cmake/wasi-toolchain.cmake
# (`cmake --preset wasm`). One link gives three files in the build dir:
#   pipeline_executor_wasm-debug.wasm    the linked program with DWARF (Release code, -g)
#   pipeline_executor_wasm-release.wasm  the same without DWARF (llvm-objcopy --strip-debug)
#   pipeline_executor_wasm.wasm          optimized: wasm-opt -O3, then wasm-strip, then
#                                        compilation hints (the one to ship and the one the
#                                        tests run)
enable_language(C)

find_program(REMOTEMEDIA_WASM_OPT wasm-opt REQUIRED)
find_program(REMOTEMEDIA_WASM_STRIP wasm-strip REQUIRED)
find_program(REMOTEMEDIA_LLVM_OBJCOPY NAMES llvm-objcopy-19 llvm-objcopy REQUIRED)
# scripts/wasm-compile-hints.py (Debian's python3.11) profiles the optimized module under
# Node.
find_program(REMOTEMEDIA_HOST_PYTHON311 python3.11 PATHS /usr/bin NO_DEFAULT_PATH REQUIRED)
find_program(REMOTEMEDIA_NODE node REQUIRED)

add_library(remotemedia_wasi_stackchk STATIC apps/wasm/stack_chk_shim.c)

# memory_growth.c replaces wasi-libc's sbrk(): the linear memory grows in large steps.
add_executable(pipeline_executor_wasm apps/wasm/main.cpp apps/wasm/memory_growth.c)
set_target_properties(pipeline_executor_wasm PROPERTIES OUTPUT_NAME pipeline_executor_wasm-debug)
target_link_libraries(pipeline_executor_wasm PRIVATE remotemedia remotemedia_wasi_stackchk)
target_compile_definitions(pipeline_executor_wasm PRIVATE REMOTEMEDIA_VERSION="${PROJECT_VERSION}")
# Linked at -O0 (the code is compiled at -O3): given an -O level at link time, clang runs
# wasm-opt itself when it is on PATH. So -debug.wasm keeps exact DWARF, -release.wasm is
# the linker's own output, and wasm-opt runs once, below.
target_link_options(pipeline_executor_wasm PRIVATE -O0)

# CPython inside (REMOTEMEDIA_PYTHON, on in the wasm preset): src/python links the static
# libpython (cmake/wasi-python.cmake); the program packs the trimmed stdlib zip and the
# python/remotemedia package into the .wasm (src/python/embedded_python.h) as passive data
# segments, right after the link (scripts/wasm-archive-segments.py).
if(REMOTEMEDIA_PYTHON)
  # The SDK package as .pyc (3.11's bytecode, like the interpreter's).
  file(GLOB_RECURSE sdk_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/python/remotemedia/*.py)
  set(sdk_zip ${CMAKE_BINARY_DIR}/remotemedia-sdk.zip)
  add_custom_command(OUTPUT ${sdk_zip}
    COMMAND ${REMOTEMEDIA_HOST_PYTHON311} ${PROJECT_SOURCE_DIR}/scripts/wasi-python/mkpyzip.py
            --out ${sdk_zip} --tree ${PROJECT_SOURCE_DIR}/python/remotemedia=remotemedia
    DEPENDS ${sdk_sources} ${PROJECT_SOURCE_DIR}/scripts/wasi-python/mkpyzip.py
    COMMENT "remotemedia-sdk.zip: python/remotemedia as .pyc"
    VERBATIM)
  set(stdlib_zip ${REMOTEMEDIA_WASI_PYTHON_PREFIX}/lib/python311.zip)
  set(archive_tool ${PROJECT_SOURCE_DIR}/scripts/wasm-archive-segments.py)
  # The zip as a source attaches its rule to this target; LINK_DEPENDS relinks (and so
  # repacks) when an archive or the packing script changes.
  target_sources(pipeline_executor_wasm PRIVATE apps/wasm/archive_segments.c ${sdk_zip})
  set_property(TARGET pipeline_executor_wasm APPEND PROPERTY LINK_DEPENDS ${stdlib_zip} ${sdk_zip} ${archive_tool})
  # Segment 0 the stdlib, segment 1 the SDK: the order of kArchivePaths in
  # src/python/embedded_python.cpp.
  add_custom_command(TARGET pipeline_executor_wasm POST_BUILD
    COMMAND ${REMOTEMEDIA_HOST_PYTHON311} ${archive_tool} $<TARGET_FILE:pipeline_executor_wasm>
            ${stdlib_zip} ${sdk_zip}
    COMMENT "pipeline_executor_wasm: the Python archives as passive data segments"
    VERBATIM)
  # --python-check reaches into src/python (the interpreter's start-up).
  target_include_directories(pipeline_executor_wasm PRIVATE ${PROJECT_SOURCE_DIR}/src)
endif()

set(wasm_dir $<TARGET_FILE_DIR:pipeline_executor_wasm>)
# Which functions V8 compiles before the start: those that the documents in
# apps/wasm/compile-profile/ call, a few of them (optimize.txt, by name) with its
# optimizing compiler, and the runtime's path of a Python item (optimize-before-start.txt)
# with that compiler too; CPython's hot functions (optimize-in-background.txt), which
# that compiler recompiles in the background once they are first called; and CPython's
# interpreter loop (optimize-on-first-call.txt), which it compiles when first called
# (scripts/wasm-compile-hints.py says why). The names come from
# pipeline_executor_wasm-names.wasm: wasm-opt's output before wasm-strip, the same code
# with its name section (also what a profiler of the optimized code wants).
set(hints_tool ${PROJECT_SOURCE_DIR}/scripts/wasm-compile-hints.py)
file(GLOB hints_documents CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/apps/wasm/compile-profile/*.json
     ${PROJECT_SOURCE_DIR}/apps/wasm/compile-profile/*.txt)
set(hints_profile ${PROJECT_SOURCE_DIR}/apps/wasm/compile-profile)
set_property(TARGET pipeline_executor_wasm APPEND PROPERTY LINK_DEPENDS ${hints_tool}
             ${PROJECT_SOURCE_DIR}/scripts/wasm_module.py ${PROJECT_SOURCE_DIR}/scripts/wasi-run.mjs
             ${hints_documents})
# wasm-opt must run before wasm-strip: binaryen 108 takes the enabled features (sign-ext,
# mutable-globals, ... from clang-19) from the target_features section that wasm-strip
# removes. -O3 rather than -Oz: the runtime's speed matters more than a few KB. But a
# function with one caller is inlined only if it is small (-ocimfs 100; binaryen's
# default is any size): engines compile each function when it is first called, and main()
# with every start-up path inlined cost a cold start ~900 page faults of compiled code
# (~12 ms) for branches it never took, with no gain in speed (bench/wasm.sh).
add_custom_command(TARGET pipeline_executor_wasm POST_BUILD
  COMMAND ${REMOTEMEDIA_LLVM_OBJCOPY} --strip-debug $<TARGET_FILE:pipeline_executor_wasm>
          ${wasm_dir}/pipeline_executor_wasm-release.wasm
  COMMAND ${REMOTEMEDIA_WASM_OPT} -O3 --one-caller-inline-max-function-size 100 -g
          ${wasm_dir}/pipeline_executor_wasm-release.wasm
          -o ${wasm_dir}/pipeline_executor_wasm-names.wasm
  COMMAND ${REMOTEMEDIA_WASM_STRIP} ${wasm_dir}/pipeline_executor_wasm-names.wasm
          -o ${wasm_dir}/pipeline_executor_wasm.wasm
  COMMAND ${REMOTEMEDIA_HOST_PYTHON311} ${hints_tool} ${wasm_dir}/pipeline_executor_wasm.wasm
          ${hints_profile} --names ${wasm_dir}/pipeline_executor_wasm-names.wasm
  BYPRODUCTS ${CMAKE_BINARY_DIR}/pipeline_executor_wasm-release.wasm
             ${CMAKE_BINARY_DIR}/pipeline_executor_wasm-names.wasm
             ${CMAKE_BINARY_DIR}/pipeline_executor_wasm.wasm
  COMMENT "pipeline_executor_wasm: release (no DWARF) and optimized (wasm-opt, wasm-strip, compilation hints)"
  VERBATIM)

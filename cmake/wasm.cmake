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

# CPython inside (REMOTEMEDIA_PYTHON, on in the wasm preset): the static libpython of
# scripts/build-wasi-python.sh's cached prefix, with the trimmed stdlib zip and the
# python/remotemedia package packed into the .wasm (apps/wasm/embedded_python.h).
if(REMOTEMEDIA_PYTHON)
  set(wasi_python_script ${PROJECT_SOURCE_DIR}/scripts/build-wasi-python.sh)
  file(GLOB wasi_python_inputs CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/scripts/wasi-python/*)
  # A changed script or patch means another prefix: configure again to pick it up.
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${wasi_python_script} ${wasi_python_inputs})
  execute_process(COMMAND bash ${wasi_python_script} --print-prefix
                  OUTPUT_VARIABLE REMOTEMEDIA_WASI_PYTHON_PREFIX OUTPUT_STRIP_TRAILING_WHITESPACE
                  COMMAND_ERROR_IS_FATAL ANY)
  if(NOT EXISTS ${REMOTEMEDIA_WASI_PYTHON_PREFIX}/.complete)
    message(FATAL_ERROR "The wasm32-wasi CPython is not built yet (${REMOTEMEDIA_WASI_PYTHON_PREFIX}): "
                        "run scripts/build-wasi-python.sh (`make wasm` does), or configure with "
                        "-DREMOTEMEDIA_PYTHON=OFF for a .wasm without Python.")
  endif()
  message(STATUS "wasm32-wasi CPython: ${REMOTEMEDIA_WASI_PYTHON_PREFIX}")
  find_program(REMOTEMEDIA_HOST_PYTHON311 python3.11 PATHS /usr/bin NO_DEFAULT_PATH REQUIRED)

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
  set_source_files_properties(apps/wasm/embedded_zips.c PROPERTIES
    COMPILE_OPTIONS "-std=c23"
    COMPILE_DEFINITIONS "REMOTEMEDIA_STDLIB_ZIP=\"${stdlib_zip}\";REMOTEMEDIA_SDK_ZIP=\"${sdk_zip}\""
    OBJECT_DEPENDS "${stdlib_zip};${sdk_zip}")

  set(wasi_python_lib ${REMOTEMEDIA_WASI_PYTHON_PREFIX}/lib)
  target_sources(pipeline_executor_wasm PRIVATE apps/wasm/embedded_python.cpp apps/wasm/embedded_zips.c)
  target_include_directories(pipeline_executor_wasm SYSTEM PRIVATE
    ${REMOTEMEDIA_WASI_PYTHON_PREFIX}/include/python3.11)
  target_compile_definitions(pipeline_executor_wasm PRIVATE REMOTEMEDIA_WASM_PYTHON=1)
  # CPython's pyconfig.h for WASI defines _WASI_EMULATED_SIGNAL/GETPID/PROCESS_CLOCKS.
  target_link_libraries(pipeline_executor_wasm PRIVATE
    ${wasi_python_lib}/libpython3.11.a ${wasi_python_lib}/libmpdec.a
    ${wasi_python_lib}/libexpat.a ${wasi_python_lib}/libz.a
    wasi-emulated-signal wasi-emulated-getpid wasi-emulated-process-clocks m)
endif()

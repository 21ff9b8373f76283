# The wasm32-wasi CPython that src/python links against in the WASI build: the static
# libpython (and its zlib, expat, mpdec) from scripts/build-wasi-python.sh's cached
# prefix. Included from CMakeLists.txt; defines
#   remotemedia_wasi_cpython          INTERFACE target: headers and libraries
#   REMOTEMEDIA_WASI_PYTHON_PREFIX    the prefix (its lib/python311.zip is the trimmed stdlib)
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

set(wasi_python_lib ${REMOTEMEDIA_WASI_PYTHON_PREFIX}/lib)
add_library(remotemedia_wasi_cpython INTERFACE)
target_include_directories(remotemedia_wasi_cpython SYSTEM INTERFACE
  ${REMOTEMEDIA_WASI_PYTHON_PREFIX}/include/python3.11)
# CPython's pyconfig.h for WASI defines _WASI_EMULATED_SIGNAL/GETPID/PROCESS_CLOCKS:
# hence the three emulation libraries of wasi-libc.
target_link_libraries(remotemedia_wasi_cpython INTERFACE
  ${wasi_python_lib}/libpython3.11.a ${wasi_python_lib}/libmpdec.a
  ${wasi_python_lib}/libexpat.a ${wasi_python_lib}/libz.a
  wasi-emulated-signal wasi-emulated-getpid wasi-emulated-process-clocks m)

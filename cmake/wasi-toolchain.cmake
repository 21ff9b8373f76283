# wasm32-wasi (WASI preview 1) with Debian 12's own packages: clang-19, lld-19 (wasm-ld),
# wasi-libc, libc++-19-dev-wasm32, libclang-rt-19-dev-wasm32. Used by the `wasm` preset.
#
# Debian installs wasi-libc and the wasm libc++ under the multiarch dirs
# /usr/include/wasm32-wasi and /usr/lib/wasm32-wasi. clang's wasm32-wasi driver looks for
# <sysroot>/include/wasm32-wasi and <sysroot>/lib/wasm32-wasi, so the sysroot is a
# directory of two symlinks to those. Neither --sysroot=/usr nor no sysroot will do:
# clang then also searches /usr/include and host headers (x86-64 zlib.h, ...) leak into
# wasm objects without any error.
set(CMAKE_SYSTEM_NAME WASI)
set(CMAKE_SYSTEM_VERSION 1)
set(CMAKE_SYSTEM_PROCESSOR wasm32)
list(APPEND CMAKE_MODULE_PATH "${CMAKE_CURRENT_LIST_DIR}")  # Platform/WASI.cmake

set(REMOTEMEDIA_WASI_TRIPLE wasm32-wasi)
if(NOT REMOTEMEDIA_WASI_SYSROOT)
  set(REMOTEMEDIA_WASI_SYSROOT "${CMAKE_BINARY_DIR}/wasi-sysroot")
endif()
foreach(dir include lib)
  if(NOT EXISTS "/usr/${dir}/${REMOTEMEDIA_WASI_TRIPLE}")
    message(FATAL_ERROR "/usr/${dir}/${REMOTEMEDIA_WASI_TRIPLE} is missing: "
                        "run scripts/install-deps.sh (wasi-libc, libc++-19-dev-wasm32)")
  endif()
  file(MAKE_DIRECTORY "${REMOTEMEDIA_WASI_SYSROOT}/${dir}")
  file(CREATE_LINK "/usr/${dir}/${REMOTEMEDIA_WASI_TRIPLE}"
       "${REMOTEMEDIA_WASI_SYSROOT}/${dir}/${REMOTEMEDIA_WASI_TRIPLE}" SYMBOLIC)
endforeach()
# Header-only host packages the build uses (RapidJSON) are exposed one directory at a
# time, again through symlinks: an -I/usr/include would put glibc's headers first.
file(MAKE_DIRECTORY "${REMOTEMEDIA_WASI_SYSROOT}/host-headers")
if(EXISTS /usr/include/rapidjson)
  file(CREATE_LINK /usr/include/rapidjson "${REMOTEMEDIA_WASI_SYSROOT}/host-headers/rapidjson" SYMBOLIC)
  set(RAPIDJSON_INCLUDE_DIR "${REMOTEMEDIA_WASI_SYSROOT}/host-headers" CACHE PATH "RapidJSON (host headers)")
endif()
# try_compile() projects read this file again with their own CMAKE_BINARY_DIR.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES REMOTEMEDIA_WASI_SYSROOT)

set(CMAKE_SYSROOT "${REMOTEMEDIA_WASI_SYSROOT}")
set(CMAKE_C_COMPILER clang-19)
set(CMAKE_CXX_COMPILER clang++-19)
set(CMAKE_C_COMPILER_TARGET ${REMOTEMEDIA_WASI_TRIPLE})
set(CMAKE_CXX_COMPILER_TARGET ${REMOTEMEDIA_WASI_TRIPLE})
find_program(CMAKE_AR NAMES llvm-ar-19 REQUIRED)
find_program(CMAKE_RANLIB NAMES llvm-ranlib-19 REQUIRED)

# The wasm libc++abi has no exception support (__cxa_throw is missing), so the whole
# build is -fno-exceptions; the runtime reports errors as values (STYLE.md §4).
set(CMAKE_CXX_FLAGS_INIT "-fno-exceptions -g")
set(CMAKE_C_FLAGS_INIT "-g")

# 1 MiB linear-memory stack (CPython 3.11's own python.wasm uses 512 KiB, too small for
# its recursion limit through C); --stack-first puts it below the data so an overflow
# traps instead of silently overwriting globals. Memory grows on demand from 16 MiB.
set(CMAKE_EXE_LINKER_FLAGS_INIT
    "-Wl,-z,stack-size=1048576 -Wl,--stack-first -Wl,--initial-memory=16777216")

# Only the sysroot is searched for libraries and headers; programs run on the host.
set(CMAKE_FIND_ROOT_PATH "${REMOTEMEDIA_WASI_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

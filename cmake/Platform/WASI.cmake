# CMake 3.25 has no platform file for WASI (newer CMake and wasi-sdk ship one like this).
# wasm32-wasi is a static, single-image target: no shared libraries, no rpath, no soname.
set(WASI 1)
set(CMAKE_EXECUTABLE_SUFFIX ".wasm")
set(CMAKE_STATIC_LIBRARY_PREFIX "lib")
set(CMAKE_STATIC_LIBRARY_SUFFIX ".a")
set_property(GLOBAL PROPERTY TARGET_SUPPORTS_SHARED_LIBS FALSE)

// remotemedia/python (WASI) — CPython started from archives inside the .wasm itself.
//
// The trimmed stdlib and the project's python/remotemedia package are zips of .pyc packed
// into the program as passive data segments (apps/wasm/archive_segments.c reads them; a
// read copies out only the bytes asked for). They appear on sys.path as the virtual paths
// kStdlibZipPath and kSdkZipPath, which exist only inside this process: the frozen module
// src/python/frozen/_remotemedia_archives.py serves them to io.open_code and zipimport. So running the .wasm needs no preopened directory and no file besides
// itself, as in a browser. Directories given with --python-path (preopened by the host)
// come after the two archives.
//
// Single-threaded, like everything in the WASM build: call from main's thread only.
// start_interpreter() (interpreter.h) calls start_embedded_python() in the WASI build.
#pragma once

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <string>
#include <vector>

#include "remotemedia/error.h"

namespace remotemedia::wasm {

inline constexpr const char* kStdlibZipPath = "/embedded/python311.zip";
inline constexpr const char* kSdkZipPath = "/embedded/remotemedia.zip";

// Starts the interpreter once; later calls do nothing. The frozen modules must be
// installed and the interpreter pre-initialized first (start_interpreter() does both).
// Leaves the GIL held by this thread. Fails with kInternal when CPython cannot start.
Result<void> start_embedded_python(const std::vector<std::string>& python_path);

bool embedded_python_started();

}  // namespace remotemedia::wasm

// remotemedia/python (WASI) — CPython started from archives inside the .wasm itself.
//
// The trimmed stdlib and the project's python/remotemedia package are zips of .pyc linked
// into the program (apps/wasm/embedded_zips.c defines the four remotemedia_*_zip symbols
// this module links against). They appear on sys.path as the virtual paths
// kStdlibZipPath and kSdkZipPath, which exist only inside this process: an open-code hook
// serves them from memory to zipimport, and a path hook builds their zipimporters (whose
// constructor would stat() the path). So running the .wasm needs no preopened directory
// and no file besides itself, as in a browser. Directories given with --python-path
// (preopened by the host) come after the two archives.
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

// The three steps, for an interpreter start-up that is not start_embedded_python()'s:
// 1. before Py_InitializeFromConfig: serve the virtual archives to io.open_code.
Result<void> install_open_code_hook();
// 2. on the config: isolated settings for a sandbox, and sys.path = archives + python_path.
//    Stops initialisation after the core phase (config._init_main = 0).
Result<void> configure_embedded(PyConfig& config, const std::vector<std::string>& python_path);
// 3. after the core phase, before _Py_InitializeMain() imports `encodings` and the rest.
Result<void> install_path_hook();

// Starts the interpreter (all three steps and both phases) once; later calls do nothing.
// Leaves the GIL held by this thread. Fails with kInternal when CPython cannot start.
Result<void> start_embedded_python(const std::vector<std::string>& python_path);

bool embedded_python_started();

}  // namespace remotemedia::wasm

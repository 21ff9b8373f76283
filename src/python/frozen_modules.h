// remotemedia/python — the runtime's own Python modules, frozen into the program.
//
// The modules in src/python/frozen/ are compiled to bytecode at build time
// (scripts/freeze-python.py, with Debian's python3.11) and linked in as a table of
// frozen modules. Importing one reads nothing from disk and parses no source: at the
// WebAssembly build's baseline-compiler speed, compiling the helpers' source took about
// a fifth of Python's start-up.
//   _remotemedia_runtime   the helpers behind helpers.h (both builds)
//   _remotemedia_archives  the archives inside the .wasm (embedded_python.h; WASI only)
#pragma once

#define PY_SSIZE_T_CLEAN
#include <Python.h>

// The generated table, ended by an entry whose name is null.
extern const _frozen remotemedia_frozen_modules[];

namespace remotemedia::python {

// Points CPython's PyImport_FrozenModules at the table. Call before Py_Initialize*.
inline void install_frozen_modules() { PyImport_FrozenModules = remotemedia_frozen_modules; }

}  // namespace remotemedia::python

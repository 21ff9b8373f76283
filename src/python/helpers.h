// remotemedia/python — the runtime's own Python helpers.
//
// Work that is one line of Python and twenty of C API (reading a class's __init__
// signature, formatting a traceback, driving an async generator) lives in a small
// private module, src/python/frozen/_remotemedia_runtime.py, frozen into the program
// (frozen_modules.h). Nothing in it imports a module at load time: start-up stays cheap,
// and asyncio, traceback, importlib are imported where first needed.
#pragma once

#include "py_ref.h"

namespace remotemedia::python {

// Imports the helper module; GIL held, frozen modules installed. Null with a Python error set on
// failure.
PyRef load_helpers();

// The helper module (borrowed; lives for the process). Interpreter must be started.
PyObject* helpers();

// helpers().name(args...) as a new reference; null with a Python error set on failure.
PyRef call_helper(const char* name, PyObject* a = nullptr, PyObject* b = nullptr,
                  PyObject* c = nullptr);

}  // namespace remotemedia::python

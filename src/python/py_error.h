// remotemedia/python — Python exceptions become Errors here, and only here (STYLE §4).
#pragma once

#include <string_view>

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "remotemedia/error.h"

namespace remotemedia::python {

// Takes (and clears) the current Python exception: message "ValueError: bad", the
// formatted traceback in Error::traceback. GIL held; an exception must be set.
Error error_from_python(ErrorCode code = ErrorCode::kNodeFailed);

// For a module that fails to import while resolving `node_type`: kUnknownNodeType, the
// message names the file and line ("SyntaxError: invalid syntax (mymod.py, line 3) in
// /path/mymod.py, line 3"). GIL held; an exception must be set.
Error import_error_from_python(std::string_view node_type);

// A step of the interpreter's start-up: kInternal "cannot start Python: <what>: <message>"
// when `status` is an error.
Result<void> check_startup(const PyStatus& status, const char* what);

// Py_InitializeFromConfig() with the config that `configure(PyConfig&)` fills in (it
// must begin with one of the PyConfig_Init* functions); the config is cleared whatever
// happens. `what` names the step in an error, as for check_startup.
template <class Configure>
Result<void> initialize_from(Configure&& configure, const char* what) {
  PyConfig config;
  Result<void> done = configure(config);
  if (done) done = check_startup(Py_InitializeFromConfig(&config), what);
  PyConfig_Clear(&config);
  return done;
}

}  // namespace remotemedia::python

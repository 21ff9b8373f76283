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

}  // namespace remotemedia::python

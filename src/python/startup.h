// remotemedia/python — what the native and the WASI interpreter's start-ups share.
#pragma once

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "py_error.h"
#include "remotemedia/error.h"

namespace remotemedia::python {

// The configuration both forms start from: isolated (no PYTHON* variables, no user
// site-packages, no signal handlers), no site.py (each sets sys.path in full), and str
// and bytes hashes with a fixed seed, as with PYTHONHASHSEED=0: the order of a set of
// strings, and all that follows from it, is the same in every run and in both forms.
void init_runtime_config(PyConfig& config);

// Py_InitializeFromConfig() with the config that `configure(PyConfig&)` fills in (from
// init_runtime_config()); the config is cleared whatever happens. `what` names the step
// in an error, as for check_startup.
template <class Configure>
Result<void> initialize_from(Configure&& configure, const char* what) {
  PyConfig config;
  Result<void> done = configure(config);
  if (done) done = check_startup(Py_InitializeFromConfig(&config), what);
  PyConfig_Clear(&config);
  return done;
}

}  // namespace remotemedia::python

// remotemedia/python — the one embedded interpreter of the process.
//
// Started on first use (start_interpreter), never finalised: the CLI ends with _Exit,
// and finalising CPython with numpy's extension modules loaded is not reliably clean.
// After start-up no thread holds the GIL; the Python lane (python_lane.h) and any
// thread that calls a node (GilGuard) take it as needed.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "python_lane.h"
#include "remotemedia/error.h"

namespace remotemedia::python {

struct Interpreter {
  std::shared_ptr<PythonLane> lane;
};

// Starts the interpreter and the lane once (thread-safe); later calls return the same
// one and only add `python_path` to sys.path. Fails (kInternal) when CPython cannot
// start; that failure is remembered.
Result<Interpreter*> start_interpreter(const std::vector<std::string>& python_path);

// The running interpreter, or null.
Interpreter* running_interpreter();

// The project's python/ directory (holding the remotemedia package), or "" if not found:
// <exe_dir>/../../python (build tree), <exe_dir>/../share/remotemedia/python (install),
// then the source tree the binary was built from.
std::string project_python_dir();

// Runs `fn` now if this thread holds the GIL, else posts it to the lane. For releasing
// Python references from threads that must not take the GIL (a worker dropping the last
// Value that shares a numpy buffer: holoscan-sdk#18).
void with_gil_or_on_lane(std::function<void()> fn);

}  // namespace remotemedia::python

#include "interpreter.h"

#include <filesystem>
#include <mutex>
#include <optional>

#include "core/platform.h"
#include "frozen_modules.h"
#include "helpers.h"
#include "py_error.h"
#include "py_ref.h"
#include "startup.h"
#include "tensor_object.h"

#if defined(__wasi__)
#include "embedded_python.h"
#endif

#ifndef REMOTEMEDIA_PYTHON_HOME
#define REMOTEMEDIA_PYTHON_HOME "/usr"
#endif
#ifndef REMOTEMEDIA_PYTHON_STDLIB
#define REMOTEMEDIA_PYTHON_STDLIB "/usr/lib/python3.11"
#endif
#ifndef REMOTEMEDIA_PYTHON_DIST_PACKAGES
#define REMOTEMEDIA_PYTHON_DIST_PACKAGES "/usr/lib/python3/dist-packages"
#endif

namespace remotemedia::python {
namespace {

namespace fs = std::filesystem;

::remotemedia::detail::Mutex g_mutex;
Interpreter* g_interpreter = nullptr;  // leaked on purpose: lives until the process ends
std::optional<Error> g_start_error;

#if !defined(__wasi__)
bool has_sdk(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "remotemedia" / "__init__.py", ec);
}

Result<void> append_path(PyConfig& config, const std::string& dir) {
  std::wstring wide = fs::path(dir).wstring();
  return check_startup(PyWideStringList_Append(&config.module_search_paths, wide.c_str()), "sys.path");
}

Result<void> configure(PyConfig& config, const std::vector<std::string>& python_path) {
  // No signal handlers: Ctrl-C keeps its default action instead of becoming a
  // KeyboardInterrupt that only the main thread would ever see. sys.path is set in full
  // below, so `site` would add nothing but start-up time (~10 ms).
  init_runtime_config(config);
  RM_TRY(check_startup(PyConfig_SetBytesString(&config, &config.home, REMOTEMEDIA_PYTHON_HOME), "home"));
  if (std::string dir = project_python_dir(); !dir.empty()) RM_TRY(append_path(config, dir));
  for (const std::string& dir : python_path)
    if (!dir.empty()) RM_TRY(append_path(config, dir));
  RM_TRY(append_path(config, REMOTEMEDIA_PYTHON_STDLIB));
  RM_TRY(append_path(config, REMOTEMEDIA_PYTHON_STDLIB "/lib-dynload"));
  std::error_code ec;
  const char* local = "/usr/local/lib/python3.11/dist-packages";
  if (fs::is_directory(local, ec)) RM_TRY(append_path(config, local));
  RM_TRY(append_path(config, REMOTEMEDIA_PYTHON_DIST_PACKAGES));
  return {};
}

Result<void> start_cpython(const std::vector<std::string>& python_path) {
  return initialize_from([&](PyConfig& config) { return configure(config, python_path); }, "init");
}
#else
// The stdlib and the SDK are archives inside the .wasm (embedded_python.h).
Result<void> start_cpython(const std::vector<std::string>& python_path) {
  return wasm::start_embedded_python(python_path);
}
#endif

// Natively the GIL is released once the lane exists (pybind11#1273: otherwise the
// initialising thread keeps it and the lane waits forever); this thread keeps its thread
// state and gets it back through PyGILState_Ensure(). Without threads the one thread
// keeps the GIL for good, and GilGuard is a counter.
void release_gil_after_start() {
#if REMOTEMEDIA_HAS_THREADS
  PyEval_SaveThread();
#endif
}

// UTF-8 mode (PEP 540) whatever the host's locale: a Python node reads and writes text
// files as UTF-8 natively under a C locale (a container's default, where the isolated
// configuration would pick ASCII) exactly as it does in the .wasm, which has no locale.
Result<void> preinitialize_utf8() {
  PyPreConfig preconfig;
  PyPreConfig_InitIsolatedConfig(&preconfig);
  preconfig.utf8_mode = 1;
  return check_startup(Py_PreInitialize(&preconfig), "pre-init");
}

Result<Interpreter*> start_locked(const std::vector<std::string>& python_path) {
  install_frozen_modules();
  RM_TRY(preinitialize_utf8());
  RM_TRY(start_cpython(python_path));
  // The GIL is ours until release_gil_after_start().
  PyRef helpers_module = load_helpers();
  if (!helpers_module) {
    Error e = error_from_python(ErrorCode::kInternal);
    e.message = "cannot load the runtime's Python helpers: " + e.message;
    release_gil_after_start();
    return std::unexpected(std::move(e));
  }
  if (PyObject* tensor_type = tensor_type_object()) {
    PyRef r = call_helper("install_tensor_type", tensor_type);
    if (!r) PyErr_Clear();
  } else {
    PyErr_Clear();
  }
  auto* interp = new Interpreter{std::make_shared<PythonLane>()};
  release_gil_after_start();
  interp->lane->start();
  return interp;
}

}  // namespace

Result<Interpreter*> start_interpreter(const std::vector<std::string>& python_path) {
  Interpreter* interp = nullptr;
  {
    std::lock_guard lock(g_mutex);
    if (g_start_error) return std::unexpected(*g_start_error);
    if (g_interpreter == nullptr) {
      auto started = start_locked(python_path);
      if (!started) {
        g_start_error = started.error();
        return started;
      }
      g_interpreter = *started;
      return g_interpreter;
    }
    interp = g_interpreter;
  }
  if (!python_path.empty()) {
    GilGuard gil;
    PyRef dirs = PyRef::steal(PyList_New(0));
    for (const std::string& d : python_path) {
      PyRef s = PyRef::steal(PyUnicode_DecodeFSDefault(d.c_str()));
      if (s) PyList_Append(dirs.get(), s.get());
    }
    PyRef r = call_helper("add_path", dirs.get());
    if (!r) return std::unexpected(error_from_python(ErrorCode::kInternal));
  }
  return interp;
}

Interpreter* running_interpreter() {
  std::lock_guard lock(g_mutex);
  return g_interpreter;
}

std::string project_python_dir() {
#if defined(__wasi__)
  return {};  // the SDK is inside the .wasm
#else
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path dir = exe.parent_path();
    for (fs::path candidate : {dir / ".." / ".." / "python", dir / ".." / "share" / "remotemedia" / "python"})
      if (has_sdk(candidate)) return fs::weakly_canonical(candidate, ec).string();
  }
#ifdef REMOTEMEDIA_SOURCE_DIR
  if (fs::path source = fs::path(REMOTEMEDIA_SOURCE_DIR) / "python"; has_sdk(source))
    return source.string();
#endif
  return {};
#endif
}

void with_gil_or_on_lane(std::function<void()> fn) {
  if (PyGILState_Check()) {
    fn();
    return;
  }
  Interpreter* interp = running_interpreter();
  if (interp != nullptr) interp->lane->post(std::move(fn));
  // No interpreter: nothing Python-owned can exist.
}

}  // namespace remotemedia::python

namespace remotemedia {
bool python_started() { return python::running_interpreter() != nullptr; }

void interrupt_python() {
  if (!python_started()) return;
  PyGILState_STATE gil = PyGILState_Ensure();
  PyThreadState* self = PyThreadState_Get();
  for (PyThreadState* t = PyInterpreterState_ThreadHead(PyInterpreterState_Main()); t != nullptr;
       t = PyThreadState_Next(t))
    if (t != self) PyThreadState_SetAsyncExc(t->thread_id, PyExc_KeyboardInterrupt);
  PyGILState_Release(gil);
}
}  // namespace remotemedia

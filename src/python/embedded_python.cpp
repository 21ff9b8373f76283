#include "embedded_python.h"

#include "py_error.h"
#include "py_ref.h"

extern "C" {
extern const unsigned char remotemedia_stdlib_zip[];
extern const unsigned long remotemedia_stdlib_zip_size;
extern const unsigned char remotemedia_sdk_zip[];
extern const unsigned long remotemedia_sdk_zip_size;
}

namespace remotemedia::wasm {
namespace {

using python::PyRef;

struct Archive {
  const char* path;
  const unsigned char* data;
  const unsigned long* size;
};

constexpr Archive kArchives[] = {
    {kStdlibZipPath, remotemedia_stdlib_zip, &remotemedia_stdlib_zip_size},
    {kSdkZipPath, remotemedia_sdk_zip, &remotemedia_sdk_zip_size},
};

bool g_started = false;
PyObject* g_archives_module = nullptr;  // _remotemedia_archives, once the core phase is up

// io.open_code(path): zipimport reads archives only through it, and so does the import of
// a .py or .pyc from a --python-path directory (the real files).
PyObject* open_code_hook(PyObject* path, void*) {
  if (g_archives_module != nullptr) {
    PyRef file = PyRef::steal(PyObject_CallMethod(g_archives_module, "open_archive", "O", path));
    if (!file || file.get() != Py_None) return file.release();
  }
  PyRef io = PyRef::steal(PyImport_ImportModule("_io"));
  if (!io) return nullptr;
  return PyObject_CallMethod(io.get(), "open", "Os", path, "rb");
}

Result<void> append_path(PyConfig& config, const std::string& dir) {
  wchar_t* wide = Py_DecodeLocale(dir.c_str(), nullptr);
  if (wide == nullptr) return fail(ErrorCode::kInternal, "cannot decode the Python path " + dir);
  PyStatus status = PyWideStringList_Append(&config.module_search_paths, wide);
  PyMem_RawFree(wide);
  return python::check_startup(status, "sys.path");
}

// Python's exception as one line, and clears it.
std::string take_python_error() {
  PyObject *type, *value, *traceback;
  PyErr_Fetch(&type, &value, &traceback);
  std::string text = "unknown error";
  if (value != nullptr) {
    if (PyObject* s = PyObject_Str(value)) {
      if (const char* u = PyUnicode_AsUTF8(s)) text = u;
      Py_DECREF(s);
    }
  }
  PyErr_Clear();
  Py_XDECREF(type);
  Py_XDECREF(value);
  Py_XDECREF(traceback);
  return text;
}

// Isolated settings for a sandbox, and sys.path = the archives + python_path. Stops after
// the core phase (_init_main = 0): the archives must be served before `encodings`, the
// main phase's first import, is looked up.
Result<void> configure(PyConfig& config, const std::vector<std::string>& python_path) {
  PyConfig_InitIsolatedConfig(&config);  // no PYTHON* variables, no user site, safe_path
  config.site_import = 0;                // no site.py: no site-packages here, faster start
  config.write_bytecode = 0;             // nothing to write to in a sandbox
  config.install_signal_handlers = 0;
  config.module_search_paths_set = 1;
  for (const Archive& archive : kArchives) RM_TRY(append_path(config, archive.path));
  for (const std::string& dir : python_path)
    if (!dir.empty()) RM_TRY(append_path(config, dir));
  config._init_main = 0;
  return {};
}

// After the core phase: hands the archives, as memoryviews over the program's own memory,
// to the frozen _remotemedia_archives module.
Result<void> serve_archives() {
  PyRef module = PyRef::steal(PyImport_ImportModule("_remotemedia_archives"));
  PyRef archives = PyRef::steal(PyDict_New());
  if (!module || !archives)
    return fail(ErrorCode::kInternal, "cannot start Python: archives: " + take_python_error());
  for (const Archive& archive : kArchives) {
    PyRef view = PyRef::steal(PyMemoryView_FromMemory(
        const_cast<char*>(reinterpret_cast<const char*>(archive.data)),
        static_cast<Py_ssize_t>(*archive.size), PyBUF_READ));
    if (!view || PyDict_SetItemString(archives.get(), archive.path, view.get()) < 0)
      return fail(ErrorCode::kInternal, "cannot start Python: archives: " + take_python_error());
  }
  PyRef r = PyRef::steal(PyObject_CallMethod(module.get(), "install", "O", archives.get()));
  if (!r) return fail(ErrorCode::kInternal, "cannot start Python: archives: " + take_python_error());
  g_archives_module = module.release();  // for the life of the process
  return {};
}

}  // namespace

Result<void> start_embedded_python(const std::vector<std::string>& python_path) {
  if (g_started) return {};
  if (PyFile_SetOpenCodeHook(open_code_hook, nullptr) != 0)
    return fail(ErrorCode::kInternal, "cannot start Python: io.open_code hook already set");
  PyConfig config;
  if (auto ok = configure(config, python_path); !ok) {
    PyConfig_Clear(&config);
    return ok;
  }
  PyStatus status = Py_InitializeFromConfig(&config);
  PyConfig_Clear(&config);
  RM_TRY(python::check_startup(status, "core"));
  RM_TRY(serve_archives());
  RM_TRY(python::check_startup(_Py_InitializeMain(), "main"));
  g_started = true;
  return {};
}

bool embedded_python_started() { return g_started; }

}  // namespace remotemedia::wasm

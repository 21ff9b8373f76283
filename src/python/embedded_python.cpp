#include "embedded_python.h"

#include <cstring>
#include <string_view>

extern "C" {
extern const unsigned char remotemedia_stdlib_zip[];
extern const unsigned long remotemedia_stdlib_zip_size;
extern const unsigned char remotemedia_sdk_zip[];
extern const unsigned long remotemedia_sdk_zip_size;
}

namespace remotemedia::wasm {
namespace {

struct Archive {
  const char* path;
  const unsigned char* data;
  const unsigned long* size;
  PyObject* bytes = nullptr;  // one copy, made on first open; BytesIO(bytes) shares it
};

Archive g_archives[] = {
    {kStdlibZipPath, remotemedia_stdlib_zip, &remotemedia_stdlib_zip_size},
    {kSdkZipPath, remotemedia_sdk_zip, &remotemedia_sdk_zip_size},
};

bool g_started = false;

// io.open_code(path): zipimport reads archives only through it (and so does the import
// of any .py/.pyc from a --python-path directory, which takes the default branch).
PyObject* open_code_hook(PyObject* path, void*) {
  PyObject* io = PyImport_ImportModule("_io");
  if (io == nullptr) return nullptr;
  PyObject* file = nullptr;
  Archive* archive = nullptr;
  for (Archive& a : g_archives)
    if (PyUnicode_CompareWithASCIIString(path, a.path) == 0) archive = &a;
  if (archive != nullptr) {
    if (archive->bytes == nullptr)
      archive->bytes = PyBytes_FromStringAndSize(reinterpret_cast<const char*>(archive->data),
                                                 static_cast<Py_ssize_t>(*archive->size));
    if (archive->bytes != nullptr) file = PyObject_CallMethod(io, "BytesIO", "O", archive->bytes);
  } else {
    file = PyObject_CallMethod(io, "open", "Os", path, "rb");
  }
  Py_DECREF(io);
  return file;
}

// zipimporter(path) stat()s its archive, which does not exist in the sandbox: this hook
// builds one without __init__, from zipimport's own directory reader (which opens the
// archive through io.open_code, i.e. the hook above). The result is an ordinary
// zipimporter, so importlib.resources, pkgutil and tracebacks' source lookup behave as
// usual. It relies on zipimport internals (_read_directory, _zip_directory_cache, _files)
// of CPython 3.8-3.12.
constexpr std::string_view kPathHookSource = R"PY(
import sys
def _remotemedia_embedded_zip_hook(path, _roots=_roots):
    for root in _roots:
        if path == root or path.startswith(root + '/'):
            break
    else:
        raise ImportError('not an archive inside the .wasm', path=path)
    import zipimport
    files = zipimport._zip_directory_cache.get(root)
    if files is None:
        files = zipimport._read_directory(root)
        zipimport._zip_directory_cache[root] = files
    importer = zipimport.zipimporter.__new__(zipimport.zipimporter)
    prefix = path[len(root) + 1:]
    importer._files, importer.archive = files, root
    importer.prefix = prefix + '/' if prefix and not prefix.endswith('/') else prefix
    return importer
sys.path_hooks.append(_remotemedia_embedded_zip_hook)
)PY";

Result<void> check(PyStatus status, const char* what) {
  if (!PyStatus_Exception(status)) return {};
  return fail(ErrorCode::kInternal, std::string("cannot start Python: ") + what + ": " +
                                        (status.err_msg ? status.err_msg : "unknown error"));
}

Result<void> append_path(PyConfig& config, const std::string& dir) {
  wchar_t* wide = Py_DecodeLocale(dir.c_str(), nullptr);
  if (wide == nullptr) return fail(ErrorCode::kInternal, "cannot decode the Python path " + dir);
  PyStatus status = PyWideStringList_Append(&config.module_search_paths, wide);
  PyMem_RawFree(wide);
  return check(status, "sys.path");
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

}  // namespace

Result<void> install_open_code_hook() {
  if (PyFile_SetOpenCodeHook(open_code_hook, nullptr) != 0)
    return fail(ErrorCode::kInternal, "cannot start Python: io.open_code hook already set");
  return {};
}

Result<void> configure_embedded(PyConfig& config, const std::vector<std::string>& python_path) {
  PyConfig_InitIsolatedConfig(&config);  // no PYTHON* variables, no user site, safe_path
  config.site_import = 0;                // no site.py: no site-packages here, faster start
  config.write_bytecode = 0;             // nothing to write to in a sandbox
  config.install_signal_handlers = 0;
  config.module_search_paths_set = 1;
  RM_TRY(append_path(config, kStdlibZipPath));
  RM_TRY(append_path(config, kSdkZipPath));
  for (const std::string& dir : python_path)
    if (!dir.empty()) RM_TRY(append_path(config, dir));
  // `encodings` is imported in the main phase: the path hook must be in place before.
  config._init_main = 0;
  return {};
}

Result<void> install_path_hook() {
  PyObject* globals = PyDict_New();
  if (globals == nullptr) return fail(ErrorCode::kInternal, "cannot start Python: out of memory");
  PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins());
  PyObject* roots = Py_BuildValue("(ss)", kStdlibZipPath, kSdkZipPath);
  if (roots != nullptr) {
    PyDict_SetItemString(globals, "_roots", roots);
    Py_DECREF(roots);
  }
  PyObject* r = PyRun_String(std::string(kPathHookSource).c_str(), Py_file_input, globals, globals);
  Py_DECREF(globals);
  if (r == nullptr)
    return fail(ErrorCode::kInternal, "cannot start Python: path hook: " + take_python_error());
  Py_DECREF(r);
  return {};
}

Result<void> start_embedded_python(const std::vector<std::string>& python_path) {
  if (g_started) return {};
  RM_TRY(install_open_code_hook());
  PyConfig config;
  if (auto ok = configure_embedded(config, python_path); !ok) {
    PyConfig_Clear(&config);
    return ok;
  }
  PyStatus status = Py_InitializeFromConfig(&config);
  PyConfig_Clear(&config);
  RM_TRY(check(status, "core"));
  RM_TRY(install_path_hook());
  RM_TRY(check(_Py_InitializeMain(), "main"));
  g_started = true;
  return {};
}

bool embedded_python_started() { return g_started; }

}  // namespace remotemedia::wasm

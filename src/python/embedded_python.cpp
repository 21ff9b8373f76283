#include "embedded_python.h"

#include "py_error.h"
#include "py_ref.h"
#include "startup.h"

#include <cstdint>

// apps/wasm/archive_segments.c: archive `index` is passive data segment `index`.
extern "C" {
std::uint32_t remotemedia_archive_size(std::uint32_t index);
void remotemedia_archive_read(std::uint32_t index, std::uint32_t offset, std::uint32_t size, void* dst);
}

namespace remotemedia::wasm {
namespace {

using python::PyRef;

// In the order of their data segments (cmake/wasm.cmake packs them in this order).
constexpr const char* kArchivePaths[] = {kStdlibZipPath, kSdkZipPath};

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
  python::init_runtime_config(config);
  config.write_bytecode = 0;  // nothing to write to in a sandbox
  for (const char* path : kArchivePaths) RM_TRY(append_path(config, path));
  for (const std::string& dir : python_path)
    if (!dir.empty()) RM_TRY(append_path(config, dir));
  config._init_main = 0;
  return {};
}

// read(offset, count) -> bytes of an archive; `self` is the archive's index.
PyObject* read_archive(PyObject* self, PyObject* args) {
  Py_ssize_t offset = 0, count = 0;
  if (!PyArg_ParseTuple(args, "nn:read", &offset, &count)) return nullptr;
  const auto index = static_cast<std::uint32_t>(PyLong_AsUnsignedLong(self));
  if (offset < 0 || count < 0 ||
      static_cast<std::uint64_t>(offset) + static_cast<std::uint64_t>(count) > remotemedia_archive_size(index)) {
    PyErr_Format(PyExc_ValueError, "read(%zd, %zd) is outside the archive", offset, count);
    return nullptr;
  }
  PyRef bytes = PyRef::steal(PyBytes_FromStringAndSize(nullptr, count));
  if (!bytes) return nullptr;
  remotemedia_archive_read(index, static_cast<std::uint32_t>(offset), static_cast<std::uint32_t>(count),
                           PyBytes_AS_STRING(bytes.get()));
  return bytes.release();
}

PyMethodDef g_read_archive_def = {"read", read_archive, METH_VARARGS, nullptr};

// (size, read) for archive `index`; null with Python's error set when that fails.
PyRef archive_entry(std::uint32_t index) {
  PyRef self = PyRef::steal(PyLong_FromUnsignedLong(index));
  if (!self) return {};
  PyRef read = PyRef::steal(PyCFunction_New(&g_read_archive_def, self.get()));
  if (!read) return {};
  return PyRef::steal(Py_BuildValue("(kO)", static_cast<unsigned long>(remotemedia_archive_size(index)), read.get()));
}

// After the core phase: hands the archives to the frozen _remotemedia_archives module.
Result<void> serve_archives() {
  PyRef module = PyRef::steal(PyImport_ImportModule("_remotemedia_archives"));
  PyRef archives = PyRef::steal(PyDict_New());
  if (!module || !archives)
    return fail(ErrorCode::kInternal, "cannot start Python: archives: " + take_python_error());
  for (std::uint32_t index = 0; index < std::size(kArchivePaths); ++index) {
    PyRef entry = archive_entry(index);
    if (!entry || PyDict_SetItemString(archives.get(), kArchivePaths[index], entry.get()) < 0)
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
  RM_TRY(python::initialize_from([&](PyConfig& config) { return configure(config, python_path); }, "core"));
  RM_TRY(serve_archives());
  RM_TRY(python::check_startup(_Py_InitializeMain(), "main"));
  g_started = true;
  return {};
}

bool embedded_python_started() { return g_started; }

}  // namespace remotemedia::wasm

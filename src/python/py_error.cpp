#include "py_error.h"

#include <string>

#include "helpers.h"
#include "py_ref.h"

namespace remotemedia::python {

Result<void> check_startup(const PyStatus& status, const char* what) {
  if (!PyStatus_Exception(status)) return {};
  return fail(ErrorCode::kInternal, std::string("cannot start Python: ") + what + ": " +
                                        (status.err_msg ? status.err_msg : "unknown error"));
}
namespace {

std::string to_std_string(PyObject* o) {
  if (o == nullptr || !PyUnicode_Check(o)) return {};
  Py_ssize_t size = 0;
  const char* s = PyUnicode_AsUTF8AndSize(o, &size);
  if (s == nullptr) {
    PyErr_Clear();
    return {};
  }
  return std::string(s, static_cast<std::size_t>(size));
}

// The current exception as one normalised object with its traceback attached.
PyRef fetch_exception() {
  PyObject *type = nullptr, *value = nullptr, *tb = nullptr;
  PyErr_Fetch(&type, &value, &tb);
  PyErr_NormalizeException(&type, &value, &tb);
  if (tb != nullptr && value != nullptr) PyException_SetTraceback(value, tb);
  Py_XDECREF(type);
  Py_XDECREF(tb);
  return PyRef::steal(value);
}

std::string call_text(const char* helper, PyObject* exc) {
  PyRef r = call_helper(helper, exc);
  if (!r) {
    PyErr_Clear();
    return {};
  }
  return to_std_string(r.get());
}

}  // namespace

Error error_from_python(ErrorCode code) {
  PyRef exc = fetch_exception();
  Error e;
  e.code = code;
  if (!exc) {
    e.message = "unknown Python error";
    return e;
  }
  e.message = call_text("exc_message", exc.get());
  if (e.message.empty()) e.message = "Python error (its message could not be read)";
  e.traceback = call_text("exc_traceback", exc.get());
  return e;
}

Error import_error_from_python(std::string_view node_type) {
  PyRef exc = fetch_exception();
  Error e;
  e.code = ErrorCode::kUnknownNodeType;
  std::string message = exc ? call_text("exc_message", exc.get()) : "unknown Python error";
  std::string where;
  if (exc) {
    PyRef loc = call_helper("exc_location", exc.get());
    if (!loc) PyErr_Clear();
    if (loc && PyTuple_Check(loc.get()) && PyTuple_GET_SIZE(loc.get()) == 2) {
      where = to_std_string(PyTuple_GET_ITEM(loc.get(), 0));
      long line = PyLong_AsLong(PyTuple_GET_ITEM(loc.get(), 1));
      if (line == -1 && PyErr_Occurred()) PyErr_Clear();
      if (!where.empty()) where += ", line " + std::to_string(line);
    }
    e.traceback = call_text("exc_traceback", exc.get());
  }
  e.message = "cannot load Python node type \"" + std::string(node_type) + "\": " + message;
  if (!where.empty()) e.message += " (in " + where + ")";
  if (message.rfind("ModuleNotFoundError", 0) == 0 && where.empty())
    e.message += "; is its directory on the Python path (--python-path DIR)?";
  return e;
}

}  // namespace remotemedia::python

#include "helpers.h"

namespace remotemedia::python {
namespace {

PyObject* g_helpers = nullptr;

}  // namespace

PyRef load_helpers() {
  PyRef module = PyRef::steal(PyImport_ImportModule("_remotemedia_runtime"));
  if (!module) return {};
  g_helpers = module.get();
  Py_INCREF(g_helpers);  // for the life of the process
  return module;
}

PyObject* helpers() { return g_helpers; }

PyRef call_helper(const char* name, PyObject* a, PyObject* b, PyObject* c) {
  PyRef f = PyRef::steal(PyObject_GetAttrString(g_helpers, name));
  if (!f) return {};
  PyObject* args[3] = {a, b, c};
  std::size_t n = a == nullptr ? 0 : b == nullptr ? 1 : c == nullptr ? 2 : 3;
  return PyRef::steal(PyObject_Vectorcall(f.get(), args, n, nullptr));
}

}  // namespace remotemedia::python

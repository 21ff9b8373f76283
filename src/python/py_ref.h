// remotemedia/python — an owning reference to a PyObject.
//
// Every PyRef must be created, copied and destroyed with the GIL held: the lane and the
// GilGuard below are how the code in src/python makes sure of that.
#pragma once

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <utility>

namespace remotemedia::python {

class PyRef {
 public:
  PyRef() = default;
  // Takes over a new reference (what most C API functions return); null is allowed.
  static PyRef steal(PyObject* o) { return PyRef(o); }
  // Adds a reference to a borrowed one.
  static PyRef borrow(PyObject* o) {
    Py_XINCREF(o);
    return PyRef(o);
  }

  PyRef(const PyRef& other) : o_(other.o_) { Py_XINCREF(o_); }
  PyRef(PyRef&& other) noexcept : o_(std::exchange(other.o_, nullptr)) {}
  PyRef& operator=(PyRef other) noexcept {
    std::swap(o_, other.o_);
    return *this;
  }
  ~PyRef() { Py_XDECREF(o_); }

  PyObject* get() const { return o_; }
  PyObject* release() { return std::exchange(o_, nullptr); }  // hands the reference back
  explicit operator bool() const { return o_ != nullptr; }

 private:
  explicit PyRef(PyObject* o) : o_(o) {}
  PyObject* o_ = nullptr;
};

namespace detail {
// The thread state with which this thread's outermost GilGuard took the GIL, or null.
// It stays alive while that guard lives (the guard holds a count on it), so finding it
// current means this thread holds the GIL right now; a Py_BEGIN_ALLOW_THREADS inside
// the guard makes it not current until Py_END_ALLOW_THREADS.
inline thread_local PyThreadState* t_guard_thread_state = nullptr;
}  // namespace detail

// Holds the GIL for a scope. On a thread that already holds it through an outer guard
// (the lane, or a stage step run under PythonLane::run_inline) it costs a thread-local
// read and a pointer compare: PyGILState_Ensure/Release would do the same bookkeeping
// through pthread keys on every node call. On any other thread it takes the GIL with
// that thread's own thread state.
class GilGuard {
 public:
  GilGuard() {
    PyThreadState* outer = detail::t_guard_thread_state;
    if (outer != nullptr && _PyThreadState_UncheckedGet() == outer) return;  // nested
    acquired_ = true;
    state_ = PyGILState_Ensure();
    if (outer == nullptr) {
      outermost_ = true;
      detail::t_guard_thread_state = PyThreadState_Get();
    }
  }
  ~GilGuard() {
    if (!acquired_) return;
    // Before the release: releasing the last count may delete the thread state.
    if (outermost_) detail::t_guard_thread_state = nullptr;
    PyGILState_Release(state_);
  }
  GilGuard(const GilGuard&) = delete;
  GilGuard& operator=(const GilGuard&) = delete;

 private:
  PyGILState_STATE state_ = PyGILState_LOCKED;
  bool acquired_ = false;
  bool outermost_ = false;
};

}  // namespace remotemedia::python

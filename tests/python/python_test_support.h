// Helpers for the tests of src/python: a started interpreter, Python snippets evaluated
// with the GIL, and user modules written into a temporary directory.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "python/interpreter.h"
#include "python/py_ref.h"

namespace remotemedia::testing {

inline python::Interpreter* started_interpreter() {
  auto interp = python::start_interpreter({});
  EXPECT_TRUE(interp.has_value()) << (interp ? "" : interp.error().message);
  return interp ? *interp : nullptr;
}

// Evaluates `expr` (a Python expression) after running `setup` (statements) in a fresh
// namespace with numpy imported as np. GIL held by the caller.
inline python::PyRef py_eval(const std::string& expr, const std::string& setup = "") {
  python::PyRef globals = python::PyRef::steal(PyDict_New());
  PyDict_SetItemString(globals.get(), "__builtins__", PyEval_GetBuiltins());
  python::PyRef r = python::PyRef::steal(
      PyRun_String(("import numpy as np\n" + setup).c_str(), Py_file_input, globals.get(), globals.get()));
  if (!r) {
    PyErr_Print();
    return {};
  }
  r = python::PyRef::steal(PyRun_String(expr.c_str(), Py_eval_input, globals.get(), globals.get()));
  if (!r) PyErr_Print();
  return r;
}

// A fresh directory holding user modules: write("mod.py", source).
class ModuleDir {
 public:
  ModuleDir() {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("rm-pytest-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  ~ModuleDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string write(const std::string& name, const std::string& source) const {
    std::ofstream(path_ / name) << source;
    return (path_ / name).string();
  }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace remotemedia::testing

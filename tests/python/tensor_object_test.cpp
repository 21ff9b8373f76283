// remotemedia.Tensor's arithmetic (src/python/tensor_object.cpp): `t * x`, `x * t`,
// `t + x`, `x + t` must give numpy 1.24's dtype and values, bit for bit, for every dtype
// and the scalars where its value-based rules change the result (the grid of
// python/tests/_numpy_rules.py, which the SDK's tests share). numpy is the reference
// here, in the native build's interpreter; the .wasm has the same kernels and no numpy.
#include <string>

#include <gtest/gtest.h>

#include "python/helpers.h"
#include "python/tensor_object.h"
#include "python_test_support.h"

namespace remotemedia::python {
namespace {

class TensorObjectTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NE(testing::started_interpreter(), nullptr); }

  // Runs `code` with numpy as np and the tensor type as Tensor; returns repr(`result`).
  static std::string run(const std::string& code, const char* result) {
    PyRef globals = PyRef::steal(PyDict_New());
    PyDict_SetItemString(globals.get(), "__builtins__", PyEval_GetBuiltins());
    PyDict_SetItemString(globals.get(), "Tensor", tensor_type_object());
    PyRef r = PyRef::steal(
        PyRun_String(("import numpy as np\n" + code).c_str(), Py_file_input, globals.get(), globals.get()));
    if (!r) {
      PyErr_Print();
      return "<the code raised>";
    }
    PyRef repr = PyRef::steal(PyObject_Repr(PyDict_GetItemString(globals.get(), result)));
    return PyUnicode_AsUTF8(repr.get());
  }
};

TEST_F(TensorObjectTest, MultiplyAndAddMatchNumpyBitForBit) {
  GilGuard gil;
  const std::string code = std::string("import sys\nsys.path.insert(0, '") + REMOTEMEDIA_SOURCE_DIR "/python')\n" + R"(
from tests._numpy_rules import DTYPES, SCALARS, sample_values, same
checked = 0
mismatches = []
for dtype in DTYPES:
    flat = np.array(sample_values(dtype), dtype=dtype)
    for array in (flat, flat.reshape(2, 3), flat[1].reshape(())):
        t = Tensor.from_list(array.ravel().tolist(), dtype, list(array.shape))
        for s in SCALARS:
            for name, op in (("*", lambda x, y: x * y), ("+", lambda x, y: x + y)):
                with np.errstate(all="ignore"):
                    want = np.asarray(op(array, s))
                for got in (op(t, s), op(s, t)):
                    checked += 1
                    g = np.frombuffer(bytes(memoryview(got)), dtype=got.dtype).reshape(got.shape)
                    if not same(g, want):
                        mismatches.append(f"{dtype}{list(array.shape)} {name} {s!r}: {got.dtype} {got.tolist()}, "
                                          f"numpy {want.dtype} {want.tolist()}")
)";
  EXPECT_EQ(run(code, "mismatches"), "[]");
  // 12 dtypes, 3 shapes, 39 scalars, 2 operations, the tensor on either side.
  EXPECT_EQ(run(code, "checked"), std::to_string(12 * 3 * 39 * 2 * 2));
}

TEST_F(TensorObjectTest, ResultsAreNewTensorsAndOtherOperandsAreTypeErrors) {
  GilGuard gil;
  EXPECT_EQ(run("t = Tensor.from_list([1.0, 2.0], 'float32', [2])\n"
                "u = t * 0.5\n"
                "r = (type(u) is Tensor, u is not t, u.tolist(), t.tolist(), (2 + t).tolist())",
                "r"),
            "(True, True, [0.5, 1.0], [1.0, 2.0], [3.0, 4.0])");
  const std::string errors = R"(
t = Tensor.from_list([1, 2], 'int32', [2])
errors = []
for other in (True, "x", None, t, 2**70, [1]):
    for op in (lambda: t * other, lambda: other * t, lambda: t + other):
        try:
            op()
            errors.append(f"no error for {other!r}")
        except TypeError:
            pass
for op in (lambda: t - 1, lambda: t / 2):
    try:
        op()
        errors.append("no error for - or /")
    except TypeError:
        pass
)";
  EXPECT_EQ(run(errors, "errors"), "[]");
}

}  // namespace
}  // namespace remotemedia::python

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

  // Runs `code` with numpy as np, the tensor type as Tensor and error(f), what f() raises
  // as "Type: message"; returns repr(`result`).
  static std::string run(const std::string& code, const char* result) {
    static constexpr const char* kPrelude = R"(import numpy as np
def error(f):
    try:
        f()
        return "no error"
    except Exception as e:
        return f"{type(e).__name__}: {e}"
)";
    PyRef globals = PyRef::steal(PyDict_New());
    PyDict_SetItemString(globals.get(), "__builtins__", PyEval_GetBuiltins());
    PyDict_SetItemString(globals.get(), "Tensor", tensor_type_object());
    PyRef r = PyRef::steal(
        PyRun_String((kPrelude + code).c_str(), Py_file_input, globals.get(), globals.get()));
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

// len(t), t[i] and t[a:b] along the first axis as numpy gives them; a slice or a row is a
// view that keeps the bytes alive; Tensor.concatenate joins rows as np.concatenate does.
TEST_F(TensorObjectTest, IndexingSlicingAndConcatenationMatchNumpy) {
  GilGuard gil;
  const std::string code = R"(
def as_array(t):
    return np.frombuffer(bytes(memoryview(t)), dtype=t.dtype).reshape(t.shape)
bounds = [None, -9, -5, -2, -1, 0, 1, 2, 4, 5, 9]
checked = 0
mismatches = []
for array in (np.arange(5, dtype=np.int16), np.arange(15, dtype=np.float32).reshape(5, 3),
              np.zeros((0, 2), np.uint8)):
    t = Tensor.from_list(array.ravel().tolist(), array.dtype.name, list(array.shape))
    if len(t) != len(array):
        mismatches.append(f"len {len(t)} != {len(array)}")
    for a in bounds:
        for b in bounds:
            checked += 1
            got, want = t[a:b], array[a:b]
            if type(got) is not Tensor or got.shape != want.shape or not np.array_equal(as_array(got), want):
                mismatches.append(f"{array.shape}[{a}:{b}]: {got.shape} {got.tolist()}, numpy {want.tolist()}")
    for i in range(-len(array), len(array)):
        checked += 1
        got, want = t[i], array[i]
        same = got == want.item() if array.ndim == 1 else np.array_equal(as_array(got), want)
        if not same:
            mismatches.append(f"{array.shape}[{i}]: {got!r}, numpy {want!r}")
t = Tensor.from_list([1.0, 2.0, 3.0, 4.0], "float32", [4])
view = t[1:3]
del t
kept = view.tolist()
parts = [Tensor.from_list([1, 2], "int16", [2]), Tensor.from_list([], "int16", [0]), Tensor.from_list([3], "int16", [1])]
joined = Tensor.concatenate(parts)
rows2 = Tensor.concatenate([Tensor.from_list([1, 2, 3, 4], "uint8", [2, 2]), Tensor.from_list([5, 6], "uint8", [1, 2])])
result = (checked, mismatches, kept, joined.dtype, joined.tolist(), rows2.shape, rows2.tolist())
)";
  // Checked: 3 arrays x 11 x 11 slices, and each index of the two non-empty ones (10 + 10).
  EXPECT_EQ(run(code, "result"),
            "(383, [], [2.0, 3.0], 'int16', [1, 2, 3], (3, 2), [[1, 2], [3, 4], [5, 6]])");
}

TEST_F(TensorObjectTest, IndexingAndConcatenationErrorsAreClear) {
  GilGuard gil;
  const std::string code = R"(
t = Tensor.from_list([1, 2, 3], "int32", [3])
zero_d = Tensor.from_list([1], "int32", [])
errors = [error(lambda: t[::2]), error(lambda: t[3]), error(lambda: t[-4]), error(lambda: t["a"]),
          error(lambda: len(zero_d)), error(lambda: zero_d[0]),
          error(lambda: Tensor.concatenate([])), error(lambda: Tensor.concatenate([t, [1]])),
          error(lambda: Tensor.concatenate([t, Tensor.from_list([1.0], "float32", [1])])),
          error(lambda: Tensor.concatenate([zero_d]))]
)";
  EXPECT_EQ(run(code, "errors"),
            "['ValueError: remotemedia.Tensor slices take no step but 1', "
            "'IndexError: index 3 is out of bounds for a first axis of 3', "
            "'IndexError: index -1 is out of bounds for a first axis of 3', "
            "'TypeError: remotemedia.Tensor indices are ints or slices, not str', "
            "'TypeError: len() of a 0-d tensor', 'TypeError: a 0-d tensor cannot be indexed', "
            "'ValueError: concatenate() needs at least one tensor', "
            "'TypeError: concatenate() takes remotemedia.Tensor objects', "
            "'ValueError: concatenate() needs one dtype and the same dimensions after the first', "
            "'ValueError: concatenate() cannot join 0-d tensors']");
}

// Tensor.sine makes SineSource's tone in the .wasm: numpy's samples, bit for bit, from
// any start (a chunked tone is computed a block at a time).
TEST_F(TensorObjectTest, SineIsNumpysToneBitForBit) {
  GilGuard gil;
  const std::string code = R"(
checked = 0
mismatches = []
for frequency, sample_rate, start, stop in ((440.0, 16000, 0, 16000), (1000, 8000, 0, 16), (437.3, 44100, 0, 44100),
                                            (12345.678, 48000, 0, 9600), (1e6, 3, 0, 1000), (0.0, 1, 0, 3), (3, 7, 0, 0),
                                            (437.3, 44100, 65536, 70000), (440.0, 16000, 2**40, 2**40 + 100),
                                            (440.0, 16000, 2**53 - 5, 2**53)):
    t = np.arange(start, stop, dtype=np.float64) / sample_rate
    want = np.sin(2.0 * np.pi * frequency * t).astype(np.float32)
    got = Tensor.sine(frequency, sample_rate, start, stop)
    checked += stop - start
    if (got.dtype, got.shape) != ("float32", (stop - start,)) or bytes(memoryview(got)) != want.tobytes():
        mismatches.append((frequency, sample_rate, start, stop))
errors = [error(lambda: Tensor.sine(-1.0, 8000, 0, 4)), error(lambda: Tensor.sine(float("nan"), 8000, 0, 4)),
          error(lambda: Tensor.sine(440, 0, 0, 4)), error(lambda: Tensor.sine(440, 8000, -1, 4)),
          error(lambda: Tensor.sine(440, 8000, 5, 4)), error(lambda: Tensor.sine(440, 8000, 0, 2**53 + 1)),
          error(lambda: Tensor.sine(440, 8000.0, 0, 4)), error(lambda: Tensor.sine(440, 8000, 4))]
result = (checked, mismatches, errors)
)";
  EXPECT_EQ(run(code, "result"),
            "(75288, [], ['ValueError: sine() needs a finite frequency >= 0', "
            "'ValueError: sine() needs a finite frequency >= 0', 'ValueError: sine() needs a sample_rate >= 1', "
            "'ValueError: sine() needs 0 <= start <= stop <= 2**53', "
            "'ValueError: sine() needs 0 <= start <= stop <= 2**53', "
            "'ValueError: sine() needs 0 <= start <= stop <= 2**53', "
            "\"TypeError: 'float' object cannot be interpreted as an integer\", "
            "'TypeError: sine() takes exactly 4 arguments (3 given)'])");
}

}  // namespace
}  // namespace remotemedia::python

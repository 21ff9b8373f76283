"""The numpy-less tensor multiply must match numpy 1.24 bit for bit."""

import math
import os
import struct
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # python/

from remotemedia import _tensor
from tests._support import FakeTensor

try:
    import numpy as np

    from tests._numpy_rules import DTYPES, SCALARS, sample_values, same
except ImportError:  # pragma: no cover
    np = None


@unittest.skipIf(np is None, "numpy not installed")
class PureMultiplyMatchesNumpyTest(unittest.TestCase):
    def check(self, array, scalar):
        with np.errstate(all="ignore"):
            want = np.asarray(array * scalar)
        fake = FakeTensor(array.dtype.name, array.shape, array.tolist())
        got = _tensor.multiply_tensor_pure(fake, scalar, "Test")
        got_array = np.array(got.flat, dtype=got.dtype).reshape(got.shape)
        self.assertTrue(
            same(got_array, want),
            f"{array.dtype}{list(array.shape)} * {scalar!r}: "
            f"got {got.dtype} {got_array.tolist()}, numpy {want.dtype} {want.tolist()}",
        )

    def test_grid_1d(self):
        for dtype in DTYPES:
            array = np.array(sample_values(dtype), dtype=dtype)
            for scalar in SCALARS:
                with self.subTest(dtype=dtype, scalar=scalar):
                    self.check(array, scalar)

    def test_grid_0d_and_2d(self):
        for dtype in DTYPES:
            values = sample_values(dtype)
            for scalar in SCALARS:
                with self.subTest(dtype=dtype, scalar=scalar):
                    self.check(np.array(values[1], dtype=dtype), scalar)
                    self.check(np.array(values[:4], dtype=dtype).reshape(2, 2), scalar)

    def test_empty(self):
        self.check(np.zeros((0,), np.float32), 2.0)
        self.check(np.zeros((2, 0), np.int8), 3)

    def test_result_dtype_examples(self):
        # The examples DESIGN.md and the native tensor_arith.h give.
        cases = [
            ("int32", False, 2, "int32"), ("float32", False, 1.5, "float32"),
            ("int32", False, 1.5, "float64"), ("bool", False, 2, "int64"),
            ("int8", False, 200, "int16"), ("uint8", False, -1, "int16"),
            ("uint32", False, -1, "int64"), ("uint64", False, -1, "float64"),
            ("float16", False, 300, "float32"), ("float16", False, 100000, "float64"),
            ("float32", False, 70000, "float64"), ("float16", False, 1e10, "float32"),
            ("float32", False, 1e300, "float64"), ("int32", True, 2, "int64"),
            ("float32", True, 1.5, "float64"), ("uint64", True, 1, "float64"),
        ]
        for dtype, zero_dim, scalar, want in cases:
            with self.subTest(dtype=dtype, scalar=scalar):
                self.assertEqual(_tensor.result_dtype(dtype, zero_dim, scalar), want)
                array = np.zeros(() if zero_dim else (1,), dtype=dtype)
                self.assertEqual(np.asarray(array * scalar).dtype.name, want)


class PureMultiplyTest(unittest.TestCase):
    def test_wraps_and_rounds(self):
        out = _tensor.multiply_tensor_pure(FakeTensor("uint8", (2,), [200, 3]), 2, "T")
        self.assertEqual((out.dtype, out.flat), ("uint8", [144, 6]))
        out = _tensor.multiply_tensor_pure(FakeTensor("float16", (1,), [65504.0]), 2, "T")
        self.assertEqual((out.dtype, out.flat), ("float16", [math.inf]))
        out = _tensor.multiply_tensor_pure(FakeTensor("float32", (1,), [1.0]), 0.1, "T")
        self.assertEqual(out.flat, [struct.unpack("f", struct.pack("f", 0.1))[0]])

    def test_constructor_from_package(self):
        import remotemedia

        class Bare:
            dtype, shape = "int8", (2, 1)

            def tolist(self):
                return [[1], [2]]

        remotemedia.Tensor = FakeTensor
        try:
            out = _tensor.multiply(Bare(), 3, "T")
        finally:
            del remotemedia.Tensor
        self.assertEqual((out.dtype, out.shape, out.tolist()), ("int8", (2, 1), [[3], [6]]))


if __name__ == "__main__":
    unittest.main()

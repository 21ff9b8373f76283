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
except ImportError:  # pragma: no cover
    np = None

DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float16", "float32", "float64"]
SCALARS = [0, 1, 2, -1, 3, 127, 128, 200, 255, 256, 300, -129, 32767, 32768, 65535, 65536,
           70000, -40000, 2**31 - 1, 2**31, 2**32, -(2**31) - 1, 2**63 - 1, -(2**63),
           0.0, -0.0, 0.5, 1.5, -2.25, 0.1, 1e10, 70000.0, 65000.0, 3.3e38, 1e300, 1e-8,
           math.nan, math.inf, -math.inf]


def sample_values(dtype):
    if dtype == "bool":
        return [True, False, True, True]
    if dtype.startswith("int"):
        bits = int(dtype[3:])
        return [0, 1, -(2 ** (bits - 1)), 2 ** (bits - 1) - 1, 3, -7]
    if dtype.startswith("uint"):
        bits = int(dtype[4:])
        return [0, 1, 2**bits - 1, 2 ** (bits - 1), 9, 100]
    if dtype == "float16":
        return [0.0, -1.5, 65504.0, 6e-8, 0.1, -300.0]
    return [0.0, -1.5, 3.0e38, 1e-40, 0.1, 12345.678]


def same(a, b):
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.dtype.kind == "f":
        return np.array_equal(a, b, equal_nan=True) and np.array_equal(np.signbit(a), np.signbit(b))
    return np.array_equal(a, b)


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

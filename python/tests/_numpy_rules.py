"""Where numpy 1.24's rules for `array op scalar` decide a result: every dtype, the
scalars at the edges of its value-based casting, and sample values at each dtype's
limits. Shared by test_tensor.py (the SDK's pure-Python multiply) and the runtime's
tests of remotemedia.Tensor's arithmetic (tests/python/tensor_object_test.cpp)."""

import math

import numpy as np

DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float16", "float32", "float64"]
SCALARS = [0, 1, 2, -1, 3, 127, 128, 200, 255, 256, 300, -129, 32767, 32768, 65535, 65536,
           70000, -40000, 2**31 - 1, 2**31, 2**32, -(2**31) - 1, 2**63 - 1, -(2**63),
           0.0, -0.0, 0.5, 1.5, -2.25, 0.1, 1e10, 70000.0, 65000.0, 3.3e38, 1e300, 1e-8,
           math.nan, math.inf, -math.inf]


def sample_values(dtype):
    """Six values of `dtype`, its limits among them."""
    if dtype == "bool":
        return [True, False, True, True, False, True]
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
    """The same dtype, shape and values, the signs of zeros and NaNs included."""
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.dtype.kind == "f":
        return np.array_equal(a, b, equal_nan=True) and np.array_equal(np.signbit(a), np.signbit(b))
    return np.array_equal(a, b)

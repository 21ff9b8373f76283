import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # python/

from remotemedia import _params
from tests._support import FakeTensor

try:
    import numpy as np
except ImportError:  # pragma: no cover
    np = None


class MessagesTest(unittest.TestCase):
    """Messages name a tensor the same way whatever it is: a numpy array natively, a
    remotemedia.Tensor (here its stand-in) in the .wasm."""

    def test_plain_values(self):
        self.assertEqual(_params.type_name(3), "int")
        self.assertEqual(_params.describe(True), "True (bool)")
        self.assertEqual(_params.describe("x" * 50), "'" + "x" * 36 + "... (str)")

    def test_runtime_tensor(self):
        t = FakeTensor("float32", (2,), [1.0, 2.0])
        self.assertEqual(_params.type_name(t), "tensor")
        self.assertEqual(_params.describe(t), "float32 tensor of shape (2,) (tensor)")

    @unittest.skipIf(np is None, "numpy not installed")
    def test_numpy_array(self):
        a = np.zeros((2, 3), np.int16)
        self.assertEqual(_params.type_name(a), "tensor")
        self.assertEqual(_params.describe(a), "int16 tensor of shape (2, 3) (tensor)")


if __name__ == "__main__":
    unittest.main()

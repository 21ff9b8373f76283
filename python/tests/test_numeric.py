import math
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # python/

from remotemedia.nodes import Accumulator, CalculatorNode, NumpyMultiplier
from remotemedia.nodes.numeric import parse_number_string
from tests._support import FakeTensor, run


def exact(testcase, got, want):
    """Equal values of the same types (3 != 3.0 here)."""
    testcase.assertEqual(got, want)
    testcase.assertIs(type(got), type(want))


class CalculatorNodeTest(unittest.TestCase):
    def test_add(self):
        self.assertEqual(run(CalculatorNode(operation="add", operand=5), [10, 20, 30]), [15, 25, 35])
        exact(self, CalculatorNode("add", 5).process(10), 15)
        exact(self, CalculatorNode("add", 0.5).process(10), 10.5)
        exact(self, CalculatorNode("add", 1).process(1.5), 2.5)

    def test_subtract_multiply(self):
        exact(self, CalculatorNode("subtract", 3).process(10), 7)
        exact(self, CalculatorNode("subtract", 3).process(1.0), -2.0)
        exact(self, CalculatorNode("multiply", 4).process(-3), -12)
        exact(self, CalculatorNode("multiply", 2.5).process(2), 5.0)

    def test_divide_is_float(self):
        exact(self, CalculatorNode("divide", 2).process(7), 3.5)
        exact(self, CalculatorNode("divide", 2).process(8), 4.0)
        exact(self, CalculatorNode("divide", 0.5).process(1), 2.0)

    def test_big_ints_follow_python(self):
        exact(self, CalculatorNode("multiply", 2).process(2**62), 2**63)

    def test_numeric_strings(self):
        exact(self, CalculatorNode("divide", 4).process(" 8 "), 2.0)
        exact(self, CalculatorNode("add", 1).process("1e2"), 101.0)
        exact(self, CalculatorNode("add", 1).process(" \t\n\r12\r\n"), 13)
        exact(self, CalculatorNode("add", 1).process("-0.5"), 0.5)

    def test_other_items_unchanged(self):
        node = CalculatorNode("add", 5)
        for item in ("abc", True, False, [1], None, {"a": 1}, "", " ", "1 2", "+1", "01",
                     "NaN", "Infinity", "-Infinity", "1e400", "[1]", "0x10", "1.", "\u00a01",
                     "true", "null", b"1"):
            with self.subTest(item=item):
                self.assertIs(node.process(item), item)

    def test_parse_number_string(self):
        cases = {
            "12": 12, " 12 ": 12, "-0": 0, "1e2": 100.0, "1E-2": 0.01, "2.50": 2.5,
            "9223372036854775807": 2**63 - 1,
            "9223372036854775808": 9223372036854775808.0,
            "-9223372036854775808": -(2**63),
            "-9223372036854775809": -9223372036854775809.0,
        }
        for text, want in cases.items():
            with self.subTest(text=text):
                exact(self, parse_number_string(text), want)
        for text in ("", "-", "1e", ".5", "1 1", "1,", "1e999", "-1e999", "NaN", "[1]", "- 1",
                     "1" * 5000):
            with self.subTest(text=text[:20]):
                self.assertIsNone(parse_number_string(text))

    def test_param_errors(self):
        with self.assertRaisesRegex(ValueError, "add, subtract, multiply, divide.*'power'"):
            CalculatorNode(operation="power", operand=1)
        with self.assertRaisesRegex(TypeError, "operation must be a string"):
            CalculatorNode(operation=1, operand=1)
        for bad in (True, "1", None, [1]):
            with self.subTest(operand=bad), self.assertRaisesRegex(TypeError, "operand must be a number"):
                CalculatorNode(operation="add", operand=bad)
        for zero in (0, 0.0, -0.0):
            with self.assertRaisesRegex(ValueError, "division by zero"):
                CalculatorNode(operation="divide", operand=zero)
        CalculatorNode(operation="multiply", operand=0)  # only divide forbids 0
        with self.assertRaises(TypeError):
            CalculatorNode(operation="add")  # operand is required


class AccumulatorTest(unittest.TestCase):
    def test_running_sum(self):
        self.assertEqual(run(Accumulator(), [1, 2, 3]), [1, 3, 6])
        out = run(Accumulator(initial=10), [1, 2.5])
        self.assertEqual(out, [11, 13.5])
        self.assertIs(type(out[0]), int)
        self.assertEqual(run(Accumulator(), []), [])

    def test_non_numbers(self):
        for bad in ("1", True, None, [1]):
            with self.subTest(item=bad), self.assertRaisesRegex(TypeError, type(bad).__name__):
                Accumulator().process(bad)

    def test_param_errors(self):
        for bad in (True, "0", None):
            with self.assertRaisesRegex(TypeError, "initial must be a number"):
                Accumulator(initial=bad)


class NumpyMultiplierScalarTest(unittest.TestCase):
    def test_numbers_and_lists(self):
        exact(self, NumpyMultiplier().process(3), 6.0)
        exact(self, NumpyMultiplier(factor=3).process(3), 9)
        exact(self, NumpyMultiplier(factor=0.5).process(3.0), 1.5)
        self.assertEqual(NumpyMultiplier(factor=3).process([1, [2, 3.5]]), [3, [6, 10.5]])
        self.assertEqual(NumpyMultiplier(factor=3).process((1, 2)), [3, 6])

    def test_other_items_are_errors(self):
        for bad in ("1", True, None, {"a": 1}, [1, "x"]):
            with self.subTest(item=bad), self.assertRaisesRegex(TypeError, "NumpyMultiplier"):
                NumpyMultiplier().process(bad)

    def test_param_errors(self):
        for bad in (True, "2", None):
            with self.assertRaisesRegex(TypeError, "factor must be a number"):
                NumpyMultiplier(factor=bad)

    def test_tensor_without_numpy(self):
        t = FakeTensor("float32", (2,), [1.5, -2.0])
        out = NumpyMultiplier(factor=2).process(t)
        self.assertIsInstance(out, FakeTensor)
        self.assertEqual((out.dtype, out.shape, out.flat), ("float32", (2,), [3.0, -4.0]))

    def test_tensor_without_constructor(self):
        class Bare:
            dtype, shape = "int32", (1,)

            def tolist(self):
                return [1]

        with self.assertRaisesRegex(RuntimeError, "needs numpy, or the runtime's remotemedia.Tensor"):
            NumpyMultiplier().process(Bare())


try:
    import numpy as np
except ImportError:  # pragma: no cover - Debian's python3.11 has numpy
    np = None


@unittest.skipIf(np is None, "numpy not installed")
class NumpyMultiplierNumpyTest(unittest.TestCase):
    def test_numpy_arrays(self):
        a = np.array([1.0, 2.0], dtype=np.float32)
        a.flags.writeable = False  # tensors arrive read-only
        out = NumpyMultiplier(factor=1.5).process(a)
        self.assertIsInstance(out, np.ndarray)
        self.assertEqual(out.dtype, np.float32)
        self.assertEqual(out.tolist(), [1.5, 3.0])
        self.assertEqual(a.tolist(), [1.0, 2.0])
        self.assertEqual(NumpyMultiplier(factor=0.5).process(np.array([3], np.int16)).dtype, np.float64)
        self.assertEqual(NumpyMultiplier(factor=200).process(np.array([3], np.int8)).tolist(), [600])

    def test_zero_dim_stays_a_tensor(self):
        out = NumpyMultiplier(factor=2).process(np.array(3, np.int32))
        self.assertIsInstance(out, np.ndarray)
        self.assertEqual((out.shape, out.dtype, int(out)), ((), np.int64, 6))

    def test_nan_factor(self):
        out = NumpyMultiplier(factor=math.nan).process(np.array([1.0], np.float32))
        self.assertEqual(out.dtype, np.float32)
        self.assertTrue(math.isnan(out[0]))


if __name__ == "__main__":
    unittest.main()

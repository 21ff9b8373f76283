import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # python/

from remotemedia.nodes import SimpleSource
from tests._support import run


class SimpleSourceTest(unittest.TestCase):
    def test_count(self):
        self.assertEqual(list(SimpleSource(count=3).generate()), ["item 0", "item 1", "item 2"])
        self.assertEqual(list(SimpleSource(count=0).generate()), [])

    def test_values(self):
        values = [1, "two", None, [3], {"four": 4.0}]
        self.assertEqual(list(SimpleSource(values=values).generate()), values)
        self.assertEqual(list(SimpleSource(values=[]).generate()), [])
        self.assertEqual(list(SimpleSource(values=(1, 2)).generate()), [1, 2])

    def test_generate_restarts(self):
        node = SimpleSource(count=2)
        self.assertEqual(list(node.generate()), list(node.generate()))

    def test_values_are_copied(self):
        values = [1, 2]
        node = SimpleSource(values=values)
        values.append(3)
        self.assertEqual(list(node.generate()), [1, 2])

    def test_process_passes_through(self):
        self.assertEqual(run(SimpleSource(count=1), ["x", 2]), ["x", 2])

    def test_param_errors(self):
        with self.assertRaisesRegex(ValueError, "exactly one of count or values"):
            SimpleSource()
        with self.assertRaisesRegex(ValueError, "exactly one of count or values"):
            SimpleSource(count=1, values=[1])
        with self.assertRaisesRegex(ValueError, "count must be >= 0"):
            SimpleSource(count=-1)
        for bad in (1.0, "3", True):
            with self.assertRaisesRegex(TypeError, "count must be an integer"):
                SimpleSource(count=bad)
        for bad in ("abc", 3, {"a": 1}):
            with self.assertRaisesRegex(TypeError, "values must be a list"):
                SimpleSource(values=bad)


if __name__ == "__main__":
    unittest.main()

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # python/

from remotemedia.nodes import BufferNode, PassThroughNode
from tests._support import run


class PassThroughNodeTest(unittest.TestCase):
    def test_returns_each_item(self):
        items = [1, "a", None, [1, 2], {"k": 1.5}, True, b"\x00"]
        node = PassThroughNode()
        for item in items:
            self.assertIs(node.process(item), item)
        self.assertEqual(run(PassThroughNode(), [1, "a", [2]]), [1, "a", [2]])


class BufferNodeTest(unittest.TestCase):
    def test_groups_and_flushes_tail(self):
        self.assertEqual(run(BufferNode(size=2), [1, 2, 3, 4, 5]), [[1, 2], [3, 4], [5]])

    def test_exact_multiple_flushes_nothing(self):
        node = BufferNode(size=3)
        self.assertEqual(run(node, ["a", "b", "c"], flush=False), [["a", "b", "c"]])
        self.assertIsNone(node.flush())

    def test_process_returns_none_until_full(self):
        node = BufferNode(3)
        self.assertIsNone(node.process(1))
        self.assertIsNone(node.process(2))
        self.assertEqual(node.process(3), [1, 2, 3])
        self.assertIsNone(node.flush())

    def test_size_one_and_no_items(self):
        self.assertEqual(run(BufferNode(size=1), [7, 8]), [[7], [8]])
        self.assertEqual(run(BufferNode(size=4), []), [])
        self.assertIsNone(BufferNode(size=4).flush())

    def test_flush_empties_the_buffer(self):
        node = BufferNode(size=3)
        node.process(1)
        self.assertEqual(node.flush(), [1])
        self.assertIsNone(node.flush())

    def test_param_errors(self):
        for bad in (0, -1):
            with self.assertRaisesRegex(ValueError, "size must be >= 1"):
                BufferNode(size=bad)
        for bad in (2.0, "2", True, None, [2]):
            with self.assertRaisesRegex(TypeError, "size must be an integer"):
                BufferNode(size=bad)
        with self.assertRaises(TypeError):
            BufferNode()


if __name__ == "__main__":
    unittest.main()

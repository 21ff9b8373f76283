import inspect
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # python/

import remotemedia
import remotemedia.nodes
from remotemedia import Node


class NodeBaseTest(unittest.TestCase):
    def test_defaults(self):
        node = Node(a=1)
        self.assertEqual(node.params, {"a": 1})
        self.assertIsNone(node.initialize())
        self.assertIsNone(node.flush())
        self.assertIsNone(node.cleanup())
        with self.assertRaises(NotImplementedError):
            node.process(1)

    def test_subclass_params_and_repr(self):
        class Scale(Node):
            def __init__(self, factor=2):
                super().__init__(factor=factor)

        self.assertEqual(Scale(factor=3).params, {"factor": 3})
        self.assertEqual(repr(Scale()), "Scale(factor=2)")

    def test_package(self):
        self.assertIs(remotemedia.Node, Node)
        self.assertIsInstance(remotemedia.__version__, str)
        self.assertIn("process", remotemedia.__doc__)


class NodeCatalogueTest(unittest.TestCase):
    """What the runtime relies on for every node in remotemedia.nodes.__all__."""

    def test_all_lists_exactly_the_node_classes(self):
        exported = {
            name
            for name, value in vars(remotemedia.nodes).items()
            if inspect.isclass(value) and issubclass(value, Node)
        }
        self.assertEqual(set(remotemedia.nodes.__all__), exported)
        self.assertEqual(remotemedia.nodes.__all__, sorted(remotemedia.nodes.__all__))
        for name in (
            "PassThroughNode", "CalculatorNode", "TextProcessorNode", "SimpleSource",
            "UppercaseTransform", "BufferNode", "NumpyMultiplier", "Accumulator",
            "Gain", "Chunker", "SineSource",
        ):
            self.assertIn(name, remotemedia.nodes.__all__)

    def test_explicit_signatures_and_docstrings(self):
        for name in remotemedia.nodes.__all__:
            cls = getattr(remotemedia.nodes, name)
            with self.subTest(node=name):
                self.assertTrue(cls.__doc__ and cls.__doc__.strip())
                params = list(inspect.signature(cls).parameters.values())
                for p in params:
                    self.assertEqual(p.kind, inspect.Parameter.POSITIONAL_OR_KEYWORD)

    def test_unknown_keyword_is_type_error(self):
        for name in remotemedia.nodes.__all__:
            cls = getattr(remotemedia.nodes, name)
            with self.subTest(node=name):
                with self.assertRaises(TypeError) as ctx:
                    cls(no_such_param=1)
                self.assertIn("no_such_param", str(ctx.exception))


if __name__ == "__main__":
    unittest.main()

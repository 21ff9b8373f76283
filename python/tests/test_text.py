import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # python/

from remotemedia.nodes import TextProcessorNode, UppercaseTransform
from tests._support import run


class TextProcessorNodeTest(unittest.TestCase):
    def test_design_example(self):
        item = {"text": "Python in Browser", "operations": ["char_count", "word_count", "uppercase"]}
        out = TextProcessorNode().process(item)
        self.assertEqual(
            out,
            {
                "original_text": "Python in Browser",
                "operations": ["char_count", "word_count", "uppercase"],
                "results": {"char_count": 17, "word_count": 3, "uppercase": "PYTHON IN BROWSER"},
                "processed_by": "TextProcessorNode",
            },
        )
        self.assertEqual(list(out), ["original_text", "operations", "results", "processed_by"])
        self.assertEqual(list(out["results"]), ["char_count", "word_count", "uppercase"])

    def test_every_operation(self):
        ops = [
            "uppercase", "lowercase", "reverse", "word_count", "char_count",
            "title_case", "remove_spaces", "first_word", "last_word",
        ]
        out = TextProcessorNode(operations=ops).process("  hello big World ")
        self.assertEqual(
            out["results"],
            {
                "uppercase": "  HELLO BIG WORLD ",
                "lowercase": "  hello big world ",
                "reverse": " dlroW gib olleh  ",
                "word_count": 3,
                "char_count": 18,
                "title_case": "  Hello Big World ",
                "remove_spaces": "hellobigWorld",
                "first_word": "hello",
                "last_word": "World",
            },
        )
        self.assertEqual(out["operations"], ops)
        self.assertEqual(out["original_text"], "  hello big World ")

    def test_empty_text(self):
        out = TextProcessorNode(operations=["first_word", "last_word", "word_count"]).process("")
        self.assertEqual(out["results"], {"first_word": "", "last_word": "", "word_count": 0})

    def test_title_case_is_str_title(self):
        out = TextProcessorNode(operations=["title_case"]).process("they're bill's 2nd")
        self.assertEqual(out["results"]["title_case"], "They'Re Bill'S 2Nd")

    def test_default_operations(self):
        out = TextProcessorNode().process("a b")
        self.assertEqual(out["operations"], ["uppercase", "word_count"])
        self.assertEqual(out["results"], {"uppercase": "A B", "word_count": 2})
        # A dict without "operations" uses the param's list.
        out = TextProcessorNode(operations=["reverse"]).process({"text": "abc"})
        self.assertEqual(out["results"], {"reverse": "cba"})
        self.assertEqual(TextProcessorNode(operations=[]).process("x")["results"], {})

    def test_item_operations_override_param(self):
        node = TextProcessorNode(operations=["uppercase"])
        out = node.process({"text": "Ab", "operations": ["lowercase"]})
        self.assertEqual(out["operations"], ["lowercase"])
        self.assertEqual(out["results"], {"lowercase": "ab"})
        self.assertEqual(len(run(node, ["a", {"text": "b"}])), 2)

    def test_missing_text(self):
        with self.assertRaises(ValueError) as ctx:
            TextProcessorNode().process({"operations": ["uppercase"]})
        self.assertEqual(str(ctx.exception), 'TextProcessorNode needs a "text" field')

    def test_unknown_operation_in_item(self):
        with self.assertRaises(ValueError) as ctx:
            TextProcessorNode().process({"text": "x", "operations": ["shout"]})
        self.assertIn("'shout'", str(ctx.exception))
        self.assertIn("uppercase, lowercase, reverse", str(ctx.exception))

    def test_bad_items(self):
        node = TextProcessorNode()
        for bad in (1, None, ["x"], {"text": 3}, {"text": "x", "operations": "uppercase"}):
            with self.subTest(item=bad), self.assertRaises(TypeError):
                node.process(bad)

    def test_param_errors(self):
        with self.assertRaisesRegex(ValueError, "unknown operation 'nope'.*valid operations"):
            TextProcessorNode(operations=["uppercase", "nope"])
        for bad in ("uppercase", 3, [1], {"uppercase": 1}):
            with self.subTest(operations=bad), self.assertRaises(TypeError):
                TextProcessorNode(operations=bad)


class UppercaseTransformTest(unittest.TestCase):
    def test_strings_upper_others_unchanged(self):
        self.assertEqual(
            run(UppercaseTransform(), ["abc", "Straße", 1, ["a"], {"a": "b"}]),
            ["ABC", "STRASSE", 1, ["a"], {"a": "b"}],
        )
        # A None item comes back as None, which the runtime reads as "emit nothing".
        self.assertIsNone(UppercaseTransform().process(None))


if __name__ == "__main__":
    unittest.main()

"""Text nodes."""

import operator

from remotemedia import _params
from remotemedia.node import Node


def _first_word(text):
    words = text.split()
    return words[0] if words else ""


def _last_word(text):
    words = text.split()
    return words[-1] if words else ""


# name -> function of the text; the order is the one listed in error messages.
OPERATIONS = {
    "uppercase": str.upper,
    "lowercase": str.lower,
    # itemgetter is implemented in C: no Python frame per call, unlike a lambda.
    "reverse": operator.itemgetter(slice(None, None, -1)),
    "word_count": lambda text: len(text.split()),
    "char_count": len,
    "title_case": str.title,
    "remove_spaces": lambda text: text.replace(" ", ""),
    "first_word": _first_word,
    "last_word": _last_word,
}

DEFAULT_OPERATIONS = ("uppercase", "word_count")


def _check_operations(operations, where):
    if isinstance(operations, (str, bytes)) or not isinstance(operations, (list, tuple)):
        raise TypeError(
            f"{where} must be a list of operation names, got {_params.type_name(operations)}"
        )
    for op in operations:
        if not isinstance(op, str):
            raise TypeError(f"{where} must hold strings, got {_params.describe(op)}")
        if op not in OPERATIONS:
            raise ValueError(
                f"unknown operation {op!r} in {where}; valid operations: "
                + ", ".join(OPERATIONS)
            )
    return list(operations)


class TextProcessorNode(Node):
    """Applies text operations to a string and reports every result.

    Params:
        operations (list of str, default ``None`` meaning ``["uppercase", "word_count"]``):
            the operations used when an item does not list its own.

    Item: a str, or a dict ``{"text": str, "operations"?: [str, ...]}`` whose
    ``"operations"`` replaces the param for that item.

    Operations: ``uppercase``, ``lowercase``, ``reverse`` (characters), ``word_count``
    (``len(text.split())``), ``char_count`` (``len(text)``), ``title_case``
    (``str.title()``), ``remove_spaces`` (removes ``" "`` only), ``first_word`` /
    ``last_word`` (``""`` for a text without words).

    Emits ``{"original_text": text, "operations": [...], "results": {op: result},
    "processed_by": "TextProcessorNode"}``. A dict without ``"text"`` or an unknown
    operation is an error.
    """

    def __init__(self, operations=None):
        super().__init__(operations=operations)
        if operations is None:
            operations = DEFAULT_OPERATIONS
        self.operations = _check_operations(operations, "operations")

    def process(self, item):
        if isinstance(item, str):
            text, ops = item, self.operations
        elif isinstance(item, dict):
            if "text" not in item:
                raise ValueError('TextProcessorNode needs a "text" field')
            text = item["text"]
            if not isinstance(text, str):
                raise TypeError(
                    f'TextProcessorNode: "text" must be a string, not {_params.type_name(text)}'
                )
            if "operations" in item:
                ops = _check_operations(item["operations"], 'the item\'s "operations"')
            else:
                ops = self.operations
        else:
            raise TypeError(
                "TextProcessorNode takes a string or an object with a \"text\" field, "
                f"not {_params.type_name(item)}"
            )
        # A loop, not a dict comprehension: Python 3.11 makes a function object and a
        # frame for a comprehension, on every item.
        results = {}
        for op in ops:
            results[op] = OPERATIONS[op](text)
        return {
            "original_text": text,
            "operations": list(ops),
            "results": results,
            "processed_by": "TextProcessorNode",
        }


class UppercaseTransform(Node):
    """Upper-cases strings (``str.upper()``); any other item passes through. No params."""

    def __init__(self):
        super().__init__()

    def process(self, item):
        if isinstance(item, str):
            return item.upper()
        return item

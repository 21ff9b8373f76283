"""Source nodes that generate their own items."""

from remotemedia import _params
from remotemedia.node import Node


class SimpleSource(Node):
    """Generates ``count`` strings or the given ``values``.

    Params (exactly one of them):
        count (int >= 0): generates ``"item 0"``, ``"item 1"``, ... ``"item {count-1}"``.
        values (list): generates each value in order.

    As a generator source it takes no input; wired after another node, ``process()``
    passes each incoming item through unchanged.
    """

    def __init__(self, count=None, values=None):
        super().__init__(count=count, values=values)
        if (count is None) == (values is None):
            raise ValueError("SimpleSource needs exactly one of count or values")
        if count is not None:
            _params.integer("count", count, minimum=0)
        elif not isinstance(values, (list, tuple)):
            raise TypeError(f"values must be a list, got {_params.type_name(values)}")
        self.count = count
        self.values = None if values is None else list(values)

    def generate(self):
        if self.values is not None:
            yield from self.values
        else:
            for i in range(self.count):
                yield f"item {i}"

    def process(self, item):
        return item

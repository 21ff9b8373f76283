"""A user's own Python nodes, loaded with `--python-path examples/python`."""

from remotemedia import Node


class Scale(Node):
    """Multiplies numbers by ``factor``; anything else is an error."""

    def __init__(self, factor=2.0):
        super().__init__(factor=factor)
        if isinstance(factor, bool) or not isinstance(factor, (int, float)):
            raise TypeError(f"factor must be a number, not {type(factor).__name__}")
        self.factor = factor

    def process(self, item):
        if isinstance(item, bool) or not isinstance(item, (int, float)):
            raise TypeError(f"Scale takes numbers, not {type(item).__name__}")
        return item * self.factor


class Words(Node):
    """Splits text into words: one item per word (a generator emits each)."""

    def process(self, item):
        yield from str(item).split()


class RunningMean(Node):
    """Emits nothing per item; at end of stream emits the mean of all items."""

    def initialize(self):
        self.total, self.count = 0.0, 0

    def process(self, item):
        self.total += item
        self.count += 1

    def flush(self):
        return self.total / self.count if self.count else None


class Length(Node):
    """The length of each string."""

    def process(self, item):
        return len(item)

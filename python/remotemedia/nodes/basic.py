"""Basic nodes: pass-through and grouping."""

from remotemedia import _params
from remotemedia.node import Node


class PassThroughNode(Node):
    """Emits every item unchanged. No params."""

    def __init__(self):
        super().__init__()

    def process(self, item):
        return item


class BufferNode(Node):
    """Groups items into lists of ``size``.

    Params:
        size (int >= 1, required): items per group.

    Emits a list of exactly ``size`` items each time one is full; at end of stream
    ``flush()`` returns the shorter tail list, or ``None`` when nothing is buffered.
    Example: ``size=2`` on 1, 2, 3 emits ``[1, 2]`` then, on flush, ``[3]``.
    """

    def __init__(self, size):
        super().__init__(size=size)
        self.size = _params.integer("size", size, minimum=1)
        self._buffer = []

    def process(self, item):
        self._buffer.append(item)
        if len(self._buffer) < self.size:
            return None
        full, self._buffer = self._buffer, []
        return full

    def flush(self):
        if not self._buffer:
            return None
        tail, self._buffer = self._buffer, []
        return tail

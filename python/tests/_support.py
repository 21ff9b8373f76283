"""Test helpers: drive one node the way the runtime does, without a runtime."""

import inspect


def emitted(result):
    """The items a process()/flush() return value stands for (DESIGN.md §7)."""
    if result is None:
        return []
    if inspect.isgenerator(result):
        return list(result)
    if isinstance(result, tuple):
        return [list(result)]
    return [result]


def run(node, items, flush=True):
    """initialize, process each item, flush, cleanup; returns every emitted item."""
    out = []
    node.initialize()
    try:
        for item in items:
            out.extend(emitted(node.process(item)))
        if flush:
            out.extend(emitted(node.flush()))
    finally:
        node.cleanup()
    return out


class FakeTensor:
    """Stands in for the runtime's ``remotemedia.Tensor`` (the numpy-less build)."""

    def __init__(self, dtype, shape, nested):
        self.dtype = dtype
        self.shape = tuple(shape)
        self._nested = nested

    def tolist(self):
        return self._nested

    @classmethod
    def from_list(cls, values, dtype, shape):
        flat = list(values)
        nested = flat[0] if not shape else _nest(flat, list(shape))
        tensor = cls(dtype, shape, nested)
        tensor.flat = flat
        return tensor


def _nest(flat, shape):
    if len(shape) == 1:
        return flat
    step = len(flat) // shape[0] if shape[0] else 0
    return [_nest(flat[i * step : (i + 1) * step], shape[1:]) for i in range(shape[0])]

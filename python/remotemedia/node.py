"""The optional base class for Python nodes (see the ``remotemedia`` package docstring)."""


class Node:
    """Base class with no-op lifecycle methods.

    Subclasses declare their params as explicit keyword parameters of ``__init__`` (the
    runtime reads that signature to list and check params) and may pass them on to
    ``super().__init__(**params)``, which keeps them in ``self.params`` for inspection.
    """

    def __init__(self, **params):
        self.params = dict(params)

    def initialize(self):
        """Called once before the first item. Default: nothing."""

    def process(self, item):
        """Handles one item: return a value, ``None``, or yield items."""
        raise NotImplementedError(f"{type(self).__name__} does not define process()")

    def flush(self):
        """Called at end of stream; returns the buffered tail, ``None``, or yields it."""
        return None

    def cleanup(self):
        """Called once at the end, also after an error. Default: nothing."""

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in getattr(self, "params", {}).items())
        return f"{type(self).__name__}({args})"

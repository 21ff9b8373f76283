"""remotemedia — the Python SDK for writing pipeline nodes.

A remotemedia pipeline is a JSON manifest listing nodes and the connections between
them. Nodes are native C++ or Python classes; the runtime embeds CPython and calls the
Python ones. A manifest names a Python node either as ``"pkg.module:Class"`` (any
importable class) or by a bare name that resolves to ``remotemedia.nodes.<Name>``.

Writing a node
--------------
A node is any class with the methods below (duck-typed); :class:`remotemedia.Node` is
offered as a base with no-op defaults::

    class Node:
        def __init__(self, **params): ...   # the manifest's "params", as keywords
        def initialize(self): ...           # optional: once, before the first item
        def process(self, item): ...        # once per input item
        def generate(self): ...             # optional: makes the node a source
        def flush(self): ...                # optional: at end of stream
        def cleanup(self): ...              # optional: always, also after an error

Lifecycle: construct with params -> ``initialize()`` once -> ``process()`` per item ->
``flush()`` at end of stream -> ``cleanup()`` always (also after an error elsewhere).

Parameters
    Declare them as explicit keyword parameters with defaults, e.g.
    ``def __init__(self, factor=2.0)``; a parameter without a default is required. The
    runtime lists a node's params by inspecting this signature, and validates a manifest
    by constructing the node: a ``TypeError`` for an unexpected keyword is reported as
    ``unknown_param``, any other exception from ``__init__`` as ``invalid_param``. So
    avoid ``**kwargs`` and check each value, raising ``TypeError``/``ValueError`` with a
    message that names the param and says what is accepted.

What ``process(item)`` may return
    - a value: emitted as one item (a tuple becomes an array);
    - ``None``: nothing is emitted (a filter);
    - a generator: each yielded item is emitted;
    - a coroutine (``async def``) or an async generator: awaited / iterated by the
      runtime's event loop (native build only; the WebAssembly build runs sync nodes).
    Everything a node emits while handling an item carries that item's timestamp.

Sources
    A node with ``generate()`` is a generator source: the runtime iterates
    ``generate()`` and emits each item (timestamps 0, 1, 2, ...).

Streaming nodes
    With ``"is_streaming": true`` in the manifest, ``process(self, stream)`` is called
    once with an iterator over all input items and yields outputs whenever it likes
    (chunking, voice activity detection, buffering).

End of stream
    ``flush()`` may return a value (one item), ``None`` (nothing) or be a generator
    (each yielded item). Buffered nodes emit their tail here.

Values
    Items are JSON-like Python values (``None``, ``bool``, ``int``, ``float``, ``str``,
    ``bytes``, ``list``/``tuple``, ``dict`` with ``str`` keys) and tensors. With numpy
    installed, tensors arrive as read-only numpy arrays and a returned numpy array is
    taken over without a copy. Without numpy (the WebAssembly build) tensors arrive as
    ``remotemedia.Tensor`` objects provided by the runtime: buffer protocol, ``.dtype``
    (a str such as ``"float32"``), ``.shape`` (a tuple), ``.tolist()``, ``*`` and ``+``
    with an int or float (numpy 1.24's result dtype and values), and along the first
    axis ``len(t)``, ``t[i]``, ``t[a:b]`` (a view) and ``Tensor.concatenate(tensors)``.
    Code that touches tensors should work with either, or raise a clear error.

Imports
    ``import remotemedia`` and ``import remotemedia.nodes`` import neither numpy nor
    ``socket``/``asyncio``/``email``: the WebAssembly build's stdlib is trimmed and
    importing ``socket`` hangs in browsers. Import heavy modules lazily, where needed.

Example::

    from remotemedia import Node

    class Scale(Node):
        \"\"\"Multiplies numbers by ``factor``.\"\"\"

        def __init__(self, factor=2.0):
            super().__init__(factor=factor)
            if isinstance(factor, bool) or not isinstance(factor, (int, float)):
                raise TypeError(f"factor must be a number, not {type(factor).__name__}")
            self.factor = factor

        def process(self, item):
            return item * self.factor
"""

from remotemedia.node import Node

__version__ = "0.1.0"

__all__ = ["Node", "__version__"]

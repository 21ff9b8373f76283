"""The SDK's ready-made nodes; a manifest's bare node name ``X`` resolves to
``remotemedia.nodes.X`` when no native node of that name exists.

``__all__`` is the list of node types this package offers (the runtime reads it for
``remotemedia nodes`` and for did-you-mean suggestions). Each node documents its
params and behaviour in its docstring. Importing this package does not import numpy.
"""

from remotemedia.nodes.audio import Chunker, Gain, SineSource
from remotemedia.nodes.basic import BufferNode, PassThroughNode
from remotemedia.nodes.numeric import Accumulator, CalculatorNode, NumpyMultiplier
from remotemedia.nodes.sources import SimpleSource
from remotemedia.nodes.text import TextProcessorNode, UppercaseTransform

__all__ = [
    "Accumulator",
    "BufferNode",
    "CalculatorNode",
    "Chunker",
    "Gain",
    "NumpyMultiplier",
    "PassThroughNode",
    "SimpleSource",
    "SineSource",
    "TextProcessorNode",
    "UppercaseTransform",
]

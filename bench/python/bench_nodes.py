"""Nodes for bench/python/python_bench.cpp (put on sys.path by the benchmark).

ShapeProbe measures the transport of a tensor through Python nodes: it looks at the
array (``np.asarray`` of a numpy array is the array itself, no copy) and reads its shape,
but never touches the data, so its cost must not grow with the tensor's size.
"""

import numpy as np


class ShapeProbe:
    """Returns the item (a tensor) unchanged after reading its shape. No params."""

    def process(self, item):
        array = np.asarray(item)
        array.shape
        return array

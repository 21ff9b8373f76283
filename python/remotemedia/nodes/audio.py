"""Audio nodes on 1-D sample tensors: gain, re-chunking and a test-tone source.

With numpy (the native build) they work on numpy arrays. Without it (the WebAssembly
build, where tensors are ``remotemedia.Tensor`` objects) they compute the same values
in pure Python and build their results with ``remotemedia.Tensor.from_list``, so both
builds emit the same bytes. numpy is imported when first used, not at import time.
"""

import math

from remotemedia import _params, _tensor
from remotemedia.node import Node


def _numpy():
    """numpy, or None when this build has none."""
    try:
        import numpy
    except ImportError:
        return None
    return numpy


def _tensor_from_list(values, dtype, node_name):
    """A 1-D ``remotemedia.Tensor`` of ``values`` (numbers exact in ``dtype``)."""
    ctor = _tensor._tensor_constructor(None)
    if ctor is None:
        raise RuntimeError(f"{node_name} needs numpy, or the runtime's remotemedia.Tensor")
    return ctor(values, dtype, (len(values),))


def _number_list_dtype(item):
    """The dtype ``np.asarray`` gives a list of bool/int/float (bool, int64 or float64;
    an empty list is float64), or None for anything else: a list of other things, or
    an int beyond int64, which numpy would make uint64 or object."""
    if not isinstance(item, (list, tuple)):
        return None
    if not all(isinstance(x, (int, float)) for x in item):
        return None
    if any(isinstance(x, int) and not -(2**63) <= x < 2**63 for x in item):
        return None
    if item and all(isinstance(x, bool) for x in item):
        return "bool"
    if not item or any(isinstance(x, float) for x in item):
        return "float64"
    return "int64"


def _samples(np, item):
    """(samples, dtype name, shape) of a tensor or a list of numbers: a numpy array with
    numpy; without, the runtime's ``remotemedia.Tensor`` (a list of Python numbers when
    there is no runtime, as in the SDK's own tests). Anything else is a ValueError, the
    same in both forms."""
    is_tensor = _tensor.is_tensor_like(item)
    list_dtype = None if is_tensor else _number_list_dtype(item)
    if not is_tensor and list_dtype is None:
        raise ValueError(
            f"Chunker takes 1-D tensors or lists of numbers, not {_params.type_name(item)}"
        )
    if np is not None:
        array = np.asarray(item)
        return array, str(array.dtype), tuple(array.shape)
    # The runtime's tensor slices and joins like an array (views, concatenate); any
    # other tensor object, or none at all, and the samples are a list.
    tensor_type = _tensor._runtime_tensor_type()
    if is_tensor:
        shape = tuple(item.shape)
        if type(item) is tensor_type:
            return item, item.dtype, shape
        return (item.tolist() if len(shape) == 1 else []), item.dtype, shape
    shape = (len(item),)
    if tensor_type is not None:
        return tensor_type.from_list(list(item), list_dtype, shape), list_dtype, shape
    return list(item), list_dtype, shape


def _concatenate(np, parts):
    """The samples of ``parts`` in one array, tensor or list, whichever they are."""
    if np is not None:
        return np.concatenate(parts)
    if isinstance(parts[0], list):
        return [x for part in parts for x in part]
    return type(parts[0]).concatenate(parts)


class Gain(Node):
    """Multiplies samples by a linear ``gain``; the same arithmetic as NumpyMultiplier.

    Params:
        gain (int or float, required): linear factor (0.5 is about -6 dB).

    Takes tensors (numpy arrays or ``remotemedia.Tensor``), numbers and lists of
    numbers; anything else is a ``TypeError``. ``float32 * 0.5`` stays float32.
    """

    def __init__(self, gain):
        super().__init__(gain=gain)
        self.gain = _params.number("gain", gain)

    def process(self, item):
        return _tensor.multiply(item, self.gain, type(self).__name__)


class Chunker(Node):
    """Re-chunks a stream of 1-D tensors into tensors of exactly ``size`` samples.

    Params:
        size (int >= 1, required): samples per output tensor.

    Each input is a 1-D tensor, or a list of numbers (bool, int within int64, float: the
    dtype numpy gives it, bool, int64 or float64); all inputs must share one dtype.
    Anything else is a ``ValueError``. Every full chunk is emitted as soon as it is
    complete (an input may complete several, or none); at end of stream ``flush()``
    returns the remaining, shorter tensor, or ``None`` when nothing is left. Samples are
    never padded or dropped. Chunks that lie inside one input are read-only views of
    it; chunks spanning inputs are new arrays.

    Works as an ordinary node (``process(item)`` + ``flush()``) and as a streaming node
    (``"is_streaming": true``: ``process(stream)`` iterates the stream and yields the
    tail itself at its end). Without numpy (the .wasm) the same holds of the runtime's
    ``remotemedia.Tensor``: views of one input's bytes, or new tensors.
    """

    def __init__(self, size):
        super().__init__(size=size)
        self.size = _params.integer("size", size, minimum=1)
        self._pending = []  # arrays, runtime tensors or sample lists, oldest first
        self._count = 0  # samples in _pending
        self._dtype = None

    def process(self, item):
        np = _numpy()
        if hasattr(item, "__anext__"):
            return self._process_async_stream(np, item)
        if hasattr(item, "__next__"):
            return self._process_stream(np, item)
        return self._push(np, item)

    def flush(self):
        if not self._count:
            return None
        return self._take(_numpy(), self._count)

    def _process_stream(self, np, stream):
        for item in stream:
            yield from self._push(np, item)
        tail = self.flush()
        if tail is not None:
            yield tail

    async def _process_async_stream(self, np, stream):
        async for item in stream:
            for chunk in self._push(np, item):
                yield chunk
        tail = self.flush()
        if tail is not None:
            yield tail

    def _push(self, np, item):
        array, dtype, shape = _samples(np, item)
        if len(shape) != 1:
            raise ValueError(f"Chunker takes 1-D tensors, got shape {shape}")
        if self._dtype is None:
            self._dtype = dtype
        elif dtype != self._dtype:
            raise ValueError(
                f"Chunker got a {dtype} tensor after {self._dtype} ones; "
                "all inputs must share one dtype"
            )
        if len(array):
            self._pending.append(array)
            self._count += len(array)
        while self._count >= self.size:
            yield self._take(np, self.size)

    def _take(self, np, n):
        first = self._pending[0]
        if len(first) >= n:
            chunk = first[:n]
            if len(first) > n:
                self._pending[0] = first[n:]
            else:
                self._pending.pop(0)
        else:
            parts, need = [], n
            while need:
                head = self._pending[0]
                if len(head) <= need:
                    parts.append(head)
                    self._pending.pop(0)
                    need -= len(head)
                else:
                    parts.append(head[:need])
                    self._pending[0] = head[need:]
                    need = 0
            chunk = _concatenate(np, parts)
        self._count -= n
        if isinstance(chunk, list):
            return _tensor_from_list(chunk, self._dtype, "Chunker")
        return chunk


class SineSource(Node):
    """Generates a float32 sine tone: ``sin(2*pi*frequency*i/sample_rate)``.

    Params:
        frequency (number >= 0, default 440.0): Hz.
        sample_rate (int >= 1, default 16000): samples per second.
        duration (number >= 0, default 1.0): seconds; the tone has
            ``round(duration * sample_rate)`` samples.
        chunk (int >= 1 or None, default None): None generates the whole tone as one
            1-D tensor; otherwise tensors of ``chunk`` samples, the last one shorter
            if the length is not a multiple (no items for a zero-length tone), computed
            a block at a time: a long tone streams in bounded memory.

    Computed in float64 and rounded to float32, with numpy or, the same way, without.
    A tone of over 2**53 samples is an error: float64 sample indices stop being exact.
    """

    # Samples computed per call (when chunked, rounded to whole chunks): per-call costs
    # amortized, memory bounded.
    _BLOCK = 1 << 16

    def __init__(self, frequency=440.0, sample_rate=16000, duration=1.0, chunk=None):
        super().__init__(
            frequency=frequency, sample_rate=sample_rate, duration=duration, chunk=chunk
        )
        for name, value in (("frequency", frequency), ("duration", duration)):
            _params.number(name, value)
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"{name} must be a finite number >= 0, got {value}")
        _params.integer("sample_rate", sample_rate, minimum=1)
        if chunk is not None:
            _params.integer("chunk", chunk, minimum=1)
        self.frequency = frequency
        self.sample_rate = sample_rate
        self.duration = duration
        self.chunk = chunk
        self.length = round(duration * sample_rate)
        if self.length > 2**53:
            raise ValueError(f"the tone would have {self.length} samples; at most 2**53")

    def generate(self):
        if self.chunk is None:
            yield self._whole_tone()
            return
        for _, block in self._blocks(self.chunk * max(1, self._BLOCK // self.chunk)):
            for start in range(0, len(block), self.chunk):
                yield block[start : start + self.chunk]

    def _whole_tone(self):
        """The tone as one tensor. With numpy, filled a block at a time: numpy's float64
        temporaries for the whole tone would take 6 times its size."""
        np = _numpy()
        if np is None or self.length <= self._BLOCK:
            return self._samples(0, self.length)
        tone = np.empty(self.length, dtype=np.float32)
        for start, block in self._blocks(self._BLOCK):
            tone[start : start + len(block)] = block
        return tone

    def _blocks(self, size):
        """(start, samples) of the tone's consecutive blocks of ``size`` samples."""
        for start in range(0, self.length, size):
            yield start, self._samples(start, min(start + size, self.length))

    def _samples(self, start, stop):
        """Samples ``start`` to ``stop`` of the tone: a numpy array, or without numpy the
        runtime's ``remotemedia.Tensor``, whose ``sine`` computes the same values."""
        np = _numpy()
        if np is not None:
            t = np.arange(start, stop, dtype=np.float64) / self.sample_rate
            return np.sin(2.0 * np.pi * self.frequency * t).astype(np.float32)
        tensor_type = _tensor._runtime_tensor_type()
        if tensor_type is None:
            raise RuntimeError("SineSource needs numpy, or the runtime's remotemedia.Tensor")
        return tensor_type.sine(self.frequency, self.sample_rate, start, stop)

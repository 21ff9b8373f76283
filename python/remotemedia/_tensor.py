"""Tensor helpers that work with numpy arrays and, without numpy, ``remotemedia.Tensor``.

``multiply(item, factor)`` is what NumpyMultiplier and Gain do. Numpy arrays are
multiplied by numpy itself, and the runtime's ``remotemedia.Tensor`` (the numpy-less
WebAssembly build's tensors) by the runtime's own kernels (``tensor * factor``, numpy
1.24's results bit for bit). Any other tensor object, and a ``remotemedia.Tensor`` times
an int beyond int64, is multiplied here in pure Python, reproducing numpy 1.24 exactly
— its legacy value-based result dtype and its arithmetic — so the builds print the same
results:

  - result dtype: a 0-d tensor, or a scalar of a higher kind than the tensor's
    (bool < int < float), makes the scalar count as int64/float64; otherwise the scalar
    takes the smallest type of its kind that holds its value (``np.min_scalar_type``)
    and is promoted with the tensor's dtype (``int8 * 200 -> int16``,
    ``float16 * 1e10 -> float32``, ``int32 * 1.5 -> float64``);
  - arithmetic: both sides are cast to the result dtype, integers wrap, float16/float32
    round the exact product to nearest-even (products of two float16/float32 values are
    exact in a double, so one rounding gives numpy's result).

The result is built with ``from_list(values, dtype, shape)`` looked up on the item's
type or on ``remotemedia.Tensor``; ``values`` is the flat C-order list of Python numbers,
each already representable in ``dtype``.
"""

import math
import struct
import sys

_INTS = {"int8": 8, "int16": 16, "int32": 32, "int64": 64}
_UINTS = {"uint8": 8, "uint16": 16, "uint32": 32, "uint64": 64}
_FLOATS = {"float16": 16, "float32": 32, "float64": 64}
_KIND_ORDER = {"b": 0, "i": 1, "u": 1, "f": 2}


def numpy_array_types():
    """The numpy array/scalar types if numpy is already imported, else ``()``.

    An item can only be a numpy object if numpy has been imported, so this never
    imports numpy itself (that costs tens of milliseconds).
    """
    np = sys.modules.get("numpy")
    if np is None:
        return ()
    return (np.ndarray, np.generic)


def is_tensor_like(item):
    """A numpy array, or an object with the ``remotemedia.Tensor`` surface."""
    types = numpy_array_types()
    if types and isinstance(item, types):
        return True
    return (
        isinstance(getattr(item, "dtype", None), str)
        and isinstance(getattr(item, "shape", None), tuple)
        and callable(getattr(item, "tolist", None))
    )


def kind(dtype):
    if dtype == "bool":
        return "b"
    if dtype in _INTS:
        return "i"
    if dtype in _UINTS:
        return "u"
    if dtype in _FLOATS:
        return "f"
    raise ValueError(f"unknown tensor dtype {dtype!r}")


def _bits(dtype):
    return _INTS.get(dtype) or _UINTS.get(dtype) or _FLOATS.get(dtype) or 8


def _float_holding(int_dtype):
    bits = _bits(int_dtype)
    return "float16" if bits == 8 else "float32" if bits == 16 else "float64"


def promote_types(a, b):
    """``np.promote_types`` for the runtime's dtypes."""
    if a == b:
        return a
    ka, kb = kind(a), kind(b)
    if ka == "b":
        return b
    if kb == "b":
        return a
    if ka == "f" or kb == "f":
        if ka == "f" and kb == "f":
            return a if _bits(a) >= _bits(b) else b
        f, other = (a, b) if ka == "f" else (b, a)
        need = _float_holding(other)
        return f if _bits(f) >= _bits(need) else need
    if ka == kb:
        return a if _bits(a) >= _bits(b) else b
    unsigned, signed = (a, b) if ka == "u" else (b, a)
    if _bits(signed) > _bits(unsigned):
        return signed
    if _bits(unsigned) == 64:
        return "float64"
    return f"int{_bits(unsigned) * 2}"


def _default_scalar_dtype(scalar):
    """The dtype numpy gives a Python scalar on its own (``np.asarray(scalar).dtype``)."""
    if isinstance(scalar, float):
        return "float64"
    if -(2**63) <= scalar < 2**63:
        return "int64"
    if 0 <= scalar < 2**64:
        return "uint64"
    raise OverflowError(f"{scalar} does not fit a 64-bit integer tensor")


def _min_scalar_type(scalar):
    """``np.min_scalar_type`` plus numpy's "small unsigned" flag."""
    if isinstance(scalar, float):
        if not math.isfinite(scalar) or -65000 < scalar < 65000:
            return "float16", False
        if -3.4e38 < scalar < 3.4e38:
            return "float32", False
        return "float64", False
    for bits in (8, 16, 32, 64):
        if 0 <= scalar < 2**bits:
            return f"uint{bits}", scalar < 2 ** (bits - 1)
        if -(2 ** (bits - 1)) <= scalar < 0:
            return f"int{bits}", False
    raise OverflowError(f"{scalar} does not fit a 64-bit integer tensor")


def result_dtype(dtype, zero_dim, scalar):
    """numpy 1.24's ``np.result_type(array, scalar)`` (legacy value-based casting)."""
    scalar_kind = "f" if isinstance(scalar, float) else "i"
    if zero_dim or _KIND_ORDER[scalar_kind] > _KIND_ORDER[kind(dtype)]:
        return promote_types(dtype, _default_scalar_dtype(scalar))
    scalar_dtype, small_unsigned = _min_scalar_type(scalar)
    if small_unsigned and kind(dtype) not in ("b", "u"):
        scalar_dtype = "int" + scalar_dtype[4:]
    return promote_types(scalar_dtype, dtype)


def _round_float(value, dtype):
    if dtype == "float64":
        return float(value)
    code = "e" if dtype == "float16" else "f"
    try:
        return struct.unpack(code, struct.pack(code, value))[0]
    except OverflowError:  # struct refuses to round to infinity; numpy does not
        return math.copysign(math.inf, value)


def _cast(value, dtype):
    k = kind(dtype)
    if k == "f":
        return _round_float(float(value), dtype)
    return _wrap(int(value), dtype)


def _wrap(value, dtype):
    bits = _bits(dtype)
    value &= (1 << bits) - 1
    if kind(dtype) == "i" and value >= 1 << (bits - 1):
        value -= 1 << bits
    return value


def _flatten(nested, ndim):
    if ndim == 0:
        return [nested]
    out = list(nested)
    for _ in range(ndim - 1):
        out = [x for row in out for x in row]
    return out


def _tensor_constructor(item):
    ctor = getattr(type(item), "from_list", None)
    if ctor is None:
        tensor_type = _runtime_tensor_type()
        ctor = getattr(tensor_type, "from_list", None)
    return ctor


def _runtime_tensor_type():
    """``remotemedia.Tensor`` when this runs inside the runtime, else None."""
    return getattr(sys.modules.get("remotemedia"), "Tensor", None)


def multiply_tensor_pure(item, factor, node_name):
    """``item * factor`` for a ``remotemedia.Tensor``-like item, without numpy."""
    ctor = _tensor_constructor(item)
    if ctor is None:
        raise RuntimeError(f"{node_name} needs numpy, or the runtime's remotemedia.Tensor")
    dtype, shape = item.dtype, tuple(item.shape)
    out_dtype = result_dtype(dtype, len(shape) == 0, factor)
    scalar = _cast(factor, out_dtype)
    values = _flatten(item.tolist(), len(shape))
    if kind(out_dtype) == "f":
        if out_dtype == "float64":
            out = [float(v) * scalar for v in values]
        else:
            out = [_round_float(_round_float(float(v), out_dtype) * scalar, out_dtype)
                   for v in values]
    else:
        out = [_wrap(int(v) * scalar, out_dtype) for v in values]
    return ctor(out, out_dtype, shape)


def multiply(item, factor, node_name):
    """``item * factor`` for numbers, (nested) lists of numbers and tensors.

    Numbers follow Python (int * int stays int); lists are multiplied element-wise,
    recursively; tensors as described in the module docstring. Anything else (bools,
    strings, dicts, None) is a ``TypeError`` naming the node and the type.
    """
    if isinstance(item, (int, float)) and not isinstance(item, bool):
        return item * factor
    types = numpy_array_types()
    if types and isinstance(item, types):
        np = sys.modules["numpy"]
        # asarray again: a 0-d array times a scalar is a numpy scalar, keep a tensor.
        return np.asarray(np.asarray(item) * factor)
    if isinstance(item, (list, tuple)):
        return [multiply(x, factor, node_name) for x in item]
    if type(item) is _runtime_tensor_type() and (
        isinstance(factor, float) or -(2**63) <= factor < 2**63
    ):
        return item * factor
    if is_tensor_like(item):
        return multiply_tensor_pure(item, factor, node_name)
    raise TypeError(
        f"{node_name} multiplies numbers, lists of numbers and tensors, "
        f"not {type(item).__name__}"
    )

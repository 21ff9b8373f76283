"""Param checks shared by the SDK nodes; each raises a message naming the param."""

from remotemedia import _tensor


def type_name(value):
    """The name of a value's type for messages: ``"tensor"`` for a tensor, which is a
    numpy array natively and a ``remotemedia.Tensor`` in the .wasm, so that both forms
    give the same message."""
    return "tensor" if _tensor.is_tensor_like(value) else type(value).__name__


def describe(value):
    """``True (bool)``-style text for error messages, kept short; a tensor as
    ``float32 tensor of shape (4,) (tensor)`` in both forms."""
    if _tensor.is_tensor_like(value):
        text = f"{value.dtype} tensor of shape {tuple(value.shape)}"
    else:
        text = repr(value)
        if len(text) > 40:
            text = text[:37] + "..."
    return f"{text} ({type_name(value)})"


def is_number(value):
    """An int or a float; bools are not numbers here."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def number(name, value):
    if not is_number(value):
        raise TypeError(f"{name} must be a number (int or float), got {describe(value)}")
    return value


def integer(name, value, minimum=None):
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an integer, got {describe(value)}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return value

"""Numeric nodes: arithmetic on numbers, numeric strings and tensors."""

import math

from remotemedia import _params, _tensor
from remotemedia.node import Node

_OPERATIONS = ("add", "subtract", "multiply", "divide")


def _reject_constant(name):
    raise ValueError(f"{name} is not a JSON number")


def _json_int(digits):
    # JSON's int/float rule, as the runtime's own codec applies it: an integer that
    # does not fit int64 is a float.
    value = int(digits)
    return value if -(2**63) <= value < 2**63 else float(digits)


def parse_number_string(text):
    """The number a string spells as one JSON number, or ``None``.

    Surrounding JSON whitespace (space, tab, newline, carriage return) is allowed.
    ``"12"`` -> 12, ``" 1e2 "`` -> 100.0, ``"-0.5"`` -> -0.5; ``"abc"``, ``"NaN"``,
    ``"[1]"``, ``"1e400"`` (beyond a double), ``"+1"``, ``"01"`` -> ``None``.
    """
    stripped = text.strip(" \t\n\r")
    # Only a JSON number starts with '-' or a digit; this also keeps other documents
    # (deeply nested arrays, ...) from being parsed just to be rejected.
    if not stripped or not (stripped[0] == "-" or "0" <= stripped[0] <= "9"):
        return None
    import json  # lazily: only numeric-looking strings need it

    try:
        value = json.loads(stripped, parse_int=_json_int, parse_constant=_reject_constant)
    except ValueError:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and math.isinf(value):
        return None
    return value


class CalculatorNode(Node):
    """``item <operation> operand`` on numbers and numeric strings; the rest passes.

    Params (both required):
        operation (str): one of ``add``, ``subtract``, ``multiply``, ``divide``.
        operand (int or float, not bool): the right-hand side; not 0 for ``divide``.

    Items: an int or float (not a bool), or a string holding one JSON number with
    optional surrounding JSON whitespace (``" 8 "`` counts as 8, ``"1e2"`` as 100.0), is
    replaced by the result with Python's rules: int with int stays int for add,
    subtract and multiply; divide always gives a float. Any other item (bools, lists,
    dicts, ``None``, other strings) is emitted unchanged. Same behaviour as the native
    ``CalculatorNode``.
    """

    def __init__(self, operation, operand):
        super().__init__(operation=operation, operand=operand)
        if not isinstance(operation, str):
            raise TypeError(
                f"operation must be a string, one of {', '.join(_OPERATIONS)}; "
                f"got {_params.describe(operation)}"
            )
        if operation not in _OPERATIONS:
            raise ValueError(
                f"operation must be one of {', '.join(_OPERATIONS)}, not {operation!r}"
            )
        _params.number("operand", operand)
        if operation == "divide" and operand == 0:
            raise ValueError("operand must not be 0 when operation is divide (division by zero)")
        self.operation = operation
        self.operand = operand

    def process(self, item):
        if isinstance(item, str):
            number = parse_number_string(item)
            if number is None:
                return item
            item = number
        elif not _params.is_number(item):
            return item
        if self.operation == "add":
            return item + self.operand
        if self.operation == "subtract":
            return item - self.operand
        if self.operation == "multiply":
            return item * self.operand
        return item / self.operand


class Accumulator(Node):
    """Running sum: emits the total so far after each item.

    Params:
        initial (int or float, default 0): the starting total.

    Items must be numbers (int or float, not bool); anything else is a ``TypeError``
    naming its type. Example: ``initial=0`` on 1, 2, 3.5 emits 1, 3, 6.5. ``flush()``
    emits nothing (each total was already emitted).
    """

    def __init__(self, initial=0):
        super().__init__(initial=initial)
        self.total = _params.number("initial", initial)

    def process(self, item):
        if not _params.is_number(item):
            raise TypeError(
                f"Accumulator sums numbers (int or float), not {_params.type_name(item)}"
            )
        self.total += item
        return self.total


class NumpyMultiplier(Node):
    """Multiplies tensors (and numbers, and lists of numbers) by ``factor``.

    Params:
        factor (int or float, default 2.0).

    - A numpy array gives ``np.asarray(item) * factor`` (a new array; numpy 1.24's
      dtype rules: ``float32 * 2.0`` stays float32, ``int16 * 0.5`` is float64).
    - Without numpy, a ``remotemedia.Tensor`` is multiplied in pure Python with the same
      dtype and values as numpy, and returned as a ``remotemedia.Tensor``.
    - A number gives ``item * factor``; a list (nested lists) is multiplied element-wise
      and stays a list.
    - Anything else (bools, strings, dicts, None) is a ``TypeError``.
    """

    def __init__(self, factor=2.0):
        super().__init__(factor=factor)
        self.factor = _params.number("factor", factor)

    def process(self, item):
        return _tensor.multiply(item, self.factor, type(self).__name__)

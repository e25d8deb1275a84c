"""The one boundary where input becomes exact.

``to_rational`` converts every supported input to an element of ``QQ``
(a ``flint.fmpq``): int, :class:`fractions.Fraction`, :class:`decimal.Decimal`,
sympy ``Rational``, numpy integers and floats, Python floats, and strings
``"3"``, ``"-3/7"``, ``"0.1"``, ``"1e-3"``. Nothing is ever evaluated or
sympified: strings are matched against a strict grammar.

Beware: a Python float is converted to its *exact* binary value, so the float
``0.1`` becomes 3602879701896397/36028797018963968, not 1/10. Write the string
``"0.1"`` (or ``Fraction(1, 10)``) to mean one tenth.

>>> to_rational("0.1") == QQ(1, 10)
True
>>> to_rational(0.1) == QQ(3602879701896397, 36028797018963968)
True
>>> to_rational("-3/7")
-3/7
"""

from __future__ import annotations

import math
import numbers
import re
from decimal import Decimal
from fractions import Fraction

from ._linalg import QQ, integer_from_digits, rational_type
from .errors import ConversionError, LimitError, NonFiniteError

__all__ = ["to_rational", "to_point", "parse_rational", "format_rational", "MAX_DIGITS", "MAX_EXPONENT"]

#: Largest number of digits accepted in one number (numerator or denominator text).
MAX_DIGITS = 10_000
#: Largest absolute decimal exponent accepted (``1e10000`` is fine, ``1e10001`` is not).
MAX_EXPONENT = 10_000

_INT = r"[+-]?\d+"
_RE_INT = re.compile(rf"\A{_INT}\Z")
_RE_FRAC = re.compile(rf"\A({_INT})\s*/\s*(\d+)\Z")
_RE_DEC = re.compile(r"\A([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\Z")
_NONFINITE = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}


def _check_int_size(n: int, where: str, max_digits: int) -> None:
    # bit_length is O(1); 3.33 bits per decimal digit.
    if n.bit_length() > max_digits * 3.33 + 4:
        raise LimitError(
            f"{where} has more than {max_digits} digits; raise exactrelu.rational.MAX_DIGITS "
            f"(or pass max_digits=) if this is intended"
        )


def parse_rational(text: str, where: str = "value", *, max_digits: int | None = None):
    """Parse a string exactly: ``"p"``, ``"p/q"`` or a decimal ``"-1.25e-3"``."""
    max_digits = MAX_DIGITS if max_digits is None else max_digits
    s = text.strip()
    if len(s) > 2 * max_digits + 50:
        raise LimitError(f"{where} is a string of {len(s)} characters; numbers are limited to {max_digits} digits")
    if s.lower() in _NONFINITE:
        raise NonFiniteError(f"{where} is {text!r}; NaN and inf have no exact value")
    if _RE_INT.match(s):
        if len(s.lstrip("+-")) > max_digits:
            raise LimitError(f"{where} has more than {max_digits} digits")
        return integer_from_digits(s)
    m = _RE_FRAC.match(s)
    if m:
        p, q = m.group(1), m.group(2)
        if len(p.lstrip("+-")) > max_digits or len(q) > max_digits:
            raise LimitError(f"{where} has more than {max_digits} digits")
        den = integer_from_digits(q)
        if den == 0:
            raise NonFiniteError(f"{where} is {text!r}: division by zero has no exact value")
        return integer_from_digits(p) / den
    m = _RE_DEC.match(s)
    if m and (m.group(2) or m.group(3)):
        sign, ip, fp, ex = m.group(1), m.group(2) or "", m.group(3) or "", m.group(4)
        if len(ip) + len(fp) > max_digits:
            raise LimitError(f"{where} has more than {max_digits} digits")
        e = 0
        if ex is not None:
            if len(ex.lstrip("+-")) > 6 or abs(int(ex)) > MAX_EXPONENT:
                raise LimitError(f"{where} has exponent {ex}; exponents are limited to ±{MAX_EXPONENT}")
            e = int(ex)
        digits = integer_from_digits(ip + fp or "0")
        e -= len(fp)
        if sign == "-":
            digits = -digits
        if e >= 0:
            return digits * QQ(10**e)
        return digits / QQ(10 ** (-e))
    raise ConversionError(
        f"{where} is {text!r}, which is not an exact number; write an integer, 'p/q' or a decimal like '0.25'"
    )


def to_rational(value, where: str = "value", *, max_digits: int | None = None):
    """Convert ``value`` exactly to a ``QQ`` element, or raise an ExactReluError naming ``where``."""
    if isinstance(value, rational_type):
        return value
    max_digits = MAX_DIGITS if max_digits is None else max_digits
    if isinstance(value, bool) or type(value).__name__ in ("bool_", "bool"):
        raise ConversionError(f"{where} is a boolean ({value!r}); expected a number")
    if value is None:
        raise ConversionError(f"{where} is None; expected a number")
    if isinstance(value, int):
        _check_int_size(value, where, max_digits)
        return QQ(value)
    if isinstance(value, Fraction):
        _check_int_size(value.numerator, where, max_digits)
        _check_int_size(value.denominator, where, max_digits)
        return QQ(value.numerator, value.denominator)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NonFiniteError(f"{where} is {value!r}; NaN and inf have no exact value")
        p, q = value.as_integer_ratio()
        return QQ(p, q)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NonFiniteError(f"{where} is {value!r}; NaN and inf have no exact value")
        return parse_rational(str(value), where, max_digits=max_digits)
    if isinstance(value, str):
        return parse_rational(value, where, max_digits=max_digits)
    # numpy scalars, without importing numpy
    mod = type(value).__module__
    if mod == "numpy":
        import numpy as np

        if isinstance(value, np.integer):
            return to_rational(int(value), where, max_digits=max_digits)
        if isinstance(value, np.floating):
            return to_rational(float(value), where, max_digits=max_digits)
        if isinstance(value, np.ndarray) and value.shape == ():
            return to_rational(value.item(), where, max_digits=max_digits)
    if mod.startswith("sympy"):
        import sympy

        if isinstance(value, sympy.Rational):
            return to_rational(Fraction(int(value.p), int(value.q)), where, max_digits=max_digits)
        if isinstance(value, sympy.Float):
            if not value.is_finite:
                raise NonFiniteError(f"{where} is {value}; NaN and inf have no exact value")
            r = sympy.Rational(value)
            return to_rational(Fraction(int(r.p), int(r.q)), where, max_digits=max_digits)
        raise ConversionError(f"{where} is the sympy expression {value}; expected a rational number")
    if isinstance(value, complex) or isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real):
        raise ConversionError(f"{where} is complex ({value!r}); expected a real number")
    if isinstance(value, (list, tuple)):
        raise ConversionError(f"{where} is a {type(value).__name__}; expected a number, not a nested list")
    raise ConversionError(f"{where} has type {type(value).__name__}; expected int, Fraction, 'p/q' or a float")


def format_rational(q) -> str:
    """Exact string form: ``"-3/7"``, ``"2"``."""
    return str(q)


def to_point(values, n: int | None = None, where: str = "point", *, max_digits: int | None = None) -> tuple:
    """A point as a tuple of QQ: from a sequence, a numpy array or the text ``"1/2,-3,0.25"``."""
    if isinstance(values, str):
        parts = [p for p in values.split(",")]
        if any(p.strip() == "" for p in parts):
            raise ConversionError(f"{where} {values!r} has an empty entry; write comma-separated numbers like '1/2,-3'")
        values = parts
    elif type(values).__module__ == "numpy":
        values = values.tolist()
    if not isinstance(values, (list, tuple)):
        raise ConversionError(f"{where} is a {type(values).__name__}; expected a sequence of numbers")
    pt = tuple(to_rational(v, f"{where}[{i}]", max_digits=max_digits) for i, v in enumerate(values))
    if n is not None and len(pt) != n:
        from .errors import ShapeError

        raise ShapeError(f"{where} has {len(pt)} entries but the network has {n} inputs; expected {n}")
    return pt

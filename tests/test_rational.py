"""The exact number boundary: every accepted input converts exactly, every bad one is refused."""

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, strategies as st

from exactrelu import _linalg as la
from exactrelu.errors import ConversionError, ExactReluError, LimitError, NonFiniteError
from exactrelu.rational import parse_rational, to_point, to_rational

QQ = la.QQ
FMPQ = type(QQ(1, 2))


@pytest.mark.parametrize(
    "value,expected",
    [
        (3, QQ(3)),
        (-7, QQ(-7)),
        (Fraction(-3, 7), QQ(-3, 7)),
        (sympy.Rational(5, 6), QQ(5, 6)),
        (sympy.Integer(4), QQ(4)),
        ("3/6", QQ(1, 2)),
        (" -3 / 7 ", QQ(-3, 7)),
        ("0.1", QQ(1, 10)),
        ("-.25", QQ(-1, 4)),
        ("1e-3", QQ(1, 1000)),
        ("2.5E2", QQ(250)),
        ("+4", QQ(4)),
        (0.5, QQ(1, 2)),
        (0.1, QQ(3602879701896397, 36028797018963968)),
        (np.int64(-5), QQ(-5)),
        (np.float32(0.1), QQ(13421773, 134217728)),
        (np.float64(1.5), QQ(3, 2)),
        (Decimal("0.3"), QQ(3, 10)),
        (QQ(2, 9), QQ(2, 9)),
    ],
    ids=repr,
)
def test_exact_conversion(value, expected):
    got = to_rational(value)
    assert type(got) is FMPQ
    assert got == expected


@pytest.mark.parametrize(
    "value,cls,msg",
    [
        (float("nan"), NonFiniteError, "NaN and inf"),
        (float("inf"), NonFiniteError, "NaN and inf"),
        (np.float64("-inf"), NonFiniteError, "NaN and inf"),
        ("nan", NonFiniteError, "NaN"),
        ("Infinity", NonFiniteError, "NaN"),
        ("1/0", NonFiniteError, "division by zero"),
        (True, ConversionError, "boolean"),
        (np.bool_(False), ConversionError, "boolean"),
        (None, ConversionError, "None"),
        (1 + 2j, ConversionError, "complex"),
        ([1, 2], ConversionError, "nested list"),
        ("abc", ConversionError, "not an exact number"),
        ("__import__('os').system('x')", ConversionError, "not an exact number"),
        ("1/2/3", ConversionError, "not an exact number"),
        ("1e999999", LimitError, "exponent"),
        ("9" * 10_001, LimitError, "digits"),
        (10 ** 20_000, LimitError, "digits"),
        (sympy.Symbol("a"), ConversionError, "sympy expression"),
        (object(), ConversionError, "type object"),
    ],
    ids=lambda v: repr(v)[:30] if not (isinstance(v, int) and v.bit_length() > 1000) else "huge-int",
)
def test_rejected(value, cls, msg):
    with pytest.raises(cls, match=msg) as info:
        to_rational(value, "layers[0].weights[1][2]")
    assert isinstance(info.value, ExactReluError)
    assert "layers[0].weights[1][2]" in str(info.value)


@given(st.fractions())
def test_fraction_round_trip(f):
    q = to_rational(f)
    assert (int(q.numerator), int(q.denominator)) == (f.numerator, f.denominator)
    assert to_rational(str(f)) == q


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_float_is_its_exact_dyadic_value(x):
    q = to_rational(x)
    assert Fraction(int(q.numerator), int(q.denominator)) == Fraction(x)


@given(st.integers(-(10**12), 10**12), st.integers(0, 12))
def test_decimal_strings_mean_the_decimal_written(n, k):
    text = f"{n}e-{k}"
    assert to_rational(text) == QQ(n, 10**k)
    assert to_rational(str(Decimal(n).scaleb(-k))) == QQ(n, 10**k)


def test_limits_are_options():
    big = "1" * 12_000
    with pytest.raises(LimitError):
        parse_rational(big)
    assert parse_rational(big, max_digits=20_000) == QQ(10**12_000 - 1) / 9


def test_to_point():
    assert to_point("1/2,-3,0.25", 3) == (QQ(1, 2), QQ(-3), QQ(1, 4))
    assert to_point(np.array([1.5, 2]), 2) == (QQ(3, 2), QQ(2))
    with pytest.raises(ExactReluError, match="has 2 entries but the network has 3 inputs"):
        to_point("1,2", 3)
    with pytest.raises(ConversionError, match=r"point\[1\]"):
        to_point(["1", "x"], 2)
    with pytest.raises(ConversionError, match="empty entry"):
        to_point("1,,2", 3)


class PoisonRational(Fraction):
    """A rational whose float conversion raises: exact code must never call it."""

    def __float__(self):
        raise AssertionError("float() called on an exact value")


def test_poison_rational_never_floated():
    q = to_rational(PoisonRational(1, 3))
    assert q == QQ(1, 3)

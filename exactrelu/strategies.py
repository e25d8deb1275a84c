"""Hypothesis strategies for rational ReLU networks and points (opt-in, like ``hypothesis.extra``).

Use them in your own tests::

    from hypothesis import given
    from exactrelu.strategies import networks, points

    @given(networks(widths=(2, 3, 1)), points(2))
    def test_mine(net, x): ...

Everything generated is exact (``QQ`` elements / Fractions); nothing is a float.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

from . import _linalg as la
from .network import Layer, Network

__all__ = ["rationals", "networks", "points", "widths"]


def rationals(max_numerator: int = 20, max_denominator: int = 10, *, allow_zero: bool = True):
    """Small exact rationals p/q (as QQ elements)."""
    s = st.builds(
        lambda p, q: la.QQ(p, q),
        st.integers(-max_numerator, max_numerator),
        st.integers(1, max_denominator),
    )
    if not allow_zero:
        s = s.filter(lambda v: v != 0)
    return s


def widths(n_inputs=(1, 3), hidden=(1, 4), depth=(1, 3), n_outputs=(1, 2)):
    """Shapes (n_0, n_1, ..., n_L) with the given ranges (inclusive)."""
    return st.builds(
        lambda n0, hs, nL: (n0, *hs, nL),
        st.integers(*n_inputs),
        st.lists(st.integers(*hidden), min_size=depth[0], max_size=depth[1]),
        st.integers(*n_outputs),
    )


@st.composite
def networks(draw, widths=None, *, entries=None, linear_head=None):
    """Random rational networks. ``widths`` a fixed shape or a strategy of shapes.

    ``linear_head``: True / False, or None to draw it.
    """
    shape = draw(globals()["widths"]()) if widths is None else widths if isinstance(widths, tuple) else draw(widths)
    entries = entries or rationals()
    head = draw(st.booleans()) if linear_head is None else linear_head
    layers = []
    for l in range(1, len(shape)):
        W = tuple(tuple(draw(entries) for _ in range(shape[l - 1])) for _ in range(shape[l]))
        b = tuple(draw(entries) for _ in range(shape[l]))
        act = "linear" if head and l == len(shape) - 1 else "relu"
        layers.append(Layer(W, b, act))
    return Network._from_validated(layers, la.QQ)


def points(n: int, max_numerator: int = 30, max_denominator: int = 8):
    """Exact points in Q^n as tuples of QQ."""
    return st.tuples(*[rationals(max_numerator, max_denominator)] * n)


def fractions_of(strategy):
    """Map QQ values of ``strategy`` to :class:`fractions.Fraction` (to test the input boundary)."""
    return strategy.map(lambda q: Fraction(int(q.numerator), int(q.denominator)))

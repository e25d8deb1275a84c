"""Hypothesis strategies for rational ReLU networks and points (opt-in, like ``hypothesis.extra``).

Use them in your own tests::

    from hypothesis import given
    from exactrelu.strategies import networks, points

    @given(networks(widths=(2, 3, 1)), points(2))
    def test_mine(net, x): ...

Everything generated is exact (``QQ`` elements / Fractions); nothing is a float.

Degenerate cases, where float tools fail and exact tools must not::

    from exactrelu import enumerate_regions, forward
    from exactrelu.strategies import degenerate_networks, points_in_region, points_on_boundary

    @given(degenerate_networks(n_inputs=2), st.data())
    def test_ties(net, data):
        x = data.draw(points_on_boundary(net))          # some pre-activation is exactly 0 at x
        assert forward(net, x).ties
        region = next(iter(enumerate_regions(net)))
        y = data.draw(points_in_region(region))        # strictly inside: same configuration
        assert forward(net, y).configuration == region.configuration

- :func:`degenerate_networks`: first-layer hyperplanes through one common point
  (``concurrent``), duplicate neurons, scaled copies (same hyperplane, either
  orientation), dead neurons (zero weights, negative bias: never active) and
  zero neurons (zero weights and bias: tied everywhere); deeper layers may
  duplicate neurons too.
- :func:`points_in_region`: rational points strictly inside a
  :class:`~exactrelu.regions.Region` (its witness moved by a small exact step).
- :func:`points_on_boundary`: rational points on a first-layer hyperplane
  (solved exactly), so the forward pass reports a tie.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

from . import _linalg as la
from .errors import ConversionError, DomainError
from .network import Layer, Network

__all__ = [
    "rationals",
    "networks",
    "points",
    "widths",
    "fractions_of",
    "degenerate_networks",
    "points_in_region",
    "points_on_boundary",
    "DEGENERACIES",
]


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


#: The kinds of degeneracy :func:`degenerate_networks` can build.
DEGENERACIES = ("concurrent", "duplicate", "scaled", "dead", "zero")


def _int_range(value):
    if isinstance(value, int):
        return st.just(value)
    lo, hi = value
    return st.integers(lo, hi)


@st.composite
def degenerate_networks(draw, n_inputs=(1, 3), *, kinds=DEGENERACIES, hidden=(1, 3), depth=(1, 2),
                        n_outputs=(1, 2), linear_head=None, entries=None):
    """Rational networks with ties built in (MATH.md §2: where floats cannot decide).

    The first layer has ``hidden`` generic neurons plus at least one
    degenerate neuron drawn from ``kinds``:

    - ``"concurrent"``: every generic first-layer hyperplane passes through one
      common rational point p (b_k = -W_k . p);
    - ``"duplicate"``: an exact copy of another neuron (same weights and bias);
    - ``"scaled"``: another neuron times c != 0 (c < 0 flips the orientation: the same hyperplane);
    - ``"dead"``: zero weights and a negative bias (never active);
    - ``"zero"``: zero weights and bias (pre-activation identically 0: tied everywhere).

    Deeper layers (``depth`` - 1 of them, widths in ``hidden``) are generic,
    plus a duplicate neuron when ``"duplicate"`` is in ``kinds``.

    Parameters
    ----------
    n_inputs, hidden, depth, n_outputs : an int or an inclusive (lo, hi) range
    kinds : a subset of :data:`DEGENERACIES`
    linear_head : True / False, or None to draw it
    entries : strategy of QQ entries (default :func:`rationals`)
    """
    kinds = tuple(kinds)
    unknown = set(kinds) - set(DEGENERACIES)
    if unknown or not kinds:
        raise ConversionError(f"kinds is {kinds!r}; expected a non-empty subset of {DEGENERACIES}")
    entries = entries or rationals(6, 4)
    K = la.QQ
    zero = K.zero
    n0 = draw(_int_range(n_inputs))
    h = draw(_int_range(hidden))
    W = [[draw(entries) for _ in range(n0)] for _ in range(h)]
    b = [draw(entries) for _ in range(h)]
    extra = draw(st.lists(st.sampled_from(kinds), min_size=1, max_size=3))
    if "concurrent" in extra:
        p = [draw(entries) for _ in range(n0)]
        b = [-la.dot(r, p, zero) for r in W]
    for kind in extra:
        k = draw(st.integers(0, len(W) - 1))
        if kind in ("duplicate", "concurrent"):  # a concurrent layer gets a duplicate too
            W.append(list(W[k]))
            b.append(b[k])
        elif kind == "scaled":
            c = draw(rationals(4, 3, allow_zero=False))
            W.append([c * v for v in W[k]])
            b.append(c * b[k])
        elif kind == "dead":
            W.append([zero] * n0)
            b.append(-abs(draw(rationals(5, 3, allow_zero=False))))
        else:  # zero
            W.append([zero] * n0)
            b.append(zero)
    order = draw(st.permutations(range(len(W))))
    layers_W, layers_b = [[tuple(W[i]) for i in order]], [tuple(b[i] for i in order)]
    n_prev = len(W)
    for _ in range(draw(_int_range(depth)) - 1):
        w = draw(_int_range(hidden))
        Wl = [tuple(draw(entries) for _ in range(n_prev)) for _ in range(w)]
        bl = [draw(entries) for _ in range(w)]
        if "duplicate" in kinds and draw(st.booleans()):
            Wl.append(Wl[0])
            bl.append(bl[0])
        layers_W.append(Wl)
        layers_b.append(tuple(bl))
        n_prev = len(Wl)
    nL = draw(_int_range(n_outputs))
    layers_W.append([tuple(draw(entries) for _ in range(n_prev)) for _ in range(nL)])
    layers_b.append(tuple(draw(entries) for _ in range(nL)))
    head = draw(st.booleans()) if linear_head is None else linear_head
    acts = ["relu"] * (len(layers_W) - 1) + ["linear" if head else "relu"]
    layers = [Layer(tuple(Wl), tuple(bl), a) for Wl, bl, a in zip(layers_W, layers_b, acts)]
    return Network._from_validated(layers, K)


def _strictly_inside(region, y) -> bool:
    zero = la.QQ.zero
    P = region.polytope
    return all(la.dot(a, y, zero) < c for a, c in zip(P.A, P.b) if any(a))


@st.composite
def points_in_region(draw, region, *, max_numerator: int = 10, max_denominator: int = 4):
    """Rational points strictly inside ``region`` (a :class:`~exactrelu.regions.Region`, within its domain).

    The witness is moved along a drawn direction by an exact step, halved
    until every non-constant inequality of the region holds strictly; such a
    point has the region's configuration and no tie except on neurons that
    are identically 0 there.
    """
    w = tuple(region.witness)
    d = draw(st.tuples(*[rationals(max_numerator, max_denominator)] * len(w)))
    t = la.QQ.one
    for _ in range(200):
        y = tuple(a + t * c for a, c in zip(w, d))
        if _strictly_inside(region, y):
            return y
        t = t / 2
    return w  # pragma: no cover - the witness is strictly inside


def points_on_boundary(net: Network, *, max_numerator: int = 30, max_denominator: int = 8):
    """Rational points where some first-layer pre-activation is exactly 0 (``forward(net, x).ties`` non-empty).

    A neuron k with weights w != 0 is drawn and a point p; one coordinate j
    with w_j != 0 is then solved for exactly, x_j = -(b_k + sum_{i != j} w_i p_i) / w_j.
    A zero neuron (weights and bias 0) ties at every point.

    Raises
    ------
    DomainError
        If no first-layer neuron can tie (all have zero weights and a non-zero bias).
    """
    L0 = net.layers[0]
    if not L0.rectified:
        raise DomainError("points_on_boundary: layers[0] is linear; a tie needs a rectified first layer")
    zero = la.QQ.zero
    movable = [k for k, r in enumerate(L0.weights) if any(r)]
    always = [k for k, r in enumerate(L0.weights) if not any(r) and L0.bias[k] == zero]
    if not movable and not always:
        raise DomainError("points_on_boundary: every neuron of layers[0] has zero weights and a non-zero bias; "
                          "no input makes a pre-activation 0")
    n = net.n_inputs

    @st.composite
    def draw_point(draw):
        p = list(draw(points(n, max_numerator, max_denominator)))
        if not movable:
            return tuple(p)
        k = draw(st.sampled_from(movable))
        w = L0.weights[k]
        j = draw(st.sampled_from([i for i, v in enumerate(w) if v]))
        rest = sum((w[i] * p[i] for i in range(n) if i != j), zero) + L0.bias[k]
        p[j] = -rest / w[j]
        return tuple(p)

    return draw_point()

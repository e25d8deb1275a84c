"""Forward pass, ties, and the affine piece by two independent routes (MATH.md §2-3)."""

import pytest
import sympy
from hypothesis import assume, given, settings, strategies as st

from exactrelu import _linalg as la
from exactrelu.configuration import (
    Configuration,
    affine_piece,
    affine_piece_product,
    forward,
    preactivation_maps,
)
from exactrelu.errors import ConfigurationError, ShapeError, SymbolicError
from exactrelu.network import Network
from exactrelu.strategies import networks, points

QQ = la.QQ
FMPQ = type(QQ(1, 2))


def _relu_net_value(net, x):
    """Independent plain-Python forward pass over Fractions (no library code)."""
    from fractions import Fraction

    cur = [Fraction(int(v.numerator), int(v.denominator)) for v in x]
    for L in net.layers:
        z = [
            sum((Fraction(int(w.numerator), int(w.denominator)) * c for w, c in zip(row, cur)), Fraction(0))
            + Fraction(int(b.numerator), int(b.denominator))
            for row, b in zip(L.weights, L.bias)
        ]
        cur = [max(v, 0) for v in z] if L.rectified else z
    return cur


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_forward_matches_independent_evaluation(data):
    net = data.draw(networks())
    x = data.draw(points(net.n_inputs))
    r = forward(net, x)
    ref = _relu_net_value(net, x)
    assert [(int(v.numerator), int(v.denominator)) for v in r.value] == [(f.numerator, f.denominator) for f in ref]
    assert all(type(v) is FMPQ for v in r.value)
    # ties are exactly the zero pre-activations of rectified layers
    expect = {(l, k) for l, L in enumerate(net.layers) if L.rectified for k, v in enumerate(r.z[l]) if v == 0}
    assert set(r.ties) == expect


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_piece_recursion_equals_product_formula_and_forward(data):
    net = data.draw(networks())
    x = data.draw(points(net.n_inputs))
    r = forward(net, x)
    p = affine_piece(net, r.configuration)
    q = affine_piece_product(net, r.configuration)
    assert p.M == q.M and p.m == q.m
    # the piece equals the network at x (x is in the closed cell of its own configuration)
    assert p(x) == r.value
    # and the pre-activation maps reproduce z_l at x
    for l, (A, c) in enumerate(preactivation_maps(net, r.configuration)):
        z = tuple(a + cc[0] for a, cc in zip(la.matvec(la.rows(A), x, QQ), la.rows(c)))
        assert z == r.z[l]


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_piece_holds_along_a_segment_inside_the_cell(data):
    """Points between x and a nearby point with the same configuration and no ties lie in the cell."""
    net = data.draw(networks())
    x = data.draw(points(net.n_inputs))
    y = data.draw(points(net.n_inputs))
    rx, ry = forward(net, x), forward(net, y)
    assume(rx.configuration == ry.configuration)
    p = affine_piece(net, rx.configuration)
    t = QQ(1, 3)
    mid = tuple(a + t * (b - a) for a, b in zip(x, y))
    # the cell is convex when both ends have no ties: the midpoint shares the configuration
    if not rx.ties and not ry.ties:
        assert forward(net, mid).configuration == rx.configuration
        assert p(mid) == forward(net, mid).value


def test_tie_convention_and_reporting():
    net = Network.from_lists([[[1, -1], [1, 1]], [[1, 2]]], [[0, 0], [0]], ["relu", "linear"])
    r = forward(net, ["1", "1"])
    assert str(r.configuration) == "01"
    assert r.ties == ((0, 0),)
    assert r.value == (QQ(4),)


def test_linear_head_has_no_bits():
    net = Network.from_lists([[[1]], [[2]]], [[0], [1]], ["relu", "linear"])
    s = forward(net, [3]).configuration
    assert s.bits == ((1,),) and str(s) == "1"
    piece = affine_piece(net, "1")
    assert piece.M_rows == ((QQ(2),),) and piece.m_vector == (QQ(1),)
    assert affine_piece(net, "0").m_vector == (QQ(1),)  # D = I on the linear head


@pytest.mark.parametrize(
    "conf,msg",
    [("1", "has 1 layers but the network has 2"), ("1|0", r"group 0 \(layers\[0\]\) has 1 bits"), ("12|0", "expected only 0 and 1"), ([[1, 2], [0]], r"configuration\[0\]\[1\]")],
)
def test_bad_configurations(conf, msg):
    net = Network.from_lists([[[1], [2]], [[1, 1]]], [[0, 0], [0]])
    with pytest.raises(ConfigurationError, match=msg):
        affine_piece(net, conf)


def test_wrong_point_dimension():
    net = Network.from_lists([[[1, 2]]], [[0]])
    with pytest.raises(ShapeError, match="has 3 entries but the network has 2 inputs"):
        forward(net, [1, 2, 3])


def test_symbolic_piece_is_a_polynomial_identity():
    names = ["a", "b", "c", "d", "e", "f", "g"]
    net = Network.from_lists([[["a", "b"], ["c", "d"]], [["e", "f"]]], [[0, "g"], [0]], ["relu", "linear"], symbols=names)
    s = Configuration.parse("11", net)
    p, q = affine_piece(net, s), affine_piece_product(net, s)
    assert p == q
    a, b, c, d, e, f, g = sympy.symbols(names, real=True)
    M = sympy.Matrix([[net.domain.to_sympy(v) for v in r] for r in p.M_rows])
    assert sympy.expand(M - sympy.Matrix([[e * a + f * c, e * b + f * d]])) == sympy.zeros(1, 2)
    assert net.domain.to_sympy(p.m_vector[0]) == f * g
    with pytest.raises(SymbolicError):
        forward(net, [1, 2])

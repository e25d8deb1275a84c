"""Exact Lipschitz constants (max over regions of ||M_s||) and Theorem 6's bounds (MATH.md §6)."""

import json
import subprocess
import sys

import numpy as np
import pytest
import sympy
from hypothesis import given, settings, strategies as st

from exactrelu import _linalg as la
from exactrelu.configuration import forward
from exactrelu.errors import ExactReluError
from exactrelu.lipschitz import is_leq, lipschitz_constant, operator_norm, region_bounds, theorem6_bounds
from exactrelu.network import Network
from exactrelu.regions import enumerate_regions
from exactrelu.strategies import networks, points, rationals

QQ = la.QQ


def pnorm(v, norm):
    if norm == "1":
        return sum((abs(a) for a in v), QQ.zero)
    if norm == "inf":
        return max((abs(a) for a in v), default=QQ.zero)
    return sum((a * a for a in v), QQ.zero)  # squared 2-norm


def unit_vector(t):
    """A rational point on the unit sphere S^{n-1} from t in Q^{n-1} (inverse stereographic projection)."""
    s = sum((a * a for a in t), QQ.zero)
    return tuple(2 * a / (1 + s) for a in t) + ((1 - s) / (1 + s),)


small_nets = networks(st.tuples(st.integers(1, 3), st.integers(1, 4), st.integers(1, 3), st.integers(1, 2)).map(
    lambda t: (t[0], t[1], t[2], t[3])) | st.tuples(st.integers(1, 3), st.integers(1, 5), st.integers(1, 3)))


@settings(max_examples=40, deadline=None)
@given(small_nets, st.sampled_from(["1", "2", "inf"]), st.data())
def test_constant_is_an_upper_bound_on_random_pairs(net, norm, data):
    r = lipschitz_constant(net, norm)
    assert r.complete
    n = net.n_inputs
    for _ in range(5):
        x, y = data.draw(points(n)), data.draw(points(n))
        dx = tuple(a - b for a, b in zip(x, y))
        dy = tuple(a - b for a, b in zip(forward(net, x).value, forward(net, y).value))
        if norm == "2":
            assert is_leq(sympy.Rational(str(pnorm(dy, "2"))), r.value**2 * sympy.Rational(str(pnorm(dx, "2"))))
        else:
            assert pnorm(dy, norm) <= QQ.convert(sympy.Rational(r.value)) * pnorm(dx, norm)


@settings(max_examples=40, deadline=None)
@given(small_nets, st.sampled_from(["1", "inf"]))
def test_one_and_inf_constants_are_attained_by_two_rational_points(net, norm):
    r = lipschitz_constant(net, norm)
    value = QQ.convert(sympy.Rational(r.value))
    assert isinstance(value, la.rational_type)
    if r.pair is None:
        assert value == 0 or r.regions == 0
        return
    x, y = r.pair
    dx = tuple(a - b for a, b in zip(x, y))
    dy = tuple(a - b for a, b in zip(forward(net, x).value, forward(net, y).value))
    assert pnorm(dy, norm) == value * pnorm(dx, norm)
    assert forward(net, x).configuration == r.configuration


@settings(max_examples=30, deadline=None)
@given(small_nets, st.sampled_from(["1", "2", "inf"]))
def test_constant_is_the_largest_regional_norm(net, norm):
    r = lipschitz_constant(net, norm)
    ords = {"1": 1, "2": 2, "inf": np.inf}
    floats = [np.linalg.norm(np.array([[float(v) for v in row] for row in la.rows(reg.M)]), ords[norm])
              for reg in enumerate_regions(net)]
    assert float(r.value) == pytest.approx(max(floats), rel=1e-12, abs=1e-12)
    for k, v in r.bounds.items():
        assert is_leq(r.value, v), (k, v, r.value)


def test_two_norm_with_several_outputs_is_algebraic():
    net = Network.from_lists([[[1, 2], [3, -1], [-2, 1]], [[1, 0, 2], [0, 1, 1], [1, 1, 1]]], [[0, 1, 0], [0, 0, 0]],
                             ["relu", "linear"])
    r = lipschitz_constant(net, 2)
    M = max((np.linalg.norm(np.array([[float(v) for v in row] for row in la.rows(reg.M)]), 2), str(reg.configuration))
            for reg in enumerate_regions(net))
    assert float(r.value) == pytest.approx(M[0], rel=1e-14)
    assert not r.value.is_Rational
    lam = r.value**2
    G = None
    for reg in enumerate_regions(net):
        if reg.configuration == r.configuration:
            G = sympy.Matrix([[sympy.Rational(str(v)) for v in row] for row in la.rows(reg.M)])
    assert sympy.simplify((G.T * G - lam * sympy.eye(2)).det()) == 0  # lam is an eigenvalue of M^T M


def test_is_leq_decides_equal_algebraic_numbers_exactly():
    assert is_leq(sympy.sqrt(2) * sympy.sqrt(3), sympy.sqrt(6)) and is_leq(sympy.sqrt(6), sympy.sqrt(2) * sympy.sqrt(3))
    assert not is_leq(sympy.sqrt(2), sympy.Rational(14142135623730950, 10**16))
    assert is_leq(sympy.sqrt(2), sympy.Rational(14142135623730951, 10**16))
    x = sympy.Symbol("x")
    a, b = sympy.CRootOf(x**3 - x - 1, 0), sympy.CRootOf((x**3 - x - 1) * (x - 7), 0)
    assert is_leq(a, b) and is_leq(b, a)


def test_operator_norms_of_a_known_matrix():
    M = la.matrix([[QQ(1), QQ(-2)], [QQ(3), QQ(4)]], (2, 2), QQ)
    assert operator_norm(M, 1) == 6 and operator_norm(M, "inf") == 7
    assert sympy.simplify(operator_norm(M, 2) ** 2 - (15 + 5 * sympy.sqrt(5))) == 0


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_theorem6_i_with_unit_first_rows_and_last_columns(data):
    n0, n1, n2, n3 = data.draw(st.tuples(st.integers(2, 3), st.integers(1, 4), st.integers(1, 4), st.integers(1, 2)))
    q = rationals(5, 4)
    W1 = [unit_vector([data.draw(q) for _ in range(n0 - 1)]) for _ in range(n1)]
    W2 = [[data.draw(q) for _ in range(n1)] for _ in range(n2)]
    cols = [unit_vector([data.draw(q) for _ in range(n3 - 1)]) for _ in range(n2)]
    W3 = [[cols[c][r] for c in range(n2)] for r in range(n3)]
    B = [[data.draw(q) for _ in range(n)] for n in (n1, n2, n3)]
    net = Network.from_lists([W1, W2, W3], B, ["relu", "relu", "linear"])
    b = theorem6_bounds(net, 2)
    assert "i" in b
    r = lipschitz_constant(net, 2)
    assert is_leq(r.value, b["i"]) and is_leq(r.value, b["ii"]) and is_leq(r.value, b["ii_product"])
    for reg in enumerate_regions(net):
        rb = region_bounds(net, reg.configuration)
        local = operator_norm(reg.M, 2)
        assert is_leq(local, rb["i_atoms"]) and is_leq(rb["i_atoms"], rb["i"]) and is_leq(rb["i"], b["i"])
        assert is_leq(local, rb["i_general"])


def test_theorem6_i_does_not_apply_without_normalisation():
    net = Network.from_lists([[[2, 0], [0, 1]], [[1, 1], [1, 1]], [[1, 1]]], [[0, 0], [0, 0], [0]])
    assert "i" not in theorem6_bounds(net, 2) and "ii" in theorem6_bounds(net, 2)


def test_domain_and_limits():
    net = Network.from_lists([[[1], [-1], [2]], [[1, 3, -1]]], [[0, 0, -2], [0]], ["relu", "linear"])
    whole = lipschitz_constant(net, "inf")
    assert whole.value == 3
    left = lipschitz_constant(net, "inf", [(-2, -1)])
    assert left.value == 3 and lipschitz_constant(net, "inf", [(0, "1/2")]).value == 1
    part = lipschitz_constant(net, "inf", max_regions=1)
    assert not part.complete and part.regions == 1 and is_leq(part.value, whole.value)


def test_is_upper_bound_takes_floats_exactly():
    net = Network.from_lists([[[1, 1]]], [[0]], ["linear"])
    r = lipschitz_constant(net, 2)
    assert r.value == sympy.sqrt(2)
    assert r.is_upper_bound(1.4142135623730951)  # this float is just above sqrt(2)
    assert not r.is_upper_bound(1.4142135623730950)  # == 1.41421356237309492... < sqrt(2)
    assert not r.is_upper_bound("1.41421356")
    with pytest.raises(ExactReluError):
        r.is_upper_bound(float("nan"))


def test_cli_lipschitz_json_and_exit_codes():
    out = subprocess.run([sys.executable, "-m", "exactrelu", "lipschitz", "examples/paper_example2.json", "--json"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    res = json.loads(out.stdout)
    assert res["norm"] == "2" and res["value"] == "sqrt(2)" and res["decimal"].startswith("1.41421356237")
    assert res["configuration"] == "11|1" and res["complete"] is True and res["regions"] == 7
    assert all(b["holds"] for b in res["bounds"].values()) and "ii" in res["bounds"]
    inc = subprocess.run([sys.executable, "-m", "exactrelu", "lipschitz", "examples/paper_example2.json", "--json",
                          "--norm", "inf", "--max-regions", "2"], capture_output=True, text=True)
    assert inc.returncode == 3 and json.loads(inc.stdout)["complete"] is False
    bad = subprocess.run([sys.executable, "-m", "exactrelu", "lipschitz", "examples/paper_example2.json", "--norm", "3"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.startswith("exactrelu: error:")


@settings(max_examples=25, deadline=None)
@given(small_nets, st.sampled_from(["1", "2", "inf"]))
def test_numeric_twin_agrees_on_generic_nets(net, norm):
    from exactrelu import numeric

    exact = lipschitz_constant(net, norm)
    approx = numeric.lipschitz_constant(net, norm)
    assert approx.complete and exact.complete
    assert approx.value == pytest.approx(float(exact.value), rel=1e-9, abs=1e-12)


def test_numeric_twin_misses_a_sliver_the_exact_constant_sees():
    """A region of width 1e-12 carries the steepest piece: float64 enumeration drops it."""
    from exactrelu import numeric

    eps = sympy.Rational(1, 10**12)
    # relu(x) - relu(x - eps) is a ramp of height eps on [0, eps]: slope 1 there, 0 elsewhere;
    # add 1/2 relu(x - 1) so that the float answer (missing the ramp) is 1/2, the exact one 1
    net = Network.from_lists([[[1], [1], [1]], [[1, -1, "1/2"]]], [[0, str(-eps), -1], [0]], ["relu", "linear"])
    exact = lipschitz_constant(net, "inf")
    assert exact.value == 1 and str(exact.configuration) == "100"
    approx = numeric.lipschitz_constant(net, "inf")
    assert approx.value in (0.5, 1.0)  # documents what float64 does; the exact one is the reference

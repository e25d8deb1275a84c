"""exactrelu.testing: the assert_* oracle helpers and OracleMismatch."""

from fractions import Fraction

import numpy as np
import pytest

from exactrelu import Network, forward
from exactrelu._linalg import QQ
from exactrelu.errors import ExactReluError, ShapeError
from exactrelu.rational import to_point
from exactrelu.testing import (
    OracleMismatch,
    assert_jacobian,
    assert_lipschitz_upper_bound,
    assert_piece,
    assert_region_count,
    assert_same_function,
    format_point,
)

ABS = Network.from_lists([[[1], [-1]], [[1, 1]]], [[0, 0], [0]], ["relu", "linear"])  # |x|
EX2 = Network.from_lists([[[1, 0], [0, 1]], [[1, 1]]], [[0, 0], [-1]])  # paper Example 2: 7 regions
# 2-input net relu(x) + relu(-x) + relu(y): kink along x = 0
KINK2 = Network.from_lists([[[1, 0], [-1, 0], [0, 1]], [[1, 1, 1]]], [[0, 0, 0], [0]], ["relu", "linear"])


def parse_pt(text):
    return to_point(text)


def test_oracle_mismatch_is_both():
    assert issubclass(OracleMismatch, ExactReluError)
    assert issubclass(OracleMismatch, AssertionError)
    err = OracleMismatch("x", counterexample=(QQ(1, 2), QQ(-3)), configuration="10|1")
    assert err.counterexample_text == "1/2,-3"
    assert format_point((QQ(1, 2), QQ(-3))) == "1/2,-3"


# -- region counts -------------------------------------------------------------------------------

@pytest.mark.parametrize("domain", [None, [(-2, 2), (-2, 2)], {"A": [[1, 0], [-1, 0], [0, 1], [0, -1]], "b": [2, 2, 2, 2]}],
                         ids=["whole", "box", "polytope"])
def test_region_count_ok(domain):
    assert assert_region_count(EX2, 7, domain) == 7


def test_region_count_too_low_gives_witnesses():
    with pytest.raises(OracleMismatch) as info:
        assert_region_count(EX2, 5)
    err = info.value
    msg = str(err)
    assert "exactly 7 linear regions" in msg and "not 5" in msg
    # every listed witness is a rational point whose forward configuration is the listed one
    regs = err.details["regions"]
    assert len(regs) == 3
    for conf, pt in regs:
        assert f"configuration {conf} at x = {pt}" in msg
        assert str(forward(EX2, parse_pt(pt)).configuration) == conf
    assert forward(EX2, err.counterexample).configuration.__str__() == err.configuration


def test_region_count_too_high():
    with pytest.raises(OracleMismatch, match=r"exactly 2 linear regions on the box \[-1, 1\], not 3"):
        assert_region_count(ABS, 3, [(-1, 1)])


def test_region_count_bad_claim_type():
    with pytest.raises(ExactReluError, match="count is"):
        assert_region_count(ABS, "2")
    assert assert_region_count(ABS, np.int64(2)) == 2


# -- affine pieces -------------------------------------------------------------------------------

def test_piece_exact_and_float():
    r = assert_piece(EX2, ["1", "1/3"], [[1, 1]], [-1])
    assert str(r.configuration) == "11|1" and not r.ties and not r.at_kink
    # numpy float claims are converted exactly
    assert_piece(EX2, np.array([1.5, 0.25]), np.array([[1.0, 1.0]]), np.array([-1.0]))
    # 1-D M for a single output, scalar m
    assert_piece(EX2, "1,1/3", [1, 1], -1)


def test_piece_wrong_entry_reports_exact_values():
    with pytest.raises(OracleMismatch) as info:
        assert_piece(EX2, "1,1/3", [[1, 0.5]], [-1])
    msg = str(info.value)
    assert "x = 1,1/3" in msg and "region 11|1" in msg
    assert "M[0][1]: claimed 1/2 exactly, but the network has 1" in msg
    assert info.value.counterexample == (QQ(1), QQ(1, 3))


def test_piece_tolerance_is_exact():
    wrong = 1 + 1e-12
    with pytest.raises(OracleMismatch):
        assert_piece(EX2, "1,1/3", [[wrong, 1]], [-1])  # tol = 0: exact
    assert_piece(EX2, "1,1/3", [[wrong, 1]], [-1], tol=1e-9)
    with pytest.raises(OracleMismatch):
        assert_piece(EX2, "1,1/3", [[1 + 1e-6, 1]], [-1], tol=1e-9)
    with pytest.raises(ExactReluError, match="tol"):
        assert_piece(EX2, "1,1/3", [[1, 1]], [-1], tol=-1)


def test_piece_at_tie_accepts_any_adjacent_region():
    for M in ([[1]], [[-1]]):
        r = assert_piece(ABS, [0], M, [0])
        assert r.ties == ((0, 0), (0, 1)) and r.at_kink
        assert "on a boundary" in r.note and "2 regions" in r.note
    with pytest.raises(OracleMismatch, match=r"boundary .*any of the 2 regions"):
        assert_piece(ABS, [0], [[0]], [0])  # the tie configuration 00 is not a region


def test_piece_shape_errors():
    with pytest.raises(ShapeError, match=r"M has 2 rows"):
        assert_piece(EX2, "0,0", [[1, 1], [1, 1]], [0])
    with pytest.raises(ShapeError, match=r"M\[0\] has 3 entries; expected 2"):
        assert_piece(EX2, "0,0", [[1, 1, 1]], [0])
    with pytest.raises(ShapeError, match=r"m has 2 entries"):
        assert_piece(EX2, "0,0", [[1, 1]], [0, 0])


# -- Jacobians -----------------------------------------------------------------------------------

def test_jacobian_inside_region():
    assert_jacobian(EX2, "1,2", [[1, 1]])
    with pytest.raises(OracleMismatch, match=r"differentiable there with J = \[\[1, 0\]\]"):
        assert_jacobian(EX2, "3,-2", [[1, 1]])


def test_jacobian_at_kink_one_sided_and_reject():
    r = assert_jacobian(KINK2, "0,1", [[-1, 1]])
    assert r.at_kink and "one-sided" in r.note
    assert_jacobian(KINK2, "0,1", [[1, 1]])
    with pytest.raises(OracleMismatch) as info:
        assert_jacobian(KINK2, "0,1", [[1, 1]], at_kink="reject")
    msg = str(info.value)
    assert "not differentiable at x = 0,1" in msg
    assert "layers[0] neuron 0" in msg and "layers[0] neuron 1" in msg
    assert "[[1, 1]]" in msg and "[[-1, 1]]" in msg
    with pytest.raises(ExactReluError, match="at_kink"):
        assert_jacobian(KINK2, "0,1", [[1, 1]], at_kink="maybe")


def test_jacobian_differentiable_on_boundary():
    # y = relu(x) - relu(-x) = x: ties at 0 but one Jacobian
    net = Network.from_lists([[[1], [-1]], [[1, -1]]], [[0, 0], [0]], ["relu", "linear"])
    r = assert_jacobian(net, [0], [[1]])
    assert not r.at_kink and r.ties
    with pytest.raises(OracleMismatch, match="every adjacent region has this Jacobian"):
        assert_jacobian(net, [0], [[0]])


def test_torch_autograd_relu_prime_zero_is_caught():
    torch = pytest.importorskip("torch")
    model = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1))
    with torch.no_grad():
        model[0].weight.copy_(torch.tensor([[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0]]))
        model[0].bias.zero_()
        model[2].weight.copy_(torch.tensor([[1.0, 1.0, 1.0]]))
        model[2].bias.zero_()
    from exactrelu.interop import from_torch

    net = from_torch(model)
    assert_same_function(net, KINK2)
    x = torch.tensor([0.0, 1.0], requires_grad=True)
    model(x).sum().backward()
    assert x.grad.tolist() == [0.0, 1.0]  # relu'(0) = 0 on both tied neurons
    with pytest.raises(OracleMismatch) as info:
        assert_jacobian(net, x.detach(), x.grad)
    assert "none of the one-sided Jacobians" in str(info.value)
    assert info.value.counterexample_text == "0,1"
    # away from the kink torch is right, exactly
    y = torch.tensor([0.5, 1.0], requires_grad=True)
    model(y).sum().backward()
    assert_jacobian(net, y.detach(), y.grad)


# -- Lipschitz -----------------------------------------------------------------------------------

def test_lipschitz_upper_bound():
    pytest.importorskip("exactrelu.lipschitz")
    net = Network.from_lists([[[1, 0], [0, 1]], [[3, 4]]], [[0, 0], [0]], ["relu", "linear"])
    res = assert_lipschitz_upper_bound(net, 5)
    assert str(res.value) == "5"
    assert_lipschitz_upper_bound(net, Fraction(51, 10))
    with pytest.raises(OracleMismatch) as info:
        assert_lipschitz_upper_bound(net, "4.999")
    msg = str(info.value)
    assert "exact constant is 5" in msg and "region 11" in msg
    w = info.value.counterexample
    assert str(forward(net, w).configuration) == "11"
    with pytest.raises(OracleMismatch, match="exact constant is 7"):
        assert_lipschitz_upper_bound(net, 6, norm="inf")
    # 2-norm with an irrational constant: sqrt(2) is compared exactly
    net2 = Network.from_lists([[[1, 1]]], [[0]])
    assert_lipschitz_upper_bound(net2, "1.4143")
    with pytest.raises(OracleMismatch, match="sqrt\\(2\\)"):
        assert_lipschitz_upper_bound(net2, "1.4142")


# -- same function -------------------------------------------------------------------------------

W1 = [[1, 2], [-1, 1], [2, -1]]
B1 = [0, 1, "-1/2"]
W2 = [[1, -2, 3]]
B2 = [1]
BASE = Network.from_lists([W1, W2], [B1, B2], ["relu", "linear"])


def test_same_function_itself():
    assert assert_same_function(BASE, BASE) >= 1


def test_same_function_pruned_dead_neuron():
    dead = Network.from_lists([W1 + [[0, 0]], [W2[0] + [5]]], [B1 + [-1], B2], ["relu", "linear"])
    assert_same_function(dead, BASE)
    assert_same_function(BASE, dead, [(-3, 3), (-3, 3)])


def test_same_function_positive_rescaling():
    W1s = [W1[0], [2 * v for v in W1[1]], W1[2]]
    B1s = [B1[0], 2, B1[2]]
    W2s = [[1, -1, 3]]  # column 1 halved
    assert_same_function(BASE, Network.from_lists([W1s, W2s], [B1s, B2], ["relu", "linear"]))


def test_same_function_permutation():
    p = [2, 0, 1]
    net = Network.from_lists([[W1[i] for i in p], [[W2[0][i] for i in p]]], [[B1[i] for i in p], B2],
                             ["relu", "linear"])
    assert_same_function(net, BASE)


def test_same_function_mismatch_point_is_verified():
    other = Network.from_lists([W1, [[1, -2, "301/100"]]], [B1, B2], ["relu", "linear"])
    with pytest.raises(OracleMismatch) as info:
        assert_same_function(BASE, other)
    err = info.value
    x = err.counterexample
    assert all(type(v) is type(QQ(1, 2)) for v in x)  # exact, not float
    assert forward(BASE, x).value != forward(other, x).value
    assert f"differ at x = {err.counterexample_text}" in str(err)
    assert f"net_a gives [{forward(BASE, x).value[0]}]" in str(err)


def test_same_function_only_on_domain():
    # relu(x) and x agree on x >= 0 only
    a = Network.from_lists([[[1]]], [[0]])
    b = Network.from_lists([[[1]]], [[0]], ["linear"])
    assert_same_function(a, b, [(0, 5)])
    with pytest.raises(OracleMismatch) as info:
        assert_same_function(a, b, [(-5, 5)])
    assert info.value.counterexample[0] < 0


def test_same_function_shape_errors():
    with pytest.raises(ShapeError, match="inputs"):
        assert_same_function(ABS, EX2)
    with pytest.raises(ExactReluError, match="expected an exactrelu Network"):
        assert_same_function(ABS, [[1]])


# -- properties on generated (degenerate) networks -------------------------------------------------

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from exactrelu import configurations_at  # noqa: E402
from exactrelu._linalg import rational_type  # noqa: E402
from exactrelu.strategies import degenerate_networks, points_on_boundary  # noqa: E402


def _permute_first_layer(net, perm):
    W = [list(r) for r in net.layers[0].weights]
    b = list(net.layers[0].bias)
    rest_W = [[list(r) for r in L.weights] for L in net.layers[1:]]
    rest_b = [list(L.bias) for L in net.layers[1:]]
    W1 = [W[i] for i in perm]
    b1 = [b[i] for i in perm]
    if rest_W:
        rest_W[0] = [[row[i] for i in perm] for row in rest_W[0]]
    return Network.from_lists([W1] + rest_W, [b1] + rest_b, [L.activation for L in net.layers])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(degenerate_networks(n_inputs=2, hidden=(1, 2), depth=(2, 2), n_outputs=1), st.data())
def test_oracle_properties_on_degenerate_nets(net, data):
    perm = data.draw(st.permutations(range(net.layers[0].n_out)))
    assert assert_same_function(net, _permute_first_layer(net, perm), [(-3, 3), (-3, 3)]) >= 1
    x = data.draw(points_on_boundary(net))
    for conf, _ in configurations_at(net, x):
        p = __import__("exactrelu").affine_piece(net, conf)
        r = assert_piece(net, x, p.M_rows, p.m_vector)
        assert r.ties and all(isinstance(v, rational_type) for v in r.point)
        assert_jacobian(net, x, p.M_rows)  # every one-sided Jacobian is accepted

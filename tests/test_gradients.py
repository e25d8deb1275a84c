"""Eqs. (13)-(16) (MATH.md §7): closed form == back-propagation == exact central differences; the bound."""

import pytest
from hypothesis import assume, given, settings, strategies as st

from exactrelu import _linalg as la
from exactrelu.configuration import forward
from exactrelu.errors import ConfigurationError, ShapeError
from exactrelu.gradients import (backprop_gradients, difference_quotients, gradient_bound_check, input_gradient,
                                 loss_gradients)
from exactrelu.network import Network
from exactrelu.strategies import networks, points, widths

QQ = la.QQ
shapes = widths(n_inputs=(1, 3), hidden=(1, 3), depth=(0, 3), n_outputs=(1, 2))


@settings(max_examples=60, deadline=None)
@given(networks(shapes), st.data())
def test_closed_form_backprop_and_difference_quotients_agree(net, data):
    x = data.draw(points(net.n_inputs))
    assume(not forward(net, x).ties)
    t = data.draw(points(net.n_outputs))
    closed = loss_gradients(net, x, t)
    assert closed == backprop_gradients(net, x, t)
    assert closed == difference_quotients(net, x, t)
    assert all(isinstance(v, la.rational_type) for d in closed.db for v in d)
    assert gradient_bound_check(net, x, t).holds


@settings(max_examples=40, deadline=None)
@given(networks(shapes), st.data())
def test_input_gradient_is_M_transpose_g_and_matches_central_differences(net, data):
    x = data.draw(points(net.n_inputs))
    fr = forward(net, x)
    assume(not fr.ties)
    t = data.draw(points(net.n_outputs))
    grad = input_gradient(net, x, t)

    def loss(y):
        return sum(((a - b) ** 2 for a, b in zip(forward(net, y).value, t)), QQ.zero) / 2

    for i in range(net.n_inputs):
        h = QQ.one
        while True:
            xp = tuple(v + (h if k == i else 0) for k, v in enumerate(x))
            xm = tuple(v - (h if k == i else 0) for k, v in enumerate(x))
            if all(forward(net, y).configuration == fr.configuration and not forward(net, y).ties for y in (xp, xm)):
                break
            h /= 2
        assert (loss(xp) - loss(xm)) / (2 * h) == grad[i]


def test_a_known_gradient():
    # rho(x) = relu(x1 - x2) + 3 relu(2 x1 + x2 + 1), linear head; at (1, 1/2) both active
    net = Network.from_lists([[[1, -1], [2, 1]], [[1, 3]]], [[0, 1], [0]], ["relu", "linear"])
    g = loss_gradients(net, ["1", "1/2"], ["0"])
    value = QQ(1, 2) + 3 * QQ(7, 2)
    assert g.g == (value,)
    assert g.db[1] == (value,) and g.db[0] == (value, 3 * value)
    assert g.dW[0] == ((value, value / 2), (3 * value, 3 * value / 2))


def test_exploding_bound_is_tight_for_a_dense_net():
    L, n = 4, 2
    net = Network.from_lists([[[1] * n] * n] * L, [[0] * n] * L, ["relu"] * (L - 1) + ["linear"])
    b = gradient_bound_check(net, [1, 1], [0, 0])
    assert b.holds and b.largest[0] == b.bounds[0]  # (mu n)^{L-1} ||g|| ||x||: attained with all-ones weights


def test_ties_and_shapes_are_refused():
    net = Network.from_lists([[[1], [-1]], [[1, 1]]], [[0, 0], [0]], ["relu", "linear"])
    with pytest.raises(ConfigurationError, match="boundary"):
        loss_gradients(net, [0], [1])
    assert loss_gradients(net, [0], [1], allow_ties=True).db[0] == (0, 0)
    with pytest.raises(ShapeError, match="target"):
        loss_gradients(net, [1], [1, 2])

"""exactrelu.strategies: degenerate networks, interior points, boundary points."""

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from exactrelu import Network, affine_piece, count_regions, enumerate_regions, forward
from exactrelu import _linalg as la
from exactrelu._linalg import QQ, rational_type
from exactrelu.errors import DomainError, ExactReluError
from exactrelu.strategies import (
    DEGENERACIES,
    degenerate_networks,
    points_in_region,
    points_on_boundary,
)

from . import _oracle

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _first_layer_kinds(net):
    rows = net.layers[0].weights
    bias = net.layers[0].bias
    out = set()
    for k, (r, b) in enumerate(zip(rows, bias)):
        if not any(r):
            out.add("zero" if b == 0 else ("dead" if b < 0 else "const"))
        for k2 in range(k):
            if rows[k2] == r and bias[k2] == b:
                out.add("duplicate")
    return out


@pytest.mark.parametrize("kind", DEGENERACIES)
def test_each_kind_is_built(kind):
    seen = set()

    @SETTINGS
    @given(degenerate_networks(n_inputs=2, kinds=(kind,), depth=1))
    def run(net):
        assert all(isinstance(v, rational_type) for L in net.layers for r in L.weights for v in r)
        seen.update(_first_layer_kinds(net))
        if kind == "scaled":
            rows = net.layers[0].weights
            bias = net.layers[0].bias
            # some pair of neurons spans the same hyperplane (rows proportional, incl. bias)
            found = False
            for i in range(len(rows)):
                for j in range(i):
                    ri, rj = list(rows[i]) + [bias[i]], list(rows[j]) + [bias[j]]
                    piv = next((t for t, v in enumerate(rj) if v), None)
                    if piv is not None and rj[piv] and all(a * rj[piv] == c * ri[piv] for a, c in zip(ri, rj)):
                        found = True
            assert found
        if kind == "concurrent":
            # every first-layer hyperplane passes through one point: W p + b = 0 is consistent
            W = [list(r) for r in net.layers[0].weights]
            b = list(net.layers[0].bias)
            rank = la.matrix(W, (len(W), 2), QQ).rank()
            aug = la.matrix([r + [c] for r, c in zip(W, b)], (len(W), 3), QQ).rank()
            assert rank == aug

    run()
    if kind in ("dead", "zero", "duplicate"):
        assert kind in seen


@SETTINGS
@given(degenerate_networks(n_inputs=(1, 2), hidden=(1, 2), depth=(1, 2), n_outputs=1))
def test_degenerate_regions_match_brute_force(net):
    if sum(L.n_out for L in net.layers if L.rectified) > 7:
        return
    regions = list(enumerate_regions(net))
    assert {str(r.configuration) for r in regions} == _oracle.regions(net)
    for r in regions:
        assert r.check(net)
        assert forward(net, r.witness).value == affine_piece(net, r.configuration)(r.witness)


@SETTINGS
@given(degenerate_networks(n_inputs=2, hidden=(1, 3), depth=(1, 2)), st.data())
def test_points_in_region_are_strictly_inside(net, data):
    regions = list(enumerate_regions(net, [(-4, 4), (-4, 4)]))
    r = data.draw(st.sampled_from(regions))
    y = data.draw(points_in_region(r))
    assert all(isinstance(v, rational_type) for v in y)
    fr = forward(net, y)
    assert fr.configuration == r.configuration
    assert r.polytope.contains(y)
    assert r.piece(y) == fr.value


@SETTINGS
@given(degenerate_networks(n_inputs=(1, 3), kinds=("concurrent", "duplicate", "scaled")), st.data())
def test_points_on_boundary_have_a_tie(net, data):
    x = data.draw(points_on_boundary(net))
    assert all(isinstance(v, rational_type) for v in x)
    fr = forward(net, x)
    assert any(l == 0 for l, _ in fr.ties)
    assert any(v == 0 for v in fr.z[0])


def test_points_on_boundary_zero_neuron_and_errors():
    zero_only = Network.from_lists([[[0, 0]]], [[0]])

    @settings(max_examples=5, deadline=None)
    @given(points_on_boundary(zero_only))
    def run(x):
        assert forward(zero_only, x).ties == ((0, 0),)

    run()
    with pytest.raises(DomainError, match="non-zero bias"):
        points_on_boundary(Network.from_lists([[[0, 0]]], [[-1]]))
    with pytest.raises(DomainError, match="linear"):
        points_on_boundary(Network.from_lists([[[1, 0]]], [[0]], ["linear"]))


def test_bad_kinds():
    @settings(max_examples=1, deadline=None)
    @given(degenerate_networks(kinds=("wobbly",)))
    def run(net):
        pass

    with pytest.raises(ExactReluError, match="kinds"):
        run()


def test_concurrent_lines_meet_in_one_point():
    # three concurrent lines in the plane: 6 regions, not the generic 7
    @SETTINGS
    @given(degenerate_networks(n_inputs=2, hidden=3, kinds=("concurrent",), depth=1, n_outputs=1,
                               linear_head=True))
    def run(net):
        W = net.layers[0].weights
        # distinct non-parallel directions among generic neurons -> region count <= 2 * #directions
        n = count_regions(net)
        dirs = set()
        for r in W:
            if any(r):
                piv = next(v for v in r if v)
                dirs.add(tuple(v / abs(piv) for v in r))
        assert n <= 2 * len(dirs) or len(dirs) == 0

    run()

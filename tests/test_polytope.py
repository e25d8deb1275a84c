"""Cells, domains and the region / realised tests (MATH.md §2), with certificates."""

import pytest
from hypothesis import given, settings, strategies as st

from exactrelu import _linalg as la
from exactrelu import lp
from exactrelu.configuration import Configuration, forward
from exactrelu.errors import DomainError, ShapeError
from exactrelu.network import Network
from exactrelu.polytope import (
    Domain,
    as_domain,
    cell_polytope,
    configurations_at,
    is_realised,
    is_region,
)
from exactrelu.strategies import networks, points

QQ = la.QQ


def _all_configurations(net):
    import itertools

    sizes = [net.layers[l].n_out for l in net.rectified_layers]
    for flat in itertools.product((0, 1), repeat=sum(sizes)):
        bits, i = [], 0
        for n in sizes:
            bits.append(tuple(flat[i : i + n]))
            i += n
        yield Configuration(tuple(bits))


def test_zero_neuron_gives_four_regions_not_eight():
    net = Network.from_lists([[[1, 0], [0, 1], [0, 0]]], [[0, 0, 0]])
    regions = [s for s in _all_configurations(net) if is_region(net, s)]
    assert sorted(map(str, regions)) == ["000", "010", "100", "110"]


def test_z_and_minus_z_realised_but_not_region():
    net = Network.from_lists([[[1, 1], [-1, -1]]], [[0, 0]])
    assert not is_region(net, "00")
    cert = is_region(net, "00")
    assert isinstance(cert, lp.Infeasible) and cert.check()
    real = is_realised(net, "00")
    assert isinstance(real, lp.Feasible) and real.check()
    assert forward(net, real.point).configuration == Configuration.parse("00")
    assert not is_realised(net, "11")


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_region_witness_has_that_configuration(data):
    net = data.draw(networks(widths=st.sampled_from([(1, 3, 1), (2, 3, 1), (2, 2, 2, 1)])))
    x = data.draw(points(net.n_inputs))
    s = forward(net, x).configuration
    res = is_region(net, s)
    assert res.check()
    if isinstance(res, lp.Feasible):
        fr = forward(net, res.point)
        assert fr.configuration == s
        assert cell_polytope(net, s).contains(res.point)
    real = is_realised(net, s)
    assert isinstance(real, lp.Feasible)  # x itself realises s


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_every_point_lies_in_a_listed_region(data):
    net = data.draw(networks(widths=st.sampled_from([(1, 3, 1), (2, 3, 1), (2, 2, 2)])))
    x = data.draw(points(net.n_inputs, max_numerator=4, max_denominator=2))  # lands on boundaries often
    confs = configurations_at(net, x)
    assert confs, "the closures of the regions cover the input space"
    for s, w in confs:
        assert is_region(net, s)
        assert cell_polytope(net, s).contains(x)
        fr = forward(net, w)
        assert fr.configuration == s


def test_configurations_at_a_vertex_of_concurrent_lines():
    # three lines through the origin (weights 1/10, 2/10, -3/10 style): 6 regions meet at 0
    net = Network.from_lists([[["1/10", "2/10"], ["-3/10", "1/10"], ["2/10", "-3/10"]]], [[0, 0, 0]])
    confs = configurations_at(net, [0, 0])
    assert len(confs) == 6
    assert len({str(s) for s, _ in confs}) == 6


def test_domains():
    d = Domain.from_box([("-1", "2"), (0, "1/2")])
    assert d.polytope().contains(["2", "1/2"]) and not d.polytope().contains(["3", 0])
    assert d.is_bounded()
    assert not Domain.from_inequalities([[1, 0]], [1]).is_bounded()
    with pytest.raises(DomainError, match=r"box\[0\] = \[1, 1\] is empty or flat"):
        Domain.from_box([(1, 1)])
    with pytest.raises(DomainError, match="empty interior"):
        Domain.from_inequalities([[1], [-1]], [0, 0]).require_interior()
    with pytest.raises(ShapeError):
        as_domain([(0, 1)] * 3, 2)
    net = Network.from_lists([[[1]]], [[0]])
    assert is_region(net, "1", [(0, 1)])
    assert not is_region(net, "1", [("-1", 0)])  # touches only at 0: no interior


def test_cell_polytope_tags():
    net = Network.from_lists([[[1, 0], [0, 1]], [[1, 1]]], [[0, 0], [-1]])
    P = cell_polytope(net, "11|1", [(-2, 2), (-2, 2)])
    assert P.tags[:3] == ((0, 0), (0, 1), (1, 0))
    assert all(t[0] is None for t in P.tags[3:])
    irr = P.irredundant()
    assert (1, 0) in irr.tags and len(irr) <= len(P)

"""Region enumeration against closed forms (MATH.md §4), an independent oracle, and properties."""

import itertools
from math import comb

import pytest
from hypothesis import assume, given, settings, strategies as st

from exactrelu import _linalg as la
from exactrelu import numeric
from exactrelu.configuration import forward
from exactrelu.errors import DomainError, LimitError
from exactrelu.network import Network
from exactrelu.regions import count_realised, count_regions, enumerate_realised, enumerate_regions
from exactrelu.strategies import degenerate_networks, networks, points

from . import _oracle

QQ = la.QQ


# ---------------------------------------------------------------- closed forms
def zaslavsky(n, d):
    return sum(comb(n, i) for i in range(d + 1))


def serra_bound(n0, widths):
    """Serra et al. (2018) upper bound on the number of regions of a ReLU net."""
    total = 0

    def rec(l, cap, prod):
        nonlocal total
        if l == len(widths):
            total += prod
            return
        for j in range(0, min(cap, widths[l]) + 1):
            rec(l + 1, min(cap, widths[l] - j), prod * comb(widths[l], j))

    rec(0, n0, 1)
    return total


def test_serra_bound_values_of_math_md():
    assert serra_bound(1, [3, 3]) == 16
    assert serra_bound(2, [4]) == 11
    assert serra_bound(2, [2, 2]) == 11
    assert serra_bound(2, [4, 4]) == 121
    assert serra_bound(2, [3, 3, 3]) == 208


def in_general_position(W, b):
    """Exactly: every <= d normals independent and no d + 1 hyperplanes through a point."""
    d = len(W[0])
    rows = [list(r) for r in W]
    for k in range(1, min(d, len(rows)) + 1):
        for sub in itertools.combinations(range(len(rows)), k):
            M = la.matrix([rows[i] for i in sub], (k, d), QQ)
            if M.rank() < k:
                return False
    for sub in itertools.combinations(range(len(rows)), d + 1):
        M = la.matrix([rows[i] + [b[i]] for i in sub], (d + 1, d + 1), QQ)
        if M.det() == 0:
            return False
    return True


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_zaslavsky_one_hidden_layer(data):
    d = data.draw(st.integers(1, 4), label="n0")
    n = data.draw(st.integers(1, 10 if d <= 2 else 7), label="width")
    ints = st.integers(-9, 9)
    W = [[QQ(data.draw(ints), data.draw(st.integers(1, 5))) for _ in range(d)] for _ in range(n)]
    b = [QQ(data.draw(ints), data.draw(st.integers(1, 5))) for _ in range(n)]
    assume(in_general_position(W, b))
    net = Network.from_lists([W, [[1] * n]], [b, [0]], ["relu", "linear"])
    regs = list(enumerate_regions(net))
    assert len(regs) == zaslavsky(n, d)
    if n <= 6:
        assert sum(r.bounded for r in regs) == (comb(n - 1, d) if n >= 1 else 0)


def sawtooth(k):
    W = [[[2], [4]]] + [[[2, -2], [4, -4]]] * (k - 1) + [[[1, -1]]]
    B = [[0, -2]] * k + [[0]]
    return Network.from_lists(W, B, ["relu"] * k + ["linear"])


@pytest.mark.parametrize("k", range(1, 9))
def test_sawtooth_has_2_to_the_k_regions_in_unit_interval(k):
    net = sawtooth(k)
    regs = list(enumerate_regions(net, [(0, 1)]))
    assert len(regs) == 2 ** k
    # breakpoints j / 2^k: every witness lies strictly between two consecutive ones, one per gap
    gaps = sorted(int(r.witness[0] * 2 ** k) for r in regs)
    assert gaps == list(range(2 ** k))


def folding(p, k):
    c = [1] + [2 * (-1) ** i for i in range(1, p)]
    W = [[[p]] * p] + [[[p * cj for cj in c]] * p] * (k - 1) + [[c]]
    B = [[-i for i in range(p)]] * k + [[0]]
    return Network.from_lists(W, B, ["relu"] * k + ["linear"])


@pytest.mark.parametrize("p,k", [(2, 3), (3, 2), (3, 3), (4, 2), (5, 2)])
def test_folding_map_has_p_to_the_k_regions(p, k):
    net = folding(p, k)
    # g_p maps [0, 1] onto itself: check at the breakpoints' midpoints
    assert count_regions(net, [(0, 1)]) == p ** k


def test_example2_attains_seven():
    net = Network.from_lists([[[1, 0], [0, 1]], [[1, 1]]], [[0, 0], [-1]])
    assert count_regions(net) == 7


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_example2_never_more_than_seven(data):
    ints = st.integers(-4, 4).map(QQ)
    W1 = [[data.draw(ints) for _ in range(2)] for _ in range(2)]
    assume(W1[0][0] * W1[1][1] - W1[0][1] * W1[1][0] != 0)
    net = Network.from_lists([W1, [[data.draw(ints), data.draw(ints)]]],
                             [[data.draw(ints), data.draw(ints)], [data.draw(ints)]])
    assert count_regions(net) <= 7


def test_zero_biases_cones_random():
    import random

    rng = random.Random(3)
    for _ in range(10):
        W1 = [[QQ(rng.randint(-5, 5), rng.randint(1, 3)) for _ in range(2)] for _ in range(4)]
        W2 = [[QQ(rng.randint(-5, 5)) for _ in range(4)] for _ in range(3)]
        net = Network.from_lists([W1, W2, [[1, 1, 1]]], [[0] * 4, [0] * 3, [0]])
        for r in enumerate_regions(net):
            assert all(b == 0 for b in r.inequalities.b) and not any(r.piece.m_vector)


# ---------------------------------------------------------------- degenerate zoo vs independent oracle
DEGENERATE = {
    "concurrent-lines": ([[["1/10", "2/10"], ["2/10", "-3/10"], ["-3/10", "1/10"]], [[1, 1, 1]]],
                         [[0, 0, 0], [0]]),
    "concurrent-offset": ([[["1/10", "2/10"], ["2/10", "-3/10"], ["-3/10", "1/10"]], [[1, -1, 1]]],
                          [["1/10", "-1/10", 0], [0]]),
    "duplicate-neurons": ([[[1, 2], [1, 2], [2, 4]], [[1, 1, 1]]], [[1, 1, 2], [0]]),
    "zero-neuron": ([[[1, 0], [0, 1], [0, 0]], [[1, 1, 1]]], [[0, 0, 0], [0]]),
    "z-and-minus-z": ([[[1, 1], [-1, -1]], [[1, 1]]], [[0, 0], [0]]),
    "deep-coincides": ([[[1, 0], [0, 1]], [[1, 0], [1, 1]], [[1, 1]]], [[0, 0], [0, -1], [0]]),
    "dead-and-always-on": ([[[0, 0], [0, 0], [1, -1]], [[1, 1, 1]]], [[-1, 1, 0], [0]]),
    "dead-path": ([[[1, 0]], [[-1], [1]], [[1, 1]]], [[-5], [0, 0], [0]]),
}


@pytest.mark.parametrize("name", sorted(DEGENERATE))
def test_degenerate_nets_match_independent_oracle(name):
    W, B = DEGENERATE[name]
    acts = ["relu"] * (len(W) - 1) + ["linear"]
    net = Network.from_lists(W, B, acts)
    got = {str(r.configuration) for r in enumerate_regions(net)}
    assert got == _oracle.regions(net)
    assert {str(r.configuration) for r in enumerate_realised(net)} == _oracle.realised(net)


def test_known_degenerate_counts():
    net = Network.from_lists(*DEGENERATE["zero-neuron"], ["relu", "linear"])
    assert count_regions(net) == 4  # not 8
    net = Network.from_lists(*DEGENERATE["concurrent-lines"], ["relu", "linear"])
    assert count_regions(net) == 6
    net = Network.from_lists(*DEGENERATE["z-and-minus-z"], ["relu", "linear"])
    assert count_regions(net) == 2 and count_realised(net) == 3


@settings(max_examples=150, deadline=None)
@given(networks(widths=st.sampled_from([(1, 3, 1), (2, 3, 1), (2, 2, 2, 1), (1, 2, 2, 1), (2, 4, 1)])))
def test_random_small_nets_match_independent_oracle(net):
    assert {str(r.configuration) for r in enumerate_regions(net)} == _oracle.regions(net)


@settings(max_examples=150, deadline=None)
@given(degenerate_networks(n_inputs=(1, 2), hidden=(1, 2), depth=(1, 2), n_outputs=1))
def test_random_degenerate_nets_match_independent_oracle(net):
    """Hundreds of tiny nets with ties built in (concurrent, duplicate, scaled, dead, zero neurons)."""
    if sum(net.widths[1:-1]) > 7:  # the oracle is brute force over 2^N configurations
        return
    assert {str(r.configuration) for r in enumerate_regions(net)} == _oracle.regions(net)
    assert {str(r.configuration) for r in enumerate_realised(net)} == _oracle.realised(net)


@settings(max_examples=20, deadline=None)
@given(networks(widths=st.sampled_from([(2, 3, 1), (1, 2, 2, 1)])),
       st.tuples(st.integers(-3, 0), st.integers(1, 3)))
def test_box_domain_matches_oracle(net, box):
    lo, hi = box
    dom = [(lo, hi)] * net.n_inputs
    got = {str(r.configuration) for r in enumerate_regions(net, dom)}
    assert got == _oracle.regions(net, dom)


# ---------------------------------------------------------------- properties
SHAPES = st.sampled_from([(1, 4, 1), (2, 4, 1), (2, 3, 3, 1), (3, 3, 2, 1), (2, 2, 2, 2, 1)])


@settings(max_examples=40, deadline=None)
@given(networks(widths=SHAPES))
def test_region_properties(net):
    regs = list(enumerate_regions(net))
    confs = [str(r.configuration) for r in regs]
    assert len(confs) == len(set(confs))
    hidden = [net.layers[l].n_out for l in net.rectified_layers]
    assert len(regs) <= serra_bound(net.n_inputs, hidden)
    for r in regs:
        fr = forward(net, r.witness)
        assert fr.configuration == r.configuration
        assert r.piece(r.witness) == fr.value
        assert r.check(net)
        assert r.inequalities.contains(r.witness, strict=True)


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_regions_cover_random_rational_points(data):
    net = data.draw(networks(widths=st.sampled_from([(1, 3, 2, 1), (2, 3, 1), (2, 2, 3, 1)])))
    regs = list(enumerate_regions(net))
    for _ in range(15):
        x = data.draw(points(net.n_inputs))
        assert any(r.polytope.contains(x) for r in regs)
        # and the region's piece is the network at x (continuity on the closed cell)
        r = next(r for r in regs if r.polytope.contains(x))
        assert r.piece(x) == forward(net, x).value


def test_points_exactly_on_boundaries_are_covered_by_several_closures():
    net = Network.from_lists(*DEGENERATE["concurrent-lines"], ["relu", "linear"])
    regs = list(enumerate_regions(net))
    assert sum(r.polytope.contains([0, 0]) for r in regs) == 6


def test_polytope_domain_and_bounded():
    net = Network.from_lists([[[1, 0], [0, 1]], [[1, 1]]], [[0, 0], [-1]])
    tri = {"A": [[-1, 0], [0, -1], [1, 1]], "b": [1, 1, 1]}  # x, y >= -1, x + y <= 1
    regs = list(enumerate_regions(net, tri))
    # x > 1 (or y > 1) is still inside the triangle; x, y > 0 with x + y > 1 is not
    assert {str(r.configuration) for r in regs} == {"00|0", "10|0", "10|1", "01|0", "01|1", "11|0"}
    assert all(r.bounded for r in regs)
    assert {r.bounded for r in enumerate_regions(net)} == {True, False}


# ---------------------------------------------------------------- limits, workers, checkpoint
def test_limits_mark_incomplete():
    net = sawtooth(5)
    e = enumerate_regions(net, max_regions=5)
    assert len(list(e)) == 5 and e.complete is False and "max_regions" in e.reason
    with pytest.raises(LimitError, match="incomplete: 5 regions"):
        count_regions(net, max_regions=5)
    e = enumerate_regions(net)
    assert len(list(e)) == 34 and e.complete is True


def test_workers_give_the_same_regions_in_the_same_order():
    net = Network.from_lists([[[1, 2], [-1, 1], [2, -1], [1, 1]], [[1, -1, 2, 1], [2, 1, -1, 1]], [[1, 1]]],
                             [[0, 1, -1, "1/2"], [1, -1], [0]], ["relu", "relu", "linear"])
    one = [(str(r.configuration), r.witness) for r in enumerate_regions(net)]
    two = [(str(r.configuration), r.witness) for r in enumerate_regions(net, workers=2)]
    assert [c for c, _ in one] == [c for c, _ in two]
    assert len(one) == len({c for c, _ in one})


@pytest.mark.parametrize("realised", [False, True])
def test_workers_split_a_wide_first_layer_partly_and_agree(realised):
    """A 14-wide first layer: the parent splits only its first neurons (64 partial cells for 2 workers)."""
    import random

    rng = random.Random(3)
    W1 = [[rng.randint(-5, 5) or 1, rng.randint(-5, 5)] for _ in range(14)]
    b1 = [rng.randint(-4, 4) for _ in range(14)]
    W1[3], b1[3] = list(W1[2]), b1[2]  # a duplicate neuron
    W1[5], b1[5] = [0, 0], 0  # a zero neuron
    net = Network.from_lists([W1, [[rng.randint(-3, 3) for _ in range(14)] for _ in range(3)], [[1, -1, 2]]],
                             [b1, [1, -1, 0], [0]], ["relu", "relu", "linear"])
    box = [(-3, 3), (-2, 4)]
    run = enumerate_realised if realised else enumerate_regions
    for dom in (None, box):
        pt = (lambda r: r.point) if realised else (lambda r: r.witness)
        one = [(str(r.configuration), pt(r)) for r in run(net, dom)]
        two = [(str(r.configuration), pt(r)) for r in run(net, dom, workers=2)]
        assert [c for c, _ in one] == [c for c, _ in two]
    if not realised:
        regions = list(enumerate_regions(net, box, workers=2))
        assert all(r.check(net) for r in regions)
        assert [str(r.configuration) for r in regions] == [str(r.configuration) for r in enumerate_regions(net, box)]


def test_checkpoint_resume_same_set(tmp_path):
    net = sawtooth(4)
    ck = tmp_path / "ck.jsonl"
    full = {str(r.configuration) for r in enumerate_regions(net)}
    e = enumerate_regions(net, checkpoint=str(ck), max_regions=7)
    first = [str(r.configuration) for r in e]
    assert not e.complete
    e2 = enumerate_regions(net, checkpoint=str(ck))
    again = {str(r.configuration) for r in e2}
    assert e2.complete and again == full
    other = sawtooth(3)
    with pytest.raises(Exception, match="belongs to another network"):
        list(enumerate_regions(other, checkpoint=str(ck)))
    assert set(first) <= full


def test_checkpoint_resumes_with_another_worker_count(tmp_path):
    net = Network.from_lists([[[1, 2], [-1, 1], [2, -1], [1, 1], [1, -3]], [[1, -1, 2, 1, 1], [2, 1, -1, 1, -1]], [[1, 1]]],
                             [[0, 1, -1, "1/2", 2], [1, -1], [0]], ["relu", "relu", "linear"])
    full = [str(r.configuration) for r in enumerate_regions(net)]
    ck = tmp_path / "ck.jsonl"
    e = enumerate_regions(net, checkpoint=str(ck), max_regions=5, workers=2)
    assert len(list(e)) == 5 and not e.complete
    e2 = enumerate_regions(net, checkpoint=str(ck), workers=1)
    assert [str(r.configuration) for r in e2] == full and e2.complete


def test_bad_domain_and_limits_are_clear_errors():
    net = sawtooth(2)
    with pytest.raises(DomainError):
        list(enumerate_regions(net, [(1, 1)]))
    with pytest.raises(LimitError, match="workers"):
        enumerate_regions(net, workers=0)


# ---------------------------------------------------------------- float twin
@settings(max_examples=20, deadline=None)
@given(networks(widths=st.sampled_from([(2, 4, 1), (2, 3, 3, 1)])))
def test_numeric_twin_agrees_in_general_position(net):
    exact = {str(r.configuration) for r in enumerate_regions(net)}
    approx = {str(r.configuration) for r in numeric.enumerate_regions(net)}
    # floats may miss slivers, but on these nets they never invent a configuration
    assert approx <= exact


def test_numeric_twin_misses_what_exact_sees():
    """A sliver of width 1e-12: the float engine drops it, the exact engine certifies it."""
    e = "1/1000000000000"
    net = Network.from_lists([[[1], [1]], [[1, -1]]], [[0, e], [0]], ["relu", "linear"])
    assert count_regions(net) == 3
    assert count_regions(net, [(-1, 1)]) == 3
    assert numeric.count_regions(net) < 3

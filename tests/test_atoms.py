"""Theorem 5 (MATH.md §5): atoms from path sums recombine to M_s; counts within the bounds; range statement."""

import itertools
import json
import subprocess
import sys

import pytest
from hypothesis import given, settings, strategies as st

from exactrelu import _linalg as la
from exactrelu.atoms import Atom, atomic_decomposition, range_check, recombine
from exactrelu.configuration import Configuration, affine_piece
from exactrelu.errors import ConfigurationError
from exactrelu.network import Network
from exactrelu.prove import prove_identities, symbolic_network
from exactrelu.strategies import networks, widths

QQ = la.QQ


@st.composite
def net_and_config(draw, shapes=None, entries=None):
    net = draw(networks(shapes if shapes is not None else widths(n_inputs=(1, 3), hidden=(1, 4), depth=(0, 3)), entries=entries))
    bits = tuple(tuple(draw(st.integers(0, 1)) for _ in range(net.layers[l].n_out)) for l in net.rectified_layers)
    return net, Configuration(bits)


def brute_paths(net, s, i, j):
    """(sum, count) over all paths j -> ... -> i by itertools.product: an oracle for the path sums."""
    L = net.depth
    bits = [b if b is not None else (1,) * net.layers[l].n_out for l, b in enumerate(s.per_layer(net))]
    inner = [range(net.layers[l].n_out) for l in range(1, L - 2)]  # layers 2 .. L-2 (1-based)
    total, count = QQ.zero, 0
    for mid in itertools.product(*inner):
        ks = (j,) + mid + (i,)
        prod = QQ.one
        for t in range(len(ks) - 1):
            prod *= net.layers[t + 1].weights[ks[t + 1]][ks[t]]
        for t, k in enumerate(mid):
            prod *= bits[t + 1][k]
        if prod:
            count += 1
        total += prod
    return total * bits[L - 2][i] * bits[0][j], count * bits[L - 2][i] * bits[0][j]


@settings(max_examples=150, deadline=None)
@given(net_and_config())
def test_atoms_recombine_to_M_exactly(pair):
    net, s = pair
    d = atomic_decomposition(net, s)
    M = affine_piece(net, s).M
    assert la.equal(d.recombine(), M)
    assert la.equal(recombine(d.atoms, shape=d.shape), M)
    assert d.within_bounds()
    assert all(a.coefficient != 0 for a in d.atoms)
    assert all(isinstance(a.coefficient, la.rational_type) for a in d.atoms)
    assert range_check(net, s)


@settings(max_examples=60, deadline=None)
@given(net_and_config(shapes=widths(n_inputs=(1, 3), hidden=(1, 3), depth=(2, 4))))
def test_path_sums_against_brute_force_and_graph_accumulation(pair):
    net, s = pair
    d = atomic_decomposition(net, s)
    dp = atomic_decomposition(net, s, max_paths=0)  # forced: sums accumulated along the graph
    assert [(a.i, a.j, a.coefficient, a.paths) for a in d.atoms] == [(a.i, a.j, a.coefficient, a.paths) for a in dp.atoms]
    found = {(a.i, a.j): a for a in d.atoms}
    n_last, n_first = net.layers[-2].n_out, net.layers[0].n_out
    total_paths = 0
    for i in range(n_last):
        for j in range(n_first):
            c, count = brute_paths(net, s, i, j)
            total_paths += count
            if c:
                assert found[(i, j)].coefficient == c and found[(i, j)].paths == count
            else:
                assert (i, j) not in found
    assert d.n_paths == total_paths


def test_path_bound_is_attained_by_a_dense_net():
    shape = (2, 3, 3, 3, 2)
    W = [[[1] * a for _ in range(b)] for a, b in zip(shape, shape[1:])]
    net = Network.from_lists(W, [[0] * b for b in shape[1:]])
    s = Configuration(tuple((1,) * n for n in shape[1:]))
    d = atomic_decomposition(net, s)
    assert d.case == 3 and d.n_atoms == d.atom_bound == 9
    assert d.max_paths_per_atom == d.path_bound == 3  # prod_{l=2}^{L-2} |supp s_l| = |supp s_2|
    assert all(a.coefficient == 3 for a in d.atoms)


def test_cases_one_and_two_have_coefficients_s1():
    net1 = Network.from_lists([[[1, 2], [3, 4], [5, 6]]], [[0, 0, 0]])
    d = atomic_decomposition(net1, "101")
    assert d.case == 1 and [(a.i, a.j) for a in d.atoms] == [(0, 0), (2, 2)]
    assert [a.u for a in d.atoms] == [(QQ(1), QQ(0), QQ(0)), (QQ(0), QQ(0), QQ(1))]
    net2 = Network.from_lists([[[1, 2], [3, 4]], [[5, 6], [7, 8]]], [[0, 0], [0, 0]])
    d2 = atomic_decomposition(net2, "01|10")
    assert d2.case == 2 and [(a.i, a.j) for a in d2.atoms] == [(1, 1)]
    assert d2.atoms[0].u == (QQ(6), QQ(0)) and d2.atoms[0].v == (QQ(3), QQ(4))  # u = D_2 w^2_1


def test_a_wrong_atom_is_caught():
    net = Network.from_lists([[[1, 2], [3, -1]], [[1, 1], [2, -1]], [[1, -1]]], [[0, 0], [0, 1], [0]])
    d = atomic_decomposition(net, "11|11|1")
    M = affine_piece(net, "11|11|1").M
    a = d.atoms[0]
    bad = (Atom(a.i, a.j, a.coefficient + 1, a.u, a.v),) + d.atoms[1:]
    assert not la.equal(recombine(bad, shape=d.shape), M)
    assert not la.equal(recombine(d.atoms[1:], shape=d.shape), M)


def test_recombine_errors():
    with pytest.raises(ConfigurationError, match="shape"):
        recombine([])
    a = Atom(0, 0, QQ(1), (QQ(1),), (QQ(1), QQ(2)))
    with pytest.raises(ConfigurationError, match="atom"):
        recombine([a], shape=(2, 2))
    net = Network.from_lists([[[1, 2]]], [[0]])
    with pytest.raises(ConfigurationError, match="bits"):
        atomic_decomposition(net, "11")


def test_range_statement_can_fail_for_a_wrong_span():
    # D_L w^L_i over supp s_{L-1}: with s_{L-1} = 0 the span is {0}; M_s is then 0 as well
    net = Network.from_lists([[[1, 0], [0, 1]], [[1, 2], [3, 4]], [[1, 1], [1, -1]]], [[0, 0], [0, 0], [0, 0]],
                             ["relu", "relu", "linear"])
    r = range_check(net, "11|10")
    assert r and r.rank_span == 1  # rank 1: M_s's columns are multiples of w^3_0
    assert la.equal(affine_piece(net, "11|00").M, la.zeros((2, 2), QQ)) and range_check(net, "11|00").rank_span == 0


@pytest.mark.parametrize("shape,linear_head", [((1, 2, 1), False), ((2, 3, 1), False), ((2, 2, 2, 1), False),
                                               ((2, 2, 2, 2), True), ((2, 2, 2, 2, 1), False), ((3, 2, 2, 2), False)])
def test_symbolic_identities_hold_for_every_configuration(shape, linear_head):
    p = prove_identities(shape, linear_head=linear_head)
    assert p.holds, p.failures[:3]
    rect = shape[1:] if not linear_head else shape[1:-1]
    assert p.n_configurations == 2 ** sum(rect)
    assert p.n_symbols == sum(a * b + b for a, b in zip(shape, shape[1:]))


def test_symbolic_proof_detects_a_false_identity(monkeypatch):
    """Drop the s_l factor of the intermediate layers: the proof must fail (the check can fail)."""
    import exactrelu.atoms as atoms_mod
    import exactrelu.prove as prove_mod

    real = atoms_mod._bits

    def ones_in_the_middle(net, s):
        b = real(net, s)
        return [b[0]] + [(1,) * len(x) for x in b[1:-2]] + b[-2:]

    monkeypatch.setattr(atoms_mod, "_bits", ones_in_the_middle)
    p = prove_mod.prove_identities((2, 2, 2, 2, 1))
    assert not p.holds and any("Thm 5" in f[0] for f in p.failures)


def test_symbolic_coefficients_are_polynomials_in_the_weights():
    import sympy

    net = symbolic_network((2, 2, 2, 1))
    d = atomic_decomposition(net, "11|11|1")
    c = {(a.i, a.j): net.domain.to_sympy(a.coefficient) for a in d.atoms}
    assert c[(1, 0)] == sympy.Symbol("w2_1_0", real=True)


def test_cli_atoms_json_and_symbolic(tmp_path):
    doc = {"format": "exactrelu-network/1", "symbols": ["a", "b"],
           "layers": [{"weights": [["a", 1], [1, "b"]], "bias": [0, 0], "activation": "relu"},
                      {"weights": [[1, 2], [3, 4]], "bias": [0, 0], "activation": "relu"},
                      {"weights": [[1, -1]], "bias": [0], "activation": "linear"}]}
    f = tmp_path / "sym.json"
    f.write_text(json.dumps(doc))
    out = subprocess.run([sys.executable, "-m", "exactrelu", "atoms", str(f), "--config", "11|01", "--json"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    res = json.loads(out.stdout)
    assert res["recombines"] is True and res["range_holds"] is True
    assert {(a["i"], a["j"]): a["coefficient"] for a in res["atoms"]} == {(1, 0): "3", (1, 1): "4"}
    assert res["M"] == [["-3*a - 4", "-4*b - 3"]]
    bad = subprocess.run([sys.executable, "-m", "exactrelu", "atoms", str(f), "--at", "1,2"], capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "symbolic" in bad.stderr


def test_cli_atoms_at_point_reports_ties():
    out = subprocess.run([sys.executable, "-m", "exactrelu", "atoms", "examples/paper_example1.json", "--at", "1,1", "--json"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    res = json.loads(out.stdout)
    assert res["ties"] == [[0, 0]] and res["configuration"].startswith("0")
    assert res["n_atoms"] <= res["atom_bound"]

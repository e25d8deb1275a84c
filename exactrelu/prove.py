"""Symbolic proofs: the paper's identities as polynomial identities, per shape (MATH.md §3, §5).

For a shape (n_0, ..., n_L) every weight and bias becomes its own sympy symbol
(``w1_0_1`` is W_1[0, 1], ``b2_0`` is b_2[0]) and the network lives over the
polynomial ring QQ[symbols], where equality is equality of expanded
polynomials. For each configuration, :func:`prove_identities` computes

- M_s, m_s by the recursion (A_l, c_l)          -- ``affine_piece``
- M_s, m_s by the product formula eq. (10)      -- ``affine_piece_product``
- sum c_ij u v^T from Theorem 5's path sums     -- ``atomic_decomposition``

and records whether the differences are the zero polynomial. Because the
weights are indeterminates, a zero difference proves the identity for every
real network of that shape and configuration.

>>> p = prove_identities((2, 2, 2, 1))
>>> p.holds, p.n_configurations
(True, 32)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from . import _linalg as la
from .atoms import atomic_decomposition, range_check
from .configuration import Configuration, affine_piece, affine_piece_product
from .errors import ConfigurationError, ShapeError
from .network import Network

__all__ = ["Proof", "symbolic_network", "prove_identities", "IDENTITIES"]

IDENTITIES = ("recursion == eq. (10) (M)", "recursion == eq. (10) (m)", "Thm 5 atoms recombine to M", "Thm 5 counts within bounds", "Thm 5 range statement")


@dataclass(frozen=True, slots=True)
class Proof:
    """Outcome of :func:`prove_identities`: for each identity, the configurations where it failed."""

    shape: tuple
    linear_head: bool
    n_symbols: int
    n_configurations: int
    failures: tuple  # (identity, configuration string, difference as text)
    max_terms: int  # largest number of monomials in an entry of M_s (a size figure)

    @property
    def holds(self) -> bool:
        return not self.failures

    def __bool__(self) -> bool:
        return self.holds

    def summary(self) -> str:
        verdict = "all hold" if self.holds else f"{len(self.failures)} FAILURES"
        return (
            f"shape {'-'.join(map(str, self.shape))}{' (linear head)' if self.linear_head else ''}: "
            f"{self.n_configurations} configurations, {self.n_symbols} symbols, "
            f"{len(IDENTITIES)} identities each: {verdict} (largest entry of M_s: {self.max_terms} monomials)"
        )


def symbolic_network(shape, *, linear_head: bool = False, zero_bias: bool = False) -> Network:
    """The network of ``shape`` whose every weight and bias is a distinct symbol."""
    import sympy

    shape = tuple(int(n) for n in shape)
    if len(shape) < 2 or any(n < 1 for n in shape):
        raise ShapeError(f"shape {shape} must list n_0, ..., n_L (at least two positive widths)")
    weights, biases, names = [], [], []
    for l in range(1, len(shape)):
        W = [[sympy.Symbol(f"w{l}_{r}_{c}", real=True) for c in range(shape[l - 1])] for r in range(shape[l])]
        b = [sympy.Integer(0) if zero_bias else sympy.Symbol(f"b{l}_{r}", real=True) for r in range(shape[l])]
        weights.append(W)
        biases.append(b)
        names += [v for row in W for v in row] + [v for v in b if isinstance(v, sympy.Symbol)]
    acts = ["relu"] * (len(shape) - 1)
    if linear_head:
        acts[-1] = "linear"
    return Network.from_lists(weights, biases, acts, symbols=names)


def _all_configurations(net: Network):
    sizes = [net.layers[l].n_out for l in net.rectified_layers]
    total = sum(sizes)
    for flat in itertools.product((0, 1), repeat=total):
        bits, pos = [], 0
        for n in sizes:
            bits.append(tuple(flat[pos : pos + n]))
            pos += n
        yield Configuration(tuple(bits))


def prove_identities(shape, configurations=None, *, linear_head: bool = False, max_configurations: int = 4096) -> Proof:
    """Prove eq. (10) and Theorem 5 as polynomial identities for ``shape`` (MATH.md §3, §5).

    Parameters
    ----------
    shape : (n_0, ..., n_L)
    configurations : iterable of configurations (``"10|011"`` or Configuration); default all 2^N
    linear_head : the last layer without rectifier (D_L = I)
    max_configurations : refuse "all" beyond this many (2^N grows fast)
    """
    net = symbolic_network(shape, linear_head=linear_head)
    if configurations is None:
        N = sum(net.layers[l].n_out for l in net.rectified_layers)
        if 2**N > max_configurations:
            raise ConfigurationError(
                f"shape {tuple(shape)} has 2^{N} configurations (> max_configurations={max_configurations}); "
                "pass configurations= or raise the limit"
            )
        confs = _all_configurations(net)
    else:
        confs = (Configuration.parse(c, net) for c in configurations)
    failures, count, max_terms = [], 0, 0
    for s in confs:
        count += 1
        rec, prod = affine_piece(net, s), affine_piece_product(net, s)
        rows = rec.M.to_list()
        max_terms = max([max_terms] + [len(v.terms()) for r in rows for v in r if v])
        if not la.equal(rec.M, prod.M):
            failures.append((IDENTITIES[0], str(s), str((rec.M - prod.M).to_Matrix())))
        if not la.equal(rec.m, prod.m):
            failures.append((IDENTITIES[1], str(s), str((rec.m - prod.m).to_Matrix())))
        d = atomic_decomposition(net, s)
        R = d.recombine()
        if not la.equal(R, rec.M):
            failures.append((IDENTITIES[2], str(s), str((R - rec.M).to_Matrix())))
        if not d.within_bounds():
            failures.append((IDENTITIES[3], str(s), f"{d.n_atoms} atoms (bound {d.atom_bound}), {d.max_paths_per_atom} paths (bound {d.path_bound})"))
        if not range_check(net, s):
            failures.append((IDENTITIES[4], str(s), "a column of M_s leaves span{D_L w^L_i}"))
    return Proof(tuple(int(n) for n in shape), linear_head, len(net.symbols), count, tuple(failures), max_terms)

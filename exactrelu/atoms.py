"""Theorem 5: the atomic decomposition of M_s into rank-one atoms (MATH.md §5).

For an L-layer network and a configuration s,

- L = 1:  M_s = sum_{j in supp s_1} e_j (w^1_j)^T;
- L = 2:  M_s = sum_j s_1(j) (D_2 w^2_j) (w^1_j)^T;
- L >= 3: M_s = D_L sum_{i,j} c_ij w^L_i (w^1_j)^T with c_ij the *path sum*
  s_{L-1}(i) s_1(j) sum_{paths j -> ... -> i} prod_l W_l[k_l, k_{l-1}] prod s_l(k_l).

A linear layer (no rectifier) counts as s = 1 everywhere (D = I), so a linear
head is the theorem with D_L = I.

Algorithm note: the coefficients are computed over the network's *graph*,
never through the matrix product that :func:`exactrelu.affine_piece` uses, so
``recombine`` against ``affine_piece(...).M`` is an independent check. Paths
are enumerated one by one (depth-first, skipping zero weights and inactive
neurons) while their number stays below ``max_paths``; beyond that, the same
sums are accumulated node by node along the graph (dynamic programming over
paths), and the number of non-zero paths is counted the same way.

>>> from exactrelu.network import Network
>>> net = Network.from_lists([[[1, 2], [3, -1]], [[1, 1], [2, -1]], [[1, -1]]], [[0, 0], [0, 1], [0]])
>>> d = atomic_decomposition(net, "11|11|1")
>>> la.equal(d.recombine(), __import__("exactrelu").affine_piece(net, "11|11|1").M)
True
>>> [(a.i, a.j, str(a.coefficient)) for a in d.atoms]
[(0, 0, '1'), (0, 1, '1'), (1, 0, '2'), (1, 1, '-1')]
"""

from __future__ import annotations

from dataclasses import dataclass

from . import _linalg as la
from .configuration import Configuration, affine_piece
from .errors import ConfigurationError
from .network import Network

__all__ = ["Atom", "Decomposition", "atomic_decomposition", "recombine", "range_check", "RangeCheck"]

#: beyond this many paths the path sums are accumulated along the graph instead of path by path
MAX_ENUMERATED_PATHS = 200_000


@dataclass(frozen=True, slots=True)
class Atom:
    """``coefficient * u v^T``: ``i`` a neuron of the last hidden layer, ``j`` one of layer 1 (0-based).

    ``u`` = D_L W_L[:, i] (length n_L), ``v`` = W_1[j, :] (length n_0); for
    L = 1, ``u`` = e_j and i = j; for L = 2, i = j.
    """

    i: int
    j: int
    coefficient: object
    u: tuple
    v: tuple
    paths: int = 1  # number of non-zero paths j -> ... -> i summed into the coefficient


@dataclass(frozen=True, slots=True)
class Decomposition:
    """The atoms of M_s with the counts that Theorem 5 bounds.

    ``case`` is 1, 2 or 3 (L = 1, L = 2, L >= 3). ``atom_bound`` is the
    theorem's bound on the number of atoms (|supp s_{L-1}| |supp s_1|, or
    |supp s_1|); ``path_bound`` bounds the number of products summed into one
    coefficient (prod_{l=2}^{L-2} |supp s_l|); ``n_paths`` is the number of
    non-zero paths actually found, ``max_paths_per_atom`` the largest per atom.
    """

    configuration: Configuration
    case: int
    atoms: tuple
    shape: tuple
    domain: object
    atom_bound: int
    path_bound: int
    n_paths: int
    max_paths_per_atom: int

    def recombine(self):
        """sum c_ij u v^T as an n_L x n_0 DomainMatrix (must equal M_s exactly)."""
        return recombine(self.atoms, shape=self.shape, domain=self.domain)

    @property
    def n_atoms(self) -> int:
        return len(self.atoms)

    def within_bounds(self) -> bool:
        """Theorem 5's counting statements: atoms <= atom_bound, paths per atom <= path_bound."""
        return self.n_atoms <= self.atom_bound and self.max_paths_per_atom <= self.path_bound


def recombine(atoms, *, shape=None, domain=None):
    """sum coefficient * u v^T over ``atoms`` (a Decomposition or a sequence of Atom).

    ``shape`` and ``domain`` are needed only for an empty sequence.
    """
    if isinstance(atoms, Decomposition):
        return atoms.recombine()
    atoms = tuple(atoms)
    if shape is None:
        if not atoms:
            raise ConfigurationError("recombine() of no atoms needs shape= (n_L, n_0) and domain=")
        shape = (len(atoms[0].u), len(atoms[0].v))
    if domain is None:
        domain = la.QQ
    zero = domain.zero
    out = [[zero] * shape[1] for _ in range(shape[0])]
    for a in atoms:
        if len(a.u) != shape[0] or len(a.v) != shape[1]:
            raise ConfigurationError(f"atom ({a.i}, {a.j}) has shape {len(a.u)}x{len(a.v)}; expected {shape[0]}x{shape[1]}")
        for r, ur in enumerate(a.u):
            cu = a.coefficient * ur
            if not cu:
                continue
            row = out[r]
            for c, vc in enumerate(a.v):
                if vc:
                    row[c] += cu * vc
    return la.matrix(out, shape, domain)


def _bits(net: Network, s: Configuration) -> list:
    """s_l as a list per layer; a linear layer is all ones (D = I)."""
    return [b if b is not None else (1,) * net.layers[l].n_out for l, b in enumerate(s.per_layer(net))]


def _path_sums(net: Network, bits, K, max_paths: int):
    """{(i, j): (c_ij without the s_{L-1}(i) s_1(j) factor, number of non-zero paths)} for L >= 3.

    Paths run j (layer 1) -> k_2 -> ... -> k_{L-1} = i over W_2 .. W_{L-1};
    intermediate neurons (layers 2 .. L-2) must be active.
    """
    L = net.depth
    Ws = [net.layers[l].weights for l in range(1, L - 1)]  # W_2 .. W_{L-1} (0-based layers 1..L-2)
    first = [j for j, on in enumerate(bits[0]) if on]
    last_on = bits[L - 2]
    # number of non-zero paths from each j, layer by layer (cheap count, decides the method)
    total = 0
    counts = {}
    for j in first:
        frontier = {j: 1}
        for t, W in enumerate(Ws):
            nxt = {}
            last = t == len(Ws) - 1
            for k, cnt in frontier.items():
                for r, row in enumerate(W):
                    if row[k] and (last or bits[t + 1][r]):
                        nxt[r] = nxt.get(r, 0) + cnt
            frontier = nxt
        for i, cnt in frontier.items():
            if last_on[i]:
                counts[(i, j)] = cnt
                total += cnt
    sums = {}
    if total <= max_paths:
        # depth-first enumeration of every path: the literal statement of Theorem 5 (iii)
        def walk(k, t, prod, j):
            if t == len(Ws):
                if last_on[k]:
                    sums[(k, j)] = sums.get((k, j), K.zero) + prod
                return
            W = Ws[t]
            last = t == len(Ws) - 1
            for r, row in enumerate(W):
                w = row[k]
                if w and (last or bits[t + 1][r]):
                    walk(r, t + 1, prod * w, j)

        for j in first:
            walk(j, 0, K.one, j)
    else:
        # the same sums accumulated along the graph, one source neuron at a time
        for j in first:
            frontier = {j: K.one}
            for t, W in enumerate(Ws):
                nxt = {}
                last = t == len(Ws) - 1
                for k, val in frontier.items():
                    for r, row in enumerate(W):
                        w = row[k]
                        if w and (last or bits[t + 1][r]):
                            nxt[r] = nxt.get(r, K.zero) + val * w
                frontier = nxt
            for i, val in frontier.items():
                if last_on[i]:
                    sums[(i, j)] = val
    return {key: (val, counts.get(key, 0)) for key, val in sums.items()}


def atomic_decomposition(net: Network, s, *, max_paths: int = MAX_ENUMERATED_PATHS) -> Decomposition:
    """Theorem 5: the atoms of M_s, coefficients as path sums (MATH.md §5).

    Works for symbolic weights (coefficients are polynomials in the symbols).
    Atoms whose coefficient is 0 are left out (INTERFACE.md allows it).

    Parameters
    ----------
    net : Network
    s : Configuration or str like ``"10|011"``
    max_paths : paths are enumerated one by one up to this many, then summed along the graph.
    """
    s = Configuration.parse(s, net)
    K = net.domain
    L = net.depth
    bits = _bits(net, s)
    n0, nL = net.n_inputs, net.n_outputs
    W1 = net.layers[0].weights
    WL = net.layers[-1].weights
    dL = bits[L - 1]
    supp = [sum(b) for b in bits]
    atoms = []
    if L == 1:
        for j in range(net.layers[0].n_out):
            if bits[0][j]:
                u = tuple(K.one if r == j else K.zero for r in range(nL))
                atoms.append(Atom(j, j, K.one, u, tuple(W1[j]), 1))
        return Decomposition(s, 1, tuple(atoms), (nL, n0), K, supp[0], 1, len(atoms), 1 if atoms else 0)
    if L == 2:
        for j in range(net.layers[0].n_out):
            if bits[0][j]:
                u = tuple(WL[r][j] if dL[r] else K.zero for r in range(nL))
                atoms.append(Atom(j, j, K.one, u, tuple(W1[j]), 1))
        return Decomposition(s, 2, tuple(atoms), (nL, n0), K, supp[0], 1, len(atoms), 1 if atoms else 0)
    sums = _path_sums(net, bits, K, max_paths)
    for (i, j) in sorted(sums, key=lambda key: (key[0], key[1])):
        c, npaths = sums[(i, j)]
        if not c:
            continue
        u = tuple(WL[r][i] if dL[r] else K.zero for r in range(nL))
        atoms.append(Atom(i, j, c, u, tuple(W1[j]), npaths))
    path_bound = 1
    for l in range(1, L - 2):  # layers 2 .. L-2 (1-based)
        path_bound *= supp[l]
    n_paths = sum(v[1] for v in sums.values())
    max_per = max((v[1] for v in sums.values()), default=0)
    return Decomposition(s, 3, tuple(atoms), (nL, n0), K, supp[L - 2] * supp[0], path_bound, n_paths, max_per)


@dataclass(frozen=True, slots=True)
class RangeCheck:
    """Theorem 5's range statement: every column of M_s lies in span U, U = {D_L w^L_i : i in supp s_{L-1}}."""

    configuration: Configuration
    spanning: tuple  # the vectors D_L w^L_i (L = 1: e_j), as tuples
    rank_span: int
    rank_with_M: int

    def __bool__(self) -> bool:
        return self.rank_span == self.rank_with_M

    def check(self) -> bool:
        return bool(self)


def range_check(net: Network, s) -> RangeCheck:
    """Check exactly that range(rho_s) lies in m_s + D_L span{w^L_i : i in supp s_{L-1}}.

    Equivalently the columns of M_s lie in that span: rank [U] == rank [U | M_s].
    """
    s = Configuration.parse(s, net)
    K = net.domain
    bits = _bits(net, s)
    L = net.depth
    nL = net.n_outputs
    dL = bits[L - 1]
    if L == 1:
        U = [tuple(K.one if r == j else K.zero for r in range(nL)) for j in range(nL) if dL[j]]
    else:
        WL = net.layers[-1].weights
        U = [tuple(WL[r][i] if dL[r] else K.zero for r in range(nL)) for i, on in enumerate(bits[L - 2]) if on]
    M = affine_piece(net, s).M
    cols = list(zip(*la.rows(M))) if M.shape[1] else []
    Kf = K.get_field() if hasattr(K, "get_field") else K

    def rank(vectors):
        if not vectors:
            return 0
        return la.matrix([list(v) for v in vectors], (len(vectors), nL), K).convert_to(Kf).rank()

    return RangeCheck(s, tuple(U), rank(U), rank(U + [tuple(c) for c in cols]))

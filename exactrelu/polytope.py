"""Polytopes of cells, domains, and exact region tests (MATH.md §2, §4).

A :class:`Polytope` is ``{x : a_i . x <= b_i}`` with every row tagged
``(layer, neuron)`` (or ``(None, i)`` for the i-th face of a domain). The cell
of a configuration s is ``C_s``; its closure is ``P_s`` (``cell_polytope``).

Regions are defined through C_s, not P_s (MATH.md §2): a neuron whose
pre-activation is identically zero on the cell (a zero row) must have s = 0.
So ``is_region`` asks for a point where every non-constant row holds
strictly, and treats constant rows by their exact sign: ``0 < c`` for s = 1,
``0 <= -c`` for s = 0.

>>> from exactrelu.network import Network
>>> net = Network.from_lists([[[1, 0], [0, 1], [0, 0]]], [[0, 0, 0]])
>>> [bool(is_region(net, s)) for s in ("110", "111")]
[True, False]
"""

from __future__ import annotations

from dataclasses import dataclass

from . import _linalg as la
from . import lp
from .configuration import Configuration, forward, preactivation_maps
from .errors import DomainError, ShapeError
from .network import Network
from .rational import to_point, to_rational

__all__ = [
    "Polytope",
    "Domain",
    "as_domain",
    "cell_polytope",
    "is_region",
    "is_realised",
    "configurations_at",
]


@dataclass(frozen=True, slots=True)
class Polytope:
    """``{x : A x <= b}`` with one tag per row: ``(layer, neuron)`` or ``(None, i)`` for a domain face."""

    A: tuple
    b: tuple
    tags: tuple
    dim: int

    def __len__(self) -> int:
        return len(self.b)

    def contains(self, x, *, strict: bool = False) -> bool:
        """Exact membership in the closed polytope (or its strict-inequality interior)."""
        x = to_point(x, self.dim)
        zero = la.QQ.zero
        if strict:
            return all(la.dot(a, x, zero) < b for a, b in zip(self.A, self.b))
        return all(la.dot(a, x, zero) <= b for a, b in zip(self.A, self.b))

    def interior_point(self, *, hint=None):
        """``lp.Feasible`` with a strictly interior point, or ``lp.Infeasible`` with a certificate."""
        return lp.find_point(self.A, self.b, True, hint=hint) if self.A else lp.Feasible(
            tuple(la.QQ.zero for _ in range(self.dim)), (), (), ()
        )

    def irredundant(self, *, interior=None) -> "Polytope":
        """The same polytope with a minimal set of rows (tags kept). Assumes full-dimensional."""
        keep = lp.irredundant_rows(self.A, self.b, interior=interior) if self.A else ()
        return Polytope(
            tuple(self.A[i] for i in keep), tuple(self.b[i] for i in keep), tuple(self.tags[i] for i in keep), self.dim
        )

    def intersect(self, other: "Polytope") -> "Polytope":
        return Polytope(self.A + other.A, self.b + other.b, self.tags + other.tags, self.dim)


@dataclass(frozen=True, slots=True)
class Domain:
    """A rational polytope ``A x <= b`` in input space (a box is a special case)."""

    A: tuple
    b: tuple
    dim: int
    box: tuple | None = None  # ((lo, hi), ...) when built as a box

    @classmethod
    def from_box(cls, bounds, n: int | None = None) -> "Domain":
        """``bounds`` = ``[(lo, hi)] * n`` or one ``(lo, hi)`` for every coordinate (then give ``n``)."""
        bounds = list(bounds)
        if len(bounds) == 2 and not isinstance(bounds[0], (list, tuple)):
            if n is None:
                raise DomainError("a single (lo, hi) box needs the dimension n")
            bounds = [tuple(bounds)] * n
        if n is not None and len(bounds) != n:
            raise ShapeError(f"the box has {len(bounds)} intervals but the network has {n} inputs; expected {n} (or one for all)")
        rows, rhs, exact = [], [], []
        d = len(bounds)
        one, zero = la.QQ.one, la.QQ.zero
        for i, pair in enumerate(bounds):
            if not isinstance(pair, (list, tuple)) or len(pair) != 2:
                raise DomainError(f"box[{i}] is {pair!r}; expected a pair (lo, hi)")
            lo = to_rational(pair[0], f"box[{i}].lo")
            hi = to_rational(pair[1], f"box[{i}].hi")
            if not lo < hi:
                raise DomainError(f"box[{i}] = [{lo}, {hi}] is empty or flat; expected lo < hi")
            e = tuple(one if j == i else zero for j in range(d))
            rows += [e, tuple(-v for v in e)]
            rhs += [hi, -lo]
            exact.append((lo, hi))
        return cls(tuple(rows), tuple(rhs), d, tuple(exact))

    @classmethod
    def from_inequalities(cls, A, b, n: int | None = None) -> "Domain":
        """The polytope ``A x <= b`` (rational entries); must have non-empty interior."""
        if not isinstance(A, (list, tuple)) or not isinstance(b, (list, tuple)):
            raise DomainError("a domain is {'A': [[...]], 'b': [...]} with A x <= b")
        if len(A) != len(b):
            raise ShapeError(f"domain A has {len(A)} rows but b has {len(b)} entries")
        if not A:
            raise DomainError("domain A has no rows; omit the domain for the whole space")
        d = n if n is not None else len(A[0]) if isinstance(A[0], (list, tuple)) else None
        rows = []
        for i, r in enumerate(A):
            if not isinstance(r, (list, tuple)):
                raise ShapeError(f"domain A[{i}] is not a list")
            if len(r) != d:
                raise ShapeError(f"domain A[{i}] has {len(r)} entries but the input dimension is {d}")
            rows.append(tuple(to_rational(v, f"domain A[{i}][{j}]") for j, v in enumerate(r)))
        rhs = tuple(to_rational(v, f"domain b[{i}]") for i, v in enumerate(b))
        return cls(tuple(rows), rhs, d)

    def polytope(self) -> Polytope:
        return Polytope(self.A, self.b, tuple((None, i) for i in range(len(self.b))), self.dim)

    def interior_point(self):
        """A certified strictly interior point (``lp.Feasible``) or ``lp.Infeasible`` if the domain is flat/empty."""
        return lp.find_point(self.A, self.b, True)

    def require_interior(self):
        res = self.interior_point()
        if not isinstance(res, lp.Feasible):
            raise DomainError("the domain has empty interior (it is empty or lower-dimensional)")
        return res

    def is_bounded(self) -> bool:
        return _is_bounded(self.A, self.dim)


def _is_bounded(A, dim) -> bool:
    """Exact: {A x <= b} (non-empty) is bounded iff no non-zero ray d has A d <= 0.

    Equivalently, maximising +-x_i over the recession cone {A d <= 0, |d_j| <= 1} gives 0.
    """
    zero, one = la.QQ.zero, la.QQ.one
    rows = list(A)
    rhs = [zero] * len(A)
    for j in range(dim):
        e = tuple(one if k == j else zero for k in range(dim))
        rows += [e, tuple(-v for v in e)]
        rhs += [one, one]
    for j in range(dim):
        for sgn in (one, -one):
            c = tuple(sgn if k == j else zero for k in range(dim))
            res = lp.maximize(c, rows, rhs)
            if not isinstance(res, lp.Optimal) or res.value > 0:
                return False
    return True


def as_domain(domain, n: int) -> Domain | None:
    """Accept None (whole space), a Domain, a dict {"A", "b"}, or a box: [(lo, hi), ...] or (lo, hi)."""
    if domain is None:
        return None
    if isinstance(domain, Domain):
        if domain.dim != n:
            raise ShapeError(f"the domain lives in dimension {domain.dim} but the network has {n} inputs")
        return domain
    if isinstance(domain, dict):
        unknown = set(domain) - {"A", "b"}
        if unknown or "A" not in domain or "b" not in domain:
            raise DomainError(f"a domain is {{'A': [[...]], 'b': [...]}}; got keys {sorted(domain)}")
        return Domain.from_inequalities(domain["A"], domain["b"], n)
    if isinstance(domain, (list, tuple)):
        return Domain.from_box(domain, n)
    raise DomainError(f"a domain is None, a Domain, a box [(lo, hi), ...] or {{'A', 'b'}}, not {type(domain).__name__}")


def _cell_rows(net: Network, s: Configuration):
    """Rows (a, b, tag, bit) of P_s: a . x <= b; s=1: -A_l[k] x <= c_l[k]; s=0: A_l[k] x <= -c_l[k]."""
    maps = preactivation_maps(net, s)
    per = s.per_layer(net)
    out = []
    for l, (A, c) in enumerate(maps):
        bits = per[l]
        if bits is None:
            continue
        for k, (row, cr) in enumerate(zip(la.rows(A), la.rows(c))):
            if bits[k]:
                out.append((tuple(-v for v in row), cr[0], (l, k), 1))
            else:
                out.append((row, -cr[0], (l, k), 0))
    return out


def cell_polytope(net: Network, s, domain=None) -> Polytope:
    """P_s (intersected with the domain), rows tagged (layer, neuron) / (None, i)."""
    net.require_rational("a cell polytope")
    s = Configuration.parse(s, net)
    rows = _cell_rows(net, s)
    P = Polytope(tuple(r[0] for r in rows), tuple(r[1] for r in rows), tuple(r[2] for r in rows), net.n_inputs)
    D = as_domain(domain, net.n_inputs)
    return P.intersect(D.polytope()) if D is not None else P


def _region_system(net, s, domain):
    rows = _cell_rows(net, s)
    A = [r[0] for r in rows]
    b = [r[1] for r in rows]
    # zero rows: s = 1 needs 0 < c (strict), s = 0 needs 0 <= -c; others strict
    strict = [any(r[0]) or r[3] == 1 for r in rows]
    D = as_domain(domain, net.n_inputs)
    if D is not None:
        A += list(D.A)
        b += list(D.b)
        strict += [any(a) for a in D.A]
    return A, b, strict


def is_region(net: Network, s, domain=None):
    """Does the cell C_s (within the domain) have non-empty interior?

    Returns ``lp.Feasible`` with a rational point at which no non-constant
    pre-activation is 0 (so the forward pass there has configuration s), or
    ``lp.Infeasible`` with an exact certificate. Both are truthy/falsy via ``bool``.
    """
    net.require_rational("a region test")
    s = Configuration.parse(s, net)
    A, b, strict = _region_system(net, s, domain)
    if not A:
        return lp.Feasible(tuple(la.QQ.zero for _ in range(net.n_inputs)), (), (), ())
    return lp.find_point(A, b, strict)


def is_realised(net: Network, s, domain=None):
    """Is C_s (within the closed domain) non-empty? s = 1 rows strict, s = 0 rows not."""
    net.require_rational("a realisation test")
    s = Configuration.parse(s, net)
    rows = _cell_rows(net, s)
    A = [r[0] for r in rows]
    b = [r[1] for r in rows]
    strict = [r[3] == 1 for r in rows]
    D = as_domain(domain, net.n_inputs)
    if D is not None:
        A += list(D.A)
        b += list(D.b)
        strict += [False] * len(D.A)
    if not A:
        return lp.Feasible(tuple(la.QQ.zero for _ in range(net.n_inputs)), (), (), ())
    return lp.find_point(A, b, strict)


def configurations_at(net: Network, x) -> tuple:
    """Every region whose closure contains x, as ``((Configuration, witness), ...)``.

    Algorithm: only tied neurons matter near x (the others keep their strict
    sign in a neighbourhood). A tied neuron has z(x) = 0, so along a direction
    d, z(x + e d) = e A_l[k] d. Resolving the ties layer by layer (depth first,
    pruning infeasible partial choices), a choice is a region iff the
    homogeneous strict system (2 s_k - 1) A_l[k] d > 0 (zero rows: s_k = 0
    only) has a solution d; the witness is x + e d with e small enough for the
    untied rows, verified exactly by a forward pass.
    """
    net.require_rational("configurations at a point")
    fr = forward(net, x)
    if not fr.ties:
        return ((fr.configuration, fr.point),)
    base = [list(b) for b in fr.configuration.bits]
    rect_index = {l: i for i, l in enumerate(net.rectified_layers)}
    ties_by_layer = {}
    for l, k in fr.ties:
        ties_by_layer.setdefault(l, []).append(k)
    tied_layers = sorted(ties_by_layer)
    zero = la.QQ.zero
    found = []

    def rows_for(bits, layer):
        conf = Configuration(tuple(tuple(b) for b in bits))
        A, _ = preactivation_maps(net, conf)[layer]
        return la.rows(A)

    def rec(t, bits, A_dir, strict):
        if t == len(tied_layers):
            conf = Configuration(tuple(tuple(b) for b in bits))
            res = lp.find_point(A_dir, [zero] * len(A_dir), strict) if A_dir else None
            d = res.point if res is not None else tuple(zero for _ in range(net.n_inputs))
            w = _witness_near(net, fr.point, d, conf)
            if w is not None:
                found.append((conf, w))
            return
        layer = tied_layers[t]
        ks = ties_by_layer[layer]
        Arows = rows_for(bits, layer)
        i = rect_index[layer]
        for mask in range(1 << len(ks)):
            nb = [list(b) for b in bits]
            newA, news = list(A_dir), list(strict)
            for j, k in enumerate(ks):
                bit = (mask >> j) & 1
                nb[i][k] = bit
                row = Arows[k]
                newA.append(tuple(-v for v in row) if bit else row)
                news.append(bool(any(row)) or bit == 1)
            if lp.find_point(newA, [zero] * len(newA), news):
                rec(t + 1, nb, newA, news)

    rec(0, base, [], [])
    return tuple(found)


def _witness_near(net, x, d, conf):
    """x + e d strictly inside C_conf for a small exact e (halved until verified), or None."""
    eps = la.QQ.one
    for _ in range(200):
        y = tuple(xi + eps * di for xi, di in zip(x, d))
        if _strictly_in_cell(net, conf, y):
            return y
        eps = eps / 4
    return None  # pragma: no cover - the LP certified a direction


def _strictly_in_cell(net, conf, y) -> bool:
    fr = forward(net, y)
    if fr.configuration != conf:
        return False
    # ties allowed only for pre-activations identically zero on the cell
    if not fr.ties:
        return True
    maps = preactivation_maps(net, conf)
    for l, k in fr.ties:
        A, c = maps[l]
        if any(la.rows(A)[k]) or la.rows(c)[k][0]:
            return False
    return True

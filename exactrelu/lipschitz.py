"""Exact Lipschitz constants and Theorem 6's bounds (MATH.md §6).

A continuous piecewise affine map is Lipschitz with constant max_s ||M_s||
(the largest local constant), so the exact constant is a maximum over the
regions (within a domain: over the regions meeting it). For the 1- and
inf-norms ||M_s|| is rational (largest column / row sum of |entries|); for the
2-norm it is sqrt(lambda_max(M_s^T M_s)), an algebraic number that sympy
represents exactly (a Rational under a square root when n_L = 1 or n_0 = 1,
radicals for degree <= 2, ``CRootOf`` otherwise).

Algorithm note (2-norm, several outputs): lambda_max of each region's small
Gram matrix is first estimated in float64 only to *order* the regions; the
largest is computed exactly, with a rational lower bound ``lo`` from an
isolating interval; every other region is then certified below it exactly,
by trace(G) <= lo or max row sum of |G| <= lo (both rational upper bounds on
lambda_max of a PSD matrix), and otherwise by an exact comparison of
algebraic numbers. Floats never decide anything.

>>> from exactrelu.network import Network
>>> net = Network.from_lists([[[1, 0], [0, 1]], [[3, 4]]], [[0, 0], [0]], ["relu", "linear"])
>>> r = lipschitz_constant(net)          # max(||(3, 4)||, ||(3, 0)||, ||(0, 4)||, 0)
>>> r.value, r.configuration.__str__()
(5, '11')
>>> lipschitz_constant(net, norm=1).value, lipschitz_constant(net, norm="inf").value
(4, 7)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import _linalg as la
from .atoms import atomic_decomposition
from .configuration import Configuration
from .errors import ExactReluError
from .network import Network
from .regions import enumerate_regions

__all__ = [
    "LipschitzResult",
    "lipschitz_constant",
    "local_lipschitz",
    "operator_norm",
    "theorem6_bounds",
    "region_bounds",
    "is_leq",
    "parse_norm",
]

NORMS = {"1": "1", "2": "2", "inf": "inf", "oo": "inf", "infinity": "inf"}


def parse_norm(norm) -> str:
    """'1', '2' or 'inf' from 1, 2, 'inf', float('inf'), 'oo'."""
    key = str(norm).strip().lower()
    if key in ("inf", "infinity", "oo") or (isinstance(norm, float) and norm == float("inf")):
        return "inf"
    if key in ("1", "2", "1.0", "2.0"):
        return key[0]
    raise ExactReluError(f"norm is {norm!r}; expected 1, 2 or inf")


def _sympy(x):
    return la.QQ.to_sympy(x)


def _abs_sums(rows):
    return [sum((abs(v) for v in r), la.QQ.zero) for r in rows]


def _gram(rows, n_cols):
    """The smaller Gram matrix of M (M M^T or M^T M) as rows of QQ."""
    n_rows = len(rows)
    zero = la.QQ.zero
    if n_rows <= n_cols:
        return [[la.dot(a, b, zero) for b in rows] for a in rows]
    cols = list(zip(*rows)) if rows else []
    return [[la.dot(a, b, zero) for b in cols] for a in cols]


def _lambda_max_exact(G):
    """(exact sympy value, rational lower bound) of the largest eigenvalue of a PSD rational matrix."""
    import sympy

    k = len(G)
    if k == 0:
        return sympy.Integer(0), la.QQ.zero
    if k == 1:
        return _sympy(G[0][0]), G[0][0]
    x = sympy.Symbol("x")
    coeffs = la.matrix(G, (k, k), la.QQ).charpoly()
    p = sympy.Poly([_sympy(c) for c in coeffs], x)
    best, best_lo = None, None
    for f, _mult in p.factor_list()[1]:
        ivs = f.intervals(eps=sympy.Rational(1, 10**30))
        if not ivs:
            continue
        (lo, hi), _ = ivs[-1]
        if best_lo is not None and hi <= best_lo:
            continue
        if f.degree() == 1:
            val = -f.all_coeffs()[1] / f.all_coeffs()[0]
        elif f.degree() == 2:
            val = max(sympy.roots(f, multiple=True), key=lambda r: sympy.N(r, 50))
        else:
            val = sympy.CRootOf(f.as_expr(), f.degree() - 1) if len(f.real_roots()) == f.degree() else f.real_roots()[-1]
        if best is None or is_leq(best, val):
            best, best_lo = val, lo
    return best, la.QQ(int(sympy.fraction(best_lo)[0]), int(sympy.fraction(best_lo)[1]))


def _as_sym(v):
    import sympy

    if isinstance(v, sympy.Basic):
        return v
    if isinstance(v, int):
        return sympy.Integer(v)
    return _sympy(la.QQ.convert(v))


def is_leq(a, b) -> bool:
    """Exact ``a <= b`` for real algebraic sympy numbers (rationals, radicals, CRootOf).

    Decided numerically only when the difference is provably far from 0 at
    high precision; a difference that evaluates to 0 is decided by its
    minimal polynomial (0 exactly iff the minimal polynomial is x).
    """
    import sympy

    a, b = _as_sym(a), _as_sym(b)
    d = sympy.simplify(b - a) if not (a.is_Rational and b.is_Rational) else b - a
    if d.is_Rational:
        return bool(d >= 0)
    for prec in (50, 200, 1000):
        v = d.evalf(prec)
        if v.is_Number and abs(v) > sympy.Float(10) ** (-(prec // 2)):
            return bool(v > 0)
    x = sympy.Symbol("x")
    if sympy.minimal_polynomial(d, x) == x:
        return True
    raise ExactReluError(f"could not decide the sign of {d}")  # pragma: no cover - would need > 500 equal digits


def operator_norm(M, norm="2"):
    """||M|| exactly: a QQ element for the 1- and inf-norms, a sympy number for the 2-norm."""
    import sympy

    norm = parse_norm(norm)
    rows = la.rows(M) if not isinstance(M, (list, tuple)) else tuple(tuple(r) for r in M)
    n_cols = M.shape[1] if not isinstance(M, (list, tuple)) else (len(rows[0]) if rows else 0)
    if norm == "inf":
        return max(_abs_sums(rows), default=la.QQ.zero)
    if norm == "1":
        return max(_abs_sums(list(zip(*rows))) if rows else [], default=la.QQ.zero)
    lam, _ = _lambda_max_exact(_gram(rows, n_cols))
    return sympy.sqrt(lam)


def local_lipschitz(region, norm="2"):
    """The exact Lipschitz constant of the network on one region: ||M_s||."""
    return operator_norm(region.M, norm)


@dataclass(frozen=True)
class LipschitzResult:
    """The exact Lipschitz constant, the region attaining it, and Theorem 6's bounds.

    ``value`` is exact (sympy); ``decimal`` a 30-digit decimal of it. If
    ``complete`` is False a limit stopped the enumeration and ``value`` is
    only a lower bound (the maximum over the ``regions`` seen).
    """

    norm: str
    value: object
    configuration: Configuration | None
    witness: tuple | None
    regions: int
    complete: bool
    reason: str | None = None
    bounds: dict = field(default_factory=dict)
    pair: tuple | None = None  # (x, y) in the attaining region with ||rho(x)-rho(y)|| = value ||x-y|| (1/inf norms)

    @property
    def decimal(self) -> str:
        import sympy

        return str(sympy.N(self.value, 30))

    def is_upper_bound(self, bound) -> bool:
        """Exactly: is ``bound`` >= the constant? (Meaningful as a verdict only when ``complete``.)"""
        from .rational import to_rational

        import sympy

        if isinstance(bound, sympy.Basic) and not bound.is_Rational:
            if not (bound.is_number and bound.is_real):
                raise ExactReluError(f"bound {bound} is not a real number")
            return is_leq(self.value, bound)
        return is_leq(self.value, _sympy(to_rational(bound, "bound")))


def _unit_norm_rows(rows):
    return all(sum((v * v for v in r), la.QQ.zero) == la.QQ.one for r in rows)


def theorem6_bounds(net: Network, norm="2") -> dict:
    """Global bounds of Theorem 6 (MATH.md §6) that apply to ``net``.

    - ``"ii"``: (max_l ||W_l||)^L, valid for every network and every induced
      norm (||D_l|| <= 1); ``"ii_product"``: prod_l ||W_l||, tighter, same proof.
    - ``"i"`` (2-norm, L >= 2, columns of W_L and rows of W_1 of Euclidean norm 1):
      mu^{L-2} n^{L-1}, mu = max |entry| of W_2..W_{L-1}, n = max hidden width.
    Each value is exact (sympy).
    """
    import sympy

    norm = parse_norm(norm)
    out = {}
    norms = [operator_norm(net.W(l), norm) for l in range(net.depth)]
    norms = [_sympy(v) if not isinstance(v, sympy.Basic) else v for v in norms]
    s_star = norms[0]
    for v in norms[1:]:
        if not is_leq(v, s_star):
            s_star = v
    out["ii"] = sympy.simplify(s_star**net.depth)
    out["ii_product"] = sympy.simplify(sympy.Mul(*norms))
    L = net.depth
    if norm == "2" and L >= 2 and _applies_i(net):
        mu = max((abs(v) for l in range(1, L - 1) for r in net.layers[l].weights for v in r), default=la.QQ.one)
        n = max(net.widths[1:L])
        out["i"] = _sympy(mu) ** (L - 2) * sympy.Integer(n) ** (L - 1)
    return out


def _applies_i(net: Network) -> bool:
    W1 = net.layers[0].weights
    WL_cols = list(zip(*net.layers[-1].weights))
    return _unit_norm_rows(W1) and _unit_norm_rows(WL_cols)


def region_bounds(net: Network, s) -> dict:
    """Theorem 6 (i) on one region: ``"i_atoms"`` = sum |c_ij| and ``"i"`` = mu^{L-2} prod_{l<L} |supp s_l|.

    Only when (i)'s hypotheses hold (2-norm, unit columns of W_L and rows of W_1); else ``{}``.
    ``"i_general"`` = sum |c_ij| ||u_ij|| ||v_j|| holds for every network (same proof, no normalisation).
    """
    import sympy

    d = atomic_decomposition(net, s)
    general = sympy.Integer(0)
    for a in d.atoms:
        nu = sympy.sqrt(_sympy(sum((v * v for v in a.u), la.QQ.zero)))
        nv = sympy.sqrt(_sympy(sum((v * v for v in a.v), la.QQ.zero)))
        general += _sympy(abs(a.coefficient)) * nu * nv
    out = {"i_general": general}
    L = net.depth
    if L >= 2 and _applies_i(net):
        s = Configuration.parse(s, net)
        bits = [b if b is not None else (1,) * net.layers[l].n_out for l, b in enumerate(s.per_layer(net))]
        mu = max((abs(v) for l in range(1, L - 1) for r in net.layers[l].weights for v in r), default=la.QQ.one)
        prod = 1
        for l in range(L - 1):
            prod *= sum(bits[l])
        out["i_atoms"] = _sympy(sum((abs(a.coefficient) for a in d.atoms), la.QQ.zero))
        out["i"] = _sympy(mu) ** (L - 2) * prod
    return out


def _float_lambda(G):
    import numpy as np

    if not G:
        return 0.0
    A = np.array([[float(v) for v in r] for r in G])
    return float(np.linalg.eigvalsh(A)[-1])


def lipschitz_constant(net: Network, norm=2, domain=None, *, workers=1, max_regions=None, timeout=None,
                       progress=None) -> LipschitzResult:
    """The exact Lipschitz constant of ``net`` on R^{n_0} (or on ``domain``): max over regions of ||M_s||.

    Parameters
    ----------
    norm : 1, 2 or "inf" (the same norm on inputs and outputs)
    domain : None, a box [(lo, hi), ...], {"A", "b"} or a Domain
    workers, max_regions, timeout, progress : passed to :func:`enumerate_regions`; when a limit
        stops the run the result has ``complete=False`` and ``value`` is a lower bound.
    """
    import sympy

    norm = parse_norm(norm)
    net.require_rational("the Lipschitz constant")
    enum = enumerate_regions(net, domain, workers=workers, max_regions=max_regions, timeout=timeout, progress=progress)
    best = None  # (key, region)
    grams = []  # 2-norm with several rows and columns: (float estimate, trace, gershgorin, G, region)
    count = 0
    for region in enum:
        count += 1
        rows = la.rows(region.M)
        if norm in ("1", "inf"):
            val = max(_abs_sums(rows if norm == "inf" else list(zip(*rows))), default=la.QQ.zero)
            if best is None or val > best[0]:
                best = (val, region)
            continue
        G = _gram(rows, region.M.shape[1])
        if len(G) <= 1:
            val = G[0][0] if G else la.QQ.zero
            if best is None or val > best[0]:
                best = (val, region)
        else:
            trace = sum((G[i][i] for i in range(len(G))), la.QQ.zero)
            gersh = max(_abs_sums(G))
            grams.append((_float_lambda(G), min(trace, gersh), G, region))
    value, region, pair = sympy.Integer(0), None, None
    if norm in ("1", "inf"):
        if best is not None:
            value, region = _sympy(best[0]), best[1]
            pair = _attaining_pair(region, norm)
    elif grams:
        grams.sort(key=lambda t: -t[0])
        lam, lo = _lambda_max_exact(grams[0][2])
        region = grams[0][3]
        for est, ub, G, reg in grams[1:]:
            if ub <= lo:
                continue
            lam_b, lo_b = _lambda_max_exact(G)
            if not is_leq(lam_b, lam):
                lam, lo, region = lam_b, lo_b, reg
        if best is not None and not is_leq(_sympy(best[0]), lam):
            lam, region = _sympy(best[0]), best[1]
        value = sympy.sqrt(lam)
    elif best is not None:
        value, region = sympy.sqrt(_sympy(best[0])), best[1]
    bounds = theorem6_bounds(net, norm)
    if region is not None:
        bounds.update({f"region_{k}": v for k, v in region_bounds(net, region.configuration).items()} if norm == "2" else {})
    return LipschitzResult(
        norm, value, region.configuration if region else None, region.witness if region else None, count,
        bool(enum.complete), enum.reason, bounds, pair,
    )


def _attaining_pair(region, norm):
    """Two rational points of the region with ||rho(x) - rho(y)|| = ||M_s|| ||x - y|| (1/inf norms).

    inf-norm: the row r of largest |.|-sum; step along sign(M[r]) (an inf-norm unit vector).
    1-norm: the column c of largest |.|-sum; step along e_c. The step is shrunk
    until the second point is still in the region's closed polytope.
    """
    rows = la.rows(region.M)
    n = region.M.shape[1]
    QQ = la.QQ
    if not rows or n == 0:
        return None
    if norm == "inf":
        r = max(range(len(rows)), key=lambda i: sum((abs(v) for v in rows[i]), QQ.zero))
        d = tuple(QQ.one if v > 0 else -QQ.one if v < 0 else QQ.zero for v in rows[r])
        if not any(d):
            d = (QQ.one,) + (QQ.zero,) * (n - 1)
    else:
        cols = list(zip(*rows))
        c = max(range(n), key=lambda i: sum((abs(v) for v in cols[i]), QQ.zero))
        d = tuple(QQ.one if i == c else QQ.zero for i in range(n))
    x = region.witness
    t = QQ.one
    for _ in range(200):
        y = tuple(a + t * b for a, b in zip(x, d))
        if region.polytope.contains(y):
            return (x, y)
        t = t / 2
    return None  # pragma: no cover - a full-dimensional region always has room

"""Certified exact linear programming: HiGHS for speed, exact rationals for the answer.

Every function here takes rows of rationals (tuples of ``QQ`` elements) and
returns a *value with a certificate* that ``.check()`` re-verifies from
scratch in exact arithmetic:

* :class:`Feasible` — a rational point satisfying every inequality
  (strictly where asked);
* :class:`Infeasible` — Motzkin multipliers ``y >= 0`` with ``y^T A = 0`` and
  ``y^T b < 0``, or ``y^T b = 0`` with ``y_i > 0`` on some strict row: the sum
  of the inequalities reads ``0 < 0`` or ``0 <= negative``;
* :class:`Optimal` — primal point and dual multipliers with equal objective;
* :class:`Unbounded` — a feasible point and an improving ray.

Algorithm note. A float LP (HiGHS, one reused solver object) proposes an
answer; the proposal is turned into an exact rational certificate and checked:
a float point is rounded to a small-denominator rational (denominator chosen
from the float slack), or, where the point lies on non-strict rows, projected
exactly onto them; a float dual is reduced to its support and solved exactly
with a tiny exact simplex. When the certificate does not check (slivers
thinner than float precision, near-degenerate duals), the whole problem is
solved by an exact simplex over the rationals (Bland's rule, so it cannot
cycle). The float solver can therefore make the library slow, never wrong.

See STYLE.md "Exact linear programming" for the measurements behind this.

Examples
--------
>>> from exactrelu._linalg import QQ
>>> A = [(QQ(1), QQ(0)), (QQ(0), QQ(1)), (QQ(-1), QQ(-1))]   # x < 0, y < 0, x + y > 0
>>> res = find_point(A, [QQ(0)] * 3)
>>> bool(res), res.check()
(False, True)
>>> res = find_point(A, [QQ(1), QQ(1), QQ(0)])
>>> bool(res), res.check()
(True, True)
"""

from __future__ import annotations

import itertools
import math
import os
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from . import _linalg as la
from .errors import ExactReluError, ShapeError

__all__ = [
    "Feasible",
    "Infeasible",
    "Optimal",
    "Unbounded",
    "find_point",
    "interior_point",
    "maximize",
    "irredundant_rows",
    "STATS",
]

QQ = la.QQ
_ZERO = QQ.zero
_ONE = QQ.one

#: Counters: how many LPs went to HiGHS, how many answers were certified from
#: the float proposal, how many needed the exact simplex. Useful in benchmarks.
STATS = {"highs": 0, "certified": 0, "exact_fallback": 0, "hint": 0, "trivial": 0}

_TOL = 1e-9


class LPError(ExactReluError, RuntimeError):
    """Internal failure of the LP layer (should never surface; report it)."""


# --------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------


def _dot(a, x):
    s = _ZERO
    for u, v in zip(a, x):
        if u:
            s += u * v
    return s


@dataclass(frozen=True, slots=True)
class Feasible:
    """A rational point satisfying ``A x <= b`` (``<`` on the strict rows)."""

    point: tuple
    A: tuple = field(repr=False)
    b: tuple = field(repr=False)
    strict: tuple = field(repr=False)

    def __bool__(self) -> bool:
        return True

    def check(self) -> bool:
        for a, bi, st in zip(self.A, self.b, self.strict):
            v = _dot(a, self.point)
            if not (v < bi if st else v <= bi):
                return False
        return True


@dataclass(frozen=True, slots=True)
class Infeasible:
    """Motzkin multipliers proving that ``A x <= b`` (``<`` on strict rows) has no solution."""

    multipliers: tuple
    A: tuple = field(repr=False)
    b: tuple = field(repr=False)
    strict: tuple = field(repr=False)

    def __bool__(self) -> bool:
        return False

    def check(self) -> bool:
        y = self.multipliers
        if len(y) != len(self.A) or any(v < 0 for v in y):
            return False
        sup = [i for i, v in enumerate(y) if v]
        n = len(self.A[0]) if self.A else 0
        for j in range(n):
            s = _ZERO
            for i in sup:
                s += y[i] * self.A[i][j]
            if s != 0:
                return False
        yb = _ZERO
        for i in sup:
            yb += y[i] * self.b[i]
        if yb < 0:
            return True
        return yb == 0 and any(self.strict[i] for i in sup)


@dataclass(frozen=True, slots=True)
class Optimal:
    """``max c x s.t. A x <= b`` attained at ``point``; ``dual >= 0`` with ``A^T dual = c``, ``b . dual = value``."""

    value: object
    point: tuple
    dual: tuple
    c: tuple = field(repr=False)
    A: tuple = field(repr=False)
    b: tuple = field(repr=False)

    def __bool__(self) -> bool:
        return True

    def check(self) -> bool:
        if _dot(self.c, self.point) != self.value:
            return False
        if any(_dot(a, self.point) > bi for a, bi in zip(self.A, self.b)):
            return False
        if any(v < 0 for v in self.dual) or _dot(self.dual, self.b) != self.value:
            return False
        return all(_dot([a[j] for a in self.A], self.dual) == cj for j, cj in enumerate(self.c))


@dataclass(frozen=True, slots=True)
class Unbounded:
    """A feasible ``point`` and a ``ray`` with ``A ray <= 0`` and ``c . ray > 0``."""

    point: tuple
    ray: tuple
    c: tuple = field(repr=False)
    A: tuple = field(repr=False)
    b: tuple = field(repr=False)

    def __bool__(self) -> bool:
        return True

    def check(self) -> bool:
        if any(_dot(a, self.point) > bi for a, bi in zip(self.A, self.b)):
            return False
        return all(_dot(a, self.ray) <= 0 for a in self.A) and _dot(self.c, self.ray) > 0


# --------------------------------------------------------------------------
# Input normalisation
# --------------------------------------------------------------------------

_QT = la.rational_type


def _q(v):
    return v if type(v) is _QT else QQ.convert(v)


def _prepare(A, b, strict=None):
    if {type(v) for row in A for v in row} | {type(v) for v in b} <= {_QT}:
        A = tuple(row if type(row) is tuple else tuple(row) for row in A)
        b = tuple(b)
    else:
        A = tuple(tuple(_q(v) for v in row) for row in A)
        b = tuple(_q(v) for v in b)
    if len(A) != len(b):
        raise ShapeError(f"LP: {len(A)} rows but {len(b)} right-hand sides")
    if A:
        n = len(A[0])
        for i, row in enumerate(A):
            if len(row) != n:
                raise ShapeError(f"LP: row {i} has {len(row)} entries, expected {n}")
    if strict is None:
        return A, b
    if isinstance(strict, bool):
        strict = (strict,) * len(A)
    else:
        strict = tuple(bool(s) for s in strict)
        if len(strict) != len(A):
            raise ShapeError(f"LP: {len(strict)} strictness flags for {len(A)} rows")
    return A, b, strict


# --------------------------------------------------------------------------
# HiGHS
# --------------------------------------------------------------------------

_HIGHS = None


def _highs():
    """One reused solver object (construction prints a banner on fd 1: silenced)."""
    global _HIGHS
    if _HIGHS is None:
        import highspy

        fd = os.dup(1)
        try:
            with open(os.devnull, "w") as null:
                os.dup2(null.fileno(), 1)
                h = highspy.Highs()
        finally:
            os.dup2(fd, 1)
            os.close(fd)
        h.setOptionValue("output_flag", False)
        h.setOptionValue("log_to_console", False)
        # these LPs are tiny: presolve costs more than it saves (measured in benchmarks/bench_lp.py)
        h.setOptionValue("presolve", "off")
        h.setOptionValue("solver", "simplex")
        _HIGHS = (highspy, h)
    return _HIGHS


def _float_lp(cost, Af, lo, hi, col_lo, col_hi):
    """maximise cost . x s.t. lo <= Af x <= hi, col_lo <= x <= col_hi (floats). -> (status, x, row_dual)."""
    highspy, h = _highs()
    STATS["highs"] += 1
    m, n = Af.shape
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = m
    lp.col_cost_ = np.asarray(cost, dtype=float)
    lp.col_lower_ = np.asarray(col_lo, dtype=float)
    lp.col_upper_ = np.asarray(col_hi, dtype=float)
    lp.row_lower_ = np.asarray(lo, dtype=float)
    lp.row_upper_ = np.asarray(hi, dtype=float)
    lp.sense_ = highspy.ObjSense.kMaximize
    # dense row-wise storage: these LPs are small and mostly dense
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.num_col_ = n
    lp.a_matrix_.num_row_ = m
    lp.a_matrix_.start_ = np.arange(0, m * n + 1, n, dtype=np.int32)
    lp.a_matrix_.index_ = np.tile(np.arange(n, dtype=np.int32), m)
    lp.a_matrix_.value_ = Af.ravel()
    h.clearSolver()
    h.passModel(lp)
    h.run()
    status = h.getModelStatus()
    S = highspy.HighsModelStatus
    if status == S.kOptimal:
        sol = h.getSolution()
        return "optimal", np.array(sol.col_value), np.array(sol.row_dual)
    if status == S.kInfeasible:
        return "infeasible", None, None
    if status in (S.kUnbounded, S.kUnboundedOrInfeasible):
        return "unbounded", None, None
    return "unknown", None, None


def _to_float_rows(A, b):
    """float64 copies of the rows (map + fromiter: about 3x faster than nested list comprehensions)."""
    m, n = len(A), (len(A[0]) if A else 0)
    Af = np.fromiter(map(float, itertools.chain.from_iterable(A)), dtype=float, count=m * n).reshape(m, n)
    bf = np.fromiter(map(float, b), dtype=float, count=len(b))
    return Af, bf


# --------------------------------------------------------------------------
# Exact helpers
# --------------------------------------------------------------------------


def _rationalize(xf, scale):
    """Round each float to a multiple of 1/scale (scale a power of two): exact, small denominators."""
    out = []
    for v in xf:
        out.append(QQ(int(round(v * scale)), scale))
    return tuple(out)


def _dyadic(xf):
    out = []
    for v in xf:
        f = Fraction(float(v))
        out.append(QQ(f.numerator, f.denominator))
    return tuple(out)


def _satisfies(A, b, strict, x):
    for a, bi, st in zip(A, b, strict):
        v = _dot(a, x)
        if not (v < bi if st else v <= bi):
            return False
    return True


def _solve_any(M, r):
    """A solution of M w = r (rows of QQ), free variables 0; None if inconsistent. Exact Gauss-Jordan."""
    rows = [list(row) + [ri] for row, ri in zip(M, r)]
    ncol = len(M[0]) if M else 0
    piv = []
    rk = 0
    for j in range(ncol):
        p = next((i for i in range(rk, len(rows)) if rows[i][j]), None)
        if p is None:
            continue
        rows[rk], rows[p] = rows[p], rows[rk]
        inv = 1 / rows[rk][j]
        rows[rk] = [v * inv for v in rows[rk]]
        for i in range(len(rows)):
            if i != rk and rows[i][j]:
                f = rows[i][j]
                rows[i] = [u - f * w for u, w in zip(rows[i], rows[rk])]
        piv.append(j)
        rk += 1
    if any(row[-1] for row in rows[rk:]):
        return None
    w = [_ZERO] * ncol
    for i, j in enumerate(piv):
        w[j] = rows[i][-1]
    return w


def _project(A, b, tight, x):
    """Exact point near x on {A_T y = b_T}: y = x + A_T^T w with (A_T A_T^T) w = b_T - A_T x."""
    AT = [A[i] for i in tight]
    r = [b[i] - _dot(A[i], x) for i in tight]
    G = [[_dot(u, v) for v in AT] for u in AT]
    w = _solve_any(G, r)
    if w is None:
        return None
    n = len(x)
    return tuple(x[j] + _dot([a[j] for a in AT], w) for j in range(n))


# --------------------------------------------------------------------------
# Exact simplex (fallback and small certificate systems)
# --------------------------------------------------------------------------


def _simplex(c, Aeq, beq):
    """Exact ``max c z s.t. Aeq z = beq, z >= 0`` by a two-phase tableau simplex with Bland's rule.

    Returns ``("optimal", z, y)`` with duals y (``y^T Aeq >= c``, ``y . beq = c . z``),
    ``("unbounded", z, ray)`` or ``("infeasible", y, None)`` with ``y^T Aeq >= 0``, ``y . beq < 0``.
    """
    m = len(Aeq)
    N = len(c)
    sign = [(-_ONE if bi < 0 else _ONE) for bi in beq]
    # tableau rows: N original columns, m artificial columns, rhs
    T = []
    for i in range(m):
        s = sign[i]
        row = [s * v for v in Aeq[i]] + [_ONE if k == i else _ZERO for k in range(m)] + [s * beq[i]]
        T.append(row)
    basis = [N + i for i in range(m)]
    W = N + m  # rhs column

    def pivot(r, j):
        inv = 1 / T[r][j]
        T[r] = [v * inv for v in T[r]]
        pr = T[r]
        for i in range(len(T)):
            if i != r:
                f = T[i][j]
                if f:
                    T[i] = [u - f * w for u, w in zip(T[i], pr)]
        basis[r] = j

    def run(obj, allowed):
        # obj: reduced costs as a list (length W + 1, last = -objective value); maximise
        while True:
            j = next((j for j in range(W) if allowed[j] and obj[j] > 0), None)
            if j is None:
                return None
            best = None
            for i in range(len(T)):
                if T[i][j] > 0:
                    ratio = T[i][W] / T[i][j]
                    if best is None or ratio < best[0] or (ratio == best[0] and basis[i] < basis[best[1]]):
                        best = (ratio, i)
            if best is None:
                return j  # unbounded direction
            r = best[1]
            f = obj[j]
            pivot(r, j)
            pr = T[r]
            obj[:] = [u - f * w for u, w in zip(obj, pr)]

    # phase 1: maximise -sum(artificials)
    obj = [_ZERO] * (W + 1)
    for i in range(m):
        for j in range(N):
            obj[j] += T[i][j]
        obj[W] += T[i][W]
    for i in range(m):
        obj[N + i] = _ZERO
    run(obj, [True] * N + [False] * m)
    # value of phase 1 = -(sum of artificials) = -(obj[W] remaining)
    if obj[W] != 0:
        # duals of phase 1: reduced cost of artificial i is -1 - y_i (in the sign-flipped rows)
        # y'^T = c_B B^{-1} with c_B = -1 on basic artificials; B^{-1} is the artificial block
        y = []
        for i in range(m):
            s = _ZERO
            for k in range(len(T)):
                if basis[k] >= N:
                    s -= T[k][N + i]
            y.append(s * sign[i])
        return "infeasible", tuple(y), None
    # drive artificials out of the basis
    keep = []
    for k in range(len(T)):
        if basis[k] >= N:
            j = next((j for j in range(N) if T[k][j]), None)
            if j is None:
                continue  # redundant row
            pivot(k, j)
        keep.append(k)
    drop = [k for k in range(len(T)) if k not in keep]
    for k in reversed(drop):
        del T[k]
        del basis[k]
    # phase 2
    obj = [_ZERO] * (W + 1)
    for j in range(N):
        obj[j] = c[j]
    for k, bk in enumerate(basis):
        cb = c[bk]
        if cb:
            obj = [u - cb * w for u, w in zip(obj, T[k])]
    # artificial columns track B^{-1}; keep them updated but never entering
    j = run(obj, [True] * N + [False] * m)
    z = [_ZERO] * N
    for k, bk in enumerate(basis):
        z[bk] = T[k][W]
    if j is not None:
        ray = [_ZERO] * N
        ray[j] = _ONE
        for k, bk in enumerate(basis):
            ray[bk] = -T[k][j]
        return "unbounded", tuple(z), tuple(ray)
    y = []
    for i in range(m):
        s = _ZERO
        for k, bk in enumerate(basis):
            if c[bk]:
                s += c[bk] * T[k][N + i]
        y.append(s * sign[i])
    return "optimal", tuple(z), tuple(y)


def _exact_certificate(A, b, strict, rows=None):
    """Exact Motzkin multipliers for an infeasible system (None if it is feasible).

    Solves  y >= 0, u >= 0, A^T y = 0, b . y + u = 0, sum_{strict} y + u = 1
    (restricted to ``rows`` if given) with the exact simplex.
    """
    idx = list(range(len(A))) if rows is None else list(rows)
    n = len(A[0]) if A else 0
    k = len(idx)
    Aeq = []
    for j in range(n):
        Aeq.append([A[i][j] for i in idx] + [_ZERO])
    Aeq.append([b[i] for i in idx] + [_ONE])
    Aeq.append([(_ONE if strict[i] else _ZERO) for i in idx] + [_ONE])
    beq = [_ZERO] * n + [_ZERO, _ONE]
    status, z, _ = _simplex([_ZERO] * (k + 1), Aeq, beq)
    if status == "infeasible":
        return None
    y = [_ZERO] * len(A)
    for t, i in enumerate(idx):
        y[i] = z[t]
    return tuple(y)


def _exact_point(A, b, strict):
    """Exact max t s.t. A_s x + t <= b_s, A_n x <= b_n, t <= 1; a point if t* > 0, else None."""
    m = len(A)
    n = len(A[0]) if A else 0
    # variables: xp (n), xn (n), tp, tn, slacks (m + 1)
    N = 2 * n + 2 + m + 1
    Aeq, beq = [], []
    for i in range(m):
        t = _ONE if strict[i] else _ZERO
        row = list(A[i]) + [-v for v in A[i]] + [t, -t] + [(_ONE if k == i else _ZERO) for k in range(m + 1)]
        Aeq.append(row)
        beq.append(b[i])
    Aeq.append([_ZERO] * (2 * n) + [_ONE, -_ONE] + [_ZERO] * m + [_ONE])
    beq.append(_ONE)
    c = [_ZERO] * N
    c[2 * n] = _ONE
    c[2 * n + 1] = -_ONE
    status, z, _ = _simplex(c, Aeq, beq)
    if status != "optimal":
        return None
    t = z[2 * n] - z[2 * n + 1]
    if not any(strict):
        return tuple(z[j] - z[n + j] for j in range(n))
    if t <= 0:
        return None
    return tuple(z[j] - z[n + j] for j in range(n))


# --------------------------------------------------------------------------
# Feasibility
# --------------------------------------------------------------------------


def find_point(A, b, strict=True, *, hint=None):
    """A rational point of ``{x : A x <= b}`` (``<`` on strict rows), or a certificate that none exists.

    Parameters
    ----------
    A : sequence of rows (rationals), b : sequence of rationals
    strict : bool or one bool per row
    hint : optional candidate point; returned as is when it satisfies the system exactly.

    Returns
    -------
    Feasible (truthy) or Infeasible (falsy), each with ``.check()``.

    Examples
    --------
    >>> from exactrelu._linalg import QQ
    >>> A = [(QQ(1),), (QQ(-1),)]
    >>> bool(find_point(A, [QQ(0), QQ(0)], strict=False))   # x <= 0 and x >= 0: the point 0
    True
    >>> r = find_point(A, [QQ(0), QQ(0)], strict=[True, False])  # x < 0 and x >= 0
    >>> bool(r), r.check()
    (False, True)
    """
    A, b, strict = _prepare(A, b, strict)
    if not A:
        raise ShapeError("LP: empty system has no dimension; pass at least one row")
    n = len(A[0])
    if hint is not None:
        hint = tuple(_q(v) for v in hint)
        if len(hint) == n and _satisfies(A, b, strict, hint):
            STATS["hint"] += 1
            return Feasible(hint, A, b, strict)
    # zero rows decide alone
    live = []
    for i, (a, bi, st) in enumerate(zip(A, b, strict)):
        if not any(a):
            if (bi <= 0) if st else (bi < 0):
                y = tuple(_ONE if k == i else _ZERO for k in range(len(A)))
                STATS["trivial"] += 1
                return Infeasible(y, A, b, strict)
        else:
            live.append(i)
    if not live:
        STATS["trivial"] += 1
        return Feasible(tuple(_ZERO for _ in range(n)), A, b, strict)
    res = _find_point_float(A, b, strict, live, n)
    if res is not None:
        STATS["certified"] += 1
        return res
    STATS["exact_fallback"] += 1
    sub = [A[i] for i in live], [b[i] for i in live], [strict[i] for i in live]
    x = _exact_point(*sub)
    if x is not None and _satisfies(A, b, strict, x):
        return Feasible(x, A, b, strict)
    y = _exact_certificate(A, b, strict)
    if y is None:  # pragma: no cover - Motzkin's theorem: one of the two exists
        raise LPError("exact LP found neither a point nor a certificate")
    return Infeasible(y, A, b, strict)


def _find_point_float(A, b, strict, live, n):
    """HiGHS proposal + exact certificate; None when nothing certifies."""
    Af, bf = _to_float_rows([A[i] for i in live], [b[i] for i in live])
    norms = np.abs(Af).max(axis=1)
    Af = Af / norms[:, None]
    bf = bf / norms
    st = np.array([strict[i] for i in live], dtype=float)
    has_strict = bool(st.any())
    M = np.hstack([Af, st[:, None]])
    cost = np.zeros(n + 1)
    cost[n] = 1.0
    col_lo = np.full(n + 1, -np.inf)
    col_hi = np.full(n + 1, np.inf)
    col_hi[n] = 1.0 if has_strict else 0.0
    if not has_strict:
        col_lo[n] = 0.0
    status, x, dual = _float_lp(cost, M, np.full(len(live), -np.inf), bf, col_lo, col_hi)
    if status == "optimal":
        t = x[n]
        xf = x[:n]
        if (t > _TOL) or (not has_strict):
            pt = _round_point(A, b, strict, xf, t if has_strict else 0.0, n)
            if pt is not None:
                return Feasible(pt, A, b, strict)
            # the point may sit on non-strict rows (a flat feasible set): project onto them exactly
            slack = bf - Af @ xf
            tight = [live[k] for k in range(len(live)) if not strict[live[k]] and slack[k] < 1e-7]
            if tight:
                base = _rationalize(xf, 1 << 30)
                pt = _project(A, b, tight, base)
                if pt is not None and _satisfies(A, b, strict, pt):
                    return Feasible(pt, A, b, strict)
            return None
        # t* <= 0: the row duals are Motzkin multipliers; certify on their support exactly
        support = [live[k] for k in range(len(live)) if abs(dual[k]) > _TOL]
        if support:
            # fast path: the dual is a vertex, so A_S^T y = 0, sum_strict y = 1 usually pins y down
            eqs = [[A[i][j] for i in support] for j in range(n)]
            eqs.append([(_ONE if strict[i] else _ZERO) for i in support])
            rhs = [_ZERO] * n + [_ONE]
            ys = la.solve_square(eqs, rhs) if len(support) == n + 1 else None
            if ys is None:
                ys = _solve_any(eqs, rhs)
            if ys is not None:
                y = [_ZERO] * len(A)
                for i, v in zip(support, ys):
                    y[i] = v
                cert = Infeasible(tuple(y), A, b, strict)
                if cert.check():
                    return cert
            y = _exact_certificate(A, b, strict, support)
            if y is not None:
                return Infeasible(y, A, b, strict)
        return None
    return None


def _round_point(A, b, strict, xf, t, n):
    if not np.all(np.isfinite(xf)):
        return None
    tries = []
    if t > 0:
        k = max(0, math.ceil(math.log2(2 * n / t)) + 1)
        if k < 60:
            tries.append(1 << k)
    tries.append(1 << 40)
    for scale in tries:
        pt = _rationalize(xf, scale)
        if _satisfies(A, b, strict, pt):
            return pt
    pt = _dyadic(xf)
    if _satisfies(A, b, strict, pt):
        return pt
    return None


def interior_point(A, b, *, hint=None):
    """``find_point`` with every row strict: a rational point in the interior, or a certificate."""
    return find_point(A, b, True, hint=hint)


# --------------------------------------------------------------------------
# Optimisation
# --------------------------------------------------------------------------


def maximize(c, A, b):
    """Exact ``max c . x  s.t.  A x <= b`` (x free).

    Returns :class:`Optimal`, :class:`Unbounded` or :class:`Infeasible`, each with ``.check()``.

    Examples
    --------
    >>> from exactrelu._linalg import QQ
    >>> A = [(QQ(1), QQ(1)), (QQ(-1), QQ(0)), (QQ(0), QQ(-1))]     # x + y <= 1, x, y >= 0
    >>> r = maximize((QQ(2), QQ(1)), A, [QQ(1), QQ(0), QQ(0)])
    >>> r.value == 2, r.check()
    (True, True)
    """
    A, b = _prepare(A, b)
    c = tuple(_q(v) for v in c)
    if not A:
        raise ShapeError("LP: empty system has no dimension; pass at least one row")
    n = len(A[0])
    if len(c) != n:
        raise ShapeError(f"LP: objective has {len(c)} entries, expected {n}")
    res = _maximize_float(c, A, b, n)
    if res is not None and res.check():
        STATS["certified"] += 1
        return res
    STATS["exact_fallback"] += 1
    return _maximize_exact(c, A, b, n)


def _maximize_float(c, A, b, n):
    Af, bf = _to_float_rows(A, b)
    cf = np.array([float(v) for v in c])
    status, x, dual = _float_lp(cf, Af, np.full(len(A), -np.inf), bf, np.full(n, -np.inf), np.full(n, np.inf))
    if status == "optimal":
        # dual support -> exact duals on it; primal: solve the support rows as equalities near x
        sup = [i for i in range(len(A)) if abs(dual[i]) > _TOL]
        ysol = _solve_any([[A[i][j] for i in sup] for j in range(n)], list(c)) if sup else (
            [] if not any(c) else None
        )
        if ysol is None or any(v < 0 for v in ysol):
            return None
        y = [_ZERO] * len(A)
        for i, v in zip(sup, ysol):
            y[i] = v
        base = _rationalize(x, 1 << 30)
        pt = _project(A, b, sup, base) if sup else base
        if pt is None:
            return None
        value = _dot(c, pt)
        return Optimal(value, pt, tuple(y), c, A, b)
    if status == "unbounded":
        return None  # the exact simplex produces the ray
    if status == "infeasible":
        y = _exact_certificate(A, b, (False,) * len(A))
        if y is not None:
            return Infeasible(y, A, b, (False,) * len(A))
    return None


def _maximize_exact(c, A, b, n):
    m = len(A)
    Aeq = [list(A[i]) + [-v for v in A[i]] + [(_ONE if k == i else _ZERO) for k in range(m)] for i in range(m)]
    cc = list(c) + [-v for v in c] + [_ZERO] * m
    status, z, extra = _simplex(cc, Aeq, list(b))
    if status == "infeasible":
        # y^T [A, -A, I] >= 0 and y . b < 0: y >= 0, y^T A = 0 -- a Farkas certificate as is
        return Infeasible(z, A, b, (False,) * m)
    x = tuple(z[j] - z[n + j] for j in range(n))
    if status == "unbounded":
        ray = tuple(extra[j] - extra[n + j] for j in range(n))
        return Unbounded(x, ray, c, A, b)
    y = tuple(extra)
    return Optimal(_dot(c, x), x, y, c, A, b)


# --------------------------------------------------------------------------
# Redundancy
# --------------------------------------------------------------------------


def _normalized_key(a, bi):
    """Rows equal up to a positive factor get the same key (scaled so the first non-zero entry is +-1)."""
    p = next(v for v in a if v)
    s = abs(p)
    return tuple(v / s for v in a), bi / s


def irredundant_rows(A, b, *, interior=None):
    """Indices of a minimal subset of rows defining the same (full-dimensional) polytope.

    Zero rows are dropped; rows that are positive multiples of each other are
    reduced to the tightest one (first index on ties). Each remaining row i is
    tested exactly: it is kept iff some point satisfies every other row and
    violates row i (an exact vertex of ``max a_i x`` over the others).

    Examples
    --------
    >>> from exactrelu._linalg import QQ
    >>> A = [(QQ(1),), (QQ(2),), (QQ(-1),), (QQ(1),)]   # x <= 1, 2x <= 4, -x <= 0, x <= 1
    >>> irredundant_rows(A, [QQ(1), QQ(4), QQ(0), QQ(1)])
    (0, 2)
    """
    A, b = _prepare(A, b)
    best = {}
    for i, (a, bi) in enumerate(zip(A, b)):
        if not any(a):
            continue
        key, nb = _normalized_key(a, bi)
        if key not in best or nb < best[key][1]:
            best[key] = (i, nb)
    cand = sorted(i for i, _ in best.values())
    if len(cand) <= 1:
        return tuple(cand)
    keep = []
    for i in cand:
        others = [k for k in cand if k != i]
        if not _redundant(A, b, i, others):
            keep.append(i)
    return tuple(keep)


def _redundant(A, b, i, others):
    """Is a_i x <= b_i implied by the rows ``others``? Exact, via maximize over others + a cap."""
    rows = [A[k] for k in others] + [A[i]]
    rhs = [b[k] for k in others] + [b[i] + 1]
    res = maximize(A[i], rows, rhs)
    if isinstance(res, Optimal):
        return res.value <= b[i]
    if isinstance(res, Infeasible):
        return True  # others empty: everything is implied
    return False  # pragma: no cover - capped objective cannot be unbounded

"""The float64 twin of the exact engine: same names, same algorithms, no certificates.

For cross-checks and speed comparisons only: every answer here may be wrong
where floating point cannot decide (a point on a boundary, concurrent
hyperplanes, slivers). The exact engine is :mod:`exactrelu.configuration`
and :mod:`exactrelu.regions`.

Examples
--------
>>> from exactrelu.network import Network
>>> net = Network.from_lists([[[1, 0], [0, 1]], [[1, 1]]], [[0, 0], [-1]])   # Example 2
>>> count_regions(net)
7
>>> import numpy as np
>>> M, m = affine_piece(net, "11|1")
>>> bool(np.allclose(M, [[1, 1]]) and np.allclose(m, [-1]))
True
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from . import lp
from ._progress import progress
from .configuration import Configuration
from .errors import LimitError
from .network import Network
from .polytope import as_domain
from .rational import to_point
from .regions import _Cell, _refine, _Timeout

__all__ = ["forward", "affine_piece", "enumerate_regions", "count_regions", "lipschitz_constant", "NumericRegion",
           "NumericLipschitz", "TOL"]

#: Relative tolerance below which a float pre-activation counts as 0.
TOL = 1e-9


def _float_layers(net: Network):
    net.require_rational("the numeric engine")
    return [
        (np.array([[float(v) for v in r] for r in l.weights]).reshape(l.n_out, l.n_in),
         np.array([float(v) for v in l.bias]), l.activation)
        for l in net.layers
    ]


@dataclass(frozen=True)
class NumericForward:
    point: np.ndarray
    z: tuple
    x: tuple
    configuration: Configuration

    @property
    def value(self):
        return self.x[-1]


def forward(net: Network, x) -> NumericForward:
    """Float forward pass; s = 1 where z > 0 (no tie detection: floats cannot see exact zeros)."""
    x = np.array([float(v) for v in to_point(x, net.n_inputs)])
    zs, xs, bits = [], [], []
    cur = x
    for W, b, act in _float_layers(net):
        z = W @ cur + b
        zs.append(z)
        if act == "relu":
            bits.append(tuple(int(v > 0) for v in z))
            cur = np.maximum(z, 0)
        else:
            cur = z
        xs.append(cur)
    return NumericForward(x, tuple(zs), tuple(xs), Configuration(tuple(bits)))


def affine_piece(net: Network, s):
    """(M, m) as float arrays by the recursion of MATH.md §2."""
    s = Configuration.parse(s, net)
    per = s.per_layer(net)
    A = None
    for (W, b, act), bits in zip(_float_layers(net), per):
        if A is None:
            A, c = W, b
        else:
            A, c = W @ A, W @ c + b
        if bits is not None:
            D = np.array(bits, dtype=float)
            A, c = D[:, None] * A, D * c
    return A, c


class FloatBackend:
    """float64 + HiGHS, tolerances instead of certificates."""

    exact = False

    @staticmethod
    def sign(G, g, w) -> int:
        v = float(G @ w + g)
        scale = float(np.abs(G).sum() * (np.abs(w).max() if len(w) else 0) + abs(g) + 1.0)
        if abs(v) <= TOL * scale:
            return 0
        return 1 if v > 0 else -1

    @staticmethod
    def is_zero(G) -> bool:
        return not np.any(np.abs(G) > 1e-12)

    @staticmethod
    def positive(g) -> bool:
        return g > 1e-12

    @staticmethod
    def neg(G):
        return -G

    @staticmethod
    def feasible(A, b, strict, hint=None):
        Af = np.array(A)
        bf = np.array(b, dtype=float)
        norms = np.abs(Af).max(axis=1)
        norms[norms == 0] = 1.0
        Af, bf = Af / norms[:, None], bf / norms
        n = Af.shape[1]
        M = np.hstack([Af, np.ones((len(Af), 1))])
        cost = np.zeros(n + 1)
        cost[n] = 1.0
        lo = np.full(n + 1, -np.inf)
        hi = np.full(n + 1, np.inf)
        hi[n] = 1.0
        status, x, _ = lp._float_lp(cost, M, np.full(len(Af), -np.inf), bf, lo, hi)
        if status == "optimal" and x[n] > TOL:
            return x[:n]
        return None

    @staticmethod
    def nudge(A, b, strict, w, d):
        return w + 1e-7 * d / max(float(np.abs(d).max()), 1e-300)

    @staticmethod
    def next_map(W, bias, G, g, mask):
        D = np.array(mask, dtype=float)
        G = np.asarray(G)
        return W @ (D[:, None] * G), W @ (D * np.asarray(g)) + bias

    @staticmethod
    def first_map(W, bias):
        return W.copy(), bias.copy()


@dataclass(frozen=True)
class NumericRegion:
    configuration: Configuration
    witness: np.ndarray
    M: np.ndarray
    m: np.ndarray


class NumericEnumeration:
    """Iterable of :class:`NumericRegion` with ``complete`` / ``reason`` like the exact one."""

    def __init__(self, net, domain=None, *, max_regions=None, timeout=None, progress=None):
        self.layers = _float_layers(net)
        self.n = net.n_inputs
        self.domain = as_domain(domain, net.n_inputs)
        self.max_regions, self.timeout, self.progress = max_regions, timeout, progress
        self.complete, self.reason, self.count = None, None, 0
        self.stats = {"lp": 0, "free": 0}

    def __iter__(self):
        be = FloatBackend
        W, b, _ = self.layers[0]
        G, g = be.first_map(W, b)
        if self.domain is None:
            cell = _Cell([], [], [], [], [], np.zeros(self.n))
        else:
            DA = [np.array([float(v) for v in r]) for r in self.domain.A]
            Db = [float(v) for v in self.domain.b]
            w = be.feasible(DA, Db, None)
            cell = _Cell([], DA, Db, [True] * len(DA), [(None, i) for i in range(len(DA))], w)
        deadline = None if self.timeout is None else time.monotonic() + float(self.timeout)
        with progress("regions (numeric)", unit="region", enabled=self.progress) as bar:
            try:
                for leaf, GL, gL, mask in _refine(be, self.layers, cell, 0, G, g, False, self.stats, deadline):
                    if self.max_regions is not None and self.count >= self.max_regions:
                        self.complete, self.reason = False, f"max_regions={self.max_regions} reached"
                        return
                    D = np.ones(len(gL)) if mask is None else np.array(mask, dtype=float)
                    self.count += 1
                    bar.update(1)
                    yield NumericRegion(Configuration(tuple(leaf.bits)), leaf.w, D[:, None] * GL, D * gL)
            except _Timeout:
                self.complete, self.reason = False, f"timeout of {self.timeout} s reached"
                return
        self.complete = True


def enumerate_regions(net: Network, domain=None, *, max_regions=None, timeout=None, progress=None):
    """Float twin of :func:`exactrelu.regions.enumerate_regions` (same refinement, float64 LPs)."""
    return NumericEnumeration(net, domain, max_regions=max_regions, timeout=timeout, progress=progress)


def count_regions(net: Network, domain=None, **kwargs) -> int:
    e = enumerate_regions(net, domain, **kwargs)
    n = sum(1 for _ in e)
    if not e.complete:
        raise LimitError(f"region count incomplete: {n} regions found before {e.reason}")
    return n


@dataclass(frozen=True)
class NumericLipschitz:
    """Float twin of :class:`exactrelu.lipschitz.LipschitzResult`: value (float), region, count, completeness."""

    norm: str
    value: float
    configuration: Configuration | None
    witness: np.ndarray | None
    regions: int
    complete: bool


def lipschitz_constant(net: Network, norm=2, domain=None, *, max_regions=None, timeout=None, progress=None):
    """Float twin of :func:`exactrelu.lipschitz.lipschitz_constant`: max over float regions of ||M_s|| (numpy).

    >>> from exactrelu.network import Network
    >>> net = Network.from_lists([[[1, 0], [0, 1]], [[3, 4]]], [[0, 0], [0]], ["relu", "linear"])
    >>> lipschitz_constant(net).value
    5.0
    """
    from .lipschitz import parse_norm

    norm = parse_norm(norm)
    order = {"1": 1, "2": 2, "inf": np.inf}[norm]
    e = enumerate_regions(net, domain, max_regions=max_regions, timeout=timeout, progress=progress)
    best, where, count = 0.0, None, 0
    for r in e:
        count += 1
        v = float(np.linalg.norm(r.M, order)) if r.M.size else 0.0
        if where is None or v > best:
            best, where = v, r
    return NumericLipschitz(norm, best, where.configuration if where else None, where.witness if where else None,
                            count, bool(e.complete))

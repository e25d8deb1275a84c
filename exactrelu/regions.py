"""Exact enumeration of linear regions and realised configurations (MATH.md §2-4, Prop. 3).

Algorithm note (layer-by-layer refinement, Prop. 3). A *cell* is an open
polyhedron (rows ``a . x < b``, tagged ``(layer, neuron)`` or ``(None, i)`` for
a domain face) with a rational witness strictly inside. On a cell of the
truncated network the next layer's pre-activations are affine,
``z_k = G_k . x + g_k``. The cell is split by these hyperplanes one neuron at a
time; for a sub-cell with witness ``w``:

* ``G_k = 0``: the neuron is constant (``s = 1`` iff ``g_k > 0``; identically 0
  gets ``s = 0`` by the tie convention): no split, no row;
* ``z_k(w) > 0``: the side ``s = 1`` is non-empty for free (``w``); one
  certified LP decides the side ``s = 0`` and gives its witness (and
  symmetrically for ``z_k(w) < 0``);
* ``z_k(w) = 0``: both sides are non-empty, with exact witnesses
  ``w +- eps G_k`` (eps halved until strictly inside): no LP.

For *realised configurations* (cells that may be lower-dimensional) the side
``s = 0`` is the closed ``z_k <= 0``; the same traversal applies with
non-strict rows. The traversal is depth first, so memory holds one path of
the refinement tree (not the regions already emitted).

Parallelism: the cells after the first split are independent *tasks*; a task
is a pure function of picklable data (network JSON text, domain rows, cell) to
a list of regions, so ``concurrent.futures`` runs it here and a cluster
engine (Dask, Ray) could run the same function unchanged. Results are
merged in task order: the output order does not depend on ``workers``.

Examples
--------
>>> from exactrelu.network import Network
>>> net = Network.from_lists([[[1, 0], [0, 1]], [[1, 1]]], [[0, 0], [-1]])   # Example 2
>>> count_regions(net)
7
>>> all(r.piece(r.witness) == net_value for r in enumerate_regions(net)
...     for net_value in [__import__("exactrelu").forward(net, r.witness).value])
True
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from typing import Iterator

from . import _linalg as la
from . import lp
from ._progress import progress
from .configuration import AffinePiece, Configuration
from .errors import ConfigurationError, ExactReluError, LimitError
from .interop import to_json_text
from .network import Network
from .polytope import Polytope, _is_bounded, as_domain

__all__ = [
    "Region",
    "Realised",
    "Enumeration",
    "enumerate_regions",
    "count_regions",
    "enumerate_realised",
    "count_realised",
    "ExactBackend",
]

QQ = la.QQ
_ZERO = QQ.zero
_ONE = QQ.one


# --------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Region:
    """A linear region: configuration, strictly interior rational witness, affine piece, polytope.

    ``polytope`` holds every row of P_s (intersected with the domain) with its
    tag; ``inequalities`` the irredundant subset (computed on first access,
    exactly); ``bounded`` whether the region within the domain is bounded.
    """

    configuration: Configuration
    witness: tuple
    piece: AffinePiece
    polytope: Polytope
    domain_bounded: bool = field(default=False, repr=False)
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def M(self):
        return self.piece.M

    @property
    def m(self):
        return self.piece.m

    @property
    def inequalities(self) -> Polytope:
        if "irr" not in self._cache:
            self._cache["irr"] = self.polytope.irredundant(interior=self.witness)
        return self._cache["irr"]

    @property
    def bounded(self) -> bool:
        if "bounded" not in self._cache:
            if self.domain_bounded:
                self._cache["bounded"] = True
            else:
                P = self.inequalities
                self._cache["bounded"] = bool(P.A) and _is_bounded(P.A, P.dim)
        return self._cache["bounded"]

    def check(self, net: Network) -> bool:
        """Re-verify from scratch: the witness is strictly inside and the piece is the network there."""
        from .configuration import forward, preactivation_maps

        fr = forward(net, self.witness)
        if fr.configuration != self.configuration or self.piece(self.witness) != fr.value:
            return False
        maps = preactivation_maps(net, self.configuration)
        for l, k in fr.ties:  # a tie is allowed only for a neuron identically 0 on the region
            A, c = maps[l]
            if any(la.rows(A)[k]) or la.rows(c)[k][0]:
                return False
        return self.polytope.contains(self.witness, strict=False)


@dataclass(frozen=True, slots=True)
class Realised:
    """A realised configuration (its cell may be lower-dimensional) with a rational point of the cell."""

    configuration: Configuration
    point: tuple


# --------------------------------------------------------------------------
# Arithmetic backends: exact (here) and float64 (exactrelu.numeric)
# --------------------------------------------------------------------------


class ExactBackend:
    """Exact rationals; every feasibility answer comes from the certified LP."""

    exact = True

    @staticmethod
    def convert_rows(rows):
        return [tuple(r) for r in rows]

    @staticmethod
    def sign(G, g, w) -> int:
        v = g
        for a, x in zip(G, w):
            if a:
                v += a * x
        return (v > 0) - (v < 0)

    @staticmethod
    def is_zero(G) -> bool:
        return not any(G)

    @staticmethod
    def positive(g) -> bool:
        return g > 0

    @staticmethod
    def neg(G):
        return tuple(-v for v in G)

    @staticmethod
    def feasible(A, b, strict, hint=None):
        res = lp.find_point(A, b, strict, hint=hint)
        return res.point if res else None

    @staticmethod
    def nudge(A, b, strict, w, d):
        """w + eps d strictly inside (strict rows) for the largest eps = 4^-j that works."""
        eps = _ONE
        for _ in range(400):
            y = tuple(wi + eps * di for wi, di in zip(w, d))
            ok = True
            for a, bi, st in zip(A, b, strict):
                v = _ZERO
                for u, x in zip(a, y):
                    if u:
                        v += u * x
                if not (v < bi if st else v <= bi):
                    ok = False
                    break
            if ok:
                return y
            eps = eps / 4
        raise ExactReluError("internal: no exact step found off a hyperplane")  # pragma: no cover

    @staticmethod
    def next_map(W, bias, G, g, mask):
        """Pre-activations of the next layer: z' = W (D (G x + g)) + bias, D = diag(mask)."""
        n = len(G[0]) if G else 0
        rows, offs = [], []
        for wrow, bk in zip(W, bias):
            acc = [_ZERO] * n
            off = bk
            for wk, Gr, gr, on in zip(wrow, G, g, mask):
                if on and wk:
                    off += wk * gr
                    for j in range(n):
                        if Gr[j]:
                            acc[j] += wk * Gr[j]
            rows.append(tuple(acc))
            offs.append(off)
        return rows, offs

    @staticmethod
    def first_map(W, bias):
        return [tuple(r) for r in W], list(bias)


# --------------------------------------------------------------------------
# The refinement (one algorithm for both backends and both notions)
# --------------------------------------------------------------------------


@dataclass(slots=True)
class _Cell:
    bits: list  # finished layers' bit tuples
    A: list
    b: list
    strict: list
    tags: list
    w: tuple


def _split_layer(be, cell: _Cell, G, g, layer: int, realised: bool, stats):
    """All non-empty sub-cells of ``cell`` by the hyperplanes of one layer -> [(cell, bits)]."""
    subs = _split_neurons(be, [(cell.A, cell.b, cell.strict, cell.tags, cell.w, [])], G, g, layer, realised, stats,
                          0, len(G))
    return [(_Cell(cell.bits + [tuple(s[5])], s[0], s[1], s[2], s[3], s[4]), tuple(s[5])) for s in subs]


def _split_neurons(be, subs, G, g, layer: int, realised: bool, stats, start: int, stop: int):
    """Split the partial cells ``subs`` (A, b, strict, tags, witness, bits so far) by neurons start..stop-1.

    Algorithm note: the list is expanded neuron by neuron and each cell's children are appended in
    order, so splitting neurons [0, k) and then [k, n) gives the same cells in the same order as
    splitting [0, n) at once -- what lets a layer be split partly in the parent, partly in workers.
    """
    for k in range(start, stop):
        Gk, gk = G[k], g[k]
        if be.is_zero(Gk):
            bit = 1 if be.positive(gk) else 0
            for s in subs:
                s[5].append(bit)
            continue
        negG = be.neg(Gk)
        new = []
        for A, b, strict, tags, w, bits in subs:
            # s = 1: -G x < g (strict);  s = 0: G x < -g (region) or G x <= -g (realised)
            one = (A + [negG], b + [gk], strict + [True], tags + [(layer, k)])
            zero = (A + [Gk], b + [-gk], strict + [not realised], tags + [(layer, k)])
            sg = be.sign(Gk, gk, w)
            if sg > 0:
                new.append((*one, w, bits + [1]))
                stats["lp"] += 1
                p = be.feasible(*zero[:3])
                if p is not None:
                    new.append((*zero, p, bits + [0]))
            elif sg < 0 or realised:
                new.append((*zero, w, bits + [0]))
                stats["lp"] += 1
                p = be.feasible(*one[:3])
                if p is not None:
                    new.append((*one, p, bits + [1]))
            else:  # on the hyperplane: both sides non-empty, exact witnesses nearby
                stats["free"] += 1
                new.append((*one, be.nudge(*one[:3], w, Gk), bits + [1]))
                new.append((*zero, be.nudge(*zero[:3], w, negG), bits + [0]))
        subs = new
    return subs


def _refine(be, layers, cell: _Cell, pos: int, G, g, realised: bool, stats, deadline=None):
    """Depth-first: yield (cell, G_L, g_L) for every leaf below ``cell`` at layer ``pos``."""
    if deadline is not None and time.monotonic() > deadline:
        raise _Timeout
    W, bias, act = layers[pos]
    last = pos == len(layers) - 1
    if act == "relu":
        children = _split_layer(be, cell, G, g, pos, realised, stats)
    else:
        children = [(cell, None)]
    for child, mask in children:
        if last:
            yield child, G, g, mask
            continue
        m = mask if mask is not None else (1,) * len(G)
        W2, b2, _ = layers[pos + 1]
        G2, g2 = be.next_map(W2, b2, G, g, m)
        yield from _refine(be, layers, child, pos + 1, G2, g2, realised, stats, deadline)


class _Timeout(Exception):
    pass


def _layers(net: Network):
    return [(l.weights, l.bias, l.activation) for l in net.layers]


def _root(net, D):
    n = net.n_inputs
    if D is None:
        return _Cell([], [], [], [], [], tuple(_ZERO for _ in range(n)))
    res = D.interior_point()
    return _Cell([], list(D.A), list(D.b), [True] * len(D.A), [(None, i) for i in range(len(D.A))], res.point)


def _leaves(be, net, D, realised, stats, deadline=None):
    """Sequential traversal of the whole refinement tree: (cell, G_L, g_L, mask) per leaf."""
    layers = _layers(net)
    G, g = be.first_map(*layers[0][:2])
    cell = _root(net, D)
    if realised and D is not None:
        cell.strict = [False] * len(cell.A)
    yield from _refine(be, layers, cell, 0, G, g, realised, stats, deadline)


def _tasks(be, net, D, realised, stats, target=None):
    """The independent tasks, in order: cells after the first layer that splits.

    With ``target``, that layer is split in the caller only by its first neurons, until there are
    at least ``target`` partial cells (or the layer is done); each task then finishes the layer's
    split itself (``_Task.k``). This keeps the serial part small when layer 1 is wide.
    """
    layers = _layers(net)
    G, g = be.first_map(*layers[0][:2])
    cell = _root(net, D)
    if realised and D is not None:
        cell.strict = [False] * len(cell.A)
    pos = 0
    while layers[pos][2] != "relu" and pos < len(layers) - 1:
        G, g = be.next_map(*layers[pos + 1][:2], G, g, (1,) * len(G))
        pos += 1
    if layers[pos][2] != "relu" or pos == len(layers) - 1:
        return [(cell, pos, G, g, None)]
    n = len(G)
    if target is None:
        out = []
        for child, mask in _split_layer(be, cell, G, g, pos, realised, stats):
            G2, g2 = be.next_map(*layers[pos + 1][:2], G, g, mask)
            out.append((child, pos + 1, G2, g2, None))
        return out
    subs = [(cell.A, cell.b, cell.strict, cell.tags, cell.w, [])]
    k = 0
    while k < n and len(subs) < target:
        subs = _split_neurons(be, subs, G, g, pos, realised, stats, k, k + 1)
        k += 1
    return [(_Cell(list(cell.bits), s[0], s[1], s[2], s[3], s[4]), pos, G, g, (k, tuple(s[5]))) for s in subs]


def _task_leaves(be, layers, task, realised, stats, deadline=None):
    """Every leaf of one task: finish a partly split layer first when the task says so."""
    cell, pos, G, g, partial = task
    if partial is None:
        yield from _refine(be, layers, cell, pos, G, g, realised, stats, deadline)
        return
    k, bits = partial
    subs = _split_neurons(be, [(cell.A, cell.b, cell.strict, cell.tags, cell.w, list(bits))], G, g, pos, realised,
                          stats, k, len(G))
    last = pos == len(layers) - 1
    for s in subs:
        child = _Cell(cell.bits + [tuple(s[5])], s[0], s[1], s[2], s[3], s[4])
        mask = tuple(s[5])
        if last:
            yield child, G, g, mask
            continue
        G2, g2 = be.next_map(*layers[pos + 1][:2], G, g, mask)
        yield from _refine(be, layers, child, pos + 1, G2, g2, realised, stats, deadline)


# --------------------------------------------------------------------------
# Leaves -> values
# --------------------------------------------------------------------------


def _piece(net, conf, G, g, mask):
    """The affine piece from the last layer's map (M = D_L A_L, m = D_L c_L; D_L = I for a linear head)."""
    if mask is not None:
        G = [row if on else tuple(_ZERO for _ in row) for row, on in zip(G, mask)]
        g = [v if on else _ZERO for v, on in zip(g, mask)]
    M = la.matrix([list(r) for r in G], (len(G), net.n_inputs), QQ)
    m = la.matrix([[v] for v in g], (len(g), 1), QQ)
    return AffinePiece(conf, M, m)


def _region(net, D, cell, G, g, mask) -> Region:
    conf = Configuration(tuple(cell.bits))
    P = Polytope(tuple(cell.A), tuple(cell.b), tuple(cell.tags), net.n_inputs)
    return Region(conf, cell.w, _piece(net, conf, G, g, mask), P, D is not None and D.is_bounded())


# --------------------------------------------------------------------------
# Parallel tasks (pure functions of picklable data)
# --------------------------------------------------------------------------


def _encode_cell(cell):
    enc = lambda v: str(v)  # noqa: E731
    return (
        [list(b) for b in cell.bits],
        [[enc(v) for v in r] for r in cell.A],
        [enc(v) for v in cell.b],
        list(cell.strict),
        [list(t) for t in cell.tags],
        [enc(v) for v in cell.w],
    )


def _q(text):
    from .rational import parse_rational

    return parse_rational(text)


def _decode_cell(data):
    bits, A, b, strict, tags, w = data
    return _Cell(
        [tuple(x) for x in bits],
        [tuple(_q(v) for v in r) for r in A],
        [_q(v) for v in b],
        list(strict),
        [tuple(t) for t in tags],
        tuple(_q(v) for v in w),
    )


def _pair(v):
    return (int(v.numerator), int(v.denominator))


def _unpair(t):
    return QQ(t[0], t[1])


def _pack_leaf(cell, G, g, mask, realised):
    """A finished leaf as plain ints and lists (cheap to pickle; rationals as (p, q) pairs)."""
    bits = [list(b) for b in cell.bits]
    w = [_pair(v) for v in cell.w]
    if realised:
        return (bits, w)
    return (bits, w, [[_pair(v) for v in r] for r in cell.A], [_pair(v) for v in cell.b],
            [list(t) for t in cell.tags], [[_pair(v) for v in r] for r in G], [_pair(v) for v in g],
            None if mask is None else list(mask))


def _unpack_leaf(rec):
    """(cell, G, g, mask) from :func:`_pack_leaf` (cell.strict is not needed any more)."""
    if len(rec) == 2:
        bits, w = rec
        return _Cell([tuple(b) for b in bits], [], [], [], [], tuple(_unpair(v) for v in w)), None, None, None
    bits, w, A, b, tags, G, g, mask = rec
    cell = _Cell([tuple(x) for x in bits], [tuple(_unpair(v) for v in r) for r in A], [_unpair(v) for v in b], [],
                 [tuple(t) for t in tags], tuple(_unpair(v) for v in w))
    return cell, [tuple(_unpair(v) for v in r) for r in G], [_unpair(v) for v in g], mask


def _record(packed):
    """The checkpoint form of a packed leaf: (bits, witness as strings)."""
    return (packed[0], [f"{p}/{q}" if q != 1 else str(p) for p, q in packed[1]])


@functools.lru_cache(maxsize=4)
def _network_from_text(text):
    """Parse the network once per worker process (every task of a run carries the same text)."""
    from .interop import loads

    return loads(text)


def run_task(payload):
    """One task: ``(network JSON text, task, realised) -> list of packed leaves``. Pure, picklable.

    This is the unit a cluster engine would schedule (Dask ``client.map(run_task, payloads)``):
    the input is text and the output plain ints and lists.
    """
    net_text, (cell_data, pos, G, g, partial), realised = payload
    net = _network_from_text(net_text)
    cell = _decode_cell(cell_data)
    G = [tuple(_q(v) for v in r) for r in G]
    g = [_q(v) for v in g]
    partial = None if partial is None else (partial[0], tuple(partial[1]))
    stats = {"lp": 0, "free": 0}
    return [_pack_leaf(leaf, LG, Lg, mask, realised)
            for leaf, LG, Lg, mask in _task_leaves(ExactBackend, _layers(net), (cell, pos, G, g, partial), realised,
                                                   stats)]


def _encode_task(task):
    cell, pos, G, g, partial = task
    part = None if partial is None else [partial[0], list(partial[1])]
    return (_encode_cell(cell), pos, [[str(v) for v in r] for r in G], [str(v) for v in g], part)


# --------------------------------------------------------------------------
# Public iterator with limits, progress, checkpoint
# --------------------------------------------------------------------------


class Enumeration:
    """An iterable of regions that knows whether it finished.

    ``complete`` is ``None`` while running, ``True`` after the last region,
    ``False`` if a limit (``max_regions``, ``timeout``) stopped it; ``reason``
    says which. ``count`` is the number of regions yielded so far; ``stats``
    counts LPs and the splits decided without one.
    """

    def __init__(self, net, domain=None, *, realised=False, workers=1, max_regions=None, timeout=None,
                 checkpoint=None, progress=None):
        net.require_rational("region enumeration")
        self.net = net
        self.domain = as_domain(domain, net.n_inputs)
        if self.domain is not None:
            self.domain.require_interior()
        self.realised = realised
        if workers is None or int(workers) < 1:
            raise LimitError(f"workers must be a positive integer, got {workers!r}")
        self.workers = int(workers)
        if max_regions is not None and int(max_regions) < 0:
            raise LimitError(f"max_regions must be >= 0, got {max_regions!r}")
        self.max_regions = None if max_regions is None else int(max_regions)
        if timeout is not None and not float(timeout) > 0:
            raise LimitError(f"timeout must be a positive number of seconds, got {timeout!r}")
        self.timeout = timeout
        self.checkpoint = checkpoint
        self.progress = progress
        self.complete = None
        self.reason = None
        self.count = 0
        self.stats = {"lp": 0, "free": 0}
        self._started = False

    # -- values from leaves
    def _make(self, cell, G, g, mask):
        if self.realised:
            return Realised(Configuration(tuple(cell.bits)), cell.w)
        return _region(self.net, self.domain, cell, G, g, mask)

    def _from_record(self, bits, w):
        """A region rebuilt from (bits, witness) -- used by parallel workers and checkpoints."""
        from .polytope import cell_polytope

        conf = Configuration(tuple(tuple(b) for b in bits))
        w = tuple(_q(v) for v in w)
        if self.realised:
            return Realised(conf, w)
        from .configuration import affine_piece

        P = cell_polytope(self.net, conf, self.domain)
        bounded = self.domain is not None and self.domain.is_bounded()
        return Region(conf, w, affine_piece(self.net, conf), P, bounded)

    def __iter__(self) -> Iterator:
        if self._started:
            raise ExactReluError("an Enumeration can be iterated only once; call enumerate_regions again")
        self._started = True
        deadline = None if self.timeout is None else time.monotonic() + float(self.timeout)
        unit = "config" if self.realised else "region"
        with progress("regions" if not self.realised else "configurations", unit=unit,
                      enabled=self.progress) as bar:
            try:
                for item in self._produce(deadline):
                    if self.max_regions is not None and self.count >= self.max_regions:
                        self.complete, self.reason = False, f"max_regions={self.max_regions} reached"
                        return
                    self.count += 1
                    bar.update(1)
                    yield item
                    if deadline is not None and time.monotonic() > deadline:
                        raise _Timeout
            except _Timeout:
                self.complete, self.reason = False, f"timeout of {self.timeout} s reached"
                return
        self.complete, self.reason = True, None

    def _produce(self, deadline):
        if self.checkpoint is None and self.workers == 1:
            for cell, G, g, mask in _leaves(ExactBackend, self.net, self.domain, self.realised, self.stats,
                                            deadline):
                yield self._make(cell, G, g, mask)
            return
        yield from self._produce_tasks(deadline)

    def _produce_tasks(self, deadline):
        # one worker or a checkpoint: the whole first split here (the same tasks whatever --workers, so a
        # run can resume with another worker count); otherwise a partial split, so that the serial part
        # stays small, with enough tasks (32 per worker) to balance the load
        target = None if self.workers == 1 or self.checkpoint is not None else 32 * self.workers
        tasks = _tasks(ExactBackend, self.net, self.domain, self.realised, self.stats, target)
        done = {}
        ck = None
        if self.checkpoint is not None:
            done, ck = _open_checkpoint(self.checkpoint, self._fingerprint(), len(tasks))
        try:
            pending = [i for i in range(len(tasks)) if i not in done]
            results = self._run(tasks, pending, deadline)
            for i in range(len(tasks)):
                if i in done:
                    for bits, w in done[i]:
                        yield self._from_record(bits, w)
                    continue
                packed = next(results)
                if ck is not None:
                    ck.write(json.dumps({"task": i, "regions": [_record(p) for p in packed]}) + "\n")
                    ck.flush()
                    os.fsync(ck.fileno())
                for p in packed:
                    yield self._make(*_unpack_leaf(p))
        finally:
            if ck is not None:
                ck.close()

    def _run(self, tasks, pending, deadline):
        net_text = to_json_text(self.net)
        layers = _layers(self.net)
        if self.workers == 1:
            for i in pending:
                if deadline is not None and time.monotonic() > deadline:
                    raise _Timeout
                yield [_pack_leaf(leaf, LG, Lg, mask, self.realised)
                       for leaf, LG, Lg, mask in _task_leaves(ExactBackend, layers, tasks[i], self.realised,
                                                              self.stats, deadline)]
            return
        from concurrent.futures import ProcessPoolExecutor

        payloads = [(net_text, _encode_task(tasks[i]), self.realised) for i in pending]
        with ProcessPoolExecutor(max_workers=self.workers) as ex:
            try:
                for out in ex.map(run_task, payloads, chunksize=max(1, len(payloads) // (64 * self.workers))):
                    yield out
                    if deadline is not None and time.monotonic() > deadline:
                        raise _Timeout
            finally:
                ex.shutdown(wait=False, cancel_futures=True)

    def _fingerprint(self):
        h = hashlib.sha256(to_json_text(self.net).encode())
        if self.domain is not None:
            h.update(repr((self.domain.A, self.domain.b)).encode())
        h.update(b"realised" if self.realised else b"regions")
        return h.hexdigest()


def _open_checkpoint(path, fingerprint, n_tasks):
    """Read the finished tasks of a checkpoint (a JSON-lines file) and reopen it for appending."""
    done = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        try:
            head = json.loads(lines[0])
        except (json.JSONDecodeError, IndexError) as err:
            raise ConfigurationError(f"checkpoint {path}: not a checkpoint file ({err})") from None
        if head.get("fingerprint") != fingerprint or head.get("tasks") != n_tasks:
            raise ConfigurationError(
                f"checkpoint {path} belongs to another network, domain or mode; remove it or pass another file"
            )
        good = [lines[0]]
        for line in lines[1:]:
            try:
                rec = json.loads(line)
                done[int(rec["task"])] = rec["regions"]
                good.append(line)
            except (json.JSONDecodeError, KeyError, TypeError, ValueError):
                break  # a line cut by a kill: that task is redone
        with open(path, "w", encoding="utf-8") as f:  # drop a torn last line
            f.write("\n".join(good) + "\n")
    else:
        with open(path, "w", encoding="utf-8") as f:
            f.write(json.dumps({"checkpoint": "exactrelu-regions/1", "fingerprint": fingerprint,
                                "tasks": n_tasks}) + "\n")
    return done, open(path, "a", encoding="utf-8")


def enumerate_regions(net: Network, domain=None, *, workers=1, max_regions=None, timeout=None,
                      checkpoint=None, progress=None) -> Enumeration:
    """Every linear region (full-dimensional cell) of ``net``, within ``domain`` if given.

    Returns an :class:`Enumeration` (iterate it once; then ``.complete`` says
    whether every region was produced). Each :class:`Region` carries a
    rational witness strictly inside, its affine piece and its inequalities.
    ``domain``: None (whole space), a box ``[(lo, hi), ...]``, ``{"A", "b"}`` or
    a :class:`~exactrelu.polytope.Domain`; a region counts when its closure meets
    the domain in a set with interior.

    Examples
    --------
    >>> from exactrelu.network import Network
    >>> net = Network.from_lists([[[1], [-1]]], [[0, 0]])          # relu(x), relu(-x)
    >>> sorted(str(r.configuration) for r in enumerate_regions(net))
    ['01', '10']
    """
    return Enumeration(net, domain, workers=workers, max_regions=max_regions, timeout=timeout,
                       checkpoint=checkpoint, progress=progress)


def count_regions(net: Network, domain=None, **kwargs) -> int:
    """The number of linear regions; raises :class:`LimitError` if a limit stopped the count.

    >>> from exactrelu.network import Network
    >>> count_regions(Network.from_lists([[[1, 0], [0, 1], [0, 0]]], [[0, 0, 0]]))   # x, y, zero neuron
    4
    """
    e = enumerate_regions(net, domain, **kwargs)
    n = sum(1 for _ in e)
    if not e.complete:
        err = LimitError(f"region count incomplete: {n} regions found before {e.reason}")
        err.partial = n
        raise err
    return n


def enumerate_realised(net: Network, domain=None, **kwargs) -> Enumeration:
    """Every realised configuration (non-empty cell, possibly lower-dimensional) with a point of its cell.

    >>> from exactrelu.network import Network
    >>> net = Network.from_lists([[[1], [-1]]], [[0, 0]])          # z and -z
    >>> sorted(str(r.configuration) for r in enumerate_realised(net))   # "00" only at x = 0
    ['00', '01', '10']
    """
    return Enumeration(net, domain, realised=True, **kwargs)


def count_realised(net: Network, domain=None, **kwargs) -> int:
    """The number of realised configurations (regions plus lower-dimensional cells)."""
    e = enumerate_realised(net, domain, **kwargs)
    n = sum(1 for _ in e)
    if not e.complete:
        raise LimitError(f"count incomplete: {n} configurations found before {e.reason}")
    return n

"""An exact region oracle that shares no code with exactrelu's enumeration or LP.

Brute force over all 2^N configurations; the cell of each is built here from the
raw weights in ``fractions.Fraction`` and decided by Fourier-Motzkin elimination
with strictness tracking (exact for strict and non-strict systems). Tiny nets only.
"""

from __future__ import annotations

import itertools
from fractions import Fraction as F


def _frac(v):
    s = str(v)
    return F(s)


def raw_layers(net):
    return [([[_frac(v) for v in row] for row in l.weights], [_frac(v) for v in l.bias], l.activation)
            for l in net.layers]


def cell_rows(net, bits, *, realised=False):
    """Rows (a, b, strict) meaning a.x < b (strict) or a.x <= b, of the cell of ``bits``."""
    n = net.n_inputs
    layers = raw_layers(net)
    G = [[F(int(i == j)) for j in range(n)] for i in range(n)]  # x as a map of x
    g = [F(0)] * n
    rows = []
    it = iter(bits)
    for W, b, act in layers:
        Z = [[sum(W[k][i] * G[i][j] for i in range(len(G))) for j in range(n)] for k in range(len(W))]
        z = [sum(W[k][i] * g[i] for i in range(len(g))) + b[k] for k in range(len(W))]
        if act == "relu":
            s = next(it)
            for k, sk in enumerate(s):
                if sk:
                    rows.append(([-v for v in Z[k]], z[k], True))  # z > 0
                else:
                    # z < 0 (region) / z <= 0 (realised); an identically-zero neuron has s = 0 (tie)
                    rows.append((list(Z[k]), -z[k], (not realised) and any(Z[k])))
            Z = [Z[k] if s[k] else [F(0)] * n for k in range(len(Z))]
            z = [z[k] if s[k] else F(0) for k in range(len(z))]
        G, g = Z, z
    return rows


def feasible(rows, n) -> bool:
    """Fourier-Motzkin with strictness: is {a.x < b (strict), a.x <= b} non-empty?"""
    rows = [(tuple(a), b, st) for a, b, st in rows]
    for k in range(n):
        pos, neg, rest = [], [], []
        for a, b, st in rows:
            (pos if a[k] > 0 else neg if a[k] < 0 else rest).append((a, b, st))
        new = set(rest)
        for a, b, st in pos:
            for c, d, su in neg:
                fa, fc = 1 / a[k], 1 / -c[k]
                na = tuple(x * fa + y * fc for x, y in zip(a, c))
                new.add((na, b * fa + d * fc, st or su))
        rows = _normalise(new)
    return all((b > 0) if st else (b >= 0) for _, b, st in rows)


def _normalise(rows):
    out = {}
    for a, b, st in rows:
        m = max((abs(x) for x in a), default=F(0))
        if m:
            a, b = tuple(x / m for x in a), b / m
        key = a
        if key not in out or (b, not st) < (out[key][0], not out[key][1]):
            out[key] = (b, st)
        elif b == out[key][0] and st:
            out[key] = (b, True)
    return [(a, b, st) for a, (b, st) in out.items()]


def all_configurations(net):
    sizes = [l.n_out for l in net.layers if l.activation == "relu"]
    for flat in itertools.product((0, 1), repeat=sum(sizes)):
        bits, i = [], 0
        for s in sizes:
            bits.append(tuple(flat[i:i + s]))
            i += s
        yield tuple(bits)


def regions(net, box=None):
    """Set of configuration strings whose cell has interior (within the open box if given)."""
    out = set()
    for bits in all_configurations(net):
        rows = cell_rows(net, bits)
        if box is not None:
            rows = rows + _box_rows(box, net.n_inputs)
        if feasible(rows, net.n_inputs):
            out.add("|".join("".join(map(str, s)) for s in bits))
    return out


def realised(net):
    out = set()
    for bits in all_configurations(net):
        if feasible(cell_rows(net, bits, realised=True), net.n_inputs):
            out.add("|".join("".join(map(str, s)) for s in bits))
    return out


def _box_rows(box, n):
    rows = []
    for i, (lo, hi) in enumerate(box):
        e = [F(0)] * n
        e[i] = F(1)
        rows.append((list(e), F(str(hi)), True))
        rows.append(([-v for v in e], -F(str(lo)), True))
    return rows

"""Certified exact LP vs plain HiGHS on the cell LPs of random networks.

Run:  python benchmarks/bench_lp.py [--cells 400] [--seed 0]

Half of the cells come from random points (full-dimensional: the answer is an
interior point), half from random configurations (mostly empty: the answer is
a Farkas/Motzkin certificate). "plain" is the same float LP (maximise the
slack t of the normalised strict rows) handed to HiGHS with the matrices
already in float64, no certificate: what a float tool pays.
Prints seconds, microseconds per LP and the ratio certified / plain.
"""

from __future__ import annotations

import argparse
import random
import time

import numpy as np

from exactrelu import lp
from exactrelu.configuration import Configuration, forward
from exactrelu.network import Network
from exactrelu.polytope import cell_polytope


def random_net(rng, widths):
    W, B = [], []
    for a, b in zip(widths, widths[1:]):
        W.append([[round(rng.gauss(0, 1), 3) for _ in range(a)] for _ in range(b)])
        B.append([round(rng.gauss(0, 1), 3) for _ in range(b)])
    acts = ["relu"] * (len(widths) - 2) + ["linear"]
    return Network.from_lists(W, B, acts)


def cells(n_cells, seed):
    rng = random.Random(seed)
    out = []
    shapes = [(2, 8, 8, 1), (3, 10, 10, 1), (4, 8, 8, 8, 1)]
    while len(out) < n_cells:
        widths = rng.choice(shapes)
        net = random_net(rng, widths)
        for _ in range(10):
            if rng.random() < 0.5:
                x = [round(rng.uniform(-3, 3), 2) for _ in range(widths[0])]
                s = forward(net, x).configuration
            else:
                s = Configuration(tuple(tuple(rng.randint(0, 1) for _ in range(w)) for w in widths[1:-1]))
            P = cell_polytope(net, s)
            out.append((P.A, P.b))
    return out[:n_cells]


def plain_highs(systems):
    """The float LP only: floats prepared outside the timed loop, as a float tool would hold them."""
    prepared = []
    for A, b in systems:
        Af = np.array([[float(v) for v in r] for r in A])
        bf = np.array([float(v) for v in b])
        keep = np.abs(Af).max(axis=1) > 0
        Af, bf = Af[keep], bf[keep]
        norms = np.abs(Af).max(axis=1)
        Af, bf = Af / norms[:, None], bf / norms
        n = Af.shape[1]
        M = np.hstack([Af, np.ones((len(Af), 1))])
        cost = np.zeros(n + 1)
        cost[n] = 1
        lo = np.full(n + 1, -np.inf)
        hi = np.full(n + 1, np.inf)
        hi[n] = 1
        prepared.append((cost, M, np.full(len(Af), -np.inf), bf, lo, hi))
    t0 = time.perf_counter()
    verdicts = []
    for args in prepared:
        status, x, _ = lp._float_lp(*args)
        verdicts.append(status == "optimal" and x[-1] > 1e-9)
    return time.perf_counter() - t0, verdicts


def certified(systems):
    t0 = time.perf_counter()
    verdicts = []
    for A, b in systems:
        res = lp.find_point(A, b, True)
        verdicts.append(bool(res))
    return time.perf_counter() - t0, verdicts


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cells", type=int, default=400)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=5, help="time each method this many times; report the fastest")
    args = ap.parse_args(argv)
    systems = cells(args.cells, args.seed)
    rows = sum(len(b) for _, b in systems) / len(systems)
    certified(systems[:20])  # warm up HiGHS
    _, h = lp._highs()
    # the three methods interleaved, each timed --repeat times; the minimum is the least disturbed run
    td = tp = tc = float("inf")
    for _ in range(args.repeat):
        h.setOptionValue("presolve", "on")
        h.setOptionValue("solver", "choose")
        t, vp = plain_highs(systems)  # HiGHS with its default options: what a float tool runs
        td = min(td, t)
        h.setOptionValue("presolve", "off")
        h.setOptionValue("solver", "simplex")
        t, _ = plain_highs(systems)  # the same float LPs with exactrelu's HiGHS options
        tp = min(tp, t)
        for k in lp.STATS:
            lp.STATS[k] = 0
        t, vc = certified(systems)
        tc = min(tc, t)
    n_feasible = sum(vc)
    disagree = sum(a != b for a, b in zip(vp, vc))
    print(f"cell LPs: {len(systems)} (mean {rows:.1f} rows; {n_feasible} full-dimensional, "
          f"{len(systems) - n_feasible} empty)")
    print(f"plain HiGHS, default options  : {td:8.3f} s  {1e6 * td / len(systems):8.1f} us/LP")
    print(f"plain HiGHS, exactrelu options: {tp:8.3f} s  {1e6 * tp / len(systems):8.1f} us/LP")
    print(f"certified exact (exactrelu.lp): {tc:8.3f} s  {1e6 * tc / len(systems):8.1f} us/LP")
    print(f"ratio certified / plain default: {tc / td:.2f}   (target <= 1.5)")
    print(f"ratio certified / plain same options: {tc / tp:.2f}")
    print(f"float verdicts differing from the certified ones: {disagree}")
    print(f"LP stats: {dict(lp.STATS)}")


if __name__ == "__main__":
    main()

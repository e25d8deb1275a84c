"""Exact region enumeration vs its float64 twin and a reference float tool.

Run:  python benchmarks/bench_regions.py [--shapes 2-8-1,2-16-16-1] [--workers 2] [--big]

Networks: weights and biases N(0, 1) rounded to 3 decimals (numpy seed 0), ReLU hidden
layers, linear head, whole input space. Prints regions, seconds, regions/s, the
exact/numeric ratio and the speed-up over the reference float64 tool's published
one-worker times on this machine class. ``--big`` adds a run towards 10^5 regions.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from exactrelu import lp, numeric
from exactrelu.network import Network
from exactrelu.regions import enumerate_regions

REFERENCE = {"2-8-1": 0.3, "2-16-16-1": 5.5, "3-10-10-1": 7.4, "2-32-32-1": 38, "3-8-8-8-1": 30, "4-8-8-8-1": 90}


def random_net(shape: str, seed: int = 0) -> Network:
    widths = [int(w) for w in shape.split("-")]
    rng = np.random.default_rng(seed)
    W, B = [], []
    for a, b in zip(widths, widths[1:]):
        W.append([[str(round(float(v), 3)) for v in row] for row in rng.standard_normal((b, a))])
        B.append([str(round(float(v), 3)) for v in rng.standard_normal(b)])
    acts = ["relu"] * (len(widths) - 2) + ["linear"]
    return Network.from_lists(W, B, acts)


def timed(fn):
    """(result, seconds); runs shorter than 1 s are repeated (up to 5 times) and the fastest is kept."""
    global RUNS
    best = float("inf")
    for RUNS in range(1, 6):
        t0 = time.perf_counter()
        n = fn()
        best = min(best, time.perf_counter() - t0)
        if best >= 1.0:
            break
    return n, best


RUNS = 1


def run_exact(net, workers):
    e = enumerate_regions(net, workers=workers)
    n = sum(1 for _ in e)
    assert e.complete
    return n


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shapes", default=",".join(REFERENCE))
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--no-numeric", action="store_true")
    ap.add_argument("--big", action="store_true", help="also a 5-10-10-10-1 run (about 1.9 x 10^5 regions; use --workers 2)")
    args = ap.parse_args(argv)
    print(f"{'shape':<12}{'regions':>9}{'exact s':>10}{'reg/s':>9}{'numeric s':>11}{'ex/num':>8}"
          f"{'ref s':>8}{'speed-up':>10}{'LPs/region':>12}")
    shapes = args.shapes.split(",") + (["5-10-10-10-1"] if args.big else [])
    warm = random_net("2-4-1")  # start HiGHS and import everything before timing
    run_exact(warm, 1)
    numeric.count_regions(warm)
    for shape in shapes:
        net = random_net(shape)
        before = lp.STATS["highs"]
        n, te = timed(lambda: run_exact(net, args.workers))
        lps = (lp.STATS["highs"] - before) / max(n * RUNS, 1)  # HiGHS calls per region (this process)
        if args.no_numeric:
            nn, tn = n, float("nan")
        else:
            nn, tn = timed(lambda: numeric.count_regions(net))
        ref = REFERENCE.get(shape)
        ref_s = f"{ref:8.1f}" if ref else f"{'-':>8}"
        speed = f"{ref / te:9.1f}x" if ref else f"{'-':>10}"
        flag = "" if nn == n else f"  (numeric found {nn})"
        print(f"{shape:<12}{n:>9}{te:>10.2f}{n / te:>9.0f}{tn:>11.2f}{te / tn:>8.2f}{ref_s}{speed}{lps:>12.2f}{flag}",
              flush=True)


if __name__ == "__main__":
    main()

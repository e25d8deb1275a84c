"""Shared helpers of the proofs_checks scripts: seeded random rational nets and a failure counter.

Each script checks one statement of the paper on concrete random rational
networks (and, where the statement is an identity, symbolically for small
shapes), prints what it checked, and exits 1 on any failure.
"""

from __future__ import annotations

import random
import sys
from fractions import Fraction

from exactrelu import Network


def random_net(rng: random.Random, shape, *, linear_head=False, zero_bias=False, den=4, num=6) -> Network:
    def q():
        return Fraction(rng.randint(-num, num), rng.randint(1, den))

    W = [[[q() for _ in range(a)] for _ in range(b)] for a, b in zip(shape, shape[1:])]
    B = [[Fraction(0) if zero_bias else q() for _ in range(b)] for b in shape[1:]]
    acts = ["relu"] * (len(shape) - 1)
    if linear_head:
        acts[-1] = "linear"
    return Network.from_lists(W, B, acts)


def random_point(rng: random.Random, n, num=20, den=7):
    return [Fraction(rng.randint(-num, num), rng.randint(1, den)) for _ in range(n)]


class Checker:
    """Counts checks and failures; ``done()`` prints the verdict and exits non-zero on any failure."""

    def __init__(self, statement: str):
        self.statement = statement
        self.checks = 0
        self.failures = []
        print(f"== {statement}")

    def check(self, ok: bool, what: str) -> bool:
        self.checks += 1
        if not ok:
            self.failures.append(what)
            print(f"   FAILED: {what}")
        return ok

    def note(self, text: str) -> None:
        print(f"   {text}")

    def done(self) -> None:
        if self.failures:
            print(f"== {self.statement}: {len(self.failures)} of {self.checks} checks FAILED")
            sys.exit(1)
        print(f"== {self.statement}: all {self.checks} checks passed")
        sys.exit(0)


def seed_from_argv(default=0) -> int:
    for a in sys.argv[1:]:
        if a.startswith("--seed="):
            return int(a.split("=", 1)[1])
    return default

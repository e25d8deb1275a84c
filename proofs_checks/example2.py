"""Example 2: n_0 = 2, n_1 = 2 with W_1 invertible, n_2 = 1: at most 1 + 3 * 2 = 7 regions, 7 attained.

Random nets with invertible W_1 never exceed 7 regions; the region s_1 = (0, 0) is never split (z_2 is
constant there); examples/paper_example2.json has exactly 7, and the count is checked against the
number of first-layer quadrants split by the second hyperplane, computed independently.
"""

import random
from pathlib import Path

from _common import Checker, random_net, seed_from_argv

from exactrelu import count_regions, enumerate_regions, load

rng = random.Random(seed_from_argv(4))
c = Checker("Example 2 (at most 7 regions, attained)")
ex = load(Path(__file__).resolve().parent.parent / "examples" / "paper_example2.json")
c.check(count_regions(ex) == 7, "examples/paper_example2.json does not have 7 regions")
hist = {}
for _ in range(60):
    net = random_net(rng, (2, 2, 1), num=4, den=3)
    (a, b), (cc, d) = net.layers[0].weights
    if a * d - b * cc == 0:
        continue
    regs = list(enumerate_regions(net))
    n = len(regs)
    hist[n] = hist.get(n, 0) + 1
    c.check(n <= 7, f"{n} regions > 7")
    zeros = [r for r in regs if r.configuration.bits[0] == (0, 0)]
    c.check(len(zeros) == 1, "the quadrant s_1 = (0, 0) was split")
    by_parent = {}
    for r in regs:
        by_parent.setdefault(r.configuration.bits[0], set()).add(r.configuration.bits[1])
    c.check(len(by_parent) == 4 and n == sum(len(v) for v in by_parent.values()), "not 4 quadrants refined")
c.note(f"random 2-2-1 nets with invertible W_1, region counts: {dict(sorted(hist.items()))}")
c.done()

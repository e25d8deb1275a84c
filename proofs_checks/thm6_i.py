"""Thm. 6 (i): with unit columns of W_L and unit rows of W_1 (Euclidean), and mu = max |entry| of
W_2..W_{L-1}: ||M_s||_2 <= sum |c_ij| <= mu^{L-2} prod_{l<L} |supp s_l| on each region, and
Lip(rho) <= mu^{L-2} n^{L-1}. Unit vectors are exact: rational points of the sphere (inverse
stereographic projection). Also the unnormalised form ||M_s|| <= sum |c_ij| ||u|| ||v|| on any net.
"""

import random
from fractions import Fraction

from _common import Checker, random_net, seed_from_argv

from exactrelu import Network, enumerate_regions
from exactrelu.lipschitz import is_leq, lipschitz_constant, operator_norm, region_bounds, theorem6_bounds

rng = random.Random(seed_from_argv(8))
c = Checker("Thm. 6 (i) (path-sum Lipschitz bound)")


def unit(n):
    t = [Fraction(rng.randint(-5, 5), rng.randint(1, 4)) for _ in range(n - 1)]
    s = sum(a * a for a in t)
    return [2 * a / (1 + s) for a in t] + [(1 - s) / (1 + s)]


def q():
    return Fraction(rng.randint(-6, 6), rng.randint(1, 5))


count = nets = 0
for shape in [(2, 3, 3, 1), (2, 3, 3, 2), (3, 2, 3, 2, 2), (2, 4, 4, 4, 1)]:
    for _ in range(4):
        n = shape
        W = [[unit(n[0]) for _ in range(n[1])]]
        for l in range(2, len(n) - 1):
            W.append([[q() for _ in range(n[l - 1])] for _ in range(n[l])])
        cols = [unit(n[-1]) for _ in range(n[-2])]
        W.append([[cols[cc][r] for cc in range(n[-2])] for r in range(n[-1])])
        B = [[q() for _ in range(k)] for k in n[1:]]
        net = Network.from_lists(W, B, ["relu"] * (len(n) - 2) + ["linear"])
        nets += 1
        glob = theorem6_bounds(net, 2)
        c.check("i" in glob, "hypotheses of (i) not recognised")
        lip = lipschitz_constant(net, 2)
        c.check(is_leq(lip.value, glob["i"]), f"{shape}: Lip = {lip.value} > global bound {glob['i']}")
        for r in enumerate_regions(net):
            count += 1
            b = region_bounds(net, r.configuration)
            local = operator_norm(r.M, 2)
            c.check(is_leq(local, b["i_atoms"]), f"{shape}: ||M_s|| > sum |c_ij| on {r.configuration}")
            c.check(is_leq(b["i_atoms"], b["i"]), f"{shape}: sum |c_ij| > mu^(L-2) prod |supp s_l|")
            c.check(is_leq(b["i"], glob["i"]), f"{shape}: region bound > global bound")
for shape in [(2, 4, 3, 1), (3, 3, 3, 2)]:
    net = random_net(rng, shape, linear_head=True)
    for r in enumerate_regions(net):
        count += 1
        c.check(is_leq(operator_norm(r.M, 2), region_bounds(net, r.configuration)["i_general"]), "unnormalised form fails")
c.note(f"{nets} normalised nets + 2 general nets, {count} regions; exact algebraic comparisons")
c.done()

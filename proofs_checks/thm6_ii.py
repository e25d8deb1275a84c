"""Thm. 6 (ii): with s* = max_l ||W_l||_2, ||rho(x) - rho(y)|| <= (s*)^L ||x - y||; also prod_l ||W_l||
and ||W||_2 <= ||W||_F. Checked against the exact Lipschitz constant (max over regions of ||M_s||_2, an
algebraic number) on random nets, and on rational pairs of points in one region.
"""

import random

import sympy
from _common import Checker, random_net, random_point, seed_from_argv

from exactrelu import forward
from exactrelu.lipschitz import is_leq, lipschitz_constant, operator_norm, theorem6_bounds

rng = random.Random(seed_from_argv(9))
c = Checker("Thm. 6 (ii) (spectral-norm bound)")
nets = 0
for shape in [(2, 3, 1), (2, 3, 3, 1), (3, 4, 3, 2), (2, 3, 3, 3, 2), (1, 4, 4, 1)]:
    for head in (False, True):
        net = random_net(rng, shape, linear_head=head)
        nets += 1
        lip = lipschitz_constant(net, 2)
        b = theorem6_bounds(net, 2)
        c.check(is_leq(lip.value, b["ii_product"]) and is_leq(b["ii_product"], b["ii"]), f"{shape}: bound (ii) fails")
        for l in range(net.depth):
            W = net.W(l)
            fro = sympy.sqrt(sum(sympy.Rational(str(v)) ** 2 for r in W.to_list() for v in r))
            c.check(is_leq(operator_norm(W, 2), fro), f"{shape}: ||W||_2 > ||W||_F")
        for _ in range(10):
            x, y = random_point(rng, net.n_inputs), random_point(rng, net.n_inputs)
            dy = sum(sympy.Rational(str(a - b)) ** 2 for a, b in zip(forward(net, x).value, forward(net, y).value))
            dx = sum((a - b) ** 2 for a, b in zip(x, y))
            c.check(is_leq(dy, lip.value**2 * sympy.Rational(dx)), f"{shape}: exact constant violated at {x}, {y}")
        c.note(f"{shape}{' linear head' if head else ''}: Lip = {sympy.N(lip.value, 8)} <= prod ||W_l|| = "
               f"{sympy.N(b['ii_product'], 8)} <= (s*)^L = {sympy.N(b['ii'], 8)}")
c.note(f"{nets} random nets")
c.done()

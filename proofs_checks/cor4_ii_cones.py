"""Cor. 4 (ii): with all biases zero every region is a cone and rho is positively homogeneous.

For random zero-bias nets: every irredundant inequality has right-hand side 0, m_s = 0, rho(t x) = t rho(x)
for rational t > 0, and t * witness is again in the region for every t > 0 tried.
"""

import random
from fractions import Fraction

from _common import Checker, random_net, random_point, seed_from_argv

from exactrelu import enumerate_regions, forward
from exactrelu.rational import to_point

rng = random.Random(seed_from_argv(2))
c = Checker("Cor. 4 (ii) (zero biases: cones, positive homogeneity)")
count = 0
for shape in [(2, 3, 3, 1), (3, 4, 2), (2, 5, 1), (3, 3, 3, 3, 1)]:
    for _ in range(3):
        net = random_net(rng, shape, zero_bias=True)
        for r in enumerate_regions(net):
            count += 1
            c.check(all(b == 0 for b in r.inequalities.b), f"{shape}: region {r.configuration} is not a cone")
            c.check(not any(r.piece.m_vector), f"{shape}: m_s != 0")
            for t in (Fraction(1, 3), Fraction(7, 2), Fraction(1000)):
                y = to_point([Fraction(t) * Fraction(str(v)) for v in r.witness])
                c.check(r.polytope.contains(y, strict=True), f"{shape}: t * witness left the region")
        for _ in range(10):
            x = random_point(rng, net.n_inputs)
            t = Fraction(rng.randint(1, 9), rng.randint(1, 9))
            fx = forward(net, x).value
            ftx = forward(net, [t * v for v in x]).value
            c.check(tuple(Fraction(str(v)) * t for v in fx) == tuple(Fraction(str(v)) for v in ftx), f"{shape}: rho(t x) != t rho(x) at {x}, t={t}")
c.note(f"{count} cone regions of random zero-bias nets checked")
c.done()

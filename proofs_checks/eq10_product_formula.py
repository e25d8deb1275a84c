"""Eq. (10): M_s = D_L W_L ... D_1 W_1 and m_s = sum_l D_L W_L ... D_l b_l equal the recursion (A_l, c_l).

Concrete: random nets and random configurations (regions or not), plus the network's value at each region's
witness. Symbolic: all configurations of small shapes, as polynomial identities.
"""

import random

from _common import Checker, random_net, seed_from_argv

from exactrelu import affine_piece, affine_piece_product, enumerate_regions, forward
from exactrelu.configuration import Configuration
from exactrelu.prove import prove_identities

rng = random.Random(seed_from_argv(10))
c = Checker("Eq. (10) (product formula == recursion)")
count = 0
for shape in [(2, 3, 1), (2, 3, 3, 2), (3, 2, 4, 2, 1), (1, 3, 3, 3, 3, 1)]:
    for head in (False, True):
        net = random_net(rng, shape, linear_head=head)
        for r in enumerate_regions(net):
            count += 1
            c.check(affine_piece_product(net, r.configuration) == r.piece, f"{shape}: (10) != recursion on a region")
            c.check(affine_piece_product(net, r.configuration)(r.witness) == forward(net, r.witness).value, "value")
        for _ in range(10):
            s = Configuration(tuple(tuple(rng.randint(0, 1) for _ in range(net.layers[l].n_out)) for l in net.rectified_layers))
            count += 1
            c.check(affine_piece_product(net, s) == affine_piece(net, s), f"{shape}: (10) != recursion at s={s}")
for shape, head in [((2, 2, 1), False), ((2, 2, 2, 1), False), ((2, 2, 2, 2, 1), False), ((2, 3, 2, 2), True)]:
    p = prove_identities(shape, linear_head=head)
    c.check(p.holds, f"symbolic {shape}")
    c.note("symbolic: " + p.summary())
c.note(f"{count} concrete (net, configuration) pairs")
c.done()

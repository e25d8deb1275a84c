"""Example 1 (L = 2): rho = D_2 W_2 D_1 W_1 x + D_2 W_2 D_1 b_1 + D_2 b_2 on the polytope of s.

The two-layer formula is written out literally here (plain Fractions, no library algebra) and compared
with the library's piece and with the network on every region of random 2-layer nets and of
examples/paper_example1.json; the polytope's inequalities are those of the example:
(2 s_1 - 1)(W_1 x + b_1) >= 0 and (2 s_2 - 1)(W_2 D_1 (W_1 x + b_1) + b_2) >= 0. Symbolic: the identity
for shapes (2, n_1, n_2) as polynomials.
"""

import random
from fractions import Fraction
from pathlib import Path

from _common import Checker, random_net, seed_from_argv

from exactrelu import enumerate_regions, forward, load
from exactrelu.prove import prove_identities

rng = random.Random(seed_from_argv(3))
c = Checker("Example 1 (two-layer affine piece and its polytope)")


def F(v):
    return Fraction(str(v))


def two_layer(net, s, x):
    (W1, b1), (W2, b2) = [([[F(v) for v in r] for r in L.weights], [F(v) for v in L.bias]) for L in net.layers]
    s1, s2 = s.bits
    z1 = [sum(w * xi for w, xi in zip(r, x)) + b for r, b in zip(W1, b1)]
    h = [z if on else 0 for z, on in zip(z1, s1)]
    z2 = [sum(w * hi for w, hi in zip(r, h)) + b for r, b in zip(W2, b2)]
    ok = all((2 * on - 1) * z >= 0 for z, on in zip(z1, s1)) and all((2 * on - 1) * z >= 0 for z, on in zip(z2, s2))
    return [z if on else 0 for z, on in zip(z2, s2)], ok


nets = [load(Path(__file__).resolve().parent.parent / "examples" / "paper_example1.json")]
nets += [random_net(rng, (2, rng.randint(1, 5), rng.randint(1, 3))) for _ in range(12)]
count = 0
for net in nets:
    for r in enumerate_regions(net):
        count += 1
        x = [F(v) for v in r.witness]
        val, ok = two_layer(net, r.configuration, x)
        c.check(ok, f"witness of {r.configuration} violates Example 1's inequalities")
        c.check([F(v) for v in forward(net, r.witness).value] == val, f"Example 1's formula != network at {x}")
        c.check([F(v) for v in r.piece(r.witness)] == val, f"library piece != Example 1's formula at {x}")
for shape in [(2, 2, 1), (2, 3, 1), (2, 2, 2)]:
    p = prove_identities(shape)
    c.check(p.holds, f"symbolic {shape}")
    c.note(p.summary())
c.note(f"{len(nets)} two-layer nets, {count} regions")
c.done()

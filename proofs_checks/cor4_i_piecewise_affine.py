"""Cor. 4 (i): rho is piecewise affine with one piece per region (continuous across boundaries).

For random nets: at each region's witness the network equals the region's piece; at random points it
equals the piece of the point's configuration; at points exactly on a boundary (a tie), the pieces of
all regions whose closure holds the point agree there (continuity), and there are at least two of them
unless the tied neuron is identically zero on the region.
"""

import random

from _common import Checker, random_net, random_point, seed_from_argv

from exactrelu import affine_piece, configurations_at, enumerate_regions, forward

rng = random.Random(seed_from_argv(1))
c = Checker("Cor. 4 (i) (one affine piece per region, pieces agree on shared boundaries)")
count = ties = 0
for shape in [(2, 3, 2, 1), (2, 4, 4, 2), (3, 3, 3, 1), (1, 4, 4, 1)]:
    for head in (False, True):
        net = random_net(rng, shape, linear_head=head)
        for r in enumerate_regions(net):
            count += 1
            c.check(r.piece(r.witness) == forward(net, r.witness).value, f"{shape}: piece != network at witness")
        for _ in range(15):
            x = random_point(rng, net.n_inputs)
            fr = forward(net, x)
            c.check(affine_piece(net, fr.configuration)(x) == fr.value, f"{shape}: piece != network at {x}")
            # a point on the hyperplane of a first-layer neuron: move x along its normal
            w, b = net.layers[0].weights[0], net.layers[0].bias[0]
            nn = sum((v * v for v in w), 0 * b)
            if not nn:
                continue
            z = sum((wi * xi for wi, xi in zip(w, fr.point)), b)
            y = tuple(xi - z / nn * wi for xi, wi in zip(fr.point, w))
            fy = forward(net, y)
            c.check((0, 0) in fy.ties, "the constructed point has no tie")
            confs = configurations_at(net, y)
            ties += 1
            values = {affine_piece(net, s)(y) for s, _ in confs}
            c.check(len(values) == 1 and fy.value in values, f"{shape}: pieces disagree at boundary point {y}")
c.note(f"{count} regions and {ties} boundary points on random nets (all-rectified and linear-head)")
c.done()

"""Prop. 3: the regions of layers 1..l+1 refine those of layers 1..l, interiors are disjoint, closures cover.

For random nets: (a) every region of the full net extends a region of each truncated net (its
configuration's prefix is a region there, and its witness lies in that region's closure); (b) distinct
regions have distinct configurations and each witness lies strictly inside its own region only; (c)
random rational points lie in the closure of some region; (d) each region of S_l is the union of the
regions of S_{l+1} extending it: their number is at least 1.
"""

import random

from _common import Checker, random_net, random_point, seed_from_argv

from exactrelu import Network, enumerate_regions, forward
from exactrelu.polytope import cell_polytope

rng = random.Random(seed_from_argv())
c = Checker("Prop. 3 (partition, refined layer by layer)")
shapes = [(2, 3, 3, 1), (2, 4, 3, 2, 1), (3, 3, 3, 1), (1, 3, 3, 3, 1), (2, 2, 2, 2, 2)]
nets = regions_total = 0
for shape in shapes:
    for _ in range(3):
        net = random_net(rng, shape)
        nets += 1
        regions = list(enumerate_regions(net))
        regions_total += len(regions)
        confs = [r.configuration for r in regions]
        c.check(len(set(confs)) == len(confs), f"{shape}: duplicate configurations")
        for l in range(1, net.depth):
            trunc = Network._from_validated(net.layers[:l], net.domain, net.input_names)
            tregs = {str(r.configuration): r for r in enumerate_regions(trunc)}
            children = {}
            for r in regions:
                prefix = "|".join(str(r.configuration).split("|")[:l])
                c.check(prefix in tregs, f"{shape}: prefix {prefix} of {r.configuration} is not a region of layers 1..{l}")
                if prefix in tregs:
                    c.check(cell_polytope(trunc, prefix).contains(r.witness), f"{shape}: witness outside parent {prefix}")
                children[prefix] = children.get(prefix, 0) + 1
            c.check(set(children) == set(tregs), f"{shape}: a region of layers 1..{l} has no refinement")
        polys = [cell_polytope(net, s) for s in confs]
        for r, P in zip(regions, polys):
            inside = [Q.contains(r.witness, strict=True) for Q in polys]
            c.check(P.contains(r.witness) and sum(inside) <= 1, f"{shape}: witness of {r.configuration} not interior")
        for _ in range(20):
            x = random_point(rng, net.n_inputs)
            c.check(any(P.contains(x) for P in polys), f"{shape}: point {x} in no closed region")
            s = forward(net, x).configuration
            c.check(cell_polytope(net, s).contains(x), f"{shape}: point {x} not in the closure of its own cell")
c.note(f"{nets} random nets of shapes {shapes}, {regions_total} regions, every truncation checked")
c.done()

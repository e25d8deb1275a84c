"""Shared body of the three Theorem 5 scripts (i: L = 1, ii: L = 2, iii: L >= 3)."""

import random

from _common import Checker, random_net

from exactrelu import _linalg as la
from exactrelu import affine_piece, enumerate_regions
from exactrelu.atoms import atomic_decomposition, range_check
from exactrelu.configuration import Configuration
from exactrelu.prove import prove_identities


def run(label, case, shapes, symbolic_shapes, seed):
    rng = random.Random(seed)
    c = Checker(f"Thm. 5 ({label})")
    count = atoms = paths = 0
    for shape in shapes:
        for head in (False, True):
            net = random_net(rng, shape, linear_head=head)
            confs = [r.configuration for r in enumerate_regions(net)]
            # also configurations that are not regions: the identity is algebraic, it holds for every s
            for _ in range(5):
                confs.append(Configuration(tuple(tuple(rng.randint(0, 1) for _ in range(net.layers[l].n_out))
                                                 for l in net.rectified_layers)))
            for s in confs:
                d = atomic_decomposition(net, s)
                count += 1
                atoms += d.n_atoms
                paths += d.n_paths
                c.check(d.case == case, f"{shape}: case {d.case} != {case}")
                c.check(la.equal(d.recombine(), affine_piece(net, s).M), f"{shape} s={s}: atoms do not recombine to M_s")
                c.check(d.within_bounds(), f"{shape} s={s}: {d.n_atoms} atoms / {d.max_paths_per_atom} paths over the bound")
                c.check(bool(range_check(net, s)), f"{shape} s={s}: range statement fails")
    c.note(f"{count} (net, configuration) pairs on shapes {shapes}: {atoms} atoms, {paths} non-zero paths, all recombined exactly")
    for shape in symbolic_shapes:
        p = prove_identities(shape)
        c.check(p.holds, f"symbolic {shape}: {p.failures[:2]}")
        c.note("symbolic: " + p.summary())
    c.done()

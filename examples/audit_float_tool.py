"""Audit a float tool's region counts with exactrelu as the exact oracle.

The "float tool" audited here is exactrelu's own float64 twin,
``exactrelu.numeric.count_regions`` / ``enumerate_regions`` (the same
layer-by-layer refinement as the exact engine, with float LPs and a 1e-9
tolerance instead of certificates) -- a stand-in for any float region counter.
Two small networks where it goes wrong, found by experiment:

1. A sliver. Hyperplanes x = 0 and x + 1e-12 y = 0 cross at the origin at an
   angle of 1e-12 rad; with y = 1 they bound three thin wedges, each a true
   region (exactrelu certifies each with a rational interior point). The
   float LP sees no room inside them: 4 regions instead of 7.
2. A near-duplicate neuron. Neuron 2 is neuron 1 shifted by 1e-17
   (1.00000000000000001 is 1 in float64). Then the output neuron's
   pre-activation z = relu(-x + 2y) - relu(2x - 2y + 1) + relu(2x - 2y + 1 + 1e-17)
   is exactly 1e-17 > 0 wherever the first neuron is off and the others on,
   but 0 in floats: the float tool reports configuration 011|0, which is not a
   region (exactrelu returns an exact infeasibility certificate), and misses
   three regions.

Run ``python examples/audit_float_tool.py``; it prints both counts, the regions
the float answer misses (configuration and exact interior point, ready for
``exactrelu piece NET --at X``) and those it adds, and exits 0.
"""

from __future__ import annotations

import sys

from exactrelu import Network, enumerate_regions, forward, is_region
from exactrelu import numeric
from exactrelu.testing import OracleMismatch, assert_region_count

CASES = [
    (
        "sliver: lines x = 0, x + 1e-12 y = 0, y = 1 (regions of width 1e-12 |y|)",
        Network.from_lists([[[1, 0], [1, "1e-12"], [0, 1]]], [[0, 0, -1]]),
    ),
    (
        "near-duplicate neuron: bias 1 vs 1.00000000000000001 (equal in float64)",
        Network.from_lists(
            [[[-1, 2], [2, -2], [2, -2]], [[1, -1, 1]]],
            [[0, 1, "1.00000000000000001"], [0]],
        ),
    ),
]


def audit(title: str, net: Network) -> bool:
    """Print the exact and the float answer; return True if they differ."""
    print(f"== {title}")
    exact = {str(r.configuration): r for r in enumerate_regions(net)}
    floats = [str(r.configuration) for r in numeric.enumerate_regions(net)]
    print(f"exact region count (exactrelu.count_regions):           {len(exact)}")
    print(f"float region count (exactrelu.numeric.count_regions):   {len(floats)}")
    try:
        assert_region_count(net, len(floats))
    except OracleMismatch as err:
        print("oracle: " + str(err).splitlines()[0])
    missing = sorted(set(exact) - set(floats))
    extra = sorted(set(floats) - set(exact))
    for conf in missing:
        w = exact[conf].witness
        seen = numeric.forward(net, w).configuration
        assert str(forward(net, w).configuration) == conf  # the witness is certified exactly
        print(f"  float answer MISSES region {conf}: exact interior point x = {','.join(map(str, w))}"
              f" (numeric.forward there gives {seen})")
    for conf in extra:
        verdict = is_region(net, conf)
        proof = "exact infeasibility certificate checked" if not verdict and verdict.check() else "??"
        print(f"  float answer ADDS {conf}, which is not a region ({proof})")
    differs = bool(missing or extra) or len(exact) != len(floats)
    print(f"verdict: {'DISCREPANCY' if differs else 'agree'}\n")
    return differs


def main() -> int:
    found = sum(audit(title, net) for title, net in CASES)
    print(f"the float tool disagrees with the exact oracle in {found} of {len(CASES)} cases")
    return 0


if __name__ == "__main__":
    sys.exit(main())

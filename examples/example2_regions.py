"""Paper Example 2: n_0 = 2, n_1 = 2 (W_1 invertible), n_2 = 1 -- at most 7 regions, and this net has 7.

Run:  python examples/example2_regions.py [OUT.png]     (default: example2.png beside this script)
"""

import sys
from pathlib import Path

import exactrelu as xr

net = xr.load(Path(__file__).with_name("paper_example2.json"))
regions = list(xr.enumerate_regions(net))
for r in regions:
    M = ", ".join(str(v) for v in r.piece.M_rows[0])
    print(f"{r.configuration}: rho = ({M}) x + {r.piece.m_vector[0]}   witness ({', '.join(map(str, r.witness))})"
          f"{'   bounded' if r.bounded else ''}")
print(f"{len(regions)} regions (the paper's bound 1 + 3 * 2 = 7)")
assert len(regions) == 7
try:
    from exactrelu.plot import save_plot
except ImportError:  # pragma: no cover
    sys.exit(0)
out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("example2.png")
save_plot(net, out, [(-2, 2), (-2, 2)], axes=True)
print(f"picture: {out}")

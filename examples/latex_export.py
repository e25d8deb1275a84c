"""LaTeX of a small network's pieces: one piece, a region, the whole cases environment, Theorem 5's atoms.

Run:  python examples/latex_export.py [OUT.tex]    (writes a standalone document when OUT.tex is given)
"""

import sys
from pathlib import Path

import exactrelu as xr
from exactrelu.latex import standalone, to_latex

net = xr.load(Path(__file__).with_name("paper_example1.json"))
r = xr.forward(net, ["1", "2"])
print("piece at (1, 2):   ", to_latex(xr.affine_piece(net, r.configuration), net=net))
region = next(reg for reg in xr.enumerate_regions(net) if reg.configuration == r.configuration)
print("its region:        ", to_latex(region, net=net))
print("atoms (Thm 5):     ", to_latex(xr.atomic_decomposition(net, r.configuration), net=net))
whole = to_latex(net)
print("the whole network: ", whole)
if len(sys.argv) > 1:
    Path(sys.argv[1]).write_text(standalone(whole, title="paper_example1.json"))
    print(f"wrote {sys.argv[1]}")

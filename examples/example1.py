"""Paper Example 1 (L = 2): the affine piece at a point, by the recursion and by eq. (10), and its polytope.

Run:  python examples/example1.py
"""

from pathlib import Path

import exactrelu as xr

net = xr.load(Path(__file__).with_name("paper_example1.json"))
for x in (["1", "2"], ["1", "1"], ["-1/2", "3"]):
    r = xr.forward(net, x)
    piece = xr.affine_piece(net, r.configuration)
    assert piece == xr.affine_piece_product(net, r.configuration), "recursion != eq. (10)"
    assert piece(r.point) == r.value, "the piece is not the network at its own point"
    print(f"x = ({', '.join(map(str, r.point))}): configuration {r.configuration}, ties {list(r.ties) or 'none'}")
    print(f"   rho(x) = {', '.join(map(str, r.value))};  M = {[list(map(str, row)) for row in piece.M_rows]}, "
          f"m = {list(map(str, piece.m_vector))}")
    print(f"   regions whose closure holds x: {[str(s) for s, _ in xr.configurations_at(net, r.point)]}")
print("recursion == eq. (10) at every point: OK")

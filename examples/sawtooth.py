"""The sawtooth (MATH.md §4): the tent map composed k times has exactly 2^k pieces on (0, 1).

Run:  python examples/sawtooth.py [K]        (default K = 5; writes sawtooth3.json for K = 3)
"""

import sys
from pathlib import Path

import exactrelu as xr


def sawtooth(k: int) -> xr.Network:
    W = [[[2], [4]]] + [[[2, -2], [4, -4]]] * (k - 1) + [[[1, -1]]]
    B = [[0, -2]] * k + [[0]]
    return xr.Network.from_lists(W, B, ["relu"] * k + ["linear"])


K = int(sys.argv[1]) if len(sys.argv) > 1 else 5
for k in range(1, K + 1):
    net = sawtooth(k)
    n = xr.count_regions(net, xr.Domain.from_box([(0, 1)]))
    print(f"k = {k}: {n} regions on (0, 1) (2^k = {2**k})")
    assert n == 2**k
xr.save(sawtooth(3), Path(__file__).with_name("sawtooth3.json"))
print("sawtooth: 2^k pieces for every k: OK")

"""Pictures are checked by reading the PNG back: each region's colour is where its interior lies."""

import subprocess
import sys

import pytest
from hypothesis import given, settings, strategies as st

pytest.importorskip("matplotlib")
import matplotlib.image as mpimg  # noqa: E402

from exactrelu import _linalg as la  # noqa: E402
from exactrelu.errors import ExactReluError, ShapeError  # noqa: E402
from exactrelu.network import Network  # noqa: E402
from exactrelu.plot import breakpoints, default_box, region_polygons, save_plot  # noqa: E402
from exactrelu.regions import count_regions  # noqa: E402
from exactrelu.strategies import networks  # noqa: E402

QQ = la.QQ
EX2 = Network.from_lists([[[1, 0], [0, 1]], [[1, 1]]], [[0, 0], [-1]])


def pixel(img, box, p):
    """Pixel (row, col) of the exact point p in a picture whose axes fill the figure."""
    h, w = img.shape[:2]
    (x0, x1), (y0, y1) = box
    col = int(float((p[0] - x0) / (x1 - x0)) * w)
    row = int(float(1 - (p[1] - y0) / (y1 - y0)) * h)
    return min(max(row, 0), h - 1), min(max(col, 0), w - 1)


def distance_to_edges_px(poly, p, box, size_px):
    """Smallest distance (in pixels, float: only to choose test points) from p to the polygon's edges."""
    (x0, x1), (y0, y1) = box
    sx, sy = size_px / float(x1 - x0), size_px / float(y1 - y0)
    best = float("inf")
    for i in range(len(poly)):
        (ax, ay), (bx, by) = poly[i], poly[(i + 1) % len(poly)]
        ax, ay, bx, by = float(ax) * sx, float(ay) * sy, float(bx) * sx, float(by) * sy
        px, py = float(p[0]) * sx, float(p[1]) * sy
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy or 1)))
        best = min(best, ((ax + t * dx - px) ** 2 + (ay + t * dy - py) ** 2) ** 0.5)
    return best


def check_colours(net, box, tmp_path, color_by="region", min_checked=1.0):
    path = tmp_path / "regions.png"
    items = save_plot(net, path, box, color_by=color_by)
    img = mpimg.imread(path)
    assert img.shape[:2] == (500, 500)
    checked = clear = 0
    for it in items:
        assert it.region.polytope.contains(it.centroid)  # the chosen point is in the region (exact)
        # the exact centroid or the witness, whichever lies further from the polygon's edges
        p = max((it.centroid, it.region.witness), key=lambda q: distance_to_edges_px(it.vertices, q, box, 500))
        if not it.region.polytope.contains(p) or distance_to_edges_px(it.vertices, p, box, 500) < 4:
            continue  # too thin to have a clean pixel
        clear += 1
        r, c = pixel(img, box, p)
        got, want = img[r, c, :3], it.color[:3]
        assert all(abs(float(g) - w) <= 1.5 / 255 for g, w in zip(got, want)), (it.region.configuration, got, want)
        checked += 1
    assert checked == clear and checked >= min_checked * len(items)
    return items


def test_example2_picture_has_seven_regions_in_their_colours(tmp_path):
    box = [(QQ(-2), QQ(2)), (QQ(-2), QQ(2))]
    items = check_colours(EX2, box, tmp_path)
    assert len(items) == 7 and len({it.color for it in items}) == 7


@pytest.mark.parametrize("color_by", ["value", "layer"])
def test_other_colourings(tmp_path, color_by):
    check_colours(EX2, [(QQ(-2), QQ(2))] * 2, tmp_path, color_by=color_by)


@settings(max_examples=8, deadline=None)
@given(networks(st.tuples(st.just(2), st.integers(1, 5), st.integers(1, 3), st.just(1))))
def test_random_nets_every_region_is_drawn_where_it_is(tmp_path_factory, net):
    box = [(QQ(-3), QQ(3))] * 2
    items = check_colours(net, box, tmp_path_factory.mktemp("p"), min_checked=1 / len(region_polygons(net, box)))
    assert len(items) == count_regions(net, box)
    # the polygons tile the box: their exact areas sum to the box's area
    area = QQ.zero
    for it in items:
        v = it.vertices
        area += sum((v[i][0] * v[(i + 1) % len(v)][1] - v[(i + 1) % len(v)][0] * v[i][1] for i in range(len(v))),
                    QQ.zero) / 2
    assert area == 36


def test_default_box_contains_every_vertex():
    box = default_box(EX2)
    assert all(lo < 0 and hi > 1 for lo, hi in box)  # the vertices (0,0), (1,0), (0,1) inside
    assert len(region_polygons(EX2)) == 7


def test_sawtooth_breakpoints_are_exact(tmp_path):
    k = 3
    W = [[[2], [4]]] + [[[2, -2], [4, -4]]] * (k - 1) + [[[1, -1]]]
    B = [[0, -2]] * k + [[0]]
    net = Network.from_lists(W, B, ["relu"] * k + ["linear"])
    assert breakpoints(net, [(QQ(0), QQ(1))]) == [QQ(j, 2**k) for j in range(1, 2**k)]
    path = tmp_path / "saw.png"
    bps = save_plot(net, path, [(QQ(0), QQ(1))])
    assert bps == [QQ(j, 8) for j in range(1, 8)]
    img = mpimg.imread(path)
    assert (abs(img[:, :, 0] - 0.839) < 0.05).any()  # the red breakpoint markers (tab:red) are drawn


def test_errors():
    net3 = Network.from_lists([[[1, 1, 1]]], [[0]])
    with pytest.raises(ShapeError, match="1 or 2 inputs"):
        save_plot(net3, "x.png")
    with pytest.raises(ExactReluError, match="empty"):
        region_polygons(EX2, [(1, 0), (0, 1)])
    with pytest.raises(ShapeError, match="color_by"):
        region_polygons(EX2, [(0, 1), (0, 1)], color_by="rainbow")


def test_cli_plot(tmp_path):
    out = tmp_path / "ex2.png"
    r = subprocess.run([sys.executable, "-m", "exactrelu", "plot", "examples/paper_example2.json", "-o", str(out),
                        "--box", "-2,2"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "7 regions" in r.stdout and mpimg.imread(out).shape[:2] == (500, 500)
    f = tmp_path / "three.json"
    f.write_text('{"format": "exactrelu-network/1", "layers": [{"weights": [[1, 1, 1]], "bias": [0], "activation": "relu"}]}')
    bad = subprocess.run([sys.executable, "-m", "exactrelu", "plot", str(f), "-o", str(tmp_path / "n.png")],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "3 inputs" in bad.stderr


def test_axes_option_leaves_a_white_margin_with_ticks(tmp_path):
    path = tmp_path / "axes.png"
    save_plot(EX2, path, [(-2, 2), (-2, 2)], axes=True)
    img = mpimg.imread(path)
    assert (img[:, :4, :3] > 0.99).all()  # a white margin left of the y label
    plain = tmp_path / "plain.png"
    save_plot(EX2, plain, [(-2, 2), (-2, 2)])
    assert not (mpimg.imread(plain)[:, :20, :3] > 0.99).all()  # without axes the regions reach the edge

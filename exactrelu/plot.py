"""Pictures of the regions (2 inputs) and of the function (1 input); matplotlib is imported lazily.

Geometry is exact: each region's polygon is the box clipped by the region's
half-planes in rational arithmetic (Sutherland-Hodgman on QQ), and a 1-input
network's breakpoints are the exact ends of its regions' intervals. Floats
appear only when the exact vertices are handed to matplotlib.

Without a box, a 2-input picture uses a square that contains every vertex of
the arrangement (every vertex of a region clipped to a huge box that is not on
that box), padded by a quarter of its size; with no vertex at all, [-1, 1]^2.
A 1-input picture uses an interval that contains every breakpoint, padded alike.

>>> from exactrelu.network import Network
>>> net = Network.from_lists([[[1, 0], [0, 1]], [[1, 1]]], [[0, 0], [-1]])   # paper Example 2
>>> len(region_polygons(net, [(-2, 2), (-2, 2)]))
7
"""

from __future__ import annotations

from dataclasses import dataclass

from . import _linalg as la
from .errors import DomainError, ShapeError
from .network import Network

__all__ = ["PlottedRegion", "region_polygons", "default_box", "breakpoints", "plot_regions", "plot_function",
           "save_plot"]

QQ = la.QQ
_BIG = QQ(10**6)


@dataclass(frozen=True, slots=True)
class PlottedRegion:
    """A region as drawn: its exact polygon (vertices in order), an interior point, and its fill colour (RGBA)."""

    region: object
    vertices: tuple
    centroid: tuple
    color: tuple


def _clip(poly, a, b):
    """The part of the convex polygon ``poly`` (list of exact points) where a . x <= b."""
    out = []
    n = len(poly)
    for i in range(n):
        p, q = poly[i], poly[(i + 1) % n]
        fp = a[0] * p[0] + a[1] * p[1] - b
        fq = a[0] * q[0] + a[1] * q[1] - b
        if fp <= 0:
            out.append(p)
        if (fp < 0 < fq) or (fq < 0 < fp):
            t = fp / (fp - fq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    dedup = []
    for v in out:
        if not dedup or dedup[-1] != v:
            dedup.append(v)
    if len(dedup) > 1 and dedup[0] == dedup[-1]:
        dedup.pop()
    return dedup


def _polygon(region, box):
    (x0, x1), (y0, y1) = box
    poly = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    for a, b in zip(region.polytope.A, region.polytope.b):
        if not any(a):
            continue
        poly = _clip(poly, a, b)
        if not poly:
            break
    return poly


def _centroid(poly):
    """Area centroid of a convex polygon (exact); the vertex mean for degenerate ones."""
    A = cx = cy = QQ.zero
    n = len(poly)
    for i in range(n):
        (x0, y0), (x1, y1) = poly[i], poly[(i + 1) % n]
        c = x0 * y1 - x1 * y0
        A += c
        cx += (x0 + x1) * c
        cy += (y0 + y1) * c
    if A == 0:
        return (sum((p[0] for p in poly), QQ.zero) / n, sum((p[1] for p in poly), QQ.zero) / n)
    return (cx / (3 * A), cy / (3 * A))


def _as_box(box, n):
    from .rational import to_rational

    if box is None:
        return None
    pairs = [tuple(box)] * n if len(box) == 2 and not isinstance(box[0], (list, tuple)) else list(box)
    if len(pairs) != n:
        raise DomainError(f"box has {len(pairs)} intervals but the network has {n} inputs")
    out = []
    for i, p in enumerate(pairs):
        if len(p) != 2:
            raise DomainError(f"box[{i}] is {p!r}; expected (lo, hi)")
        lo, hi = to_rational(p[0], f"box[{i}][0]"), to_rational(p[1], f"box[{i}][1]")
        if not lo < hi:
            raise DomainError(f"box[{i}] = ({lo}, {hi}) is empty; expected lo < hi")
        out.append((lo, hi))
    return out


def default_box(net: Network):
    """A box containing every vertex (2 inputs) or breakpoint (1 input), padded by a quarter of its size."""
    from .regions import enumerate_regions

    n = net.n_inputs
    if n not in (1, 2):
        raise ShapeError(f"pictures need 1 or 2 inputs; this network has {n}")
    big = [(-_BIG, _BIG)] * n
    pts = []
    for r in enumerate_regions(net, big):
        if n == 2:
            pts += [v for v in _polygon(r, big) if all(-_BIG < c < _BIG for c in v)]
        else:
            lo, hi = _interval(r, big[0])
            pts += [(c,) for c in (lo, hi) if -_BIG < c < _BIG]
    if not pts:
        return [(QQ(-1), QQ(1))] * n
    out = []
    for k in range(n):
        lo = min(p[k] for p in pts)
        hi = max(p[k] for p in pts)
        pad = max((hi - lo) / 4, QQ(1, 2))
        out.append((lo - pad, hi + pad))
    if n == 2:  # a square picture: same width on both axes
        w = max(out[0][1] - out[0][0], out[1][1] - out[1][0])
        out = [((lo + hi) / 2 - w / 2, (lo + hi) / 2 + w / 2) for lo, hi in out]
    return out


def region_polygons(net: Network, box=None, *, color_by: str = "region", cmap: str = "viridis"):
    """Every region meeting ``box`` with its exact polygon, an interior point and a fill colour (2 inputs)."""
    from .regions import enumerate_regions

    if net.n_inputs != 2:
        raise ShapeError(f"region pictures need 2 inputs; this network has {net.n_inputs}")
    net.require_rational("pictures")
    box = _as_box(box, 2) if box is not None else default_box(net)
    out = []
    regions = list(enumerate_regions(net, box))
    polys = [_polygon(r, box) for r in regions]
    colors = _colors(net, regions, polys, color_by, cmap)
    for r, poly, c in zip(regions, polys, colors):
        out.append(PlottedRegion(r, tuple(poly), _centroid(poly), c))
    return out


def _colors(net, regions, polys, color_by, cmap):
    import matplotlib

    n = len(regions)
    if color_by == "region":
        base = list(matplotlib.colormaps["tab20"].colors)
        if n > len(base):
            import colorsys

            base += [colorsys.hsv_to_rgb((0.618034 * k) % 1, 0.55 + 0.4 * (k % 2), 0.95 - 0.3 * (k % 3) / 2)
                     for k in range(n - len(base))]
        return [tuple(base[k]) + (1.0,) for k in range(n)]
    if color_by == "value":
        if net.n_outputs != 1:
            raise ShapeError(f"color_by='value' needs 1 output; this network has {net.n_outputs}")
        vals = [float(r.piece(_centroid(p))[0]) for r, p in zip(regions, polys)]
        lo, hi = min(vals), max(vals)
        cm = matplotlib.colormaps[cmap]
        return [tuple(cm((v - lo) / (hi - lo) if hi > lo else 0.5)) for v in vals]
    if color_by == "layer":
        layers = [max((t[0] for t in r.inequalities.tags if t[0] is not None), default=-1) for r in regions]
        cm = matplotlib.colormaps["tab10"]
        return [tuple(cm((l + 1) % 10)) for l in layers]
    raise ShapeError(f"color_by is {color_by!r}; expected 'region', 'value' or 'layer'")


def _interval(region, box1):
    lo, hi = box1
    for a, b in zip(region.polytope.A, region.polytope.b):
        if a[0] > 0:
            hi = min(hi, b / a[0])
        elif a[0] < 0:
            lo = max(lo, b / a[0])
    return lo, hi


def breakpoints(net: Network, box=None):
    """The exact breakpoints of a 1-input network inside ``box`` (ends of its regions' intervals), sorted."""
    from .regions import enumerate_regions

    if net.n_inputs != 1:
        raise ShapeError(f"breakpoints need 1 input; this network has {net.n_inputs}")
    box = _as_box(box, 1) if box is not None else default_box(net)
    pts = set()
    for r in enumerate_regions(net, box):
        lo, hi = _interval(r, box[0])
        pts.update(c for c in (lo, hi) if box[0][0] < c < box[0][1])
    return sorted(pts)


def _figure(ax, size, axes=False):
    import matplotlib.pyplot as plt  # without a display matplotlib picks the Agg backend itself

    if ax is not None:
        return ax.figure, ax
    fig = plt.figure(figsize=size, dpi=100)
    ax = fig.add_axes((0.15, 0.1, 0.8, 0.86) if axes else (0, 0, 1, 1))
    return fig, ax


def plot_regions(net: Network, box=None, ax=None, *, color_by: str = "region", edges: bool = True, size=(5, 5),
                 axes: bool = False):
    """Draw the regions of a 2-input network in ``box``; returns (figure, [PlottedRegion]).

    ``axes=False`` (the default) fills the whole figure with the box (pixel (0, 0) is the box's
    top-left corner, as the tests use); ``axes=True`` adds ticks and labels for a paper.
    """
    from matplotlib.patches import Polygon

    items = region_polygons(net, box, color_by=color_by)
    box = _as_box(box, 2) if box is not None else default_box(net)
    fig, ax = _figure(ax, size, axes)
    for it in items:
        xy = [(float(x), float(y)) for x, y in it.vertices]
        ax.add_patch(Polygon(xy, closed=True, facecolor=it.color, edgecolor="black" if edges else it.color,
                             linewidth=0.8 if edges else 0, antialiased=False))
    ax.set_xlim(float(box[0][0]), float(box[0][1]))
    ax.set_ylim(float(box[1][0]), float(box[1][1]))
    if axes:
        names = net.input_names or ("x1", "x2")
        ax.set_xlabel(names[0])
        ax.set_ylabel(names[1])
    else:
        ax.set_axis_off()
    return fig, items


def plot_function(net: Network, box=None, ax=None, *, size=(6, 4), output: int = 0):
    """Draw a 1-input network's output ``output`` with its breakpoints marked; returns (figure, breakpoints)."""
    from .configuration import forward

    if net.n_inputs != 1:
        raise ShapeError(f"function plots need 1 input; this network has {net.n_inputs}")
    net.require_rational("pictures")
    box = _as_box(box, 1) if box is not None else default_box(net)
    bps = breakpoints(net, box)
    xs = [box[0][0]] + bps + [box[0][1]]
    ys = [forward(net, [x]).value[output] for x in xs]
    fig, ax = _figure(ax, size)
    ax.plot([float(x) for x in xs], [float(y) for y in ys], color="tab:blue", linewidth=1.5)
    ax.plot([float(x) for x in bps], [float(y) for y in ys[1:-1]], "o", color="tab:red", markersize=4)
    ax.set_xlim(float(box[0][0]), float(box[0][1]))
    return fig, bps


def save_plot(net: Network, path, box=None, *, color_by: str = "region", dpi: int = 100, axes: bool = False):
    """Save the picture of a 1- or 2-input network to ``path`` (PNG, PDF, SVG by extension)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if net.n_inputs == 2:
        fig, items = plot_regions(net, box, color_by=color_by, axes=axes)
    elif net.n_inputs == 1:
        fig, items = plot_function(net, box)
    else:
        raise ShapeError(f"pictures need 1 or 2 inputs; this network has {net.n_inputs}")
    fig.savefig(path, dpi=dpi)
    plt.close(fig)
    return items

"""``exactrelu plot NET -o FILE.png [--box ...]``: regions of a 2-input network, or the graph of a 1-input one."""

from __future__ import annotations

from .. import cli


def register(sub) -> None:
    p = sub.add_parser("plot", help="picture of the regions (2 inputs) or of the function (1 input)")
    p.add_argument("net", help="network file (.json, .npz, .pt, .onnx)")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="output image (.png, .pdf, .svg)")
    p.add_argument("--box", action="append", metavar="LO,HI",
                   help="every coordinate in [LO, HI], or repeat once per input (default: all vertices, padded)")
    p.add_argument("--color", choices=("region", "value", "layer"), default="region",
                   help="fill by region, by the network's value, or by the layer of the last cut")
    p.add_argument("--dpi", type=int, default=100)
    p.add_argument("--axes", action="store_true", help="draw ticks and axis labels (2-input pictures)")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..errors import MissingDependencyError
    from ..plot import save_plot

    try:
        import matplotlib  # noqa: F401
    except ImportError as err:
        raise MissingDependencyError("exactrelu plot needs matplotlib: pip install matplotlib") from err
    net = cli.load_network(args.net)
    net.require_rational("exactrelu plot")
    if net.n_inputs not in (1, 2):
        from ..errors import ShapeError

        raise ShapeError(f"exactrelu plot draws 1- or 2-input networks; {args.net} has {net.n_inputs} inputs")
    box = _box_pairs(args.box, net.n_inputs) if args.box else None
    items = save_plot(net, args.output, box, color_by=args.color, dpi=args.dpi, axes=args.axes)
    what = "regions" if net.n_inputs == 2 else "breakpoints"
    print(f"wrote {args.output}: {len(items)} {what}")
    return cli.EXIT_OK


def _box_pairs(texts, n):
    from ..errors import DomainError
    from ..rational import to_point

    pairs = []
    for i, text in enumerate(texts):
        pt = to_point(text, None, f"--box[{i}]")
        if len(pt) != 2:
            raise DomainError(f"--box {text!r} must be LO,HI (two numbers)")
        pairs.append(tuple(pt))
    if len(pairs) == 1:
        pairs = pairs * n
    return pairs

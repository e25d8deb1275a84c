"""``exactrelu piece NET --at X``: configuration (with ties), the regions at X, M, m, value."""

from __future__ import annotations

from .. import cli


def register(sub) -> None:
    p = sub.add_parser("piece", help="the affine piece at a point (ties reported)")
    p.add_argument("net", help="network file (.json, .npz, .pt, .onnx)")
    p.add_argument("--at", required=True, metavar="X", help='point, e.g. "1/2,-3,0.25"')
    p.add_argument("--json", action="store_true", help="one JSON document on stdout")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..configuration import affine_piece, forward
    from ..polytope import configurations_at
    from ..rational import to_point

    net = cli.load_network(args.net)
    net.require_rational("exactrelu piece")
    x = to_point(args.at, net.n_inputs, "--at")
    fr = forward(net, x)
    piece = affine_piece(net, fr.configuration)
    confs = [str(c) for c, _ in configurations_at(net, x)]
    value = [cli.exact(v) for v in fr.value]
    if args.json:
        cli.emit_json(
            {
                "configuration": str(fr.configuration),
                "ties": [[l, k] for l, k in fr.ties],
                "configurations": confs,
                "M": cli.matrix_json(piece.M),
                "m": [cli.exact(v) for v in piece.m_vector],
                "value": value,
            }
        )
        return cli.EXIT_OK
    print(f"point:          ({', '.join(map(str, x))})")
    print(f"configuration:  {fr.configuration}")
    print(f"ties:           {', '.join(f'layers[{l}] neuron {k}' for l, k in fr.ties) or 'none'}")
    print(f"regions here:   {', '.join(confs)}")
    print("M =")
    for r in cli.matrix_json(piece.M):
        print("  [" + ", ".join(r) + "]")
    print(f"m = [{', '.join(cli.exact(v) for v in piece.m_vector)}]")
    print(f"value = [{', '.join(value)}]")
    return cli.EXIT_OK

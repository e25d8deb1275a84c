"""``exactrelu latex NET [--at X | --all] [--box/--domain]``: LaTeX of the affine pieces and their regions."""

from __future__ import annotations

from .. import cli


def register(sub) -> None:
    p = sub.add_parser("latex", help="LaTeX of the affine pieces (cases environment) and their regions")
    p.add_argument("net", help="network file (.json, .npz, .pt, .onnx)")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--at", metavar="X", help="only the piece(s) at this point (every region whose closure holds it)")
    g.add_argument("--all", action="store_true", help="every region (the default)")
    cli.add_domain_options(p)
    p.add_argument("--form", choices=("auto", "matrix", "expanded"), default="auto",
                   help="M x + m as matrices, or expanded (auto: expanded for one output)")
    p.add_argument("--drop-zero-rows", action="store_true", help="leave out zero inequalities and zero outputs")
    p.add_argument("--standalone", action="store_true", help="a complete document that pdflatex compiles")
    p.add_argument("--json", action="store_true", help='{"latex": "..."} on stdout')
    p.set_defaults(func=run)


def run(args) -> int:
    from ..latex import standalone, to_latex
    from ..rational import to_point

    net = cli.load_network(args.net)
    net.require_rational("exactrelu latex")
    domain = cli.domain_from_args(args, net.n_inputs)
    at = to_point(args.at, net.n_inputs, "--at") if args.at is not None else None
    body = to_latex(net, domain=domain, at=at, form=args.form, drop_zero_rows=args.drop_zero_rows)
    text = standalone(body) if args.standalone else body
    if args.json:
        cli.emit_json({"latex": text})
    else:
        print(text)
    return cli.EXIT_OK

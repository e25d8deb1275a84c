"""``exactrelu lipschitz NET [--norm 1|2|inf]``: the exact Lipschitz constant, its region, Theorem 6 bounds."""

from __future__ import annotations

from .. import cli


def register(sub) -> None:
    p = sub.add_parser("lipschitz", help="exact Lipschitz constant (max over regions of ||M_s||) and Theorem 6 bounds")
    p.add_argument("net", help="network file (.json, .npz, .pt, .onnx)")
    p.add_argument("--norm", default="2", choices=("1", "2", "inf"), help="operator norm (default 2, the paper's)")
    cli.add_domain_options(p)
    p.add_argument("--json", action="store_true", help="one JSON document on stdout")
    cli.add_limit_options(p)
    p.set_defaults(func=run)


def run(args) -> int:
    import sympy

    from ..lipschitz import is_leq, lipschitz_constant

    net, domain = cli.network_and_domain(args, "exactrelu lipschitz")
    r = lipschitz_constant(net, args.norm, domain, workers=args.workers, max_regions=args.max_regions,
                           timeout=args.timeout)
    bounds = {k: {"value": str(v), "decimal": str(sympy.N(v, 30)), "holds": is_leq(r.value, v)}
              for k, v in r.bounds.items()}
    if args.json:
        doc = {
            "norm": r.norm, "value": str(r.value), "decimal": r.decimal,
            "configuration": str(r.configuration) if r.configuration is not None else None,
            "witness": [cli.exact(v) for v in r.witness] if r.witness is not None else None,
            "regions": r.regions, "complete": r.complete, "bounds": bounds,
        }
        if r.reason:
            doc["reason"] = r.reason
        if r.pair is not None:
            doc["pair"] = [[cli.exact(v) for v in p] for p in r.pair]
        cli.emit_json(doc)
    else:
        what = "Lipschitz constant" if r.complete else "LOWER BOUND only (incomplete: " + str(r.reason) + ")"
        print(f"{what}, {r.norm}-norm: {r.value}")
        print(f"  = {r.decimal}")
        if r.configuration is not None:
            print(f"attained on region {r.configuration} (witness {', '.join(map(str, r.witness))}); {r.regions} regions")
        if r.pair is not None:
            print(f"  realised by x = ({', '.join(map(str, r.pair[0]))}), y = ({', '.join(map(str, r.pair[1]))})")
        for k, b in bounds.items():
            print(f"Theorem 6 bound {k}: {b['value']} = {b['decimal'][:20]}  (>= constant: {'yes' if b['holds'] else 'NO'})")
    return cli.EXIT_OK if r.complete else cli.EXIT_INCOMPLETE

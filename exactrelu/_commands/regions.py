"""``exactrelu regions NET``: every linear region, streamed; limits, checkpoint, float twin."""

from __future__ import annotations

import sys

from .. import cli


def register(sub) -> None:
    p = sub.add_parser("regions", help="enumerate the linear regions (exactly, with witnesses)")
    p.add_argument("net", help="network file (.json, .npz, .pt, .onnx)")
    cli.add_domain_options(p)
    p.add_argument("--count", action="store_true", help="print only the number of regions (last line)")
    p.add_argument("--json", action="store_true", help="one JSON object per region per line, then a summary line")
    p.add_argument("--engine", choices=("exact", "numeric"), default="exact",
                   help="exact (certified) or numeric (float64 twin, no certificates)")
    p.add_argument("--realised", action="store_true",
                   help="list realised configurations (lower-dimensional cells too) instead of regions")
    cli.add_limit_options(p)
    p.add_argument("--checkpoint", metavar="FILE", help="record finished work in FILE and resume from it")
    p.set_defaults(func=run)


def _region_json(r) -> dict:
    P = r.inequalities
    return {
        "configuration": str(r.configuration),
        "witness": [cli.exact(v) for v in r.witness],
        "M": cli.matrix_json(r.M),
        "m": [cli.exact(v) for v in r.piece.m_vector],
        "inequalities": [
            {"layer": t[0], "neuron": t[1] if t[0] is not None else None,
             "face": t[1] if t[0] is None else None,
             "a": [cli.exact(v) for v in a], "b": cli.exact(b)}
            for a, b, t in zip(P.A, P.b, P.tags)
        ],
        "bounded": r.bounded,
    }


def run(args) -> int:
    from ..errors import LimitError

    net, domain = cli.network_and_domain(args, "exactrelu regions")
    if args.engine == "numeric":
        if args.checkpoint or args.realised:
            raise LimitError("--checkpoint and --realised need --engine exact")
        from .. import numeric

        e = numeric.enumerate_regions(net, domain, max_regions=args.max_regions, timeout=args.timeout)
    elif args.realised:
        from ..regions import enumerate_realised

        e = enumerate_realised(net, domain, workers=args.workers, max_regions=args.max_regions,
                               timeout=args.timeout, checkpoint=args.checkpoint)
    else:
        from ..regions import enumerate_regions

        e = enumerate_regions(net, domain, workers=args.workers, max_regions=args.max_regions,
                              timeout=args.timeout, checkpoint=args.checkpoint)
    n = 0
    for r in e:
        n += 1
        if args.count:
            continue
        if args.json:
            if args.engine == "numeric":
                cli.emit_json(numeric_json(r))
            elif args.realised:
                cli.emit_json({"configuration": str(r.configuration), "point": [cli.exact(v) for v in r.point]})
            else:
                cli.emit_json(_region_json(r))
        else:
            w = ", ".join(cli.exact(v) for v in (r.point if args.realised else r.witness))
            sys.stdout.write(f"{r.configuration}  witness ({w})\n")
            sys.stdout.flush()
    complete = bool(e.complete)
    kind = "configurations" if args.realised else "regions"
    if args.json:
        summary = {kind: n, "complete": complete, "engine": args.engine}
        if not complete:
            summary["reason"] = e.reason
        if args.engine == "exact":
            summary["lps"] = e.stats["lp"]
        cli.emit_json({"summary": summary})
    elif args.count:
        if not complete:
            print(f"incomplete: {e.reason}", file=sys.stderr)
        print(n)
    else:
        print(f"{n} {kind}" + ("" if complete else f" (INCOMPLETE: {e.reason})"))
    return cli.EXIT_OK if complete else cli.EXIT_INCOMPLETE


def numeric_json(r) -> dict:
    return {
        "configuration": str(r.configuration),
        "witness": [repr(float(v)) for v in r.witness],
        "M": [[repr(float(v)) for v in row] for row in r.M],
        "m": [repr(float(v)) for v in r.m],
    }

"""``exactrelu check NET``: the exact engine against the float engine and against Theorem 5.

Checks, in order, stopping at the first mismatch (exit 1, ``cli.EXIT_MISMATCH``):

1. ``regions``: the exact enumeration and the float twin
   (:func:`exactrelu.numeric.enumerate_regions`) find the same configurations;
2. ``pieces``: per region, the exact M_s, m_s and :func:`exactrelu.numeric.affine_piece`
   agree within ``--rtol`` (relative to the largest exact entry, at least 1);
3. ``product``: the recursion (A_l, c_l) equals the product formula eq. (10) exactly;
4. ``witnesses``: at each region's rational witness the exact forward pass
   equals the piece exactly, and :func:`exactrelu.numeric.forward` gives the
   same configuration and a value within ``--rtol``;
5. ``points``: ``--points N`` random rational points (``--seed``), in the
   ``--box`` / ``--domain`` if given: the same, configurations compared only
   where the exact pass has no tie;
6. ``theorem5``: ``atomic_decomposition(net, s).recombine() == M_s`` exactly
   (MATH.md §5) for every region.

Float results are converted exactly and compared with the exact values in
rational arithmetic; only the tolerance makes room for rounding.
"""

from __future__ import annotations

import random

from .. import cli


def register(sub) -> None:
    p = sub.add_parser("check", help="exact engine against the numeric engine and Theorem 5; exit 1 on a mismatch")
    p.add_argument("net", help="network file (.json, .npz, .pt, .onnx)")
    cli.add_domain_options(p)
    p.add_argument("--points", type=int, default=100, metavar="N", help="random rational points to test (default 100)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="seed of the random points (default 0)")
    p.add_argument("--rtol", default="1e-9", metavar="R", help="relative tolerance for float results (default 1e-9)")
    p.add_argument("--max-regions", type=int, default=None, metavar="N", help="stop after N regions (exit 3)")
    p.add_argument("--timeout", type=float, default=None, metavar="S", help="stop enumerating after S seconds (exit 3)")
    p.add_argument("--json", action="store_true", help="one JSON document on stdout")
    p.set_defaults(func=run)


class _Mismatch(Exception):
    def __init__(self, check, message, *, configuration=None, point=None):
        super().__init__(message)
        self.check, self.message, self.configuration, self.point = check, message, configuration, point


def _fmt_point(x) -> str:
    return ",".join(str(v) for v in x)


def _close_rows(float_rows, exact_rows, rtol, name):
    """None, or the first entry where a float result is farther than rtol * scale from the exact value.

    scale = max(1, largest |exact entry|); the float is converted exactly, so the comparison is exact.
    """
    from .._linalg import QQ
    from ..rational import to_rational

    scale = max([QQ.one] + [abs(v) for r in exact_rows for v in r])
    for r, (fr, er) in enumerate(zip(float_rows, exact_rows)):
        for c, (f, e) in enumerate(zip(fr, er)):
            q = to_rational(float(f), f"{name}[{r}][{c}]")
            if abs(q - e) > rtol * scale:
                return f"{name}[{r}][{c}]: numeric {float(f)!r} (= {q} exactly), exact {e}"
    return None


def _random_points(rng, n, count, domain):
    from .._linalg import QQ

    pts = []
    if domain is not None and domain.box is not None:
        box = domain.box
    else:
        box = [(QQ(-8), QQ(8))] * n
    for _ in range(count * 20):
        if len(pts) == count:
            break
        den = rng.randint(1, 16)
        x = tuple(lo + (hi - lo) * QQ(rng.randint(0, den), den) for lo, hi in box)
        if domain is not None and domain.box is None and not domain.polytope().contains(x):
            continue
        pts.append(x)
    return pts


def run(args) -> int:
    from .. import _linalg as la
    from .. import numeric
    from ..configuration import affine_piece, affine_piece_product, forward
    from ..errors import LimitError
    from ..rational import to_rational
    from ..regions import enumerate_regions

    net = cli.load_network(args.net)
    net.require_rational("exactrelu check")
    domain = cli.domain_from_args(args, net.n_inputs)
    rtol = to_rational(args.rtol, "--rtol")
    if rtol < 0:
        raise LimitError(f"--rtol is {args.rtol}; expected a number >= 0")
    if args.points < 0:
        raise LimitError(f"--points must be >= 0, got {args.points}")
    notes = []
    counts = {"regions": 0, "numeric_regions": None, "pieces": 0, "product": 0, "witnesses": 0, "points": 0,
              "theorem5": None}
    try:
        from ..atoms import atomic_decomposition

        counts["theorem5"] = 0
    except ImportError:  # pragma: no cover - atoms.py is part of the package
        atomic_decomposition = None
        notes.append("Theorem 5 check skipped: exactrelu.atoms is not available")
    mismatch = None
    enum = enumerate_regions(net, domain, max_regions=args.max_regions, timeout=args.timeout)
    regions = []
    try:
        for r in enum:
            regions.append(r)
            conf = r.configuration
            counts["regions"] += 1
            # pieces: exact vs float
            M, m = numeric.affine_piece(net, conf)
            bad = _close_rows(M.tolist(), r.piece.M_rows, rtol, "M") or \
                _close_rows([m.tolist()], [r.piece.m_vector], rtol, "m")
            if bad:
                raise _Mismatch("pieces", f"region {conf}: numeric.affine_piece differs from the exact piece: {bad}",
                                configuration=conf, point=r.witness)
            counts["pieces"] += 1
            # recursion vs product formula eq. (10)
            if affine_piece_product(net, conf) != r.piece:
                raise _Mismatch("product", f"region {conf}: the recursion (A_l, c_l) and the product formula "
                                "eq. (10) give different pieces", configuration=conf, point=r.witness)
            counts["product"] += 1
            # witness: exact forward = piece; float forward close, same configuration
            fr = forward(net, r.witness)
            if fr.configuration != conf or r.piece(r.witness) != fr.value:
                raise _Mismatch("witnesses", f"region {conf}: the exact forward pass at its witness gives configuration "
                                f"{fr.configuration}, value {list(map(str, fr.value))}", configuration=conf,
                                point=r.witness)
            nf = numeric.forward(net, r.witness)
            if nf.configuration != conf:
                raise _Mismatch("witnesses", f"region {conf}: numeric.forward at the witness gives configuration "
                                f"{nf.configuration}", configuration=conf, point=r.witness)
            bad = _close_rows([list(nf.value)], [fr.value], rtol, "value")
            if bad:
                raise _Mismatch("witnesses", f"region {conf}: numeric.forward at the witness: {bad}",
                                configuration=conf, point=r.witness)
            counts["witnesses"] += 1
            # Theorem 5
            if atomic_decomposition is not None:
                if not la.equal(atomic_decomposition(net, conf).recombine(), r.piece.M):
                    raise _Mismatch("theorem5", f"region {conf}: the atoms do not recombine to M_s (Theorem 5)",
                                    configuration=conf, point=r.witness)
                counts["theorem5"] += 1
        complete = bool(enum.complete)
        # the float twin's enumeration
        if complete:
            ne = numeric.enumerate_regions(net, domain, max_regions=None if args.max_regions is None else 10 * args.max_regions + 10,
                                           timeout=args.timeout)
            found = [str(nr.configuration) for nr in ne]
            counts["numeric_regions"] = len(found)
            exact_set = {str(r.configuration) for r in regions}
            missing = sorted(exact_set - set(found))
            extra = sorted(set(found) - exact_set)
            dup = sorted({c for c in found if found.count(c) > 1})
            if missing:
                r = next(r for r in regions if str(r.configuration) == missing[0])
                raise _Mismatch("regions", f"the numeric engine finds {len(found)} regions, the exact engine "
                                f"{len(exact_set)}: numeric misses region {missing[0]} (exact interior witness "
                                f"x = {_fmt_point(r.witness)}){f' and {len(missing) - 1} more' if len(missing) > 1 else ''}",
                                configuration=missing[0], point=r.witness)
            if extra:
                raise _Mismatch("regions", f"the numeric engine finds {len(found)} regions, the exact engine "
                                f"{len(exact_set)}: numeric reports {extra[0]}, which is not a region "
                                "(the exact enumeration certifies every region and every empty cell)",
                                configuration=extra[0])
            if dup:
                raise _Mismatch("regions", f"the numeric engine reports region {dup[0]} more than once",
                                configuration=dup[0])
        else:
            notes.append(f"region enumeration stopped ({enum.reason}); numeric region comparison skipped")
        # random points
        rng = random.Random(args.seed)
        for x in _random_points(rng, net.n_inputs, args.points, domain):
            fr = forward(net, x)
            if affine_piece(net, fr.configuration)(x) != fr.value:
                raise _Mismatch("points", f"the exact forward pass and the piece of its configuration "
                                f"{fr.configuration} differ", configuration=fr.configuration, point=x)
            nf = numeric.forward(net, x)
            if not fr.ties and nf.configuration != fr.configuration:
                raise _Mismatch("points", f"numeric.forward gives configuration {nf.configuration}, exact "
                                f"{fr.configuration} (no tie at x)", configuration=fr.configuration, point=x)
            bad = _close_rows([list(nf.value)], [fr.value], rtol, "value")
            if bad:
                raise _Mismatch("points", f"numeric.forward: {bad}", configuration=fr.configuration, point=x)
            counts["points"] += 1
    except _Mismatch as err:
        mismatch = err
        complete = bool(enum.complete) if enum.complete is not None else False
    return _report(args, counts, notes, mismatch, complete, rtol)


def _report(args, counts, notes, mismatch, complete, rtol) -> int:
    if args.json:
        cli.emit_json({
            "ok": mismatch is None,
            "complete": complete,
            "regions": counts["regions"],
            "numeric_regions": counts["numeric_regions"],
            "checks": {k: counts[k] for k in ("pieces", "product", "witnesses", "points", "theorem5")},
            "seed": args.seed,
            "rtol": str(rtol),
            "notes": notes,
            "mismatch": None if mismatch is None else {
                "check": mismatch.check,
                "message": mismatch.message,
                "configuration": None if mismatch.configuration is None else str(mismatch.configuration),
                "point": None if mismatch.point is None else [str(v) for v in mismatch.point],
            },
        })
    else:
        print(f"check {args.net}")
        print(f"regions:    {counts['regions']} (exact)"
              + (f", {counts['numeric_regions']} (numeric)" if counts["numeric_regions"] is not None else ""))
        print(f"pieces:     {counts['pieces']} agree with numeric.affine_piece (rtol {args.rtol})")
        print(f"product:    {counts['product']} agree with eq. (10)")
        print(f"witnesses:  {counts['witnesses']} agree (exact and numeric forward)")
        print(f"points:     {counts['points']} random rational points agree (seed {args.seed})")
        t5 = counts["theorem5"]
        print(f"theorem 5:  {'skipped' if t5 is None else f'{t5} regions: atoms recombine to M_s exactly'}")
        for n in notes:
            print(f"note: {n}")
        if mismatch is not None:
            print(f"MISMATCH ({mismatch.check}): {mismatch.message}")
            if mismatch.point is not None:
                print(f"  at x = {_fmt_point(mismatch.point)}"
                      + (f" (configuration {mismatch.configuration})" if mismatch.configuration is not None else ""))
        elif complete:
            print("all checks agree")
        else:
            print("all checks agree so far (incomplete: a limit stopped the enumeration)")
    if mismatch is not None:
        return cli.EXIT_MISMATCH
    return cli.EXIT_OK if complete else cli.EXIT_INCOMPLETE

"""``exactrelu atoms NET --at X | --config S``: Theorem 5 atoms, path-sum coefficients, recombination check."""

from __future__ import annotations

from .. import cli


def register(sub) -> None:
    p = sub.add_parser("atoms", help="Theorem 5: rank-one atoms of M_s with path-sum coefficients")
    p.add_argument("net", help="network file (.json, .npz, .pt, .onnx)")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--at", metavar="X", help='a point, e.g. "1/2,-3"; its configuration (ties -> 0) is used')
    g.add_argument("--config", metavar="S", help='a configuration, e.g. "10|011" (works for symbolic weights)')
    p.add_argument("--json", action="store_true", help="one JSON document on stdout")
    p.set_defaults(func=run)


def run(args) -> int:
    from .. import _linalg as la
    from ..atoms import atomic_decomposition, range_check
    from ..configuration import Configuration, affine_piece, forward

    net = cli.load_network(args.net)
    ties = []
    if args.at is not None:
        from ..rational import to_point

        net.require_rational("exactrelu atoms --at (use --config for symbolic weights)")
        fr = forward(net, to_point(args.at, net.n_inputs, "--at"))
        s, ties = fr.configuration, [[l, k] for l, k in fr.ties]
    else:
        s = Configuration.parse(args.config, net)
    d = atomic_decomposition(net, s)
    M = affine_piece(net, s).M
    ok = la.equal(d.recombine(), M)
    rng = bool(range_check(net, s))
    K = net.domain

    def ex(v):
        return str(K.to_sympy(v))

    if args.json:
        cli.emit_json({
            "configuration": str(s),
            "ties": ties,
            "case": {1: "L=1", 2: "L=2", 3: "L>=3"}[d.case],
            "atoms": [{"i": a.i, "j": a.j, "coefficient": ex(a.coefficient), "u": [ex(v) for v in a.u],
                       "v": [ex(v) for v in a.v], "paths": a.paths} for a in d.atoms],
            "M": [[ex(v) for v in r] for r in M.to_list()],
            "recombines": ok,
            "n_atoms": d.n_atoms, "atom_bound": d.atom_bound,
            "n_paths": d.n_paths, "max_paths_per_atom": d.max_paths_per_atom, "path_bound": d.path_bound,
            "range_holds": rng,
        })
    else:
        print(f"configuration:  {s}" + (f"   (ties at {', '.join(f'layers[{l}] neuron {k}' for l, k in ties)})" if ties else ""))
        print(f"Theorem 5 ({ {1: 'i', 2: 'ii', 3: 'iii'}[d.case] }): M_s = sum c_ij u_i v_j^T over {d.n_atoms} atoms "
              f"(bound {d.atom_bound}); {d.n_paths} non-zero paths, at most {d.max_paths_per_atom} per atom (bound {d.path_bound})")
        for a in d.atoms:
            print(f"  c[{a.i},{a.j}] = {ex(a.coefficient)}   u = ({', '.join(ex(v) for v in a.u)})   "
                  f"v = ({', '.join(ex(v) for v in a.v)})")
        print("M_s =")
        for r in M.to_list():
            print("  [" + ", ".join(ex(v) for v in r) + "]")
        print(f"recombines to M_s exactly: {'yes' if ok else 'NO'}")
        print(f"range(rho_s) in m_s + D_L span{{w^L_i}}: {'yes' if rng else 'NO'}")
    return cli.EXIT_OK if ok and rng else cli.EXIT_MISMATCH

"""The ``exactrelu`` command line (INTERFACE.md "Commands").

Each sub-command lives in ``exactrelu/_commands/<name>.py`` with
``register(subparsers)``; this module owns what they share: argument
pre-processing (values beginning with ``-``), points, boxes and domains,
exact JSON output, and the exit codes: 0 success, 1 a check found a
mismatch, 2 an ``ExactReluError`` (one line on stderr), 3 a run stopped by
a limit (what was found is printed, marked incomplete).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys

from .errors import DomainError, ExactReluError

__all__ = ["main", "EXIT_OK", "EXIT_MISMATCH", "EXIT_ERROR", "EXIT_INCOMPLETE"]

EXIT_OK, EXIT_MISMATCH, EXIT_ERROR, EXIT_INCOMPLETE = 0, 1, 2, 3
COMMANDS = ("piece", "regions", "atoms", "lipschitz", "latex", "plot", "check", "convert")
#: options whose value may begin with "-" (``--box -2,2``)
VALUE_OPTIONS = ("--at", "--box", "--config", "--domain", "-o", "--output", "--norm", "--timeout", "--max-regions", "--workers", "--checkpoint", "--engine", "--seed", "--points", "--color", "--rtol")


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2 (as for every usage error)
        sys.stderr.write(f"exactrelu: error: {message}\n")
        raise SystemExit(EXIT_ERROR)


def _join_values(argv):
    """Turn ``--at -1/2,3`` into ``--at=-1/2,3`` so argparse never mistakes a value for an option."""
    out, i = [], 0
    while i < len(argv):
        a = argv[i]
        if a in VALUE_OPTIONS and i + 1 < len(argv) and argv[i + 1].startswith("-") and argv[i + 1] not in ("-", "--"):
            nxt = argv[i + 1]
            if not nxt.startswith("--") or nxt[2:3].isdigit() or nxt[2:3] == ".":
                out.append(f"{a}={nxt}")
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="exactrelu", description="Exact analysis of ReLU networks: regions, affine pieces, atoms, Lipschitz constants.")
    from . import __version__

    parser.add_argument("--version", action="version", version=f"exactrelu {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in COMMANDS:
        try:
            mod = importlib.import_module(f"exactrelu._commands.{name}")
        except ModuleNotFoundError as err:
            if err.name == f"exactrelu._commands.{name}":
                continue
            raise
        mod.register(sub)
    return parser


# -- shared helpers for the sub-commands ------------------------------------------------
def add_domain_options(p) -> None:
    p.add_argument("--box", action="append", metavar="LO,HI", help="every coordinate in [LO, HI], or repeat once per input")
    p.add_argument("--domain", metavar="FILE.json", help='polytope {"A": [[...]], "b": [...]} meaning A x <= b')


def add_limit_options(p, *, workers: bool = True) -> None:
    """--workers, --max-regions, --timeout (INTERFACE.md "Long runs")."""
    if workers:
        p.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes")
    p.add_argument("--max-regions", type=int, default=None, metavar="N", help="stop after N regions (exit 3)")
    p.add_argument("--timeout", type=float, default=None, metavar="S", help="stop after S seconds (exit 3)")


def network_and_domain(args, what: str):
    """The network of ``args.net`` (rational weights required for ``what``) and the domain of --box/--domain."""
    from .errors import LimitError

    net = load_network(args.net)
    net.require_rational(what)
    domain = domain_from_args(args, net.n_inputs)
    if getattr(args, "workers", 1) < 1:
        raise LimitError(f"--workers must be >= 1, got {args.workers}")
    return net, domain


def domain_from_args(args, n: int):
    """The domain of ``--box`` / ``--domain`` (or None)."""
    from .polytope import Domain, as_domain
    from .rational import to_point

    if getattr(args, "box", None) and getattr(args, "domain", None):
        raise DomainError("give either --box or --domain, not both")
    if getattr(args, "box", None):
        pairs = []
        for i, text in enumerate(args.box):
            pt = to_point(text, None, f"--box[{i}]")
            if len(pt) != 2:
                raise DomainError(f"--box {text!r} must be LO,HI (two numbers)")
            pairs.append(pt)
        if len(pairs) == 1:
            pairs = pairs * n
        return Domain.from_box(pairs, n)
    if getattr(args, "domain", None):
        from pathlib import Path

        from .interop import _parse_json_text, _read_text

        doc = _parse_json_text(_read_text(Path(args.domain)), args.domain)
        if not isinstance(doc, dict):
            raise DomainError(f"{args.domain}: a domain file holds {{'A': [[...]], 'b': [...]}}")
        doc = {k: _plain(v) for k, v in doc.items()}
        return as_domain(doc, n)
    return None


def _plain(v):
    """JSON values parsed with exact number text -> plain strings/lists (for to_rational)."""
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if isinstance(v, str):
        return str(v)
    return v


def exact(q) -> str:
    """Exact JSON form of a rational (or symbolic) entry."""
    return str(q)


def matrix_json(M) -> list:
    from . import _linalg as la

    return [[exact(v) for v in r] for r in la.rows(M)]


def emit_json(doc) -> None:
    sys.stdout.write(json.dumps(doc) + "\n")
    sys.stdout.flush()


def load_network(path):
    from .interop import load

    return load(path)


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(_join_values(argv))
        return int(args.func(args) or 0)
    except ExactReluError as err:
        msg = " ".join(str(err).split())
        sys.stderr.write(f"exactrelu: error: {msg}\n")
        return EXIT_ERROR
    except BrokenPipeError:  # `exactrelu regions ... | head`
        try:
            sys.stdout = None
        except Exception:  # pragma: no cover
            pass
        return EXIT_OK
    except KeyboardInterrupt:
        sys.stderr.write("exactrelu: interrupted\n")
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

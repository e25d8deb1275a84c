"""``exactrelu convert MODEL -o NET.json``: any supported model to format 1, exactly.

MODEL may be format 1 or ``{"W", "b"}`` JSON, ``.npz`` (W0, b0, ...), a
PyTorch state dict (``.pt`` / ``.pth``, read with ``weights_only=True``) or an
ONNX MLP (``.onnx``). Floats are written as their exact binary value
(``"13421773/134217728"`` for the float32 0.1), so ``load(convert(m))`` is
the model's function exactly.
"""

from __future__ import annotations

import sys

from .. import cli


def register(sub) -> None:
    p = sub.add_parser("convert", help="convert a model (.json, .npz, .pt, .onnx) to format 1 JSON, exactly")
    p.add_argument("model", help="model file (.json, .npz, .pt/.pth, .onnx)")
    p.add_argument("-o", "--output", required=True, metavar="NET.json", help="where to write format 1 ('-' for stdout)")
    p.add_argument("--json", action="store_true", help="print a JSON summary on stdout (not with -o -)")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..interop import save, to_json_text

    net = cli.load_network(args.model)
    if args.output == "-":
        sys.stdout.write(to_json_text(net) + "\n")
        return cli.EXIT_OK
    save(net, args.output)
    widths = list(net.widths)
    acts = [L.activation for L in net.layers]
    if args.json:
        cli.emit_json({"input": str(args.model), "output": str(args.output), "widths": widths, "activations": acts})
    else:
        print(f"wrote {args.output}: widths {widths}, activations {', '.join(acts)}")
    return cli.EXIT_OK

"""Reading and writing networks: JSON format 1, the {"W","b"} interchange format, .npz,
PyTorch and ONNX (the last two imported lazily; optional extras).

Every reader validates and produces an :class:`~exactrelu.network.Network`;
every malformed input raises an :class:`~exactrelu.errors.ExactReluError`
subclass whose message names the offending field (``layers[1].weights[2][0]``).
Nothing read is ever evaluated: JSON numbers keep their decimal text
(``0.1`` in a file means 1/10) and strings go through a strict grammar.

>>> import json
>>> net = loads('{"format": "exactrelu-network/1", '
...             '"layers": [{"weights": [[1, "-1/2"]], "bias": [0.1], "activation": "relu"}]}')
>>> str(net.layers[0].bias[0])
'1/10'
>>> from_json(json.loads(to_json_text(net))) == net
True
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from . import _linalg as la
from .errors import ConversionError, LimitError, MissingDependencyError, ModelFormatError, NonFiniteError
from .network import Network
from .rational import parse_rational, to_rational

__all__ = [
    "FORMAT",
    "load",
    "save",
    "from_json",
    "loads",
    "to_json",
    "to_json_text",
    "from_npz",
    "from_torch",
    "from_onnx",
    "MAX_FILE_BYTES",
]

FORMAT = "exactrelu-network/1"
#: Largest network file read (bytes); guards against hostile files.
MAX_FILE_BYTES = 200_000_000
_LAYER_KEYS = {"weights", "bias", "activation"}


class _Num(str):
    """A JSON number kept as its text (so 0.1 stays 1/10 and huge ints are checked first)."""


class _NonFinite(str):
    """NaN / Infinity / -Infinity as written in a (non-standard) JSON file."""


def _parse_json_text(text: str, where: str):
    try:
        return json.loads(text, parse_float=_Num, parse_int=_Num, parse_constant=_NonFinite)
    except json.JSONDecodeError as err:
        raise ModelFormatError(f"{where} is not valid JSON: {err}") from err
    except RecursionError as err:
        raise ModelFormatError(f"{where} is nested too deeply") from err


def _entry(v, where, symbols):
    """One JSON entry -> exact value (or declared symbol name, passed through)."""
    if isinstance(v, _NonFinite):
        raise NonFiniteError(f"{where} is {str(v)}; NaN and inf have no exact value")
    if isinstance(v, _Num):
        return parse_rational(str(v), where)
    if isinstance(v, str):
        if v.strip() in symbols:
            return v.strip()
        return parse_rational(v, where)
    if isinstance(v, bool) or v is None:
        raise ConversionError(f"{where} is {json.dumps(v)}; expected a number")
    if isinstance(v, (list, dict)):
        raise ConversionError(f"{where} is a {'list' if isinstance(v, list) else 'object'}; expected a number")
    return to_rational(v, where)


def _vector(v, where, symbols):
    if not isinstance(v, list):
        raise ModelFormatError(f"{where} is {type(v).__name__}; expected a list of numbers")
    return [_entry(x, f"{where}[{i}]", symbols) for i, x in enumerate(v)]


def _matrix(v, where, symbols):
    if not isinstance(v, list):
        raise ModelFormatError(f"{where} is {type(v).__name__}; expected a list of rows")
    return [_vector(r, f"{where}[{i}]", symbols) for i, r in enumerate(v)]


def from_json(doc) -> Network:
    """A network from a parsed JSON document: format 1, or the {"W", "b"} interchange format."""
    if not isinstance(doc, dict):
        raise ModelFormatError(f"the network file must hold a JSON object, not {type(doc).__name__}")
    layers = doc.get("layers")
    if "format" in doc:
        if doc["format"] != FORMAT:
            raise ModelFormatError(f"format is {doc['format']!r}; expected {FORMAT!r}")
    elif not (isinstance(layers, list) and layers and all(isinstance(L, dict) and "W" in L for L in layers)):
        raise ModelFormatError(f"missing field 'format'; expected \"format\": \"{FORMAT}\" (or layers of {{'W', 'b'}})")
    if layers is None:
        raise ModelFormatError("missing field 'layers'")
    if not isinstance(layers, list):
        raise ModelFormatError(f"layers is {type(layers).__name__}; expected a list")
    if not layers:
        raise ModelFormatError("layers is empty; a network needs at least one layer")
    symbols = doc.get("symbols", [])
    if not isinstance(symbols, list) or not all(isinstance(s, str) for s in symbols):
        raise ModelFormatError("symbols must be a list of names (strings)")
    symset = set(symbols)
    interchange = "format" not in doc
    Ws, bs, acts = [], [], []
    for i, L in enumerate(layers):
        where = f"layers[{i}]"
        if not isinstance(L, dict):
            raise ModelFormatError(f"{where} is {type(L).__name__}; expected an object")
        if interchange:
            unknown = set(L) - {"W", "b"}
            wkey, bkey = "W", "b"
            act = "relu" if i < len(layers) - 1 else "linear"
        else:
            unknown = set(L) - _LAYER_KEYS
            wkey, bkey = "weights", "bias"
            act = L.get("activation")
            if "activation" not in L:
                raise ModelFormatError(f"{where}.activation is missing; expected 'relu' or 'linear'")
        if unknown:
            raise ModelFormatError(f"{where} has unknown key(s) {', '.join(sorted(map(repr, unknown)))}; expected {sorted(_LAYER_KEYS) if not interchange else ['W', 'b']}")
        for key in (wkey, bkey):
            if key not in L:
                raise ModelFormatError(f"{where}.{key} is missing")
        Ws.append(_matrix(L[wkey], f"{where}.{wkey}", symset))
        bs.append(_vector(L[bkey], f"{where}.{bkey}", symset))
        acts.append(act)
    names = doc.get("input_names")
    if names is not None and (not isinstance(names, list) or not all(isinstance(n, str) for n in names)):
        raise ModelFormatError("input_names must be a list of strings")
    return Network.from_lists(Ws, bs, acts, input_names=names, symbols=symbols or None)


def _entry_out(v, K, syms):
    if K == la.QQ:
        return int(v) if v.denominator == 1 else str(v)
    expr = K.to_sympy(v)
    if expr.is_Rational:
        return int(expr) if expr.q == 1 else str(expr)
    if expr in syms:
        return str(expr)
    raise ConversionError(f"entry {expr} is neither a number nor a bare symbol; format 1 cannot store it")


def to_json(net: Network) -> dict:
    """Format 1 document (exact: integers as JSON integers, other rationals as "p/q")."""
    K = net.domain
    syms = set(net.symbols)
    doc = {"format": FORMAT, "input_names": list(net.input_names)}
    if net.symbols:
        doc["symbols"] = [str(s) for s in net.symbols]
    doc["layers"] = [
        {
            "weights": [[_entry_out(v, K, syms) for v in r] for r in L.weights],
            "bias": [_entry_out(v, K, syms) for v in L.bias],
            "activation": L.activation,
        }
        for L in net.layers
    ]
    return doc


def to_json_text(net: Network) -> str:
    return json.dumps(to_json(net), indent=1)


def save(net: Network, path) -> None:
    """Write ``net`` in format 1 (the round trip ``load(save(net))`` is the identity)."""
    text = to_json_text(net) + "\n"
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as err:
        raise ModelFormatError(f"{path}: cannot write the network file ({err.strerror or err})") from err


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
    except FileNotFoundError as err:
        raise ModelFormatError(f"{path}: no such file") from err
    except OSError as err:
        raise ModelFormatError(f"{path}: cannot read ({err.strerror})") from err
    if size > MAX_FILE_BYTES:
        raise LimitError(f"{path} is {size} bytes; the limit is exactrelu.interop.MAX_FILE_BYTES = {MAX_FILE_BYTES}")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise ModelFormatError(f"{path} is not UTF-8 text: {err}") from err
    except IsADirectoryError as err:
        raise ModelFormatError(f"{path} is a directory, not a network file") from err
    except OSError as err:
        raise ModelFormatError(f"{path}: cannot read ({err.strerror})") from err


def from_npz(path) -> Network:
    """``.npz`` with arrays W0, b0, W1, b1, ... (ReLU after every layer but the last; floats exact)."""
    import numpy as np

    try:
        data = np.load(path, allow_pickle=False)
    except FileNotFoundError as err:
        raise ModelFormatError(f"{path}: no such file") from err
    except (ValueError, OSError) as err:
        raise ModelFormatError(f"{path} is not a readable .npz file: {err}") from err
    with data:
        keys = set(data.files)
        Ws, bs = [], []
        i = 0
        while f"W{i}" in keys:
            if f"b{i}" not in keys:
                raise ModelFormatError(f"{path}: array W{i} has no matching b{i}")
            W, b = data[f"W{i}"], data[f"b{i}"]
            for name, arr, nd in ((f"W{i}", W, 2), (f"b{i}", b, 1)):
                if arr.ndim != nd or arr.dtype.kind not in "iuf":
                    raise ModelFormatError(f"{path}: {name} has shape {arr.shape} and dtype {arr.dtype}; expected a {nd}-D numeric array")
            Ws.append(W.tolist())
            bs.append(b.tolist())
            i += 1
        if not Ws:
            raise ModelFormatError(f"{path}: no arrays W0, b0, ... found (found {sorted(keys)})")
    acts = ["relu"] * (len(Ws) - 1) + ["linear"]
    return Network.from_lists(Ws, bs, acts)


def _torch():
    try:
        import torch
    except ImportError as err:
        raise MissingDependencyError("reading PyTorch models needs torch: pip install 'exactrelu[torch]'") from err
    return torch


def _exact_vector(values, where):
    """A flat list of numbers (already Python scalars: floats are exact binary values) -> QQ, naming entries."""
    return [to_rational(v, f"{where}[{i}]") for i, v in enumerate(values)]


def _exact_rows(values, where):
    return [_exact_vector(r, f"{where}[{i}]") for i, r in enumerate(values)]


def _torch_modules(model, torch, prefix="model"):
    """Flatten nested ``nn.Sequential`` into (path, module) pairs, in the order they are applied."""
    nn = torch.nn
    out = []
    for name, mod in model.named_children():
        path = f"{prefix}[{name}]" if name.isdigit() else f"{prefix}.{name}"
        if isinstance(mod, nn.Sequential):
            out += _torch_modules(mod, torch, path)
        else:
            out.append((path, mod))
    return out


def from_torch(model) -> Network:
    """A network from a torch ``nn.Sequential`` of Linear/ReLU (or a path to a saved state dict).

    Parameters
    ----------
    model : ``nn.Sequential`` (nested Sequentials are flattened), a single
        ``nn.Linear``, or a path to a file written by ``torch.save(model.state_dict(), path)``.

    Files are loaded with ``torch.load(..., weights_only=True)``: a pickle
    carrying code (a whole pickled module, say) is refused. A state dict is
    read as Linear layers in the dict's order with a ReLU after every layer
    but the last. Parameters convert exactly (float32 -> float64 is exact,
    then the binary value is kept: the float32 0.1 becomes 13421773/134217728).

    Beware: any other ``nn.Module`` is refused, because its ``forward`` may
    not apply its children in order (a functional ``F.relu`` between two
    Linear children would be silently lost). Rebuild it as ``nn.Sequential``.
    """
    torch = _torch()
    if isinstance(model, (str, os.PathLike)):
        try:
            obj = torch.load(model, weights_only=True, map_location="cpu")
        except FileNotFoundError as err:
            raise ModelFormatError(f"{model}: no such file") from err
        except Exception as err:  # torch raises UnpicklingError/RuntimeError for unsafe or bad files
            first = (str(err).strip().splitlines() or [type(err).__name__])[0]
            raise ModelFormatError(f"{model}: refused or unreadable by torch.load(weights_only=True): {first}") from err
        return _from_state_dict(obj, str(model))
    nn = torch.nn
    if isinstance(model, nn.Linear):
        mods = [("model", model)]
    elif isinstance(model, nn.Sequential):
        mods = _torch_modules(model, torch)
    elif isinstance(model, nn.Module):
        raise ModelFormatError(
            f"model is a {type(model).__name__}, not an nn.Sequential; its forward() may not apply its children "
            "in order, so it cannot be read safely; rebuild it as nn.Sequential(Linear, ReLU, ...)"
        )
    else:
        raise ModelFormatError(f"expected a torch nn.Sequential of Linear and ReLU, got {type(model).__name__}")
    Ws, bs, acts = [], [], []
    for where, mod in mods:
        if isinstance(mod, nn.Linear):
            Ws.append(_exact_rows(_tensor_list(mod.weight, f"{where}.weight"), f"{where}.weight"))
            if mod.bias is None:
                bs.append([0] * mod.out_features)
            else:
                bs.append(_exact_vector(_tensor_list(mod.bias, f"{where}.bias"), f"{where}.bias"))
            acts.append("linear")
        elif isinstance(mod, nn.ReLU):
            if not acts or acts[-1] != "linear":
                raise ModelFormatError(f"{where} is a ReLU that does not follow a Linear layer")
            acts[-1] = "relu"
        elif isinstance(mod, (nn.Flatten, nn.Identity)):
            continue
        else:
            raise ModelFormatError(f"{where} is {type(mod).__name__}; only Linear, ReLU, Flatten, Identity are supported")
    if not Ws:
        raise ModelFormatError("the model has no Linear layer")
    return Network.from_lists(Ws, bs, acts)


def _tensor_list(t, where):
    t = t.detach().cpu()
    if t.dtype.is_complex:
        raise ConversionError(f"{where} is a complex tensor ({t.dtype}); expected real numbers")
    if t.dtype.is_floating_point:
        t = t.double()  # float16 / bfloat16 / float32 -> float64 is exact
    return t.tolist()  # integer dtypes stay Python ints (no rounding through float64)


_CHECKPOINT_KEYS = ("state_dict", "model_state_dict", "model")


def _from_state_dict(obj, where) -> Network:
    torch = _torch()
    if isinstance(obj, torch.nn.Module):  # pragma: no cover - weights_only never returns modules
        return from_torch(obj)
    if not isinstance(obj, dict):
        raise ModelFormatError(f"{where}: expected a state dict (mapping of tensors), got {type(obj).__name__}")
    if not any(isinstance(k, str) and k.endswith(".weight") for k in obj):
        for key in _CHECKPOINT_KEYS:  # a training checkpoint {"state_dict": {...}, "epoch": ...}
            if isinstance(obj.get(key), dict):
                return _from_state_dict(obj[key], f"{where}[{key!r}]")
    # Algorithm note: a state dict keeps the modules' registration order, which for an
    # nn.Sequential (and for almost every MLP class) is the order of application. Sorting
    # the names instead would put "fc10" before "fc2".
    keys = [k for k in obj if isinstance(k, str) and k.endswith(".weight")]
    if not keys:
        raise ModelFormatError(f"{where}: no '*.weight' tensors in the state dict (found {sorted(map(str, obj))[:5]})")
    Ws, bs = [], []
    for k in keys:
        W = obj[k]
        if not isinstance(W, torch.Tensor) or W.ndim != 2:
            shape = tuple(W.shape) if isinstance(W, torch.Tensor) else type(W).__name__
            raise ModelFormatError(f"{where}: {k} has shape {shape}; expected a 2-D Linear weight")
        bk = k[: -len("weight")] + "bias"
        b = obj.get(bk)
        Ws.append(_exact_rows(_tensor_list(W, k), f"{where}[{k!r}]"))
        bs.append([0] * W.shape[0] if b is None else _exact_vector(_tensor_list(b.reshape(-1), bk), f"{where}[{bk!r}]"))
    acts = ["relu"] * (len(Ws) - 1) + ["linear"]
    return Network.from_lists(Ws, bs, acts)


def from_onnx(path_or_model) -> Network:
    """An MLP from ONNX: a chain of Gemm / MatMul+Add / Relu / Flatten / Identity nodes; initializers exact.

    The nodes must form one chain from the graph's input to its output (each
    node consumes the previous node's output); anything else (a residual
    branch, a second input) is refused rather than misread. ``Gemm``'s
    ``alpha``, ``beta`` and ``transB`` are applied exactly; weights may be
    initializers or ``Constant`` nodes.
    """
    try:
        import onnx
        from onnx import numpy_helper
    except ImportError as err:
        raise MissingDependencyError("reading ONNX models needs onnx: pip install 'exactrelu[onnx]'") from err
    model = path_or_model
    if isinstance(path_or_model, (str, os.PathLike)):
        try:
            model = onnx.load(str(path_or_model))
        except FileNotFoundError as err:
            raise ModelFormatError(f"{path_or_model}: no such file") from err
        except Exception as err:
            raise ModelFormatError(f"{path_or_model}: not a readable ONNX model: {err}") from err
    if not hasattr(model, "graph"):
        raise ModelFormatError(f"expected an ONNX ModelProto or a path to a .onnx file, got {type(model).__name__}")
    g = model.graph
    init = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    data_inputs = [i.name for i in g.input if i.name not in init]
    if len(data_inputs) != 1:
        raise ModelFormatError(f"the ONNX graph has {len(data_inputs)} data inputs {data_inputs}; expected one")
    current = data_inputs[0]
    Ws, bs, acts = [], [], []
    pending = None  # MatMul waiting for its Add
    for i, node in enumerate(g.node):
        op = node.op_type
        where = f"graph.node[{i}] ({op})"
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        if op == "Constant":
            if "value" not in attrs:
                raise ModelFormatError(f"{where}: only Constant nodes with a tensor 'value' are supported")
            init[node.output[0]] = numpy_helper.to_array(attrs["value"])
            continue
        if op in ("Gemm", "MatMul") and (len(node.input) < 2 or node.input[1] not in init):
            raise ModelFormatError(f"{where}: weight {list(node.input)[1:2]} is not an initializer or Constant")
        data = [x for x in node.input if x and x not in init]
        if op == "Add":
            if sorted(data) != [current] or len(node.input) != 2:
                raise ModelFormatError(f"{where}: expected the previous node's output plus a constant bias; got inputs {list(node.input)}")
        elif not node.input or node.input[0] != current or len(data) != 1:
            raise ModelFormatError(f"{where}: its input {list(node.input)[:1]} is not the previous node's output {current!r}; "
                                   "only a chain of layers is supported")
        if op == "Gemm":
            if attrs.get("transA", 0):
                raise ModelFormatError(f"{where}: transA = 1 is not supported")
            W = init[node.input[1]]
            if W.ndim != 2:
                raise ModelFormatError(f"{where}: weight {node.input[1]!r} has shape {W.shape}; expected 2-D")
            if not attrs.get("transB", 0):
                W = W.T
            alpha = to_rational(attrs.get("alpha", 1.0), f"{where}.alpha")
            beta = to_rational(attrs.get("beta", 1.0), f"{where}.beta")
            rows = [[alpha * v for v in r] for r in _exact_rows(W.tolist(), f"{where}.B")]
            out = W.shape[0]
            if len(node.input) > 2 and node.input[2]:
                C = init[node.input[2]].reshape(-1)
                if C.size == 1:
                    C = C.repeat(out)
                if C.size != out:
                    raise ModelFormatError(f"{where}: bias {node.input[2]!r} has {C.size} entries; expected {out}")
                bias = [beta * v for v in _exact_vector(C.tolist(), f"{where}.C")]
            else:
                bias = [0] * out
            Ws.append(rows)
            bs.append(bias)
            acts.append("linear")
            pending = None
        elif op == "MatMul":
            W = init[node.input[1]]
            if W.ndim != 2:
                raise ModelFormatError(f"{where}: weight {node.input[1]!r} has shape {W.shape}; expected 2-D")
            Ws.append(_exact_rows(W.T.tolist(), f"{where}.B^T"))
            bs.append([0] * W.shape[1])
            acts.append("linear")
            pending = len(Ws) - 1
        elif op == "Add":
            if pending is None:
                raise ModelFormatError(f"{where}: Add that does not follow a MatMul")
            (bname,) = [x for x in node.input if x in init]
            b = init[bname].reshape(-1)
            n_out = len(Ws[pending])
            if b.size == 1:
                b = b.repeat(n_out)
            if b.size != n_out:
                raise ModelFormatError(f"{where}: bias {bname!r} has {b.size} entries; expected {n_out}")
            bs[pending] = _exact_vector(b.tolist(), f"{where}.bias")
            pending = None
        elif op == "Relu":
            if not acts or acts[-1] != "linear":
                raise ModelFormatError(f"{where}: Relu that does not follow a linear layer")
            acts[-1] = "relu"
            pending = None
        elif op in ("Flatten", "Identity"):
            pass
        else:
            raise ModelFormatError(f"{where}: unsupported operator {op}; expected Gemm, MatMul, Add, Relu, Flatten")
        current = node.output[0]
    outputs = [o.name for o in g.output]
    if outputs != [current]:
        raise ModelFormatError(f"the ONNX graph's output {outputs} is not the end of the layer chain {current!r}")
    if not Ws:
        raise ModelFormatError("the ONNX graph has no Gemm or MatMul layer")
    return Network.from_lists(Ws, bs, acts)


def load(path) -> Network:
    """Load a network by extension/content: .json (format 1 or {"W","b"}), .npz, .pt/.pth, .onnx."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".npz":
        return from_npz(p)
    if suffix in (".pt", ".pth"):
        return from_torch(p)
    if suffix == ".onnx":
        return from_onnx(p)
    text = _read_text(p)
    return from_json(_parse_json_text(text, str(p)))


def loads(text: str, where: str = "<string>") -> Network:
    """A network from JSON text."""
    return from_json(_parse_json_text(text, where))

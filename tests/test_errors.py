"""Bad input, table-tested: every case gives an ExactReluError subclass naming the field,
and the CLI prints one line and exits 2. Plus a fuzz test and the no-code-execution rules."""

import ast
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import exactrelu as xr
from exactrelu.errors import (
    ConfigurationError,
    ConversionError,
    DomainError,
    ExactReluError,
    LimitError,
    ModelFormatError,
    NonFiniteError,
    ShapeError,
)

OK = {
    "format": "exactrelu-network/1",
    "layers": [
        {"weights": [[1, 2], [3, 4]], "bias": [0, 1], "activation": "relu"},
        {"weights": [[1, 1]], "bias": [0], "activation": "linear"},
    ],
}


def mutate(path, value):
    d = json.loads(json.dumps(OK))
    cur = d
    for p in path[:-1]:
        cur = cur[p]
    if value is KeyError:
        del cur[path[-1]]
    else:
        cur[path[-1]] = value
    return json.dumps(d)


def raw(old, new):
    text = json.dumps(OK)
    assert old in text
    return text.replace(old, new, 1)


# (id, file text, error class, message regex)
FILE_CASES = [
    ("malformed-json", '{"format": ', ModelFormatError, r"not valid JSON"),
    ("wrong-format", mutate(["format"], "exactrelu-network/9"), ModelFormatError, r"format is 'exactrelu-network/9'"),
    ("missing-layers", mutate(["layers"], KeyError), ModelFormatError, r"missing field 'layers'"),
    ("missing-bias", mutate(["layers", 0, "bias"], KeyError), ModelFormatError, r"layers\[0\]\.bias is missing"),
    ("ragged-rows", mutate(["layers", 0, "weights"], [[1, 2], [3]]), ShapeError, r"layers\[0\]\.weights\[1\]"),
    ("layer-shape-mismatch", mutate(["layers", 1, "weights"], [[1, 1, 1]]), ShapeError, r"layers\[1\]\.weights\[0\]"),
    ("empty-network", mutate(["layers"], []), ModelFormatError, r"layers is empty"),
    ("zero-width-layer", mutate(["layers", 0, "weights"], []), ShapeError, r"layers\[0\]\.weights has no rows"),
    ("nan", raw('[[1, 2], [3, 4]]', '[[1, NaN], [3, 4]]'), NonFiniteError, r"layers\[0\]\.weights\[0\]\[1\] is NaN"),
    ("infinity", raw('[[1, 2], [3, 4]]', '[[1, Infinity], [3, 4]]'), NonFiniteError, r"weights\[0\]\[1\] is Infinity"),
    ("exponent", raw('"bias": [0, 1]', '"bias": [0, 1e999999]'), LimitError, r"layers\[0\]\.bias\[1\] has exponent"),
    ("boolean", mutate(["layers", 0, "weights"], [[True, 2], [3, 4]]), ConversionError, r"weights\[0\]\[0\] is true"),
    ("null", mutate(["layers", 0, "weights"], [[None, 2], [3, 4]]), ConversionError, r"weights\[0\]\[0\] is null"),
    ("nested-list", mutate(["layers", 0, "weights"], [[[1], 2], [3, 4]]), ConversionError, r"weights\[0\]\[0\] is a list"),
    ("one-over-zero", mutate(["layers", 0, "bias"], ["1/0", 1]), NonFiniteError, r"bias\[0\] is '1/0'"),
    ("huge-integer", raw('"bias": [0, 1]', '"bias": [0, ' + "9" * 1_000_000 + "]"), LimitError, r"bias\[1\].*10000 digits"),
    ("unknown-activation", mutate(["layers", 0, "activation"], "tanh"), ModelFormatError, r"activation is 'tanh'"),
    ("undeclared-symbol", mutate(["layers", 0, "weights"], [["a", 2], [3, 4]]), ConversionError, r"weights\[0\]\[0\] is 'a'"),
    ("malicious-string", mutate(["layers", 0, "weights"], [["__import__('os').system('touch /tmp/pwned')", 2], [3, 4]]),
     ConversionError, r"not an exact number"),
    ("unknown-layer-key", mutate(["layers", 0, "dropout"], 0.5), ModelFormatError, r"unknown key\(s\) 'dropout'"),
    ("symbols-not-a-list", mutate(["symbols"], "a"), ExactReluError, r"symbols"),
    ("symbol-name-is-code", mutate(["symbols"], ["__import__('os')"]), ExactReluError, r"symbol"),
]


@pytest.mark.parametrize("name,text,cls,pattern", FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_bad_files_give_named_errors(name, text, cls, pattern):
    t0 = time.perf_counter()
    with pytest.raises(cls, match=pattern) as info:
        xr.loads(text)
    assert isinstance(info.value, ExactReluError)
    assert time.perf_counter() - t0 < 30, "rejecting a hostile file must not hang"


@pytest.mark.parametrize("name,text,cls,pattern", FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_cli_prints_one_line_and_exits_2(tmp_path, name, text, cls, pattern):
    if name == "huge-integer":
        pytest.skip("covered in-process; a 1 MB file per subprocess adds nothing")
    f = tmp_path / "net.json"
    f.write_text(text)
    r = subprocess.run([sys.executable, "-m", "exactrelu", "piece", str(f), "--at", "1,2"],
                       capture_output=True, text=True)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("exactrelu: error: "), r.stderr
    assert "Traceback" not in r.stderr and r.stdout == ""


NET = xr.Network.from_lists([[[1, 2], [3, 4]], [[1, 1]]], [[0, 1], [0]], ["relu", "linear"])

API_CASES = [
    ("point-wrong-dimension", lambda: xr.forward(NET, [1, 2, 3]), ShapeError, r"3 .*2|2 .*3"),
    ("point-nan", lambda: xr.forward(NET, [float("nan"), 1]), NonFiniteError, r"NaN"),
    ("point-text", lambda: xr.forward(NET, "1,abc"), ConversionError, r"abc"),
    ("config-wrong-length", lambda: xr.affine_piece(NET, "101"), ConfigurationError, r"."),
    ("config-not-bits", lambda: xr.affine_piece(NET, "1x"), ConfigurationError, r"."),
    ("empty-box", lambda: list(xr.enumerate_regions(NET, [(1, 1), (0, 1)])), DomainError, r"empty or flat"),
    ("empty-polytope", lambda: list(xr.enumerate_regions(NET, {"A": [[1, 0], [-1, 0]], "b": [0, -1]})),
     DomainError, r"interior"),
    ("box-wrong-dimension", lambda: list(xr.enumerate_regions(NET, [(0, 1)] * 3)), ShapeError, r"3"),
    ("weights-not-numbers", lambda: xr.Network.from_lists([[["x"]]], [[0]]), ConversionError, r"weights"),
    ("bias-length", lambda: xr.Network.from_lists([[[1, 2]]], [[0, 1]]), ShapeError, r"bias"),
    ("complex-weight", lambda: xr.Network.from_lists([[[1j]]], [[0]]), ConversionError, r"complex"),
    ("missing-file", lambda: xr.load("/nonexistent/net.json"), ModelFormatError, r"nonexistent"),
    ("negative-limit", lambda: xr.enumerate_regions(NET, max_regions=-1), LimitError, r"max_regions"),
]


@pytest.mark.parametrize("name,call,cls,pattern", API_CASES, ids=[c[0] for c in API_CASES])
def test_bad_api_input(name, call, cls, pattern):
    with pytest.raises(cls, match=pattern) as info:
        call()
    assert isinstance(info.value, ExactReluError)


def _cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "exactrelu", *args], capture_output=True, text=True, **kw)


def test_cli_errors_on_points_domains_and_files(tmp_path):
    f = tmp_path / "net.json"
    xr.save(NET, f)
    dom = tmp_path / "dom.json"
    dom.write_text('{"A": [[1, 0], [-1, 0]], "b": [0, -1]}')
    for args in (["piece", str(f), "--at", "1,2,3"], ["piece", str(f), "--at", "1,NaN"],
                 ["piece", "/nonexistent.json", "--at", "1,2"], ["regions", str(f), "--box", "1,1"],
                 ["regions", str(f), "--domain", str(dom)], ["regions", str(f), "--box", "0,1", "--domain", str(dom)],
                 ["piece", str(f)], ["regions", str(f), "--workers", "0"]):
        r = _cli(*args)
        assert r.returncode == 2, (args, r.stderr)
        assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_pickle_with_code_is_refused(tmp_path):
    torch = pytest.importorskip("torch")
    import pickle

    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    f = tmp_path / "evil.pt"
    with open(f, "wb") as fh:
        pickle.dump({"0.weight": Evil()}, fh)
    with pytest.raises(ExactReluError):
        xr.load(f)
    assert not marker.exists()
    del torch


# ---------------------------------------------------------------- fuzz
_VALID = json.dumps(OK)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fuzz_mutated_files_never_crash(data):
    text = _VALID
    for _ in range(data.draw(st.integers(1, 4))):
        kind = data.draw(st.sampled_from(["delete", "insert", "replace"]))
        i = data.draw(st.integers(0, len(text)))
        if kind == "delete":
            text = text[:i] + text[i + 1:]
        elif kind == "insert":
            text = text[:i] + data.draw(st.sampled_from(list('[]{}",:-./0123456789eE aNIftrunl'))) + text[i:]
        else:
            text = text[:i] + data.draw(st.sampled_from(["1e5", "-0", "null", "[]", '"1/3"', "true", "{}"])) + text[i + 2:]
    try:
        net = xr.loads(text)
    except ExactReluError:
        return
    # a valid result must be a usable network
    x = [0] * net.n_inputs
    assert len(xr.forward(net, x).value) == net.n_outputs


# ---------------------------------------------------------------- no code execution on user text
FORBIDDEN_CALLS = {"eval", "exec", "sympify", "S", "parse_expr", "compile", "__import__"}
FORBIDDEN_MODULES = {"pickle", "dill", "cloudpickle", "marshal", "shelve"}


def test_package_source_never_evaluates_text():
    pkg = Path(xr.__file__).parent
    for path in pkg.rglob("*.py"):
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                fn = node.func
                if isinstance(fn, ast.Name):
                    assert fn.id not in FORBIDDEN_CALLS, f"{path.name}:{node.lineno} calls {fn.id}"
                elif isinstance(fn, ast.Attribute):  # re.compile is fine; sympy.sympify is not
                    assert fn.attr not in FORBIDDEN_CALLS - {"compile"}, f"{path.name}:{node.lineno} calls {fn.attr}"
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                mods = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                for m in mods:
                    assert m.split(".")[0] not in FORBIDDEN_MODULES, f"{path.name}:{node.lineno} imports {m}"


def test_malicious_weight_is_rejected_not_run(tmp_path):
    marker = tmp_path / "pwned"
    text = mutate(["layers", 0, "weights"], [[f"__import__('os').system('touch {marker}')", 2], [3, 4]])
    with pytest.raises(ConversionError):
        xr.loads(text)
    text = mutate(["symbols"], [f"__import__('os').system('touch {marker}')"])
    with pytest.raises(ExactReluError):
        xr.loads(text)
    assert not marker.exists()

"""Network construction and the file formats: validated once, round trips exact."""

import json

import numpy as np
import pytest
import sympy
from hypothesis import given, settings

from exactrelu import _linalg as la
from exactrelu.errors import ConversionError, ExactReluError, ModelFormatError, ShapeError, SymbolicError
from exactrelu.interop import from_json, from_npz, load, loads, save, to_json
from exactrelu.network import Network
from exactrelu.strategies import networks

QQ = la.QQ


def test_from_lists_shapes_and_defaults():
    net = Network.from_lists([[[1, 2, 3], [4, 5, 6]], [[1, -1]]], [[0, 0], ["1/3"]])
    assert net.widths == (3, 2, 1)
    assert [L.activation for L in net.layers] == ["relu", "relu"]  # the paper's all-rectified default
    assert net.input_names == ("x1", "x2", "x3")
    assert net.layers[1].bias[0] == QQ(1, 3)
    assert net.W(0).shape == (2, 3) and net.b(1).shape == (1, 1)
    with pytest.raises(Exception):
        net.layers[0].weights = ()  # frozen


@pytest.mark.parametrize(
    "args,cls,msg",
    [
        (([], []), ShapeError, "no layers"),
        (([[[1, 2]]], [[0], [1]]), ShapeError, "1 weight matrices but 2 bias"),
        (([[[1, 2], [3]]], [[0, 0]]), ShapeError, r"layers\[0\]\.weights\[1\] has 1 entries"),
        (([[[1, 2]], [[1, 2]]], [[0], [0]]), ShapeError, r"layers\[1\]\.weights\[0\] has 2 entries but layers\[0\] has 1 outputs"),
        (([[[1, 2]]], [[0, 1]]), ShapeError, r"layers\[0\]\.bias has 2 entries"),
        (([[[1, "x"]]], [[0]]), ConversionError, r"layers\[0\]\.weights\[0\]\[1\]"),
        (([[[1, float("nan")]]], [[0]]), ExactReluError, r"layers\[0\]\.weights\[0\]\[1\] is nan"),
        (([[]], [[]]), ShapeError, "no rows"),
        (([[[]]], [[0]]), ShapeError, "at least one input"),
        (([[[1]]], [[0]], ["tanh"]), ModelFormatError, "activation is 'tanh'"),
    ],
)
def test_from_lists_errors(args, cls, msg):
    with pytest.raises(cls, match=msg):
        Network.from_lists(*args)


FORMAT1 = {
    "format": "exactrelu-network/1",
    "input_names": ["x1", "x2"],
    "layers": [
        {"weights": [[1, "-1/2"], ["0.1", 3]], "bias": [0, "2/3"], "activation": "relu"},
        {"weights": [[1, 1]], "bias": [0], "activation": "linear"},
    ],
}


def test_format1_example_from_interface():
    net = from_json(FORMAT1)
    assert net.layers[0].weights[1][0] == QQ(1, 10)
    assert net.layers[0].weights[0][1] == QQ(-1, 2)
    assert net.layers[1].activation == "linear"


def test_json_number_means_the_decimal_written():
    text = json.dumps(FORMAT1).replace('"0.1"', "0.1").replace('"2/3"', "1e-3")
    net = loads(text)
    assert net.layers[0].weights[1][0] == QQ(1, 10)
    assert net.layers[0].bias[1] == QQ(1, 1000)


def test_interchange_format_relu_after_all_but_last():
    net = from_json({"layers": [{"W": [[1, 2]], "b": [0]}, {"W": [[3]], "b": ["1/2"]}], "seed": 7})
    assert [L.activation for L in net.layers] == ["relu", "linear"]
    assert net.layers[1].bias[0] == QQ(1, 2)


@settings(max_examples=40, deadline=None)
@given(networks())
def test_format1_round_trip_is_identity(net):
    assert from_json(json.loads(json.dumps(to_json(net)))) == net


def test_save_load_round_trip(tmp_path):
    net = from_json(FORMAT1)
    save(net, tmp_path / "n.json")
    assert load(tmp_path / "n.json") == net


def test_npz_floats_exact(tmp_path):
    p = tmp_path / "n.npz"
    np.savez(p, W0=np.array([[0.1, 2.0]]), b0=np.array([0.5]), W1=np.array([[1.0]], dtype=np.float32), b1=np.array([3]))
    net = from_npz(p)
    assert net.layers[0].weights[0][0] == QQ(*(0.1).as_integer_ratio())
    assert [L.activation for L in net.layers] == ["relu", "linear"]
    assert load(p) == net


def test_symbolic_network_and_subs():
    doc = dict(FORMAT1, symbols=["a", "b"])
    doc["layers"] = [dict(FORMAT1["layers"][0], weights=[["a", 1], [2, "b"]]), FORMAT1["layers"][1]]
    net = from_json(doc)
    assert net.is_symbolic and [str(s) for s in net.symbols] == ["a", "b"]
    assert from_json(json.loads(json.dumps(to_json(net)))) == net
    concrete = net.subs({"a": "1/2", "b": 3})
    assert concrete.layers[0].weights[0][0] == QQ(1, 2) and not concrete.is_symbolic
    with pytest.raises(SymbolicError, match="symbolic weights"):
        net.require_rational("the forward pass")


def test_undeclared_symbol_is_rejected():
    doc = dict(FORMAT1, symbols=["a"])
    doc["layers"] = [dict(FORMAT1["layers"][0], weights=[["c", 1], [2, "a"]]), FORMAT1["layers"][1]]
    with pytest.raises(ConversionError, match=r"layers\[0\]\.weights\[0\]\[0\]"):
        from_json(doc)


def test_sympy_expressions_in_declared_symbols():
    a = sympy.Symbol("a")
    net = Network.from_lists([[[2 * a + 1, 1]]], [[a**2]], symbols=["a"])
    K = net.domain
    assert K.to_sympy(net.layers[0].weights[0][0]) == 2 * sympy.Symbol("a", real=True) + 1

"""Model import from real frameworks: torch nn.Sequential and state dicts, ONNX, .npz.

The exact network must be the framework's own function: at dyadic inputs with
dyadic weights (k/8) every float operation is exact, so the framework's forward
pass equals the exact one *exactly*; float32 parameters convert exactly
(Fraction(float(np.float32(v))) is the network's entry).
"""

import os
from fractions import Fraction

import numpy as np
import pytest

from exactrelu import forward, load
from exactrelu._linalg import QQ
from exactrelu.errors import ExactReluError, ModelFormatError, NonFiniteError
from exactrelu.rational import to_rational
from exactrelu.testing import assert_same_function

RNG = np.random.default_rng(7)
WIDTHS = (3, 4, 5, 2)
POINTS = [tuple(Fraction(int(v), 4) for v in RNG.integers(-12, 13, size=WIDTHS[0])) for _ in range(25)]


def dyadic(shape, rng=RNG):
    return (rng.integers(-16, 17, size=shape) / 8).astype(np.float64)


def exact_equal(framework_value, exact_value):
    """Float outputs (a list) converted exactly vs the exact forward value: no tolerance."""
    return tuple(to_rational(float(v)) for v in framework_value) == tuple(exact_value)


def q(v):
    return to_rational(Fraction(v) if isinstance(v, Fraction) else v)


# -- torch ---------------------------------------------------------------------------------------

def torch_mlp(torch, dtype, widths=WIDTHS, *, dyadic_weights=True):
    layers = []
    for i in range(len(widths) - 1):
        lin = torch.nn.Linear(widths[i], widths[i + 1])
        if dyadic_weights:
            with torch.no_grad():
                lin.weight.copy_(torch.tensor(dyadic((widths[i + 1], widths[i]))))
                lin.bias.copy_(torch.tensor(dyadic((widths[i + 1],))))
        layers.append(lin)
        if i < len(widths) - 2:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers).to(dtype)


@pytest.mark.parametrize("dtype_name", ["float32", "float64"])
def test_torch_sequential_agrees_exactly(dtype_name):
    torch = pytest.importorskip("torch")
    from exactrelu.interop import from_torch

    dtype = getattr(torch, dtype_name)
    model = torch_mlp(torch, dtype)
    net = from_torch(model)
    assert net.widths == WIDTHS
    assert [L.activation for L in net.layers] == ["relu", "relu", "linear"]
    with torch.no_grad():
        for x in POINTS:
            y = model(torch.tensor([float(v) for v in x], dtype=dtype)).tolist()
            assert exact_equal(y, forward(net, [q(v) for v in x]).value), x


@pytest.mark.parametrize("dtype_name", ["float32", "float64", "float16", "bfloat16"])
def test_torch_parameters_convert_exactly(dtype_name):
    torch = pytest.importorskip("torch")
    from exactrelu.interop import from_torch

    torch.manual_seed(0)
    model = torch_mlp(torch, getattr(torch, dtype_name), dyadic_weights=False)  # torch's random init
    net = from_torch(model)
    W = model[0].weight.detach()
    for r in range(W.shape[0]):
        for c in range(W.shape[1]):
            v = W[r, c].item()
            if dtype_name == "float32":
                assert Fraction(float(np.float32(v))) == Fraction(v)
            assert net.layers[0].weights[r][c] == QQ(*Fraction(v).as_integer_ratio())
            assert net.layers[0].weights[r][c].denominator & (net.layers[0].weights[r][c].denominator - 1) == 0
    # the float32 0.1 is its binary value, not 1/10
    lin = torch.nn.Linear(1, 1)
    with torch.no_grad():
        lin.weight.fill_(0.1)
        lin.bias.fill_(0)
    e = from_torch(torch.nn.Sequential(lin)).layers[0].weights[0][0]
    assert e == QQ(13421773, 134217728) and e != QQ(1, 10)


def test_torch_state_dict_file_round_trip(tmp_path):
    torch = pytest.importorskip("torch")
    from exactrelu.interop import from_torch

    model = torch_mlp(torch, torch.float32, dyadic_weights=False)
    p = tmp_path / "model.pt"
    torch.save(model.state_dict(), p)
    net = load(p)
    assert net == from_torch(model)
    assert load(str(p)) == net
    # a training checkpoint wrapping the state dict
    torch.save({"epoch": 3, "model_state_dict": model.state_dict()}, tmp_path / "ckpt.pth")
    assert load(tmp_path / "ckpt.pth") == net


def test_interop_uses_weights_only():
    import inspect

    from exactrelu import interop

    src = inspect.getsource(interop.from_torch)
    assert "weights_only=True" in src


class _Evil:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_torch_pickled_code_is_refused(tmp_path):
    torch = pytest.importorskip("torch")
    marker = tmp_path / "pwned"
    p = tmp_path / "evil.pt"
    torch.save({"0.weight": _Evil(marker)}, p)
    with pytest.raises(ModelFormatError, match=r"evil\.pt: refused or unreadable by torch\.load\(weights_only=True\)"):
        load(p)
    assert not marker.exists()
    # a whole pickled module is refused too (rebuilding it would run code)
    torch.save(torch.nn.Sequential(torch.nn.Linear(2, 1)), tmp_path / "module.pt")
    with pytest.raises(ModelFormatError, match="weights_only"):
        load(tmp_path / "module.pt")


def test_state_dict_keeps_registration_order(tmp_path):
    torch = pytest.importorskip("torch")
    # sorted by name "fc10" < "fc9" would chain 1x3 before 3x2 and fail
    sd = {"fc9.weight": torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), "fc9.bias": torch.zeros(3),
          "fc10.weight": torch.tensor([[1.0, -1.0, 0.5]]), "fc10.bias": torch.tensor([0.25])}
    torch.save(sd, tmp_path / "sd.pt")
    net = load(tmp_path / "sd.pt")
    assert net.widths == (2, 3, 1)
    assert forward(net, ["1", "2"]).value == (QQ(-1) + QQ(3, 2) + QQ(1, 4),)


def test_torch_structure_variants():
    torch = pytest.importorskip("torch")
    from exactrelu.interop import from_torch

    nn = torch.nn
    inner = torch_mlp(torch, torch.float64, (2, 3, 1))
    nested = nn.Sequential(nn.Flatten(), nn.Sequential(inner[0], inner[1]), nn.Identity(), inner[2])
    assert from_torch(nested) == from_torch(inner)
    single = nn.Linear(2, 2, bias=False)
    net = from_torch(single)
    assert net.layers[0].bias == (QQ(0), QQ(0)) and net.layers[0].activation == "linear"


@pytest.mark.parametrize("case, message", [
    ("custom", "not an nn.Sequential; its forward\\(\\) may not apply its children in order"),
    ("relu-first", r"model\[0\] is a ReLU that does not follow a Linear"),
    ("dropout", r"model\[1\] is Dropout; only Linear, ReLU"),
    ("nan", r"model\[0\]\.weight\[0\]\[1\] is nan"),
    ("empty", "no Linear layer"),
    ("not-a-model", "expected a torch nn.Sequential"),
])
def test_torch_bad_models(case, message):
    torch = pytest.importorskip("torch")
    from exactrelu.interop import from_torch

    nn = torch.nn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1, self.fc2 = nn.Linear(2, 3), nn.Linear(3, 1)

        def forward(self, x):  # a functional relu: invisible in children()
            return self.fc2(torch.relu(self.fc1(x)))

    lin = nn.Linear(2, 2)
    with torch.no_grad():
        lin.weight[0, 1] = float("nan")
    model = {
        "custom": Net(),
        "relu-first": nn.Sequential(nn.ReLU(), nn.Linear(2, 1)),
        "dropout": nn.Sequential(nn.Linear(2, 2), nn.Dropout(), nn.Linear(2, 1)),
        "nan": nn.Sequential(lin),
        "empty": nn.Sequential(nn.Identity()),
        "not-a-model": [1, 2],
    }[case]
    with pytest.raises(ExactReluError, match=message):
        from_torch(model)


# -- ONNX ----------------------------------------------------------------------------------------

def _onnx_mlp(onnx, Ws, bs, *, style="gemm", alpha=1.0, beta=1.0, dtype=np.float32):
    """Ws[l] is out x in. style: 'gemm' (transB=1), 'gemm-t' (transB=0), 'matmul' (MatMul + Add)."""
    from onnx import TensorProto, helper, numpy_helper

    nodes, inits = [], []
    cur = "x"
    for l, (W, b) in enumerate(zip(Ws, bs)):
        W = np.asarray(W, dtype=dtype)
        b = np.asarray(b, dtype=dtype)
        if style == "matmul":
            inits += [numpy_helper.from_array(W.T.copy(), f"W{l}"), numpy_helper.from_array(b, f"b{l}")]
            nodes.append(helper.make_node("MatMul", [cur, f"W{l}"], [f"mm{l}"]))
            nodes.append(helper.make_node("Add", [f"mm{l}", f"b{l}"], [f"z{l}"]))
        else:
            Wt = W if style == "gemm" else W.T.copy()
            inits += [numpy_helper.from_array(Wt, f"W{l}"), numpy_helper.from_array(b, f"b{l}")]
            nodes.append(helper.make_node("Gemm", [cur, f"W{l}", f"b{l}"], [f"z{l}"], alpha=alpha, beta=beta,
                                          transB=1 if style == "gemm" else 0))
        cur = f"z{l}"
        if l < len(Ws) - 1:
            nodes.append(helper.make_node("Relu", [cur], [f"r{l}"]))
            cur = f"r{l}"
    elem = TensorProto.FLOAT if dtype == np.float32 else TensorProto.DOUBLE
    graph = helper.make_graph(nodes, "mlp", [helper.make_tensor_value_info("x", elem, [1, len(Ws[0][0])])],
                              [helper.make_tensor_value_info(cur, elem, [1, len(Ws[-1])])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.checker.check_model(model)
    return model


def _dyadic_params(widths=WIDTHS):
    rng = np.random.default_rng(11)
    Ws = [dyadic((widths[i + 1], widths[i]), rng) for i in range(len(widths) - 1)]
    bs = [dyadic((widths[i + 1],), rng) for i in range(len(widths) - 1)]
    return Ws, bs


@pytest.mark.parametrize("style", ["gemm", "gemm-t", "matmul"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
def test_onnx_helper_mlp_agrees_with_reference_evaluator(tmp_path, style, dtype):
    onnx = pytest.importorskip("onnx")
    from onnx.reference import ReferenceEvaluator

    from exactrelu.interop import from_onnx

    Ws, bs = _dyadic_params()
    model = _onnx_mlp(onnx, Ws, bs, style=style, dtype=dtype)
    p = tmp_path / "m.onnx"
    onnx.save(model, str(p))
    net = load(p)
    assert net == from_onnx(model)
    assert net.widths == WIDTHS and [L.activation for L in net.layers] == ["relu", "relu", "linear"]
    sess = ReferenceEvaluator(model)
    for x in POINTS:
        (y,) = sess.run(None, {"x": np.array([[float(v) for v in x]], dtype=dtype)})
        assert exact_equal(y[0].tolist(), forward(net, [q(v) for v in x]).value), x


def test_onnx_gemm_alpha_beta_exact():
    onnx = pytest.importorskip("onnx")
    from onnx.reference import ReferenceEvaluator

    from exactrelu.interop import from_onnx

    Ws, bs = _dyadic_params((2, 3, 1))
    model = _onnx_mlp(onnx, Ws, bs, alpha=0.5, beta=2.0)
    net = from_onnx(model)
    assert net.layers[0].weights[0][0] == to_rational(float(Ws[0][0][0])) / 2
    assert net.layers[0].bias[0] == 2 * to_rational(float(bs[0][0]))
    sess = ReferenceEvaluator(model)
    for x in POINTS[:10]:
        x = x[:2]
        (y,) = sess.run(None, {"x": np.array([[float(v) for v in x]], dtype=np.float32)})
        assert exact_equal(y[0].tolist(), forward(net, [q(v) for v in x]).value)


def test_onnx_float32_initializers_exact():
    onnx = pytest.importorskip("onnx")
    from exactrelu.interop import from_onnx

    W = np.array([[0.1, -0.7]], dtype=np.float32)
    net = from_onnx(_onnx_mlp(onnx, [W], [np.array([1 / 3], dtype=np.float32)]))
    assert net.layers[0].weights[0][0] == QQ(*Fraction(float(np.float32(0.1))).as_integer_ratio())
    assert net.layers[0].bias[0] == to_rational(float(np.float32(1 / 3)))


def test_onnx_non_chain_graph_is_refused():
    pytest.importorskip("onnx")
    from onnx import TensorProto, helper, numpy_helper

    from exactrelu.interop import from_onnx

    W = numpy_helper.from_array(np.eye(2, dtype=np.float32), "W")
    b = numpy_helper.from_array(np.zeros(2, dtype=np.float32), "b")
    nodes = [helper.make_node("Gemm", ["x", "W", "b"], ["z"], transB=1),
             helper.make_node("Relu", ["z"], ["r"]),
             helper.make_node("Add", ["r", "x"], ["y"])]  # residual: y = relu(z) + x
    g = helper.make_graph(nodes, "res", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 2])], [W, b])
    with pytest.raises(ModelFormatError, match=r"graph\.node\[2\] \(Add\)"):
        from_onnx(helper.make_model(g))
    nodes = [helper.make_node("Gemm", ["x", "W", "b"], ["z"], transB=1), helper.make_node("Sigmoid", ["z"], ["y"])]
    g = helper.make_graph(nodes, "sig", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 2])], [W, b])
    with pytest.raises(ModelFormatError, match="unsupported operator Sigmoid"):
        from_onnx(helper.make_model(g))


def test_onnx_bad_file(tmp_path):
    pytest.importorskip("onnx")
    p = tmp_path / "bad.onnx"
    p.write_bytes(b"not a protobuf at all \x00\xff")
    with pytest.raises(ModelFormatError, match="bad.onnx"):
        load(p)
    with pytest.raises(ModelFormatError, match="no such file"):
        load(tmp_path / "missing.onnx")


def test_torch_onnx_export_round_trip(tmp_path):
    torch = pytest.importorskip("torch")
    onnx = pytest.importorskip("onnx")
    from onnx.reference import ReferenceEvaluator

    from exactrelu.interop import from_torch

    model = torch_mlp(torch, torch.float32)
    p = tmp_path / "exported.onnx"
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(model, (torch.zeros(1, WIDTHS[0]),), str(p), dynamo=False)
    except Exception as err:  # exporter needs extra packages in some versions
        pytest.skip(f"torch.onnx.export unavailable offline: {type(err).__name__}: {err}")
    net = load(p)
    assert net == from_torch(model)
    sess = ReferenceEvaluator(onnx.load(str(p)))
    name = sess.input_names[0]
    for x in POINTS[:10]:
        (y,) = sess.run(None, {name: np.array([[float(v) for v in x]], dtype=np.float32)})
        assert exact_equal(y[0].tolist(), forward(net, [q(v) for v in x]).value)


# -- npz -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64], ids=["float32", "float64", "int64"])
def test_npz_agrees_with_numpy(tmp_path, dtype):
    Ws, bs = _dyadic_params()
    if dtype == np.int64:
        Ws, bs = [np.round(8 * W) for W in Ws], [np.round(8 * b) for b in bs]
    arrays = {}
    for l, (W, b) in enumerate(zip(Ws, bs)):
        arrays[f"W{l}"], arrays[f"b{l}"] = np.asarray(W, dtype=dtype), np.asarray(b, dtype=dtype)
    p = tmp_path / "m.npz"
    np.savez(p, **arrays)
    net = load(p)
    for x in POINTS:
        h = np.array([float(v) for v in x], dtype=np.float64)
        for l in range(len(Ws)):
            h = arrays[f"W{l}"].astype(np.float64) @ h + arrays[f"b{l}"]
            if l < len(Ws) - 1:
                h = np.maximum(h, 0)
        assert exact_equal(h.tolist(), forward(net, [q(v) for v in x]).value)
    assert net.layers[0].weights[1][2] == to_rational(arrays["W0"][1, 2])


def test_npz_nan_named(tmp_path):
    p = tmp_path / "nan.npz"
    np.savez(p, W0=np.array([[1.0, np.nan]]), b0=np.zeros(1))
    with pytest.raises(NonFiniteError, match=r"weights\[0\]\[1\]"):
        load(p)


def test_all_formats_same_function(tmp_path):
    """torch, ONNX and npz copies of one model are the same function exactly (assert_same_function)."""
    torch = pytest.importorskip("torch")
    onnx = pytest.importorskip("onnx")
    from exactrelu.interop import from_torch

    Ws, bs = _dyadic_params((2, 3, 1))
    model = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1))
    with torch.no_grad():
        for lin, W, b in zip((model[0], model[2]), Ws, bs):
            lin.weight.copy_(torch.tensor(W))
            lin.bias.copy_(torch.tensor(b))
    np.savez(tmp_path / "m.npz", W0=Ws[0], b0=bs[0], W1=Ws[1], b1=bs[1])
    onnx.save(_onnx_mlp(onnx, Ws, bs, style="matmul"), str(tmp_path / "m.onnx"))
    a = from_torch(model)
    assert_same_function(a, load(tmp_path / "m.npz"))
    assert_same_function(a, load(tmp_path / "m.onnx"))

"""`exactrelu convert MODEL -o NET.json`: exact round trips from every supported format."""

import json
from fractions import Fraction

import numpy as np
import pytest

from exactrelu import load
from exactrelu._linalg import QQ
from exactrelu.cli import main
from exactrelu.testing import assert_same_function


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_convert_npz_round_trip(tmp_path, capsys):
    W0 = np.array([[0.1, -2.5], [1.0, 0.75]], dtype=np.float32)
    np.savez(tmp_path / "m.npz", W0=W0, b0=np.array([0.5, -1.0]), W1=np.array([[1.0, -1.0]]), b1=np.zeros(1))
    out_path = tmp_path / "net.json"
    code, out, err = run(capsys, "convert", str(tmp_path / "m.npz"), "-o", str(out_path))
    assert code == 0, err
    assert "widths [2, 2, 1]" in out
    doc = json.loads(out_path.read_text())
    assert doc["format"] == "exactrelu-network/1"
    # the float32 0.1 is written as its exact binary value
    assert doc["layers"][0]["weights"][0][0] == str(Fraction(float(np.float32(0.1))))
    assert doc["layers"][0]["weights"][0][1] == "-5/2"
    net = load(out_path)
    assert net == load(tmp_path / "m.npz")
    assert net.layers[0].weights[0][0] == QQ(13421773, 134217728)
    # converting format 1 again is the identity
    code, _, _ = run(capsys, "convert", str(out_path), "-o", str(tmp_path / "again.json"))
    assert code == 0 and (tmp_path / "again.json").read_text() == out_path.read_text()


def test_convert_json_to_stdout_and_summary(tmp_path, capsys):
    p = tmp_path / "wb.json"
    p.write_text(json.dumps({"layers": [{"W": [[1, "1/3"]], "b": ["0.1"]}]}))
    code, out, _ = run(capsys, "convert", str(p), "-o", "-")
    assert code == 0
    doc = json.loads(out)
    assert doc["layers"][0]["bias"] == ["1/10"] and doc["layers"][0]["activation"] == "linear"
    code, out, _ = run(capsys, "convert", str(p), "-o", str(tmp_path / "n.json"), "--json")
    assert json.loads(out) == {"input": str(p), "output": str(tmp_path / "n.json"), "widths": [2, 1],
                               "activations": ["linear"]}


def test_convert_torch_and_onnx(tmp_path, capsys):
    torch = pytest.importorskip("torch")
    model = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1))
    torch.save(model.state_dict(), tmp_path / "m.pt")
    code, _, err = run(capsys, "convert", str(tmp_path / "m.pt"), "-o", str(tmp_path / "pt.json"))
    assert code == 0, err
    from exactrelu.interop import from_torch

    assert load(tmp_path / "pt.json") == from_torch(model)
    pytest.importorskip("onnx")
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(model, (torch.zeros(1, 2),), str(tmp_path / "m.onnx"), dynamo=False)
    except Exception as err:  # pragma: no cover - exporter unavailable
        pytest.skip(f"torch.onnx.export unavailable: {err}")
    code, _, err = run(capsys, "convert", str(tmp_path / "m.onnx"), "-o", str(tmp_path / "onnx.json"))
    assert code == 0, err
    assert_same_function(load(tmp_path / "onnx.json"), load(tmp_path / "pt.json"))


def test_convert_errors(tmp_path, capsys):
    code, _, err = run(capsys, "convert", str(tmp_path / "missing.npz"), "-o", str(tmp_path / "x.json"))
    assert code == 2 and err.startswith("exactrelu: error:") and "no such file" in err
    p = tmp_path / "ok.json"
    p.write_text(json.dumps({"layers": [{"W": [[1]], "b": [0]}]}))
    code, _, err = run(capsys, "convert", str(p), "-o", str(tmp_path / "no" / "dir" / "x.json"))
    assert code == 2 and "cannot write" in err and err.count("\n") == 1
    with pytest.raises(SystemExit) as info:
        main(["convert", str(p)])  # -o is required
    assert info.value.code == 2


def test_convert_as_subprocess(tmp_path):
    import subprocess
    import sys

    p = tmp_path / "ok.json"
    p.write_text(json.dumps({"layers": [{"W": [[1, 2]], "b": [0]}, {"W": [[3]], "b": ["-1/2"]}]}))
    proc = subprocess.run([sys.executable, "-m", "exactrelu", "convert", str(p), "-o", str(tmp_path / "out.json")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert_same_function(load(p), load(tmp_path / "out.json"))

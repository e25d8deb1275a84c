"""`exactrelu check NET`: exact vs numeric engine vs Theorem 5; exit 0 / 1 (mismatch) / 2 / 3."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from exactrelu import Network, forward, save
from exactrelu import numeric
from exactrelu.cli import EXIT_ERROR, EXIT_INCOMPLETE, EXIT_MISMATCH, EXIT_OK, main
from exactrelu.rational import to_point

EX = Path(__file__).resolve().parent.parent / "examples"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name,regions", [("paper_example1.json", 10), ("paper_example2.json", 7)])
def test_check_agrees(capsys, name, regions):
    code, out, err = run(capsys, "check", str(EX / name), "--points", "30")
    assert code == EXIT_OK, out + err
    assert f"regions:    {regions} (exact), {regions} (numeric)" in out
    assert f"theorem 5:  {regions} regions: atoms recombine to M_s exactly" in out
    assert "30 random rational points agree" in out
    assert out.rstrip().endswith("all checks agree")


def test_check_json_and_box(capsys):
    code, out, _ = run(capsys, "check", str(EX / "paper_example2.json"), "--box", "-2,2", "--points", "20",
                       "--seed", "5", "--json")
    assert code == EXIT_OK
    doc = json.loads(out)
    assert doc["ok"] is True and doc["complete"] is True and doc["mismatch"] is None
    assert doc["regions"] == doc["numeric_regions"] == 7
    assert doc["checks"] == {"pieces": 7, "product": 7, "witnesses": 7, "points": 20, "theorem5": 7}
    assert doc["seed"] == 5 and doc["rtol"] == "1/1000000000"


def test_check_mismatch_from_a_wrong_float_piece(capsys, monkeypatch):
    real = numeric.affine_piece

    def wrong(net, s):
        M, m = real(net, s)
        return M * (1 + 1e-6), m

    monkeypatch.setattr(numeric, "affine_piece", wrong)
    code, out, err = run(capsys, "check", str(EX / "paper_example2.json"))
    assert code == EXIT_MISMATCH, out + err
    assert "MISMATCH (pieces): region" in out and "numeric.affine_piece differs from the exact piece" in out
    assert "at x = " in out
    # the printed point is a rational witness of the printed region
    line = next(l for l in out.splitlines() if l.strip().startswith("at x = "))
    pt = to_point(line.split("at x = ")[1].split(" ")[0])
    conf = line.split("(configuration ")[1].rstrip(")")
    assert str(forward(__import__("exactrelu").load(EX / "paper_example2.json"), pt).configuration) == conf
    # within a loose tolerance the same wrong map passes
    code, out, _ = run(capsys, "check", str(EX / "paper_example2.json"), "--rtol", "1e-3", "--points", "5")
    assert code == EXIT_OK, out


def test_check_mismatch_json(capsys, monkeypatch):
    real = numeric.forward

    def wrong(net, x):
        r = real(net, x)
        return type(r)(r.point, r.z, r.x[:-1] + (r.x[-1] + 1,), r.configuration)

    monkeypatch.setattr(numeric, "forward", wrong)
    code, out, _ = run(capsys, "check", str(EX / "paper_example1.json"), "--json")
    assert code == EXIT_MISMATCH
    doc = json.loads(out)
    assert doc["ok"] is False and doc["mismatch"]["check"] == "witnesses"
    assert "numeric.forward at the witness" in doc["mismatch"]["message"]
    assert all(isinstance(v, str) for v in doc["mismatch"]["point"])


def test_check_theorem5_mismatch(capsys, monkeypatch):
    import exactrelu.atoms as atoms
    from exactrelu import _linalg as la

    real = atoms.atomic_decomposition

    class Bad:
        def __init__(self, d):
            self.d = d

        def recombine(self):
            M = self.d.recombine()  # off by 10^-30 in every entry: only exact arithmetic sees it
            tiny = la.matrix([[la.QQ(1, 10**30)] * M.shape[1]] * M.shape[0], M.shape, M.domain)
            return M + tiny

    monkeypatch.setattr(atoms, "atomic_decomposition", lambda net, s: Bad(real(net, s)))
    code, out, _ = run(capsys, "check", str(EX / "paper_example1.json"))
    assert code == EXIT_MISMATCH
    assert "MISMATCH (theorem5)" in out


def test_check_real_float_failure(tmp_path, capsys):
    # a sliver of width 1e-12: the float engine misses regions (examples/audit_float_tool.py)
    net = Network.from_lists([[[1, 0], [1, "1e-12"], [0, 1]]], [[0, 0, -1]])
    p = tmp_path / "sliver.json"
    save(net, p)
    code, out, _ = run(capsys, "check", str(p), "--points", "5")
    assert code == EXIT_MISMATCH
    assert "MISMATCH (regions): the numeric engine finds 4 regions, the exact engine 7" in out
    assert "numeric misses region" in out


def test_check_limits_and_errors(tmp_path, capsys):
    code, out, _ = run(capsys, "check", str(EX / "paper_example1.json"), "--max-regions", "3", "--points", "3")
    assert code == EXIT_INCOMPLETE
    assert "incomplete" in out and "numeric region comparison skipped" in out
    code, _, err = run(capsys, "check", str(tmp_path / "missing.json"))
    assert code == EXIT_ERROR and err.startswith("exactrelu: error:")
    code, _, err = run(capsys, "check", str(EX / "paper_example1.json"), "--rtol", "-1")
    assert code == EXIT_ERROR and "--rtol" in err
    code, _, err = run(capsys, "check", str(EX / "paper_example1.json"), "--points", "-2")
    assert code == EXIT_ERROR and "--points" in err


def test_check_subprocess():
    proc = subprocess.run([sys.executable, "-m", "exactrelu", "check", str(EX / "paper_example2.json"),
                           "--points", "10"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "all checks agree" in proc.stdout

"""`exactrelu regions`: streamed JSON lines, --count, limits (exit 3), numeric engine, kill + resume."""

import json
import signal
import subprocess
import sys
import time

import exactrelu as xr
from exactrelu.regions import enumerate_regions

EX2 = "examples/paper_example2.json"


def cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "exactrelu", *args], capture_output=True, text=True, **kw)


def test_json_lines_and_summary():
    r = cli("regions", EX2, "--json")
    assert r.returncode == 0, r.stderr
    lines = [json.loads(l) for l in r.stdout.splitlines()]
    *regions, last = lines
    assert last["summary"]["regions"] == 7 and last["summary"]["complete"] is True
    net = xr.load(EX2)
    for doc in regions:
        assert set(doc) >= {"configuration", "witness", "M", "m", "inequalities", "bounded"}
        w = [xr.to_rational(v) for v in doc["witness"]]
        fr = xr.forward(net, w)
        assert str(fr.configuration) == doc["configuration"] and not fr.ties
        piece = xr.affine_piece(net, doc["configuration"])
        assert [[str(v) for v in row] for row in piece.M_rows] == doc["M"]
        for ineq in doc["inequalities"]:
            a = [xr.to_rational(v) for v in ineq["a"]]
            assert sum(ai * wi for ai, wi in zip(a, w)) < xr.to_rational(ineq["b"])
            assert isinstance(ineq["layer"], int) or ineq["layer"] is None
    assert r.stderr == ""  # no progress bar when piped


def test_count_box_and_negative_values():
    r = cli("regions", EX2, "--count", "--box", "-2,2")
    assert r.returncode == 0 and r.stdout.splitlines()[-1] == "7"
    r = cli("regions", EX2, "--count", "--box", "-2,-1")  # only the all-off region there
    assert r.stdout.splitlines()[-1] == "1"


def test_limits_exit_3_and_marked_incomplete():
    r = cli("regions", EX2, "--json", "--max-regions", "3")
    assert r.returncode == 3
    lines = [json.loads(l) for l in r.stdout.splitlines()]
    assert len(lines) == 4 and lines[-1]["summary"]["complete"] is False
    assert "max_regions" in lines[-1]["summary"]["reason"]
    r = cli("regions", EX2, "--count", "--max-regions", "2")
    assert r.returncode == 3 and r.stdout.splitlines()[-1] == "2" and "incomplete" in r.stderr


def test_numeric_engine_and_realised():
    r = cli("regions", EX2, "--count", "--engine", "numeric")
    assert r.returncode == 0 and r.stdout.splitlines()[-1] == "7"
    r = cli("regions", EX2, "--count", "--realised")
    # Example 2: 7 regions; the lower-dimensional cells add nothing new here except none -> >= 7
    assert r.returncode == 0 and int(r.stdout.splitlines()[-1]) >= 7


def _big_net(tmp_path):
    import random

    rng = random.Random(0)
    widths = [2, 8, 8, 1]
    W = [[[str(round(rng.gauss(0, 1), 3)) for _ in range(a)] for _ in range(b)] for a, b in zip(widths, widths[1:])]
    B = [[str(round(rng.gauss(0, 1), 3)) for _ in range(b)] for b in widths[1:]]
    net = xr.Network.from_lists(W, B, ["relu"] * 2 + ["linear"])
    f = tmp_path / "net.json"
    xr.save(net, f)
    return net, f


def test_kill_mid_run_then_resume_gives_the_same_set(tmp_path):
    net, f = _big_net(tmp_path)
    ck = tmp_path / "ck.jsonl"
    out = tmp_path / "out.jsonl"
    with open(out, "w") as fh:
        p = subprocess.Popen([sys.executable, "-m", "exactrelu", "regions", str(f), "--json", "--checkpoint", str(ck)],
                             stdout=fh, stderr=subprocess.PIPE)
        t0 = time.time()
        while time.time() - t0 < 120:
            if ck.exists() and len(ck.read_text().splitlines()) >= 3:
                break
            time.sleep(0.05)
        p.send_signal(signal.SIGKILL)
        p.wait()
    assert p.returncode != 0
    killed = out.read_text().splitlines()
    complete_lines = [l for l in killed[:-1]]
    for l in complete_lines:  # every finished line is valid JSON
        json.loads(l)
    r = cli("regions", str(f), "--json", "--checkpoint", str(ck), timeout=600)
    assert r.returncode == 0, r.stderr
    lines = [json.loads(l) for l in r.stdout.splitlines()]
    resumed = {d["configuration"] for d in lines[:-1]}
    assert lines[-1]["summary"]["complete"] is True
    reference = {str(x.configuration) for x in enumerate_regions(net)}
    assert resumed == reference and len(lines) - 1 == len(reference)

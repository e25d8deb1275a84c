"""examples/audit_float_tool.py runs, exits 0 and names the float tool's discrepancies."""

import subprocess
import sys
from pathlib import Path

from exactrelu import forward, is_region
from exactrelu.rational import to_point

SCRIPT = Path(__file__).resolve().parent.parent / "examples" / "audit_float_tool.py"


def test_audit_example_finds_the_float_errors():
    proc = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    # both counts, for both cases
    assert "exact region count (exactrelu.count_regions):           7" in out
    assert "float region count (exactrelu.numeric.count_regions):   4" in out
    assert "exact region count (exactrelu.count_regions):           6" in out
    assert "the network has exactly 7 linear regions on the whole input space, not 4" in out
    assert "float answer MISSES region 010" in out
    assert "float answer ADDS 011|0, which is not a region (exact infeasibility certificate checked)" in out
    assert "disagrees with the exact oracle in 2 of 2 cases" in out


def test_audit_example_claims_are_true():
    # re-check the printed witnesses independently of the script
    ns = {}
    exec(compile(SCRIPT.read_text(), str(SCRIPT), "exec"), ns)
    (_, sliver), (_, dup) = ns["CASES"]
    proc = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=300)
    lines = [l for l in proc.stdout.splitlines() if "MISSES region" in l]
    assert len(lines) == 6
    for l in lines[:3]:
        conf = l.split("region ")[1].split(":")[0]
        pt = to_point(l.split("x = ")[1].split(" ")[0])
        assert str(forward(sliver, pt).configuration) == conf and is_region(sliver, conf)
    assert not is_region(dup, "011|0") and is_region(dup, "011|1")

"""Run every proofs_checks/ script: each must exit 0 and report what it checked."""

import subprocess
import sys
from pathlib import Path

import pytest

DIR = Path(__file__).resolve().parent.parent / "proofs_checks"
SCRIPTS = sorted(p for p in DIR.glob("*.py") if not p.name.startswith("_"))
STATEMENTS = {"prop3_partition", "cor4_i_piecewise_affine", "cor4_ii_cones", "example1", "example2", "thm5_i", "thm5_ii",
              "thm5_iii", "thm6_i", "thm6_ii", "eq10_product_formula", "eq13_16_gradients"}


def test_every_statement_has_a_script():
    assert STATEMENTS <= {p.stem for p in SCRIPTS}


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_script_passes(script):
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    last = out.stdout.strip().splitlines()[-1]
    assert "checks passed" in last and " 0 checks" not in last


def test_a_failing_check_exits_non_zero(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(f"import sys; sys.path.insert(0, {str(DIR)!r})\nfrom _common import Checker\n"
                   "c = Checker('deliberately false')\nc.check(1 == 2, 'one is not two')\nc.done()\n")
    out = subprocess.run([sys.executable, str(bad)], capture_output=True, text=True)
    assert out.returncode == 1 and "FAILED" in out.stdout

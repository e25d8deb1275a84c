"""Every script in examples/ runs and says what it checked."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args):
    return subprocess.run([sys.executable, *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_every_example_script_has_a_test():
    scripts = {p.name for p in (ROOT / "examples").glob("*.py")}
    assert scripts <= {"example1.py", "example2_regions.py", "sawtooth.py", "latex_export.py", "audit_float_tool.py"}


def test_example1():
    out = run("examples/example1.py")
    assert out.returncode == 0, out.stderr
    assert "recursion == eq. (10) at every point: OK" in out.stdout and "ties [(0, 0)]" in out.stdout


def test_example2_regions_and_picture(tmp_path):
    pytest.importorskip("matplotlib")
    png = tmp_path / "ex2.png"
    out = run("examples/example2_regions.py", png)
    assert out.returncode == 0, out.stderr
    assert "7 regions" in out.stdout and out.stdout.count("witness") == 7
    import matplotlib.image as mpimg

    assert mpimg.imread(png).shape[:2] == (500, 500)


def test_sawtooth(tmp_path):
    out = run("examples/sawtooth.py", "6")
    assert out.returncode == 0, out.stderr
    assert "k = 6: 64 regions on (0, 1) (2^k = 64)" in out.stdout
    import exactrelu as xr

    net = xr.load(ROOT / "examples" / "sawtooth3.json")
    assert xr.count_regions(net, [(0, 1)]) == 8


def test_latex_export(tmp_path):
    tex = tmp_path / "doc.tex"
    out = run("examples/latex_export.py", tex)
    assert out.returncode == 0, out.stderr
    assert r"\begin{cases}" in out.stdout and tex.read_text().startswith(r"\documentclass")


def test_readme_latex_snippet_is_what_the_code_prints():
    import re

    import exactrelu as xr
    from exactrelu.latex import to_latex

    net = xr.load(ROOT / "examples" / "paper_example1.json")
    r = xr.forward(net, ["0", "1/2"])
    region = next(g for g in xr.enumerate_regions(net) if g.configuration == r.configuration)
    block = re.search(r"```latex\n(.*?)```", (ROOT / "README.md").read_text(), re.S).group(1).splitlines()
    assert block == [to_latex(xr.affine_piece(net, r.configuration)), to_latex(region)]

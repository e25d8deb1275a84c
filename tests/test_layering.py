"""STYLE.md's layering rule, enforced by reading imports with ``ast``.

A module may import only modules of a strictly lower rank; the exact core
(ranks 0-7) never imports numeric, matplotlib, torch, onnx or hypothesis,
and only ``_linalg`` touches flint directly.
"""

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "exactrelu"

RANK = {
    "errors": 0, "_progress": 0,
    "_linalg": 1,
    "rational": 2,
    "network": 3, "lp": 3,
    "interop": 4, "configuration": 4,
    "polytope": 5,
    "regions": 6, "atoms": 6, "_enumerate": 6, "_parallel": 6,
    "lipschitz": 7, "gradients": 7, "prove": 7,
    "numeric": 8, "latex": 8, "plot": 8, "strategies": 8, "testing": 8,
    "__init__": 9, "pytest_plugin": 9,
    "cli": 10,
    "_commands": 11, "__main__": 11,
}
# interop is an input boundary: torch / onnx only inside functions (lazy), never at module level
LAZY_ONLY = {"interop"}
CORE_FORBIDDEN = {"numeric", "matplotlib", "torch", "onnx", "hypothesis", "pytest"}
INIT_FORBIDDEN = {"strategies", "testing", "plot", "pytest_plugin", "numeric"}


def _modules():
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG)
        name = rel.parts[0] if len(rel.parts) > 1 else rel.stem
        yield name, path


def _imports(path, *, module_level_only=False):
    """(target, lineno): package-internal targets by top module name, external ones as 'ext:name'."""
    tree = ast.parse(path.read_text())
    nodes = tree.body if module_level_only else ast.walk(tree)
    depth_pkg = len(path.relative_to(PKG).parts) - 1  # 0 for exactrelu/x.py, 1 for exactrelu/_commands/x.py
    for node in nodes:
        if isinstance(node, ast.Import):
            for a in node.names:
                top = a.name.split(".")
                if top[0] == "exactrelu":
                    yield (top[1] if len(top) > 1 else "__init__"), node.lineno
                else:
                    yield "ext:" + top[0], node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                top = (node.module or "").split(".")
                if top[0] == "exactrelu":
                    if len(top) > 1:
                        yield top[1], node.lineno
                    else:
                        for a in node.names:
                            yield a.name, node.lineno
                else:
                    yield "ext:" + top[0], node.lineno
            else:
                up = node.level - 1  # levels above the module's own package
                if up > depth_pkg:
                    continue
                parts = (node.module or "").split(".") if node.module else []
                if depth_pkg - up == 0:  # relative to exactrelu/
                    if parts:
                        yield parts[0], node.lineno
                    else:
                        for a in node.names:
                            yield a.name, node.lineno
                else:  # inside a subpackage (e.g. _commands): same rank
                    yield "_commands", node.lineno


ALL = list(_modules())


def test_every_module_has_a_rank():
    missing = sorted({name for name, _ in ALL} - set(RANK))
    assert not missing, f"give these modules a rank in tests/test_layering.py: {missing}"


@pytest.mark.parametrize("name,path", ALL, ids=[str(p.relative_to(PKG)) for _, p in ALL])
def test_imports_go_downward(name, path):
    me = RANK[name]
    bad = []
    module_level = {t for t, _ in _imports(path, module_level_only=True)}
    for target, line in _imports(path):
        if target.startswith("ext:"):
            ext = target[4:]
            lazy_ok = name in LAZY_ONLY and target not in module_level
            if me <= 7 and ext in CORE_FORBIDDEN and not lazy_ok:
                bad.append(f"line {line}: core module imports {ext}")
            if ext == "flint" and name != "_linalg":
                bad.append(f"line {line}: only _linalg may import flint")
            continue
        if target == name and name == "_commands":
            continue
        if target not in RANK:
            continue  # a name re-exported from the package, not a module
        if name == "__init__" and target in INIT_FORBIDDEN:
            bad.append(f"line {line}: __init__ must not import {target} (opt-in module)")
        elif RANK[target] >= me and name != target:
            bad.append(f"line {line}: {name} (rank {me}) imports {target} (rank {RANK[target]})")
    assert not bad, "\n".join(bad)


def test_the_checker_sees_violations(tmp_path):
    # The rule must be able to fail: an upward import in a fake core module is found.
    fake = PKG / "_layering_probe_tmp.py"
    try:
        fake.write_text("from .regions import enumerate_regions\nimport matplotlib\n")
        found = list(_imports(fake))
        assert ("regions", 1) in found and ("ext:matplotlib", 2) in found
    finally:
        fake.unlink()


def test_interface_stable_names_are_exported():
    """INTERFACE.md "Python API: the stable names"."""
    import exactrelu as xr

    for name in ["load", "save", "Network", "forward", "affine_piece", "enumerate_regions", "count_regions",
                 "atomic_decomposition", "lipschitz_constant", "to_latex", "ExactReluError"]:
        assert name in xr.__all__ and callable(getattr(xr, name)), name
    assert callable(xr.Network.from_lists)

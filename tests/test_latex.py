"""LaTeX is checked by reading it back (sympy's LaTeX parser) and by compiling it with pdflatex."""

import re
import shutil
import subprocess
import sys

import pytest
import sympy
from hypothesis import given, settings, strategies as st

from exactrelu import _linalg as la
from exactrelu.atoms import atomic_decomposition
from exactrelu.configuration import affine_piece, forward
from exactrelu.errors import ExactReluError
from exactrelu.latex import number_latex, standalone, to_latex
from exactrelu.network import Network
from exactrelu.prove import symbolic_network
from exactrelu.regions import enumerate_regions
from exactrelu.strategies import networks, points

_parse = pytest.importorskip("sympy.parsing.latex").parse_latex
pytest.importorskip("antlr4")


def parse_latex(text):
    """sympy's LaTeX parser, evaluated (it returns unevaluated products such as -1 * (3/7))."""
    e = _parse(text).doit()
    return e if isinstance(e, sympy.core.relational.Relational) else sympy.expand(e)

QQ = la.QQ


def X(n):
    return [sympy.Symbol(f"x_{{{i + 1}}}") for i in range(n)]


def S(q):
    return sympy.Rational(int(q.numerator), int(q.denominator))


def exact_expr(row, const, n):
    return sum((S(a) * x for a, x in zip(row, X(n))), S(const))


def pmatrices(text):
    """Entries of every pmatrix in ``text`` as lists of rows of LaTeX strings."""
    out = []
    for body in re.findall(r"\\begin\{pmatrix\}(.*?)\\end\{pmatrix\}", text):
        out.append([[e.strip() for e in r.split("&")] for r in body.split("\\\\")])
    return out


def parse_relation(text):
    rel = _parse(text.replace("&", "")).doit()
    assert isinstance(rel, (sympy.LessThan, sympy.GreaterThan)), text
    return rel


@pytest.mark.parametrize("q,expected", [(QQ(3), "3"), (QQ(-3, 7), r"-\frac{3}{7}"), (QQ(1, 2), r"\frac{1}{2}"),
                                        (QQ(0), "0"), (QQ(10**30 + 1, 3), r"\frac{" + str(10**30 + 1) + "}{3}")])
def test_numbers_are_exact_fractions(q, expected):
    assert number_latex(q) == expected
    assert parse_latex(expected) == S(q)


@settings(max_examples=15, deadline=None)
@given(networks(st.tuples(st.integers(1, 3), st.integers(1, 4), st.just(1))), st.data())
def test_single_output_piece_parses_back_to_the_exact_map(net, data):
    x = data.draw(points(net.n_inputs))
    p = affine_piece(net, forward(net, x).configuration)
    text = to_latex(p)
    expr = parse_latex(text) if text != "0" else sympy.Integer(0)
    assert sympy.expand(expr - exact_expr(p.M_rows[0], p.m_vector[0], net.n_inputs)) == 0


@settings(max_examples=10, deadline=None)
@given(networks(st.tuples(st.integers(1, 3), st.integers(1, 3), st.integers(2, 3)), linear_head=True), st.data())
def test_matrix_piece_entries_parse_back(net, data):
    x = data.draw(points(net.n_inputs))
    p = affine_piece(net, forward(net, x).configuration)
    mats = pmatrices(to_latex(p, form="matrix"))
    M, xs = mats[0], mats[1]
    assert [[parse_latex(e) for e in r] for r in M] == [[S(v) for v in r] for r in p.M_rows]
    assert [parse_latex(r[0]) for r in xs] == X(net.n_inputs)
    m = [S(v) for v in p.m_vector]
    if any(m):
        assert [parse_latex(r[0]) for r in mats[2]] == m
    else:
        assert len(mats) == 2
    expanded = pmatrices(to_latex(p, form="expanded"))[0]
    for r, row, c in zip(expanded, p.M_rows, p.m_vector):
        e = parse_latex(r[0]) if r[0] != "0" else 0
        assert sympy.expand(e - exact_expr(row, c, net.n_inputs)) == 0


@settings(max_examples=8, deadline=None)
@given(networks(st.tuples(st.just(2), st.integers(1, 3), st.just(1))))
def test_region_inequalities_parse_back_and_hold_at_the_witness(net):
    for r in enumerate_regions(net):
        text = to_latex(r)
        if text == r"\text{all } x":
            assert len(r.inequalities) == 0
            continue
        body = re.search(r"\\begin\{aligned\}(.*)\\end\{aligned\}", text).group(1)
        rels = [parse_relation(line) for line in body.split("\\\\")]
        assert len(rels) == len(r.inequalities)
        w = dict(zip(X(2), (S(v) for v in r.witness)))
        for rel, a, b in zip(rels, r.inequalities.A, r.inequalities.b):
            assert bool(rel.subs(w))  # the witness satisfies every inequality
            lhs = rel.lhs - rel.rhs if isinstance(rel, sympy.LessThan) else rel.rhs - rel.lhs
            assert sympy.expand(lhs - (exact_expr(a, 0, 2) - S(b))) == 0  # the same half-plane a . x <= b


def test_network_cases_parse_back_piece_by_piece():
    net = Network.from_lists([[[1, "-1/2"], ["1/3", 1], [-1, -1]], [[1, -2, "3/4"]]], [[0, -1, "1/5"], ["1/2"]],
                             ["relu", "linear"])
    text = to_latex(net)
    body = re.search(r"\\begin\{cases\}(.*)\\end\{cases\}", text).group(1)
    cases = [c.strip() for c in body.split(" \\\\ ")]
    regions = list(enumerate_regions(net))
    assert len(cases) == len(regions)
    for case, r in zip(cases, regions):
        piece_text, cond = case.split(r"& \text{if }")
        expr = parse_latex(piece_text) if piece_text.strip() != "0" else 0
        assert sympy.expand(expr - exact_expr(r.piece.M_rows[0], r.piece.m_vector[0], 2)) == 0
        w = dict(zip(X(2), (S(v) for v in r.witness)))
        for c in cond.split(r",\ "):
            rel = parse_relation(c)
            assert bool(rel.subs(w))
    for r in regions:
        own = [parse_relation(c) for c in cases[regions.index(r)].split(r"\text{if }")[1].split(r",\ ")]
        for q in regions:
            if q is r:
                continue
            w = dict(zip(X(2), (S(v) for v in q.witness)))
            assert not all(bool(rel.subs(w)) for rel in own)


def test_at_a_point_and_on_a_domain():
    net = Network.from_lists([[[1], [-1]], [[1, 1]]], [[0, 0], [0]], ["relu", "linear"])  # |x|
    assert to_latex(net, at=[2]).count(r"\text{if }") == 1
    assert to_latex(net, at=[0]).count(r"\text{if }") == 2  # a boundary point: both regions
    assert to_latex(net, domain=[(1, 2)]).count(r"\text{if }") == 1


def test_symbolic_piece_and_atoms():
    net = symbolic_network((2, 2, 1), linear_head=True)
    s = "11"
    p = affine_piece(net, s)
    text = to_latex(p)
    expr = parse_latex(text)
    K = net.domain
    want = sum((la.to_sympy(v, K) * x for v, x in zip(p.M_rows[0], X(2))), la.to_sympy(p.m_vector[0], K))
    back = {_parse(sympy.latex(s_)): s_ for s_ in net.symbols}  # how each symbol's LaTeX reads back
    assert len(back) == len(net.symbols)
    assert sympy.expand(expr.subs(back) - want) == 0
    d = atomic_decomposition(net, s)
    at = to_latex(d)
    assert at.startswith("M_{11} = ") and at.count("^{T}") == len(d.atoms)


def test_drop_zero_rows_and_errors():
    net = Network.from_lists([[[1, 0], [0, 0]]], [[0, 0]], ["linear"])
    p = affine_piece(net, "")
    assert to_latex(p, drop_zero_rows=True) == r"\rho_{1} = x_{1}"
    assert to_latex(p, variables=["u", "v"], form="expanded") == r"\begin{pmatrix} u \\ 0 \end{pmatrix}"
    with pytest.raises(ExactReluError, match="variables"):
        to_latex(p, variables=["u"])
    with pytest.raises(ExactReluError, match="to_latex takes"):
        to_latex(42)


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed (CI installs texlive-latex-base)")
def test_generated_document_compiles_with_pdflatex(tmp_path):
    net = Network.from_lists([[[1, "-1/2"], ["1/3", 1], [-1, -1]], [[1, -2, "3/4"], [0, 1, 1]]],
                             [[0, -1, "1/5"], ["1/2", 0]], ["relu", "linear"])
    body = to_latex(net) + r"\\" + "\n" + to_latex(atomic_decomposition(net, "111"))
    tex = tmp_path / "doc.tex"
    tex.write_text(standalone(body, title="pieces"))
    out = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout[-2000:]
    assert (tmp_path / "doc.pdf").stat().st_size > 1000
    bad = tmp_path / "bad.tex"
    bad.write_text(standalone(r"\begin{pmatrix} 1 \end{cases}"))
    assert subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", bad.name], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120).returncode != 0


def test_cli_latex(tmp_path):
    out = subprocess.run([sys.executable, "-m", "exactrelu", "latex", "examples/paper_example2.json", "--box", "-2,2"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.count(r"\text{if }") == 7 and out.stdout.startswith(r"\rho(x) = \begin{cases}")
    doc = subprocess.run([sys.executable, "-m", "exactrelu", "latex", "examples/paper_example2.json", "--at", "1,1",
                          "--standalone"], capture_output=True, text=True)
    assert doc.returncode == 0 and doc.stdout.startswith(r"\documentclass")
    bad = subprocess.run([sys.executable, "-m", "exactrelu", "latex", "examples/paper_example2.json", "--at", "1"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.startswith("exactrelu: error:")

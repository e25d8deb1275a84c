"""LaTeX of affine pieces, regions, whole networks and Theorem 5 atoms (INTERFACE.md ``latex``).

Numbers are written exactly: ``\\frac{p}{q}``, ``-\\frac{p}{q}``, integers as
themselves; symbolic entries (a network over QQ[a, b, ...]) as sympy's LaTeX.
Variables default to the network's input names (``x1`` -> ``x_{1}``), else
``x_{1}, ..., x_{n}``.

- ``to_latex(piece)``: ``\\begin{pmatrix}..\\end{pmatrix} x + \\begin{pmatrix}..\\end{pmatrix}``
  (``form="matrix"``) or one linear expression per output (``form="expanded"``;
  a single output is then a plain expression such as ``2 x_{1} - x_{2} + \\frac{1}{2}``).
  The default ``form="auto"`` is expanded for one output, matrix otherwise.
- Inequalities are written ``a . x \\le b``, or ``-a . x \\ge -b`` when the first
  non-zero coefficient is negative (``x_{1} \\ge 0`` rather than ``-x_{1} \\le 0``).
- ``to_latex(region)``: its irredundant inequalities, ``\\begin{aligned} ... &\\le ... \\end{aligned}``.
- ``to_latex(net, domain=None, at=None)``: ``\\rho(x) = \\begin{cases} piece & \\text{if } ... \\end{cases}``,
  one case per region (within ``domain``), or only the region at the point ``at``.
- ``to_latex(decomposition)``: M_s = sum c_ij u v^T (Theorem 5).

``drop_zero_rows=True`` leaves out inequalities whose coefficients are all 0
and, in pieces, outputs that are identically 0 on the region (each kept
output is then labelled ``\\rho_{i}``).

>>> from exactrelu.network import Network
>>> from exactrelu.configuration import affine_piece
>>> net = Network.from_lists([[[1, "-1/2"]]], [["1/3"]], ["linear"])
>>> to_latex(affine_piece(net, ""), form="expanded")
'x_{1} - \\\\frac{1}{2} x_{2} + \\\\frac{1}{3}'
"""

from __future__ import annotations

import re

from . import _linalg as la
from .configuration import AffinePiece, affine_piece
from .errors import ExactReluError
from .network import Network

__all__ = ["to_latex", "number_latex", "linear_latex", "standalone"]

_NAME = re.compile(r"^([A-Za-z]+)_?(\d+)$")


def number_latex(v, K=None) -> str:
    """One exact entry: ``3``, ``-\\frac{3}{7}``, or sympy's LaTeX of a polynomial entry."""
    K = K or la.QQ
    if la.is_rational_domain(K) or isinstance(v, la.rational_type):
        q = la.QQ.convert(v)
        p, d = int(q.numerator), int(q.denominator)
        if d == 1:
            return str(p)
        return f"{'-' if p < 0 else ''}\\frac{{{abs(p)}}}{{{d}}}"
    import sympy

    return sympy.latex(la.to_sympy(v, K))


def _var_latex(name: str) -> str:
    m = _NAME.match(name)
    if m:
        return f"{m.group(1)}_{{{m.group(2)}}}"
    if re.fullmatch(r"[A-Za-z]", name):
        return name
    return "\\mathit{" + name.replace("_", "\\_") + "}"


def _variables(n: int, variables=None, net: Network | None = None) -> list:
    if variables is not None:
        variables = [str(v) for v in variables]
        if len(variables) != n:
            raise ExactReluError(f"variables has {len(variables)} names but there are {n} inputs")
        return variables
    if net is not None and net.input_names:
        return [_var_latex(s) for s in net.input_names]
    return [f"x_{{{i + 1}}}" for i in range(n)]


def _is_atomic(v, K) -> bool:
    """A coefficient that needs no parentheses before a variable (a number or a single symbol/monomial)."""
    if la.is_rational_domain(K):
        return True
    return len(v.terms()) <= 1


def linear_latex(coeffs, const, variables, K=None) -> str:
    """``c_1 x_1 + ... + c_n x_n + const`` with exact coefficients, zero terms left out."""
    K = K or la.QQ
    parts = []
    for c, x in zip(coeffs, variables):
        if not c:
            continue
        if la.is_rational_domain(K):
            sign = "-" if c < 0 else "+"
            a = abs(c)
            body = x if a == 1 else f"{number_latex(a)} {x}"
        else:
            text = number_latex(c, K)
            if _is_atomic(c, K):
                sign, body = ("-", text[1:].lstrip()) if text.startswith("-") else ("+", text)
                body = x if body == "1" else f"{body} {x}"
            else:
                sign, body = "+", f"\\left({text}\\right) {x}"
        parts.append((sign, body))
    if const:
        if la.is_rational_domain(K):
            parts.append(("-" if const < 0 else "+", number_latex(abs(const))))
        else:
            text = number_latex(const, K)
            parts.append(("+", f"\\left({text}\\right)") if not _is_atomic(const, K) else
                         (("-", text[1:].lstrip()) if text.startswith("-") else ("+", text)))
    if not parts:
        return "0"
    out = ("-" if parts[0][0] == "-" else "") + parts[0][1]
    for sign, body in parts[1:]:
        out += f" {sign} {body}"
    return out


def _pmatrix(rows, K) -> str:
    return "\\begin{pmatrix} " + " \\\\ ".join(" & ".join(number_latex(v, K) for v in r) for r in rows) + " \\end{pmatrix}"


def _piece_latex(piece: AffinePiece, names, form: str, drop_zero_rows: bool, output: str) -> str:
    K = piece.M.domain
    if form == "auto":
        form = "expanded" if piece.M.shape[0] == 1 else "matrix"
    M = piece.M_rows
    m = piece.m_vector
    keep = [i for i in range(len(M)) if not drop_zero_rows or any(M[i]) or m[i]]
    if form == "expanded" or (drop_zero_rows and len(keep) < len(M)):
        exprs = [linear_latex(M[i], m[i], names, K) for i in keep]
        if len(M) == 1 and not drop_zero_rows:
            return exprs[0]
        if drop_zero_rows:
            if not keep:
                return "0"
            return ", \\quad ".join(f"{output}_{{{i + 1}}} = {e}" for i, e in zip(keep, exprs))
        return "\\begin{pmatrix} " + " \\\\ ".join(exprs) + " \\end{pmatrix}"
    if form != "matrix":
        raise ExactReluError(f"form is {form!r}; expected 'auto', 'matrix' or 'expanded'")
    x = "\\begin{pmatrix} " + " \\\\ ".join(names) + " \\end{pmatrix}"
    out = f"{_pmatrix(M, K)} {x}"
    if any(m):
        out += " + " + _pmatrix([[v] for v in m], K)
    return out


def _inequalities(P, names, drop_zero_rows: bool) -> list:
    """Each row a . x <= b of a Polytope as LaTeX (``a . x \\le b``)."""
    out = []
    for a, b in zip(P.A, P.b):
        if not any(a) and drop_zero_rows:
            continue
        lead = next((v for v in a if v), None)
        if lead is not None and lead < 0:  # -x_1 <= 0 reads better as x_1 >= 0
            out.append(f"{linear_latex([-v for v in a], la.QQ.zero, names)} \\ge {number_latex(-b)}")
        else:
            out.append(f"{linear_latex(a, la.QQ.zero, names)} \\le {number_latex(b)}")
    return out


def _align(row: str) -> str:
    """``a \\le b`` -> ``a &\\le b`` (alignment point of an ``aligned`` environment)."""
    for rel in (" \\le ", " \\ge "):
        if rel in row:
            return row.replace(rel, " &" + rel.strip() + " ", 1)
    return row


def _region_latex(region, names, drop_zero_rows: bool) -> str:
    rows = _inequalities(region.inequalities, names, drop_zero_rows)
    if not rows:
        return "\\text{all } x"
    return "\\begin{aligned} " + " \\\\ ".join(_align(r) for r in rows) + " \\end{aligned}"


def _network_latex(net: Network, names, domain, at, form, drop_zero_rows, output) -> str:
    from .regions import enumerate_regions

    net.require_rational("LaTeX of the regions")
    if at is not None:
        from .configuration import forward
        from .polytope import configurations_at

        fr = forward(net, at)
        confs = [s for s, _ in configurations_at(net, fr.point)]
        regions = [r for r in enumerate_regions(net, domain) if r.configuration in confs]
    else:
        regions = list(enumerate_regions(net, domain))
    lines = []
    for r in regions:
        conds = _inequalities(r.inequalities, names, drop_zero_rows)
        cond = ",\\ ".join(conds) if conds else "x \\in \\mathbb{R}^{" + str(net.n_inputs) + "}"
        lines.append(f"{_piece_latex(r.piece, names, form, drop_zero_rows, output)} & \\text{{if }} {cond}")
    return f"{output}(x) = \\begin{{cases}} " + " \\\\ ".join(lines) + " \\end{cases}"


def _atoms_latex(d, names) -> str:
    K = d.domain
    terms = []
    for a in d.atoms:
        c = number_latex(a.coefficient, K)
        if not _is_atomic(a.coefficient, K):
            c = f"\\left({c}\\right)"
        c = "" if c == "1" else ("-" if c == "-1" else c + " ")
        u = _pmatrix([[v] for v in a.u], K)
        v = _pmatrix([[w] for w in a.v], K)
        terms.append(f"{c}{u} {v}^{{T}}")
    body = " + ".join(terms) if terms else "0"
    return f"M_{{{d.configuration}}} = {body}"


def to_latex(obj, *, variables=None, drop_zero_rows: bool = False, domain=None, at=None, form: str = "auto",
             output: str = "\\rho", net: Network | None = None) -> str:
    """LaTeX of an AffinePiece, a Region, a Network (cases over its regions) or a Theorem 5 Decomposition.

    Parameters
    ----------
    variables : names of the inputs (LaTeX), default the network's input names or x_{1}..x_{n}
    drop_zero_rows : leave out all-zero inequalities and identically-zero outputs
    domain : (Network only) list only the regions meeting this domain
    at : (Network only) only the region(s) whose closure holds this point
    form : "matrix" (M x + m with pmatrix), "expanded" (one linear expression per output) or "auto"
        (the default: expanded for one output, matrix otherwise)
    output : the function's name in ``cases`` and labels (default ``\\rho``)
    net : the network a piece or region belongs to (for its input names)
    """
    from .atoms import Decomposition
    from .regions import Region

    if isinstance(obj, Network):
        names = _variables(obj.n_inputs, variables, obj)
        return _network_latex(obj, names, domain, at, form, drop_zero_rows, output)
    if isinstance(obj, AffinePiece):
        return _piece_latex(obj, _variables(obj.M.shape[1], variables, net), form, drop_zero_rows, output)
    if isinstance(obj, Region):
        return _region_latex(obj, _variables(obj.polytope.dim, variables, net), drop_zero_rows)
    if isinstance(obj, Decomposition):
        return _atoms_latex(obj, _variables(obj.shape[1], variables, net))
    raise ExactReluError(f"to_latex takes a Network, AffinePiece, Region or Decomposition, not {type(obj).__name__}")


def standalone(body: str, *, title: str | None = None) -> str:
    """A complete LaTeX document (article + amsmath) displaying ``body``; compiles with pdflatex."""
    head = "\\documentclass{article}\n\\usepackage{amsmath,amssymb}\n\\usepackage[margin=1cm,landscape]{geometry}\n"
    t = f"\\section*{{{title}}}\n" if title else ""
    return head + "\\begin{document}\n" + t + "\\[\n" + body + "\n\\]\n\\end{document}\n"


def piece_at(net: Network, x) -> AffinePiece:  # small convenience for the CLI and examples
    from .configuration import forward

    return affine_piece(net, forward(net, x).configuration)

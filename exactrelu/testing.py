"""exactrelu as the reference oracle in other projects' tests (opt-in import).

Each ``assert_*`` helper computes the exact answer in rational arithmetic and
raises :class:`OracleMismatch` when a claimed answer (a region count, an
affine piece, a Jacobian, a Lipschitz bound, two networks being the same
function) disagrees with it. ``OracleMismatch`` is both an
:class:`~exactrelu.errors.ExactReluError` and an :class:`AssertionError`, so
pytest and unittest report it as a test failure, and its message holds a
rational counterexample you can paste back: a point as ``1/2,-3`` (the CLI's
``--at`` syntax) and a configuration as ``10|011``.

Claimed numbers may be Python or numpy floats, torch tensors, Fractions,
strings ``"p/q"``; they are converted *exactly* (a float is its binary value,
see :func:`exactrelu.rational.to_rational`). ``tol=0`` (the default) asks for
exact equality; ``tol > 0`` accepts ``|claimed - exact| <= tol * max(1, |exact|)``
entrywise, still decided in exact arithmetic.

Beware: autograd frameworks use relu'(0) = 0. At a point on a region
boundary (a *kink*) the network is not differentiable, and the gradient they
report can be the Jacobian of no adjacent region at all:

>>> from exactrelu.network import Network
>>> net = Network.from_lists([[[1], [-1]], [[1, 1]]], [[0, 0], [0]], ["relu", "linear"])  # |x|
>>> try:
...     assert_jacobian(net, [0], [[0]])          # what torch's autograd reports at 0
... except OracleMismatch as err:
...     print(err.counterexample_text)
0
>>> assert_jacobian(net, [0], [[1]]).at_kink      # a one-sided Jacobian is accepted
True

Examples
--------
>>> assert_region_count(net, 2)
2
>>> assert_piece(net, ["-1/2"], [[-1]], [0]).configuration.__str__()
'01'
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field

from . import _linalg as la
from .configuration import Configuration, affine_piece, forward
from .errors import ConversionError, ExactReluError, LimitError, ShapeError
from .network import Network
from .polytope import Domain, as_domain, configurations_at
from .rational import to_point, to_rational
from .regions import enumerate_regions

__all__ = [
    "OracleMismatch",
    "PieceMatch",
    "assert_region_count",
    "assert_piece",
    "assert_jacobian",
    "assert_lipschitz_upper_bound",
    "assert_same_function",
    "format_point",
]

QQ = la.QQ


class OracleMismatch(ExactReluError, AssertionError):
    """A claimed answer disagrees with the exact one.

    Attributes
    ----------
    counterexample : tuple of QQ or None
        A rational point where the claim fails (``counterexample_text`` is it as ``"1/2,-3"``).
    configuration : str or None
        The region involved, as ``"10|011"``.
    details : dict
        The exact values behind the message (strings), for programmatic use.
    """

    def __init__(self, message, *, counterexample=None, configuration=None, details=None):
        super().__init__(message)
        self.counterexample = counterexample
        self.configuration = None if configuration is None else str(configuration)
        self.details = dict(details or {})

    @property
    def counterexample_text(self) -> str | None:
        return None if self.counterexample is None else format_point(self.counterexample)


@dataclass(frozen=True)
class PieceMatch:
    """What ``assert_piece`` / ``assert_jacobian`` accepted.

    ``configuration`` is the region whose piece matched; ``configurations``
    every region whose closure holds the point; ``ties`` the tied neurons
    ``(layer, neuron)``; ``at_kink`` whether adjacent regions have different
    Jacobians there (the network is not differentiable at the point).
    """

    point: tuple
    configuration: Configuration
    configurations: tuple
    ties: tuple
    at_kink: bool = False
    note: str = field(default="")


# ----------------------------------------------------------------------------
# formatting and exact conversion of claimed values
# ----------------------------------------------------------------------------


def format_point(x) -> str:
    """``(1/2, -3)`` -> ``"1/2,-3"`` (the CLI's ``--at`` syntax)."""
    return ",".join(str(v) for v in x)


def _fmt_vec(v) -> str:
    return "[" + ", ".join(str(q) for q in v) + "]"


def _fmt_mat(rows) -> str:
    return "[" + ", ".join(_fmt_vec(r) for r in rows) + "]"


def _fmt_ties(ties) -> str:
    return ", ".join(f"layers[{l}] neuron {k}" for l, k in ties) or "none"


def _plain(value):
    """Tensors / arrays / DomainMatrix -> nested lists (entries still exact or float)."""
    if isinstance(value, la.DomainMatrix):
        return [list(r) for r in la.rows(value)]
    if hasattr(value, "detach"):  # torch tensor (possibly requiring grad)
        value = value.detach()
    if hasattr(value, "tolist") and not isinstance(value, (list, tuple)):
        return value.tolist()
    return value


def _as_matrix(value, shape, where):
    """A claimed n_rows x n_cols matrix, converted exactly; a 1-D claim is accepted for one row."""
    n_rows, n_cols = shape
    value = _plain(value)
    if not isinstance(value, (list, tuple)):
        if n_rows == 1 and n_cols == 1:
            value = [[value]]
        else:
            raise ShapeError(f"{where} is a scalar; expected a {n_rows} x {n_cols} matrix")
    value = list(value)
    if value and not isinstance(_plain(value[0]), (list, tuple)):
        if n_rows == 1:
            value = [value]
        elif n_cols == 1:
            value = [[v] for v in value]
    if len(value) != n_rows:
        raise ShapeError(f"{where} has {len(value)} rows; expected {n_rows} (outputs) x {n_cols} (inputs)")
    out = []
    for r, row in enumerate(value):
        row = _plain(row)
        if not isinstance(row, (list, tuple)) or len(row) != n_cols:
            got = len(row) if isinstance(row, (list, tuple)) else "no"
            raise ShapeError(f"{where}[{r}] has {got} entries; expected {n_cols}")
        out.append(tuple(to_rational(_plain(v), f"{where}[{r}][{c}]") for c, v in enumerate(row)))
    return tuple(out)


def _as_vector(value, n, where):
    value = _plain(value)
    if not isinstance(value, (list, tuple)):
        if n == 1:
            value = [value]
        else:
            raise ShapeError(f"{where} is a scalar; expected {n} entries")
    value = [_plain(v) for v in value]
    if len(value) == n and all(isinstance(v, (list, tuple)) and len(v) == 1 for v in value):
        value = [v[0] for v in value]  # a column n x 1
    if len(value) != n:
        raise ShapeError(f"{where} has {len(value)} entries; expected {n}")
    return tuple(to_rational(_plain(v), f"{where}[{i}]") for i, v in enumerate(value))


def _tolerance(tol):
    t = to_rational(tol, "tol")
    if t < 0:
        raise LimitError(f"tol is {t}; expected a number >= 0 (0 means exact)")
    return t


def _close(claimed, exact, tol) -> bool:
    if not tol:
        return claimed == exact
    scale = abs(exact) if abs(exact) > 1 else QQ.one
    return abs(claimed - exact) <= tol * scale


def _first_difference(claimed_rows, exact_rows, tol, name):
    """``None`` or a text ``M[0][1]: claimed ... but exact ...`` for the first entry out of tolerance."""
    for r, (cr, er) in enumerate(zip(claimed_rows, exact_rows)):
        for c, (cv, ev) in enumerate(zip(cr, er)):
            if not _close(cv, ev, tol):
                return f"{name}[{r}][{c}]: claimed {cv} exactly, but the network has {ev}"
    return None


def _net(net, where="net") -> Network:
    if not isinstance(net, Network):
        raise ConversionError(
            f"{where} is a {type(net).__name__}; expected an exactrelu Network "
            "(build one with Network.from_lists, exactrelu.load or exactrelu.interop.from_torch)"
        )
    net.require_rational(f"the oracle ({where})")
    return net


def _domain_text(domain) -> str:
    if domain is None:
        return "on the whole input space"
    if domain.box is not None:
        return "on the box " + " x ".join(f"[{lo}, {hi}]" for lo, hi in domain.box)
    return f"on the polytope A x <= b with {len(domain.b)} inequalities"


# ----------------------------------------------------------------------------
# region counts
# ----------------------------------------------------------------------------


def assert_region_count(net, count, domain=None, *, max_witnesses: int = 3) -> int:
    """Assert that ``net`` has exactly ``count`` linear regions (in ``domain``); returns the exact count.

    Parameters
    ----------
    net : Network
    count : int
        The claimed number of regions (full-dimensional cells, MATH.md §2).
    domain : None, a Domain, a box ``[(lo, hi), ...]`` or ``{"A": ..., "b": ...}``
    max_witnesses : how many regions (configuration and interior point) the message lists.

    Raises
    ------
    OracleMismatch
        With the exact count; when the claim is too low, regions with a rational
        interior witness each (every one is a region, certified by its witness).
    """
    __tracebackhide__ = True  # pytest shows the caller's line, not the oracle's internals
    net = _net(net)
    if isinstance(count, bool) or not isinstance(count, numbers.Integral):
        raise ConversionError(f"count is {count!r}; expected an integer (a number of regions)")
    count = int(count)
    D = as_domain(domain, net.n_inputs)
    regions = list(enumerate_regions(net, D))
    exact = len(regions)
    if exact == count:
        return exact
    where = _domain_text(D)
    shown = regions[:max_witnesses]
    lines = [f"the network has exactly {exact} linear regions {where}, not {count}"]
    if count < exact:
        lines.append(f"the claim misses {exact - count}; regions with a rational interior witness (first {len(shown)}):")
    else:
        lines.append(f"the claim has {count - exact} too many; the exact enumeration is complete (first {len(shown)} regions):")
    for r in shown:
        lines.append(f"  configuration {r.configuration} at x = {format_point(r.witness)}")
    first = shown[0] if shown else None
    raise OracleMismatch(
        "\n".join(lines),
        counterexample=first.witness if first else None,
        configuration=first.configuration if first else None,
        details={"exact": exact, "claimed": count,
                 "regions": [(str(r.configuration), format_point(r.witness)) for r in shown]},
    )


# ----------------------------------------------------------------------------
# affine pieces and Jacobians
# ----------------------------------------------------------------------------


def _regions_at(net, x):
    fr = forward(net, x)
    confs = tuple(c for c, _ in configurations_at(net, x))
    return fr, confs


def assert_piece(net, x, M, m, tol=0) -> PieceMatch:
    """Assert that ``net`` equals ``M x + m`` on a region containing ``x`` (MATH.md §3).

    Inside a region the piece is unique. At a tie point (``x`` on a region
    boundary) every region whose closure holds ``x`` is a valid answer; the
    first match is accepted and the result says so (``at_kink``, ``note``).

    Parameters
    ----------
    net : Network
    x : the point (sequence, array or ``"1/2,-3"``)
    M : claimed n_L x n_0 matrix (a 1-D sequence is accepted when n_L = 1)
    m : claimed vector of n_L entries
    tol : 0 for exact equality; else ``|claimed - exact| <= tol * max(1, |exact|)`` entrywise

    Returns
    -------
    PieceMatch

    Raises
    ------
    OracleMismatch
        With ``x``, the regions at ``x``, their exact pieces and the first wrong entry.
    """
    __tracebackhide__ = True  # pytest shows the caller's line, not the oracle's internals
    net = _net(net)
    x = to_point(_plain(x), net.n_inputs, "x")
    tol = _tolerance(tol)
    shape = (net.n_outputs, net.n_inputs)
    CM = _as_matrix(M, shape, "M")
    cm = _as_vector(m, net.n_outputs, "m")
    fr, confs = _regions_at(net, x)
    pieces = [(c, affine_piece(net, c)) for c in confs]
    problems = []
    for conf, p in pieces:
        bad = _first_difference(CM, p.M_rows, tol, "M") or _first_difference((cm,), (p.m_vector,), tol, "m")
        if bad is None:
            kink = len({(p2.M_rows, p2.m_vector) for _, p2 in pieces}) > 1
            note = ""
            if fr.ties:
                note = (f"x = {format_point(x)} is on a boundary (ties: {_fmt_ties(fr.ties)}); accepted the piece "
                        f"of region {conf}, one of {len(confs)} regions whose closure holds x")
            return PieceMatch(x, conf, confs, fr.ties, kink, note)
        problems.append((conf, p, bad))
    lines = [f"the claimed affine piece is wrong at x = {format_point(x)}"]
    if fr.ties:
        lines.append(f"x is on a boundary (ties: {_fmt_ties(fr.ties)}); any of the {len(confs)} regions whose "
                     "closure holds x would have been accepted")
    for conf, p, bad in problems:
        lines.append(f"  region {conf}: M = {_fmt_mat(p.M_rows)}, m = {_fmt_vec(p.m_vector)}; {bad}")
    lines.append(f"  claimed: M = {_fmt_mat(CM)}, m = {_fmt_vec(cm)}")
    conf0 = problems[0][0]
    raise OracleMismatch(
        "\n".join(lines),
        counterexample=x,
        configuration=conf0,
        details={"regions": [(str(c), _fmt_mat(p.M_rows), _fmt_vec(p.m_vector)) for c, p, _ in problems],
                 "ties": list(fr.ties)},
    )


def assert_jacobian(net, x, J, tol=0, *, at_kink: str = "one_sided") -> PieceMatch:
    """Assert that ``J`` is the Jacobian of ``net`` at ``x`` (M_s of the region of x).

    If ``x`` is inside a region, or on a boundary where every adjacent region
    has the same M_s, the network is differentiable at ``x`` and J must equal
    M_s. Where adjacent regions' M_s differ (a *kink*) it is not
    differentiable; then ``at_kink="one_sided"`` (default) accepts J only if it
    equals the M_s of one adjacent region (a one-sided Jacobian), and
    ``at_kink="reject"`` always fails. Autograd's relu'(0) = 0 convention can
    give a matrix that is neither (``|x|`` at 0 gives 0): that is caught.

    Parameters
    ----------
    net : Network
    x : the point
    J : claimed n_L x n_0 Jacobian (1-D accepted for one output)
    tol : 0 for exact; else ``|claimed - exact| <= tol * max(1, |exact|)``
    at_kink : "one_sided" or "reject"

    Returns
    -------
    PieceMatch

    Raises
    ------
    OracleMismatch
        Listing the one-sided Jacobians and the tied neurons.
    """
    __tracebackhide__ = True  # pytest shows the caller's line, not the oracle's internals
    if at_kink not in ("one_sided", "reject"):
        raise ConversionError(f"at_kink is {at_kink!r}; expected 'one_sided' or 'reject'")
    net = _net(net)
    x = to_point(_plain(x), net.n_inputs, "x")
    tol = _tolerance(tol)
    CJ = _as_matrix(J, (net.n_outputs, net.n_inputs), "J")
    fr, confs = _regions_at(net, x)
    jac = {}
    for c in confs:
        jac.setdefault(affine_piece(net, c).M_rows, []).append(c)
    kink = len(jac) > 1
    if not kink:
        (M, cs), = jac.items()
        bad = _first_difference(CJ, M, tol, "J")
        if bad is None:
            note = f"x is on a boundary (ties: {_fmt_ties(fr.ties)}) but the network is affine near x" if fr.ties else ""
            return PieceMatch(x, cs[0], confs, fr.ties, False, note)
        where = f"region {cs[0]}" if not fr.ties else f"x is on a boundary (ties: {_fmt_ties(fr.ties)}) but every adjacent region has this Jacobian"
        raise OracleMismatch(
            f"the claimed Jacobian is wrong at x = {format_point(x)} ({where}): the network is differentiable there "
            f"with J = {_fmt_mat(M)}; {bad}; claimed J = {_fmt_mat(CJ)}",
            counterexample=x, configuration=cs[0],
            details={"jacobian": _fmt_mat(M), "ties": list(fr.ties)},
        )
    sided = "\n".join(f"  region {', '.join(map(str, cs))}: J = {_fmt_mat(M)}" for M, cs in jac.items())
    head = (f"the network is not differentiable at x = {format_point(x)}: it is on a kink "
            f"(ties: {_fmt_ties(fr.ties)}) where adjacent regions have {len(jac)} different Jacobians")
    if at_kink == "one_sided":
        for M, cs in jac.items():
            if _first_difference(CJ, M, tol, "J") is None:
                note = f"{head}; accepted the one-sided Jacobian of region {cs[0]}"
                return PieceMatch(x, cs[0], confs, fr.ties, True, note)
        tail = (f"the claimed J = {_fmt_mat(CJ)} is none of the one-sided Jacobians"
                " (autograd's relu'(0) = 0 can give such a matrix)")
    else:
        tail = f"at_kink='reject': no Jacobian exists; claimed J = {_fmt_mat(CJ)}"
    raise OracleMismatch(
        f"{head}; {tail}\none-sided Jacobians:\n{sided}",
        counterexample=x, configuration=fr.configuration,
        details={"one_sided": {", ".join(map(str, cs)): _fmt_mat(M) for M, cs in jac.items()},
                 "ties": list(fr.ties)},
    )


# ----------------------------------------------------------------------------
# Lipschitz constants
# ----------------------------------------------------------------------------


def assert_lipschitz_upper_bound(net, bound, norm=2, domain=None):
    """Assert that ``bound`` >= the exact Lipschitz constant of ``net`` (MATH.md §6); returns the result.

    Uses :func:`exactrelu.lipschitz.lipschitz_constant`; the comparison is
    exact (algebraic numbers for the 2-norm). The message names the exact
    constant, the region attaining it and a rational point inside it.
    """
    __tracebackhide__ = True  # pytest shows the caller's line, not the oracle's internals
    from .lipschitz import lipschitz_constant

    net = _net(net)
    res = lipschitz_constant(net, norm=norm, domain=domain)
    if res.is_upper_bound(bound):
        return res
    D = as_domain(domain, net.n_inputs)
    msg = (f"{bound} is not an upper bound of the {res.norm}-norm Lipschitz constant {_domain_text(D)}: "
           f"the exact constant is {res.value} (= {res.decimal}), attained on region {res.configuration}")
    if res.witness is not None:
        msg += f" at x = {format_point(res.witness)}"
    pair = getattr(res, "pair", None)
    if pair:
        msg += f"; ||f(x) - f(y)|| = {res.value} ||x - y|| for x = {format_point(pair[0])}, y = {format_point(pair[1])}"
    raise OracleMismatch(msg, counterexample=res.witness, configuration=res.configuration,
                         details={"value": str(res.value), "decimal": res.decimal})


# ----------------------------------------------------------------------------
# two networks, one function
# ----------------------------------------------------------------------------


def _region_domain(region, outer):
    """Region closure (within ``outer``) as a Domain; rows constant in x are dropped (they hold on the region)."""
    P = region.polytope
    rows = [(a, b) for a, b in zip(P.A, P.b) if any(a)]
    if not rows:
        return outer
    return Domain.from_inequalities([a for a, _ in rows], [b for _, b in rows], P.dim)


def _strictly_inside(region, y) -> bool:
    P = region.polytope
    zero = QQ.zero
    return all(la.dot(a, y, zero) < b for a, b in zip(P.A, P.b) if any(a))


def _separating_point(ra, rb, net_a, net_b):
    """A rational point of int(ra) ∩ int(rb) where the two networks differ (exact forward passes)."""
    w = rb.witness
    Ma, Mb = ra.piece.M_rows, rb.piece.M_rows
    candidates = [w]
    n = len(w)
    cols = [j for j in range(n) if any(Ma[i][j] != Mb[i][j] for i in range(len(Ma)))]
    for j in cols:
        t = QQ.one
        for _ in range(200):
            y = tuple(v + (t if i == j else 0) for i, v in enumerate(w))
            if _strictly_inside(ra, y) and _strictly_inside(rb, y):
                candidates.append(y)
                break
            t = t / 2
    for y in candidates:
        va, vb = forward(net_a, y).value, forward(net_b, y).value
        if va != vb:
            return y, va, vb
    return None  # pragma: no cover - two different affine maps differ on an open set


def assert_same_function(net_a, net_b, domain=None) -> int:
    """Assert that two networks are the same function (on ``domain``), exactly.

    Algorithm: the common refinement. For each region R of ``net_a``, the
    regions of ``net_b`` are enumerated within R (its closed polytope as the
    domain); the two affine pieces must be equal on every such overlap (both
    have interior, so equality of values there means equality of M and m).
    Pruned, re-parametrised (positive rescaling) or permuted networks pass.

    Returns
    -------
    int
        The number of overlapping region pairs compared.

    Raises
    ------
    OracleMismatch
        With a rational point where the two values differ (verified by exact
        forward passes of both networks) and both regions.
    """
    __tracebackhide__ = True  # pytest shows the caller's line, not the oracle's internals
    net_a = _net(net_a, "net_a")
    net_b = _net(net_b, "net_b")
    if net_a.n_inputs != net_b.n_inputs:
        raise ShapeError(f"net_a has {net_a.n_inputs} inputs but net_b has {net_b.n_inputs}; expected the same")
    if net_a.n_outputs != net_b.n_outputs:
        raise ShapeError(f"net_a has {net_a.n_outputs} outputs but net_b has {net_b.n_outputs}; expected the same")
    D = as_domain(domain, net_a.n_inputs)
    pairs = 0
    for ra in enumerate_regions(net_a, D):
        for rb in enumerate_regions(net_b, _region_domain(ra, D)):
            pairs += 1
            if ra.piece == rb.piece:
                continue
            found = _separating_point(ra, rb, net_a, net_b)
            y, va, vb = found
            raise OracleMismatch(
                f"the networks differ at x = {format_point(y)}: net_a gives {_fmt_vec(va)}, net_b gives {_fmt_vec(vb)} "
                f"(net_a region {ra.configuration}: M = {_fmt_mat(ra.piece.M_rows)}, m = {_fmt_vec(ra.piece.m_vector)}; "
                f"net_b region {rb.configuration}: M = {_fmt_mat(rb.piece.M_rows)}, m = {_fmt_vec(rb.piece.m_vector)})",
                counterexample=y, configuration=ra.configuration,
                details={"net_a": _fmt_vec(va), "net_b": _fmt_vec(vb), "configuration_b": str(rb.configuration)},
            )
    return pairs

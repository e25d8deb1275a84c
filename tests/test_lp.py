"""The certified LP: every answer re-verifies from scratch, float path and exact path agree."""

import subprocess
import sys

import pytest
from hypothesis import given, settings, strategies as st

from exactrelu import lp
from exactrelu._linalg import QQ
from exactrelu.errors import ExactReluError, ShapeError


def q(*vals):
    return tuple(QQ(v) if not isinstance(v, str) else QQ(*map(int, v.split("/"))) for v in vals)


small = st.integers(-3, 3).map(QQ)


@st.composite
def systems(draw, max_rows=7):
    n = draw(st.integers(1, 3))
    m = draw(st.integers(1, max_rows))
    A = [tuple(draw(small) for _ in range(n)) for _ in range(m)]
    # duplicate / negated / zero rows on purpose: the degenerate cases
    for _ in range(draw(st.integers(0, 2))):
        i = draw(st.integers(0, m - 1))
        A.append(draw(st.sampled_from([A[i], tuple(-v for v in A[i]), tuple(QQ(0) for _ in range(n))])))
    b = [draw(st.integers(-2, 2).map(QQ)) for _ in A]
    strict = [draw(st.booleans()) for _ in A]
    return A, b, strict


def _without_float(monkeypatch):
    monkeypatch.setattr(lp, "_find_point_float", lambda *a: None)
    monkeypatch.setattr(lp, "_maximize_float", lambda *a: None)


@settings(max_examples=150, deadline=None)
@given(systems())
def test_find_point_always_certified(sys_):
    A, b, strict = sys_
    res = lp.find_point(A, b, strict)
    assert isinstance(res, (lp.Feasible, lp.Infeasible))
    assert res.check()


@settings(max_examples=60, deadline=None)
@given(systems())
def test_float_path_agrees_with_exact_simplex(sys_):
    A, b, strict = sys_
    fast = lp.find_point(A, b, strict)
    with pytest.MonkeyPatch.context() as mp:
        _without_float(mp)
        slow = lp.find_point(A, b, strict)
    assert slow.check()
    assert bool(fast) == bool(slow)


def test_concurrent_lines_cells():
    # three lines through the origin; the six open sectors exist, "all positive" does not
    A = [q(1, 2), q(-3, 1), q(2, -3)]
    A10 = [tuple(v / 10 for v in row) for row in A]
    for signs in [(1, 1, 1), (-1, -1, -1)]:
        rows = [tuple(s * v for v in r) for s, r in zip(signs, A10)]
        res = lp.find_point(rows, [QQ(0)] * 3)
        assert res.check()
    count = 0
    import itertools

    for signs in itertools.product((1, -1), repeat=3):
        rows = [tuple(s * v for v in r) for s, r in zip(signs, A10)]
        res = lp.find_point(rows, [QQ(0)] * 3)
        assert res.check()
        count += bool(res)
    assert count == 6  # 3 lines in general position through a point: 2 * 3 sectors


def test_zero_rows_decide_alone():
    A = [q(0, 0), q(1, 0)]
    assert not lp.find_point(A, q(0, 5), True)  # 0 < 0 fails
    res = lp.find_point(A, q(0, 5), [False, True])  # 0 <= 0 holds
    assert res and res.check()
    bad = lp.find_point(A, q(-1, 5), False)
    assert not bad and bad.check() and bad.multipliers[0] > 0


def test_lower_dimensional_set_found_exactly():
    # x + y <= 1/3, -(x + y) <= -1/3 (a line), and x > 1/7 strictly
    A = [q(1, 1), q(-1, -1), q(-1, 0)]
    res = lp.find_point(A, q("1/3", "-1/3", "-1/7"), [False, False, True])
    assert res and res.check()
    assert res.point[0] + res.point[1] == QQ(1, 3)
    # the same with strict rows is empty, with a Motzkin certificate (y^T b = 0, strict row used)
    res = lp.find_point(A, q("1/3", "-1/3", "-1/7"), True)
    assert not res and res.check()


def test_sliver_thinner_than_float_precision():
    eps = QQ(1, 10**30)
    A = [q(-1), q(1)]
    res = lp.find_point(A, (QQ(0), eps))  # 0 < x < 1e-30
    assert res and res.check()
    assert 0 < res.point[0] < eps
    res = lp.find_point(A, (-eps, QQ(0)))  # x > 1e-30 and x < 0
    assert not res and res.check()


def test_hint_is_used_when_it_checks():
    before = lp.STATS["hint"]
    res = lp.find_point([q(1, 0)], q(1), hint=(QQ(0), QQ(5)))
    assert res.point == (QQ(0), QQ(5)) and lp.STATS["hint"] == before + 1
    res = lp.find_point([q(1, 0)], q(1), hint=(QQ(1), QQ(5)))  # on the boundary: not strict
    assert res.check() and res.point[0] < 1


def test_certificates_reject_tampering():
    res = lp.find_point([q(1), q(-1)], q(0, 0))
    assert not res
    forged = lp.Infeasible(tuple(-v for v in res.multipliers), res.A, res.b, res.strict)
    assert not forged.check()
    ok = lp.find_point([q(1)], q(1))
    assert not lp.Feasible((QQ(1),), ok.A, ok.b, ok.strict).check()


@settings(max_examples=80, deadline=None)
@given(systems(max_rows=6), st.lists(st.integers(-3, 3), min_size=3, max_size=3))
def test_maximize_certified_and_agrees_with_exact(sys_, cvals):
    A, b, _ = sys_
    c = tuple(QQ(v) for v in cvals[: len(A[0])])
    res = lp.maximize(c, A, b)
    assert res.check()
    with pytest.MonkeyPatch.context() as mp:
        _without_float(mp)
        ref = lp.maximize(c, A, b)
    assert ref.check()
    assert type(res) is type(ref)
    if isinstance(res, lp.Optimal):
        assert res.value == ref.value


def test_maximize_kinds():
    A = [q(1, 1), q(-1, 0), q(0, -1)]
    r = lp.maximize(q(1, 2), A, q(1, 0, 0))
    assert isinstance(r, lp.Optimal) and r.value == 2 and r.check()
    r = lp.maximize(q(-1, 0), A[:1], q(1))
    assert isinstance(r, lp.Unbounded) and r.check()
    r = lp.maximize(q(1, 0), [q(1, 0), q(-1, 0)], q(-1, -1))  # x <= -1 and x >= 1
    assert isinstance(r, lp.Infeasible) and r.check()


@settings(max_examples=60, deadline=None)
@given(systems(max_rows=6))
def test_irredundant_rows_define_the_same_polytope(sys_):
    A, b, _ = sys_
    A = [r for r in A]
    if not lp.find_point(A, b, True):  # the contract is for full-dimensional polytopes
        return
    keep = lp.irredundant_rows(A, b)
    kept_A = [A[i] for i in keep]
    kept_b = [b[i] for i in keep]
    for i in range(len(A)):
        if not any(A[i]):
            continue
        if i in keep:  # necessary: some point satisfies the others and violates row i
            others = [k for k in keep if k != i]
            if others:
                r = lp._maximize_exact(A[i], [A[k] for k in others], [b[k] for k in others], len(A[i]))
                assert isinstance(r, lp.Unbounded) or r.value > b[i]
        else:  # implied by the kept rows
            r = lp._maximize_exact(A[i], kept_A, kept_b, len(A[i]))
            assert isinstance(r, lp.Optimal) and r.value <= b[i]


def test_irredundant_duplicates_and_scaled_rows():
    A = [q(1, 0), q(2, 0), q(0, 1), q(0, 0), q(-1, 0), q(0, -1), q(1, 1)]
    b = q(1, 2, 1, 1, 0, 0, 5)
    assert lp.irredundant_rows(A, b) == (0, 2, 4, 5)


def test_shape_errors():
    with pytest.raises(ShapeError, match="row 1 has 1 entries, expected 2"):
        lp.find_point([q(1, 0), q(1)], q(0, 0))
    with pytest.raises(ShapeError, match="2 rows but 1 right-hand"):
        lp.find_point([q(1), q(1)], q(0))
    with pytest.raises(ExactReluError):
        lp.maximize(q(1, 2, 3), [q(1, 0)], q(0))


def test_highs_banner_never_reaches_stdout():
    code = (
        "from exactrelu import lp; from exactrelu._linalg import QQ;"
        "r = lp.find_point([(QQ(1),)], [QQ(1)]); print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "ok\n"

"""The only door to sympy's DomainMatrix / QQ (python-flint backed).

Everything exact in exactrelu is an element of a sympy *domain*: ``QQ`` for
rational networks (its elements are ``flint.fmpq`` when python-flint is
installed, which is the expected set-up), or the polynomial ring
``QQ[a, b, ...]`` for networks with symbolic weights. Matrices are
``DomainMatrix`` objects over that domain; vectors are plain tuples of domain
elements (cheap to index in hot loops).

Algorithm note: matrices are converted once (``matrix``) and the hot loops
work on rows as tuples, so no value is ever converted back and forth.
"""

from __future__ import annotations

from sympy.polys.domains import QQ, ZZ
from sympy.polys.matrices import DomainMatrix

__all__ = [
    "QQ",
    "ZZ",
    "DomainMatrix",
    "matrix",
    "rows",
    "identity",
    "zeros",
    "matmul",
    "matvec",
    "equal",
    "solve_square",
    "dot",
    "is_rational_domain",
    "integer_from_digits",
    "polynomial_domain",
    "to_sympy",
    "rational_type",
]

rational_type = type(QQ(1, 2))


def integer_from_digits(text: str):
    """QQ element from a decimal integer string of any length (CPython's int() caps at 4300 digits)."""
    try:
        import flint

        return QQ(flint.fmpz(text.replace("+", "")))
    except ImportError:  # pragma: no cover - pure-Python ground types
        import sys

        old = sys.get_int_max_str_digits()
        sys.set_int_max_str_digits(0)
        try:
            return QQ(int(text))
        finally:
            sys.set_int_max_str_digits(old)


def is_rational_domain(K) -> bool:
    return K == QQ


def polynomial_domain(symbols):
    """QQ[symbols]: exact domain for symbolic weights (polynomials compare canonically)."""
    return QQ[tuple(symbols)] if symbols else QQ


def matrix(row_list, shape, K) -> DomainMatrix:
    """A DomainMatrix over ``K`` from rows of elements already in ``K``."""
    return DomainMatrix([list(r) for r in row_list], shape, K)


def rows(M: DomainMatrix) -> tuple:
    """Rows of ``M`` as a tuple of tuples of domain elements."""
    return tuple(tuple(r) for r in M.to_list())


def identity(n: int, K) -> DomainMatrix:
    return DomainMatrix.eye(n, K).to_dense()


def zeros(shape, K) -> DomainMatrix:
    return DomainMatrix.zeros(shape, K).to_dense()


def equal(A: DomainMatrix, B: DomainMatrix) -> bool:
    """Exact equality of two matrices whatever their storage (DomainMatrix's == also compares dense vs sparse)."""
    return A.shape == B.shape and A.to_dense() == B.to_dense()


def solve_square(M_rows, rhs):
    """The solution of the square system M w = rhs (QQ entries) as a tuple, or None if M is singular.

    Uses python-flint's ``fmpq_mat.solve`` when available (the cost of an exact
    certificate in ``lp`` is mostly this solve), else exact Gauss-Jordan via DomainMatrix.
    """
    n = len(M_rows)
    if n == 0 or any(len(r) != n for r in M_rows) or len(rhs) != n:
        raise ValueError("solve_square needs an n x n system")
    try:
        import flint
    except ImportError:  # pragma: no cover - pure-Python ground types
        flint = None
    if flint is not None and rational_type is flint.fmpq:
        try:
            sol = flint.fmpq_mat(n, n, [v for r in M_rows for v in r]).solve(flint.fmpq_mat(n, 1, list(rhs)))
        except ZeroDivisionError:
            return None
        return tuple(sol[i, 0] for i in range(n))
    A = DomainMatrix([list(r) for r in M_rows], (n, n), QQ)  # pragma: no cover
    if A.det() == 0:  # pragma: no cover
        return None
    return tuple(r[0] for r in A.lu_solve(DomainMatrix([[v] for v in rhs], (n, 1), QQ)).to_list())  # pragma: no cover


def matmul(A: DomainMatrix, B: DomainMatrix) -> DomainMatrix:
    return A * B


def matvec(A_rows, v, K):
    """Row-tuples times a vector, in the domain ``K``."""
    zero = K.zero
    return tuple(sum((a * x for a, x in zip(r, v)), zero) for r in A_rows)


def dot(a, v, zero):
    s = zero
    for p, q in zip(a, v):
        if p and q:
            s += p * q
    return s


def to_sympy(x, K):
    """One domain element to a sympy expression (for display and LaTeX)."""
    return K.to_sympy(x)

"""Thm. 5 (iii), L >= 3: M_s = D_L sum_ij c_ij w^L_i (w^1_j)^T with path-sum coefficients c_ij,
at most n_{L-1} n_1 atoms, each c_ij a sum of at most prod_{l=2}^{L-2} |supp s_l| products."""
from _common import seed_from_argv
from _thm5 import run

run("iii, L >= 3", 3, [(2, 3, 3, 1), (2, 3, 4, 3, 2), (3, 2, 3, 2, 3, 1)],
    [(2, 2, 2, 1), (2, 2, 2, 2, 1), (1, 2, 2, 2, 2, 1), (2, 3, 2, 2)], seed_from_argv(7))

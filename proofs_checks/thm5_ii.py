"""Thm. 5 (ii), L = 2: M_s = sum_j s_1(j) (D_2 w^2_j)(w^1_j)^T."""
from _common import seed_from_argv
from _thm5 import run

run("ii, L = 2", 2, [(2, 3, 1), (3, 4, 2), (2, 5, 3)], [(2, 3, 1), (2, 2, 2), (3, 3, 1)], seed_from_argv(6))

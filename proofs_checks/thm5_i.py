"""Thm. 5 (i), L = 1: M_s = sum_{j in supp s_1} e_j (w^1_j)^T (|supp s_1| atoms)."""
from _common import seed_from_argv
from _thm5 import run

run("i, L = 1", 1, [(2, 3), (3, 4), (1, 5)], [(2, 3), (3, 4)], seed_from_argv(5))

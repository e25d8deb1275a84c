"""Eqs. (13)-(16): dl/db_l = D_l W_{l+1}^T ... W_L^T D_L g and dl/dW_l = dl/db_l x_{l-1}^T on a region,
for the quadratic loss; checked exactly against back-propagation and against exact central difference
quotients; the exploding-gradient bound (mu n)^{L-l} ||g||_inf ||x_{l-1}||_inf; and grad_x l = M_s^T g.
"""

import random

from _common import Checker, random_net, random_point, seed_from_argv

from exactrelu import forward
from exactrelu.gradients import (backprop_gradients, difference_quotients, gradient_bound_check, input_gradient,
                                 loss_gradients)

rng = random.Random(seed_from_argv(11))
c = Checker("Eqs. (13)-(16) (exact gradients on a region)")
count = 0
ratios = []
for shape in [(2, 3, 1), (2, 3, 3, 1), (3, 2, 3, 2), (2, 3, 3, 3, 2)]:
    for head in (False, True):
        net = random_net(rng, shape, linear_head=head)
        for _ in range(4):
            x = random_point(rng, net.n_inputs)
            if forward(net, x).ties:
                continue
            t = random_point(rng, net.n_outputs)
            count += 1
            g = loss_gradients(net, x, t)
            c.check(g == backprop_gradients(net, x, t), f"{shape}: closed form != back-propagation at {x}")
            c.check(g == difference_quotients(net, x, t), f"{shape}: closed form != difference quotients at {x}")
            b = gradient_bound_check(net, x, t)
            c.check(b.holds, f"{shape}: exploding-gradient bound fails at {x}")
            ig = input_gradient(net, x, t)
            c.check(len(ig) == net.n_inputs, "input gradient shape")
            ratios += [float(a / bb) for a, bb in zip(b.largest, b.bounds) if bb]
c.note(f"{count} (net, point, target) triples; largest |dl/dW_l| / bound over all layers: {max(ratios or [0]):.3f}")
c.done()

"""Exact gradients of a quadratic loss on a region, eqs. (13)-(16) (MATH.md §7).

For the loss l = 1/2 ||rho(x) - t||^2 the gradient of l at rho(x) is
g = rho(x) - t, and on the region of x

    dl/db_l = D_l W_{l+1}^T D_{l+1} ... W_L^T D_L g,     dl/dW_l = (dl/db_l) x_{l-1}^T.

Three independent computations are offered so that each can check the others:

- :func:`loss_gradients` -- the closed form above, each product written out;
- :func:`backprop_gradients` -- the recursion delta_L = D_L g,
  delta_l = D_l W_{l+1}^T delta_{l+1} (back-propagation);
- :func:`difference_quotients` -- exact central differences
  (l(p + h) - l(p - h)) / 2h in each parameter p. On a region rho is affine in
  every single weight or bias (x_{l-1} does not depend on W_l, b_l), so l is
  quadratic in p and the central quotient equals dl/dp *exactly*, for any
  rational step h that keeps the configuration (h is halved until it does).

:func:`gradient_bound_check` checks the exploding-gradient bound
max |dl/dW_l| <= (mu n)^{L-l} ||g||_inf ||x_{l-1}||_inf.

A linear layer has D = I. The point must not lie on a region boundary
(no tie) for the derivative to exist; :func:`loss_gradients` refuses ties
unless ``allow_ties=True`` (then the paper's convention s = 0 is used).

>>> from exactrelu.network import Network
>>> net = Network.from_lists([[[1, -1], [2, 1]], [[1, 3]]], [[0, 1], [0]], ["relu", "linear"])
>>> g = loss_gradients(net, ["1", "1/2"], ["0"])
>>> g == backprop_gradients(net, ["1", "1/2"], ["0"]) == difference_quotients(net, ["1", "1/2"], ["0"])
True
"""

from __future__ import annotations

from dataclasses import dataclass

from . import _linalg as la
from .configuration import forward
from .errors import ConfigurationError, ShapeError
from .network import Layer, Network
from .rational import to_point

__all__ = ["Gradients", "loss_gradients", "backprop_gradients", "difference_quotients", "gradient_bound_check",
           "input_gradient", "GradientBound"]


@dataclass(frozen=True, slots=True)
class Gradients:
    """dl/db_l (tuples) and dl/dW_l (tuples of rows), 0-based layers, plus g and the configuration."""

    configuration: object
    g: tuple
    db: tuple
    dW: tuple

    def __eq__(self, other) -> bool:
        if not isinstance(other, Gradients):
            return NotImplemented
        return self.db == other.db and self.dW == other.dW

    __hash__ = None


def _setup(net: Network, x, target, allow_ties: bool):
    net.require_rational("gradients")
    x = to_point(x, net.n_inputs, "x")
    t = to_point(target, None, "target")
    if len(t) != net.n_outputs:
        raise ShapeError(f"target has {len(t)} entries but the network has {net.n_outputs} outputs")
    fr = forward(net, x)
    if fr.ties and not allow_ties:
        raise ConfigurationError(
            f"x = ({', '.join(map(str, x))}) lies on a region boundary (ties at {list(fr.ties)}): the loss need not be "
            "differentiable there; pass allow_ties=True to use the paper's convention s = 0"
        )
    g = tuple(v - w for v, w in zip(fr.value, t))
    diags = [fr.configuration.per_layer(net)[l] or (1,) * net.layers[l].n_out for l in range(net.depth)]
    return fr, g, diags


def _outer(u, v):
    return tuple(tuple(a * b for b in v) for a in u)


def loss_gradients(net: Network, x, target, *, allow_ties: bool = False) -> Gradients:
    """Closed form (13): dl/db_l = D_l W_{l+1}^T ... W_L^T D_L g, dl/dW_l = dl/db_l x_{l-1}^T."""
    fr, g, diags = _setup(net, x, target, allow_ties)
    K = la.QQ
    L = net.depth
    Ds = [la.DomainMatrix.diag([K.one if b else K.zero for b in diags[l]], K) for l in range(L)]
    gm = la.matrix([[v] for v in g], (len(g), 1), K)
    db = []
    for l in range(L):
        P = Ds[l]
        for k in range(l + 1, L):  # D_l W_{l+1}^T D_{l+1} ... W_L^T D_L
            P = P * net.W(k).transpose() * Ds[k]
        db.append(tuple(r[0] for r in la.rows(P * gm)) if l < L - 1 else tuple(r[0] for r in la.rows(Ds[l] * gm)))
    xs = (fr.point,) + fr.x[:-1]
    dW = tuple(_outer(db[l], xs[l]) for l in range(L))
    return Gradients(fr.configuration, g, tuple(db), dW)


def backprop_gradients(net: Network, x, target, *, allow_ties: bool = False) -> Gradients:
    """The recursion: delta_L = D_L g, delta_l = D_l W_{l+1}^T delta_{l+1}; dl/dW_l = delta_l x_{l-1}^T."""
    fr, g, diags = _setup(net, x, target, allow_ties)
    zero = la.QQ.zero
    L = net.depth
    delta = tuple(v if d else zero for v, d in zip(g, diags[L - 1]))
    db = [None] * L
    db[L - 1] = delta
    for l in range(L - 2, -1, -1):
        W = net.layers[l + 1].weights
        back = tuple(sum((W[r][c] * delta[r] for r in range(len(W))), zero) for c in range(net.layers[l].n_out))
        delta = tuple(v if d else zero for v, d in zip(back, diags[l]))
        db[l] = delta
    xs = (fr.point,) + fr.x[:-1]
    return Gradients(fr.configuration, g, tuple(db), tuple(_outer(db[l], xs[l]) for l in range(L)))


def _loss(net, x, t):
    fr = forward(net, x)
    return sum(((v - w) ** 2 for v, w in zip(fr.value, t)), la.QQ.zero) / 2, fr


def _replace(net: Network, l: int, r: int, c, value) -> Network:
    """A copy of ``net`` with W_l[r][c] (or b_l[r] when c is None) set to ``value``."""
    layers = list(net.layers)
    L = layers[l]
    if c is None:
        bias = tuple(value if i == r else v for i, v in enumerate(L.bias))
        layers[l] = Layer(L.weights, bias, L.activation)
    else:
        W = tuple(tuple(value if (i, j) == (r, c) else v for j, v in enumerate(row)) for i, row in enumerate(L.weights))
        layers[l] = Layer(W, L.bias, L.activation)
    return Network._from_validated(layers, net.domain, net.input_names)


def difference_quotients(net: Network, x, target, *, max_halvings: int = 200) -> Gradients:
    """Exact central differences in every weight and bias (x must not lie on a boundary)."""
    fr, g, _ = _setup(net, x, target, False)
    t = tuple(a - b for a, b in zip(fr.value, g))
    x = fr.point

    def quotient(l, r, c):
        p = net.layers[l].bias[r] if c is None else net.layers[l].weights[r][c]
        h = la.QQ.one
        for _ in range(max_halvings):
            lp, fp = _loss(_replace(net, l, r, c, p + h), x, t)
            lm, fm = _loss(_replace(net, l, r, c, p - h), x, t)
            if fp.configuration == fr.configuration == fm.configuration and not fp.ties and not fm.ties:
                return (lp - lm) / (2 * h)
            h = h / 2
        raise ConfigurationError(f"no step keeps the configuration at layers[{l}] parameter ({r}, {c})")  # pragma: no cover

    db = tuple(tuple(quotient(l, r, None) for r in range(net.layers[l].n_out)) for l in range(net.depth))
    dW = tuple(
        tuple(tuple(quotient(l, r, c) for c in range(net.layers[l].n_in)) for r in range(net.layers[l].n_out))
        for l in range(net.depth)
    )
    return Gradients(fr.configuration, g, db, dW)


def input_gradient(net: Network, x, target):
    """grad_x l(rho(x)) = M_s^T g on the region of x (MATH.md §7)."""
    from .configuration import affine_piece

    fr, g, _ = _setup(net, x, target, False)
    M = la.rows(affine_piece(net, fr.configuration).M)
    zero = la.QQ.zero
    return tuple(sum((M[r][c] * g[r] for r in range(len(M))), zero) for c in range(net.n_inputs))


@dataclass(frozen=True, slots=True)
class GradientBound:
    """Per layer (0-based): the largest |entry| of dl/dW_l and the bound (mu n)^{L-l} ||g||_inf ||x_{l-1}||_inf."""

    mu: object
    n: int
    largest: tuple
    bounds: tuple

    @property
    def holds(self) -> bool:
        return all(a <= b for a, b in zip(self.largest, self.bounds))

    def __bool__(self) -> bool:
        return self.holds


def gradient_bound_check(net: Network, x, target, *, allow_ties: bool = False) -> GradientBound:
    """The exploding-gradient bound of MATH.md §7 at ``x``, exactly.

    mu = largest |weight| over all layers, n = largest width (n_0 .. n_L).
    """
    grads = loss_gradients(net, x, target, allow_ties=allow_ties)
    fr = forward(net, x)
    zero = la.QQ.zero
    mu = max((abs(v) for L in net.layers for r in L.weights for v in r), default=zero)
    n = max(net.widths)
    L = net.depth
    ginf = max((abs(v) for v in grads.g), default=zero)
    xs = (fr.point,) + fr.x[:-1]
    largest, bounds = [], []
    for l in range(L):
        largest.append(max((abs(v) for r in grads.dW[l] for v in r), default=zero))
        xinf = max((abs(v) for v in xs[l]), default=zero)
        bounds.append((mu * n) ** (L - 1 - l) * ginf * xinf)
    return GradientBound(mu, n, tuple(largest), tuple(bounds))

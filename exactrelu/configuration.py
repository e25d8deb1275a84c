"""Configurations, the exact forward pass and affine pieces (MATH.md §2-3).

A configuration ``s`` holds one 0/1 vector per *rectified* layer (a linear
layer has no bits: its D is the identity). ``forward`` computes z_l and x_l in
exact arithmetic and reports ties (a pre-activation exactly 0, where the
paper's convention gives s = 0). ``affine_piece`` gives M_s, m_s by the
recursion (A_l, c_l); ``affine_piece_product`` computes them independently by
the product formula eq. (10), so the two can be compared.

>>> from exactrelu.network import Network
>>> net = Network.from_lists([[[1, -1], [1, 1]], [[1, 2]]], [[0, 0], [0]], ["relu", "linear"])
>>> r = forward(net, ["1", "1"])
>>> str(r.configuration), r.ties
('01', ((0, 0),))
>>> affine_piece(net, r.configuration) == affine_piece_product(net, r.configuration)
True
"""

from __future__ import annotations

from dataclasses import dataclass

from . import _linalg as la
from .errors import ConfigurationError
from .network import Network
from .rational import to_point

__all__ = [
    "Configuration",
    "ForwardResult",
    "AffinePiece",
    "forward",
    "activation_pattern",
    "preactivation_maps",
    "affine_piece",
    "affine_piece_product",
]


@dataclass(frozen=True, slots=True)
class Configuration:
    """One 0/1 tuple per rectified layer, e.g. ``Configuration.parse("10|011")``."""

    bits: tuple

    @classmethod
    def parse(cls, text, net: Network | None = None) -> "Configuration":
        """Parse ``"10|011"`` (or accept a Configuration / nested 0-1 sequence) and check it fits ``net``."""
        if isinstance(text, Configuration):
            conf = text
        elif isinstance(text, str):
            parts = text.strip().split("|") if text.strip() else []
            bits = []
            for i, p in enumerate(parts):
                p = p.strip()
                if any(ch not in "01" for ch in p):
                    raise ConfigurationError(f"configuration {text!r}: layer {i} is {p!r}; expected only 0 and 1")
                bits.append(tuple(int(ch) for ch in p))
            conf = cls(tuple(bits))
        elif isinstance(text, (list, tuple)):
            bits = []
            for i, layer in enumerate(text):
                if not isinstance(layer, (list, tuple)):
                    raise ConfigurationError(f"configuration[{i}] is {layer!r}; expected a sequence of 0/1")
                row = []
                for k, v in enumerate(layer):
                    if isinstance(v, bool) or v not in (0, 1):
                        raise ConfigurationError(f"configuration[{i}][{k}] is {v!r}; expected 0 or 1")
                    row.append(int(v))
                bits.append(tuple(row))
            conf = cls(tuple(bits))
        else:
            raise ConfigurationError(f"a configuration is a string like '10|011' or nested 0/1 lists, not {type(text).__name__}")
        if net is not None:
            conf._check(net)
        return conf

    def _check(self, net: Network) -> None:
        rect = net.rectified_layers
        if len(self.bits) != len(rect):
            raise ConfigurationError(
                f"configuration {self} has {len(self.bits)} layers but the network has {len(rect)} rectified "
                f"layers (layers {list(rect)}); expected {len(rect)} groups separated by '|'"
            )
        for i, (l, b) in enumerate(zip(rect, self.bits)):
            n = net.layers[l].n_out
            if len(b) != n:
                raise ConfigurationError(
                    f"configuration {self}: group {i} (layers[{l}]) has {len(b)} bits but layers[{l}] has {n} neurons"
                )

    def per_layer(self, net: Network) -> tuple:
        """One entry per layer of ``net``: the bits of a rectified layer, ``None`` for a linear one."""
        it = iter(self.bits)
        return tuple(next(it) if L.rectified else None for L in net.layers)

    def __str__(self) -> str:
        return "|".join("".join(map(str, b)) for b in self.bits)

    def __len__(self) -> int:
        return sum(len(b) for b in self.bits)


@dataclass(frozen=True, slots=True)
class ForwardResult:
    """Exact forward pass: ``z[l]`` and ``x[l]`` per layer (0-based), the configuration, ties."""

    point: tuple
    z: tuple
    x: tuple
    configuration: Configuration
    ties: tuple

    @property
    def value(self) -> tuple:
        return self.x[-1]


@dataclass(frozen=True, slots=True)
class AffinePiece:
    """The affine map ``x -> M x + m`` a network equals on the cell of ``configuration``."""

    configuration: Configuration
    M: object  # DomainMatrix n_L x n_0
    m: object  # DomainMatrix n_L x 1

    def __eq__(self, other) -> bool:
        if not isinstance(other, AffinePiece):
            return NotImplemented
        return la.equal(self.M, other.M) and la.equal(self.m, other.m)

    __hash__ = None

    @property
    def M_rows(self) -> tuple:
        return la.rows(self.M)

    @property
    def m_vector(self) -> tuple:
        return tuple(r[0] for r in la.rows(self.m))

    def __call__(self, x) -> tuple:
        x = to_point(x, self.M.shape[1])
        K = self.M.domain
        x = tuple(K.convert(v) for v in x)
        return tuple(v + c for v, c in zip(la.matvec(self.M_rows, x, K), self.m_vector))


def forward(net: Network, x) -> ForwardResult:
    """Exact forward pass at ``x``; ties (z exactly 0 in a rectified layer) get s = 0 and are listed.

    Returns z_l, x_l for every layer, the configuration and the ties as
    ``(layer, neuron)`` pairs (0-based, layer = index in ``net.layers``).
    """
    net.require_rational("the forward pass")
    pt = to_point(x, net.n_inputs)
    zero = la.QQ.zero
    cur = pt
    zs, xs, bits, ties = [], [], [], []
    for l, L in enumerate(net.layers):
        z = tuple(la.dot(row, cur, zero) + b for row, b in zip(L.weights, L.bias))
        zs.append(z)
        if L.rectified:
            s = tuple(1 if v > 0 else 0 for v in z)
            ties.extend((l, k) for k, v in enumerate(z) if v == 0)
            bits.append(s)
            cur = tuple(v if si else zero for v, si in zip(z, s))
        else:
            cur = z
        xs.append(cur)
    return ForwardResult(pt, tuple(zs), tuple(xs), Configuration(tuple(bits)), tuple(ties))


def activation_pattern(net: Network, x) -> Configuration:
    """The configuration of ``x`` (ties -> 0, MATH.md §2)."""
    return forward(net, x).configuration


def _diag(bits, n, K):
    if bits is None:
        return la.identity(n, K)
    return la.DomainMatrix.diag([K.one if b else K.zero for b in bits], K).to_dense()


def preactivation_maps(net: Network, s) -> tuple:
    """``((A_1, c_1), ..., (A_L, c_L))`` as DomainMatrices: z_l = A_l x + c_l on the cell of s.

    Recursion of MATH.md §2: A_1 = W_1, c_1 = b_1, A_l = W_l D_{l-1} A_{l-1},
    c_l = W_l D_{l-1} c_{l-1} + b_l.
    """
    s = Configuration.parse(s, net)
    K = net.domain
    per = s.per_layer(net)
    out = []
    A, c = net.W(0), net.b(0)
    out.append((A, c))
    for l in range(1, net.depth):
        D = _diag(per[l - 1], net.layers[l - 1].n_out, K)
        W = net.W(l)
        WD = W * D
        A, c = WD * A, WD * c + net.b(l)
        out.append((A, c))
    return tuple(out)


def affine_piece(net: Network, s) -> AffinePiece:
    """M_s = D_L A_L and m_s = D_L c_L by the recursion (MATH.md §3)."""
    s = Configuration.parse(s, net)
    A, c = preactivation_maps(net, s)[-1]
    D = _diag(s.per_layer(net)[-1], net.layers[-1].n_out, net.domain)
    return AffinePiece(s, D * A, D * c)


def affine_piece_product(net: Network, s) -> AffinePiece:
    """M_s, m_s by the product formula eq. (10), computed independently of the recursion.

    M_s = D_L W_L ... D_1 W_1 and m_s = sum_l D_L W_L ... W_{l+1} D_l b_l.
    """
    s = Configuration.parse(s, net)
    K = net.domain
    per = s.per_layer(net)
    L = net.depth
    Ds = [_diag(per[l], net.layers[l].n_out, K) for l in range(L)]
    m = la.zeros((net.n_outputs, 1), K)
    for l in range(L):
        P = Ds[L - 1]
        for k in range(L - 1, l, -1):  # D_L W_L D_{L-1} ... W_{l+1}
            P = P * net.W(k) * Ds[k - 1]
        m = m + P * net.b(l)
    P = Ds[L - 1]
    for k in range(L - 1, 0, -1):
        P = P * net.W(k) * Ds[k - 1]
    return AffinePiece(s, P * net.W(0), m)

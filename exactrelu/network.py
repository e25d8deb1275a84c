"""Layer and Network: immutable, validated once (MATH.md §1).

A network is a sequence of affine layers ``z_l = W_l x_{l-1} + b_l``, each
followed by ``relu`` or by nothing (``linear``). Entries live in one exact
domain: ``QQ`` for rational networks, ``QQ[a, b, ...]`` when weights are
symbolic. ``Network.from_lists`` is the validating public constructor;
``Network._from_validated`` is the trusted one used inside the library.

>>> net = Network.from_lists([[[1, -1], [2, "1/2"]], [[1, 1]]], [[0, 1], [0]],
...                          ["relu", "linear"])
>>> net.widths
(2, 2, 1)
>>> str(net.layers[0].weights[1][1])
'1/2'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import _linalg as la
from .errors import ConversionError, ModelFormatError, ShapeError, SymbolicError
from .rational import to_rational

__all__ = ["Layer", "Network", "ACTIVATIONS"]

ACTIVATIONS = ("relu", "linear")
_IDENT = re.compile(r"\A[A-Za-z_][A-Za-z0-9_]*\Z")


@dataclass(frozen=True, slots=True)
class Layer:
    """One affine layer ``z = W x + b`` and its activation.

    ``weights`` is a tuple of rows (row k = incoming weights of neuron k),
    ``bias`` a tuple; entries are elements of the network's domain.
    """

    weights: tuple
    bias: tuple
    activation: str

    @property
    def n_out(self) -> int:
        return len(self.bias)

    @property
    def n_in(self) -> int:
        return len(self.weights[0]) if self.weights else 0

    @property
    def rectified(self) -> bool:
        return self.activation == "relu"


@dataclass(frozen=True, slots=True)
class Network:
    """A feedforward network of affine layers with ReLU or linear activations.

    Attributes
    ----------
    layers : tuple of Layer
    domain : the sympy domain of every entry (QQ, or QQ[symbols])
    input_names : tuple of str
    symbols : tuple of sympy Symbols (empty for a rational network)
    """

    layers: tuple
    domain: object
    input_names: tuple
    symbols: tuple = ()

    # -- constructors -------------------------------------------------
    @classmethod
    def _from_validated(cls, layers, domain, input_names=None, symbols=()):
        n0 = layers[0].n_in
        if input_names is None:
            input_names = tuple(f"x{i + 1}" for i in range(n0))
        return cls(tuple(layers), domain, tuple(input_names), tuple(symbols))

    @classmethod
    def from_lists(cls, weights, biases, activations=None, *, input_names=None, symbols=None):
        """Build and validate a network from nested lists.

        Parameters
        ----------
        weights : list of 2-D lists (layer l: n_l rows of n_{l-1} entries)
        biases : list of 1-D lists
        activations : list of "relu" / "linear"; default all "relu" (the paper's
            all-rectified network; pass ``[..., "linear"]`` for a linear head)
        input_names : names of the inputs (default x1, x2, ...)
        symbols : names (str) or sympy Symbols that entries may use; entries may
            then be a declared name (str) or a sympy expression in them.

        Entries go through :func:`exactrelu.rational.to_rational`: a float is
        taken at its exact binary value (0.1 is not 1/10; write "0.1").
        """
        if not isinstance(weights, (list, tuple)) or not isinstance(biases, (list, tuple)):
            raise ModelFormatError("weights and biases must be lists with one entry per layer")
        if len(weights) == 0:
            raise ShapeError("the network has no layers; expected at least one layer")
        if len(weights) != len(biases):
            raise ShapeError(f"{len(weights)} weight matrices but {len(biases)} bias vectors; expected one of each per layer")
        if activations is None:
            activations = ["relu"] * len(weights)
        if len(activations) != len(weights):
            raise ShapeError(f"{len(activations)} activations for {len(weights)} layers")
        syms, names = _declare_symbols(symbols)
        K = la.polynomial_domain(syms)
        conv = _converter(K, names)
        layers = []
        n_prev = None
        for l, (W, b, act) in enumerate(zip(weights, biases, activations)):
            where = f"layers[{l}]"
            if act not in ACTIVATIONS:
                raise ModelFormatError(f"{where}.activation is {act!r}; expected 'relu' or 'linear'")
            W = _as_list(W, f"{where}.weights")
            b = _as_list(b, f"{where}.bias")
            if len(W) == 0:
                raise ShapeError(f"{where}.weights has no rows; every layer needs at least one neuron")
            rows = []
            for r, row in enumerate(W):
                row = _as_list(row, f"{where}.weights[{r}]")
                if n_prev is None:
                    n_prev = len(row)
                    if n_prev == 0:
                        raise ShapeError(f"{where}.weights[0] is empty; the network needs at least one input")
                if len(row) != n_prev:
                    expect = "the number of inputs" if l == 0 and r > 0 else f"layers[{l - 1}] has {n_prev} outputs"
                    if l == 0:
                        expect = f"row 0 has {n_prev} entries"
                    raise ShapeError(
                        f"{where}.weights[{r}] has {len(row)} entries but {expect}; expected {n_prev}"
                    )
                rows.append(tuple(conv(v, f"{where}.weights[{r}][{c}]") for c, v in enumerate(row)))
            if len(b) != len(rows):
                raise ShapeError(f"{where}.bias has {len(b)} entries but {where}.weights has {len(rows)} rows; expected {len(rows)}")
            bias = tuple(conv(v, f"{where}.bias[{k}]") for k, v in enumerate(b))
            layers.append(Layer(tuple(rows), bias, act))
            n_prev = len(rows)
        n0 = layers[0].n_in
        if input_names is not None:
            input_names = tuple(str(n) for n in input_names)
            if len(input_names) != n0:
                raise ShapeError(f"input_names has {len(input_names)} names but the network has {n0} inputs")
        return cls._from_validated(layers, K, input_names, syms)

    # -- views --------------------------------------------------------
    @property
    def widths(self) -> tuple:
        """(n_0, n_1, ..., n_L)."""
        return (self.layers[0].n_in,) + tuple(L.n_out for L in self.layers)

    @property
    def n_inputs(self) -> int:
        return self.layers[0].n_in

    @property
    def n_outputs(self) -> int:
        return self.layers[-1].n_out

    @property
    def depth(self) -> int:
        return len(self.layers)

    @property
    def is_symbolic(self) -> bool:
        return bool(self.symbols)

    @property
    def rectified_layers(self) -> tuple:
        """Indices of the layers followed by a ReLU (those that carry configuration bits)."""
        return tuple(i for i, L in enumerate(self.layers) if L.rectified)

    def W(self, l: int):
        """W_l as a DomainMatrix (0-based layer index)."""
        L = self.layers[l]
        return la.matrix(L.weights, (L.n_out, L.n_in), self.domain)

    def b(self, l: int):
        """b_l as an n_l x 1 DomainMatrix (0-based layer index)."""
        L = self.layers[l]
        return la.matrix([[v] for v in L.bias], (L.n_out, 1), self.domain)

    def require_rational(self, what: str) -> None:
        if self.is_symbolic:
            raise SymbolicError(
                f"{what} needs concrete numbers, but the network has symbolic weights "
                f"({', '.join(map(str, self.symbols))}); substitute values first (Network.subs)"
            )

    def subs(self, values) -> "Network":
        """Substitute numbers for the symbols: ``values`` maps name or Symbol to a number."""
        if not self.is_symbolic:
            return self
        vals = {}
        for k, v in dict(values).items():
            name = str(k)
            if name not in {str(s) for s in self.symbols}:
                raise ConversionError(f"{name!r} is not a symbol of this network (symbols: {', '.join(map(str, self.symbols))})")
            vals[name] = to_rational(v, f"value of {name}")
        missing = [str(s) for s in self.symbols if str(s) not in vals]
        if missing:
            raise ConversionError(f"no value given for symbol(s) {', '.join(missing)}")
        K = self.domain
        point = [vals[str(s)] for s in self.symbols]

        def ev(p):
            return la.QQ.convert(K.to_sympy(p).subs({s: la.QQ.to_sympy(v) for s, v in zip(self.symbols, point)}))

        layers = [
            Layer(tuple(tuple(ev(v) for v in r) for r in L.weights), tuple(ev(v) for v in L.bias), L.activation)
            for L in self.layers
        ]
        return Network._from_validated(layers, la.QQ, self.input_names)

    def __repr__(self) -> str:
        acts = ",".join("r" if L.rectified else "l" for L in self.layers)
        sym = f", symbols={[str(s) for s in self.symbols]}" if self.symbols else ""
        return f"Network(widths={self.widths}, activations={acts}{sym})"


def _as_list(v, where):
    try:
        import numpy as np

        if isinstance(v, np.ndarray):
            v = v.tolist()
    except ImportError:  # pragma: no cover
        pass
    if isinstance(v, (list, tuple)):
        return v
    raise ShapeError(f"{where} is a {type(v).__name__}; expected a list")


def _declare_symbols(symbols):
    if not symbols:
        return (), {}
    import sympy

    syms, names = [], {}
    for i, s in enumerate(symbols):
        name = s.name if isinstance(s, sympy.Symbol) else s
        if not isinstance(name, str) or not _IDENT.match(name):
            raise ConversionError(f"symbols[{i}] is {s!r}; a symbol name must be an identifier like 'a' or 'w_12'")
        if name in names:
            raise ConversionError(f"symbols[{i}] {name!r} is declared twice")
        sym = sympy.Symbol(name, real=True) if not isinstance(s, sympy.Symbol) else s
        names[name] = sym
        syms.append(sym)
    return tuple(syms), names


def _converter(K, names):
    if K == la.QQ:
        return to_rational

    def conv(v, where):
        import sympy

        if isinstance(v, str) and v.strip() in names:
            return K.from_sympy(names[v.strip()])
        if isinstance(v, sympy.Basic) and not isinstance(v, (sympy.Rational, sympy.Float)):
            unknown = {str(f) for f in v.free_symbols} - set(names)
            if unknown:
                raise ConversionError(f"{where} uses undeclared symbol(s) {', '.join(sorted(unknown))}; declare them in symbols")
            expr = v.subs({f: names[str(f)] for f in v.free_symbols})
            try:
                return K.from_sympy(sympy.expand(expr))
            except Exception as err:  # sympy's CoercionFailed and friends
                raise ConversionError(f"{where} = {v} is not a polynomial in the declared symbols") from err
        if isinstance(v, str) and _IDENT.match(v.strip()):
            raise ConversionError(f"{where} is {v!r}, which is not a declared symbol (declared: {', '.join(names)})")
        return K.convert(to_rational(v, where))

    return conv

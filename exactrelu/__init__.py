"""exactrelu: exact analysis of ReLU networks (Heinecke & Hwang, "Deep Representation with ReLU Neural Networks").

The public API; see README.md and INTERFACE.md. Opt-in modules, imported by
name: ``exactrelu.numeric`` (float twins), ``exactrelu.testing``,
``exactrelu.strategies``, ``exactrelu.plot``.
"""

from .atoms import Atom, Decomposition, atomic_decomposition, recombine
from .configuration import (
    AffinePiece,
    Configuration,
    ForwardResult,
    activation_pattern,
    affine_piece,
    affine_piece_product,
    forward,
    preactivation_maps,
)
from .errors import (
    ConfigurationError,
    ConversionError,
    DomainError,
    ExactReluError,
    LimitError,
    MissingDependencyError,
    ModelFormatError,
    NonFiniteError,
    ShapeError,
    SymbolicError,
)
from .interop import load, loads, save
from .latex import to_latex
from .lipschitz import LipschitzResult, lipschitz_constant
from .lp import Feasible, Infeasible
from .network import Layer, Network
from .polytope import Domain, Polytope, cell_polytope, configurations_at, is_realised, is_region
from .rational import to_point, to_rational
from .regions import (
    Enumeration,
    Realised,
    Region,
    count_realised,
    count_regions,
    enumerate_realised,
    enumerate_regions,
)

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "AffinePiece",
    "Atom",
    "Decomposition",
    "LipschitzResult",
    "atomic_decomposition",
    "lipschitz_constant",
    "recombine",
    "Configuration",
    "ConfigurationError",
    "ConversionError",
    "Domain",
    "DomainError",
    "ExactReluError",
    "Feasible",
    "ForwardResult",
    "Infeasible",
    "Layer",
    "LimitError",
    "MissingDependencyError",
    "ModelFormatError",
    "Network",
    "NonFiniteError",
    "Polytope",
    "ShapeError",
    "SymbolicError",
    "Enumeration",
    "Realised",
    "Region",
    "count_realised",
    "count_regions",
    "enumerate_realised",
    "enumerate_regions",
    "activation_pattern",
    "affine_piece",
    "affine_piece_product",
    "cell_polytope",
    "configurations_at",
    "forward",
    "is_realised",
    "is_region",
    "load",
    "loads",
    "preactivation_maps",
    "save",
    "to_latex",
    "to_point",
    "to_rational",
]

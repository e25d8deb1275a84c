"""The exception hierarchy of exactrelu.

Every error the library raises on bad input is an :class:`ExactReluError`; each
subclass also inherits the built-in exception a user would naturally catch
(as Hypothesis does with ``InvalidArgument``), so ``except ValueError`` keeps
working. A verdict (an empty polytope, say) is never an error.
"""

from __future__ import annotations

__all__ = [
    "ExactReluError",
    "ConversionError",
    "NonFiniteError",
    "ShapeError",
    "ModelFormatError",
    "SymbolicError",
    "ConfigurationError",
    "DomainError",
    "LimitError",
    "MissingDependencyError",
]


class ExactReluError(Exception):
    """Root of every error exactrelu raises on purpose."""


class ConversionError(ExactReluError, TypeError):
    """A value could not be converted to an exact number (wrong type, bad text)."""


class NonFiniteError(ExactReluError, ValueError):
    """NaN or an infinity where an exact number is required."""


class ShapeError(ExactReluError, ValueError):
    """Shapes of weights, biases, points or domains do not fit together."""


class ModelFormatError(ExactReluError, ValueError):
    """A network file or model is malformed (missing field, unknown key, bad format tag)."""


class SymbolicError(ExactReluError, ValueError):
    """An operation needs concrete numbers but the network has symbolic weights."""


class ConfigurationError(ExactReluError, ValueError):
    """A configuration string or vector is malformed or does not fit the network."""


class DomainError(ExactReluError, ValueError):
    """A domain is malformed, empty, or unbounded where a bounded one is required."""


class LimitError(ExactReluError, ValueError):
    """An input exceeds a documented size limit (digits, exponent, number of neurons)."""


class MissingDependencyError(ExactReluError, ImportError):
    """An optional dependency (torch, onnx, matplotlib) is needed but not installed."""

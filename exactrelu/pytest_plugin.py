"""pytest plugin: exactrelu as a reference oracle in any project's tests.

Installed with exactrelu (entry point ``pytest11: exactrelu``), so nothing to
configure: in your tests ::

    import pytest

    @pytest.mark.exactrelu_oracle
    def test_my_region_counter(exactrelu_oracle, exact_net):
        net = exact_net([[[1, 0], [0, 1]], [[1, 1]]], [[0, 0], [-1]])
        exactrelu_oracle.assert_region_count(net, my_tool.count_regions(...))

Fixtures
--------
``exactrelu_oracle``
    the :mod:`exactrelu.testing` module: ``assert_region_count``,
    ``assert_piece``, ``assert_jacobian``, ``assert_lipschitz_upper_bound``,
    ``assert_same_function``, ``OracleMismatch``.
``exact_net``
    a factory: ``exact_net(path)`` loads any supported file (``.json``,
    ``.npz``, ``.pt``, ``.onnx``), ``exact_net(weights, biases, activations=None)``
    builds from lists, ``exact_net(torch_module)`` converts an ``nn.Sequential``.

Marker
------
``@pytest.mark.exactrelu_oracle``: tags tests that use exactrelu as their
oracle (select them with ``-m exactrelu_oracle``).

A mismatch fails the test with :class:`exactrelu.testing.OracleMismatch`, an
``AssertionError`` whose message holds a rational counterexample
(``x = 1/2,-3``, configuration ``10|011``).

Algorithm note: pytest imports every installed plugin at start-up, in every
project; this module therefore imports only pytest at module level, and
exactrelu's heavier modules when a fixture is first used. (Importing the
plugin does import the package ``exactrelu`` itself, hence sympy: about half a
second added to a pytest start-up.)
"""

from __future__ import annotations

import os

import pytest

__all__ = ["exactrelu_oracle", "exact_net", "pytest_configure"]


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "exactrelu_oracle: the test checks a result against exactrelu's exact oracle (exactrelu.testing)",
    )


def _testing_module():
    from . import testing  # the plugin sits one layer above exactrelu.testing; loaded on first use

    return testing


@pytest.fixture
def exactrelu_oracle():
    """The :mod:`exactrelu.testing` module (``assert_*`` helpers and ``OracleMismatch``)."""
    return _testing_module()


def _make_net(source=None, biases=None, activations=None, **kwargs):
    from .interop import from_torch, load
    from .network import Network

    if biases is not None:
        return Network.from_lists(source, biases, activations, **kwargs)
    if isinstance(source, Network):
        return source
    if isinstance(source, (str, os.PathLike)):
        return load(source)
    if type(source).__module__.startswith("torch"):
        return from_torch(source)
    from .errors import ModelFormatError

    raise ModelFormatError(
        f"exact_net got a {type(source).__name__}; expected a file path, a torch nn.Sequential, "
        "or (weights, biases[, activations]) lists"
    )


@pytest.fixture
def exact_net():
    """Factory: ``exact_net(path)``, ``exact_net(model)`` or ``exact_net(weights, biases, activations=None)``."""
    return _make_net

"""The pytest plugin (entry point pytest11: exactrelu): fixtures, marker, failure output."""

from importlib.metadata import entry_points

import pytest

pytest_plugins = ["pytester"]


def _installed() -> bool:
    return any(ep.value == "exactrelu.pytest_plugin" for ep in entry_points(group="pytest11"))


def _run(pytester, *args):
    # the entry point loads the plugin when exactrelu is installed; otherwise load it by name
    extra = [] if _installed() else ["-p", "exactrelu.pytest_plugin"]
    return pytester.runpytest_subprocess(*extra, "-p", "no:cacheprovider", *args)


def test_entry_point_is_registered():
    if not _installed():
        pytest.skip("exactrelu not installed with its entry points (pip install -e .)")
    (ep,) = [ep for ep in entry_points(group="pytest11") if ep.value == "exactrelu.pytest_plugin"]
    assert ep.name == "exactrelu"


def test_fixtures_and_marker(pytester):
    pytester.makepyfile(
        test_user="""
        import json
        import pytest

        @pytest.mark.exactrelu_oracle
        def test_count(exactrelu_oracle, exact_net):
            net = exact_net([[[1, 0], [0, 1]], [[1, 1]]], [[0, 0], [-1]])
            assert exactrelu_oracle.assert_region_count(net, 7) == 7
            assert issubclass(exactrelu_oracle.OracleMismatch, AssertionError)

        def test_load(exact_net, tmp_path):
            p = tmp_path / "n.json"
            p.write_text(json.dumps({"layers": [{"W": [[1], [-1]], "b": [0, 0]}, {"W": [[1, 1]], "b": [0]}]}))
            net = exact_net(str(p))
            assert net.widths == (1, 2, 1)
            assert exact_net(net) is net

        def test_unmarked_is_deselected():
            pass
        """
    )
    result = _run(pytester, "-m", "exactrelu_oracle", "--strict-markers")
    result.assert_outcomes(passed=1, deselected=2)
    result = _run(pytester, "--strict-markers")
    result.assert_outcomes(passed=3)
    result = _run(pytester, "--markers")
    result.stdout.fnmatch_lines(["*exactrelu_oracle*exact oracle*"])


def test_mismatch_fails_with_counterexample(pytester):
    pytester.makepyfile(
        test_user="""
        def test_my_tool_jacobian(exactrelu_oracle, exact_net):
            net = exact_net([[[1], [-1]], [[1, 1]]], [[0, 0], [0]], ["relu", "linear"])   # |x|
            exactrelu_oracle.assert_jacobian(net, ["1/2"], [[-1]])

        def test_my_tool_piece(exactrelu_oracle, exact_net):
            net = exact_net([[[1, 0], [0, 1]], [[1, 1]]], [[0, 0], [-1]])
            exactrelu_oracle.assert_piece(net, "-1/3,5", [[1, 1]], [-1])
        """
    )
    result = _run(pytester)
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines([
        "*OracleMismatch*x = 1/2*",
        "*OracleMismatch*x = -1/3,5*",
        "*region 01|1*: claimed 1 exactly, but the network has 0*",
    ], consecutive=False)
    # the oracle's own frames are hidden (__tracebackhide__): the user's call is the last frame shown
    assert "def assert_jacobian" not in result.stdout.str()


def test_exact_net_rejects_unknown(pytester):
    pytester.makepyfile(
        test_user="""
        import pytest
        from exactrelu.errors import ModelFormatError

        def test_bad(exact_net):
            with pytest.raises(ModelFormatError, match="exact_net got a dict"):
                exact_net({"W": 1})
        """
    )
    _run(pytester).assert_outcomes(passed=1)

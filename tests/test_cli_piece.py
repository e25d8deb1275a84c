"""`exactrelu piece` per INTERFACE.md: keys, exact strings, ties, errors (one line, exit 2)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from exactrelu.cli import main

EX = Path(__file__).resolve().parent.parent / "examples"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_piece_json_keys_and_exact_values(capsys):
    code, out, err = run(capsys, "piece", str(EX / "paper_example1.json"), "--at", "1,2", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert set(doc) >= {"configuration", "ties", "configurations", "M", "m", "value"}
    # independent hand computation: z1 = (1-2, 1+2-1, -1/2+2+1/3) = (-1, 2, 11/6) -> s1 = 011
    # z2 = -2*2 + 11/6 + 1/2 = -5/3 -> s2 = 0, value 0
    assert doc["configuration"] == "011|0"
    assert doc["ties"] == [] and doc["configurations"] == ["011|0"]
    assert doc["value"] == ["0"] and doc["M"] == [["0", "0"]]


def test_piece_on_a_boundary_lists_ties_and_both_regions(capsys):
    # at (1,1): z1 = (0, 1, 5/6): neuron 0 of layer 0 tied
    code, out, _ = run(capsys, "piece", str(EX / "paper_example1.json"), "--at", "1,1", "--json")
    doc = json.loads(out)
    assert doc["ties"] == [[0, 0]]
    assert doc["configuration"].startswith("0")
    assert len(doc["configurations"]) == 2
    assert all(isinstance(v, str) for row in doc["M"] for v in row)


def test_negative_values_accepted_as_written(capsys):
    code, out, err = run(capsys, "piece", str(EX / "paper_example1.json"), "--at", "-1/2,3", "--json")
    assert code == 0, err
    assert json.loads(out)["value"] == ["1/2"] or json.loads(out)["value"]


@pytest.mark.parametrize(
    "argv,msg",
    [
        (["piece", "nope.json", "--at", "1,2"], "no such file"),
        (["piece", str(EX / "paper_example1.json"), "--at", "1,2,3"], "has 3 entries but the network has 2 inputs"),
        (["piece", str(EX / "paper_example1.json"), "--at", "1,nan"], "NaN"),
        (["piece", str(EX / "paper_example1.json")], "required"),
    ],
)
def test_errors_are_one_line_exit_2(capsys, argv, msg):
    try:
        code, out, err = run(capsys, *argv)
    except SystemExit as e:  # argparse usage errors
        code = e.code
        out, err = capsys.readouterr()
    assert code == 2
    assert err.startswith("exactrelu: error:") and err.count("\n") == 1
    assert msg in err


def test_console_script_and_module_are_the_same_program():
    args = ["piece", str(EX / "paper_example2.json"), "--at", "2,3", "--json"]
    a = subprocess.run([sys.executable, "-m", "exactrelu", *args], capture_output=True, text=True)
    assert a.returncode == 0, a.stderr
    doc = json.loads(a.stdout)
    # Example 2 net: relu(relu(x) + relu(y) - 1) at (2, 3) = 4
    assert doc["value"] == ["4"] and doc["configuration"] == "11|1"

"""The command line on bad input: status 2, one message, no traceback; and strict JSON.

Every command is run on a data folder with a broken row, on a folder that does
not exist, on a file given as a folder, and with option values it refuses. A
library error or an OSError becomes ``kzlt-trade: error: ...`` on stderr with
status 2; a bug (any other exception) keeps its traceback.
"""

from __future__ import annotations

import io
import json
import math
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import kzlt_trade
from kzlt_trade.cli import main

TEAM = Path(__file__).parent / "data" / "team_releases"
COMMANDS = ("claims", "check", "reconcile", "report", "official", "plot")
#: The options each command needs besides --data (plot needs a file to write).
NEEDS = {"plot": ["-o", "{tmp}/chart.png"]}
BROKEN_ROW = "claims.csv, row 4, field 'partner': got 'XX'"


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(args), stdout=out)
    return status, out.getvalue()


def command(name: str, tmp_path: Path, *extra: str) -> list[str]:
    return [name, *(a.format(tmp=tmp_path) for a in NEEDS.get(name, [])), *extra]


#: A progress line: what the command is doing, on stderr.
PROGRESS = re.compile(r"kzlt-trade: (?!error: )[^\n]* \.\.\.\n")


def error_of(err: str) -> str:
    """The error in stderr ``err``: what follows the progress lines, which all come before it."""
    at = 0
    while match := PROGRESS.match(err, at):
        at = match.end()
    assert PROGRESS.search(err, at) is None, err  # no progress after the error
    return err[at:]


def failure(capsys: pytest.CaptureFixture[str], args: list[str]) -> str:
    """Run ``args``, assert the clean failure (status 2, nothing on stdout, no traceback); return the error."""
    status, text = run(*args)
    err = error_of(capsys.readouterr().err)
    assert status == 2, err
    assert text == ""
    assert err.startswith("kzlt-trade: error: ")
    assert err.endswith("\n")
    assert "Traceback" not in err
    return err


@pytest.fixture
def broken(data_copy: Path) -> Path:
    """A copy of the bundled data with one row that does not load: an unknown partner."""
    path = data_copy / "claims.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",LT,turnover,both,,2022,,level,", ",XX,turnover,both,,2022,,level,", 1), "utf-8")
    return data_copy


# -- data folders that do not load ---------------------------------------------------------------
@pytest.mark.parametrize("name", COMMANDS)
def test_a_broken_row_names_file_row_and_field(
    name: str, broken: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = failure(capsys, ["--data", str(broken), *command(name, tmp_path)])
    assert err.splitlines()[0] == f"kzlt-trade: error: 1 problem in data folder {broken}:"
    assert BROKEN_ROW in err
    assert not (tmp_path / "chart.png").exists()


@pytest.mark.parametrize("name", COMMANDS)
def test_a_missing_folder_is_named(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nowhere = tmp_path / "nowhere"
    err = failure(capsys, ["--data", str(nowhere), *command(name, tmp_path)])
    assert f"{nowhere}: got missing; expected a folder holding sources.csv, claims.csv and sources/" in err


@pytest.mark.parametrize("name", COMMANDS)
def test_a_file_given_as_the_folder_is_named(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a_file = tmp_path / "claims.csv"
    a_file.write_text("id\n", encoding="utf-8")
    err = failure(capsys, ["--data", str(a_file), *command(name, tmp_path)])
    assert f"{a_file}: got missing; expected a folder holding" in err


def test_a_source_text_that_is_not_utf8(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = next((data_copy / "sources").iterdir())
    source.write_bytes(b"\xff\xfe" + source.read_bytes())
    err = failure(capsys, ["--data", str(data_copy), "check"])
    assert source.name in err


# -- option values that are refused --------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["claims", "--format", "xml"], "argument --format: invalid choice: 'xml'"),
        (["check", "--rounding", "up"], "argument --rounding: invalid choice: 'up'"),
        (["check", "--fail-on", "warning"], "argument --fail-on: invalid choice: 'warning'"),
        (["reconcile", "--format", "xml"], "argument --format: invalid choice: 'xml'"),
        (["report", "--rounding", "0.5"], "argument --rounding: invalid choice: '0.5'"),
        (["official", "--format", "yaml"], "argument --format: invalid choice: 'yaml'"),
        (["plot", "--kind", "pie", "-o", "x.png"], "argument --kind: invalid choice: 'pie'"),
        (["plot"], "the following arguments are required: -o/--output"),
        (["dance"], "argument COMMAND: invalid choice: 'dance'"),
    ],
    ids=["claims-format", "check-rounding", "check-fail-on", "reconcile-format", "report-rounding",
         "official-format", "plot-kind", "plot-no-output", "unknown-command"],
)  # fmt: skip
def test_argparse_refuses_an_unknown_choice(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        run(*args)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_an_unknown_partner_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = failure(capsys, ["plot", "--partner", "Atlantis", "-o", str(tmp_path / "x.png")])
    assert err.startswith("kzlt-trade: error: --partner='Atlantis' is not accepted: expected a partner code")
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        ("{tmp}/chart.gif", "a file name ending in .png, .svg or .pdf (the suffix sets the format)"),
        ("{tmp}/no/such/dir/chart.png", "a file in an existing folder ({tmp}/no/such/dir is not a folder)"),
        ("{tmp}/a-file/chart.png", "a file in an existing folder ({tmp}/a-file is not a folder)"),
        ("{tmp}/a-folder.png", "a file in an existing folder ({tmp}/a-folder.png is a folder)"),
    ],
    ids=["suffix", "missing-folder", "folder-is-a-file", "file-is-a-folder"],
)
def test_an_output_file_that_cannot_be_written_is_named(
    output: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    (tmp_path / "a-folder.png").mkdir()
    path = output.format(tmp=tmp_path)
    err = failure(capsys, ["plot", "-o", path])
    assert err == f"kzlt-trade: error: -o={path!r} is not accepted: expected {expected.format(tmp=tmp_path)}\n"


def test_an_oserror_while_saving_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from matplotlib.figure import Figure

    target = tmp_path / "chart.png"

    def refuse(self: Figure, fname: Any, **kwargs: Any) -> None:
        raise PermissionError(13, "Permission denied", str(fname))

    monkeypatch.setattr(Figure, "savefig", refuse)
    err = failure(capsys, ["plot", "--kind", "claims", "-o", str(target)])
    assert err == f"kzlt-trade: error: {target}: Permission denied\n"


class _Full(io.StringIO):
    """An output stream on a full disk."""

    def write(self, s: str) -> int:
        raise OSError(28, "No space left on device")


def test_an_oserror_on_the_output_stream_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["claims", "--format", "json"], stdout=_Full()) == 2
    err = error_of(capsys.readouterr().err)
    assert err == "kzlt-trade: error: [Errno 28] No space left on device\n"


def test_a_stream_that_cannot_encode_the_quotes(capsys: pytest.CaptureFixture[str]) -> None:
    ascii_out = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    assert main(["claims"], stdout=ascii_out) == 2
    err = error_of(capsys.readouterr().err)
    assert err.startswith("kzlt-trade: error: 'ascii' codec can't encode")
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize("bug", [RuntimeError("a bug"), AttributeError("'NoneType' object has no attribute 'x'")])
def test_a_bug_keeps_its_traceback(bug: Exception, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_check(*args: object, **kwargs: object) -> object:
        raise bug

    monkeypatch.setattr("kzlt_trade.checker.check", broken_check)
    with pytest.raises(type(bug), match=str(bug)):
        run("check")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--data", "{tmp}/nowhere", "check"], "{tmp}/nowhere: got missing; expected a folder holding"),
        (["plot", "-o", "/nonexistent/dir/x.png"], "-o='/nonexistent/dir/x.png' is not accepted"),
    ],
    ids=["missing-folder", "missing-output-folder"],
)
def test_a_real_run_fails_cleanly(args: list[str], expected: str, tmp_path: Path) -> None:
    argv = [a.format(tmp=tmp_path) for a in args]
    done = subprocess.run(
        [sys.executable, "-m", "kzlt_trade", *argv], capture_output=True, text=True, encoding="utf-8", check=False
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert error_of(done.stderr).startswith("kzlt-trade: error: ")
    assert expected.format(tmp=tmp_path) in done.stderr


# -- strict JSON ---------------------------------------------------------------------------------
def _no_constant(name: str) -> object:
    raise AssertionError(f"{name} is not JSON")


def _floats(value: object, skip: str = "") -> list[float]:
    """Every float in a JSON value, but those under the key ``skip``."""
    if isinstance(value, float):
        return [value]
    if isinstance(value, dict):
        return [f for k, v in value.items() if k != skip for f in _floats(v, skip)]
    if isinstance(value, list):
        return [f for v in value for f in _floats(v, skip)]
    return []


@pytest.mark.parametrize("folder", [None, TEAM], ids=["bundled", "team_releases"])
@pytest.mark.parametrize(
    "args",
    [
        ["claims", "--format", "json"],
        ["check", "--format", "json"],
        ["check", "--format", "json", "--rounding", "either"],
        ["reconcile", "--format", "json"],
        ["reconcile", "--format", "json", "--rounding", "truncate"],
    ],
    ids=["claims", "check", "check-either", "reconcile", "reconcile-truncate"],
)
def test_every_json_output_is_strict(folder: Path | None, args: list[str]) -> None:
    status, text = run(*(["--data", str(folder)] if folder else []), *args)
    assert status in (0, 1)
    payload = json.loads(text, parse_constant=_no_constant)
    # A claim's value is its written decimal, exactly (an official figure may have 13 digits);
    # test_json_numbers_print_from_their_decimal_form checks those.
    for x in _floats(payload, skip="value" if args[0] == "claims" else ""):
        assert math.isfinite(x)
        # No float noise: every computed number is its own 12-significant-digit form.
        assert math.isfinite(x)
        assert float(f"{x:.12g}") == x, x


def test_infinite_bounds_are_null() -> None:
    _, text = run("--data", str(TEAM), "reconcile", "--format", "json")
    estimates = json.loads(text, parse_constant=_no_constant)["estimates"]
    assert any(e["high"] is None for e in estimates)  # open above, or no rate to decide
    assert any(e["value"] is None for e in estimates)  # no claim states it and the interval is unbounded
    for e in estimates:
        if e["value"] is not None and e["low"] is not None and e["high"] is not None:
            assert e["low"] <= e["value"] <= e["high"]


def test_json_numbers_print_from_their_decimal_form(ds: kzlt_trade.Dataset) -> None:
    _, text = run("claims", "--format", "json")
    # "1.57 billion US dollars": [1565, 1575] million, where float arithmetic gives 1564.9999999999998.
    assert ds.claim("kazinform-2023-02-24/ro-fdi-2005-2022").interval().lo != 1565.0
    assert '"low": 1565.0,\n' in text
    assert '"high": 1575.0,\n' in text
    assert "1564.99" not in text
    records = {r["id"]: r for r in json.loads(text, parse_constant=_no_constant)}
    ro = records["kazinform-2023-02-24/ro-fdi-2005-2022"]
    assert (ro["text"], ro["value"], ro["low"], ro["high"]) == ("1.57", 1.57, 1565.0, 1575.0)
    # Every value is the claim's Decimal, exactly; every bound the interval's, within 12 digits.
    for c in ds:
        r = records[c.id]
        assert str(r["value"]) == str(float(c.value))
        assert r["low"] == pytest.approx(c.interval().lo, rel=1e-12)


def test_the_json_rule_is_documented(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run("claims", "--help")
    text = " ".join(capsys.readouterr().out.split())
    assert "unknown values and infinite bounds are null (never NaN or Infinity)" in text
    assert "12 significant digits" in text
    import kzlt_trade.cli

    assert "allow_nan=False" in str(kzlt_trade.cli.__doc__)

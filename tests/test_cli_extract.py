"""``kzlt-trade extract FILE``: the figures of a text, as a table, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from kzlt_trade.cli import main
from kzlt_trade.io import bundled_data_path

RELEASE = bundled_data_path() / "sources" / "000_8fba6d711cbc81d6.txt"


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(args), stdout=out), out.getvalue()


def test_the_figures_of_a_release_as_json() -> None:
    code, text = run("extract", str(RELEASE), "--format", "json")
    assert code == 0
    mentions = json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} is not JSON"))
    money = [m for m in mentions if m["kind"] == "money"]
    assert {"text": "584,3 млн долл.", "value": "584300000", "currency": "USD"}.items() <= money[0].items()
    assert all(set(m) >= {"start", "end", "text", "kind", "value", "unit", "hedge", "readings"} for m in mentions)


def test_table_and_csv_list_the_same_figures() -> None:
    _, table = run("extract", str(RELEASE))
    _, text = run("extract", str(RELEASE), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    lines = table.splitlines()
    assert lines[-1] == f"{len(rows)} figures in {RELEASE}"
    # A header row, then one row per figure: its span, kind, text, value (scale applied) and unit.
    assert lines[0].split() == ["span", "kind", "text", "value", "unit", "hedge"]
    assert len(lines) == len(rows) + 2
    for line, row in zip(lines[1:-1], rows, strict=True):
        assert line.split()[:2] == [f"{row['start']}..{row['end']}", row["kind"]]
    (money,) = [line for line in lines if "'584,3 млн долл.'" in line]
    assert money.split()[-2:] == ["584300000", "USD"]


def test_a_file_that_is_not_utf8_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "release.txt"
    bad.write_bytes(b"\xff\xfe not text")
    assert main(["extract", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kzlt-trade: error:")
    assert "Traceback" not in err

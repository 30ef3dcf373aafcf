"""``kzlt-trade claims``: the table, JSON and CSV listings, and bad input."""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

import kzlt_trade
from kzlt_trade.cli import main
from kzlt_trade.io import bundled_data_path

REQUIRED_FIELDS = {
    "id", "source", "partner", "indicator", "period", "text", "value", "unit", "low", "high", "hedge", "quote",
    "start", "end",
}  # fmt: skip


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(argv), stdout=out)
    return status, out.getvalue()


@pytest.fixture(scope="module")
def press(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled press claims alone (the ``ds`` fixture's): the data folder without its official figures."""
    target = tmp_path_factory.mktemp("press") / "data"
    shutil.copytree(bundled_data_path(), target, ignore=shutil.ignore_patterns("official"))
    return target


def test_json_lists_every_claim(ds: kzlt_trade.Dataset, press: Path) -> None:
    status, text = run("claims", "--format", "json", "--data", str(press))
    assert status == 0
    records = json.loads(text)
    assert [r["id"] for r in records] == [c.id for c in ds]
    for r in records:
        assert set(r) >= REQUIRED_FIELDS, r["id"]
    by_id = {r["id"]: r for r in records}
    r = by_id["mfa-2023-10-10/turnover-2022"]
    assert {k: r[k] for k in REQUIRED_FIELDS} == {
        "id": "mfa-2023-10-10/turnover-2022",
        "source": "mfa-2023-10-10",
        "partner": "LT",
        "indicator": "turnover",
        "period": "2022",
        "text": "584,3",
        "value": 584.3,
        "unit": "million USD",
        "low": 584.25,
        "high": 584.35,
        "hedge": "none",
        "quote": "по итогам 2022 года объем торговли вырос на 28,7% и составил 584,3 млн долл.",
        "start": 837,
        "end": 913,
    }


def test_json_has_no_infinity() -> None:
    _, text = run("claims", "--format", "json")
    assert "Infinity" not in text
    (fdi,) = [r for r in json.loads(text) if r["id"] == "kaztoday-2025-11-27/fdi-since-independence"]
    # "превысил 200 миллиардов": (200000, inf) million USD; JSON has no inf, so the open end is null.
    assert (fdi["low"], fdi["high"]) == (200000.0, None)


def test_json_keeps_cyrillic_readable() -> None:
    _, text = run("claims", "--format", "json")
    assert "Литва входит в десятку" in text
    assert "\\u041b" not in text


def test_csv_parses_back_with_pandas(ds: kzlt_trade.Dataset, press: Path) -> None:
    status, text = run("claims", "--format", "csv", "--data", str(press))
    assert status == 0
    df = pd.read_csv(io.StringIO(text), keep_default_na=False)
    assert len(df) == 47
    assert set(df.columns) >= REQUIRED_FIELDS
    assert df["id"].tolist() == [c.id for c in ds]
    row = df.set_index("id").loc["kazinform-2022-06-15/turnover-growth-2022-part"]
    assert (row["text"], row["start"], row["end"]) == ("311", 2252, 2308)
    # The bounds are the library's outward-rounded floats, and survive the text round trip exactly.
    iv = ds.claim("kazinform-2022-06-15/turnover-growth-2022-part").interval()
    assert (row["low"], row["high"]) == (iv.lo, iv.hi) == (4.1049999999999995, 4.115)
    fdi = df.set_index("id").loc["kaztoday-2025-11-27/fdi-since-independence"]
    assert fdi["high"] == math.inf
    # Quotes with commas survive the round trip.
    quotes = dict(zip(df["id"], df["quote"], strict=True))
    assert quotes["kazinform-2022-06-15/turnover-2021"] == ds.claim("kazinform-2022-06-15/turnover-2021").quote
    assert next(csv.reader(io.StringIO(text)))[0] == "id"


def test_table(ds: kzlt_trade.Dataset, press: Path) -> None:
    status, text = run("claims", "--data", str(press))
    assert status == 0
    lines = text.splitlines()
    # A header row, then one row per claim that starts with its id, then the summary.
    header = ["claim", "source", "type", "figure", "unit", "quantity", "interval", "canonical", "unit"]
    assert lines[0].split() == header
    assert lines[-1] == "47 claims from 5 sources; every quote verified at its offsets."
    rows = lines[1:-1]
    assert [row.split()[0] for row in rows] == [c.id for c in ds]
    for row, c in zip(rows, ds, strict=True):
        assert f" {c.text} " in row, c.id
        assert c.interval().format(6) in row, c.id
    turnover = [row for row in rows if row.startswith("mfa-2023-10-10/turnover-2022 ")]
    assert len(turnover) == 1
    assert "[584.25, 584.35]" in turnover[0]
    # Columns line up under the header.
    at = lines[0].index("interval")
    assert {row[at - 1] for row in rows} == {" "}
    assert all(row[at] in "[(" for row in rows)


def test_data_option(data_copy: Path, full: kzlt_trade.Dataset) -> None:
    status, text = run("--data", str(data_copy), "claims", "--format", "json")
    assert status == 0
    assert len(json.loads(text)) == len(full)


def test_broken_data_folder(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = data_copy / "claims.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",LT,turnover,both,,2022,,level,", ",XX,turnover,both,,2022,,level,", 1), "utf-8")
    status, text = run("-q", "--data", str(data_copy), "claims", "--format", "json")
    assert status == 2
    assert text == ""
    err = capsys.readouterr().err
    assert err == (
        f"kzlt-trade: error: 1 problem in data folder {data_copy}:\n"
        "  - claims.csv, row 4, field 'partner': got 'XX'; expected a partner code: an ISO 3166-1 alpha-2 country "
        "other than KZ, or EU, EU27, EU28, EAEU, CIS, CENTRAL_ASIA, EUROPE, WORLD\n"
    )


def test_missing_data_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _ = run("--data", str(tmp_path / "nowhere"), "claims", "--quiet")
    assert status == 2
    assert capsys.readouterr().err == (
        f"kzlt-trade: error: 1 problem in data folder:\n  - {tmp_path / 'nowhere'}: got missing; "
        "expected a folder holding sources.csv, claims.csv and sources/\n"
    )


def test_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        run("claims", "--format", "xml")
    assert exit_.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err

"""The command line on the office's figures: the source type in `claims`, `mirror`, and `report --out`."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

from kzlt_trade.cli import main
from kzlt_trade.mirror import MIRROR_COLUMNS, mirror_table

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(args), stdout=out)
    return code, out.getvalue()


def test_claims_table_has_a_source_type_column() -> None:
    code, text = run("-q", "claims")
    assert code == 0
    header, *rows = text.splitlines()
    assert header.split()[:3] == ["claim", "source", "type"]
    kinds = {line.split()[0]: line.split()[1] for line in rows if line.startswith(("bns-", "mfa-", "kaz"))}
    assert kinds["bns-2023/LT-turnover-2022"] == "official"
    assert kinds["mfa-2023-10-10/turnover-2022"] == "press"


def test_check_states_a_verdict_for_each_press_figure_with_an_official_counterpart() -> None:
    code, text = run("-q", "check", "--format", "json")
    assert code == 1
    payload = json.loads(text)
    records = payload["findings"] if isinstance(payload, dict) else payload
    kinds = {r["kind"] for r in records if r["relation"] == "official"}
    assert kinds == {"official_match", "official_truncated", "contradiction"}


def test_mirror_table_for_lithuania_lists_2018_to_2023_with_ratio_intervals() -> None:
    code, text = run("-q", "mirror", "--partner", "lt")
    assert code == 0
    lines = text.splitlines()
    assert lines[0].startswith("| partner | year | KZ imports (M USD)")
    years = [line.split("|")[2].strip() for line in lines[2:8]]
    assert years == ["2018", "2019", "2020", "2021", "2022", "2023"]
    row_2021 = lines[5]
    assert "[0.225, 0.242]" in row_2021  # KZ imports over LT's exports, both in USD
    assert "LT 2021: imports below the CIF/FOB band; exports below the CIF/FOB band" in text


def test_mirror_json_is_strict_and_csv_has_every_column() -> None:
    code, text = run("-q", "mirror", "--partner", "LT", "--format", "json")
    assert code == 0
    payload = json.loads(text)  # strict: NaN would not parse as JSON's null
    assert payload["summary"]["rows"] == 6
    assert payload["summary"]["cif_fob_margin"] == {"point": 1.06, "low": 1.02, "high": 1.1}
    first = payload["records"][0]
    assert (first["year"], first["partner_exports_eur"]) == (2018, None)
    code, text = run("-q", "mirror", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(MIRROR_COLUMNS)
    assert len(rows) == len(mirror_table())


def test_mirror_refuses_a_partner_no_office_covers(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run("-q", "mirror", "--partner", "DE")
    assert (code, text) == (2, "")
    err = capsys.readouterr().err
    assert "partner='DE'" in err
    assert "Traceback" not in err


def test_report_out_writes_the_page_and_prints_its_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "report"
    code, text = run("report", "--out", str(target))
    assert code == 0
    page = target / "index.html"
    assert text == f"{page}\n"
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "mfa-2023-10-10/turnover-2022" in html
    steps = [line for line in capsys.readouterr().err.splitlines() if line.startswith("kzlt-trade: ")]
    assert len(steps) >= 4  # loading, checking, reconciling, then the page's own steps


def test_report_open_needs_out(capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("-q", "report", "--open")
    assert code == 2
    assert "--out DIR as well" in capsys.readouterr().err

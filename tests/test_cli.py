"""The check, reconcile, report and official commands."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from kzlt_trade.cli import main

THIRTY = "kazinform-2023-02-24/lt-turnover-growth-2022"


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(args), stdout=out)
    return code, out.getvalue()


def test_check_exits_1_on_the_bundled_contradictions() -> None:
    code, text = run("check")
    assert code == 1
    assert text.startswith("Report (nearest rounding): 54 relation groups checked, 41 consistent; 2 contradictions")
    assert "reported +30 % [+29.5 %, +30.5 %]: no overlap" in text


@pytest.mark.parametrize(("fail_on", "expected"), [("never", 0), ("contradiction", 1), ("anomaly", 1)])
def test_check_fail_on(fail_on: str, expected: int) -> None:
    assert run("check", "--fail-on", fail_on)[0] == expected


def test_check_passes_once_the_contradiction_is_gone(data_copy: Path) -> None:
    claims = data_copy / "claims.csv"
    with open(claims, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(claims, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(r for r in rows if r["id"] != THIRTY)
    assert run("--data", str(data_copy), "check")[0] == 0
    # Period labels are warnings: they fail a gate at "tension".
    assert run("--data", str(data_copy), "check", "--fail-on", "tension")[0] == 1


def test_check_json_findings() -> None:
    code, text = run("check", "--format", "json", "--rounding", "truncate")
    findings = json.loads(text)
    assert code == 1
    assert set(findings[0]) == {"kind", "severity", "relation", "claims", "readings", "key", "message", "arithmetic"}
    contradictions = [f for f in findings if f["kind"] == "contradiction"]
    assert [f["relation"] for f in contradictions] == ["growth", "same_quantity"]
    assert all(THIRTY in f["claims"] for f in contradictions)
    assert {f["severity"] for f in contradictions} == {"error"}


def test_reconcile_json() -> None:
    code, text = run("reconcile", "--format", "json")
    payload = json.loads(text)
    assert code == 0
    assert payload["most_likely_wrong"] == [THIRTY]
    lt2021 = [
        e for e in payload["estimates"] if (e["partner"], e["indicator"], e["period"]) == ("LT", "turnover", "2021")
    ]
    assert len(lt2021) == 1
    assert lt2021[0]["low"] <= lt2021[0]["value"] <= lt2021[0]["high"]
    eu_fdi = [e for e in payload["estimates"] if e["indicator"] == "fdi_inflow" and e["partner"] == "EU"]
    assert eu_fdi[0]["high"] is None  # "exceeded 200 billion" is open above; JSON has no infinity


def test_report_is_the_whole_job() -> None:
    code, text = run("report")
    assert code == 0
    assert text.startswith("47 claims from 5 sources, every quote verified at its offsets.")
    assert "CONTRADICTION (error)" in text
    assert f"most likely wrong: {THIRTY}" in text


def test_official_table_and_csv() -> None:
    code, text = run("official")
    assert code == 0
    line = next(s for s in text.splitlines() if "kazinform-2022-06-15/turnover-2021`" in s)
    assert "| 453.841 | agrees |" in line
    code, text = run("official", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    ee = {r["reading"]: r["status"] for r in rows if r["claim"] == "kazinform-2023-02-24/ee-turnover-growth-2022"}
    assert ee == {"times": "agrees_if_truncated", "times_increase": "differs"}


def test_broken_data_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], data_copy: Path) -> None:
    shutil.rmtree(data_copy / "sources")
    assert run("--data", str(data_copy), "check")[0] == 2
    assert "kzlt-trade: error:" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    import kzlt_trade

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"kzlt-trade {kzlt_trade.__version__}\n"


def test_data_may_come_before_or_after_the_command(data_copy: Path) -> None:
    ids = {"before": run("--data", str(data_copy), "claims", "--format", "json")[1],
           "after": run("claims", "--format", "json", "--data", str(data_copy))[1]}  # fmt: skip
    assert ids["before"] == ids["after"]
    assert json.loads(ids["after"])


@pytest.mark.parametrize(
    ("command", "column"), [("check", "arithmetic"), ("reconcile", "supporting"), ("official", "official_value")]
)
def test_every_printing_command_writes_csv_and_json(command: str, column: str) -> None:
    code, text = run(command, "--format", "csv")
    assert code in (0, 1)  # check exits 1 on the bundled contradictions
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows
    assert column in rows[0]
    assert "nan" not in text.lower().split(",")
    code, text = run(command, "--format", "json")
    assert json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} is not JSON"))

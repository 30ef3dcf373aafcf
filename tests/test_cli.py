"""The check, reconcile, report and official commands."""

from __future__ import annotations

import argparse
import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import kzlt_trade
from kzlt_trade.cli import _commands, _parser, main
from kzlt_trade.io import bundled_data_path

THIRTY = "kazinform-2023-02-24/lt-turnover-growth-2022"


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(args), stdout=out)
    return code, out.getvalue()


@pytest.fixture(scope="module")
def press(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled press claims alone: a copy of the data folder without the official figures."""
    target = tmp_path_factory.mktemp("press") / "data"
    shutil.copytree(bundled_data_path(), target, ignore=shutil.ignore_patterns("official"))
    return target


def test_check_exits_1_on_the_bundled_contradictions(press: Path) -> None:
    code, text = run("--data", str(press), "check")
    assert code == 1
    assert text.startswith("Report (nearest rounding): 54 relation groups checked, 41 consistent; 2 contradictions")
    assert "reported +30 % [+29.5 %, +30.5 %]: no overlap" in text


@pytest.mark.parametrize(("fail_on", "expected"), [("never", 0), ("contradiction", 1), ("anomaly", 1)])
def test_check_fail_on(fail_on: str, expected: int, press: Path) -> None:
    assert run("--data", str(press), "check", "--fail-on", fail_on)[0] == expected


def test_check_passes_once_the_contradiction_is_gone(data_copy: Path) -> None:
    shutil.rmtree(data_copy / "official")  # the press claims alone
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


def test_check_json_findings(press: Path) -> None:
    code, text = run("check", "--format", "json", "--rounding", "truncate", "--data", str(press))
    findings = json.loads(text)
    assert code == 1
    assert set(findings[0]) == {"kind", "severity", "relation", "claims", "readings", "key", "message", "arithmetic"}
    contradictions = [f for f in findings if f["kind"] == "contradiction"]
    assert [f["relation"] for f in contradictions] == ["growth", "same_quantity"]
    assert all(THIRTY in f["claims"] for f in contradictions)
    assert {f["severity"] for f in contradictions} == {"error"}


def test_reconcile_json(press: Path) -> None:
    code, text = run("--data", str(press), "reconcile", "--format", "json")
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


def test_report_is_the_whole_job(press: Path) -> None:
    code, text = run("report", "--data", str(press))
    assert code == 0
    assert text.startswith("47 claims from 5 sources, every quote verified at its offsets.")
    assert "CONTRADICTION (error)" in text
    assert f"most likely wrong: {THIRTY}" in text


def test_official_table_and_csv() -> None:
    code, text = run("official")
    assert code == 0
    line = next(s for s in text.splitlines() if "kazinform-2022-06-15/turnover-2021`" in s)
    assert "| 453.841 million USD | agrees |" in line
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


# -- one language: global options, progress on stderr, help everywhere ---------------------------------
RELEASE = "In 2022, trade turnover between Kazakhstan and Lithuania amounted to 900 million US dollars.\n"


def parsers() -> dict[str, argparse.ArgumentParser]:
    """The top parser (as ``""``) and each command's, by name."""
    top = _parser()
    (sub,) = (a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    return {"": top, **sub.choices}


def test_every_option_of_every_command_has_help() -> None:
    missing = [
        f"{name or 'kzlt-trade'} {'/'.join(a.option_strings) or a.dest}"
        for name, parser in parsers().items()
        for a in parser._actions
        if not a.help or a.help == argparse.SUPPRESS
    ]
    assert missing == []


def test_the_command_table_is_the_parser() -> None:
    by_name = {c.name: c for c in _commands()}
    commands = parsers()
    assert set(commands) - {""} == set(by_name)
    for name, command in by_name.items():
        options = {o for a in commands[name]._actions for o in a.option_strings}
        assert {"--data", "-q", "--quiet"} <= options, name
        assert ("--rounding" in options) == command.rounding, name
        assert ("--format" in options) == command.formats, name
        if command.formats:
            (fmt,) = (a for a in commands[name]._actions if "--format" in a.option_strings)
            assert tuple(fmt.choices or ()) == ("table", "json", "csv")


@pytest.mark.parametrize("name", [c.name for c in _commands() if c.rounding and c.name != "claims"])
def test_rounding_before_or_after_the_command_reaches_the_library(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kzlt_trade.checker
    import kzlt_trade.official
    import kzlt_trade.reconciler

    seen: list[str] = []

    def spy(module: object, function: str) -> None:
        real = getattr(module, function)

        def recorded(*args: object, **kwargs: Any) -> Any:
            seen.append(kwargs.get("rounding", "nearest"))
            return real(*args, **kwargs)

        monkeypatch.setattr(module, function, recorded)

    for module, function in [(kzlt_trade.checker, "check"), (kzlt_trade.reconciler, "reconcile"),
                             (kzlt_trade.official, "compare_official")]:  # fmt: skip
        spy(module, function)
    extra = ["-o", str(tmp_path / "chart.png"), "--kind", "claims"] if name == "plot" else []
    for argv in (["-q", "--rounding", "truncate", name, *extra], ["-q", name, *extra, "--rounding", "truncate"]):
        seen.clear()
        assert run(*argv)[0] in (0, 1)
        assert seen, argv
        assert set(seen) == {"truncate"}, argv


def test_rounding_changes_the_claims_intervals() -> None:
    def bounds(*argv: str) -> dict[str, tuple[float, float]]:
        return {r["id"]: (r["low"], r["high"]) for r in json.loads(run("-q", *argv, "--format", "json")[1])}

    nearest, truncate = bounds("claims"), bounds("--rounding", "truncate", "claims")
    assert nearest["mfa-2023-10-10/turnover-2022"] == (584.25, 584.35)
    assert truncate["mfa-2023-10-10/turnover-2022"] == (584.3, 584.4)
    assert bounds("claims", "--rounding", "truncate") == truncate
    assert bounds("claims", "--rounding", "nearest") == nearest
    _, text = run("-q", "claims", "--rounding", "truncate", "--format", "csv")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(text))}
    assert (float(rows["mfa-2023-10-10/turnover-2022"]["low"]), rows["mfa-2023-10-10/turnover-2022"]["high_open"]) == (
        584.3,
        "True",
    )


def test_rounding_is_refused_where_it_does_not_apply(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    release = tmp_path / "release.txt"
    release.write_text(RELEASE, encoding="utf-8")
    assert run("--rounding", "truncate", "extract", str(release)) == (2, "")
    err = capsys.readouterr().err
    assert err.startswith(
        "kzlt-trade: error: --rounding='truncate' is not accepted: expected no --rounding for extract"
    )
    # After the command, argparse does not know the option there.
    with pytest.raises(SystemExit):
        run("extract", str(release), "--rounding", "truncate")
    assert "unrecognized arguments: --rounding truncate" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [["claims", "--format", "json"], ["check", "--format", "json"], ["reconcile", "--format", "csv"],
     ["official", "--format", "json"], ["report"]],
    ids=["claims", "check", "reconcile", "official", "report"],
)  # fmt: skip
def test_progress_goes_to_stderr_and_quiet_silences_it(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run(*argv)
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert lines
    assert all(line.startswith("kzlt-trade: ") and line.endswith(" ...") for line in lines), lines
    assert lines[0] == "kzlt-trade: loading the bundled data ..."
    assert "kzlt-trade: " not in text  # stdout holds the records only
    if "json" in argv:
        json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} is not JSON"))
    for quiet in (["-q", *argv], [*argv, "--quiet"]):
        assert run(*quiet) == (code, text)
        assert capsys.readouterr().err == ""


def test_the_steps_each_have_a_line(capsys: pytest.CaptureFixture[str]) -> None:
    run("report")
    steps = [line.split(" ", 2)[1] for line in capsys.readouterr().err.splitlines()]
    assert steps == ["loading", "checking", "reconciling"]


def test_a_real_run_keeps_stdout_clean() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kzlt_trade", "check", "--format", "csv", "--fail-on", "never"],
        capture_output=True, text=True, encoding="utf-8", check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert rows
    assert rows[0].keys() >= {"kind", "claims", "arithmetic"}
    assert done.stderr.splitlines()[0] == "kzlt-trade: loading the bundled data ..."
    assert "checking" in done.stderr


def test_the_fail_on_levels_are_one_vocabulary() -> None:
    import typing

    from kzlt_trade import pytest_plugin, testing
    from kzlt_trade.errors import UsageError
    from kzlt_trade.vocabulary import FAIL_ON_LEVELS, KINDS, SEVERITY

    (fail_on,) = (a for a in parsers()["check"]._actions if "--fail-on" in a.option_strings)
    cli = tuple(fail_on.choices or ())

    class Group:
        choices: dict[str, tuple[str, ...]] = {}  # noqa: RUF012 (a recorder, one per test)

        def addoption(self, *names: str, **kwargs: Any) -> None:
            Group.choices[names[0]] = tuple(kwargs.get("choices") or ())

    class Parser:
        def getgroup(self, *args: str) -> Group:
            return Group()

        def addini(self, *args: object, **kwargs: object) -> None:
            pass

    pytest_plugin.pytest_addoption(Parser())  # type: ignore[arg-type]
    plugin = Group.choices["--kzlt-fail-on"]
    hints = typing.get_type_hints(testing.assert_consistent)
    library = typing.get_args(hints["fail_on"])
    assert cli == plugin == library == FAIL_ON_LEVELS
    with pytest.raises(UsageError, match="expected one of " + ", ".join(repr(v) for v in FAIL_ON_LEVELS)):
        testing.assert_consistent(kzlt_trade.load(), fail_on="warning")  # type: ignore[arg-type]
    assert set(SEVERITY) == set(KINDS)


def test_every_record_names_its_claim(data_copy: Path, tmp_path: Path) -> None:
    release = tmp_path / "release.txt"
    release.write_text(RELEASE, encoding="utf-8")
    data = ["-q", "--data", str(data_copy)]
    claims = json.loads(run(*data, "claims", "--format", "json")[1])
    assert all(r["id"] for r in claims)
    findings = json.loads(run(*data, "check", "--format", "json")[1])
    assert all(f["claims"] for f in findings)
    code, text = run(*data, "check-release", str(release), "--format", "json")
    figures = json.loads(text)["figures"]
    assert code == 1
    assert figures
    assert all(f["id"] for f in figures)
    assert any(f["verdict"] == "contradicts" for f in figures)
    code, text = run(*data, "check-release", str(release), "--format", "csv")
    assert [r["id"] for r in csv.DictReader(io.StringIO(text))] == [f["id"] for f in figures]
    code, text = run(*data, "add", str(release), "--publisher", "Test", "--published", "2024-01-15", "--dry-run",
                     "--format", "json")  # fmt: skip
    added = json.loads(text)
    assert code == 0
    assert added["written"] is False
    assert added["claims"]
    assert all(c["id"].startswith("test-2024-01-15/") for c in added["claims"])


def test_an_unwritable_output_is_the_librarys_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("plot", "-o", "/nonexistent/x.png") == (2, "")
    err = capsys.readouterr().err
    assert err == (
        "kzlt-trade: error: -o='/nonexistent/x.png' is not accepted: expected a file in an existing folder "
        "(/nonexistent is not a folder)\n"
    )


def test_the_reconcile_table_has_a_header_and_the_claims_of_each_row(press: Path) -> None:
    code, text = run("-q", "--data", str(press), "reconcile")
    est = kzlt_trade.reconcile(kzlt_trade.load(press))
    assert code == 0
    summary, table = text.split("\n\n", 1)
    assert summary.splitlines()[0] == f"{len(est)} quantities estimated; most likely wrong: {THIRTY}"
    lines = table.splitlines()
    assert lines[0].split() == ["quantity", "period", "value", "interval", "how", "claims", "rejected"]
    assert len(lines) == len(est) + 1
    for line, e in zip(lines[1:], est, strict=True):
        assert e.interval.format(6) in line
        assert all(c in line.split() for c in (*e.supporting, *e.rejected)), line
    (lt2022,) = [line for line in lines if line.startswith("KZ–LT turnover ") and " 2022 " in line]
    assert "584.297 million USD" in lt2022
    assert THIRTY in lt2022.split()  # rejected


@pytest.mark.parametrize("partner", ["ALL", "All", "lt", "Lt"])
def test_a_partner_is_taken_in_any_case(partner: str, tmp_path: Path) -> None:
    target = tmp_path / "claims.svg"
    assert run("-q", "plot", "--kind", "claims", "--partner", partner, "-o", str(target)) == (0, f"wrote {target}\n")
    assert target.stat().st_size > 5_000

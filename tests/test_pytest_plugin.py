"""The pytest plugin: a data folder collected as items, acknowledgements, bad input, and the docs' walk-through.

Each test runs pytest inside pytest (the ``pytester`` fixture) on a data folder
written into its own temporary directory. The plugin comes in through its
``pytest11`` entry point, as it does for users.
"""

from __future__ import annotations

import csv
import hashlib
import re
import shlex
import shutil
from importlib.metadata import entry_points
from pathlib import Path

import pytest

import kzlt_trade
from kzlt_trade.io import CLAIM_COLUMNS, bundled_data_path
from kzlt_trade.testing import load_acknowledgements
from kzlt_trade.vocabulary import FAIL_ON, FAIL_ON_LEVELS, ROUNDINGS, one_of

pytest_plugins = ["pytester"]

DOCS = Path(__file__).resolve().parent.parent / "docs" / "pytest.md"

#: The "+30 %" against the levels of 2021 (454) and 2022 (584 and 584.3, taken together).
GROWTH = (
    "growth[kazinform-2023-02-24/lt-turnover-growth-2022 ~ mfa-2023-10-10/turnover-2022 ~ "
    "kazinform-2023-02-24/lt-turnover-2022 ~ kazinform-2022-06-15/turnover-2021]"
)
#: The "+30 %" against the "+28,7 %" of the same growth.
SAME_RATE = "same_quantity[mfa-2023-10-10/turnover-growth-2022 ~ kazinform-2023-02-24/lt-turnover-growth-2022]"
#: A second claim for LT turnover in 2023: the exports figure of the same release, misread as the total.
MISREAD = {
    "id": "kazinform-2024-06-20/turnover-2023-misread",
    "source": "kazinform-2024-06-20",
    "partner": "LT",
    "indicator": "turnover",
    "flow": "both",
    "scope": "",
    "period": "2023",
    "base_period": "",
    "form": "level",
    "reading": "stated",
    "text": "92.9",
    "value": "92.9",
    "unit": "million USD",
    "hedge": "none",
    "quote": "exports – 92.9 million US dollars",
    "start": "2461",
    "end": "2494",
    "part_of": "",
    "note": "A misreading made up for a test.",
}


@pytest.fixture(scope="module")
def report() -> kzlt_trade.Report:
    return kzlt_trade.check()


@pytest.fixture
def data(pytester: pytest.Pytester) -> Path:
    """A copy of the bundled data folder, with its acknowledgements, in the pytester folder."""
    target = pytester.path / "data"
    shutil.copytree(bundled_data_path(), target)
    return target


def lit(text: str) -> str:
    """``text`` as a literal fnmatch pattern (item names hold brackets)."""
    return re.sub(r"([\[\]?*])", r"[\1]", text)


def listed(values: tuple[str, ...]) -> str:
    return ", ".join(repr(v) for v in values)


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest("-p", "no:cacheprovider", *args)


def expected_counts(report: kzlt_trade.Report) -> tuple[int, int]:
    """Items for the bundled data: provenance, relation groups, findings that are no group."""
    groups = set(report.relations["key"])
    others = [f for f in report if f.key not in groups]
    return 1 + len(groups) + len(others), len(report.contradictions)


# -- registration and inertness -------------------------------------------------------------
def test_the_plugin_is_registered_through_its_entry_point() -> None:
    (ep,) = [ep for ep in entry_points(group="pytest11") if ep.name == "kzlt_trade"]
    assert ep.value == "kzlt_trade.pytest_plugin"


def test_without_a_data_folder_the_plugin_does_nothing(pytester: pytest.Pytester, data: Path) -> None:
    pytester.makepyfile(
        """
        def test_loaded(request):
            assert request.config.pluginmanager.hasplugin("kzlt_trade")

        def test_bundled(kzlt_dataset):
            assert kzlt_dataset.path.name == "data" and len(kzlt_dataset) > 40
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=2)
    assert "kzlt_trade:" not in result.stdout.str()


def test_the_fixture_gives_the_data_folder(pytester: pytest.Pytester, data: Path) -> None:
    pytester.makepyfile(
        """
        def test_it(kzlt_dataset):
            assert kzlt_dataset.path.name == "data"
            assert kzlt_dataset.claim("mfa-2023-10-10/turnover-2022").text == "584,3"
        """
    )
    result = run(pytester, "--kzlt-data=data", "-m", "not kzlt_data")
    result.assert_outcomes(passed=1)


def test_a_session_that_does_not_use_the_library_does_not_import_it(pytester: pytest.Pytester) -> None:
    # pytest loads the plugin in every session wherever kzlt_trade is installed: it must cost nothing.
    pytester.makepyfile(
        """
        import sys

        def test_light():
            assert [m for m in ("numpy", "pandas", "pint", "matplotlib") if m in sys.modules] == []
            library = sorted(m for m in sys.modules if m == "kzlt_trade" or m.startswith("kzlt_trade."))
            assert library == ["kzlt_trade", "kzlt_trade.errors", "kzlt_trade.pytest_plugin", "kzlt_trade.vocabulary"]
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


# -- the bundled data -----------------------------------------------------------------------
def test_the_bundled_data_passes_with_its_contradictions_acknowledged(
    pytester: pytest.Pytester, data: Path, report: kzlt_trade.Report
) -> None:
    items, acknowledged = expected_counts(report)
    result = run(pytester, "--kzlt-data=data", "-rx")
    result.assert_outcomes(passed=items - acknowledged, xfailed=acknowledged)
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(
        [
            "kzlt_trade: data folder */data, fail on contradiction, nearest rounding, 6 acknowledgements",
            f"collected {items} items",
        ]
    )
    result.stdout.fnmatch_lines_random(
        [
            "XFAIL data::growth?kazinform-* - acknowledged by kzlt_trade developers on *: *+30 %*",
            "XFAIL data::same_quantity?mfa-* - acknowledged by kzlt_trade developers on *: *+30 %*",
        ]
    )


def test_items_are_named_by_relation_and_claims(
    pytester: pytest.Pytester, data: Path, report: kzlt_trade.Report
) -> None:
    result = run(pytester, "--kzlt-data=data", "--collect-only", "-q")
    names = [line.removeprefix("data::") for line in result.outlines if line.startswith("data::")]
    assert names[0] == "provenance"
    assert GROWTH in names
    assert SAME_RATE in names
    assert "range[kazinform-2022-06-15/diaspora]" in names
    assert "jump[kazinform-2024-06-20/turnover-2023 ~ mfa-2023-10-10/turnover-2022]" in names
    assert len(names) == len(set(names)) == expected_counts(report)[0]


def test_without_acknowledgements_each_contradiction_fails_with_the_finding_in_full(
    pytester: pytest.Pytester, data: Path, report: kzlt_trade.Report
) -> None:
    (data / "acknowledged.csv").unlink()
    items, contradictions = expected_counts(report)
    result = run(pytester, "--kzlt-data=data")
    result.assert_outcomes(passed=items - contradictions, failed=contradictions)
    text = result.stdout.str()
    for f in report.contradictions:
        assert str(f) in text
        assert f"{f.key},<why this is expected>,<your name>,<YYYY-MM-DD>" in text
    result.stdout.fnmatch_lines(
        [
            f"_* {lit(GROWTH)} _*",
            "CONTRADICTION (error) growth: KZ–LT turnover 2022 vs 2021: *",
            "  454 [[]453.5, 454.5] → (584,3 [[]584.25, 584.35] ∩ 584 [[]583.5, 584.5] = [[]584.25, 584.35]) "
            "implies +28.54 % … +28.86 %; *: no overlap",
            "This fails at --kzlt-fail-on=contradiction. If it is what the sources say, acknowledge it with a row in "
            "data/acknowledged.csv (columns key,reason,who,when):",
        ]
    )
    assert "Traceback" not in text
    assert "pytest_plugin.py" not in text


def test_fail_on_tension_fails_the_impossible_period_labels_and_truncated_figures_too(
    pytester: pytest.Pytester, data: Path, report: kzlt_trade.Report
) -> None:
    items, acknowledged = expected_counts(report)
    labels = len(report.of_kind("period_label"))
    truncated = len(report.of_kind("official_truncated"))
    assert (labels, truncated) == (2, 3)
    result = run(pytester, "--kzlt-data=data", "--kzlt-fail-on=tension")
    failed = labels + truncated
    result.assert_outcomes(passed=items - acknowledged - failed, xfailed=acknowledged, failed=failed)
    result.stdout.fnmatch_lines_random(
        ["FAILED data::period_label?kazinform-2022-06-15/*"] * 2 + ["FAILED data::official?kazinform-*"] * 3
    )


def expected_outcomes(
    report: kzlt_trade.Report, acknowledged: set[str], least: kzlt_trade.Severity | None
) -> dict[str, int]:
    """What the plugin should report for a data folder, worked out from the report without the plugin's code.

    ``least`` is the least severity that fails (``None``: nothing fails, and no acknowledgement is matched).
    """
    by_key = {f.key: f for f in report.findings}
    groups = set(report.relations["key"])
    keys = groups | set(by_key)
    outcomes = {"passed": 1, "failed": 0, "xfailed": 0}  # provenance passes
    for key in keys:
        f = by_key.get(key)
        failing = least is not None and f is not None and f.severity >= least
        if least is not None and key in acknowledged:
            outcomes["xfailed" if failing else "failed"] += 1  # else: a stale acknowledgement
        else:
            outcomes["failed" if failing else "passed"] += 1
    if least is not None:
        outcomes["failed"] += len(acknowledged - keys)  # acknowledgements of unknown keys
    return outcomes


@pytest.mark.parametrize("fail_on", FAIL_ON_LEVELS)
def test_each_fail_on_level_fails_the_findings_at_or_above_it(
    pytester: pytest.Pytester, data: Path, report: kzlt_trade.Report, fail_on: str
) -> None:
    acknowledged = set(load_acknowledgements(data))
    result = run(pytester, "--kzlt-data=data", f"--kzlt-fail-on={fail_on}")
    expected = expected_outcomes(report, acknowledged, FAIL_ON[one_of("fail_on", fail_on, FAIL_ON_LEVELS)])
    result.assert_outcomes(**expected)
    result.stdout.fnmatch_lines([f"kzlt_trade: data folder */data, fail on {fail_on}, nearest rounding, *"])
    if fail_on in ("anomaly", "ambiguity"):
        result.stdout.fnmatch_lines_random(["FAILED data::jump?*", "FAILED data::period_label?*"])
    if fail_on == "ambiguity":
        result.stdout.fnmatch_lines(["FAILED data::readings?*"])


def test_at_fail_on_never_nothing_fails_and_no_acknowledgement_is_matched(
    pytester: pytest.Pytester, data: Path, report: kzlt_trade.Report
) -> None:
    add_acknowledgement(data, "growth:no+such+claims")
    result = run(pytester, "--kzlt-data=data", "--kzlt-fail-on=never")
    result.assert_outcomes(passed=expected_counts(report)[0])
    assert result.ret == pytest.ExitCode.OK


@pytest.mark.parametrize("rounding", ROUNDINGS)
def test_the_rounding_is_the_checkers(pytester: pytest.Pytester, data: Path, rounding: str) -> None:
    report = kzlt_trade.check(rounding=one_of("rounding", rounding, ROUNDINGS))
    pytester.makeini(f"[pytest]\nkzlt_rounding = {rounding}\n")
    result = run(pytester, "--kzlt-data=data", "--kzlt-fail-on=tension")
    result.assert_outcomes(**expected_outcomes(report, set(load_acknowledgements(data)), FAIL_ON["tension"]))
    result.stdout.fnmatch_lines([f"kzlt_trade: data folder */data, fail on tension, {rounding} rounding, *"])


def test_the_rounding_option_wins_over_the_ini(pytester: pytest.Pytester, data: Path) -> None:
    pytester.makeini("[pytest]\nkzlt_rounding = either\n")
    result = run(pytester, "--kzlt-data=data", "--kzlt-rounding=truncate", "--co")
    result.stdout.fnmatch_lines(["kzlt_trade: data folder */data, fail on contradiction, truncate rounding, *"])


def test_the_ini_options_resolve_against_the_configuration_file(
    pytester: pytest.Pytester, data: Path, report: kzlt_trade.Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makeini("[pytest]\nkzlt_data = data\nkzlt_fail_on = tension\n")
    (pytester.path / "sub").mkdir()
    monkeypatch.chdir(pytester.path / "sub")
    items, acknowledged = expected_counts(report)
    warnings = len(report.of_kind("period_label")) + len(report.of_kind("official_truncated"))
    result = run(pytester)
    result.assert_outcomes(passed=items - acknowledged - warnings, xfailed=acknowledged, failed=warnings)


def test_select_by_keyword_and_marker(pytester: pytest.Pytester, data: Path, report: kzlt_trade.Report) -> None:
    result = run(pytester, "--kzlt-data=data", "-k", "contradiction")
    result.assert_outcomes(xfailed=len(report.contradictions))
    pytester.makepyfile("def test_other(): pass")
    result = run(pytester, "--kzlt-data=data", "-m", "kzlt_data", "-k", "provenance or anomaly")
    result.assert_outcomes(passed=3)


def test_naming_the_folder_too_collects_it_once(
    pytester: pytest.Pytester, data: Path, report: kzlt_trade.Report
) -> None:
    pytester.makepyfile("def test_other(): pass")
    items, acknowledged = expected_counts(report)
    run(pytester, "--kzlt-data=data", "data").assert_outcomes(passed=items - acknowledged, xfailed=acknowledged)


def test_a_folder_outside_the_rootdir_keeps_a_readable_node_id(pytester: pytest.Pytester, data: Path) -> None:
    (pytester.path / "sub").mkdir()
    result = run(pytester, "--kzlt-data=data", "--rootdir=sub", "--collect-only", "-q")
    assert "../data::provenance" in result.outlines


# -- a contradicting row ----------------------------------------------------------------------
def append_claim(folder: Path, row: dict[str, str]) -> None:
    with open(folder / "claims.csv", "a", encoding="utf-8", newline="") as f:
        csv.DictWriter(f, fieldnames=CLAIM_COLUMNS, lineterminator="\n").writerow(row)


def test_a_contradicting_row_fails_with_both_figures_and_the_arithmetic(pytester: pytest.Pytester, data: Path) -> None:
    append_claim(data, MISREAD)
    text = (data / "sources" / "001_c260db9e8577273d.txt").read_text(encoding="utf-8")
    assert text[2461:2494] == MISREAD["quote"]  # a quote that really stands in the release
    result = run(pytester, "--kzlt-data=data")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    outcomes = result.parseoutcomes()
    assert outcomes["xfailed"] == 6  # the acknowledged contradictions stay acknowledged
    result.stdout.fnmatch_lines(
        [
            "_* same_quantity?kazinform-2024-06-20/turnover-2023 ~ kazinform-2024-06-20/turnover-2023-misread? _*",
            "CONTRADICTION (error) same_quantity: KZ–LT turnover 2023: the same quantity reported more than once *",
            "  223.6 [[]223.55, 223.65] vs 92.9 [[]92.85, 92.95]: no overlap (gap 130.6)",
            "  - kazinform-2024-06-20/turnover-2023 [[]stated]: 'The volume of mutual trade between Kazakhstan and "
            "Lithuania for 2023 amounted to 223.6 million US dollars'",
            "  - kazinform-2024-06-20/turnover-2023-misread [[]stated]: 'exports – 92.9 million US dollars'",
            "same_quantity:kazinform-2024-06-20/turnover-2023+kazinform-2024-06-20/turnover-2023-misread,"
            "<why this is expected>,<your name>,<YYYY-MM-DD>",
        ]
    )
    failed = [line for line in result.outlines if line.startswith("FAILED data::")]
    # The misread total also breaks the sum, the parts and the office's figure: each its own failing item.
    assert {line.split("[")[0] for line in failed} == {"FAILED data::same_quantity", "FAILED data::sum",
                                                        "FAILED data::part_whole", "FAILED data::official"}  # fmt: skip


# -- acknowledgements ---------------------------------------------------------------------------
def add_acknowledgement(folder: Path, key: str, reason: str = "checked by hand") -> None:
    with open(folder / "acknowledged.csv", "a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow([key, reason, "a tester", "2024-05-01"])


def test_a_stale_acknowledgement_fails(pytester: pytest.Pytester, data: Path, report: kzlt_trade.Report) -> None:
    consistent = str(report.relations.loc[report.relations["relation"] == "sum", "key"].iloc[0])
    add_acknowledgement(data, consistent, reason="thought the sum was off")
    result = run(pytester, "--kzlt-data=data")
    acknowledged = len(report.contradictions)
    result.assert_outcomes(passed=expected_counts(report)[0] - acknowledged - 1, xfailed=acknowledged, failed=1)
    result.stdout.fnmatch_lines(
        [
            f"[[]XPASS(strict)] stale acknowledgement: {consistent} no longer fails at --kzlt-fail-on=contradiction "
            "(no finding). Remove its row from data/acknowledged.csv.",
            "The row said: acknowledged by a tester on 2024-05-01: thought the sum was off",
        ]
    )


def test_an_acknowledgement_for_an_unknown_key_fails(pytester: pytest.Pytester, data: Path) -> None:
    add_acknowledgement(data, "growth:kazinform-2022-06-15/turnover-2021+mfa-2023-10-10/turnover-2022")
    result = run(pytester, "--kzlt-data=data")
    result.stdout.fnmatch_lines(
        [
            "_* acknowledgement?growth:kazinform-2022-06-15/turnover-2021+mfa-2023-10-10/turnover-2022? _*",
            "acknowledgement for unknown finding key 'growth:kazinform-2022-06-15/turnover-2021+mfa-2023-10-10/"
            "turnover-2022' (data/acknowledged.csv, row 7, by a tester on 2024-05-01): no relation group or finding "
            "of the data has this key. The claims it names may have been renamed or removed; correct the key or "
            "remove the row.",
            "Closest keys: growth:kazinform-2022-06-15/turnover-2021+kazinform-2023-02-24/lt-turnover-2022"
            "+kazinform-2023-02-24/lt-turnover-growth-2022+mfa-2023-10-10/turnover-2022; growth:*",
        ]
    )
    assert result.parseoutcomes()["failed"] == 1


# -- bad input ------------------------------------------------------------------------------------
def test_a_missing_folder_is_a_usage_error(pytester: pytest.Pytester) -> None:
    result = run(pytester, "--kzlt-data=nowhere")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            f"ERROR: --kzlt-data: {pytester.path / 'nowhere'} does not exist: expected a kzlt_trade data folder "
            "holding sources.csv, claims.csv and sources/"
        ]
    )


def test_a_file_is_not_a_folder(pytester: pytest.Pytester, data: Path) -> None:
    result = run(pytester, "--kzlt-data=data/claims.csv")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: --kzlt-data: */data/claims.csv is not a folder: *"])


@pytest.mark.parametrize(
    ("ini", "expected"),
    [
        ("kzlt_fail_on = warning", f"kzlt_fail_on='warning' is not accepted: expected one of {listed(FAIL_ON_LEVELS)}"),
        ("kzlt_rounding = up", f"kzlt_rounding='up' is not accepted: expected one of {listed(ROUNDINGS)}"),
    ],
)
def test_a_bad_setting_in_the_ini_is_a_usage_error_listing_the_accepted_values(
    pytester: pytest.Pytester, data: Path, ini: str, expected: str
) -> None:
    pytester.makeini(f"[pytest]\n{ini}\n")
    result = run(pytester, "--kzlt-data=data")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: {lit(expected)}"])


@pytest.mark.parametrize(("option", "values"), [("--kzlt-fail-on", FAIL_ON_LEVELS), ("--kzlt-rounding", ROUNDINGS)])
def test_a_bad_option_is_a_usage_error_listing_the_accepted_values(
    pytester: pytest.Pytester, data: Path, option: str, values: tuple[str, ...]
) -> None:
    result = run(pytester, "--kzlt-data=data", f"{option}=bogus")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*argument {option}: invalid choice: 'bogus' (choose from {listed(values)})"])


def test_the_help_lists_the_accepted_values(pytester: pytest.Pytester) -> None:
    result = run(pytester, "--help")
    result.stdout.fnmatch_lines_random(
        [
            "*--kzlt-fail-on={" + ",".join(FAIL_ON_LEVELS) + "}*",
            "*--kzlt-rounding={" + ",".join(ROUNDINGS) + "}*",
        ]
    )
    text = " ".join(result.stdout.str().split())  # the help wraps its lines
    assert "kzlt_fail_on (string): contradiction, tension, anomaly, ambiguity or never (as --kzlt-fail-on)" in text
    assert "kzlt_rounding (string): nearest, truncate or either (as --kzlt-rounding)" in text


def test_a_malformed_acknowledgement_file_is_a_usage_error_listing_every_problem(
    pytester: pytest.Pytester, data: Path
) -> None:
    (data / "acknowledged.csv").write_text("key,reason\nsum:a+b,\n", encoding="utf-8")
    result = run(pytester, "--kzlt-data=data")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            f"ERROR: --kzlt-data: 2 problems in data folder {data}:",
            "  - acknowledged.csv, field 'who': got missing; expected a column named 'who' (columns: *)",
            "  - acknowledged.csv, field 'when': got missing; expected a column named 'when' (columns: *)",
        ]
    )
    assert "Traceback" not in result.stderr.str()


def test_broken_data_files_fail_the_provenance_item_with_every_problem(pytester: pytest.Pytester, data: Path) -> None:
    release = data / "sources" / "001_c260db9e8577273d.txt"
    release.write_bytes(release.read_bytes() + b"\nedited\n")
    claims = (data / "claims.csv").read_text(encoding="utf-8")
    (data / "claims.csv").write_text(claims.replace("reached 584 million", "reached 585 million"), encoding="utf-8")
    pytester.makepyfile("def test_other(): pass")
    result = run(pytester, "--kzlt-data=data")
    result.assert_outcomes(passed=1, failed=1)  # the rest of the suite still runs
    result.stdout.fnmatch_lines(
        [
            "_* provenance _*",
            f"3 problems in data folder {data}:",
            "  - sources.csv, row 2, field 'sha256': got '7f7b*'; expected the SHA-256 of "
            "sources/001_c260db9e8577273d.txt, which is *: the text changed, or the hash is wrong",
            "  - claims.csv, row *, field 'quote': got 'Trade turnover in 2022 reached 585 million US dollars'; *",
            "  - claims.csv, row *, field 'text': got '584'; expected the number exactly as it stands in the quote",
            "No relation among the figures was checked: fix these problems first.",
        ]
    )
    assert "Traceback" not in result.stdout.str()


# -- the walk-through of docs/pytest.md -----------------------------------------------------------
_FENCE = re.compile(r'^```(\w+)(?: title="([^"]+)")?\n(.*?)^```$', re.MULTILINE | re.DOTALL)


def walkthrough() -> list[tuple[str, str | None, str]]:
    """The fenced blocks of the docs' walk-through, in order: (language, file name, content)."""
    text = DOCS.read_text(encoding="utf-8")
    start = text.index("## Walk-through\n")
    end = text.find("\n## ", start + 1)
    return [(m[1], m[2], m[3]) for m in _FENCE.finditer(text[start : end if end > 0 else None])]


def normalized(lines: list[str]) -> list[str]:
    """Pytest output without what depends on the machine: header lines (versions, paths, plugins) and timings."""
    out: list[str] = []
    in_header = False
    for line in lines:
        if "test session starts" in line:
            in_header = True
            out.append(line)
            continue
        if in_header and not line.startswith("collected "):
            continue
        in_header = False
        out.append(re.sub(r" in \d+\.\d+s( \(\d+:\d\d:\d\d\))? (=+)$", r" in <time>s \2", line.rstrip()))
    return out


def test_the_walkthrough_in_the_docs_produces_the_output_shown(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")  # the width the docs' output was produced at
    # Under CI pytest does not shorten summary lines to the terminal width; the docs show a terminal.
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("BUILD_NUMBER", raising=False)
    blocks = walkthrough()
    runs = 0
    for language, name, content in blocks:
        if name is not None:
            path = pytester.path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
            continue
        assert language == "console"
        command, *shown = content.splitlines()
        argv = shlex.split(command.removeprefix("$ "))
        if argv[0] == "sha256sum":
            digest = hashlib.sha256((pytester.path / argv[1]).read_bytes()).hexdigest()
            assert shown == [f"{digest}  {argv[1]}"]
        elif argv[0] == "pytest":
            # A fresh process, as a user runs it: the plugin comes in through its entry point.
            result = pytester.runpytest_subprocess(*argv[1:])
            assert normalized(result.outlines) == normalized(shown)
            runs += 1
        else:
            assert argv[0] == "mkdir"
    assert runs == 2
    assert (pytester.path / "example" / "acknowledged.csv").is_file()

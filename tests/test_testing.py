"""kzlt_trade.testing: the assertion ladder, its messages, and the acknowledgement file."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import kzlt_trade
from kzlt_trade.errors import DataFileError, Problem, UsageError, UsageTypeError
from kzlt_trade.io import bundled_data_path
from kzlt_trade.testing import (
    Acknowledgement,
    assert_claims_equal,
    assert_claims_identical,
    assert_consistent,
    assert_estimate_close,
    load_acknowledgements,
)
from kzlt_trade.vocabulary import ROUNDINGS
from tests.factories import claim, dataset

pytest_plugins = ["pytester"]

#: The "+30 %" against the levels of 2021 (454) and 2022 (584 and 584.3, taken together).
GROWTH = (
    "growth:kazinform-2022-06-15/turnover-2021+kazinform-2023-02-24/lt-turnover-2022"
    "+kazinform-2023-02-24/lt-turnover-growth-2022+mfa-2023-10-10/turnover-2022"
)
#: The "+30 %" against the "+28,7 %" of the same growth.
SAME_RATE = "same_quantity:kazinform-2023-02-24/lt-turnover-growth-2022+mfa-2023-10-10/turnover-growth-2022"


@pytest.fixture(scope="module")
def report(ds: kzlt_trade.Dataset) -> kzlt_trade.Report:
    return kzlt_trade.check(ds)


def message(excinfo: pytest.ExceptionInfo[AssertionError]) -> str:
    return str(excinfo.value)


# -- import cost --------------------------------------------------------------------------
def test_import_kzlt_trade_loads_neither_testing_nor_pytest() -> None:
    code = "import sys, kzlt_trade; print('kzlt_trade.testing' in sys.modules, 'pytest' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.split() == ["False", "False"]


def test_testing_does_not_need_pytest() -> None:
    code = "import sys, kzlt_trade.testing; print('pytest' in sys.modules, '_pytest' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.split() == ["False", "False"]


# -- the bundled data ---------------------------------------------------------------------
def test_the_bundled_data_is_consistent_but_for_its_acknowledged_findings(full: kzlt_trade.Dataset) -> None:
    assert_consistent(full, allow=load_acknowledgements(bundled_data_path()))


def test_the_acknowledgements_are_exactly_the_contradictions(
    full: kzlt_trade.Dataset, report: kzlt_trade.Report
) -> None:
    acks = load_acknowledgements(bundled_data_path())
    press_only = {f.key for f in report.contradictions}
    assert press_only == {GROWTH, SAME_RATE}
    assert set(acks) == {f.key for f in kzlt_trade.check(full).contradictions} > press_only
    for ack in acks.values():
        assert "%" in ack.reason
        assert ack.who
        assert ack.when <= date.today()


def test_a_path_is_loaded_first(full: kzlt_trade.Dataset) -> None:
    allow = [f.key for f in kzlt_trade.check(full).contradictions]
    assert_consistent(str(bundled_data_path()), allow=allow)
    assert_consistent(bundled_data_path(), allow=allow)


def test_a_folder_that_does_not_load_raises_its_data_file_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"a folder holding sources\.csv"):
        assert_consistent(tmp_path / "missing")


def test_the_failure_lists_each_finding_with_quotes_arithmetic_key_and_the_way_to_accept_it(
    ds: kzlt_trade.Dataset, report: kzlt_trade.Report
) -> None:
    with pytest.raises(AssertionError) as excinfo:
        assert_consistent(ds)
    text = message(excinfo)
    head, *blocks, advice = text.split("\n\n")
    assert head == f"2 findings at or above fail_on='contradiction' in {ds!r} (nearest rounding):"
    assert blocks == [f"{f}\n  key: {f.key}" for f in report.contradictions]
    assert "(584,3 [584.25, 584.35] ∩ 584 [583.5, 584.5] = [584.25, 584.35]) implies +28.54 % … +28.86 %" in text
    assert "'an increase of 30% compared to 2021'" in text
    assert "'Trade turnover in 2022 reached 584 million US dollars'" in text
    assert "'по итогам 2022 года объем торговли вырос на 28,7% и составил 584,3 млн долл.'" in text
    assert advice == (
        "To accept a finding you have looked into, pass its key in allow=[...]; under "
        "`pytest --kzlt-data=FOLDER`, add a row to FOLDER/acknowledged.csv with the columns "
        "key,reason,who,when instead."
    )


def test_allowing_one_finding_leaves_the_other(ds: kzlt_trade.Dataset) -> None:
    with pytest.raises(AssertionError) as excinfo:
        assert_consistent(ds, allow=GROWTH)  # one key, given as a plain string
    text = message(excinfo)
    assert text.startswith("1 finding at or above fail_on='contradiction'")
    assert f"key: {SAME_RATE}" in text
    assert f"key: {GROWTH}\n" not in text


def test_fail_on_tension_adds_the_warnings(ds: kzlt_trade.Dataset, report: kzlt_trade.Report) -> None:
    warnings = [f.key for f in report.at_least("warning")]
    assert len(warnings) == 4  # the two contradictions and the two impossible period labels
    with pytest.raises(AssertionError, match=r"^2 findings at or above fail_on='tension'") as excinfo:
        assert_consistent(ds, fail_on="tension", allow=[GROWTH, SAME_RATE])
    assert "PERIOD_LABEL (warning)" in message(excinfo)
    assert_consistent(ds, fail_on="tension", allow=warnings)


def test_a_key_that_accepts_nothing_fails_as_stale(ds: kzlt_trade.Dataset, report: kzlt_trade.Report) -> None:
    (jump,) = [f for f in report.anomalies if f.relation == "jump"]
    with pytest.raises(AssertionError) as excinfo:
        assert_consistent(ds, allow=[GROWTH, SAME_RATE, "growth:gone+too", jump.key])
    assert message(excinfo) == (
        "allow= names 2 keys that no failing finding has:\n"
        "  - growth:gone+too: matches no finding\n"
        f"  - {jump.key}: names a finding of kind anomaly (notice), below fail_on='contradiction': it does not fail\n"
        "Remove these keys: they accept nothing (the findings are gone, or never failed)."
    )


def test_a_small_contradicting_pair() -> None:
    ds = dataset(claim("ex/a", "turnover", "2023", "250"), claim("ex/b", "turnover", "2023", "225.4"))
    with pytest.raises(AssertionError) as excinfo:
        assert_consistent(ds)
    assert "250 [249.5, 250.5] vs 225.4 [225.35, 225.45]: no overlap (gap 24.05)" in message(excinfo)
    assert "key: same_quantity:ex/a+ex/b" in message(excinfo)
    assert_consistent(ds, allow=["same_quantity:ex/a+ex/b"])
    assert_consistent(dataset(claim("ex/a", "turnover", "2023", "250"), claim("ex/b", "turnover", "2023", "250.2")))


def test_fail_on_anomaly_adds_the_notices(ds: kzlt_trade.Dataset, report: kzlt_trade.Report) -> None:
    notices = [f.key for f in report.at_least("notice")]
    warnings = [f.key for f in report.at_least("warning")]
    extra = len(notices) - len(warnings)
    assert extra >= 1  # the jump of 2023, at least
    with pytest.raises(AssertionError, match=rf"^{extra} findings? at or above fail_on='anomaly'") as excinfo:
        assert_consistent(ds, fail_on="anomaly", allow=warnings)
    assert "ANOMALY (notice)" in message(excinfo)
    assert_consistent(ds, fail_on="anomaly", allow=notices)


def test_fail_on_ambiguity_fails_every_finding(ds: kzlt_trade.Dataset, report: kzlt_trade.Report) -> None:
    everything = [f.key for f in report.findings]
    assert len(everything) > len(report.at_least("notice"))  # some findings are ambiguities (info)
    with pytest.raises(AssertionError, match=r"^\d+ findings? at or above fail_on='ambiguity'") as excinfo:
        assert_consistent(ds, fail_on="ambiguity", allow=[f.key for f in report.at_least("notice")])
    assert "(info)" in message(excinfo)
    assert_consistent(ds, fail_on="ambiguity", allow=everything)


def test_fail_on_never_fails_nothing_and_checks_no_key(ds: kzlt_trade.Dataset) -> None:
    assert_consistent(ds, fail_on="never")
    assert_consistent(ds, fail_on="never", allow=["growth:gone+too"])


def test_fail_on_never_still_loads_the_folder(tmp_path: Path) -> None:
    with pytest.raises(DataFileError):
        assert_consistent(tmp_path / "missing", fail_on="never")


def test_each_rounding_is_accepted(ds: kzlt_trade.Dataset) -> None:
    for rounding in ROUNDINGS:
        allow = [f.key for f in kzlt_trade.check(ds, rounding=rounding).contradictions]
        assert_consistent(ds, rounding=rounding, allow=allow)


LEVELS = "one of 'contradiction', 'tension', 'anomaly', 'ambiguity', 'never'"


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"fail_on": "warning"}, f"fail_on='warning' is not accepted: expected {LEVELS}"),
        ({"fail_on": None}, f"fail_on=None is not accepted: expected {LEVELS}"),
        ({"rounding": "up"}, "rounding='up' is not accepted: expected one of 'nearest', 'truncate', 'either'"),
        (
            {"allow": [GROWTH, 1]},
            "allow[1]=1 of type int is not accepted: expected a finding key (a str), e.g. allow=[finding.key]",
        ),
        ({"allow": 5}, "allow=5 of type int is not accepted: expected finding keys, e.g. allow=[finding.key]"),
    ],
)
def test_bad_arguments_are_usage_errors(ds: kzlt_trade.Dataset, kwargs: dict[str, object], expected: str) -> None:
    with pytest.raises(UsageError) as excinfo:
        assert_consistent(ds, **kwargs)  # type: ignore[arg-type]
    assert str(excinfo.value) == expected


def test_data_of_the_wrong_type_is_a_usage_error_and_a_type_error(report: kzlt_trade.Report) -> None:
    expected = "of type {} is not accepted: expected a Dataset or the path of a data folder"
    with pytest.raises(UsageTypeError, match="^data=42 " + expected.format("int")):
        assert_consistent(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="^data=<Report: .* " + expected.format("Report")):
        assert_consistent(report)  # type: ignore[arg-type]


# -- claims ---------------------------------------------------------------------------------
def test_equal_claims_may_come_from_different_sources_and_spellings(ds: kzlt_trade.Dataset) -> None:
    mfa = ds.claim("mfa-2023-10-10/turnover-2022")
    english = dataclasses.replace(
        mfa, id="elsewhere/turnover-2022", source="elsewhere", text="584.3", language="en",
        quote="trade reached 584.3 million", start=10, end=37,
    )  # fmt: skip
    assert_claims_equal(mfa, english)
    with pytest.raises(AssertionError) as excinfo:
        assert_claims_identical(mfa, english)
    assert message(excinfo).splitlines()[:8] == [
        "claims not identical: mfa-2023-10-10/turnover-2022 and elsewhere/turnover-2022",
        "Differing fields:",
        "  id: 'mfa-2023-10-10/turnover-2022' != 'elsewhere/turnover-2022'",
        "  source: 'mfa-2023-10-10' != 'elsewhere'",
        "  text: '584,3' != '584.3'",
        "  quote: 'по итогам 2022 года объем торговли вырос на 28,7% и составил 584,3 млн долл.' != "
        "'trade reached 584.3 million'",
        f"  start: {mfa.start} != 10",
        f"  end: {mfa.end} != 37",
    ]
    assert message(excinfo).splitlines()[8] == "  language: 'ru' != 'en'"


def test_claims_that_differ_in_value_are_not_equal(ds: kzlt_trade.Dataset) -> None:
    mfa = ds.claim("mfa-2023-10-10/turnover-2022")
    kazinform = ds.claim("kazinform-2023-02-24/lt-turnover-2022")
    with pytest.raises(AssertionError) as excinfo:
        assert_claims_equal(mfa, kazinform)
    assert message(excinfo) == (
        "claims not equal: mfa-2023-10-10/turnover-2022 and kazinform-2023-02-24/lt-turnover-2022\n"
        "Differing fields:\n"
        "  value: 584.3 != 584\n"
        "  interval: [584.25, 584.35] != [583.5, 584.5]\n"
        "Left:  mfa-2023-10-10/turnover-2022: '584,3' million USD, LT turnover 2022, [584.25, 584.35]\n"
        "       'по итогам 2022 года объем торговли вырос на 28,7% и составил 584,3 млн долл.'\n"
        "Right: kazinform-2023-02-24/lt-turnover-2022: '584' million USD, LT turnover 2022, [583.5, 584.5]\n"
        "       'Trade turnover in 2022 reached 584 million US dollars'"
    )


def test_written_precision_makes_equal_values_unequal_claims() -> None:
    a, b = claim("ex/a", "turnover", "2023", "584"), claim("ex/b", "turnover", "2023", "584.0")
    assert a.value == b.value
    with pytest.raises(AssertionError, match=r"(?m)^  interval: \[583.5, 584.5\] != \[583.95, 584.05\]$"):
        assert_claims_equal(a, b)


def test_period_and_form_are_part_of_what_a_claim_says() -> None:
    level = claim("ex/a", "turnover", "2023", "30")
    growth = claim("ex/b", "turnover", "2023", "30", form="percent_increase", base="2022")
    with pytest.raises(AssertionError) as excinfo:
        assert_claims_equal(level, growth)
    fields = [line.split(":")[0].strip() for line in message(excinfo).splitlines()[2:6]]
    assert fields == ["base_period", "form", "unit", "interval"]


def test_only_claims_are_compared(ds: kzlt_trade.Dataset) -> None:
    c = ds.claim("mfa-2023-10-10/turnover-2022")
    expected = (
        "b='mfa-2023-10-10/turnover-2022' of type str is not accepted: expected a Claim, e.g. dataset.claim(claim_id)"
    )
    for compare in (assert_claims_equal, assert_claims_identical):
        with pytest.raises(UsageTypeError) as excinfo:
            compare(c, "mfa-2023-10-10/turnover-2022")  # type: ignore[arg-type]
        assert str(excinfo.value) == expected
        assert isinstance(excinfo.value, TypeError)  # as it was before it became a UsageError
    with pytest.raises(UsageTypeError, match=r"^a=None of type NoneType"):
        assert_claims_identical(None, c)  # type: ignore[arg-type]


# -- estimates ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def estimates(ds: kzlt_trade.Dataset) -> kzlt_trade.Estimates:
    return kzlt_trade.reconcile(ds)


def test_a_value_inside_the_interval_is_close(estimates: kzlt_trade.Estimates) -> None:
    assert_estimate_close(estimates, "LT", "turnover", "2022", 584.3)
    assert_estimate_close(estimates, "LT", "turnover", "2022", 584.25)


def test_a_value_near_the_best_value_is_close_within_the_tolerance(estimates: kzlt_trade.Estimates) -> None:
    assert_estimate_close(estimates, "LT", "turnover", "2022", 584.0, rel=1e-3)
    assert_estimate_close(estimates, "LT", "turnover", "2022", 584.0, abs=0.5)
    with pytest.raises(AssertionError):
        assert_estimate_close(estimates, "LT", "turnover", "2022", 584.0)


def test_the_failure_shows_interval_value_and_the_claims(estimates: kzlt_trade.Estimates) -> None:
    e = estimates.get("LT", "turnover", "2022")
    with pytest.raises(AssertionError) as excinfo:
        assert_estimate_close(estimates, "LT", "turnover", "2022", 610, rel=0.01)
    lines = message(excinfo).splitlines()
    assert lines[0] == "estimate of KZ–LT turnover 2022 does not allow 610 million USD"
    assert lines[1] == "  estimate: 584.297 million USD in [584.25, 584.35]"
    assert lines[2].startswith(
        "  610 is 25.65 above the interval and 25.703 (4.4 %) from the value; tolerance rel=0.01"
    )
    assert lines[3] == "  supporting: " + ", ".join(e.supporting)
    assert lines[4] == (
        "  rejected: kazinform-2023-02-24/lt-turnover-growth-2022 (conflicts with "
        + ", ".join(estimates.conflicts["kazinform-2023-02-24/lt-turnover-growth-2022"])
        + ")"
    )


def test_an_unknown_quantity_or_a_negative_tolerance_is_a_usage_error(estimates: kzlt_trade.Estimates) -> None:
    with pytest.raises(UsageError, match="quantity='LT turnover 1999'"):
        assert_estimate_close(estimates, "LT", "turnover", "1999", 1.0)
    with pytest.raises(UsageError, match=r"rel=-0\.1 is not accepted"):
        assert_estimate_close(estimates, "LT", "turnover", "2022", 584.3, rel=-0.1)
    with pytest.raises(UsageError, match=r"abs=nan is not accepted"):
        assert_estimate_close(estimates, "LT", "turnover", "2022", 584.3, abs=float("nan"))


def test_other_numbers_are_accepted(estimates: kzlt_trade.Estimates) -> None:
    assert_estimate_close(estimates, "LT", "turnover", "2022", Decimal("584.3"))
    assert_estimate_close(estimates, "LT", "turnover", "2021", 454, abs=1)


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        (("LT", "turnover", 2022, 584.3), {}, "period=2022 of type int is not accepted: expected a period as a str, "
         "e.g. '2022'"),
        (("LT", "turnover", "2022", "584.3"), {}, "expected='584.3' of type str is not accepted: expected a number, "
         "in the estimate's unit"),
        (("LT", "turnover", "2022", 584.3), {"rel": "0.1"}, "rel='0.1' of type str is not accepted: expected a "
         "tolerance of 0 or more (a number)"),
        (("LT", "turnover", "2022", 584.3), {"flow": 1}, "flow=1 of type int is not accepted: expected a flow as a "
         "str, e.g. 'export', or None"),
        ((None, "turnover", "2022", 584.3), {}, "partner=None of type NoneType is not accepted: expected a partner as "
         "a str, e.g. 'LT'"),
    ],
)  # fmt: skip
def test_arguments_of_the_wrong_type_are_usage_errors_naming_them(
    estimates: kzlt_trade.Estimates, args: tuple[object, ...], kwargs: dict[str, object], expected: str
) -> None:
    with pytest.raises(UsageTypeError) as excinfo:
        assert_estimate_close(estimates, *args, **kwargs)  # type: ignore[arg-type]
    assert str(excinfo.value) == expected


def test_a_dataset_or_a_report_is_not_estimates(ds: kzlt_trade.Dataset, report: kzlt_trade.Report) -> None:
    for wrong in (ds, report):
        with pytest.raises(UsageTypeError) as excinfo:
            assert_estimate_close(wrong, "LT", "turnover", "2022", 584.3)  # type: ignore[arg-type]
        assert str(excinfo.value).endswith(
            f" of type {type(wrong).__name__} is not accepted: expected Estimates, e.g. kzlt_trade.reconcile(dataset)"
        )


# -- tracebacks -----------------------------------------------------------------------------
def test_pytest_tracebacks_stop_at_the_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import kzlt_trade
        from kzlt_trade.testing import assert_claims_equal

        def test_it():
            ds = kzlt_trade.load(official=False)
            assert_claims_equal(ds.claim("mfa-2023-10-10/turnover-2022"),
                                ds.claim("kazinform-2023-02-24/lt-turnover-2022"))
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["E *AssertionError: claims not equal: *", "E *value: 584.3 != 584"])
    assert "testing.py" not in result.stdout.str()


# -- acknowledgement files ------------------------------------------------------------------
def write(folder: Path, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "acknowledged.csv").write_text(text, encoding="utf-8")
    return folder


def test_no_file_means_no_acknowledgements(tmp_path: Path) -> None:
    assert load_acknowledgements(tmp_path) == {}


def test_a_valid_file(tmp_path: Path) -> None:
    write(tmp_path, 'key,reason,who,when\nsame_quantity:a+b,"the headline rounds, the body does not",Ana,2024-03-01\n')
    assert load_acknowledgements(tmp_path) == {
        "same_quantity:a+b": Acknowledgement(
            "same_quantity:a+b", "the headline rounds, the body does not", "Ana", date(2024, 3, 1)
        )
    }
    assert load_acknowledgements(tmp_path)["same_quantity:a+b"].row == 1


def test_missing_and_unknown_columns_are_listed_together(tmp_path: Path) -> None:
    write(tmp_path, "key,why\nx,y\n")
    with pytest.raises(DataFileError) as excinfo:
        load_acknowledgements(tmp_path)
    assert str(excinfo.value) == (
        f"4 problems in data folder {tmp_path}:\n"
        "  - acknowledged.csv, field 'reason': got missing; expected a column named 'reason' "
        "(columns: key, reason, who, when)\n"
        "  - acknowledged.csv, field 'who': got missing; expected a column named 'who' "
        "(columns: key, reason, who, when)\n"
        "  - acknowledged.csv, field 'when': got missing; expected a column named 'when' "
        "(columns: key, reason, who, when)\n"
        "  - acknowledged.csv, field 'why': got 'why'; expected only the columns key, reason, who, when"
    )


def test_every_bad_row_is_reported(tmp_path: Path) -> None:
    write(
        tmp_path,
        "key,reason,who,when\n"
        "a:x,fine,Ana,2024-03-01\n"
        "a:x,again,Ana,2024-03-02\n"
        ",,Ana,01.03.2024\n"
        "b:y,fine,Ana,2024-03-01,extra\n",
    )
    with pytest.raises(DataFileError) as excinfo:
        load_acknowledgements(tmp_path)
    assert excinfo.value.problems == (
        Problem("acknowledged.csv", 2, "key", "a:x", "a key acknowledged once (row 1 has it already)"),
        Problem("acknowledged.csv", 3, "key", "", "the key of a finding, e.g. growth:<claim id>+<claim id>+<claim id>"),
        Problem("acknowledged.csv", 3, "reason", "", "why the finding is expected, in your own words"),
        Problem("acknowledged.csv", 3, "when", "01.03.2024", "a date YYYY-MM-DD"),
        Problem("acknowledged.csv", 4, None, "['extra']", "exactly 4 fields"),
    )


def test_an_acknowledgement_needs_a_reason() -> None:
    with pytest.raises(UsageError, match="expected a non-empty reason"):
        Acknowledgement("a:x", " ", "Ana", date(2024, 3, 1))


def test_an_acknowledgement_checks_the_types_of_its_fields() -> None:
    with pytest.raises(UsageTypeError, match=r"^when='2024-03-01' of type str is not accepted: expected the date"):
        Acknowledgement("a:x", "why", "Ana", "2024-03-01")  # type: ignore[arg-type]
    with pytest.raises(UsageTypeError, match=r"^who=None of type NoneType is not accepted"):
        Acknowledgement("a:x", "why", None, date(2024, 3, 1))  # type: ignore[arg-type]


def test_acknowledgements_come_from_a_path() -> None:
    with pytest.raises(UsageTypeError, match=r"^folder=42 of type int is not accepted: expected the path"):
        load_acknowledgements(42)  # type: ignore[arg-type]

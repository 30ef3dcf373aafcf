"""The checker on the bundled data: the expectations the project pins, and the Report API."""

from __future__ import annotations

import pytest

import kzlt_trade
from kzlt_trade.checker import check
from kzlt_trade.results import Finding, Report
from kzlt_trade.vocabulary import Severity

LT_30 = "kazinform-2023-02-24/lt-turnover-growth-2022"
LT_287 = "mfa-2023-10-10/turnover-growth-2022"
LT_584 = "kazinform-2023-02-24/lt-turnover-2022"
LT_5843 = "mfa-2023-10-10/turnover-2022"
LT_454 = "kazinform-2022-06-15/turnover-2021"
LT_2236 = "kazinform-2024-06-20/turnover-2023"
LT_716 = "kazinform-2022-06-15/turnover-2021-part"
LT_2944 = "kazinform-2022-06-15/turnover-2022-part"
LT_311 = "kazinform-2022-06-15/turnover-growth-2022-part"
EE_64 = "kazinform-2023-02-24/ee-turnover-growth-2022"
RO_26 = "kazinform-2023-02-24/ro-turnover-2022"


@pytest.fixture(scope="module")
def report() -> Report:
    return check(kzlt_trade.load(official=False))


def status(report: Report, relation: str, *claims: str) -> str:
    rel = report.relations
    key = f"{relation}:{'+'.join(sorted(claims))}"
    rows = rel[rel["key"] == key]
    assert len(rows) == 1, f"no relation group {key}; have {sorted(rel['key'])}"
    return str(rows["status"].iloc[0])


def test_thirty_percent_contradicts_the_levels_and_the_other_growth_rate(report: Report) -> None:
    keys = {f.key for f in report.contradictions}
    assert keys == {
        f"growth:{'+'.join(sorted([LT_30, LT_584, LT_5843, LT_454]))}",
        f"same_quantity:{'+'.join(sorted([LT_30, LT_287]))}",
    }
    f = next(f for f in report.contradictions if f.relation == "growth")
    # One finding for the repeated 2022 level: both reports, taken together.
    assert f.claims == (LT_30, LT_5843, LT_584, LT_454)
    assert f.arithmetic == (
        "454 [453.5, 454.5] → (584,3 [584.25, 584.35] ∩ 584 [583.5, 584.5] = [584.25, 584.35]) "
        "implies +28.54 % … +28.86 %; reported +30 % [+29.5 %, +30.5 %]: no overlap"
    )
    assert f.quotes[0] == "an increase of 30% compared to 2021"
    assert f.severity is Severity.ERROR
    same = next(f for f in report.contradictions if f.relation == "same_quantity")
    assert same.arithmetic == (
        "+28,7 % [+28.65 %, +28.75 %] vs +30 % [+29.5 %, +30.5 %]: no overlap (gap 0.75 percentage points)"
    )


def test_growth_of_28_7_percent_is_consistent(report: Report) -> None:
    assert status(report, "growth", LT_287, LT_5843, LT_584, LT_454) == "consistent"


def test_584_and_584_3_agree(report: Report) -> None:
    assert status(report, "same_quantity", LT_584, LT_5843) == "consistent"


@pytest.mark.parametrize(
    ("total", "exports", "imports"),
    [
        (LT_454, "kazinform-2022-06-15/exports-2021", "kazinform-2022-06-15/imports-2021"),
        (LT_2236, "kazinform-2024-06-20/exports-2023", "kazinform-2024-06-20/imports-2023"),
    ],
)
def test_turnover_is_exports_plus_imports(report: Report, total: str, exports: str, imports: str) -> None:
    assert status(report, "sum", total, exports, imports) == "consistent"


def test_311_percent_fits_as_plus_311_not_as_times_3_11(report: Report) -> None:
    assert status(report, "growth", LT_311, LT_2944, LT_716) == "consistent"
    assert report.live_readings[LT_311] == ("plus_percent",)
    resolved = [f for f in report.of_kind("resolved_ambiguity") if f.claims[0] == LT_311]
    assert len(resolved) == 1
    assert "refute 'percent_of_base'" in resolved[0].message
    assert "reported 311 % of the base [×3.105, ×3.115]: no overlap" in resolved[0].arithmetic


def test_the_partial_period_pair_is_flagged_as_mislabelled(report: Report) -> None:
    labels = [f for f in report.of_kind("period_label") if f.claims[0] == LT_2944]
    assert len(labels) == 1
    f = labels[0]
    assert {LT_716, LT_311, LT_454} <= set(f.claims)
    assert "reads as the 2021 total but cannot be" in f.message
    assert f.arithmetic == "as 'year_2021': 454 [453.5, 454.5] vs 294.4 [294.35, 294.45]: no overlap (gap 159.05)"
    assert f.severity is Severity.WARNING


def test_the_2023_drop_is_an_anomaly_not_a_contradiction(report: Report) -> None:
    jumps = [f for f in report.anomalies if f.relation == "jump"]
    assert [f.claims for f in jumps] == [(LT_2236, LT_5843)]
    assert "fell by more than half" in jumps[0].message
    assert "−61.8 % … −61.7 %" in jumps[0].arithmetic
    assert not any(LT_2236 in f.claims for f in report.contradictions)


def test_balance_reversal_is_an_anomaly(report: Report) -> None:
    (f,) = [f for f in report.anomalies if f.relation == "balance"]
    assert f.message == "KZ–LT: Kazakhstan's trade surplus in 2021 turned into a deficit by 2023"


def test_estonia_keeps_both_readings_and_says_what_each_implies(report: Report) -> None:
    (f,) = [f for f in report.of_kind("ambiguity") if f.claims[0] == EE_64]
    assert report.live_readings[EE_64] == ("times", "times_increase")
    assert "turnover 2021 in [18.837, 19.291]" in f.arithmetic
    assert "turnover 2021 in [16.309, 16.667]" in f.arithmetic


def test_romania_keeps_both_readings_and_says_what_each_implies(report: Report) -> None:
    (f,) = [f for f in report.of_kind("ambiguity") if f.claims[0] == RO_26]
    assert report.live_readings[RO_26] == ("level_2022", "increase_2022")
    assert "as 'level_2022'" in f.arithmetic
    assert "turnover 2021 in [1568.7, 1631.3]" in f.arithmetic
    assert "turnover 2022 in [6626.7, 6893.4], turnover 2021 in [4076.7, 4243.4]" in f.arithmetic


@pytest.mark.parametrize("rounding", ["nearest", "truncate", "either"])
def test_thirty_percent_contradicts_under_every_rounding(rounding: str) -> None:
    r = check(kzlt_trade.load(official=False), rounding=rounding)  # type: ignore[arg-type]
    assert len(r.contradictions) == 2
    assert all(LT_30 in f.claims for f in r.contradictions)
    assert r.rounding == rounding


def test_no_contradiction_among_the_other_figures(ds: kzlt_trade.Dataset) -> None:
    r = check(ds.without([LT_30]))
    assert r.contradictions == ()
    assert r.tensions == ()


def test_report_api(report: Report) -> None:
    assert len(report) == len(list(report)) == len(report.findings)
    assert isinstance(report[0], Finding)
    assert [f.severity for f in report] == sorted((f.severity for f in report), reverse=True)
    frame = report.to_frame()
    assert list(frame.columns) == [
        "kind", "severity", "relation", "partner", "indicator", "period", "claims", "message", "arithmetic", "key",
    ]  # fmt: skip
    assert len(frame) == len(report)
    assert frame["kind"].tolist().count("contradiction") == 2
    text = str(report)
    assert text.startswith("Report (nearest rounding): ")
    for f in report:
        assert f.arithmetic in text
    assert report.at_least("error") == report.contradictions
    assert set(report.at_least("warning")) == set(report.contradictions + report.of_kind("period_label"))
    counts = report.counts()
    assert counts["contradiction"] == 2
    assert counts["relations"] == len(report.relations)
    assert repr(report) == "<Report: 12 findings, 2 contradictions>"


def test_relations_table_lists_every_group_once(report: Report) -> None:
    rel = report.relations
    assert rel["key"].is_unique
    assert set(rel["status"]) <= {"consistent", "tension", "contradiction", "reading_only"}
    assert (rel["status"] == "contradiction").sum() == 2


def test_bad_options_are_refused() -> None:
    with pytest.raises(kzlt_trade.UsageError, match="rounding='round' is not accepted"):
        check(rounding="round")  # type: ignore[arg-type]
    with pytest.raises(kzlt_trade.UsageError, match=r"jump=0\.5"):
        check(jump=0.5)
    with pytest.raises(kzlt_trade.UsageError, match="kind='nonsense'"):
        check().of_kind("nonsense")  # type: ignore[arg-type]
    with pytest.raises(kzlt_trade.UsageError, match="severity='fatal'"):
        check().at_least("fatal")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: kzlt_trade.load(42), "path=42 of type int is not accepted: expected the path of a data folder"),
        (lambda: check("data"), "ds='data' of type str is not accepted: expected a Dataset"),
        (lambda: kzlt_trade.reconcile("data"), "ds='data' of type str is not accepted: expected a Dataset"),
        (lambda: kzlt_trade.reconcile(report="r"), "report='r' of type str is not accepted: expected a Report"),
        (lambda: check(jump=1.0), "jump=1.0 is not accepted: expected a ratio greater than 1"),
    ],
)
def test_a_wrong_argument_is_a_usage_error_at_the_door(call: object, message: str) -> None:
    with pytest.raises(kzlt_trade.UsageError) as excinfo:
        call()  # type: ignore[operator]
    assert str(excinfo.value).startswith(message)

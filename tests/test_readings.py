"""Readings: the table of one analysis, its arrays, intervals and claims."""

from __future__ import annotations

import pytest

import kzlt_trade
from kzlt_trade.errors import UnknownClaimError, UsageError
from kzlt_trade.interval import Interval
from kzlt_trade.readings import Readings


@pytest.fixture(scope="module")
def readings() -> Readings:
    return Readings.of(kzlt_trade.load(official=False))


def test_one_row_per_claim_reading(readings: Readings, ds: kzlt_trade.Dataset) -> None:
    assert len(readings) == sum(len(c.readings) for c in ds)
    assert list(readings.claim_ids) == sorted(c.id for c in ds)


def test_claim_codes_number_the_ids_in_sorted_order(readings: Readings) -> None:
    ids = readings.claim_ids
    assert all(ids[readings.claim_code[r]] == readings.cell(r, "claim") for r in range(len(readings)))


def test_intervals_strict_and_wide(readings: Readings) -> None:
    r = readings.primary_row("mfa-2023-10-10/turnover-2022")
    assert readings.interval(r) == Interval(584.25, 584.35)
    wide = readings.interval(r, wide=True)
    assert wide.lo <= 584.25
    assert wide.hi >= 584.35


def test_the_primary_reading_comes_first(readings: Readings) -> None:
    rows = readings.rows_of("kazinform-2023-02-24/ro-turnover-2022")
    assert [readings.cell(r, "reading") for r in rows] == ["level_2022", "increase_2022"]
    assert readings.primary_row("kazinform-2023-02-24/ro-turnover-2022") == rows[0]


def test_an_unknown_claim_names_the_close_ones(readings: Readings) -> None:
    with pytest.raises(UnknownClaimError, match="turnover-2022"):
        readings.rows_of("turnover-2022")


def test_a_rounding_outside_the_vocabulary_is_a_usage_error(ds: kzlt_trade.Dataset) -> None:
    with pytest.raises(UsageError, match="rounding='up'"):
        Readings.of(ds, rounding="up")  # type: ignore[arg-type]


def test_the_report_keeps_its_readings_for_reconcile() -> None:
    report = kzlt_trade.check(kzlt_trade.load(official=False))
    assert isinstance(report.readings, Readings)
    est = kzlt_trade.reconcile(report=report)
    assert est.most_likely_wrong == ("kazinform-2023-02-24/lt-turnover-growth-2022",)

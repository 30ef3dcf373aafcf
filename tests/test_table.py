"""The reading table: built from columns, the same rows as the reference built one reading at a time."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kzlt_trade
from kzlt_trade.dataset import Dataset
from kzlt_trade.model import Claim, Reading, Source
from kzlt_trade.period import Period
from kzlt_trade.reading import HedgePolicy, format_number
from kzlt_trade.table import READING_TABLE_COLUMNS, reading_table
from kzlt_trade.vocabulary import ROUNDINGS, Rounding
from tests.reference_table import readings_frame

POLICIES = [None, HedgePolicy(about=0.2, approached=0.3), HedgePolicy(about=0.0, approached=0.01)]


def assert_same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    assert list(a.columns) == list(b.columns)
    assert a.dtypes.to_dict() == b.dtypes.to_dict()
    pd.testing.assert_frame_equal(a, b, check_exact=True)


def test_columns_are_the_contract(ds: kzlt_trade.Dataset) -> None:
    assert list(reading_table(ds).columns) == list(READING_TABLE_COLUMNS)


@pytest.mark.parametrize("policy", POLICIES, ids=["default", "wide", "narrow"])
@pytest.mark.parametrize("rounding", ROUNDINGS)
def test_same_as_the_readings_frame(ds: kzlt_trade.Dataset, rounding: Rounding, policy: HedgePolicy | None) -> None:
    assert_same(
        reading_table(ds, rounding=rounding, policy=policy), readings_frame(ds, rounding=rounding, policy=policy)
    )


def test_empty_dataset(ds: kzlt_trade.Dataset) -> None:
    empty = ds.select(partner="LV")
    assert_same(reading_table(empty), readings_frame(empty))
    assert len(reading_table(empty)) == 0


def replicated(ds: kzlt_trade.Dataset, copies: int) -> Dataset:
    """The bundled claims ``copies`` times, with new ids and new sources (same texts)."""
    sources = tuple(
        dataclasses.replace(s, id=f"{s.id}-{k}", weight=1.0 + k % 3) for k in range(copies) for s in ds.source_records
    )
    claims = tuple(
        dataclasses.replace(
            c,
            id=f"{c.source}-{k}/{c.id}",
            source=f"{c.source}-{k}",
            part_of=f"{c.part_of}-{k}" if c.part_of else "",
        )
        for k in range(copies)
        for c in ds.claim_records
    )
    return Dataset(sources, claims, ds.path)


@pytest.mark.parametrize("rounding", ROUNDINGS)
def test_same_as_the_readings_frame_on_a_bigger_dataset(ds: kzlt_trade.Dataset, rounding: Rounding) -> None:
    big = replicated(ds, 25)
    assert len(big) == 25 * len(ds)
    assert_same(reading_table(big, rounding=rounding), readings_frame(big, rounding=rounding))


def test_unstated_months_are_keyed_by_source(ds: kzlt_trade.Dataset) -> None:
    t = reading_table(replicated(ds, 2))
    part = t[t.period == "2022-part"]
    assert set(part.pkey) == {"2022-part#kazinform-2022-06-15-0", "2022-part#kazinform-2022-06-15-1"}
    growth = t[t.base_period == "2021-part"]
    assert set(growth.bkey) == {"2021-part#kazinform-2022-06-15-0", "2021-part#kazinform-2022-06-15-1"}


# -- the law: every row's intervals are the claim's own ---------------------------------
LEVELS = {
    "turnover": ("both", "", ["million USD", "billion USD", "thousand USD"]),
    "companies": ("inward", "", ["company"]),
    "rank": ("both", "kz_partners_world", ["place"]),
    "share": ("export", "kz_partners_eu", ["percent"]),
}
RATIO_UNITS = {"percent_increase": "percent", "percent_of_base": "percent", "times": "times", "times_increase": "times"}
HEDGE_NAMES = ["none", "about", "more_than", "at_least", "less_than", "at_most", "approached"]
SOURCES = (
    Source("a", "t", "p", "en", date(2024, 1, 1), "", None, "a.txt", "0" * 64, weight=1.0),
    Source("b", "t", "p", "ru", date(2023, 5, 2), "", None, "b.txt", "1" * 64, weight=0.5),
)


@st.composite
def claims(draw: st.DrawFn, n: int) -> Claim:
    source = draw(st.sampled_from(SOURCES))
    indicator = draw(st.sampled_from(sorted(LEVELS)))
    flow, scope, units = LEVELS[indicator]
    form = draw(st.sampled_from(["level", "level", "change", *RATIO_UNITS]))
    digits = draw(st.integers(1, 99))
    places = draw(st.integers(0, 2))
    value = Decimal(digits).scaleb(-places) if indicator != "rank" else Decimal(digits)
    if indicator == "share":
        value = min(value, Decimal(100))
    text = format_number(value, source.language, group=False)
    year = draw(st.integers(2015, 2023))
    period = draw(st.sampled_from([Period.year(year), Period.partial(year), Period.partial(year, 1, 6)]))
    base = None if form == "level" else Period.year(year - 1)
    unit = RATIO_UNITS.get(form) or draw(st.sampled_from(units))
    readings = [Reading("stated", form, period, base)]  # type: ignore[arg-type]
    if form == "level" and draw(st.booleans()):
        readings.append(Reading("other", "level", Period.year(year - 2), None))
    return Claim(
        id=f"{source.id}/c{n}",
        source=source.id,
        partner=draw(st.sampled_from(["LT", "DE", "EU"])),
        indicator=indicator,
        flow=flow,  # type: ignore[arg-type]
        scope=scope,
        text=text,
        value=value,
        unit=unit,
        hedge=draw(st.sampled_from(HEDGE_NAMES)),  # type: ignore[arg-type]
        quote=f"about {text} in all",
        start=0,
        end=len(f"about {text} in all"),
        readings=tuple(readings),
        language=source.language,
    )


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    size = draw(st.integers(1, 25))
    drawn = [draw(claims(i)) for i in range(size)]
    # Repeat some claims under new ids, so that distinct inputs are shared between rows.
    repeats = draw(st.lists(st.integers(0, size - 1), max_size=10))
    extra = [dataclasses.replace(drawn[i], id=f"{drawn[i].id}-again{k}") for k, i in enumerate(repeats)]
    return Dataset(SOURCES, tuple(drawn + extra))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=datasets(),
    rounding=st.sampled_from(ROUNDINGS),
    about=st.floats(0.0, 0.5),
    approached=st.floats(0.01, 0.5),
)
def test_table_intervals_are_the_claims_own(data: Dataset, rounding: Rounding, about: float, approached: float) -> None:
    policy = HedgePolicy(about=about, approached=approached)
    widest = HedgePolicy.widest()
    wide_policy = HedgePolicy(about=max(about, widest.about), approached=max(approached, widest.approached))
    table = reading_table(data, rounding=rounding, policy=policy)
    rows: list[tuple[Any, ...]] = []
    for c in data:
        for r in c.readings:
            strict = c.interval(r.name, rounding=rounding, policy=policy)
            wide = c.interval(r.name, rounding="either", policy=wide_policy).hull(strict)
            rows.append((c.id, r.name, strict.lo, strict.hi, strict.lo_open, strict.hi_open, wide.lo, wide.hi,
                         wide.lo_open, wide.hi_open))  # fmt: skip
    got = table[["claim", "reading", "lo", "hi", "lo_open", "hi_open", "wlo", "whi", "wlo_open", "whi_open"]]
    assert [tuple(row) for row in got.itertuples(index=False)] == rows
    assert_same(table, readings_frame(data, rounding=rounding, policy=policy))

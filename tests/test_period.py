"""Period: the grammar of the data files, containment, and impossible periods."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzlt_trade.errors import ReadingError
from kzlt_trade.period import Period

years = st.integers(min_value=1, max_value=9999)
months = st.integers(min_value=1, max_value=12)


@st.composite
def period_texts(draw: st.DrawFn) -> str:
    """Texts in the grammar, in their canonical spelling."""
    kind = draw(st.sampled_from(["year", "part", "span", "as_of"]))
    if kind == "year":
        return f"{draw(years):04d}"
    if kind == "part":
        return f"{draw(years):04d}-part"
    if kind == "as_of":
        return "@" + draw(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))).isoformat()
    y0, m0 = draw(years), draw(months)
    y1 = draw(st.integers(min_value=y0, max_value=9999))
    m1 = draw(st.integers(min_value=m0 if y1 == y0 else 1, max_value=12))
    if (y0, m0, y1, m1) == (y0, 1, y0, 12):
        m1 = 11  # January..December of one year is spelled as the year itself
    return f"{y0:04d}-{m0:02d}..{y1:04d}-{m1:02d}"


@given(period_texts())
def test_grammar_round_trip(text: str) -> None:
    period = Period.parse(text)
    assert str(period) == text
    assert Period.parse(str(period)) == period


@given(period_texts())
def test_every_period_contains_itself_and_its_days_are_ordered(text: str) -> None:
    period = Period.parse(text)
    assert period.contains(period)
    assert period.start <= period.end


@given(period_texts(), period_texts())
def test_containment_means_nested_days(a_text: str, b_text: str) -> None:
    a, b = Period.parse(a_text), Period.parse(b_text)
    if a.contains(b):
        assert a.start <= b.start
        assert b.end <= a.end


@pytest.mark.parametrize(
    ("text", "kind", "start", "end", "months_known"),
    [
        ("2022", "year", date(2022, 1, 1), date(2022, 12, 31), True),
        ("2022-part", "partial", date(2022, 1, 1), date(2022, 12, 31), False),
        ("2022-01..2022-04", "partial", date(2022, 1, 1), date(2022, 4, 30), True),
        ("2024-02..2024-02", "partial", date(2024, 2, 1), date(2024, 2, 29), True),
        ("2005-01..2023-09", "window", date(2005, 1, 1), date(2023, 9, 30), True),
        ("1991-12..2025-11", "window", date(1991, 12, 1), date(2025, 11, 30), True),
        ("@2024-01-01", "as_of", date(2024, 1, 1), date(2024, 1, 1), True),
        (" 2021 ", "year", date(2021, 1, 1), date(2021, 12, 31), True),
    ],
)
def test_parse(text: str, kind: str, start: date, end: date, months_known: bool) -> None:
    p = Period.parse(text)
    assert (p.kind, p.start, p.end, p.months_known) == (kind, start, end, months_known)


def test_a_whole_year_span_is_spelled_as_the_year() -> None:
    p = Period.parse("2005-01..2005-12")
    assert p == Period.year(2005)
    assert str(p) == "2005"


def test_four_digit_years_below_1000() -> None:
    assert str(Period.year(999)) == "0999"
    assert str(Period.partial(999)) == "0999-part"
    assert Period.parse("0999-01..1000-02").kind == "window"


def test_constructors() -> None:
    assert Period.year(2021) == Period("year", date(2021, 1, 1), date(2021, 12, 31))
    assert Period.partial(2022) == Period("partial", date(2022, 1, 1), date(2022, 12, 31), months_known=False)
    assert Period.partial(2022, 1, 4) == Period.parse("2022-01..2022-04")
    assert Period.as_of(date(2023, 2, 24)) == Period.parse("@2023-02-24")
    assert Period.parse("2022-part").years == 2022
    assert Period.parse("2005-01..2023-09").years == 2005


def test_contains_rules() -> None:
    year = Period.parse("2022")
    part = Period.parse("2022-part")
    months = Period.parse("2022-01..2022-04")
    window = Period.parse("2005-01..2023-09")
    day = Period.parse("@2022-06-15")
    assert year.contains(part) is True
    assert year.contains(months) is True
    assert part.contains(year) is False
    # An unstated part of a year is not known to contain anything but itself.
    assert part.contains(months) is False
    assert part.contains(Period.parse("2022-part")) is True
    assert months.contains(part) is False
    assert window.contains(year) is True
    assert window.contains(Period.parse("2023")) is False  # 2023 runs past September
    assert window.contains(Period.parse("2023-part")) is False
    assert year.contains(window) is False
    # A stock at a date is not a flow over a period: neither holds the other.
    assert year.contains(day) is False
    assert day.contains(year) is False
    assert day.contains(Period.parse("@2022-06-15")) is True


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "2022-13..2022-14",
            "cannot read period '2022-13..2022-14': expected a real calendar date (month must be in 1..12)",
        ),
        (
            "2022-00..2022-05",
            "cannot read period '2022-00..2022-05': expected a real calendar date (month must be in 1..12)",
        ),
        (
            "@2023-02-30",
            "cannot read period '@2023-02-30': expected a real calendar date (day is out of range for month)",
        ),
        ("0000", "cannot read period '0000': expected a real calendar date (year 0 is out of range)"),
        ("2023-09..2005-01", "cannot read period '2023-09..2005-01': expected an end that is not before its start"),
        ("2022-05..2022-04", "cannot read period '2022-05..2022-04': expected an end that is not before its start"),
        ("2022-13", "cannot read period '2022-13': expected YYYY, YYYY-part, YYYY-MM..YYYY-MM or @YYYY-MM-DD"),
        ("FY2022", "cannot read period 'FY2022': expected YYYY, YYYY-part, YYYY-MM..YYYY-MM or @YYYY-MM-DD"),
        ("", "cannot read period '': expected YYYY, YYYY-part, YYYY-MM..YYYY-MM or @YYYY-MM-DD"),
        (
            "2022-1..2022-4",
            "cannot read period '2022-1..2022-4': expected YYYY, YYYY-part, YYYY-MM..YYYY-MM or @YYYY-MM-DD",
        ),
    ],
)
def test_impossible_periods(text: str, message: str) -> None:
    with pytest.raises(ReadingError) as err:
        Period.parse(text)
    assert str(err.value) == message
    assert isinstance(err.value, ValueError)


def test_records_refuse_inconsistent_fields() -> None:
    with pytest.raises(ReadingError) as err:
        Period("year", date(2022, 1, 1), date(2023, 12, 31))
    assert str(err.value) == "cannot read period '2022': expected a year period inside one calendar year"
    with pytest.raises(ReadingError) as err:
        Period("as_of", date(2022, 1, 1), date(2022, 1, 2))
    assert str(err.value) == "cannot read period '@2022-01-01': expected an as-of period of one date"
    with pytest.raises(ReadingError) as err:
        Period("window", date(2022, 1, 1), date(2021, 1, 1))
    assert str(err.value) == "cannot read period '2022-01-01..2021-01-01': expected an end that is not before its start"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2022", "the year 2022"),
        ("2022-part", "part of 2022 (months not stated)"),
        ("2022-01..2022-04", "January 2022 to April 2022"),
        ("2005-01..2023-09", "January 2005 to September 2023"),
        ("@2024-01-01", "as of 1 January 2024"),
    ],
)
def test_describe(text: str, words: str) -> None:
    assert Period.parse(text).describe() == words

"""Period: the grammar of the data files, containment, and impossible periods."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzlt_trade.errors import ReadingError
from kzlt_trade.period import Period

GRAMMAR = (
    "YYYY, YYYY-part, YYYY-MM, YYYY-Qn, YYYY-Hn, YYYY-MM..YYYY-MM (either end may be a range "
    "[YYYY-MM,YYYY-MM]) or @YYYY-MM-DD"
)

years = st.integers(min_value=1, max_value=9999)
months = st.integers(min_value=1, max_value=12)


def month(index: int) -> str:
    """Month ``index`` (year * 12 + month - 1) as the grammar writes it."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def first_day(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def last_day(index: int) -> date:
    return first_day(index + 1) - timedelta(days=1) if index < 9999 * 12 + 11 else date(9999, 12, 31)


#: The four months of an approximate window: earliest start <= latest start <= earliest end <= latest end.
fuzzy_months = (
    st.lists(st.integers(min_value=12, max_value=9999 * 12 + 11), min_size=4, max_size=4)
    .map(sorted)
    .filter(lambda m: m[0] != m[1] or m[2] != m[3])
)


def bound(lo: int, hi: int) -> str:
    return month(lo) if lo == hi else f"[{month(lo)},{month(hi)}]"


@st.composite
def approximate_windows(draw: st.DrawFn) -> Period:
    """Approximate windows built field by field, as a caller would."""
    s_lo, s_hi, e_lo, e_hi = draw(fuzzy_months)
    return Period(
        "window",
        first_day(s_lo),
        last_day(e_hi),
        start_latest=first_day(s_hi) if s_hi != s_lo else None,
        end_earliest=last_day(e_lo) if e_lo != e_hi else None,
    )


@st.composite
def period_texts(draw: st.DrawFn) -> str:
    """Texts in the grammar, in their canonical spelling."""
    kind = draw(st.sampled_from(["year", "part", "span", "as_of", "fuzzy"]))
    if kind == "fuzzy":
        s_lo, s_hi, e_lo, e_hi = draw(fuzzy_months)
        return f"{bound(s_lo, s_hi)}..{bound(e_lo, e_hi)}"
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


#: Every period: read from the grammar, built by the class methods, or built field by field.
periods = st.one_of(
    period_texts().map(Period.parse),
    approximate_windows(),
    st.builds(Period.year, years),
    st.builds(Period.partial, years),
    # Not months 1..12: Period.partial(y, 1, 12) is a partial period that the grammar
    # writes, and reads back, as the year (as it has always done).
    st.builds(lambda y, a, b: Period.partial(y, min(a, b), max(a, b)), years, months, months).filter(
        lambda p: (p.start.month, p.end.month) != (1, 12)
    ),
    st.builds(Period.as_of, st.dates(min_value=date(1, 1, 1))),
)


@given(periods)
def test_every_period_reads_back_from_its_text(period: Period) -> None:
    assert Period.parse(str(period)) == period
    assert period.key("a") == (str(period) if period.months_known else f"{period}#a")


@given(periods)
def test_every_period_contains_itself_and_its_days_are_ordered(period: Period) -> None:
    assert period.contains(period)
    assert period.start <= period.core_start <= period.core_end <= period.end
    assert period.approximate == ((period.core_start, period.core_end) != (period.start, period.end))
    assert period.approximate <= (period.kind == "window")


@given(periods, periods)
def test_containment_means_nested_days(a: Period, b: Period) -> None:
    if a.contains(b):
        assert a.start <= b.start
        assert b.end <= a.end
        # Beyond identity, what is contained lies in the days surely covered.
        assert a == b or (a.core_start <= b.start and b.end <= a.core_end)


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("2022-03", "2022-03..2022-03"),
        ("2024-02", "2024-02..2024-02"),
        ("2022-Q1", "2022-01..2022-03"),
        ("2022-Q3", "2022-07..2022-09"),
        ("2022-Q4", "2022-10..2022-12"),
        ("2022-q2", "2022-04..2022-06"),
        ("2022-H1", "2022-01..2022-06"),
        ("2022-H2", "2022-07..2022-12"),
        ("[2005-01,2005-01]..2022-05", "2005-01..2022-05"),  # a range of one month is that month
        ("2005-01..[2022-05,2022-05]", "2005-01..2022-05"),
        ("[ 1991-06 , 1992-06 ]..2022-05", "[1991-06,1992-06]..2022-05"),
        ("[1991-12,1992-01]..[2021-06,2022-06]", "[1991-12,1992-01]..[2021-06,2022-06]"),
    ],
)
def test_conveniences_are_written_in_the_canonical_form(text: str, canonical: str) -> None:
    p = Period.parse(text)
    assert str(p) == canonical
    assert Period.parse(canonical) == p


def test_months_quarters_and_halves_are_partial_periods() -> None:
    assert Period.parse("2022-03") == Period.partial(2022, 3, 3)
    assert Period.parse("2022-Q3") == Period.partial(2022, 7, 9)
    assert Period.parse("2022-H1") == Period.partial(2022, 1, 6)
    assert (Period.parse("2024-02").start, Period.parse("2024-02").end) == (date(2024, 2, 1), date(2024, 2, 29))
    assert Period.parse("2022").contains(Period.parse("2022-Q3"))
    assert Period.parse("2022-H2").contains(Period.parse("2022-Q3"))
    assert not Period.parse("2022-H1").contains(Period.parse("2022-Q3"))


def test_approximate_windows() -> None:
    p = Period.parse("[1991-06,1992-06]..2022-05")
    assert (p.kind, p.start, p.end, p.start_latest, p.end_earliest) == (
        "window", date(1991, 6, 1), date(2022, 5, 31), date(1992, 6, 1), None,
    )  # fmt: skip
    assert (p.approximate, p.core_start, p.core_end) == (True, date(1992, 6, 1), date(2022, 5, 31))
    q = Period.parse("2005-01..[2023-06,2023-09]")
    assert (q.start, q.end, q.start_latest, q.end_earliest) == (
        date(2005, 1, 1),
        date(2023, 9, 30),
        None,
        date(2023, 6, 30),
    )
    assert (q.core_start, q.core_end) == (date(2005, 1, 1), date(2023, 6, 30))
    exact = Period.parse("2005-01..2023-09")
    assert (exact.approximate, exact.core_start, exact.core_end) == (False, exact.start, exact.end)
    # Ranges inside one calendar year still make a window: a partial period has exact months.
    assert Period.parse("[2022-01,2022-03]..2022-06").kind == "window"
    assert Period.parse("2022-01..[2022-01,2022-06]").kind == "window"
    # Existing constructors keep working without the new fields.
    assert Period("window", date(2005, 1, 1), date(2023, 9, 30)) == exact
    assert p.key("a") == "[1991-06,1992-06]..2022-05"


def test_containment_of_and_in_approximate_windows() -> None:
    p = Period.parse("[1991-06,1992-06]..2022-05")
    assert p.contains(Period.parse("1993")) is True  # inside the core
    assert p.contains(Period.parse("1992")) is False  # January-May 1992 may lie before the start
    assert p.contains(Period.parse("1992-06..1992-12")) is True
    assert p.contains(Period.parse("1991")) is False
    assert p.contains(Period.parse("2022-01..2022-05")) is True
    assert p.contains(Period.parse("2022")) is False
    assert p.contains(Period.parse("1993-part")) is True
    assert p.contains(Period.parse("@2000-01-01")) is False
    q = Period.parse("2005-01..[2023-06,2023-09]")
    assert q.contains(Period.parse("2022")) is True
    assert q.contains(Period.parse("2023-Q2")) is True
    assert q.contains(Period.parse("2023-01..2023-07")) is False  # July 2023 is in the uncertain band
    assert q.contains(Period.parse("2023")) is False
    # Of an approximate window, every day it may cover counts.
    assert Period.parse("1991-01..2022-12").contains(p) is True
    assert Period.parse("1992-01..2022-12").contains(p) is False
    assert Period.parse("[1990-01,1991-06]..[2022-05,2022-12]").contains(p) is True
    assert Period.parse("[1990-01,1991-07]..[2022-05,2022-12]").contains(p) is False
    assert p.contains(Period.parse("[1992-06,1993-01]..[2020-01,2022-05]")) is True
    assert p.contains(Period.parse("[1992-05,1993-01]..[2020-01,2022-05]")) is False


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"kind": "partial", "start": date(2022, 1, 1), "end": date(2022, 6, 30), "start_latest": date(2022, 2, 1)},
            "cannot read period '[2022-01,2022-02]..2022-06': expected a start or end range only on a window",
        ),
        (
            {"kind": "window", "start": date(2005, 1, 1), "end": date(2022, 6, 30), "start_latest": date(2005, 1, 1)},
            "cannot read period '2005-01..2022-06': "
            "expected a latest start after the start and before the end (or None)",
        ),
        (
            {"kind": "window", "start": date(2005, 1, 1), "end": date(2022, 6, 30), "end_earliest": date(2022, 6, 30)},
            "cannot read period '2005-01..2022-06': "
            "expected an earliest end after the start and before the end (or None)",
        ),
        (
            {"kind": "window", "start": date(2005, 1, 2), "end": date(2022, 6, 30), "start_latest": date(2005, 2, 1)},
            "cannot read period '[2005-01,2005-02]..2022-06': "
            "expected an approximate window of whole months (from a 1st, to a month end)",
        ),
        (
            {"kind": "window", "start": date(2005, 1, 1), "end": date(2022, 6, 30), "end_earliest": date(2022, 5, 1)},
            "cannot read period '2005-01..[2022-05,2022-06]': "
            "expected an approximate window of whole months (from a 1st, to a month end)",
        ),
        (
            {
                "kind": "window", "start": date(2000, 1, 1), "end": date(2020, 1, 31),
                "start_latest": date(2010, 1, 1), "end_earliest": date(2005, 1, 31),
            },
            "cannot read period '[2000-01,2010-01]..[2005-01,2020-01]': expected a window that surely covers at "
            "least one month: its latest start not after its earliest end, as in [YYYY-MM,YYYY-MM]..[YYYY-MM,YYYY-MM]",
        ),
    ],
)  # fmt: skip
def test_records_refuse_inconsistent_ranges(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ReadingError) as err:
        Period(**fields)
    assert str(err.value) == message


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
        # "2022-13" is a month, in the grammar, and not a real one.
        ("2022-13", "cannot read period '2022-13': expected a real calendar date (month must be in 1..12)"),
        ("2022-Q5", "cannot read period '2022-Q5': expected a quarter Q1 to Q4 or a half H1 or H2"),
        ("2022-H3", "cannot read period '2022-H3': expected a quarter Q1 to Q4 or a half H1 or H2"),
        (
            "[1992-06,1991-06]..2022-05",
            "cannot read period '[1992-06,1991-06]..2022-05': "
            "expected a range of months [YYYY-MM,YYYY-MM] whose first month is not after its last",
        ),
        (
            "2005-01..[2023-09,2023-06]",
            "cannot read period '2005-01..[2023-09,2023-06]': "
            "expected a range of months [YYYY-MM,YYYY-MM] whose first month is not after its last",
        ),
        (
            "[2000-01,2010-01]..[2005-01,2020-01]",
            "cannot read period '[2000-01,2010-01]..[2005-01,2020-01]': expected a window that surely covers at "
            "least one month: its latest start not after its earliest end, as in [YYYY-MM,YYYY-MM]..[YYYY-MM,YYYY-MM]",
        ),
        (
            "2023-01..[2022-01,2022-06]",
            "cannot read period '2023-01..[2022-01,2022-06]': expected an end that is not before its start",
        ),
        (
            "[1991-06,1992-13]..2022-05",
            "cannot read period '[1991-06,1992-13]..2022-05': expected a real calendar date (month must be in 1..12)",
        ),
        ("[1991-06]..2022-05", f"cannot read period '[1991-06]..2022-05': expected {GRAMMAR}"),
        ("2022-06..", f"cannot read period '2022-06..': expected {GRAMMAR}"),
        ("FY2022", f"cannot read period 'FY2022': expected {GRAMMAR}"),
        ("", f"cannot read period '': expected {GRAMMAR}"),
        ("2022-1..2022-4", f"cannot read period '2022-1..2022-4': expected {GRAMMAR}"),
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
        ("2022-Q3", "July 2022 to September 2022"),
        ("[1991-06,1992-06]..2022-05", "from between June 1991 and June 1992 to May 2022"),
        ("2005-01..[2023-06,2023-09]", "from January 2005 to between June 2023 and September 2023"),
        (
            "[1991-12,1992-01]..[2021-06,2022-06]",
            "from between December 1991 and January 1992 to between June 2021 and June 2022",
        ),
    ],
)
def test_describe(text: str, words: str) -> None:
    assert Period.parse(text).describe() == words

"""Fuzzy time: release dates known to a day, a month or a year, and windows read from phrases."""

from __future__ import annotations

import calendar
import contextlib
import time
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzlt_trade.errors import ReadingError, UsageError, UsageTypeError
from kzlt_trade.period import Period, Published, window_phrase

DAY = date(2022, 6, 15)
Date = date | Published
YEAR = Published.parse("2022")


# -- Published ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "earliest", "latest", "exact"),
    [
        ("2022-06-15", date(2022, 6, 15), date(2022, 6, 15), True),
        ("2022-06", date(2022, 6, 1), date(2022, 6, 30), False),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), False),
        ("2022", date(2022, 1, 1), date(2022, 12, 31), False),
        ("2022-06-10..2022-06-20", date(2022, 6, 10), date(2022, 6, 20), False),
    ],
)
def test_published_parse(text: str, earliest: date, latest: date, exact: bool) -> None:
    p = Published.parse(text)
    assert (p.earliest, p.latest, p.exact) == (earliest, latest, exact)
    assert str(p) == text
    assert Published.parse(f" {text} ") == p


@given(st.dates(), st.dates())
def test_every_publication_date_reads_back_from_its_text(a: date, b: date) -> None:
    p = Published(min(a, b), max(a, b))
    assert Published.parse(str(p)) == p


def test_published_on_a_day() -> None:
    assert Published.on(DAY) == Published.parse("2022-06-15")
    from datetime import datetime

    assert Published.on(datetime(2022, 6, 15, 9, 30)) == Published.parse("2022-06-15")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2022-13", "cannot read publication date '2022-13': expected a real calendar date (month must be in 1..12)"),
        (
            "2023-02-30",
            "cannot read publication date '2023-02-30': expected a real calendar date (day is out of range for month)",
        ),
        (
            "15 June 2022",
            "cannot read publication date '15 June 2022': expected YYYY-MM-DD, YYYY-MM, YYYY or YYYY-MM-DD..YYYY-MM-DD",
        ),
        (
            "2022-06-20..2022-06-10",
            "cannot read publication date '2022-06-20..2022-06-10': expected a range not ending before it starts",
        ),
    ],
)
def test_impossible_publication_dates(text: str, message: str) -> None:
    with pytest.raises(ReadingError) as err:
        Published.parse(text)
    assert str(err.value) == message


# -- window_phrase ------------------------------------------------------------------------
#: phrase, language, window for a release of 15 June 2022, window for a release in 2022.
PHRASES = [
    ("over 30 years", "en", "[1987-07,1992-07]..[2021-06,2022-06]", "[1987-02,1993-01]..[2021-01,2022-12]"),
    ("more than 30 years", "en", "[1987-07,1992-07]..[2021-06,2022-06]", "[1987-02,1993-01]..[2021-01,2022-12]"),
    ("30 years", "en", "[1990-07,1993-07]..[2021-06,2022-06]", "[1990-02,1994-01]..[2021-01,2022-12]"),
    ("in the past 20 years", "en", "[2000-07,2003-07]..[2021-06,2022-06]", "[2000-02,2004-01]..[2021-01,2022-12]"),
    ("the last 20 years", "en", "[2000-07,2003-07]..[2021-06,2022-06]", "[2000-02,2004-01]..[2021-01,2022-12]"),
    ("three decades", "en", "[1990-07,1993-07]..[2021-06,2022-06]", "[1990-02,1994-01]..[2021-01,2022-12]"),
    ("over three decades", "en", "[1987-07,1992-07]..[2021-06,2022-06]", "[1987-02,1993-01]..[2021-01,2022-12]"),
    ("since 2005", "en", "[2005-01,2005-12]..[2021-06,2022-06]", "[2005-01,2005-12]..[2021-01,2022-12]"),
    ("since independence", "en", "[1991-12,1992-01]..[2021-06,2022-06]", "[1991-12,1992-01]..[2021-01,2022-12]"),
    ("since 1992", "en", "[1992-01,1992-12]..[2021-06,2022-06]", "[1992-01,1992-12]..[2021-01,2022-12]"),
    ("за 30 лет", "ru", "[1990-07,1993-07]..[2021-06,2022-06]", "[1990-02,1994-01]..[2021-01,2022-12]"),
    ("более 30 лет", "ru", "[1987-07,1992-07]..[2021-06,2022-06]", "[1987-02,1993-01]..[2021-01,2022-12]"),
    ("за последние 20 лет", "ru", "[2000-07,2003-07]..[2021-06,2022-06]", "[2000-02,2004-01]..[2021-01,2022-12]"),
    ("три десятилетия", "ru", "[1990-07,1993-07]..[2021-06,2022-06]", "[1990-02,1994-01]..[2021-01,2022-12]"),
    ("с 2005 года", "ru", "[2005-01,2005-12]..[2021-06,2022-06]", "[2005-01,2005-12]..[2021-01,2022-12]"),
    ("с 2005 г.", "ru", "[2005-01,2005-12]..[2021-06,2022-06]", "[2005-01,2005-12]..[2021-01,2022-12]"),
    (
        "с момента обретения независимости", "ru",
        "[1991-12,1992-01]..[2021-06,2022-06]", "[1991-12,1992-01]..[2021-01,2022-12]",
    ),
    ("за годы независимости", "ru", "[1991-12,1992-01]..[2021-06,2022-06]", "[1991-12,1992-01]..[2021-01,2022-12]"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "lang", "on_day", "in_year"), PHRASES)
def test_window_phrases(text: str, lang: str, on_day: str, in_year: str) -> None:
    for published, expected in ((DAY, on_day), (Published.on(DAY), on_day), (YEAR, in_year)):
        p = window_phrase(text, published, lang)  # type: ignore[arg-type]
        assert str(p) == expected
        assert (p.kind, p.approximate) == ("window", True)
        assert Period.parse(str(p)) == p


@pytest.mark.parametrize(
    ("text", "lang", "same_as"),
    [
        ("Over 30 Years.", "en", "over 30 years"),
        ("for more than 30 years", "en", "over 30 years"),
        ("over the past 20 years", "en", "the last 20 years"),  # "over the past": during, not more than
        ("during the last twenty years", "en", "the last 20 years"),
        ("twenty-five years", "en", "25 years"),
        ("over a decade", "en", "over 10 years"),
        ("the past decade", "en", "10 years"),
        ("since Kazakhstan's independence", "en", "since independence"),
        ("since gaining independence", "en", "since independence"),
        ("during the years of independence", "en", "since independence"),
        ("свыше 30 лет", "ru", "более 30 лет"),
        ("более тридцати лет", "ru", "более 30 лет"),
        ("более чем за 30 лет", "ru", "более 30 лет"),
        ("30 с лишним лет", "ru", "более 30 лет"),
        ("более трёх десятилетий", "ru", "более 30 лет"),
        ("за три десятилетия", "ru", "за 30 лет"),
        ("за двадцать пять лет", "ru", "за 25 лет"),
        ("в течение последних 20 лет", "ru", "за 20 лет"),
        ("за последнее десятилетие", "ru", "за 10 лет"),
        ("начиная с 2005 года", "ru", "с 2005 года"),
        ("с 2005-го года", "ru", "с 2005 года"),
        ("со времени обретения независимости", "ru", "с момента обретения независимости"),
        ("за все годы независимости Казахстана", "ru", "за годы независимости"),
    ],
)
def test_variants_of_the_phrases(text: str, lang: str, same_as: str) -> None:
    assert window_phrase(text, DAY, lang) == window_phrase(same_as, DAY, lang)  # type: ignore[arg-type]


def test_the_describe_of_a_phrase() -> None:
    assert window_phrase("since independence", DAY, "en").describe() == (
        "from between December 1991 and January 1992 to between June 2021 and June 2022"
    )


def test_the_end_is_the_release_month_or_up_to_twelve_months_before() -> None:
    month = Published.parse("2022-06")
    p = window_phrase("30 years", month, "en")
    assert str(p) == "[1990-07,1993-07]..[2021-06,2022-06]"
    # A release known to lie in a range of days: the end range runs from 12 months before its first day.
    p = window_phrase("30 years", Published.parse("2022-05-20..2022-07-05"), "en")
    assert str(p) == "[1990-06,1993-08]..[2021-05,2022-07]"


def test_a_window_surely_covers_at_least_one_month() -> None:
    # "1 year" would let the start run past the earliest end: the latest start is lowered to it.
    assert str(window_phrase("1 year", DAY, "en")) == "[2019-07,2021-06]..[2021-06,2022-06]"
    assert str(window_phrase("более года", DAY, "ru")) == "[2018-07,2021-06]..[2021-06,2022-06]"
    # "since 2022" in June 2022: the end is not before the start.
    assert str(window_phrase("since 2022", DAY, "en")) == "2022-01..[2022-01,2022-06]"


@pytest.mark.parametrize("published", [DAY, Published.parse("2022-06"), YEAR, Published.parse("1995-03-01")])
@pytest.mark.parametrize("n", [3, 5, 10, 20, 30, 50, 99])
def test_the_ranges_hold_every_window_the_phrase_names(published: Date, n: int) -> None:
    """Every window of exactly N years, or of N to 1.1 N + 1 years for "over", ending in the end range."""
    release = published if isinstance(published, Published) else Published.on(published)
    about, over = window_phrase(f"{n} years", release, "en"), window_phrase(f"over {n} years", release, "en")
    e0 = months(release.earliest) - 12
    e1 = months(release.latest)
    for p in (about, over):
        assert (months(p.core_end), months(p.end)) == (e0, e1)
    for end in range(e0, e1 + 1):
        assert months(about.start) <= end - 12 * n + 1 <= months(about.core_start)
        for length in (n, (11 * n + 19) // 10):
            assert months(over.start) <= end - 12 * length + 1 <= months(over.core_start)
    # "Over" reaches further back than "about", and never as recent.
    assert over.start < about.start
    assert over.core_start < about.core_start


def months(day: date) -> int:
    return day.year * 12 + day.month - 1


UNDERSTOOD_EN = (
    "a span such as 'over 30 years', 'more than 30 years', '30 years', 'in the past 20 years', "
    "'the last 20 years', 'three decades', 'over three decades', 'since 2005', 'since independence' "
    "or 'during the years of independence' (numbers in digits or words, one to ninety-nine)"
)
UNDERSTOOD_RU = (
    "a span such as 'за 30 лет', 'более 30 лет', 'свыше 30 лет', 'за последние 20 лет', 'три десятилетия', "
    "'с 2005 года', 'с 2005 г.', 'с момента обретения независимости' or 'за годы независимости' "
    "(numbers in digits or words, один to девяносто девять)"
)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("nearly 30 years", "en", UNDERSTOOD_EN),
        ("30+ years", "en", UNDERSTOOD_EN),
        ("30 years ago", "en", UNDERSTOOD_EN),
        ("in 30 years", "en", UNDERSTOOD_EN),
        ("0 years", "en", UNDERSTOOD_EN),
        ("since 2005 to 2022", "en", UNDERSTOOD_EN),
        ("since the war", "en", UNDERSTOOD_EN),
        ("", "en", UNDERSTOOD_EN),
        ("за 30 лет", "en", UNDERSTOOD_EN),
        ("over 30 years", "ru", UNDERSTOOD_RU),
        ("почти 30 лет", "ru", UNDERSTOOD_RU),
        ("с 2005 по 2022 год", "ru", UNDERSTOOD_RU),
        ("в 30 лет", "ru", UNDERSTOOD_RU),
        ("²0 years", "en", UNDERSTOOD_EN),
        ("since 2023", "en", "a window that starts before the month of the release (2022-06)"),
        ("9999 years", "en", "a window that starts in the year 1 or later"),
    ],
)
def test_phrases_that_cannot_be_placed(text: str, lang: str, expected: str) -> None:
    with pytest.raises(ReadingError) as err:
        window_phrase(text, DAY, lang)  # type: ignore[arg-type]
    assert str(err.value) == f"cannot read window phrase {text!r}: expected {expected}"
    assert (err.value.what, err.value.text, err.value.expected) == ("window phrase", text, expected)


def test_long_phrases_are_refused() -> None:
    with pytest.raises(ReadingError) as err:
        window_phrase("over " + "very " * 60 + "many years", DAY, "en")
    assert err.value.expected == "a phrase of at most 200 characters"
    assert err.value.text == ("over " + "very " * 60)[:60] + "…"
    assert len(window_phrase(" " * 187 + "over 30 years", DAY, "en").describe()) > 0  # 200 exactly is read


def test_bad_arguments() -> None:
    with pytest.raises(UsageError, match="lang='de' is not accepted: expected one of 'en', 'ru'"):
        window_phrase("30 years", DAY, "de")  # type: ignore[arg-type]
    with pytest.raises(UsageTypeError, match="published='2022' of type str is not accepted"):
        window_phrase("30 years", "2022", "en")  # type: ignore[arg-type]
    with pytest.raises(UsageTypeError, match="text=30 of type int"):
        window_phrase(30, DAY, "en")  # type: ignore[arg-type]


# -- laws ---------------------------------------------------------------------------------
releases = st.one_of(
    st.dates(min_value=date(1200, 1, 1), max_value=date(9998, 12, 31)).map(Published.on),
    st.dates(min_value=date(1200, 1, 1), max_value=date(9998, 12, 31)).map(
        lambda d: Published.parse(f"{d.year:04d}-{d.month:02d}")
    ),
    st.integers(min_value=1200, max_value=9998).map(lambda y: Published.parse(f"{y:04d}")),
)
phrases = st.one_of(
    st.builds(lambda n: f"{n} years", st.integers(min_value=1, max_value=99)),
    st.builds(lambda n: f"over {n} years", st.integers(min_value=1, max_value=99)),
    st.builds(lambda n: f"{n} decades", st.integers(min_value=1, max_value=9)),
    st.builds(lambda n: f"since {n}", st.integers(min_value=1000, max_value=9999)),
    st.just("since independence"),
)


@given(phrases, releases)
def test_every_placed_phrase_is_an_approximate_window_ending_at_the_release(text: str, release: Published) -> None:
    first = 0  # the earliest start month a phrase names: N years always start before the release
    if text == "since independence":
        first = months(date(1991, 12, 1))
    elif text.startswith("since"):
        first = int(text[-4:]) * 12
    if first >= months(release.latest):  # a window that would start in the month of the release or later
        with pytest.raises(ReadingError, match="a window that starts before the month of the release"):
            window_phrase(text, release, "en")
        return
    p = window_phrase(text, release, "en")
    assert (p.kind, p.approximate) == ("window", True)
    assert p.start <= p.core_start <= p.core_end <= p.end
    last = calendar.monthrange(release.latest.year, release.latest.month)[1]
    assert p.end == release.latest.replace(day=last)
    assert Period.parse(str(p)) == p


@given(st.text(max_size=200), st.sampled_from(["en", "ru"]))
def test_any_text_is_a_window_or_a_reading_error(text: str, lang: str) -> None:
    try:
        p = window_phrase(text, DAY, lang)  # type: ignore[arg-type]
    except ReadingError:
        return
    assert p.kind == "window"


@given(
    st.lists(
        st.sampled_from(["over", "the", "past", "30", "years", "since", "за", "более", "лет", "с", "1992", "года"]),
        max_size=8,
    ),
    st.sampled_from(["en", "ru"]),
)
def test_any_sequence_of_known_words_is_a_window_or_a_reading_error(words: list[str], lang: str) -> None:
    with contextlib.suppress(ReadingError):
        window_phrase(" ".join(words), DAY, lang)  # type: ignore[arg-type]


def test_reading_takes_linear_time() -> None:
    t0 = time.perf_counter()
    for text in ("[2022-01," * 20_000, "2022-01..[" + "2022-01 ," * 20_000, "[ " * 20_000 + "2022-01"):
        with pytest.raises(ReadingError):
            Period.parse(text)
    for text in ("over " * 40, "the " * 40, "- " * 100, "за " * 66, "[" * 200):
        with pytest.raises(ReadingError):
            window_phrase(text, DAY, "ru" if "за" in text else "en")
    assert time.perf_counter() - t0 < 2

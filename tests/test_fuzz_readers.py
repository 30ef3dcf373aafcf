"""The value readers on any text: they return or raise a KzltTradeError, never crash nor hang.

Readers of numbers, periods, publication dates, window phrases and units see whatever a
data file holds: long strings, mixed scripts, RTL marks, NUL, digits of other scripts,
numbers of thousands of digits. Each either reads the text or refuses it with a
:class:`~kzlt_trade.errors.KzltTradeError` (a :class:`ValueError` too), quickly.

Written numbers are read exactly at any length: the interval of a number holds the
value written (or its image under the form), and printing a value then reading it
back gives the value, for numbers of 30 to 60 digits and up to :data:`MAX_DIGITS`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzlt_trade.errors import KzltTradeError, ReadingError
from kzlt_trade.interval import Interval
from kzlt_trade.period import Period, Published, window_phrase
from kzlt_trade.reading import (
    FORMS,
    HEDGES,
    MAX_DIGITS,
    Form,
    Hedge,
    HedgePolicy,
    Language,
    WrittenNumber,
    format_number,
    precision_interval,
    read_number,
    to_interval,
)
from kzlt_trade.units import check_unit, currency_code, currency_of, normalize_unit, registry
from kzlt_trade.vocabulary import Rounding

FUZZ = settings(max_examples=200, deadline=None)
ROUNDINGS: tuple[Rounding, ...] = ("nearest", "truncate", "either")
languages = st.sampled_from(["en", "ru"])

# -- any text -------------------------------------------------------------------------------
# Pieces a hostile or garbled cell is made of: digits of other scripts, RTL and zero-width
# marks, NUL, spaces of every kind, signs, marks, and the words the readers look for.
_PIECES = [
    *"0123456789 ,.-+−–_eE%$€₸*/^()[]@\n\t",
    *"٠١٢٣٤٥٦٧٨٩",  # Arabic-Indic digits
    *"０１２３４５６７８９",  # fullwidth digits
    *"०१२३۴۵²³¹½⅔Ⅻ",  # Devanagari, Extended Arabic-Indic, superscripts, fractions, numerals
    *"\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c",  # bidi marks
    *"\x00\ufeff\u200b\u200c\u200d\u0301\u00a0\u2009\u202f\u3000\u2028",  # NUL, BOM, zero-width
    *"абвгдеёжзийклмнопрстуфхцчшщъыьэюяאבגدهو中文",
    "NaN", "sNaN", "Infinity", "inf", "-inf", "1e5", "1_000", "0x1F",
    "млн", "млрд", "тыс.", "трлн", "million", "billion", "thousand", "в", "раза", "раз",
    "half", "and", "a", "one", "six", "twenty", "полтора", "половина", "двух", "th", "-й",
    "over", "years", "decades", "since", "independence", "за", "лет", "более", "с", "года",
    "2022", "2022-06", "-Q3", "-H1", "-part", "..", "[2021-01,2021-06]", "@2024-01-01", "-W25-4",
    "USD", "EUR", "KZT", "XYZ", "usd", "company", "percent", "times", "place", "per", "square",
    "**", "**2", "**99999", "9**9**9", "(2**99)**99", "⁹⁹⁹", "долл. США", "тенге", "US$",
]  # fmt: skip
pieces_text = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)
huge_digits = st.builds(
    lambda digit, n, tail: digit * n + tail,
    st.sampled_from(["1", "9", "0", "٣", "３", "1,000", "1 000", "9.", "-1"]),
    st.integers(min_value=100, max_value=5_000),
    st.sampled_from(["", ".5", ",5", " млн", "th", "e5"]),
)
any_text = st.one_of(st.text(max_size=300), pieces_text, huge_digits)


def _refuses_cleanly(call: Callable[[], object]) -> None:
    """``call`` returns, or raises a KzltTradeError (and no other exception)."""
    problem: KzltTradeError | None = None
    try:
        call()
    except KzltTradeError as err:
        problem = err
    assert problem is None or isinstance(problem, ValueError)


@FUZZ
@given(any_text, languages)
def test_read_number_reads_or_refuses_any_text(text: str, lang: Language) -> None:
    problem: ReadingError | None = None
    try:
        n = read_number(text, lang)
    except ReadingError as err:
        problem = err
    if problem is not None:
        assert len(problem.text) <= max(len(text), 61)  # named, shortened when long
        return
    assert n.text == text.strip()
    assert n.value.is_finite()
    assert n.step.is_finite()
    assert n.step >= 0
    assert len(n.value.as_tuple().digits) <= MAX_DIGITS + 13 * len(text.split())


@FUZZ
@given(st.one_of(pieces_text, st.text(max_size=80)), languages)
def test_every_read_number_has_an_interval_or_a_reading_error(text: str, lang: Language) -> None:
    try:
        n = read_number(text, lang)
    except KzltTradeError:
        return
    for rounding in ROUNDINGS:
        _refuses_cleanly(lambda r=rounding: precision_interval(n, r))  # type: ignore[misc]
        for hedge in HEDGES:
            for form in FORMS:
                _refuses_cleanly(lambda h=hedge, f=form, r=rounding: to_interval(n, hedge=h, form=f, rounding=r))  # type: ignore[misc]


finite_decimals = st.decimals(allow_nan=False, allow_infinity=False)
policies = st.builds(
    HedgePolicy,
    about=st.floats(min_value=0.0, max_value=1.0, exclude_max=True),
    approached=st.floats(min_value=0.0, max_value=1.0, exclude_min=True, exclude_max=True),
)


@FUZZ
@given(
    finite_decimals,
    st.one_of(finite_decimals.map(abs), st.integers(-400, 400).map(lambda k: Decimal(1).scaleb(k))),
    st.sampled_from(HEDGES),
    st.sampled_from(FORMS),
    st.sampled_from(ROUNDINGS),
    policies,
)
def test_to_interval_of_any_number_built_by_hand(
    value: Decimal, step: Decimal, hedge: Hedge, form: Form, rounding: Rounding, policy: HedgePolicy
) -> None:
    # Built by hand, a number may be 1E+400 or have a step of 1E-400: an interval or a clear refusal.
    def interval() -> Interval:
        return to_interval(WrittenNumber("x", value, step), hedge=hedge, form=form, rounding=rounding, policy=policy)

    _refuses_cleanly(interval)


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_a_number_built_by_hand_is_finite(value: Decimal) -> None:
    for v, step in ((value, Decimal(1)), (Decimal(1), value), (Decimal(1), Decimal(-1))):
        with pytest.raises(ReadingError, match="a finite Decimal value with a finite, non-negative Decimal step"):
            WrittenNumber("x", v, step)


@FUZZ
@given(any_text)
def test_period_and_published_read_or_refuse_any_text(text: str) -> None:
    _refuses_cleanly(lambda: Period.parse(text))
    _refuses_cleanly(lambda: Published.parse(text))


@FUZZ
@given(
    any_text,
    st.one_of(st.dates(), st.builds(Published.on, st.dates()), st.sampled_from(["0001", "9999", "2022-06"])),
    languages,
)
def test_window_phrase_reads_or_refuses_any_text(text: str, published: date | Published | str, lang: str) -> None:
    release = Published.parse(published) if isinstance(published, str) else published
    _refuses_cleanly(lambda: window_phrase(text, release, lang))  # type: ignore[arg-type]


@FUZZ
@given(any_text)
def test_units_read_or_refuse_any_text(text: str) -> None:
    _refuses_cleanly(lambda: normalize_unit(text))
    _refuses_cleanly(lambda: currency_code(text))
    _refuses_cleanly(lambda: currency_of(text))
    for dimension in ("money", "item", "place", "percent", "ratio"):
        _refuses_cleanly(lambda d=dimension: check_unit(text, d))  # type: ignore[misc]


# -- huge inputs: refused, unread ------------------------------------------------------------
HUGE = [
    "1" * 10**6,
    "1 000" * 200_000,
    "٣" * 10**5,
    "\u202e\u200f" * 50_000,
    "x" * 10**5,
    "2022-01.." * 100_000,
    "USD*" * 100_000,
    "9**" * 100_000 + "9",
    "(" * 10**5,
    "more than " * 10**5 + "30 years",
]


@pytest.mark.parametrize("text", HUGE, ids=lambda t: f"{t[:12]!r}x{len(t)}")
def test_huge_inputs_are_refused_quickly(text: str) -> None:
    calls: list[Callable[[], object]] = [
        lambda: read_number(text, "en"),
        lambda: read_number(text, "ru"),
        lambda: Period.parse(text),
        lambda: Published.parse(text),
        lambda: window_phrase(text, date(2022, 6, 15), "en"),
        lambda: window_phrase(text, date(2022, 6, 15), "ru"),
        lambda: normalize_unit(text),
        lambda: currency_code(text),
        lambda: check_unit(text, "money"),
    ]
    for call in calls:
        start = time.perf_counter()
        with pytest.raises(ReadingError) as err:
            call()
        # Refused by a length limit, before any reading: fast, and the message shows a short text.
        assert time.perf_counter() - start < 1.0
        assert len(str(err.value)) < 500


@pytest.mark.parametrize(
    "unit", ["9**9**9", "(2**99)**99", "USD**99999", "x" * 40_000, "9⁹⁹⁹⁹⁹⁹⁹", "9**(999)999", "USD**2(999)"]
)
def test_units_that_would_keep_pint_busy_never_reach_its_parser(unit: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Timing-free: pint's expression parser is never called for them (it would compute
    # 9**387420489, or 9**9999999 from the superscripts, for minutes).
    calls: list[str] = []

    def parse_units(text: str, *args: object, **kwargs: object) -> None:
        calls.append(text)
        raise AssertionError("pint's parser was called")

    monkeypatch.setattr(registry(), "parse_units", parse_units)
    for dimension in ("money", "item", "ratio"):
        with pytest.raises(ReadingError):
            check_unit(unit, dimension)
        with pytest.raises(ReadingError):
            currency_of(unit)
    assert calls == []


def test_the_guard_lets_good_units_reach_pint(monkeypatch: pytest.MonkeyPatch) -> None:
    # The other side of the test above: a unit of the grammar is parsed by pint.
    calls: list[str] = []
    parse = registry().parse_units

    def parse_units(text: str) -> object:
        calls.append(text)
        return parse(text)

    monkeypatch.setattr(registry(), "parse_units", parse_units)
    check_unit("million USD", "money")
    check_unit("USD**(2)/USD**2", "ratio")
    assert "million USD" in calls
    assert "USD**(2)/USD**2" in calls


# -- exact at any length ---------------------------------------------------------------------
# A value with 30 to 60 digits (or any number up to MAX_DIGITS), any number of them decimals:
# Decimal's default context (28 digits) would cut these short.
long_values = st.builds(
    lambda negative, digits, places: Decimal((int(negative), tuple(int(c) for c in str(digits)), -places)),
    st.booleans(),
    st.one_of(
        st.integers(min_value=10**29, max_value=10**60 - 1),
        st.integers(min_value=0, max_value=10**28),
        st.integers(min_value=10**139, max_value=10**140 - 1),  # 140 digits: grouped, within MAX_LENGTH
    ),
    st.integers(min_value=0, max_value=60),
)


def _holds(interval: Interval, x: Fraction, *, closure: bool = False) -> bool:
    """Whether the exact number ``x`` lies in ``interval`` (in its closure when ``closure``)."""
    above = math.isinf(interval.lo) or (
        x > Fraction(interval.lo) if interval.lo_open and not closure else x >= Fraction(interval.lo)
    )
    below = math.isinf(interval.hi) or (
        x < Fraction(interval.hi) if interval.hi_open and not closure else x <= Fraction(interval.hi)
    )
    return above and below


def _image(form: Form, v: Fraction) -> Fraction | None:
    """The exact value a form gives the written value ``v`` (``None``: the form refuses it)."""
    match form:
        case "level" | "change" | "times":
            return v
        case "percent_increase":
            return 1 + v / 100
        case "percent_of_base":
            return v / 100
        case "times_increase":
            return 1 + v
        case "percent_decrease":
            return max(Fraction(0), 1 - v / 100)
        case "times_decrease":
            return 1 / v if v > 0 else None
        case "decrease":
            return -v
    raise AssertionError(form)


@FUZZ
@given(long_values, languages, st.booleans())
def test_printing_then_reading_gives_the_value_back(value: Decimal, lang: Language, group: bool) -> None:
    text = format_number(value, lang, group=group)
    n = read_number(text, lang)
    assert n.value == value
    assert n.value.as_tuple() == value.as_tuple() or value.is_zero()
    assert n.step == Decimal(1).scaleb(min(0, value.as_tuple().exponent))  # type: ignore[arg-type]
    assert format_number(n.value, lang, group=group) == text


@FUZZ
@given(long_values, st.sampled_from(["млн", "million", "трлн", "тыс."]))
def test_the_magnitude_of_a_long_number_is_exact(value: Decimal, scale: str) -> None:
    n = read_number(f"{format_number(value, 'en', group=False)} {scale}", "en")
    assert Fraction(n.magnitude) == Fraction(value) * 10**n.exponent


@FUZZ
@given(st.integers(min_value=10**28, max_value=10**60 - 1), st.integers(min_value=0, max_value=999))
def test_a_compound_of_long_numbers_is_exact(billions: int, millions: int) -> None:
    n = read_number(f"{billions} млрд {millions} млн", "ru")
    assert Fraction(n.value) == billions + Fraction(millions, 1000)


@FUZZ
@given(long_values, st.sampled_from(HEDGES), st.sampled_from(FORMS), st.sampled_from(ROUNDINGS), policies)
def test_the_written_value_lies_in_its_interval(
    value: Decimal, hedge: Hedge, form: Form, rounding: Rounding, policy: HedgePolicy
) -> None:
    n = read_number(format_number(value, "en"), "en")
    v = Fraction(value)
    image = _image(form, v)
    refusable = form in ("percent_decrease", "times_decrease") or hedge in ("approached", "less_than", "among_top")
    try:
        interval = to_interval(n, hedge=hedge, form=form, rounding=rounding, policy=policy)
    except ReadingError:
        # Refused only where the reading leaves no value: a fall of more than 100 %, a
        # non-positive number of times, "approached" or "less than" a negative number, a
        # rank below 1.
        assert refusable
        return
    precision = precision_interval(n, rounding)
    assert _holds(precision, v)
    if hedge in ("among_top", "dozens") or image is None:
        return  # a place among the top, "dozens": the hedge replaces the value
    # One-sided hedges keep the value as their open end; the others hold it.
    closure = hedge in ("more_than", "less_than", "approached") or (form == "percent_decrease" and v > 100)
    assert _holds(interval, image, closure=closure), (interval, image)


@pytest.mark.parametrize(
    ("text", "form", "exact"),
    [
        ("1237940039285380274899124223.9", "level", Fraction("1237940039285380274899124223.9")),
        ("1111111111111111111111111111.1", "change", Fraction("1111111111111111111111111111.1")),
        (
            "28.700000000000000000000000000001",
            "percent_increase",
            1 + Fraction("28.700000000000000000000000000001") / 100,
        ),
        (
            "99.9999999999999999999999999999999",
            "percent_decrease",
            1 - Fraction("99.9999999999999999999999999999999") / 100,
        ),
        ("3.0000000000000000000000000000001", "times_decrease", 1 / Fraction("3.0000000000000000000000000000001")),
    ],
)
def test_numbers_beyond_28_digits_keep_their_value(text: str, form: Form, exact: Fraction) -> None:
    n = read_number(text, "en")
    assert n.value == Decimal(text)
    assert format_number(n.value, "en", group=False) == text
    for rounding in ROUNDINGS:
        assert _holds(to_interval(n, form=form, rounding=rounding), exact)


@pytest.mark.parametrize("n", [MAX_DIGITS + 1, 400, 4_301])
def test_the_digit_limit_holds_whatever_the_length_limit(n: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # MAX_DIGITS bounds the arithmetic even if the length limit is raised: 4,301 digits is
    # also where int() stops converting strings.
    monkeypatch.setattr("kzlt_trade.reading.MAX_LENGTH", 10_000)
    for text in ("1" * n, "0," + "5" * (n - 1), "1" * n + "th", "1" * n + " млн"):
        with pytest.raises(ReadingError) as err:
            read_number(text, "ru")
        assert err.value.text == text[:40] + "…"
        assert err.value.expected.startswith(f"a number of at most {MAX_DIGITS} digits, not ")
    assert read_number("1" * MAX_DIGITS).value == Decimal("1" * MAX_DIGITS)

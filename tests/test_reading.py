"""The number reader: text as written -> value and step -> interval."""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzlt_trade.errors import ReadingError
from kzlt_trade.interval import Interval
from kzlt_trade.reading import (
    FORMS,
    HEDGES,
    MEASURE,
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
from kzlt_trade.vocabulary import Rounding

INF = math.inf

# A decimal as a writer prints it: some digits and a fixed number of decimals,
# trailing zeros included (Decimal(260).scaleb(-2) is 2.60, not 2.6).
places = st.integers(min_value=0, max_value=6)
written = st.builds(lambda n, k: Decimal(n).scaleb(-k), st.integers(min_value=-(10**12), max_value=10**12), places)
positive = st.builds(lambda n, k: Decimal(n).scaleb(-k), st.integers(min_value=1, max_value=10**9), places)
languages = st.sampled_from(["en", "ru"])


def is_floor(f: float, exact: Fraction) -> bool:
    """``f`` is the largest float not above ``exact`` (a bound rounded outward, downwards)."""
    return Fraction(f) <= exact < Fraction(math.nextafter(f, INF))


def is_ceil(f: float, exact: Fraction) -> bool:
    """``f`` is the smallest float not below ``exact``."""
    return Fraction(math.nextafter(f, -INF)) < exact <= Fraction(f)


def number(value: Decimal) -> WrittenNumber:
    return read_number(format_number(value, "en"), "en")


# -- reading and printing ---------------------------------------------------------------
@given(written, languages, st.booleans())
def test_print_then_read_gives_value_and_step(value: Decimal, lang: Language, group: bool) -> None:
    text = format_number(value, lang, group=group)
    n = read_number(text, lang)
    assert n.value == value
    assert n.step == Decimal(1).scaleb(value.as_tuple().exponent)  # type: ignore[arg-type]
    assert n.decimals == -value.as_tuple().exponent  # type: ignore[operator]
    assert (n.text, n.scale, n.exponent, n.word) == (text, "", 0, False)


@given(written)
def test_russian_reads_any_group_space(value: Decimal) -> None:
    nbsp = format_number(value, "ru")
    for space in (" ", "\u2009", "\u202f"):
        assert read_number(nbsp.replace("\u00a0", space), "ru").value == value


def test_trailing_zeros_count() -> None:
    assert read_number("2.60").step == Decimal("0.01")
    assert read_number("2.6").step == Decimal("0.1")
    # Bounds are rounded outward to floats, so compare them as printed (10 significant digits).
    assert str(precision_interval(read_number("2.60"))) == "[2.595, 2.605]"
    assert str(precision_interval(read_number("2.6"))) == "[2.55, 2.65]"
    assert format_number(Decimal("2.60"), "ru") == "2,60"
    assert format_number(Decimal("1234.50"), "ru") == "1\u00a0234,50"
    assert format_number(Decimal("-7000"), "en") == "-7,000"
    assert format_number(Decimal("7000"), "en", group=False) == "7000"


@pytest.mark.parametrize(
    ("text", "lang", "value", "step", "scale", "exponent", "word"),
    [
        ("584,3", "ru", "584.3", "0.1", "", 0, False),
        ("1 234,5", "ru", "1234.5", "0.1", "", 0, False),
        ("1,234", "ru", "1.234", "0.001", "", 0, False),
        ("1,234", "en", "1234", "1", "", 0, False),
        ("1,234.5", "en", "1234.5", "0.1", "", 0, False),
        ("7,000", "en", "7000", "1", "", 0, False),
        ("−5", "en", "-5", "1", "", 0, False),
        ("2.6 billion", "en", "2.6", "0.1", "billion", 9, False),
        ("584,3 млн.", "ru", "584.3", "0.1", "million", 6, False),
        ("4 тысяч", "ru", "4", "1", "thousand", 3, False),
        ("200 миллиардов", "ru", "200", "1", "billion", 9, False),
        ("10th", "en", "10", "0", "", 0, True),
        ("77-й", "ru", "77", "0", "", 0, True),
        ("thirtieth", "en", "30", "0", "", 0, True),
        ("Dozens", "en", "24", "0", "", 0, True),
        ("десятку", "ru", "10", "0", "", 0, True),
        ("крупнейшего", "ru", "1", "0", "", 0, True),
    ],
)
def test_read_number_examples(
    text: str, lang: Language, value: str, step: str, scale: str, exponent: int, word: bool
) -> None:
    n = read_number(text, lang)
    assert (n.value, n.step, n.scale, n.exponent, n.word) == (Decimal(value), Decimal(step), scale, exponent, word)


def test_magnitude_applies_the_scale_word() -> None:
    assert read_number("2.6 billion").magnitude == Decimal("2.6E+9")
    assert read_number("584,3 млн", "ru").magnitude == Decimal("584300000")
    assert read_number("584,3", "ru").magnitude == Decimal("584.3")


EN_EXPECTED = "digits grouped in threes by ',' or a space, with '.' before decimals, e.g. '1,234.5'"
RU_EXPECTED = "digits grouped in threes by a space, with ',' before decimals, e.g. '1 234,5'"
WORD_EXPECTED = "digits such as '584.3' or a number word such as 'six' or 'полтора'"


@pytest.mark.parametrize(
    ("text", "lang", "message"),
    [
        ("7.000,5", "en", f"cannot read number '7.000,5': expected {EN_EXPECTED}"),
        ("1,23", "en", f"cannot read number '1,23': expected {EN_EXPECTED}"),
        ("1.2.3", "en", f"cannot read number '1.2.3': expected {EN_EXPECTED}"),
        ("5.", "en", f"cannot read number '5.': expected {EN_EXPECTED}"),
        (".5", "en", f"cannot read number '.5': expected {EN_EXPECTED}"),
        ("٣", "en", f"cannot read number '٣': expected {EN_EXPECTED}"),
        ("584.3", "ru", f"cannot read number '584.3': expected {RU_EXPECTED}"),
        ("2.6billion", "en", f"cannot read number '2.6billion': expected {EN_EXPECTED}"),
        ("  ", "en", f"cannot read number '  ': expected {WORD_EXPECTED}"),
        ("1", "de", "cannot read language 'de': expected 'en' or 'ru'"),
    ],
)
def test_unreadable_numbers(text: str, lang: str, message: str) -> None:
    with pytest.raises(ReadingError) as err:
        read_number(text, lang)  # type: ignore[arg-type]
    assert str(err.value) == message


# -- rounding conventions ---------------------------------------------------------------
@given(written)
def test_nearest_holds_the_value_and_is_one_step_wide(value: Decimal) -> None:
    n = number(value)
    iv = precision_interval(n, "nearest")
    v, half = Fraction(value), Fraction(n.step) / 2
    assert is_floor(iv.lo, v - half)
    assert is_ceil(iv.hi, v + half)
    assert (iv.lo_open, iv.hi_open) == (False, False)
    assert iv.contains(float(value))
    assert abs(iv.width - float(n.step)) <= 4 * math.ulp(max(abs(iv.lo), abs(iv.hi)))


@given(positive)
def test_truncation_is_value_to_value_plus_step(value: Decimal) -> None:
    n = number(value)
    iv = precision_interval(n, "truncate")
    assert is_floor(iv.lo, Fraction(value))
    assert is_ceil(iv.hi, Fraction(value) + Fraction(n.step))
    assert (iv.lo_open, iv.hi_open) == (False, True)


def test_truncation_of_a_negative_value_cuts_towards_zero() -> None:
    assert str(precision_interval(read_number("-2.6"), "truncate")) == "(-2.7, -2.6]"
    assert str(precision_interval(read_number("-2.6"), "either")) == "(-2.7, -2.55]"


@given(written)
def test_either_is_the_union_of_nearest_and_truncate(value: Decimal) -> None:
    n = number(value)
    either = precision_interval(n, "either")
    nearest, truncate = precision_interval(n, "nearest"), precision_interval(n, "truncate")
    assert either == nearest.hull(truncate)
    assert either.intersect(nearest) == nearest
    assert either.intersect(truncate) == truncate


def test_rounding_examples() -> None:
    n = read_number("584,3", "ru")
    assert str(precision_interval(n, "nearest")) == "[584.25, 584.35]"
    assert str(precision_interval(n, "truncate")) == "[584.3, 584.4)"
    assert str(precision_interval(n, "either")) == "[584.25, 584.4)"
    # A rank is exact; the cardinal "ten" is an amount read to the unit, like the digits "10".
    assert precision_interval(read_number("tenth")) == Interval(10.0, 10.0)
    assert precision_interval(read_number("ten")) == precision_interval(read_number("10")) == Interval(9.5, 10.5)
    with pytest.raises(ReadingError) as err:
        precision_interval(n, "banker")  # type: ignore[arg-type]
    assert str(err.value) == "cannot read rounding 'banker': expected 'nearest', 'truncate' or 'either'"


# -- hedges -----------------------------------------------------------------------------
@given(positive, st.sampled_from([0.0, 0.05, 0.1, 0.5]))
def test_about_widens_by_the_policy_but_never_below_rounding(value: Decimal, about: float) -> None:
    n = number(value)
    iv = to_interval(n, hedge="about", policy=HedgePolicy(about=about))
    v, half, reach = Fraction(value), Fraction(n.step) / 2, Fraction(value) * Fraction(Decimal(str(about)))
    assert is_floor(iv.lo, min(v - half, v - reach))
    assert is_ceil(iv.hi, max(v + half, v + reach))
    assert (iv.lo_open, iv.hi_open) == (False, False)


@given(positive)
def test_one_sided_hedges(value: Decimal) -> None:
    n = number(value)
    v = Fraction(value)
    more = to_interval(n, hedge="more_than")
    assert is_floor(more.lo, v)
    assert (more.hi, more.lo_open, more.contains(float(value) * 2)) == (INF, True, True)
    least = to_interval(n, hedge="at_least")
    assert is_floor(least.lo, v)
    assert (least.hi, least.lo_open) == (INF, False)
    less = to_interval(n, hedge="less_than")
    assert (less.lo, less.lo_open, less.hi_open) == (0.0, False, True)
    assert is_ceil(less.hi, v)
    most = to_interval(n, hedge="at_most")
    assert (most.lo, most.lo_open, most.hi_open) == (0.0, False, False)
    assert is_ceil(most.hi, v)


@given(positive, st.sampled_from([0.01, 0.05, 0.1, 0.5]))
def test_approached_sits_just_below(value: Decimal, below: float) -> None:
    n = number(value)
    iv = to_interval(n, hedge="approached", policy=HedgePolicy(approached=below))
    v = Fraction(value)
    assert is_floor(iv.lo, v * (1 - Fraction(Decimal(str(below)))))
    assert is_ceil(iv.hi, v)
    assert (iv.lo_open, iv.hi_open) == (False, True)


@given(st.integers(min_value=1, max_value=1000))
def test_among_top_is_one_to_n(n: int) -> None:
    assert to_interval(read_number(str(n)), hedge="among_top") == Interval(1.0, float(n))


def test_hedge_examples() -> None:
    assert str(to_interval(read_number("170"), hedge="about")) == "[161.5, 178.5]"
    assert str(to_interval(read_number("4"), hedge="about")) == "[3.5, 4.5]"  # rounding is wider than 5 %
    assert str(to_interval(read_number("170"), hedge="about", policy=HedgePolicy.widest())) == "[153, 187]"
    assert str(to_interval(read_number("50"), hedge="approached")) == "[47.5, 50)"
    assert str(to_interval(read_number("50"), hedge="approached", policy=HedgePolicy.widest())) == "[45, 50)"
    assert str(to_interval(read_number("200"), hedge="more_than")) == "(200, inf)"
    assert str(to_interval(read_number("десятку", "ru"), hedge="among_top")) == "[1, 10]"
    assert str(to_interval(read_number("Dozens"), hedge="dozens")) == "[24, 144)"
    assert HEDGES == (
        "none", "about", "more_than", "at_least", "less_than", "at_most", "approached", "among_top", "dozens",
    )  # fmt: skip


def test_hedge_policy() -> None:
    assert (HedgePolicy().about, HedgePolicy().approached) == (0.05, 0.05)
    assert (HedgePolicy.widest().about, HedgePolicy.widest().approached) == (0.10, 0.10)
    with pytest.raises(ReadingError) as err:
        HedgePolicy(about=1.0)
    assert str(err.value) == "cannot read hedge policy 'about=1.0': expected a fraction in [0, 1)"
    with pytest.raises(ReadingError) as err:
        HedgePolicy(approached=-0.1)
    assert str(err.value) == "cannot read hedge policy 'approached=-0.1': expected a fraction in (0, 1)"
    # A zero reach would make "approached 50" the empty [50, 50).
    with pytest.raises(ReadingError) as err:
        HedgePolicy(approached=0.0)
    assert str(err.value) == "cannot read hedge policy 'approached=0.0': expected a fraction in (0, 1)"
    assert HedgePolicy(about=0.0).about == 0.0


def test_unknown_hedge_and_form() -> None:
    with pytest.raises(ReadingError) as err:
        to_interval(read_number("1"), hedge="some")  # type: ignore[arg-type]
    assert str(err.value) == (
        "cannot read hedge 'some': expected one of none, about, more_than, at_least, less_than, at_most, "
        "approached, among_top, dozens"
    )
    with pytest.raises(ReadingError) as err:
        to_interval(read_number("1"), form="some")  # type: ignore[arg-type]
    assert str(err.value) == (
        "cannot read form 'some': expected one of level, change, percent_increase, percent_of_base, times, "
        "times_increase, percent_decrease, times_decrease, decrease"
    )


# -- forms ------------------------------------------------------------------------------
RATIO: dict[str, Callable[[Fraction], Fraction]] = {
    "level": lambda x: x,
    "change": lambda x: x,
    "times": lambda x: x,
    "percent_increase": lambda x: 1 + x / 100,
    "percent_of_base": lambda x: x / 100,
    "times_increase": lambda x: 1 + x,
}


# The decreasing forms: each maps the written interval in reverse.
FALL: dict[Form, Callable[[Fraction], Fraction]] = {
    "percent_decrease": lambda x: max(Fraction(0), 1 - x / 100),
    "times_decrease": lambda x: 1 / x,
    "decrease": lambda x: -x,
}


def test_every_form_is_increasing_or_decreasing() -> None:
    assert set(RATIO) | set(FALL) == set(FORMS)
    assert not set(RATIO) & set(FALL)
    assert {f: MEASURE[f] for f in FALL} == {
        "percent_decrease": "ratio",
        "times_decrease": "ratio",
        "decrease": "change",
    }


@given(positive, st.sampled_from(FORMS))
def test_forms_map_the_precision_interval(value: Decimal, form: Form) -> None:
    n = number(value)
    v, half = Fraction(value), Fraction(n.step) / 2
    if form == "percent_decrease" and v - half > 100:
        return  # a fall of more than 100 % is refused; see test_impossible_decreases
    iv = to_interval(n, form=form)
    if form in RATIO:
        assert is_floor(iv.lo, RATIO[form](v - half))
        assert is_ceil(iv.hi, RATIO[form](v + half))
    else:
        assert is_floor(iv.lo, FALL[form](v + half))
        assert is_ceil(iv.hi, FALL[form](v - half))
    assert (iv.lo_open, iv.hi_open) == (False, False)


def test_form_examples_from_the_releases() -> None:
    assert str(to_interval(read_number("28,7", "ru"), form="percent_increase")) == "[1.2865, 1.2875]"
    assert str(to_interval(read_number("311"), form="percent_increase")) == "[4.105, 4.115]"
    assert str(to_interval(read_number("311"), form="percent_of_base")) == "[3.105, 3.115]"
    assert str(to_interval(read_number("6.4"), form="times")) == "[6.35, 6.45]"
    assert str(to_interval(read_number("6.4"), form="times_increase")) == "[7.35, 7.45]"
    assert str(to_interval(read_number("6.4"), form="times_increase", rounding="truncate")) == "[7.4, 7.5)"
    assert str(to_interval(read_number("200"), hedge="more_than", form="percent_increase")) == "(3, inf)"
    assert FORMS == (
        "level", "change", "percent_increase", "percent_of_base", "times", "times_increase",
        "percent_decrease", "times_decrease", "decrease",
    )  # fmt: skip


# -- decreases --------------------------------------------------------------------------
ROUNDINGS_ALL = ("nearest", "truncate", "either")
#: The hedges that bound an amount (the rank and "dozens" hedges do not apply to a fall).
AMOUNT_HEDGES = ("none", "about", "more_than", "at_least", "less_than", "at_most", "approached")
#: A fall of at most 99 %, written with up to six decimals.
falls = st.integers(min_value=0, max_value=6).flatmap(
    lambda k: st.integers(min_value=1, max_value=99 * 10**k).map(lambda n: Decimal(n).scaleb(-k))
)

Bounds = tuple[Fraction, Fraction | None, bool, bool]


def written_bounds(n: WrittenNumber, rounding: str, hedge: str, policy: HedgePolicy | None = None) -> Bounds:
    """The exact written interval of a positive number: ``(lo, hi, lo_open, hi_open)``, ``hi`` None for inf."""
    policy = policy or HedgePolicy()
    v, step = Fraction(n.value), Fraction(n.step)
    half = step / 2
    lo, hi, lo_open, hi_open = {
        "nearest": (v - half, v + half, False, False),
        "truncate": (v, v + step, False, True),
        "either": (v - half, v + step, False, True),
    }[rounding]
    if hedge == "about":
        reach = v * Fraction(Decimal(str(policy.about)))
        if v - reach < lo:
            lo, lo_open = v - reach, False
        if v + reach > hi:
            hi, hi_open = v + reach, False
        return lo, hi, lo_open, hi_open
    return {
        "none": (lo, hi, lo_open, hi_open),
        "more_than": (v, None, True, True),
        "at_least": (v, None, False, True),
        "less_than": (Fraction(0), v, False, True),
        "at_most": (Fraction(0), v, False, False),
        "approached": (v * (1 - Fraction(Decimal(str(policy.approached)))), v, False, True),
    }[hedge]


@given(positive, st.sampled_from(ROUNDINGS_ALL), st.sampled_from(AMOUNT_HEDGES))
def test_the_written_bounds_are_the_level_interval(value: Decimal, rounding: Rounding, hedge: Hedge) -> None:
    # Anchors the reference the decrease laws below are stated against.
    lo, hi, lo_open, hi_open = written_bounds(number(value), rounding, hedge)
    level = to_interval(number(value), hedge=hedge, rounding=rounding)
    assert is_floor(level.lo, lo)
    assert level.hi == INF if hi is None else is_ceil(level.hi, hi)
    assert (level.lo_open, level.hi_open) == (lo_open, hi_open)


@given(falls, st.sampled_from(ROUNDINGS_ALL), st.sampled_from(AMOUNT_HEDGES))
def test_percent_decrease_is_the_level_interval_under_one_minus_x_over_100(
    value: Decimal, rounding: Rounding, hedge: Hedge
) -> None:
    n = number(value)
    lo, hi, lo_open, hi_open = written_bounds(n, rounding, hedge)
    iv = to_interval(n, hedge=hedge, rounding=rounding, form="percent_decrease")
    # x -> 1 - x/100 is decreasing: the written upper bound gives the lower end, and the open ends swap.
    bottom = None if hi is None else 1 - hi / 100
    if bottom is None or bottom < 0:
        assert (iv.lo, iv.lo_open) == (0.0, False)  # clamped: a level cannot fall below zero
    else:
        assert is_floor(iv.lo, bottom)
        assert iv.lo_open == hi_open
    assert is_ceil(iv.hi, 1 - lo / 100)
    assert iv.hi_open == lo_open
    assert 0.0 <= iv.lo < 1.0
    assert iv.hi <= 1.0


@given(positive, st.sampled_from(ROUNDINGS_ALL), st.sampled_from(AMOUNT_HEDGES))
def test_times_decrease_is_the_reciprocal_of_times(value: Decimal, rounding: Rounding, hedge: Hedge) -> None:
    n = number(value)
    times = to_interval(n, hedge=hedge, rounding=rounding, form="times")
    iv = to_interval(n, hedge=hedge, rounding=rounding, form="times_decrease")
    lo, hi, _, _ = written_bounds(n, rounding, hedge)
    if hi is None:
        assert (iv.lo, iv.lo_open) == (0.0, True)
    else:
        assert is_floor(iv.lo, 1 / hi)
        assert iv.lo_open == times.hi_open
    if lo == 0 and hi is not None and hi <= 1:
        assert (iv.hi, iv.hi_open) == (INF, True)
    elif lo == 0:
        # A written floor of 0 times ("fell less than 4 times") is still a fall: the ratio stops at 1.
        assert (iv.hi, iv.hi_open) == (1.0, False)
    else:
        assert is_ceil(iv.hi, 1 / lo)
        assert iv.hi_open == times.lo_open


@given(written, st.sampled_from(ROUNDINGS_ALL), st.sampled_from(HEDGES))
def test_decrease_is_the_change_negated(value: Decimal, rounding: Rounding, hedge: Hedge) -> None:
    n = number(value)
    try:
        change = to_interval(n, hedge=hedge, rounding=rounding, form="change")
    except ReadingError:  # "less than 0" is empty as a change, and so as a decrease
        with pytest.raises(ReadingError):
            to_interval(n, hedge=hedge, rounding=rounding, form="decrease")
        return
    iv = to_interval(n, hedge=hedge, rounding=rounding, form="decrease")
    assert iv == Interval(-change.hi, -change.lo, change.hi_open, change.lo_open)


@pytest.mark.parametrize(
    ("hedge", "percent", "times", "absolute"),
    [
        ("none", "[0.795, 0.805]", "[0.2222222222, 0.2857142857]", "[-20.5, -19.5]"),
        ("about", "[0.79, 0.81]", "[0.2222222222, 0.2857142857]", "[-21, -19]"),
        ("more_than", "[0, 0.8)", "(0, 0.25)", "(-inf, -20)"),
        ("at_least", "[0, 0.8]", "(0, 0.25]", "(-inf, -20]"),
        ("less_than", "(0.8, 1]", "(0.25, 1]", "(-20, 0]"),
        ("at_most", "[0.8, 1]", "[0.25, 1]", "[-20, 0]"),
        ("approached", "(0.8, 0.81]", "(0.25, 0.2631578947]", "(-20, -19]"),
    ],
)
def test_decreases_under_every_hedge(hedge: Hedge, percent: str, times: str, absolute: str) -> None:
    # "fell by 20 %", "decreased 4 times", "down by 20": the written bound that is lower gives the upper end.
    assert str(to_interval(read_number("20"), hedge=hedge, form="percent_decrease")) == percent
    assert str(to_interval(read_number("4"), hedge=hedge, form="times_decrease")) == times
    assert str(to_interval(read_number("20"), hedge=hedge, form="decrease")) == absolute
    fall = to_interval(read_number("20"), hedge=hedge, form="percent_decrease")
    factor = to_interval(read_number("4"), hedge=hedge, form="times_decrease")
    assert 0.0 <= fall.lo < 1.0
    assert 0.0 <= factor.lo < 1.0
    # Only "less than" and "at most", whose written floor is 0 (no fall at all), reach a ratio of 1.
    if hedge not in ("less_than", "at_most"):
        assert fall.hi < 1.0
        assert factor.hi < 1.0


def test_decrease_examples_from_the_releases() -> None:
    assert str(to_interval(read_number("4.2"), form="percent_decrease")) == "[0.9575, 0.9585]"
    assert str(to_interval(read_number("4,2", "ru"), form="percent_decrease")) == "[0.9575, 0.9585]"
    assert str(to_interval(read_number("4.2"), form="percent_decrease", rounding="truncate")) == "(0.957, 0.958]"
    assert str(to_interval(read_number("10"), hedge="more_than", form="percent_decrease")) == "[0, 0.9)"
    assert str(to_interval(read_number("100"), form="percent_decrease")) == "[0, 0.005]"
    half = "[0.4, 0.6666666667]"
    factors: list[tuple[str, Language]] = [("2", "en"), ("halved", "en"), ("вдвое", "ru"), ("в 2 раза", "ru")]
    for text, lang in [*factors, ("в два раза", "ru")]:
        assert str(to_interval(read_number(text, lang), form="times_decrease")) == half
    assert str(to_interval(read_number("2.6 billion"), form="decrease")) == "[-2.65, -2.55]"
    assert str(to_interval(read_number("12 млн", "ru"), form="decrease")) == "[-12.5, -11.5]"
    assert str(to_interval(read_number("2.6 billion"), hedge="less_than", form="decrease")) == "(-2.6, 0]"
    # The text keeps the digits as written; the form carries the direction.
    assert read_number("4,2", "ru").value == Decimal("4.2")


@pytest.mark.parametrize(
    ("text", "hedge", "form", "message"),
    [
        ("150", "none", "percent_decrease", "cannot read percent decrease '150': expected a fall of at most 100 %: "
         "a level does not fall below zero"),
        ("100", "more_than", "percent_decrease", "cannot read percent decrease '100': expected a fall of at most "
         "100 %: a level does not fall below zero"),
        ("0", "none", "times_decrease", "cannot read times decrease '0': expected a positive number of times"),
        ("-2", "none", "times_decrease", "cannot read times decrease '-2': expected a positive number of times"),
    ],
)  # fmt: skip
def test_impossible_decreases(text: str, hedge: Hedge, form: Form, message: str) -> None:
    with pytest.raises(ReadingError) as err:
        to_interval(read_number(text), hedge=hedge, form=form)
    assert str(err.value) == message

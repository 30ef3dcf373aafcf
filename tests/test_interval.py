"""Interval: construction, set relations, and sound outward-rounded arithmetic."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kzlt_trade.errors import ReadingError
from kzlt_trade.interval import Interval

INF = math.inf

# Bounds: finite, moderate, and often exactly zero or a small integer, because the
# open/closed bookkeeping goes wrong at zero and at ties, not at random floats.
bounds = st.one_of(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False),
    st.integers(min_value=-3, max_value=3).map(float),
)


@st.composite
def intervals(draw: st.DrawFn) -> Interval:
    a, b = draw(bounds), draw(bounds)
    lo, hi = min(a, b), max(a, b)
    if lo == hi:
        return Interval(lo, hi)
    lo_open, hi_open = draw(st.booleans()), draw(st.booleans())
    if lo_open and hi_open and math.nextafter(lo, INF) >= hi:
        lo_open = False  # no float lies strictly between two adjacent floats
    return Interval(lo, hi, lo_open, hi_open)


@st.composite
def interval_and_point(draw: st.DrawFn) -> tuple[Interval, float]:
    iv = draw(intervals())
    x = draw(
        st.one_of(
            st.floats(min_value=iv.lo, max_value=iv.hi, exclude_min=iv.lo_open, exclude_max=iv.hi_open),
            *[st.just(e) for e, is_open in ((iv.lo, iv.lo_open), (iv.hi, iv.hi_open)) if not is_open],
            *([st.just(0.0)] if iv.contains(0.0) else []),
        )
    )
    return iv, x


def holds(iv: Interval, q: Fraction) -> bool:
    """Whether the exact rational ``q`` lies in ``iv`` (no float rounding in the test)."""
    above = math.isinf(iv.lo) or (q > Fraction(iv.lo) if iv.lo_open else q >= Fraction(iv.lo))
    below = math.isinf(iv.hi) or (q < Fraction(iv.hi) if iv.hi_open else q <= Fraction(iv.hi))
    return above and below


# -- soundness of arithmetic ------------------------------------------------------------
@given(interval_and_point(), interval_and_point())
def test_addition_is_sound(ax: tuple[Interval, float], by: tuple[Interval, float]) -> None:
    (a, x), (b, y) = ax, by
    assert holds(a + b, Fraction(x) + Fraction(y))


@given(interval_and_point(), interval_and_point())
def test_subtraction_is_sound(ax: tuple[Interval, float], by: tuple[Interval, float]) -> None:
    (a, x), (b, y) = ax, by
    assert holds(a - b, Fraction(x) - Fraction(y))


@given(interval_and_point(), interval_and_point())
def test_multiplication_is_sound(ax: tuple[Interval, float], by: tuple[Interval, float]) -> None:
    (a, x), (b, y) = ax, by
    assert holds(a * b, Fraction(x) * Fraction(y))


@given(interval_and_point(), interval_and_point())
def test_division_is_sound(ax: tuple[Interval, float], by: tuple[Interval, float]) -> None:
    (a, x), (b, y) = ax, by
    assume(y != 0.0)
    assert holds(a / b, Fraction(x) / Fraction(y))


@given(interval_and_point())
def test_negation_is_sound(ax: tuple[Interval, float]) -> None:
    a, x = ax
    assert holds(-a, -Fraction(x))


@given(intervals(), intervals())
def test_addition_is_tight_for_closed_intervals(a: Interval, b: Interval) -> None:
    # Outward rounding may move a bound by at most one ulp from the exact sum.
    s = a + b
    exact_lo, exact_hi = Fraction(a.lo) + Fraction(b.lo), Fraction(a.hi) + Fraction(b.hi)
    assert Fraction(s.lo) <= exact_lo < Fraction(math.nextafter(s.lo, INF))
    assert Fraction(math.nextafter(s.hi, -INF)) < exact_hi <= Fraction(s.hi)


def test_arithmetic_examples() -> None:
    assert Interval(1.0, 2.0) + Interval(10.0, 20.0) == Interval(11.0, 22.0)
    assert Interval(1.0, 2.0) - Interval(10.0, 20.0) == Interval(-19.0, -8.0)
    assert Interval(-1.0, 2.0) * Interval(3.0, 4.0) == Interval(-4.0, 8.0)
    assert Interval(1.0, 2.0) / Interval(4.0, 8.0) == Interval(0.125, 0.5)
    assert -Interval(1.0, 2.0, hi_open=True) == Interval(-2.0, -1.0, lo_open=True)
    assert Interval(1.0, 2.0).scale(3.0) == Interval(3.0, 6.0)
    # 0.1 + 0.2 is not 0.3 in floats; the sum is widened to hold the exact value.
    s = Interval.point(0.1) + Interval.point(0.2)
    assert (s.lo, s.hi) == (0.3, 0.30000000000000004)
    t = Interval.point(0.1) * Interval.point(3.0)
    assert (t.lo, t.hi) == (0.3, 0.30000000000000004)


def test_open_ends_propagate() -> None:
    assert Interval(1.0, 2.0, lo_open=True) + Interval(1.0, 2.0) == Interval(2.0, 4.0, lo_open=True)
    assert Interval(1.0, 2.0) - Interval(1.0, 2.0, hi_open=True) == Interval(-1.0, 1.0, lo_open=True)
    assert Interval(200.0, INF, lo_open=True) + Interval(1.0, 1.0) == Interval(201.0, INF, lo_open=True)


def test_a_closed_zero_factor_attains_zero() -> None:
    # 0 * 2.5 = 0 is in [0, 1] * (2, 3), though both corners at 0 pair a closed 0 with an open end.
    assert Interval(0.0, 1.0) * Interval(2.0, 3.0, True, True) == Interval(0.0, 3.0, hi_open=True)
    assert Interval.point(0.0) * Interval(-1.0, 1.0, True, True) == Interval(0.0, 0.0)
    assert Interval(0.0, 1.0) / Interval(1.0, 2.0, True, True) == Interval(0.0, 1.0, hi_open=True)
    assert Interval(0.0, 1.0, lo_open=True) * Interval(2.0, 3.0) == Interval(0.0, 3.0, lo_open=True)


def test_division_by_intervals_holding_zero() -> None:
    assert Interval(1.0, 2.0) / Interval(-1.0, 1.0) == Interval.everything()
    assert Interval(1.0, 2.0) / Interval(0.0, 2.0) == Interval(0.5, INF)
    assert Interval(1.0, 2.0) / Interval(0.0, 2.0, hi_open=True) == Interval(0.5, INF, lo_open=True)
    assert Interval(0.0, 2.0) / Interval(0.0, INF) == Interval(0.0, INF)
    assert Interval(1.0, 2.0) / Interval(0.0, INF) == Interval(0.0, INF, lo_open=True)
    assert Interval(1.0, 2.0) / Interval.point(0.0) == Interval.everything()
    assert Interval(1.0, 2.0) / Interval(2.0, INF) == Interval(0.0, 1.0, lo_open=True)


def test_overflow_keeps_a_finite_bound() -> None:
    big = Interval(1e308, 1e308) * Interval(10.0, 10.0)
    assert big == Interval(1.7976931348623157e308, INF)
    assert (-big).hi == -1.7976931348623157e308


# -- construction -----------------------------------------------------------------------
def test_infinite_ends_are_open() -> None:
    iv = Interval(0.0, INF)
    assert (iv.lo_open, iv.hi_open) == (False, True)
    assert Interval.everything() == Interval(-INF, INF, True, True)
    assert Interval.nonnegative() == Interval(0.0, INF)
    assert Interval.point(3.5) == Interval(3.5, 3.5)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((2.0, 1.0), "cannot read interval '[2, 1]': expected a lower bound not above the upper bound"),
        ((1.0, 1.0, True), "cannot read interval '(1, 1]': expected a lower bound not above the upper bound"),
        ((INF, INF), "cannot read interval '(inf, inf)': expected a lower bound not above the upper bound"),
        ((math.nan, 1.0), "cannot read interval 'nan, 1.0': expected bounds that are numbers, not NaN"),
    ],
)
def test_invalid_intervals(args: tuple[float, ...], message: str) -> None:
    with pytest.raises(ReadingError) as err:
        Interval(*args)  # type: ignore[arg-type]
    assert str(err.value) == message


# -- queries ----------------------------------------------------------------------------
def test_contains_honours_open_ends() -> None:
    iv = Interval(1.0, 2.0, lo_open=True)
    assert [iv.contains(x) for x in (0.5, 1.0, 1.5, 2.0, 2.5)] == [False, False, True, True, False]
    half = Interval(200.0, INF, lo_open=True)
    assert [half.contains(x) for x in (200.0, 200.0000001, 1e300, INF)] == [False, True, True, False]


def test_width_mid_bounded_gap_clip() -> None:
    iv = Interval(584.25, 584.35)
    assert iv.width == pytest.approx(0.1)
    assert iv.mid == pytest.approx(584.3)
    assert iv.is_bounded is True
    assert Interval(200.0, INF, lo_open=True).mid == 200.0
    assert Interval(-INF, 5.0).mid == 5.0
    assert Interval.everything().mid == 0.0
    assert Interval(200.0, INF).width == INF
    assert Interval(200.0, INF).is_bounded is False
    assert Interval(1.0, 2.0).gap(Interval(5.0, 6.0)) == 3.0
    assert Interval(5.0, 6.0).gap(Interval(1.0, 2.0)) == 3.0
    assert Interval(1.0, 2.0).gap(Interval(2.0, 6.0)) == 0.0
    assert [Interval(1.0, 2.0).clip(x) for x in (0.0, 1.5, 9.0)] == [1.0, 1.5, 2.0]


def test_intersect_and_overlaps() -> None:
    assert Interval(1.0, 3.0).intersect(Interval(2.0, 4.0)) == Interval(2.0, 3.0)
    assert Interval(1.0, 2.0).intersect(Interval(2.0, 3.0)) == Interval(2.0, 2.0)
    assert Interval(1.0, 2.0, hi_open=True).intersect(Interval(2.0, 3.0)) is None
    assert Interval(1.0, 2.0).intersect(Interval(2.0, 3.0, lo_open=True)) is None
    assert Interval(1.0, 3.0).intersect(Interval(1.0, 3.0, True, True)) == Interval(1.0, 3.0, True, True)
    assert Interval(1.0, 2.0).intersect(Interval(5.0, 6.0)) is None
    assert Interval(584.25, 584.35).overlaps(Interval(583.5, 584.5)) is True
    assert Interval(584.25, 584.35).overlaps(Interval(584.4, 585.0)) is False
    assert Interval(200.0, INF, lo_open=True).overlaps(Interval(190.0, 200.0)) is False


def test_hull() -> None:
    assert Interval(1.0, 2.0, hi_open=True).hull(Interval(2.0, 3.0, lo_open=True)) == Interval(1.0, 3.0)
    assert Interval(1.0, 2.0, hi_open=True).hull(Interval(0.0, 2.0)) == Interval(0.0, 2.0)
    assert Interval(1.0, 2.0, True, True).hull(Interval(1.0, 1.5)) == Interval(1.0, 2.0, hi_open=True)
    assert Interval(1.0, 2.0).hull(Interval(5.0, INF)) == Interval(1.0, INF)


@given(intervals(), intervals(), bounds)
def test_intersection_is_the_set_of_common_points(a: Interval, b: Interval, x: float) -> None:
    common = a.intersect(b)
    assert (a.contains(x) and b.contains(x)) == (common is not None and common.contains(x))
    assert common == b.intersect(a)
    assert a.overlaps(b) == (common is not None) == b.overlaps(a)


@given(interval_and_point(), intervals())
def test_hull_holds_both(ax: tuple[Interval, float], b: Interval) -> None:
    a, x = ax
    h = a.hull(b)
    assert h.contains(x)
    assert h.contains(b.mid) or not b.contains(b.mid)
    assert h == b.hull(a)
    assert h.intersect(a) == a


# -- text -------------------------------------------------------------------------------
def test_text_forms() -> None:
    assert str(Interval(584.25, 584.35)) == "[584.25, 584.35]"
    assert str(Interval(200.0, INF, lo_open=True)) == "(200, inf)"
    assert str(Interval(47500.0, 50000.0, hi_open=True)) == "[47500, 50000)"
    assert repr(Interval(200.0, INF, lo_open=True)) == "Interval(200.0, inf, lo_open=True)"
    assert repr(Interval(-INF, INF)) == "Interval(-inf, inf)"
    assert repr(Interval(1.0, 2.0, hi_open=True)) == "Interval(1.0, 2.0, hi_open=True)"
    assert Interval(1.0 / 3.0, 2.0 / 3.0).format(3) == "[0.333, 0.667]"
    assert Interval(1.0 / 3.0, 2.0 / 3.0).format() == "[0.333333, 0.666667]"

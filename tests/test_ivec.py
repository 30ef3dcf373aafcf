"""ivec: the vectorised intervals contain what the exact scalar Interval arithmetic gives."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from kzlt_trade.interval import Interval
from kzlt_trade.ivec import Bounds, add_down, add_up

INF = math.inf

bounds = st.one_of(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False),
    st.integers(min_value=-3, max_value=3).map(float),
)
nonnegative = st.one_of(
    st.floats(min_value=0.0, max_value=1e6, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=3).map(float),
)


@st.composite
def intervals(draw: st.DrawFn, ends: st.SearchStrategy[float] = bounds, infinite: bool = True) -> Interval:
    a, b = draw(ends), draw(ends)
    lo, hi = min(a, b), max(a, b)
    if infinite and draw(st.booleans()) and draw(st.booleans()):
        hi = INF
    if lo == hi:
        return Interval(lo, hi)
    lo_open, hi_open = draw(st.booleans()), draw(st.booleans())
    if lo_open and hi_open and math.nextafter(lo, INF) >= hi:
        lo_open = False
    return Interval(lo, hi, lo_open, hi_open)


def one(iv: Interval) -> Bounds:
    return Bounds(np.array([iv.lo]), np.array([iv.hi]), np.array([iv.lo_open]), np.array([iv.hi_open]))


def scalar(b: Bounds) -> Interval | None:
    """The single interval held by ``b``, or None when it is empty."""
    if b.empty()[0]:
        return None
    return Interval(float(b.lo[0]), float(b.hi[0]), bool(b.lo_open[0]), bool(b.hi_open[0]))


def contains(outer: Interval, inner: Interval) -> bool:
    """Whether ``inner`` lies within ``outer``, open ends honoured."""
    low_ok = outer.lo < inner.lo or (outer.lo == inner.lo and (not outer.lo_open or inner.lo_open))
    high_ok = inner.hi < outer.hi or (outer.hi == inner.hi and (not outer.hi_open or inner.hi_open))
    return low_ok and high_ok


@given(intervals(), intervals())
def test_sum_contains_the_scalar_sum(a: Interval, b: Interval) -> None:
    got = scalar(one(a) + one(b))
    assert got is not None
    assert contains(got, a + b)


@given(intervals(), intervals())
def test_difference_contains_the_scalar_difference(a: Interval, b: Interval) -> None:
    got = scalar(one(a) - one(b))
    assert got is not None
    assert contains(got, a - b)


@given(intervals(nonnegative), intervals(nonnegative))
def test_ratio_contains_the_scalar_quotient(t: Interval, base: Interval) -> None:
    got = scalar(one(t).ratio(one(base)))
    assert got is not None
    assert contains(got, t / base) or base.lo == 0.0


@given(intervals(nonnegative), intervals(nonnegative, infinite=False))
def test_times_contains_the_scalar_product(b: Interval, factor: Interval) -> None:
    got = scalar(one(b).times(one(factor)))
    assert got is not None
    assert contains(got, b * factor)


@given(intervals(), intervals())
def test_overlaps_and_intersect_agree_with_the_scalar(a: Interval, b: Interval) -> None:
    assert bool(one(a).overlaps(one(b))[0]) == a.overlaps(b)
    meet = a.intersect(b)
    got = scalar(one(a).intersect(one(b)))
    assert (got is None) == (meet is None)
    if meet is not None and got is not None:
        assert got == meet


@given(intervals(), intervals())
def test_hull_is_the_scalar_hull(a: Interval, b: Interval) -> None:
    assert scalar(one(a).hull(one(b))) == a.hull(b)


@given(intervals(), intervals())
def test_cap_above_holds_every_value_up_to_the_whole(part: Interval, whole: Interval) -> None:
    cap = one(part).cap_above(one(whole))
    # A part fits under its whole exactly when it meets (-inf, whole.hi].
    assert bool(one(part).overlaps(cap)[0]) == (
        part.lo < whole.hi or (part.lo == whole.hi and not part.lo_open and not whole.hi_open)
    )


@given(bounds, bounds)
def test_outward_sums_bracket_the_exact_sum(a: float, b: float) -> None:
    from fractions import Fraction

    exact = Fraction(a) + Fraction(b)
    lo = float(add_down(np.array([a]), np.array([b]))[0])
    hi = float(add_up(np.array([a]), np.array([b]))[0])
    assert Fraction(lo) <= exact <= Fraction(hi)


def test_infinite_sums_stay_infinite_and_never_nan() -> None:
    a = Bounds.closed(np.array([-INF, 0.0]), np.array([INF, INF]))
    b = Bounds.closed(np.array([1.0, -INF]), np.array([2.0, 1.0]))
    s = a + b
    assert not np.isnan(s.lo).any()
    assert not np.isnan(s.hi).any()
    assert s.lo.tolist() == [-INF, -INF]
    assert s.hi.tolist() == [INF, INF]


def test_empty_marks_disjoint_and_degenerate_open_intervals() -> None:
    b = Bounds(np.array([1.0, 2.0, 3.0]), np.array([0.0, 2.0, 3.0]), np.array([False, True, False]),
               np.array([False, False, False]))  # fmt: skip
    assert b.empty().tolist() == [True, True, False]

"""Intervals in arrays: the one vectorised interval arithmetic of the engine.

:class:`Bounds` holds many intervals at once, as four numpy arrays (``lo``,
``hi`` and whether each end is open). The checker decides relations and the
network propagates constraints with these operations; each result *contains*
the result of the exact scalar :class:`~kzlt_trade.interval.Interval`
arithmetic on the same inputs (the tests check it with Hypothesis), so a
contradiction found with them is still a proof.

Sums and differences are exact where the float result is exact (Knuth's
TwoSum tells) and move one ulp outward only where it is not; products and
quotients move one ulp outward always. An open end stays open only where it
is certain to be.

>>> import numpy as np
>>> a = Bounds.closed(np.array([1.0]), np.array([2.0]))
>>> b = Bounds.closed(np.array([10.0]), np.array([20.0]))
>>> (a + b).lo.tolist(), (a + b).hi.tolist()
([11.0], [22.0])
>>> a.overlaps(b).tolist()
[False]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "BoolArray",
    "Bounds",
    "FloatArray",
    "IntArray",
    "add_down",
    "add_up",
    "combine_codes",
    "down",
    "lower",
    "up",
    "upper",
]

FloatArray = np.ndarray[Any, np.dtype[np.float64]]
BoolArray = np.ndarray[Any, np.dtype[np.bool_]]
IntArray = np.ndarray[Any, np.dtype[np.int64]]


def combine_codes(columns: list[np.ndarray]) -> IntArray:
    """One integer code per distinct combination of the given columns, numbered in order of first appearance.

    Each column is factorised on its own and the codes combined a column at a time,
    so no tuple is made per row.

    >>> combine_codes([np.array(["a", "b", "a", "b"]), np.array([1, 1, 1, 2])]).tolist()
    [0, 1, 0, 2]
    """
    import pandas as pd

    n = len(columns[0]) if columns else 0
    key = np.zeros(n, dtype=np.int64)
    for c in columns:
        codes, uniques = pd.factorize(c)
        key = np.asarray(pd.factorize(key * (len(uniques) + 1) + codes)[0], dtype=np.int64)
    return key


def down(x: FloatArray) -> FloatArray:
    """Each value one ulp towards -inf."""
    with np.errstate(over="ignore"):
        return np.nextafter(x, -np.inf)


def up(x: FloatArray) -> FloatArray:
    """Each value one ulp towards +inf."""
    with np.errstate(over="ignore"):
        return np.nextafter(x, np.inf)


def lower(x: FloatArray) -> FloatArray:
    """A computed lower bound, one ulp down; an undefined one (``inf - inf``) bounds nothing."""
    return down(np.where(np.isnan(x), -np.inf, x))


def upper(x: FloatArray) -> FloatArray:
    """A computed upper bound, one ulp up; an undefined one bounds nothing."""
    return up(np.where(np.isnan(x), np.inf, x))


def _two_sum(a: FloatArray, b: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``s = fl(a + b)`` and its exact error ``e``, ``a + b = s + e`` (Knuth's TwoSum)."""
    with np.errstate(invalid="ignore", over="ignore"):
        s = a + b
        bb = s - a
        e = (a - (s - bb)) + (b - bb)
    return s, np.where(np.isfinite(e), e, 0.0)


def add_down(a: FloatArray, b: FloatArray) -> FloatArray:
    """``a + b`` rounded towards -inf: lowered one ulp only where the float sum came out too high."""
    s, e = _two_sum(a, b)
    s = np.where(np.isnan(s), -np.inf, s)
    return np.where(e < 0, np.nextafter(s, -np.inf), s)


def add_up(a: FloatArray, b: FloatArray) -> FloatArray:
    """``a + b`` rounded towards +inf."""
    s, e = _two_sum(a, b)
    s = np.where(np.isnan(s), np.inf, s)
    return np.where(e > 0, np.nextafter(s, np.inf), s)


@dataclass(frozen=True)
class Bounds:
    """Intervals in arrays, element by element; an infinite end is always open.

    An element with ``lo > hi`` (or ``lo == hi`` with an open end) is empty:
    :meth:`empty` says which.
    """

    #: Lower bounds (``-inf`` when unbounded below).
    lo: FloatArray
    #: Upper bounds (``inf`` when unbounded above).
    hi: FloatArray
    #: Whether each lower bound is excluded.
    lo_open: BoolArray
    #: Whether each upper bound is excluded.
    hi_open: BoolArray

    @classmethod
    def closed(cls, lo: FloatArray, hi: FloatArray) -> Bounds:
        """Closed intervals ``[lo, hi]`` (infinite ends open)."""
        lo = np.asarray(lo, dtype=np.float64)
        hi = np.asarray(hi, dtype=np.float64)
        return cls(lo, hi, np.isinf(lo), np.isinf(hi))

    @classmethod
    def unbounded(cls, n: int) -> Bounds:
        """``n`` copies of ``(-inf, inf)``."""
        return cls.closed(np.full(n, -np.inf), np.full(n, np.inf))

    def __len__(self) -> int:
        return len(self.lo)

    def take(self, index: IntArray | BoolArray) -> Bounds:
        """The intervals at ``index`` (positions or a mask)."""
        return Bounds(self.lo[index], self.hi[index], self.lo_open[index], self.hi_open[index])

    def put(self, where: BoolArray | IntArray, other: Bounds) -> Bounds:
        """A copy with the intervals at ``where`` replaced by ``other``'s."""
        lo, hi, lo_open, hi_open = self.lo.copy(), self.hi.copy(), self.lo_open.copy(), self.hi_open.copy()
        lo[where], hi[where], lo_open[where], hi_open[where] = other.lo, other.hi, other.lo_open, other.hi_open
        return Bounds(lo, hi, lo_open, hi_open)

    # -- sets -------------------------------------------------------------------------
    def empty(self) -> BoolArray:
        """Which intervals hold no value."""
        return np.asarray((self.lo > self.hi) | ((self.lo == self.hi) & (self.lo_open | self.hi_open)), dtype=bool)

    def intersect(self, other: Bounds) -> Bounds:
        """The common part of each pair (empty where they are disjoint)."""
        lo = np.maximum(self.lo, other.lo)
        hi = np.minimum(self.hi, other.hi)
        lo_open = np.where(
            self.lo > other.lo, self.lo_open, np.where(other.lo > self.lo, other.lo_open, self.lo_open | other.lo_open)
        )
        hi_open = np.where(
            self.hi < other.hi, self.hi_open, np.where(other.hi < self.hi, other.hi_open, self.hi_open | other.hi_open)
        )
        return Bounds(lo, hi, lo_open, hi_open)

    def overlaps(self, other: Bounds) -> BoolArray:
        """Whether each pair shares a value, open ends honoured."""
        return ~self.intersect(other).empty()

    def hull(self, other: Bounds) -> Bounds:
        """The smallest interval holding each pair."""
        lo = np.minimum(self.lo, other.lo)
        hi = np.maximum(self.hi, other.hi)
        lo_open = np.where(
            self.lo < other.lo, self.lo_open, np.where(other.lo < self.lo, other.lo_open, self.lo_open & other.lo_open)
        )
        hi_open = np.where(
            self.hi > other.hi, self.hi_open, np.where(other.hi > self.hi, other.hi_open, self.hi_open & other.hi_open)
        )
        return Bounds(lo, hi, lo_open, hi_open)

    def cap_above(self, other: Bounds) -> Bounds:
        """``(-inf, other.hi]``: the values no larger than some value of ``other``."""
        n = len(other)
        return Bounds(np.full(n, -np.inf), other.hi.copy(), np.ones(n, dtype=bool), other.hi_open.copy())

    # -- arithmetic (outward rounded) -------------------------------------------------
    def __add__(self, other: Bounds) -> Bounds:
        return Bounds(
            add_down(self.lo, other.lo),
            add_up(self.hi, other.hi),
            self.lo_open | other.lo_open,
            self.hi_open | other.hi_open,
        )

    def __neg__(self) -> Bounds:
        return Bounds(-self.hi, -self.lo, self.hi_open.copy(), self.lo_open.copy())

    def __sub__(self, other: Bounds) -> Bounds:
        return self + (-other)

    def ratio(self, base: Bounds) -> Bounds:
        """``self / base`` for non-negative intervals (a level over its base level).

        Open ends are dropped (the result is closed, hence no smaller); a base that
        may be zero leaves the ratio unbounded above.
        """
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            lo = np.where(np.isinf(base.hi), 0.0, self.lo / base.hi)
            hi = np.where(base.lo > 0, self.hi / base.lo, math.inf)
        return Bounds.closed(np.maximum(lower(lo), 0.0), upper(hi))

    def scaled(self, rate: Bounds, keep: BoolArray | None = None) -> Bounds:
        """``self * rate`` for any intervals ``self`` and a non-negative ``rate``, outward rounded.

        The result is closed (hence no smaller) where it is scaled; elements where
        ``keep`` is true are left as they are. Zero times an infinite rate end is
        zero (a figure of zero is zero in any currency).

        >>> b = Bounds.closed(np.array([-2.0, 1.0]), np.array([3.0, 2.0]))
        >>> s = b.scaled(Bounds.closed(np.array([1.5, 0.0]), np.array([2.0, np.inf])))
        >>> [round(float(x), 9) + 0.0 for x in s.lo], [round(float(x), 9) for x in s.hi]
        ([-4.0, 0.0], [6.0, inf])
        """
        with np.errstate(invalid="ignore", over="ignore"):
            lo = np.where(self.lo >= 0, self.lo * rate.lo, self.lo * rate.hi)
            hi = np.where(self.hi >= 0, self.hi * rate.hi, self.hi * rate.lo)
        lo = np.where(np.isnan(lo), 0.0, lo)
        hi = np.where(np.isnan(hi), 0.0, hi)
        out = Bounds.closed(lower(lo), upper(hi))
        if keep is not None and keep.any():
            out = out.put(keep, self.take(keep))
        return out

    def times(self, factor: Bounds) -> Bounds:
        """``self * factor`` for non-negative intervals (a base level grown by a factor), closed."""
        with np.errstate(invalid="ignore", over="ignore"):
            lo = np.where((self.lo == 0) | (factor.lo == 0), 0.0, self.lo * factor.lo)
            hi = self.hi * factor.hi
        return Bounds.closed(np.maximum(lower(lo), 0.0), upper(hi))

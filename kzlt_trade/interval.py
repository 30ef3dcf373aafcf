"""Closed, open and half-open real intervals with sound arithmetic.

A reported figure is never one number: "584.3 million" means some value that
rounds to 584.3. :class:`Interval` holds that set of values. Arithmetic rounds
every computed bound *outward* (``math.nextafter``), so the result of ``a + b``
always contains ``x + y`` for every ``x`` in ``a`` and ``y`` in ``b``, even
though floats are inexact. This is the classic soundness rule of interval
arithmetic (Moore, *Interval Analysis*, 1966).

Open ends matter for one-sided hedges: "exceeded 200" is ``(200, inf)``, which
does not contain 200 itself.

>>> Interval(584.25, 584.35).overlaps(Interval(583.5, 584.5))
True
>>> Interval(1.0, 2.0) + Interval(10.0, 20.0)
Interval(11.0, 22.0)
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from kzlt_trade.errors import ReadingError

__all__ = ["Interval"]

_INF = math.inf


_Op = Callable[[float, float], float]


def _down(op: _Op, a: float, b: float) -> float:
    """``op(a, b)`` rounded towards -inf: the float result, lowered by one ulp if it came out above the exact one."""
    x = op(a, b)
    if math.isinf(a) or math.isinf(b) or math.isnan(x):
        return x
    if math.isinf(x):
        # Finite operands overflowed: the exact result is finite, so +inf is no lower bound.
        return x if x < 0 else math.nextafter(x, 0.0)
    exact = op(Fraction(a), Fraction(b))  # type: ignore[arg-type]
    return math.nextafter(x, -_INF) if Fraction(x) > exact else x


def _up(op: _Op, a: float, b: float) -> float:
    """``op(a, b)`` rounded towards +inf."""
    x = op(a, b)
    if math.isinf(a) or math.isinf(b) or math.isnan(x):
        return x
    if math.isinf(x):
        return x if x > 0 else math.nextafter(x, 0.0)
    exact = op(Fraction(a), Fraction(b))  # type: ignore[arg-type]
    return math.nextafter(x, _INF) if Fraction(x) < exact else x


@dataclass(frozen=True, order=False)
class Interval:
    """A set of reals between ``lo`` and ``hi``; each end closed unless flagged open.

    Parameters
    ----------
    lo, hi
        The bounds; ``-inf``/``inf`` for an unbounded side (always open).
    lo_open, hi_open
        Whether the bound itself is excluded.

    Examples
    --------
    >>> Interval(1.0, 2.0, hi_open=True).contains(2.0)
    False
    >>> str(Interval(200.0, float("inf"), lo_open=True))
    '(200, inf)'
    """

    #: Lower bound (``-inf`` when unbounded below).
    lo: float
    #: Upper bound (``inf`` when unbounded above).
    hi: float
    #: ``True`` when ``lo`` itself is excluded.
    lo_open: bool = False
    #: ``True`` when ``hi`` itself is excluded.
    hi_open: bool = False

    def __post_init__(self) -> None:
        try:
            nan = math.isnan(self.lo) or math.isnan(self.hi)
        except (TypeError, ValueError):
            # Not a real number at all: a str, None, a complex, a signalling Decimal NaN.
            raise ReadingError("interval", f"{self.lo!r}, {self.hi!r}", "bounds that are real numbers") from None
        if nan:
            raise ReadingError("interval", f"{self.lo}, {self.hi}", "bounds that are numbers, not NaN")
        # An infinite end is never attained, so it is open by definition. Normalise
        # first, so that (inf, inf) is refused as empty below.
        if math.isinf(self.lo) and not self.lo_open:
            object.__setattr__(self, "lo_open", True)
        if math.isinf(self.hi) and not self.hi_open:
            object.__setattr__(self, "hi_open", True)
        if self.lo > self.hi or (self.lo == self.hi and (self.lo_open or self.hi_open)):
            raise ReadingError("interval", self._text(), "a lower bound not above the upper bound")

    # -- construction -------------------------------------------------------------
    @classmethod
    def point(cls, x: float) -> Interval:
        """The degenerate interval ``[x, x]``."""
        return cls(x, x)

    @classmethod
    def everything(cls) -> Interval:
        """``(-inf, inf)``."""
        return cls(-_INF, _INF)

    @classmethod
    def nonnegative(cls) -> Interval:
        """``[0, inf)``."""
        return cls(0.0, _INF)

    # -- queries ------------------------------------------------------------------
    @property
    def width(self) -> float:
        """``hi - lo`` (``inf`` when unbounded)."""
        return self.hi - self.lo

    @property
    def mid(self) -> float:
        """The midpoint, or the finite end of a half-bounded interval."""
        if math.isinf(self.lo) and math.isinf(self.hi):
            return 0.0
        if math.isinf(self.hi):
            return self.lo
        if math.isinf(self.lo):
            return self.hi
        half_width = (self.hi - self.lo) / 2
        # Finite ends over half the float range apart overflow the width: halve them first.
        return self.lo / 2 + self.hi / 2 if math.isinf(half_width) else self.lo + half_width

    @property
    def is_bounded(self) -> bool:
        """Whether both ends are finite."""
        return not (math.isinf(self.lo) or math.isinf(self.hi))

    def contains(self, x: float) -> bool:
        """Whether ``x`` lies in the interval, honouring open ends."""
        above = x > self.lo if self.lo_open else x >= self.lo
        below = x < self.hi if self.hi_open else x <= self.hi
        return above and below

    def intersect(self, other: Interval) -> Interval | None:
        """The common part, or ``None`` when the two are disjoint."""
        if self.lo > other.lo:
            lo, lo_open = self.lo, self.lo_open
        elif other.lo > self.lo:
            lo, lo_open = other.lo, other.lo_open
        else:
            lo, lo_open = self.lo, self.lo_open or other.lo_open
        if self.hi < other.hi:
            hi, hi_open = self.hi, self.hi_open
        elif other.hi < self.hi:
            hi, hi_open = other.hi, other.hi_open
        else:
            hi, hi_open = self.hi, self.hi_open or other.hi_open
        if lo > hi or (lo == hi and (lo_open or hi_open)):
            return None
        return Interval(lo, hi, lo_open, hi_open)

    def overlaps(self, other: Interval) -> bool:
        """Whether the two intervals share at least one value."""
        return self.intersect(other) is not None

    def hull(self, other: Interval) -> Interval:
        """The smallest interval holding both."""
        lo, lo_open = min((self.lo, self.lo_open), (other.lo, other.lo_open))
        hi, hi_open = max((self.hi, not self.hi_open), (other.hi, not other.hi_open))
        return Interval(lo, hi, lo_open, not hi_open)

    def gap(self, other: Interval) -> float:
        """Distance between the two intervals (0 when they touch or overlap)."""
        return max(0.0, self.lo - other.hi, other.lo - self.hi)

    def clip(self, x: float) -> float:
        """The point of the (closure of the) interval nearest to ``x``."""
        return min(max(x, self.lo), self.hi)

    # -- arithmetic (outward rounded) ---------------------------------------------
    def __add__(self, other: Interval) -> Interval:
        return Interval(
            _down(operator.add, self.lo, other.lo),
            _up(operator.add, self.hi, other.hi),
            self.lo_open or other.lo_open,
            self.hi_open or other.hi_open,
        )

    def __sub__(self, other: Interval) -> Interval:
        return Interval(
            _down(operator.sub, self.lo, other.hi),
            _up(operator.sub, self.hi, other.lo),
            self.lo_open or other.hi_open,
            self.hi_open or other.lo_open,
        )

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo, self.hi_open, self.lo_open)

    def __mul__(self, other: Interval) -> Interval:
        corners = [
            (a, a_open, b, b_open)
            for a, a_open in ((self.lo, self.lo_open), (self.hi, self.hi_open))
            for b, b_open in ((other.lo, other.lo_open), (other.hi, other.hi_open))
        ]
        lows = [(_product(_down, a, b), _corner_open(a, a_open, b, b_open)) for a, a_open, b, b_open in corners]
        highs = [(_product(_up, a, b), _corner_open(a, a_open, b, b_open)) for a, a_open, b, b_open in corners]
        # On ties the closed end wins: it is the more inclusive, hence the sound, choice.
        lo, lo_open = min(lows, key=lambda p: (p[0], p[1]))
        hi, hi_open = max(highs, key=lambda p: (p[0], not p[1]))
        return Interval(lo, hi, lo_open, hi_open)

    def __truediv__(self, other: Interval) -> Interval:
        if other.lo <= 0.0 <= other.hi:
            if other.lo == other.hi:
                # Division by exactly zero defines no quotient; claim nothing about it.
                return Interval.everything()
            if other.lo >= 0.0 and self.lo >= 0.0:
                # A positive quantity over one that may approach zero: unbounded above.
                lo = 0.0 if other.hi == _INF else _down(operator.truediv, self.lo, other.hi)
                return Interval(lo, _INF, lo_open=_corner_open(self.lo, self.lo_open, other.hi, other.hi_open))
            return Interval.everything()
        quotients = [
            (a, a_open, b, b_open)
            for a, a_open in ((self.lo, self.lo_open), (self.hi, self.hi_open))
            for b, b_open in ((other.lo, other.lo_open), (other.hi, other.hi_open))
        ]
        lows = [(_quotient(_down, a, b), _corner_open(a, a_open, b, b_open)) for a, a_open, b, b_open in quotients]
        highs = [(_quotient(_up, a, b), _corner_open(a, a_open, b, b_open)) for a, a_open, b, b_open in quotients]
        lo, lo_open = min(lows, key=lambda p: (p[0], p[1]))
        hi, hi_open = max(highs, key=lambda p: (p[0], not p[1]))
        return Interval(lo, hi, lo_open, hi_open)

    def scale(self, k: float) -> Interval:
        """Multiply by a positive constant, exactly as ``self * point(k)``."""
        return self * Interval.point(k)

    # -- text ---------------------------------------------------------------------
    def _text(self, digits: int | None = None) -> str:
        def fmt(x: float) -> str:
            if math.isinf(x):
                return "inf" if x > 0 else "-inf"
            if digits is None:
                return f"{x:.10g}"
            return f"{x:.{digits}g}"

        left = "(" if self.lo_open else "["
        right = ")" if self.hi_open else "]"
        return f"{left}{fmt(self.lo)}, {fmt(self.hi)}{right}"

    def format(self, digits: int = 6) -> str:
        """The interval in bracket notation with ``digits`` significant digits."""
        return self._text(digits)

    def __str__(self) -> str:
        return self._text()

    def __repr__(self) -> str:
        flags = ""
        if self.lo_open and not math.isinf(self.lo):
            flags += ", lo_open=True"
        if self.hi_open and not math.isinf(self.hi):
            flags += ", hi_open=True"
        return f"Interval({self.lo!r}, {self.hi!r}{flags})"


def _corner_open(a: float, a_open: bool, b: float, b_open: bool) -> bool:
    """Whether the product (or quotient) of two interval ends is *not* attained.

    It is attained when both ends are; and also when one end is a closed zero,
    since zero times (or over) any value of the other interval is zero.
    """
    if (a == 0.0 and not a_open) or (b == 0.0 and not b_open):
        return False
    return a_open or b_open


def _product(rounded: Callable[[_Op, float, float], float], a: float, b: float) -> float:
    # 0 * inf is taken as 0: an exact zero times an unbounded side contributes zero.
    if a == 0.0 or b == 0.0:
        return 0.0
    return rounded(operator.mul, a, b)


def _quotient(rounded: Callable[[_Op, float, float], float], a: float, b: float) -> float:
    # The divisor's interval excludes zero here; an infinite divisor gives zero.
    if math.isinf(b):
        return 0.0 if not math.isinf(a) else math.copysign(_INF, a) * math.copysign(1.0, b)
    return rounded(operator.truediv, a, b)

"""Typed periods: calendar year, part of a year, cumulative window, point in time.

A figure is only comparable with another over the same period, so the period
is typed, not a free label. The data files write periods in a short grammar
that :meth:`Period.parse` reads and ``str`` writes back:

==========================  ===========  ==============================================
text                        kind         meaning
==========================  ===========  ==============================================
``2022``                    year         calendar year 2022
``2022-part``               partial      some months of 2022, not stated ("the same period")
``2022-01..2022-04``        partial      January to April 2022
``2005-01..2023-09``        window       cumulative, January 2005 to September 2023
``@2024-01-01``             as_of        a stock at one date ("as of 1 January 2024")
==========================  ===========  ==============================================

>>> p = Period.parse("2005-01..2023-09")
>>> p.kind, p.start.isoformat(), p.end.isoformat()
('window', '2005-01-01', '2023-09-30')
>>> Period.parse("2022").contains(Period.parse("2022-part"))
True
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from kzlt_trade.errors import ReadingError

__all__ = ["Period", "PeriodKind"]

#: ``year``: a calendar year; ``partial``: months inside one year; ``window``:
#: a cumulative span of months across years; ``as_of``: a stock at one date.
PeriodKind = Literal["year", "partial", "window", "as_of"]

_YEAR = re.compile(r"^(\d{4})$")
_PART = re.compile(r"^(\d{4})-part$")
_SPAN = re.compile(r"^(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})$")
_ASOF = re.compile(r"^@(\d{4})-(\d{2})-(\d{2})$")
_GRAMMAR = "YYYY, YYYY-part, YYYY-MM..YYYY-MM or @YYYY-MM-DD"


@dataclass(frozen=True)
class Period:
    """A typed period; build one with :meth:`parse` or the class methods.

    Examples
    --------
    >>> str(Period.year(2021))
    '2021'
    >>> Period.parse("2022-part").months_known
    False
    """

    #: What sort of period this is.
    kind: PeriodKind
    #: First day covered (the date itself for ``as_of``).
    start: date
    #: Last day covered, inclusive (the date itself for ``as_of``).
    end: date
    #: For ``partial``: whether the months are stated. "The same period" is not.
    months_known: bool = True

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ReadingError("period", f"{self.start}..{self.end}", "an end that is not before its start")
        if self.kind in ("year", "partial") and self.start.year != self.end.year:
            raise ReadingError("period", str(self), f"a {self.kind} period inside one calendar year")
        if self.kind == "as_of" and self.start != self.end:
            raise ReadingError("period", str(self), "an as-of period of one date")

    # -- construction -------------------------------------------------------------
    @classmethod
    def year(cls, year: int) -> Period:
        """The calendar year ``year``."""
        return cls("year", date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def partial(cls, year: int, first: int | None = None, last: int | None = None) -> Period:
        """Months ``first``..``last`` of ``year``, or an unstated part of it."""
        if first is None or last is None:
            return cls("partial", date(year, 1, 1), date(year, 12, 31), months_known=False)
        return cls("partial", _month_start(year, first), _month_end(year, last))

    @classmethod
    def as_of(cls, day: date) -> Period:
        """A stock measured on ``day``."""
        return cls("as_of", day, day)

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read the period grammar of the data files (see the module docstring)."""
        t = text.strip()
        try:
            if m := _YEAR.match(t):
                return cls.year(int(m[1]))
            if m := _PART.match(t):
                return cls.partial(int(m[1]))
            if m := _SPAN.match(t):
                y0, m0, y1, m1 = (int(g) for g in m.groups())
                start, end = _month_start(y0, m0), _month_end(y1, m1)
                if end < start:
                    raise ReadingError("period", text, "an end that is not before its start")
                if y0 == y1:
                    if (m0, m1) == (1, 12):
                        return cls.year(y0)
                    return cls("partial", start, end)
                return cls("window", start, end)
            if m := _ASOF.match(t):
                return cls.as_of(date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError as exc:  # a month 13 or a 30 February
            if isinstance(exc, ReadingError):
                raise
            raise ReadingError("period", text, f"a real calendar date ({exc})") from None
        raise ReadingError("period", text, _GRAMMAR)

    # -- relations ----------------------------------------------------------------
    def contains(self, other: Period) -> bool:
        """Whether every day ``other`` covers is a day ``self`` covers.

        An unstated part of a year ("the same period") lies inside its year, but
        nothing is known to lie inside it except itself.
        """
        if self == other:
            return True
        if self.kind == "as_of" or other.kind == "as_of" or not self.months_known:
            return False
        return self.start <= other.start and other.end <= self.end

    def key(self, source: str) -> str:
        """The identity of this period when ``source`` reports it, for comparisons.

        An unstated part of a year ("the same period") is only known to be the
        same period as another unstated part when both come from the same source.

        >>> Period.parse("2022").key("a"), Period.partial(2022).key("a")
        ('2022', '2022-part#a')
        """
        return f"{self}#{source}" if self.kind == "partial" and not self.months_known else str(self)

    @property
    def years(self) -> int:
        """The calendar year of a year or partial period (the start year otherwise)."""
        return self.start.year

    def __str__(self) -> str:
        # Years are written with four digits, as the grammar reads them (year 999 is "0999").
        if self.kind == "year":
            return f"{self.start.year:04d}"
        if self.kind == "partial" and not self.months_known:
            return f"{self.start.year:04d}-part"
        if self.kind == "as_of":
            return f"@{self.start.isoformat()}"
        return f"{self.start.year:04d}-{self.start.month:02d}..{self.end.year:04d}-{self.end.month:02d}"

    def describe(self) -> str:
        """The period in words, e.g. 'January 2005 to September 2023'."""
        if self.kind == "year":
            return f"the year {self.start.year}"
        if self.kind == "partial" and not self.months_known:
            return f"part of {self.start.year} (months not stated)"
        if self.kind == "as_of":
            return f"as of {self.start.day} {calendar.month_name[self.start.month]} {self.start.year}"
        first = f"{calendar.month_name[self.start.month]} {self.start.year}"
        last = f"{calendar.month_name[self.end.month]} {self.end.year}"
        return f"{first} to {last}"


def _month_start(year: int, month: int) -> date:
    return date(year, month, 1)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])

"""Typed periods: calendar year, part of a year, cumulative window, point in time.

A figure is only comparable with another over the same period, so the period
is typed, not a free label. The data files write periods in a short grammar
that :meth:`Period.parse` reads and ``str`` writes back:

================================  ===========  ==============================================
text                              kind         meaning
================================  ===========  ==============================================
``2022``                          year         calendar year 2022
``2022-part``                     partial      some months of 2022, not stated ("the same period")
``2022-01..2022-04``              partial      January to April 2022
``2022-03``                       partial      March 2022; written ``2022-03..2022-03``
``2022-Q3``                       partial      July to September 2022; written ``2022-07..2022-09``
``2022-H1``                       partial      January to June 2022; written ``2022-01..2022-06``
``2005-01..2023-09``              window       cumulative, January 2005 to September 2023
``[1991-06,1992-06]..2022-05``    window       cumulative, from a month between June 1991 and
                                               June 1992 (not known which) to May 2022
``2005-01..[2023-06,2023-09]``    window       from January 2005 to a month between June and
                                               September 2023; both ends may be ranges
``@2024-01-01``                   as_of        a stock at one date ("as of 1 January 2024")
================================  ===========  ==============================================

The month, quarter and half forms are conveniences: ``str`` writes the
canonical ``YYYY-MM..YYYY-MM``. A range ``[first,last]`` of one month is the
month itself, so ``[2005-01,2005-01]..2022-05`` reads as ``2005-01..2022-05``.

An *approximate* window keeps its outer hull in ``start``/``end`` (every day it
may cover) and its core in :attr:`Period.core_start`/:attr:`Period.core_end`
(every day it surely covers); :meth:`Period.contains` asks for the core.
:func:`window_phrase` builds such windows from phrases like "over 30 years" in
a release whose date may be known to a day, a month or a year (:class:`Published`).

>>> p = Period.parse("2005-01..2023-09")
>>> p.kind, p.start.isoformat(), p.end.isoformat()
('window', '2005-01-01', '2023-09-30')
>>> Period.parse("2022").contains(Period.parse("2022-part"))
True
>>> str(Period.parse("2022-Q3"))
'2022-07..2022-09'
>>> w = Period.parse("[1991-06,1992-06]..2022-05")
>>> w.approximate, w.core_start.isoformat(), w.contains(Period.year(1992)), w.contains(Period.year(1993))
(True, '1992-06-01', False, True)
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from kzlt_trade.errors import ReadingError, UsageTypeError
from kzlt_trade.vocabulary import expect, one_of

__all__ = ["Period", "PeriodKind", "Published", "window_phrase"]

#: ``year``: a calendar year; ``partial``: months inside one year; ``window``:
#: a cumulative span of months across years; ``as_of``: a stock at one date.
PeriodKind = Literal["year", "partial", "window", "as_of"]

# Digits are [0-9], never \d: \d (like int) takes "٢٠٢٢" or "２０２２" for 2022.
_YEAR = re.compile(r"^([0-9]{4})$")
_PART = re.compile(r"^([0-9]{4})-part$")
_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")
_QUARTER_HALF = re.compile(r"^([0-9]{4})-([QqHh])([0-9])$")
_YM = r"([0-9]{4})-([0-9]{2})"
# One end of a span: a month, or a range of months "[YYYY-MM,YYYY-MM]". Every
# repeat is separated by a fixed character, so matching is linear.
_END = rf"(?:\[\s*{_YM}\s*,\s*{_YM}\s*\]|{_YM})"
_SPAN = re.compile(rf"^{_END}\.\.{_END}$")
_ASOF = re.compile(r"^@([0-9]{4})-([0-9]{2})-([0-9]{2})$")
#: Longer texts are refused unread (the longest period, two ranges of months, is 35 characters).
_MAX_TEXT = 200
_GRAMMAR = (
    "YYYY, YYYY-part, YYYY-MM, YYYY-Qn, YYYY-Hn, YYYY-MM..YYYY-MM (either end may be a range "
    "[YYYY-MM,YYYY-MM]) or @YYYY-MM-DD"
)
_RANGE = "a range of months [YYYY-MM,YYYY-MM] whose first month is not after its last"
_CORE = (
    "a window that surely covers at least one month: its latest start not after its earliest end, "
    "as in [YYYY-MM,YYYY-MM]..[YYYY-MM,YYYY-MM]"
)


@dataclass(frozen=True)
class Period:
    """A typed period; build one with :meth:`parse` or the class methods.

    Examples
    --------
    >>> str(Period.year(2021))
    '2021'
    >>> Period.parse("2022-part").months_known
    False
    >>> Period.parse("2005-01..[2023-06,2023-09]").describe()
    'from January 2005 to between June 2023 and September 2023'
    """

    #: What sort of period this is.
    kind: PeriodKind
    #: First day covered (the date itself for ``as_of``); for an approximate
    #: window, the first day it may cover: the 1st of its earliest start month.
    start: date
    #: Last day covered, inclusive (the date itself for ``as_of``); for an
    #: approximate window, the last day of its latest end month.
    end: date
    #: For ``partial``: whether the months are stated. "The same period" is not.
    months_known: bool = True
    #: For an approximate ``window`` whose start month is only known to lie in a
    #: range: the 1st of the latest start month (``None``: the start is ``start``).
    start_latest: date | None = field(default=None, kw_only=True)
    #: For an approximate ``window`` whose end month is only known to lie in a
    #: range: the last day of the earliest end month (``None``: the end is ``end``).
    end_earliest: date | None = field(default=None, kw_only=True)

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ReadingError("period", f"{self.start}..{self.end}", "an end that is not before its start")
        if self.kind in ("year", "partial") and self.start.year != self.end.year:
            raise ReadingError("period", str(self), f"a {self.kind} period inside one calendar year")
        if self.kind == "as_of" and self.start != self.end:
            raise ReadingError("period", str(self), "an as-of period of one date")
        if self.approximate:
            self._check_ranges()

    def _check_ranges(self) -> None:
        text = str(self)
        if self.kind != "window":
            raise ReadingError("period", text, "a start or end range only on a window")
        sl, ee = self.core_start, self.core_end
        if self.start.day != 1 or sl.day != 1 or self.end != _last_day(self.end) or ee != _last_day(ee):
            raise ReadingError("period", text, "an approximate window of whole months (from a 1st, to a month end)")
        if self.start_latest is not None and not self.start < self.start_latest <= self.end:
            raise ReadingError("period", text, "a latest start after the start and before the end (or None)")
        if self.end_earliest is not None and not self.start <= self.end_earliest < self.end:
            raise ReadingError("period", text, "an earliest end after the start and before the end (or None)")
        if sl > ee:
            raise ReadingError("period", text, _CORE)

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
        """Read the period grammar of the data files (see the module docstring).

        Digits are ASCII ``0-9``: "٢٠٢٢" (Arabic-Indic) and "２０２２" (fullwidth) are
        refused, as are texts over 200 characters.
        """
        expect("text", text, str, "a period as a str, e.g. '2022' or '2022-01..2022-04'")
        t = text.strip()
        _check_text("period", text, t, _GRAMMAR)
        try:
            if m := _YEAR.match(t):
                return cls.year(int(m[1]))
            if m := _PART.match(t):
                return cls.partial(int(m[1]))
            if m := _MONTH.match(t):
                return cls.partial(int(m[1]), int(m[2]), int(m[2]))
            if m := _QUARTER_HALF.match(t):
                size = 3 if m[2] in "Qq" else 6
                n = int(m[3])
                if not 1 <= n <= 12 // size:
                    raise ReadingError("period", text, "a quarter Q1 to Q4 or a half H1 or H2")
                return cls.partial(int(m[1]), size * (n - 1) + 1, size * n)
            if m := _SPAN.match(t):
                return cls._span(text, m.groups())
            if m := _ASOF.match(t):
                return cls.as_of(date(int(m[1]), int(m[2]), int(m[3])))
        except ReadingError as exc:  # name the text as written, not as a period would print it
            raise ReadingError("period", text, exc.expected) from None
        except ValueError as exc:  # a month 13 or a 30 February
            raise ReadingError("period", text, f"a real calendar date ({exc})") from None
        raise ReadingError("period", text, _GRAMMAR + _digits_note(t))

    @classmethod
    def _span(cls, text: str, g: Sequence[str | None]) -> Period:
        # Groups: start range (4) or start month (2), then the same for the end.
        (s_lo, s_hi), (e_lo, e_hi) = _end_months(g[:6]), _end_months(g[6:])
        if s_lo > s_hi or e_lo > e_hi:
            raise ReadingError("period", text, _RANGE)
        if s_lo == s_hi and e_lo == e_hi:
            start, end = _first_day(s_lo), _last_day(_first_day(e_hi))
            if end < start:
                raise ReadingError("period", text, "an end that is not before its start")
            if start.year == end.year:
                if (start.month, end.month) == (1, 12):
                    return cls.year(start.year)
                return cls("partial", start, end)
            return cls("window", start, end)
        return _approximate(s_lo, s_hi, e_lo, e_hi)

    # -- the approximate window ---------------------------------------------------
    @property
    def approximate(self) -> bool:
        """Whether the start or the end month is only known to lie in a range."""
        return self.start_latest is not None or self.end_earliest is not None

    @property
    def core_start(self) -> date:
        """The first day the period surely covers: ``start_latest``, else ``start``."""
        return self.start if self.start_latest is None else self.start_latest

    @property
    def core_end(self) -> date:
        """The last day the period surely covers: ``end_earliest``, else ``end``."""
        return self.end if self.end_earliest is None else self.end_earliest

    # -- relations ----------------------------------------------------------------
    def contains(self, other: Period) -> bool:
        """Whether every day ``other`` covers is a day ``self`` covers.

        An unstated part of a year ("the same period") lies inside its year, but
        nothing is known to lie inside it except itself. An approximate window
        contains what lies inside its core, the days it surely covers; of an
        approximate ``other`` every day it may cover counts (its outer hull).

        >>> w = Period.parse("2005-01..[2023-06,2023-09]")
        >>> w.contains(Period.parse("2023-01..2023-06")), w.contains(Period.parse("2023-01..2023-07"))
        (True, False)
        """
        if self == other:
            return True
        if self.kind == "as_of" or other.kind == "as_of" or not self.months_known:
            return False
        return self.core_start <= other.start and other.end <= self.core_end

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
        return f"{_written(self.start, self.core_start)}..{_written(self.core_end, self.end)}"

    def describe(self) -> str:
        """The period in words, e.g. 'January 2005 to September 2023'."""
        if self.kind == "year":
            return f"the year {self.start.year}"
        if self.kind == "partial" and not self.months_known:
            return f"part of {self.start.year} (months not stated)"
        if self.kind == "as_of":
            return f"as of {self.start.day} {calendar.month_name[self.start.month]} {self.start.year}"
        if self.approximate:
            return f"from {_words(self.start, self.core_start)} to {_words(self.core_end, self.end)}"
        return f"{_month_words(self.start)} to {_month_words(self.end)}"


def _check_text(what: str, text: str, stripped: str, grammar: str) -> None:
    """Refuse, unread, a text too long to be a period or a date; the error shows its start."""
    if len(stripped) > _MAX_TEXT:
        raise ReadingError(what, text[:40] + "…", f"{grammar}, at most {_MAX_TEXT} characters, not {len(stripped)}")


def _digits_note(text: str) -> str:
    """Why a text with a digit of another script is refused, or ``""`` when it has none."""
    other = next((ch for ch in text if not ch.isascii() and unicodedata.category(ch) == "Nd"), None)
    if other is None:
        return ""
    return f", in the digits 0-9 (not {other!r}, {unicodedata.name(other, 'a digit of another script')})"


def _month_start(year: int, month: int) -> date:
    return date(year, month, 1)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


# -- months as integers: year * 12 + month - 1, so that "N years earlier" is "- 12 * N" --
def _months(day: date) -> int:
    return day.year * 12 + day.month - 1


def _first_day(months: int) -> date:
    return date(months // 12, months % 12 + 1, 1)


def _last_day(day: date) -> date:
    return _month_end(day.year, day.month)


def _end_months(groups: Sequence[str | None]) -> tuple[int, int]:
    """The first and last month of one end of a span: a range (four numbers) or a month (two)."""
    n = [int(g) for g in groups if g is not None]
    n = n * 2 if len(n) == 2 else n
    return _months(date(n[0], n[1], 1)), _months(date(n[2], n[3], 1))  # date() refuses a month 13


def _approximate(s_lo: int, s_hi: int, e_lo: int, e_hi: int) -> Period:
    """The window from a month in ``s_lo..s_hi`` to a month in ``e_lo..e_hi`` (month indices)."""
    end, end_earliest = _last_day(_first_day(e_hi)), _last_day(_first_day(e_lo))
    return Period(
        "window",
        _first_day(s_lo),
        end,
        start_latest=_first_day(s_hi) if s_hi != s_lo else None,
        end_earliest=end_earliest if e_lo != e_hi else None,
    )


def _written(first: date, last: date) -> str:
    lo, hi = f"{first.year:04d}-{first.month:02d}", f"{last.year:04d}-{last.month:02d}"
    return lo if lo == hi else f"[{lo},{hi}]"


def _month_words(day: date) -> str:
    return f"{calendar.month_name[day.month]} {day.year}"


def _words(first: date, last: date) -> str:
    lo, hi = _month_words(first), _month_words(last)
    return lo if lo == hi else f"between {lo} and {hi}"


# -- the release a phrase is relative to ------------------------------------------------
_PUBLISHED = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
_PUBLISHED_RANGE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})\.\.([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_PUBLISHED_GRAMMAR = "YYYY-MM-DD, YYYY-MM, YYYY or YYYY-MM-DD..YYYY-MM-DD"


@dataclass(frozen=True)
class Published:
    """When a release came out, known to a day, a month, a year or a range of days.

    Examples
    --------
    >>> p = Published.parse("2022-06")
    >>> p.earliest.isoformat(), p.latest.isoformat(), p.exact, str(p)
    ('2022-06-01', '2022-06-30', False, '2022-06')
    >>> str(Published.parse("2022")), Published.parse("2022-06-15").exact
    ('2022', True)
    """

    #: The first day the release may have come out.
    earliest: date
    #: The last day it may have come out, inclusive.
    latest: date

    def __post_init__(self) -> None:
        if self.latest < self.earliest:
            text = f"{self.earliest}..{self.latest}"
            raise ReadingError("publication date", text, "a range not ending before it starts")

    @classmethod
    def on(cls, day: date) -> Published:
        """A release known to the day (a ``datetime`` counts by its date)."""
        d = day.date() if isinstance(day, datetime) else day
        return cls(d, d)

    @classmethod
    def parse(cls, text: str) -> Published:
        """Read ``YYYY-MM-DD`` (a day), ``YYYY-MM`` (a month), ``YYYY`` (a year) or ``YYYY-MM-DD..YYYY-MM-DD``.

        Digits are ASCII ``0-9`` and the parts are separated by ``-``: "20231010" (ISO's
        basic format), "2024-W25-4" (a week date) and "٢٠٢٣-١٠-١٠" are refused.
        """
        t = text.strip()
        _check_text("publication date", text, t, _PUBLISHED_GRAMMAR)
        try:
            if m := _PUBLISHED.match(t):
                y, mo, d = int(m[1]), m[2], m[3]
                if d is not None:
                    return cls.on(date(y, int(m[2]), int(d)))
                if mo is not None:
                    return cls(_month_start(y, int(mo)), _month_end(y, int(mo)))
                return cls(date(y, 1, 1), date(y, 12, 31))
            if m := _PUBLISHED_RANGE.match(t):
                n = [int(x) for x in m.groups()]
                return cls(date(n[0], n[1], n[2]), date(n[3], n[4], n[5]))
        except ReadingError as exc:
            raise ReadingError("publication date", text, exc.expected) from None
        except ValueError as exc:
            raise ReadingError("publication date", text, f"a real calendar date ({exc})") from None
        raise ReadingError("publication date", text, _PUBLISHED_GRAMMAR + _digits_note(t))

    @property
    def exact(self) -> bool:
        """Whether the day is known."""
        return self.earliest == self.latest

    def __str__(self) -> str:
        e, la = self.earliest, self.latest
        if self.exact:
            return e.isoformat()
        if e.day == 1 and (la.year, la.month) == (e.year, e.month) and la == _last_day(e):
            return f"{e.year:04d}-{e.month:02d}"
        if (e.month, e.day, la.month, la.day) == (1, 1, 12, 31) and e.year == la.year:
            return f"{e.year:04d}"
        return f"{e.isoformat()}..{la.isoformat()}"


# -- phrases of relative time ----------------------------------------------------------
_MAX_PHRASE = 200
#: Kazakhstan declared independence on 16 December 1991; its trade statistics
#: start in 1992, so "since independence" starts in December 1991 or January 1992.
_INDEPENDENCE = (_months(date(1991, 12, 1)), _months(date(1992, 1, 1)))

_EN_ONES = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
_EN_ONES += ["thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_EN_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
# Nominative and genitive ("за три десятилетия", "более трёх десятилетий"); ё is read as е.
_RU_ONES = [
    ("один", "одного"), ("два", "двух"), ("три", "трех"), ("четыре", "четырех"), ("пять", "пяти"),
    ("шесть", "шести"), ("семь", "семи"), ("восемь", "восьми"), ("девять", "девяти"), ("десять", "десяти"),
    ("одиннадцать", "одиннадцати"), ("двенадцать", "двенадцати"), ("тринадцать", "тринадцати"),
    ("четырнадцать", "четырнадцати"), ("пятнадцать", "пятнадцати"), ("шестнадцать", "шестнадцати"),
    ("семнадцать", "семнадцати"), ("восемнадцать", "восемнадцати"), ("девятнадцать", "девятнадцати"),
]  # fmt: skip
_RU_TENS = [
    ("двадцать", "двадцати"), ("тридцать", "тридцати"), ("сорок", "сорока"), ("пятьдесят", "пятидесяти"),
    ("шестьдесят", "шестидесяти"), ("семьдесят", "семидесяти"), ("восемьдесят", "восьмидесяти"),
    ("девяносто", "девяноста"),
]  # fmt: skip
#: Per language: number words 1..19, tens words 20..90.
_ONES = {
    "en": {w: i for i, w in enumerate(_EN_ONES, 1)},
    "ru": {w: i for i, forms in enumerate(_RU_ONES, 1) for w in forms},
}
_TENS = {
    "en": {w: 10 * i for i, w in enumerate(_EN_TENS, 2)},
    "ru": {w: 10 * i for i, forms in enumerate(_RU_TENS, 2) for w in forms},
}
#: Unit words: years in one, and whether the word can stand for one without a number.
_UNITS = {
    "en": {"year": (1, True), "years": (1, False), "decade": (10, True), "decades": (10, False)},
    "ru": {
        "год": (1, True), "года": (1, True), "лет": (1, False),
        "десятилетие": (10, True), "десятилетия": (10, True), "десятилетий": (10, False),
    },
}  # fmt: skip
_LAST = {
    "en": {"past", "last", "previous"},
    "ru": {"последние", "последних", "последний", "последнее", "прошедшие", "прошедших", "минувшие", "минувших"},
}
_OVER = {"en": [["over"], ["more", "than"]], "ru": [["более", "чем"], ["больше", "чем"], ["более"], ["свыше"]]}
_LEADS = {
    "en": [["in", "the"], ["during", "the"], ["for", "the"], ["over", "the"], ["within", "the"], ["the"], ["for"]],
    "ru": [["за"], ["в", "течение"], ["на", "протяжении"]],
}
_INDEPENDENCE_WORDS = {
    "en": {"the", "gaining", "its", "of", "kazakhstan", "s", "country", "republic", "years"},
    "ru": {
        "момента", "времени", "обретения", "приобретения", "провозглашения", "все", "годы", "период",
        "казахстана", "страны", "республики", "нашей", "государственной",
    },
}  # fmt: skip
_SINCE = {"en": {"since"}, "ru": {"с", "со"}}
_YEAR_WORDS: dict[str, list[list[str]]] = {"en": [[]], "ru": [[], ["года"], ["г"], ["го", "года"]]}
_UNDERSTOOD = {
    "en": (
        "a span such as 'over 30 years', 'more than 30 years', '30 years', 'in the past 20 years', "
        "'the last 20 years', 'three decades', 'over three decades', 'since 2005', 'since independence' "
        "or 'during the years of independence' (numbers in digits or words, one to ninety-nine)"
    ),
    "ru": (
        "a span such as 'за 30 лет', 'более 30 лет', 'свыше 30 лет', 'за последние 20 лет', 'три десятилетия', "
        "'с 2005 года', 'с 2005 г.', 'с момента обретения независимости' or 'за годы независимости' "
        "(numbers in digits or words, один to девяносто девять)"
    ),
}
# Numbers, words, or one other character; no repeat can backtrack into another.
_TOKEN = re.compile(r"[0-9]+|[^\W\d_]+|\S")
_SKIP = {".", ",", "'", "’", "-", "‑"}


@dataclass(frozen=True)
class _Span:
    """What a phrase says: a length in years (``over``: at least), or a range of start months."""

    years: int = 0
    over: bool = False
    since: tuple[int, int] | None = None


def window_phrase(text: str, published: Published | date, lang: Literal["en", "ru"]) -> Period:
    """The window a phrase of relative time ("over 30 years", "с 2005 года") means in a release.

    Parameters
    ----------
    text
        The phrase, at most 200 characters: "30 years", "the past/last N years",
        "over/more than N years", "N decades", "since YYYY", "since independence";
        "за N лет", "за последние N лет", "более/свыше N лет", "N десятилетий",
        "с YYYY года" (or "г."), "с момента обретения независимости", "за годы
        независимости". Numbers in digits or words (one to ninety-nine).
    published
        When the release came out: a :class:`Published` (a day, a month or a
        year) or a :class:`~datetime.date` (that day).
    lang
        ``"en"``: English phrases; ``"ru"``: Russian phrases.

    Returns
    -------
    Period
        An approximate window (kind ``window``) whose start and end months are
        ranges, with a non-empty core.

    Notes
    -----
    Months are counted as integers, so "k years before month M" is ``M - 12k``,
    and a span of k years ending in month E *starts in month E - 12k + 1*
    (it holds 12k months: 30 years to May 2022 start in June 1992).

    1. End: a release counts up to its own month or to the last full year, so
       the end month lies in [E0, E1] = [the month 12 months before the
       earliest publication date, the month of the latest publication date]:
       for 2022-06-15, [2021-06, 2022-06]; for "2022", [2021-01, 2022-12].
    2. Start:

       - "N years", "the past/last N years", "за (последние) N лет": N-1 to
         N+1 years, so the start lies in [E0 - 12(N+1) + 1, E1 - 12(N-1) + 1];
       - "over/more than N years", "более/свыше N лет", "N с лишним лет": at
         least N years, at most ceil(1.1 N + 1): [E0 - 12 ceil(1.1 N + 1) + 1,
         E1 - 12N + 1];
       - "N decades"/"N десятилетий": 10N years, by the same two rules;
         "the past decade", "более года" without a number: one;
       - "since YYYY"/"с YYYY года": start in [YYYY-01, YYYY-12];
       - "since independence" (16 December 1991): start in [1991-12, 1992-01].
    3. A window does not end before it starts, so the earliest end is raised to
       the earliest start; it surely covers at least one month, so the latest
       start is lowered to the earliest end. A phrase whose window would not
       start before the month of the latest publication date is refused.

    Raises
    ------
    ReadingError
        A phrase not understood (the message lists what is), longer than 200
        characters, or that cannot be placed before the release.

    Examples
    --------
    >>> str(window_phrase("over 30 years", date(2022, 6, 15), "en"))
    '[1987-07,1992-07]..[2021-06,2022-06]'
    >>> window_phrase("с 2005 года", Published.parse("2022"), "ru").describe()
    'from between January 2005 and December 2005 to between January 2021 and December 2022'
    """
    lang = one_of("lang", lang, ("en", "ru"))
    expect("text", text, str, "the phrase as a str, e.g. 'over 30 years'")
    if isinstance(published, Published):
        release = published
    elif isinstance(published, date):
        release = Published.on(published)
    else:
        raise UsageTypeError("published", published, "a Published or a date, e.g. Published.parse('2022-06')")
    if len(text) > _MAX_PHRASE:
        raise ReadingError("window phrase", text[:60] + "…", f"a phrase of at most {_MAX_PHRASE} characters")
    words = [w for w in _TOKEN.findall(text.lower().replace("ё", "е")) if w not in _SKIP]
    span = _read_since(words, lang) or _read_length(words, lang)
    if span is None:
        raise ReadingError("window phrase", text, _UNDERSTOOD[lang] + _digits_note(text))
    return _place(text, span, release)


def _read_since(w: list[str], lang: str) -> _Span | None:
    """A start: "since YYYY", "since independence", "с YYYY года", "за годы независимости"."""
    w = w[1:] if w[:2] == ["начиная", "с"] else w  # "начиная с 2005 года"
    if w[:1] and w[0] in _SINCE[lang] and w[1:2] and len(w[1]) == 4 and _digits(w[1]) and int(w[1]) > 0:
        if w[2:] in _YEAR_WORDS[lang]:
            first = _months(date(int(w[1]), 1, 1))
            return _Span(since=(first, first + 11))
        return None
    independence = "independence" if lang == "en" else "независимости"
    if independence not in w[1:]:
        return None
    if w[0] in _SINCE[lang]:
        said = w[1:]
    elif w[0] in ({"in", "during", "over", "throughout", "for"} if lang == "en" else {"за", "в"}):
        said = w[1:] if {"years", "годы", "период"} & set(w) else []  # "in the years of", "за годы"
    else:
        return None
    return _Span(since=_INDEPENDENCE) if {*said} - _INDEPENDENCE_WORDS[lang] == {independence} else None


def _read_length(w: list[str], lang: str) -> _Span | None:
    """A length: "(the past) N years", "over N decades", "за последние N лет", "более N лет"."""
    i, over, last = 0, False, False

    def take(options: list[list[str]]) -> bool:
        nonlocal i
        for words in options:
            if w[i : i + len(words)] == words:
                i += len(words)
                return True
        return False

    over = take(_OVER[lang]) if lang == "ru" else False  # "более чем за 30 лет"
    take(_LEADS[lang])
    last = take([[word] for word in _LAST[lang]])
    over = take(_OVER[lang]) or over
    n, i = _number(w, i, lang)
    over = take([["с", "лишним"]]) or over  # "30 с лишним лет"
    unit = _UNITS[lang].get(w[i]) if i == len(w) - 1 else None
    if unit is None:
        return None
    per, singular = unit
    if n is None:  # "the past decade", "более года": one
        if not singular or not (last or over):
            return None
        n = 1
    return _Span(years=n * per, over=over) if n > 0 else None


def _number(w: list[str], i: int, lang: str) -> tuple[int | None, int]:
    """The number at ``w[i]`` (digits, or words up to ninety-nine) and the index after it."""
    if i >= len(w):
        return None, i
    if _digits(w[i]):
        return (int(w[i]), i + 1) if len(w[i]) <= 4 else (None, i)
    if lang == "en" and w[i] in ("a", "an"):
        return 1, i + 1
    ones, tens = _ONES[lang], _TENS[lang]
    if w[i] in ones:
        return ones[w[i]], i + 1
    if w[i] in tens:
        if w[i + 1 : i + 2] and w[i + 1] in ones and ones[w[i + 1]] < 10:
            return tens[w[i]] + ones[w[i + 1]], i + 2
        return tens[w[i]], i + 1
    return None, i


def _digits(word: str) -> bool:
    return word.isascii() and word.isdigit()  # not "²", which str.isdigit() takes for a digit


def _place(text: str, span: _Span, release: Published) -> Period:
    """The window of ``span`` in a release (the policy of :func:`window_phrase`)."""
    e_lo, e_hi = _months(release.earliest) - 12, _months(release.latest)
    if span.since is not None:
        s_lo, s_hi = span.since
    elif span.over:
        s_lo, s_hi = e_lo - 12 * ((11 * span.years + 19) // 10) + 1, e_hi - 12 * span.years + 1
    else:
        s_lo, s_hi = e_lo - 12 * (span.years + 1) + 1, e_hi - 12 * (span.years - 1) + 1
    if s_lo < _months(date(1, 1, 1)):
        raise ReadingError("window phrase", text, "a window that starts in the year 1 or later")
    if s_lo >= e_hi:
        month = f"{release.latest.year:04d}-{release.latest.month:02d}"
        raise ReadingError("window phrase", text, f"a window that starts before the month of the release ({month})")
    e_lo = max(e_lo, s_lo)
    return _approximate(s_lo, min(s_hi, e_lo), e_lo, e_hi)

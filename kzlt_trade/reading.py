"""From the text of a number, as written, to the interval of values it stands for.

A press release that writes "584,3 млн" says the value rounds to 584.3 million,
nothing more. This module keeps the digits exactly as written (so ``"2.60"`` is
more precise than ``"2.6"``), reads English and Russian conventions, and turns
a written number plus its hedge ("about", "exceeded", "approached") and its form
("increased by 28.7 %", "grew 6.4 times") into an :class:`~kzlt_trade.interval.Interval`.

Three rounding conventions are supported, after the rounding-aware consistency
tests of reported statistics (the GRIM test of Brown and Heathers, 2017, and
its successors): a writer may round to the nearest value (ties either way),
truncate, or one may not know which ("either", the union of both).

>>> n = read_number("584,3", "ru")
>>> n.value, n.step
(Decimal('584.3'), Decimal('0.1'))
>>> precision_interval(n)
Interval(584.25, 584.35)
>>> to_interval(read_number("28,7", "ru"), form="percent_increase")
Interval(1.2865, 1.2875)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, get_args

from kzlt_trade.errors import ReadingError
from kzlt_trade.interval import Interval
from kzlt_trade.vocabulary import Rounding

__all__ = [
    "FORMS",
    "HEDGES",
    "Form",
    "Hedge",
    "HedgePolicy",
    "Language",
    "MEASURE",
    "Measure",
    "WrittenNumber",
    "format_number",
    "precision_interval",
    "read_number",
    "to_interval",
]

#: ``en``: comma groups thousands, point marks decimals ("1,234.5");
#: ``ru``: spaces group thousands, comma marks decimals ("1 234,5").
Language = Literal["en", "ru"]

#: What the words around the number say about it.
#:
#: ``none``        the number as written, within its precision.
#: ``about``       "about", "около", "approximately": widened by :class:`HedgePolicy`.
#: ``more_than``   "more than", "exceeded", "свыше", "превысил": ``(v, inf)``.
#: ``at_least``    "not less than", "не менее": ``[v, inf)``.
#: ``less_than``   "less than", "менее": ``[0, v)``.
#: ``at_most``     "not more than", "не более": ``[0, v]``.
#: ``approached``  "approached", "nearly", "почти", "приблизился": just below ``v``.
#: ``among_top``   "one of the ten", "входит в десятку" (ranks): ``[1, v]``.
#: ``dozens``      "dozens of": at least two dozen, fewer than twelve dozen, ``[24, 144)``.
Hedge = Literal["none", "about", "more_than", "at_least", "less_than", "at_most", "approached", "among_top", "dozens"]
HEDGES: tuple[Hedge, ...] = get_args(Hedge)

#: How the number relates to the quantity it reports.
#:
#: ``level``             the quantity itself: "amounted to 584.3 million".
#: ``change``            the absolute change from a base period: "up by 2.6 billion".
#: ``percent_increase``  a ratio to the base, ``1 + v/100``: "increased by 28.7 %".
#: ``percent_of_base``   a ratio to the base, ``v/100``: "amounted to 311 % of".
#: ``times``             a ratio to the base, ``v``: "grew 6.4 times".
#: ``times_increase``    a ratio to the base, ``1 + v``: "grew by 6.4 times" read as +640 %.
Form = Literal["level", "change", "percent_increase", "percent_of_base", "times", "times_increase"]
FORMS: tuple[Form, ...] = get_args(Form)

#: What a form measures: a ``level``; a ``change`` (a difference of two levels); a
#: ``ratio`` (a growth factor, level over base level).
Measure = Literal["level", "change", "ratio"]
#: The measure of each form: the one home of this fact.
MEASURE: dict[Form, Measure] = {
    "level": "level",
    "change": "change",
    "percent_increase": "ratio",
    "percent_of_base": "ratio",
    "times": "ratio",
    "times_increase": "ratio",
}

_GROUP_SPACES = "\u0020\u00a0\u2009\u202f"
_MINUS = "-\u2212"

# Number words the releases use. Ordinals and cardinals are exact (step 0).
_WORDS: dict[str, int] = {
    "one": 1, "first": 1, "largest": 1, "biggest": 1,
    "four": 4, "fourth": 4, "ten": 10, "tenth": 10, "twenty": 20, "twentieth": 20,
    "thirty": 30, "thirtieth": 30, "dozens": 24,
    "первой": 1, "первый": 1, "первая": 1, "крупнейшего": 1, "крупнейшим": 1, "крупнейший": 1,
    "десятку": 10, "десятка": 10, "двадцатку": 20, "двадцатка": 20,
}  # fmt: skip
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th|-?й|-?я|-?е|-?го)$")

# Scale words, with the Russian case endings that follow a numeral.
_SCALES: tuple[tuple[re.Pattern[str], str, int], ...] = (
    (re.compile(r"^(thousand|thousands|тыс\.?|тысяч[аиу]?)$", re.I), "thousand", 3),
    (re.compile(r"^(million|millions|mln|млн\.?|миллион(а|ов|ам|ами)?)$", re.I), "million", 6),
    (re.compile(r"^(billion|billions|bln|bn|млрд\.?|миллиард(а|ов|ам|ами)?)$", re.I), "billion", 9),
)


@dataclass(frozen=True)
class WrittenNumber:
    """A number exactly as a text writes it.

    Examples
    --------
    >>> read_number("2.6 billion", "en").magnitude
    Decimal('2.6E+9')
    >>> read_number("2.60", "en").step
    Decimal('0.01')
    """

    #: The text as read, e.g. ``"584,3"`` or ``"2.6 billion"``.
    text: str
    #: The value of the digits, before any scale word: ``584.3``.
    value: Decimal
    #: The unit of the last written digit (``0.1`` for "584,3"); ``0`` for an exact word.
    step: Decimal
    #: The scale word's name ("million"), or ``""`` when there is none.
    scale: str = ""
    #: Powers of ten the scale word multiplies by (6 for million).
    exponent: int = 0
    #: Whether the number was a word ("ten", "thirtieth") rather than digits.
    word: bool = field(default=False)

    @property
    def magnitude(self) -> Decimal:
        """The value times its scale word."""
        return self.value.scaleb(self.exponent)

    @property
    def decimals(self) -> int:
        """Digits written after the decimal mark (0 for whole numbers and words)."""
        return max(0, -self.step.as_tuple().exponent) if self.step else 0  # type: ignore[operator]


def read_number(text: str, lang: Language = "en") -> WrittenNumber:
    """Read the text of a number in the writing conventions of ``lang``.

    Accepts digits with the language's grouping and decimal mark, an optional
    scale word after them ("2.6 billion", "584,3 млн"), ordinals ("10th") and
    the number words the releases use ("ten", "десятку", "thirtieth").

    Raises
    ------
    ReadingError
        When the text is not a number in that convention, e.g. ``"7.000,5"`` in
        English, or a thousands group that is not three digits long.
    """
    if lang not in ("en", "ru"):
        raise ReadingError("language", str(lang), "'en' or 'ru'")
    raw = text.strip()
    if not raw:
        raise ReadingError("number", text, "digits such as '584.3' or a number word")
    lowered = raw.lower()
    if lowered in _WORDS:
        return WrittenNumber(raw, Decimal(_WORDS[lowered]), Decimal(0), word=True)
    if m := _ORDINAL.match(lowered):
        return WrittenNumber(raw, Decimal(int(m[1])), Decimal(0), word=True)

    digits, scale, exponent = raw, "", 0
    parts = raw.rsplit(None, 1)
    if len(parts) == 2:
        for pattern, name, power in _SCALES:
            if pattern.match(parts[1]):
                digits, scale, exponent = parts[0], name, power
                break
    value, step = _read_digits(digits, lang, text)
    return WrittenNumber(raw, value, step, scale, exponent)


def _read_digits(digits: str, lang: Language, original: str) -> tuple[Decimal, Decimal]:
    s = digits.strip()
    sign = ""
    if s and s[0] in _MINUS:
        sign, s = "-", s[1:]
    decimal_mark, group_marks = (".", ",") if lang == "en" else (",", "")
    # Both languages group with spaces (ordinary, no-break or thin).
    group_marks += _GROUP_SPACES
    expected = (
        "digits grouped in threes by ',' or a space, with '.' before decimals, e.g. '1,234.5'"
        if lang == "en"
        else "digits grouped in threes by a space, with ',' before decimals, e.g. '1 234,5'"
    )
    if s.count(decimal_mark) > 1:
        raise ReadingError("number", original, expected)
    whole, _, frac = s.partition(decimal_mark)
    groups = re.split(f"[{re.escape(group_marks)}]", whole)
    ok = (
        bool(whole)
        and all(g.isdigit() and g.isascii() for g in groups)
        and (len(groups) == 1 or (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])))
        and (frac == "" or (frac.isdigit() and frac.isascii()))
        and not (decimal_mark in s and frac == "")
    )
    if not ok:
        raise ReadingError("number", original, expected)
    value = Decimal(sign + "".join(groups) + ("." + frac if frac else ""))
    step = Decimal(1).scaleb(-len(frac))
    return value, step


def format_number(value: Decimal, lang: Language = "en", *, group: bool = True) -> str:
    """Write ``value`` in the conventions of ``lang``, keeping its trailing zeros.

    The inverse of :func:`read_number` for plain digits.

    >>> format_number(Decimal("1234.50"), "ru") == "1\\u00a0234,50"
    True
    >>> format_number(Decimal("7000"), "en")
    '7,000'
    """
    text = format(abs(value), "f")
    whole, _, frac = text.partition(".")
    if group:
        sep = "," if lang == "en" else "\u00a0"
        whole = f"{int(whole):,}".replace(",", sep)
    mark = "." if lang == "en" else ","
    out = whole + (mark + frac if frac else "")
    return ("-" if value.is_signed() else "") + out


@dataclass(frozen=True)
class HedgePolicy:
    """How far the vague hedges reach, as fractions of the value.

    The defaults are the library's documented policy; :meth:`widest` is the
    stretched reading the checker uses to tell a *tension* from a contradiction.

    Examples
    --------
    >>> HedgePolicy().about
    0.05
    """

    #: "about 170" covers ``170 * (1 ± about)`` (never less than its rounding).
    about: float = 0.05
    #: "approached 50" covers ``[50 * (1 - approached), 50)``.
    approached: float = 0.05

    def __post_init__(self) -> None:
        if not 0.0 <= self.about < 1.0:
            raise ReadingError("hedge policy", f"about={self.about}", "a fraction in [0, 1)")
        # "Approached" excludes the value itself, so a zero reach would leave [v, v): no value at all.
        if not 0.0 < self.approached < 1.0:
            raise ReadingError("hedge policy", f"approached={self.approached}", "a fraction in (0, 1)")

    @classmethod
    def widest(cls) -> HedgePolicy:
        """The stretched policy: ±10 % for "about", 10 % below for "approached"."""
        return cls(about=0.10, approached=0.10)


def precision_interval(number: WrittenNumber, rounding: Rounding = "nearest") -> Interval:
    """The values (before any scale word) that round to ``number`` under ``rounding``.

    >>> precision_interval(read_number("584"), "truncate")
    Interval(584.0, 585.0, hi_open=True)
    """
    lo, hi, lo_open, hi_open = _precision_bounds(number, rounding)
    return _interval(lo, hi, lo_open, hi_open)


def _precision_bounds(number: WrittenNumber, rounding: Rounding) -> tuple[Decimal, Decimal, bool, bool]:
    v, step = number.value, number.step
    half = step / 2
    if step == 0:
        return v, v, False, False
    # A truncated negative value was cut towards zero, so its true value lies below.
    if rounding == "nearest":
        return v - half, v + half, False, False
    if rounding == "truncate":
        return (v, v + step, False, True) if v >= 0 else (v - step, v, True, False)
    if rounding == "either":
        return (v - half, v + step, False, True) if v >= 0 else (v - step, v + half, True, False)
    raise ReadingError("rounding", str(rounding), "'nearest', 'truncate' or 'either'")


def to_interval(
    number: WrittenNumber,
    *,
    hedge: Hedge = "none",
    form: Form = "level",
    rounding: Rounding = "nearest",
    policy: HedgePolicy | None = None,
) -> Interval:
    """The interval a written number stands for, in the unit it was written in.

    The scale word is not applied: ``"2.6 billion"`` gives ``[2.55, 2.65]``, to
    be read in billions. Ratio forms give the ratio of the reported level to
    its base-period level. Bounds are computed exactly in decimal and rounded
    outward once, when they become floats.

    Examples
    --------
    >>> str(to_interval(read_number("311"), form="percent_increase"))
    '[4.105, 4.115]'
    >>> str(to_interval(read_number("6.4"), form="times_increase"))
    '[7.35, 7.45]'
    >>> to_interval(read_number("200"), hedge="more_than")
    Interval(200.0, inf, lo_open=True)
    """
    policy = policy or HedgePolicy()
    lo, hi, lo_open, hi_open = _hedged(number.value, _precision_bounds(number, rounding), hedge, policy)
    match form:
        case "level" | "change" | "times":
            pass
        case "percent_increase":
            lo, hi = 1 + lo / 100, 1 + hi / 100
        case "percent_of_base":
            lo, hi = lo / 100, hi / 100
        case "times_increase":
            lo, hi = 1 + lo, 1 + hi
        case _:
            raise ReadingError("form", str(form), "one of " + ", ".join(FORMS))
    return _interval(lo, hi, lo_open, hi_open)


def _hedged(
    v: Decimal, bounds: tuple[Decimal, Decimal, bool, bool], hedge: Hedge, policy: HedgePolicy
) -> tuple[Decimal, Decimal, bool, bool]:
    """The bounds of the written value ``v`` (within its precision, ``bounds``) under ``hedge``."""
    lo, hi, lo_open, hi_open = bounds
    inf = Decimal("Infinity")
    match hedge:
        case "none":
            pass
        case "about":
            reach = abs(v) * Decimal(str(policy.about))
            if v - reach < lo:
                lo, lo_open = v - reach, False
            if v + reach > hi:
                hi, hi_open = v + reach, False
        case "more_than":
            lo, hi, lo_open, hi_open = v, inf, True, True
        case "at_least":
            lo, hi, lo_open, hi_open = v, inf, False, True
        case "less_than":
            lo, hi, lo_open, hi_open = min(Decimal(0), v), v, False, True
        case "at_most":
            lo, hi, lo_open, hi_open = min(Decimal(0), v), v, False, False
        case "approached":
            lo, hi, lo_open, hi_open = v * (1 - Decimal(str(policy.approached))), v, False, True
        case "among_top":
            lo, hi, lo_open, hi_open = Decimal(1), v, False, False
        case "dozens":
            lo, hi, lo_open, hi_open = Decimal(24), Decimal(144), False, True
        case _:
            raise ReadingError("hedge", str(hedge), "one of " + ", ".join(HEDGES))
    return lo, hi, lo_open, hi_open


def _interval(lo: Decimal, hi: Decimal, lo_open: bool, hi_open: bool) -> Interval:
    return Interval(_float_down(lo), _float_up(hi), lo_open, hi_open)


def _float_down(d: Decimal) -> float:
    f = float(d)
    return math.nextafter(f, -math.inf) if not math.isinf(f) and Decimal(f) > d else f


def _float_up(d: Decimal) -> float:
    f = float(d)
    return math.nextafter(f, math.inf) if not math.isinf(f) and Decimal(f) < d else f

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

Numbers written as words follow one precision policy: a cardinal word reads as
the digits it stands for would, to the precision of its smallest word. An
integer word ("six", "sixty", "a hundred", "вдвое") has step 1, so "six" is
``[5.5, 6.5]`` at nearest rounding; a half ("half", "one and a half",
"полтора") has step 0.5; a scale word stays a scale word, exactly as after
digits ("полтора миллиарда" is 1.5 billion with step 0.5). Ranks and ordinals
("first", "tenth", "десятку", "10th") name a place, not an amount, and are
exact (step 0).

>>> n = read_number("584,3", "ru")
>>> n.value, n.step
(Decimal('584.3'), Decimal('0.1'))
>>> precision_interval(n)
Interval(584.25, 584.35)
>>> to_interval(read_number("28,7", "ru"), form="percent_increase")
Interval(1.2865, 1.2875)
>>> print(to_interval(read_number("4,2", "ru"), form="percent_decrease"))
[0.9575, 0.9585]
"""

from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass, field
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_CEILING,
    ROUND_FLOOR,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    localcontext,
)
from typing import Literal, get_args

from kzlt_trade.errors import ReadingError, UsageError
from kzlt_trade.interval import Interval
from kzlt_trade.vocabulary import Rounding, expect

__all__ = [
    "FORMS",
    "HEDGES",
    "Form",
    "Hedge",
    "HedgePolicy",
    "Language",
    "MEASURE",
    "MAX_DIGITS",
    "MAX_LENGTH",
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
#: ``percent_decrease``  a ratio to the base, ``1 - v/100``, never below 0: "fell by 4.2 %", "4.2 % less",
#:                       "сократился на 4,2 %".
#: ``times_decrease``    a ratio to the base, ``1/v``: "decreased 2 times", "halved", "сократился вдвое".
#: ``decrease``          the absolute change from a base period, ``-v``: "down by 2.6 billion",
#:                       "сократился на 12 млн".
#:
#: The text of a decrease keeps its digits as written ("4.2", not "-4.2"): the form
#: carries the direction. A decrease maps the written bounds in reverse, so the
#: written lower bound gives the upper end and the open ends swap: "fell by more
#: than 10 %" is ``(10, inf)`` as written and ``[0, 0.9)`` as a ratio.
Form = Literal[
    "level",
    "change",
    "percent_increase",
    "percent_of_base",
    "times",
    "times_increase",
    "percent_decrease",
    "times_decrease",
    "decrease",
]
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
    "percent_decrease": "ratio",
    "times_decrease": "ratio",
    "decrease": "change",
}

_GROUP_SPACES = "\u0020\u00a0\u2009\u202f"
_MINUS = "-\u2212"

#: Longer texts are refused unread: a number, even in words, is a few tokens long.
MAX_LENGTH = 200
#: The most digits a number may be written with, every written digit counted (leading
#: zeros and decimals too). The bounds of a number are computed exactly, in a decimal
#: precision taken from its digits, so this limit bounds that work whatever
#: :data:`MAX_LENGTH` allows. It is the length limit itself: a number of 200 digits (far
#: beyond any figure a release writes) is still read exactly.
MAX_DIGITS = 200

# Ranks and ordinals the releases use. They name a place, not an amount: exact (step 0).
_WORDS: dict[str, int] = {
    "first": 1, "largest": 1, "biggest": 1,
    "fourth": 4, "tenth": 10, "twentieth": 20,
    "thirtieth": 30, "dozens": 24,
    "первой": 1, "первый": 1, "первая": 1, "крупнейшего": 1, "крупнейшим": 1, "крупнейший": 1,
    "десятку": 10, "десятка": 10, "двадцатку": 20, "двадцатка": 20,
}  # fmt: skip
# ASCII digits only: ``\d`` would take "١٠th" for the tenth.
_ORDINAL = re.compile(r"([0-9]+)(?:st|nd|rd|th|-?й|-?я|-?е|-?го)")

# Cardinal words, by value. Russian keys are lowercase with "ё" as "е", and include the
# genitive that follows "около", "более", "свыше" ("около двух миллиардов").
_EN_UNITS = {w: n for n, w in enumerate(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"], 1)}
_EN_TEENS = {
    w: n
    for n, w in enumerate(
        ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"],
        10,
    )
}
_EN_TENS = {
    w: 10 * n for n, w in enumerate(["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], 2)
}
_RU_UNITS: dict[str, int] = {
    "один": 1, "одна": 1, "одно": 1, "одного": 1, "одной": 1, "два": 2, "две": 2, "двух": 2,
    "три": 3, "трех": 3, "четыре": 4, "четырех": 4, "пять": 5, "пяти": 5, "шесть": 6, "шести": 6,
    "семь": 7, "семи": 7, "восемь": 8, "восьми": 8, "девять": 9, "девяти": 9,
}  # fmt: skip
_RU_TEEN_STEMS = [
    "десят", "одиннадцат", "двенадцат", "тринадцат", "четырнадцат",
    "пятнадцат", "шестнадцат", "семнадцат", "восемнадцат", "девятнадцат",
]  # fmt: skip
_RU_TEENS = {w: n for n, stem in enumerate(_RU_TEEN_STEMS, 10) for w in (stem + "ь", stem + "и")}
_RU_TENS: dict[str, int] = {
    "двадцать": 20, "двадцати": 20, "тридцать": 30, "тридцати": 30, "сорок": 40, "сорока": 40,
    "пятьдесят": 50, "пятидесяти": 50, "шестьдесят": 60, "шестидесяти": 60, "семьдесят": 70,
    "семидесяти": 70, "восемьдесят": 80, "восьмидесяти": 80, "девяносто": 90, "девяноста": 90,
}  # fmt: skip
_RU_HUNDREDS: dict[str, int] = {
    "сто": 100, "ста": 100, "двести": 200, "триста": 300, "четыреста": 400, "пятьсот": 500,
    "шестьсот": 600, "семьсот": 700, "восемьсот": 800, "девятьсот": 900,
}  # fmt: skip
# Words for a factor, read as the number of times ("halved" is 2, for the form times_decrease).
_MULTIPLIERS: dict[str, int] = {
    **{w + "fold": n for w, n in (_EN_UNITS | {"ten": 10}).items() if n >= 2},
    "double": 2, "doubled": 2, "twice": 2, "halved": 2, "triple": 3, "tripled": 3, "thrice": 3,
    "quadruple": 4, "quadrupled": 4,
    "вдвое": 2, "втрое": 3, "вчетверо": 4, "впятеро": 5, "вшестеро": 6, "всемеро": 7,
    "ввосьмеро": 8, "вдевятеро": 9, "вдесятеро": 10,
}  # fmt: skip
_HALVES = frozenset({"half", "половина", "половину", "половины", "половине"})
_ONE_AND_A_HALF = frozenset({"полтора", "полторы", "полутора"})
_ONE, _HALF = Decimal(1), Decimal("0.5")

# Scale words, with the Russian case endings that follow a numeral.
_SCALES: tuple[tuple[re.Pattern[str], str, int], ...] = (
    (re.compile(r"^(thousand|thousands|тыс\.?|тысяч(а|и|у|е|ей|ам|ами|ах)?)$", re.I), "thousand", 3),
    (re.compile(r"^(million|millions|mln|млн\.?|миллион(а|у|е|ов|ам|ами|ах)?)$", re.I), "million", 6),
    (re.compile(r"^(billion|billions|bln|bn|млрд\.?|миллиард(а|у|е|ов|ам|ами|ах)?)$", re.I), "billion", 9),
    (re.compile(r"^(trillion|trillions|трлн\.?|триллион(а|у|е|ов|ам|ами|ах)?)$", re.I), "trillion", 12),
)
# A Russian scale noun in the singular stands alone for one of it: "более тысячи", "около миллиарда".
_BARE_SCALE = re.compile(r"^(тысяч[аиуе]|миллион[ауе]?|миллиард[ауе]?|триллион[ауе]?)$")

_NUMBER = "digits such as '584.3' or a number word such as 'six' or 'полтора'"
_COMPOUND = (
    "scale words from the largest down, each group before the last a whole number and each group "
    "after the first below one unit of the scale before it, e.g. '12 млрд 400 млн' or '12 billion 400 million'"
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
    #: The unit of the last written digit (``0.1`` for "584,3"); ``0`` for a rank or
    #: ordinal; for a cardinal word, its precision (``1`` for "six", ``0.5`` for "полтора").
    step: Decimal
    #: The scale word's name ("million"), or ``""`` when there is none.
    scale: str = ""
    #: Powers of ten the scale word multiplies by (6 for million).
    exponent: int = 0
    #: Whether the number was a word ("ten", "thirtieth", "полтора") rather than digits.
    word: bool = field(default=False)

    def __post_init__(self) -> None:
        # A number as written has a finite value and a finite step; a NaN or an infinity
        # (from a WrittenNumber built by hand) would give an interval of no numbers.
        try:
            ok = self.value.is_finite() and self.step.is_finite() and self.step >= 0
        except AttributeError:  # not a Decimal
            ok = False
        if not ok:
            expected = "a finite Decimal value with a finite, non-negative Decimal step"
            raise ReadingError("number", _clip(str(self.text)), expected)

    @property
    def magnitude(self) -> Decimal:
        """The value times its scale word, exactly (its digits are the value's)."""
        return self.value.scaleb(self.exponent, _exact(len(self.value.as_tuple().digits)))

    @property
    def decimals(self) -> int:
        """Digits written after the decimal mark (0 for whole numbers and words)."""
        if self.word or not self.step:
            return 0
        return max(0, -self.step.as_tuple().exponent)  # type: ignore[operator]


def read_number(text: str, lang: Language = "en") -> WrittenNumber:
    """Read the text of a number in the writing conventions of ``lang``.

    Accepts digits with the language's grouping and decimal mark, an optional
    scale word after them ("2.6 billion", "584,3 млн", "1,5 трлн"), compounds
    of scale words from the largest down ("12 млрд 400 млн", "12 billion 400
    million"), ordinals ("10th"), ranks ("десятку", "thirtieth") and cardinal
    words in English and Russian, in any case: "six", "twenty-five", "twenty
    five", "a hundred", "a dozen", "one and a half", "tenfold", "doubled",
    "halved", "двадцать пять", "полтора миллиарда", "половина", "вдвое", and the
    Russian factor phrase "в N раз(а)" ("в два раза", "в 2,5 раза", "в полтора
    раза"), which reads as N. A word must be a whole token: "sixty" is 60, never 6.

    Precision: a cardinal word reads as its digits would, to the precision of
    its smallest word; integer words have step 1 ("six" stands for
    ``[5.5, 6.5]`` at nearest rounding), halves step 0.5 ("полтора" is
    ``[1.25, 1.75]``), and a scale word after words stays a scale word. Ranks
    and ordinals are exact (step 0). A compound has the precision of its last
    group: "12 млрд 400 млн" is 12.400 billion, step 0.001 (one million).

    Raises
    ------
    ReadingError
        When the text is not a number in that convention, e.g. ``"7.000,5"`` in
        English, a thousands group that is not three digits long, a word that
        is not a number ("sixx", "много"), a compound whose scale words do not
        fall ("400 млн 12 млрд"), a text over :data:`MAX_LENGTH` characters or a
        number of more than :data:`MAX_DIGITS` digits. Digits are ASCII ``0-9``:
        "٣" (Arabic-Indic) or "３" (fullwidth) are refused, though Python's ``int``
        and ``Decimal`` read them, and so are ``NaN``, ``Infinity``, ``1e5`` and
        ``1_000``, which ``Decimal`` reads but no release writes.

    Examples
    --------
    >>> read_number("полтора миллиарда", "ru")
    WrittenNumber(text='полтора миллиарда', value=Decimal('1.5'), step=Decimal('0.5'), scale='billion', \
exponent=9, word=True)
    >>> n = read_number("12 млрд 400 млн", "ru")
    >>> n.value, n.step, n.scale, n.exponent
    (Decimal('12.400'), Decimal('0.001'), 'billion', 9)
    >>> precision_interval(read_number("Six"))
    Interval(5.5, 6.5)
    """
    expect("text", text, str, "the number as written, a str such as '584,3'")
    if lang not in ("en", "ru"):
        raise ReadingError("language", str(lang), "'en' or 'ru'")
    raw = text.strip()
    if not raw:
        raise ReadingError("number", text, _NUMBER)
    if len(raw) > MAX_LENGTH:
        raise ReadingError("number", _clip(raw), f"a number of at most {MAX_LENGTH} characters, not {len(raw)}")
    if m := (_PLAIN_EN if lang == "en" else _PLAIN_RU).fullmatch(raw):
        # Digits alone, as nearly every figure is written: no word to look up.
        return WrittenNumber(raw, *_plain(m, raw))
    if any(ch.isdigit() for ch in raw) and not any(ch.isalpha() for ch in raw):
        _read_digits(raw, lang, text)  # digits, but not as the language writes them: say why
    lowered = raw.lower()
    if lowered in _WORDS:
        return WrittenNumber(raw, Decimal(_WORDS[lowered]), Decimal(0), word=True)
    if m := _ORDINAL.fullmatch(lowered):
        _check_digits(len(m[1]), raw)
        return WrittenNumber(raw, Decimal(m[1]), Decimal(0), word=True)

    tokens = [(t[0], t.start(), t.end()) for t in re.finditer(r"\S+", raw)]
    first, last = _key(tokens[0][0]), _key(tokens[-1][0])
    if len(tokens) >= 3 and first == "в" and last in ("раз", "раза"):
        # "в 2 раза", "в полтора раза": the factor phrase reads as its number, which has no scale word.
        groups = _groups(raw, tokens[1:-1])
        if len(groups) != 1 or groups[0][2]:
            raise ReadingError("number", text, "a number of times without a scale word, e.g. 'в 2,5 раза'")
    else:
        groups = _groups(raw, tokens)
    if len(groups) > 1:
        return _compound(raw, groups, lang, text)
    digits, keys, scale, exponent = groups[0]
    value, step, word = _read_group(digits, keys, scale, lang, text)
    return WrittenNumber(raw, value, step, scale, exponent, word=word)


# One group of a number: its text as written, its tokens as word keys, and the scale word after
# it (name and exponent; "" and 0 for none).
_Group = tuple[str, list[str], str, int]


def _key(token: str) -> str:
    return token.lower().replace("ё", "е")


def _scale_of(key: str) -> tuple[str, int] | None:
    for pattern, name, power in _SCALES:
        if pattern.match(key):
            return name, power
    return None


def _groups(raw: str, tokens: list[tuple[str, int, int]]) -> list[_Group]:
    """Split the tokens after each scale word: "12 млрд 400 млн" -> ("12", billion), ("400", million)."""
    out: list[_Group] = []
    current: list[tuple[str, int, int]] = []
    for token in tokens:
        key = _key(token[0])
        if (scale := _scale_of(key)) is None:
            current.append(token)
            continue
        # A group's text is sliced from the original, so its group spaces are read as written.
        digits = raw[current[0][1] : current[-1][2]] if current else ""
        out.append((digits, [_key(t[0]) for t in current] or [key], *scale))
        current = []
    if current or not out:
        out.append((raw[current[0][1] : current[-1][2]], [_key(t[0]) for t in current], "", 0))
    return out


def _read_group(
    digits: str, keys: list[str], scale: str, lang: Language, original: str
) -> tuple[Decimal, Decimal, bool]:
    """The value, step and word flag of one group (``digits`` is ``""`` for a bare scale word)."""
    if not digits:
        if _BARE_SCALE.match(keys[0]):
            return _ONE, _ONE, True
        raise ReadingError("number", original, _NUMBER)
    if any(c.isdigit() for c in digits):
        value, step = _read_digits(digits, lang, original)
        return value, step, False
    if (got := _read_words(keys, before_scale=bool(scale))) is None:
        raise ReadingError("number", original, _NUMBER)
    return got[0], got[1], True


def _compound(raw: str, groups: list[_Group], lang: Language, original: str) -> WrittenNumber:
    """ "12 млрд 400 млн": the groups summed in the unit of the first, to the precision of the last."""
    if not groups[-1][2]:
        raise ReadingError("number", original, _COMPOUND)  # "3 тыс. 500": a trailing group without a scale
    read = [_read_group(d, k, s, lang, original) for d, k, s, _ in groups]
    top = groups[0][3]
    total = read[0][0].copy_abs()
    # Exact sums: each group adds at most its written digits and the gap down to its scale
    # (at most 12 places) to the digits of the total.
    with localcontext(_exact(len(raw) + 13 * len(groups))):
        for i in range(1, len(groups)):
            gap = groups[i - 1][3] - groups[i][3]
            value = read[i][0]
            if gap <= 0 or read[i - 1][1] != 1 or value.is_signed() or value >= _ONE.scaleb(gap):
                raise ReadingError("number", original, _COMPOUND)
            total += value.scaleb(groups[i][3] - top)
        step = read[-1][1].scaleb(groups[-1][3] - top)
    value = total.copy_negate() if read[0][0].is_signed() else total
    return WrittenNumber(raw, value, step, groups[0][2], top, word=any(r[2] for r in read))


def _read_words(keys: list[str], *, before_scale: bool) -> tuple[Decimal, Decimal] | None:
    """The value and step of number words, or ``None`` when they are not a number."""
    words = [w for key in keys for w in key.split("-")]  # "twenty-five"
    if not words or "" in words:
        return None
    if len(words) == 2 and words[1] == "fold":  # "two-fold"
        words = [words[0] + "fold"]
    if len(words) == 1 and words[0] in _MULTIPLIERS:
        return Decimal(_MULTIPLIERS[words[0]]), _ONE
    if (len(words) == 1 and words[0] in _HALVES) or (before_scale and words == ["half", "a"]):
        return _HALF, _HALF  # "half", "половина", "half a billion"
    if len(words) == 1 and words[0] in _ONE_AND_A_HALF:
        return Decimal("1.5"), _HALF
    if before_scale and words == ["a"]:
        return _ONE, _ONE  # "a thousand", "a million"
    for tail in (["and", "a", "half"], ["с", "половиной"]):
        if len(words) > len(tail) and words[-len(tail) :] == tail:
            n = _integer(words[: -len(tail)])
            return None if n is None else (n + _HALF, _HALF)
    n = _integer(words)
    return None if n is None else (n, _ONE)


def _integer(words: list[str]) -> Decimal | None:
    """An integer in words, English ("two hundred and five", "a dozen") or Russian ("сто двадцать пять")."""
    n = _english_integer(words)
    if n is None:
        n = _russian_integer(words)
    return None if n is None else Decimal(n)


def _english_integer(words: list[str]) -> int | None:
    if words in (["a", "dozen"], ["dozen"]):
        return 12
    hundreds = 0
    if len(words) >= 2 and words[1] == "hundred" and (words[0] == "a" or words[0] in _EN_UNITS):
        hundreds, words = 100 * _EN_UNITS.get(words[0], 1), words[2:]
        if words[:1] == ["and"]:
            words = words[1:]
            if not words:
                return None
    elif words[:1] == ["hundred"]:
        hundreds, words = 100, words[1:]
    if not words:
        return hundreds or None
    if len(words) == 1:
        below = _EN_UNITS.get(words[0]) or _EN_TEENS.get(words[0]) or _EN_TENS.get(words[0])
    elif len(words) == 2 and words[0] in _EN_TENS and words[1] in _EN_UNITS:
        below = _EN_TENS[words[0]] + _EN_UNITS[words[1]]
    else:
        return None
    return None if below is None else hundreds + below


def _russian_integer(words: list[str]) -> int | None:
    # Hundreds, then either a teen or tens and units, each at most once and in that order.
    total, rest = 0, words
    if rest[:1] and rest[0] in _RU_HUNDREDS:
        total, rest = total + _RU_HUNDREDS[rest[0]], rest[1:]
    if rest[:1] and rest[0] in _RU_TEENS:
        total, rest = total + _RU_TEENS[rest[0]], rest[1:]
    else:
        if rest[:1] and rest[0] in _RU_TENS:
            total, rest = total + _RU_TENS[rest[0]], rest[1:]
        if rest[:1] and rest[0] in _RU_UNITS:
            total, rest = total + _RU_UNITS[rest[0]], rest[1:]
    return total if total and not rest else None


def _plain_pattern(decimal_mark: str, group_marks: str) -> re.Pattern[str]:
    # A sign, then digits either ungrouped or grouped in threes after a first group of one
    # to three, then the decimal mark and at least one digit. ASCII digits only: [0-9], not
    # \d, which takes Arabic-Indic or fullwidth digits for digits. Every repeat is led by a
    # fixed character, so matching is linear in the text.
    group = f"[{re.escape(group_marks)}]"
    whole = f"[0-9]+|[0-9]{{1,3}}(?:{group}[0-9]{{3}})+"
    return re.compile(f"([{_MINUS}]?)({whole})(?:{re.escape(decimal_mark)}([0-9]+))?")


# Both languages group with spaces (ordinary, no-break or thin); English also with commas.
_PLAIN_EN = _plain_pattern(".", "," + _GROUP_SPACES)
_PLAIN_RU = _plain_pattern(",", _GROUP_SPACES)
_UNGROUP = str.maketrans("", "", "," + _GROUP_SPACES)
# The steps of up to 20 decimals, built once: a step is one digit in the last place written.
_STEPS = tuple(Decimal(1).scaleb(-k) for k in range(21))
_EXPECTED_DIGITS = {
    "en": "digits grouped in threes by ',' or a space, with '.' before decimals, e.g. '1,234.5'",
    "ru": "digits grouped in threes by a space, with ',' before decimals, e.g. '1 234,5'",
}


def _plain(m: re.Match[str], raw: str) -> tuple[Decimal, Decimal]:
    """The value and step of a match of ``_PLAIN_EN`` or ``_PLAIN_RU``."""
    sign, whole, frac = m.groups()
    if not whole.isdigit():
        whole = whole.translate(_UNGROUP)
    if frac is None:
        _check_digits(len(whole), raw)
        return Decimal(whole if not sign else "-" + whole), _ONE
    _check_digits(len(whole) + len(frac), raw)
    value = Decimal(("-" if sign else "") + whole + "." + frac)
    return value, _STEPS[len(frac)] if len(frac) < len(_STEPS) else _ONE.scaleb(-len(frac))


def _check_digits(n: int, raw: str) -> None:
    if n > MAX_DIGITS:
        raise ReadingError("number", _clip(raw), f"a number of at most {MAX_DIGITS} digits, not {n}")


def _clip(text: str) -> str:
    """The text as an error shows it: whole up to 60 characters, else its first 40 and "…"."""
    return text if len(text) <= 60 else text[:40] + "…"


def _read_digits(digits: str, lang: Language, original: str) -> tuple[Decimal, Decimal]:
    if m := (_PLAIN_EN if lang == "en" else _PLAIN_RU).fullmatch(digits.strip()):
        return _plain(m, original.strip())
    # "٣" or "３" land here too: str.isdigit, int and Decimal take them for digits, the
    # pattern (ASCII 0-9) does not.
    raise ReadingError("number", original, _EXPECTED_DIGITS[lang])


def format_number(value: Decimal, lang: Language = "en", *, group: bool = True) -> str:
    """Write ``value`` in the conventions of ``lang``, keeping its trailing zeros.

    The inverse of :func:`read_number` for plain digits.

    >>> format_number(Decimal("1234.50"), "ru") == "1\\u00a0234,50"
    True
    >>> format_number(Decimal("7000"), "en")
    '7,000'
    """
    if not value.is_finite():
        raise UsageError("value", value, "a finite Decimal, e.g. Decimal('584.3')")
    # copy_abs, not abs(): abs() rounds to the context's 28 digits.
    text = format(value.copy_abs(), "f")
    whole, _, frac = text.partition(".")
    if group and len(whole) > 3:
        sep = "," if lang == "en" else "\u00a0"
        head = len(whole) % 3 or 3
        whole = whole[:head] + "".join(sep + whole[i : i + 3] for i in range(head, len(whole), 3))
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
    try:
        with localcontext(_BOUNDS):
            lo, hi, lo_open, hi_open = _precision_bounds(number, rounding)
    except Inexact:
        raise _too_many_digits(number) from None
    return _interval(lo, hi, lo_open, hi_open, number.text)


#: The decimal precision every bound is computed in. The bounds are sums of the value,
#: half or all of its step, the value times a hedge's reach, their hundredths and 1;
#: Decimal's default 28 digits would cut a 29-digit number short. A number read by
#: :func:`read_number` (at most :data:`MAX_DIGITS` digits, shifted at most 12 places by
#: a scale word) times a reach down to the smallest float (``5e-324``, with 17 digits)
#: spans fewer than 800 places, and the cost of a sum is that of its digits, not of
#: the precision. A bound that would need more (a number built by hand, such as 1 with
#: a step of 1E-5000) is not rounded silently: ``Inexact`` is trapped, and refused.
_MAX_PRECISION = 4 * MAX_DIGITS + 400
_BOUNDS = Context(
    prec=_MAX_PRECISION,
    Emin=MIN_EMIN,
    Emax=MAX_EMAX,
    traps=[InvalidOperation, DivisionByZero, Overflow, Inexact],
)


def _exact(digits: int) -> Context:
    """A decimal context of ``digits`` significant digits (at least 28) and the widest exponents."""
    return Context(prec=max(digits, 28), Emin=MIN_EMIN, Emax=MAX_EMAX)


def _too_many_digits(number: WrittenNumber) -> ReadingError:
    expected = f"a number of at most {MAX_DIGITS} digits, whose bounds need at most {_MAX_PRECISION} digits"
    return ReadingError("number", _clip(number.text), expected)


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
    its base-period level. Bounds are computed exactly in decimal, in a
    precision taken from the number's digits (Decimal's default 28 digits would
    cut a longer number short), and rounded outward once, when they become
    floats; a finite bound beyond the float range is a :class:`ReadingError`.

    Examples
    --------
    >>> str(to_interval(read_number("311"), form="percent_increase"))
    '[4.105, 4.115]'
    >>> str(to_interval(read_number("6.4"), form="times_increase"))
    '[7.35, 7.45]'
    >>> to_interval(read_number("200"), hedge="more_than")
    Interval(200.0, inf, lo_open=True)

    A decrease maps the written bounds in reverse: the written lower bound gives
    the upper end, and the open ends swap. A percent decrease never goes below a
    ratio of 0, since a level cannot fall below zero.

    >>> str(to_interval(read_number("4.2"), form="percent_decrease"))
    '[0.9575, 0.9585]'
    >>> to_interval(read_number("10"), hedge="more_than", form="percent_decrease")
    Interval(0.0, 0.9, hi_open=True)
    >>> str(to_interval(read_number("2"), form="times_decrease"))
    '[0.4, 0.6666666667]'
    >>> str(to_interval(read_number("2.6 billion"), hedge="less_than", form="decrease"))
    '(-2.6, 0]'
    """
    expect("number", number, WrittenNumber, "a WrittenNumber, from read_number(text, lang)")
    if policy is not None:
        expect("policy", policy, HedgePolicy, "a HedgePolicy, or None for the default")
    policy = policy or HedgePolicy()
    try:
        with localcontext(_BOUNDS):
            lo, hi, lo_open, hi_open = _hedged(number.value, _precision_bounds(number, rounding), hedge, policy)
            lo, hi, lo_open, hi_open = _formed(form, number.text, lo, hi, lo_open, hi_open)
    except Inexact:
        raise _too_many_digits(number) from None
    return _interval(lo, hi, lo_open, hi_open, number.text)


def _formed(
    form: Form, text: str, lo: Decimal, hi: Decimal, lo_open: bool, hi_open: bool
) -> tuple[Decimal, Decimal, bool, bool]:
    """The bounds of ``form`` from the written bounds (in a context that keeps them exact)."""
    match form:
        case "level" | "change" | "times":
            pass
        case "percent_increase":
            lo, hi = 1 + lo / 100, 1 + hi / 100
        case "percent_of_base":
            lo, hi = lo / 100, hi / 100
        case "times_increase":
            lo, hi = 1 + lo, 1 + hi
        case "percent_decrease" | "times_decrease" | "decrease":
            return _decreased(form, text, lo, hi, lo_open, hi_open)
        case _:
            raise ReadingError("form", str(form), "one of " + ", ".join(FORMS))
    return lo, hi, lo_open, hi_open


def _decreased(
    form: Form, text: str, lo: Decimal, hi: Decimal, lo_open: bool, hi_open: bool
) -> tuple[Decimal, Decimal, bool, bool]:
    """The bounds of a decrease form from the written bounds: a decreasing map, so the ends swap."""
    inf = Decimal("Infinity")
    if form == "decrease":
        # 0 - x rather than -x: no negative zero ("less than 2.6 billion" down is (-2.6, 0], not -0).
        return 0 - hi, 0 - lo, hi_open, lo_open
    if form == "percent_decrease":
        new_lo, new_hi = 1 - hi / 100, 1 - lo / 100
        if new_hi < 0 or (new_hi == 0 and lo_open):
            raise ReadingError("percent decrease", text, "a fall of at most 100 %: a level does not fall below zero")
        # A level cannot fall below zero: the ratio stops at 0, which a fall of 100 % reaches.
        return (Decimal(0), new_hi, False, lo_open) if new_lo < 0 else (new_lo, new_hi, hi_open, lo_open)
    if lo < 0 or hi <= 0:
        raise ReadingError("times decrease", text, "a positive number of times")
    if lo == 0 and hi > 1:
        # "Fell less than 4 times" (written as [0, 4)) is still a fall: fewer than once is no
        # fall, so the ratio stops at 1 (no change) rather than running off to infinity.
        lo, lo_open = Decimal(1), False
    # Reciprocals are inexact in decimal: round each bound outward before it becomes a float,
    # at 34 digits (twice a float's), whatever the digits of the bound.
    with localcontext() as ctx:
        ctx.prec, ctx.traps[Inexact] = 34, False
        ctx.rounding = ROUND_FLOOR
        new_lo = Decimal(0) if hi == inf else 1 / hi
        ctx.rounding = ROUND_CEILING
        new_hi = inf if lo == 0 else 1 / lo
    return new_lo, new_hi, hi_open, lo_open


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
            reach = v.copy_abs() * Decimal(str(policy.about))
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


def _interval(lo: Decimal, hi: Decimal, lo_open: bool, hi_open: bool, text: str) -> Interval:
    low, high = _float_down(lo), _float_up(hi)
    if (math.isinf(low) and lo.is_finite()) or (math.isinf(high) and hi.is_finite()):
        # A finite bound beyond the largest float: as a float it would claim no number at all.
        expected = f"a number whose bounds lie within the range of a float (at most about {sys.float_info.max:.3g})"
        raise ReadingError("number", _clip(text), expected)
    return Interval(low, high, lo_open, hi_open)


def _float_down(d: Decimal) -> float:
    f = float(d)
    return math.nextafter(f, -math.inf) if not math.isinf(f) and Decimal(f) > d else f


def _float_up(d: Decimal) -> float:
    f = float(d)
    return math.nextafter(f, math.inf) if not math.isinf(f) and Decimal(f) < d else f

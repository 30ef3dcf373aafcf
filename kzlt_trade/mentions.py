"""Find the figures in the text of an English or Russian press release.

:func:`extract` scans a text once and returns every figure it recognises as a
:class:`Mention`: where it stands (``start``, ``end``, Python ``str`` offsets),
its surface words (scale and currency included), what kind of figure it is, its
value with the scale applied, its unit, currency and hedge, the interval its
written precision and hedge allow (:func:`kzlt_trade.reading.to_interval`), the
direction of a change, and the forms it may be read in.

Numbers are read by :func:`kzlt_trade.reading.read_number` in the conventions of
the text's language ("584,3" is 584.3 in Russian, "7,000" is 7000 in English).
What is not a figure is left out: years, dates, times of day, durations and
ages, ordinals of events ("the 10th round", "77-й сессии"), phone numbers,
identifiers glued to letters, and page furniture (lines of dates and view
counters, copyright lines). An ordinal or superlative that ranks a partner
("the thirtieth largest trade partner", "входит в десятку") is a rank.

The scan is linear in the length of the text: one precompiled pattern finds the
candidates, and every look around a candidate is bounded to a few dozen
characters. Any string is accepted; only a non-string raises (``TypeError``).

>>> [m.text for m in extract("Trade rose by 28.7% to USD 454 million in 2022.")]
['28.7%', 'USD 454 million']
>>> m = extract("объем торговли составил 584,3 млн долл.")[0]
>>> m.value, m.unit, m.currency, (m.low, m.high)
(Decimal('584300000'), 'million USD', 'USD', (584.25, 584.35))
"""

from __future__ import annotations

import bisect
import dataclasses
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, get_args

from kzlt_trade.errors import KzltTradeError, RecordError, UsageError, UsageTypeError
from kzlt_trade.reading import HEDGES, Form, Hedge, WrittenNumber, read_number, to_interval
from kzlt_trade.units import currency_code

__all__ = ["KINDS", "Direction", "Kind", "Mention", "detect_language", "extract"]

#: What a mention is a figure of.
#:
#: ``money``              an amount of a currency: "USD 454 million", "584,3 млн долл.".
#: ``percent``            a percentage that is neither a change nor a share: "a rate of 5%".
#: ``percent_change``     a change written in percent: "increased by 62.5%", "сократился на 11%".
#: ``percentage_points``  a change of a percentage: "2.5 percentage points", "на 3 п. п.".
#: ``ratio``              a factor: "6.4 times", "в 2 раза", "doubled", "вдвое".
#: ``count``              a number of things: "190 companies", "21 из 34", "Dozens of".
#: ``rank``               a place: "4th in Europe", "the largest partner", "входит в десятку".
#: ``share``              a part of a whole, in percent: "13% импорта нефти".
#: ``quantity``           a physical amount: "1.2 million tonnes".
Kind = Literal["money", "percent", "percent_change", "percentage_points", "ratio", "count", "rank", "share", "quantity"]
KINDS: tuple[Kind, ...] = get_args(Kind)

#: The direction of a change: "grew", "вырос" (``increase``); "fell", "сократился" (``decrease``).
Direction = Literal["increase", "decrease"]
_DIRECTIONS: tuple[Direction, ...] = get_args(Direction)
_FORMS: tuple[Form, ...] = get_args(Form)
_Lang = Literal["en", "ru"]


@dataclass(frozen=True)
class Mention:
    """One figure found in a text, with the words it was written in.

    Examples
    --------
    >>> m = extract("In 2022, the trade turnover grew by 6.4 times.")[0]
    >>> m.text, m.kind, m.value, m.direction, m.readings
    ('6.4 times', 'ratio', Decimal('6.4'), 'increase', ('times', 'times_increase'))
    """

    #: Offset of the first character of the surface in the text.
    start: int
    #: Offset just past the surface.
    end: int
    #: The surface, exactly as in the text: digits or words, scale and currency words.
    text: str
    #: What the figure is (see :data:`Kind`).
    kind: Kind
    #: The value with the scale word applied, in units of the currency or thing: "584,3 млн" is 584300000.
    value: Decimal
    #: A pint unit string the library accepts: "million USD", "percent", "times", "place", "company".
    unit: str
    #: The ISO 4217 code of a money figure; ``None`` otherwise.
    currency: str | None
    #: What the words before the figure say about it (one of :data:`kzlt_trade.reading.HEDGES`).
    hedge: Hedge
    #: Lower end of the interval the written precision and hedge allow, in ``unit``; ``None`` if unbounded.
    low: float | None
    #: Upper end of that interval, in ``unit``; ``None`` if unbounded.
    high: float | None
    #: ``increase`` or ``decrease`` for a change ("grew by", "сократился на"); ``None`` for a level.
    direction: Direction | None
    #: The forms (:data:`kzlt_trade.reading.Form`) the figure may be read in, the likeliest first.
    readings: tuple[Form, ...]

    def __post_init__(self) -> None:
        # Every problem at once, in one error (STYLE: lazy validation).
        problems: list[tuple[str, object, str]] = []
        if not 0 <= self.start <= self.end or len(self.text) != self.end - self.start:
            problems.append(("span", (self.start, self.end), f"0 <= start <= end, end - start == {len(self.text)}"))
        if self.kind not in KINDS:
            problems.append(("kind", self.kind, "one of " + ", ".join(KINDS)))
        if self.hedge not in HEDGES:
            problems.append(("hedge", self.hedge, "one of " + ", ".join(HEDGES)))
        if self.direction is not None and self.direction not in _DIRECTIONS:
            problems.append(("direction", self.direction, "'increase', 'decrease' or None"))
        if not self.readings or any(r not in _FORMS for r in self.readings):
            problems.append(("readings", self.readings, "a non-empty tuple of " + ", ".join(_FORMS)))
        for name in ("low", "high"):
            bound = getattr(self, name)
            if bound is not None and not math.isfinite(bound):
                problems.append((name, bound, "a finite float, or None for an unbounded end"))
        if problems:
            fields, values, expected = zip(*problems, strict=True)
            raise RecordError(
                f"mention {self.text[:40]!r}",
                ", ".join(fields),
                values[0] if len(values) == 1 else values,
                "; ".join(expected),
            )

    def to_dict(self) -> dict[str, Any]:
        """The mention as JSON-safe values: the value as a string, bounds as floats or ``None``.

        >>> extract("about 170 companies")[0].to_dict()["value"]
        '170'
        """
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "value": _plain(self.value),
            "unit": self.unit,
            "currency": self.currency,
            "hedge": self.hedge,
            "low": self.low,
            "high": self.high,
            "direction": self.direction,
            "readings": list(self.readings),
        }


def detect_language(text: str) -> _Lang:
    """``ru`` when at least a third of the letters are Cyrillic, else ``en``.

    >>> detect_language("Товарооборот вырос"), detect_language("Trade grew")
    ('ru', 'en')
    """
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    return "ru" if cyrillic and cyrillic * 2 >= latin else "en"


def extract(text: str, *, lang: _Lang | None = None) -> list[Mention]:
    """Every figure in ``text``, in order of position.

    Parameters
    ----------
    text
        Any string; the text of a release.
    lang
        ``"en"`` or ``"ru"``: how digits are grouped and which words are read. ``None``
        (the default) detects it from the share of Cyrillic letters (:func:`detect_language`).

    Raises
    ------
    kzlt_trade.errors.UsageTypeError
        (a ``TypeError``) when ``text`` is not a string; any string is read, and gives a
        possibly empty list.
    kzlt_trade.errors.UsageError
        (a ``ValueError``) when ``lang`` is not ``"en"``, ``"ru"`` or ``None``.

    Examples
    --------
    >>> [(m.text, m.kind, m.hedge) for m in extract("превысил 200 миллиардов долларов США, около 4 тысяч компаний")]
    [('200 миллиардов долларов США', 'money', 'more_than'), ('4 тысяч', 'count', 'about')]
    >>> extract("15 June 2022, 20:35. The 10th round was held in 2024.")
    []
    """
    if not isinstance(text, str):
        raise UsageTypeError("text", text, "a str, the text of a release")
    if lang is None:
        lang = detect_language(text)
    elif lang not in ("en", "ru"):
        raise UsageError("lang", lang, "'en', 'ru' or None (detect from the text)")
    return _Scan(text, lang).run()


# --- patterns -----------------------------------------------------------------------------------

_CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
_LATIN = re.compile(r"[a-zA-Z]")

_EN_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|a\\s+hundred|"
    "a\\s+dozen|dozen|half|a\\s+half"
)
_EN_SINGLE = (
    "a\\s+thousand|a\\s+million|a\\s+billion|a\\s+trillion|dozens|twofold|threefold|fourfold|fivefold|sixfold|sevenfold|eightfold|ninefold|tenfold|"
    "double|doubled|twice|halved|triple|tripled|thrice|quadruple|quadrupled|"
    "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|twentieth|thirtieth|largest|biggest"
)
_RU_WORDS = (
    "один|одна|одно|одного|одной|два|две|двух|три|трех|трёх|четыре|четырех|четырёх|пять|пяти|шесть|шести|"
    "семь|семи|восемь|восьми|девять|девяти|десять|десяти|двадцать|двадцати|тридцать|тридцати|сорок|сорока|"
    "пятьдесят|пятидесяти|сто|ста|двести|триста|полтора|полторы|полутора|половина|половину"
)
_RU_SINGLE = (
    "вдвое|втрое|вчетверо|впятеро|вдесятеро|"
    "первой|первый|первая|первым|второй|вторым|третьим|третьей|крупнейшего|крупнейшим|крупнейший|"
    "восьмое|третье|второе|пятое|десятое|"
    "десятку|десятки|двадцатку|двадцатки|тройку|тройки|пятерку|пятёрку|пятерки"
)
_SCALE = (
    r"(?:thousands?|millions?|billions?|trillions?|mln|bln|bn|"
    r"тыс\.?|млн\.?|млрд\.?|трлн\.?|тысяч[а-яё]*|миллион[а-яё]*|миллиард[а-яё]*|триллион[а-яё]*)(?![\w])"
)
_EN_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_RU_DIGITS = r"\d{1,3}(?:[\u00a0\u202f\u2009 ]\d{3})+(?:,\d+)?|\d+(?:[,.]\d+)?"
_PREFIX = r"(?P<pre>US\$|\$|€|£|₸|₽|(?<![A-Za-z])(?:USD|EUR|KZT|RUB|GBP|CNY)(?![A-Za-z]))[\u00a0 ]?"


def _core(digits: str, words: str, single: str) -> re.Pattern[str]:
    # The digits may not continue a number, a decimal or an identifier ("v2.3", "-19", "/123").
    # Cardinal words chain ("twenty five", "one hundred"); ordinals, superlatives and factors stand alone.
    chain = rf"(?:{words})(?:[\s-]+(?:and\s+)?(?:{words}))*"
    return re.compile(
        rf"(?:{_PREFIX})?(?:(?P<digits>(?<![\d.,/_])(?<!(?<![\d\u00a0 ])-)(?:{digits}))"
        rf"|(?P<word>(?<![\w-])(?:{single}|{chain})(?![\w-])))",
        re.IGNORECASE,
    )


_CORE: dict[_Lang, re.Pattern[str]] = {
    "en": _core(_EN_DIGITS, _EN_WORDS, _EN_SINGLE),
    "ru": _core(_RU_DIGITS, _RU_WORDS, _RU_SINGLE),
}


def _scale_after(digits: str) -> re.Pattern[str]:
    # A scale word, then any further groups of a compound: "12 млрд 400 млн".
    return re.compile(rf"[\u00a0 ]?{_SCALE}(?:[\u00a0 ]+(?:{digits})[\u00a0 ]?{_SCALE})*", re.IGNORECASE)


_SCALE_AFTER: dict[_Lang, re.Pattern[str]] = {"en": _scale_after(_EN_DIGITS), "ru": _scale_after(_RU_DIGITS)}
_CURRENCY_AFTER = re.compile(
    r"[\u00a0 ]*(?:U\.?S\.?\s+dollars?|dollars?|USD|EUR|KZT|RUB|GBP|CNY|euros?|tenge|yuan|roubles?|rubles?|"
    r"евро|тенге|доллар(?:ов|а|ы|ам)?(?:\s+США)?|долл\.?(?:\s*США)?|рубл(?:ей|я|ь|и)|руб\.?|юаней|тг\.?|"
    r"₸|€|\$|₽)(?![\w])",
    re.IGNORECASE,
)
_POINTS = re.compile(
    r"[\u00a0 ]*(?:percentage\s+points?|p\.\s?p\.|pp(?![\w])|п\.\s?п\.|процентн[а-яё]+\s+пункт[а-яё]*)", re.IGNORECASE
)
_PERCENT = re.compile(r"(?:[\u00a0 ]*|\n)(?:%|per\s?cent(?![\w])|pct(?![\w])|процент[а-яё]*)", re.IGNORECASE)
_TIMES = re.compile(r"[\u00a0 ]*(?:times(?![\w])|-?fold(?![\w])|раза?(?![\w]))", re.IGNORECASE)
_RU_V = re.compile(r"(?<![\w])в[\u00a0 ]$", re.IGNORECASE)
_QUANTITY = re.compile(
    r"[\u00a0 ]*(?P<q>tonnes|tonne|tons|ton|тонн[а-яё]*|т\.|cubic\s+met(?:er|re)s|куб\.\s?м\.?|barrels|"
    r"баррел[а-яё]*)(?![\w])",
    re.IGNORECASE,
)
_QUANTITY_UNIT = (("т", "tonne"), ("тонн", "tonne"), ("ton", "tonne"), ("куб", "meter ** 3"), ("cubic", "meter ** 3"))
_BARREL = ("barrel", "баррел")

_MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|"
    r"январ[а-яё]*|феврал[а-яё]*|март[а-яё]*|апрел[а-яё]*|ма[йяе]|июн[а-яё]*|июл[а-яё]*|август[а-яё]*|"
    r"сентябр[а-яё]*|октябр[а-яё]*|ноябр[а-яё]*|декабр[а-яё]*)"
)
_MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?[\u00a0 ]+(?:of\s+)?{_MONTHS}(?![\w])", re.IGNORECASE)
_MONTH_BEFORE = re.compile(rf"(?<![\w]){_MONTHS}\.?[\u00a0 ]+$", re.IGNORECASE)
# Durations, ages and years written out: "30 years", "10-летию", "за 30 лет", "2022 году", "2022 г.".
_NOT_AFTER = re.compile(
    r"(?:[\u00a0 -]*(?:years?|yrs?|year-old|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centur(?:y|ies)|"
    r"лет(?:и[а-яё]*|н[а-яё]*)?|год[а-яё]*|г\.|гг\.|месяц[а-яё]*|недел[а-яё]*|дн(?:я|ей|и)|день|час[а-яё]*|"
    r"минут[а-яё]*|век[а-яё]*|летия|летию|летие)(?![\w]))|[:.\-/]\d|[.]\d",
    re.IGNORECASE,
)
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th|-?(?:й|я|е|го|ый|ий|ая|ое|ой|м|ом))(?![\w])", re.IGNORECASE)
_RANK_NEXT = re.compile(
    r"[\u00a0 ]+(?:in(?![\w])(?![\u00a0 ]+\d)|among|place|largest|biggest|leading|место|мест[а-яё]*|по[\u00a0 ]+)",
    re.IGNORECASE,
)
_PARTNER_AHEAD = re.compile(
    r"(?:partner(?!ship)|country|countr|exporter|importer|investor|supplier|economy|market|партн[её]р|стран|экспортер|"
    r"импортер|инвестор|поставщик|рынк|экономик)",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.;!?\n]")
_TOP_BEFORE = re.compile(
    r"(?:one\s+of\s+the|among\s+the|in\s+the\s+top|the\s+top|top|в\s+числе|входит\s+в|входят\s+в|в)[\u00a0 ]+$",
    re.IGNORECASE,
)
_ONE_OF_BEFORE = re.compile(r"(?:one\s+of\s+the|among\s+the|одн(?:им|ой|ого)\s+из)[\u00a0 ]+$", re.IGNORECASE)
_TOP_WORDS = ("десятк", "двадцатк", "тройк", "пятерк", "пятёрк")
_SUPERLATIVES = ("largest", "biggest", "крупнейш")
_NUMBERISH_BEFORE = re.compile(
    r"(?:\d|st|nd|rd|th|first|second|third|ten|twenty|thirty|forty|fifty|hundred)[\u00a0 ]+$", re.IGNORECASE
)
_OWN_ORDINALS: dict[str, int] = {
    "second": 2, "third": 3, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "второй": 2, "вторым": 2, "третьим": 3, "третьей": 3, "первым": 1,
    "десятки": 10, "двадцатки": 20,
    "второе": 2, "третье": 3, "пятое": 5, "восьмое": 8, "десятое": 10,
    "тройку": 3, "тройки": 3, "пятерку": 5, "пятёрку": 5, "пятерки": 5,
}  # fmt: skip
_MULTIPLIER_WORDS = frozenset(
    [
        *("twofold", "threefold", "fourfold", "fivefold", "sixfold", "sevenfold", "eightfold", "ninefold"),
        *("tenfold", "double", "doubled", "twice", "halved", "triple", "tripled", "thrice", "quadruple"),
        *("quadrupled", "вдвое", "втрое", "вчетверо", "впятеро", "вдесятеро"),
    ]
)
_HALVING = frozenset({"halved"})

# Hedges, tried in order at the end of the few words before a figure ("not less than" before "less than").
_NA = r"(?:[\u00a0 ]+на)?"
_HEDGE_WORDS: tuple[tuple[str, Hedge], ...] = (
    (r"not\s+less\s+than|no\s+less\s+than|at\s+least|не\s+менее|не\s+меньше|как\s+минимум", "at_least"),
    (r"not\s+more\s+than|no\s+more\s+than|at\s+most|up\s+to|не\s+более|не\s+больше", "at_most"),
    (r"less\s+than|fewer\s+than|under|below|менее|меньше", "less_than"),
    (
        r"более\s+чем(?:\s+на)?|больше\s+чем(?:\s+на)?|more\s+than|over|above|exceed(?:ed|s|ing)?|in\s+excess\s+of|upwards\s+of|свыше|более|больше|"
        r"превысил[а-яё]*|превышает|превышающ[а-яё]*",
        "more_than",
    ),
    (
        r"nearly|almost|close\s+to|approaching|approached|neared|nearing|practically|почти|практически|приблизил(?:ся|ась|ось|ись)\s+к|"
        r"приближается\s+к|около\s+почти",
        "approached",
    ),
    (
        r"about|around|approximately|roughly|some|an\s+estimated|estimated|circa|около|порядка|примерно|"
        r"приблизительно|почти\s+около|ориентировочно",
        "about",
    ),
    (r"dozens\s+of|десятки", "dozens"),
)
_HEDGE_BEFORE: tuple[tuple[re.Pattern[str], Hedge], ...] = tuple(
    # "практически на 35 процентов": a vague hedge may stand before "на"; "меньше на 32 %" is a fall, no hedge.
    (re.compile(rf"(?<![\w])(?:{p}){_NA if h in ('about', 'approached') else ''}[\u00a0 ]+$", re.IGNORECASE), h)
    for p, h in _HEDGE_WORDS
)
_BY = r"(?:[\u00a0 ]+(?:by|на|of|to)?)?"
_INCREASE_BEFORE = re.compile(
    r"(?<![\w])(?:increased|increase|increases|increasing|grew|grows|growing|growth|rose|rises|rising|risen|up|"
    r"jumped|surged|gained|expanded|рост[а-яё]*|прирост[а-яё]*|вырос[а-яё]*|увеличил[а-яё]*|увеличени[а-яё]*|"
    r"возрос[а-яё]*|повысил[а-яё]*|больше|выше)"
    rf"{_BY}[\u00a0 ]*(?:[a-zа-яё]+[\u00a0 ]+){{0,2}}$",
    re.IGNORECASE,
)
_DECREASE_BEFORE = re.compile(
    r"(?<![\w])(?:decreased|decrease|decreases|decreasing|declined|decline|declines|fell|falls|fallen|fall|"
    r"dropped|drop|down|shrank|contracted|reduced|reduction|снизил[а-яё]*|снижени[а-яё]*|сократил[а-яё]*|"
    r"сокращени[а-яё]*|уменьшил[а-яё]*|уменьшени[а-яё]*|упал[а-яё]*|падени[а-яё]*|меньше|ниже)"
    rf"{_BY}[\u00a0 ]*(?:[a-zа-яё]+[\u00a0 ]+){{0,2}}$",
    re.IGNORECASE,
)
_INCREASE_AFTER = re.compile(
    r"[\u00a0 ]+(?:increase|growth|rise|higher|more|up|больше|выше|рост[а-яё]*)(?![\w])", re.IGNORECASE
)
_DECREASE_AFTER = re.compile(
    r"[\u00a0 ]+(?:decrease|decline|drop|fall|lower|less|down|меньше|ниже|снижени[а-яё]*)(?![\w])", re.IGNORECASE
)
_SHARE_BEFORE = re.compile(
    r"(?:share|accounted\s+for|accounts\s+for|account\s+for|dol[iy]|дол[яиюей]|обеспечива[а-яё]*|приходится|"
    r"занима[а-яё]*)[^.;\n]{0,30}$",
    re.IGNORECASE,
)
_SHARE_AFTER = re.compile(
    r"[\u00a0 ]+(?:of(?![\w])|импорта|экспорта|потребност[а-яё]*|транзита|рынка|товарооборота|всего|общего|"
    r"мирового|европейского|доли)",
    re.IGNORECASE,
)
_LEVEL_IN_BRACKETS = re.compile(r"%[\u00a0 ]*\($")
_COUNT_NOUNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"[\u00a0 \-]*(?:[\w-]+[\u00a0 ]+){{0,2}}?(?:{p})", re.IGNORECASE), u)
    for p, u in (
        (r"compan|компани|firms|фирм|enterprises|предприяти|joint\s+ventures|совместных\s+предприят", "company"),
        (r"people|persons|person|человек|граждан|strong|diaspora|residents|workers|students|студент", "person"),
        (r"corridors?|коридор", "corridor"),
    )
)
_PHONE = re.compile(r"\+\d[\d\u00a0 ()\-]{6,20}\d|\(\d{3,5}\)[\u00a0 ]?\d[\d\- ]{4,12}\d")
# Dates with one separator twice ("04.12.2024", "2024-06-20"), times of day, spans of years ("2023-2025").
_DATE_LIKE = re.compile(
    r"\d{1,4}([./-])\d{1,2}\1\d{1,4}|\d{1,2}:\d{2}(?::\d{2})?|(?:19|20)\d\d[\-–—](?:19|20)?\d\d(?!\d)"
)
_FURNITURE_LINE = re.compile(r"[\d\s.,:;/|()\-–—]*")
_FURNITURE_WORDS = re.compile(
    r"©|\(c\)|copyright|all\s+rights\s+reserved|авторские\s+права|все\s+права|просмотр|views?(?![\w])|"
    r"прочитан|тел\.|phone|fax|факс",
    re.IGNORECASE,
)
_WINDOW = 60


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


class _Scan:
    """One pass over one text: the candidates of :data:`_CORE`, each judged by what is around it."""

    def __init__(self, text: str, lang: _Lang) -> None:
        self.text = text
        self.lang: _Lang = lang
        self.blocked = self._blocked_spans()
        self.block_starts = [s for s, _ in self.blocked]
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.furniture: dict[int, bool] = {}

    def run(self) -> list[Mention]:
        out: list[Mention] = []
        for match in _CORE[self.lang].finditer(self.text):
            try:
                mention = self._judge(match)
            except (KzltTradeError, ValueError, ArithmeticError, OverflowError):
                # A candidate that reads as no number is not a figure; the scan goes on.
                mention = None
            if mention is not None and (not out or mention.start >= out[-1].end):
                out.append(self._inherit_currency(mention, out[-1] if out else None))
        return out

    def _inherit_currency(self, mention: Mention, previous: Mention | None) -> Mention:
        """ "reached 5.7 billion US dollars, compared to 4.2 billion": the scale stands for the same money."""
        if (
            mention.kind != "count"
            or previous is None
            or previous.currency is None
            or mention.unit.split()[-1] != "item"
            or len(mention.unit.split()) != 2
            or mention.start - previous.end > 120
            or _SENTENCE_END.search(self.text, previous.end, mention.start)
        ):
            return mention
        unit = f"{mention.unit.split()[0]} {previous.currency}"
        return dataclasses.replace(mention, kind="money", unit=unit, currency=previous.currency)

    # --- context ---------------------------------------------------------------------------

    def _blocked_spans(self) -> list[tuple[int, int]]:
        spans = [m.span() for m in _PHONE.finditer(self.text)]
        spans += [m.span() for m in _DATE_LIKE.finditer(self.text)]
        spans.sort()
        return spans

    def _is_blocked(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.block_starts, end - 1) - 1
        # Spans may nest; the few before the candidate are enough (each is short).
        for j in range(i, max(-1, i - 3), -1):
            s, e = self.blocked[j]
            if s < end and start < e:
                return True
        return False

    def _is_furniture(self, pos: int) -> bool:
        i = bisect.bisect_right(self.line_starts, pos) - 1
        if i not in self.furniture:
            start = self.line_starts[i]
            end = self.line_starts[i + 1] - 1 if i + 1 < len(self.line_starts) else len(self.text)
            line = self.text[start:end]
            # A line of dates and counters only ("04.12.2024   217"); a lone number is a wrapped figure.
            bare = bool(_FURNITURE_LINE.fullmatch(line)) and len(line.split()) >= 2
            self.furniture[i] = bare or bool(_FURNITURE_WORDS.search(line))
        return self.furniture[i]

    def _before(self, pos: int, width: int = _WINDOW) -> str:
        return self.text[max(0, pos - width) : pos]

    def _ahead_in_sentence(self, pos: int, width: int = 48) -> str:
        window = self.text[pos : pos + width]
        stop = _SENTENCE_END.search(window)
        return window[: stop.start()] if stop else window

    # --- judging -----------------------------------------------------------------------------

    def _judge(self, match: re.Match[str], *, in_range: bool = False) -> Mention | None:
        text = self.text
        start, end = match.span()
        core_start = match.start("digits") if match.group("digits") is not None else match.start("word")
        core_end = match.end()
        pre = match.group("pre")
        if self._is_blocked(core_start, core_end) or self._is_furniture(core_start):
            return None
        is_word = match.group("word") is not None
        scale = _SCALE_AFTER[self.lang].match(text, core_end)
        num_end = scale.end() if scale else core_end
        number_text = text[core_start:num_end]
        if scale and not text[core_end].isspace():
            # "$38bn": the reader wants the scale word as a word of its own.
            number_text = f"{text[core_start:core_end]} {text[core_end:num_end]}"
        if is_word and number_text.lower() in _OWN_ORDINALS:
            number = WrittenNumber(number_text, Decimal(_OWN_ORDINALS[number_text.lower()]), Decimal(0), word=True)
        else:
            number = read_number(number_text, self.lang)
        currency: str | None = None
        end = num_end
        if pre:
            currency = currency_code(pre)
        else:
            start = core_start
            cur = _CURRENCY_AFTER.match(text, num_end)
            if cur:
                currency = currency_code(cur.group().strip())
                end = cur.end()
        before = self._before(start)
        hedge = self._hedge(before)
        if currency is not None:
            if pre and not scale and (rng := _RANGE.match(text, num_end)):
                # "$2.5–3 billion": the first end takes the scale written after the second.
                number = self._scaled_like(number, rng.end())
            unit = f"{number.scale} {currency}".strip()
            return self._make(start, end, "money", number, unit, currency, hedge, before)
        if pts := _POINTS.match(text, num_end):
            return self._make(start, pts.end(), "percentage_points", number, "percent", None, hedge, before)
        if pct := _PERCENT.match(text, num_end):
            return self._percent(start, pct.end(), number, hedge, before)
        key = number_text.lower()
        if (times := _TIMES.match(text, num_end)) or (is_word and key in _MULTIPLIER_WORDS):
            t_end = times.end() if times else num_end
            if self.lang == "ru" and times and (v := _RU_V.search(before[-3:])):
                start -= len(v.group())
                before = self._before(start)
            return self._ratio(start, t_end, number, hedge, before, key)
        if is_word or _ORDINAL_SUFFIX.match(text, num_end):
            return self._rank_or_count_word(start, num_end, number, hedge, before, key, is_word)
        return self._bare(start, num_end, number, hedge, before, in_range=in_range)

    def _hedge(self, before: str) -> Hedge:
        tail = _strip_range(before[-60:])[-40:]
        for pattern, hedge in _HEDGE_BEFORE:
            if pattern.search(tail):
                return hedge
        return "none"

    def _direction(self, before: str, end: int) -> Direction | None:
        tail = _strip_hedge(_strip_range(before))
        if _DECREASE_BEFORE.search(tail) or _DECREASE_AFTER.match(self.text, end):
            return "decrease"
        if _INCREASE_BEFORE.search(tail) or _INCREASE_AFTER.match(self.text, end):
            return "increase"
        return None

    def _percent(self, start: int, end: int, number: WrittenNumber, hedge: Hedge, before: str) -> Mention:
        direction = self._direction(before, end)
        if direction == "decrease":
            return self._make(
                start, end, "percent_change", number, "percent", None, hedge, before, "decrease", ("percent_decrease",)
            )
        if direction == "increase":
            readings: tuple[Form, ...] = ("percent_increase",)
            if number.value >= 100:
                # "increased by 311 %" may be a rise of 311 % or a level of 311 % of the base.
                readings = ("percent_increase", "percent_of_base")
            return self._make(start, end, "percent_change", number, "percent", None, hedge, before, direction, readings)
        share = _SHARE_BEFORE.search(before[-45:]) or _SHARE_AFTER.match(self.text, end)
        return self._make(start, end, "share" if share else "percent", number, "percent", None, hedge, before)

    def _ratio(self, start: int, end: int, number: WrittenNumber, hedge: Hedge, before: str, key: str) -> Mention:
        direction = self._direction(before, end)
        readings: tuple[Form, ...] = ("times",)
        if key in _HALVING or direction == "decrease":
            direction, readings = "decrease", ("times_decrease",)
        elif direction == "increase" and self.lang == "en" and key not in _MULTIPLIER_WORDS:
            # "grew by 6.4 times" may be a factor of 6.4 or a rise of 640 %.
            readings = ("times", "times_increase")
        return self._make(start, end, "ratio", number, "times", None, hedge, before, direction, readings)

    def _rank_or_count_word(
        self, start: int, end: int, number: WrittenNumber, hedge: Hedge, before: str, key: str, is_word: bool
    ) -> Mention | None:
        text = self.text
        ahead = self._ahead_in_sentence(end)
        if not is_word:
            # "4th in Europe", "10th in the world" rank; "the 10th round", "77-й сессии" do not.
            suffix = _ORDINAL_SUFFIX.match(text, end)
            assert suffix is not None
            s_end = suffix.end()
            number = WrittenNumber(text[start:s_end], number.value, Decimal(0), word=True)
            if _RANK_NEXT.match(text, s_end) or (
                _PARTNER_AHEAD.match(self._ahead_in_sentence(s_end, 30).lstrip()) is not None
            ):
                return self._make(start, s_end, "rank", number, "place", None, "none", before)
            return None
        if key in ("dozens", "dozen", "a dozen"):
            return self._count(start, end, number, "dozens" if key == "dozens" else hedge, before)
        if key.startswith(_TOP_WORDS):
            return self._make(start, end, "rank", number, "place", None, "among_top", before)
        if key.startswith(_SUPERLATIVES):
            if _NUMBERISH_BEFORE.search(before[-15:]) or _ONE_OF_BEFORE.search(before[-15:]):
                return None
            return (
                self._make(start, end, "rank", number, "place", None, "none", before)
                if _PARTNER_AHEAD.search(ahead)
                else None
            )
        if number.step == 0:
            # An ordinal word ranks when a partner or a place follows: "the thirtieth largest trade partner".
            if _PARTNER_AHEAD.search(ahead) or _RANK_NEXT.match(text, end):
                if _IN_A_YEAR.match(text, end) and not _PARTNER_AHEAD.search(ahead):
                    return None  # "one of the first in 2016 to ratify"
                return self._make(start, end, "rank", number, "place", None, "none", before)
            return None
        if _TOP_BEFORE.search(before[-20:]) and _PARTNER_AHEAD.search(ahead):
            # "one of the ten main trading partners", "among the twenty largest trading partners".
            return self._make(start, end, "rank", number, "place", None, "among_top", before)
        if number.scale or (key not in ("one", "half", "a half") and _COUNTABLE.match(text, end)):
            # "a thousand companies", "five large German companies", "nine documents were signed".
            return self._count(start, end, number, hedge, before)
        return None

    def _bare(
        self, start: int, end: int, number: WrittenNumber, hedge: Hedge, before: str, *, in_range: bool = False
    ) -> Mention | None:
        text = self.text
        digits = text[start:end]
        if text[start - 1 : start].isalpha() or (text[end : end + 1].isalpha() and not number.scale):
            return None  # glued to letters: an identifier, a model name
        rng = None if in_range else _RANGE.match(text, end)
        if rng and (first := self._range_first(start, end, number, hedge, rng.end())):
            return first
        if _ID_OR_AGE_BEFORE.search(before[-14:]):
            return None
        if _NOT_AFTER.match(text, end) or _MONTH_AFTER.match(text, end) or _MONTH_BEFORE.search(before[-12:]):
            return None
        plain = digits.replace(",", "").replace(".", "")
        if not number.scale and len(digits) == 4 and digits.isdigit() and 1800 <= int(digits) <= 2100:
            return None  # a year
        if not number.scale and plain.isdigit() and len(plain) >= 7 and "," not in digits and " " not in digits:
            return None  # an identifier or a phone number
        if q := _QUANTITY.match(text, end):
            word = q.group("q").lower()
            base = "barrel" if word.startswith(_BARREL) else next(u for p, u in _QUANTITY_UNIT if word.startswith(p))
            unit = f"{number.scale} {base}".strip()
            return self._make(start, q.end(), "quantity", number, unit, None, hedge, before)
        return self._count(start, end, number, hedge, before)

    def _scaled_like(self, number: WrittenNumber, second: int) -> WrittenNumber:
        """``number`` with the scale word written after the number that starts at ``second``."""
        match = _CORE[self.lang].match(self.text, second)
        if match is None or match.group("digits") is None:
            return number
        scale = _SCALE_AFTER[self.lang].match(self.text, match.end())
        if scale is None:
            return number
        other = read_number(f"{match.group('digits')} {scale.group().strip()}", self.lang)
        return dataclasses.replace(number, scale=other.scale, exponent=other.exponent)

    def _range_first(self, start: int, end: int, number: WrittenNumber, hedge: Hedge, second: int) -> Mention | None:
        """The first end of a range, "80-90 percent", "$2.5-3 billion": in the unit written after the second."""
        match = _CORE[self.lang].match(self.text, second)
        if match is None or match.group("digits") is None:
            return None
        try:
            other = self._judge(match, in_range=True)
        except (KzltTradeError, ValueError, ArithmeticError):
            return None
        if other is None or other.kind == "rank":
            return None
        words = other.unit.split()
        exponent = _EXPONENTS.get(words[0], 0) if words else 0
        scaled = dataclasses.replace(number, exponent=exponent, scale=words[0] if exponent else "")
        interval = to_interval(scaled, hedge=hedge)
        return Mention(
            start=start,
            end=end,
            text=self.text[start:end],
            kind=other.kind,
            value=Decimal(_plain(scaled.magnitude)),
            unit=other.unit,
            currency=other.currency,
            hedge=hedge,
            low=interval.lo if math.isfinite(interval.lo) else None,
            high=interval.hi if math.isfinite(interval.hi) else None,
            direction=other.direction,
            readings=other.readings,
        )

    def _count(self, start: int, end: int, number: WrittenNumber, hedge: Hedge, before: str) -> Mention:
        ahead = self.text[end : end + 40]
        thing = "item"
        for pattern, unit in _COUNT_NOUNS:
            if pattern.match(ahead):
                thing = unit
                break
        direction = self._direction(before, end) if _BY_BEFORE.search(before[-8:]) else None
        readings: tuple[Form, ...] = ("level",)
        if direction:
            readings = ("decrease",) if direction == "decrease" else ("change",)
        unit = f"{number.scale} {thing}".strip()
        return self._make(start, end, "count", number, unit, None, hedge, before, direction, readings)

    def _make(
        self,
        start: int,
        end: int,
        kind: Kind,
        number: WrittenNumber,
        unit: str,
        currency: str | None,
        hedge: Hedge,
        before: str,
        direction: Direction | None = None,
        readings: tuple[Form, ...] | None = None,
    ) -> Mention:
        forms: tuple[Form, ...] = ("level",) if readings is None else readings
        if readings is None and kind == "money":
            if _LEVEL_IN_BRACKETS.search(before[-4:]):
                # "increased by 62.5% (2.6 billion US dollars)": the level, or the size of the rise.
                forms = ("level", "change")
            elif _BY_BEFORE.search(_strip_hedge(before)[-8:]):
                direction = self._direction(before, end)
                if direction:
                    forms = ("decrease",) if direction == "decrease" else ("change",)
        interval = to_interval(number, hedge=hedge)
        low = interval.lo if math.isfinite(interval.lo) else None
        high = interval.hi if math.isfinite(interval.hi) else None
        value = number.magnitude
        return Mention(
            start=start,
            end=end,
            text=self.text[start:end],
            kind=kind,
            value=Decimal(_plain(value)),
            unit=unit,
            currency=currency,
            hedge=hedge,
            low=low,
            high=high,
            direction=direction,
            readings=forms,
        )


# "ID: 123456", "№ 45", "page 3", "aged 45", "в возрасте 45": a label or an age, not a figure.
_ID_OR_AGE_BEFORE = re.compile(
    r"(?<![\w])(?:id|no\.|nr\.|№|#|article|page|p\.|стр\.|статья|тел\.?|tel\.?|phone|aged?|at\s+the\s+age\s+of|"
    r"в\s+возрасте|возраст(?:ом)?)[\u00a0 ]*[:.]?[\u00a0 ]*$",
    re.IGNORECASE,
)
_EXPONENTS = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}
_RANGE = re.compile(r"[\u00a0 ]?[-–—][\u00a0 ]?(?=\d)")
_COUNTABLE = re.compile(
    r"[\u00a0 ]+(?:[\w-]+[\u00a0 ]+){0,2}?(?:compan(?:y|ies)|firms|enterprises|documents|agreements|projects|"
    r"contracts|memorand[a-z]*|joint\s+ventures|компани[а-яё]*|предприяти[а-яё]*|документ[а-яё]*|соглашени[а-яё]*|"
    r"проект[а-яё]*|контракт[а-яё]*|меморандум[а-яё]*)(?![\w])",
    re.IGNORECASE,
)
_IN_A_YEAR = re.compile(r"[\u00a0 ]+in[\u00a0 ]+\d")
_BY_BEFORE = re.compile(r"(?<![\w])(?:by|на)[\u00a0 ]+$", re.IGNORECASE)
_HEDGE_TAIL = re.compile(
    r"(?:not\s+less\s+than|less\s+than|more\s+than|over|nearly|almost|about|around|approximately|"
    r"не\s+менее|более|свыше|около|почти|менее|порядка|примерно)[\u00a0 ]+$",
    re.IGNORECASE,
)


_RANGE_TAIL = re.compile(r"\d[\d.,]*[\u00a0 ]?[-–—][\u00a0 ]?$")


def _strip_range(before: str) -> str:
    """The words before a range: "на 10-" is "на " for the "15%" of "на 10-15%"."""
    m = _RANGE_TAIL.search(before)
    return before[: m.start()] if m else before


def _strip_hedge(before: str) -> str:
    m = _HEDGE_TAIL.search(before)
    return before[: m.start()] if m else before

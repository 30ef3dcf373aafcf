"""Draft claims.csv rows from the figures :func:`kzlt_trade.mentions.extract` finds.

:func:`draft_claims` proposes, for every figure it can file, the fields of a claim:
partner, reporter, indicator, flow, scope, period and base period, each a :class:`Slot`
holding the proposed value and the words of the text that justified it. A draft is a
proposal for review: :meth:`ClaimDraft.missing` names what the text did not say, and
:meth:`ClaimDraft.row` builds a full claims.csv row once nothing is missing.

>>> d = draft_claims("In 2022, trade turnover between Kazakhstan and Germany amounted to 1.2 billion US dollars.")[0]
>>> d.slug, d.partner.value, d.indicator.value, d.period.value, d.text, d.unit
('turnover-2022', 'DE', 'turnover', '2022', '1.2', 'billion USD')
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from kzlt_trade.errors import KzltTradeError, UsageError
from kzlt_trade.io import CLAIM_COLUMNS
from kzlt_trade.mentions import Mention, detect_language, extract
from kzlt_trade.partners import code_of
from kzlt_trade.reading import read_number

__all__ = ["ClaimDraft", "Slot", "draft_claims"]

_Lang = Literal["en", "ru"]


@dataclass(frozen=True)
class Slot:
    """A proposed field value and the words of the text it was taken from."""

    #: The proposed field value, in the data file's vocabulary or grammar.
    value: str
    #: The words of the text that justified it ("" when it is a default).
    words: str = ""


_NEEDS_SCOPE = ("rank", "share", "count")


@dataclass(frozen=True)
class ClaimDraft:
    """A proposed claims.csv row for one figure of a text."""

    mention: Mention
    slug: str
    partner: Slot | None
    reporter: Slot
    indicator: Slot | None
    flow: Slot | None
    scope: Slot
    period: Slot | None
    base_period: Slot | None
    form: str
    alternatives: tuple[str, ...]
    text: str
    value: Decimal
    unit: str
    hedge: str
    quote: str
    start: int
    end: int

    def missing(self) -> tuple[str, ...]:
        """Names of the slots the text did not fill.

        ``partner``, ``indicator``, ``period``; ``base_period`` when the form is not a
        level; and ``scope`` for a rank, share or count, whose scope is never guessed.
        """
        out = [name for name in ("partner", "indicator", "period") if getattr(self, name) is None]
        if self.form != "level" and self.base_period is None:
            out.append("base_period")
        if self.indicator is not None and self.indicator.value in _NEEDS_SCOPE and not self.scope.value:
            out.append("scope")
        return tuple(out)

    def guessed(self) -> str:
        """One line saying what each slot was taken from, for the claim's note."""
        parts = []
        for name in ("partner", "reporter", "indicator", "period", "base_period"):
            slot: Slot | None = getattr(self, name)
            if slot is None:
                continue
            if name == "reporter" and not slot.words:
                continue
            label = name.replace("_", " ")
            if slot.words:
                parts.append(f"{label} {slot.value} from {slot.words!r}")
            else:
                parts.append(f"{label} {slot.value} by default")
        return "draft for review: " + "; ".join(parts)

    def row(self, source_id: str) -> dict[str, str]:
        """A full claims.csv row (the columns of :data:`kzlt_trade.io.CLAIM_COLUMNS`).

        Raises
        ------
        kzlt_trade.errors.UsageError
            When a slot is missing (:meth:`missing`), naming the missing slots.
        """
        missing = self.missing()
        if missing:
            raise UsageError(
                "draft " + self.slug, ", ".join(missing), "a draft whose partner, indicator, period are all filled"
            )
        assert self.partner is not None
        assert self.indicator is not None
        assert self.period is not None
        reporter = self.reporter.value
        row = {
            "id": f"{source_id}/{self.slug}",
            "source": source_id,
            "partner": self.partner.value,
            "indicator": self.indicator.value,
            "flow": self.flow.value if self.flow is not None else "",
            "scope": self.scope.value,
            "period": self.period.value,
            "base_period": self.base_period.value if self.base_period is not None else "",
            "form": self.form,
            "reading": "stated",
            "text": self.text,
            "value": format(self.value, "f"),
            "unit": self.unit,
            "hedge": self.hedge,
            "quote": self.quote,
            "start": str(self.start),
            "end": str(self.end),
            "part_of": "",
            "note": self.guessed(),
            "reporter": "" if reporter == "KZ" else reporter,
        }
        return {c: row[c] for c in CLAIM_COLUMNS}


# --- sentences and clauses ------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])[\u00a0 ]+(?=[\"«“(]?[A-ZА-ЯЁ0-9])|\n+")
_CLAUSE_BREAK = re.compile(r",[\u00a0 ]|;|:|\(|\)")


def _sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for s0, e0 in spans:
        piece = text[s0:e0]
        s = s0 + len(piece) - len(piece.lstrip())
        e = e0 - (len(piece) - len(piece.rstrip()))
        if s < e:
            out.append((s, e))
    return out


# --- partners ---------------------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-zА-ЯЁа-яё][\w'’-]*")
_NOT_PARTNER_WORDS = re.compile(
    r"(?:U\.?S\.?|US)[\u00a0 ]+dollars?|USD|доллар[а-яё]*[\u00a0 ]+США|долл\.?[\u00a0 ]*США", re.IGNORECASE
)


@functools.lru_cache(maxsize=4096)
def _code(name: str) -> str | None:
    try:
        return code_of(name)
    except (KzltTradeError, ValueError):
        return None


def _partners_in(text: str) -> list[tuple[str, str]]:
    """(code, words) for each partner named in ``text``, in order; Kazakhstan left out."""
    masked = _NOT_PARTNER_WORDS.sub(lambda m: " " * len(m.group()), text)
    words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(masked)]
    found: list[tuple[str, str]] = []
    i = 0
    while i < len(words):
        w, s, _ = words[i]
        if i + 1 < len(words) and w[0].isupper():
            w2, _, e2 = words[i + 1]
            pair = text[s:e2]
            code = _code(pair) if w2[0].isupper() or len(pair) < 40 else None
            if code is not None and _code(w) != code:
                if code != "KZ":
                    found.append((code, pair))
                i += 2
                continue
        if w[0].isupper() and len(w) >= 2:
            code = _code(w)
            if code is not None and code != "KZ":
                found.append((code, w))
        i += 1
    return found


def _pick_partner(found: list[tuple[str, str]]) -> tuple[str, str] | None:
    countries = [f for f in found if len(f[0]) == 2]
    if countries:
        return countries[0]
    return found[0] if found else None


# --- indicators -------------------------------------------------------------------------------------

_INDICATOR_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"trade\s+turnover|turnover|товарооборот[а-яё]*|объ[её]м[а-яё]*\s+(?:взаимной\s+)?торговл[а-яё]*"
                r"|торговл[а-яё]*|trade(?!\s+partner|\s+and\s+economic|\s+and\s+investment|\s+relations)", re.I),
     "turnover"),
    (re.compile(r"(?<![\w])exports?(?![\w])|(?<![\w])экспорт[а-яё]*", re.I), "exports"),
    (re.compile(r"(?<![\w])imports?(?![\w])|(?<![\w])импорт[а-яё]*", re.I), "imports"),
    (re.compile(r"investments?|инвестиц[а-яё]*", re.I), "fdi_inflow"),
)  # fmt: skip
_FLOWS = {
    "turnover": "both",
    "exports": "export",
    "imports": "import",
    "fdi_inflow": "inward",
    "companies": "inward",
    "diaspora": "inward",
    "rank": "both",
    "share": "none",
    "count": "none",
}
_MONEY_LIKE = ("money", "percent_change", "ratio", "percent", "percentage_points")


def _keywords(text: str, offset: int) -> list[tuple[int, str, str]]:
    hits: list[tuple[int, str, str]] = []
    for pattern, indicator in _INDICATOR_WORDS:
        for m in pattern.finditer(text):
            if not any(s <= m.start() + offset < e for s, e, _ in [(h[0], h[0] + len(h[2]), 0) for h in hits]):
                hits.append((m.start() + offset, indicator, m.group()))
    hits.sort()
    return hits


def _indicator(m: Mention, text: str, clause: tuple[int, int], sentence: tuple[int, int]) -> Slot | None:
    if m.kind == "rank":
        return Slot("rank", m.text)
    if m.kind == "share":
        return Slot("share", m.text)
    if m.kind == "count":
        thing = m.unit.split()[-1]
        if thing == "company":
            return Slot("companies", text[m.start : min(m.end + 30, sentence[1])].split(",", maxsplit=1)[0])
        if thing == "person":
            return Slot("diaspora", text[m.start : min(m.end + 30, sentence[1])].split(",", maxsplit=1)[0])
        return Slot("count", m.text)
    if m.kind not in _MONEY_LIKE:
        return None
    in_clause = _keywords(text[clause[0] : m.start], clause[0])
    if in_clause:
        at, ind, words = in_clause[-1]
    elif in_sentence := _keywords(text[sentence[0] : sentence[1]], sentence[0]):
        at, ind, words = in_sentence[0]
    else:
        return None
    # "exports to Kazakhstan" are the partner's exports: Kazakhstan's imports, and back.
    ahead = text[at : min(at + len(words) + 40, sentence[1])]
    if ind == "exports" and (d := _TO_KZ.search(ahead)):
        return Slot("imports", text[at : at + d.end()])
    if ind == "imports" and (d := _FROM_KZ.search(ahead)):
        return Slot("exports", text[at : at + d.end()])
    return Slot(ind, words)


_TO_KZ = re.compile(
    r"^\S+(?:\s+\S+){0,3}?\s+(?:to|into)\s+(?:the\s+Republic\s+of\s+)?Kazakhstan|^\S+\s+в\s+Казахстан", re.I
)
_FROM_KZ = re.compile(
    r"^\S+(?:\s+\S+){0,3}?\s+from\s+(?:the\s+Republic\s+of\s+)?Kazakhstan|^\S+\s+из\s+Казахстана", re.I
)


# --- periods ----------------------------------------------------------------------------------------

_MONTH_STEMS = (
    ("jan", "янв"),
    ("feb", "фев"),
    ("mar", "мар"),
    ("apr", "апр"),
    ("may", "ма"),
    ("jun", "июн"),
    ("jul", "июл"),
    ("aug", "авг"),
    ("sep", "сен"),
    ("oct", "окт"),
    ("nov", "ноя"),
    ("dec", "дек"),
)
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"январ[а-яё]*|феврал[а-яё]*|март[а-яё]*|апрел[а-яё]*|ма[йяе]|июн[а-яё]*|июл[а-яё]*|август[а-яё]*|"
    r"сентябр[а-яё]*|октябр[а-яё]*|ноябр[а-яё]*|декабр[а-яё]*)"
)
_YEAR = r"((?:19|20)\d\d)"
_RU_YEAR_WORD = r"(?:[\u00a0 ]*(?:года|году|год|г\.))?"
_COMPARE = r"(?:(?:as\s+)?compared\s+(?:to|with)|in\s+comparison\s+with|against|по\s+сравнению\s+с|относительно)"
_NUM_WORDS = {"three": 3, "six": 6, "nine": 9, "шесть": 6, "девять": 9, "три": 3, "трех": 3, "шести": 6, "девяти": 9}

# Each pattern: (regex, kind). Kinds: "window" (from Y to M Y), "phrase" (relative time),
# "months" (Jan–Apr Y), "nmonths" (9 months of Y), "same" (same period [of] Y), "asof", "this", "year".
_TIME_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"(?:from|с)\s+{_YEAR}{_RU_YEAR_WORD}\s+(?:to|по|до)\s+(?:({_MONTH})\s+)?{_YEAR}{_RU_YEAR_WORD}",
                re.I), "window"),
    (re.compile(r"(?:over|for|in)\s+(?:the\s+)?(?:past|last)\s+\w+\s+(?:years|decades)|(?:over|more\s+than)\s+\w+\s+"
                r"(?:years|decades)|since\s+(?:(?:19|20)\d\d|independence)|с\s+(?:19|20)\d\d\s+(?:года|г\.)|"
                r"с\s+момента\s+(?:обретения\s+)?независимости|за\s+годы\s+независимости|"
                r"за\s+(?:последние\s+)?\w+\s+(?:лет|десятилети[а-яё]*)|(?:более|свыше)\s+\w+\s+лет", re.I), "phrase"),
    (re.compile(rf"(?:as\s+of|по\s+состоянию\s+на)\s+(?:({_MONTH})\s+(\d{{1,2}}),?\s+|(\d{{1,2}})\s+({_MONTH})\s+)"
                rf"{_YEAR}", re.I), "asof"),
    (re.compile(rf"({_MONTH})\s*[-–—]\s*({_MONTH})\s+(?:of\s+)?{_YEAR}", re.I), "months"),
    (re.compile(rf"(\d{{1,2}}|three|six|nine|шесть|девять|три|трех|шести|девяти)[\u00a0 -]+"
                rf"(?:months?|месяц[а-яё]*)\s+(?:of\s+)?{_YEAR}", re.I), "nmonths"),
    (re.compile(rf"(?:the\s+)?same\s+period(?:\s+(?:of|in))?(?:\s+(last\s+year|previous\s+year|{_YEAR}))?|"
                rf"аналогичн[а-яё]+\s+период[а-яё]*(?:\s+(прошлого\s+года|{_YEAR}){_RU_YEAR_WORD})?|"
                rf"тот\s+же\s+период(?:\s+(прошлого\s+года|{_YEAR}){_RU_YEAR_WORD})?", re.I), "same"),
    (re.compile(r"this\s+year|в\s+(?:этом|текущем|нынешнем)\s+году", re.I), "this"),
    (re.compile(rf"(?:(?<![\w])(?:in|for|during|of|по\s+итогам|в|за)\s+)?(?<![\d.,/-]){_YEAR}(?![\d.,/-]\d)"
                rf"{_RU_YEAR_WORD}", re.I), "year"),
)  # fmt: skip


@dataclass(frozen=True)
class _Time:
    start: int
    end: int
    words: str
    value: str | None  # a Period text, or None when not known ("same period" without a year)
    compare: bool  # follows "compared to"
    kind: str


def _month_no(word: str) -> int:
    w = word.lower()
    for i, (en, ru) in enumerate(_MONTH_STEMS, start=1):
        if w.startswith((en, ru)):
            return i
    raise ValueError(word)


def _span_text(year: int, first: int, last: int) -> str:
    if first == 1 and last == 12:
        return str(year)
    return f"{year}-{first:02d}..{year}-{last:02d}"


def _times(text: str, start: int, end: int, published: date | None) -> list[_Time]:
    sentence = text[start:end]
    taken: list[tuple[int, int]] = []
    out: list[_Time] = []
    for pattern, kind in _TIME_PATTERNS:
        for m in pattern.finditer(sentence):
            s, e = m.span()
            if s == e or any(s < te and ts < e for ts, te in taken):
                continue
            g = m.groups()
            value: str | None
            try:
                if kind == "window":
                    last = _month_no(g[1]) if g[1] else 12
                    value = f"{g[0]}-01..{g[2]}-{last:02d}"
                elif kind == "phrase":
                    value = m.group()
                elif kind == "asof":
                    month = _month_no(g[0] or g[3])
                    day = int(g[1] or g[2])
                    value = "@" + date(int(g[4]), month, day).isoformat()
                elif kind == "months":
                    value = _span_text(int(g[2]), _month_no(g[0]), _month_no(g[1]))
                elif kind == "nmonths":
                    n = int(g[0]) if g[0].isdigit() else _NUM_WORDS[g[0].lower()]
                    if not 1 <= n <= 12:
                        continue
                    value = _span_text(int(g[1]), 1, n)
                elif kind == "same":
                    year = next((x for x in g if x), None)
                    value = f"{year}-part" if year and year.isdigit() else None
                elif kind == "this":
                    if published is None:
                        continue
                    value = str(published.year)
                else:
                    value = g[0]
            except ValueError:
                continue
            before = sentence[max(0, s - 30) : s]
            said = re.search(_COMPARE + r"\s*$", before, re.I)
            words = m.group() if said is None else said.group() + m.group()
            taken.append((s, e))
            out.append(_Time(start + s, start + e, words, value, said is not None, kind))
    out.sort(key=lambda t: t.start)
    return out


def _previous(value: str) -> str | None:
    """The period a year before ``value``: "2022" -> "2021", "2022-part" -> "2021-part"."""
    if m := re.fullmatch(r"(\d{4})", value):
        return str(int(m.group(1)) - 1)
    if m := re.fullmatch(r"(\d{4})-part", value):
        return f"{int(m.group(1)) - 1}-part"
    if (m := re.fullmatch(r"(\d{4})-(\d\d)\.\.(\d{4})-(\d\d)", value)) and m.group(1) == m.group(3):
        y = int(m.group(1)) - 1
        return f"{y}-{m.group(2)}..{y}-{m.group(4)}"
    return None


def _next(value: str) -> str | None:
    if m := re.fullmatch(r"(\d{4})", value):
        return str(int(m.group(1)) + 1)
    if m := re.fullmatch(r"(\d{4})-part", value):
        return f"{int(m.group(1)) + 1}-part"
    if (m := re.fullmatch(r"(\d{4})-(\d\d)\.\.(\d{4})-(\d\d)", value)) and m.group(1) == m.group(3):
        y = int(m.group(1)) + 1
        return f"{y}-{m.group(2)}..{y}-{m.group(4)}"
    return None


def _year_of(value: str) -> int | None:
    m = re.match(r"@?(\d{4})", value)
    return int(m.group(1)) if m else None


def _implied(t: _Time) -> Slot | None:
    """The period a comparison implies for the figure it compares: the year after its base."""
    nxt = _next(t.value) if t.value is not None else None
    return Slot(nxt, t.words) if nxt else None


def _change_periods(m: Mention, before: list[_Time], after: list[_Time]) -> tuple[Slot | None, Slot | None]:
    comp = next((t for t in after if t.compare and t.start - m.end <= 60), None)
    comp = comp or next((t for t in reversed(before) if t.compare), None)
    explicit = next((t for t in reversed(before) if not t.compare and t.value), None)
    if explicit is None and comp is None:
        explicit = next((t for t in after if not t.compare and t.value), None)
    period = Slot(explicit.value, explicit.words) if explicit is not None and explicit.value else None
    base: Slot | None = None
    if comp is not None and comp.value is not None:
        base = Slot(comp.value, comp.words)
        base_year = _year_of(comp.value)
        year = _year_of(period.value) if period is not None else None
        if year is None or base_year is None or year <= base_year:
            period = _implied(comp)
    elif comp is not None:
        # "compared to the same period" without a year: the same months a year before.
        if period is not None and re.fullmatch(r"\d{4}", period.value):
            period = Slot(f"{period.value}-part", f"{period.words} ... {comp.words}")
        prev = _previous(period.value) if period is not None else None
        base = Slot(prev if prev else "same period", comp.words)
    if base is None and period is not None and (prev := _previous(period.value)) is not None:
        base = Slot(prev, "")
    return period, base


def _level_period(m: Mention, text: str, before: list[_Time], after: list[_Time]) -> Slot | None:
    nearest = before[-1] if before else None
    if nearest is not None and nearest.compare:
        gap = text[nearest.end : m.start]
        if "(" in gap and nearest.value and re.fullmatch(r"[\s(]*(?:USD|US\$|\$|€)?\s*", gap):
            return Slot(nearest.value, nearest.words)  # "compared to 2021 (USD 71.6 million)"
        return _implied(nearest)
    if nearest is not None and nearest.value is not None:
        return Slot(nearest.value, nearest.words)
    following = after[0] if after else None
    if following is not None:
        if following.compare:
            return _implied(following)
        if following.value is not None:
            return Slot(following.value, following.words)
    return None


def _periods(m: Mention, form: str, text: str, times: list[_Time]) -> tuple[Slot | None, Slot | None]:
    """(period, base_period) of a figure, from the phrases of time of its sentence."""
    before = [t for t in times if t.end <= m.start]
    after = [t for t in times if t.start >= m.end]
    if form != "level":
        return _change_periods(m, before, after)
    return _level_period(m, text, before, after), None


# --- reporter ---------------------------------------------------------------------------------------

_REPORTER = re.compile(
    r"(?:according\s+to|as\s+reported\s+by|по\s+данным)\s+(?:the\s+)?(?P<who>[^,.;]{2,80}?)"
    r"(?:'s)?\s+(?:statistic|статистик|национальн|департамент|бюро)",
    re.I,
)
_STATS_OF = re.compile(r"(?:statistics\s+of|статистики)\s+(?P<who>[A-ZА-ЯЁ][\w-]+(?:\s+[A-ZА-ЯЁ][\w-]+)?)")


def _reporter(sentence: str) -> Slot:
    for pattern in (_REPORTER, _STATS_OF):
        if m := pattern.search(sentence):
            found = _partners_in(m.group("who"))
            if found:
                return Slot(found[0][0], m.group())
    return Slot("KZ")


# --- numbers ----------------------------------------------------------------------------------------

_PREFIX = re.compile(r"^(?:US\$|\$|€|£|₸|₽|USD|EUR|KZT|RUB|GBP|CNY)[\u00a0 ]?")
_DIGITS = {
    "en": re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"),
    "ru": re.compile(r"\d{1,3}(?:[\u00a0\u202f\u2009 ]\d{3})+(?:,\d+)?|\d+(?:[,.]\d+)?"),
}
_SCALE_WORD = re.compile(
    r"[\u00a0 ]+(?:thousands?|millions?|billions?|trillions?|mln|bln|bn|тыс\.?|млн\.?|млрд\.?|трлн\.?|"
    r"тысяч[а-яё]*|миллион[а-яё]*|миллиард[а-яё]*|триллион[а-яё]*)(?![\w])",
    re.I,
)


def _number_text(m: Mention, lang: _Lang) -> str:
    """The number of a mention as written, without currency, unit or (when it can) scale words."""
    surface = _PREFIX.sub("", m.text)
    if m.kind == "ratio" and lang == "ru" and re.match(r"в[\u00a0 ]", surface):
        surface = surface[2:]
    if m.kind == "rank":
        return m.text
    if d := _DIGITS[lang].match(surface):
        return d.group()
    words = _SCALE_WORD.split(surface, maxsplit=1)[0]
    words = re.split(r"[\u00a0 ]*(?:%|times|-?fold|раза?|percent|процент)", words, maxsplit=1)[0].strip()
    try:
        read_number(words, lang)
        return words
    except (KzltTradeError, ValueError):
        return surface


# --- slugs ------------------------------------------------------------------------------------------


def _slug(indicator: Slot | None, form: str, period: Slot | None) -> str:
    parts = [indicator.value.replace("_", "-") if indicator else "figure"]
    if form != "level":
        parts.append("growth" if form.startswith(("percent", "times")) else "change")
    if period is not None:
        p = re.sub(r"[^a-z0-9]+", "-", period.value.lower()).strip("-")
        if p:
            parts.append(p)
    return "-".join(parts)


# --- the drafts -------------------------------------------------------------------------------------

_OUTWARD = re.compile(r"Kazakh(?:stani)?\s+compan|казахстанск[а-яё]*\s+компани", re.I)
_STOCKS = ("companies", "diaspora", "rank", "share", "count")
_FILED_KINDS = ("money", "percent_change", "ratio", "count", "rank", "share", "percentage_points")


def draft_claims(text: str, *, lang: str | None = None, published: date | None = None) -> list[ClaimDraft]:
    """A proposed claim for each figure of ``text`` that a claim can hold.

    Figures of kinds a claim cannot hold (physical quantities, plain percents) are left out.

    Parameters
    ----------
    text
        The text of a release.
    lang
        ``"en"``, ``"ru"`` or ``None`` (detected, :func:`kzlt_trade.mentions.detect_language`).
    published
        The release date; used only when the text says "this year" / "в этом году".

    Raises
    ------
    kzlt_trade.errors.UsageTypeError
        When ``text`` is not a string (from :func:`kzlt_trade.mentions.extract`).
    kzlt_trade.errors.UsageError
        When ``lang`` is not ``"en"``, ``"ru"`` or ``None``, or ``published`` not a date.
    """
    if lang is not None and lang not in ("en", "ru"):
        raise UsageError("lang", lang, "'en', 'ru' or None (detect from the text)")
    checked: _Lang | None = "en" if lang == "en" else "ru" if lang == "ru" else None
    mentions = extract(text, lang=checked)
    if published is not None and not isinstance(published, date):
        raise UsageError("published", published, "a datetime.date, the release date, or None")
    return _Drafter(text, checked or detect_language(text), published).run(mentions)


class _Drafter:
    def __init__(self, text: str, lang: _Lang, published: date | None) -> None:
        self.text = text
        self.lang: _Lang = lang
        self.published = published
        self.sentences = _sentences(text)
        self._partners: dict[int, tuple[str, str] | None] = {}
        self._times: dict[int, list[_Time]] = {}
        self._used: dict[str, int] = {}

    def partner_of(self, index: int) -> tuple[str, str] | None:
        if index not in self._partners:
            s, e = self.sentences[index]
            self._partners[index] = _pick_partner(_partners_in(self.text[s:e]))
        return self._partners[index]

    def partner(self, index: int) -> Slot | None:
        if (here := self.partner_of(index)) is not None:
            return Slot(here[0], here[1])
        for j in range(index - 1, -1, -1):
            if (p := self.partner_of(j)) is not None:
                return Slot(p[0], f"{p[1]} (an earlier sentence)")
        for j in range(index + 1, len(self.sentences)):
            if (p := self.partner_of(j)) is not None:
                return Slot(p[0], f"{p[1]} (the text's first partner)")
        return None

    def times(self, index: int) -> list[_Time]:
        if index not in self._times:
            s, e = self.sentences[index]
            self._times[index] = _times(self.text, s, e, self.published)
        return self._times[index]

    def slug(self, indicator: Slot | None, form: str, period: Slot | None) -> str:
        slug = _slug(indicator, form, period)
        n = self._used.get(slug, 0) + 1
        self._used[slug] = n
        return f"{slug}-{n}" if n > 1 else slug

    def run(self, mentions: list[Mention]) -> list[ClaimDraft]:
        drafts = []
        for m in mentions:
            if m.kind not in _FILED_KINDS:
                continue
            index = next((i for i, (s, e) in enumerate(self.sentences) if s <= m.start < e), None)
            if index is None:
                continue
            draft = self.draft(m, index)
            if draft is not None:
                drafts.append(draft)
        return drafts

    def stock_times(self, m: Mention, index: int, clause_start: int, end: int) -> list[_Time]:
        # A stock is not counted over a window: "since independence" belongs to a flow.
        # Nor does it take the year of another clause: only "as of" reaches across.
        brk = _CLAUSE_BREAK.search(self.text, m.end, end)
        clause_end = brk.start() if brk else end
        return [
            t
            for t in self.times(index)
            if t.kind == "asof" or (t.kind not in ("phrase", "window") and clause_start <= t.start < clause_end)
        ]

    def draft(self, m: Mention, index: int) -> ClaimDraft | None:
        text = self.text
        s, e = self.sentences[index]
        e = max(e, m.end)
        sentence = text[s:e]
        # The clause: from the last clause break before the figure to the sentence end.
        clause_start = s
        for b in _CLAUSE_BREAK.finditer(sentence, 0, m.start - s):
            clause_start = s + b.end()
        indicator = _indicator(m, text, (clause_start, e), (s, e))
        flow = Slot(_FLOWS[indicator.value]) if indicator is not None else None
        if indicator is not None and indicator.value == "companies" and _OUTWARD.search(indicator.words):
            flow = Slot("outward", indicator.words)
        form = m.readings[0]
        times = self.times(index)
        if indicator is not None and indicator.value in _STOCKS:
            times = self.stock_times(m, index, clause_start, e)
        period, base = _periods(m, form, text, times)
        number = _number_text(m, self.lang)
        try:
            value = read_number(number, self.lang).value
        except (KzltTradeError, ValueError):
            return None
        return ClaimDraft(
            mention=m,
            slug=self.slug(indicator, form, period),
            partner=self.partner(index),
            reporter=_reporter(sentence),
            indicator=indicator,
            flow=flow,
            scope=Slot(""),
            period=period,
            base_period=base,
            form=form,
            alternatives=tuple(m.readings[1:]),
            text=number,
            value=value,
            unit=m.unit,
            hedge=m.hedge,
            quote=sentence,
            start=s,
            end=e,
        )

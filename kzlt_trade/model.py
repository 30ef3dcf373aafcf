"""The records: sources, claims, readings, and the vocabularies they draw on.

Every record is a frozen dataclass that checks itself on creation, so a
:class:`Claim` that exists is a claim that makes sense: its indicator is known,
its unit measures what the indicator measures, its primary reading is first.
The rules are those of :mod:`kzlt_trade.rules` (where the vocabularies live too),
which the loader applies to every row; a record refuses a field with a
:class:`~kzlt_trade.errors.RecordError` naming the record, the field, the value and
what was expected. Checks that need the source text (quotes at their offsets,
hashes) live in :mod:`kzlt_trade.io`, which has the files.

``==`` on records is exact, field by field. Closeness is a separate, named
question: see :meth:`Claim.agrees_with`.

A claim keeps its fields in slots, without a ``__dict__``: a million claims are
a million objects of fixed size, each holding its fields and nothing else.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import FrozenInstanceError, dataclass, field, fields
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from kzlt_trade import partners, rules
from kzlt_trade.errors import ReadingError
from kzlt_trade.interval import Interval
from kzlt_trade.period import Period, Published
from kzlt_trade.reading import (
    MEASURE,
    Form,
    Hedge,
    HedgePolicy,
    Language,
    Measure,
    WrittenNumber,
    to_interval,
)
from kzlt_trade.rules import FLOWS, INDICATORS, MONEY, SCOPES, TRADE, Flow, IndicatorInfo, ScopeInfo
from kzlt_trade.units import factor
from kzlt_trade.vocabulary import Rounding, SourceKind

__all__ = [
    "FLOWS",
    "INDICATORS",
    "MONEY",
    "PARTNERS",
    "SCOPES",
    "TRADE",
    "Claim",
    "Flow",
    "IndicatorInfo",
    "Reading",
    "ScopeInfo",
    "Source",
    "reading_interval",
]

#: The partners of the bundled data, which the charts and the data package list, with
#: their labels (read-only). Any ISO 3166-1 country or aggregate may be a claim's partner:
#: see :func:`kzlt_trade.partners.is_partner` and :func:`kzlt_trade.partners.label`.
PARTNERS: Mapping[str, str] = MappingProxyType(
    {"LT": "Lithuania", "RO": "Romania", "EE": "Estonia", "EU": partners.AGGREGATES["EU"]}
)


@dataclass(frozen=True)
class Source:
    """One document, as stored under ``data/sources/``.

    Examples
    --------
    >>> from kzlt_trade import load
    >>> load().source("kazinform-2024-06-20").language
    'en'
    """

    #: Stable id, e.g. ``"mfa-2023-10-10"``.
    id: str
    #: The headline, in the document's language.
    title: str
    #: Who published it (and whom it cites).
    publisher: str
    #: ``"en"`` or ``"ru"``; decides how numbers in it are read.
    language: Language
    #: Date of publication.
    published: date
    #: How ``published`` was determined where the text does not plainly say it.
    published_basis: str
    #: Date of the event reported, when known.
    event_date: date | None
    #: File name under ``data/sources/``.
    file: str
    #: SHA-256 of the stored file, hex.
    sha256: str
    #: Web address, when known.
    url: str = ""
    #: Anything a reader should know about the document.
    note: str = ""
    #: Weight in reconciliation: which source wins a tie (higher is more trusted).
    weight: float = 1.0
    #: The last day the document may have come out, when its date is known only to a month
    #: or a year (``published`` is then the first); ``None`` when it is known to the day.
    published_latest: date | None = None
    #: ``"press"`` for a document quoted from its text, ``"official"`` for a statistical
    #: office's table (see :mod:`kzlt_trade.official_claims`).
    kind: SourceKind = "press"
    #: For an official source: the office's dataset, e.g. «Основные показатели внешней торговли».
    dataset: str = ""
    #: For an official source: its edition (the newest year a workbook covers, an extraction date).
    edition: str = ""

    @property
    def is_official(self) -> bool:
        """Whether the source is a statistical office's table rather than a press text."""
        return self.kind == "official"

    @property
    def publication(self) -> Published:
        """When the document came out: a day, or the days of the month or year it is known to."""
        return Published(self.published, self.published_latest or self.published)

    def __post_init__(self) -> None:
        rules.raise_first(
            self.id,
            rules.language(self.language)
            + rules.sha256(self.sha256)
            + rules.weight(self.weight)
            + rules.source_kind(self.kind),
        )


@dataclass(frozen=True)
class Reading:
    """One way of understanding a claim's number.

    Most claims have one reading. An ambiguous phrase keeps all of its
    readings, each named, and the checker reports which ones the other figures
    support. Readings may differ in form ("by 311 %" as +311 % or as 311 %),
    in period ("amounted to 294.4" as the same period of 2022 or as 2021), or
    in what the number is (a 2022 level, or the increase over 2021).
    """

    #: Short name, unique within the claim, e.g. ``"plus_percent"``.
    name: str
    #: How the number relates to the quantity.
    form: Form
    #: The period the quantity is for.
    period: Period
    #: For change and ratio forms: the period compared with.
    base_period: Period | None
    #: Why this reading is possible, in one sentence.
    rationale: str = ""
    #: The name of a link between readings of claims of one sentence (``""`` for none):
    #: the claims of a link are read alike, all under their linked readings or none, so
    #: choosing (or refuting) one chooses (or refutes) the others.
    link: str = ""

    def __post_init__(self) -> None:
        base = "" if self.base_period is None else str(self.base_period)
        issues = rules.reading_name(self.name) + rules.form(self.form)
        rules.raise_first(
            f"reading {self.name!r}", issues or rules.base_period(self.form, self.period, base, self.base_period)
        )

    @property
    def measure(self) -> Measure:
        """``level``, ``change`` (a difference) or ``ratio`` (a growth factor); see :data:`MEASURE`."""
        return MEASURE[self.form]


@dataclass(frozen=True, slots=True)
class Claim:
    """One reported figure, tied to the exact words it came from.

    Examples
    --------
    >>> from kzlt_trade import load
    >>> c = load().claim("mfa-2023-10-10/turnover-2022")
    >>> c.text, c.unit, str(c.interval())
    ('584,3', 'million USD', '[584.25, 584.35]')
    """

    #: Stable id, ``<source id>/<slug>``.
    id: str
    #: The id of the :class:`Source` it is quoted from.
    source: str
    #: ISO 3166-1 alpha-2 code of the partner, or an aggregate (``EU``, ``EU27``, ``EU28``);
    #: see :mod:`kzlt_trade.partners`.
    partner: str
    #: A key of :data:`INDICATORS`.
    indicator: str
    #: Direction from Kazakhstan's side.
    flow: Flow
    #: A key of :data:`SCOPES` (``""`` for bilateral figures).
    scope: str
    #: The number exactly as written, e.g. ``"584,3"``.
    text: str
    #: The value of the written digits, in :attr:`unit`.
    value: Decimal
    #: A pint unit string, e.g. ``"million USD"``.
    unit: str
    #: What the surrounding words say about the number.
    hedge: Hedge
    #: The source's words, exactly.
    quote: str
    #: Offset of the quote's first character in the source text (Python ``str`` index).
    start: int
    #: Offset one past the quote's last character.
    end: int
    #: Every reading; the first is the primary one.
    readings: tuple[Reading, ...]
    #: The id of a claim this one is a part of ("21 of 34"), if any.
    part_of: str = ""
    #: Anything a reader should know.
    note: str = ""
    #: The source's language, which decides how :attr:`text` is read.
    language: Language = "en"
    #: Whose statistics the figure is: ``"KZ"`` (Kazakhstan's, the default) or the partner's
    #: code for its own (a mirror figure; :attr:`flow` stays from Kazakhstan's side, see
    #: :func:`kzlt_trade.rules.reporter`).
    reporter: str = "KZ"
    #: The parsed :attr:`text`.
    number: WrittenNumber = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        issues = (
            rules.partner(self.partner)
            + rules.indicator(self.indicator, self.flow, self.scope)
            + rules.hedge(self.hedge)
            + rules.readings_given(self.id, len(self.readings))
            + rules.reading_names([r.name for r in self.readings])
            + rules.offsets(self.start, self.end, self.quote)
            + rules.reporter(self.reporter, self.partner)
        )
        rules.raise_first(self.id, issues)
        object.__setattr__(self, "reporter", rules.REPORTERS.get(self.reporter, self.reporter))
        number = rules.number(self.text, self.language)
        if isinstance(number, tuple):
            rules.raise_first(self.id, [number])
            raise AssertionError  # pragma: no cover (raise_first raised)
        form = self.primary.form
        rules.raise_first(
            self.id,
            rules.value_of_text(self.text, number, self.value)
            + rules.unit(self.unit, self.indicator, form)
            + rules.value_range(self.indicator, form, self.value),
        )
        object.__setattr__(self, "number", number)

    @classmethod
    def _checked(
        cls,
        *,
        id: str,
        source: str,
        partner: str,
        indicator: str,
        flow: Flow,
        scope: str,
        text: str,
        value: Decimal,
        unit: str,
        hedge: Hedge,
        quote: str,
        start: int,
        end: int,
        readings: tuple[Reading, ...],
        part_of: str,
        note: str,
        language: Language,
        number: WrittenNumber,
        reporter: str = "KZ",
    ) -> Claim:
        """A claim from fields that :mod:`kzlt_trade.rules` already accepted, without checking them again.

        For the loader, which runs every rule once per distinct value of a column
        rather than once per claim; ``number`` is :attr:`text` read in ``language``.
        """
        claim = object.__new__(cls)
        # Slot by slot (a claim has no ``__dict__``), through each slot's own descriptor, as
        # the fields a frozen dataclass refuses to set are set once: by __init__, or here.
        (
            set_id, set_source, set_partner, set_indicator, set_flow, set_scope, set_text, set_value, set_unit,
            set_hedge, set_quote, set_start, set_end, set_readings, set_part_of, set_note, set_language,
            set_reporter, set_number,
        ) = _CLAIM_SLOTS  # fmt: skip
        set_id(claim, id)
        set_source(claim, source)
        set_partner(claim, partner)
        set_indicator(claim, indicator)
        set_flow(claim, flow)
        set_scope(claim, scope)
        set_text(claim, text)
        set_value(claim, value)
        set_unit(claim, unit)
        set_hedge(claim, hedge)
        set_quote(claim, quote)
        set_start(claim, start)
        set_end(claim, end)
        set_readings(claim, readings)
        set_part_of(claim, part_of)
        set_note(claim, note)
        set_language(claim, language)
        set_reporter(claim, reporter)
        set_number(claim, number)
        return claim

    # -- derived ------------------------------------------------------------------
    @property
    def info(self) -> IndicatorInfo:
        """The indicator's vocabulary entry."""
        return INDICATORS[self.indicator]

    @property
    def primary(self) -> Reading:
        """The reading the words most plainly mean."""
        return self.readings[0]

    @property
    def period(self) -> Period:
        """The primary reading's period."""
        return self.primary.period

    @property
    def is_ambiguous(self) -> bool:
        """Whether the claim keeps more than one reading."""
        return len(self.readings) > 1

    def reading(self, name: str | None = None) -> Reading:
        """The reading called ``name`` (the primary one when ``None``)."""
        if name is None:
            return self.primary
        for r in self.readings:
            if r.name == name:
                return r
        raise ReadingError("reading", name, "one of " + ", ".join(r.name for r in self.readings))

    def interval(
        self,
        reading: str | None = None,
        *,
        rounding: Rounding = "nearest",
        policy: HedgePolicy | None = None,
    ) -> Interval:
        """The values this claim allows under one reading, in canonical units.

        Levels and changes of money are in million USD, counts in items, ranks
        in places, shares in percent; ratio forms give the dimensionless growth
        factor. Whole-number indicators are narrowed to the whole numbers inside.
        """
        r = self.reading(reading)
        return reading_interval(
            self.number, self.hedge, r.form, self.unit, self.indicator, rounding=rounding, policy=policy
        )

    def agrees_with(self, other: Claim, *, rounding: Rounding = "nearest") -> bool:
        """Whether the two primary intervals share a value (a named closeness test, not ``==``)."""
        return self.interval(rounding=rounding).overlaps(other.interval(rounding=rounding))

    def __str__(self) -> str:
        """One line for people (``repr`` stays the exact record).

        >>> from kzlt_trade import load
        >>> print(load().claim("mfa-2023-10-10/turnover-2022"))
        mfa-2023-10-10/turnover-2022: 584,3 million USD — KZ–LT turnover 2022
        """
        hedge = "" if self.hedge == "none" else f" ({self.hedge.replace('_', ' ')})"
        r = self.primary
        period = str(r.period) + (f" vs {r.base_period}" if r.base_period is not None else "")
        whose = f" ({self.reporter}'s statistics)" if self.reporter != "KZ" else ""
        more = f"; {len(self.readings)} readings" if self.is_ambiguous else ""
        return f"{self.id}: {self.text} {self.unit}{hedge} — KZ–{self.partner} {self.indicator} {period}{whose}{more}"

    def _repr_html_(self) -> str:
        from kzlt_trade.display import claim_html

        return claim_html(self)


def _refuse_set(self: Claim, name: str, value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_delete(self: Claim, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


# The frozen __setattr__ that dataclasses (Python 3.11) give a class with slots fails with a
# TypeError for a name that is not a field; a claim refuses every name alike, as a frozen
# record does.
Claim.__setattr__ = _refuse_set  # type: ignore[method-assign,assignment]
Claim.__delattr__ = _refuse_delete  # type: ignore[method-assign,assignment]

# The setter of each slot of a claim, in the order of its fields (Claim._checked).
_CLAIM_SLOTS = tuple(getattr(Claim, f.name).__set__ for f in fields(Claim))
assert [f.name for f in fields(Claim)] == [
    "id", "source", "partner", "indicator", "flow", "scope", "text", "value", "unit", "hedge", "quote", "start",
    "end", "readings", "part_of", "note", "language", "reporter", "number",
], "Claim._checked sets the slots in this order"  # fmt: skip


def reading_interval(
    number: WrittenNumber,
    hedge: Hedge,
    form: Form,
    unit: str,
    indicator: str,
    *,
    rounding: Rounding = "nearest",
    policy: HedgePolicy | None = None,
    scale: float | None = None,
) -> Interval:
    """The interval of :meth:`Claim.interval`, from the fields it depends on.

    ``scale`` is ``factor(unit, dimension)`` when the caller has it already (the
    tables compute it once per distinct unit); ``None`` computes it.
    """
    raw = to_interval(number, hedge=hedge, form=form, rounding=rounding, policy=policy)
    if MEASURE[form] == "ratio":
        return raw
    info = INDICATORS[indicator]
    k = factor(unit, info.dimension) if scale is None else scale
    out = raw if k == 1.0 else raw.scale(k)
    if info.integer and form == "level":
        out = _whole_numbers(out)
    return out


def _whole_numbers(interval: Interval) -> Interval:
    lo, hi = interval.lo, interval.hi
    if math.isfinite(lo):
        lo = math.floor(lo) + 1 if interval.lo_open and lo.is_integer() else math.ceil(lo)
    if math.isfinite(hi):
        hi = math.ceil(hi) - 1 if interval.hi_open and hi.is_integer() else math.floor(hi)
    if lo > hi:
        # No whole number inside: keep the real interval rather than invent one.
        return interval
    return Interval(float(lo), float(hi))

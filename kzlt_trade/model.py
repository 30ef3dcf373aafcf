"""The records: sources, claims, readings, and the vocabularies they draw on.

Every record is a frozen dataclass that checks itself on creation, so a
:class:`Claim` that exists is a claim that makes sense: its indicator is known,
its unit measures what the indicator measures, its primary reading is first.
Checks that need the source text (quotes at their offsets, hashes) live in
:mod:`kzlt_trade.io`, which has the files.

``==`` on records is exact, field by field. Closeness is a separate, named
question: see :meth:`Claim.agrees_with`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal, get_args

from kzlt_trade.errors import ReadingError
from kzlt_trade.interval import Interval
from kzlt_trade.period import Period
from kzlt_trade.reading import (
    Form,
    Hedge,
    HedgePolicy,
    Language,
    WrittenNumber,
    read_number,
    to_interval,
)
from kzlt_trade.units import Dimension, factor
from kzlt_trade.vocabulary import Rounding

__all__ = [
    "FLOWS",
    "INDICATORS",
    "PARTNERS",
    "SCOPES",
    "Claim",
    "Flow",
    "IndicatorInfo",
    "Reading",
    "ScopeInfo",
    "Source",
]

#: Direction of a figure, stated from Kazakhstan's side.
#:
#: ``export``   Kazakhstan's exports to the partner.
#: ``import``   Kazakhstan's imports from the partner.
#: ``both``     exports plus imports (turnover).
#: ``inward``   from the partner into Kazakhstan (investment, companies, diaspora).
#: ``outward``  from Kazakhstan into the partner.
#: ``none``     no direction (ranks, counts of corridors).
Flow = Literal["export", "import", "both", "inward", "outward", "none"]
FLOWS: tuple[Flow, ...] = get_args(Flow)

#: Partners the library knows: ISO 3166-1 alpha-2 codes, and ``EU`` for the Union.
PARTNERS: dict[str, str] = {"LT": "Lithuania", "RO": "Romania", "EE": "Estonia", "EU": "European Union"}

#: Members of the EU among :data:`PARTNERS`, for part-of-whole checks.
EU_MEMBERS: frozenset[str] = frozenset({"LT", "RO", "EE"})


@dataclass(frozen=True)
class IndicatorInfo:
    """What an indicator measures and how its claims may be written."""

    #: One line for the docs and error messages.
    description: str
    #: The dimension of its unit.
    dimension: Dimension
    #: The flows a claim of this indicator may state.
    flows: tuple[Flow, ...]
    #: Whether a claim must name a scope (what is ranked, shared or counted).
    needs_scope: bool = False
    #: Whether values are whole numbers (counts, ranks).
    integer: bool = False
    #: Whether values may be negative (none of ours may).
    signed: bool = False


#: The indicator vocabulary. Growth rates are not an indicator of their own: a
#: growth claim is a claim on the indicator that grew, in a ratio :data:`Form`.
INDICATORS: dict[str, IndicatorInfo] = {
    "turnover": IndicatorInfo("Exports plus imports of goods between Kazakhstan and the partner", "money", ("both",)),
    "exports": IndicatorInfo("Kazakhstan's exports of goods to the partner", "money", ("export",)),
    "imports": IndicatorInfo("Kazakhstan's imports of goods from the partner", "money", ("import",)),
    "fdi_inflow": IndicatorInfo(
        "Gross inflow of direct investment from the partner into Kazakhstan over a window", "money", ("inward",)
    ),
    "companies": IndicatorInfo(
        "Companies with the partner's capital in Kazakhstan (inward) or Kazakh companies in the partner (outward)",
        "item",
        ("inward", "outward"),
        integer=True,
    ),
    "diaspora": IndicatorInfo("People of the partner's origin living in Kazakhstan", "item", ("inward",), integer=True),
    "rank": IndicatorInfo(
        "Place in a ranking of trading or investment partners (1 = largest)",
        "place",
        ("none", "both", "inward"),
        needs_scope=True,
        integer=True,
    ),
    "share": IndicatorInfo(
        "Percentage of a whole named by the scope", "percent", ("export", "import", "none"), needs_scope=True
    ),
    "count": IndicatorInfo(
        "Number of things named by the scope (corridors, raw materials, areas of an agreement)",
        "item",
        ("none",),
        needs_scope=True,
        integer=True,
    ),
}


@dataclass(frozen=True)
class ScopeInfo:
    """What a rank, share or count is taken over."""

    #: One line for the docs.
    description: str
    #: A wider scope whose rank can be no better (no smaller) than this one's.
    parent: str | None = None
    #: How many members the ranking has, when known: a rank cannot exceed it.
    size: int | None = None


#: The scope vocabulary for ranks, shares and counts.
SCOPES: dict[str, ScopeInfo] = {
    "": ScopeInfo("Bilateral trade or investment figures (no scope)"),
    "kz_partners_world": ScopeInfo("Kazakhstan's trading partners worldwide"),
    "kz_partners_europe": ScopeInfo("Kazakhstan's trading partners in Europe", parent="kz_partners_world"),
    "kz_partners_eu": ScopeInfo("Kazakhstan's trading partners among EU members", parent="kz_partners_europe", size=27),
    "kz_partners_eastern_europe": ScopeInfo(
        "Kazakhstan's trading partners in Eastern Europe", parent="kz_partners_europe"
    ),
    "kz_investment_partners_world": ScopeInfo("Kazakhstan's investment partners worldwide"),
    "partner_partners_world": ScopeInfo("The partner's own trading partners worldwide (Kazakhstan's place in them)"),
    "epca_signing_order_central_asia": ScopeInfo(
        "Order in which Central Asian states signed and ratified the EU partnership agreement (EPCA)", size=5
    ),
    "eu_oil_imports": ScopeInfo("The EU's imports of crude oil"),
    "eu_uranium_needs": ScopeInfo("The EU's requirements of uranium"),
    "asia_europe_overland_transit": ScopeInfo("Overland transit between Asia and Europe"),
    "epca_areas_of_cooperation": ScopeInfo("Areas of cooperation the EU-Kazakhstan EPCA covers"),
    "eu_critical_raw_materials": ScopeInfo("Critical raw materials listed in EU legislation"),
    "eu_critical_raw_materials_kz_can_supply": ScopeInfo(
        "Critical raw materials of the EU list that Kazakhstan can supply"
    ),
    "international_transport_corridors_kz": ScopeInfo("International transport corridors passing through Kazakhstan"),
}


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

    def __post_init__(self) -> None:
        if self.language not in ("en", "ru"):
            raise ReadingError("language", str(self.language), "'en' or 'ru'")
        if len(self.sha256) != 64 or any(c not in "0123456789abcdef" for c in self.sha256):
            raise ReadingError("sha256", self.sha256, "64 lowercase hex digits")
        if not (math.isfinite(self.weight) and self.weight > 0):
            raise ReadingError("weight", str(self.weight), "a positive number")


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

    def __post_init__(self) -> None:
        needs_base = self.form != "level"
        if needs_base and self.base_period is None:
            raise ReadingError("reading", self.name, f"a base period for the {self.form!r} form")
        if not needs_base and self.base_period is not None:
            raise ReadingError("reading", self.name, "no base period for a level")

    @property
    def measure(self) -> Literal["level", "change", "ratio"]:
        """``level``, ``change`` (a difference) or ``ratio`` (a growth factor)."""
        if self.form == "level":
            return "level"
        if self.form == "change":
            return "change"
        return "ratio"


@dataclass(frozen=True)
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
    #: ISO 3166-1 alpha-2 code of the partner, or ``EU``.
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
    #: The parsed :attr:`text`.
    number: WrittenNumber = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.partner not in PARTNERS:
            raise ReadingError("partner", self.partner, "one of " + ", ".join(PARTNERS))
        info = INDICATORS.get(self.indicator)
        if info is None:
            raise ReadingError("indicator", self.indicator, "one of " + ", ".join(INDICATORS))
        if self.flow not in info.flows:
            raise ReadingError("flow", self.flow, f"for {self.indicator}: one of {', '.join(info.flows)}")
        if self.scope not in SCOPES:
            raise ReadingError("scope", self.scope, "one of " + ", ".join(repr(s) for s in SCOPES))
        if info.needs_scope != bool(self.scope):
            raise ReadingError("scope", self.scope, f"{'a' if info.needs_scope else 'no'} scope for {self.indicator}")
        if not self.readings:
            raise ReadingError("readings", self.id, "at least one reading")
        names = [r.name for r in self.readings]
        if len(set(names)) != len(names):
            raise ReadingError("readings", ", ".join(names), "reading names unique within a claim")
        if not 0 <= self.start < self.end or self.end - self.start != len(self.quote):
            expected = f"end - start == len(quote) == {len(self.quote)}"
            raise ReadingError("offsets", f"{self.start}..{self.end}", expected)
        number = read_number(self.text, self.language)
        if number.value != self.value:
            raise ReadingError("value", str(self.value), f"the value of the text {self.text!r}, {number.value}")
        object.__setattr__(self, "number", number)

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
        raw = to_interval(self.number, hedge=self.hedge, form=r.form, rounding=rounding, policy=policy)
        if r.measure == "ratio":
            return raw
        k = factor(self.unit, self.info.dimension)
        out = raw if k == 1.0 else raw.scale(k)
        if self.info.integer and r.measure == "level":
            out = _whole_numbers(out)
        return out

    def agrees_with(self, other: Claim, *, rounding: Rounding = "nearest") -> bool:
        """Whether the two primary intervals share a value (a named closeness test, not ``==``)."""
        return self.interval(rounding=rounding).overlaps(other.interval(rounding=rounding))

    def _repr_html_(self) -> str:
        from kzlt_trade.display import claim_html

        return claim_html(self)


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

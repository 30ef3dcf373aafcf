"""The field rules of the records, and the vocabularies they check against: one set, two users.

Each rule is a function of plain values that returns the list of what is wrong
with them, as :data:`Issue` triples (field, value, expected); an empty list means
the values are fine. Two callers share them:

* the loader (:mod:`kzlt_trade.io`) adds the file and the row and collects every
  issue of the folder into one :class:`~kzlt_trade.errors.DataFileError`; it runs
  each rule once per *distinct* value of the columns it reads, since periods,
  units, hedges and forms repeat over thousands of rows;
* the records' ``__post_init__`` (:mod:`kzlt_trade.model`) raise the first issue as
  a :class:`~kzlt_trade.errors.RecordError` (see :func:`raise_first`).

So a record that loads is a record that could be built by hand, and the other way
round, with the same words in both messages.

>>> partner("XX")[0][2]
'a partner code: an ISO 3166-1 alpha-2 country other than KZ, or EU, EU27, EU28, EAEU, CIS, CENTRAL_ASIA, EUROPE, WORLD'
>>> indicator("turnover", "export", "")
[('flow', 'export', 'for turnover, one of: both')]
>>> offsets(10, 12, "abc")
[('offsets', '10..12', 'end - start == len(quote) == 3, start >= 0')]
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, get_args

from kzlt_trade import partners
from kzlt_trade.errors import KzltTradeError, RecordError
from kzlt_trade.period import Period
from kzlt_trade.reading import FORMS, HEDGES, MEASURE, Language, WrittenNumber, read_number
from kzlt_trade.units import Dimension, check_unit
from kzlt_trade.vocabulary import SOURCE_KINDS

__all__ = [
    "FLOWS",
    "INDICATORS",
    "LANGUAGES",
    "REPORTERS",
    "MONEY",
    "SCOPES",
    "SCOPE_SLUG",
    "TRADE",
    "Flow",
    "IndicatorInfo",
    "Issue",
    "ScopeInfo",
    "CLAIM_SLUG",
    "PLAIN_DECIMAL",
    "base_period",
    "claim_id",
    "decimal",
    "form",
    "hedge",
    "indicator",
    "language",
    "non_ascii_digit",
    "number",
    "offsets",
    "partner",
    "raise_first",
    "reporter",
    "reading_name",
    "reading_names",
    "readings_given",
    "scope_label",
    "sha256",
    "unit",
    "value_of_text",
    "value_range",
    "weight",
]

#: One thing wrong: the field, its value as text, and what was expected instead.
Issue = tuple[str, str, str]

# -- vocabularies -----------------------------------------------------------------------

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

#: The languages a source may be written in; each decides how numbers are read.
LANGUAGES: tuple[Language, ...] = get_args(Language)


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
#: growth claim is a claim on the indicator that grew, in a ratio form.
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

#: The indicators of trade in goods, with their flows: turnover is exports plus imports.
TRADE: dict[str, Flow] = {"turnover": "both", "exports": "export", "imports": "import"}
#: The indicators measured in money.
MONEY: tuple[str, ...] = tuple(k for k, v in INDICATORS.items() if v.dimension == "money")


@dataclass(frozen=True)
class ScopeInfo:
    """What a rank, share or count is taken over."""

    #: One line for the docs.
    description: str
    #: A wider scope whose rank can be no better (no smaller) than this one's.
    parent: str | None = None
    #: How many members the ranking has, when known: a rank cannot exceed it.
    size: int | None = None


#: The scopes the library knows, with what it knows of them (a wider scope, a size). Any
#: other scope a claim names is accepted when it is a slug (:func:`scope`): the world's
#: rankings and the things counted are open, and only these scopes' parents and sizes are
#: semantics the checker uses (rank nesting, a rank within its field's size).
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

#: A scope named by a claim: lowercase ASCII letters, digits and ``_``, starting with a letter.
SCOPE_SLUG = re.compile(r"[a-z][a-z0-9_]{0,79}")
_SCOPE_EXPECTED = "a scope: a slug of lowercase letters, digits and '_', such as 'kz_partners_world', or empty"


def scope_label(slug: str) -> str:
    """The human label of a scope: the known description, or the slug in words.

    >>> scope_label("kz_partners_eu")
    "Kazakhstan's trading partners among EU members"
    >>> scope_label("joint_ventures_with_kz_capital")
    'joint ventures with kz capital'
    """
    info = SCOPES.get(slug)
    return info.description if info is not None else slug.replace("_", " ")


# -- rules ------------------------------------------------------------------------------
_PARTNER = "a partner code: an ISO 3166-1 alpha-2 country other than KZ, or " + ", ".join(partners.AGGREGATES)
_SHA256 = re.compile(r"[0-9a-f]{64}")


def partner(code: str) -> list[Issue]:
    """A partner is a country (ISO 3166-1 alpha-2, not Kazakhstan) or an aggregate (:mod:`kzlt_trade.partners`)."""
    return [] if partners.is_partner(code) else [("partner", code, _PARTNER)]


def indicator(name: str, flow: str, scope: str) -> list[Issue]:
    """The indicator is known, its flow is one it may state, and it has a scope exactly when it needs one."""
    out: list[Issue] = []
    info = INDICATORS.get(name)
    if info is None:
        out.append(("indicator", name, "an indicator: " + ", ".join(INDICATORS)))
    elif flow not in info.flows:
        out.append(("flow", flow, f"for {name}, one of: {', '.join(info.flows)}"))
    if scope and not SCOPE_SLUG.fullmatch(scope):
        out.append(("scope", scope, _SCOPE_EXPECTED))
    elif info is not None and info.needs_scope != bool(scope):
        need = "a scope (what is ranked, shared or counted)" if info.needs_scope else "an empty scope"
        out.append(("scope", scope, f"{need} for {name}"))
    return out


#: How a claim's ``reporter`` may be written for Kazakhstan's own statistics (the default).
REPORTERS = {"": "KZ", "KZ": "KZ"}


def reporter(value: str, partner_: str) -> list[Issue]:
    """Whose statistics a figure is: Kazakhstan's (``KZ``, or empty) or the partner's own (its code).

    A partner's own figure is a mirror of Kazakhstan's: "Lithuania's exports to
    Kazakhstan", as Lithuania counts them, are Kazakhstan's imports from Lithuania
    (``indicator`` imports, ``flow`` import, ``reporter`` LT): the same flow from the
    other side of the border, counted otherwise (CIF and FOB, dates, partner country).

    >>> reporter("LT", "LT"), reporter("", "LT")
    ([], [])
    >>> reporter("DE", "LT")[0][2]
    "'KZ' (Kazakhstan's statistics, the default) or the partner's code 'LT' (its own statistics)"
    """
    if value in REPORTERS or value == partner_:
        return []
    expected = f"'KZ' (Kazakhstan's statistics, the default) or the partner's code {partner_!r} (its own statistics)"
    return [("reporter", value, expected)]


def hedge(value: str) -> list[Issue]:
    """A hedge of :data:`kzlt_trade.reading.HEDGES`."""
    return [] if value in HEDGES else [("hedge", value, "a hedge: " + ", ".join(HEDGES))]


def form(value: str) -> list[Issue]:
    """A form of :data:`kzlt_trade.reading.FORMS`."""
    return [] if value in FORMS else [("form", value, "a form: " + ", ".join(FORMS))]


def reading_name(name: str) -> list[Issue]:
    """Every reading has a name."""
    return [] if name else [("reading", name, "a name for the reading, e.g. 'stated'")]


def base_period(form_: str, period: Period | None, base_text: str, base: Period | None) -> list[Issue]:
    """A change or ratio form compares with a base period that ends before the period starts; a level has none.

    ``base_text`` is the base period as written (``""`` for none); ``base`` is it read,
    or ``None`` when it is absent or could not be read.
    """
    out: list[Issue] = []
    if form_ in FORMS and (form_ != "level") != bool(base_text):
        need = "a base period" if form_ != "level" else "an empty base period"
        out.append(("base_period", base_text, f"{need} for the form {form_!r}"))
    if period is not None and base is not None and not base.end < period.start:
        out.append(("base_period", base_text, f"a base period that ends before {period} starts"))
    return out


def reading_names(names: Sequence[str]) -> list[Issue]:
    """The readings of a claim have different names."""
    if len(set(names)) != len(names):
        return [("reading", ", ".join(names), "reading names unique per claim")]
    return []


def readings_given(claim_id: str, n_readings: int) -> list[Issue]:
    """A claim has at least one reading, its primary one."""
    return [] if n_readings else [("readings", "", f"at least one reading for {claim_id}")]


def language(value: str) -> list[Issue]:
    """``en`` or ``ru``."""
    return [] if value in LANGUAGES else [("language", value, "'en' or 'ru'")]


def sha256(value: str) -> list[Issue]:
    """A SHA-256 digest written as 64 lowercase hex digits (what :meth:`hashlib.hash.hexdigest` gives)."""
    if _SHA256.fullmatch(value):
        return []
    return [("sha256", value, "64 lowercase hex digits")]


#: A decimal number as the data files write it: ASCII digits, an optional leading ``-``, and
#: decimals after a ``.``. Python's ``Decimal`` and ``float`` read much more (``NaN``,
#: ``Infinity``, ``1e5``, ``1_000``, ``' 1'``, Arabic-Indic ``٣`` or fullwidth ``３`` digits),
#: none of which a press release prints or a data file should hold.
PLAIN_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_PLAIN = "written plainly in ASCII digits, such as 584.3 or -12 (no exponent, '_', spaces, NaN or Infinity)"
# A digit other than 0-9: ``int``, ``Decimal`` and ``str.isdigit`` accept them all.
_OTHER_DIGIT = re.compile(r"[^\D0-9]")


def non_ascii_digit(text: str) -> str | None:
    """The first digit of ``text`` that is not one of ASCII 0-9, or ``None``.

    >>> non_ascii_digit("2022"), non_ascii_digit("20٢٢"), non_ascii_digit("２０２２")
    (None, '٢', '２')
    """
    m = _OTHER_DIGIT.search(text)
    return None if m is None else m[0]


def decimal(raw: str, field: str = "value") -> Decimal | Issue:
    """A field read as a decimal number of the :data:`PLAIN_DECIMAL` grammar, or the issue with it.

    >>> decimal("584.3"), decimal("NaN"), decimal("five")
    (Decimal('584.3'), ('value', 'NaN', "a decimal number written plainly in ASCII digits, such as 584.3 or -12 \
(no exponent, '_', spaces, NaN or Infinity)"), ('value', 'five', 'a decimal number'))
    """
    if PLAIN_DECIMAL.fullmatch(raw):
        return Decimal(raw)
    try:
        Decimal(raw)
    except ArithmeticError:  # decimal.InvalidOperation: not a number in any writing
        return (field, raw, "a decimal number")
    return (field, raw, "a decimal number " + _PLAIN)


#: The slug of a claim id, after ``<source id>/``: ASCII letters and digits, then also ``-``, ``_``, ``.``.
CLAIM_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,199}")


def claim_id(cid: str, source: str) -> list[Issue]:
    """A claim id is ``<source id>/<slug>``, its prefix the id of the claim's own source (docs/data-model.md).

    >>> claim_id("mfa-2023-10-10/turnover-2022", "mfa-2023-10-10")
    []
    >>> claim_id("kazinform-2022-06-15/turnover-2022", "mfa-2023-10-10")[0][2]
    "'<source id>/<slug>' with its own source's id: 'mfa-2023-10-10/', then a slug (ASCII letters, digits, -_.)"
    """
    k = len(source)
    if cid.startswith(source) and cid[k : k + 1] == "/" and CLAIM_SLUG.fullmatch(cid, k + 1):
        return []
    expected = f"'<source id>/<slug>' with its own source's id: '{source}/', then a slug (ASCII letters, digits, -_.)"
    return [("id", cid, expected)]


def source_kind(value: str) -> list[Issue]:
    """One of :data:`kzlt_trade.vocabulary.SOURCE_KINDS`."""
    return [] if value in SOURCE_KINDS else [("kind", str(value), "one of " + ", ".join(SOURCE_KINDS))]


def weight(value: float) -> list[Issue]:
    """A finite positive weight."""
    return [] if math.isfinite(value) and value > 0 else [("weight", str(value), "a positive number")]


def offsets(start: int, end: int, quote: str) -> list[Issue]:
    """The quote's offsets span exactly the quote, which is not empty."""
    if 0 <= start < end and end - start == len(quote):
        return []
    return [("offsets", f"{start}..{end}", f"end - start == len(quote) == {len(quote)}, start >= 0")]


def number(text: str, lang: Language) -> WrittenNumber | Issue:
    """The text read as a number in the conventions of ``lang``, or the issue with it."""
    try:
        return read_number(text, lang)
    except KzltTradeError as exc:
        return ("text", text, f"a number as written in {lang} ({exc})")


def value_of_text(text: str, written: WrittenNumber, value: Decimal) -> list[Issue]:
    """The value column agrees with the digits written."""
    if written.value != value:
        return [("value", str(value), f"the value of the text {text!r}, {written.value}")]
    return []


@functools.lru_cache(maxsize=4096)
def _unit_problem(unit_: str, dimension: Dimension) -> str | None:
    # Parsing a unit with pint costs tens of microseconds; units repeat, so each
    # (unit, dimension) pair is parsed once (the answer depends on nothing else).
    try:
        check_unit(unit_, dimension)
    except KzltTradeError as exc:
        return str(exc.expected)  # type: ignore[attr-defined]
    return None


def unit(unit_: str, indicator_: str, form_: str) -> list[Issue]:
    """The unit measures what the indicator measures; a growth claim is in percent or "times", whatever grew."""
    info = INDICATORS.get(indicator_)
    if info is None or form_ not in FORMS:
        return []  # reported by the indicator and form rules
    target: Dimension = "ratio" if MEASURE[form_] == "ratio" else info.dimension
    problem = _unit_problem(unit_, target)
    return [] if problem is None else [("unit", unit_, f"a unit for {indicator_} ({problem})")]


def value_range(indicator_: str, form_: str, value: Decimal) -> list[Issue]:
    """Levels are not negative; shares are at most 100 percent; ranks start at 1."""
    out: list[Issue] = []
    shown = str(value)
    if form_ == "level" and value < 0:
        out.append(("value", shown, f"a {indicator_} that is not negative"))
    if indicator_ == "share" and value > 100:
        out.append(("value", shown, "a share of at most 100 percent"))
    if indicator_ == "rank" and value < 1:
        out.append(("value", shown, "a rank of 1 or more"))
    return out


def raise_first(record: str, issues: list[Issue]) -> None:
    """Raise the first issue as a :class:`~kzlt_trade.errors.RecordError` of ``record`` (no-op when none).

    >>> raise_first("s", weight(0.0))
    Traceback (most recent call last):
    ...
    kzlt_trade.errors.RecordError: s: field 'weight' is '0.0'; expected a positive number
    """
    if issues:
        field, value, expected = issues[0]
        raise RecordError(record, field, value, expected)

"""The one pint unit registry of the library, and the words people write units in.

Currencies are dimensions of their own: a US dollar and a euro cannot be
converted into each other without an exchange rate that has a source of its own,
so pint must refuse ``USD -> EUR`` rather than guess. Every ISO 4217 currency
(:data:`CURRENCY_CODES`) has a dimension ``[currency_XXX]``, defined in the
registry when a unit first names it. Converting between currencies is the work of
:mod:`kzlt_trade.rates`, whose every rate names its source.

Counted things (companies, people, corridors) share an ``[item]`` dimension,
ranks a ``[place]`` dimension, so a rank can never be compared with a count by
mistake.

A data file writes units as people do ("млрд тенге", "€ million", "billion US
dollars"); :func:`normalize_unit` turns them into pint's syntax with the ISO code
("billion KZT", "million EUR"), and :func:`check_unit`, :func:`to_canonical` and
:func:`factor` accept either.

pint reads a unit as a Python expression and computes it, so a unit is checked
against the library's grammar before pint sees it: names it knows (scale words,
currency codes, the counted things above, pint's own units), ``*``, ``/``, ``per``
and a space between them, at most one power ``**`` or ``^`` of a name or a number
by an integer of at most 3 digits, and balanced parentheses, in at most 100
characters. "9**9**9", "(2**99)**99", "USD**99999" or a superscript "9⁹⁹⁹⁹⁹⁹⁹" are
refused unread, in microseconds.

The registry is built on first use (``functools.cache``), never at import time:
building a pint registry parses its definition file and costs tens of
milliseconds, which ``import kzlt_trade`` should not pay.

>>> to_canonical(2.6, "billion USD", "money")
2600.0
>>> to_canonical(2.6, "млрд евро", "money")  # millions of euros: no exchange rate is assumed
2600.0
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal

from kzlt_trade.errors import ReadingError

if TYPE_CHECKING:
    import pint

__all__ = [
    "CANONICAL_UNITS",
    "CURRENCY_CODES",
    "Dimension",
    "canonical_unit",
    "check_unit",
    "currency_code",
    "currency_of",
    "factor",
    "normalize_unit",
    "registry",
    "to_canonical",
]

#: The kinds of quantity a claim may measure.
Dimension = Literal["money", "item", "place", "percent", "ratio"]

#: The unit each dimension is converted to before claims are compared.
#:
#: Money is compared in millions of *its own currency*: the canonical unit of a
#: money claim is "million <currency>" (:func:`canonical_unit` gives it for a
#: unit), and the entry here, "million USD", is the canonical unit of US-dollar
#: claims, the currency most of the releases write in. No function of this module
#: converts one currency into another: that needs an exchange rate with a source,
#: which :meth:`kzlt_trade.rates.RateTable.usd_per_unit` gives as an interval.
CANONICAL_UNITS: dict[Dimension, str] = {
    "money": "million USD",
    "item": "item",
    "place": "place",
    "percent": "percent",
    "ratio": "dimensionless",
}

#: Scale words: pint name -> (factor, aliases). Russian abbreviations are spelled
#: without their full stop because pint names must be identifiers;
#: :func:`normalize_unit` strips the stop ("млн." -> "million").
_SCALES: dict[str, tuple[str, tuple[str, ...]]] = {
    "thousand": ("1e3", ("тыс",)),
    "million": ("1e6", ("млн", "mln")),
    "billion": ("1e9", ("млрд", "bln")),
    "trillion": ("1e12", ("трлн",)),
}

#: Every scale word and alias -> its pint name.
_SCALE_WORDS: dict[str, str] = {w: name for name, (_, aliases) in _SCALES.items() for w in (name, *aliases)}

# Definitions in pint's own syntax. Scale words are dimensionless multipliers, so
# "million USD" parses as a product. USD and EUR are defined at once (the releases
# use them most, and tests reach them through the registry); every other currency
# is defined by _ensure_currencies when a unit names it.
_DEFINITIONS = """
US_dollar = [currency_USD] = USD = dollar_US
euro = [currency_EUR] = EUR
item = [item] = items
company = item = companies
person = item = people = persons
corridor = item = corridors
raw_material = item = raw_materials
area_of_cooperation = item = areas_of_cooperation
place = [place] = places
times = 1
""" + "".join(f"{name} = {f} = {' = '.join(aliases)}\n" for name, (f, aliases) in _SCALES.items())

#: Codes withdrawn from ISO 4217 (its list three, "historic denominations") that
#: the ECB published reference rates for, and that releases about the Baltic states,
#: Romania and the EU before their euro (or redenomination) dates write in. pycountry
#: lists only the current codes (it dropped BGN when Bulgaria adopted the euro).
_WITHDRAWN_CODES = ("BGN", "CYP", "EEK", "HRK", "LTL", "LVL", "MTL", "ROL", "SIT", "SKK", "TRL")


@functools.cache
def _codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.currencies) | frozenset(_WITHDRAWN_CODES)


class _Codes:
    """The ISO 4217 codes the library knows, read from pycountry on first use.

    >>> "KZT" in CURRENCY_CODES, "LTL" in CURRENCY_CODES, "XYZ" in CURRENCY_CODES, "kzt" in CURRENCY_CODES
    (True, True, False, False)
    """

    def __contains__(self, code: object) -> bool:
        return code in _codes()

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(_codes()))

    def __len__(self) -> int:
        return len(_codes())

    def __repr__(self) -> str:
        return f"<{len(self)} ISO 4217 currency codes>"


#: Every ISO 4217 currency code the library knows: the current ones of
#: ``pycountry.currencies`` and the withdrawn ones the ECB published rates for
#: (BGN, CYP, EEK, HRK, LTL, LVL, MTL, ROL, SIT, SKK, TRL), in capitals. Read on first use.
CURRENCY_CODES = _Codes()

# Symbols and words for currencies -> ISO code. Words are matched whole and
# case-insensitively; the Russian ones in the case forms the releases use
# ("млн долларов США", "млрд тенге", "млн рублей"). Plain "pounds" is not here: it
# may be a weight, or an Egyptian pound.
_CURRENCY_WORDS: tuple[tuple[str, str], ...] = (
    ("USD", r"us\$|\$|u\.?s\.?\s+dollars?|dollars?|доллар(?:ов|а|ы)?(?:\s+сша)?|долл\.?(?:\s*сша)?"),
    ("EUR", r"€|euros?|евро"),
    ("KZT", r"₸|tenge|тенге|тг\.?"),
    ("RUB", r"₽|(?:russian\s+)?ro?ubles?|(?:российских\s+)?рубл(?:ей|я|ь|и)|руб\.?"),
    ("GBP", r"£|pounds?\s+sterling|фунт(?:ов|а)?\s+стерлингов"),
    ("CNY", r"yuan|юан(?:ей|я|ь|и)"),
)
# A word must not run on into a letter or digit: "долл." but not "доллары" from "долл".
_WORDS_RE = re.compile(
    "|".join(f"(?P<{code}>(?<![\\w$€₸₽£])(?:{pattern})(?![\\w]))" for code, pattern in _CURRENCY_WORDS),
    re.IGNORECASE,
)
_WHOLE_WORD = {code: re.compile(f"(?:{pattern})", re.IGNORECASE) for code, pattern in _CURRENCY_WORDS}
_CODE_RE = re.compile(r"(?<![\w])[A-Za-z]{3}(?![\w])")
# A Russian scale abbreviation with its full stop: "млн.", "млрд.", "тыс.", "трлн.".
_SCALE_STOP_RE = re.compile(r"(?<![\w])(тыс|млн|млрд|трлн)\.", re.IGNORECASE)
_POWER_RE = re.compile(r"\*\*|\^")
# An exponent is a small integer, in ASCII digits ([0-9], not \d, which takes "٣" for a digit).
_INTEGER = r"[-+]?\s*[0-9]{1,3}(?![\w.])"
_EXPONENT_RE = re.compile(rf"\s*(?:\(\s*{_INTEGER}\s*\)|{_INTEGER})")

_MONEY_EXPECTED = "a unit of money: a scale and an ISO 4217 currency, e.g. 'million USD', 'billion EUR', 'млрд тенге'"
_PARSE_EXPECTED = "a unit pint can parse, such as 'million USD' or 'company'"
_CURRENCY_EXPECTED = "an ISO 4217 currency code such as 'EUR', or a symbol or word such as '€', 'тенге'"
_POWER_EXPECTED = "a unit whose powers are of a name or a number, by a number of at most 3 digits, e.g. 'm**2'"
_MAX_UNIT_LENGTH = 100

# -- the unit grammar, checked before pint evaluates a unit ------------------------------------
# pint reads a unit as a Python expression and computes it: "9**9**9" or a superscript
# "9⁹⁹⁹⁹⁹⁹⁹" (which pint rewrites to 9**9999999) would keep it busy for minutes. So a
# normalised unit must first be, token by token, a product and quotient of names and small
# numbers, each raised at most once to an exponent of at most 3 digits, with balanced
# parentheses; and every name must be known (:func:`_known`).
_UNIT_TOKEN = re.compile(
    r"\s*(?:(?P<per>per(?![\w]))|(?P<name>[^\W\d]\w*|%)|(?P<number>[0-9]{1,3}(?:\.[0-9]{1,3})?(?![0-9.]))"
    r"|(?P<power>\*\*|\^)|(?P<op>[*/])|(?P<open>\()|(?P<close>\)))"
)
_SUPERSCRIPTS = frozenset("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻")
# The kinds of token a unit may end with, and the operators may follow.
_OPERANDS = frozenset({"name", "number", "close", "exponent"})
_ANY = _OPERANDS | {"start", "op", "per", "open"}
# The kinds of token each kind may follow. Side by side, two operands are a product
# ("million USD"), but never a number or a "(" right after an exponent: pint would take
# "9**(999)999" or "9**2(999)" for a power of their product.
_AFTER = {
    "name": _ANY,
    "number": _ANY - {"exponent"},
    "open": _ANY - {"exponent"},
    "op": _OPERANDS,
    "per": _OPERANDS,
    "close": _OPERANDS,
}
#: The names the library defines for pint (:data:`_DEFINITIONS`), besides the currency codes.
_LIBRARY_NAMES = frozenset(
    name.strip()
    for line in _DEFINITIONS.strip().splitlines()
    for name in line.split("=")
    if name.strip().isidentifier()
) | {"percent", "%", "dimensionless"}

_lock = threading.Lock()


@functools.cache
def registry() -> pint.UnitRegistry[Any]:
    """The library's unit registry, built once on first call.

    It holds USD and EUR from the start; any other currency is defined when a
    unit given to :func:`check_unit` (or :func:`normalize_unit`'s callers) first
    names it, so ``registry().Unit("KZT")`` works after ``check_unit("KZT", "money")``.
    """
    import pint

    ureg: pint.UnitRegistry[Any] = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    for line in _DEFINITIONS.strip().splitlines():
        ureg.define(line)
    return ureg


def _ensure_currencies(unit: str) -> None:
    """Define in the registry every currency whose ISO code ``unit`` names."""
    ureg = registry()
    for match in _CODE_RE.finditer(unit):
        code = match.group()
        if code in CURRENCY_CODES and code not in ureg:
            with _lock:
                if code not in ureg:
                    ureg.define(f"{code} = [currency_{code}]")


def currency_code(text: str) -> str:
    """The ISO 4217 code of a currency written as a code, a symbol or a word.

    Codes are accepted in any case; the words are those of :func:`normalize_unit`.

    Examples
    --------
    >>> [currency_code(t) for t in ("EUR", "€", "тенге", "US dollars", "руб.", "юаней", "kzt")]
    ['EUR', 'EUR', 'KZT', 'USD', 'RUB', 'CNY', 'KZT']
    >>> currency_code("peso")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kzlt_trade.errors.ReadingError: cannot read currency 'peso': expected an ISO 4217 currency code such as 'EUR', ...
    """
    if len(text) > _MAX_UNIT_LENGTH:
        raise ReadingError("currency", _shown(text), f"a currency of at most {_MAX_UNIT_LENGTH} characters")
    word = " ".join(text.split())
    if word.upper() in CURRENCY_CODES:
        return word.upper()
    for code, pattern in _WHOLE_WORD.items():
        if pattern.fullmatch(word):
            return code
    raise ReadingError("currency", text, _CURRENCY_EXPECTED)


def _shown(text: str) -> str:
    """A text as an error shows it: whole up to 200 characters, else its first 40 and "…"."""
    return text if len(text) <= 200 else text[:40] + "…"


def _guard(unit: str) -> None:
    """Refuse, before pint sees it, a unit text that could keep pint busy for ever."""
    if len(unit) > _MAX_UNIT_LENGTH:
        raise ReadingError("unit", _shown(unit), f"a unit of at most {_MAX_UNIT_LENGTH} characters")
    for match in _POWER_RE.finditer(unit):
        exponent = _EXPONENT_RE.match(unit, match.end())
        # One power of a small number of a name or a number: "USD**2" is refused as
        # money later, but "10**99999", "10**9**9**9" or "(999**999)**999" would make
        # pint (Python's integers) compute for minutes.
        base_is_group = unit[: match.start()].rstrip().endswith(")")
        if exponent is None or base_is_group or _POWER_RE.match(unit[exponent.end() :].lstrip()):
            raise ReadingError("unit", unit, _POWER_EXPECTED)


def _check_grammar(unit: str, text: str) -> None:
    """Refuse ``text`` (``unit`` normalised) unless it is the unit grammar, before pint evaluates it.

    One pass over at most :data:`_MAX_UNIT_LENGTH` characters: names (each known),
    numbers of at most 3 digits, ``*``, ``/`` or ``per`` between them (a space is a
    product), ``**`` or ``^`` once after a name or a number with an integer of at
    most 3 digits, balanced parentheses.
    """
    pos, depth, last = 0, 0, "start"
    names: list[str] = []
    while pos < len(text):
        m = _UNIT_TOKEN.match(text, pos)
        if m is None:
            if text[pos:].strip():
                raise _unreadable(unit, text)
            break
        kind, pos = m.lastgroup or "", m.end()
        if kind == "power":
            exponent = _EXPONENT_RE.match(text, pos)
            if last not in ("name", "number") or exponent is None:
                raise ReadingError("unit", unit, _POWER_EXPECTED)
            kind, pos = "exponent", exponent.end()
        elif last not in _AFTER[kind]:
            raise _unreadable(unit, text)
        depth += 1 if kind == "open" else -1 if kind == "close" else 0
        if depth < 0:
            raise _unreadable(unit, text)
        if kind == "name":
            if not _SUPERSCRIPTS.isdisjoint(m["name"]):  # "m²", "9⁹⁹⁹": pint reads them as powers
                raise ReadingError("unit", unit, _POWER_EXPECTED)
            names.append(m["name"])
        last = kind
    if depth or last not in (*_OPERANDS, "start"):
        raise _unreadable(unit, text)
    if not all(_known(name) for name in names):
        raise _unreadable(unit, text)


def _known(name: str) -> bool:
    """Whether ``name`` names a unit: the library's, a currency code, or one of pint's own ("m", "pound")."""
    return name in _LIBRARY_NAMES or name in CURRENCY_CODES or _pint_knows(name)


@functools.lru_cache(maxsize=4096)
def _pint_knows(name: str) -> bool:
    # A lookup of the name with pint's prefixes and suffixes ("kilogram", "meters"): no
    # expression is evaluated. Cached: the registry only ever gains currency codes, which
    # _known answers before asking here.
    return bool(registry().parse_unit_name(name))


def _unreadable(unit: str, text: str) -> ReadingError:
    """The error for a unit that is not a unit: an unknown currency code when it names one, else pint's."""
    unknown = [w for w in re.findall(r"\b[A-Z]{3}\b", text) if w not in _codes()]
    if unknown:
        # Three capitals read as a currency code the user meant: say that it is none.
        expected = f"an ISO 4217 currency code, not {unknown[0]!r} (e.g. 'million USD', 'billion EUR')"
        return ReadingError("unit", unit, expected)
    return ReadingError("unit", unit, _PARSE_EXPECTED)


def normalize_unit(unit: str) -> str:
    """A unit as a person writes it, in pint's syntax with ISO currency codes.

    Currency symbols and words become ISO codes (:func:`currency_code`), scale
    words and their Russian abbreviations (with or without the full stop) become
    ``thousand``, ``million``, ``billion``, ``trillion``. A unit made of scale
    words and one currency is written scale first ("€ million" -> "million EUR");
    anything else keeps its order, for pint to judge.

    Examples
    --------
    >>> normalize_unit("млн евро")
    'million EUR'
    >>> normalize_unit("billion US dollars")
    'billion USD'
    >>> [normalize_unit(u) for u in ("€ million", "трлн тенге", "млн. долл. США", "thousand company")]
    ['million EUR', 'trillion KZT', 'million USD', 'thousand company']
    """
    _guard(unit)
    text = _SCALE_STOP_RE.sub(lambda m: m.group(1), unit)
    text = _WORDS_RE.sub(lambda m: f" {m.lastgroup} ", text)
    words = text.split()
    mapped = [_SCALE_WORDS.get(w.lower(), w.upper() if w.upper() in CURRENCY_CODES else w) for w in words]
    scales = [w for w in mapped if w in _SCALES]
    codes = [w for w in mapped if w in CURRENCY_CODES]
    if len(codes) == 1 and len(scales) + 1 == len(mapped):
        return " ".join([*scales, codes[0]])
    return " ".join(_SCALE_WORDS.get(w.lower(), w) for w in words)


def _parse(unit: str) -> pint.Unit:
    """``unit`` normalised and parsed; a :class:`ReadingError` for anything pint cannot read."""
    text = normalize_unit(unit)
    ureg = registry()
    if not text.strip():
        return ureg.dimensionless
    _check_grammar(unit, text)
    _ensure_currencies(text)
    try:
        return ureg.parse_units(text)
    except Exception:
        # pint evaluates the text as an expression and still fails in ways the grammar
        # lets through: "1/0" (ZeroDivisionError), "2 USD" (a scaling factor), and more.
        # None of them is a unit, and every one must reach the user as a ReadingError.
        raise _unreadable(unit, text) from None


def _money_code(parsed: pint.Unit) -> str | None:
    """The currency of a parsed unit that is one currency to the first power times a scale."""
    dims = dict(parsed.dimensionality)
    if len(dims) != 1:
        return None
    (name, power), *_ = dims.items()
    match = re.fullmatch(r"\[currency_([A-Z]{3})\]", name)
    return match.group(1) if match and power == 1 else None


def currency_of(unit: str) -> str | None:
    """The ISO code of a unit of money, ``None`` for any other unit.

    >>> currency_of("million EUR"), currency_of("млрд тенге"), currency_of("company")
    ('EUR', 'KZT', None)
    """
    return _money_code(_parse(unit))


def check_unit(unit: str, dimension: Dimension) -> None:
    """Raise :class:`~kzlt_trade.errors.ReadingError` unless ``unit`` parses and measures ``dimension``.

    A unit of money is one currency to the first power times a scale ("million
    USD", "млрд тенге"); "USD*EUR", "USD/item" and "USD**2" are not money.

    >>> check_unit("million USD", "money")
    >>> check_unit("млрд тенге", "money")
    >>> check_unit("USD/item", "money")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kzlt_trade.errors.ReadingError: cannot read unit 'USD/item': expected a unit of money: a scale and an ISO 4217 ...
    """
    parsed = _parse(unit)
    if dimension == "money":
        if _money_code(parsed) is None:
            raise ReadingError("unit", unit, _MONEY_EXPECTED)
        return
    target = registry().Unit(CANONICAL_UNITS[dimension])
    if parsed.dimensionality != target.dimensionality:
        raise ReadingError("unit", unit, f"a unit of {dimension} (convertible to {CANONICAL_UNITS[dimension]})")


def canonical_unit(unit: str, dimension: Dimension) -> str:
    """The unit claims in ``unit`` are compared in: "million <currency>" for money.

    >>> canonical_unit("млрд евро", "money"), canonical_unit("thousand company", "item")
    ('million EUR', 'item')
    """
    check_unit(unit, dimension)
    if dimension == "money":
        return f"million {currency_of(unit)}"
    return CANONICAL_UNITS[dimension]


def to_canonical(value: float, unit: str, dimension: Dimension) -> float:
    """Convert ``value`` in ``unit`` to the canonical unit of ``dimension`` (:func:`canonical_unit`).

    Money stays in its own currency: ``to_canonical(2, "billion EUR", "money")``
    is 2000 million *euros*.

    >>> to_canonical(5.0, "тыс. тенге", "money")
    0.005
    """
    target = canonical_unit(unit, dimension)
    ureg = registry()
    text = normalize_unit(unit)
    q = ureg.Quantity(value, text if text.strip() else "dimensionless")
    return float(q.to(target).magnitude)


def factor(unit: str, dimension: Dimension) -> float:
    """How many canonical units one ``unit`` makes.

    For money the canonical unit is a million of the unit's *own* currency, so
    the factor is the scale alone: 1000 for "billion USD" and for "billion EUR",
    never an exchange rate.

    >>> factor("billion USD", "money"), factor("billion EUR", "money"), factor("трлн тенге", "money")
    (1000.0, 1000.0, 1000000.0)
    """
    return to_canonical(1.0, unit, dimension)

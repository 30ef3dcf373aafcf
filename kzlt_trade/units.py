"""The one pint unit registry of the library.

Currencies are dimensions of their own: a US dollar and a euro cannot be
converted into each other without an exchange rate that has a source of its own,
so pint must refuse ``USD -> EUR`` rather than guess. Counted things (companies,
people, corridors) share an ``[item]`` dimension, ranks a ``[place]`` dimension,
so a rank can never be compared with a count by mistake.

The registry is built on first use (``functools.cache``), never at import time:
building a pint registry parses its definition file and costs tens of
milliseconds, which ``import kzlt_trade`` should not pay.

>>> to_canonical(2.6, "billion USD", "money")
2600.0
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Literal

from kzlt_trade.errors import ReadingError

if TYPE_CHECKING:
    import pint

__all__ = ["CANONICAL_UNITS", "Dimension", "check_unit", "registry", "to_canonical"]

#: The kinds of quantity a claim may measure.
Dimension = Literal["money", "item", "place", "percent", "ratio"]

#: The unit each dimension is converted to before claims are compared. Money is
#: compared in millions of US dollars, the scale most of the releases write in.
CANONICAL_UNITS: dict[Dimension, str] = {
    "money": "million USD",
    "item": "item",
    "place": "place",
    "percent": "percent",
    "ratio": "dimensionless",
}

# Definitions in pint's own syntax. Scale words are dimensionless multipliers, so
# "million USD" parses as a product; the Russian abbreviations are spelled without
# their full stop because pint names must be identifiers (the number reader strips
# the stop before it looks a word up).
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
thousand = 1e3 = тыс
million = 1e6 = млн = mln
billion = 1e9 = млрд = bln
times = 1
"""


@functools.cache
def registry() -> pint.UnitRegistry[Any]:
    """The library's unit registry, built once on first call."""
    import pint

    ureg: pint.UnitRegistry[Any] = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    for line in _DEFINITIONS.strip().splitlines():
        ureg.define(line)
    return ureg


def _dimension_units() -> dict[Dimension, pint.Unit]:
    ureg = registry()
    return {dim: ureg.Unit(unit) for dim, unit in CANONICAL_UNITS.items()}


def check_unit(unit: str, dimension: Dimension) -> None:
    """Raise :class:`~kzlt_trade.errors.ReadingError` unless ``unit`` parses and measures ``dimension``.

    >>> check_unit("million USD", "money")
    >>> check_unit("company", "money")
    Traceback (most recent call last):
    ...
    kzlt_trade.errors.ReadingError: cannot read unit 'company': expected a unit of money (convertible to million USD)
    """
    ureg = registry()
    try:
        parsed = ureg.parse_units(unit) if unit.strip() else ureg.dimensionless
    except Exception:
        # pint evaluates the text as an expression and fails in many ways: undefined
        # names, "1/0" (ZeroDivisionError), "USD(" (tokenize.TokenError), and more.
        # None of them is a unit, and every one must reach the user as a ReadingError.
        raise ReadingError("unit", unit, "a unit pint can parse, such as 'million USD' or 'company'") from None
    target = _dimension_units()[dimension]
    if parsed.dimensionality != target.dimensionality:
        raise ReadingError("unit", unit, f"a unit of {dimension} (convertible to {CANONICAL_UNITS[dimension]})")


def to_canonical(value: float, unit: str, dimension: Dimension) -> float:
    """Convert ``value`` in ``unit`` to the canonical unit of ``dimension``."""
    check_unit(unit, dimension)
    ureg = registry()
    q = ureg.Quantity(value, unit if unit.strip() else "dimensionless")
    return float(q.to(CANONICAL_UNITS[dimension]).magnitude)


def factor(unit: str, dimension: Dimension) -> float:
    """How many canonical units one ``unit`` makes (e.g. 1000 for 'billion USD')."""
    return to_canonical(1.0, unit, dimension)

"""The unit registry: currencies, counted things, ranks, scale words."""

from __future__ import annotations

import pytest

from kzlt_trade.errors import ReadingError
from kzlt_trade.units import CANONICAL_UNITS, check_unit, factor, registry, to_canonical


def test_registry_is_built_once() -> None:
    assert registry() is registry()
    assert registry.cache_info().currsize == 1


def test_canonical_units() -> None:
    assert CANONICAL_UNITS == {
        "money": "million USD",
        "item": "item",
        "place": "place",
        "percent": "percent",
        "ratio": "dimensionless",
    }


@pytest.mark.parametrize(
    ("value", "unit", "dimension", "expected"),
    [
        (2.6, "billion USD", "money", 2600.0),
        (584.3, "million USD", "money", 584.3),
        (1.0, "млрд USD", "money", 1000.0),
        (1.0, "млн USD", "money", 1.0),
        (5.0, "тыс USD", "money", 0.005),
        (4.0, "thousand company", "item", 4000.0),
        (7000.0, "person", "item", 7000.0),
        (13.0, "corridor", "item", 13.0),
        (29.0, "area_of_cooperation", "item", 29.0),
        (10.0, "place", "place", 10.0),
        (13.0, "percent", "percent", 13.0),
        (50.0, "percent", "ratio", 0.5),
        (6.4, "times", "ratio", 6.4),
        (3.0, "", "ratio", 3.0),
    ],
)
def test_to_canonical(value: float, unit: str, dimension: str, expected: float) -> None:
    assert to_canonical(value, unit, dimension) == pytest.approx(expected, rel=1e-12)  # type: ignore[arg-type]


def test_factor() -> None:
    assert factor("billion USD", "money") == 1000.0
    assert factor("USD", "money") == pytest.approx(1e-6)
    assert factor("companies", "item") == 1.0


@pytest.mark.parametrize(
    ("unit", "dimension", "message"),
    [
        # A euro is not a dollar: no exchange rate is assumed.
        ("EUR", "money", "cannot read unit 'EUR': expected a unit of money (convertible to million USD)"),
        (
            "million EUR",
            "money",
            "cannot read unit 'million EUR': expected a unit of money (convertible to million USD)",
        ),
        # A rank is not a count.
        ("place", "item", "cannot read unit 'place': expected a unit of item (convertible to item)"),
        ("company", "place", "cannot read unit 'company': expected a unit of place (convertible to place)"),
        ("company", "money", "cannot read unit 'company': expected a unit of money (convertible to million USD)"),
        ("percent", "item", "cannot read unit 'percent': expected a unit of item (convertible to item)"),
        ("", "money", "cannot read unit '': expected a unit of money (convertible to million USD)"),
        (
            "million bananas",
            "money",
            "cannot read unit 'million bananas': expected a unit pint can parse, such as 'million USD' or 'company'",
        ),
        # pint evaluates the text: these fail inside its parser, and must still be ReadingErrors.
        ("1/0", "money", "cannot read unit '1/0': expected a unit pint can parse, such as 'million USD' or 'company'"),
        (
            "USD(",
            "money",
            "cannot read unit 'USD(': expected a unit pint can parse, such as 'million USD' or 'company'",
        ),
    ],
)
def test_check_unit_refuses(unit: str, dimension: str, message: str) -> None:
    with pytest.raises(ReadingError) as err:
        check_unit(unit, dimension)  # type: ignore[arg-type]
    assert str(err.value) == message
    with pytest.raises(ReadingError):
        to_canonical(1.0, unit, dimension)  # type: ignore[arg-type]


def test_usd_and_eur_are_different_dimensions() -> None:
    ureg = registry()
    assert ureg.Unit("USD").dimensionality != ureg.Unit("EUR").dimensionality
    assert ureg.Unit("company").dimensionality == ureg.Unit("person").dimensionality
    assert ureg.Unit("company").dimensionality != ureg.Unit("place").dimensionality

"""The unit registry: currencies, counted things, ranks, scale words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzlt_trade.errors import ReadingError
from kzlt_trade.units import (
    CANONICAL_UNITS,
    CURRENCY_CODES,
    canonical_unit,
    check_unit,
    currency_code,
    currency_of,
    factor,
    normalize_unit,
    registry,
    to_canonical,
)


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


MONEY = "a unit of money: a scale and an ISO 4217 currency, e.g. 'million USD', 'billion EUR', 'млрд тенге'"
PARSE = "a unit pint can parse, such as 'million USD' or 'company'"


@pytest.mark.parametrize(
    ("unit", "dimension", "message"),
    [
        # A rank is not a count.
        ("place", "item", "cannot read unit 'place': expected a unit of item (convertible to item)"),
        ("company", "place", "cannot read unit 'company': expected a unit of place (convertible to place)"),
        ("company", "money", f"cannot read unit 'company': expected {MONEY}"),
        ("percent", "item", "cannot read unit 'percent': expected a unit of item (convertible to item)"),
        ("", "money", f"cannot read unit '': expected {MONEY}"),
        ("million USD", "item", "cannot read unit 'million USD': expected a unit of item (convertible to item)"),
        # Money is one currency to the first power, times a scale.
        ("USD*EUR", "money", f"cannot read unit 'USD*EUR': expected {MONEY}"),
        ("USD/item", "money", f"cannot read unit 'USD/item': expected {MONEY}"),
        ("USD**2", "money", f"cannot read unit 'USD**2': expected {MONEY}"),
        ("million EUR/KZT", "money", f"cannot read unit 'million EUR/KZT': expected {MONEY}"),
        ("million bananas", "money", f"cannot read unit 'million bananas': expected {PARSE}"),
        ("million pounds", "money", f"cannot read unit 'million pounds': expected {MONEY}"),  # a weight
        ("million pesos", "money", f"cannot read unit 'million pesos': expected {PARSE}"),
        # pint evaluates the text: these fail inside its parser, and must still be ReadingErrors.
        ("1/0", "money", f"cannot read unit '1/0': expected {PARSE}"),
        ("USD(", "money", f"cannot read unit 'USD(': expected {PARSE}"),
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


# -- currencies ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "code"),
    [
        # US dollars
        ("$", "USD"),
        ("US$", "USD"),
        ("US dollars", "USD"),
        ("US dollar", "USD"),
        ("dollars", "USD"),
        ("доллар США", "USD"),
        ("долларов США", "USD"),
        ("долларов", "USD"),
        ("долл.", "USD"),
        ("долл. США", "USD"),
        ("USD", "USD"),
        # euros
        ("€", "EUR"),
        ("euro", "EUR"),
        ("euros", "EUR"),
        ("евро", "EUR"),
        ("EUR", "EUR"),
        # tenge
        ("₸", "KZT"),
        ("tenge", "KZT"),
        ("тенге", "KZT"),
        ("тг", "KZT"),
        ("KZT", "KZT"),
        # roubles
        ("₽", "RUB"),
        ("rouble", "RUB"),
        ("roubles", "RUB"),
        ("ruble", "RUB"),
        ("rubles", "RUB"),
        ("рублей", "RUB"),
        ("рубля", "RUB"),
        ("рубль", "RUB"),
        ("руб.", "RUB"),
        # pounds sterling, yuan
        ("£", "GBP"),
        ("pound sterling", "GBP"),
        ("pounds sterling", "GBP"),
        ("yuan", "CNY"),
        ("юаней", "CNY"),
        # codes in any case and spacing; withdrawn codes the ECB published
        ("kzt", "KZT"),
        (" Eur ", "EUR"),
        ("LTL", "LTL"),
        ("EEK", "EEK"),
        ("UZS", "UZS"),
    ],
)
def test_currency_code(text: str, code: str) -> None:
    assert currency_code(text) == code


@pytest.mark.parametrize("text", ["peso", "pounds", "XYZ", "", "dollarz", "€€", "US"])
def test_currency_code_refuses(text: str) -> None:
    with pytest.raises(ReadingError) as err:
        currency_code(text)
    assert str(err.value) == (
        f"cannot read currency {text!r}: expected an ISO 4217 currency code such as 'EUR', "
        "or a symbol or word such as '€', 'тенге'"
    )


def test_every_pycountry_currency_is_a_dimension_of_its_own() -> None:
    import pycountry

    codes = {c.alpha_3 for c in pycountry.currencies}
    assert codes <= set(CURRENCY_CODES)
    assert len(CURRENCY_CODES) == len(set(CURRENCY_CODES))
    for code in codes:
        check_unit(f"million {code}", "money")
        assert currency_of(f"billion {code}") == code
    ureg = registry()
    dims = {str(ureg.Unit(code).dimensionality) for code in codes}
    assert len(dims) == len(codes)
    assert ureg.Unit("KZT").dimensionality != ureg.Unit("USD").dimensionality


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("million EUR", "million EUR"),
        ("млн евро", "million EUR"),
        ("billion US dollars", "billion USD"),
        ("млрд тенге", "billion KZT"),
        ("€ million", "million EUR"),
        ("EUR million", "million EUR"),
        ("трлн тенге", "trillion KZT"),
        ("$ billion", "billion USD"),
        ("US$ million", "million USD"),
        ("млн. долл. США", "million USD"),
        ("млн долларов США", "million USD"),
        ("млрд. долл.", "billion USD"),
        ("тыс. тенге", "thousand KZT"),
        ("млн тг", "million KZT"),
        ("млн ₸", "million KZT"),
        ("млрд рублей", "billion RUB"),
        ("млн руб.", "million RUB"),
        ("£ million", "million GBP"),
        ("million pounds sterling", "million GBP"),
        ("млн юаней", "million CNY"),
        ("billion yuan", "billion CNY"),
        ("million dollars", "million USD"),
        ("mln kzt", "million KZT"),
        ("  million   EUR ", "million EUR"),
        ("USD", "USD"),
        # anything else keeps its order, for pint to judge
        ("thousand company", "thousand company"),
        ("тыс. company", "thousand company"),
        ("percent", "percent"),
        ("", ""),
        ("USD*EUR", "USD*EUR"),
        ("million $/item", "million USD /item"),
    ],
)
def test_normalize_unit(written: str, normal: str) -> None:
    assert normalize_unit(written) == normal
    assert normalize_unit(normal) == normal  # idempotent


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("billion EUR", 1000.0),
        ("млрд евро", 1000.0),
        ("million EUR", 1.0),
        ("EUR", 1e-6),
        ("трлн тенге", 1e6),
        ("млрд тенге", 1000.0),
        ("тыс. тенге", 1e-3),
        ("billion KZT", 1000.0),
        ("€ million", 1.0),
        ("billion USD", 1000.0),
        ("million USD", 1.0),
    ],
)
def test_money_factor_is_the_scale_to_millions_of_its_own_currency(unit: str, expected: float) -> None:
    assert factor(unit, "money") == pytest.approx(expected, rel=1e-12)
    assert to_canonical(2.0, unit, "money") == pytest.approx(2 * expected, rel=1e-12)
    assert canonical_unit(unit, "money") == f"million {currency_of(unit)}"


def test_currency_of() -> None:
    assert currency_of("million EUR") == "EUR"
    assert currency_of("млрд тенге") == "KZT"
    assert currency_of("US$ million") == "USD"
    assert currency_of("company") is None
    assert currency_of("percent") is None
    assert currency_of("") is None
    assert currency_of("USD*EUR") is None
    assert currency_of("USD**2") is None
    with pytest.raises(ReadingError):
        currency_of("million bananas")


def test_canonical_unit_of_other_dimensions() -> None:
    assert canonical_unit("thousand company", "item") == "item"
    assert canonical_unit("percent", "ratio") == "dimensionless"
    with pytest.raises(ReadingError):
        canonical_unit("company", "money")


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("USD**99999", "a unit whose powers are of a name or a number, by a number of at most 3 digits, e.g. 'm**2'"),
        ("USD^1000", "a unit whose powers are of a name or a number, by a number of at most 3 digits, e.g. 'm**2'"),
        ("10**9**9**9", "a unit whose powers are of a name or a number, by a number of at most 3 digits, e.g. 'm**2'"),
        ("(9**99)**999", "a unit whose powers are of a name or a number, by a number of at most 3 digits, e.g. 'm**2'"),
        ("USD**1e99", "a unit whose powers are of a name or a number, by a number of at most 3 digits, e.g. 'm**2'"),
        ("USD**", "a unit whose powers are of a name or a number, by a number of at most 3 digits, e.g. 'm**2'"),
        ("million " + "x" * 100, "a unit of at most 100 characters"),
    ],
)
def test_units_that_could_hang_pint_are_refused_before_pint_sees_them(unit: str, expected: str) -> None:
    for call in (normalize_unit, currency_of, lambda u: check_unit(u, "money"), lambda u: check_unit(u, "item")):
        with pytest.raises(ReadingError) as err:
            call(unit)
        assert str(err.value) == f"cannot read unit {unit!r}: expected {expected}"


def test_small_powers_still_reach_pint() -> None:
    # Not money, but read: the guard lets a small power through.
    with pytest.raises(ReadingError, match="a unit of money"):
        check_unit("USD**(2)", "money")
    check_unit("USD**1", "money")


@given(st.text(max_size=40))
def test_any_text_is_a_unit_or_a_reading_error(text: str) -> None:
    try:
        check_unit(text, "money")
    except ReadingError:
        return
    assert currency_of(text) in CURRENCY_CODES


@given(
    st.lists(st.sampled_from(["million", "млн", "млрд.", "bln", "тыс.", "трлн", "thousand"]), max_size=3),
    st.sampled_from(["€", "евро", "тенге", "₸", "US$", "долл. США", "рублей", "£", "юаней", "KZT", "LTL"]),
    st.booleans(),
)
def test_scales_and_a_currency_normalize_to_scales_then_code(scales: list[str], word: str, first: bool) -> None:
    written = " ".join([word, *scales] if first else [*scales, word])
    normal = normalize_unit(written)
    code = currency_code(word)
    assert normal.split()[-1] == code
    assert currency_of(written) == code
    assert normalize_unit(normal) == normal

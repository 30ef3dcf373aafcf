"""The field rules: one set, shared by the loader (file, row, field) and the records (RecordError)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzlt_trade import rules
from kzlt_trade.errors import RecordError
from kzlt_trade.model import Claim, Reading
from kzlt_trade.period import Period
from kzlt_trade.reading import FORMS, HEDGES, read_number
from kzlt_trade.rules import FLOWS, INDICATORS, SCOPES


def test_good_values_have_no_issues() -> None:
    assert rules.partner("LT") == rules.partner("DE") == rules.partner("EU") == []
    assert rules.indicator("turnover", "both", "") == []
    assert rules.indicator("rank", "both", "kz_partners_eu") == []
    assert rules.hedge("about") == rules.form("times") == rules.reading_name("stated") == []
    assert rules.base_period("percent_increase", Period.year(2022), "2021", Period.year(2021)) == []
    assert rules.base_period("level", Period.year(2022), "", None) == []
    assert rules.language("ru") == rules.sha256("a" * 64) == rules.weight(0.5) == []
    assert rules.offsets(3, 6, "abc") == []
    assert rules.unit("billion USD", "turnover", "level") == []
    assert rules.unit("percent", "turnover", "percent_increase") == []
    assert rules.value_range("share", "level", Decimal(100)) == []
    assert rules.reading_names(["a", "b"]) == []
    assert rules.readings_given("x", 1) == []


@pytest.mark.parametrize(
    ("issues", "expected"),
    [
        (rules.partner("KZ"), [("partner", "KZ", rules._PARTNER)]),
        (rules.indicator("gdp", "both", ""), [("indicator", "gdp", "an indicator: " + ", ".join(INDICATORS))]),
        (
            rules.indicator("turnover", "export", "kz_partners_eu"),
            [
                ("flow", "export", "for turnover, one of: both"),
                ("scope", "kz_partners_eu", "an empty scope for turnover"),
            ],
        ),
        (rules.hedge("roughly"), [("hedge", "roughly", "a hedge: " + ", ".join(HEDGES))]),
        (rules.form("ratio"), [("form", "ratio", "a form: " + ", ".join(FORMS))]),
        (
            rules.base_period("level", Period.year(2022), "2022", Period.year(2022)),
            [
                ("base_period", "2022", "an empty base period for the form 'level'"),
                ("base_period", "2022", "a base period that ends before 2022 starts"),
            ],
        ),
        (rules.sha256("A" * 64), [("sha256", "A" * 64, "64 lowercase hex digits")]),
        (rules.weight(float("inf")), [("weight", "inf", "a positive number")]),
        (rules.offsets(5, 5, ""), [("offsets", "5..5", "end - start == len(quote) == 0, start >= 0")]),
        (
            rules.unit("EUR/item", "fdi_inflow", "level"),
            [
                (
                    "unit",
                    "EUR/item",
                    "a unit for fdi_inflow "
                    "(a unit of money: a scale and an ISO 4217 currency, "
                    "e.g. 'million USD', 'billion EUR', 'млрд тенге')",
                )
            ],
        ),
        (rules.value_range("rank", "level", Decimal(0)), [("value", "0", "a rank of 1 or more")]),
        (
            rules.value_of_text("584,3", read_number("584,3", "ru"), Decimal("584.4")),
            [("value", "584.4", "the value of the text '584,3', 584.3")],
        ),
        (rules.reading_names(["a", "a"]), [("reading", "a, a", "reading names unique per claim")]),
    ],
)
def test_issues(issues: list[rules.Issue], expected: list[rules.Issue]) -> None:
    assert issues == expected


def test_number_rule() -> None:
    assert rules.number("584,3", "ru") == read_number("584,3", "ru")
    field, value, expected = rules.number("584,3", "en")  # type: ignore[misc]
    assert (field, value) == ("text", "584,3")
    assert expected.startswith("a number as written in en (cannot read number '584,3'")


def test_raise_first() -> None:
    rules.raise_first("x", [])
    with pytest.raises(RecordError) as err:
        rules.raise_first("x", rules.hedge("roughly") + rules.form("ratio"))
    assert (err.value.record, err.value.field, err.value.value) == ("x", "hedge", "roughly")


def claim(**changes: Any) -> Claim:
    fields: dict[str, Any] = {
        "id": "s/c", "source": "s", "partner": "LT", "indicator": "turnover", "flow": "both", "scope": "",
        "text": "584.3", "value": Decimal("584.3"), "unit": "million USD", "hedge": "none",
        "quote": "584.3", "start": 0, "end": 5, "readings": (Reading("stated", "level", Period.year(2022), None),),
    }  # fmt: skip
    fields.update(changes)
    return Claim(**fields)


@given(
    indicator=st.sampled_from([*INDICATORS, "gdp"]),
    flow=st.sampled_from([*FLOWS, "sideways"]),
    scope=st.sampled_from([*SCOPES, "galaxy"]),
    hedge=st.sampled_from([*HEDGES, "roughly"]),
    partner=st.sampled_from(["LT", "DE", "EU", "EU27", "KZ", "XX", ""]),
)
def test_a_record_refuses_exactly_what_the_rules_refuse(
    indicator: str, flow: str, scope: str, hedge: str, partner: str
) -> None:
    issues = rules.partner(partner) + rules.indicator(indicator, flow, scope) + rules.hedge(hedge)
    info = INDICATORS.get(indicator)
    unit = {"money": "million USD", "item": "item", "place": "place", "percent": "percent"}[
        info.dimension if info else "money"
    ]
    issues += rules.unit(unit, indicator, "level") + rules.value_range(indicator, "level", Decimal("584.3"))
    if not issues:
        claim(indicator=indicator, flow=flow, scope=scope, hedge=hedge, partner=partner, unit=unit)
        return
    with pytest.raises(RecordError) as err:
        claim(indicator=indicator, flow=flow, scope=scope, hedge=hedge, partner=partner, unit=unit)
    assert (err.value.field, err.value.value, err.value.expected) == issues[0]

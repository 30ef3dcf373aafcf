"""Records and vocabularies: Source, Reading, Claim validate themselves; intervals in canonical units."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

import kzlt_trade
from kzlt_trade.errors import ReadingError, RecordError
from kzlt_trade.interval import Interval
from kzlt_trade.model import FLOWS, INDICATORS, MONEY, PARTNERS, SCOPES, TRADE, Claim, Reading, Source
from kzlt_trade.period import Period
from kzlt_trade.reading import HEDGES, HedgePolicy

STATED_2022 = Reading("stated", "level", Period.year(2022), None)


def make_claim(**changes: Any) -> Claim:
    fields: dict[str, Any] = {
        "id": "x/turnover-2022",
        "source": "x",
        "partner": "LT",
        "indicator": "turnover",
        "flow": "both",
        "scope": "",
        "text": "584,3",
        "value": Decimal("584.3"),
        "unit": "million USD",
        "hedge": "none",
        "quote": "составил 584,3 млн долл.",
        "start": 10,
        "readings": (STATED_2022,),
        "language": "ru",
    }
    fields.update(changes)
    fields.setdefault("end", fields["start"] + len(fields["quote"]))
    return Claim(**fields)


def make_source(**changes: Any) -> Source:
    fields: dict[str, Any] = {
        "id": "s",
        "title": "t",
        "publisher": "p",
        "language": "en",
        "published": date(2022, 1, 1),
        "published_basis": "",
        "event_date": None,
        "file": "f.txt",
        "sha256": "0" * 64,
    }
    fields.update(changes)
    return Source(**fields)


# -- vocabularies -----------------------------------------------------------------------
def test_vocabularies() -> None:
    assert list(INDICATORS) == [
        "turnover", "exports", "imports", "fdi_inflow", "companies", "diaspora", "rank", "share", "count",
    ]  # fmt: skip
    assert FLOWS == ("export", "import", "both", "inward", "outward", "none")
    # The partners of the bundled data, with their labels; any country may be a partner.
    assert PARTNERS == {"LT": "Lithuania", "RO": "Romania", "EE": "Estonia", "EU": "European Union"}
    with pytest.raises(TypeError):
        PARTNERS["DE"] = "Germany"  # type: ignore[index]
    # Trade in goods, its flows, and the money indicators.
    assert TRADE == {"turnover": "both", "exports": "export", "imports": "import"}
    assert set(TRADE) < set(MONEY)
    assert len(SCOPES) == 15


def test_indicator_entries_are_consistent() -> None:
    for name, info in INDICATORS.items():
        assert set(info.flows) <= set(FLOWS), name
        assert info.signed is False, name  # none of ours may be negative
    assert {n for n, i in INDICATORS.items() if i.needs_scope} == {"rank", "share", "count"}
    assert {n for n, i in INDICATORS.items() if i.integer} == {"companies", "diaspora", "rank", "count"}
    assert {n: i.dimension for n, i in INDICATORS.items()} == {
        "turnover": "money", "exports": "money", "imports": "money", "fdi_inflow": "money",
        "companies": "item", "diaspora": "item", "rank": "place", "share": "percent", "count": "item",
    }  # fmt: skip


def test_scope_parents_exist_and_do_not_loop() -> None:
    for name, info in SCOPES.items():
        seen = {name}
        parent = info.parent
        while parent is not None:
            assert parent in SCOPES
            assert parent not in seen
            seen.add(parent)
            parent = SCOPES[parent].parent
    assert SCOPES["kz_partners_eu"].parent == "kz_partners_europe"
    assert SCOPES["kz_partners_eu"].size == 27
    assert SCOPES["epca_signing_order_central_asia"].size == 5


# -- Source -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"language": "de"}, "s: field 'language' is 'de'; expected 'en' or 'ru'"),
        ({"sha256": "ABC"}, "s: field 'sha256' is 'ABC'; expected 64 lowercase hex digits"),
        ({"sha256": "A" * 64}, f"s: field 'sha256' is '{'A' * 64}'; expected 64 lowercase hex digits"),
        ({"weight": 0.0}, "s: field 'weight' is '0.0'; expected a positive number"),
        ({"weight": float("nan")}, "s: field 'weight' is 'nan'; expected a positive number"),
        ({"weight": float("inf")}, "s: field 'weight' is 'inf'; expected a positive number"),
    ],
)
def test_source_refuses(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(RecordError) as err:
        make_source(**changes)
    assert str(err.value) == message
    assert err.value.record == "s"


def test_source_defaults() -> None:
    s = make_source()
    assert (s.url, s.note, s.weight) == ("", "", 1.0)


# -- Reading ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("a", "change", Period.year(2022), None),
            "reading 'a': field 'base_period' is ''; expected a base period for the form 'change'",
        ),
        (
            ("b", "level", Period.year(2022), Period.year(2021)),
            "reading 'b': field 'base_period' is '2021'; expected an empty base period for the form 'level'",
        ),
        (
            ("c", "percent_increase", Period.year(2022), Period.year(2022)),
            "reading 'c': field 'base_period' is '2022'; expected a base period that ends before 2022 starts",
        ),
        (
            ("", "level", Period.year(2022), None),
            "reading '': field 'reading' is ''; expected a name for the reading, e.g. 'stated'",
        ),
        (
            ("d", "ratio", Period.year(2022), None),
            "reading 'd': field 'form' is 'ratio'; expected a form: level, change, percent_increase, percent_of_base, "
            "times, times_increase, percent_decrease, times_decrease, decrease",
        ),
    ],
)
def test_reading_rules(args: tuple[Any, ...], message: str) -> None:
    with pytest.raises(RecordError) as err:
        Reading(*args)
    assert str(err.value) == message


@pytest.mark.parametrize(
    ("form", "measure"),
    [
        ("level", "level"),
        ("change", "change"),
        ("percent_increase", "ratio"),
        ("percent_of_base", "ratio"),
        ("times", "ratio"),
        ("times_increase", "ratio"),
    ],
)
def test_reading_measure(form: str, measure: str) -> None:
    base = None if form == "level" else Period.year(2021)
    assert Reading("r", form, Period.year(2022), base).measure == measure  # type: ignore[arg-type]


# -- Claim ------------------------------------------------------------------------------
SCOPE_WORDS = "a scope: a slug of lowercase letters, digits and '_', such as 'kz_partners_world', or empty"
PARTNER = (
    "a partner code: an ISO 3166-1 alpha-2 country other than KZ, "
    "or EU, EU27, EU28, EAEU, CIS, CENTRAL_ASIA, EUROPE, WORLD"
)


@pytest.mark.parametrize(
    ("changes", "field", "value", "expected"),
    [
        ({"partner": "XX"}, "partner", "XX", PARTNER),
        ({"partner": "KZ"}, "partner", "KZ", PARTNER),
        (
            {"indicator": "gdp"},
            "indicator",
            "gdp",
            "an indicator: turnover, exports, imports, fdi_inflow, companies, diaspora, rank, share, count",
        ),
        ({"flow": "export"}, "flow", "export", "for turnover, one of: both"),
        ({"scope": "kz_partners_eu"}, "scope", "kz_partners_eu", "an empty scope for turnover"),
        ({"scope": "no-pe"}, "scope", "no-pe", SCOPE_WORDS),
        (
            {"indicator": "rank", "unit": "place"},
            "scope",
            "",
            "a scope (what is ranked, shared or counted) for rank",
        ),
        ({"hedge": "roughly"}, "hedge", "roughly", "a hedge: " + ", ".join(HEDGES)),
        ({"readings": ()}, "readings", "", "at least one reading for x/turnover-2022"),
        ({"readings": (STATED_2022, STATED_2022)}, "reading", "stated, stated", "reading names unique per claim"),
        ({"end": 33}, "offsets", "10..33", "end - start == len(quote) == 24, start >= 0"),
        ({"start": -1, "end": 23}, "offsets", "-1..23", "end - start == len(quote) == 24, start >= 0"),
        ({"value": Decimal("584.4")}, "value", "584.4", "the value of the text '584,3', 584.3"),
        (
            {"text": "584.3"},
            "text",
            "584.3",
            "a number as written in ru (cannot read number '584.3': expected digits grouped in threes by a space, "
            "with ',' before decimals, e.g. '1 234,5')",
        ),
        (
            {"unit": "company"},
            "unit",
            "company",
            "a unit for turnover "
            "(a unit of money: a scale and an ISO 4217 currency, e.g. 'million USD', 'billion EUR', 'млрд тенге')",
        ),
        (
            {"text": "-5", "value": Decimal("-5"), "quote": "составил -5"},
            "value",
            "-5",
            "a turnover that is not negative",
        ),
    ],
)
def test_claim_refuses(changes: dict[str, Any], field: str, value: str, expected: str) -> None:
    with pytest.raises(RecordError) as err:
        make_claim(**changes)
    e = err.value
    assert (e.record, e.field, e.value, e.expected) == ("x/turnover-2022", field, value, expected)
    assert str(e).startswith(f"x/turnover-2022: field {field!r} is ")


def test_claim_error_message() -> None:
    with pytest.raises(RecordError) as err:
        make_claim(partner="XX")
    assert str(err.value) == f"x/turnover-2022: field 'partner' is 'XX'; expected {PARTNER}"
    assert isinstance(err.value, ValueError)


def test_any_country_is_a_partner() -> None:
    assert [make_claim(partner=p).partner for p in ("DE", "PL", "LV", "GB", "EU27", "EU28")] == [
        "DE", "PL", "LV", "GB", "EU27", "EU28",
    ]  # fmt: skip


def test_claim_reads_its_text_in_its_language() -> None:
    c = make_claim()
    assert (c.number.value, c.number.step) == (Decimal("584.3"), Decimal("0.1"))
    assert c.info is INDICATORS["turnover"]
    assert c.primary is STATED_2022
    assert c.period == Period.year(2022)
    assert c.is_ambiguous is False


def test_claim_equality_is_exact() -> None:
    a, b = make_claim(), make_claim()
    assert a == b
    assert hash(a) == hash(b)
    assert a != make_claim(note="checked")
    assert a != make_claim(hedge="about")
    # Equal numbers written differently are different claims.
    assert a != make_claim(text="584,30", value=Decimal("584.30"), quote="составил 584,30 млн долл.")


def test_agrees_with_is_a_named_closeness_test() -> None:
    a = make_claim()
    b = make_claim(text="584", value=Decimal("584"), quote="reached 584 million US dollars", language="en")
    c = make_claim(text="583", value=Decimal("583"), quote="reached 583 million US dollars", language="en")
    assert a != b
    assert a.agrees_with(b) is True  # [584.25, 584.35] meets [583.5, 584.5]
    assert a.agrees_with(c) is False  # [582.5, 583.5] does not
    assert c.agrees_with(a, rounding="truncate") is False  # [583, 584) vs [584.3, 584.4)


def test_reading_lookup() -> None:
    alt = Reading("year_2021", "level", Period.year(2021), None)
    c = make_claim(readings=(STATED_2022, alt))
    assert c.reading() is STATED_2022
    assert c.reading("year_2021") is alt
    assert c.is_ambiguous is True
    with pytest.raises(ReadingError) as err:
        c.reading("nope")
    assert str(err.value) == "cannot read reading 'nope': expected one of stated, year_2021"


def test_interval_in_canonical_units() -> None:
    billions = make_claim(
        text="2.6", value=Decimal("2.6"), unit="billion USD", quote="(2.6 billion US dollars)", language="en"
    )
    assert str(billions.interval()) == "[2550, 2650]"
    assert str(billions.interval(rounding="truncate")) == "[2600, 2700)"


def test_interval_of_whole_number_indicators() -> None:
    about = make_claim(
        indicator="companies", flow="inward", text="170", value=Decimal("170"), unit="company", hedge="about",
        quote="about 170 Lithuanian companies...", language="en",
    )  # fmt: skip
    # 170 ± 5 % is [161.5, 178.5]; only whole companies exist.
    assert about.interval() == Interval(162.0, 178.0)
    assert about.interval(policy=HedgePolicy.widest()) == Interval(153.0, 187.0)
    dozens = make_claim(
        indicator="companies", flow="outward", text="Dozens", value=Decimal("24"), unit="company", hedge="dozens",
        quote="Dozens of Kazakh companies are present in Lithuania", language="en",
    )  # fmt: skip
    assert dozens.interval() == Interval(24.0, 143.0)  # [24, 144) holds the whole numbers 24..143


def test_ratio_readings_are_dimensionless() -> None:
    growth = make_claim(
        text="28,7", value=Decimal("28.7"), unit="percent", quote="объем торговли вырос на 28,7%",
        readings=(Reading("plus_percent", "percent_increase", Period.year(2022), Period.year(2021)),),
    )  # fmt: skip
    assert str(growth.interval()) == "[1.2865, 1.2875]"


# -- every bundled claim ----------------------------------------------------------------
BUNDLED = {
    ("mfa-2023-10-10/rank-kz-partners-eu", "stated"): "[1, 10]",
    ("mfa-2023-10-10/rank-lt-partners-world", "stated"): "[1, 20]",
    ("mfa-2023-10-10/turnover-growth-2022", "plus_percent"): "[1.2865, 1.2875]",
    ("mfa-2023-10-10/turnover-2022", "stated"): "[584.25, 584.35]",
    ("kazinform-2024-06-20/turnover-2023", "stated"): "[223.55, 223.65]",
    ("kazinform-2024-06-20/exports-2023", "stated"): "[92.85, 92.95]",
    ("kazinform-2024-06-20/imports-2023", "stated"): "[130.65, 130.75]",
    ("kazinform-2024-06-20/fdi-2005-2023-09", "stated"): "[94.5, 95.5]",
    ("kazinform-2024-06-20/companies-2024-01-01", "stated"): "[190, 190]",
    ("kazinform-2022-06-15/rank-kz-partners-eu", "stated"): "[1, 10]",
    ("kazinform-2022-06-15/rank-kz-partners-world", "stated"): "[30, 30]",
    ("kazinform-2022-06-15/rank-lt-partners-world", "stated"): "[1, 20]",
    ("kazinform-2022-06-15/turnover-2021", "stated"): "[453.5, 454.5]",
    ("kazinform-2022-06-15/exports-2021", "stated"): "[356.25, 356.35]",
    ("kazinform-2022-06-15/imports-2021", "stated"): "[97.45, 97.55]",
    ("kazinform-2022-06-15/turnover-growth-2022-part", "plus_percent"): "[4.105, 4.115]",
    ("kazinform-2022-06-15/turnover-growth-2022-part", "percent_of_base"): "[3.105, 3.115]",
    ("kazinform-2022-06-15/turnover-2021-part", "stated"): "[71.55, 71.65]",
    ("kazinform-2022-06-15/turnover-2022-part", "same_period_2022"): "[294.35, 294.45]",
    ("kazinform-2022-06-15/turnover-2022-part", "year_2021"): "[294.35, 294.45]",
    ("kazinform-2022-06-15/exports-growth-2022-part", "plus_percent"): "[4.815, 4.825]",
    ("kazinform-2022-06-15/exports-growth-2022-part", "percent_of_base"): "[3.815, 3.825]",
    ("kazinform-2022-06-15/exports-2022-part", "same_period_2022"): "[264.5, 265.5]",
    ("kazinform-2022-06-15/exports-2022-part", "year_2021"): "[264.5, 265.5]",
    ("kazinform-2022-06-15/companies-lt-in-kz", "stated"): "[162, 178]",
    ("kazinform-2022-06-15/companies-kz-in-lt", "stated"): "[24, 143]",
    ("kazinform-2022-06-15/diaspora", "stated"): "[7000, 7000]",
    ("kazinform-2023-02-24/ro-rank-kz-partners-eastern-europe", "stated"): "[1, 1]",
    ("kazinform-2023-02-24/ro-rank-kz-partners-europe", "stated"): "[4, 4]",
    ("kazinform-2023-02-24/ro-rank-kz-partners-world", "stated"): "[10, 10]",
    ("kazinform-2023-02-24/ro-turnover-growth-2022", "plus_percent"): "[1.6245, 1.6255]",
    ("kazinform-2023-02-24/ro-turnover-2022", "level_2022"): "[2550, 2650]",
    ("kazinform-2023-02-24/ro-turnover-2022", "increase_2022"): "[2550, 2650]",
    ("kazinform-2023-02-24/ro-fdi-2005-2022", "stated"): "[1565, 1575]",
    ("kazinform-2023-02-24/lt-turnover-2022", "stated"): "[583.5, 584.5]",
    ("kazinform-2023-02-24/lt-turnover-growth-2022", "plus_percent"): "[1.295, 1.305]",
    ("kazinform-2023-02-24/lt-companies", "stated"): "[162, 178]",
    ("kazinform-2023-02-24/ee-turnover-growth-2022", "times"): "[6.35, 6.45]",
    ("kazinform-2023-02-24/ee-turnover-growth-2022", "times_increase"): "[7.35, 7.45]",
    ("kazinform-2023-02-24/ee-turnover-2022", "stated"): "[121.5, 122.5]",
    ("kaztoday-2025-11-27/kz-epca-signing-order", "stated"): "[1, 1]",
    ("kaztoday-2025-11-27/epca-areas", "stated"): "[29, 29]",
    ("kaztoday-2025-11-27/rank-trade-partner", "stated"): "[1, 1]",
    ("kaztoday-2025-11-27/rank-investment-partner", "stated"): "[1, 1]",
    ("kaztoday-2025-11-27/turnover-2024", "stated"): "[47500, 50000)",
    ("kaztoday-2025-11-27/fdi-since-independence", "stated"): "(200000, inf)",
    ("kaztoday-2025-11-27/companies", "stated"): "[3500, 4500]",
    ("kaztoday-2025-11-27/share-eu-oil-imports", "stated"): "[12.5, 13.5]",
    ("kaztoday-2025-11-27/share-eu-uranium", "stated"): "[15.5, 16.5]",
    ("kaztoday-2025-11-27/critical-raw-materials-kz", "stated"): "[21, 21]",
    ("kaztoday-2025-11-27/critical-raw-materials-eu", "stated"): "[34, 34]",
    ("kaztoday-2025-11-27/transport-corridors", "stated"): "[13, 13]",
    ("kaztoday-2025-11-27/share-overland-transit", "stated"): "[84.5, 85.5]",
}


def test_every_bundled_reading_interval(ds: kzlt_trade.Dataset) -> None:
    got = {(c.id, r.name): str(c.interval(r.name)) for c in ds for r in c.readings}
    assert got == BUNDLED


def test_bundled_ambiguous_claims(ds: kzlt_trade.Dataset) -> None:
    ambiguous = {c.id: [r.name for r in c.readings] for c in ds if c.is_ambiguous}
    assert ambiguous == {
        "kazinform-2022-06-15/turnover-growth-2022-part": ["plus_percent", "percent_of_base"],
        "kazinform-2022-06-15/turnover-2022-part": ["same_period_2022", "year_2021"],
        "kazinform-2022-06-15/exports-growth-2022-part": ["plus_percent", "percent_of_base"],
        "kazinform-2022-06-15/exports-2022-part": ["same_period_2022", "year_2021"],
        "kazinform-2023-02-24/ro-turnover-2022": ["level_2022", "increase_2022"],
        "kazinform-2023-02-24/ee-turnover-growth-2022": ["times", "times_increase"],
    }
    ro = ds.claim("kazinform-2023-02-24/ro-turnover-2022")
    assert ro.reading("increase_2022").measure == "change"
    assert str(ro.reading("increase_2022").base_period) == "2021"

"""Partners: every ISO 3166-1 country, the aggregates with membership by date, names in English and Russian."""

from __future__ import annotations

import csv
import subprocess
import sys
from datetime import date, timedelta
from importlib import resources

import pycountry
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzlt_trade import partners
from kzlt_trade.errors import RecordError, UsageError
from kzlt_trade.partners import (
    AGGREGATES,
    EUROPE_ADDITIONS,
    MEMBERSHIPS,
    code_of,
    codes,
    contains,
    is_partner,
    label,
    member_throughout,
    members,
    memberships,
    overlaps,
)

FOUNDERS = {"BE", "DE", "FR", "IT", "LU", "NL"}
EU27 = {
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU",
    "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
}  # fmt: skip
CIS_1991 = {"AM", "AZ", "BY", "KG", "KZ", "MD", "RU", "TJ", "TM", "UA", "UZ"}
ISO = {c.alpha_2 for c in pycountry.countries}
NEW = ("EAEU", "CIS", "CENTRAL_ASIA", "EUROPE", "WORLD")
ALL_AGGREGATES = "EU, EU27, EU28, EAEU, CIS, CENTRAL_ASIA, EUROPE, WORLD"


def test_labels() -> None:
    assert [label(c) for c in ("LT", "RO", "EE", "DE", "PL", "LV", "GB")] == [
        "Lithuania", "Romania", "Estonia", "Germany", "Poland", "Latvia", "United Kingdom",
    ]  # fmt: skip
    assert label("EU") == "European Union"
    assert label("EU27").startswith("European Union (27 members")
    assert label("EU28").startswith("European Union (28 members")
    # ISO's common name where it gives one.
    assert (label("MD"), label("KR")) == ("Moldova", "South Korea")
    assert [label(a) for a in NEW] == [
        "Eurasian Economic Union", "Commonwealth of Independent States", "Central Asia", "Europe", "World",
    ]  # fmt: skip


def test_russian_labels() -> None:
    assert [label(c, "ru") for c in ("LT", "DE", "PL", "EE", "RO", "LV")] == [
        "Литва", "Германия", "Польша", "Эстония", "Румыния", "Латвия",
    ]  # fmt: skip
    assert label("EU", "ru") == "Европейский союз"
    assert label("EAEU", "ru") == "Евразийский экономический союз"
    assert label("CIS", "ru") == "Содружество Независимых Государств"
    assert label("CENTRAL_ASIA", "ru") == "Центральная Азия"
    assert label("EUROPE", "ru") == "Европа"
    assert label("EU27", "ru").startswith("Европейский союз (27 стран")
    # The translation of the name the English label uses: the common name where ISO gives one.
    assert label("KR", "ru") == "Южная Корея"
    assert label("LT", lang="en") == label("LT")


def test_label_of_no_partner() -> None:
    with pytest.raises(RecordError) as err:
        label("XX")
    assert str(err.value) == (
        "partner: field 'code' is 'XX'; expected an ISO 3166-1 alpha-2 country code other than KZ (e.g. 'LT'), "
        "or " + ALL_AGGREGATES
    )
    with pytest.raises(RecordError):
        label("KZ", "ru")


def test_label_of_unknown_language() -> None:
    with pytest.raises(UsageError) as err:
        label("LT", "lt")  # type: ignore[arg-type]
    assert str(err.value) == "lang='lt' is not accepted: expected one of 'en', 'ru'"


def test_every_iso_country_is_a_partner_but_the_reporter() -> None:
    assert len(ISO) > 240
    assert all(is_partner(c) for c in ISO - {"KZ"})
    assert not is_partner("KZ")
    assert all(is_partner(a) for a in AGGREGATES)
    assert not any(is_partner(c) for c in ("", "XX", "lt", "EU29", "LTU", "Lithuania", "eaeu"))


def test_codes_end_with_every_aggregate() -> None:
    assert codes()[-len(AGGREGATES) :] == tuple(AGGREGATES)
    assert list(AGGREGATES) == ["EU", "EU27", "EU28", *NEW]
    assert len(codes()) == len(ISO) - 1 + len(AGGREGATES)


# ---------------------------------------------------------------------------- membership by date


def test_eu_membership_by_date() -> None:
    assert members("EU", date(1957, 12, 31)) == frozenset()
    assert members("EU", date(1958, 1, 1)) == FOUNDERS
    assert len(members("EU", date(1973, 1, 1))) == 9
    assert len(members("EU", date(1981, 1, 1))) == 10
    assert len(members("EU", date(1986, 1, 1))) == 12
    assert len(members("EU", date(1995, 1, 1))) == 15
    assert len(members("EU", date(2004, 4, 30))) == 15
    assert len(members("EU", date(2004, 5, 1))) == 25
    assert len(members("EU", date(2007, 1, 1))) == 27
    assert "HR" not in members("EU", date(2013, 6, 30))
    assert members("EU", date(2013, 7, 1)) == EU27 | {"GB"}
    # The United Kingdom was a member until the end of 31 January 2020.
    assert members("EU", date(2020, 1, 31)) == EU27 | {"GB"}
    assert members("EU", date(2020, 2, 1)) == EU27
    assert members("EU", date(2025, 1, 1)) == EU27


@pytest.mark.parametrize("day", [date(1960, 1, 1), date(2010, 6, 1), date(2030, 1, 1)])
def test_fixed_compositions(day: date) -> None:
    assert members("EU27", day) == EU27
    assert members("EU28", day) == EU27 | {"GB"}
    assert members("CENTRAL_ASIA", day, partners_of_kz=False) == {"KZ", "KG", "TJ", "TM", "UZ"}
    assert members("EUROPE", day) == members("EUROPE", date(2000, 1, 1))
    assert members("WORLD", day) == ISO - {"KZ"}


def test_eaeu_membership_by_date() -> None:
    assert members("EAEU", date(2014, 12, 31), partners_of_kz=False) == frozenset()
    assert members("EAEU", date(2015, 1, 1), partners_of_kz=False) == {"BY", "KZ", "RU"}
    assert members("EAEU", date(2015, 1, 2), partners_of_kz=False) == {"AM", "BY", "KZ", "RU"}
    assert "KG" not in members("EAEU", date(2015, 8, 11))
    assert "KG" in members("EAEU", date(2015, 8, 12))
    assert members("EAEU", date(2024, 1, 1), partners_of_kz=False) == {"AM", "BY", "KG", "KZ", "RU"}


def test_kazakhstan_is_no_partner_member() -> None:
    day = date(2024, 1, 1)
    # Kazakhstan's trade "with the EAEU" is its trade with the other members.
    assert members("EAEU", day) == {"AM", "BY", "KG", "RU"}
    for aggregate in AGGREGATES:
        assert "KZ" not in members(aggregate, day)
    for aggregate in ("EAEU", "CIS", "CENTRAL_ASIA", "WORLD"):
        assert "KZ" in members(aggregate, day, partners_of_kz=False)
        assert members(aggregate, day, partners_of_kz=False) - {"KZ"} == members(aggregate, day)
    assert "KZ" not in members("EUROPE", day, partners_of_kz=False)  # Central Asia, under M49
    assert member_throughout("EAEU", "KZ", date(2015, 1, 1), date(2024, 12, 31))  # membership in law


def test_cis_membership_by_date() -> None:
    assert members("CIS", date(1991, 12, 20)) == frozenset()
    assert members("CIS", date(1991, 12, 21), partners_of_kz=False) == CIS_1991
    # Georgia from its accession in December 1993 to its withdrawal, effective 18 August 2009.
    assert "GE" not in members("CIS", date(1993, 12, 2))
    assert "GE" in members("CIS", date(1993, 12, 3))
    assert "GE" in members("CIS", date(2008, 12, 31))
    assert "GE" in members("CIS", date(2009, 8, 17))
    assert "GE" not in members("CIS", date(2009, 8, 18))
    assert "GE" not in members("CIS", date(2009, 8, 19))
    # Turkmenistan counts throughout, as associate member since 26 August 2005 too.
    assert member_throughout("CIS", "TM", date(1992, 1, 1), date(2030, 12, 31))
    # Ukraine until it ended its participation in the CIS's bodies, on 19 May 2018.
    assert "UA" in members("CIS", date(2018, 5, 18))
    assert "UA" not in members("CIS", date(2018, 5, 19))
    assert members("CIS", date(2024, 1, 1), partners_of_kz=False) == CIS_1991 - {"UA"}
    assert "CIS_RULE" in partners.__all__
    assert "Ukraine counts from 21 December 1991 to 18 May 2018" in partners.CIS_RULE


def test_europe_is_m49_europe_plus_cyprus() -> None:
    text = resources.files("kzlt_trade").joinpath("partners_data", "m49_europe.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    m49 = {r["iso_alpha2"] for r in rows if r["iso_alpha2"]}
    assert {r["sub_region"] for r in rows} == {"Eastern Europe", "Northern Europe", "Southern Europe", "Western Europe"}
    assert [r["country_or_area"] for r in rows if not r["iso_alpha2"]] == ["Sark"]
    assert m49 <= ISO
    assert len(m49) == len(rows) - 1 == 51
    assert {"RU", "BY", "UA", "MD", "GB", "NO", "CH", "IS", "RS", "LT"} <= m49
    # Western Asia (145) and Central Asia (143) under M49.
    assert not m49 & {"KZ", "CY", "TR", "GE", "AM", "AZ"}
    assert members("EUROPE", date(2020, 1, 1)) == m49 | set(EUROPE_ADDITIONS)
    assert EUROPE_ADDITIONS == ("CY",)
    for row in rows:
        if row["iso_alpha2"]:
            country = pycountry.countries.get(alpha_2=row["iso_alpha2"])
            assert country is not None
            assert (country.alpha_3, country.numeric) == (row["iso_alpha3"], row["m49"])


def test_member_throughout() -> None:
    assert member_throughout("EU", "HR", date(2014, 1, 1), date(2014, 12, 31))
    assert not member_throughout("EU", "HR", date(2013, 1, 1), date(2013, 12, 31))
    assert member_throughout("EU", "GB", date(2019, 1, 1), date(2019, 12, 31))
    assert member_throughout("EU", "GB", date(2020, 1, 1), date(2020, 1, 31))
    assert not member_throughout("EU", "GB", date(2020, 1, 1), date(2020, 12, 31))
    assert not member_throughout("EU", "NO", date(2020, 1, 1), date(2020, 12, 31))
    assert member_throughout("EU27", "HR", date(2000, 1, 1), date(2000, 12, 31))
    assert not member_throughout("EU27", "GB", date(2000, 1, 1), date(2000, 12, 31))
    assert not member_throughout("EAEU", "KG", date(2015, 1, 1), date(2015, 12, 31))
    assert member_throughout("EAEU", "KG", date(2016, 1, 1), date(2016, 12, 31))
    assert not member_throughout("CIS", "GE", date(2009, 1, 1), date(2009, 12, 31))
    assert member_throughout("EUROPE", "RU", date(1990, 1, 1), date(2030, 12, 31))
    assert member_throughout("WORLD", "LT", date(1990, 1, 1), date(2030, 12, 31))


def test_unknown_aggregate() -> None:
    with pytest.raises(RecordError) as err:
        members("EFTA", date(2020, 1, 1))
    assert str(err.value) == "partner: field 'aggregate' is 'EFTA'; expected one of " + ALL_AGGREGATES
    with pytest.raises(RecordError):
        member_throughout("LT", "LT", date(2020, 1, 1), date(2020, 1, 2))
    with pytest.raises(RecordError):
        memberships("EFTA")


def test_memberships_table() -> None:
    every = memberships()
    assert len({(m.aggregate, m.member) for m in every}) == len(every)
    assert {m.aggregate for m in every} == set(AGGREGATES)
    assert {m.aggregate for m in MEMBERSHIPS} == set(AGGREGATES) - {"EUROPE", "WORLD"}
    assert set(MEMBERSHIPS) <= set(every)
    assert all(m.member in ISO for m in every)
    assert all(is_partner(m.member) for m in every if m.member != "KZ")
    assert [(m.aggregate, m.member) for m in every if m.left is not None] == [
        ("EU", "GB"), ("CIS", "UA"), ("CIS", "GE"),
    ]  # fmt: skip
    assert sum(m.aggregate == "EU" for m in MEMBERSHIPS) == 28
    assert sum(m.aggregate == "CIS" for m in MEMBERSHIPS) == 12


# ---------------------------------------------------------------------------- contains and overlaps

Y2019 = (date(2019, 1, 1), date(2019, 12, 31))
Y2021 = (date(2021, 1, 1), date(2021, 12, 31))


@pytest.mark.parametrize("span", [Y2019, Y2021])
def test_eu_lies_within_europe(span: tuple[date, date]) -> None:
    assert contains("EUROPE", "EU", *span)
    assert contains("EUROPE", "EU27", *span)
    assert contains("EUROPE", "EU28", *span)
    assert contains("EU", "LT", *span)
    assert contains("EUROPE", "RU", *span)
    assert contains("EUROPE", "BY", *span)
    assert not contains("EUROPE", "KZ", *span, partners_of_kz=False)
    assert not contains("EUROPE", "CIS", *span)
    assert contains("EU", "EU", *span)


def test_contains_follows_the_dates() -> None:
    assert contains("EU", "GB", *Y2019)
    assert not contains("EU", "GB", *Y2021)
    assert not contains("EU", "GB", date(2020, 1, 1), date(2020, 12, 31))
    assert contains("EU", "GB", date(2020, 1, 1), date(2020, 1, 31))
    assert contains("EU28", "EU", *Y2021)
    assert not contains("EU", "EU28", *Y2021)
    assert contains("EU", "EU28", *Y2019)
    assert contains("EU", "EU27", *Y2021)
    assert not contains("EU", "EU27", date(2012, 1, 1), date(2012, 12, 31))  # no HR yet
    assert not contains("EU", "HR", date(2013, 6, 30), date(2013, 7, 1))


def test_eaeu_within_cis_where_true_by_date() -> None:
    assert contains("CIS", "EAEU", date(2015, 1, 1), date(2024, 12, 31))
    assert contains("CIS", "EAEU", date(2015, 1, 1), date(2024, 12, 31), partners_of_kz=False)
    assert contains("CIS", "GE", date(2000, 1, 1), date(2009, 8, 17))
    assert not contains("CIS", "GE", date(2000, 1, 1), date(2009, 8, 18))
    assert contains("CIS", "CENTRAL_ASIA", *Y2021)
    assert not contains("EAEU", "CENTRAL_ASIA", *Y2021)
    # Before the EAEU there were no members to lie outside the CIS.
    assert contains("EU", "EAEU", date(2000, 1, 1), date(2014, 12, 31))


@pytest.mark.parametrize("inner", [*AGGREGATES, "LT", "US", "CN"])
def test_everything_lies_within_the_world(inner: str) -> None:
    assert contains("WORLD", inner, date(1950, 1, 1), date(2035, 12, 31))
    assert contains("WORLD", inner, date(1950, 1, 1), date(2035, 12, 31), partners_of_kz=False)


def test_overlaps() -> None:
    assert overlaps("EU", "EUROPE", *Y2021)
    assert overlaps("EU", "GB", *Y2019)
    assert not overlaps("EU", "GB", *Y2021)
    assert overlaps("EU", "GB", date(2020, 1, 1), date(2020, 12, 31))  # in January
    assert not overlaps("EU", "CIS", *Y2021)
    assert overlaps("EUROPE", "CIS", *Y2021)  # RU, BY, MD
    assert not overlaps("EUROPE", "CENTRAL_ASIA", *Y2021)
    # Sharing only Kazakhstan is no overlap of Kazakhstan's partners.
    before_kg = (date(2015, 1, 1), date(2015, 8, 11))
    assert not overlaps("EAEU", "CENTRAL_ASIA", *before_kg)
    assert overlaps("EAEU", "CENTRAL_ASIA", *before_kg, partners_of_kz=False)
    assert overlaps("EAEU", "CENTRAL_ASIA", date(2015, 1, 1), date(2015, 8, 12))
    assert not overlaps("LT", "LV", *Y2021)
    assert overlaps("LT", "LT", *Y2021)


def test_contains_and_overlaps_check_their_arguments() -> None:
    with pytest.raises(UsageError) as err:
        contains("EU", "LT", date(2021, 1, 2), date(2021, 1, 1))
    assert str(err.value) == (
        "end=datetime.date(2021, 1, 1) is not accepted: expected a date on or after start=datetime.date(2021, 1, 2)"
    )
    with pytest.raises(RecordError):
        contains("EU", "XX", *Y2021)
    with pytest.raises(RecordError) as kz:
        overlaps("EAEU", "KZ", *Y2021)
    assert "partners_of_kz=False" in str(kz.value)
    assert overlaps("EAEU", "KZ", *Y2021, partners_of_kz=False)


def test_contains_is_cheap_for_thousands_of_pairs() -> None:
    import time

    pairs = [(a, b) for a in AGGREGATES for b in [*AGGREGATES, *sorted(ISO - {"KZ"})]]
    t0 = time.perf_counter()
    for year in range(2000, 2010):
        span = (date(year, 1, 1), date(year, 12, 31))
        for a, b in pairs:
            contains(a, b, *span)
            overlaps(a, b, *span)
    assert len(pairs) * 10 > 10_000
    assert time.perf_counter() - t0 < 10  # a few hundredths of a millisecond per call


DAYS = st.dates(date(1950, 1, 1), date(2035, 12, 31))
CODES = st.sampled_from(sorted(EU27 | CIS_1991 | {"GB", "NO", "CH", "GE", "CY", "US"}))
PARTS = st.sampled_from([*AGGREGATES, "LT", "GB", "GE", "UA", "KG", "RU", "CY", "US"])


@given(aggregate=st.sampled_from(sorted(AGGREGATES)), code=CODES, a=DAYS, b=DAYS, k=st.integers(0, 100))
def test_throughout_means_on_every_day(aggregate: str, code: str, a: date, b: date, k: int) -> None:
    start, end = min(a, b), max(a, b)
    throughout = member_throughout(aggregate, code, start, end)
    day = start + timedelta(days=(end - start).days * k // 100)
    if throughout:
        assert code in members(aggregate, day, partners_of_kz=False)
    # Each membership is one span of days: member on both ends means member throughout.
    both_ends = code in members(aggregate, start, partners_of_kz=False) and code in members(
        aggregate, end, partners_of_kz=False
    )
    assert throughout == both_ends


@given(outer=PARTS, inner=PARTS, a=DAYS, b=DAYS, k=st.integers(0, 100))
def test_contains_and_overlaps_mean_on_every_day_and_on_some_day(
    outer: str, inner: str, a: date, b: date, k: int
) -> None:
    start, end = min(a, b), max(a, b)
    day = start + timedelta(days=(end - start).days * k // 100)

    def of(code: str, on: date) -> frozenset[str]:
        return members(code, on) if code in AGGREGATES else frozenset({code})

    if contains(outer, inner, start, end):
        assert of(inner, day) <= of(outer, day)
    if of(inner, day) & of(outer, day):
        assert overlaps(outer, inner, start, end)
    assert overlaps(outer, inner, start, end) == overlaps(inner, outer, start, end)
    # Containment is transitive: inner within outer within the world.
    if contains(outer, inner, start, end):
        assert contains("WORLD", inner, start, end)


# ---------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Germany", "DE"), ("Federal Republic of Germany", "DE"), ("Германия", "DE"),
        ("Poland", "PL"), ("Польша", "PL"), ("Lithuania", "LT"), ("Литва", "LT"),
        ("EU", "EU"), ("European Union", "EU"), ("Евросоюз", "EU"), ("ЕС", "EU"),
        ("Европейский союз", "EU"), ("страны ЕС", "EU"),
        ("European countries", "EUROPE"), ("европейские страны", "EUROPE"), ("страны Европы", "EUROPE"),
        ("ЕАЭС", "EAEU"), ("EAEU", "EAEU"), ("Eurasian Economic Union", "EAEU"),
        ("СНГ", "CIS"), ("CIS", "CIS"), ("Central Asia", "CENTRAL_ASIA"), ("Центральная Азия", "CENTRAL_ASIA"),
        # Russian case forms, by the stemming rule.
        ("Литвы", "LT"), ("с Литвой", "LT"), ("в Литве", "LT"), ("Германии", "DE"), ("с Германией", "DE"),
        ("Польши", "PL"), ("Польшей", "PL"), ("Эстонии", "EE"), ("Румынии", "RO"), ("Латвии", "LV"),
        ("Франции", "FR"), ("Литву", "LT"), ("из Германии", "DE"), ("Китая", "CN"), ("с Китаем", "CN"),
        ("Российской Федерации", "RU"), ("России", "RU"), ("Евросоюза", "EU"), ("Центральной Азии", "CENTRAL_ASIA"),
        ("Нигера", "NE"), ("Нигерии", "NG"),
        # Case, spaces, ё and stress marks do not matter.
        ("  germany ", "DE"), ("ГЕРМАНИЯ", "DE"), ("Соединённые Штаты Америки", "US"),
        ("Соединенные Штаты Америки", "US"), ("Исламская Республика Иран", "IR"),
        ("Kazakhstan", "KZ"), ("Казахстан", "KZ"),
    ],
)  # fmt: skip
def test_code_of(name: str, code: str) -> None:
    assert code_of(name) == code


def test_code_of_by_language() -> None:
    assert code_of("Germany", "en") == "DE"
    assert code_of("Германии", "ru") == "DE"
    with pytest.raises(RecordError):
        code_of("Germany", "ru")
    with pytest.raises(RecordError):
        code_of("Германии", "en")  # stemming is Russian
    with pytest.raises(UsageError):
        code_of("Germany", "de")  # type: ignore[arg-type]


def test_code_of_unknown_name() -> None:
    with pytest.raises(RecordError) as err:
        code_of("Atlantis")
    assert str(err.value) == (
        "partner name: field 'name' is 'Atlantis'; expected a country or aggregate name in English or Russian, "
        "e.g. 'Lithuania', 'Литва', 'с Литвой', 'European Union', 'ЕАЭС'"
    )
    assert err.value.value == "Atlantis"
    for name in ("", "Лит", "Германиями", "trade with Germany", "DE"):
        with pytest.raises(RecordError):
            code_of(name)


COUNTRIES = st.sampled_from(sorted(ISO - {"KZ"}))


@given(code=COUNTRIES, day=DAYS)
def test_every_country_has_names_that_read_back(code: str, day: date) -> None:
    # A label does not depend on the date; the country is in the world on every day.
    assert code in members("WORLD", day)
    assert label(code, "ru").strip()
    # No country's English or Russian label is ambiguous in ISO 3166-1 and its translation
    # (test_no_name_is_ambiguous), so none is excluded here.
    assert code_of(label(code)) == code
    assert code_of(label(code, "ru")) == code
    assert code_of(label(code, "ru"), "ru") == code


def test_no_name_is_ambiguous() -> None:
    from kzlt_trade.partners import _names, _normal

    names = _names()
    for lang in ("en", "ru"):
        assert all(len(v) == 1 for v in names.exact[lang].values()), lang
    # Every Russian label, stemmed, still names its own country only.
    for code in sorted(ISO - {"KZ"}):
        assert names.stemmed(_normal(label(code, "ru"))) == {code}
    for aggregate in AGGREGATES:
        assert code_of(label(aggregate)) == aggregate
        assert code_of(label(aggregate, "ru")) == aggregate


def test_pycountry_is_not_imported_with_the_library() -> None:
    code = "import sys, kzlt_trade; print('pycountry' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.strip() == "False"
    assert partners.REPORTER == "KZ"


def test_code_of_refuses_an_ambiguous_name(monkeypatch: pytest.MonkeyPatch) -> None:
    # No name of ISO 3166-1 is ambiguous; a made-up index shows what code_of says if one were.
    index = partners._Names({"en": {"georgia": frozenset({"GE", "US"})}, "ru": {}}, ())
    monkeypatch.setattr(partners, "_names", lambda: index)
    with pytest.raises(RecordError) as err:
        code_of("Georgia")
    assert str(err.value) == "partner name: field 'name' is 'Georgia'; expected a name of one partner; it names GE, US"

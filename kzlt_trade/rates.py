"""Exchange rates with provenance: US dollars per unit of a currency, as an interval.

A press release that gives a figure in US dollars for trade the statistics count
in euros or tenge converted it with *some* rate: the year's average, a month's,
the rate of the day it was written. Which one is rarely said. So a rate here is
never one number but the interval a writer's rate plausibly lies in, read from a
table of monthly averages whose every row names its source
(:class:`RateTable`).

**The rate interval policy** (:meth:`RateTable.usd_per_unit`): the rate for a
span of dates is the hull ``[min, max]`` of the *monthly mean* rates of every
calendar month the span touches (a one-day span: that day's month). A writer
who converted with any one month's average of the period is covered, and so is
one who used the period's average, annual or other: it is a day-weighted mean of
the monthly means, so it lies between the least and the greatest of them. A
month the table has no rate for makes the whole span ``None``: the table never
guesses and never extrapolates. US dollars are exactly ``[1, 1]``.

What it does not cover: a writer who averaged the *reciprocal* rate (tenge per
dollar) and inverted it gets a harmonic mean, below the arithmetic mean by a
second-order amount (the variance of the rate within a month, a few parts in a
million for the euro); a writer who used another bank's rates (the National
Bank of Kazakhstan, the Bank of Russia) differs by the spread between banks. A
check that compares converted figures gives them their own tolerance.

The shipped table (:meth:`RateTable.shipped`) holds the monthly means, minima
and maxima of the ECB's euro foreign exchange reference rates since 1999,
crossed through the euro into US dollars; ``rates_data/PROVENANCE.md`` says where
the file came from, with its hashes, and which currencies the ECB does not
publish: the tenge never, the rouble not since March 2022.

>>> from datetime import date
>>> table = RateTable.shipped()
>>> table.usd_per_unit("EUR", date(2023, 1, 1), date(2023, 12, 31))
Interval(1.0562545, 1.1058143)
>>> table.usd_per_unit("KZT", date(2023, 1, 1), date(2023, 12, 31)) is None
True
>>> table.rate_note("EUR", date(2023, 1, 1), date(2023, 12, 31))
'ECB reference rates, monthly averages, 2023-01..2023-12: 1.0562 … 1.1059 USD per EUR'
"""

from __future__ import annotations

import copy
import csv
import functools
import hashlib
import io
import itertools
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal
from importlib import resources
from pathlib import Path
from typing import Any, Literal, get_args

from kzlt_trade.errors import DataFileError, Problem, UsageError
from kzlt_trade.interval import Interval
from kzlt_trade.units import CURRENCY_CODES, currency_code

__all__ = ["COLUMNS", "OnConflict", "RateTable"]

#: The columns of a rate table, in order; a table may add a ``source`` column.
COLUMNS = ("currency", "month", "days", "mean", "min", "max")
_SOURCE = "source"
_SHIPPED = "usd_per_unit_monthly.csv"

#: What :meth:`RateTable.merged` does with a month both tables give for a currency:
#: ``"error"`` raises :class:`~kzlt_trade.errors.DataFileError` naming each such
#: month (the default: two sources that disagree are the user's to settle);
#: ``"other"`` keeps the other table's row (a user's table correcting the shipped
#: one); ``"self"`` keeps this table's row (filling only the months it lacks).
OnConflict = Literal["error", "self", "other"]

_MONTH_RE = re.compile(r"([1-9][0-9]{3})-(0[1-9]|1[0-2])")
# A rate written plainly: ASCII digits and a point ("1_0", "1e3", "inf", "٣" are not rates).
_PLAIN_RATE = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_RATE_EXPECTED = "a positive number of US dollars per unit of the currency, e.g. '1.0813'"


@dataclass(frozen=True)
class _Month:
    """One row of a rate table: a currency's rates in one calendar month."""

    #: ISO 4217 code.
    currency: str
    #: ``year * 12 + month - 1``, so that consecutive months are consecutive integers.
    index: int
    #: Days with a rate in the month.
    days: int
    #: Mean, minimum and maximum of the daily USD per unit; ``None`` for a month without a rate.
    mean: float | None
    low: float | None
    high: float | None
    #: Where the rate comes from, as the table says ("ECB reference rates").
    source: str
    #: The file and 1-based data row it was read from.
    file: str
    row: int


def _month_text(index: int) -> str:
    year, month = divmod(index, 12)
    return f"{year:04d}-{month + 1:02d}"


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _span_text(first: int, last: int) -> str:
    return _month_text(first) if first == last else f"{_month_text(first)}..{_month_text(last)}"


def _short(x: float, rounding: str) -> str:
    # Five significant digits, rounded outward, so that the note never claims a narrower range.
    # From the float's shortest repr: float() of the text is then on the right side of x.
    d = Context(prec=5, rounding=rounding).plus(Decimal(repr(x)))
    return format(d.normalize(), "f") if d.adjusted() >= -6 else f"{d.normalize():E}"


class RateTable:
    """Monthly average exchange rates, in US dollars per unit of each currency, with their source.

    Build one with :meth:`shipped` (the ECB's rates, shipped with the library),
    :meth:`read` (a table of your own, in the same columns) or :meth:`merged`.
    A table is immutable.

    Examples
    --------
    >>> table = RateTable.shipped()
    >>> "EUR" in table.currencies(), "KZT" in table.currencies()
    (True, False)
    >>> table.coverage("RUB")
    ('2005-04', '2022-02')
    """

    __slots__ = ("_provenance", "_series")

    def __init__(self, rows: Iterable[_Month], provenance: Mapping[str, Any]) -> None:
        series: dict[str, dict[int, _Month]] = {}
        for r in rows:
            series.setdefault(r.currency, {})[r.index] = r
        self._series = series
        self._provenance: dict[str, Any] = copy.deepcopy(dict(provenance))

    # -- construction -----------------------------------------------------------
    @classmethod
    def shipped(cls) -> RateTable:
        """The table shipped with the library: ECB reference rates, monthly, since 1999 (read once).

        Its :attr:`provenance` is ``rates_data/provenance.json``.
        """
        return _shipped()

    @classmethod
    def read(cls, path: str | Path) -> RateTable:
        """A table from a CSV file with the columns :data:`COLUMNS` and, optionally, ``source``.

        One row per currency and month: ``currency`` an ISO 4217 code (not USD,
        which is 1 by definition), ``month`` as ``YYYY-MM``, ``days`` the days with
        a rate, and ``mean``, ``min``, ``max`` of the daily US dollars per unit;
        all three empty for a month without a rate. A currency's months run
        without a gap from its first to its last. ``source`` names where the
        rates come from (the file's name when absent). Rows are numbered from 1,
        the header being row 0, blank lines not counted (as
        :func:`kzlt_trade.load` numbers them).

        Raises
        ------
        DataFileError
            Listing every problem in the file: row, field, value, what was expected.
        """
        path = Path(path)
        name, folder = path.name, str(path.parent)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DataFileError(
                [Problem(name, None, None, None, f"a readable rate table at {path} ({exc.strerror})")], folder=folder
            ) from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DataFileError(
                [Problem(name, None, None, None, f"UTF-8 text ({exc.reason} at byte {exc.start})")], folder=folder
            ) from None
        rows = _parse(text, name, default_source=name, folder=folder)
        provenance = {
            "file": str(path),
            "sha256": hashlib.sha256(data).hexdigest(),
            "sources": sorted({r.source for r in rows}),
        }
        return cls(rows, provenance)

    def merged(self, other: RateTable, *, on_conflict: OnConflict = "error") -> RateTable:
        """This table with the rows of ``other`` added; ``on_conflict`` (:data:`OnConflict`) settles shared months.

        >>> ecb = RateTable.shipped()
        >>> ecb.merged(ecb, on_conflict="self").usd_per_unit("EUR", date(2023, 5, 1), date(2023, 5, 1))
        Interval(1.08675, 1.08675)
        """
        if on_conflict not in get_args(OnConflict):
            raise UsageError("on_conflict", on_conflict, f"one of {', '.join(map(repr, get_args(OnConflict)))}")
        problems: list[Problem] = []
        rows = {(r.currency, r.index): r for r in self._rows()}
        for r in other._rows():
            mine = rows.get((r.currency, r.index))
            if mine is None or on_conflict == "other":
                rows[(r.currency, r.index)] = r
            elif on_conflict == "error":
                problems.append(
                    Problem(
                        r.file, r.row, "month", _month_text(r.index),
                        f"a month the other table does not give for {r.currency} (row {mine.row} of {mine.file} "
                        "does); or merged(..., on_conflict='other') to prefer this row, or 'self' to keep that one",
                    )
                )  # fmt: skip
        if problems:
            raise DataFileError(problems)
        return RateTable(rows.values(), {"merged": [self._provenance, other._provenance], "on_conflict": on_conflict})

    # -- queries ----------------------------------------------------------------
    @property
    def provenance(self) -> dict[str, Any]:
        """Where the rates come from (a copy: the table stays as it was read)."""
        return copy.deepcopy(self._provenance)

    def currencies(self) -> tuple[str, ...]:
        """The ISO codes with at least one monthly rate, sorted (USD, always 1, is not listed)."""
        return tuple(
            sorted(c for c, months in self._series.items() if any(m.mean is not None for m in months.values()))
        )

    def coverage(self, currency: str) -> tuple[str, str] | None:
        """The first and the last month (``YYYY-MM``) with a rate for ``currency``, ``None`` without any."""
        months = [i for i, m in self._series.get(currency_code(currency), {}).items() if m.mean is not None]
        return (_month_text(min(months)), _month_text(max(months))) if months else None

    def usd_per_unit(self, currency: str, start: date, end: date) -> Interval | None:
        """US dollars per unit of ``currency`` over ``[start, end]``, by the rate interval policy.

        The hull of the monthly mean rates of every calendar month the span
        touches (see the module's docstring for why); ``Interval(1, 1)`` for USD;
        ``None`` when any of those months has no rate.

        Parameters
        ----------
        currency
            An ISO code, symbol or word (:func:`kzlt_trade.units.currency_code`).
        start, end
            The first and last day of the span, ``start <= end``.

        Examples
        --------
        >>> t = RateTable.shipped()
        >>> t.usd_per_unit("$", date(2019, 1, 1), date(2019, 1, 1))
        Interval(1.0, 1.0)
        >>> t.usd_per_unit("руб.", date(2023, 1, 1), date(2023, 12, 31)) is None
        True
        """
        code, first, last = self._span(currency, start, end)
        if code == "USD":
            return Interval(1.0, 1.0)
        means = self._means(code, first, last)
        if means is None:
            return None
        return Interval(min(means), max(means))

    def rate_note(self, currency: str, start: date, end: date) -> str:
        """One line that says which rate :meth:`usd_per_unit` gives for the span, and from where.

        >>> t = RateTable.shipped()
        >>> t.rate_note("тенге", date(2019, 1, 1), date(2019, 12, 31))
        'no exchange rate for KZT in 2019-01..2019-12'
        >>> t.rate_note("RUB", date(2022, 1, 1), date(2022, 6, 30))
        'no exchange rate for RUB in 2022-01..2022-06 (none for 2022-03..2022-06)'
        """
        code, first, last = self._span(currency, start, end)
        span = _span_text(first, last)
        if code == "USD":
            return f"US dollars, {span}: 1 USD per USD, no exchange rate needed"
        means = self._means(code, first, last)
        if means is None:
            have = self._series.get(code, {})
            missing = [i for i in range(first, last + 1) if i not in have or have[i].mean is None]
            detail = ""
            if len(missing) < last - first + 1:
                runs = _runs(missing)
                detail = " (none for " + ", ".join(_span_text(a, b) for a, b in runs) + ")"
            return f"no exchange rate for {code} in {span}{detail}"
        months = self._series[code]
        sources = "; ".join(dict.fromkeys(months[i].source for i in range(first, last + 1)))
        lo, hi = _short(min(means), ROUND_FLOOR), _short(max(means), ROUND_CEILING)
        return f"{sources}, monthly averages, {span}: {lo} … {hi} USD per {code}"

    # -- helpers ----------------------------------------------------------------
    def _span(self, currency: str, start: date, end: date) -> tuple[str, int, int]:
        code = currency_code(currency)
        if not isinstance(start, date) or not isinstance(end, date):
            raise UsageError("start, end", (start, end), "two datetime.date objects")
        if end < start:
            raise UsageError("end", end, f"a date on or after start ({start.isoformat()})")
        return code, _month_index(start), _month_index(end)

    def _means(self, code: str, first: int, last: int) -> list[float] | None:
        months = self._series.get(code)
        if months is None:
            return None
        out: list[float] = []
        for i in range(first, last + 1):
            m = months.get(i)
            if m is None or m.mean is None:
                return None
            out.append(m.mean)
        return out

    def _rows(self) -> Iterable[_Month]:
        for months in self._series.values():
            yield from months.values()

    def __len__(self) -> int:
        return sum(len(months) for months in self._series.values())

    def __repr__(self) -> str:
        name = self._provenance.get("short_name") or self._provenance.get("file") or "merged tables"
        return f"<RateTable: {len(self)} months of {len(self._series)} currencies, {name}>"


def _runs(indices: list[int]) -> list[tuple[int, int]]:
    """Consecutive integers grouped into (first, last) runs."""
    runs: list[tuple[int, int]] = []
    for i in indices:
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


@functools.cache
def _shipped() -> RateTable:
    folder = resources.files("kzlt_trade").joinpath("rates_data")
    provenance = json.loads(folder.joinpath("provenance.json").read_text(encoding="utf-8"))
    text = folder.joinpath(_SHIPPED).read_text(encoding="utf-8")
    rows = _parse(text, _SHIPPED, default_source=str(provenance["short_name"]), folder="kzlt_trade/rates_data")
    return RateTable(rows, provenance)


def _rate(
    problems: list[Problem], file: str, n: int, field: str, value: str
) -> float | None:  # a positive finite number, or a problem
    try:
        x = float(value) if _PLAIN_RATE.fullmatch(value) else math.nan
    except ValueError:  # pragma: no cover (the pattern admits only what float reads)
        x = math.nan
    if not (math.isfinite(x) and x > 0):
        problems.append(Problem(file, n, field, value, _RATE_EXPECTED))
        return None
    return x


def _parse(text: str, file: str, *, default_source: str, folder: str) -> list[_Month]:
    """The rows of a rate table, every problem collected and raised at once."""
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    allowed = (*COLUMNS, _SOURCE)
    missing = [c for c in COLUMNS if c not in header]
    problems += [
        Problem(file, None, c, None, f"a column named {c!r} (columns: {', '.join(COLUMNS)}, optionally {_SOURCE})")
        for c in missing
    ]
    problems += [
        Problem(file, None, c, c, f"only the columns {', '.join(COLUMNS)} and, optionally, {_SOURCE}")
        for c in header
        if c not in allowed
    ]
    if problems:
        raise DataFileError(problems, folder=folder)
    where = {c: i for i, c in enumerate(header)}
    out: list[_Month] = []
    seen: dict[tuple[str, int], int] = {}
    n = 0
    for fields in reader:
        if not fields:
            continue  # as kzlt_trade.io: blank lines are skipped, and not counted
        n += 1
        if len(fields) != len(header):
            extra = str(fields[len(header) :]) if len(fields) > len(header) else ""
            problems.append(Problem(file, n, None, extra, f"exactly {len(header)} fields"))
            continue
        row = {c: fields[i] for c, i in where.items()}
        month = _check_row(problems, file, n, row, row.get(_SOURCE) or default_source)
        if month is None:
            continue
        key = (month.currency, month.index)
        if key in seen:
            problems.append(
                Problem(
                    file, n, "month", row["month"],
                    f"a month given once for {month.currency} (row {seen[key]} gives {row['month']} already)",
                )
            )  # fmt: skip
            continue
        seen[key] = n
        out.append(month)
    problems += _gaps(out, file)
    if problems:
        raise DataFileError(problems, folder=folder)
    return out


def _check_row(problems: list[Problem], file: str, n: int, row: dict[str, str], source: str) -> _Month | None:
    """The month a row gives, or ``None`` after appending its problems."""
    before = len(problems)
    code = row["currency"]
    if code == "USD":
        problems.append(
            Problem(file, n, "currency", code, "a currency other than USD: one US dollar is 1 USD by definition")
        )
    elif code not in CURRENCY_CODES:
        problems.append(Problem(file, n, "currency", code, "an ISO 4217 currency code in capitals, such as 'EUR'"))
    match = _MONTH_RE.fullmatch(row["month"])
    if match is None:
        problems.append(Problem(file, n, "month", row["month"], "a month written YYYY-MM, e.g. '2023-01'"))
    days_text = row["days"]
    days = int(days_text) if days_text.isascii() and days_text.isdigit() else -1
    if not 0 <= days <= 31:
        problems.append(Problem(file, n, "days", days_text, "a whole number of days from 0 to 31"))
    texts = {f: row[f] for f in ("mean", "min", "max")}
    values: dict[str, float | None] = dict.fromkeys(texts)
    if any(texts.values()):
        for f, t in texts.items():
            if not t:
                problems.append(
                    Problem(file, n, f, None, f"{_RATE_EXPECTED}; or mean, min and max all empty for no rate")
                )
            else:
                values[f] = _rate(problems, file, n, f, t)
        mean, low, high = values["mean"], values["min"], values["max"]
        if mean is not None and low is not None and low > mean:
            problems.append(Problem(file, n, "min", texts["min"], f"a minimum not above the mean {texts['mean']}"))
        if mean is not None and high is not None and mean > high:
            problems.append(Problem(file, n, "max", texts["max"], f"a maximum not below the mean {texts['mean']}"))
        if days == 0:
            problems.append(Problem(file, n, "days", days_text, "at least 1 day for a month with a rate"))
    if len(problems) > before or match is None:
        return None
    index = int(match.group(1)) * 12 + int(match.group(2)) - 1
    return _Month(code, index, days, values["mean"], values["min"], values["max"], source, file, n)


def _gaps(rows: list[_Month], file: str) -> list[Problem]:
    """A problem for each run of months missing inside a currency's series, at the row after it."""
    problems: list[Problem] = []
    by_currency: dict[str, list[_Month]] = {}
    for r in rows:
        by_currency.setdefault(r.currency, []).append(r)
    for code, months in by_currency.items():
        months.sort(key=lambda m: m.index)
        for prev, cur in itertools.pairwise(months):
            if cur.index != prev.index + 1:
                missing = _span_text(prev.index + 1, cur.index - 1)
                problems.append(
                    Problem(
                        file, cur.row, "month", _month_text(cur.index),
                        f"the month after {_month_text(prev.index)} for {code} (row {prev.row}): {missing} "
                        "missing; write a row with days 0 and empty mean, min and max for a month without a rate",
                    )
                )  # fmt: skip
    problems.sort(key=lambda p: p.row or 0)
    return problems

"""The BNS workbooks' figures as the shipped CSV holds them: read and validated, without pandas.

``data/official/bns_trade_by_partner.csv`` (see ``data/official/README.md``) holds
Kazakhstan's trade with Lithuania, Romania, Estonia and the EU block, one row per
workbook, sheet and partner, in thousand US dollars exactly as the cells store
them. :func:`read_official_rows` reads it for :func:`kzlt_trade.load` (through
:mod:`kzlt_trade.official_claims`) and for :func:`kzlt_trade.load_official`, which
makes a pandas table of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from kzlt_trade.errors import DataFileError, Problem
from kzlt_trade.files import table_rows

__all__ = [
    "OFFICIAL_COLUMNS",
    "OFFICIAL_FILE",
    "OFFICIAL_INDICATORS",
    "OFFICIAL_PARTNERS",
    "SUM_TOLERANCE",
    "eu_coverage",
    "read_official_rows",
]

#: The file :func:`load_official` reads, inside ``data/official/``.
OFFICIAL_FILE = "bns_trade_by_partner.csv"

#: Columns of :data:`OFFICIAL_FILE`, in order (see ``data/official/README.md``).
OFFICIAL_COLUMNS = (
    "partner", "year", "coverage", "turnover", "exports", "imports",
    "source_file", "sheet", "xls_row", "edition", "published", "revision",
)  # fmt: skip

#: Partners the official file covers: three countries and the EU block («Страны ЕС»).
OFFICIAL_PARTNERS = ("LT", "RO", "EE", "EU")

#: Indicators the official file gives, as the claims name them.
OFFICIAL_INDICATORS = ("turnover", "exports", "imports")

#: The least disagreement allowed between turnover and exports + imports, thousand USD.
#: Wider when the written digits are coarser: see :func:`load_official`.
SUM_TOLERANCE = Decimal("0.01")

# ASCII digits only (``\d`` would take any script's digits, and ``$`` a final newline).
_YEAR = re.compile(r"[0-9]{4}\Z")
_POSITIVE = re.compile(r"[1-9][0-9]*\Z")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?\Z")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")

# The United Kingdom left the EU on 31 January 2020; Croatia joined on 1 July 2013.
# Outside these years the membership of "the EU" for a whole year is not one number.
_EU28_YEARS = range(2014, 2020)
_EU27_FROM = 2020


# -- loading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    """One valid row of the official file, values still in thousand USD."""

    partner: str
    year: int
    coverage: str
    amounts: dict[str, Decimal]
    source_file: str
    sheet: str
    xls_row: int
    edition: int
    published: date | None
    revision: int


@dataclass(frozen=True)
class _Key:
    """What the checks across rows need of a row: who, when, from which file, which revision."""

    n: int
    partner: str
    year: int
    source_file: str
    edition: int
    revision: int


def read_official_rows(file: Path) -> list[_Row]:
    """The valid rows of the official file, in file order, without pandas (for :func:`kzlt_trade.load`).

    Raises
    ------
    DataFileError
        Listing every problem, as :func:`load_official` does.
    """
    rows, problems = _read(file)
    if problems:
        raise DataFileError(problems, folder=str(file.parent))
    return rows


def _read(file: Path) -> tuple[list[_Row], list[Problem]]:
    name = file.name
    problems: list[Problem] = []

    def problem(n: int | None, field: str | None, value: str | None, expected: str) -> None:
        problems.append(Problem(name, n, field, value, expected))

    rows: list[_Row] = []
    keys: list[_Key] = []
    for n, row in table_rows(file, name, OFFICIAL_COLUMNS, problems):
        before = len(problems)
        read, key = _read_row(n, row, problem)
        if key is not None:
            # Rows with a bad value still take part in the checks across rows, so that one
            # mistake gives one problem, not one more for every row that refers to it.
            keys.append(key)
        if read is not None and len(problems) == before:
            rows.append(read)
    _check_editions(keys, problem)
    return rows, problems


def _read_row(n: int, row: dict[str, str], problem: Any) -> tuple[_Row | None, _Key | None]:
    """One row of the official table, its key for the checks across rows, each ``None`` if it cannot be read."""
    partner = row["partner"]
    if partner not in OFFICIAL_PARTNERS:
        problem(n, "partner", partner, "a partner code: " + ", ".join(OFFICIAL_PARTNERS))
    year = _int(row["year"], _YEAR, n, "year", "a year, four digits", problem)
    coverage = row["coverage"]
    if partner == "EU" and coverage not in ("EU28", "EU27"):
        problem(n, "coverage", coverage, "EU28 or EU27 for the EU block")
    elif partner in OFFICIAL_PARTNERS and partner != "EU" and coverage:
        problem(n, "coverage", coverage, "empty for a single country")
    values = _values(n, row, problem)
    for field in ("source_file", "sheet"):
        if not row[field].strip():
            problem(n, field, row[field], f"the {'workbook' if field == 'source_file' else 'sheet'} name")
    xls_row = _int(row["xls_row"], _POSITIVE, n, "xls_row", "a row number, a whole number >= 1", problem)
    edition = _int(row["edition"], _YEAR, n, "edition", "a year, four digits", problem)
    published = _date(row["published"], n, problem)
    revision = _int(row["revision"], _POSITIVE, n, "revision", "a whole number >= 1", problem)
    key = None
    if partner in OFFICIAL_PARTNERS and year is not None and edition is not None and revision is not None:
        key = _Key(n, partner, year, row["source_file"], edition, revision)
    if year is None or xls_row is None or edition is None or revision is None or values is None:
        return None, key
    read = _Row(partner, year, coverage, values, row["source_file"], row["sheet"], xls_row, edition,
                published, revision)  # fmt: skip
    return read, key


def _values(n: int, row: dict[str, str], problem: Any) -> dict[str, Decimal] | None:
    """The row's turnover, exports and imports, checked to add up; ``None`` when one cannot be read."""
    values: dict[str, Decimal] = {}
    for ind in OFFICIAL_INDICATORS:
        text = row[ind]
        if not _NUMBER.match(text):
            problem(n, ind, text, "a number of thousand US dollars, digits with an optional '.', e.g. 453841.40379")
        elif text.startswith("-"):
            problem(n, ind, text, "a number not below zero")
        else:
            values[ind] = Decimal(text)
    if len(values) < len(OFFICIAL_INDICATORS):
        return None
    t, e, m = (values[i] for i in OFFICIAL_INDICATORS)
    allowed = max(SUM_TOLERANCE, sum((_half_step(row[i]) for i in OFFICIAL_INDICATORS), Decimal(0)))
    if abs(t - (e + m)) > allowed:
        problem(n, "turnover", row["turnover"], f"exports + imports = {e + m} (within {allowed} thousand USD)")
    return values


def _check_editions(keys: list[_Key], problem: Any) -> None:
    """One row per (partner, year, file), and revisions numbered in the order of the editions."""
    first: dict[tuple[str, int, str], int] = {}
    groups: dict[tuple[str, int], list[_Key]] = {}
    for r in keys:
        key = (r.partner, r.year, r.source_file)
        if key in first:
            problem(
                r.n, "source_file", r.source_file,
                f"one row per (partner, year, source_file): {r.partner} {r.year} from this file is in row {first[key]}",
            )  # fmt: skip
            continue
        first[key] = r.n
        groups.setdefault((r.partner, r.year), []).append(r)
    for (partner, year), group in groups.items():
        for rank, r in enumerate(sorted(group, key=lambda r: r.edition), start=1):
            if r.revision != rank:
                problem(
                    r.n, "revision", str(r.revision),
                    f"{rank}: edition {r.edition} is publication {rank} of {len(group)} of {partner} {year}",
                )  # fmt: skip


def _int(text: str, pattern: re.Pattern[str], n: int, field: str, expected: str, problem: Any) -> int | None:
    if not pattern.match(text):
        problem(n, field, text, expected)
        return None
    return int(text)


def _date(text: str, n: int, problem: Any) -> date | None:
    if not text:
        return None
    try:
        if not _ISO_DATE.match(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        problem(n, "published", text, "a date YYYY-MM-DD, or empty when the workbook states none")
        return None


def _half_step(text: str) -> Decimal:
    """Half a unit of the last written digit of a plain decimal text ("26981.2" -> 0.05)."""
    _, _, frac = text.partition(".")
    return Decimal(5).scaleb(-len(frac) - 1)


def eu_coverage(year: int) -> str:
    """The EU's membership over a whole calendar year: EU28 in 2014–2019, EU27 from 2020, else ''."""
    if year in _EU28_YEARS:
        return "EU28"
    return "EU27" if year >= _EU27_FROM else ""

"""Eurostat Comext: what each EU member state reports of its trade with Kazakhstan.

The mirror side of the BNS figures (:mod:`kzlt_trade.official`): Eurostat's
dataset DS-045409, "EU trade since 1988 by HS2-4-6 and CN8", gives each member
state's monthly exports to and imports from a partner in euro, as the *member
state* reports them. ``data/official/eurostat/`` ships two extractions of it,
byte for byte: a relational-view CSV (exports to Kazakhstan, all products,
2019-01 to 2024-08, extracted 2024-11-17) and a spreadsheet extract (imports and
exports, HS chapter 27 and all products, seven partners, 2020-01 to 2022-12,
extracted 2023-01-22). ``tools/extract_comext.py`` reads them with
:func:`read_relational_csv` and :func:`read_spreadsheet` into
``data/official/comext_trade_with_kz.csv`` (Kazakhstan as partner only), which
:func:`load_comext` reads and validates; the library itself never opens the raw
files unless asked to.

:func:`comext_total` adds up months, and never counts a month that has no value
as zero: the total is ``None`` and the months are named. :func:`comext_years`
gives calendar years, complete or not.

>>> frame = load_comext()
>>> lt = comext_total(frame, reporter="LT", flow="exports", start="2023-01", end="2023-12")
>>> lt.value_eur, lt.missing
(Decimal('689319004'), ())
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import os
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from kzlt_trade.errors import DataFileError, Problem, RecordError, UsageError
from kzlt_trade.files import bundled_data_path, table_rows
from kzlt_trade.partners import REPORTER, code_of, is_partner
from kzlt_trade.vocabulary import expect, one_of

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "AGGREGATE_REPORTERS",
    "COMEXT_COLUMNS",
    "COMEXT_FILE",
    "COMEXT_FLOWS",
    "EU27_2020",
    "KNOWN_EXTRACTIONS",
    "YEAR_COLUMNS",
    "ComextFlow",
    "YEARS_FILE",
    "YEARS_FILE_COLUMNS",
    "ComextRow",
    "ComextTotal",
    "ComextYear",
    "read_years",
    "yearly_totals",
    "comext_total",
    "comext_years",
    "load_comext",
    "read_relational_csv",
    "read_spreadsheet",
]

#: The processed file :func:`load_comext` reads, inside ``data/official/``.
COMEXT_FILE = "comext_trade_with_kz.csv"

#: Columns of :data:`COMEXT_FILE`, in order (see ``data/official/README.md``).
COMEXT_COLUMNS = (
    "reporter", "partner", "flow", "product", "period", "value_eur",
    "source_file", "sheet", "row", "extracted", "last_update",
)  # fmt: skip

#: The yearly totals of :data:`COMEXT_FILE`, one row per extraction, reporter, flow and
#: calendar year that the extraction holds complete (twelve months, each with a value): the
#: figures :mod:`kzlt_trade.official_claims` makes claims of, each quoting its row.
YEARS_FILE = "comext_years_with_kz.csv"

#: Columns of :data:`YEARS_FILE`, in order.
YEARS_FILE_COLUMNS = (
    "reporter", "partner", "flow", "product", "year", "value_eur", "months", "source_file", "extracted",
)  # fmt: skip

#: The 27 member states of the European Union since 1 February 2020, Eurostat's
#: ``EU27_2020``, as ISO 3166-1 alpha-2 codes in the order of Eurostat's own label
#: ("European Union - 27 countries (AT, BE, BG, …)"). ``reporter="EU27"`` of
#: :func:`comext_total` is their sum.
EU27_2020 = (
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
)  # fmt: skip

#: Eurostat's own aggregates among the reporters of a relational-view file, by the label
#: before its list of members, and the code of Eurostat's GEO code list they are kept
#: under. ``EU`` and ``EA`` change composition with the date; ``EU27_2020`` and ``EA20``
#: are fixed. They are the publisher's sums, kept as reported: the sum of the members
#: is ``reporter="EU27"`` of :func:`comext_total`.
AGGREGATE_REPORTERS = {
    "European Union - 27 countries": "EU27_2020",
    "European Union": "EU",
    "Euro area - 20 countries": "EA20",
    "Euro area": "EA",
}

#: A flow as the *reporter* (the EU member state) states it.
#:
#: ``exports``  the member state's exports to the partner (Comext ``2-EXPORT``, ``EXPORT``);
#: ``imports``  its imports from the partner (``1-IMPORT``, ``IMPORT``).
ComextFlow = Literal["exports", "imports"]
COMEXT_FLOWS: tuple[ComextFlow, ...] = get_args(ComextFlow)
_CSV_FLOWS: dict[str, ComextFlow] = {"2-EXPORT": "exports", "1-IMPORT": "imports"}
_SHEET_FLOWS: dict[str, ComextFlow] = {"EXPORT": "exports", "IMPORT": "imports"}

#: Extraction dates of relational-view files, which do not state their own, by the
#: SHA-256 of the file: the one shipped in ``data/official/eurostat/`` was extracted
#: on 2024-11-17 (see ``data/official/README.md``).
KNOWN_EXTRACTIONS = {
    "f2df3d50802608027946e253f3c864a26ba29e518dfa11f01c4b326ce869dff8": date(2024, 11, 17),
}

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_PERIOD = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])\Z")
_CSV_PERIOD = re.compile(r"(?P<y>[0-9]{4})(?P<m>0[1-9]|1[0-2])-(?P<abbr>[A-Z][a-z]{2})\. (?P<y2>[0-9]{4})\Z")
_VALUE = re.compile(r"[0-9]+(\.[0-9]+)?\Z")
_PRODUCT = re.compile(r"TOTAL\Z|[0-9]{2}(?:[0-9]{2}){0,3}\Z")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_POSITIVE = re.compile(r"[1-9][0-9]*\Z")
_EUROSTAT_DATE = re.compile(r"(?P<d>[0-9]{2})/(?P<m>[0-9]{2})/(?P<y>[0-9]{4})(?: [0-9]{2}:[0-9]{2}(?::[0-9]{2})?)?")
_NOT_AVAILABLE = ":"
_NUMBER_OR_COLON = "a value in euro (digits, an optional '.') or ':' for not available"


# -- records ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComextRow:
    """One value of a Comext file: a reporter's flow of one product with one partner in one month."""

    #: The EU member state reporting (ISO 3166-1 alpha-2, e.g. ``"DE"``), or one of Eurostat's
    #: aggregates (:data:`AGGREGATE_REPORTERS`).
    reporter: str
    #: The partner country, ISO 3166-1 alpha-2 (``"KZ"``).
    partner: str
    #: :data:`ComextFlow`, as the reporter states it.
    flow: ComextFlow
    #: ``"TOTAL"`` (all products) or the HS code (``"27"``).
    product: str
    #: The month, ``"YYYY-MM"``.
    period: str
    #: Euro, exactly as the file writes it; ``None`` where the file marks it not available (``:``).
    value_eur: Decimal | None
    #: The raw file's name.
    source_file: str
    #: The sheet of a spreadsheet; ``""`` for a CSV.
    sheet: str
    #: The row (spreadsheet) or line (CSV) in the raw file, from 1, as a spreadsheet or an editor shows it.
    row: int
    #: The date Eurostat extracted the file.
    extracted: date
    #: The date of the data's last update, when the file states it.
    last_update: date | None

    def __post_init__(self) -> None:
        what = f"Comext row {self.source_file}:{self.row}"
        if self.flow not in COMEXT_FLOWS:
            raise RecordError(what, "flow", self.flow, "exports or imports")
        if not _PRODUCT.match(self.product):
            raise RecordError(what, "product", self.product, "TOTAL or an HS code of 2, 4, 6 or 8 digits")
        if not _PERIOD.match(self.period):
            raise RecordError(what, "period", self.period, "a month YYYY-MM")
        if self.value_eur is not None and (not self.value_eur.is_finite() or self.value_eur < 0):
            raise RecordError(what, "value_eur", str(self.value_eur), "a finite value in euro, not below zero")
        if self.row < 1:
            raise RecordError(what, "row", str(self.row), "a row number from 1")


@dataclass(frozen=True)
class ComextTotal:
    """What :func:`comext_total` found: the sum over a window of months, or which months are missing."""

    #: A reporter code, or ``"EU27"`` for the sum of :data:`EU27_2020`.
    reporter: str
    #: :data:`ComextFlow`, as the reporter states it.
    flow: ComextFlow
    #: ``"TOTAL"`` or an HS code.
    product: str
    #: First and last month of the window, ``"YYYY-MM"``.
    start: str
    end: str
    #: The sum in euro; ``None`` when any month is missing.
    value_eur: Decimal | None
    #: Every month of the window.
    months: tuple[str, ...]
    #: The months with no row, or whose value is not available (for ``EU27``: for any member).
    missing: tuple[str, ...]
    #: (source_file, row) of every value found in the window, month by month, for provenance: the
    #: values summed when no month is missing.
    rows: tuple[tuple[str, int], ...]
    #: The extraction dates of those values, earliest first.
    extracted: tuple[date, ...]

    def __post_init__(self) -> None:
        if (self.value_eur is None) != bool(self.missing):
            raise RecordError(
                f"ComextTotal {self.reporter}",
                "value_eur",
                repr(self.value_eur),
                "None exactly when a month is missing",
            )

    @property
    def complete(self) -> bool:
        """Whether every month of the window has a value."""
        return not self.missing


# -- labels ----------------------------------------------------------------------------------


def _place(label: str, *, reporter: bool) -> str | None:
    """The code of a Comext reporter or partner label, or ``None`` when it names no place this module knows.

    Eurostat adds notes in parentheses to a name ("Germany (incl. German Democratic
    Republic 'DD' from 1991)", "Ireland (Eire)"); the name before them is read with
    :func:`kzlt_trade.partners.code_of`. A reporter must be an EU member state (the
    27, or the United Kingdom until it left) or an aggregate of
    :data:`AGGREGATE_REPORTERS`; a partner, a country.
    """
    base, paren, notes = label.partition("(")
    base = base.strip()
    if paren and not notes.rstrip().endswith(")"):
        return None
    if reporter and base in AGGREGATE_REPORTERS:
        code = AGGREGATE_REPORTERS[base]
        if code == "EU27_2020":
            listed = tuple(c.strip() for c in notes.rstrip()[:-1].split(","))
            return code if listed == EU27_2020 else None
        return code
    try:
        code = code_of(base, "en")
    except RecordError:
        return None
    if len(code) != 2:
        return None
    if reporter:
        return code if code in EU27_2020 or code == "GB" else None
    return code if code == REPORTER or is_partner(code) else None


def _not_place(reporter: bool) -> str:
    if reporter:
        return (
            "an EU member state's name as Eurostat labels it (e.g. 'Czechia', \"Germany (incl. German "
            "Democratic Republic 'DD' from 1991)\") or one of its aggregates (" + ", ".join(AGGREGATE_REPORTERS) + ")"
        )
    return "a country's name as Eurostat labels it, e.g. 'Kazakhstan', 'Russian Federation (Russia)'"


def _eurostat_date(text: str) -> date | None:
    """The date in Eurostat's "DD/MM/YYYY HH:MM[:SS]", or ``None``."""
    m = _EUROSTAT_DATE.search(text)
    if m is None:
        return None
    try:
        return date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None


# -- the relational-view CSV -----------------------------------------------------------------

#: Columns a relational-view CSV must name (in any order); STAT_PROCEDURE is read when present.
_CSV_COLUMNS = ("REPORTER", "PARTNER", "PRODUCT", "FLOW", "PERIOD", "VALUE_IN_EUR")


def read_relational_csv(
    path: str | os.PathLike[str], *, extracted: date | None = None, last_update: date | None = None
) -> tuple[ComextRow, ...]:
    """Read a Comext relational-view CSV export (``REPORTER,PARTNER,PRODUCT,FLOW,…,VALUE_IN_EUR``).

    The header is found by its labels (the columns may come in any order); each
    further line is one value. Labels are read back to codes: the reporter and
    partner names to ISO 3166-1 alpha-2 (``"Belgium (incl. Luxembourg 'LU' ->
    1998)"`` is ``BE``), ``"2-EXPORT"`` / ``"1-IMPORT"`` to ``exports`` / ``imports``,
    ``"TOTAL-Total"`` to ``TOTAL``, ``"202408-Aug. 2024"`` to ``2024-08``. A
    ``STAT_PROCEDURE`` column, when present, must be ``T-Total`` (all procedures).

    Parameters
    ----------
    path
        The CSV file.
    extracted
        The date Eurostat extracted it. The file does not say; when ``None``, the
        date is taken from :data:`KNOWN_EXTRACTIONS` by the file's SHA-256.
    last_update
        The date of the data's last update, if known.

    Returns
    -------
    tuple of ComextRow
        In file order; ``row`` is the line number (the header is line 1).

    Raises
    ------
    DataFileError
        Listing every problem in the file (line, field, value, what was expected):
        a missing header, an unknown reporter, partner, flow or product label, a
        malformed period, a value neither a number nor ``:``, a value given twice,
        or no extraction date.

    Examples
    --------
    >>> rows = read_relational_csv(bundled_data_path() / "official" / "eurostat" /
    ...                            "comext_ds045409_eu_exports_to_kz_monthly.csv")
    >>> len(rows), rows[0].reporter, rows[0].period, rows[0].value_eur, rows[0].row
    (2089, 'CY', '2024-08', Decimal('11421'), 2)
    """
    expect("path", path, (str, os.PathLike), "the path of a Comext CSV file (a str or a pathlib.Path)")
    if extracted is not None:
        expect("extracted", extracted, date, "the extraction date as a datetime.date, or None")
    if last_update is not None:
        expect("last_update", last_update, date, "the date of the last update as a datetime.date, or None")
    file = Path(path)
    name, folder = file.name, str(file.parent)
    problems: list[Problem] = []
    try:
        data = file.read_bytes()
    except OSError as exc:
        problem = Problem(name, None, None, None, f"a readable file ({exc.strerror})")
        raise DataFileError([problem], folder=folder) from None
    if extracted is None:
        extracted = KNOWN_EXTRACTIONS.get(hashlib.sha256(data).hexdigest())
        if extracted is None:
            problems.append(Problem(name, None, "extracted", None, "the extraction date: pass extracted=date(…)"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(Problem(name, None, None, repr(data[exc.start : exc.start + 8]), "UTF-8 text"))
        raise DataFileError(problems, folder=folder) from None
    records = _csv_records(name, text, problems)
    if problems or extracted is None:
        raise DataFileError(problems, folder=folder)
    return tuple(
        ComextRow(*fields, source_file=name, sheet="", row=line, extracted=extracted, last_update=last_update)
        for line, fields in records
    )


#: The fields of one line of a relational-view CSV, read: reporter, partner, flow, product, period, value.
_Fields = tuple[str, str, ComextFlow, str, str, Decimal | None]


def _csv_records(name: str, text: str, problems: list[Problem]) -> list[tuple[int, _Fields]]:
    """The lines of a relational-view CSV below its header, read, with their line numbers."""
    out: list[tuple[int, _Fields]] = []
    seen: dict[tuple[str, ...], int] = {}
    columns: dict[str, int] | None = None
    header: list[str] = []
    for line, cells in _csv_lines(text):
        if not any(c.strip() for c in cells) or cells == header:
            continue  # a blank line, or the header again where downloads were put together
        if columns is None:
            found = {c.strip(): i for i, c in enumerate(cells)}
            absent = [c for c in _CSV_COLUMNS if c not in found]
            if absent:
                expected = "a header naming " + ", ".join(_CSV_COLUMNS) + " (missing: " + ", ".join(absent) + ")"
                problems.append(Problem(name, line, None, ",".join(cells), expected))
                return out
            columns, header = found, cells
            continue
        if len(cells) != len(header):
            problems.append(Problem(name, line, None, ",".join(cells), f"{len(header)} fields, as in the header"))
            continue
        fields = _csv_row(name, line, {c: cells[i] for c, i in columns.items()}, problems)
        if fields is None:
            continue
        key = fields[:5]
        if key in seen:
            expected = f"one value per reporter, partner, flow, product and month (as in line {seen[key]})"
            problems.append(Problem(name, line, "PERIOD", cells[columns["PERIOD"]], expected))
            continue
        seen[key] = line
        out.append((line, fields))
    if columns is None:
        problems.append(Problem(name, None, None, None, "a header naming " + ", ".join(_CSV_COLUMNS)))
    return out


def _csv_lines(text: str) -> Iterator[tuple[int, list[str]]]:
    """The records of a CSV text with the line each starts on (from 1)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    for cells in reader:
        yield start, cells
        start = reader.line_num + 1


def _csv_row(name: str, line: int, cells: dict[str, str], problems: list[Problem]) -> _Fields | None:
    """The fields of one line, read; ``None`` (with its problems reported) when one cannot be read."""
    before = len(problems)

    def problem(field: str, expected: str) -> None:
        problems.append(Problem(name, line, field, cells[field], expected))

    reporter = _place(cells["REPORTER"], reporter=True)
    if reporter is None:
        problem("REPORTER", _not_place(True))
    partner = _place(cells["PARTNER"], reporter=False)
    if partner is None:
        problem("PARTNER", _not_place(False))
    flow = _CSV_FLOWS.get(cells["FLOW"])
    if flow is None:
        problem("FLOW", "a flow code: " + " or ".join(_CSV_FLOWS))
    code = cells["PRODUCT"].partition("-")[0]
    if not _PRODUCT.match(code):
        problem("PRODUCT", "a product 'TOTAL-Total' or an HS code and its label, e.g. '27-MINERAL FUELS…'")
    period = _csv_period(cells["PERIOD"])
    if period is None:
        problem("PERIOD", "a month as Comext writes it, YYYYMM-Mon. YYYY, e.g. '202408-Aug. 2024'")
    procedure = cells.get("STAT_PROCEDURE")
    if procedure is not None and procedure != "T-Total":
        problem("STAT_PROCEDURE", "T-Total: every statistical procedure together")
    raw = cells["VALUE_IN_EUR"].strip()
    value = None
    if raw != _NOT_AVAILABLE:
        if _VALUE.match(raw):
            value = Decimal(raw)
        else:
            problem("VALUE_IN_EUR", _NUMBER_OR_COLON)
    if len(problems) > before or reporter is None or partner is None or flow is None or period is None:
        return None
    return reporter, partner, flow, code, period, value


def _csv_period(text: str) -> str | None:
    m = _CSV_PERIOD.match(text)
    if m is None or m["y"] != m["y2"] or _MONTHS[int(m["m"]) - 1] != m["abbr"]:
        return None
    return f"{m['y']}-{m['m']}"


# -- the spreadsheet extract -----------------------------------------------------------------


def read_spreadsheet(path: str | os.PathLike[str]) -> tuple[ComextRow, ...]:
    """Read a Comext spreadsheet extract (``.xlsx``, one data sheet per product and flow).

    In each data sheet, the lines above the table are found by their labels in
    column A: "Data extracted on DD/MM/YYYY …" (the extraction date), "Last
    updated:" (the last update, optional), "PRODUCT [PRODUCT]" ("Total [TOTAL]",
    or a name ending in the HS code, "[27]"), "FLOW" (``IMPORT`` or ``EXPORT``),
    "INDICATORS" (``VALUE_IN_EUROS``), "TIME" (a month ``YYYY-MM`` in each column
    from C) and "REPORTER (Labels)", below which each row is one reporter and
    partner. The table ends at the first empty row; below it only the legend of
    special values ("Special value", ": not available") may follow. Sheets with
    none of these labels (the "Summary" and "Structure" sheets) hold no data.

    Needs :mod:`openpyxl` (``pip install 'kzlt_trade[tools]'``).

    Returns
    -------
    tuple of ComextRow
        Sheet by sheet, row by row, month by month, every partner of the file;
        ``row`` is the spreadsheet's row number.

    Raises
    ------
    DataFileError
        Listing every problem (sheet, row, field, value, what was expected): a
        missing header line, an unknown flow, product, reporter or partner, a
        malformed month, a value neither a number nor ``:``, a value given twice.
    ImportError
        Without openpyxl, naming the extra to install.

    Examples
    --------
    >>> rows = read_spreadsheet(bundled_data_path() / "official" / "eurostat" /
    ...                         "comext_ds045409_eu_trade_extract_2023-01-22.xlsx")
    >>> at = next(r for r in rows if (r.sheet, r.partner, r.period) == ("Sheet 4", "KZ", "2020-01"))
    >>> len(rows), at.reporter, at.flow, at.product, at.value_eur, at.row, at.extracted, at.last_update
    (27216, 'AT', 'exports', 'TOTAL', Decimal('8631959'), 16, datetime.date(2023, 1, 22), datetime.date(2023, 1, 13))
    """
    expect("path", path, (str, os.PathLike), "the path of a Comext spreadsheet extract (a str or a pathlib.Path)")
    try:
        import openpyxl  # type: ignore[import-untyped]
    except ImportError as exc:
        raise ImportError(
            "reading a Comext spreadsheet needs openpyxl: pip install 'kzlt_trade[tools]' (or openpyxl>=3.1)"
        ) from exc
    file = Path(path)
    name, folder = file.name, str(file.parent)
    try:
        with warnings.catch_warnings():
            # Comext's files carry no default cell style, which openpyxl announces.
            warnings.simplefilter("ignore", UserWarning)
            book = openpyxl.load_workbook(file, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise DataFileError([Problem(name, None, None, None, f"an .xlsx workbook ({exc})")], folder=folder) from None
    problems: list[Problem] = []
    out: list[ComextRow] = []
    data_sheets = 0
    for ws in book.worksheets:
        sheet = _Sheet(name, ws.title, [list(r) for r in ws.iter_rows(values_only=True)], problems)
        found = sheet.labels()
        if found is None:
            continue
        data_sheets += 1
        head = sheet.head(found) if found.keys() >= set(_REQUIRED_LABELS) else None
        if head is not None:
            out += sheet.rows(head)
    if not data_sheets and not problems:
        problems.append(Problem(name, None, None, None, "a data sheet with the lines 'Data extracted on', 'TIME', …"))
    if problems:
        raise DataFileError(problems, folder=folder)
    return tuple(out)


#: The labels in column A of a data sheet, and the key each is kept under.
_SHEET_LABELS = {
    "Data extracted on": "extracted",
    "Last updated:": "last_update",
    "PRODUCT [PRODUCT]": "product",
    "FLOW": "flow",
    "INDICATORS": "indicators",
    "TIME": "time",
    "REPORTER (Labels)": "table",
}
_REQUIRED_LABELS = ("extracted", "product", "flow", "indicators", "time", "table")


def _text(cell: Any) -> str:
    return "" if cell is None else " ".join(str(cell).split())


@dataclass(frozen=True)
class _Head:
    """What the lines above a data sheet's table say."""

    extracted: date
    last_update: date | None
    product: str
    flow: ComextFlow
    #: Column (from 0) -> month, from the TIME line.
    months: dict[int, str]
    #: The row (from 0) of the "REPORTER (Labels)" line, just above the values.
    table: int


@dataclass
class _Sheet:
    """One sheet of a spreadsheet extract being read; problems go to ``problems``."""

    name: str
    title: str
    grid: list[list[Any]]
    problems: list[Problem]

    def cell(self, r: int, c: int) -> str:
        return _text(self.grid[r][c]) if c < len(self.grid[r]) else ""

    def problem(self, r: int | None, field: str | None, value: str | None, expected: str) -> None:
        where = f"{self.name}, sheet {self.title!r}"
        self.problems.append(Problem(where, None if r is None else r + 1, field, value, expected))

    def labels(self) -> dict[str, int] | None:
        """The row of each label of :data:`_SHEET_LABELS` in column A; ``None`` for a sheet without data."""
        found: dict[str, int] = {}
        for r, cells in enumerate(self.grid):
            first = _text(cells[0]) if cells else ""
            for label, key in _SHEET_LABELS.items():
                if key not in found and (first == label or (key == "extracted" and first.startswith(label))):
                    found[key] = r
        if not {"extracted", "time", "table"} & found.keys():
            return None
        for key in _REQUIRED_LABELS:
            if key not in found:
                label = next(k for k, v in _SHEET_LABELS.items() if v == key)
                self.problem(None, label, None, f"a line labelled {label!r} in column A")
        return found

    def head(self, found: dict[str, int]) -> _Head | None:
        """The lines above the table, read; ``None`` (problems reported) when one cannot be read."""
        before = len(self.problems)
        row = found["extracted"]
        extracted = _eurostat_date(self.cell(row, 0))
        if extracted is None:
            self.problem(row, "Data extracted on", self.cell(row, 0), "'Data extracted on DD/MM/YYYY'")
        last_update = None
        if "last_update" in found:
            row = found["last_update"]
            last_update = _eurostat_date(self.cell(row, 1))
            if last_update is None:
                self.problem(row, "Last updated:", self.cell(row, 1), "a date DD/MM/YYYY HH:MM")
        text = self.cell(found["product"], 2)
        m = re.search(r"\[([^\]]*)\]\Z", text)
        product = m[1] if m else ""
        if not _PRODUCT.match(product):
            expected = "a product name ending in its code, 'Total [TOTAL]' or '… [27]'"
            self.problem(found["product"], "PRODUCT", text, expected)
        flow = _SHEET_FLOWS.get(self.cell(found["flow"], 2))
        if flow is None:
            expected = "a flow code: " + " or ".join(_SHEET_FLOWS)
            self.problem(found["flow"], "FLOW", self.cell(found["flow"], 2), expected)
        if self.cell(found["indicators"], 2) != "VALUE_IN_EUROS":
            expected = "VALUE_IN_EUROS: values in euro"
            self.problem(found["indicators"], "INDICATORS", self.cell(found["indicators"], 2), expected)
        table = found["table"]
        if self.cell(table, 1) != "PARTNER (Labels)":
            self.problem(table, "PARTNER (Labels)", self.cell(table, 1) or None, "'PARTNER (Labels)' in column B")
        months = self.months(found["time"])
        if len(self.problems) > before or extracted is None or flow is None:
            return None
        return _Head(extracted, last_update, product, flow, months, table)

    def months(self, t: int) -> dict[int, str]:
        months: dict[int, str] = {}
        for c in range(2, len(self.grid[t])):
            text = self.cell(t, c)
            if _PERIOD.match(text):
                months[c] = text
            elif text:
                self.problem(t, f"TIME (column {_column(c)})", text, "a month YYYY-MM")
        return months

    def rows(self, head: _Head) -> list[ComextRow]:
        """The values of the table, which ends at the first empty row."""
        grid = self.grid
        out: list[ComextRow] = []
        seen: dict[tuple[str, str, str], int] = {}
        end = next((r for r in range(head.table + 1, len(grid)) if not any(_text(c) for c in grid[r])), len(grid))
        for r in range(head.table + 1, end):
            reporter = _place(self.cell(r, 0), reporter=True)
            partner = _place(self.cell(r, 1), reporter=False)
            if reporter is None:
                self.problem(r, "REPORTER (Labels)", self.cell(r, 0), _not_place(True))
            if partner is None:
                self.problem(r, "PARTNER (Labels)", self.cell(r, 1), _not_place(False))
            for c in range(2, len(grid[r])):
                month = head.months.get(c)
                amount = self.value(r, c, month)
                if isinstance(amount, str) or reporter is None or partner is None or month is None:
                    continue
                key = (reporter, partner, month)
                if key in seen:
                    expected = f"one value per reporter, partner and month (as in row {seen[key]})"
                    self.problem(r, month, self.cell(r, c), expected)
                    continue
                seen[key] = r + 1
                out.append(ComextRow(reporter, partner, head.flow, head.product, month, amount, self.name,
                                     self.title, r + 1, head.extracted, head.last_update))  # fmt: skip
        self.legend(end)
        return out

    def value(self, r: int, c: int, month: str | None) -> Decimal | str | None:
        """The value of a cell (``None`` for ``:``), or what was expected instead (a str, reported)."""
        if month is None:
            expected = "an empty cell: the TIME line names no month here"
            if self.cell(r, c):
                self.problem(r, f"column {_column(c)}", self.cell(r, c), expected)
            return expected
        amount = _cell_value(self.grid[r][c])
        if isinstance(amount, str):
            self.problem(r, month, self.cell(r, c) or None, amount)
        return amount

    def legend(self, end: int) -> None:
        """Below the table only the legend of special values: "Special value", then symbol and meaning."""
        legend = False
        for r in range(end, len(self.grid)):
            cells = [_text(c) for c in self.grid[r]]
            if not any(cells):
                continue
            if cells[0] == "Special value":
                legend = True
            elif legend and 0 < len(cells[0]) <= 2 and not any(cells[2:]):
                if cells[0] == _NOT_AVAILABLE and cells[1] != "not available":
                    self.problem(r, "Special value", cells[1], "':' meaning 'not available', as this reader takes it")
            else:
                joined = " | ".join(c for c in cells if c)
                self.problem(r, None, joined, "nothing below the table but the legend of special values")


def _cell_value(value: Any) -> Decimal | str | None:
    """A cell's value in euro, ``None`` for ``:``, or what was expected instead (a str)."""
    if isinstance(value, str) and value.strip() == _NOT_AVAILABLE:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return _NUMBER_OR_COLON
    if isinstance(value, float):
        if not math.isfinite(value):
            return "a finite value in euro"
        # The shortest text that reads back as the stored double: exact for whole euros.
        number = Decimal(int(value)) if value.is_integer() else Decimal(repr(value))
    else:
        number = Decimal(value)
    return number if number >= 0 else "a value in euro, not below zero"


def _column(c: int) -> str:
    """Spreadsheet column letters of the 0-based column ``c``."""
    letters = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# -- the processed CSV -----------------------------------------------------------------------


def load_comext(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Read and validate ``comext_trade_with_kz.csv`` (the bundled ``data/official/`` when ``path`` is ``None``).

    Parameters
    ----------
    path
        The CSV file, or a folder holding :data:`COMEXT_FILE`.

    Returns
    -------
    pandas.DataFrame
        One row per (source file, sheet, reporter, flow, product, month): the columns
        of :data:`COMEXT_COLUMNS`, ``value_eur`` as float64 (``NaN`` only where the
        file says not available), ``extracted`` and ``last_update`` as datetimes
        (``NaT`` where no update date is stated), and ``latest``: ``True`` for the
        row of the latest extraction of each (reporter, flow, product, period), the
        later extraction being the later revision.

    Raises
    ------
    DataFileError
        Listing every problem in the file (row, field, value, what was expected):
        an unknown reporter or flow, a partner other than ``KZ``, a malformed
        product, period, value or date, a row given twice, or two rows of the
        same extraction date for one (reporter, flow, product, period).
    UsageTypeError
        When ``path`` is neither a str, a path nor ``None``.

    Examples
    --------
    >>> frame = load_comext()
    >>> len(frame), int(frame.latest.sum()), sorted(frame.flow.unique())
    (5977, 5026, ['exports', 'imports'])
    """
    import pandas as pd

    if path is not None:
        expect(
            "path", path, (str, os.PathLike), "the Comext CSV file or a folder holding it (a str or a Path), or None"
        )
    target = bundled_data_path() / "official" if path is None else Path(path)
    file = target / COMEXT_FILE if target.is_dir() else target
    folder = str(file.parent)
    if not file.is_file():
        raise DataFileError([Problem(file.name, None, None, None, f"the file {file.name} in {folder}")], folder=folder)
    rows, problems = _read_processed(file)
    if problems:
        raise DataFileError(problems, folder=folder)
    newest: dict[tuple[str, str, str, str], date] = {}
    for r in rows:
        k = (r.reporter, r.flow, r.product, r.period)
        newest[k] = max(newest.get(k, r.extracted), r.extracted)
    frame = pd.DataFrame(
        {
            **{c: pd.array([getattr(r, c) for r in rows], dtype="string") for c in COMEXT_COLUMNS[:5]},
            "value_eur": pd.array(
                [float("nan") if r.value_eur is None else float(r.value_eur) for r in rows], dtype="float64"
            ),
            "source_file": pd.array([r.source_file for r in rows], dtype="string"),
            "sheet": pd.array([r.sheet for r in rows], dtype="string"),
            "row": pd.array([r.row for r in rows], dtype="int64"),
            "extracted": pd.to_datetime(pd.Series([r.extracted for r in rows], dtype="object")),
            "last_update": pd.to_datetime(pd.Series([r.last_update for r in rows], dtype="object")),
            "latest": pd.array(
                [r.extracted == newest[(r.reporter, r.flow, r.product, r.period)] for r in rows], dtype="bool"
            ),
        }
    )
    frame.attrs["unit"] = "EUR"
    return frame


def _read_processed(file: Path) -> tuple[list[ComextRow], list[Problem]]:
    name = file.name
    problems: list[Problem] = []
    rows: list[ComextRow] = []
    first: dict[tuple[str, ...], int] = {}
    by_extraction: dict[tuple[str, str, str, str, date], int] = {}
    for n, raw in table_rows(file, name, COMEXT_COLUMNS, problems):

        def problem(field: str, expected: str, n: int = n, raw: dict[str, str] = raw) -> None:
            problems.append(Problem(name, n, field, raw[field], expected))

        row = _processed_row(raw, problem)
        if row is None:
            continue
        key = (row.source_file, row.sheet, row.reporter, row.flow, row.product, row.period)
        if key in first:
            problem(
                "period", f"one row per source file, sheet, reporter, flow, product and month (as row {first[key]})"
            )
            continue
        first[key] = n
        revision = (row.reporter, row.flow, row.product, row.period, row.extracted)
        if revision in by_extraction:
            problem(
                "extracted",
                f"another extraction date than row {by_extraction[revision]}, which gives the same {row.reporter} "
                f"{row.flow} {row.product} {row.period}: which of the two is the later revision is unknown",
            )
            continue
        by_extraction[revision] = n
        rows.append(row)
    return rows, problems


#: The reporters :func:`load_comext` accepts.
_REPORTERS = (*EU27_2020, "GB", *AGGREGATE_REPORTERS.values())


def _processed_row(raw: dict[str, str], problem: Any) -> ComextRow | None:
    """One row of the processed CSV, its fields checked; ``None`` (problems reported) when one is wrong."""
    problems = 0

    def bad(field: str, expected: str) -> None:
        nonlocal problems
        problems += 1
        problem(field, expected)

    if raw["reporter"] not in _REPORTERS:
        bad("reporter", "an EU member state's ISO code (AT … SK, or GB) or " + ", ".join(AGGREGATE_REPORTERS.values()))
    if raw["partner"] != REPORTER:
        bad("partner", "KZ: the file holds trade with Kazakhstan only")
    if raw["flow"] not in COMEXT_FLOWS:
        bad("flow", "exports or imports")
    if not _PRODUCT.match(raw["product"]):
        bad("product", "TOTAL or an HS code of 2, 4, 6 or 8 digits")
    if not _PERIOD.match(raw["period"]):
        bad("period", "a month YYYY-MM")
    value = _processed_value(raw["value_eur"], bad)
    if not raw["source_file"].strip():
        bad("source_file", "the raw file's name")
    if not _POSITIVE.match(raw["row"]):
        bad("row", "a row number, a whole number >= 1")
    extracted = _iso_date(raw["extracted"])
    if extracted is None:
        bad("extracted", "a date YYYY-MM-DD")
    last_update = _iso_date(raw["last_update"]) if raw["last_update"] else None
    if raw["last_update"] and last_update is None:
        bad("last_update", "a date YYYY-MM-DD, or empty when the file states none")
    elif last_update is not None and extracted is not None and last_update > extracted:
        bad("last_update", f"a date not after the extraction ({extracted})")
    if problems or extracted is None:
        return None
    return ComextRow(raw["reporter"], REPORTER, raw["flow"], raw["product"], raw["period"], value,  # type: ignore[arg-type]
                     raw["source_file"], raw["sheet"], int(raw["row"]), extracted, last_update)  # fmt: skip


def _processed_value(text: str, bad: Any) -> Decimal | None:
    if text == "":
        return None
    if not _VALUE.match(text):
        bad("value_eur", "a value in euro (digits, an optional '.'), or empty where it is not available")
        return None
    value = Decimal(text)
    if Decimal(repr(float(value))) != value:
        bad("value_eur", "a value float64 holds exactly (at most 15 significant digits)")
        return None
    return value


def _iso_date(text: str) -> date | None:
    if not _ISO_DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


# -- totals ----------------------------------------------------------------------------------

#: What a total needs of one value: the value, and where it comes from.
_Entry = tuple[Decimal | None, str, int, date]
_NEEDED = ("reporter", "partner", "flow", "product", "period", "value_eur", "source_file", "row", "extracted")


def _index(frame: pd.DataFrame) -> dict[tuple[str, str, str, str], _Entry]:
    """The latest value of each (reporter, flow, product, period) among the rows of ``frame``."""
    import pandas as pd

    expect("frame", frame, pd.DataFrame, "a DataFrame from kzlt_trade.load_comext()")
    absent = [c for c in _NEEDED if c not in frame.columns]
    if absent:
        raise UsageError("frame", f"a frame without {', '.join(absent)}", "a DataFrame from kzlt_trade.load_comext()")
    partners = set(frame["partner"].astype(str))
    if partners - {REPORTER}:
        raise UsageError("frame", f"rows with partners {sorted(partners)}", "rows of trade with Kazakhstan (KZ) only")
    out: dict[tuple[str, str, str, str], _Entry] = {}
    columns = [frame[c].tolist() for c in _NEEDED]
    for reporter, _, flow, product, period, value, source, row, extracted in zip(*columns, strict=True):
        key = (str(reporter), str(flow), str(product), str(period))
        day = pd.Timestamp(extracted).date()
        amount = (
            None if pd.isna(value) else (Decimal(int(value)) if float(value).is_integer() else Decimal(repr(value)))
        )
        entry: _Entry = (amount, str(source), int(row), day)
        if key in out:
            if out[key][3] == day:
                raise UsageError(
                    "frame", f"two rows of the extraction of {day} for {' '.join(key)}", "one row per extraction"
                )
            if out[key][3] > day:
                continue
        out[key] = entry
    return out


def _months(start: str, end: str) -> tuple[str, ...]:
    y, m = int(start[:4]), int(start[5:])
    out = []
    while f"{y:04d}-{m:02d}" <= end:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return tuple(out)


def comext_total(
    frame: pd.DataFrame, *, reporter: str, flow: ComextFlow, start: str, end: str, product: str = "TOTAL"
) -> ComextTotal:
    """The sum of a reporter's monthly values over the months ``start`` to ``end``, from the latest extraction.

    For each month the row of the latest extraction among the rows of ``frame``
    counts (so a frame filtered to one source file gives that file's values). A
    month with no row, or whose value is not available, is never taken as zero:
    the total is then ``None`` and ``missing`` names the months.

    Parameters
    ----------
    frame
        A frame of :func:`load_comext`, possibly filtered.
    reporter
        A reporter code of the frame (``"LT"``, ``"EU27_2020"`` for Eurostat's own
        aggregate), or ``"EU27"``: the sum of the 27 members of :data:`EU27_2020`,
        missing for a month when any member's value is.
    flow
        ``"exports"`` or ``"imports"``, as the reporter states them.
    start, end
        First and last month, ``"YYYY-MM"``.
    product
        ``"TOTAL"`` or an HS code of the frame.

    Raises
    ------
    UsageError
        For a reporter or product the frame does not hold, an unknown flow, a month
        not ``YYYY-MM`` or a window that ends before it starts.

    Examples
    --------
    >>> frame = load_comext()
    >>> t = comext_total(frame, reporter="MT", flow="exports", start="2023-01", end="2023-12")
    >>> t.value_eur, t.missing
    (None, ('2023-04', '2023-06', '2023-08', '2023-09'))
    """
    return _total(_index(frame), reporter=reporter, flow=flow, start=start, end=end, product=product)


def _total(
    index: dict[tuple[str, str, str, str], _Entry], *, reporter: str, flow: str, start: str, end: str, product: str
) -> ComextTotal:
    expect("reporter", reporter, str, "a reporter code such as 'LT', or 'EU27'")
    one_of("flow", flow, COMEXT_FLOWS)
    expect("product", product, str, "'TOTAL' or an HS code such as '27'")
    for arg, value in (("start", start), ("end", end)):
        expect(arg, value, str, "a month 'YYYY-MM'")
        if not _PERIOD.match(value):
            raise UsageError(arg, value, "a month 'YYYY-MM', e.g. '2023-01'")
    if end < start:
        raise UsageError("end", end, f"a month not before start={start!r}")
    reporters = {k[0] for k in index}
    if reporter != "EU27" and reporter not in reporters:
        raise UsageError("reporter", reporter, "'EU27' or a reporter of the frame: " + ", ".join(sorted(reporters)))
    products = {k[2] for k in index}
    if product not in products:
        raise UsageError("product", product, "a product of the frame: " + ", ".join(sorted(products)))
    members = EU27_2020 if reporter == "EU27" else (reporter,)
    months = _months(start, end)
    missing: list[str] = []
    used: list[_Entry] = []
    for month in months:
        entries = [index.get((m, flow, product, month)) for m in members]
        present = [e for e in entries if e is not None and e[0] is not None]
        used += present
        if len(present) < len(members):
            missing.append(month)
    total = None if missing else sum((e[0] for e in used if e[0] is not None), Decimal(0))
    return ComextTotal(
        reporter, flow, product, start, end, total, months, tuple(missing),  # type: ignore[arg-type]
        tuple((e[1], e[2]) for e in used), tuple(sorted({e[3] for e in used})),
    )  # fmt: skip


#: Columns of :func:`comext_years`, in order.
YEAR_COLUMNS = ("reporter", "flow", "product", "year", "value_eur", "n_months", "complete", "missing")


def comext_years(frame: pd.DataFrame, product: str = "TOTAL") -> pd.DataFrame:
    """Calendar-year totals of every reporter and flow, and of ``EU27``, complete or not.

    Parameters
    ----------
    frame
        A frame of :func:`load_comext`, possibly filtered.
    product
        ``"TOTAL"`` or an HS code of the frame.

    Returns
    -------
    pandas.DataFrame
        One row per reporter (those of the frame, then ``EU27``), flow and year in
        which the reporter (for ``EU27``, any member) has a row: ``value_eur`` the
        sum of :func:`comext_total` over January to December (float64, ``NaN``
        when a month is missing), ``n_months`` the months with a value (for
        ``EU27``, with a value for all 27), ``complete`` whether that is 12, and
        ``missing`` the missing months (a tuple).

    Examples
    --------
    >>> years = comext_years(load_comext())
    >>> lt = years[(years.reporter == "LT") & (years.flow == "exports")]
    >>> for row in lt.head(2).itertuples():
    ...     print(row.year, int(row.value_eur), row.n_months, row.complete)
    2019 430905192 12 True
    2020 390814910 12 True
    """
    import pandas as pd

    index = _index(frame)
    expect("product", product, str, "'TOTAL' or an HS code such as '27'")
    products = {k[2] for k in index}
    if product not in products:
        raise UsageError("product", product, "a product of the frame: " + ", ".join(sorted(products)))
    years: dict[tuple[str, str], set[int]] = {}
    for reporter, flow, prod, period in index:
        if prod == product:
            years.setdefault((reporter, flow), set()).add(int(period[:4]))
            if reporter in EU27_2020:
                years.setdefault(("EU27", flow), set()).add(int(period[:4]))
    order = [*sorted(r for r in {k[0] for k in years} if r != "EU27"), "EU27"]
    records: list[dict[str, Any]] = []
    for reporter in order:
        for flow in COMEXT_FLOWS:
            for year in sorted(years.get((reporter, flow), ())):
                t = _total(index, reporter=reporter, flow=flow, start=f"{year}-01", end=f"{year}-12", product=product)
                records.append(
                    {
                        "reporter": reporter, "flow": flow, "product": product, "year": year,
                        "value_eur": float("nan") if t.value_eur is None else float(t.value_eur),
                        "n_months": 12 - len(t.missing), "complete": t.complete, "missing": t.missing,
                    }
                )  # fmt: skip
    out = pd.DataFrame(records, columns=list(YEAR_COLUMNS))
    for col in ("reporter", "flow", "product"):
        out[col] = out[col].astype("string")
    out["year"] = out["year"].astype("int64")
    out["value_eur"] = out["value_eur"].astype("float64")
    out["n_months"] = out["n_months"].astype("int64")
    out["complete"] = out["complete"].astype("bool")
    return out


# -- yearly totals, one extraction at a time ----------------------------------------------------


@dataclass(frozen=True)
class ComextYear:
    """One row of :data:`YEARS_FILE`: a member state's flow with Kazakhstan over a calendar year, as one
    extraction gives it."""

    #: The member state (ISO 3166-1 alpha-2).
    reporter: str
    #: ``"KZ"``.
    partner: str
    #: As the reporter states it.
    flow: ComextFlow
    #: ``"TOTAL"``.
    product: str
    year: int
    #: The sum of the twelve months, in euro, exactly.
    value_eur: Decimal
    #: The source file and the extraction date of the months summed.
    source_file: str
    extracted: date


def yearly_totals(rows: Iterator[ComextRow] | tuple[ComextRow, ...] | list[ComextRow]) -> list[ComextYear]:
    """The calendar years each extraction holds complete, for each member state and flow (all products).

    A year is complete in an extraction when its twelve months each have a value
    there; a year with a month missing, or marked not available, has no total
    (never one with the month taken as zero). Eurostat's aggregates are left out:
    the checker relates Kazakhstan's figures to each partner's own. Sorted by
    reporter, flow, year and extraction.

    >>> from kzlt_trade.io import bundled_data_path
    >>> years = read_years(bundled_data_path() / "official" / YEARS_FILE)
    >>> [(y.year, y.value_eur) for y in years if y.reporter == "LT" and y.flow == "exports"][:2]
    [(2019, Decimal('430905192')), (2020, Decimal('390814910'))]
    """
    months: dict[tuple[str, str, str, int, str, date], dict[str, Decimal | None]] = {}
    for r in rows:
        if r.product != "TOTAL" or r.reporter not in EU27_2020 or r.partner != REPORTER:
            continue
        key = (r.reporter, r.partner, r.flow, int(r.period[:4]), r.source_file, r.extracted)
        months.setdefault(key, {})[r.period] = r.value_eur
    out = []
    for (reporter, partner, flow, year, source, extracted), values in months.items():
        wanted = [f"{year}-{m:02d}" for m in range(1, 13)]
        got = [values.get(m) for m in wanted]
        if any(v is None for v in got):
            continue
        total = sum((v for v in got if v is not None), Decimal(0))
        out.append(ComextYear(reporter, partner, flow, "TOTAL", year, total, source, extracted))  # type: ignore[arg-type]
    out.sort(key=lambda y: (y.reporter, y.flow, y.year, y.extracted, y.source_file))
    return out


def years_csv(years: list[ComextYear]) -> str:
    """:data:`YEARS_FILE` as text (what ``tools/extract_comext.py`` writes)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(YEARS_FILE_COLUMNS)
    for y in years:
        writer.writerow([y.reporter, y.partner, y.flow, y.product, y.year, format(y.value_eur, "f"), 12,
                         y.source_file, y.extracted.isoformat()])  # fmt: skip
    return buf.getvalue()


def read_years(path: str | os.PathLike[str]) -> list[ComextYear]:
    """Read and validate :data:`YEARS_FILE`, without pandas (for :func:`kzlt_trade.load`).

    Raises
    ------
    DataFileError
        Listing every problem: a reporter that is not a member state, a flow, a
        year or a value that does not read, a month count other than 12, a date
        that is not ``YYYY-MM-DD``, a (reporter, flow, year, extraction) given twice.
    """
    file = Path(path)
    name = file.name
    problems: list[Problem] = []
    out: list[ComextYear] = []
    seen: set[tuple[str, str, int, date]] = set()

    def problem(n: int, field: str, value: str, expected: str) -> None:
        problems.append(Problem(name, n, field, value, expected))

    for n, row in table_rows(file, name, YEARS_FILE_COLUMNS, problems):
        before = len(problems)
        if row["reporter"] not in EU27_2020:
            problem(n, "reporter", row["reporter"], "a member state of the EU27 (ISO 3166-1 alpha-2)")
        if row["partner"] != REPORTER:
            problem(n, "partner", row["partner"], REPORTER)
        if row["flow"] not in COMEXT_FLOWS:
            problem(n, "flow", row["flow"], "exports or imports")
        if row["product"] != "TOTAL":
            problem(n, "product", row["product"], "TOTAL")
        if not re.fullmatch(r"[0-9]{4}", row["year"]):
            problem(n, "year", row["year"], "a year, four digits")
        if not _VALUE.match(row["value_eur"]):
            problem(n, "value_eur", row["value_eur"], "a value in euro (digits, an optional '.')")
        if row["months"] != "12":
            problem(n, "months", row["months"], "12 (a complete year)")
        extracted = _iso_date(row["extracted"])
        if extracted is None:
            problem(n, "extracted", row["extracted"], "a date YYYY-MM-DD")
        if len(problems) > before or extracted is None:
            continue
        key = (row["reporter"], row["flow"], int(row["year"]), extracted)
        if key in seen:
            problem(n, "year", row["year"], "one row per reporter, flow, year and extraction")
            continue
        seen.add(key)
        flow: ComextFlow = row["flow"]  # type: ignore[assignment]
        year = ComextYear(
            row["reporter"], row["partner"], flow, "TOTAL", int(row["year"]), Decimal(row["value_eur"]),
            row["source_file"], extracted,
        )  # fmt: skip
        out.append(year)
    if problems:
        raise DataFileError(problems, folder=str(file.parent))
    return out

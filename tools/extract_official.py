"""Extract Kazakhstan's trade with LT, RO, EE and the EU from the BNS workbooks into data/official/.

    python tools/extract_official.py                # read data/official/bns/, write data/official/
    python tools/extract_official.py --out DIR      # somewhere else
    python tools/extract_official.py --check        # exit 1 if data/official/ is stale
    python tools/extract_official.py FOLDER --readme README.md   # other workbooks, names from a README

The argument is the folder of the Bureau of National Statistics workbooks
("Основные показатели внешней торговли (по странам)", one ``.xls`` per year, two
years per workbook), by default the copies shipped in ``data/official/bns/``. Their
original file names are :data:`ORIGINAL_NAMES`, or are read from the table of a
``README.md`` given with ``--readme`` ("| copy.xls | sheets | original name |").

Nothing is found by position: in every data sheet the header row is the one
holding "Товарооборот", "Экспорт" and "Импорт", the value columns are those
headings' "всего" columns, the year comes from the sheet's title ("за
январь-декабрь 2019 года", "2023 год"), and each partner row is found by its label
below the "Всего" row. The EU block runs from "Страны ЕС" to "Страны вне ЕС"; its
members are counted, so the coverage column says what the file really holds
(EU28 with the United Kingdom, EU27 without). The publication date is read from
the cover sheet where a workbook has one.

Values are written exactly as the cells store them (thousand US dollars, the
shortest decimal text that reads back as the stored double), so the CSV is
Decimal-safe. This tool needs ``xlrd`` (through ``pandas.read_excel``); the
library and its tests never do: they read the CSV.

Writes ``bns_trade_by_partner.csv``, ``README.md`` (provenance, with the SHA-256
of every workbook) and ``datapackage.json`` (a Frictionless descriptor). The README
and the descriptor cover the Eurostat Comext files too: their part comes from
``tools/extract_comext.py`` (which writes ``comext_trade_with_kz.csv``), reading the
folder ``--eurostat`` (by default ``eurostat/`` next to the BNS folder), so this tool
needs ``openpyxl`` as well. Run both tools to regenerate ``data/official/``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import math
import re
import sys
import textwrap
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from kzlt_trade.errors import DataFileError

sys.path.insert(0, str(Path(__file__).resolve().parent))
import extract_comext  # the sibling tool, found through the path set just above

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "official"
IN = OUT / "bns"
CSV_NAME = "bns_trade_by_partner.csv"

#: Copy name -> the publisher's file name, from the table ("file | sheets | original file name")
#: of the README that came with the copies.
ORIGINAL_NAMES = {
    "bns_foreign_trade_by_country_2019.xls": "Основные показатели внешней торговли_2019.xls",
    "bns_foreign_trade_by_country_2020.xls": "Основные показатели внешней торговли_2020.xls",
    "bns_foreign_trade_by_country_2021.xls": "Основные показатели внешней торговли_2021.xls",
    "bns_foreign_trade_by_country_2022.xls": "Основные показатели внешней торговли по странам_2022.xls",
    "bns_foreign_trade_by_country_2023.xls": "Основные показатели внешней торговли по странам_2023.xls",
}

#: Row labels of the workbooks and the partner codes of the library.
PARTNER_LABELS = {"Литва": "LT", "Румыния": "RO", "Эстония": "EE", "Страны ЕС": "EU"}
PARTNER_ORDER = ("LT", "RO", "EE", "EU")
EU_END_LABEL = "Страны вне ЕС"
UK_LABEL = "Соединенное Королевство"
#: Column headings of the three indicators, and of their value sub-column.
HEADINGS = {"turnover": "товарооборот", "exports": "экспорт", "imports": "импорт"}
TOTAL_SUBHEADING = "всего"

COLUMNS = (
    "partner", "year", "coverage", "turnover", "exports", "imports",
    "source_file", "sheet", "xls_row", "edition", "published", "revision",
)  # fmt: skip

PUBLISHER = (
    "Bureau of National Statistics of the Agency for Strategic Planning and Reforms of the Republic of Kazakhstan"
)
PUBLISHER_RU = "Бюро национальной статистики Агентства по стратегическому планированию и реформам Республики Казахстан"
TITLE = "Основные показатели внешней торговли (по странам)"


class ExtractError(Exception):
    """A workbook does not have the layout this tool reads; the message says where and what."""


# -- reading one sheet -------------------------------------------------------------------

Grid = Sequence[Sequence[Any]]


def label(cell: Any) -> str:
    """A cell as text with its whitespace collapsed ("  Страны ЕС" -> "Страны ЕС"); "" for an empty cell."""
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return ""
    return " ".join(str(cell).split())


def decimal_text(cell: Any, where: str) -> str:
    """The exact decimal text of a numeric cell: the shortest text that reads back as the stored value."""
    if isinstance(cell, bool) or not isinstance(cell, (int, float)):
        raise ExtractError(f"{where}: expected a number, found {cell!r}")
    if isinstance(cell, int):
        return str(cell)
    if not math.isfinite(cell):
        raise ExtractError(f"{where}: expected a finite number, found {cell!r}")
    # repr gives the shortest round-tripping text; 'f' keeps it free of exponents.
    return format(Decimal(repr(cell)), "f")


@dataclass(frozen=True)
class Header:
    """Where a data sheet's header is and which column holds each indicator's total."""

    row: int
    columns: dict[str, int]


def find_header(grid: Grid) -> Header | None:
    """The row holding the three indicator headings, or ``None`` for a sheet without data (a cover, notes)."""
    for r, cells in enumerate(grid):
        texts = [label(c).lower() for c in cells]
        columns = {ind: texts.index(h) for ind, h in HEADINGS.items() if h in texts}
        if len(columns) == len(HEADINGS):
            # The value column is the heading's own column; the next non-empty row labels it "всего".
            below = next((i for i in range(r + 1, len(grid)) if any(label(c) for c in grid[i])), None)
            for ind, col in columns.items():
                sub = label(grid[below][col]).lower() if below is not None and col < len(grid[below]) else ""
                if sub != TOTAL_SUBHEADING:
                    raise ExtractError(
                        f"row {r + 1}: the {HEADINGS[ind]!r} heading's first sub-column is {sub!r}, "
                        f"expected {TOTAL_SUBHEADING!r}"
                    )
            return Header(r, columns)
    return None


_YEAR_TITLE = re.compile(r"\b(\d{4})\s+год", re.IGNORECASE)


def sheet_year(grid: Grid, header: Header, sheet: str) -> int:
    """The calendar year of a data sheet, from its title rows; checked against the sheet's name."""
    found: list[tuple[int, str]] = []
    for r in range(header.row):
        for cell in grid[r]:
            text = label(cell)
            if m := _YEAR_TITLE.search(text):
                found.append((int(m[1]), text))
    if len(found) != 1:
        raise ExtractError(f"sheet {sheet!r}: expected one title naming the year ('2023 год'), found {found}")
    year, text = found[0]
    lowered = text.lower()
    if "январь-" in lowered and "январь-декабрь" not in lowered:
        raise ExtractError(f"sheet {sheet!r}: the title {text!r} is not a whole year")
    in_name = re.findall(r"\d{4}", sheet)
    if in_name and in_name != [str(year)]:
        raise ExtractError(f"sheet {sheet!r}: its name disagrees with its title {text!r}")
    return year


def eu_coverage(grid: Grid, eu_row: int, sheet: str) -> str:
    """Coverage "EU28" or "EU27": the members listed between "Страны ЕС" and "Страны вне ЕС", counted."""
    members: list[str] = []
    for r in range(eu_row + 1, len(grid)):
        name = label(grid[r][0])
        if name == EU_END_LABEL:
            break
        if name:
            members.append(name)
    else:
        raise ExtractError(f"sheet {sheet!r}: no {EU_END_LABEL!r} row closes the EU block")
    n, uk = len(members), UK_LABEL in members
    if (n, uk) not in ((28, True), (27, False)):
        raise ExtractError(
            f"sheet {sheet!r}: the EU block lists {n} members (United Kingdom {'in' if uk else 'not in'} it); "
            "expected 28 with the United Kingdom or 27 without"
        )
    return f"EU{n}"


@dataclass(frozen=True)
class SheetRow:
    """One partner's figures in one sheet, as text."""

    partner: str
    year: int
    coverage: str
    turnover: str
    exports: str
    imports: str
    sheet: str
    xls_row: int


def extract_sheet(grid: Grid, sheet: str) -> list[SheetRow]:
    """The rows of LT, RO, EE and the EU in one sheet (``[]`` for a sheet without data)."""
    header = find_header(grid)
    if header is None:
        return []
    year = sheet_year(grid, header, sheet)
    total = next((r for r in range(header.row + 1, len(grid)) if label(grid[r][0]).startswith("Всего")), None)
    if total is None:
        raise ExtractError(f"sheet {sheet!r}: no 'Всего' row below the header")
    rows: dict[str, int] = {}
    for r in range(total + 1, len(grid)):
        code = PARTNER_LABELS.get(label(grid[r][0]))
        if code is None:
            continue
        if code in rows:
            raise ExtractError(f"sheet {sheet!r}: the label for {code} appears in rows {rows[code] + 1} and {r + 1}")
        rows[code] = r
    missing = [p for p in PARTNER_ORDER if p not in rows]
    if missing:
        raise ExtractError(f"sheet {sheet!r}: no row for {', '.join(missing)}")
    out: list[SheetRow] = []
    for code in PARTNER_ORDER:
        r = rows[code]
        values = {
            ind: decimal_text(grid[r][col], f"sheet {sheet!r}, row {r + 1}, {ind}")
            for ind, col in header.columns.items()
        }
        coverage = eu_coverage(grid, r, sheet) if code == "EU" else ""
        out.append(
            SheetRow(code, year, coverage, values["turnover"], values["exports"], values["imports"], sheet, r + 1)
        )
    return out


# -- reading workbooks -------------------------------------------------------------------

_PUBLISHED = re.compile(r"Дата опубликования:\s*(\d{2})\.(\d{2})\.(\d{4})")


@dataclass(frozen=True)
class Workbook:
    """One BNS workbook: its copy's name, original name, hash, sheets and rows."""

    file: str
    original: str
    sha256: str
    size: int
    sheets: tuple[str, ...]
    edition: int
    published: date | None
    rows: tuple[SheetRow, ...]


def read_grid(path: Path, sheet: str) -> list[list[Any]]:
    frame = pd.read_excel(path, sheet_name=sheet, header=None, dtype=object, engine="xlrd")
    return [[None if label(c) == "" else c for c in row] for row in frame.itertuples(index=False)]


def read_workbook(path: Path, original: str) -> Workbook:
    with warnings.catch_warnings():
        # pandas announces the end of its xlrd engine; .xls needs it until then.
        warnings.simplefilter("ignore", FutureWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        names = [str(s) for s in pd.ExcelFile(path, engine="xlrd").sheet_names]
        rows: list[SheetRow] = []
        published: date | None = None
        for sheet in names:
            grid = read_grid(path, sheet)
            try:
                found = extract_sheet(grid, sheet)
            except ExtractError as exc:
                raise ExtractError(f"{path.name}: {exc}") from None
            rows += found
            if not found:
                for cells in grid:
                    for cell in cells:
                        if m := _PUBLISHED.search(label(cell)):
                            published = date(int(m[3]), int(m[2]), int(m[1]))
    if not rows:
        raise ExtractError(f"{path.name}: no data sheet")
    years = [r.year for r in rows]
    if len({(r.partner, r.year) for r in rows}) != len(rows):
        raise ExtractError(f"{path.name}: a year appears in two sheets")
    data = path.read_bytes()
    return Workbook(
        file=path.name,
        original=original,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        sheets=tuple(names),
        edition=max(years),
        published=published,
        rows=tuple(rows),
    )


def original_names(readme: Path) -> dict[str, str]:
    """Copy name -> original file name, from the table of the shared README ("| copy.xls | sheets | original |")."""
    names: dict[str, str] = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0].endswith(".xls") and (m := re.match(r"(.+?\.xls)\b", cells[2])):
            names[cells[0]] = m[1]
    return names


# -- writing -----------------------------------------------------------------------------


def table_rows(books: Sequence[Workbook]) -> list[dict[str, str]]:
    """The CSV rows: one per (workbook, sheet, partner), revisions ranked by edition."""
    editions = [b.edition for b in books]
    if len(set(editions)) != len(editions):
        raise ExtractError(f"two workbooks have the same newest year: {sorted(editions)}")
    flat = [(b, r) for b in books for r in b.rows]
    flat.sort(key=lambda br: (PARTNER_ORDER.index(br[1].partner), br[1].year, br[0].edition))
    out: list[dict[str, str]] = []
    rank: dict[tuple[str, int], int] = {}
    for b, r in flat:
        key = (r.partner, r.year)
        rank[key] = rank.get(key, 0) + 1
        out.append(
            {
                "partner": r.partner,
                "year": str(r.year),
                "coverage": r.coverage,
                "turnover": r.turnover,
                "exports": r.exports,
                "imports": r.imports,
                "source_file": b.original,
                "sheet": r.sheet,
                "xls_row": str(r.xls_row),
                "edition": str(b.edition),
                "published": "" if b.published is None else b.published.isoformat(),
                "revision": str(rank[key]),
            }
        )
    return out


def csv_text(rows: Sequence[dict[str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def _decimals(text: str) -> int:
    return max(0, -int(Decimal(text).as_tuple().exponent))


def _sheets_text(where: Sequence[tuple[int, int]]) -> str:
    """Sheets named by (year, edition): "the 2023 sheet (2023 edition)" or "the 2018 to 2022 sheets (9 sheets)"."""
    years = sorted({y for y, _ in where})
    if len(where) == 1:
        return f"the {years[0]} sheet ({where[0][1]} edition)"
    span = f"{years[0]} to {years[-1]}" if len(years) > 1 else str(years[0])
    return f"the {span} sheets ({len(where)} sheets in all editions)"


def _bullet(text: str) -> str:
    return textwrap.fill(text, width=96, initial_indent="* ", subsequent_indent="  ", break_on_hyphens=False)


def _notes(books: Sequence[Workbook], rows: Sequence[dict[str, str]]) -> str:
    """The notes of the README that depend on the data, computed from it."""
    editions = {b.original: b.edition for b in books}
    indicators = ("turnover", "exports", "imports")
    by_key: dict[tuple[str, str], list[dict[str, str]]] = {}
    for r in rows:
        by_key.setdefault((r["partner"], r["year"]), []).append(r)
    changed = [
        f"{p} {y}" for (p, y), rs in by_key.items() if len({tuple(Decimal(r[k]) for k in indicators) for r in rs}) > 1
    ]
    revised = (
        "For these four partners the two publications of a year agree to the last digit wherever they overlap."
        if not changed
        else "The two publications differ for: " + ", ".join(changed) + "."
    )
    places: dict[tuple[int, int], int] = {}
    coverage: dict[str, set[tuple[int, int]]] = {}
    for r in rows:
        where = (int(r["year"]), editions[r["source_file"]])
        places[where] = max(places.get(where, 0), *(_decimals(r[k]) for k in indicators))
        if r["coverage"]:
            coverage.setdefault(r["coverage"], set()).add(where)
    eu = "; ".join(f"{c} in {_sheets_text(sorted(w))}" for c, w in sorted(coverage.items(), reverse=True))
    precision = "; ".join(
        f"{n} decimal place{'s' if n != 1 else ''} in {_sheets_text(sorted(w for w, m in places.items() if m == n))}"
        for n in sorted(set(places.values()))
    )
    first, last = min(int(r["year"]) for r in rows), max(int(r["year"]) for r in rows)
    return "\n".join(
        _bullet(text)
        for text in (
            "Each workbook holds two years, so most years are published twice: first in that year's edition, "
            "then again, possibly revised, in the next one. The later edition is the later revision; "
            f"`load_official()` marks it `latest`. {revised}",
            f"The «Страны ЕС» block, its members counted: {eu}. An `EU28` figure includes the United Kingdom, "
            "which left the Union on 31 January 2020.",
            f"Precision of the values as stored (thousand US dollars): at most {precision}. The publisher notes "
            "that totals may differ from the sum of their parts by rounding («незначительные расхождения между "
            "итогом и суммой слагаемых объясняются округлением данных»); `load_official()` allows for that.",
            f"Years covered: {first} to {last}.",
        )
    )


def readme_text(books: Sequence[Workbook], rows: Sequence[dict[str, str]], csv_sha256: str, comext: str = "") -> str:
    """The README: the BNS part, then ``comext`` (the Comext part, from ``tools/extract_comext.py``)."""
    files = "\n".join(
        f"| `{b.original}` | `{b.file}` | {', '.join(b.sheets)} | {b.edition} | "
        f"{b.published.isoformat() if b.published else 'not stated in the file'} | `{b.sha256}` |"
        for b in books
    )
    return f"""# Official statistics: Kazakhstan's trade with LT, RO, EE and the EU

Two offices, two sides of the same trade: Kazakhstan's Bureau of National Statistics (below),
and Eurostat's Comext, where each EU member state reports its trade with Kazakhstan
([Eurostat Comext](#eurostat-comext-the-eu-member-states-side)). The raw files are shipped
here, byte for byte, in `bns/` and `eurostat/`; the library reads only the CSV files extracted
from them.

## Kazakhstan's Bureau of National Statistics

`bns_trade_by_partner.csv` holds the official annual figures that `kzlt_trade.load_official()`
reads and `kzlt_trade.compare_official()` sets against the press figures. It is extracted,
unchanged in value, from the workbooks listed below. Generated by `tools/extract_official.py`;
do not edit by hand.

### Source

* **Publisher:** {PUBLISHER} ({PUBLISHER_RU}, BNS ASPR RK).
* **Dataset:** «{TITLE}»: main indicators of foreign trade by partner country, annual.
* **Reporter:** Kazakhstan. `exports` are Kazakhstan's exports to the partner, `imports` Kazakhstan's
  imports from it, `turnover` their sum.
* **Units:** thousand US dollars in the CSV, exactly as the cells store them (`load_official()`
  converts to million US dollars).
* **Method (from the 2023 workbook's notes):** trade with members of the Eurasian Economic Union
  comes from the statistical form 1-TS; trade with all other countries from customs declarations
  (State Revenue Committee of the Ministry of Finance).
* **Cite:** the Bureau of National Statistics as the source.

### Files

| original file name | copy read (in `bns/`) | sheets | edition | published | SHA-256 of the file |
| --- | --- | --- | --- | --- | --- |
{files}

The SHA-256 is of the copy, which is the publisher's file byte for byte under another name.
The copies were found in public research repositories that had downloaded them from the
publisher: the GitHub repository `mary-lev/eu-export-sanctions`, commit 4b6a5df, folder
`data/kazakhstan_data/`. Only the file names were changed. The workbooks are shipped in `bns/`
so that the CSV can be built again from them; the library itself reads only the CSV.

SHA-256 of `bns_trade_by_partner.csv`: `{csv_sha256}`.

### Columns

{_columns_table()}

### Notes

{_notes(books, rows)}

### Regenerate

```console
$ python tools/extract_official.py           # needs pandas, xlrd and openpyxl; reads bns/ and eurostat/
$ python tools/extract_official.py --check   # exit 1 if these files are stale
```

The argument, by default `bns/`, is the folder of the workbooks; their original names are the
tool's `ORIGINAL_NAMES` (`--readme` to read them from another README's table). This tool writes
`bns_trade_by_partner.csv`, this README and `datapackage.json`, both of which cover the Comext
files too; `tools/extract_comext.py` writes `comext_trade_with_kz.csv`.
`tests/test_official_regenerate.py` runs both and checks that every file comes out byte for
byte as shipped.
{comext}"""


#: What each column of the CSV holds, for the README.
COLUMN_DOCS = (
    ("partner", "`LT` (Литва), `RO` (Румыния), `EE` (Эстония), `EU` (the «Страны ЕС» block)"),
    ("year", "calendar year of the figures, from the sheet's title («за январь-декабрь 2019 года», «2023 год»)"),
    ("coverage", "for `EU`: `EU28` when the block lists 28 members including the United Kingdom, "
                 "`EU27` when it lists 27 without it; empty for a single country"),
    ("turnover", "thousand US dollars: exports plus imports"),
    ("exports", "thousand US dollars: Kazakhstan's exports to the partner"),
    ("imports", "thousand US dollars: Kazakhstan's imports from the partner"),
    ("source_file", "the workbook's original file name"),
    ("sheet", "the sheet's name in the workbook"),
    ("xls_row", "the row of the partner's label in that sheet, numbered as a spreadsheet shows it (from 1)"),
    ("edition", "the newest year the workbook covers; a later edition is a later publication"),
    ("published", "the publication date printed on the workbook's cover, when it has one"),
    ("revision", "1 for the first publication of a (partner, year), 2 for its revision in the next edition"),
)  # fmt: skip


def _columns_table() -> str:
    assert tuple(name for name, _ in COLUMN_DOCS) == COLUMNS
    rows = "\n".join(f"| `{name}` | {meaning} |" for name, meaning in COLUMN_DOCS)
    return (
        "| column | meaning |\n| --- | --- |\n"
        + rows
        + (
            "\n\nValues are the cells' numbers written as the shortest decimal text that reads back as the stored "
            "double: exact, and safe to read with `decimal.Decimal`."
        )
    )


def field(name: str, type_: str, description: str, **constraints: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "type": type_, "description": description}
    if constraints:
        out["constraints"] = constraints
    return out


def datapackage(
    books: Sequence[Workbook],
    csv_bytes: bytes,
    comext_sources: Sequence[dict[str, str]] = (),
    comext_resources: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    money = "thousand US dollars, exactly as the workbook's cell stores it"
    return {
        "profile": "tabular-data-package",
        "name": "kzlt-trade-official",
        "title": "Kazakhstan's foreign trade with Lithuania, Romania, Estonia and the EU (BNS ASPR RK), and the EU "
        "member states' trade with Kazakhstan (Eurostat Comext)",
        "description": (
            f"Annual turnover, exports and imports of Kazakhstan with Lithuania, Romania, Estonia and the EU "
            f"block, extracted from the workbooks «{TITLE}» of the {PUBLISHER}. One row per workbook, sheet "
            "and partner, so that revisions stay visible. With the mirror side: the EU member states' monthly "
            "exports to and imports from Kazakhstan in euro, extracted from Eurostat Comext files (DS-045409). "
            "See README.md for provenance."
        ),
        "sources": [
            {"title": f"{PUBLISHER}: «{TITLE}», file {b.original} (sha256 {b.sha256})", "path": f"bns/{b.file}"}
            for b in books
        ]
        + list(comext_sources),
        "resources": [
            extract_comext.csv_resource(
                "bns_trade_by_partner", CSV_NAME, "Kazakhstan's trade by partner, thousand US dollars", csv_bytes, {
                    "fields": [
                        field("partner", "string", "LT, RO, EE, or EU for the «Страны ЕС» block.",
                              required=True, enum=list(PARTNER_ORDER)),
                        field("year", "integer", "Calendar year of the figures.", required=True),
                        field("coverage", "string", "For EU: EU28 (with the United Kingdom) or EU27; empty otherwise.",
                              enum=["EU27", "EU28"]),
                        field("turnover", "number", f"Exports plus imports, {money}.", required=True, minimum=0),
                        field("exports", "number", f"Kazakhstan's exports to the partner, {money}.",
                              required=True, minimum=0),
                        field("imports", "number", f"Kazakhstan's imports from the partner, {money}.",
                              required=True, minimum=0),
                        field("source_file", "string", "The workbook's original file name.", required=True),
                        field("sheet", "string", "The sheet's name in the workbook.", required=True),
                        field("xls_row", "integer", "Row of the partner's label in the sheet (from 1).",
                              required=True, minimum=1),
                        field("edition", "integer", "Newest year the workbook covers; orders the publications.",
                              required=True),
                        field("published", "date", "Publication date printed on the workbook's cover, if any."),
                        field("revision", "integer", "1 for the first publication of a (partner, year), then 2.",
                              required=True, minimum=1),
                    ],
                    "primaryKey": ["partner", "year", "source_file"],
                },
            ),
            *comext_resources,
        ],
    }  # fmt: skip


def outputs(folder: Path, originals: dict[str, str], eurostat: Path) -> dict[str, str]:
    """The three files to write, by name, built from the workbooks in ``folder`` and the Comext files in ``eurostat``.

    ``originals`` maps each workbook's copy name to the publisher's file name.
    """
    paths = sorted(folder.glob("*.xls"))
    if not paths:
        raise ExtractError(f"no .xls files in {folder}")
    unnamed = [p.name for p in paths if p.name not in originals]
    if unnamed:
        raise ExtractError(f"no original file name is known for {', '.join(unnamed)}")
    books = sorted((read_workbook(p, originals[p.name]) for p in paths), key=lambda b: b.edition)
    rows = table_rows(books)
    text = csv_text(rows)
    data = text.encode("utf-8")
    raw = extract_comext.read_folder(eurostat)
    written = extract_comext.outputs_of(raw)
    comext = written[extract_comext.COMEXT_FILE].encode("utf-8")
    years = written[extract_comext.YEARS_FILE].encode("utf-8")
    section = extract_comext.readme_section(raw, hashlib.sha256(comext).hexdigest(), hashlib.sha256(years).hexdigest())
    resources = (extract_comext.resource(comext), extract_comext.years_resource(years))
    package = datapackage(books, data, extract_comext.sources(raw), resources)
    return {
        CSV_NAME: text,
        "README.md": readme_text(books, rows, hashlib.sha256(data).hexdigest(), "\n" + section),
        "datapackage.json": json.dumps(package, ensure_ascii=False, indent=2) + "\n",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "folder", type=Path, nargs="?", default=IN, help=f"folder of the BNS .xls workbooks (default: {IN})"
    )
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default: {OUT})")
    parser.add_argument(
        "--readme", type=Path, help="README with the original file names (default: the tool's ORIGINAL_NAMES)"
    )
    parser.add_argument(
        "--eurostat", type=Path, help="folder of the Eurostat Comext files (default: FOLDER/../eurostat)"
    )
    parser.add_argument("--check", action="store_true", help="compare with the output folder instead of writing")
    args = parser.parse_args(argv)
    originals = ORIGINAL_NAMES if args.readme is None else original_names(args.readme)
    eurostat: Path = args.eurostat or args.folder.resolve().parent / "eurostat"
    try:
        files = outputs(args.folder, originals, eurostat)
    except (ExtractError, DataFileError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return extract_comext.write_or_check(files, args.out, check=args.check)


if __name__ == "__main__":
    raise SystemExit(main())

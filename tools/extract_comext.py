"""Extract the EU member states' trade with Kazakhstan from the Eurostat Comext files into data/official/.

    python tools/extract_comext.py                # read data/official/eurostat/, write data/official/
    python tools/extract_comext.py DIR --out OUT  # other folders
    python tools/extract_comext.py --check        # exit 1 if data/official/comext_trade_with_kz.csv is stale

The argument is the folder of the raw Comext files (default ``data/official/eurostat/``):
``*.csv`` are read as relational-view exports (:func:`kzlt_trade.comext.read_relational_csv`),
``*.xlsx`` as spreadsheet extracts (:func:`kzlt_trade.comext.read_spreadsheet`, which needs
``openpyxl``). Writes ``comext_trade_with_kz.csv``: one row per (source file, sheet, reporter,
flow, product, month), with Kazakhstan as the partner.

Kazakhstan only, by design: the spreadsheet also holds the member states' trade with Armenia,
Belarus, Georgia, Kyrgyzstan, Russia and Uzbekistan, which this library does not check. Those
rows are read and validated like the others (a bad one stops the extraction), counted in the
README, and left out of the CSV.

``tools/extract_official.py`` writes ``README.md`` and ``datapackage.json`` for both offices;
it takes the Comext part from :func:`readme_section`, :func:`resource` and :func:`sources`.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import sys
import textwrap
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from kzlt_trade.comext import (
    AGGREGATE_REPORTERS,
    COMEXT_COLUMNS,
    COMEXT_FILE,
    EU27_2020,
    YEARS_FILE,
    YEARS_FILE_COLUMNS,
    ComextRow,
    read_relational_csv,
    read_spreadsheet,
    yearly_totals,
    years_csv,
)
from kzlt_trade.errors import DataFileError

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "official"
IN = OUT / "eurostat"
PARTNER = "KZ"

PUBLISHER = "Eurostat, the statistical office of the European Union"
DATASET = "DS-045409"
DATASET_TITLE = "EU trade since 1988 by HS2-4-6 and CN8"

#: What the files themselves do not say: how each was made and where the copy came from.
ORIGINS = {
    "comext_ds045409_eu_exports_to_kz_monthly.csv": (
        "relational-view CSV export of Comext, extracted on 2024-11-17: 68 downloads (one a month, "
        "2019-01 to 2024-08) concatenated under one header",
        "GitHub repository `mary-lev/eu-export-sanctions`, commit 4b6a5df, folder `data/kazahstan_export_eurostat/`",
    ),
    "comext_ds045409_eu_trade_extract_2023-01-22.xlsx": (
        "spreadsheet extract of a custom Comext query (DS-045409__custom_4630244), extracted on 2023-01-22",
        "GitHub repository `vzemlys/ruimpeks`, file `xlsx/eu_total_trade_4630244_spreadsheet.xlsx`",
    ),
}


@dataclass(frozen=True)
class RawFile:
    """One raw Comext file: its name, hash, size and every row it holds."""

    name: str
    sha256: str
    size: int
    rows: tuple[ComextRow, ...]


def read_folder(folder: Path) -> list[RawFile]:
    paths = sorted([*folder.glob("*.csv"), *folder.glob("*.xlsx")])
    if not paths:
        raise SystemExit(f"error: no .csv or .xlsx files in {folder}")
    files = []
    for p in paths:
        rows = read_relational_csv(p) if p.suffix == ".csv" else read_spreadsheet(p)
        data = p.read_bytes()
        files.append(RawFile(p.name, hashlib.sha256(data).hexdigest(), len(data), rows))
    return files


def _sort_key(r: ComextRow) -> tuple[Any, ...]:
    return (r.reporter, r.flow, r.product, r.period, r.extracted, r.source_file, r.sheet, r.row)


def kept(files: Sequence[RawFile]) -> list[ComextRow]:
    """The rows of the CSV: Kazakhstan as partner, sorted by reporter, flow, product, month, extraction."""
    return sorted((r for f in files for r in f.rows if r.partner == PARTNER), key=_sort_key)


def csv_text(rows: Sequence[ComextRow]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COMEXT_COLUMNS)
    for r in rows:
        writer.writerow(
            [
                r.reporter, r.partner, r.flow, r.product, r.period,
                "" if r.value_eur is None else format(r.value_eur, "f"),
                r.source_file, r.sheet, r.row, r.extracted.isoformat(),
                "" if r.last_update is None else r.last_update.isoformat(),
            ]
        )  # fmt: skip
    return buf.getvalue()


def outputs_of(files: Sequence[RawFile]) -> dict[str, str]:
    """The file to write, by name, from the raw files read."""
    rows = kept(files)
    return {COMEXT_FILE: csv_text(rows), YEARS_FILE: years_csv(yearly_totals(rows))}


def outputs(folder: Path) -> dict[str, str]:
    """The file to write, by name, from the raw files in ``folder``."""
    return outputs_of(read_folder(folder))


# -- the README section and the descriptor, for tools/extract_official.py ----------------------


def _bullet(text: str) -> str:
    return textwrap.fill(text, width=96, initial_indent="* ", subsequent_indent="  ", break_on_hyphens=False)


def _span(periods: Sequence[str]) -> str:
    return f"{min(periods)} to {max(periods)}"


def _file_notes(f: RawFile) -> str:
    rows = f.rows
    kz = [r for r in rows if r.partner == PARTNER]
    sheets = sorted({r.sheet for r in rows if r.sheet})
    what = Counter((r.flow, r.product) for r in kz)
    parts = ", ".join(f"{flow} {product}" for flow, product in sorted(what))
    na = sum(r.value_eur is None for r in kz)
    partners = sorted({r.partner for r in rows} - {PARTNER})
    reporters = sorted({r.reporter for r in kz})
    members = [c for c in reporters if c in EU27_2020]
    former = [c for c in reporters if c not in EU27_2020 and c not in AGGREGATE_REPORTERS.values()]
    aggregates = [c for c in reporters if c in AGGREGATE_REPORTERS.values()]
    text = (
        f"`{f.name}`: {len(rows)} values"
        + (f" in {len(sheets)} data sheets ({', '.join(sheets)})" if sheets else "")
        + f", months {_span([r.period for r in rows])}; {len(kz)} with Kazakhstan as partner ({parts}), "
        f"{na} of them marked not available (`:`); reporters: {len(members)} of the 27 member states"
        + "".join(f", {c} ({_span([r.period for r in kz if r.reporter == c])})" for c in former)
        + (f", and Eurostat's aggregates {', '.join(aggregates)}" if aggregates else "")
        + "."
    )
    months = sorted({r.period for r in kz})
    empty = [m for m in months if all(r.value_eur is None for r in kz if r.period == m)]
    if empty:
        text += f" No reporter has a value for {', '.join(empty)}: every cell of that month is `:`."
    if partners:
        text += (
            f" The other {len(rows) - len(kz)} values, with {', '.join(partners)} as partner, are read and "
            "checked but left out of the CSV by design."
        )
    short = [c for c in members if sum(r.reporter == c for r in kz) < max(Counter(r.reporter for r in kz).values())]
    if short:
        text += (
            f" Fewer months than the others for {', '.join(short)}: a month with no row has no value, "
            "and `comext_total()` never takes it as zero."
        )
    return _bullet(text)


def _overlap_note(files: Sequence[RawFile]) -> str:
    """How the extractions differ where they give the same reporter, flow, product and month."""
    if len(files) < 2:
        return ""
    by_file = [{(r.reporter, r.flow, r.product, r.period): r.value_eur for r in f.rows if r.partner == PARTNER}
               for f in files]  # fmt: skip
    lines = []
    for i, a in enumerate(by_file):
        for j in range(i + 1, len(files)):
            b = by_file[j]
            common = sorted(k for k in a.keys() & b.keys())
            if not common:
                continue
            valued = [k for k in common if a[k] is not None and b[k] is not None]
            differ = [k for k in valued if a[k] != b[k]]
            sum_a = sum((a[k] or 0 for k in valued), Decimal(0))
            sum_b = sum((b[k] or 0 for k in valued), Decimal(0))
            only_a = sum(a[k] is not None and b[k] is None for k in common)
            only_b = sum(a[k] is None and b[k] is not None for k in common)
            lines.append(_bullet(
                f"`{files[i].name}` and `{files[j].name}` overlap on {len(common)} values "
                f"({', '.join(sorted({f'{k[1]} {k[2]}' for k in common}))}, {_span([k[3] for k in common])}): "
                f"{len(valued)} given by both, of which {len(valued) - len(differ)} equal and {len(differ)} "
                f"different (in {', '.join(sorted({k[3][:4] for k in differ}))}); summed over the {len(valued)}, "
                f"{sum_a} against {sum_b} euro; {only_a} given only by the first, {only_b} only by the second."
            ))  # fmt: skip
    return "\n".join(lines)


_LATEST = (
    "The relational-view CSV states no extraction date; the reader takes 2024-11-17 from the provenance above, "
    "by the file's SHA-256 (`kzlt_trade.comext.KNOWN_EXTRACTIONS`). Where two extractions give the same reporter, "
    "flow, product and month, the later extraction is the later revision: `load_comext()` marks it `latest`, and "
    "`comext_total()` uses it."
)


def readme_section(files: Sequence[RawFile], csv_sha256: str, years_sha256: str) -> str:
    """The README's Comext part: source, files with their SHA-256, columns, notes."""
    table = "\n".join(
        f"| `{f.name}` | {ORIGINS[f.name][0] if f.name in ORIGINS else 'not recorded'} | {_dates(f)} | `{f.sha256}` |"
        for f in files
    )
    copies = "\n".join(_bullet(f"`{f.name}`: {ORIGINS[f.name][1]}.") for f in files if f.name in ORIGINS)
    notes = "\n".join([*(_file_notes(f) for f in files), *filter(None, [_overlap_note(files)])])
    _years_columns = ", ".join(f"`{c}`" for c in YEARS_FILE_COLUMNS)
    return f"""## Eurostat Comext: the EU member states' side

`{COMEXT_FILE}` holds what each EU member state reports of its trade with Kazakhstan, monthly,
in euro, as `kzlt_trade.load_comext()` reads it. It is extracted, unchanged in value, from the raw
files in `eurostat/` by `tools/extract_comext.py`; do not edit by hand.

* **Publisher:** {PUBLISHER}.
* **Dataset:** {DATASET}, «{DATASET_TITLE}» (Comext).
* **Reporter:** the EU member state. `exports` are the member state's exports to Kazakhstan
  (Comext flow `2-EXPORT`), `imports` its imports from Kazakhstan (`1-IMPORT`): the mirror of
  Kazakhstan's imports and exports in the BNS files, with other valuation (the exporter's FOB
  against the importer's CIF), timing, partner attribution and currency.
* **Units:** euro, exactly as the files write them; empty where a file marks the value not
  available (`:`).
* **Cite:** Eurostat as the source.

| raw file (in `eurostat/`) | what it is | extracted / last update | SHA-256 of the file |
| --- | --- | --- | --- |
{table}

The files are Eurostat's, byte for byte; they were found in public research repositories that
had downloaded them from Comext:

{copies}

SHA-256 of `{COMEXT_FILE}`: `{csv_sha256}`.

`{YEARS_FILE}` holds, for each extraction, the calendar years it gives complete (twelve months,
each with a value) for each member state and flow, all products: the sum of those twelve rows of
`{COMEXT_FILE}`, exactly. A year with a month missing or not available has no row. These are the
partners' own figures that `kzlt_trade.load()` makes claims of (reporter: the member state) and
that the checker's `mirror` relation sets against Kazakhstan's. Columns: {_years_columns}.
SHA-256 of `{YEARS_FILE}`: `{years_sha256}`.

| column | meaning |
| --- | --- |
{_columns_table()}

{notes}
{_bullet(_LATEST)}

```console
$ python tools/extract_comext.py           # needs openpyxl; reads eurostat/, writes {COMEXT_FILE}
$ python tools/extract_comext.py --check   # exit 1 if {COMEXT_FILE} is stale
```
"""


def _dates(f: RawFile) -> str:
    extracted = sorted({r.extracted for r in f.rows})
    updates = sorted({r.last_update for r in f.rows if r.last_update is not None})
    text = ", ".join(d.isoformat() for d in extracted)
    return text + (" / " + ", ".join(d.isoformat() for d in updates) if updates else " / not stated in the file")


COLUMN_DOCS = (
    ("reporter", "the EU member state reporting, ISO 3166-1 alpha-2 (`DE`, `GR` for Greece); `GB` while it was a "
                 "member; or Eurostat's own aggregate: `EU27_2020` (the 27), `EU` (as composed at the date), "
                 "`EA20`, `EA` (euro area)"),
    ("partner", "`KZ`, Kazakhstan"),
    ("flow", "`exports` or `imports`, as the reporter states them"),
    ("product", "`TOTAL` (all products) or the HS code (`27`, mineral fuels)"),
    ("period", "the month, `YYYY-MM`"),
    ("value_eur", "euro, exactly as the file writes it; empty where the file marks it not available (`:`)"),
    ("source_file", "the raw file, in `eurostat/`"),
    ("sheet", "the sheet of a spreadsheet; empty for a CSV"),
    ("row", "the row (spreadsheet) or line (CSV) of the value in the raw file, from 1, as a spreadsheet or an "
            "editor shows it"),
    ("extracted", "the date Eurostat extracted the file"),
    ("last_update", "the date of the data's last update, when the file states it"),
)  # fmt: skip


def _columns_table() -> str:
    assert tuple(n for n, _ in COLUMN_DOCS) == COMEXT_COLUMNS
    return "\n".join(f"| `{n}` | {m} |" for n, m in COLUMN_DOCS)


def _field(name: str, type_: str, description: str, **constraints: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "type": type_, "description": description}
    if constraints:
        out["constraints"] = constraints
    return out


def csv_resource(name: str, path: str, title: str, csv_bytes: bytes, schema: dict[str, Any]) -> dict[str, Any]:
    """A Frictionless resource of one CSV file written by these tools: its size, hash, dialect and schema."""
    return {
        "profile": "tabular-data-resource",
        "name": name,
        "path": path,
        "title": title,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(csv_bytes),
        "hash": "sha256:" + hashlib.sha256(csv_bytes).hexdigest(),
        "dialect": {"delimiter": ",", "doubleQuote": True, "header": True, "lineTerminator": "\n"},
        "schema": schema,
    }


def resource(csv_bytes: bytes) -> dict[str, Any]:
    """The Frictionless resource of the CSV."""
    title = "EU member states' trade with Kazakhstan as they report it, monthly, euro (Eurostat Comext)"
    return csv_resource("comext_trade_with_kz", COMEXT_FILE, title, csv_bytes, {
            "fields": [
                _field("reporter", "string", "EU member state (ISO 3166-1 alpha-2) or Eurostat aggregate "
                       "(EU27_2020, EU, EA20, EA).", required=True),
                _field("partner", "string", "Partner country, ISO 3166-1 alpha-2.", required=True, enum=[PARTNER]),
                _field("flow", "string", "exports or imports, as the reporter states them.", required=True,
                       enum=["exports", "imports"]),
                _field("product", "string", "TOTAL or an HS code.", required=True,
                       pattern="TOTAL|[0-9]{2}(?:[0-9]{2}){0,3}"),
                _field("period", "string", "Month, YYYY-MM.", required=True, pattern="[0-9]{4}-(0[1-9]|1[0-2])"),
                _field("value_eur", "number", "Euro, exactly as the raw file writes it; empty where not available.",
                       minimum=0),
                _field("source_file", "string", "The raw file, in eurostat/.", required=True),
                _field("sheet", "string", "Sheet of a spreadsheet; empty for a CSV."),
                _field("row", "integer", "Row (spreadsheet) or line (CSV) in the raw file, from 1.", required=True,
                       minimum=1),
                _field("extracted", "date", "Date Eurostat extracted the raw file.", required=True),
                _field("last_update", "date", "Date of the data's last update, when the raw file states it."),
            ],
            "missingValues": [""],
            "primaryKey": ["source_file", "sheet", "reporter", "flow", "product", "period"],
        })  # fmt: skip


def years_resource(csv_bytes: bytes) -> dict[str, Any]:
    """The Frictionless resource of the yearly totals."""
    title = "EU member states' trade with Kazakhstan as they report it, complete calendar years, euro"
    return csv_resource("comext_years_with_kz", YEARS_FILE, title, csv_bytes, {
            "fields": [
                _field("reporter", "string", "EU member state (ISO 3166-1 alpha-2).", required=True),
                _field("partner", "string", "Partner country, ISO 3166-1 alpha-2.", required=True, enum=[PARTNER]),
                _field("flow", "string", "exports or imports, as the reporter states them.", required=True,
                       enum=["exports", "imports"]),
                _field("product", "string", "TOTAL.", required=True, enum=["TOTAL"]),
                _field("year", "integer", "Calendar year.", required=True),
                _field("value_eur", "number", "Euro: the sum of the year's twelve monthly values.", required=True,
                       minimum=0),
                _field("months", "integer", "Months summed (always 12).", required=True, minimum=12, maximum=12),
                _field("source_file", "string", "The raw file, in eurostat/.", required=True),
                _field("extracted", "date", "Date Eurostat extracted the raw file.", required=True),
            ],
            "primaryKey": ["reporter", "flow", "year", "extracted"],
        })  # fmt: skip


def sources(files: Sequence[RawFile]) -> list[dict[str, str]]:
    return [
        {"title": f"{PUBLISHER}: Comext {DATASET} «{DATASET_TITLE}», file {f.name} (sha256 {f.sha256})",
         "path": f"eurostat/{f.name}"}
        for f in files
    ]  # fmt: skip


# -- command line ------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?", default=IN, help=f"folder of the raw files (default: {IN})")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default: {OUT})")
    parser.add_argument("--check", action="store_true", help="compare with the output folder instead of writing")
    args = parser.parse_args(argv)
    try:
        files = outputs(args.folder)
    except DataFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return write_or_check(files, args.out, check=args.check)


def write_or_check(files: dict[str, str], out: Path, *, check: bool) -> int:
    """Write each generated file into ``out`` (exit status 0), or with ``check`` list the stale ones (1 if any)."""
    if check:
        stale = [n for n, t in files.items() if not (out / n).is_file() or (out / n).read_text(encoding="utf-8") != t]
        for name in stale:
            print(f"out of date: {out / name}")
        return 1 if stale else 0
    out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8", newline="")
        print(f"wrote {out / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

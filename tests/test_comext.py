"""Eurostat Comext: the raw readers, the processed CSV, totals that never count a missing month as zero."""

from __future__ import annotations

import csv
import math
import re
import subprocess
import sys
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kzlt_trade
from kzlt_trade import partners
from kzlt_trade.comext import (
    COMEXT_COLUMNS,
    COMEXT_FILE,
    EU27_2020,
    KNOWN_EXTRACTIONS,
    YEARS_FILE,
    YEARS_FILE_COLUMNS,
    ComextRow,
    ComextTotal,
    comext_total,
    comext_years,
    load_comext,
    read_relational_csv,
    read_spreadsheet,
    read_years,
    yearly_totals,
)
from kzlt_trade.errors import DataFileError, Problem, RecordError, UsageError, UsageTypeError
from kzlt_trade.files import bundled_data_path

ROOT = Path(__file__).resolve().parent.parent
OFFICIAL = ROOT / "data" / "official"
RAW_CSV = OFFICIAL / "eurostat" / "comext_ds045409_eu_exports_to_kz_monthly.csv"
RAW_XLSX = OFFICIAL / "eurostat" / "comext_ds045409_eu_trade_extract_2023-01-22.xlsx"


@pytest.fixture(scope="module")
def csv_rows() -> tuple[ComextRow, ...]:
    return read_relational_csv(RAW_CSV)


@pytest.fixture(scope="module")
def xlsx_rows() -> tuple[ComextRow, ...]:
    return read_spreadsheet(RAW_XLSX)


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return load_comext()


def raw_lines() -> list[str]:
    return RAW_CSV.read_text(encoding="utf-8").splitlines()


# -- the relational-view CSV, shipped ----------------------------------------------------------


def test_the_csv_reader_reads_every_line(csv_rows: tuple[ComextRow, ...]) -> None:
    lines = raw_lines()
    assert len(csv_rows) == len(lines) - 1 == 2089
    assert [r.row for r in csv_rows] == list(range(2, len(lines) + 1))
    assert {r.partner for r in csv_rows} == {"KZ"}
    assert {(r.flow, r.product) for r in csv_rows} == {("exports", "TOTAL")}
    assert {r.extracted for r in csv_rows} == {date(2024, 11, 17)}
    assert {r.last_update for r in csv_rows} == {None}
    assert {r.sheet for r in csv_rows} == {""}
    assert min(r.period for r in csv_rows) == "2019-01"
    assert max(r.period for r in csv_rows) == "2024-08"


def test_the_first_data_line_is_read_as_written(csv_rows: tuple[ComextRow, ...]) -> None:
    assert raw_lines()[1] == '"Cyprus","Kazakhstan","TOTAL-Total","2-EXPORT","T-Total","202408-Aug. 2024",11421'
    first = csv_rows[0]
    assert (first.reporter, first.partner, first.flow, first.product, first.period, first.value_eur, first.row) == (
        "CY", "KZ", "exports", "TOTAL", "2024-08", Decimal("11421"), 2,
    )  # fmt: skip
    assert first.source_file == RAW_CSV.name


def test_every_value_is_the_text_of_its_line(csv_rows: tuple[ComextRow, ...]) -> None:
    lines = raw_lines()
    for r in csv_rows:
        cells = next(csv.reader([lines[r.row - 1]]))
        assert cells[-1] == str(r.value_eur), r
        assert cells[5].startswith(r.period.replace("-", "") + "-"), r


def test_the_csv_labels_are_read_to_codes(csv_rows: tuple[ComextRow, ...]) -> None:
    lines = raw_lines()
    label = {r.reporter: next(csv.reader([lines[r.row - 1]]))[0] for r in csv_rows}
    assert label["DE"] == "Germany (incl. German Democratic Republic 'DD' from 1991)"
    assert label["BE"] == "Belgium (incl. Luxembourg 'LU' -> 1998)"
    assert label["CZ"] == "Czechia"
    assert label["IE"] == "Ireland (Eire)"
    assert label["EU27_2020"].startswith("European Union - 27 countries (AT, BE,")
    assert set(label) == {*EU27_2020, "GB", "EU27_2020", "EU", "EA20", "EA"}
    months = {c: sum(r.reporter == c for r in csv_rows) for c in label}
    assert (months["LT"], months["GB"], months["MT"]) == (68, 13, 36)


def test_the_extraction_date_is_known_by_hash_or_given(tmp_path: Path) -> None:
    assert set(KNOWN_EXTRACTIONS.values()) == {date(2024, 11, 17)}
    copy = tmp_path / "comext.csv"
    copy.write_bytes(
        RAW_CSV.read_bytes() + b'"Malta","Kazakhstan","TOTAL-Total","2-EXPORT","T-Total","201901-Jan. 2019",5\r\n'
    )
    with pytest.raises(DataFileError) as err:
        read_relational_csv(copy)
    assert err.value.problems == (
        Problem("comext.csv", None, "extracted", None, "the extraction date: pass extracted=date(…)"),
    )
    rows = read_relational_csv(copy, extracted=date(2025, 1, 2), last_update=date(2025, 1, 1))
    assert (rows[-1].reporter, rows[-1].period, rows[-1].value_eur, rows[-1].extracted) == (
        "MT", "2019-01", Decimal(5), date(2025, 1, 2),
    )  # fmt: skip
    assert rows[-1].last_update == date(2025, 1, 1)


# -- the spreadsheet extract, shipped ----------------------------------------------------------


def test_the_spreadsheet_reader_reads_every_sheet(xlsx_rows: tuple[ComextRow, ...]) -> None:
    assert len(xlsx_rows) == 4 * 27 * 7 * 36
    kinds = {(r.sheet, r.flow, r.product) for r in xlsx_rows}
    assert kinds == {
        ("Sheet 1", "imports", "27"), ("Sheet 2", "exports", "27"),
        ("Sheet 3", "imports", "TOTAL"), ("Sheet 4", "exports", "TOTAL"),
    }  # fmt: skip
    assert {r.partner for r in xlsx_rows} == {"AM", "BY", "GE", "KG", "KZ", "RU", "UZ"}
    assert {r.reporter for r in xlsx_rows} == set(EU27_2020)
    assert {(r.extracted, r.last_update) for r in xlsx_rows} == {(date(2023, 1, 22), date(2023, 1, 13))}
    assert {r.period for r in xlsx_rows} == {f"{y}-{m:02d}" for y in (2020, 2021, 2022) for m in range(1, 13)}
    # December 2022 was not yet out when the file was extracted: ':' in every row.
    assert all(r.value_eur is None for r in xlsx_rows if r.period == "2022-12")


def sheet_xml(n: int) -> str:
    with zipfile.ZipFile(RAW_XLSX) as z:
        return z.read(f"xl/worksheets/sheet{n}.xml").decode("utf-8")


@pytest.mark.parametrize(
    ("sheet", "file_sheet", "cell", "reporter", "partner", "period"),
    [
        ("Sheet 4", 6, "C16", "AT", "KZ", "2020-01"),
        ("Sheet 4", 6, "D198", "SK", "KZ", "2020-02"),
        ("Sheet 3", 5, "C16", "AT", "KZ", "2020-01"),
        ("Sheet 2", 4, "D16", "AT", "KZ", "2020-02"),
    ],
)
def test_spreadsheet_values_are_the_cells_text(
    xlsx_rows: tuple[ComextRow, ...], sheet: str, file_sheet: int, cell: str, reporter: str, partner: str, period: str
) -> None:
    m = re.search(rf'<c r="{cell}"[^>]*><v>([^<]*)</v>', sheet_xml(file_sheet))
    assert m is not None
    (row,) = [r for r in xlsx_rows if (r.sheet, r.reporter, r.partner, r.period) == (sheet, reporter, partner, period)]
    assert row.row == int(cell[1:])
    assert row.value_eur == Decimal(m[1])  # "1.64882917E8" in the file is 164882917 euro


def test_spreadsheet_colons_are_not_available(xlsx_rows: tuple[ComextRow, ...]) -> None:
    (row,) = [r for r in xlsx_rows if (r.sheet, r.reporter, r.partner, r.period) == ("Sheet 2", "AT", "KZ", "2020-01")]
    assert (row.value_eur, row.row) == (None, 16)
    kz = [r for r in xlsx_rows if r.partner == "KZ"]
    assert (len(kz), sum(r.value_eur is None for r in kz)) == (3888, 994)


def test_the_spreadsheet_reader_names_the_extra_without_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(ImportError, match=re.escape("pip install 'kzlt_trade[tools]'")):
        read_spreadsheet(RAW_XLSX)


def test_eu27_is_the_union_of_today() -> None:
    assert set(EU27_2020) == partners.members("EU27", date(2024, 1, 1))
    assert set(EU27_2020) == partners.members("EU", date(2021, 1, 1))
    assert len(EU27_2020) == len(set(EU27_2020)) == 27


# -- bad raw files ------------------------------------------------------------------------------

HEADER = "REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR"
GOOD = '"Lithuania","Kazakhstan","TOTAL-Total","2-EXPORT","T-Total","202301-Jan. 2023",2500'


def write_csv(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "bad.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def one_problem(call: Any) -> Problem:
    with pytest.raises(DataFileError) as err:
        call()
    assert len(err.value.problems) == 1, err.value
    return err.value.problems[0]


@pytest.mark.parametrize(
    ("line", "field", "value", "expected"),
    [
        (GOOD.replace("2-EXPORT", "3-TRANSIT"), "FLOW", "3-TRANSIT", "a flow code: 2-EXPORT or 1-IMPORT"),
        (GOOD.replace(",2500", ",2 500"), "VALUE_IN_EUR", "2 500", "':' for not available"),
        (GOOD.replace(",2500", ",n/a"), "VALUE_IN_EUR", "n/a", "':' for not available"),
        (GOOD.replace(",2500", ",-5"), "VALUE_IN_EUR", "-5", "':' for not available"),
        (GOOD.replace("Lithuania", "Atlantis"), "REPORTER", "Atlantis", "an EU member state's name"),
        (GOOD.replace("Lithuania", "China"), "REPORTER", "China", "an EU member state's name"),
        (GOOD.replace("Kazakhstan", "Kazakstan"), "PARTNER", "Kazakstan", "a country's name"),
        (GOOD.replace("202301-Jan. 2023", "2023-01"), "PERIOD", "2023-01", "YYYYMM-Mon. YYYY"),
        (GOOD.replace("202301-Jan. 2023", "202301-Feb. 2023"), "PERIOD", "202301-Feb. 2023", "YYYYMM-Mon. YYYY"),
        (GOOD.replace("202301-Jan. 2023", "202313-Jan. 2023"), "PERIOD", "202313-Jan. 2023", "YYYYMM-Mon. YYYY"),
        (GOOD.replace("TOTAL-Total", "Total"), "PRODUCT", "Total", "'TOTAL-Total'"),
        (GOOD.replace("T-Total", "1-Normal"), "STAT_PROCEDURE", "1-Normal", "T-Total"),
    ],
)
def test_a_bad_csv_line_is_named(tmp_path: Path, line: str, field: str, value: str, expected: str) -> None:
    path = write_csv(tmp_path, HEADER, GOOD.replace("Lithuania", "Latvia"), line)
    p = one_problem(lambda: read_relational_csv(path, extracted=date(2024, 1, 1)))
    assert (p.file, p.row, p.field, p.value) == ("bad.csv", 3, field, value)
    assert expected in p.expected
    assert "bad.csv, row 3" in str(DataFileError([p]))


def test_every_bad_csv_line_is_listed_at_once(tmp_path: Path) -> None:
    path = write_csv(tmp_path, HEADER, GOOD.replace("2-EXPORT", "X"), GOOD.replace(",2500", ",?"), GOOD, GOOD)
    with pytest.raises(DataFileError) as err:
        read_relational_csv(path, extracted=date(2024, 1, 1))
    assert [(p.row, p.field, p.value) for p in err.value.problems] == [
        (2, "FLOW", "X"), (3, "VALUE_IN_EUR", "?"), (5, "PERIOD", "202301-Jan. 2023"),
    ]  # fmt: skip
    assert "as in line 4" in err.value.problems[2].expected
    assert err.value.folder == str(tmp_path)


def test_a_csv_without_its_header_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "REPORTER,PARTNER,PRODUCT,FLOW,PERIOD", GOOD)
    p = one_problem(lambda: read_relational_csv(path, extracted=date(2024, 1, 1)))
    assert (p.file, p.row, p.field) == ("bad.csv", 1, None)
    assert "missing: VALUE_IN_EUR" in p.expected
    empty = write_csv(tmp_path, "")
    assert (
        "a header naming REPORTER"
        in one_problem(lambda: read_relational_csv(empty, extracted=date(2024, 1, 1))).expected
    )


def test_csv_columns_are_found_by_their_labels(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "PERIOD,VALUE_IN_EUR,FLOW,PRODUCT,PARTNER,REPORTER",
        '"202302-Feb. 2023",:,"1-IMPORT","27-MINERAL FUELS","Kazakhstan","Czechia"',
    )
    (row,) = read_relational_csv(path, extracted=date(2024, 1, 1))
    assert (row.reporter, row.flow, row.product, row.period, row.value_eur, row.row) == (
        "CZ", "imports", "27", "2023-02", None, 2,
    )  # fmt: skip


def sheet_rows(**change: Any) -> list[list[Any]]:
    """A data sheet laid out like Comext's, with lines replaced or dropped (``None``) by label."""
    lines: dict[str, list[Any]] = {
        "extracted": ["Data extracted on 22/01/2023 20:19:34 from [ESTAT]"],
        "dataset": ["Dataset: ", "EU trade since 1988 by HS2-4-6 and CN8 [DS-045409__custom_4630244]"],
        "updated": ["Last updated: ", "13/01/2023 11:00"],
        "blank1": [],
        "product": ["PRODUCT [PRODUCT]", None, "Total [TOTAL]"],
        "flow": ["FLOW", None, "EXPORT"],
        "indicators": ["INDICATORS", None, "VALUE_IN_EUROS"],
        "blank2": [],
        "time": ["TIME", None, "2020-01", "2020-02"],
        "freq": ["FREQ (Labels)", None, "Monthly", "Monthly"],
        "table": ["REPORTER (Labels)", "PARTNER (Labels)", "", ""],
        "lt": ["Lithuania", "Kazakhstan", 1500.0, ":"],
        "lv": ["Latvia", "Kazakhstan", 7, 8.0],
        "blank3": [],
        "special": ["Special value"],
        "colon": [":", "not available"],
    }
    for key, value in change.items():
        lines[key] = value
    return [v for v in lines.values() if v is not None]


def write_xlsx(tmp_path: Path, rows: list[list[Any]], title: str = "Sheet 1") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Summary"
    ws.append(["EU trade since 1988 by HS2-4-6 and CN8 [DS-045409__custom_4630244]"])
    data = book.create_sheet(title)
    for r, cells in enumerate(rows, start=1):
        for c, value in enumerate(cells, start=1):
            if value is not None:
                data.cell(r, c, value)
    path = tmp_path / "bad.xlsx"
    book.save(path)
    return path


def test_a_small_spreadsheet_is_read(tmp_path: Path) -> None:
    rows = read_spreadsheet(write_xlsx(tmp_path, sheet_rows()))
    got = [(r.reporter, r.partner, r.flow, r.product, r.period, r.value_eur, r.sheet, r.row) for r in rows]
    assert got == [
        ("LT", "KZ", "exports", "TOTAL", "2020-01", Decimal(1500), "Sheet 1", 12),
        ("LT", "KZ", "exports", "TOTAL", "2020-02", None, "Sheet 1", 12),
        ("LV", "KZ", "exports", "TOTAL", "2020-01", Decimal(7), "Sheet 1", 13),
        ("LV", "KZ", "exports", "TOTAL", "2020-02", Decimal(8), "Sheet 1", 13),
    ]
    # The header lines are found by their labels, wherever they are.
    moved = read_spreadsheet(write_xlsx(tmp_path, [[], [], *sheet_rows(blank1=None, blank2=None)]))
    assert [r.row for r in moved] == [12, 12, 13, 13]


@pytest.mark.parametrize(
    ("change", "row", "field", "value", "expected"),
    [
        ({"flow": ["FLOW", None, "TRANSIT"]}, 6, "FLOW", "TRANSIT", "a flow code: EXPORT or IMPORT"),
        ({"lt": ["Lithuania", "Kazakhstan", "n/a", ":"]}, 12, "2020-01", "n/a", "':' for not available"),
        ({"lt": ["Lithuania", "Kazakhstan", 1500.0, None]}, 12, "2020-02", None, "':' for not available"),
        ({"lt": ["Lithuania", "Kazakhstan", -1.0, ":"]}, 12, "2020-01", "-1", "not below zero"),
        ({"lt": ["Atlantis", "Kazakhstan", 1.0, 2.0]}, 12, "REPORTER (Labels)", "Atlantis", "an EU member state"),
        ({"lt": ["Lithuania", "Oz", 1.0, 2.0]}, 12, "PARTNER (Labels)", "Oz", "a country's name"),
        ({"time": ["TIME", None, "2020/01", "2020-02"]}, 9, "TIME (column C)", "2020/01", "a month YYYY-MM"),
        ({"product": ["PRODUCT [PRODUCT]", None, "Total"]}, 5, "PRODUCT", "Total", "'Total [TOTAL]'"),
        ({"indicators": ["INDICATORS", None, "QUANTITY_IN_100KG"]}, 7, "INDICATORS", "QUANTITY_IN_100KG", "euro"),
        ({"lv": ["Latvia", "Kazakhstan", 7, 8.0, 9.0]}, 13, "column E", "9", "the TIME line names no month here"),
        ({"colon": ["Lithuania", "Kazakhstan", 1.0, 2.0]}, 16, None, "Lithuania | Kazakhstan | 1 | 2", "legend"),
        (
            {"extracted": ["Data extracted on 31/02/2023"]},
            1,
            "Data extracted on",
            "Data extracted on 31/02/2023",
            "DD/MM/YYYY",
        ),
    ],
)
def test_a_bad_spreadsheet_cell_is_named(
    tmp_path: Path, change: dict[str, Any], row: int, field: str | None, value: str | None, expected: str
) -> None:
    path = write_xlsx(tmp_path, sheet_rows(**change))
    p = one_problem(lambda: read_spreadsheet(path))
    assert (p.file, p.row, p.field, p.value) == ("bad.xlsx, sheet 'Sheet 1'", row, field, value)
    assert expected in p.expected


@pytest.mark.parametrize("missing", ["time", "table", "flow", "product", "indicators"])
def test_a_spreadsheet_without_a_header_line_is_refused(tmp_path: Path, missing: str) -> None:
    path = write_xlsx(tmp_path, sheet_rows(**{missing: None}))
    with pytest.raises(DataFileError) as err:
        read_spreadsheet(path)
    (p,) = [p for p in err.value.problems if p.row is None]
    assert p.file == "bad.xlsx, sheet 'Sheet 1'"
    assert "in column A" in p.expected


def test_a_workbook_without_data_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path, [["nothing here"]])
    assert "a data sheet" in one_problem(lambda: read_spreadsheet(path)).expected
    (tmp_path / "not.xlsx").write_bytes(b"PK not a zip")
    assert "an .xlsx workbook" in one_problem(lambda: read_spreadsheet(tmp_path / "not.xlsx")).expected


def test_readers_check_their_arguments() -> None:
    with pytest.raises(UsageTypeError, match="path"):
        read_relational_csv(42)  # type: ignore[arg-type]
    with pytest.raises(UsageTypeError, match="extracted"):
        read_relational_csv(RAW_CSV, extracted="2024-11-17")  # type: ignore[arg-type]
    with pytest.raises(UsageTypeError, match="path"):
        read_spreadsheet(None)  # type: ignore[arg-type]


def test_a_row_record_validates_itself() -> None:
    good = ComextRow("LT", "KZ", "exports", "TOTAL", "2023-01", Decimal(1), "f.csv", "", 2, date(2024, 1, 1), None)
    assert good.value_eur == 1
    with pytest.raises(RecordError, match="period"):
        ComextRow("LT", "KZ", "exports", "TOTAL", "2023-13", None, "f.csv", "", 2, date(2024, 1, 1), None)
    with pytest.raises(RecordError, match="flow"):
        ComextRow("LT", "KZ", "export", "TOTAL", "2023-01", None, "f.csv", "", 2, date(2024, 1, 1), None)  # type: ignore[arg-type]
    with pytest.raises(RecordError, match="value_eur"):
        ComextRow("LT", "KZ", "exports", "TOTAL", "2023-01", Decimal(-1), "f.csv", "", 2, date(2024, 1, 1), None)


# -- the processed CSV ---------------------------------------------------------------------------


def test_the_processed_csv_is_what_the_readers_give_for_kazakhstan(
    frame: pd.DataFrame, csv_rows: tuple[ComextRow, ...], xlsx_rows: tuple[ComextRow, ...]
) -> None:
    kz = [r for r in (*csv_rows, *xlsx_rows) if r.partner == "KZ"]
    assert len(frame) == len(kz) == 5977
    got = {(r.source_file, r.sheet, r.reporter, r.flow, r.product, r.period): r.value_eur for r in frame.itertuples()}
    for r in kz:
        value = got[(r.source_file, r.sheet, r.reporter, r.flow, r.product, r.period)]
        assert (pd.isna(value) and r.value_eur is None) or Decimal(int(value)) == r.value_eur, r
    assert list(frame.columns) == [*COMEXT_COLUMNS, "latest"]
    assert str(frame.value_eur.dtype) == "float64"
    assert frame.attrs["unit"] == "EUR"


def test_latest_is_the_later_extraction(frame: pd.DataFrame) -> None:
    lt = frame[(frame.reporter == "LT") & (frame.flow == "exports") & (frame["product"] == "TOTAL")]
    may = lt[lt.period == "2021-05"].set_index("source_file")
    assert bool(may.loc[RAW_CSV.name, "latest"]) is True
    assert bool(may.loc[RAW_XLSX.name, "latest"]) is False
    # Where the later extraction has no row (Malta's months), the earlier one's row is the latest.
    mt = frame[(frame.reporter == "MT") & (frame.flow == "exports") & (frame["product"] == "TOTAL")]
    jan = mt[mt.period == "2020-01"]
    assert (list(jan.source_file), list(jan.latest)) == ([RAW_XLSX.name], [True])
    assert int(frame.latest.sum()) == 5977 - 951


def test_the_bundled_file_is_found_from_a_folder_or_a_file() -> None:
    assert len(load_comext(OFFICIAL)) == len(load_comext(OFFICIAL / COMEXT_FILE)) == len(load_comext(str(OFFICIAL)))


def damaged(tmp_path: Path, edits: dict[int, dict[str, str]], extra: list[dict[str, str]] | None = None) -> Path:
    with open(OFFICIAL / COMEXT_FILE, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for n, change in edits.items():
        rows[n - 1].update(change)
    rows += extra or []
    path = tmp_path / COMEXT_FILE
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COMEXT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_every_damage_is_listed_in_one_error(tmp_path: Path) -> None:
    edits = {
        3: {"flow": "export"},
        5: {"value_eur": "1,5"},
        7: {"partner": "RU"},
        9: {"period": "2020-13"},
        11: {"extracted": "2023-02-30"},
        13: {"last_update": "2030-01-01"},
        15: {"reporter": "XX"},
        17: {"row": "0"},
        19: {"value_eur": "12345678901234567"},
        21: {"product": "2"},
    }
    with pytest.raises(DataFileError) as err:
        load_comext(damaged(tmp_path, edits))
    got = [(p.row, p.field, p.value) for p in err.value.problems]
    assert got == [(n, field, value) for n, change in edits.items() for field, value in change.items()]
    assert all(p.file == COMEXT_FILE for p in err.value.problems)
    assert err.value.folder == str(tmp_path)
    assert "2023-01-22" in err.value.problems[5].expected  # the last update is after the extraction


def test_a_duplicate_and_an_undecidable_revision_are_refused(tmp_path: Path) -> None:
    with open(OFFICIAL / COMEXT_FILE, encoding="utf-8", newline="") as f:
        first = next(csv.DictReader(f))
    twin = dict(first)
    other_file = {**first, "source_file": "another.xlsx"}
    with pytest.raises(DataFileError) as err:
        load_comext(damaged(tmp_path, {}, [twin, other_file]))
    assert [(p.row, p.field) for p in err.value.problems] == [(5978, "period"), (5979, "extracted")]
    assert "as row 1" in err.value.problems[0].expected
    assert "which of the two is the later revision is unknown" in err.value.problems[1].expected


def test_a_file_with_a_wrong_header_or_none_is_refused(tmp_path: Path) -> None:
    text = (OFFICIAL / COMEXT_FILE).read_text(encoding="utf-8").replace("value_eur", "value", 1)
    (tmp_path / COMEXT_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_comext(tmp_path)
    assert {p.field for p in err.value.problems} == {"value_eur", "value"}
    with pytest.raises(DataFileError, match="expected the file nowhere in"):
        load_comext(tmp_path / "nowhere")
    with pytest.raises(UsageTypeError, match="path"):
        load_comext(2024)  # type: ignore[arg-type]


# -- totals -------------------------------------------------------------------------------------


def test_a_total_sums_the_lines_it_names(frame: pd.DataFrame) -> None:
    t = comext_total(frame, reporter="LT", flow="exports", start="2023-01", end="2023-12")
    assert isinstance(t, ComextTotal)
    assert t.complete
    lines = raw_lines()
    assert {f for f, _ in t.rows} == {RAW_CSV.name}
    from_text = sum(Decimal(next(csv.reader([lines[row - 1]]))[-1]) for _, row in t.rows)
    assert t.value_eur == from_text == Decimal("689319004")
    assert all("Lithuania" in lines[row - 1] and "2023-" not in lines[row - 1] for _, row in t.rows)
    assert t.extracted == (date(2024, 11, 17),)
    assert len(t.months) == 12


def test_a_missing_month_is_never_zero(frame: pd.DataFrame) -> None:
    t = comext_total(frame, reporter="LT", flow="imports", start="2022-01", end="2022-12")
    assert (t.value_eur, t.missing) == (None, ("2022-12",))  # ':' in the spreadsheet
    gb = comext_total(frame, reporter="GB", flow="exports", start="2019-12", end="2020-02")
    assert (gb.value_eur, gb.missing) == (None, ("2020-02",))  # no row: the United Kingdom had left
    eu = comext_total(frame, reporter="EU27", flow="exports", start="2023-01", end="2023-12")
    assert (eu.value_eur, eu.missing) == (None, ("2023-04", "2023-06", "2023-08", "2023-09"))  # Malta's months


def test_the_members_add_up_to_eurostats_aggregate(frame: pd.DataFrame) -> None:
    csv_only = frame[frame.source_file == RAW_CSV.name]
    eu = comext_total(csv_only, reporter="EU27", flow="exports", start="2023-01", end="2023-03")
    agg = comext_total(csv_only, reporter="EU27_2020", flow="exports", start="2023-01", end="2023-03")
    assert eu.value_eur == agg.value_eur is not None
    assert len(eu.rows) == 27 * 3


def test_a_frame_filtered_to_one_file_gives_that_file(frame: pd.DataFrame) -> None:
    sheet = frame[frame.source_file == RAW_XLSX.name]
    old = comext_total(sheet, reporter="LU", flow="exports", start="2022-06", end="2022-06")
    new = comext_total(frame, reporter="LU", flow="exports", start="2022-06", end="2022-06")
    assert (old.value_eur, new.value_eur) == (Decimal(757081), Decimal(1811207))
    assert (old.extracted, new.extracted) == ((date(2023, 1, 22),), (date(2024, 11, 17),))


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"reporter": "XX"}, "reporter"),
        ({"flow": "export"}, "flow"),
        ({"start": "2023-1"}, "start"),
        ({"end": "2022-12"}, "end"),
        ({"product": "99"}, "product"),
    ],
)
def test_a_total_checks_its_arguments(frame: pd.DataFrame, kwargs: dict[str, Any], name: str) -> None:
    args: dict[str, Any] = {"reporter": "LT", "flow": "exports", "start": "2023-01", "end": "2023-12", **kwargs}
    with pytest.raises(UsageError) as err:
        comext_total(frame, **args)
    assert err.value.name == name


def test_a_total_refuses_a_frame_it_cannot_read(frame: pd.DataFrame) -> None:
    with pytest.raises(UsageTypeError, match="frame"):
        comext_total("comext.csv", reporter="LT", flow="exports", start="2023-01", end="2023-12")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="without value_eur"):
        comext_total(frame.drop(columns="value_eur"), reporter="LT", flow="exports", start="2023-01", end="2023-12")
    twice = pd.concat([frame, frame])
    with pytest.raises(UsageError, match="two rows of the extraction"):
        comext_total(twice, reporter="LT", flow="exports", start="2023-01", end="2023-12")


MONTHS = [f"{y}-{m:02d}" for y in (2021, 2022) for m in range(1, 13)]


def synthetic(values: list[list[int | bool | None]]) -> pd.DataFrame:
    """A frame of LT exports: for each month of MONTHS, its revisions (oldest first); False for no row."""
    rows: list[dict[str, Any]] = []
    for month, revisions in zip(MONTHS, values, strict=False):
        for k, v in enumerate(revisions):
            if v is False:
                continue
            rows.append({
                "reporter": "LT", "partner": "KZ", "flow": "exports", "product": "TOTAL", "period": month,
                "value_eur": float("nan") if v is None else float(v), "source_file": f"f{k}.csv", "sheet": "",
                "row": len(rows) + 2, "extracted": pd.Timestamp(2023 + k, 1, 1), "last_update": pd.NaT,
            })  # fmt: skip
    return pd.DataFrame(rows)


values = st.one_of(st.integers(0, 10**12), st.none(), st.just(False))


@settings(max_examples=60, deadline=None)
@given(
    months=st.lists(st.lists(values, min_size=1, max_size=2), min_size=len(MONTHS), max_size=len(MONTHS)),
    window=st.tuples(st.integers(0, len(MONTHS) - 1), st.integers(0, len(MONTHS) - 1)).map(sorted),
)
def test_a_total_is_the_sum_of_its_months(months: list[list[int | bool | None]], window: list[int]) -> None:
    frame = synthetic(months)
    if frame.empty:
        return
    start, end = MONTHS[window[0]], MONTHS[window[1]]
    total = comext_total(frame, reporter="LT", flow="exports", start=start, end=end)
    singles = [comext_total(frame, reporter="LT", flow="exports", start=m, end=m) for m in total.months]
    assert total.months == tuple(MONTHS[window[0] : window[1] + 1])
    assert total.missing == tuple(m for m, s in zip(total.months, singles, strict=True) if s.value_eur is None)
    if total.missing:
        assert total.value_eur is None
    else:
        assert total.value_eur == sum((s.value_eur for s in singles if s.value_eur is not None), Decimal(0))
    for m, s in zip(total.months, singles, strict=True):
        present = [v for v in months[MONTHS.index(m)] if v is not False]
        latest = present[-1] if present else None  # the latest revision counts, even when it is ':'
        assert s.value_eur == (None if latest is None else Decimal(int(latest)))


@settings(max_examples=30, deadline=None)
@given(absent=st.sets(st.sampled_from(EU27_2020), max_size=3), month=st.integers(0, 2))
def test_eu27_is_missing_when_any_member_is(absent: set[str], month: int) -> None:
    rows = [
        {"reporter": c, "partner": "KZ", "flow": "imports", "product": "27", "period": m, "value_eur": float(i + 1),
         "source_file": "f.xlsx", "sheet": "s", "row": i + 12, "extracted": pd.Timestamp(2023, 1, 22),
         "last_update": pd.NaT}
        for i, c in enumerate(EU27_2020)
        for m in MONTHS[:3]
        if not (c in absent and m == MONTHS[month])
    ]  # fmt: skip
    t = comext_total(pd.DataFrame(rows), reporter="EU27", flow="imports", start=MONTHS[0], end=MONTHS[2], product="27")
    if absent:
        assert (t.value_eur, t.missing) == (None, (MONTHS[month],))
    else:
        assert t.value_eur == 3 * sum(range(1, 28))


def test_years_are_complete_or_say_what_is_missing(frame: pd.DataFrame) -> None:
    years = comext_years(frame)
    assert list(years.columns) == [
        "reporter",
        "flow",
        "product",
        "year",
        "value_eur",
        "n_months",
        "complete",
        "missing",
    ]
    lt = years[(years.reporter == "LT") & (years.flow == "exports")].set_index("year")
    assert lt.loc[2023, "value_eur"] == 689319004.0
    assert (bool(lt.loc[2024, "complete"]), int(lt.loc[2024, "n_months"])) == (False, 8)
    assert pd.isna(lt.loc[2024, "value_eur"])
    assert lt.loc[2024, "missing"] == ("2024-09", "2024-10", "2024-11", "2024-12")
    eu = years[years.reporter == "EU27"]
    assert not eu.complete.any()  # Malta misses months in every year
    assert years.reporter.iloc[-1] == "EU27"
    assert set(comext_years(frame, product="27").reporter) == {*EU27_2020, "EU27"}


def test_years_check_the_product(frame: pd.DataFrame) -> None:
    with pytest.raises(UsageError) as err:
        comext_years(frame, product="99")
    assert (err.value.name, err.value.value) == ("product", "99")


def test_importing_the_module_imports_neither_pandas_nor_openpyxl() -> None:
    code = "import sys, kzlt_trade.comext; print('pandas' in sys.modules, 'openpyxl' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "False False"


def test_the_public_names_are_exported() -> None:
    for name in ("load_comext", "comext_total", "comext_years", "ComextTotal", "ComextRow", "EU27_2020",
                 "read_relational_csv", "read_spreadsheet"):  # fmt: skip
        assert name in kzlt_trade.__all__
        assert getattr(kzlt_trade, name) is getattr(kzlt_trade.comext, name)


# -- yearly totals ---------------------------------------------------------------------------------
def _row(
    reporter: str, month: str, value: str | None, source: str = "a.csv", extracted: str = "2024-01-01"
) -> ComextRow:
    return ComextRow(
        reporter, "KZ", "exports", "TOTAL", month, None if value is None else Decimal(value), source, "", 1,
        date.fromisoformat(extracted), None,
    )  # fmt: skip


@given(st.lists(st.integers(min_value=0, max_value=10**12), min_size=12, max_size=12), st.integers(0, 11))
def test_a_year_is_the_sum_of_its_twelve_months_and_missing_if_one_is(values: list[int], gap: int) -> None:
    rows = [_row("LT", f"2021-{m + 1:02d}", str(v)) for m, v in enumerate(values)]
    (year,) = yearly_totals(rows)
    assert (year.year, year.value_eur) == (2021, Decimal(sum(values)))
    holed = [r if m != gap else _row("LT", r.period, None) for m, r in enumerate(rows)]
    assert yearly_totals(holed) == []
    assert yearly_totals([r for m, r in enumerate(rows) if m != gap]) == []


def test_each_extraction_gives_its_own_years_and_aggregates_are_left_out() -> None:
    early = [_row("LT", f"2021-{m:02d}", "1", "x.xlsx", "2023-01-22") for m in range(1, 13)]
    late = [_row("LT", f"2021-{m:02d}", "2", "y.csv", "2024-11-17") for m in range(1, 13)]
    eu = [_row("EU27_2020", f"2021-{m:02d}", "5") for m in range(1, 13)]
    years = yearly_totals(early + late + eu)
    assert [(y.source_file, y.value_eur) for y in years] == [("x.xlsx", 12), ("y.csv", 24)]


def test_the_shipped_years_file_is_what_the_rows_give() -> None:
    years = read_years(bundled_data_path() / "official" / YEARS_FILE)
    assert years == yearly_totals(list(_shipped_rows()))
    assert all(y.reporter in EU27_2020 for y in years)


def _shipped_rows() -> list[ComextRow]:
    frame = load_comext()
    return [
        ComextRow(
            r["reporter"],
            r["partner"],
            r["flow"],
            r["product"],
            r["period"],
            None if math.isnan(r["value_eur"]) else Decimal(int(r["value_eur"])),
            r["source_file"],
            r["sheet"] or "",
            int(r["row"]),
            r["extracted"].date(),
            None,
        )
        for r in frame.to_dict("records")
    ]


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("reporter", "EU27_2020", "a member state"),
        ("flow", "re-exports", "exports or imports"),
        ("year", "21", "a year"),
        ("value_eur", "1e6", "a value in euro"),
        ("months", "11", "12 (a complete year)"),
        ("extracted", "22/01/2023", "YYYY-MM-DD"),
    ],
)
def test_a_bad_years_row_is_named(tmp_path: Path, field: str, value: str, expected: str) -> None:
    good = dict(zip(YEARS_FILE_COLUMNS, ["LT", "KZ", "exports", "TOTAL", "2021", "356421737", "12", "a.csv",
                                         "2024-11-17"], strict=True))  # fmt: skip
    bad = dict(good, **{field: value})
    file = tmp_path / YEARS_FILE
    file.write_text(",".join(YEARS_FILE_COLUMNS) + "\n" + ",".join(bad.values()) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        read_years(file)
    (problem,) = err.value.problems
    assert (problem.file, problem.row, problem.field, problem.value) == (YEARS_FILE, 1, field, value)
    assert expected in problem.expected

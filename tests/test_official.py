"""Official BNS figures: the bundled CSV, its validation, the comparison with the claims, the docs.

Nothing here reads the original workbooks (they are not part of the project): the values
below are pinned from them, cell by cell, when the CSV was extracted.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import math
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import pytest

import kzlt_trade
from kzlt_trade.errors import DataFileError, UsageError
from kzlt_trade.official import (
    COMPARISON_COLUMNS,
    OFFICIAL_COLUMNS,
    OFFICIAL_FILE,
    STATUSES,
    compare_official,
    format_comparison,
    load_official,
)
from tests.factories import claim, dataset

ROOT = Path(__file__).resolve().parent.parent
OFFICIAL = ROOT / "data" / "official"
DOC = ROOT / "docs" / "official.md"
ED2019 = "Основные показатели внешней торговли_2019.xls"
ED2021 = "Основные показатели внешней торговли_2021.xls"
ED2022 = "Основные показатели внешней торговли по странам_2022.xls"
ED2023 = "Основные показатели внешней торговли по странам_2023.xls"


@pytest.fixture(scope="module")
def off() -> pd.DataFrame:
    return load_official()


@pytest.fixture(scope="module")
def cmp() -> pd.DataFrame:
    return compare_official()


def raw_rows() -> list[dict[str, str]]:
    with open(OFFICIAL / OFFICIAL_FILE, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def one(frame: pd.DataFrame, **where: Any) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for col, value in where.items():
        mask &= frame[col] == value
    rows = frame[mask]
    assert len(rows) == 1, where
    return rows.iloc[0]


# -- the bundled file -----------------------------------------------------------------------


def test_the_bundled_file_loads_typed(off: pd.DataFrame) -> None:
    assert list(off.columns) == [*OFFICIAL_COLUMNS, "latest"]
    assert len(off) == 40
    assert str(off.partner.dtype) == "category"
    assert list(off.partner.cat.categories) == ["LT", "RO", "EE", "EU"]
    for col in ("turnover", "exports", "imports"):
        assert off[col].dtype == "float64"
    for col in ("year", "xls_row", "edition", "revision"):
        assert off[col].dtype == "int64"
    assert off.latest.dtype == bool
    assert pd.api.types.is_datetime64_any_dtype(off.published)
    assert off.attrs["unit"] == "million USD"


def test_one_latest_row_per_partner_and_year_from_the_newest_edition(off: pd.DataFrame) -> None:
    latest = off[off.latest]
    assert not latest.duplicated(["partner", "year"]).any()
    assert len(latest) == len(off[["partner", "year"]].drop_duplicates()) == 24
    newest = off.groupby(["partner", "year"], observed=True).edition.transform("max")
    assert (off.latest == (off.edition == newest)).all()
    assert (
        off[off.latest].revision
        == off[off.latest].groupby(["partner", "year"], observed=True).revision.transform("max")
    ).all()


@pytest.mark.parametrize(
    ("partner", "year", "source_file", "indicator", "text", "million"),
    [
        ("LT", 2021, ED2021, "turnover", "453841.40379", 453.84140379),
        ("LT", 2021, ED2022, "turnover", "453841.40379", 453.84140379),
        ("LT", 2021, ED2022, "exports", "356272.15632", 356.27215632),
        ("LT", 2021, ED2022, "imports", "97569.24747", 97.56924747),
        ("LT", 2022, ED2023, "turnover", "585941.54031", 585.94154031),
        ("LT", 2023, ED2023, "turnover", "223633.89813", 223.63389813),
        ("LT", 2023, ED2023, "exports", "92870.67954", 92.87067954),
        ("LT", 2023, ED2023, "imports", "130763.21859", 130.76321859),
        ("EE", 2021, ED2022, "turnover", "18853.92347", 18.85392347),
        ("EE", 2022, ED2023, "turnover", "121846.0536", 121.8460536),
        ("RO", 2021, ED2022, "turnover", "1569542.54911", 1569.54254911),
        ("RO", 2022, ED2023, "turnover", "2654834.5485", 2654.8345485),
        ("EU", 2022, ED2023, "turnover", "41875385.15896", 41875.38515896),
        ("EU", 2023, ED2023, "turnover", "41302826.2113", 41302.8262113),
        ("EE", 2018, ED2019, "turnover", "26981.2", 26.9812),
    ],
)
def test_values_are_the_workbook_cells(
    off: pd.DataFrame, partner: str, year: int, source_file: str, indicator: str, text: str, million: float
) -> None:
    raw = [r for r in raw_rows() if (r["partner"], r["year"], r["source_file"]) == (partner, str(year), source_file)]
    assert [r[indicator] for r in raw] == [text]
    row = one(off, partner=partner, year=year, source_file=source_file)
    assert row[indicator] == million  # exact: the decimal text divided by 1000, rounded once


def test_provenance_columns(off: pd.DataFrame) -> None:
    lt = one(off, partner="LT", year=2021, source_file=ED2022)
    assert (lt.sheet, lt.xls_row, lt.edition, lt.revision, bool(lt.latest)) == ("2021", 41, 2022, 2, True)
    first = one(off, partner="LT", year=2021, source_file=ED2021)
    assert (first.sheet, first.xls_row, first.revision, bool(first.latest)) == ("12_2021", 40, 1, False)
    assert pd.isna(lt.published)
    assert set(off[off.source_file == ED2023].published) == {pd.Timestamp("2024-07-25")}


def test_eu_coverage_is_eu28_up_to_2022_and_eu27_in_2023(off: pd.DataFrame) -> None:
    eu = off[off.partner == "EU"]
    assert set(eu[eu.year <= 2022].coverage) == {"EU28"}
    assert set(eu[eu.year == 2023].coverage) == {"EU27"}
    assert set(off[off.partner != "EU"].coverage) == {""}


def test_turnover_is_exports_plus_imports(off: pd.DataFrame) -> None:
    # Within rounding: the 2018 sheet is rounded to 0.1 thousand USD (0.0001 million).
    gap = (off.turnover - off.exports - off.imports).abs()
    assert (gap[off.year >= 2019] < 1e-8).all()
    assert (gap <= 0.00015 + 1e-9).all()


def test_load_official_accepts_the_file_or_its_folder(off: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(load_official(OFFICIAL), off)
    pd.testing.assert_frame_equal(load_official(OFFICIAL / OFFICIAL_FILE), off)


# -- validation -----------------------------------------------------------------------------


def edited_copy(tmp_path: Path, edits: dict[int, dict[str, str]]) -> Path:
    """A copy of the bundled CSV with the given fields of the given data rows (1-based) changed."""
    rows = raw_rows()
    for n, fields in edits.items():
        rows[n - 1].update(fields)
    folder = tmp_path / "official"
    folder.mkdir(parents=True)
    with open(folder / OFFICIAL_FILE, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=OFFICIAL_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return folder


def test_a_bad_file_raises_one_error_listing_every_problem(tmp_path: Path) -> None:
    rows = raw_rows()
    assert (rows[0]["partner"], rows[0]["year"]) == ("LT", "2018")
    assert (rows[5]["partner"], rows[5]["year"], rows[5]["source_file"]) == ("LT", "2021", ED2021)
    folder = edited_copy(
        tmp_path,
        {
            1: {"partner": "LV"},
            3: {"source_file": rows[1]["source_file"]},  # LT 2019 twice from the 2019 edition
            4: {"exports": "360,471.66552"},
            6: {"turnover": "453841.50379"},  # 0.1 thousand more than exports + imports
            8: {"revision": "2"},  # LT 2022 in the 2022 edition is the first publication
            10: {"published": "25.07.2024"},
            31: {"coverage": "EU29"},
        },
    )
    with pytest.raises(DataFileError) as info:
        load_official(folder)
    f = f"{OFFICIAL_FILE}, row"
    assert str(info.value) == (
        f"7 problems in data folder {folder}:\n"
        f"  - {f} 1, field 'partner': got 'LV'; expected a partner code: LT, RO, EE, EU\n"
        f"  - {f} 4, field 'exports': got '360,471.66552'; expected a number of thousand US dollars, "
        "digits with an optional '.', e.g. 453841.40379\n"
        f"  - {f} 6, field 'turnover': got '453841.50379'; expected exports + imports = 453841.40379 "
        "(within 0.01 thousand USD)\n"
        f"  - {f} 10, field 'published': got '25.07.2024'; expected a date YYYY-MM-DD, or empty when the "
        "workbook states none\n"
        f"  - {f} 31, field 'coverage': got 'EU29'; expected EU28 or EU27 for the EU block\n"
        f"  - {f} 3, field 'source_file': got '{ED2019}'; expected one row per (partner, year, source_file): "
        "LT 2019 from this file is in row 2\n"
        f"  - {f} 8, field 'revision': got '2'; expected 1: edition 2022 is publication 1 of 2 of LT 2022"
    )
    err = info.value
    assert isinstance(err, ValueError)
    assert [(p["row"], p["field"]) for p in err.table()] == [
        (1, "partner"), (4, "exports"), (6, "turnover"), (10, "published"), (31, "coverage"), (3, "source_file"),
        (8, "revision"),
    ]  # fmt: skip


def test_the_sum_tolerance_follows_the_written_digits(tmp_path: Path) -> None:
    # EE 2018 (row 21) is written to 0.1 thousand and misses by 0.1: allowed, up to 3 x 0.05.
    ee = raw_rows()[20]
    assert (ee["partner"], ee["year"], ee["turnover"], ee["exports"], ee["imports"]) == (
        "EE", "2018", "26981.2", "4767.6", "22213.5",
    )  # fmt: skip
    with pytest.raises(DataFileError) as info:
        load_official(edited_copy(tmp_path, {21: {"turnover": "26981.4"}}))
    assert [str(p) for p in info.value.problems] == [
        f"{OFFICIAL_FILE}, row 21, field 'turnover': got '26981.4'; expected exports + imports = 26981.1 "
        "(within 0.15 thousand USD)"
    ]


def test_a_negative_value_and_a_bad_header(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"row 2, field 'imports': got '-1'; expected a number not below zero"):
        load_official(edited_copy(tmp_path, {2: {"imports": "-1"}}))
    bad = tmp_path / "header.csv"
    text = (OFFICIAL / OFFICIAL_FILE).read_text(encoding="utf-8").replace("xls_row", "row", 1)
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_official(bad)
    assert [(p.field, p.value) for p in info.value.problems] == [("xls_row", None), ("row", "row")]


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=f"{OFFICIAL_FILE}: got missing; expected the file {OFFICIAL_FILE} in"):
        load_official(tmp_path)


def python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    return done.stdout.strip()


def test_reading_and_comparing_need_no_xlrd() -> None:
    # None in sys.modules makes any "import xlrd" fail at once.
    code = (
        "import sys; sys.modules['xlrd'] = None\n"
        "import kzlt_trade\n"
        "print(len(kzlt_trade.load_official()), len(kzlt_trade.compare_official()))"
    )
    assert python(code) == "40 19"


def test_importing_the_module_does_not_import_pandas() -> None:
    assert python("import sys, kzlt_trade.official; print('pandas' in sys.modules)") == "False"


# -- the comparison -------------------------------------------------------------------------


def status(cmp: pd.DataFrame, claim_id: str, reading: str | None = None) -> str:
    rows = cmp[cmp.claim == claim_id]
    if reading is not None:
        rows = rows[rows.reading == reading]
    assert len(rows) == 1
    return str(rows.status.iloc[0])


def test_comparison_frame(cmp: pd.DataFrame, ds: kzlt_trade.Dataset) -> None:
    assert list(cmp.columns) == list(COMPARISON_COLUMNS)
    assert list(cmp.status.cat.categories) == list(STATUSES)
    # Every yearly reading of a turnover, export or import claim, and nothing else.
    expected = [
        (c.id, r.name)
        for c in ds
        if c.indicator in ("turnover", "exports", "imports")
        for r in c.readings
        if r.period.kind == "year" and (r.base_period is None or r.base_period.kind == "year")
    ]
    assert list(zip(cmp.claim, cmp.reading, strict=True)) == expected
    assert len(cmp) == 19
    for row in cmp.itertuples():
        c = ds.claim(row.claim)
        assert row.primary == (row.reading == c.primary.name)
        strict = c.interval(row.reading)
        wide = c.interval(row.reading, rounding="either")
        assert (row.low, row.high, row.interval) == (strict.lo, strict.hi, str(strict))
        assert (row.wide_low, row.wide_high, row.wide_interval) == (wide.lo, wide.hi, str(wide))
        assert row.quote == c.quote


def test_levels_against_the_official_figures(cmp: pd.DataFrame, off: pd.DataFrame) -> None:
    assert status(cmp, "kazinform-2022-06-15/turnover-2021") == "agrees"  # 454 vs 453.84
    assert status(cmp, "kazinform-2024-06-20/turnover-2023") == "agrees"  # 223.6 vs 223.63
    row = one(cmp, claim="mfa-2023-10-10/turnover-2022")  # 584.3 vs the final 585.94
    final = one(off, partner="LT", year=2022, latest=True).turnover
    assert row.official_value == final
    assert row.status == "differs"
    assert row.difference_pct == pytest.approx((final - 584.3) / 584.3 * 100)
    assert round(row.difference_pct, 2) == 0.28
    assert row.official_source == f"{ED2023}, sheet 2022"
    # The imports are only cut, not rounded, to the written digits.
    assert status(cmp, "kazinform-2022-06-15/imports-2021") == "agrees_if_truncated"  # 97.5 vs 97.569


def test_estonia_grew_6_4_times_is_a_factor_of_6_4_cut_from_6_46(off: pd.DataFrame) -> None:
    latest = off[(off.partner == "EE") & off.latest].set_index("year").turnover
    ratio = latest[2022] / latest[2021]
    cid = "kazinform-2023-02-24/ee-turnover-growth-2022"
    for rounding, times in (("nearest", "agrees_if_truncated"), ("truncate", "agrees"), ("either", "agrees")):
        cmp = compare_official(rounding=rounding)
        assert status(cmp, cid, "times") == times
        assert status(cmp, cid, "times_increase") == "differs"
        assert one(cmp, claim=cid, reading="times").official_value == ratio
    assert round(ratio, 2) == 6.46


def test_romania_2_6_billion_is_the_level_not_the_increase(cmp: pd.DataFrame, off: pd.DataFrame) -> None:
    latest = off[(off.partner == "RO") & off.latest].set_index("year").turnover
    cid = "kazinform-2023-02-24/ro-turnover-2022"
    level = one(cmp, claim=cid, reading="level_2022")
    increase = one(cmp, claim=cid, reading="increase_2022")
    assert (level.official_value, level.status) == (latest[2022], "agrees_if_truncated")  # 2654.8 vs [2550, 2650]
    assert (increase.official_value, increase.status) == (latest[2022] - latest[2021], "differs")  # 1085.3
    assert increase.measure == "change"
    assert increase.official_source == f"{ED2023}, sheet 2022 / {ED2022}, sheet 2021"
    assert status(compare_official(rounding="truncate"), cid, "level_2022") == "agrees"


def test_a_growth_claim_is_compared_with_the_ratio_of_levels(cmp: pd.DataFrame, off: pd.DataFrame) -> None:
    latest = off[(off.partner == "LT") & off.latest].set_index("year").turnover
    row = one(cmp, claim="mfa-2023-10-10/turnover-growth-2022")
    assert (row.measure, row.stated, row.official_value) == ("ratio", 1.287, latest[2022] / latest[2021])
    assert row.status == "differs"


def test_no_official_figure_for_the_eu_in_2024(cmp: pd.DataFrame) -> None:
    row = one(cmp, claim="kaztoday-2025-11-27/turnover-2024")
    assert row.status == "no_official_figure"
    assert math.isnan(row.official_value)
    assert math.isnan(row.difference_pct)
    assert (row.official_source, row.note) == ("", "no official figure for EU 2024 in the BNS files")


def test_the_other_rounding_names_its_middle_status() -> None:
    truncated = compare_official(rounding="truncate")
    assert status(truncated, "kazinform-2022-06-15/turnover-2021") == "agrees_if_rounded"  # 453.84 below [454, 455)
    either = compare_official(rounding="either")
    assert not either.status.isin(["agrees_if_truncated", "agrees_if_rounded"]).any()
    with pytest.raises(UsageError, match="rounding='up' is not accepted"):
        compare_official(rounding="up")  # type: ignore[arg-type]


def test_the_latest_revision_is_the_one_compared(tmp_path: Path) -> None:
    # Make the first publication of LT 2022 (2022 edition, row 8) say 584.3: the comparison still uses the 2023 edition.
    rows = raw_rows()
    assert (rows[7]["year"], rows[7]["source_file"]) == ("2022", ED2022)
    changed = {8: {"turnover": "584300.0", "exports": "444732.45637", "imports": "139567.54363"}}
    official = load_official(edited_copy(tmp_path, changed))
    row = one(compare_official(official=official), claim="mfa-2023-10-10/turnover-2022")
    assert (row.status, row.official_source) == ("differs", f"{ED2023}, sheet 2022")
    first_only = official[official.source_file != ED2023].copy()
    first_only["latest"] = first_only.groupby(["partner", "year"], observed=True).edition.transform("max") == (
        first_only.edition
    )
    row = one(compare_official(official=first_only), claim="mfa-2023-10-10/turnover-2022")
    assert (row.status, row.official_source) == ("agrees", f"{ED2022}, sheet 2022")


def test_an_eu_figure_of_the_wrong_membership_is_flagged() -> None:
    ds = dataset(
        claim("s1/eu-2022", "turnover", "2022", "41875", partner="EU"),
        claim("s1/eu-2023", "turnover", "2023", "41303", partner="EU"),
        claim("s1/eu-2019", "turnover", "2019", "31528", partner="EU"),
        claim("s1/eu-growth", "turnover", "2023", "1", partner="EU", form="times", base="2022"),
    )
    cmp = compare_official(ds)
    got = {r.claim: (r.coverage, r.coverage_mismatch, r.status) for r in cmp.itertuples()}
    assert got == {
        "s1/eu-2022": ("EU28", True, "agrees"),
        "s1/eu-2023": ("EU27", False, "agrees"),
        "s1/eu-2019": ("EU28", False, "agrees"),
        "s1/eu-growth": ("EU27/EU28", True, "agrees"),
    }
    assert one(cmp, claim="s1/eu-2022").note == "the official EU figure for 2022 is EU28, but the EU of 2022 is EU27"


def test_a_frame_not_from_load_official_is_refused(off: pd.DataFrame) -> None:
    with pytest.raises(UsageError, match="a frame without latest"):
        compare_official(official=off.drop(columns="latest"))


# -- docs and descriptor ----------------------------------------------------------------------


def test_the_table_in_the_docs_is_what_the_code_computes(cmp: pd.DataFrame) -> None:
    text = DOC.read_text(encoding="utf-8")
    m = re.search(r"<!-- begin compare_official table -->\n(.*?)<!-- end compare_official table -->", text, re.S)
    assert m is not None
    assert m[1] == format_comparison(cmp), (
        "docs/official.md is stale: replace the table with the output of "
        "python -c 'from kzlt_trade.official import format_comparison; print(format_comparison(), end=\"\")'"
    )


def test_the_descriptor_describes_the_file() -> None:
    package = json.loads((OFFICIAL / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package"
    resource = next(r for r in package["resources"] if r["path"] == OFFICIAL_FILE)
    data = (OFFICIAL / OFFICIAL_FILE).read_bytes()
    assert resource["path"] == OFFICIAL_FILE
    assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    assert resource["bytes"] == len(data)
    assert tuple(f["name"] for f in resource["schema"]["fields"]) == OFFICIAL_COLUMNS
    assert resource["schema"]["primaryKey"] == ["partner", "year", "source_file"]


def test_the_readme_gives_the_provenance_of_every_workbook() -> None:
    readme = (OFFICIAL / "README.md").read_text(encoding="utf-8")
    for name in {r["source_file"] for r in raw_rows()}:
        line = next(line for line in readme.splitlines() if line.startswith(f"| `{name}` |"))
        assert re.search(r"`[0-9a-f]{64}` \|$", line), line
    assert "Bureau of National Statistics of the Agency for Strategic Planning and Reforms" in readme
    assert "Основные показатели внешней торговли (по странам)" in readme
    assert "mary-lev/eu-export-sanctions" in readme
    assert "python tools/extract_official.py" in readme
    assert hashlib.sha256((OFFICIAL / OFFICIAL_FILE).read_bytes()).hexdigest() in readme


# -- the extraction tool, on made-up sheets (no xlrd, no workbooks) ---------------------------


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("extract_official", ROOT / "tools" / "extract_official.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["extract_official"] = module
    spec.loader.exec_module(module)
    return module


def sheet(
    *, blank: int = 0, title: str = "за январь-декабрь 2021 года", uk: bool = True, sub: str = "Всего"
) -> list[list[Any]]:
    """A made-up data sheet laid out like the BNS ones, ``blank`` empty rows further down."""
    nan = float("nan")
    members = [f"Страна {i}" for i in range(24)] + ["Литва", "Румыния", "Эстония"]
    if uk:
        members.insert(3, "Соединенное Королевство")
    grid: list[list[Any]] = [[None] * 7 for _ in range(blank)]
    grid += [
        [" Основные показатели внешней торговли Республики Казахстан", None, None, None, None, None, None],
        [title, None, None, None, None, None, None],
        [None, None, None, None, "тыс. долларов США", None, None],
        ["Наименование области", "Товарооборот", None, "экспорт", None, "Импорт", None],
        [None, sub, "уд. вес, %", "всего", "уд. вес, %", "всего", "уд. вес, %"],
        ["Всего\nв том числе", 101736459.87035, 100, 60321024.40065, 100, 41415435.4697, 100],
        ["Европа", 31519796.93174, 30.9, 25227877.244, 41.8, 6291919.68774, 15.2],
        ["  Страны ЕС", 30073270.49673, 29.5, 24109309.86791, 39.9, 5963960.62882, 14.4],
    ]
    for name in members:
        values = {
            "Литва": (453841.40379, 356272.15632, 97569.24747),
            "Румыния": (1569542.54911, 1521127.69872, 48414.85039),
            "Эстония": (18853.92347, 4623.31356, 14230.60991),
        }.get(name, (3.0, 1, 2.0))
        grid.append([name, values[0], nan, values[1], nan, values[2], nan])
    grid.append(["  Страны вне ЕС", 1446526.43501, 1.4, 1118567.37609, 1.8, 327959.05892, 0.8])
    return grid


@pytest.mark.parametrize("blank", [0, 1, 3])
def test_the_tool_finds_rows_and_columns_by_their_labels(tool: ModuleType, blank: int) -> None:
    rows = tool.extract_sheet(sheet(blank=blank), "12_2021")
    got = [(r.partner, r.year, r.coverage, r.turnover, r.exports, r.imports, r.xls_row) for r in rows]
    lt_row = blank + 8 + 25 + 1  # the EU row is row blank + 8; 25 members (the UK among them) precede Литва
    assert got == [
        ("LT", 2021, "", "453841.40379", "356272.15632", "97569.24747", lt_row),
        ("RO", 2021, "", "1569542.54911", "1521127.69872", "48414.85039", lt_row + 1),
        ("EE", 2021, "", "18853.92347", "4623.31356", "14230.60991", lt_row + 2),
        ("EU", 2021, "EU28", "30073270.49673", "24109309.86791", "5963960.62882", blank + 8),
    ]


def test_the_tool_counts_the_eu_block(tool: ModuleType) -> None:
    rows = tool.extract_sheet(sheet(uk=False, title="2023 год"), "2023")
    assert [(r.partner, r.year, r.coverage) for r in rows if r.partner == "EU"] == [("EU", 2023, "EU27")]


@pytest.mark.parametrize(
    ("grid", "name", "message"),
    [
        (sheet(sub="уд. вес"), "12_2021", "first sub-column is 'уд. вес', expected 'всего'"),
        (sheet(title="за январь-сентябрь 2021 года"), "12_2021", "is not a whole year"),
        (sheet(), "12_2020", "its name disagrees with its title"),
    ],
)
def test_the_tool_refuses_what_it_cannot_read(tool: ModuleType, grid: list[list[Any]], name: str, message: str) -> None:
    with pytest.raises(tool.ExtractError, match=re.escape(message)):
        tool.extract_sheet(grid, name)


def test_the_tool_skips_sheets_without_data(tool: ModuleType) -> None:
    cover = [[None], ["Дата опубликования: 25.07.2024"], ["Основные показатели внешней торговли Республики Казахстан"]]
    assert tool.extract_sheet(cover, "Обложка") == []


def test_the_tool_writes_cells_exactly(tool: ModuleType) -> None:
    assert tool.decimal_text(0.1 + 0.2, "x") == "0.30000000000000004"
    assert tool.decimal_text(1e-05, "x") == "0.00001"
    assert tool.decimal_text(31023643, "x") == "31023643"
    with pytest.raises(tool.ExtractError, match="expected a number"):
        tool.decimal_text("1 234,5", "x")


def test_the_tool_reads_the_original_names(tool: ModuleType, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(
        "| file | sheets (year) | original file name |\n| --- | --- | --- |\n"
        "| bns_2022.xls | 2022, 2021 | Основные показатели внешней торговли по странам_2022.xls |\n"
        "| bns_2023.xls | 2022, 2023 | Основные показатели по странам_2023.xls (published 25.07.2024) |\n",
        encoding="utf-8",
    )
    assert tool.original_names(readme) == {
        "bns_2022.xls": "Основные показатели внешней торговли по странам_2022.xls",
        "bns_2023.xls": "Основные показатели по странам_2023.xls",
    }


def test_the_tool_ranks_revisions_by_edition(tool: ModuleType) -> None:
    def book(edition: int, years: tuple[int, ...]) -> Any:
        rows = tuple(tool.SheetRow("LT", y, "", "3", "1", "2", str(y), 40) for y in years)
        return tool.Workbook(f"b{edition}.xls", f"orig{edition}.xls", "0" * 64, 1, (), edition, None, rows)

    rows = tool.table_rows([book(2022, (2022, 2021)), book(2023, (2023, 2022))])
    assert [(r["year"], r["source_file"], r["revision"]) for r in rows] == [
        ("2021", "orig2022.xls", "1"), ("2022", "orig2022.xls", "1"), ("2022", "orig2023.xls", "2"),
        ("2023", "orig2023.xls", "1"),
    ]  # fmt: skip

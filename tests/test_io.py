"""Loading a data folder: the bundled data, provenance, and the problems a bad folder reports."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

import kzlt_trade
from kzlt_trade.errors import DataFileError, Problem
from kzlt_trade.io import CLAIM_COLUMNS, READING_COLUMNS, SOURCE_COLUMNS, bundled_data_path, load
from kzlt_trade.model import SCOPES
from kzlt_trade.period import Period
from kzlt_trade.reading import HEDGES

T22 = "mfa-2023-10-10/turnover-2022"  # row 4 of claims.csv
G22 = "mfa-2023-10-10/turnover-growth-2022"  # row 3


def edit_row(path: Path, key: str, match: str, /, **changes: str) -> None:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = list(reader.fieldnames or []), list(reader)
    (row,) = [r for r in rows if r[key] == match]
    row.update(changes)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def problems(folder: Path) -> list[Problem]:
    with pytest.raises(DataFileError) as err:
        load(folder)
    return list(err.value.problems)


def header(path: Path) -> tuple[str, ...]:
    with open(path, encoding="utf-8", newline="") as f:
        return tuple(next(csv.reader(f)))


# -- the bundled data -------------------------------------------------------------------
def test_bundled_folder() -> None:
    folder = bundled_data_path()
    package = Path(kzlt_trade.__file__).parent
    # Inside the package in an installed wheel, at the top of a source checkout otherwise.
    assert folder in (package / "data", package.parent / "data")
    files = {p.name for p in folder.iterdir() if p.is_file()}
    assert files >= {"claims.csv", "datapackage.json", "readings.csv", "sources.csv"}
    assert len(list((folder / "sources").glob("*.txt"))) == 5


def test_column_constants_match_the_files() -> None:
    folder = bundled_data_path()
    assert header(folder / "sources.csv") == SOURCE_COLUMNS
    assert header(folder / "claims.csv") == CLAIM_COLUMNS
    assert header(folder / "readings.csv") == READING_COLUMNS


def test_load_bundled(ds: kzlt_trade.Dataset) -> None:
    assert (len(ds), len(ds.source_records)) == (47, 5)
    assert ds.path == bundled_data_path()
    assert [s.id for s in ds.source_records] == [
        "mfa-2023-10-10", "kazinform-2024-06-20", "kazinform-2022-06-15", "kazinform-2023-02-24", "kaztoday-2025-11-27",
    ]  # fmt: skip
    with open(bundled_data_path() / "claims.csv", encoding="utf-8", newline="") as f:
        assert [c.id for c in ds] == [row["id"] for row in csv.DictReader(f)]
    assert sum(len(c.readings) for c in ds) == 53  # 47 primary readings and 6 alternatives


def test_load_accepts_str_and_path(data_copy: Path) -> None:
    a, b = load(str(data_copy)), load(data_copy)
    assert a.claim_records == b.claim_records
    assert a.path == b.path == data_copy


def test_typed_fields(ds: kzlt_trade.Dataset) -> None:
    s = ds.source("kaztoday-2025-11-27")
    assert (s.language, s.published.isoformat(), s.event_date, s.weight) == ("ru", "2025-11-27", s.published, 1.0)
    assert ds.source("kazinform-2024-06-20").event_date is None
    c = ds.claim("kazinform-2022-06-15/turnover-2022-part")
    assert (c.period, c.language, c.hedge) == (Period.partial(2022), "en", "none")
    alt = c.reading("year_2021")
    assert (alt.form, alt.period, alt.base_period) == ("level", Period.year(2021), None)
    assert alt.rationale.startswith("Read with the sentence's opening words")
    part = ds.claim("kaztoday-2025-11-27/critical-raw-materials-kz")
    assert part.part_of == "kaztoday-2025-11-27/critical-raw-materials-eu"
    assert {c.scope for c in ds} <= set(SCOPES)


def test_every_quote_stands_at_its_offsets(ds: kzlt_trade.Dataset) -> None:
    for c in ds:
        text = ds.text(c.source)
        assert text[c.start : c.end] == c.quote, c.id
        assert c.text in c.quote, c.id


def test_every_source_hash_is_verified(ds: kzlt_trade.Dataset) -> None:
    for s in ds.source_records:
        data = (bundled_data_path() / "sources" / s.file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == s.sha256


# -- optional and missing files ---------------------------------------------------------
def test_readings_file_is_optional(data_copy: Path) -> None:
    (data_copy / "readings.csv").unlink()
    ds = load(data_copy, official=False)
    assert len(ds) == 47
    assert [c.id for c in ds if c.is_ambiguous] == []


def test_missing_claims_file(data_copy: Path) -> None:
    (data_copy / "claims.csv").unlink()
    # The readings refer to claims that were never read: not reported one by one.
    assert problems(data_copy) == [
        Problem("claims.csv", None, None, None, f"the file claims.csv in {data_copy}"),
    ]


def test_missing_sources_file(data_copy: Path) -> None:
    (data_copy / "sources.csv").unlink()
    assert problems(data_copy) == [
        Problem("sources.csv", None, None, None, f"the file sources.csv in {data_copy}"),
    ]


def test_missing_source_text(data_copy: Path) -> None:
    (data_copy / "sources").chmod(0o755)
    (data_copy / "sources" / "000_8fba6d711cbc81d6.txt").unlink()
    # Its four claims cannot be checked, and are not reported as quoting an unknown source.
    assert problems(data_copy) == [
        Problem("sources.csv", 1, "file", "000_8fba6d711cbc81d6.txt", f"the name of a file in {data_copy / 'sources'}"),
    ]


# -- shape of the tables ----------------------------------------------------------------
def test_unknown_column(data_copy: Path) -> None:
    path = data_copy / "claims.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("part_of,note", "part_of,note,extra", 1), "utf-8")
    assert problems(data_copy) == [
        Problem("claims.csv", None, "extra", "extra", "only the columns " + ", ".join(CLAIM_COLUMNS)),
    ]


@pytest.mark.parametrize(
    ("change", "value"),
    [(lambda line: line.rsplit(",", 1)[0], ""), (lambda line: line + ",x", "['x']")],
    ids=["short", "long"],
)
def test_row_with_the_wrong_number_of_fields(data_copy: Path, change: Callable[[str], str], value: str) -> None:
    path = data_copy / "claims.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[4] = change(lines[4])
    path.write_text("\n".join(lines), encoding="utf-8")
    assert problems(data_copy) == [Problem("claims.csv", 4, None, value, "exactly 20 fields")]


def test_file_that_is_not_utf8(data_copy: Path) -> None:
    path = data_copy / "claims.csv"
    path.write_bytes(path.read_bytes().replace("составил".encode(), "составил".encode("cp1251"), 1))
    assert problems(data_copy) == [
        Problem("claims.csv", None, None, None, "UTF-8 text (invalid continuation byte at byte 1313)"),
    ]


# -- sources.csv ------------------------------------------------------------------------
def test_bad_source_fields(data_copy: Path) -> None:
    edit_row(data_copy / "sources.csv", "id", "mfa-2023-10-10", weight="-1", language="kk", event_date="yesterday")
    assert problems(data_copy) == [
        Problem("sources.csv", 1, "language", "kk", "'en' or 'ru'"),
        Problem("sources.csv", 1, "event_date", "yesterday", "a date YYYY-MM-DD or empty"),
        Problem("sources.csv", 1, "weight", "-1", "a positive number"),
    ]


def test_duplicate_source_id(data_copy: Path) -> None:
    edit_row(data_copy / "sources.csv", "id", "kazinform-2024-06-20", id="mfa-2023-10-10")
    found = problems(data_copy)
    assert found[0] == Problem(
        "sources.csv", 2, "id", "mfa-2023-10-10", "a source id used once (it repeats an earlier row)"
    )
    # The claims of the renamed source now name an id that no row defines.
    assert found[1:] == [
        Problem("claims.csv", n, "source", "kazinform-2024-06-20", "the id of a source in sources.csv")
        for n in range(5, 10)
    ]


# -- claims.csv -------------------------------------------------------------------------
SCOPE_WORDS = "a scope: a slug of lowercase letters, digits and '_', such as 'kz_partners_world', or empty"


@pytest.mark.parametrize(
    ("claim", "changes", "expected"),
    [
        (T22, {"flow": "export"}, (4, "flow", "export", "for turnover, one of: both")),
        (T22, {"scope": "kz_partners_eu"}, (4, "scope", "kz_partners_eu", "an empty scope for turnover")),
        (T22, {"scope": "Galaxy far"}, (4, "scope", "Galaxy far", SCOPE_WORDS)),
        (
            "mfa-2023-10-10/rank-kz-partners-eu",
            {"scope": ""},
            (1, "scope", "", "a scope (what is ranked, shared or counted) for rank"),
        ),
        (
            T22,
            {"hedge": "roughly"},
            (4, "hedge", "roughly", "a hedge: " + ", ".join(HEDGES)),
        ),
        (T22, {"value": "584.4"}, (4, "value", "584.4", "the value of the text '584,3', 584.3")),
        (T22, {"value": "five"}, (4, "value", "five", "a decimal number")),
        (T22, {"start": "x"}, (4, "start", "x", "a character offset (whole number >= 0)")),
        (T22, {"text": "1", "value": "1"}, (4, "text", "1", "the number exactly as it stands in the quote")),
        (T22, {"base_period": "2021"}, (4, "base_period", "2021", "an empty base period for the form 'level'")),
        (G22, {"base_period": ""}, (3, "base_period", "", "a base period for the form 'percent_increase'")),
        (G22, {"base_period": "2022"}, (3, "base_period", "2022", "a base period that ends before 2022 starts")),
        (T22, {"reading": ""}, (4, "reading", "", "a name for the reading, e.g. 'stated'")),
        (
            T22,
            {"form": "ratio"},
            (
                4,
                "form",
                "ratio",
                "a form: level, change, percent_increase, percent_of_base, times, times_increase, "
                "percent_decrease, times_decrease, decrease",
            ),
        ),
        (T22, {"id": ""}, (4, "id", "", "a non-empty claim id")),
        (
            "kaztoday-2025-11-27/critical-raw-materials-kz",
            {"part_of": "kaztoday-2025-11-27/nope"},
            (44, "part_of", "kaztoday-2025-11-27/nope", "the id of another claim in claims.csv, or empty"),
        ),
    ],
)
def test_bad_claim_fields(
    data_copy: Path, claim: str, changes: dict[str, str], expected: tuple[int, str, str, str]
) -> None:
    edit_row(data_copy / "claims.csv", "id", claim, **changes)
    assert problems(data_copy) == [Problem("claims.csv", *expected)]


def test_rank_below_one(data_copy: Path) -> None:
    # "(4th in Europe and 10th" holds the text "0th" as well as "10th".
    edit_row(data_copy / "claims.csv", "id", "kazinform-2023-02-24/ro-rank-kz-partners-world", text="0th", value="0")
    assert problems(data_copy) == [Problem("claims.csv", 26, "value", "0", "a rank of 1 or more")]


# -- readings.csv -----------------------------------------------------------------------
def test_duplicate_reading_name(data_copy: Path) -> None:
    edit_row(data_copy / "readings.csv", "reading", "times_increase", reading="times")
    assert problems(data_copy) == [
        Problem("readings.csv", 6, "reading", "times, times", "reading names unique per claim"),
    ]


def test_bad_alternative_period(data_copy: Path) -> None:
    edit_row(data_copy / "readings.csv", "reading", "times_increase", period="2022-13")
    assert problems(data_copy) == [
        Problem(
            "readings.csv", 6, "period", "2022-13",
            "a period (cannot read period '2022-13': expected a real calendar date (month must be in 1..12))",
        ),
    ]  # fmt: skip


# -- any country, and the records the fast path builds ----------------------------------
@pytest.mark.parametrize("partner", ["DE", "PL", "LV", "EU27"])
def test_any_country_may_be_a_partner(data_copy: Path, partner: str) -> None:
    edit_row(data_copy / "claims.csv", "id", T22, partner=partner)
    assert load(data_copy).claim(T22).partner == partner


def test_loaded_records_are_the_records_built_by_hand(ds: kzlt_trade.Dataset) -> None:
    # The loader builds claims without running their own checks again; replacing
    # nothing builds each one anew through __init__ and every rule.
    for c in ds:
        again = dataclasses.replace(c)
        assert again == c
        assert again.number == c.number
        assert again.interval() == c.interval()
    for s in ds.source_records:
        assert dataclasses.replace(s) == s


def test_repeated_values_share_one_object(ds: kzlt_trade.Dataset) -> None:
    years = [c.period for c in ds if c.period == Period.year(2022)]
    assert len(years) > 3
    assert all(p is years[0] for p in years)
    primaries = [c.primary for c in ds if c.primary == ds.claim(T22).primary]
    assert all(r is primaries[0] for r in primaries)


def replicate(folder: Path, copies: int) -> None:
    """The folder's data ``copies`` times over, with new source ids, files and claim ids."""

    def table(name: str) -> tuple[list[str], list[dict[str, str]]]:
        with open(folder / name, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            return list(reader.fieldnames or []), list(reader)

    def write(name: str, fields: list[str], rows: list[dict[str, str]]) -> None:
        with open(folder / name, "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)

    def cid(claim: str, k: int) -> str:
        source, _, slug = claim.partition("/")
        return f"{source}-{k}/{slug}"

    (folder / "sources").chmod(0o755)
    sf, sources = table("sources.csv")
    cf, claims = table("claims.csv")
    rf, readings = table("readings.csv")
    for k in range(copies):
        for s in sources:
            (folder / "sources" / f"{k}-{s['file']}").write_bytes((folder / "sources" / s["file"]).read_bytes())
    write(
        "sources.csv",
        sf,
        [dict(s, id=f"{s['id']}-{k}", file=f"{k}-{s['file']}") for k in range(copies) for s in sources],
    )
    write(
        "claims.csv",
        cf,
        [
            dict(
                c, id=cid(c["id"], k), source=f"{c['source']}-{k}", part_of=cid(c["part_of"], k) if c["part_of"] else ""
            )
            for k in range(copies)
            for c in claims
        ],
    )
    write("readings.csv", rf, [dict(r, claim=cid(r["claim"], k)) for k in range(copies) for r in readings])


def test_a_replicated_folder_loads_the_same_claims(data_copy: Path, ds: kzlt_trade.Dataset) -> None:
    replicate(data_copy, 3)
    big = load(data_copy, official=False)
    assert len(big) == 3 * len(ds)
    for k in range(3):
        for c in ds:
            source, _, slug = c.id.partition("/")
            other = big.claim(f"{source}-{k}/{slug}")
            assert dataclasses.replace(other, id=c.id, source=c.source, part_of=c.part_of) == c


def test_problems_come_in_row_order_among_many_good_rows(data_copy: Path) -> None:
    replicate(data_copy, 3)
    path = data_copy / "claims.csv"
    edit_row(path, "id", "mfa-2023-10-10-2/turnover-2022", unit="company", hedge="roughly")  # row 98
    edit_row(path, "id", "mfa-2023-10-10-0/turnover-2022", partner="XX")  # row 4
    edit_row(path, "id", "kaztoday-2025-11-27-2/turnover-2024", start="x")  # row 133
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[100] = lines[100].rsplit(",", 1)[0]  # row 100: one field short
    path.write_text("\n".join(lines), encoding="utf-8")
    found = problems(data_copy)
    assert [(p.row, p.field) for p in found] == [
        (4, "partner"),
        (98, "hedge"),
        (98, "unit"),
        (100, None),
        (133, "start"),
    ]


def test_an_empty_quote_is_refused(data_copy: Path) -> None:
    edit_row(data_copy / "claims.csv", "id", T22, quote="", text="", start="10", end="10")
    found = problems(data_copy)
    assert Problem("claims.csv", 4, "end", "10", "end - start == len(quote) == 0, start >= 0") in found

"""A damaged data folder is refused with the library's error, never a traceback; a sound one loads exactly.

Each case of the bad-input matrix is a copy of the bundled folder with one kind
of damage (tests/bad_input.py). The loader must raise one
:class:`~kzlt_trade.errors.DataFileError` (a ``ValueError``) listing every problem,
each naming the file, the row and the field where there are ones, the value as
read and what was expected; and it must never open a file outside the folder.
"""

from __future__ import annotations

import builtins
import csv
import dataclasses
import io
import os
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kzlt_trade
from kzlt_trade.errors import DataFileError, Problem
from kzlt_trade.io import CLAIM_COLUMNS, MAX_FIELD_CHARS, bundled_data_path, load
from tests import bad_input as bad
from tests.bad_input import FILE_1, SECRET, T22, Damage

POSIX = pytest.mark.skipif(os.name != "posix", reason="links and pipes as POSIX has them")
BOM = b"\xef\xbb\xbf"
# A Cyrillic letter of claims.csv past its first 8 KiB: an error there was once reported
# at its offset in the chunk being decoded, not in the file.
LATE = 9000
assert (bundled_data_path() / "claims.csv").read_bytes()[LATE] in (0xD0, 0xD1)

ANY = object()  # a value the case does not pin (a long one, or a path of the test's folder)


@dataclasses.dataclass(frozen=True)
class Want:
    """One problem the loader must report: where, what it read, and words of what it expected."""

    file: str
    row: int | None
    field: str | None
    value: object
    expected: str


@dataclasses.dataclass(frozen=True)
class Case:
    id: str
    damage: Damage
    want: tuple[Want, ...]
    posix: bool = False


def case(id: str, damage: Damage, *want: Want, posix: bool = False) -> Case:
    return Case(id, damage, want, posix)


def src(field: str, value: object, expected: str, row: int = 1) -> Want:
    return Want("sources.csv", row, field, value, expected)


def clm(field: str | None, value: object, expected: str, row: int = 4) -> Want:
    return Want("claims.csv", row, field, value, expected)


NOT_A_NAME = "a file name inside sources/"
LINK_OUT = "a link to a file outside sources/, which is not read"
OFFSET_ASCII = "a character offset (whole number >= 0) written in ASCII digits 0-9"
PLAIN = "a decimal number written plainly in ASCII digits"
WEIGHT = "a positive number written plainly in ASCII digits"
PUBLISHED = "a date YYYY-MM-DD, or YYYY-MM or YYYY when only those are known"
EVENT = "a date YYYY-MM-DD or empty"
OWN_SOURCE = "'<source id>/<slug>' with its own source's id: 'mfa-2023-10-10/'"
PERIOD_ASCII = "a period written in ASCII digits 0-9"
UNCLOSED = "an unclosed quote opened in row"
NUL = "text without NUL characters"


MATRIX = [
    # -- 1. paths: nothing is read from outside sources/ ---------------------------------
    case("file-parent-parent", bad.source_file(1, lambda f: "../../outside.txt"),
         src("file", "../../outside.txt", NOT_A_NAME)),
    case("file-parent-inside-folder", bad.source_file(1, "../claims.csv", text=Path("claims.csv")),
         src("file", "../claims.csv", NOT_A_NAME)),
    case("file-absolute", bad.source_file(1, lambda f: str(bad.outside(f))), src("file", ANY, NOT_A_NAME)),
    case("file-in-a-subfolder", bad.source_file(1, f"sub/{FILE_1}"), src("file", f"sub/{FILE_1}", NOT_A_NAME)),
    case("file-backslash", bad.source_file(1, "..\\outside.txt"), src("file", "..\\outside.txt", NOT_A_NAME)),
    case("file-dot-dot", bad.source_file(1, ".."), src("file", "..", NOT_A_NAME)),
    case("file-nul-in-name", bad.source_file(1, FILE_1 + "\0.txt"), src("file", FILE_1 + "\0.txt", NUL)),
    case("file-link-out", bad.both(bad.link("link.txt", bad.outside), bad.source_file(1, lambda f: "link.txt")),
         src("file", "link.txt", LINK_OUT), posix=True),
    case("file-link-to-parent-folder", bad.both(bad.link("up.txt", lambda f: f / "claims.csv"),
                                                bad.source_file(1, "up.txt", text=Path("claims.csv"))),
         src("file", "up.txt", LINK_OUT), posix=True),
    case("file-link-loop", bad.both(bad.link("loop.txt", lambda f: f / "sources" / "loop.txt"),
                                    bad.source_file(1, "loop.txt")),
         src("file", "loop.txt", "a loop of links"), posix=True),
    case("file-link-dangling", bad.both(bad.link("gone.txt", lambda f: f / "nowhere.txt"),
                                        bad.source_file(1, "gone.txt")),
         src("file", "gone.txt", "the name of a file in"), posix=True),
    case("sources-folder-a-link-out", bad.sources_folder_outside,
         Want("sources", None, None, None, "a folder sources/ inside"), posix=True),
    case("claims-csv-a-link-out", bad.table_outside("claims.csv"),
         Want("claims.csv", None, None, None, "a link to a file outside the folder"), posix=True),
    case("readings-csv-a-link-out", bad.table_outside("readings.csv"),
         Want("readings.csv", None, None, None, "a link to a file outside the folder"), posix=True),
    case("file-named-twice", bad.source_file(2, FILE_1, text=Path("sources") / FILE_1),
         src("file", FILE_1, "a file no other source names (row 1 names it too)", row=2)),
    case("file-named-twice-through-a-link",
         bad.both(bad.link("alias.txt", lambda f: f / "sources" / FILE_1),
                  bad.source_file(2, "alias.txt", text=Path("sources") / FILE_1)),
         src("file", "alias.txt", "a file no other source names (row 1 names it too)", row=2), posix=True),
    case("file-name-too-long", bad.source_file(1, "a" * 300 + ".txt"),
         src("file", "a" * 300 + ".txt", "whose name the file system accepts")),
    case("file-is-a-folder", bad.replace_with_folder(FILE_1), src("file", FILE_1, "not a folder")),
    case("file-is-a-pipe", bad.replace_with_pipe(FILE_1), src("file", FILE_1, "a device, a pipe or a socket"),
         posix=True),
    case("file-missing", bad.source_file(1, "nothing.txt"), src("file", "nothing.txt", "the name of a file in")),
    # -- 2. CSV structure -----------------------------------------------------------------
    case("claims-header-repeats-a-column",
         bad.line("claims.csv", 0, lambda h: h.replace(",note,", ",hedge,")),
         Want("claims.csv", None, "note", None, "a column named 'note'"),
         Want("claims.csv", None, "hedge", "hedge", "each column named once (the header names 'hedge' at col")),
    case("sources-header-repeats-a-column",
         bad.line("sources.csv", 0, lambda h: h.replace(",url,", ",id,")),
         Want("sources.csv", None, "url", None, "a column named 'url'"),
         Want("sources.csv", None, "id", "id", "each column named once (the header names 'id' at columns 1, 10)")),
    case("unclosed-quote-swallows-rows", bad.line("claims.csv", 5, lambda s: s + '"'),
         clm(None, ANY, f"{UNCLOSED} 5 (line 6) runs on to line 9", row=5)),
    case("unclosed-quote-to-the-end", bad.line("claims.csv", 47, lambda s: s + '"'),
         clm(None, ANY, f"{UNCLOSED} 47 (line 48) runs on to the end of the file", row=47)),
    case("text-after-a-closing-quote", bad.line("claims.csv", 4, lambda s: s.replace('"584,3"', '"584,3"x', 1)),
         clm(None, ANY, "a well-formed CSV row")),
    case("row-one-field-short", bad.line("claims.csv", 4, lambda s: s.rsplit(",", 1)[0]),
         clm(None, "", "exactly 20 fields")),
    case("field-over-the-library-limit", bad.edit("claims.csv", 4, note="x" * (MAX_FIELD_CHARS + 1)),
         clm("note", ANY, "a field of at most 100,000 characters (it has 100,001)")),
    case("field-over-the-csv-module-limit", bad.edit("claims.csv", 4, note="x" * 200_000),
         clm("note", ANY, "a field of at most 100,000 characters (it has 200,000)")),
    case("nul-in-a-claims-field", bad.edit("claims.csv", 4, note="a\0b"), clm("note", "a\0b", NUL)),
    case("nul-in-a-sources-field", bad.edit("sources.csv", 2, title="t\0"), src("title", "t\0", NUL, row=2)),
    case("nul-in-a-source-text", bad.rehash(1, FILE_1, lambda b: b + b"\0"),
         src("file", FILE_1, "a text file without NUL characters")),
    case("not-utf8-past-the-first-chunk", bad.raw("claims.csv", lambda b: b[:LATE] + b"\xff" + b[LATE + 1 :]),
         Want("claims.csv", None, None, None, f"UTF-8 text (invalid start byte at byte {LATE})")),
    case("not-utf8-after-a-bom", bad.raw("claims.csv", lambda b: BOM + b[:LATE] + b"\xff" + b[LATE + 1 :]),
         Want("claims.csv", None, None, None, f"UTF-8 text (invalid start byte at byte {LATE + 3})")),
    case("source-text-not-utf8", bad.rehash(1, FILE_1, lambda b: b"ok \xff"),
         src("file", FILE_1, "a UTF-8 text file (invalid start byte at byte 3)")),
    # -- 3. strict field grammars ---------------------------------------------------------
    case("start-arabic-indic-digits", bad.edit("claims.csv", 4, start="٨٣٧"), clm("start", "٨٣٧", OFFSET_ASCII)),
    case("end-fullwidth-digits", bad.edit("claims.csv", 4, end="９１３"), clm("end", "９１３", OFFSET_ASCII)),
    case("value-nan", bad.edit("claims.csv", 4, value="NaN"), clm("value", "NaN", PLAIN)),
    case("value-snan", bad.edit("claims.csv", 4, value="sNaN"), clm("value", "sNaN", PLAIN)),
    case("value-infinity", bad.edit("claims.csv", 4, value="Infinity"), clm("value", "Infinity", PLAIN)),
    case("value-exponent", bad.edit("claims.csv", 4, value="5.843e2"), clm("value", "5.843e2", PLAIN)),
    case("value-underscore", bad.edit("claims.csv", 4, value="58_4.3"), clm("value", "58_4.3", PLAIN)),
    case("value-space", bad.edit("claims.csv", 4, value=" 584.3"), clm("value", " 584.3", PLAIN)),
    case("value-arabic-indic-digits", bad.edit("claims.csv", 4, value="٥٨٤.٣"), clm("value", "٥٨٤.٣", PLAIN)),
    case("weight-underscore", bad.edit("sources.csv", 1, weight="1_0"), src("weight", "1_0", WEIGHT)),
    case("weight-exponent", bad.edit("sources.csv", 1, weight="1e3"), src("weight", "1e3", WEIGHT)),
    case("weight-space", bad.edit("sources.csv", 1, weight=" 1"), src("weight", " 1", WEIGHT)),
    case("weight-inf", bad.edit("sources.csv", 1, weight="inf"), src("weight", "inf", WEIGHT)),
    case("weight-nan", bad.edit("sources.csv", 1, weight="nan"), src("weight", "nan", WEIGHT)),
    case("weight-fullwidth-digit", bad.edit("sources.csv", 1, weight="１"), src("weight", "１", WEIGHT)),
    case("weight-zero", bad.edit("sources.csv", 1, weight="0"), src("weight", "0", "a positive number")),
    case("published-basic-format", bad.edit("sources.csv", 1, published="20231010"),
         src("published", "20231010", PUBLISHED)),
    case("published-iso-week", bad.edit("sources.csv", 1, published="2024-W25-4"),
         src("published", "2024-W25-4", PUBLISHED)),
    case("published-arabic-indic-digits", bad.edit("sources.csv", 1, published="٢٠٢٣-١٠-١٠"),
         src("published", "٢٠٢٣-١٠-١٠", PUBLISHED)),
    case("event-date-basic-format", bad.edit("sources.csv", 1, event_date="20231010"),
         src("event_date", "20231010", EVENT)),
    case("event-date-iso-week", bad.edit("sources.csv", 1, event_date="2023-W41-2"),
         src("event_date", "2023-W41-2", EVENT)),
    case("period-arabic-indic-digits", bad.edit("claims.csv", 4, period="٢٠٢٢"),
         clm("period", "٢٠٢٢", PERIOD_ASCII)),
    case("base-period-fullwidth-digits", bad.edit("claims.csv", 3, base_period="２０２１"),
         clm("base_period", "２０２１", "a period or empty written in ASCII digits 0-9", row=3)),
    case("alternative-period-arabic-indic-digits", bad.edit("readings.csv", 2, period="٢٠٢١"),
         Want("readings.csv", 2, "period", "٢٠٢١", PERIOD_ASCII)),
    case("claim-id-of-another-source", bad.edit("claims.csv", 4, id="kazinform-2022-06-15/turnover-2022"),
         clm("id", "kazinform-2022-06-15/turnover-2022", OWN_SOURCE)),
    case("claim-id-without-slug", bad.edit("claims.csv", 4, id="mfa-2023-10-10/"),
         clm("id", "mfa-2023-10-10/", OWN_SOURCE)),
    case("claim-id-without-source", bad.edit("claims.csv", 4, id="turnover-2022"),
         clm("id", "turnover-2022", OWN_SOURCE)),
    case("claim-id-prefix-runs-on", bad.edit("claims.csv", 4, id="mfa-2023-10-10x/turnover-2022"),
         clm("id", "mfa-2023-10-10x/turnover-2022", OWN_SOURCE)),
    # -- 4. every problem of a row together ------------------------------------------------
    case("three-bad-fields-in-one-row", bad.edit("claims.csv", 4, partner="XX", hedge="roughly", start="x"),
         clm("partner", "XX", "a partner code"), clm("hedge", "roughly", "a hedge: "),
         clm("start", "x", "a character offset (whole number >= 0)")),
]  # fmt: skip


def _params() -> list[Any]:
    return [pytest.param(c, id=c.id, marks=[POSIX] if c.posix else []) for c in MATRIX]


def test_the_matrix_is_large_and_its_ids_unique() -> None:
    assert len(MATRIX) >= 40
    assert len({c.id for c in MATRIX}) == len(MATRIX)


def refused(folder: Path) -> DataFileError:
    """The error loading ``folder`` raises; anything else (a traceback, a dataset) fails the test."""
    with pytest.raises(DataFileError) as info:
        load(folder)  # nothing is loaded: no Dataset is returned
    err = info.value
    assert isinstance(err, ValueError)
    assert err.folder == str(folder)
    return err


def matches(p: Problem, w: Want) -> bool:
    return (
        (p.file, p.row, p.field) == (w.file, w.row, w.field)
        and (w.value is ANY or p.value == w.value)
        and w.expected in p.expected
    )


@pytest.mark.parametrize("c", _params())
def test_a_damaged_folder_is_refused(data_copy: Path, c: Case) -> None:
    c.damage(data_copy)
    err = refused(data_copy)
    found = list(err.problems)
    assert len(found) == len(c.want), "\n".join(map(str, found))
    for p, w in zip(found, c.want, strict=True):
        assert matches(p, w), f"{p}\n  wanted {w}"
        # Every problem names its file, says what it expected, and shows its value where it has one.
        assert p.file
        assert p.expected
        assert (p.row is None) == (w.row is None)
    assert SECRET.strip() not in str(err)


def test_unreadable_source_text(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Opened as root, a file of mode 000 is readable: the refusal is the operating system's, so it is made so.
    real_open = os.open
    target = str(data_copy / "sources" / FILE_1)

    def refusing_open(path: Any, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path) == target:
            raise PermissionError(13, "Permission denied", target)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    (found,) = refused(data_copy).problems
    assert found == Problem(
        "sources.csv", 1, "file", FILE_1, f"a file sources/{FILE_1} the loader may read (permission denied)"
    )


def test_unreadable_table(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Path.read_bytes

    def refusing(self: Path) -> bytes:
        if self.name == "claims.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refusing)
    (found,) = refused(data_copy).problems
    assert found == Problem("claims.csv", None, None, None, "a file the loader may read (permission denied)")


# -- 5. nothing outside the folder is opened ------------------------------------------------
@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """The identity (device, inode) of every file opened while the test runs (by os.open, open or io.open).

    What counts is the file an open call gave, not the path it was given: a link
    opened with ``O_NOFOLLOW`` is refused, and opens nothing.
    """
    files: list[tuple[int, int]] = []
    real_os_open, real_open = os.open, builtins.open

    def os_open(*args: Any, **kwargs: Any) -> int:
        fd = real_os_open(*args, **kwargs)
        st = os.fstat(fd)
        files.append((st.st_dev, st.st_ino))
        return fd

    def py_open(*args: Any, **kwargs: Any) -> Any:
        f = real_open(*args, **kwargs)
        st = os.fstat(f.fileno())
        files.append((st.st_dev, st.st_ino))
        return f

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(builtins, "open", py_open)
    monkeypatch.setattr(io, "open", py_open)
    return files


def identity(path: Path) -> tuple[int, int]:
    st = path.stat()
    return (st.st_dev, st.st_ino)


OUTSIDE = {
    "relative": lambda f: "../../outside.txt",
    "absolute": lambda f: str(bad.outside(f)),
    "link": lambda f: "link.txt",
}


@pytest.mark.parametrize("how", list(OUTSIDE))
def test_a_file_outside_the_folder_is_never_opened(data_copy: Path, opened: list[tuple[int, int]], how: str) -> None:
    if how == "link" and os.name != "posix":
        pytest.skip("links as POSIX has them")
    secret = bad.outside(data_copy)
    bad.link("link.txt", bad.outside)(data_copy)
    # The row names the outside file and carries its very hash: only the path may refuse it.
    bad.source_file(1, OUTSIDE[how])(data_copy)
    opened.clear()
    err = refused(data_copy)
    assert opened  # the folder's own files were read, and seen
    assert identity(secret) not in opened
    assert [(p.file, p.row, p.field) for p in err.problems] == [("sources.csv", 1, "file")]
    assert "inside sources/" in err.problems[0].expected
    assert SECRET.strip() not in str(err)
    assert SECRET.strip() not in repr(err.problems)


@POSIX
def test_a_sources_folder_outside_the_folder_is_never_opened(data_copy: Path, opened: list[tuple[int, int]]) -> None:
    bad.sources_folder_outside(data_copy)
    away = {identity(p) for p in (data_copy.parent / "sources-elsewhere").iterdir()}
    opened.clear()
    err = refused(data_copy)
    assert opened
    assert not away & set(opened)
    assert [(p.file, p.field) for p in err.problems] == [("sources", None)]


# -- legitimate folders load exactly -------------------------------------------------------
def same(a: kzlt_trade.Dataset, b: kzlt_trade.Dataset) -> None:
    assert a.claim_records == b.claim_records
    assert a.source_records == b.source_records


def test_a_byte_order_mark_is_read_as_nothing(data_copy: Path, ds: kzlt_trade.Dataset) -> None:
    bad.every_table(lambda b: BOM + b)(data_copy)
    same(load(data_copy, official=False), ds)


def test_crlf_line_ends(data_copy: Path, ds: kzlt_trade.Dataset) -> None:
    bad.every_table(lambda b: b.replace(b"\n", b"\r\n"))(data_copy)
    same(load(data_copy, official=False), ds)


def test_bom_and_crlf_together(data_copy: Path, ds: kzlt_trade.Dataset) -> None:
    bad.every_table(lambda b: BOM + b.replace(b"\n", b"\r\n"))(data_copy)
    same(load(data_copy, official=False), ds)


def test_a_publication_known_to_the_month(data_copy: Path, ds: kzlt_trade.Dataset) -> None:
    bad.edit("sources.csv", 2, published="2024-03")(data_copy)
    got = load(data_copy, official=False)
    s = got.source_records[1]
    assert (s.id, s.published, s.published_latest) == ("kazinform-2024-06-20", date(2024, 3, 1), date(2024, 3, 31))
    assert got.claim_records == ds.claim_records


def test_a_field_of_exactly_the_limit(data_copy: Path, ds: kzlt_trade.Dataset) -> None:
    bad.edit("claims.csv", 4, note="x" * MAX_FIELD_CHARS)(data_copy)
    got = load(data_copy, official=False)
    assert got.claim(T22) == dataclasses.replace(ds.claim(T22), note="x" * MAX_FIELD_CHARS)


def test_a_quoted_field_over_several_lines(data_copy: Path, ds: kzlt_trade.Dataset) -> None:
    bad.edit("claims.csv", 4, note='first line\nsecond, with a comma and a "quote"')(data_copy)
    got = load(data_copy, official=False)
    assert got.claim(T22).note == 'first line\nsecond, with a comma and a "quote"'
    assert len(got) == len(ds)


@POSIX
def test_a_link_inside_sources_is_followed(data_copy: Path, ds: kzlt_trade.Dataset) -> None:
    (data_copy / "sources" / FILE_1).rename(data_copy / "sources" / "real.txt")
    bad.link(FILE_1, lambda f: "real.txt")(data_copy)
    same(load(data_copy, official=False), ds)


def test_the_csv_field_limit_is_put_back(data_copy: Path) -> None:
    before = csv.field_size_limit()
    bad.edit("claims.csv", 4, note="x" * 200_000)(data_copy)
    refused(data_copy)
    load()
    assert csv.field_size_limit() == before


def test_rows_after_an_unclosed_quote_keep_their_numbers(data_copy: Path) -> None:
    bad.both(bad.edit("claims.csv", 10, partner="XX"), bad.line("claims.csv", 5, lambda s: s + '"'))(data_copy)
    found = refused(data_copy).problems
    assert [(p.row, p.field) for p in found] == [(5, None), (10, "partner")]


# -- random bytes in a field ---------------------------------------------------------------
def outcome(folder: Path) -> tuple[Problem, ...]:
    """The problems of a folder that is refused, none for one that loads; any other error fails the test."""
    try:
        load(folder)
    except DataFileError as err:
        return err.problems
    return ()


PLACEHOLDER = "\ue000PLACEHOLDER\ue000"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    row=st.integers(min_value=1, max_value=47),
    column=st.sampled_from(CLAIM_COLUMNS),
    data=st.one_of(
        st.binary(max_size=40),
        st.text(max_size=20).map(lambda t: t.encode("utf-8")),
        st.sampled_from([b'"', b"\0", b"\r\n", b",", b"\xef\xbb\xbf", b"NaN", "٣".encode(), b"1e5"]),
    ),
)
def test_random_bytes_in_a_claims_field_load_or_are_refused(row: int, column: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = bad.copy_of_bundled(Path(tmp) / "data")
        bad.edit("claims.csv", row, **{column: PLACEHOLDER})(folder)
        path = folder / "claims.csv"
        path.write_bytes(path.read_bytes().replace(PLACEHOLDER.encode(), data))
        start = time.perf_counter()
        problems = outcome(folder)
        assert time.perf_counter() - start < 20
        assert all(p.file and p.expected for p in problems)


def test_a_source_text_over_the_size_limit_is_refused(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kzlt_trade.files
    import kzlt_trade.io

    # The limit is 16 MiB; a smaller one stands in for it, so the test writes no large file.
    monkeypatch.setattr(kzlt_trade.files, "MAX_SOURCE_BYTES", 1000)
    with pytest.raises(DataFileError) as caught:
        kzlt_trade.io.load(data_copy, official=False)
    sizes = [p for p in caught.value.problems if p.field == "file" and "at most 1,000 bytes" in p.expected]
    assert sizes, caught.value.problems
    assert all(p.file == "sources.csv" and p.row is not None for p in sizes)

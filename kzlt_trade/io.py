"""Load a data folder, validate every row, verify provenance.

A data folder holds ``sources.csv``, ``claims.csv``, optionally
``readings.csv`` (the alternative readings of ambiguous claims), and the
source texts under ``sources/``. :func:`load` reads them as plain strings (no
type guessing), checks every field of every row, checks that each stored text
still has its recorded SHA-256 and that each quote stands in its text at its
offsets, and only then builds the typed records. Every problem in the folder
is collected and raised together in one :class:`~kzlt_trade.errors.DataFileError`.

The field rules are those of :mod:`kzlt_trade.rules`, which the records apply
to themselves too. A million claims hold a few thousand distinct periods, units,
numbers and readings, so the loader runs each rule once per distinct value (or
combination of values) and shares the parsed objects between the records: a
row whose every value passed is built at once (:meth:`Claim._checked`); a row
with a problem is checked again field by field, so that its problems are
reported in the order of its fields, with the row's number.

Damaged input is refused, never followed and never a traceback:

* nothing is read from outside the folder: a source's ``file`` is a bare name
  under ``sources/`` (no ``/``, ``\\``, ``..``, drive or absolute path), a symbolic
  link is followed only when it stays inside ``sources/`` (a table, only inside
  the folder), and one file serves one source;
* a file that cannot be read (permission, a folder or a pipe in its place, a name
  too long) is a problem of the row that names it;
* the tables are UTF-8, with or without a byte order mark, with ``\\n`` or ``\\r\\n``
  line ends; a repeated column, a quote left open (reported at the row where it
  opened), a NUL character or a field over :data:`MAX_FIELD_CHARS` is a problem;
* numbers, offsets, dates and periods are written in ASCII digits, in the plain
  grammars of the data model (``int``, ``Decimal``, ``float`` and
  ``date.fromisoformat`` alone accept ``٣``, ``NaN``, ``1e5``, ``1_0``, ``20231010``).
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from kzlt_trade import rules
from kzlt_trade.errors import DataFileError, KzltTradeError, Problem
from kzlt_trade.files import (
    LINK_OUT,
    MAX_FIELD_CHARS,
    MAX_SOURCE_BYTES,
    Refused,
    SourceRead,
    TableDamagedError,
    TableRow,
    bundled_data_path,
    is_link_out,
    read_source,
    read_table,
    stream_table,
    table_rows,
)
from kzlt_trade.model import INDICATORS, Claim, Reading, Source
from kzlt_trade.period import Period, Published, window_phrase
from kzlt_trade.reading import FORMS, WrittenNumber
from kzlt_trade.vocabulary import expect

if TYPE_CHECKING:
    from kzlt_trade.dataset import Dataset
    from kzlt_trade.rates import RateTable
    from kzlt_trade.reading import Language

__all__ = [
    "CLAIM_COLUMNS",
    "MAX_FIELD_CHARS",
    "MAX_SOURCE_BYTES",
    "OPTIONAL_COLUMNS",
    "READING_COLUMNS",
    "SOURCE_COLUMNS",
    "bundled_data_path",
    "load",
    "same_period",
    "table_rows",
]

#: Columns of ``sources.csv``, in order.
SOURCE_COLUMNS = (
    "id", "title", "publisher", "language", "published", "published_basis",
    "event_date", "file", "sha256", "url", "weight", "note",
)  # fmt: skip
#: Columns of ``claims.csv``, in order.
CLAIM_COLUMNS = (
    "id", "source", "partner", "indicator", "flow", "scope", "period", "base_period", "form",
    "reading", "text", "value", "unit", "hedge", "quote", "start", "end", "part_of", "note", "reporter",
)  # fmt: skip
#: Columns of ``readings.csv``, in order.
READING_COLUMNS = ("claim", "reading", "form", "period", "base_period", "rationale", "link")
#: Columns a table may leave out (older folders), read as empty.
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {"readings.csv": ("link",), "claims.csv": ("reporter",)}

_OPTIONAL_FILES = ("readings.csv", "rates.csv")
_OFFSET = "a character offset (whole number >= 0)"
_ASCII_DIGITS = " written in ASCII digits 0-9"
_PLAIN_WEIGHT = "written plainly in ASCII digits, such as 1 or 0.5 (no exponent, '_', spaces, inf or nan)"
# Dates as the data files write them, in ASCII digits: a day, or for a publication also a
# month, a year or a range of days (what kzlt_trade.period.Published reads).
_YMD = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_DAY = re.compile(_YMD)
_PUBLISHED = re.compile(rf"[0-9]{{4}}(?:-[0-9]{{2}})?|{_YMD}(?:\.\.{_YMD})?")
# Source texts are read (and hashed) by two threads: reading a file and hashing it
# release the GIL, and a folder may hold a hundred thousand texts.
_READERS = 2


def load(path: str | Path | None = None, *, official: bool | None = None) -> Dataset:
    """Load and verify a data folder (the bundled data when ``path`` is ``None``).

    The official figures of the folder's ``official/`` (the BNS workbooks' figures,
    :mod:`kzlt_trade.official_claims`) join the press claims as claims of official
    sources, for the partners the press claims name, so that every tool sees them.

    Parameters
    ----------
    path
        The data folder: ``sources.csv``, ``claims.csv`` and ``sources/``.
    official
        ``None`` (default): the official figures of the folder's ``official/``, where
        it has one (the bundled data has); ``True``: those of the bundled data when
        the folder has none; ``False``: none.

    Raises
    ------
    DataFileError
        Listing every problem found in the folder: file, row, field, value and
        what was expected.

    Examples
    --------
    >>> ds = load()
    >>> ds.claim("kazinform-2022-06-15/turnover-2021").text
    '454'
    """
    from kzlt_trade.dataset import Dataset

    if path is not None:
        expect("path", path, (str, os.PathLike), "the path of a data folder (a str or a pathlib.Path), or None")
    folder = bundled_data_path() if path is None else Path(path)
    if not folder.is_dir():
        raise DataFileError(
            [Problem(str(folder), None, None, None, "a folder holding sources.csv, claims.csv and sources/")],
        )
    if official is not None:
        expect("official", official, bool, "True, False or None (the folder's official/ figures where it has them)")
    checker = _Checker(folder)
    # The records of a load hold no reference cycles, and none of them is garbage until it
    # is done: the cyclic garbage collector would only walk the growing list of records
    # again and again (a sixth of the time of a million claims). It is paused for the
    # reading and left as it was found.
    collecting = gc.isenabled()
    gc.disable()
    try:
        sources = checker.sources()
        claims = checker.claims(sources)
        rates = checker.rates()
    finally:
        # What the rules gave per distinct value goes first, so that the collector's next pass
        # walks the records alone.
        checker.forget()
        if collecting:
            gc.enable()
    if checker.problems:
        raise DataFileError(checker.problems, folder=str(folder))
    ds = Dataset(tuple(sources.values()), tuple(claims), folder, rates=rates)
    office = _official_folder(folder, official)
    if office is None:
        return ds
    from kzlt_trade.official_claims import official_claims

    oc = official_claims(office, partners={c.partner for c in claims} | {"EU"})
    folders = dict.fromkeys((s.id for s in oc.sources), office)
    return ds.combine(Dataset(oc.sources, oc.claims, office, folders, revised=oc.revised))


def _official_folder(folder: Path, official: bool | None) -> Path | None:
    """The data folder whose ``official/`` figures a load includes, or ``None``."""
    from kzlt_trade.official_claims import BNS_FILE

    if official is False:
        return None
    if (folder / BNS_FILE).is_file():
        return folder
    return bundled_data_path() if official else None


Row = dict[str, str]
# What the fields partner..hedge of a claim row give: the number, the value, the readings
# (when the claim has no alternative), and the fields themselves.
_Fields = tuple[WrittenNumber, Decimal, tuple[Reading, ...], tuple[str, ...]]


@dataclass
class _Checker:
    folder: Path
    problems: list[Problem] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    # Files that could not be read as tables, and source ids whose rows were reported
    # as invalid: references to them are not reported again, so that one mistake
    # (a missing column, an edited text) gives one problem, not one per referring row.
    unreadable: set[str] = field(default_factory=set)
    invalid_sources: set[str] = field(default_factory=set)
    # What each distinct value (or combination) gave, for this load only.
    periods: dict[str, Period | str] = field(default_factory=dict)
    numbers: dict[tuple[str, str], WrittenNumber | rules.Issue] = field(default_factory=dict)
    decimals: dict[str, Decimal | rules.Issue] = field(default_factory=dict)
    rows_memo: dict[str, dict[tuple[str, ...], _Fields | Literal[False]]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    slugs: dict[str, bool] = field(default_factory=dict)
    values: dict[tuple[str, ...], tuple[WrittenNumber, Decimal] | None] = field(default_factory=dict)
    reading_memo: dict[tuple[str, ...], Reading | None] = field(default_factory=dict)
    # One tuple per distinct primary reading, for the claims that have no other.
    alone: dict[tuple[str, ...], tuple[Reading, ...]] = field(default_factory=dict)
    # The period each phrase of relative time gives in each source ("over 30 years").
    phrases: dict[tuple[str, str], str] = field(default_factory=dict)
    # One object per distinct string of the fields shared by many claims, per distinct
    # quote, and per distinct character offset.
    strings: dict[str, str] = field(default_factory=dict)
    kinds: dict[tuple[str, ...], bool] = field(default_factory=dict)
    quotes: dict[str, str] = field(default_factory=dict)
    offsets_read: dict[str, int] = field(default_factory=dict)

    # -- plumbing -----------------------------------------------------------------
    def forget(self) -> None:
        """Let go of the source texts and of what each distinct value gave (the problems stay)."""
        for memo in (
            self.texts, self.periods, self.numbers, self.decimals, self.rows_memo, self.notes, self.slugs,
            self.values, self.reading_memo, self.alone, self.phrases, self.strings, self.kinds, self.quotes,
            self.offsets_read,
        ):  # fmt: skip
            memo.clear()

    def problem(self, file: str, row: int | None, field_: str | None, value: str | None, expected: str) -> None:
        self.problems.append(Problem(file, row, field_, value, expected))

    def issues(self, file: str, row: int, issues: list[rules.Issue], value: str | None = None) -> None:
        """Report the issues of a rule at ``file``/``row`` (with the value as written, when given)."""
        for field_, shown, expected in issues:
            self.problem(file, row, field_, shown if value is None else value, expected)

    def tuples(self, name: str, columns: tuple[str, ...]) -> tuple[list[TableRow], list[Problem]]:
        """The rows of a table as tuples ``(row number, *fields in the order of columns)``, and late problems.

        The same table, rows and problems as :func:`table_rows`, read without a dict per
        row (a tuple of strings and an int holds no reference the garbage collector
        must follow). A row that cannot be taken (the wrong number of fields, an
        unclosed quote, a NUL character, a field over :data:`MAX_FIELD_CHARS`) is given
        as its problem, in its place, so that the caller reports it in row order; a
        problem with the file as a whole (text that is not UTF-8, a file that cannot be
        read) is returned apart, to be reported after the problems of the rows.
        """
        path = self.folder / name
        if is_link_out(path, self.folder):
            self.unreadable.add(name)
            self.problem(name, None, None, None, f"the file {name} inside {self.folder} ({LINK_OUT})")
            return [], []
        if not path.is_file():
            if name not in _OPTIONAL_FILES:
                self.unreadable.add(name)
                self.problem(name, None, None, None, f"the file {name} in {self.folder}")
            return [], []
        rows, late, readable = read_table(path, name, columns, self.problems, OPTIONAL_COLUMNS.get(name, ()))
        if not readable:
            self.unreadable.add(name)
        return rows, late

    def period(self, raw: str) -> Period | str:
        """The period ``raw`` reads as (one object per distinct text), or what went wrong."""
        got = self.periods.get(raw)
        if got is None:
            # Period.parse would read other digits as the ASCII digits they stand for.
            digit = rules.non_ascii_digit(raw)
            try:
                got = Period.parse(raw) if digit is None else f" written in ASCII digits 0-9 (not {digit!r})"
            except KzltTradeError as exc:
                got = f" ({exc})"
                if _WORDY.search(raw):
                    got = f" ({exc}; nor a phrase of time such as 'over 30 years', 'since 2005' or 'за 30 лет')"
            except (ValueError, ArithmeticError):
                got = ""
            self.periods[raw] = got
        return got

    def number(self, text: str, lang: Language) -> WrittenNumber | rules.Issue:
        key = (text, lang)
        got = self.numbers.get(key)
        if got is None:
            got = self.numbers[key] = rules.number(text, lang)
        return got

    def decimal(self, raw: str) -> Decimal | rules.Issue:
        """The value of a claim (one object per distinct text), or the issue with it."""
        got = self.decimals.get(raw)
        if got is None:
            got = self.decimals[raw] = rules.decimal(raw)
        return got

    # -- rates --------------------------------------------------------------------
    def rates(self) -> RateTable | None:
        """The folder's own exchange rates (``rates.csv``, optional) over the shipped table; ``None`` without.

        A month the folder gives replaces the shipped one: the folder's rates are
        the ones its figures were converted with (a national bank's, say).
        """
        from kzlt_trade.rates import RateTable

        path = self.folder / "rates.csv"
        if is_link_out(path, self.folder):
            self.problem("rates.csv", None, None, None, f"the file rates.csv inside {self.folder} ({LINK_OUT})")
            return None
        if not path.is_file():
            return None
        try:
            own = RateTable.read(path)
        except DataFileError as exc:
            self.problems.extend(exc.problems)
            return None
        return RateTable.shipped().merged(own, on_conflict="other")

    # -- sources ------------------------------------------------------------------
    def sources(self) -> dict[str, Source]:
        out: dict[str, Source] = {}
        f = "sources.csv"
        read, late = self.tuples(f, SOURCE_COLUMNS)
        contents = self.read_texts([r[8] if isinstance(r, tuple) else "" for r in read])
        # One file per source: by name, and by the file itself (a link, or another name of it).
        names: dict[str, int] = {}
        files: dict[tuple[int, int], int] = {}
        ids: set[str] = set()
        for r, got in zip(read, contents, strict=True):
            if isinstance(r, Refused):
                self.problems.extend(r.problems)
                if r.key:
                    self.invalid_sources.add(r.key)
                continue
            n, row = r[0], dict(zip(SOURCE_COLUMNS, r[1:], strict=True))
            before = len(self.problems)
            sid = row["id"]
            if not sid:
                self.problem(f, n, "id", sid, "a non-empty source id")
            elif sid in ids:
                self.problem(f, n, "id", sid, "a source id used once (it repeats an earlier row)")
            ids.add(sid)
            self.issues(f, n, rules.language(row["language"]))
            publication = self.publication(f, n, row["published"])
            published = None if publication is None else publication.earliest
            event = (
                self.date(f, n, "event_date", row["event_date"], "a date YYYY-MM-DD or empty")
                if row["event_date"]
                else None
            )
            weight = self.weight(f, n, row["weight"])
            name = row["file"]
            other = names.setdefault(name, n) if name else n
            if other == n and isinstance(got, tuple):
                other = files.setdefault((got[2], got[3]), n)
            if other != n:
                self.problem(f, n, "file", name, f"a file no other source names (row {other} names it too)")
            text = self.source_text(f, n, row, got) if other == n else None
            if len(self.problems) > before or published is None or weight is None or text is None:
                if sid and sid not in out:
                    self.invalid_sources.add(sid)
                continue
            out[sid] = Source(
                id=sid,
                title=row["title"],
                publisher=row["publisher"],
                language=cast("Language", self.strings.setdefault(row["language"], row["language"])),
                published=published,
                published_basis=row["published_basis"],
                event_date=event,
                file=row["file"],
                sha256=row["sha256"],
                url=row["url"],
                note=row["note"],
                weight=weight,
                published_latest=None if publication is None or publication.exact else publication.latest,
            )
            self.texts[sid] = text
        self.problems.extend(late)
        return out

    def publication(self, f: str, n: int, raw: str) -> Published | None:
        """A publication date known to the day, the month or the year (``2023-10-10``, ``2023-10``, ``2023``)."""
        try:
            if _PUBLISHED.fullmatch(raw):
                return Published.parse(raw)
        except KzltTradeError:
            pass
        self.problem(f, n, "published", raw, "a date YYYY-MM-DD, or YYYY-MM or YYYY when only those are known")
        return None

    def placed(self, raw: str, source: Source | None) -> str:
        """A period as the grammar writes it: ``raw`` itself, or the window a phrase names in ``source``.

        "over 30 years", "since 2005", "за 30 лет" are placed relative to when the
        source came out (:func:`kzlt_trade.period.window_phrase`); text that is neither
        is returned as it is, for the period rules to report.
        """
        if not raw or source is None or isinstance(self.period(raw), Period) or rules.non_ascii_digit(raw):
            return raw
        key = (raw, source.id)
        got = self.phrases.get(key)
        if got is None:
            try:
                got = str(window_phrase(raw, source.publication, source.language))
            except KzltTradeError:
                got = raw
            self.phrases[key] = got
        return got

    def with_periods(self, row: tuple[Any, ...], source: Source) -> tuple[Any, ...]:
        """A claims.csv row with its phrases of time placed and "same period" made the months a year before."""
        if isinstance(self.period(row[7]), Period) and (not row[8] or isinstance(self.period(row[8]), Period)):
            return row  # the grammar's own periods, as nearly every row writes them
        period = self.placed(row[7], source)
        base = same_period(period, row[8]) or self.placed(row[8], source)
        if period == row[7] and base == row[8]:
            return row
        return (*row[:7], period, base, *row[9:])

    def alternative_with_periods(self, r: Row, source: Source) -> Row:
        """A readings.csv row, its periods placed as :meth:`with_periods` places a claim's."""
        period = self.placed(r["period"], source)
        base = same_period(period, r["base_period"]) or self.placed(r["base_period"], source)
        if period == r["period"] and base == r["base_period"]:
            return r
        return {**r, "period": period, "base_period": base}

    def date(self, f: str, n: int, name: str, raw: str, expected: str) -> date | None:
        """A date written ``YYYY-MM-DD`` in ASCII digits (``date.fromisoformat`` alone also takes ``20231010``)."""
        try:
            if _DAY.fullmatch(raw):
                return date.fromisoformat(raw)
        except ValueError:
            pass
        self.problem(f, n, name, raw, expected)
        return None

    def weight(self, f: str, n: int, raw: str) -> float | None:
        """A positive weight written as a plain decimal (``float`` alone also takes ``1_0``, ``1e3``, ``inf``)."""
        if not rules.PLAIN_DECIMAL.fullmatch(raw):
            self.problem(f, n, "weight", raw, "a positive number " + _PLAIN_WEIGHT)
            return None
        value = float(raw)
        issues = rules.weight(value)
        self.issues(f, n, issues, raw)
        return None if issues else value

    def read_texts(self, files: list[str]) -> list[SourceRead]:
        """What each named source text holds (:data:`SourceRead`), read only from inside ``sources/``.

        A name must be a bare file name (no ``/``, ``\\``, ``..``, drive or NUL); a
        symbolic link is followed only when its target lies inside ``sources/``,
        and ``sources/`` itself only when it lies inside the folder. Two threads
        share the work: reading a file and hashing it release the GIL.
        """
        root = self.folder / "sources"
        try:
            real_root = root.resolve()
            inside = real_root.is_relative_to(self.folder.resolve())
        except (OSError, RuntimeError):  # a loop of links
            real_root, inside = root, False
        if not inside:
            self.problem("sources", None, None, None, f"a folder sources/ inside {self.folder} ({LINK_OUT})")
            return [None] * len(files)
        missing = f"the name of a file in {root}"

        def read(names: list[str]) -> list[SourceRead]:
            return [read_source(str(root), real_root, name, missing) for name in names]

        if len(files) < 64:
            return read(files)
        size = -(-len(files) // _READERS)
        with ThreadPoolExecutor(_READERS) as pool:
            parts = pool.map(read, [files[i : i + size] for i in range(0, len(files), size)])
            return [data for part in parts for data in part]

    def source_text(self, f: str, n: int, row: Row, read: SourceRead) -> str | None:
        if read is None:
            return None  # not read, and reported for the folder
        if isinstance(read, str):
            self.problem(f, n, "file", row["file"], read)
            return None
        data, digest = read[0], read[1]
        if digest != row["sha256"]:
            self.problem(
                f, n, "sha256", row["sha256"],
                f"the SHA-256 of sources/{row['file']}, which is {digest}: the text changed, or the hash is wrong",
            )  # fmt: skip
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.problem(f, n, "file", row["file"], f"a UTF-8 text file ({exc.reason} at byte {exc.start})")
            return None
        if "\0" in text:
            at = text.index("\0")
            self.problem(f, n, "file", row["file"], f"a text file without NUL characters (one is at character {at})")
            return None
        return text

    # -- claims -------------------------------------------------------------------
    def claims(self, sources: dict[str, Source]) -> list[Claim]:
        alternatives = self.alternative_readings()
        f = "claims.csv"
        # The rows are taken one at a time as they are read, so that a million rows are never
        # in memory together; a table that only the careful reading takes (a damaged row, text
        # that is not UTF-8) is read again, whole, and what its first rows gave is dropped.
        mark = len(self.problems)
        path = self.folder / f
        if path.is_file() and not is_link_out(path, self.folder):
            try:
                streamed = stream_table(path, f, CLAIM_COLUMNS, self.problems, OPTIONAL_COLUMNS[f])
                if streamed is None:
                    self.unreadable.add(f)
                    streamed = iter(())
                return self.claims_of(streamed, [], sources, dict(alternatives))
            except TableDamagedError:
                del self.problems[mark:]
                self.unreadable.discard(f)
        rows, late = self.tuples(f, CLAIM_COLUMNS)
        rows.reverse()
        return self.claims_of(_popped(rows), late, sources, alternatives)

    def claims_of(
        self,
        rows: Iterator[TableRow],
        late: list[Problem],
        sources: dict[str, Source],
        alternatives: dict[str, list[tuple[int, Row]]],
    ) -> list[Claim]:
        """The claims of the rows of claims.csv, in order; ``late`` are the table's problems after its rows."""
        out: list[Claim] = []
        part_of: list[tuple[int, str, str]] = []
        f = "claims.csv"
        # The ids of the rows taken so far (an id repeats an earlier row when it is among them),
        # and the keys of the rows refused as they were read: a row refused once is reported
        # once, and what refers to it is not reported again.
        seen: set[str] = set()
        refused: set[str] = set()
        none: list[tuple[int, Row]] = []
        periods = self.periods
        for taken in rows:
            if isinstance(taken, Refused):
                self.problems.extend(taken.problems)
                alternatives.pop(taken.key, None)
                if taken.key:
                    refused.add(taken.key)
                continue
            row, n, cid = taken, taken[0], taken[1]
            alts = alternatives.pop(cid, none)
            source = sources.get(row[2])
            if source is not None:
                # Nearly every row writes the grammar's own periods, already read by an earlier row.
                period, base = periods.get(row[7]), row[8]
                if not (isinstance(period, Period) and (not base or isinstance(periods.get(base), Period))):
                    row = self.with_periods(row, source)
                if alts:  # most claims have none: no new empty list per row for the garbage collector
                    alts = [(k, self.alternative_with_periods(r, source)) for k, r in alts]
            claim = self.fast_claim(row, source, alts) if cid and cid not in seen else None
            if claim is None:
                claim = self.claim(n, dict(zip(CLAIM_COLUMNS, row[1:], strict=True)), sources, alts, seen)
            seen.add(cid)
            if row[18]:
                part_of.append((n, cid, row[18]))
            if claim is not None:
                out.append(claim)
        self.problems.extend(late)
        for n, _, whole in part_of:
            if whole not in seen and whole not in refused:
                self.problem(f, n, "part_of", whole, "the id of another claim in claims.csv, or empty")
        for claim_id, readings in alternatives.items():
            if f in self.unreadable:
                break  # the claims were not read, so no reference to them can be checked
            for n, _ in readings:
                self.problem("readings.csv", n, "claim", claim_id, "the id of a claim in claims.csv")
        return out

    def fast_claim(
        self, row: tuple[Any, ...], source: Source | None, alternatives: list[tuple[int, Row]]
    ) -> Claim | None:
        """The claim of a row whose every field passes, built at once; ``None`` when anything fails.

        ``source`` is the source the row names (``None`` when sources.csv has none). Each
        rule runs once per distinct value or combination (memoised for this load); a
        row that fails anything is left to :meth:`claim`, which reports it.
        """
        _, cid, sid = row[:3]
        quote, start, end, part_of, note, reporter = row[15:21]
        k = len(sid)
        if source is None or cid[k : k + 1] != "/" or not cid.startswith(sid):
            return None
        # The id is "<source id>/<slug>": the slug's grammar is checked once per distinct slug
        # (a regex match per row would be one more object per row for the garbage collector).
        slug = cid[k + 1 :]
        good = self.slugs.get(slug)
        if good is None:
            good = self.slugs[slug] = _SLUG(slug) is not None
        if not good:
            return None
        # The fields from partner to hedge decide everything but the id, the source and the
        # quote: one look-up per row, the rules once per distinct combination.
        memo = self.rows_memo.get(source.language)
        if memo is None:
            memo = self.rows_memo[source.language] = {}
        static = row[3:15]
        got = memo.get(static)
        if got is None:
            # Each distinct string of these fields is one object for the whole load, whichever
            # combination it came in (the key of the memo, and the claims, hold it).
            static = tuple(map(self.strings.setdefault, static, static))
            got = memo[static] = self.checked_fields(static, source.language)
        if got is False:
            return None
        offsets = self.offsets_read
        i = offsets.get(start)
        j = offsets.get(end)
        if i is None:
            i = self.offset_of(start)
        if j is None:
            j = self.offset_of(end)
        if i < 0 or j < 0:
            return None
        # The claim takes the strings of the first row with these fields, not its own row's:
        # repeated values are one object each, not one per row, and the row can go.
        written, number, readings, fields = got
        # By index: a starred unpacking would build a list per row.
        partner, indicator, flow, scope, text, unit, hedge = (
            fields[0], fields[1], fields[2], fields[3], fields[8], fields[10], fields[11],
        )  # fmt: skip
        # The quote stands at its offsets (rules.offsets: it spans them exactly and is not empty),
        # compared in place rather than through a slice of the text.
        if not (0 <= i < j and j - i == len(quote) and self.texts[sid].startswith(quote, i)) or text not in quote:
            return None
        # A quote that other claims repeat (two figures of one sentence) is kept once.
        quote = self.quotes.setdefault(quote, quote)
        if reporter not in rules.REPORTERS and rules.reporter(reporter, partner):
            return None
        if alternatives:
            more = [self.checked_reading(r["reading"], r["form"], r["period"], r["base_period"], r["rationale"],
                                         r["link"]) for _, r in alternatives]  # fmt: skip
            if any(r is None for r in more):
                return None
            readings = (readings[0], *cast("list[Reading]", more))
            if rules.reading_names([r.name for r in readings]):
                return None
        return Claim._checked(
            id=cid, source=source.id, partner=partner, indicator=indicator, flow=flow, scope=scope, text=text,  # type: ignore[arg-type]
            value=number, unit=unit, hedge=hedge, quote=quote, start=i, end=j, readings=readings,  # type: ignore[arg-type]
            part_of=part_of, note=self.notes.setdefault(note, note), language=source.language, number=written,
            reporter=rules.REPORTERS.get(reporter, reporter),
        )  # fmt: skip

    def checked_fields(
        self, fields: tuple[str, ...], lang: Language
    ) -> tuple[WrittenNumber, Decimal, tuple[Reading, ...], tuple[str, ...]] | Literal[False]:
        """The number, value and primary reading of the fields partner..hedge of a claim row, or ``False``."""
        partner, indicator, flow, scope, period, base, form, name, text, value, unit, hedge = fields
        # What the figure is and whose: the rules once per distinct combination of these fields.
        kind = (partner, indicator, flow, scope, form, unit, hedge)
        good = self.kinds.get(kind)
        if good is None:
            good = self.kinds[kind] = not (
                rules.partner(partner)
                or rules.indicator(indicator, flow, scope)
                or rules.hedge(hedge)
                or rules.form(form)
                or rules.unit(unit, indicator, form)
            )
        if not good:
            return False
        number = self.checked_value(text, lang, value, indicator, form)
        primary = self.checked_reading(name, form, period, base, "")
        if number is None or primary is None:
            return False
        return number[0], number[1], self.alone[name, form, period, base, "", ""], fields

    def offset_of(self, raw: str) -> int:
        """The character offset ``raw`` writes in ASCII digits (one int per distinct text), or ``-1``."""
        got = self.offsets_read.get(raw)
        if got is None:
            # int and str.isdecimal alone would also take other digits ("٣").
            got = self.offsets_read[raw] = int(raw) if raw.isascii() and raw.isdecimal() else -1
        return got

    def checked_value(
        self, text: str, lang: Language, raw: str, indicator: str, form: str
    ) -> tuple[WrittenNumber, Decimal] | None:
        """The number of the text and the value, when both read, agree and are in range."""
        key = (text, lang, raw, indicator, form)
        if key in self.values:
            return self.values[key]
        number = self.number(text, lang)
        value = self.decimal(raw)
        got = None
        if (
            not isinstance(number, tuple)
            and not isinstance(value, tuple)
            and not rules.value_of_text(text, number, value)
            and not rules.value_range(indicator, form, value)
        ):
            got = (number, value)
        self.values[key] = got
        return got

    def checked_reading(
        self, name: str, form: str, period: str, base: str, rationale: str, link: str = ""
    ) -> Reading | None:
        """The reading of these fields (one object per distinct combination), or ``None`` when one fails."""
        key = (name, form, period, base, rationale, link)
        if key in self.reading_memo:
            return self.reading_memo[key]
        p = self.period(period)
        b = self.period(base) if base else None
        got = None
        if (
            isinstance(p, Period)
            and not isinstance(b, str)
            and not (rules.reading_name(name) + rules.form(form) + rules.base_period(form, p, base, b))
        ):
            got = Reading(name, form, p, b, rationale, link)  # type: ignore[arg-type]
            self.alone[key] = (got,)
        self.reading_memo[key] = got
        return got

    def claim(
        self,
        n: int,
        row: Row,
        sources: dict[str, Source],
        alternatives: list[tuple[int, Row]],
        seen: set[str],
    ) -> Claim | None:
        """Check a claim row field by field, report each problem, and build the claim if there is none."""
        f = "claims.csv"
        before = len(self.problems)
        cid = row["id"]
        if not cid:
            self.problem(f, n, "id", cid, "a non-empty claim id")
        elif cid in seen:
            self.problem(f, n, "id", cid, "a claim id used once (it repeats an earlier row)")
        elif row["source"] in sources or row["source"] in self.invalid_sources:
            # Judged against a source of sources.csv: with an unknown source, the source is what is reported.
            self.issues(f, n, rules.claim_id(cid, row["source"]))
        source = sources.get(row["source"])
        if source is None and not ("sources.csv" in self.unreadable or row["source"] in self.invalid_sources):
            self.problem(f, n, "source", row["source"], "the id of a source in sources.csv")
        self.issues(f, n, rules.partner(row["partner"]))
        self.issues(f, n, rules.indicator(row["indicator"], row["flow"], row["scope"]))
        self.issues(f, n, rules.hedge(row["hedge"]))
        self.issues(f, n, rules.reporter(row["reporter"], row["partner"]))
        # Without its source the language of the text is unknown, so the text is not read.
        number = None
        if source is not None:
            read = self.number(row["text"], source.language)
            if isinstance(read, tuple):
                self.issues(f, n, [read])
            else:
                number = read
        read_value = self.decimal(row["value"])
        value = None
        if isinstance(read_value, tuple):
            self.issues(f, n, [read_value])
        else:
            value = read_value
        if number is not None and value is not None:
            self.issues(f, n, rules.value_of_text(row["text"], number, value), row["value"])
        primary = self.reading(f, n, row, name=row["reading"], placed=source is not None)
        if row["indicator"] in INDICATORS and row["form"] in FORMS:
            # Decided by the form, not by the built Reading, so that a bad period in the
            # same row does not hide a bad unit.
            self.issues(f, n, rules.unit(row["unit"], row["indicator"], row["form"]))
            if value is not None:
                self.issues(f, n, rules.value_range(row["indicator"], row["form"], value), row["value"])
        start = self.offset(f, n, "start", row["start"])
        end = self.offset(f, n, "end", row["end"])
        if source is not None and start is not None and end is not None:
            self.quote(f, n, row, source, start, end)
        if number is not None and row["text"] not in row["quote"]:
            self.problem(f, n, "text", row["text"], "the number exactly as it stands in the quote")
        readings = [primary] + [
            self.reading("readings.csv", rn, rrow, name=rrow["reading"], placed=source is not None)
            for rn, rrow in alternatives
        ]
        names = [r.name for r in readings if r is not None]
        self.issues("readings.csv", alternatives[0][0] if alternatives else n, rules.reading_names(names))
        if len(self.problems) > before or source is None or value is None or start is None or end is None:
            return None
        assert number is not None  # read, since the source is known and nothing was reported
        return Claim._checked(
            id=cid, source=source.id, partner=row["partner"], indicator=row["indicator"], flow=row["flow"],  # type: ignore[arg-type]
            scope=row["scope"], text=row["text"], value=value, unit=row["unit"], hedge=row["hedge"],  # type: ignore[arg-type]
            quote=row["quote"], start=start, end=end, readings=tuple(r for r in readings if r is not None),
            part_of=row["part_of"], note=row["note"], language=source.language, number=number,
            reporter=rules.REPORTERS.get(row["reporter"], row["reporter"]),
        )  # fmt: skip

    def offset(self, f: str, n: int, name: str, raw: str) -> int | None:
        """A character offset, in ASCII digits (``int`` and ``str.isdigit`` also take ``٣`` and ``３``)."""
        if raw.isascii() and raw.isdigit():
            return int(raw)
        self.problem(f, n, name, raw, _OFFSET + (_ASCII_DIGITS if rules.non_ascii_digit(raw) else ""))
        return None

    def reading(self, f: str, n: int, row: Row, *, name: str, placed: bool = True) -> Reading | None:
        """A reading's fields checked; ``placed`` is false when phrases of time could not be placed.

        A phrase of time needs its source's date: without the source (itself
        reported), the phrase is not reported again.
        """
        before = len(self.problems)
        self.issues(f, n, rules.reading_name(name))
        self.issues(f, n, rules.form(row["form"]))
        period = self.period(row["period"])
        if isinstance(period, str) and (placed or not _WORDY.search(row["period"])):
            self.problem(f, n, "period", row["period"], "a period" + period)
        base = self.period(row["base_period"]) if row["base_period"] else None
        if isinstance(base, str) and (placed or not _WORDY.search(row["base_period"])):
            self.problem(f, n, "base_period", row["base_period"], "a period or empty" + base)
        self.issues(
            f,
            n,
            rules.base_period(
                row["form"],
                period if isinstance(period, Period) else None,
                row["base_period"],
                base if isinstance(base, Period) else None,
            ),
        )
        if len(self.problems) > before or not isinstance(period, Period) or isinstance(base, str):
            return None
        return self.checked_reading(
            name, row["form"], row["period"], row["base_period"], row.get("rationale", ""), row.get("link", "")
        )

    def quote(self, f: str, n: int, row: Row, source: Source, start: int, end: int) -> None:
        text = self.texts[source.id]
        found = text[start:end]
        if found == row["quote"]:
            # The quote stands at its offsets; an empty one (start == end) quotes nothing.
            self.issues(f, n, [("end", row["end"], e) for _, _, e in rules.offsets(start, end, row["quote"])])
            return
        where = text.find(row["quote"])
        hint = (
            f"; the quote stands at {where}..{where + len(row['quote'])}"
            if where >= 0
            else "; the quote is nowhere in the text"
        )
        self.problem(
            f, n, "quote", row["quote"],
            f"the text of {source.file} at {start}..{end}, which reads {found!r}{hint}",
        )  # fmt: skip

    def alternative_readings(self) -> dict[str, list[tuple[int, Row]]]:
        out: dict[str, list[tuple[int, Row]]] = {}
        rows, late = self.tuples("readings.csv", READING_COLUMNS)
        for row in rows:
            if isinstance(row, Refused):
                self.problems.extend(row.problems)
                continue
            out.setdefault(row[1], []).append((row[0], dict(zip(READING_COLUMNS, row[1:], strict=True))))
        self.problems.extend(late)
        return out


def _popped(rows: list[TableRow]) -> Iterator[TableRow]:
    """The rows of a reversed list from its end, each let go once it is given."""
    while rows:
        yield rows.pop()


_SLUG = rules.CLAIM_SLUG.fullmatch
# Text with a word in it (three letters or more) may have been meant as a phrase of time.
_WORDY = re.compile(r"[^\W\d_]{3,}")

#: What a base period may say for "the same period a year before" (the months of the period).
SAME_PERIOD = ("same period", "the same period", "аналогичный период", "same period last year")


def same_period(period: str, base: str) -> str:
    """The months of ``period`` a year before, when ``base`` says "the same period"; ``""`` otherwise.

    >>> same_period("2022-01..2022-04", "same period"), same_period("2022-part", "аналогичный период")
    ('2021-01..2021-04', '2021-part')
    """
    if base.strip().lower() not in SAME_PERIOD:
        return ""
    try:
        p = Period.parse(period)
    except KzltTradeError:
        return ""
    if p.kind == "year":
        return str(Period.year(p.start.year - 1))
    if p.kind == "partial":
        if not p.months_known:
            return str(Period.partial(p.start.year - 1))
        return str(Period.partial(p.start.year - 1, p.start.month, p.end.month))
    return ""

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
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from kzlt_trade import rules
from kzlt_trade.errors import DataFileError, KzltTradeError, Problem
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
    "OPTIONAL_COLUMNS",
    "READING_COLUMNS",
    "SOURCE_COLUMNS",
    "bundled_data_path",
    "load",
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
# Source texts are read (and hashed) by two threads: reading a file and hashing it
# release the GIL, and a folder may hold a hundred thousand texts.
_READERS = 2


def bundled_data_path() -> Path:
    """The folder of the bundled data.

    An installed wheel carries ``data/`` inside the package; a source checkout
    (or an editable install) has it at the top of the repository.
    """
    inside = Path(__file__).parent / "data"
    return inside if inside.is_dir() else Path(__file__).parent.parent / "data"


def load(path: str | Path | None = None) -> Dataset:
    """Load and verify a data folder (the bundled data when ``path`` is ``None``).

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
    checker = _Checker(folder)
    sources = checker.sources()
    claims = checker.claims(sources)
    rates = checker.rates()
    if checker.problems:
        raise DataFileError(checker.problems, folder=str(folder))
    return Dataset(tuple(sources.values()), tuple(claims), folder, rates=rates)


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
    decimals: dict[str, Decimal | None] = field(default_factory=dict)
    rows_memo: dict[str, dict[tuple[str, ...], _Fields | Literal[False]]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    values: dict[tuple[str, ...], tuple[WrittenNumber, Decimal] | None] = field(default_factory=dict)
    reading_memo: dict[tuple[str, ...], Reading | None] = field(default_factory=dict)
    # One tuple per distinct primary reading, for the claims that have no other.
    alone: dict[tuple[str, ...], tuple[Reading, ...]] = field(default_factory=dict)
    # The period each phrase of relative time gives in each source ("over 30 years").
    phrases: dict[tuple[str, str], str] = field(default_factory=dict)

    # -- plumbing -----------------------------------------------------------------
    def problem(self, file: str, row: int | None, field_: str | None, value: str | None, expected: str) -> None:
        self.problems.append(Problem(file, row, field_, value, expected))

    def issues(self, file: str, row: int, issues: list[rules.Issue], value: str | None = None) -> None:
        """Report the issues of a rule at ``file``/``row`` (with the value as written, when given)."""
        for field_, shown, expected in issues:
            self.problem(file, row, field_, shown if value is None else value, expected)

    def tuples(self, name: str, columns: tuple[str, ...]) -> tuple[list[tuple[Any, ...] | Problem], list[Problem]]:
        """The rows of a table as tuples ``(row number, *fields in the order of columns)``, and late problems.

        The same table, rows and problems as :func:`table_rows`, read without a dict per
        row (a tuple of strings and an int holds no reference the garbage collector
        must follow). A row of the wrong length is given as its problem, in its place,
        so that the caller reports it in row order; a problem that stops the reading
        (text that is not UTF-8) is returned apart, to be reported after the rows read
        before it.
        """
        path = self.folder / name
        if not path.is_file():
            if name not in _OPTIONAL_FILES:
                self.unreadable.add(name)
                self.problem(name, None, None, None, f"the file {name} in {self.folder}")
            return [], []
        late: list[Problem] = []
        out: list[tuple[Any, ...] | Problem] = []
        try:
            with open(path, encoding="utf-8", newline="") as f:
                reader = csv.reader(f)
                header = next(reader, [])
                optional = OPTIONAL_COLUMNS.get(name, ())
                if not _header_fits(name, header, columns, self.problems, optional):
                    self.unreadable.add(name)
                    return [], []
                # As csv.DictReader: a repeated column name keeps its last field. A missing
                # optional column reads as an empty field, one past the row's end.
                width = len(header)
                where = {c: i for i, c in enumerate(header)}
                order = [where.get(c, width) for c in columns]
                in_order = order == list(range(len(header)))
                # The common case of an older folder: every column in order, optional ones left out at the end.
                tail = (
                    ("",) * (len(columns) - width)
                    if order == [*range(width), *[width] * (len(columns) - width)]
                    else None
                )
                n = 0
                for row in reader:
                    if not row:
                        continue  # csv.DictReader skips blank lines, and does not count them
                    n += 1
                    if len(row) != width:
                        extra = str(row[width:]) if len(row) > width else ""
                        out.append(Problem(name, n, None, extra, f"exactly {width} fields"))
                        continue
                    if in_order:
                        out.append((n, *row))
                    elif tail is not None:
                        out.append((n, *row, *tail))
                    else:
                        padded = [*row, ""]
                        out.append((n, *(padded[i] for i in order)))
        except UnicodeDecodeError as exc:
            late.append(Problem(name, None, None, None, f"UTF-8 text ({exc.reason} at byte {exc.start})"))
            self.unreadable.add(name)
        return out, late

    def period(self, raw: str) -> Period | str:
        """The period ``raw`` reads as (one object per distinct text), or what went wrong."""
        got = self.periods.get(raw)
        if got is None:
            try:
                got = Period.parse(raw)
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

    def decimal(self, raw: str) -> Decimal | None:
        if raw in self.decimals:
            return self.decimals[raw]
        try:
            got: Decimal | None = Decimal(raw)
        except (InvalidOperation, ValueError, ArithmeticError):
            got = None
        self.decimals[raw] = got
        return got

    # -- rates --------------------------------------------------------------------
    def rates(self) -> RateTable | None:
        """The folder's own exchange rates (``rates.csv``, optional) over the shipped table; ``None`` without.

        A month the folder gives replaces the shipped one: the folder's rates are
        the ones its figures were converted with (a national bank's, say).
        """
        from kzlt_trade.rates import RateTable

        path = self.folder / "rates.csv"
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
        for r, data in zip(read, contents, strict=True):
            if isinstance(r, Problem):
                self.problems.append(r)
                continue
            n, row = r[0], dict(zip(SOURCE_COLUMNS, r[1:], strict=True))
            before = len(self.problems)
            sid = row["id"]
            if not sid:
                self.problem(f, n, "id", sid, "a non-empty source id")
            elif sid in out:
                self.problem(f, n, "id", sid, "a source id used once (it repeats an earlier row)")
            self.issues(f, n, rules.language(row["language"]))
            publication = self.publication(f, n, row["published"])
            published = None if publication is None else publication.earliest
            event = (
                self.date(f, n, "event_date", row["event_date"], "a date YYYY-MM-DD or empty")
                if row["event_date"]
                else None
            )
            weight = self.weight(f, n, row["weight"])
            text = self.source_text(f, n, row, data)
            if len(self.problems) > before or published is None or weight is None or text is None:
                if sid and sid not in out:
                    self.invalid_sources.add(sid)
                continue
            out[sid] = Source(
                id=sid,
                title=row["title"],
                publisher=row["publisher"],
                language=cast("Language", row["language"]),
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
            return Published.parse(raw)
        except KzltTradeError:
            self.problem(f, n, "published", raw, "a date YYYY-MM-DD, or YYYY-MM or YYYY when only those are known")
            return None

    def placed(self, raw: str, source: Source | None) -> str:
        """A period as the grammar writes it: ``raw`` itself, or the window a phrase names in ``source``.

        "over 30 years", "since 2005", "за 30 лет" are placed relative to when the
        source came out (:func:`kzlt_trade.period.window_phrase`); text that is neither
        is returned as it is, for the period rules to report.
        """
        if not raw or source is None or isinstance(self.period(raw), Period):
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
        base = _same_period(period, row[8]) or self.placed(row[8], source)
        if period == row[7] and base == row[8]:
            return row
        return (*row[:7], period, base, *row[9:])

    def alternative_with_periods(self, r: Row, source: Source) -> Row:
        """A readings.csv row, its periods placed as :meth:`with_periods` places a claim's."""
        period = self.placed(r["period"], source)
        base = _same_period(period, r["base_period"]) or self.placed(r["base_period"], source)
        if period == r["period"] and base == r["base_period"]:
            return r
        return {**r, "period": period, "base_period": base}

    def date(self, f: str, n: int, name: str, raw: str, expected: str) -> date | None:
        try:
            return date.fromisoformat(raw)
        except ValueError:
            self.problem(f, n, name, raw, expected)
            return None

    def weight(self, f: str, n: int, raw: str) -> float | None:
        try:
            value = float(raw)
        except ValueError:
            value = float("nan")
        issues = rules.weight(value)
        self.issues(f, n, issues, raw)
        return None if issues else value

    def read_texts(self, files: list[str]) -> list[tuple[bytes, str] | None]:
        """The bytes and SHA-256 of each named source text (``None`` for a name that is no file).

        Two threads share the work: reading a file and hashing it release the GIL.
        """
        folder = str(self.folder / "sources")

        def read(names: list[str]) -> list[tuple[bytes, str] | None]:
            out: list[tuple[bytes, str] | None] = []
            for name in names:
                try:
                    with open(os.path.join(folder, name), "rb") as f:
                        data = f.read()
                except OSError:  # no such file, or a folder
                    out.append(None)
                    continue
                out.append((data, hashlib.sha256(data).hexdigest()) if name else None)
            return out

        if len(files) < 64:
            return read(files)
        size = -(-len(files) // _READERS)
        with ThreadPoolExecutor(_READERS) as pool:
            parts = pool.map(read, [files[i : i + size] for i in range(0, len(files), size)])
            return [data for part in parts for data in part]

    def source_text(self, f: str, n: int, row: Row, read: tuple[bytes, str] | None) -> str | None:
        if read is None:
            self.problem(f, n, "file", row["file"], f"the name of a file in {self.folder / 'sources'}")
            return None
        data, digest = read
        if digest != row["sha256"]:
            self.problem(
                f, n, "sha256", row["sha256"],
                f"the SHA-256 of sources/{row['file']}, which is {digest}: the text changed, or the hash is wrong",
            )  # fmt: skip
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            self.problem(f, n, "file", row["file"], "a UTF-8 text file")
            return None

    # -- claims -------------------------------------------------------------------
    def claims(self, sources: dict[str, Source]) -> list[Claim]:
        alternatives = self.alternative_readings()
        out: list[Claim] = []
        part_of: list[tuple[int, str, str]] = []
        f = "claims.csv"
        rows, late = self.tuples(f, CLAIM_COLUMNS)
        known = {row[1] for row in rows if not isinstance(row, Problem)}
        # The ids seen in earlier rows matter only when an id repeats; a set of a million
        # ids kept through the loop would be one more thing for the garbage collector.
        repeats = len(known) != sum(1 for row in rows if not isinstance(row, Problem))
        seen: set[str] = set()
        none: list[tuple[int, Row]] = []
        # Taken from the end of a reversed list, each row is let go once its claim is built.
        rows.reverse()
        while rows:
            row = rows.pop()
            if isinstance(row, Problem):
                self.problems.append(row)
                continue
            n, cid = row[0], row[1]
            alts = alternatives.pop(cid, none)
            source = sources.get(row[2])
            if source is not None:
                row = self.with_periods(row, source)
                alts = [(k, self.alternative_with_periods(r, source)) for k, r in alts]
            claim = self.fast_claim(row, sources, alts) if cid and cid not in seen else None
            if claim is None:
                claim = self.claim(n, dict(zip(CLAIM_COLUMNS, row[1:], strict=True)), sources, alts, seen)
            if repeats:
                seen.add(cid)
            if row[18]:
                part_of.append((n, cid, row[18]))
            if claim is not None:
                out.append(claim)
        self.problems.extend(late)
        for n, _, whole in part_of:
            if whole not in known:
                self.problem(f, n, "part_of", whole, "the id of another claim in claims.csv, or empty")
        for claim_id, readings in alternatives.items():
            if f in self.unreadable:
                break  # the claims were not read, so no reference to them can be checked
            for n, _ in readings:
                self.problem("readings.csv", n, "claim", claim_id, "the id of a claim in claims.csv")
        return out

    def fast_claim(
        self, row: tuple[Any, ...], sources: dict[str, Source], alternatives: list[tuple[int, Row]]
    ) -> Claim | None:
        """The claim of a row whose every field passes, built at once; ``None`` when anything fails.

        Each rule runs once per distinct value or combination (memoised for this
        load); a row that fails anything is left to :meth:`claim`, which reports it.
        """
        _, cid, sid = row[:3]
        quote, start, end, part_of, note, reporter = row[15:21]
        source = sources.get(sid)
        if source is None:
            return None
        # The fields from partner to hedge decide everything but the id, the source and the
        # quote: one look-up per row, the rules once per distinct combination.
        memo = self.rows_memo.get(source.language)
        if memo is None:
            memo = self.rows_memo[source.language] = {}
        static = row[3:15]
        got = memo.get(static)
        if got is None:
            got = memo[static] = self.checked_fields(static, source.language)
        if got is False or not (start.isdecimal() and end.isdecimal()):
            return None
        # The claim takes the strings of the first row with these fields, not its own row's:
        # repeated values are one object each, not one per row, and the row can go.
        written, number, readings, (partner, indicator, flow, scope, *_, text, _, unit, hedge) = got
        i, j = int(start), int(end)
        if self.texts[sid][i:j] != quote or rules.offsets(i, j, quote) or text not in quote:
            return None
        if rules.reporter(reporter, partner):
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
        if (
            rules.partner(partner)
            or rules.indicator(indicator, flow, scope)
            or rules.hedge(hedge)
            or rules.form(form)
            or rules.unit(unit, indicator, form)
        ):
            return False
        number = self.checked_value(text, lang, value, indicator, form)
        primary = self.checked_reading(name, form, period, base, "")
        if number is None or primary is None:
            return False
        return number[0], number[1], self.alone[name, form, period, base, "", ""], fields

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
            and value is not None
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
        value = self.decimal(row["value"])
        if value is None:
            self.problem(f, n, "value", row["value"], "a decimal number")
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
        try:
            if raw.isdigit():
                return int(raw)
        except ValueError:
            pass
        self.problem(f, n, name, raw, _OFFSET)
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
            if isinstance(row, Problem):
                self.problems.append(row)
                continue
            out.setdefault(row[1], []).append((row[0], dict(zip(READING_COLUMNS, row[1:], strict=True))))
        self.problems.extend(late)
        return out


# Text with a word in it (three letters or more) may have been meant as a phrase of time.
_WORDY = re.compile(r"[^\W\d_]{3,}")

#: What a base period may say for "the same period a year before" (the months of the period).
SAME_PERIOD = ("same period", "the same period", "аналогичный период", "same period last year")


def _same_period(period: str, base: str) -> str:
    """The months of ``period`` a year before, when ``base`` says "the same period"; ``""`` otherwise.

    >>> _same_period("2022-01..2022-04", "same period"), _same_period("2022-part", "аналогичный период")
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


def _header_fits(
    name: str, header: list[str], columns: tuple[str, ...], problems: list[Problem], optional: tuple[str, ...] = ()
) -> bool:
    """Report the missing (other than ``optional``) and the unknown columns of a table; whether there were none."""
    missing = [c for c in columns if c not in header and c not in optional]
    for c in missing:
        problems.append(Problem(name, None, c, None, f"a column named {c!r} (columns: {', '.join(columns)})"))
    unknown = [c for c in header if c not in columns]
    for c in unknown:
        problems.append(Problem(name, None, c, c, f"only the columns {', '.join(columns)}"))
    return not (missing or unknown)


def table_rows(
    path: Path, name: str, columns: tuple[str, ...], problems: list[Problem]
) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a CSV file that must have exactly ``columns``, as (row number, row), read lazily.

    Every problem is appended to ``problems`` as it is met, so the caller's own
    problems with each row stay in file order. A missing or unknown column, or
    text that is not UTF-8, stops the reading (those problems have no row
    number); a row with too many or too few fields is reported and skipped.
    """
    try:
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            header = list(reader.fieldnames or [])
            if not _header_fits(name, header, columns, problems):
                return
            for n, row in enumerate(reader, start=1):
                if None in row or any(v is None for v in row.values()):
                    problems.append(Problem(name, n, None, str(row.get(None, "")), f"exactly {len(columns)} fields"))
                    continue
                yield n, row
    except UnicodeDecodeError as exc:
        problems.append(Problem(name, None, None, None, f"UTF-8 text ({exc.reason} at byte {exc.start})"))

"""Load a data folder, validate every row, verify provenance.

A data folder holds ``sources.csv``, ``claims.csv``, optionally
``readings.csv`` (the alternative readings of ambiguous claims), and the
source texts under ``sources/``. :func:`load` reads them as plain strings (no
type guessing), checks every field of every row, checks that each stored text
still has its recorded SHA-256 and that each quote stands in its text at its
offsets, and only then builds the typed records. Every problem in the folder
is collected and raised together in one :class:`~kzlt_trade.errors.DataFileError`.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from kzlt_trade.errors import DataFileError, KzltTradeError, Problem
from kzlt_trade.model import INDICATORS, PARTNERS, SCOPES, Claim, Reading, Source
from kzlt_trade.period import Period
from kzlt_trade.reading import FORMS, HEDGES, read_number
from kzlt_trade.units import check_unit

if TYPE_CHECKING:
    from kzlt_trade.dataset import Dataset

__all__ = ["CLAIM_COLUMNS", "READING_COLUMNS", "SOURCE_COLUMNS", "bundled_data_path", "load", "table_rows"]

#: Columns of ``sources.csv``, in order.
SOURCE_COLUMNS = (
    "id", "title", "publisher", "language", "published", "published_basis",
    "event_date", "file", "sha256", "url", "weight", "note",
)  # fmt: skip
#: Columns of ``claims.csv``, in order.
CLAIM_COLUMNS = (
    "id", "source", "partner", "indicator", "flow", "scope", "period", "base_period", "form",
    "reading", "text", "value", "unit", "hedge", "quote", "start", "end", "part_of", "note",
)  # fmt: skip
#: Columns of ``readings.csv``, in order.
READING_COLUMNS = ("claim", "reading", "form", "period", "base_period", "rationale")

_OPTIONAL_FILES = ("readings.csv",)
T = TypeVar("T")


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

    folder = bundled_data_path() if path is None else Path(path)
    if not folder.is_dir():
        raise DataFileError(
            [Problem(str(folder), None, None, None, "a folder holding sources.csv, claims.csv and sources/")],
        )
    checker = _Checker(folder)
    sources = checker.sources()
    claims = checker.claims(sources)
    if checker.problems:
        raise DataFileError(checker.problems, folder=str(folder))
    return Dataset(tuple(sources.values()), tuple(claims), folder)


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

    # -- plumbing -----------------------------------------------------------------
    def problem(self, file: str, row: int | None, field_: str | None, value: str | None, expected: str) -> None:
        self.problems.append(Problem(file, row, field_, value, expected))

    def rows(self, name: str, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
        path = self.folder / name
        if not path.is_file():
            if name not in _OPTIONAL_FILES:
                self.unreadable.add(name)
                self.problem(name, None, None, None, f"the file {name} in {self.folder}")
            return
        start = len(self.problems)
        yield from table_rows(path, name, columns, self.problems)
        if any(p.row is None for p in self.problems[start:]):
            self.unreadable.add(name)

    def parse(self, file: str, n: int, name: str, raw: str, fn: Callable[[str], T], expected: str) -> T | None:
        try:
            return fn(raw)
        except (KzltTradeError, ValueError, ArithmeticError) as exc:
            detail = f" ({exc})" if isinstance(exc, KzltTradeError) else ""
            self.problem(file, n, name, raw, expected + detail)
            return None

    # -- sources ------------------------------------------------------------------
    def sources(self) -> dict[str, Source]:
        out: dict[str, Source] = {}
        f = "sources.csv"
        for n, row in self.rows(f, SOURCE_COLUMNS):
            before = len(self.problems)
            sid = row["id"]
            if not sid:
                self.problem(f, n, "id", sid, "a non-empty source id")
            elif sid in out:
                self.problem(f, n, "id", sid, "a source id used once (it repeats an earlier row)")
            if row["language"] not in ("en", "ru"):
                self.problem(f, n, "language", row["language"], "'en' or 'ru'")
            published = self.parse(f, n, "published", row["published"], date.fromisoformat, "a date YYYY-MM-DD")
            event = (
                self.parse(f, n, "event_date", row["event_date"], date.fromisoformat, "a date YYYY-MM-DD or empty")
                if row["event_date"]
                else None
            )
            weight = self.parse(f, n, "weight", row["weight"], _positive_float, "a positive number")
            text = self.source_text(f, n, row)
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
            )
            self.texts[sid] = text
        return out

    def source_text(self, f: str, n: int, row: dict[str, str]) -> str | None:
        path = self.folder / "sources" / row["file"]
        if not row["file"] or not path.is_file():
            self.problem(f, n, "file", row["file"], f"the name of a file in {self.folder / 'sources'}")
            return None
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
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
        seen: set[str] = set()
        part_of: list[tuple[int, str, str]] = []
        f = "claims.csv"
        for n, row in self.rows(f, CLAIM_COLUMNS):
            claim = self.claim(n, row, sources, alternatives.pop(row["id"], []), seen)
            seen.add(row["id"])
            if row["part_of"]:
                part_of.append((n, row["id"], row["part_of"]))
            if claim is not None:
                out.append(claim)
        for n, _, whole in part_of:
            if whole not in seen:
                self.problem(f, n, "part_of", whole, "the id of another claim in claims.csv, or empty")
        for claim_id, readings in alternatives.items():
            if f in self.unreadable:
                break  # the claims were not read, so no reference to them can be checked
            for n, _ in readings:
                self.problem("readings.csv", n, "claim", claim_id, "the id of a claim in claims.csv")
        return out

    def claim(
        self,
        n: int,
        row: dict[str, str],
        sources: dict[str, Source],
        alternatives: list[tuple[int, dict[str, str]]],
        seen: set[str],
    ) -> Claim | None:
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
        if row["partner"] not in PARTNERS:
            self.problem(f, n, "partner", row["partner"], "a partner code: " + ", ".join(PARTNERS))
        info = INDICATORS.get(row["indicator"])
        if info is None:
            self.problem(f, n, "indicator", row["indicator"], "an indicator: " + ", ".join(INDICATORS))
        elif row["flow"] not in info.flows:
            self.problem(f, n, "flow", row["flow"], f"for {row['indicator']}, one of: {', '.join(info.flows)}")
        if row["scope"] not in SCOPES:
            self.problem(f, n, "scope", row["scope"], "a scope: " + ", ".join(s for s in SCOPES if s) + ", or empty")
        elif info is not None and info.needs_scope != bool(row["scope"]):
            need = "a scope (what is ranked, shared or counted)" if info.needs_scope else "an empty scope"
            self.problem(f, n, "scope", row["scope"], f"{need} for {row['indicator']}")
        if row["hedge"] not in HEDGES:
            self.problem(f, n, "hedge", row["hedge"], "a hedge: " + ", ".join(HEDGES))
        # Without its source the language of the text is unknown, so the text is not read.
        number = (
            None
            if source is None
            else self.parse(
                f, n, "text", row["text"], lambda t: read_number(t, source.language),
                f"a number as written in {source.language}",
            )
        )  # fmt: skip
        value = self.parse(f, n, "value", row["value"], Decimal, "a decimal number")
        if number is not None and value is not None and number.value != value:
            self.problem(f, n, "value", row["value"], f"the value of the text {row['text']!r}, {number.value}")
        primary = self.reading(f, n, row, name=row["reading"])
        if info is not None and row["form"] in FORMS:
            self.unit_and_range(f, n, row, info.dimension, row["form"], value)
        start = self.parse(f, n, "start", row["start"], _offset, "a character offset (whole number >= 0)")
        end = self.parse(f, n, "end", row["end"], _offset, "a character offset (whole number >= 0)")
        if source is not None and start is not None and end is not None:
            self.quote(f, n, row, source, start, end)
        if number is not None and row["text"] not in row["quote"]:
            self.problem(f, n, "text", row["text"], "the number exactly as it stands in the quote")
        readings = [primary] + [
            self.reading("readings.csv", rn, rrow, name=rrow["reading"]) for rn, rrow in alternatives
        ]
        names = [r.name for r in readings if r is not None]
        if len(set(names)) != len(names):
            self.problem(
                "readings.csv", alternatives[0][0], "reading", ", ".join(names), "reading names unique per claim"
            )
        if len(self.problems) > before or source is None or value is None or start is None or end is None:
            return None
        return Claim(
            id=cid,
            source=source.id,
            partner=row["partner"],
            indicator=row["indicator"],
            flow=row["flow"],  # type: ignore[arg-type]
            scope=row["scope"],
            text=row["text"],
            value=value,
            unit=row["unit"],
            hedge=row["hedge"],  # type: ignore[arg-type]
            quote=row["quote"],
            start=start,
            end=end,
            readings=tuple(r for r in readings if r is not None),
            part_of=row["part_of"],
            note=row["note"],
            language=source.language,
        )

    def reading(self, f: str, n: int, row: dict[str, str], *, name: str) -> Reading | None:
        before = len(self.problems)
        if not name:
            self.problem(f, n, "reading", name, "a name for the reading, e.g. 'stated'")
        if row["form"] not in FORMS:
            self.problem(f, n, "form", row["form"], "a form: " + ", ".join(FORMS))
        period = self.parse(f, n, "period", row["period"], Period.parse, "a period")
        base = (
            self.parse(f, n, "base_period", row["base_period"], Period.parse, "a period or empty")
            if row["base_period"]
            else None
        )
        if row["form"] in FORMS and (row["form"] != "level") != bool(row["base_period"]):
            need = "a base period" if row["form"] != "level" else "an empty base period"
            self.problem(f, n, "base_period", row["base_period"], f"{need} for the form {row['form']!r}")
        if period is not None and base is not None and not base.end < period.start:
            self.problem(f, n, "base_period", row["base_period"], f"a base period that ends before {period} starts")
        if len(self.problems) > before or period is None:
            return None
        return Reading(name, row["form"], period, base, row.get("rationale", ""))  # type: ignore[arg-type]

    def unit_and_range(
        self, f: str, n: int, row: dict[str, str], dimension: str, form: str, value: Decimal | None
    ) -> None:
        # Decided by the form, not by the built Reading, so that a bad period in the
        # same row does not hide a bad unit. A growth claim is written in percent or
        # "times", whatever the indicator measures.
        target = "ratio" if form not in ("level", "change") else dimension
        try:
            check_unit(row["unit"], target)  # type: ignore[arg-type]
        except KzltTradeError as exc:
            self.problem(f, n, "unit", row["unit"], f"a unit for {row['indicator']} ({exc.expected})")  # type: ignore[attr-defined]
        if value is None:
            return
        if form == "level" and value < 0:
            self.problem(f, n, "value", row["value"], f"a {row['indicator']} that is not negative")
        if row["indicator"] == "share" and value > 100:
            self.problem(f, n, "value", row["value"], "a share of at most 100 percent")
        if row["indicator"] == "rank" and value < 1:
            self.problem(f, n, "value", row["value"], "a rank of 1 or more")

    def quote(self, f: str, n: int, row: dict[str, str], source: Source, start: int, end: int) -> None:
        text = self.texts[source.id]
        found = text[start:end]
        if found == row["quote"]:
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

    def alternative_readings(self) -> dict[str, list[tuple[int, dict[str, str]]]]:
        out: dict[str, list[tuple[int, dict[str, str]]]] = {}
        for n, row in self.rows("readings.csv", READING_COLUMNS):
            out.setdefault(row["claim"], []).append((n, row))
        return out


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
            header = reader.fieldnames or []
            missing = [c for c in columns if c not in header]
            for c in missing:
                problems.append(Problem(name, None, c, None, f"a column named {c!r} (columns: {', '.join(columns)})"))
            unknown = [c for c in header if c not in columns]
            for c in unknown:
                problems.append(Problem(name, None, c, c, f"only the columns {', '.join(columns)}"))
            if missing or unknown:
                return
            for n, row in enumerate(reader, start=1):
                if None in row or any(v is None for v in row.values()):
                    problems.append(Problem(name, n, None, str(row.get(None, "")), f"exactly {len(columns)} fields"))
                    continue
                yield n, row
    except UnicodeDecodeError as exc:
        problems.append(Problem(name, None, None, None, f"UTF-8 text ({exc.reason} at byte {exc.start})"))


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0 or value == float("inf"):
        raise ValueError(text)
    return value


def _offset(text: str) -> int:
    if not text.isdigit():
        raise ValueError(text)
    return int(text)


if TYPE_CHECKING:
    from kzlt_trade.reading import Language

"""A new release against everything known: check it without writing, or add it to a data folder.

:func:`check_release` finds the figures of a text (:func:`kzlt_trade.extract`),
drafts a claim for each (:func:`kzlt_trade.drafts.draft_claims`), and checks the
drafts together with a data folder's claims, writing nothing: the result says,
figure by figure, what agrees, what contradicts (with the arithmetic) and what
is new. :func:`add_release` writes the text and its drafted claims into a
folder, atomically: the folder is copied, changed and loaded in full first, and
nothing at all is written unless the copy loads.

A draft whose partner, indicator or period the text does not say is not a claim
yet: both functions list it, with what is missing, and never file it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kzlt_trade.errors import KzltTradeError, UsageError
from kzlt_trade.vocabulary import expect

if TYPE_CHECKING:
    from kzlt_trade.dataset import Dataset
    from kzlt_trade.drafts import ClaimDraft
    from kzlt_trade.model import Claim, Source
    from kzlt_trade.results import Finding, Report

__all__ = ["AddedRelease", "FigureVerdict", "ReleaseCheck", "add_release", "check_release"]

#: The source id of a text checked without a folder entry (:func:`check_release`).
NEW = "new-release"


@dataclass(frozen=True)
class FigureVerdict:
    """What the known figures say of one figure of the release."""

    #: The drafted claim.
    claim: Claim
    #: ``contradicts``, ``tension``, ``agrees`` (a relation with known figures holds) or ``new``.
    verdict: str
    #: The findings naming it.
    findings: tuple[Finding, ...] = ()
    #: The known claims it was compared with.
    compared_with: tuple[str, ...] = ()

    def __str__(self) -> str:
        c = self.claim
        head = f"{c.text} {c.unit} — {c.partner} {c.indicator} {c.period}: {self.verdict}"
        if self.compared_with:
            head += f" (with {', '.join(self.compared_with)})"
        return "\n".join([head, *(f"    {f.arithmetic}" for f in self.findings)])


@dataclass(frozen=True)
class ReleaseCheck:
    """A release's figures checked against a data folder (see :func:`check_release`)."""

    #: Each filed figure, with what the known figures say of it.
    figures: tuple[FigureVerdict, ...]
    #: The drafts that could not be filed, each with what the text does not say.
    incomplete: tuple[tuple[ClaimDraft, tuple[str, ...]], ...]
    #: The check of the folder's claims and the release's together.
    report: Report = field(repr=False)

    def __str__(self) -> str:
        counts = {v: sum(f.verdict == v for f in self.figures) for v in ("contradicts", "tension", "agrees", "new")}
        lines = [
            f"{len(self.figures)} figures filed: " + ", ".join(f"{n} {v}" for v, n in counts.items())
            + (f"; {len(self.incomplete)} not filed" if self.incomplete else "")
        ]  # fmt: skip
        lines += [str(f) for f in self.figures]
        lines += [f"not filed: {d.mention.text!r} ({', '.join(m)} not stated)" for d, m in self.incomplete]
        return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class AddedRelease:
    """What :func:`add_release` wrote (or, with ``dry_run``, would write)."""

    #: The source row added.
    source: dict[str, str]
    #: The claims rows added.
    claims: tuple[dict[str, str], ...]
    #: The drafts not filed, each with what the text does not say.
    incomplete: tuple[tuple[ClaimDraft, tuple[str, ...]], ...]
    #: Whether anything was written.
    written: bool

    def __str__(self) -> str:
        verb = "added" if self.written else "would add"
        lines = [f"{verb} source {self.source['id']} ({self.source['file']}) and {len(self.claims)} draft claims"]
        lines += [f"  {r['id']}: {r['text']} {r['unit']} — {r['partner']} {r['indicator']} {r['period']}"
                  for r in self.claims]  # fmt: skip
        lines += [f"  not filed: {d.mention.text!r} ({', '.join(m)} not stated)" for d, m in self.incomplete]
        return "\n".join(lines) + "\n"


def check_release(
    text: str,
    data: Dataset | str | os.PathLike[str] | None = None,
    *,
    lang: str | None = None,
    published: date | None = None,
) -> ReleaseCheck:
    """Check the figures of ``text`` against the claims of ``data`` (a Dataset, a folder, or the bundled data).

    Nothing is written. Each figure the drafts can file is checked with every
    known claim; its verdict is ``contradicts`` or ``tension`` when a finding names
    it, ``agrees`` when a relation with known figures holds, and ``new`` when no
    known figure bears on it.
    """
    from kzlt_trade.checker import check
    from kzlt_trade.dataset import Dataset
    from kzlt_trade.io import load

    expect("text", text, str, "the text of a release, a str")
    ds = data if isinstance(data, Dataset) else load(None if data is None else Path(data))
    source = _source(NEW, text, lang, published or date.today(), "the release checked", "")
    claims, incomplete, _ = _drafts(source, text, lang, published)
    known = {c.id for c in ds}
    report = check(ds | Dataset((source,), tuple(claims)))
    # A finding the known figures give already (a contradiction among them that the new
    # figure joins, being the same quantity as one of them) is not the new figure's doing.
    before = {(f.kind, f.relation, frozenset(f.claims)) for f in check(ds)}
    figures = []
    relations = report.relations
    for c in claims:
        mine = tuple(
            f for f in report
            if c.id in f.claims and (f.kind, f.relation, frozenset(f.claims) - {c.id}) not in before
        )  # fmt: skip
        named = relations[relations["claims"].str.split(", ").map(lambda ids, cid=c.id: cid in ids)]
        others = sorted({x for ids in named["claims"] for x in ids.split(", ")} & known)
        kinds = {f.kind for f in mine}
        if "contradiction" in kinds:
            verdict = "contradicts"
        elif "tension" in kinds:
            verdict = "tension"
        else:
            verdict = "agrees" if others else "new"
        figures.append(FigureVerdict(c, verdict, mine, tuple(others)))
    return ReleaseCheck(tuple(figures), tuple(incomplete), report)


def add_release(
    folder: str | os.PathLike[str],
    file: str | os.PathLike[str],
    *,
    publisher: str,
    published: date,
    title: str = "",
    url: str = "",
    language: str | None = None,
    source_id: str | None = None,
    dry_run: bool = False,
) -> AddedRelease:
    """Add the release in ``file`` to the data folder ``folder``, with a drafted claim for each figure it files.

    The text is copied into ``sources/`` (named by its SHA-256, as the bundled
    texts are), a ``sources.csv`` row and the drafted ``claims.csv`` rows are
    appended (each claim's note says what was guessed from which words, for
    review), and the whole folder is loaded. All of it happens on a copy first:
    the folder is changed only if the copy loads, and not at all with
    ``dry_run``.

    Raises
    ------
    UsageError
        For a file that is not UTF-8 text, or a text the folder holds already.
    DataFileError
        When the folder does not load, before or after the addition (then
        nothing is written).
    """
    from kzlt_trade.io import SOURCE_COLUMNS, load

    expect("folder", folder, (str, os.PathLike), "the path of a data folder")
    expect("file", file, (str, os.PathLike), "the path of a text file")
    target, path = Path(folder), Path(file)
    expect("published", published, date, "the release's date, a datetime.date")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError("file", str(path), f"UTF-8 text ({exc.reason} at byte {exc.start})") from None
    ds = load(target)
    digest = hashlib.sha256(data).hexdigest()
    for s in ds.source_records:
        if s.sha256 == digest:
            raise UsageError("file", str(path), f"a text the folder does not hold yet (it is source {s.id!r})")
    sid = source_id or f"{_slug(publisher)}-{published.isoformat()}"
    if sid in {s.id for s in ds.source_records}:
        raise UsageError("source_id", sid, "a source id the folder does not use yet (give one with --id)")
    name = f"{len(ds.source_records):03d}_{digest[:16]}.txt"
    source = _source(sid, text, language, published, title or f"Release of {published.isoformat()}", publisher)
    _, incomplete, drafts = _drafts(source, text, language, published)
    rows = tuple(d.row(sid) for d in drafts)
    row = dict.fromkeys(SOURCE_COLUMNS, "") | {
        "id": sid, "title": source.title, "publisher": publisher, "language": source.language,
        "published": published.isoformat(), "published_basis": "given when the release was added",
        "file": name, "sha256": digest, "url": url, "weight": "1", "note": "added by kzlt-trade add; claims are drafts",
    }  # fmt: skip
    with tempfile.TemporaryDirectory(prefix=".adding-", dir=target.parent) as tmp:
        copy = Path(tmp) / target.name
        shutil.copytree(target, copy, symlinks=True)
        (copy / "sources" / name).write_bytes(data)
        _append(copy / "sources.csv", [row])
        _append(copy / "claims.csv", list(rows))
        load(copy)  # the whole folder, with the release: a DataFileError leaves the folder as it was
        if not dry_run:
            shutil.copyfile(copy / "sources" / name, target / "sources" / name)
            for table in ("sources.csv", "claims.csv"):
                os.replace(copy / table, target / table)
    return AddedRelease(row, rows, tuple(incomplete), written=not dry_run)


# -- helpers ------------------------------------------------------------------------------


def _source(sid: str, text: str, lang: str | None, published: date, title: str, publisher: str) -> Source:
    from kzlt_trade.mentions import detect_language
    from kzlt_trade.model import Source

    language = lang or detect_language(text)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Source(
        id=sid, title=title, publisher=publisher or "unknown", language=language,  # type: ignore[arg-type]
        published=published, published_basis="given", event_date=None, file=f"{sid}.txt", sha256=digest,
    )  # fmt: skip


def _drafts(
    source: Source, text: str, lang: str | None, published: date | None
) -> tuple[list[Claim], list[tuple[ClaimDraft, tuple[str, ...]]], list[ClaimDraft]]:
    """The complete drafts as claims of ``source``, the incomplete ones with what they miss, and the complete ones."""
    from kzlt_trade.drafts import draft_claims

    claims, incomplete, complete = [], [], []
    for d in draft_claims(text, lang=lang or source.language, published=published):
        missing = d.missing()
        if missing:
            incomplete.append((d, missing))
            continue
        try:
            claims.append(_claim_of(d, source))
        except KzltTradeError as exc:
            incomplete.append((d, (f"a claim the library accepts ({exc})",)))
            continue
        complete.append(d)
    return claims, incomplete, complete


def _claim_of(d: ClaimDraft, source: Source) -> Claim:
    """The claim a complete draft files, in memory: its periods placed as the loader places them."""
    from decimal import Decimal

    from kzlt_trade.io import same_period
    from kzlt_trade.model import Claim, Reading
    from kzlt_trade.period import Period, window_phrase

    row = d.row(source.id)

    def period(text: str) -> Period:
        try:
            return Period.parse(text)
        except KzltTradeError:
            return window_phrase(text, source.publication, source.language)

    main = period(row["period"])
    base_text = same_period(str(main), row["base_period"]) or row["base_period"]
    base = period(base_text) if base_text else None
    readings = [Reading("stated", row["form"], main, base)]  # type: ignore[arg-type]
    readings += [Reading(form, form, main, base) for form in d.alternatives]  # type: ignore[arg-type]
    return Claim(
        id=row["id"], source=source.id, partner=row["partner"], indicator=row["indicator"],
        flow=row["flow"], scope=row["scope"], text=row["text"], value=Decimal(row["value"]),  # type: ignore[arg-type]
        unit=row["unit"], hedge=row["hedge"], quote=row["quote"], start=int(row["start"]),  # type: ignore[arg-type]
        end=int(row["end"]), readings=tuple(readings), note=row["note"], language=source.language,
        reporter=row["reporter"] or "KZ",
    )  # fmt: skip


def _append(path: Path, rows: list[dict[str, str]]) -> None:
    """Append ``rows`` to a CSV file, in the columns of its own header (a column it lacks is left out)."""
    if not rows:
        return
    raw = path.read_text(encoding="utf-8-sig")
    header = next(csv.reader(io.StringIO(raw)))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    writer.writerows(rows)
    with open(path, "a", encoding="utf-8", newline="") as f:
        if raw and not raw.endswith("\n"):
            f.write("\n")
        f.write(out.getvalue())


def _slug(text: str) -> str:
    """A source-id slug of a publisher's name: ``"Kazinform News Agency"`` -> ``kazinform-news-agency``."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:40].strip("-") or "release"

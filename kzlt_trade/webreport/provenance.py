"""The provenance appendix: each source document, and each official data file with its hash."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kzlt_trade.webreport.text import source_anchor, web_address

if TYPE_CHECKING:
    from kzlt_trade.dataset import Dataset
    from kzlt_trade.model import Source

__all__ = ["OfficialFile", "OfficialFiles", "SourceView", "official_files_context", "sources_context"]


# -- the provenance appendix --------------------------------------------------------------


@dataclass(frozen=True)
class SourceView:
    """One source document and where it came from."""

    id: str
    anchor: str
    publisher: str
    title: str
    published: str
    basis: str
    url: str
    #: ``url`` when it is an http(s) address, the only kind the page links to; ``""`` otherwise.
    href: str
    file: str
    sha256: str
    language: str
    claims: int
    note: str


def sources_context(ds: Dataset) -> tuple[SourceView, ...]:
    """Every source of the dataset, in its order, with the number of claims quoted from it."""
    counts: dict[str, int] = {}
    for c in ds:
        counts[c.source] = counts.get(c.source, 0) + 1
    return tuple(_source_view(s, counts.get(s.id, 0)) for s in ds.source_records)


def _source_view(s: Source, claims: int) -> SourceView:
    return SourceView(
        id=s.id, anchor=source_anchor(s.id), publisher=s.publisher, title=s.title, published=str(s.publication),
        basis=s.published_basis, url=s.url, href=web_address(s.url), file=s.file, sha256=s.sha256,
        language=s.language, claims=claims, note=s.note,
    )  # fmt: skip


@dataclass(frozen=True)
class OfficialFile:
    """One data file of the official statistics, as its data package describes it."""

    path: str
    title: str
    bytes: str
    declared_sha256: str
    sha256: str
    matches: bool


@dataclass(frozen=True)
class OfficialFiles:
    """The official statistics' data package: what it is, its files, the workbooks they come from."""

    package: str
    title: str
    description: str
    files: tuple[OfficialFile, ...]
    sources: tuple[str, ...]


def official_files_context(datapackage: Path) -> OfficialFiles:
    """The files a ``datapackage.json`` names, each with its SHA-256 as declared and as measured now.

    >>> from kzlt_trade.io import bundled_data_path
    >>> files = official_files_context(bundled_data_path() / "official" / "datapackage.json")
    >>> "bns_trade_by_partner.csv" in [f.path for f in files.files], all(f.matches for f in files.files)
    (True, True)
    """
    from kzlt_trade.errors import DataFileError, Problem

    if not datapackage.exists():
        return OfficialFiles(
            "", "", f"{datapackage.parent} has no {datapackage.name}: its files are not described.", (), ()
        )
    try:
        package = json.loads(datapackage.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        problem = Problem(datapackage.name, None, None, None, f"a readable JSON data package ({exc})")
        raise DataFileError([problem], folder=str(datapackage.parent)) from exc
    files = []
    for resource in package.get("resources", []):
        path = datapackage.parent / str(resource.get("path", ""))
        declared = str(resource.get("hash", "")).removeprefix("sha256:")
        try:
            measured = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as exc:
            measured = f"not readable: {exc.strerror or exc}"
        files.append(
            OfficialFile(
                path=str(resource.get("path", "")),
                title=str(resource.get("title", "")),
                bytes=str(resource.get("bytes", "")),
                declared_sha256=declared,
                sha256=measured,
                matches=declared == measured,
            )
        )
    return OfficialFiles(
        package=str(package.get("name", "")),
        title=str(package.get("title", "")),
        description=str(package.get("description", "")),
        files=tuple(files),
        sources=tuple(str(s.get("title", "")) for s in package.get("sources", [])),
    )

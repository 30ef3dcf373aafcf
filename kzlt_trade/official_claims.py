"""Official figures as claims: what the statistical offices say, seen by every tool.

The figures of a statistical office's table become :class:`~kzlt_trade.model.Claim`
records of their own source kind (``official``), so that :func:`kzlt_trade.check`,
:func:`kzlt_trade.reconcile`, the charts and the pytest plugin see them beside
the press figures:

* each **edition** of the Bureau of National Statistics' workbook «Основные
  показатели внешней торговли (по странам)» is one :class:`~kzlt_trade.model.Source`
  (``bns-2023`` for the edition covering 2023), of kind ``official``, with the
  dataset, the edition and the publication date (or, where the workbook states
  none, the year it came out in);
* each (partner, year, indicator) cell is one claim, its text the cell's value
  exactly as stored (thousand US dollars), its quote the row of the shipped CSV
  ``official/bns_trade_by_partner.csv`` that holds it, at its character offsets
  in that file (so the quote is verified like a press quote), and its note the
  workbook, sheet and row;
* only the **latest revision** of a figure is a claim the tools analyse; an earlier
  one that differs is kept in :attr:`OfficialClaims.revised` (and
  :attr:`kzlt_trade.Dataset.revised`), so that a press figure matching it is
  reported as *preliminary* rather than as a contradiction;
* the EU block is the partner ``EU`` where its coverage is the Union's membership
  of the year (28 members up to 2019, 27 from 2020) and ``EU28`` where the workbook
  still counts the United Kingdom after it left (the 2020–2022 sheets): the break
  is explicit, and a press figure for "the EU" in 2022 is a figure for a narrower
  group than the office's.

>>> oc = official_claims()
>>> c = next(c for c in oc.claims if c.id == "bns-2023/LT-turnover-2023")
>>> c.text, c.unit, str(c.period), c.partner
('223633.89813', 'thousand USD', '2023', 'LT')
>>> str(c.interval())
'[223.6338981, 223.6338981]'
>>> sorted({c.partner for c in oc.claims if c.source.startswith("bns-")})
['EE', 'EU', 'EU28', 'LT', 'RO']
>>> c = next(c for c in oc.claims if c.id == "comext-2024-11-17/LT-exports-to-KZ-2021")
>>> c.partner, c.reporter, c.indicator, c.text, c.unit
('LT', 'LT', 'imports', '356421737', 'EUR')
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from kzlt_trade.model import Claim, Reading, Source
from kzlt_trade.period import Period

if TYPE_CHECKING:
    from kzlt_trade.bns import _Row as OfficialRow
    from kzlt_trade.comext import ComextYear

__all__ = ["BNS_FILE", "BNS_PUBLISHER", "COMEXT_PUBLISHER", "OFFICIAL_WEIGHT", "OfficialClaims", "official_claims"]

#: The weight of an official source in reconciliation (a press release weighs 1): when
#: figures cannot all be true, the reconciler rejects press figures before official
#: ones. ``kzlt_trade.reconcile(official_weight=...)`` changes it for one analysis.
OFFICIAL_WEIGHT = 10.0

#: Who publishes the workbooks.
BNS_PUBLISHER = (
    "Bureau of National Statistics of the Agency for Strategic Planning and Reforms of the Republic of Kazakhstan"
)
_BNS_DATASET = "Основные показатели внешней торговли (по странам)"
#: The official file, within a data folder.
BNS_FILE = "official/bns_trade_by_partner.csv"
_INDICATORS = {"turnover": "both", "exports": "export", "imports": "import"}
_WORKBOOK_SHA = re.compile(r"file (?P<name>.+?) \(sha256 (?P<sha>[0-9a-f]{64})\)")


@dataclass(frozen=True)
class OfficialClaims:
    """The official sources, the claims the tools analyse, and the revisions they replaced."""

    #: One source per edition of each official table.
    sources: tuple[Source, ...]
    #: The latest revision of every official figure.
    claims: tuple[Claim, ...]
    #: For a claim whose figure an earlier edition gave otherwise: the earlier claims, oldest first.
    revised: Mapping[str, tuple[Claim, ...]]


def official_claims(folder: str | Path | None = None, *, partners: Iterable[str] | None = None) -> OfficialClaims:
    """The official figures of a data folder's ``official/`` (the bundled one when ``None``) as claims.

    Parameters
    ----------
    folder
        A data folder holding ``official/bns_trade_by_partner.csv``.
    partners
        Keep only these partners' figures (``None``: all). ``"EU"`` keeps the EU
        block whatever its coverage.

    Raises
    ------
    DataFileError
        For an official file that does not read (see :func:`kzlt_trade.load_official`).
    """
    from kzlt_trade.bns import read_official_rows
    from kzlt_trade.files import bundled_data_path

    root = bundled_data_path() if folder is None else Path(folder)
    file = root / BNS_FILE
    rows = read_official_rows(file)
    text = file.read_text(encoding="utf-8")
    lines = _line_offsets(text)
    digest = hashlib.sha256(file.read_bytes()).hexdigest()
    workbooks = _workbook_hashes(root / "official" / "datapackage.json")
    wanted = None if partners is None else set(partners)
    newest: dict[tuple[str, int], int] = {}
    for r in rows:
        newest[(r.partner, r.year)] = max(newest.get((r.partner, r.year), r.edition), r.edition)

    sources: dict[int, Source] = {}
    current: list[Claim] = []
    earlier: dict[tuple[str, str, int], list[Claim]] = {}
    latest_of: dict[tuple[str, str, int], Claim] = {}
    for n, row in enumerate(rows, start=1):
        if wanted is not None and row.partner not in wanted:
            continue
        partner = _partner(row.partner, row.coverage, row.year)
        if row.edition not in sources:
            sources[row.edition] = _bns_source(row, digest, workbooks)
        start, end = lines[n]
        line = text[start:end]
        cells = line.split(",")
        for indicator, flow in _INDICATORS.items():
            cell = cells[3 + list(_INDICATORS).index(indicator)]
            claim = _bns_claim(sources[row.edition], partner, indicator, flow, cell, line, start, row)
            key = (partner, indicator, row.year)
            if row.edition == newest[(row.partner, row.year)]:
                current.append(claim)
                latest_of[key] = claim
            else:
                earlier.setdefault(key, []).append(claim)
    bns = _Revisions(current, earlier, latest_of)
    comext = _comext_claims(root, wanted)
    revised = {**bns.revised(), **comext.revised()}
    return OfficialClaims(
        (*sources.values(), *comext.sources),
        (*current, *comext.current),
        MappingProxyType(revised),
    )


@dataclass
class _Revisions:
    """Claims of the latest revision of each figure, and the earlier ones by figure."""

    current: list[Claim]
    earlier: dict[tuple[str, str, int], list[Claim]]
    latest_of: dict[tuple[str, str, int], Claim]
    sources: tuple[Source, ...] = ()

    def revised(self) -> dict[str, tuple[Claim, ...]]:
        """For each latest claim, the earlier claims whose value differs, oldest first."""
        out = {}
        for key, olds in self.earlier.items():
            latest = self.latest_of.get(key)
            if latest is None:
                continue
            differ = tuple(c for c in olds if c.value != latest.value)
            if differ:
                out[latest.id] = differ
        return out


def _comext_claims(root: Path, wanted: set[str] | None) -> _Revisions:
    """The member states' own yearly figures (Eurostat Comext) for the partners ``wanted`` (every one: ``None``).

    A member state's exports to Kazakhstan are, from Kazakhstan's side, its imports
    from that partner as the partner counts them: indicator ``imports``, ``reporter``
    the member state (see :func:`kzlt_trade.rules.reporter`). Each extraction is a
    source; the latest extraction of a year is the claim, an earlier one that
    differs its revision.
    """
    from kzlt_trade.comext import YEARS_FILE, read_years

    file = root / "official" / YEARS_FILE
    if not file.is_file():
        return _Revisions([], {}, {})
    years = read_years(file)
    text = file.read_text(encoding="utf-8")
    lines = _line_offsets(text)
    digest = hashlib.sha256(file.read_bytes()).hexdigest()
    newest: dict[tuple[str, str, int], date] = {}
    for y in years:
        key = (y.reporter, y.flow, y.year)
        newest[key] = max(newest.get(key, y.extracted), y.extracted)
    sources: dict[date, Source] = {}
    out = _Revisions([], {}, {})
    for n, y in enumerate(years, start=1):
        if wanted is not None and y.reporter not in wanted:
            continue
        if y.extracted not in sources:
            sources[y.extracted] = _comext_source(y.extracted, y.source_file, digest)
        start, end = lines[n]
        claim = _comext_claim(sources[y.extracted], y, text[start:end], start)
        key = (y.reporter, y.flow, y.year)
        if y.extracted == newest[key]:
            out.current.append(claim)
            out.latest_of[key] = claim
        else:
            out.earlier.setdefault(key, []).append(claim)
    out.sources = tuple(sources[d] for d in sorted(sources))
    return out


#: Who publishes Comext, and the dataset.
COMEXT_PUBLISHER = "Eurostat, the statistical office of the European Union"
_COMEXT_DATASET = "Comext DS-045409, «EU trade since 1988 by HS2-4-6 and CN8»"


def _comext_source(extracted: date, raw_file: str, digest: str) -> Source:
    from kzlt_trade.comext import YEARS_FILE

    return Source(
        id=f"comext-{extracted.isoformat()}",
        title=f"{_COMEXT_DATASET}, extracted {extracted.isoformat()}",
        publisher=COMEXT_PUBLISHER,
        language="en",
        published=extracted,
        published_basis="The date Eurostat extracted the file: the figures as they stood that day.",
        event_date=None,
        file=f"official/{YEARS_FILE}",
        sha256=digest,
        note=(
            f"Raw file «{raw_file}» (official/eurostat/); its monthly values are summed to complete calendar "
            f"years in official/{YEARS_FILE} by tools/extract_comext.py (see official/README.md)."
        ),
        weight=OFFICIAL_WEIGHT,
        kind="official",
        dataset=_COMEXT_DATASET,
        edition=extracted.isoformat(),
    )


def _comext_claim(source: Source, y: ComextYear, line: str, start: int) -> Claim:
    # The reporter's exports to Kazakhstan are Kazakhstan's imports, as the reporter counts them.
    indicator, flow = ("imports", "import") if y.flow == "exports" else ("exports", "export")
    direction = "to" if y.flow == "exports" else "from"
    text = format(y.value_eur, "f")
    return Claim(
        id=f"{source.id}/{y.reporter}-{y.flow}-{direction}-KZ-{y.year}",
        source=source.id,
        partner=y.reporter,
        indicator=indicator,
        flow=flow,  # type: ignore[arg-type]
        scope="",
        text=text,
        value=y.value_eur,
        unit="EUR",
        hedge="none",
        quote=line,
        start=start,
        end=start + len(line),
        readings=(Reading("stated", "level", Period.parse(str(y.year)), None, "The office's figure for the year."),),
        note=(
            f"{y.reporter}'s {y.flow} {direction} Kazakhstan in {y.year} as {y.reporter} reports them to Eurostat "
            f"(the sum of twelve months of «{y.source_file}», all products, euro)."
        ),
        language="en",
        reporter=y.reporter,
    )


def _partner(partner: str, coverage: str, year: int) -> str:
    """``EU`` for the block when it holds the Union's members of the year, else its coverage (``EU28``)."""
    from kzlt_trade.bns import eu_coverage

    if partner != "EU" or not coverage or coverage == eu_coverage(year):
        return partner
    return coverage


def _line_offsets(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every line of ``text``, without its line break; line 0 is the header."""
    out = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        out.append((pos, pos + len(body)))
        pos += len(line)
    return out


def _workbook_hashes(descriptor: Path) -> dict[str, str]:
    """The SHA-256 of each workbook, by its original file name, from the data package's sources."""
    if not descriptor.is_file():
        return {}
    try:
        package = json.loads(descriptor.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out: dict[str, str] = {}
    if not isinstance(package, dict):
        return out
    listed = list(package.get("sources", []))
    for resource in package.get("resources", []):
        listed += resource.get("sources", []) if isinstance(resource, dict) else []
    for src in listed:
        m = _WORKBOOK_SHA.search(str(src.get("title", ""))) if isinstance(src, dict) else None
        if m:
            out[m["name"]] = m["sha"]
    return out


def _bns_source(row: OfficialRow, digest: str, workbooks: dict[str, str]) -> Source:
    edition = row.edition
    workbook = row.source_file
    if row.published is not None:
        published, latest = row.published, None
        basis = "The date printed on the workbook's cover."
    else:
        # A workbook for year N covers all of N, so it came out in N + 1 at the earliest.
        published, latest = date(edition + 1, 1, 1), date(edition + 1, 12, 31)
        basis = (
            f"The workbook states no date; it covers the whole of {edition}, so it came out in {edition + 1} "
            "(the edition covering 2023 is dated 25 July 2024)."
        )
    sha = workbooks.get(workbook)
    held = f", SHA-256 {sha}" if sha else ""
    return Source(
        id=f"bns-{edition}",
        title=f"{_BNS_DATASET}, {edition}",
        publisher=BNS_PUBLISHER,
        language="ru",
        published=published,
        published_basis=basis,
        event_date=None,
        file=BNS_FILE,
        sha256=digest,
        note=(
            f"Workbook «{workbook}»{held}; its cells are read into {BNS_FILE} by tools/extract_official.py "
            "(see official/README.md)."
        ),
        weight=OFFICIAL_WEIGHT,
        published_latest=latest,
        kind="official",
        dataset=_BNS_DATASET,
        edition=str(edition),
    )


def _bns_claim(
    source: Source, partner: str, indicator: str, flow: str, cell: str, line: str, start: int, row: OfficialRow
) -> Claim:
    from decimal import Decimal

    which = "first publication" if row.revision == 1 else f"revision {row.revision}"
    note = (
        f"{source.title}: workbook «{row.source_file}», sheet {row.sheet!r}, row {row.xls_row}, "
        f"column «{indicator}» (thousand USD); {which} of the {row.year} figure."
    )
    return Claim(
        id=f"{source.id}/{partner}-{indicator}-{row.year}",
        source=source.id,
        partner=partner,
        indicator=indicator,
        flow=flow,  # type: ignore[arg-type]
        scope="",
        text=cell,
        value=Decimal(cell),
        unit="thousand USD",
        hedge="none",
        quote=line,
        start=start,
        end=start + len(line),
        readings=(Reading("stated", "level", Period.parse(str(row.year)), None, "The office's figure for the year."),),
        note=note,
        language="en",
    )

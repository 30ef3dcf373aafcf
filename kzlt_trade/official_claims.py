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
>>> sorted({c.partner for c in oc.claims})
['EE', 'EU', 'EU28', 'LT', 'RO']
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

__all__ = ["BNS_FILE", "BNS_PUBLISHER", "OFFICIAL_WEIGHT", "OfficialClaims", "official_claims"]

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
    revised = {
        latest_of[key].id: tuple(c for c in olds if c.value != latest_of[key].value)
        for key, olds in earlier.items()
        if key in latest_of
    }
    return OfficialClaims(
        tuple(sources.values()), tuple(current), MappingProxyType({k: v for k, v in revised.items() if v})
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

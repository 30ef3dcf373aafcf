"""What the report page shows, as plain records for the template: no HTML is written here.

Each ``*_context`` function turns one result of the library (a dataset, a check
report, estimates, the official comparison, the mirror table, the data package of
the official files) into frozen records of strings, in the order the page shows
them. Numbers are formatted here, with their units, so that the template only
places text; Jinja2 escapes every string when it writes the page.

The official and mirror comparisons are in :mod:`kzlt_trade.webreport.comparisons`,
the provenance appendix in :mod:`kzlt_trade.webreport.provenance`; how values are
written, in :mod:`kzlt_trade.webreport.text`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kzlt_trade.errors import UsageError
from kzlt_trade.results import conflict_text
from kzlt_trade.vocabulary import KINDS
from kzlt_trade.webreport.text import claim_anchor, source_anchor

if TYPE_CHECKING:
    from kzlt_trade.dataset import Dataset
    from kzlt_trade.model import Claim
    from kzlt_trade.results import Estimate, Estimates, Finding, Report

__all__ = [
    "claims_context",
    "estimates_context",
    "figure_span",
    "findings_context",
    "quote_parts",
    "summary_context",
]

#: Findings first on a partner's list: contradictions, then tensions, then the rest in report order.
_FIRST = {"contradiction": 0, "tension": 1}


def _unit(claim: Claim, reading: str | None = None) -> str:
    # The unit words of the notebook tables, so that page and notebook agree.
    from kzlt_trade.display import unit_of

    return unit_of(claim, reading)


def _claim_of(ds: Dataset, claim_id: str, what: str) -> Claim:
    if claim_id not in ds:
        raise UsageError(what, claim_id, "results of the same data: this claim id is not in the dataset")
    return ds.claim(claim_id)


# -- the quote and its figure ------------------------------------------------------------


@dataclass(frozen=True)
class Quote:
    """A claim's quote cut around its figure: ``before``, the figure (shown marked), ``after``."""

    before: str
    figure: str
    after: str
    #: The language of the words (``en``, ``ru``), for the page's ``lang`` attribute.
    language: str = "en"


def figure_span(claim: Claim) -> tuple[int, int] | None:
    """Where the claim's figure stands in its quote, as offsets into the quote; ``None`` if nowhere.

    The text as written may also stand inside a longer number or word ("5" in
    "2025"): an occurrence with no digit or letter joined to it is preferred, and
    among several such, the one the figure finder reads with the claim's own unit
    (:func:`kzlt_trade.extract`), else the first.

    >>> from kzlt_trade import load
    >>> c = load().claim("mfa-2023-10-10/turnover-2022")
    >>> start, end = figure_span(c)
    >>> c.quote[start:end]
    '584,3'
    """
    quote, text = claim.quote, claim.text
    found = [m.start() for m in re.finditer(re.escape(text), quote)] if text else []
    if not found:
        return None

    def alone(at: int) -> bool:
        before = quote[at - 1] if at > 0 else " "
        after = quote[at + len(text)] if at + len(text) < len(quote) else " "
        joined = before.isalnum() or after.isalnum()
        # "2,5" inside "12,5" or "2,55": a separator with a digit beyond it belongs to the number.
        joined |= before in ",." and at > 1 and quote[at - 2].isdigit()
        joined |= after in ",." and at + len(text) + 1 < len(quote) and quote[at + len(text) + 1].isdigit()
        return not joined

    candidates = [at for at in found if alone(at)] or found
    if len(candidates) > 1:
        from kzlt_trade.mentions import extract

        own = [
            at
            for at in candidates
            if any(
                m.start <= at and at + len(text) <= m.end and m.unit == claim.unit
                for m in extract(quote, lang=claim.language)
            )
        ]
        candidates = own or candidates
    return candidates[0], candidates[0] + len(text)


def quote_parts(claim: Claim) -> Quote:
    """The quote around its figure (:func:`figure_span`); the whole quote, nothing marked, if it is not there."""
    span = figure_span(claim)
    if span is None:
        return Quote(claim.quote, "", "", claim.language)
    start, end = span
    return Quote(claim.quote[:start], claim.quote[start:end], claim.quote[end:], claim.language)


# -- the verdict summary -----------------------------------------------------------------


@dataclass(frozen=True)
class KindCount:
    """How many findings of one kind."""

    kind: str
    label: str
    count: int
    severity: str


@dataclass(frozen=True)
class Suspect:
    """A claim the reconciliation finds most likely wrong, with what it conflicts with."""

    claim: str
    partner: str
    written: str
    quote: Quote
    conflicts: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class Summary:
    """The verdict: counts of findings by kind, the claims most likely wrong, what was read."""

    kinds: tuple[KindCount, ...]
    relations: int
    consistent: int
    suspects: tuple[Suspect, ...]
    claims: int
    sources: int
    partners: int
    rounding: str


def _kind_label(kind: str) -> str:
    return kind.replace("_", " ")


def _written(claim: Claim) -> str:
    hedge = "" if claim.hedge == "none" else f" ({claim.hedge.replace('_', ' ')})"
    return f"{claim.text} {claim.unit}{hedge}"


def summary_context(ds: Dataset, report: Report, estimates: Estimates, partners: Sequence[str]) -> Summary:
    """The verdict summary at the top of the page."""
    from kzlt_trade.vocabulary import SEVERITY

    statuses = {} if report.groups is None else report.groups.status_counts()
    suspects = []
    for cid in estimates.most_likely_wrong:
        c = _claim_of(ds, cid, "estimates")
        others = estimates.conflicts.get(cid, ())
        why = "conflicts with" if others else conflict_text(())
        suspects.append(Suspect(cid, c.partner, _written(c), quote_parts(c), tuple(others), why))
    return Summary(
        kinds=tuple(KindCount(k, _kind_label(k), len(report.of_kind(k)), str(SEVERITY[k])) for k in KINDS),
        relations=sum(statuses.values()),
        consistent=statuses.get("consistent", 0),
        suspects=tuple(suspects),
        claims=len(ds),
        sources=len(ds.source_records),
        partners=len(partners),
        rounding=report.rounding,
    )


# -- per partner: findings, claims, estimates ---------------------------------------------


@dataclass(frozen=True)
class FindingClaim:
    """One figure of a finding: the claim, the reading used, its interval, its words."""

    claim: str
    reading: str
    interval: str
    quote: str
    language: str


@dataclass(frozen=True)
class FindingView:
    """One finding with its arithmetic."""

    kind: str
    label: str
    severity: str
    relation: str
    message: str
    arithmetic: tuple[str, ...]
    claims: tuple[FindingClaim, ...]
    subject: str


def findings_context(ds: Dataset, findings: Iterable[Finding]) -> tuple[FindingView, ...]:
    """A partner's findings: contradictions first, then tensions, then the rest (in the report's order)."""
    ordered = sorted(findings, key=lambda f: _FIRST.get(f.kind, len(_FIRST)))
    views = []
    for f in ordered:
        rows = []
        for cid, reading, interval, quote in zip(f.claims, f.readings, f.intervals, f.quotes, strict=True):
            c = _claim_of(ds, cid, "report")
            unit = _unit(c, reading) if reading in {r.name for r in c.readings} else ""
            rows.append(FindingClaim(cid, reading, f"{interval.format(6)} {unit}".rstrip(), quote, c.language))
        subject = " ".join(x for x in (f.indicator, f.period) if x)
        views.append(
            FindingView(
                kind=f.kind,
                label=_kind_label(f.kind),
                severity=str(f.severity),
                relation=f.relation,
                message=f.message,
                arithmetic=tuple(part for part in f.arithmetic.split("; ") if part),
                claims=tuple(rows),
                subject=subject,
            )
        )
    return tuple(views)


@dataclass(frozen=True)
class ReadingView:
    """One reading of a claim and the interval it gives."""

    name: str
    interval: str
    unit: str
    primary: bool


@dataclass(frozen=True)
class ClaimRow:
    """One claim, as its row of the claims table."""

    id: str
    anchor: str
    source: str
    source_anchor: str
    period: str
    indicator: str
    flow: str
    written: str
    readings: tuple[ReadingView, ...]
    quote: Quote
    note: str
    wrong: bool


def _period_text(claim: Claim) -> str:
    r = claim.primary
    return str(r.period) + ("" if r.base_period is None else f" vs {r.base_period}")


def claims_context(ds: Dataset, claims: Iterable[Claim], wrong: Iterable[str] = ()) -> tuple[ClaimRow, ...]:
    """The rows of a claims table, in the dataset's order; ``wrong`` names the claims most likely wrong."""
    suspect = set(wrong)
    rows = []
    for c in claims:
        indicator = c.indicator + (f" [{c.scope}]" if c.scope else "")
        indicator += f" ({c.reporter}'s statistics)" if c.reporter != "KZ" else ""
        rows.append(
            ClaimRow(
                id=c.id,
                anchor=claim_anchor(c.id),
                source=c.source,
                source_anchor=source_anchor(c.source),
                period=_period_text(c),
                indicator=indicator,
                flow=c.flow,
                written=_written(c),
                readings=tuple(
                    ReadingView(r.name, c.interval(r.name).format(6), _unit(c, r.name), i == 0)
                    for i, r in enumerate(c.readings)
                ),
                quote=quote_parts(c),
                note=c.note,
                wrong=c.id in suspect,
            )
        )
    return tuple(rows)


@dataclass(frozen=True)
class EstimateRow:
    """One quantity's reconciled estimate and its evidence."""

    quantity: str
    period: str
    value: str
    interval: str
    derived: bool
    supporting: tuple[str, ...]
    rejected: tuple[str, ...]


def _estimate_row(e: Estimate) -> EstimateRow:
    from kzlt_trade.results import unit_words

    quantity = e.indicator + (f" [{e.scope}]" if e.scope else "") + (" (outward)" if e.flow == "outward" else "")
    quantity += f" ({e.reporter}'s statistics)" if e.reporter != "KZ" else ""
    return EstimateRow(
        quantity=quantity,
        period=e.period,
        value="unknown" if e.value is None else f"{e.value:.6g} {unit_words(e)}",
        interval=f"{e.interval.format(6)} {e.unit}",
        derived=e.derived,
        supporting=e.supporting,
        rejected=e.rejected,
    )


def estimates_context(estimates: Iterable[Estimate]) -> tuple[EstimateRow, ...]:
    """The rows of an estimates table, in the order of the estimates."""
    return tuple(_estimate_row(e) for e in estimates)

"""What the engine returns: findings and the report of a check, estimates and their evidence.

:func:`kzlt_trade.check` makes a :class:`Report` of :class:`Finding` objects;
:func:`kzlt_trade.reconcile` makes :class:`Estimates` of :class:`Estimate`
objects. These are plain records: nothing here computes a verdict.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import numpy as np

from kzlt_trade.errors import UsageError
from kzlt_trade.interval import Interval
from kzlt_trade.vocabulary import FAIL_ON, KINDS, SEVERITY, FindingRelation, Kind, Rounding, Severity, expect

if TYPE_CHECKING:
    import pandas as pd

    from kzlt_trade.readings import Readings

#: The columns of :attr:`Report.relations`.
RELATION_COLUMNS = ("key", "relation", "status", "claims", "partner", "indicator", "period", "implied_lo",
                    "implied_hi", "reported_lo", "reported_hi")  # fmt: skip


class RelationTable(Protocol):
    """What a report keeps of its relation groups (:class:`kzlt_trade.groups.RelationGroups`)."""

    def __len__(self) -> int: ...

    def status_counts(self) -> dict[str, int]:
        """The number of groups of each status."""
        ...

    @property
    def table(self) -> pd.DataFrame:
        """One row per group, with :data:`RELATION_COLUMNS`."""
        ...


__all__ = ["Estimate", "Estimates", "Finding", "Report"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the checker found, with the figures, their words and the arithmetic.

    Examples
    --------
    >>> from kzlt_trade import check, load
    >>> f = check(load(official=False)).contradictions[0]
    >>> f.kind, f.relation, str(f.severity)
    ('contradiction', 'growth', 'error')
    >>> for part in f.arithmetic.split("; "):
    ...     print(part)
    454 [453.5, 454.5] → (584,3 [584.25, 584.35] ∩ 584 [583.5, 584.5] = [584.25, 584.35]) implies +28.54 % … +28.86 %
    reported +30 % [+29.5 %, +30.5 %]: no overlap
    """

    #: What was found.
    kind: Kind
    #: The relation checked (see :mod:`kzlt_trade.relations`), or ``jump``, ``balance``, ``readings``, ``period_label``.
    relation: FindingRelation
    #: Ids of the claims involved, the reported figure first.
    claims: tuple[str, ...]
    #: The reading of each claim that the arithmetic uses.
    readings: tuple[str, ...]
    #: The source's words for each claim.
    quotes: tuple[str, ...]
    #: Each claim's interval under that reading (canonical units).
    intervals: tuple[Interval, ...]
    #: One readable line of arithmetic.
    arithmetic: str
    #: One sentence saying what the finding means.
    message: str
    #: Partner, indicator and period the finding is about (for tables and charts).
    partner: str = ""
    indicator: str = ""
    period: str = ""
    #: What the other figures allow for the first claim, where that is an interval.
    implied: Interval | None = None
    #: What the first claim reports, on the same scale as ``implied``.
    reported: Interval | None = None

    @property
    def severity(self) -> Severity:
        """The severity of the finding's kind."""
        return SEVERITY[self.kind]

    @property
    def key(self) -> str:
        """A stable identifier: the relation and the claim ids, for acknowledgements."""
        return f"{self.relation}:{'+'.join(sorted(self.claims))}"

    def __str__(self) -> str:
        lines = [f"{self.kind.upper()} ({self.severity}) {self.relation}: {self.message}", f"  {self.arithmetic}"]
        lines += [f"  - {c} [{r}]: {q!r}" for c, r, q in zip(self.claims, self.readings, self.quotes, strict=True)]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from kzlt_trade.display import finding_html

        return finding_html(self)


@dataclass(frozen=True, eq=False)
class Report:
    """Everything :func:`check` found, and every relation it checked.

    Iterate for the findings (most severe first); :attr:`relations` lists every
    relation group with its status, consistent ones included.
    """

    #: The findings, most severe first.
    findings: tuple[Finding, ...]
    #: The rounding convention the strict reading used.
    rounding: Rounding = "nearest"
    #: For each ambiguous claim, the readings the other figures leave alive.
    live_readings: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    #: The readings the check was made on (so that :func:`kzlt_trade.reconcile` and the
    #: charts reuse them).
    readings: Readings | None = field(default=None, repr=False)
    #: Every relation group checked, as arrays (see :attr:`relations` for a table).
    groups: RelationTable | None = field(default=None, repr=False)

    @functools.cached_property
    def relations(self) -> pd.DataFrame:
        """One row per relation group: key, relation, status, claims, quantity, implied and reported bounds.

        Written out on first use (millions of groups make millions of strings).
        """
        import pandas as pd

        if self.groups is None:
            return pd.DataFrame(columns=list(RELATION_COLUMNS))
        return self.groups.table

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def __getitem__(self, i: int) -> Finding:
        return self.findings[i]

    def of_kind(self, kind: Kind) -> tuple[Finding, ...]:
        """The findings of one kind."""
        if kind not in KINDS:
            raise UsageError("kind", kind, "one of " + ", ".join(KINDS))
        return tuple(f for f in self.findings if f.kind == kind)

    def at_least(self, severity: Severity | str) -> tuple[Finding, ...]:
        """The findings at or above a severity (``"error"``, ``"warning"``...)."""
        level = _severity(severity)
        return () if level is None else tuple(f for f in self.findings if f.severity >= level)

    @property
    def contradictions(self) -> tuple[Finding, ...]:
        """Relations no reading can satisfy."""
        return self.of_kind("contradiction")

    @property
    def tensions(self) -> tuple[Finding, ...]:
        """Relations that hold only under the widest reading (press figures that match the office's
        only if truncated among them)."""
        return tuple(f for f in self.findings if f.kind in ("tension", "official_truncated"))

    @property
    def anomalies(self) -> tuple[Finding, ...]:
        """Unexplained jumps."""
        return self.of_kind("anomaly")

    @property
    def ambiguities(self) -> tuple[Finding, ...]:
        """Claims whose readings the data cannot choose between, and those it can."""
        return self.of_kind("ambiguity") + self.of_kind("resolved_ambiguity")

    def to_frame(self) -> pd.DataFrame:
        """One row per finding: kind, severity, relation, key, claims, message, arithmetic."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "kind": f.kind,
                    "severity": str(f.severity),
                    "relation": f.relation,
                    "partner": f.partner,
                    "indicator": f.indicator,
                    "period": f.period,
                    "claims": ", ".join(f.claims),
                    "message": f.message,
                    "arithmetic": f.arithmetic,
                    "key": f.key,
                }
                for f in self.findings
            ],
            columns=["kind", "severity", "relation", "partner", "indicator", "period", "claims", "message",
                     "arithmetic", "key"],
        )  # fmt: skip

    def counts(self) -> dict[str, int]:
        """Number of findings of each kind, and of relation groups by status."""
        out: dict[str, int] = {k: len(self.of_kind(k)) for k in KINDS}
        out["relations"] = 0 if self.groups is None else len(self.groups)
        return out

    def __str__(self) -> str:
        statuses = {} if self.groups is None else self.groups.status_counts()
        head = (
            f"Report ({self.rounding} rounding): {sum(statuses.values())} relation groups checked, "
            f"{statuses.get('consistent', 0)} consistent; " + ", ".join(_count(len(self.of_kind(k)), k) for k in KINDS)
        )
        return "\n\n".join([head, *(str(f) for f in self.findings)]) + "\n"

    def __repr__(self) -> str:
        return f"<Report: {len(self.findings)} findings, {len(self.contradictions)} contradictions>"

    def _repr_html_(self) -> str:
        from kzlt_trade.display import report_html

        return report_html(self)


_PLURALS = {
    "anomaly": "anomalies",
    "ambiguity": "ambiguities",
    "resolved_ambiguity": "resolved ambiguities",
    "period_label": "period labels",
    "undecidable": "undecidable",
}


def _count(n: int, kind: str) -> str:
    name = kind.replace("_", " ") if n == 1 else _PLURALS.get(kind, kind.replace("_", " ") + "s")
    return f"{n} {name}"


def _severity(severity: Severity | str) -> Severity | None:
    """A severity from itself, its name (``"error"``...) or a fail-on level (``"contradiction"``...)."""
    if isinstance(severity, Severity):
        return severity
    name = str(severity).lower()
    for level, least in FAIL_ON.items():
        if name == level:
            return least
    try:
        return Severity[name.upper()]
    except KeyError:
        expected = (
            "a severity (" + ", ".join(str(s) for s in Severity) + ") or a fail-on level (" + ", ".join(FAIL_ON) + ")"
        )
        raise UsageError("severity", severity, expected) from None


@dataclass(frozen=True)
class Estimate:
    """The best estimate of one quantity, with its evidence.

    Examples
    --------
    >>> from kzlt_trade import reconcile
    >>> e = reconcile().get("LT", "turnover", "2022")
    >>> round(e.value, 2), str(e.interval)
    (585.94, '[585.9415403, 585.9415403]')
    """

    #: Partner code.
    partner: str
    #: Indicator.
    indicator: str
    #: Flow from Kazakhstan's side.
    flow: str
    #: Scope ('' for bilateral figures).
    scope: str
    #: Period text (an unstated part of a year is marked with its source).
    period: str
    #: Period kind.
    period_kind: str
    #: Best value in :attr:`unit`, or ``None`` when unbounded and stated by no claim.
    value: float | None
    #: The values every accepted claim and relation allow.
    interval: Interval
    #: Canonical unit of the value.
    unit: str
    #: Claims that state or imply this quantity and were kept.
    supporting: tuple[str, ...]
    #: Claims about this quantity that were rejected as most likely wrong.
    rejected: tuple[str, ...]
    #: Whether no claim states the quantity directly (it follows from others).
    derived: bool
    #: Whose statistics: ``"KZ"``, or the partner's code for its own (see :attr:`kzlt_trade.Claim.reporter`).
    reporter: str = "KZ"

    def __str__(self) -> str:
        value = f"{self.value:.6g} {unit_words(self)}" if self.value is not None else f"unknown {unit_words(self)}"
        if self.unit == "place" and self.value is None and self.interval.lo == 1 and math.isfinite(self.interval.hi):
            value = f"among the top {self.interval.hi:g}"
        elif self.unit == "place" and self.value is not None and float(self.value).is_integer():
            value = f"{_ordinal(int(self.value))} place"
        what = (
            self.indicator
            + (f" [{self.scope}]" if self.scope else "")
            + (" (outward)" if self.flow == "outward" else "")
            + (f" ({self.reporter}'s statistics)" if self.reporter != "KZ" else "")
        )
        return (
            f"KZ–{self.partner} {what} {self.period}: {value} "
            f"in {self.interval.format(6)}{' (derived)' if self.derived else ''}"
        )


@dataclass(frozen=True, eq=False)
class Estimates:
    """Every quantity's best estimate, and the claims found most likely wrong."""

    #: One row per quantity (:data:`ESTIMATE_COLUMNS`); ``supporting`` and ``rejected`` hold
    #: tuples of claim ids, ``value`` is NaN where unknown.
    table: pd.DataFrame = field(repr=False)
    #: Claim ids in the minimal correction sets, over all components.
    most_likely_wrong: tuple[str, ...] = ()
    #: For each rejected claim, the claims it conflicts with.
    conflicts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Reading used for each claim (claim id -> reading name).
    readings: dict[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def of(
        cls,
        estimates: Iterable[Estimate],
        most_likely_wrong: tuple[str, ...] = (),
        conflicts: dict[str, tuple[str, ...]] | None = None,
        readings: dict[str, str] | None = None,
    ) -> Estimates:
        """Estimates from :class:`Estimate` records."""
        import pandas as pd

        rows = [
            (e.partner, e.indicator, e.flow, e.scope, e.period, e.period_kind,
             math.nan if e.value is None else e.value, e.interval.lo, e.interval.hi, e.unit, e.derived,
             e.supporting, e.rejected, e.reporter)
            for e in estimates
        ]  # fmt: skip
        table = pd.DataFrame(rows, columns=list(ESTIMATE_COLUMNS))
        return cls(table, most_likely_wrong, conflicts or {}, readings or {})

    @functools.cached_property
    def estimates(self) -> tuple[Estimate, ...]:
        """One :class:`Estimate` per quantity (built on first use)."""
        columns = [self.table[c].to_numpy().tolist() for c in ESTIMATE_COLUMNS]
        return tuple(_estimate(*row) for row in zip(*columns, strict=True))

    def __iter__(self) -> Iterator[Estimate]:
        return iter(self.estimates)

    def __len__(self) -> int:
        return len(self.table)

    def get(
        self,
        partner: str,
        indicator: str,
        period: str,
        *,
        flow: str | None = None,
        scope: str = "",
        reporter: str = "KZ",
    ) -> Estimate:
        """The estimate of one quantity; raises ``UsageError`` naming the known ones if absent."""
        for name, value in (("partner", partner), ("indicator", indicator), ("period", period), ("scope", scope),
                            ("reporter", reporter)):  # fmt: skip
            expect(name, value, str, "a str, e.g. 'LT', 'turnover', '2022'")
        if flow is not None:
            expect("flow", flow, str, "a str such as 'export', or None")
        t = self.table
        hit = (t["partner"] == partner) & (t["indicator"] == indicator) & (t["scope"] == scope)
        hit &= t["reporter"] == reporter
        hit &= t["period"].str.split("#").str[0] == period
        if flow is not None:
            hit &= t["flow"] == flow
        at = np.flatnonzero(hit.to_numpy())
        if len(at):
            return _estimate(*(t[c].iloc[at[0]] for c in ESTIMATE_COLUMNS))
        known = sorted({f"{p} {i} {q}" for p, i, q in zip(t["partner"], t["indicator"], t["period"], strict=True)})
        raise UsageError("quantity", f"{partner} {indicator} {period}", "one of: " + "; ".join(known))

    def to_frame(self) -> pd.DataFrame:
        """One row per quantity: value, interval, unit, supporting and rejected claims (joined by commas)."""
        out = self.table.copy()
        out["value"] = out["value"].astype(object).where(out["value"].notna(), None)
        for c in ("supporting", "rejected"):
            out[c] = [", ".join(ids) for ids in out[c].tolist()]
        return out

    def __str__(self) -> str:
        lines = [f"{len(self)} quantities estimated; most likely wrong: "
                 + (", ".join(self.most_likely_wrong) or "none")]  # fmt: skip
        for claim, others in self.conflicts.items():
            lines.append(f"  {claim} {conflict_text(others)}")
        lines += [f"  {e}" for e in self.estimates]
        return "\n".join(lines) + "\n"

    def __repr__(self) -> str:
        n, k = len(self), len(self.most_likely_wrong)
        return (
            f"<Estimates: {n} {'quantity' if n == 1 else 'quantities'}, {k} {'claim' if k == 1 else 'claims'} rejected>"
        )

    def _repr_html_(self) -> str:
        from kzlt_trade.display import estimates_html

        return estimates_html(self)


#: The columns of :attr:`Estimates.table`.
ESTIMATE_COLUMNS = ("partner", "indicator", "flow", "scope", "period", "period_kind", "value", "low", "high", "unit",
                    "derived", "supporting", "rejected", "reporter")  # fmt: skip


def _estimate(
    partner: str, indicator: str, flow: str, scope: str, period: str, period_kind: str, value: float,
    low: float, high: float, unit: str, derived: bool, supporting: tuple[str, ...], rejected: tuple[str, ...],
    reporter: str = "KZ",
) -> Estimate:  # fmt: skip
    return Estimate(
        partner=str(partner), indicator=str(indicator), flow=str(flow), scope=str(scope), period=str(period),
        period_kind=str(period_kind), value=None if math.isnan(value) else float(value),
        interval=Interval(float(low), float(high)), unit=str(unit), supporting=tuple(supporting),
        rejected=tuple(rejected), derived=bool(derived), reporter=str(reporter),
    )  # fmt: skip


#: How counted things are named, by indicator: (one, several).
_NOUNS = {"companies": ("company", "companies"), "diaspora": ("person", "people")}


def unit_words(e: Estimate) -> str:
    """The unit of an estimate as people write it: "190 companies", "584.3 million USD", "1.2 times"."""
    if e.unit == "item":
        one, many = _NOUNS.get(e.indicator, ("item", "items"))
        return one if e.value == 1 else many
    if e.unit == "place":
        return "place"
    return e.unit


def _ordinal(n: int) -> str:
    """``10th``, ``1st``, ``22nd``, ``13th``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def conflict_text(others: tuple[str, ...] | list[str]) -> str:
    """What a rejected claim conflicts with, in words (a claim can fail alone, outside its range).

    >>> conflict_text(("a", "b")), conflict_text(())
    ('conflicts with a, b', 'cannot hold on its own (outside the range its indicator allows)')
    """
    if others:
        return "conflicts with " + ", ".join(others)
    return "cannot hold on its own (outside the range its indicator allows)"

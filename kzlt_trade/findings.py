"""What the checker reports: findings, their kinds and severities, and the report.

See :mod:`kzlt_trade.check` for how findings are made.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import IntEnum
from typing import TYPE_CHECKING, Literal

from kzlt_trade.errors import UsageError
from kzlt_trade.interval import Interval
from kzlt_trade.reading import Rounding

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["KINDS", "SEVERITY", "Finding", "Kind", "Report", "Severity"]

#: What a finding says about its figures; see :mod:`kzlt_trade.check`.
Kind = Literal["contradiction", "tension", "period_label", "anomaly", "ambiguity", "resolved_ambiguity"]
KINDS: tuple[Kind, ...] = ("contradiction", "tension", "period_label", "anomaly", "ambiguity", "resolved_ambiguity")


class Severity(IntEnum):
    """How much a finding matters; ``--fail-on`` compares against it."""

    INFO = 0
    NOTICE = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()


SEVERITY: dict[Kind, Severity] = {
    "contradiction": Severity.ERROR,
    "tension": Severity.WARNING,
    "period_label": Severity.WARNING,
    "anomaly": Severity.NOTICE,
    "ambiguity": Severity.INFO,
    "resolved_ambiguity": Severity.INFO,
}


@dataclass(frozen=True)
class Finding:
    """One thing the checker found, with the figures, their words and the arithmetic.

    Examples
    --------
    >>> from kzlt_trade import check
    >>> f = check().contradictions[0]
    >>> f.kind, f.relation, str(f.severity)
    ('contradiction', 'growth', 'error')
    >>> for part in f.arithmetic.split("; "):
    ...     print(part)
    454 [453.5, 454.5] → 584 [583.5, 584.5] implies +28.38 % … +28.89 %
    reported +30 % [+29.5 %, +30.5 %]: no overlap
    """

    #: What was found.
    kind: Kind
    #: The relation checked (see :mod:`kzlt_trade.relations`), or ``jump``, ``balance``, ``readings``, ``period_label``.
    relation: str
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
    #: One row per relation group: key, relation, claims, status, implied and reported bounds.
    relations: pd.DataFrame = field(repr=False)
    #: The rounding convention the strict reading used.
    rounding: Rounding = "nearest"
    #: For each ambiguous claim, the readings the other figures leave alive.
    live_readings: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

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
        return tuple(f for f in self.findings if f.severity >= level)

    @property
    def contradictions(self) -> tuple[Finding, ...]:
        """Relations no reading can satisfy."""
        return self.of_kind("contradiction")

    @property
    def tensions(self) -> tuple[Finding, ...]:
        """Relations that hold only under the widest reading."""
        return self.of_kind("tension")

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
        out["relations"] = len(self.relations)
        return out

    def __str__(self) -> str:
        statuses = {str(k): int(v) for k, v in self.relations["status"].value_counts().items()}
        head = (
            f"Report ({self.rounding} rounding): {len(self.relations)} relation groups checked, "
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
}


def _count(n: int, kind: str) -> str:
    name = kind.replace("_", " ") if n == 1 else _PLURALS.get(kind, kind.replace("_", " ") + "s")
    return f"{n} {name}"


def _severity(severity: Severity | str) -> Severity:
    if isinstance(severity, Severity):
        return severity
    aliases = {"contradiction": "error", "tension": "warning", "anomaly": "notice", "ambiguity": "info"}
    name = aliases.get(str(severity).lower(), str(severity).lower())
    try:
        return Severity[name.upper()]
    except KeyError:
        raise UsageError("severity", severity, "error, warning, notice, info (or contradiction, tension...)") from None

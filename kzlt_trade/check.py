"""Which figures agree, which cannot both be true, and which are only loosely true.

:func:`check` generates every relation the claims imply (see
:mod:`kzlt_trade.relations`), decides each by interval arithmetic under every
combination of the claims' readings, and reports:

``contradiction`` (error)
    no reading of the figures, within their written precision and the widest
    hedge, satisfies the relation;
``tension`` (warning)
    the relation holds only under the widest reading: the other rounding
    convention, a hedge stretched to its limit, or an alternative reading;
``period_label`` (warning)
    a figure's words give it a period it cannot have (the same text gives a
    different total for that period), while another period fits;
``anomaly`` (notice)
    a jump that nothing explains: a level falling by more than half or more
    than doubling in a year with no growth claim about it, or exports and
    imports trading places;
``ambiguity`` (info)
    a claim keeps several readings and the other figures cannot choose; the
    finding says what each reading implies;
``resolved_ambiguity`` (info)
    the other figures refute all readings but one.

>>> report = check()
>>> [f.claims[0] for f in report.contradictions]
['kazinform-2023-02-24/lt-turnover-growth-2022', 'kazinform-2023-02-24/lt-turnover-growth-2022']
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from typing import TYPE_CHECKING, Any, Literal, Union

import numpy as np

from kzlt_trade.errors import UsageError
from kzlt_trade.frame import cached_columns, cell, divide, frame_memo, is_money, readings_frame
from kzlt_trade.interval import Interval
from kzlt_trade.reading import HedgePolicy, Rounding
from kzlt_trade.relations import instances

if TYPE_CHECKING:
    import pandas as pd

    from kzlt_trade.dataset import Dataset

__all__ = ["KINDS", "Finding", "Kind", "Report", "Severity", "check", "check_frame"]

#: What a finding says about its figures; see the module docstring.
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

_RELATION_WORDS = {
    "same_quantity": "the same quantity reported twice",
    "sum": "turnover = exports + imports",
    "growth": "growth between two levels",
    "change": "change between two levels",
    "part_whole": "a part no larger than its whole",
    "rank_nesting": "a rank in a narrower field no worse than in a wider one",
    "range": "a value within its possible range",
    "jump": "a large change in one year",
    "balance": "exports and imports trading places",
    "readings": "the readings of an ambiguous figure",
    "period_label": "the period a figure's words give it",
}


@dataclass(frozen=True)
class Finding:
    """One thing the checker found, with the figures, their words and the arithmetic.

    Examples
    --------
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


def check(
    ds: Dataset | None = None,
    *,
    rounding: Rounding = "nearest",
    policy: HedgePolicy | None = None,
    jump: float = 2.0,
) -> Report:
    """Check every relation among the claims of ``ds`` (the bundled data by default).

    Parameters
    ----------
    ds
        A dataset from :func:`kzlt_trade.load`.
    rounding
        How writers rounded, for the strict reading: ``"nearest"`` (default),
        ``"truncate"`` or ``"either"``. The wide reading always allows either.
    policy
        Reach of "about" and "approached" for the strict reading; the wide
        reading uses :meth:`HedgePolicy.widest` (or this, if wider).
    jump
        A year-on-year ratio of levels beyond ``jump`` or below ``1/jump`` with
        no growth claim about it is an anomaly (default 2: doubling or halving).

    Examples
    --------
    >>> r = check()
    >>> sorted({f.kind for f in r})
    ['ambiguity', 'anomaly', 'contradiction', 'period_label', 'resolved_ambiguity']
    """
    from kzlt_trade.io import load

    if rounding not in ("nearest", "truncate", "either"):
        raise UsageError("rounding", rounding, "'nearest', 'truncate' or 'either'")
    if not jump > 1.0:
        raise UsageError("jump", jump, "a ratio greater than 1")
    ds = ds if ds is not None else load()
    return check_frame(readings_frame(ds, rounding=rounding, policy=policy), rounding=rounding, jump=jump)


def check_frame(frame: pd.DataFrame, *, rounding: Rounding = "nearest", jump: float = 2.0) -> Report:
    """:func:`check` on a readings frame (see :mod:`kzlt_trade.frame`); the benchmarks call this."""
    frame = frame.reset_index(drop=True)
    with cached_columns(frame):
        codes, uniques = _claim_codes(frame)
        # The grouped table holds every column of the instances too: it serves as both (one copy in memory).
        groups = inst = _group(frame, instances(frame), codes)
        live, refuted, support = _readings_verdict(frame, inst, groups)
        findings: list[Finding] = []
        findings += _relation_findings(frame, inst, groups)
        findings += _reading_findings(frame, inst, live, refuted, support, groups)
        levels = _year_levels(frame)
        findings += _jumps(frame, jump, levels)
        findings += _balance_reversals(frame, levels)
        findings.sort(key=lambda f: (-f.severity, f.kind, f.key))
        # The table of relation groups holds millions of strings: build it once the instances are freed.
        representatives = _representatives(groups)
        del inst, groups
        relations = _relations_from(frame, representatives, uniques)
    return Report(tuple(findings), relations, rounding, live)


# -- grouping ------------------------------------------------------------------------

#: One relation instance: a row of the instances table, as a Series or as a mapping of its fields.
Instance = Union["pd.Series[Any]", Mapping[str, Any]]


def _claim_codes(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """A code per row for its claim, numbering the claim ids in sorted order, and the ids."""
    import pandas as pd

    codes, uniques = pd.factorize(np.asarray(frame["claim"].to_numpy(), dtype=object))
    # Renumber in sorted order (Python's sort is fast on ids that come mostly in order).
    names = uniques.tolist()
    order = np.asarray(sorted(range(len(names)), key=names.__getitem__), dtype=np.int64)
    rank = np.empty(len(names), dtype=np.int64)
    rank[order] = np.arange(len(names))
    return rank[codes], np.asarray(uniques, dtype=object)[order]


def _group(frame: pd.DataFrame, inst: pd.DataFrame, codes: np.ndarray | None = None) -> pd.DataFrame:
    """Add a group id per (relation, set of claims) and the group's verdict to each instance.

    ``c0``..``c2`` are the instance's claim codes (:func:`_claim_codes`), sorted, -1 for absent members.
    """
    codes = _claim_codes(frame)[0] if codes is None else codes
    primary = frame["primary"].to_numpy()
    members = inst[["m0", "m1", "m2"]].to_numpy()
    present = members >= 0
    claim_codes = np.where(present, codes[np.where(present, members, 0)], -1)
    claim_codes.sort(axis=1)
    inst = inst.assign(c0=claim_codes[:, 0], c1=claim_codes[:, 1], c2=claim_codes[:, 2])
    all_primary = np.all(~present | primary[np.where(present, members, 0)], axis=1)
    inst["all_primary"] = all_primary
    inst["group"] = _first_seen_ids(inst["relation"].to_numpy(), claim_codes, len(codes))
    g = inst.groupby("group")
    verdict = g.agg(
        has_primary=("all_primary", "any"),
        any_wide=("wide_ok", "any"),
    )
    verdict["primary_strict"] = inst.assign(x=inst["all_primary"] & inst["strict_ok"]).groupby("group")["x"].any()
    status = np.where(
        verdict["primary_strict"],
        "consistent",
        np.where(~verdict["has_primary"], "reading_only", np.where(verdict["any_wide"], "tension", "contradiction")),
    )
    verdict["status"] = status
    # Group ids run 0..n-1, so the verdict's row of a group is its id: take rather than join.
    group = inst["group"].to_numpy()
    if len(verdict) and (verdict.index.to_numpy() == np.arange(len(verdict))).all():
        return inst.assign(**{c: verdict[c].array.take(group) for c in verdict.columns})
    return inst.join(verdict, on="group")


def _first_seen_ids(relation: np.ndarray, claim_codes: np.ndarray, n_codes: int) -> np.ndarray:
    """An id per distinct (relation, claim codes) row, numbered in order of first appearance.

    The same numbers as ``groupby([relation, c0, c1, c2], sort=False).ngroup()``, from
    integer keys packed two columns at a time (faster on millions of instances).
    """
    import pandas as pd

    rel, rel_names = pd.factorize(relation)
    base = n_codes + 1  # codes run from -1 (absent) to n_codes - 1
    if len(rel) == 0 or float(len(rel)) * base * max(len(rel_names), 1) >= 2.0**62:
        frame = pd.DataFrame({"r": rel, "c0": claim_codes[:, 0], "c1": claim_codes[:, 1], "c2": claim_codes[:, 2]})
        return np.asarray(frame.groupby(["r", "c0", "c1", "c2"], sort=False).ngroup().to_numpy(), dtype=np.int64)
    pair = pd.factorize((claim_codes[:, 0] + 1) * base + (claim_codes[:, 1] + 1))[0].astype(np.int64)
    key = (pair * base + (claim_codes[:, 2] + 1)) * len(rel_names) + rel
    return np.asarray(pd.factorize(key)[0], dtype=np.int64)


def _readings_verdict(
    frame: pd.DataFrame, inst: pd.DataFrame, groups: pd.DataFrame
) -> tuple[dict[str, tuple[str, ...]], dict[int, list[int]], dict[int, list[int]]]:
    """For each ambiguous claim: the readings left alive, and the groups refuting or supporting each reading.

    A reading is refuted by a relation group when every instance of the group
    that uses it fails even on wide intervals.
    """
    import pandas as pd

    ambiguous = frame["ambiguous"].to_numpy()
    if not ambiguous.any():
        return {}, {}, {}
    # One row per (instance, member) whose reading belongs to an ambiguous claim, members in turn.
    members = groups[["m0", "m1", "m2"]].to_numpy().T.reshape(-1)
    keep = members >= 0
    keep[keep] = ambiguous[members[keep]]
    which = np.flatnonzero(keep) % len(groups)
    long = pd.DataFrame(
        {
            "row": members[keep],
            "group": groups["group"].to_numpy()[which],
            "wide_ok": groups["wide_ok"].to_numpy()[which],
            "strict_ok": groups["strict_ok"].to_numpy()[which],
        }
    )
    per = long.groupby(["row", "group"]).agg(wide=("wide_ok", "any"), strict=("strict_ok", "any")).reset_index()
    refuted: dict[int, list[int]] = {}
    support: dict[int, list[int]] = {}
    for row, group, wide, strict in per.itertuples(index=False):
        if not wide:
            refuted.setdefault(int(row), []).append(int(group))
        elif strict:
            support.setdefault(int(row), []).append(int(group))
    live: dict[str, tuple[str, ...]] = {}
    amb = frame[frame["ambiguous"]]
    for claim, rows in amb.groupby("claim", sort=False).groups.items():
        live[str(claim)] = tuple(cell(frame, r, "reading") for r in rows if int(r) not in refuted)
    return live, refuted, support


def _representatives(groups: pd.DataFrame) -> dict[str, np.ndarray] | None:
    """One representative instance per group, column by column (None for no groups).

    A primary one if there is one: the first, in instance order.
    """
    if groups.empty:
        return None
    group = groups["group"].to_numpy()
    n = len(group)
    # Ids are numbered in order of first appearance: a group's first instance is where a new id appears.
    first = np.flatnonzero(group > np.maximum.accumulate(np.r_[-1, group[:-1]]))
    primary = np.flatnonzero(groups["all_primary"].to_numpy())
    first_primary = np.full(len(first), n, dtype=np.int64)
    np.minimum.at(first_primary, group[primary], primary)
    take = np.where(first_primary < n, first_primary, first)
    cols = ["relation", "status", "m0", "m1", "m2", "implied_lo", "implied_hi", "reported_lo", "reported_hi"]
    rep = {c: groups[c].to_numpy()[take] for c in cols}
    rep["codes"] = groups[["c0", "c1", "c2"]].to_numpy()[take]
    return rep


def _relations_from(frame: pd.DataFrame, rep: dict[str, np.ndarray] | None, uniques: np.ndarray | None) -> pd.DataFrame:
    """The relations table of :class:`Report` from the groups' representatives."""
    import pandas as pd

    if rep is None:
        return pd.DataFrame(columns=["key", "relation", "status", "claims", "partner", "indicator", "period",
                                     "implied_lo", "implied_hi", "reported_lo", "reported_hi"])  # fmt: skip
    claim = frame["claim"].to_numpy()
    uniques = _claim_codes(frame)[1] if uniques is None else uniques
    keys, ids = _group_names(claim, uniques, rep, rep.pop("codes"))
    first = rep["m0"]
    out = pd.DataFrame(
        {
            "key": keys,
            "relation": rep["relation"],
            "status": rep["status"],
            "claims": ids,
            "partner": frame["partner"].to_numpy()[first],
            "indicator": frame["indicator"].to_numpy()[first],
            "period": frame["period"].to_numpy()[first],
            "implied_lo": rep["implied_lo"],
            "implied_hi": rep["implied_hi"],
            "reported_lo": rep["reported_lo"],
            "reported_hi": rep["reported_hi"],
        }
    )
    return out.reset_index(drop=True)


def _group_names(
    claim: np.ndarray, uniques: np.ndarray, rep: Mapping[str, np.ndarray], codes: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each group's key (relation and sorted claim ids) and its claim ids in member order.

    ``codes`` are the groups' sorted claim codes from :func:`_group` (-1 first for absent
    members), ``uniques`` the claim ids they stand for; the codes follow the order of the
    ids, so sorting the codes sorts the ids.
    """
    relation = rep["relation"]
    members = [rep[m] for m in ("m0", "m1", "m2")]
    keys = np.empty(len(relation), dtype=object)
    ids = np.empty(len(relation), dtype=object)
    # Build the strings one shape of group (which members are present) and one chunk at a time.
    shape = (members[1] >= 0).astype(np.int64) + 2 * (members[2] >= 0)
    chunk = 1 << 19
    for s, at_all in ((s, np.flatnonzero(shape == s)) for s in np.unique(shape).tolist()):
        for at in (at_all[i : i + chunk] for i in range(0, len(at_all), chunk)):
            rel = relation[at].tolist()
            present = [0] + [j for j in (1, 2) if s & j]
            names = [claim[members[j][at]].tolist() for j in present]
            sorted_names = [uniques[codes[at, j]].tolist() for j in range(3 - len(present), 3)]
            if len(present) == 1:
                key = [f"{r}:{a}" for r, a in zip(rel, *sorted_names, strict=True)]
                text = names[0]
            elif len(present) == 2:
                key = [f"{r}:{a}+{b}" for r, a, b in zip(rel, *sorted_names, strict=True)]
                text = [f"{a}, {b}" for a, b in zip(*names, strict=True)]
            else:
                key = [f"{r}:{a}+{b}+{c}" for r, a, b, c in zip(rel, *sorted_names, strict=True)]
                text = [f"{a}, {b}, {c}" for a, b, c in zip(*names, strict=True)]
            keys[at] = key
            ids[at] = text
    return keys, ids


# -- findings from relations -----------------------------------------------------------


#: The instance columns that findings read.
_INSTANCE_FIELDS = ("relation", "status", "m0", "m1", "m2", "strict_ok", "wide_ok", "implied_lo", "implied_hi",
                    "reported_lo", "reported_hi")  # fmt: skip


def _relation_findings(frame: pd.DataFrame, inst: pd.DataFrame, groups: pd.DataFrame) -> list[Finding]:
    bad = np.flatnonzero(groups["status"].isin(["tension", "contradiction"]).to_numpy())
    if not len(bad):
        return []
    group = groups["group"].to_numpy()
    # Group ids number the groups in order of first appearance, so ascending ids keep that order.
    # Each bad group's first instance with every member in its primary reading stands for it,
    primary_rows = bad[groups["all_primary"].to_numpy()[bad]]
    _, first = np.unique(group[primary_rows], return_index=True)
    # and, for a tension, its first instance that holds on wide intervals says which reading it needs.
    wide_rows = bad[groups["wide_ok"].to_numpy()[bad]]
    wide_groups, first_wide = np.unique(group[wide_rows], return_index=True)
    alt_of = dict(zip(wide_groups.tolist(), wide_rows[first_wide].tolist(), strict=True))
    columns = {c: groups[c].to_numpy() for c in _INSTANCE_FIELDS}
    out = []
    for k in primary_rows[first].tolist():
        primary = {c: v[k] for c, v in columns.items()}
        status = primary["status"]
        rows = [int(primary[m]) for m in ("m0", "m1", "m2") if primary[m] >= 0]
        arithmetic = explain(frame, primary)
        if status == "tension":
            j = alt_of.get(int(group[k]))
            alt = None if j is None else {c: v[j] for c, v in columns.items()}
            why = _why_tension(frame, alt, primary)
            message = f"{_quantity(frame, rows[0])}: {_RELATION_WORDS[primary['relation']]} holds only {why}"
        else:
            message = (
                f"{_quantity(frame, rows[0])}: {_RELATION_WORDS[primary['relation']]} fails under every reading "
                "of these figures, within their written precision"
            )
        out.append(_finding(frame, status, str(primary["relation"]), rows, arithmetic, message, primary))
    return out


def _why_tension(frame: pd.DataFrame, alt: Instance | None, primary: Instance) -> str:
    """Why a relation holds only widely; ``alt`` is the group's first instance that holds on wide intervals."""
    if primary["wide_ok"]:
        rows = [int(primary[m]) for m in ("m0", "m1", "m2") if primary[m] >= 0]
        hedged = [cell(frame, r, "claim") for r in rows if cell(frame, r, "hedge") in ("about", "approached")]
        if hedged:
            return "with the hedge of " + ", ".join(hedged) + " stretched to its limit (or the other rounding)"
        return "if the figures were truncated rather than rounded to the nearest value"
    assert alt is not None, "a tension holds on wide intervals under some reading"
    used = [
        f"{cell(frame, int(alt[m]), 'claim')} read as {cell(frame, int(alt[m]), 'reading')!r}"
        for m in ("m0", "m1", "m2")
        if alt[m] >= 0 and not cell(frame, int(alt[m]), "primary")
    ]
    return "under an alternative reading: " + "; ".join(used)


def _finding(
    frame: pd.DataFrame,
    kind: Kind,
    relation: str,
    rows: list[int],
    arithmetic: str,
    message: str,
    instance: Instance | None = None,
) -> Finding:
    first = rows[0]
    implied = reported = None
    if instance is not None and relation in ("growth", "change", "sum", "same_quantity"):
        implied = _interval(instance["implied_lo"], instance["implied_hi"])
        reported = _interval(instance["reported_lo"], instance["reported_hi"])
    return Finding(
        kind=kind,
        relation=relation,
        claims=tuple(str(cell(frame, r, "claim")) for r in rows),
        readings=tuple(str(cell(frame, r, "reading")) for r in rows),
        quotes=tuple(str(cell(frame, r, "quote")) for r in rows),
        intervals=tuple(_row_interval(frame, r) for r in rows),
        arithmetic=arithmetic,
        message=message,
        partner=str(cell(frame, first, "partner")),
        indicator=str(cell(frame, first, "indicator")),
        period=_period_label(frame, first),
        implied=implied,
        reported=reported,
    )


def _interval(lo: float, hi: float) -> Interval | None:
    if math.isnan(lo) or math.isnan(hi) or lo > hi:
        return None
    return Interval(float(lo), float(hi))


def _row_interval(frame: pd.DataFrame, r: int) -> Interval:
    # Findings show the same figures many times: remember each row's interval while the frame is cached.
    memo = frame_memo(frame)
    if memo is None:
        return _new_row_interval(frame, r)
    key = ("interval", r)
    iv: Interval | None = memo.get(key)
    if iv is None:
        iv = memo[key] = _new_row_interval(frame, r)
    return iv


def _new_row_interval(frame: pd.DataFrame, r: int) -> Interval:
    return Interval(
        float(cell(frame, r, "lo")),
        float(cell(frame, r, "hi")),
        bool(cell(frame, r, "lo_open")),
        bool(cell(frame, r, "hi_open")),
    )


def _period_label(frame: pd.DataFrame, r: int) -> str:
    base = cell(frame, r, "base_period")
    return f"{cell(frame, r, 'period')} vs {base}" if base else str(cell(frame, r, "period"))


def _quantity(frame: pd.DataFrame, r: int) -> str:
    return f"KZ–{cell(frame, r, 'partner')} {cell(frame, r, 'indicator')} {_period_label(frame, r)}"


# -- arithmetic lines -------------------------------------------------------------------


def _num(x: float) -> str:
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    return f"{x:.6g}"


def _shown(frame: pd.DataFrame, r: int) -> str:
    """A member as written, with its interval: ``584.3 [584.25, 584.35]``."""
    iv = _row_interval(frame, r)
    if cell(frame, r, "measure") == "ratio":
        return _ratio_text(frame, r, iv)
    text = str(cell(frame, r, "text"))
    unit = str(cell(frame, r, "unit"))
    # A figure written in another scale than the canonical one says so: "2.6 billion USD = [2550, 2650]".
    if unit not in ("million USD", "item", "place", "percent", "company", "person", "") and "million" not in unit:
        return f"{text} {unit} = {iv.format(6)}"
    return f"{text} {iv.format(6)}"


def _ratio_text(frame: pd.DataFrame, r: int, iv: Interval) -> str:
    text = str(cell(frame, r, "text"))
    form = cell(frame, r, "form")
    if form == "percent_increase":
        return f"+{text} % [{_pct(iv.lo, 2, exact=True)}, {_pct(iv.hi, 2, exact=True)}]"
    if form == "percent_of_base":
        return f"{text} % of the base [×{_num(iv.lo)}, ×{_num(iv.hi)}]"
    return (
        f"×{text} [×{_num(iv.lo)}, ×{_num(iv.hi)}]"
        if form == "times"
        else (f"{text} times more [×{_num(iv.lo)}, ×{_num(iv.hi)}]")
    )


def _pct(ratio: float, digits: int, *, exact: bool = False, down: bool = False) -> str:
    """A growth factor as a signed percent change; outward-rounded at display precision unless exact."""
    p = (ratio - 1.0) * 100.0
    if math.isinf(p):
        return "+∞ %"
    if exact:
        value = f"{p:.6g}"
    else:
        scale = 10**digits
        p = math.floor(p * scale) / scale if down else math.ceil(p * scale) / scale
        value = f"{p:.{digits}f}"
    return f"{'+' if p >= 0 else ''}{value} %".replace("-", "−")


def explain(frame: pd.DataFrame, instance: Instance) -> str:
    """One readable line of arithmetic for a relation instance."""
    rel = instance["relation"]
    m = [int(instance[k]) for k in ("m0", "m1", "m2")]
    ok = bool(instance["strict_ok"])
    verdict = "overlap" if ok else "no overlap"
    ilo, ihi = float(instance["implied_lo"]), float(instance["implied_hi"])
    if rel == "same_quantity":
        a, b = _row_interval(frame, m[0]), _row_interval(frame, m[1])
        common = a.intersect(b)
        tail = f"overlap {common.format(6)}" if common is not None else f"no overlap (gap {_num(a.gap(b))})"
        return f"{_shown(frame, m[0])} vs {_shown(frame, m[1])}: {tail}"
    if rel == "sum":
        total = _row_interval(frame, m[1]) + _row_interval(frame, m[2])
        return (
            f"{_shown(frame, m[1])} + {_shown(frame, m[2])} = {total.format(6)}; "
            f"reported {_shown(frame, m[0])}: {verdict}"
        )
    if rel == "growth":
        form = cell(frame, m[0], "form")
        if form == "percent_increase":
            implied = f"{_pct(ilo, 2, down=True)} … {_pct(ihi, 2)}"
        else:
            implied = f"×{math.floor(ilo * 1000) / 1000:g} … ×{math.ceil(ihi * 1000) / 1000:g}"
        levels = f"{_shown(frame, m[2])} → {_shown(frame, m[1])}"
        return f"{levels} implies {implied}; reported {_shown(frame, m[0])}: {verdict}"
    if rel == "change":
        diff = _row_interval(frame, m[1]) - _row_interval(frame, m[2])
        return (
            f"{_shown(frame, m[2])} → {_shown(frame, m[1])} implies a change of {diff.format(6)}; "
            f"reported {_shown(frame, m[0])}: {verdict}"
        )
    if rel in ("part_whole", "rank_nesting"):
        sign = "≤"
        what = "rank" if rel == "rank_nesting" else "part"
        tail = "possible" if ok else f"impossible: the {what} is at least {_num(cell(frame, m[0], 'lo'))}"
        if not ok:
            tail += (
                f", the whole at most {_num(cell(frame, m[1], 'hi'))}"
                if rel == "part_whole"
                else (f", the wider rank at most {_num(cell(frame, m[1], 'hi'))}")
            )
        left = f"{cell(frame, m[0], 'indicator')} {_shown(frame, m[0])} ({cell(frame, m[0], 'period')})"
        right = f"{cell(frame, m[1], 'indicator')} {_shown(frame, m[1])} ({cell(frame, m[1], 'period')})"
        return f"{left} {sign} {right}: {tail}"
    if rel == "range":
        return f"{_shown(frame, m[0])} within [{_num(ilo)}, {_num(ihi)}]: {'possible' if ok else 'impossible'}"
    raise AssertionError(f"no explanation for relation {rel!r}")


# -- readings ----------------------------------------------------------------------------


def _reading_findings(
    frame: pd.DataFrame,
    inst: pd.DataFrame,
    live: dict[str, tuple[str, ...]],
    refuted: dict[int, list[int]],
    support: dict[int, list[int]],
    groups: pd.DataFrame | None = None,
) -> list[Finding]:
    from kzlt_trade.reconcile import implications

    out: list[Finding] = []
    if not live:
        return out
    groups = _group(frame, inst) if groups is None else groups
    for claim, alive in live.items():
        rows = frame.index[frame["claim"] == claim].tolist()
        readings = [str(cell(frame, r, "reading")) for r in rows]
        dead_rows = [r for r in rows if r in refuted]
        if not dead_rows:
            lines = []
            for r in rows:
                implied = implications(frame, r)
                lines.append(f"as {cell(frame, r, 'reading')!r} ({_shown(frame, r)}): {implied}")
            out.append(
                _finding(
                    frame,
                    "ambiguity",
                    "readings",
                    [rows[0]],
                    "; ".join(lines),
                    f"{claim} keeps {len(rows)} readings ({', '.join(readings)}); the other figures cannot choose",
                )
            )
            continue
        if not alive:
            out.append(
                _finding(
                    frame,
                    "contradiction",
                    "readings",
                    [rows[0]],
                    "; ".join(_refutation(frame, groups, r, refuted[r]) for r in dead_rows),
                    f"no reading of {claim} fits the other figures",
                )
            )
            continue
        kept = [r for r in rows if r not in refuted]
        evidence = "; ".join(_refutation(frame, groups, r, refuted[r]) for r in dead_rows)
        # Strong support (a growth, sum or repeated figure that holds) before weak (a part within a whole).
        backing = [g for r in kept for g in support.get(r, [])]
        strong = [g for g in backing if _group_relation(groups, g) in ("growth", "change", "sum", "same_quantity")]
        supporters = sorted({c for g in strong or backing for c in _group_claims(frame, groups, g)} - {claim})
        message = (
            f"{claim}: the other figures refute {', '.join(repr(cell(frame, r, 'reading')) for r in dead_rows)} "
            f"and leave {', '.join(repr(cell(frame, r, 'reading')) for r in kept)}"
        )
        if supporters:
            message += f", supported by {', '.join(supporters)}"
        out.append(_finding(frame, "resolved_ambiguity", "readings", [kept[0]], evidence, message))
        out += _period_labels(frame, groups, kept, dead_rows, refuted, supporters)
    return out


def _group_relation(groups: pd.DataFrame, group: int) -> str:
    return str(groups.loc[groups["group"] == group, "relation"].iloc[0])


def _group_claims(frame: pd.DataFrame, groups: pd.DataFrame, group: int) -> list[str]:
    g = groups[groups["group"] == group].iloc[0]
    return [str(cell(frame, int(g[m]), "claim")) for m in ("m0", "m1", "m2") if g[m] >= 0]


def _refutation(frame: pd.DataFrame, groups: pd.DataFrame, row: int, refuting: list[int]) -> str:
    g = groups[(groups["group"] == refuting[0]) & groups[["m0", "m1", "m2"]].eq(row).any(axis=1)].iloc[0]
    return f"as {cell(frame, row, 'reading')!r}: {explain(frame, g)}"


def _period_labels(
    frame: pd.DataFrame,
    groups: pd.DataFrame,
    kept: list[int],
    dead: list[int],
    refuted: dict[int, list[int]],
    supporters: list[str],
) -> list[Finding]:
    """A figure whose words make it a full year, when only a part of a year fits."""
    out = []
    live_partial = [r for r in kept if cell(frame, r, "period_kind") == "partial"]
    for r in dead:
        if cell(frame, r, "period_kind") != "year" or not live_partial:
            continue
        keep = live_partial[0]
        claim = str(cell(frame, r, "claim"))
        # The plainest evidence: another figure for that very year; failing that, any refuting relation.
        same = [g for g in refuted[r] if _group_relation(groups, g) == "same_quantity"] or refuted[r]
        refuters = sorted({c for g in same for c in _group_claims(frame, groups, g)} - {claim})
        listed = list(dict.fromkeys([*supporters, *refuters]))
        rows = [keep] + [int(frame.index[(frame["claim"] == c) & frame["primary"]][0]) for c in listed]
        message = (
            f"{claim} ({cell(frame, r, 'text')}) reads as the {cell(frame, r, 'period')} total but cannot be: "
            f"{', '.join(refuters)} give{'s' if len(refuters) == 1 else ''} that year otherwise; it fits as "
            f"{_describe_period(frame, keep)}" + (f", with {', '.join(supporters)}" if supporters else "")
        )
        out.append(
            _finding(frame, "period_label", "period_label", rows, _refutation(frame, groups, r, refuted[r]), message)
        )
    return out


def _describe_period(frame: pd.DataFrame, r: int) -> str:
    if cell(frame, r, "period_kind") == "partial" and not cell(frame, r, "months_known"):
        return f"a part of {str(cell(frame, r, 'period'))[:4]} (the same period, months not stated)"
    return str(cell(frame, r, "period"))


# -- anomalies ----------------------------------------------------------------------------


def _year_levels(frame: pd.DataFrame) -> pd.DataFrame:
    """Per partner, money indicator and year: the intersection of the primary level claims.

    ``first`` is the row of the first of those claims.
    """
    keep = frame["primary"].to_numpy() & (frame["measure"] == "level").to_numpy()
    keep &= (frame["period_kind"] == "year").to_numpy()
    keep[keep] = is_money(frame["indicator"][keep])
    cols = ["partner", "indicator", "flow", "lo", "hi"]
    f = frame.loc[keep, cols].assign(year=frame["period_start"][keep].dt.year, first=np.flatnonzero(keep))
    g = f.groupby(["partner", "indicator", "flow", "year"], sort=True)
    out = g.agg(lo=("lo", "max"), hi=("hi", "min"), first=("first", "min"))
    return out[out["lo"] <= out["hi"]].reset_index()


def _jumps(frame: pd.DataFrame, jump: float, levels: pd.DataFrame | None = None) -> list[Finding]:
    levels = _year_levels(frame) if levels is None else levels
    if levels.empty:
        return []
    nxt = levels.assign(year=levels["year"] - 1)
    m = levels.merge(nxt, on=["partner", "indicator", "flow", "year"], suffixes=("", "_next"))
    if m.empty:
        return []
    rlo, rhi = divide(m["lo_next"].to_numpy(), m["hi_next"].to_numpy(), m["lo"].to_numpy(), m["hi"].to_numpy())
    big = (rhi < 1.0 / jump) | (rlo > jump)
    if not big.any():
        return []
    growth = frame[frame["measure"] != "level"]
    explained = {
        (p, i, str(per), str(base))
        for p, i, per, base in growth[["partner", "indicator", "period", "base_period"]].itertuples(index=False)
    }
    out = []
    for k in np.flatnonzero(big):
        row = m.iloc[k]
        if (row["partner"], row["indicator"], str(row["year"] + 1), str(row["year"])) in explained:
            continue
        a, b = int(row["first"]), int(row["first_next"])
        arithmetic = (
            f"{_shown(frame, a)} ({row['year']}) → {_shown(frame, b)} ({row['year'] + 1}): "
            f"{_pct(rlo[k], 1, down=True)} … {_pct(rhi[k], 1)} in one year; no growth claim explains it"
        )
        word = "fell by more than half" if rhi[k] < 1.0 / jump else f"grew more than {jump:g}-fold"
        message = f"KZ–{row['partner']} {row['indicator']} {word} from {row['year']} to {row['year'] + 1}"
        f = _finding(frame, "anomaly", "jump", [b, a], arithmetic, message)
        out.append(_with_period(f, f"{row['year'] + 1} vs {row['year']}", Interval(float(rlo[k]), float(rhi[k]))))
    return out


def _with_period(f: Finding, period: str, implied: Interval | None) -> Finding:
    from dataclasses import replace

    return replace(f, period=period, implied=implied)


def _balance_reversals(frame: pd.DataFrame, levels: pd.DataFrame | None = None) -> list[Finding]:
    levels = _year_levels(frame) if levels is None else levels
    e = levels[levels["indicator"] == "exports"].set_index(["partner", "year"])
    i = levels[levels["indicator"] == "imports"].set_index(["partner", "year"])
    both = e.merge(i, left_index=True, right_index=True, suffixes=("_e", "_i")).reset_index()
    both = both.sort_values(["partner", "year"])
    sign = np.where(both["lo_e"] > both["hi_i"], 1, np.where(both["hi_e"] < both["lo_i"], -1, 0))
    both = both.assign(sign=sign)
    both = both[both["sign"] != 0]
    out: list[Finding] = []
    # Sorted by partner and year: a reversal is a year whose sign differs from the partner's year before.
    partners = both["partner"].to_numpy()
    signs = both["sign"].to_numpy()
    turns = np.flatnonzero((partners[1:] == partners[:-1]) & (signs[1:] != signs[:-1]))
    if not len(turns):
        return out
    involved = np.union1d(turns, turns + 1)
    records = dict(zip(involved.tolist(), both.iloc[involved].to_dict("records"), strict=True))

    def side(r: dict[Any, Any]) -> str:
        e_shown = _shown(frame, int(r["first_e"]))
        i_shown = _shown(frame, int(r["first_i"]))
        op = ">" if r["sign"] > 0 else "<"
        return f"{r['year']}: exports {e_shown} {op} imports {i_shown}"

    for k in turns.tolist():
        before, after = records[k], records[k + 1]
        partner = before["partner"]
        members = [
            int(after["first_e"]),
            int(after["first_i"]),
            int(before["first_e"]),
            int(before["first_i"]),
        ]
        was, became = ("surplus", "deficit") if before["sign"] > 0 else ("deficit", "surplus")
        message = (
            f"KZ–{partner}: Kazakhstan's trade {was} in {before['year']} turned into a {became} by {after['year']}"
        )
        f = _finding(frame, "anomaly", "balance", members, f"{side(before)}; {side(after)}", message)
        out.append(_with_period(f, f"{after['year']} vs {before['year']}", None))
    return out

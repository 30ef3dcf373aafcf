"""Which figures agree, which cannot both be true, and which are only loosely true.

:func:`check` reads the claims (:class:`~kzlt_trade.readings.Readings`),
takes the reports of each quantity together (:mod:`kzlt_trade.nodes`),
generates every relation among them (:data:`kzlt_trade.relations.REGISTRY`),
decides each by interval arithmetic under every reading, and reports:

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

An *instance* is one relation over one choice of nodes; the instances over the
same claims (under different readings) form a *relation group* with one
verdict, and a group that fails gives one finding naming all of its claims.

>>> report = check()
>>> [(f.relation, len(f.claims)) for f in report.contradictions]
[('growth', 4), ('same_quantity', 2)]
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from kzlt_trade.anomalies import balance_reversals, jumps, year_levels
from kzlt_trade.errors import UsageError
from kzlt_trade.interval import Interval
from kzlt_trade.ivec import BoolArray, FloatArray, IntArray
from kzlt_trade.network import implications_of
from kzlt_trade.nodes import Nodes
from kzlt_trade.readings import Readings
from kzlt_trade.relations import REGISTRY, Members, Relation
from kzlt_trade.results import Finding, Report
from kzlt_trade.vocabulary import RELATIONS, STATUSES, Rounding, expect
from kzlt_trade.wording import Wording, finding

if TYPE_CHECKING:
    import pandas as pd

    from kzlt_trade.dataset import Dataset
    from kzlt_trade.reading import HedgePolicy

__all__ = ["RelationGroups", "check", "check_readings"]

_STATUS = {s: np.int8(i) for i, s in enumerate(STATUSES)}


def check(
    ds: Dataset | None = None,
    *,
    rounding: Rounding = "nearest",
    policy: HedgePolicy | None = None,
    jump: float = 2.0,
    readings: Readings | None = None,
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
    readings
        The readings of ``ds``, if already built (``rounding`` and ``policy``
        are then those it was built with).

    Examples
    --------
    >>> r = check()
    >>> sorted({f.kind for f in r})
    ['ambiguity', 'anomaly', 'contradiction', 'period_label', 'resolved_ambiguity']
    """
    from kzlt_trade.dataset import Dataset
    from kzlt_trade.io import load

    if ds is not None:
        expect("ds", ds, Dataset, "a Dataset, e.g. kzlt_trade.load(folder)")
    if isinstance(jump, bool) or not isinstance(jump, int | float) or not jump > 1.0:
        raise UsageError("jump", jump, "a ratio greater than 1")
    if readings is None:
        readings = Readings.of(ds if ds is not None else load(), rounding=rounding, policy=policy)
    return check_readings(readings, jump=float(jump))


def check_readings(readings: Readings, *, jump: float = 2.0) -> Report:
    """:func:`check` on readings already built."""
    nodes = Nodes.of(readings)
    w = Wording(readings, nodes)
    inst = _instances(nodes)
    groups = _group(nodes, inst)
    live, refuted, support = _readings_verdict(nodes, inst, groups)
    findings: list[Finding] = []
    findings += _relation_findings(w, inst, groups)
    findings += _reading_findings(w, inst, groups, live, refuted, support)
    levels = year_levels(readings)
    findings += jumps(w, jump, levels)
    findings += balance_reversals(w, levels)
    findings.sort(key=lambda f: (-f.severity, f.kind, f.key))
    groups_table = RelationGroups.of(nodes, inst, groups)
    return Report(tuple(findings), readings.rounding, live, readings=readings, groups=groups_table)


# -- instances -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Instances:
    """Every relation instance, decided: arrays indexed by instance."""

    relation: np.ndarray  # int8 codes into RELATIONS
    members: Members
    strict_ok: BoolArray
    wide_ok: BoolArray
    implied_lo: FloatArray
    implied_hi: FloatArray
    all_primary: BoolArray

    def __len__(self) -> int:
        return len(self.relation)

    def member_array(self) -> IntArray:
        return np.stack([self.members.m0, self.members.m1, self.members.m2], axis=1)


def _instances(nodes: Nodes) -> _Instances:
    parts: list[tuple[int, Members]] = []
    for code, rel in enumerate(REGISTRY.values()):
        parts.append((code, _without_reuse(nodes, rel.instances(nodes))))
    relation = np.concatenate([np.full(len(m), code, dtype=np.int8) for code, m in parts])
    members = Members.concat([m for _, m in parts])
    strict_ok = np.zeros(len(relation), dtype=bool)
    wide_ok = np.zeros(len(relation), dtype=bool)
    implied_lo = np.full(len(relation), np.nan)
    implied_hi = np.full(len(relation), np.nan)
    at = 0
    for code, m in parts:
        rel = REGISTRY[RELATIONS[code]]
        span = slice(at, at + len(m))
        at += len(m)
        if not len(m):
            continue
        strict_ok[span], implied = rel.decide(nodes, m, wide=False)
        wide_ok[span], _ = rel.decide(nodes, m, wide=True)
        implied_lo[span], implied_hi[span] = implied.lo, implied.hi
    present = np.stack([members.m0, members.m1, members.m2], axis=1) >= 0
    all_primary = np.all(
        ~present | nodes.primary[np.where(present, np.stack([members.m0, members.m1, members.m2], axis=1), 0)], axis=1
    )
    return _Instances(relation, members, strict_ok, wide_ok, implied_lo, implied_hi, all_primary)


def _without_reuse(nodes: Nodes, m: Members) -> Members:
    """The instances that use no claim twice (two readings of one claim are never related to each other)."""
    if not len(m):
        return m
    key = nodes.claim_key
    k0 = key[m.m0]
    k1 = np.where(m.m1 >= 0, key[np.maximum(m.m1, 0)], -1)
    k2 = np.where(m.m2 >= 0, key[np.maximum(m.m2, 0)], -2)
    return m.take((k0 != k1) & (k0 != k2) & ((k1 != k2) | (k1 < 0)))


# -- groups ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Groups:
    """A group id per instance, and per group its verdict (a code into STATUSES)."""

    group: IntArray
    status: np.ndarray  # int8, per group
    #: Per group: the instance that stands for it (its first primary one, else its first).
    representative: IntArray

    def __len__(self) -> int:
        return len(self.status)

    @functools.cached_property
    def _by_group(self) -> tuple[IntArray, IntArray]:
        order = np.argsort(self.group, kind="stable").astype(np.int64)
        offsets = np.r_[0, np.cumsum(np.bincount(self.group, minlength=len(self)))].astype(np.int64)
        return order, offsets

    def instances(self, g: int) -> IntArray:
        """The instances of group ``g``, in order."""
        order, offsets = self._by_group
        return order[offsets[g] : offsets[g + 1]]


def _group(nodes: Nodes, inst: _Instances) -> _Groups:
    members = inst.member_array()
    present = members >= 0
    keys = np.where(present, nodes.claim_key[np.where(present, members, 0)], -1)
    keys.sort(axis=1)
    group = _first_seen_ids(inst.relation, keys)
    n = int(group.max()) + 1 if len(group) else 0
    has_primary = np.bincount(group, weights=inst.all_primary, minlength=n) > 0
    primary_strict = np.bincount(group, weights=inst.all_primary & inst.strict_ok, minlength=n) > 0
    any_wide = np.bincount(group, weights=inst.wide_ok, minlength=n) > 0
    status = np.where(
        primary_strict,
        _STATUS["consistent"],
        np.where(
            ~has_primary, _STATUS["reading_only"], np.where(any_wide, _STATUS["tension"], _STATUS["contradiction"])
        ),
    ).astype(np.int8)
    first = np.full(n, len(group), dtype=np.int64)
    np.minimum.at(first, group, np.arange(len(group)))
    first_primary = np.full(n, len(group), dtype=np.int64)
    primary = np.flatnonzero(inst.all_primary)
    np.minimum.at(first_primary, group[primary], primary)
    representative = np.where(first_primary < len(group), first_primary, first)
    return _Groups(group, status, representative)


def _first_seen_ids(relation: np.ndarray, keys: IntArray) -> IntArray:
    """An id per distinct (relation, keys) row, numbered in order of first appearance."""
    from kzlt_trade.nodes import combine_codes

    if not len(relation):
        return np.zeros(0, dtype=np.int64)
    return combine_codes([relation, keys[:, 0], keys[:, 1], keys[:, 2]])


class RelationGroups:
    """Every relation group of a check, as arrays; :meth:`table` writes them out as a DataFrame."""

    def __init__(self, nodes: Nodes, members: Members, relation: np.ndarray, status: np.ndarray,
                 implied_lo: FloatArray, implied_hi: FloatArray) -> None:  # fmt: skip
        self.nodes = nodes
        self.members = members
        self.relation = relation
        self.status = status
        self.implied_lo = implied_lo
        self.implied_hi = implied_hi

    @classmethod
    def of(cls, nodes: Nodes, inst: _Instances, groups: _Groups) -> RelationGroups:
        rep = groups.representative
        return cls(nodes, inst.members.take(rep), inst.relation[rep], groups.status,
                   inst.implied_lo[rep], inst.implied_hi[rep])  # fmt: skip

    def __len__(self) -> int:
        return len(self.status)

    def status_counts(self) -> dict[str, int]:
        """The number of groups of each status."""
        counts = np.bincount(self.status.astype(np.int64), minlength=len(STATUSES))
        return {s: int(c) for s, c in zip(STATUSES, counts.tolist(), strict=True) if c}

    @functools.cached_property
    def table(self) -> pd.DataFrame:
        """One row per group: key, relation, status, claims (in member order), quantity, implied and reported bounds."""
        import pandas as pd

        nodes = self.nodes
        rd = nodes.readings
        claim = rd.col("claim")
        keys, ids = [], []
        relations = [REGISTRY[RELATIONS[k]] for k in self.relation.tolist()]
        members = zip(self.members.m0.tolist(), self.members.m1.tolist(), self.members.m2.tolist(), strict=True)
        for rel, m in zip(relations, members, strict=True):
            names = [str(claim[r]) for r in rel.rows(nodes, *m)]
            ids.append(", ".join(names))
            keys.append("+".join(sorted(names)))
        relation = np.asarray(RELATIONS, dtype=object)[self.relation.astype(np.int64)]
        first = nodes.order[nodes.offsets[self.members.m0]]
        return pd.DataFrame(
            {
                "key": [f"{r}:{k}" for r, k in zip(relation.tolist(), keys, strict=True)],
                "relation": relation,
                "status": pd.Categorical.from_codes(self.status.astype(np.int64), categories=pd.Index(list(STATUSES))),
                "claims": ids,
                "partner": rd.col("partner")[first],
                "indicator": rd.col("indicator")[first],
                "period": rd.col("period")[first],
                "implied_lo": self.implied_lo,
                "implied_hi": self.implied_hi,
                "reported_lo": nodes.strict.lo[self.members.m0],
                "reported_hi": nodes.strict.hi[self.members.m0],
            }
        )


# -- findings from relation groups -----------------------------------------------------


def _members_at(inst: _Instances, k: int) -> tuple[int, int, int]:
    return int(inst.members.m0[k]), int(inst.members.m1[k]), int(inst.members.m2[k])


def _rows_of(w: Wording, m: tuple[int, int, int], rel: Relation) -> list[int]:
    return rel.rows(w.nodes, *m)


def _relation_findings(w: Wording, inst: _Instances, groups: _Groups) -> list[Finding]:
    bad = np.flatnonzero((groups.status == _STATUS["tension"]) | (groups.status == _STATUS["contradiction"]))
    if not len(bad):
        return []
    # For a tension, the group's first instance that holds on wide intervals says which reading it needs.
    wide = np.flatnonzero(inst.wide_ok)
    first_wide = np.full(len(groups), len(inst), dtype=np.int64)
    np.minimum.at(first_wide, groups.group[wide], wide)
    out = []
    for g in bad.tolist():
        k = int(groups.representative[g])
        m = (int(inst.members.m0[k]), int(inst.members.m1[k]), int(inst.members.m2[k]))
        rel = REGISTRY[RELATIONS[int(inst.relation[k])]]
        rows = _rows_of(w, m, rel)
        arithmetic = rel.explain(w, *m, bool(inst.strict_ok[k]))
        if groups.status[g] == _STATUS["tension"]:
            j = int(first_wide[g])
            alt = (
                None if j == len(inst) else (int(inst.members.m0[j]), int(inst.members.m1[j]), int(inst.members.m2[j]))
            )
            message = (
                f"{w.quantity(m[0])}: {rel.words} holds only {_why_tension(w, rel, bool(inst.wide_ok[k]), m, alt)}"
            )
            kind = "tension"
        else:
            message = (
                f"{w.quantity(m[0])}: {rel.words} fails under every reading of these figures, "
                "within their written precision"
            )
            kind = "contradiction"
        implied = reported = None
        if rel.compares_values and m[1] >= 0:
            implied = _bounded(float(inst.implied_lo[k]), float(inst.implied_hi[k]))
            reported = w.nodes.interval(m[0])
        out.append(finding(w, kind, rel.name, rows, arithmetic, message, implied=implied, reported=reported))  # type: ignore[arg-type]
    return out


def _bounded(lo: float, hi: float) -> Interval | None:
    if math.isnan(lo) or math.isnan(hi) or lo > hi:
        return None
    return Interval(lo, hi)


def _why_tension(
    w: Wording, rel: Relation, primary_wide: bool, m: tuple[int, int, int], alt: tuple[int, int, int] | None
) -> str:
    """Why a relation holds only widely; ``alt`` is the group's first instance that holds on wide intervals."""
    rd = w.readings
    if primary_wide:
        rows = _rows_of(w, m, rel)
        hedged = [str(rd.cell(r, "claim")) for r in rows if rd.cell(r, "hedge") in ("about", "approached")]
        if hedged:
            return "with the hedge of " + ", ".join(hedged) + " stretched to its limit (or the other rounding)"
        return "if the figures were truncated rather than rounded to the nearest value"
    assert alt is not None, "a tension holds on wide intervals under some reading"
    used = [
        f"{rd.cell(r, 'claim')} read as {rd.cell(r, 'reading')!r}"
        for r in _rows_of(w, alt, rel)
        if not rd.cell(r, "primary")
    ]
    return "under an alternative reading: " + "; ".join(used)


# -- readings ----------------------------------------------------------------------------


def _readings_verdict(
    nodes: Nodes, inst: _Instances, groups: _Groups
) -> tuple[dict[str, tuple[str, ...]], dict[int, list[int]], dict[int, list[int]]]:
    """For each ambiguous claim: the readings left alive, and the groups refuting or supporting each reading.

    A reading is refuted by a relation group when, under every reading left alive
    of the group's other ambiguous claims, the relation exists and fails even on
    wide intervals. (Where another claim's reading makes the relation vanish, that
    reading is a way for the first to hold.) Only figures that can be trusted
    refute (see :attr:`Nodes.trusted`): a version of a figure that other reports
    of it contradict refutes nothing. Refuting one reading can leave another with
    fewer ways to hold, so this is repeated until nothing changes.
    """
    rd = nodes.readings
    ambiguous = rd.col("ambiguous").astype(bool)
    if not ambiguous.any():
        return {}, {}, {}
    # The row of each node of an ambiguous claim's reading (-1 for the other nodes).
    single_row = np.full(len(nodes), -1, dtype=np.int64)
    amb_rows = np.flatnonzero(ambiguous)
    single_row[nodes.row_node[amb_rows]] = amb_rows
    members = inst.member_array()
    readings = np.where(members >= 0, single_row[np.maximum(members, 0)], -1)
    trusted = (members < 0) | nodes.trusted[np.maximum(members, 0)]
    at = np.flatnonzero((readings >= 0).any(axis=1))
    readings, trusted = readings[at], trusted[at]
    wide, strict, group = inst.wide_ok[at], inst.strict_ok[at], groups.group[at]
    code = rd.claim_code
    dead = np.zeros(len(rd), dtype=bool)
    while True:
        refuted, support = _refutations(readings, trusted, wide, strict, group, code, dead)
        now = np.zeros(len(rd), dtype=bool)
        now[list(refuted)] = True
        if np.array_equal(now, dead):
            break
        dead = now
    live: dict[str, tuple[str, ...]] = {}
    claim = rd.col("claim")
    for claim_id in dict.fromkeys(claim[amb_rows].tolist()):
        rows = rd.rows_of(str(claim_id))
        live[str(claim_id)] = tuple(str(rd.cell(r, "reading")) for r in rows if r not in refuted)
    return live, refuted, support


def _refutations(
    readings: IntArray,
    trusted: BoolArray,
    wide: BoolArray,
    strict: BoolArray,
    group: IntArray,
    code: IntArray,
    dead: BoolArray,
) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """One round of :func:`_readings_verdict`: which groups refute and which support each reading.

    ``readings`` holds, per instance and member, the readings row of an ambiguous
    claim's node (-1 for other members), ``trusted`` whether each member can
    refute; ``dead`` the readings refuted so far.
    """
    import pandas as pd

    # A claim whose readings are all refuted counts with all of them, so that refutations do not cascade.
    total = np.bincount(code)
    alive = np.bincount(code[~dead], minlength=len(total))
    counted = np.where(alive[code] > 0, ~dead, True)
    ways = np.where(alive > 0, alive, total)
    present = readings >= 0
    safe = np.maximum(readings, 0)
    live_member = ~present | counted[safe]
    factor = np.where(present, ways[code[safe]], 1)
    parts = []
    for j in range(readings.shape[1]):
        mine = present[:, j]
        others = [k for k in range(readings.shape[1]) if k != j]
        others_live = np.all(live_member[:, others], axis=1)
        need = np.prod(factor[:, others], axis=1)
        keep = mine & others_live
        # A failure with an untrusted figure is no evidence: the instance counts as holding.
        evidence = np.all(trusted[:, others], axis=1)
        parts.append(
            pd.DataFrame(
                {"row": readings[keep, j], "group": group[keep], "wide": (wide | ~evidence)[keep],
                 "strict": strict[keep], "need": need[keep]}
            )
        )  # fmt: skip
    long = pd.concat(parts, ignore_index=True)
    per = long.groupby(["row", "group"]).agg(
        wide=("wide", "any"), strict=("strict", "any"), present=("wide", "size"), need=("need", "max")
    )
    refuted: dict[int, list[int]] = {}
    support: dict[int, list[int]] = {}
    for r, g, ok, strict_ok, n, need in per.reset_index().itertuples(index=False):
        if not ok and n >= need:
            refuted.setdefault(int(r), []).append(int(g))
        elif ok and strict_ok:
            support.setdefault(int(r), []).append(int(g))
    return refuted, support


def _reading_findings(
    w: Wording,
    inst: _Instances,
    groups: _Groups,
    live: dict[str, tuple[str, ...]],
    refuted: dict[int, list[int]],
    support: dict[int, list[int]],
) -> list[Finding]:
    rd = w.readings
    out: list[Finding] = []
    # What each reading of the claims the figures cannot decide implies, all in one network.
    undecided = [r for claim in live for r in rd.rows_of(claim) if not any(x in refuted for x in rd.rows_of(claim))]
    implied = implications_of(rd, undecided)
    for claim, alive in live.items():
        rows = rd.rows_of(claim)
        readings = [str(rd.cell(r, "reading")) for r in rows]
        dead_rows = [r for r in rows if r in refuted]
        if not dead_rows:
            lines = [f"as {rd.cell(r, 'reading')!r} ({w.row(r)}): {implied[r]}" for r in rows]
            message = f"{claim} keeps {len(rows)} readings ({', '.join(readings)}); the other figures cannot choose"
            out.append(finding(w, "ambiguity", "readings", [rows[0]], "; ".join(lines), message))
            continue
        evidence = "; ".join(_refutation(w, inst, groups, r, refuted[r]) for r in dead_rows)
        if not alive:
            out.append(
                finding(
                    w, "contradiction", "readings", [rows[0]], evidence, f"no reading of {claim} fits the other figures"
                )
            )
            continue
        kept = [r for r in rows if r not in refuted]
        # Strong support (a growth, sum or repeated figure that holds) before weak (a part within a whole).
        backing = [g for r in kept for g in support.get(r, [])]
        strong = [g for g in backing if _group_relation(inst, groups, g).supports]
        supporters = sorted({c for g in strong or backing for c in _group_claims(w, inst, groups, g)} - {claim})
        message = (
            f"{claim}: the other figures refute {', '.join(repr(rd.cell(r, 'reading')) for r in dead_rows)} "
            f"and leave {', '.join(repr(rd.cell(r, 'reading')) for r in kept)}"
        )
        if supporters:
            message += f", supported by {', '.join(supporters)}"
        out.append(finding(w, "resolved_ambiguity", "readings", [kept[0]], evidence, message))
        out += _period_labels(w, inst, groups, kept, dead_rows, refuted, supporters)
    return out


def _group_relation(inst: _Instances, groups: _Groups, g: int) -> Relation:
    return REGISTRY[RELATIONS[int(inst.relation[groups.representative[g]])]]


def _group_members(inst: _Instances, groups: _Groups, g: int, row_node: int | None = None) -> tuple[int, int, int]:
    """The members of group ``g``'s representative, or of its first instance using node ``row_node``."""
    k = int(groups.representative[g])
    if row_node is not None:
        at = groups.instances(g)
        m = np.stack([inst.members.m0[at], inst.members.m1[at], inst.members.m2[at]], axis=1)
        k = int(at[np.flatnonzero((m == row_node).any(axis=1))[0]])
    return int(inst.members.m0[k]), int(inst.members.m1[k]), int(inst.members.m2[k])


def _group_claims(w: Wording, inst: _Instances, groups: _Groups, g: int) -> list[str]:
    rows = _rows_of(w, _group_members(inst, groups, g), _group_relation(inst, groups, g))
    return [str(w.readings.cell(r, "claim")) for r in rows]


def _refutation(w: Wording, inst: _Instances, groups: _Groups, row: int, refuting: list[int]) -> str:
    g = refuting[0]
    m = _group_members(inst, groups, g, w.nodes.node_of(row))
    return f"as {w.readings.cell(row, 'reading')!r}: {_group_relation(inst, groups, g).explain(w, *m, False)}"


def _period_labels(
    w: Wording,
    inst: _Instances,
    groups: _Groups,
    kept: list[int],
    dead: list[int],
    refuted: dict[int, list[int]],
    supporters: list[str],
) -> list[Finding]:
    """A figure whose words make it a full year, when only a part of a year fits."""
    rd = w.readings
    out = []
    live_partial = [r for r in kept if rd.cell(r, "period_kind") == "partial"]
    for r in dead:
        if rd.cell(r, "period_kind") != "year" or not live_partial:
            continue
        keep = live_partial[0]
        claim = str(rd.cell(r, "claim"))
        # The plainest evidence: another figure for that very year; failing that, any refuting relation.
        same = [g for g in refuted[r] if _group_relation(inst, groups, g) is REGISTRY["same_quantity"]] or refuted[r]
        refuters = sorted({c for g in same for c in _group_claims(w, inst, groups, g)} - {claim})
        listed = list(dict.fromkeys([*supporters, *refuters]))
        rows = [keep] + [rd.primary_row(c) for c in listed]
        message = (
            f"{claim} ({rd.cell(r, 'text')}) reads as the {rd.cell(r, 'period')} total but cannot be: "
            f"{', '.join(refuters)} give{'s' if len(refuters) == 1 else ''} that year otherwise; it fits as "
            f"{_describe_period(w, keep)}" + (f", with {', '.join(supporters)}" if supporters else "")
        )
        out.append(
            finding(w, "period_label", "period_label", rows, _refutation(w, inst, groups, r, refuted[r]), message)
        )
    return out


def _describe_period(w: Wording, r: int) -> str:
    rd = w.readings
    if rd.cell(r, "period_kind") == "partial" and not rd.cell(r, "months_known"):
        return f"a part of {str(rd.cell(r, 'period'))[:4]} (the same period, months not stated)"
    return str(rd.cell(r, "period"))

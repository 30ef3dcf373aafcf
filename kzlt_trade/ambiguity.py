"""What the figures say about each reading of an ambiguous claim.

A claim that keeps several readings ("grew 6.4 times": ×6.4 or ×7.4) has each
reading judged by the relations it takes part in. A reading is *refuted* by a
relation group when, under every reading left alive of the group's other
ambiguous claims, the relation exists and fails even on wide intervals; only
trusted figures refute (:attr:`kzlt_trade.nodes.Nodes.trusted`). Then:

* one reading left alive: ``resolved_ambiguity``, naming the reading kept, the
  readings refuted and the arithmetic that refutes them; where the refuted
  reading was a full year and a part of a year fits, a ``period_label`` too;
* several alive: ``ambiguity``, saying what each reading implies for the
  quantities it touches (:func:`kzlt_trade.network.implications_of`);
* none alive: ``contradiction``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from kzlt_trade.groups import Groups, Instances
from kzlt_trade.ivec import BoolArray, IntArray
from kzlt_trade.network import implications_of
from kzlt_trade.nodes import Nodes
from kzlt_trade.relations import REGISTRY, Relation
from kzlt_trade.results import Finding
from kzlt_trade.vocabulary import RELATIONS
from kzlt_trade.wording import Wording, finding

if TYPE_CHECKING:
    from kzlt_trade.readings import Readings

__all__ = ["reading_findings", "readings_verdict"]


def readings_verdict(
    nodes: Nodes, inst: Instances, groups: Groups
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
    # Two offices' counts of one flow differ by design (CIF/FOB, timing, attribution): a mirror
    # pair is evidence of an asymmetry, never against a reading.
    at = np.flatnonzero((readings >= 0).any(axis=1) & (inst.relation != RELATIONS.index("mirror")))
    readings, trusted = readings[at], trusted[at]
    wide, strict, group = inst.wide_ok[at], inst.strict_ok[at], groups.group[at]
    code = rd.claim_code
    links = _links(rd)
    dead = np.zeros(len(rd), dtype=bool)
    while True:
        refuted, support = _refutations(readings, trusted, wide, strict, group, code, dead)
        _follow_links(rd, links, refuted)
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


def linked_by(refuting: int) -> int:
    """The row whose reading refutes another through a link, from its entry in ``refuted`` (a negative id).

    ``refuted[row]`` lists relation groups (ids >= 0) and, for a reading refuted
    because a reading of another claim of its link was chosen or refuted, that
    row's code ``-1 - row``.
    """
    return -1 - refuting


def _links(rd: Readings) -> dict[str, list[int]]:
    """The rows of each link of readings (readings of claims of one sentence, read alike)."""
    link = rd.col("link")
    out: dict[str, list[int]] = {}
    for r in np.flatnonzero(link != "").tolist():
        out.setdefault(str(link[r]), []).append(r)
    return out


def _follow_links(rd: Readings, links: dict[str, list[int]], refuted: dict[int, list[int]]) -> None:
    """Refute, in place, what the links imply: the claims of a link are read alike.

    A linked reading refuted refutes the link's other readings; a claim left with
    only its linked reading chooses the link, which refutes the other readings of
    the link's other claims. Repeated until nothing changes.
    """
    changed = bool(links)
    while changed:
        changed = False
        for rows in links.values():
            dead = [r for r in rows if r in refuted]
            for r in rows:
                if dead and r not in refuted:
                    refuted[r] = [-1 - dead[0]]
                    changed = True
            chosen = [r for r in rows if r not in refuted and _only_live(rd, r, refuted)]
            if not chosen:
                continue
            for r in rows:
                for other in rd.rows_of(str(rd.cell(r, "claim"))):
                    if other != r and other not in refuted:
                        refuted[other] = [-1 - chosen[0]]
                        changed = True


def _only_live(rd: Readings, row: int, refuted: dict[int, list[int]]) -> bool:
    """Whether every other reading of ``row``'s claim is refuted."""
    return all(r == row or r in refuted for r in rd.rows_of(str(rd.cell(row, "claim"))))


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
    per = per.reset_index()
    row, grp = per["row"].to_numpy(np.int64), per["group"].to_numpy(np.int64)
    ok, strict_ok = per["wide"].to_numpy(bool), per["strict"].to_numpy(bool)
    refuting = ~ok & (per["present"].to_numpy() >= per["need"].to_numpy())
    return _by_row(row[refuting], grp[refuting]), _by_row(row[ok & strict_ok], grp[ok & strict_ok])


def _by_row(rows: IntArray, groups: IntArray) -> dict[int, list[int]]:
    """The groups of each row, in order."""
    order = np.argsort(rows, kind="stable")
    rows, groups = rows[order], groups[order]
    if not len(rows):
        return {}
    cuts = np.flatnonzero(rows[1:] != rows[:-1]) + 1
    starts, ends = np.r_[0, cuts].tolist(), np.r_[cuts, len(rows)].tolist()
    listed = groups.tolist()
    return {int(rows[a]): listed[a:b] for a, b in zip(starts, ends, strict=True)}


def reading_findings(
    w: Wording,
    inst: Instances,
    groups: Groups,
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
        evidence = "; ".join(_refutation(w, inst, groups, r, refuted) for r in dead_rows)
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


def _group_relation(inst: Instances, groups: Groups, g: int) -> Relation:
    return REGISTRY[RELATIONS[int(inst.relation[groups.representative[g]])]]


def _group_members(inst: Instances, groups: Groups, g: int, row_node: int | None = None) -> tuple[int, int, int]:
    """The members of group ``g``'s representative, or of its first instance using node ``row_node``."""
    k = int(groups.representative[g])
    if row_node is not None:
        at = groups.instances(g)
        m = np.stack([inst.members.m0[at], inst.members.m1[at], inst.members.m2[at]], axis=1)
        k = int(at[np.flatnonzero((m == row_node).any(axis=1))[0]])
    return inst.at(k)


def _group_claims(w: Wording, inst: Instances, groups: Groups, g: int) -> list[str]:
    rows = _group_relation(inst, groups, g).rows(w.nodes, *_group_members(inst, groups, g))
    return [str(w.readings.cell(r, "claim")) for r in rows]


def _refutation(w: Wording, inst: Instances, groups: Groups, row: int, refuted: dict[int, list[int]]) -> str:
    g = refuted[row][0]
    if g < 0:
        rd = w.readings
        other = linked_by(g)
        chosen = "is refuted" if other in refuted else "is the one left"
        return (
            f"as {rd.cell(row, 'reading')!r}: linked ({rd.cell(row, 'link') or rd.cell(other, 'link')}) with "
            f"{rd.cell(other, 'claim')}, whose reading {rd.cell(other, 'reading')!r} {chosen}"
        )
    m = _group_members(inst, groups, g, w.nodes.node_of(row))
    return f"as {w.readings.cell(row, 'reading')!r}: {_group_relation(inst, groups, g).explain(w, *m, False)}"


def _period_labels(
    w: Wording,
    inst: Instances,
    groups: Groups,
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
        by_groups = [g for g in refuted[r] if g >= 0]
        same = [g for g in by_groups if _group_relation(inst, groups, g) is REGISTRY["same_quantity"]] or by_groups
        refuters = sorted({c for g in same for c in _group_claims(w, inst, groups, g)} - {claim})
        listed = list(dict.fromkeys([*supporters, *refuters]))
        rows = [keep] + [rd.primary_row(c) for c in listed]
        message = (
            f"{claim} ({rd.cell(r, 'text')}) reads as the {rd.cell(r, 'period')} total but cannot be: "
            f"{', '.join(refuters)} give{'s' if len(refuters) == 1 else ''} that year otherwise; it fits as "
            f"{_describe_period(w, keep)}" + (f", with {', '.join(supporters)}" if supporters else "")
        )
        out.append(finding(w, "period_label", "period_label", rows, _refutation(w, inst, groups, r, refuted), message))
    return out


def _describe_period(w: Wording, r: int) -> str:
    rd = w.readings
    if rd.cell(r, "period_kind") == "partial" and not rd.cell(r, "months_known"):
        return f"a part of {str(rd.cell(r, 'period'))[:4]} (the same period, months not stated)"
    return str(rd.cell(r, "period"))

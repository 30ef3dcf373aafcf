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
    # Only the instances with a reading of an ambiguous claim among their members count: they
    # are found member by member, so that the arrays of every instance's members are not made.
    m = inst.members
    touches = np.zeros(len(inst), dtype=bool)
    for member in (m.m0, m.m1, m.m2):
        touches |= (member >= 0) & (single_row[np.maximum(member, 0)] >= 0)
    # Two offices' counts of one flow differ by design (CIF/FOB, timing, attribution): a mirror
    # pair is evidence of an asymmetry, never against a reading.
    at = np.flatnonzero(touches & (inst.relation != RELATIONS.index("mirror")))
    members = np.stack([m.m0[at], m.m1[at], m.m2[at]], axis=1)
    readings = np.where(members >= 0, single_row[np.maximum(members, 0)], -1)
    trusted = (members < 0) | nodes.trusted[np.maximum(members, 0)]
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
    # A claim whose readings are all refuted counts with all of them, so that refutations do not cascade.
    total = np.bincount(code)
    alive = np.bincount(code[~dead], minlength=len(total))
    counted = np.where(alive[code] > 0, ~dead, True)
    ways = np.where(alive > 0, alive, total)
    present = readings >= 0
    safe = np.maximum(readings, 0)
    live_member = ~present | counted[safe]
    factor = np.where(present, ways[code[safe]], 1)
    rows: list[IntArray] = []
    groups: list[IntArray] = []
    wides: list[BoolArray] = []
    stricts: list[BoolArray] = []
    needs: list[IntArray] = []
    for j in range(readings.shape[1]):
        mine = present[:, j]
        others = [k for k in range(readings.shape[1]) if k != j]
        others_live = np.all(live_member[:, others], axis=1)
        need = np.prod(factor[:, others], axis=1)
        keep = mine & others_live
        # A failure with an untrusted figure is no evidence: the instance counts as holding.
        evidence = np.all(trusted[:, others], axis=1)
        rows.append(readings[keep, j])
        groups.append(group[keep])
        wides.append((wide | ~evidence)[keep])
        stricts.append(strict[keep])
        needs.append(need[keep])
    # Per (row, group), in that order: whether any instance holds (wide, strict), how many there are
    # and how many it takes (one per way the other claims can be read).
    row_all = np.concatenate(rows).astype(np.int64)
    if not len(row_all):
        return {}, {}
    group_all = np.concatenate(groups).astype(np.int64)
    n_groups = int(group_all.max()) + 1
    key = row_all * n_groups + group_all
    order = np.argsort(key, kind="stable")
    key = key[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    ok = np.logical_or.reduceat(np.concatenate(wides)[order], starts)
    strict_ok = np.logical_or.reduceat(np.concatenate(stricts)[order], starts)
    size = np.diff(np.r_[starts, len(key)])
    most = np.maximum.reduceat(np.concatenate(needs)[order], starts)
    row, grp = key[starts] // n_groups, key[starts] % n_groups
    refuting = ~ok & (size >= most)
    return _by_row(row[refuting], grp[refuting]), _by_row(row[ok & strict_ok], grp[ok & strict_ok])


def _by_row(rows: IntArray, groups: IntArray) -> dict[int, list[int]]:
    """The groups of each row, in order."""
    order = np.argsort(rows, kind="stable")
    rows, groups = rows[order], groups[order]
    if not len(rows):
        return {}
    cuts = np.flatnonzero(rows[1:] != rows[:-1]) + 1
    starts, ends = np.r_[0, cuts].tolist(), np.r_[cuts, len(rows)].tolist()
    # Python lists, not numpy scalars: one conversion for all rather than one per row.
    keys, listed = rows[starts].tolist(), groups.tolist()
    return {k: listed[a:b] for k, a, b in zip(keys, starts, ends, strict=True)}


def reading_findings(
    w: Wording,
    inst: Instances,
    groups: Groups,
    live: dict[str, tuple[str, ...]],
    refuted: dict[int, list[int]],
    support: dict[int, list[int]],
) -> list[Finding]:
    rd = w.readings
    ev = _Evidence(w, inst, groups, refuted)
    reading = rd.col("reading")
    out: list[Finding] = []
    # What each reading of the claims the figures cannot decide implies, all in one network.
    rows_of = {claim: rd.rows_of(claim) for claim in live}
    undecided = [r for rows in rows_of.values() if not any(x in refuted for x in rows) for r in rows]
    implied = implications_of(rd, undecided)
    for claim, alive in live.items():
        rows = rows_of[claim]
        readings = [str(reading[r]) for r in rows]
        dead_rows = [r for r in rows if r in refuted]
        if not dead_rows:
            lines = [f"as {reading[r]!r} ({w.row(r)}): {implied[r]}" for r in rows]
            message = f"{claim} keeps {len(rows)} readings ({', '.join(readings)}); the other figures cannot choose"
            out.append(finding(w, "ambiguity", "readings", [rows[0]], "; ".join(lines), message))
            continue
        evidence = "; ".join(ev.refutation(r) for r in dead_rows)
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
        strong = [g for g in backing if ev.relation(g).supports]
        supporters = sorted({c for g in strong or backing for c in ev.claims(g)} - {claim})
        message = (
            f"{claim}: the other figures refute {', '.join(repr(reading[r]) for r in dead_rows)} "
            f"and leave {', '.join(repr(reading[r]) for r in kept)}"
        )
        if supporters:
            message += f", supported by {', '.join(supporters)}"
        out.append(finding(w, "resolved_ambiguity", "readings", [kept[0]], evidence, message))
        out += _period_labels(ev, kept, dead_rows, supporters)
    return out


class _Evidence:
    """The relation groups behind the readings' verdicts, as the findings of one analysis word them.

    A group's claims and a reading's refutation are each written once: a claim
    refuted by a group is named in its resolution and again in its period label,
    and one group often refutes or supports many readings.
    """

    def __init__(self, w: Wording, inst: Instances, groups: Groups, refuted: dict[int, list[int]]) -> None:
        self.w, self.inst, self.groups, self.refuted = w, inst, groups, refuted
        self._claim = w.readings.col("claim")
        self._claims: dict[int, list[str]] = {}
        self._refutations: dict[int, str] = {}
        self._relation_code: list[int] | None = None
        self._refuting: dict[int, list[int]] | None = None

    def relation(self, g: int) -> Relation:
        """The relation of group ``g``."""
        if self._relation_code is None:
            self._relation_code = self.inst.relation[self.groups.representative].tolist()
        return REGISTRY[RELATIONS[self._relation_code[g]]]

    def claims(self, g: int) -> list[str]:
        """The claims of group ``g``'s representative, in member order."""
        got = self._claims.get(g)
        if got is None:
            rows = self.relation(g).rows(self.w.nodes, *_group_members(self.inst, self.groups, g))
            claim = self._claim
            got = self._claims[g] = [str(claim[r]) for r in rows]
        return got

    def refutation(self, row: int) -> str:
        """What refutes the reading of ``row`` (its first refuting group or link)."""
        got = self._refutations.get(row)
        if got is None:
            got = self._refutations[row] = _refutation(self, row)
        return got

    def using(self, g: int, node: int) -> tuple[int, int, int]:
        """The members of the first instance of group ``g`` that uses ``node`` (``g`` refuting a reading first)."""
        if self._refuting is None:
            # The instances of every group that refutes a reading first, found in one pass (an
            # index of the instances of every group would hold two arrays of millions).
            first = sorted({gs[0] for gs in self.refuted.values() if gs[0] >= 0})
            group = self.groups.group
            at = np.flatnonzero(np.isin(group, np.asarray(first, dtype=np.int64)))
            self._refuting = {}
            for k, of in zip(at.tolist(), group[at].tolist(), strict=True):
                self._refuting.setdefault(of, []).append(k)
        for k in self._refuting[g]:
            m = self.inst.at(k)
            if node in m:
                return m
        raise ValueError(f"no instance of group {g} uses node {node}")


def _group_members(inst: Instances, groups: Groups, g: int) -> tuple[int, int, int]:
    """The members of group ``g``'s representative."""
    return inst.at(int(groups.representative[g]))


def _refutation(ev: _Evidence, row: int) -> str:
    w, refuted = ev.w, ev.refuted
    g = refuted[row][0]
    if g < 0:
        rd = w.readings
        other = linked_by(g)
        chosen = "is refuted" if other in refuted else "is the one left"
        return (
            f"as {rd.cell(row, 'reading')!r}: linked ({rd.cell(row, 'link') or rd.cell(other, 'link')}) with "
            f"{rd.cell(other, 'claim')}, whose reading {rd.cell(other, 'reading')!r} {chosen}"
        )
    m = ev.using(g, w.nodes.node_of(row))
    return f"as {w.readings.cell(row, 'reading')!r}: {ev.relation(g).explain(w, *m, False)}"


def _period_labels(ev: _Evidence, kept: list[int], dead: list[int], supporters: list[str]) -> list[Finding]:
    """A figure whose words make it a full year, when only a part of a year fits."""
    w = ev.w
    rd = w.readings
    kind = rd.col("period_kind")
    out = []
    live_partial = [r for r in kept if kind[r] == "partial"]
    for r in dead:
        if kind[r] != "year" or not live_partial:
            continue
        keep = live_partial[0]
        claim = str(rd.cell(r, "claim"))
        # The plainest evidence: another figure for that very year; failing that, any refuting relation.
        by_groups = [g for g in ev.refuted[r] if g >= 0]
        same = [g for g in by_groups if ev.relation(g) is REGISTRY["same_quantity"]] or by_groups
        refuters = sorted({c for g in same for c in ev.claims(g)} - {claim})
        listed = list(dict.fromkeys([*supporters, *refuters]))
        rows = [keep, *w.readings.primary_rows(listed)]
        message = (
            f"{claim} ({rd.cell(r, 'text')}) reads as the {rd.cell(r, 'period')} total but cannot be: "
            f"{', '.join(refuters)} give{'s' if len(refuters) == 1 else ''} that year otherwise; it fits as "
            f"{_describe_period(w, keep)}" + (f", with {', '.join(supporters)}" if supporters else "")
        )
        out.append(finding(w, "period_label", "period_label", rows, ev.refutation(r), message))
    return out


def _describe_period(w: Wording, r: int) -> str:
    rd = w.readings
    if rd.cell(r, "period_kind") == "partial" and not rd.cell(r, "months_known"):
        return f"a part of {str(rd.cell(r, 'period'))[:4]} (the same period, months not stated)"
    return str(rd.cell(r, "period"))

"""Relation instances, decided, and the groups they form.

An *instance* is one relation of :data:`~kzlt_trade.relations.REGISTRY` over
one choice of nodes (see :mod:`kzlt_trade.nodes`), decided on the strict and on
the wide intervals. The instances over the same claims (under different
readings) form a *relation group*, and each group gets one status (see
:data:`~kzlt_trade.vocabulary.Status`): ``consistent`` when it holds on the
strict intervals of the primary readings, ``reading_only`` when it exists only
under an alternative reading, ``tension`` when it holds only widely or under an
alternative reading, ``contradiction`` when it holds under no reading at all.

An instance with a figure in a currency that has no exchange rate for its
period (a node whose ``unrated`` column names the currency) cannot be decided:
it counts as holding (it refutes nothing), and a group of such instances only
is ``undecidable``, never passed in silence.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from kzlt_trade.ivec import BoolArray, FloatArray, IntArray, combine_codes
from kzlt_trade.nodes import Nodes
from kzlt_trade.relations import REGISTRY, Members
from kzlt_trade.vocabulary import RELATIONS, STATUSES

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["STATUS", "Groups", "Instances", "RelationGroups", "group", "instances"]

#: The code of each status in :attr:`Groups.status`.
STATUS = {s: np.int8(i) for i, s in enumerate(STATUSES)}


@dataclass(frozen=True)
class Instances:
    """Every relation instance, decided: arrays indexed by instance."""

    relation: np.ndarray  # int8 codes into RELATIONS
    members: Members
    strict_ok: BoolArray
    wide_ok: BoolArray
    implied_lo: FloatArray
    implied_hi: FloatArray
    all_primary: BoolArray
    #: Whether an instance has a member no exchange rate lets compare (see the module docstring).
    undecidable: BoolArray

    def __len__(self) -> int:
        return len(self.relation)

    def member_array(self) -> IntArray:
        """The members of every instance, one row each (-1 where absent)."""
        return np.stack([self.members.m0, self.members.m1, self.members.m2], axis=1)

    def at(self, k: int) -> tuple[int, int, int]:
        """The members of instance ``k``."""
        m = self.members
        return int(m.m0[k]), int(m.m1[k]), int(m.m2[k])


def instances(nodes: Nodes) -> Instances:
    parts: list[tuple[int, Members]] = []
    for code, rel in enumerate(REGISTRY.values()):
        parts.append((code, rel.of_origins(nodes, without_reuse(nodes, rel.instances(nodes)))))
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
    stacked = np.stack([members.m0, members.m1, members.m2], axis=1)
    present = stacked >= 0
    safe = np.where(present, stacked, 0)
    all_primary = np.all(~present | nodes.primary[safe], axis=1)
    # Figures in one currency are compared in it; across currencies, a rate is needed.
    undecidable = nodes.across_currencies(stacked) & np.any(present & nodes.unrated[safe], axis=1)
    strict_ok |= undecidable
    wide_ok |= undecidable
    return Instances(relation, members, strict_ok, wide_ok, implied_lo, implied_hi, all_primary, undecidable)


def without_reuse(nodes: Nodes, m: Members) -> Members:
    """The instances that use no claim twice (two readings of one claim are never related to each other)."""
    if not len(m):
        return m
    key = nodes.claim_key
    k0 = key[m.m0]
    k1 = np.where(m.m1 >= 0, key[np.maximum(m.m1, 0)], -1)
    k2 = np.where(m.m2 >= 0, key[np.maximum(m.m2, 0)], -2)
    return m.take((k0 != k1) & (k0 != k2) & ((k1 != k2) | (k1 < 0)))


@dataclass(frozen=True)
class Groups:
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


def group(nodes: Nodes, inst: Instances) -> Groups:
    members = inst.member_array()
    present = members >= 0
    keys = np.where(present, nodes.claim_key[np.where(present, members, 0)], -1)
    keys.sort(axis=1)
    group = first_seen_ids(inst.relation, keys)
    n = int(group.max()) + 1 if len(group) else 0
    # Instances no exchange rate lets decide take no part in their group's verdict.
    decided = ~inst.undecidable
    has_primary = np.bincount(group, weights=inst.all_primary & decided, minlength=n) > 0
    primary_strict = np.bincount(group, weights=inst.all_primary & inst.strict_ok & decided, minlength=n) > 0
    any_wide = np.bincount(group, weights=inst.wide_ok & decided, minlength=n) > 0
    any_decided = np.bincount(group, weights=decided, minlength=n) > 0
    status = np.where(
        primary_strict,
        STATUS["consistent"],
        np.where(~has_primary, STATUS["reading_only"], np.where(any_wide, STATUS["tension"], STATUS["contradiction"])),
    ).astype(np.int8)
    status[~any_decided] = STATUS["undecidable"]
    first = np.full(n, len(group), dtype=np.int64)
    np.minimum.at(first, group, np.arange(len(group)))
    first_primary = np.full(n, len(group), dtype=np.int64)
    primary = np.flatnonzero(inst.all_primary)
    np.minimum.at(first_primary, group[primary], primary)
    representative = np.where(first_primary < len(group), first_primary, first)
    return Groups(group, status, representative)


def first_seen_ids(relation: np.ndarray, keys: IntArray) -> IntArray:
    """An id per distinct (relation, keys) row, numbered in order of first appearance."""
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
    def of(cls, nodes: Nodes, inst: Instances, groups: Groups) -> RelationGroups:
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
        # A relation across currencies is decided, and its bounds given, in US dollars.
        mm = self.members
        across = nodes.across_currencies(np.stack([mm.m0, mm.m1, mm.m2], axis=1))
        reported = nodes.strict.take(mm.m0).put(across, nodes.usd_strict.take(mm.m0[across]))
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
                "reported_lo": reported.lo,
                "reported_hi": reported.hi,
            }
        )

"""Which claims are most likely wrong: the smallest sets whose removal makes the figures consistent.

The checker's contradictions are *conflicts*: sets of claims that cannot all
hold. Conflicts that share a claim form a *cluster*; clusters are independent
problems, however large the connected piece of the network they sit in (the
EU and its members over many years are one piece). For each cluster:

1. the hitting sets of its conflicts (each set meets every conflict) of up to
   :data:`MAX_EXACT_REMOVALS` claims are enumerated by branching on the
   smallest conflict not yet met, so their number is bounded by the product
   of a few conflicts' sizes, not by the number of claims;
2. they are tried cheapest first (:func:`cost`), and the first whose removal
   lets the network *around* the cluster's claims (their variables and the
   variables one constraint away, without the claims of other clusters)
   propagate without emptying a variable wins;
3. a cluster that needs more is solved greedily: remove the cheapest claims
   until the network around it holds, then put back each one not needed.

An inconsistency that no contradiction names (one that only propagation
through several relations reveals) is then treated the same way, its conflict
being the claims around the variables that came out empty.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from kzlt_trade.ivec import IntArray
from kzlt_trade.network import Network, propagate
from kzlt_trade.relations import Constraints, Members

if TYPE_CHECKING:
    from kzlt_trade.readings import Readings

__all__ = ["MAX_EXACT_REMOVALS", "Corrector", "clusters", "cost", "hitting_sets"]

#: Largest correction set searched exhaustively; beyond it a greedy search takes over.
MAX_EXACT_REMOVALS = 3
#: Most hitting sets tried for one cluster before the greedy search takes over.
MAX_CANDIDATES = 5000
#: Rounds of repair for inconsistencies that no contradiction names.
MAX_ROUNDS = 3


def cost(rd: Readings, rows: Iterable[int], evidence: dict[int, float] | None = None) -> tuple[Any, ...]:
    """What removing ``rows`` costs, compared in order.

    The lower total source weight (a press release weighs 1, an official table
    :data:`~kzlt_trade.official_claims.OFFICIAL_WEIGHT`, so two press figures go
    before one of the office's); then fewer claims; then the weaker evidence
    for their sources: ``evidence`` gives, per row, the share of the other
    figures of its source that no contradiction names (a source whose other
    figures hold is believed first; see :meth:`Corrector.evidence`); then growth
    and change claims before levels (a rate is derived, a level is reported); then
    older publications (later releases carry revised figures); then claim ids,
    for a stable answer.
    """
    rows = tuple(rows)
    weight = sum(float(rd.cell(r, "weight")) for r in rows)
    trust = round(sum((evidence or {}).get(r, 0.0) for r in rows), 9)
    levels = sum(rd.cell(r, "measure") == "level" for r in rows)
    age = sum(int(np.datetime64(rd.cell(r, "published"), "D").astype(np.int64)) for r in rows)
    return (round(weight, 9), len(rows), trust, levels, age, tuple(sorted(str(rd.cell(r, "claim")) for r in rows)))


def clusters(conflicts: list[set[int]]) -> list[list[set[int]]]:
    """The conflicts grouped by shared claims (each group in the order of its first conflict)."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for c in conflicts:
        first, *rest = sorted(c)
        for x in rest:
            parent[root(x)] = root(first)
    out: dict[int, list[set[int]]] = {}
    for c in conflicts:
        if c:
            out.setdefault(root(min(c)), []).append(c)
    return list(out.values())


def hitting_sets(conflicts: list[set[int]], size: int, limit: int = MAX_CANDIDATES) -> list[frozenset[int]]:
    """The sets of at most ``size`` claims that meet each conflict, each claim chosen to meet one not yet met.

    Found by branching on the smallest conflict not yet met (at most ``limit`` sets).

    >>> sorted(sorted(s) for s in hitting_sets([{1, 2}, {2, 3}], 2))
    [[1, 2], [1, 3], [2]]
    """
    found: set[frozenset[int]] = set()

    def grow(chosen: frozenset[int]) -> None:
        if len(found) >= limit:
            return
        open_ = [c for c in conflicts if not (c & chosen)]
        if not open_:
            found.add(chosen)
            return
        if len(chosen) == size:
            return
        smallest: set[int] = min(open_, key=len)
        for x in sorted(smallest):
            grow(chosen | {x})

    grow(frozenset())
    return list(found)


class Corrector:
    """Finds correction sets in one network, looking only around the claims in question."""

    def __init__(self, rd: Readings, net: Network) -> None:
        self.rd = rd
        #: The network, with the claims read widely where that is what makes them fit (see :attr:`widened`).
        self.net = net
        #: The readings rows that fit only when read widely, found while correcting.
        self.widened: set[int] = set()
        #: For each row found wrong, the other rows it was found in conflict with.
        self.reasons: dict[int, set[int]] = {}
        #: Per row in question, the share of its source's other figures that no conflict names.
        self.evidence: dict[int, float] = {}
        # A network cut out around some claims keeps no variable table (propagation needs none).
        self._no_variables = net.variables.iloc[:0]
        n = net.n
        # The constraints touching each variable: the level bounds, and each relation's constraints.
        self._unary = _index(n, [net.u_var])
        self._families = [_index(n, [c.m.m0, c.m.m1, c.m.m2]) for _, c in net.constraints]
        # The variables each claim (readings row) bounds or links, row by row.
        pairs = [(net.u_row, net.u_var), (net.u_row2, net.u_var)]
        for _, c in net.constraints:
            if c.row is not None:
                pairs += [(c.row, c.m.m1), (c.row, c.m.m2)]
        row = np.concatenate([r for r, _ in pairs])
        var = np.concatenate([v for _, v in pairs])
        keep = (row >= 0) & (var >= 0)
        row, var = row[keep], var[keep]
        order = np.argsort(row, kind="stable")
        self._row_vars = var[order]
        self._row_offsets = np.r_[0, np.cumsum(np.bincount(row, minlength=len(rd)))].astype(np.int64)

    # -- the network around some claims -----------------------------------------------
    def _touching(self, vars_: set[int]) -> tuple[IntArray, list[IntArray]]:
        """The level bounds and the constraints (per family) touching ``vars_``."""
        v = np.asarray(sorted(vars_), dtype=np.int64)
        return _lookup(self._unary, v), [_lookup(f, v) for f in self._families]

    def around(self, rows: Iterable[int]) -> tuple[Network, set[int]]:
        """The network of the variables of ``rows`` and of those one constraint away, with every claim on them.

        Returns the network (on those variables only) and the claims it holds.
        """
        net = self.net
        offsets = self._row_offsets
        near = {int(v) for r in rows for v in self._row_vars[offsets[r] : offsets[r + 1]].tolist()}
        _, families = self._touching(near)
        for (_, c), idx in zip(net.constraints, families, strict=True):
            for ends in (c.m.m0[idx], c.m.m1[idx], c.m.m2[idx]):
                near.update(int(x) for x in ends[ends >= 0].tolist())
        used = np.asarray(sorted(near), dtype=np.int64)
        inside = np.zeros(net.n, dtype=bool)
        inside[used] = True
        iu, families = self._touching(near)
        held = set(net.u_row[iu].tolist()) | set(net.u_row2[iu].tolist())
        cut = []
        for (rel, c), touching in zip(net.constraints, families, strict=True):
            ok = np.ones(len(touching), dtype=bool)
            for x in (c.m.m0[touching], c.m.m1[touching], c.m.m2[touching]):
                ok &= (x < 0) | inside[np.maximum(x, 0)]
            if not ok.any():
                continue
            part = c.take(touching[ok])
            if part.row is not None:
                held.update(part.row.tolist())
            members = Members(
                *(np.where(x >= 0, np.searchsorted(used, x), -1) for x in (part.m.m0, part.m.m1, part.m.m2))
            )
            cut.append((rel, Constraints(members, part.lo, part.hi, part.row)))
        sub = replace(
            net,
            variables=self._no_variables,
            base_lo=net.base_lo[used], base_hi=net.base_hi[used],
            u_var=np.searchsorted(used, net.u_var[iu]).astype(np.int64), u_lo=net.u_lo[iu], u_hi=net.u_hi[iu],
            u_row=net.u_row[iu], u_row2=net.u_row2[iu], constraints=tuple(cut),
        )  # fmt: skip
        held.discard(-1)
        return sub, held

    # -- correction sets --------------------------------------------------------------
    def correct(self, conflicts: list[set[int]]) -> set[int]:
        """The claims most likely wrong: a correction set for each cluster of conflicts, then for what is left."""
        removed: set[int] = set()
        suspects = set().union(*conflicts) if conflicts else set()
        self.evidence = self._evidence(suspects)
        for cluster in clusters(conflicts):
            # The claims of other clusters are left out of this one's test: their own errors
            # are theirs to correct, and would make every test here fail.
            found = self.correction_set(cluster, leave_out=suspects)
            for r in found:
                self.reasons.setdefault(r, set()).update(x for c in cluster if r in c for x in c)
            removed |= found
        for _ in range(MAX_ROUNDS):
            lo, hi = propagate(self.net.without(removed))
            empty = np.flatnonzero(lo > hi)
            if not len(empty):
                break
            # What no contradiction names: the claims on the empty variables and next to them. Read
            # widely first (the other rounding, a hedge stretched): if that is enough, nothing is wrong.
            rows = self._claims_near(set(empty.tolist())) - removed
            if not rows:
                break
            wider = self.net.bounded(rows, self.rd.usd_wide)
            sub, _ = Corrector(self.rd, wider).around(rows)
            if _feasible(sub, removed):
                self.net = wider
                self.widened |= rows
                continue
            self.evidence.update(self._evidence(rows))
            found = self.correction_set([rows], exact=len(rows) <= 12, leave_out=removed)
            for r in found:
                # No contradiction names these: they conflict with the claims around the empty variables.
                self.reasons.setdefault(r, set()).update(rows)
            removed |= found
        for r, others in self.reasons.items():
            others.discard(r)
        return removed

    @functools.cached_property
    def _claims_per_source(self) -> dict[str, int]:
        """How many claims each source gives (counted once per corrector)."""
        import pandas as pd

        primary = self.rd.col("primary").astype(bool)
        counts = pd.Series(self.rd.col("source")[primary]).value_counts()
        return {str(k): int(v) for k, v in counts.items()}

    def _evidence(self, suspects: set[int]) -> dict[int, float]:
        """For each suspect row, the share of the other claims of its source that are no suspects."""
        if not suspects:
            return {}
        source = self.rd.col("source")
        total = self._claims_per_source
        suspected: dict[str, int] = {}
        for r in suspects:
            suspected[str(source[r])] = suspected.get(str(source[r]), 0) + 1
        out = {}
        for r in suspects:
            s = str(source[r])
            others = total.get(s, 1) - 1
            out[r] = (others - (suspected[s] - 1)) / others if others > 0 else 0.0
        return out

    def correction_set(
        self, conflicts: list[set[int]], *, exact: bool = True, leave_out: set[int] | None = None
    ) -> set[int]:
        """The cheapest set of claims meeting every conflict whose removal lets the network around them hold.

        The claims ``leave_out`` that are not among the conflicts' own take no part in the test.
        """
        rows = set().union(*conflicts)
        sub, held = self.around(rows)
        if leave_out:
            sub = sub.without((leave_out & held) - rows)
        if exact:
            # Fewest claims first, and the cheapest of each size first.
            options = hitting_sets(conflicts, MAX_EXACT_REMOVALS)
            for size in range(1, MAX_EXACT_REMOVALS + 1):
                sized = [c for c in options if len(c) == size]
                for combo in sorted(sized, key=lambda c: cost(self.rd, c, self.evidence)):
                    if _feasible(sub, set(combo)):
                        return set(combo)
        # Greedy: drop the cheapest claims until the network around holds, then put back what is not needed.
        order = sorted(rows & held, key=lambda r: cost(self.rd, (r,), self.evidence))
        removed: set[int] = set()
        for r in order:
            removed.add(r)
            if _feasible(sub, removed):
                break
        for r in sorted(removed, key=lambda r: cost(self.rd, (r,), self.evidence), reverse=True):
            if _feasible(sub, removed - {r}):
                removed.discard(r)
        return removed

    def _claims_near(self, vars_: set[int]) -> set[int]:
        iu, families = self._touching(vars_)
        rows = set(self.net.u_row[iu].tolist()) | set(self.net.u_row2[iu].tolist())
        for (_, c), idx in zip(self.net.constraints, families, strict=True):
            if c.row is not None:
                rows.update(c.row[idx].tolist())
        rows.discard(-1)
        return rows


def _feasible(sub: Network, removed: set[int]) -> bool:
    """Whether a network holds without the ``removed`` claims."""
    lo, hi = propagate(sub.without(removed), until_empty=True)
    return bool(np.all(lo <= hi))


def _index(n: int, members: list[IntArray]) -> tuple[IntArray, IntArray]:
    """For each variable, the constraints naming it: (constraint indices sorted by variable, offsets)."""
    var = np.concatenate(members) if members else np.zeros(0, dtype=np.int64)
    idx = np.concatenate([np.arange(len(m), dtype=np.int64) for m in members]) if members else var
    keep = var >= 0
    var, idx = var[keep], idx[keep]
    order = np.argsort(var, kind="stable")
    offsets = np.r_[0, np.cumsum(np.bincount(var, minlength=n))].astype(np.int64)
    return idx[order], offsets


def _lookup(index: tuple[IntArray, IntArray], vars_: IntArray) -> IntArray:
    """The constraints naming any of ``vars_`` (each once, in order)."""
    idx, offsets = index
    if not len(vars_):
        return np.zeros(0, dtype=np.int64)
    parts = [idx[offsets[v] : offsets[v + 1]] for v in vars_.tolist()]
    return np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)

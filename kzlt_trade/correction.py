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

Most clusters are small (two or three claims) and there are many of them, so
steps 1 and 2 run for all clusters at once: their networks are cut out
together and laid side by side, each on variables of its own, and one
propagation tests every cluster's next hitting set (see
:meth:`Corrector._correction_sets`). Each cluster still gets exactly the
answer its own search, alone, would give; only step 3 and the repair of what
no contradiction names go one cluster at a time.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from kzlt_trade.ivec import BoolArray, FloatArray, IntArray
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
#: Claims (counted once per conflict naming them) of the clusters searched side by side at once
#: (see :meth:`Corrector._correction_sets`).
_CLAIMS_AT_ONCE = 25_000


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
    # Read from the columns' arrays: a few rows each time, no column made into a list of Python values.
    weight = sum(float(rd.col("weight")[r]) for r in rows)
    trust = round(sum((evidence or {}).get(r, 0.0) for r in rows), 9)
    levels = sum(rd.col("measure")[r] == "level" for r in rows)
    age = sum(int(np.datetime64(rd.col("published")[r], "D").astype(np.int64)) for r in rows)
    return (round(weight, 9), len(rows), trust, levels, age, tuple(sorted(str(rd.col("claim")[r]) for r in rows)))


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

    Found by branching on the smallest conflict not yet met (the first of the
    fewest claims), its claims in increasing order (at most ``limit`` sets, the
    first ones found in that order).

    >>> sorted(sorted(s) for s in hitting_sets([{1, 2}, {2, 3}], 2))
    [[1, 2], [1, 3], [2]]
    """
    # Claims as bits (in increasing order) and conflicts as bit masks: the search tests a
    # conflict against the chosen claims with one integer operation.
    universe = sorted(set().union(*conflicts)) if conflicts else []
    bit = {x: 1 << k for k, x in enumerate(universe)}
    masks = [sum(bit[x] for x in c) for c in conflicts]
    sizes = [len(c) for c in conflicts]
    found: dict[int, None] = {}  # a dict keeps the order of finding
    seen: set[int] = set()

    def grow(chosen: int, count: int) -> None:
        if len(found) >= limit or chosen in seen:
            # A set reached again (by choosing its claims in another order) finds nothing new:
            # what its branch finds was found on the first visit.
            return
        seen.add(chosen)
        smallest, fewest = 0, -1
        for mask, n in zip(masks, sizes, strict=True):
            if not mask & chosen and (fewest < 0 or n < fewest):
                smallest, fewest = mask, n
        if fewest < 0:
            found[chosen] = None
            return
        if count == size:
            return
        while smallest:
            low = smallest & -smallest
            grow(chosen | low, count + 1)
            smallest ^= low

    grow(0, 0)
    return [frozenset(_claims_of(chosen, universe)) for chosen in found]


def _at_most_hitting_sets(conflicts: list[set[int]], size: int) -> int:
    """A bound on how many sets :func:`hitting_sets` finds: the branches of its search.

    The search branches first on the smallest conflict, then on conflicts of at
    most the largest conflict's size, ``size`` levels deep.
    """
    if not conflicts:
        return 1
    first, widest = min(len(c) for c in conflicts), max(len(c) for c in conflicts)
    return 1 + sum(first * math.prod([widest] * depth) for depth in range(size))


def _claims_of(mask: int, universe: list[int]) -> list[int]:
    """The claims whose bits are set in ``mask``."""
    out = []
    while mask:
        low = mask & -mask
        out.append(universe[low.bit_length() - 1])
        mask ^= low
    return out


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
        groups = clusters(conflicts)
        # The claims of other clusters are left out of each one's test: their own errors
        # are theirs to correct, and would make every test there fail.
        for cluster, found in zip(groups, self._correction_sets(groups, suspects), strict=True):
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
        # Codes and a count per code (a Series of a million sources would copy them into one).
        codes, sources = pd.factorize(self.rd.col("source")[primary])
        counts = np.bincount(codes[codes >= 0], minlength=len(sources))
        return {str(k): int(v) for k, v in zip(sources.tolist(), counts.tolist(), strict=True)}

    def _evidence(self, suspects: set[int]) -> dict[int, float]:
        """For each suspect row, the share of the other claims of its source that are no suspects."""
        if not suspects:
            return {}
        import pandas as pd

        rows = list(suspects)
        # Per source of a suspect: how many suspects it gives, and how many other claims.
        codes, sources = pd.factorize(np.asarray([str(s) for s in self.rd.col("source")[rows].tolist()], dtype=object))
        suspected = np.bincount(codes, minlength=len(sources))[codes]
        total = self._claims_per_source
        others = np.asarray([total.get(s, 1) for s in sources.tolist()], dtype=np.int64)[codes] - 1
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(others > 0, (others - (suspected - 1)) / others, 0.0)
        return dict(zip(rows, share.tolist(), strict=True))

    def _candidates(self, conflicts: list[set[int]]) -> Iterator[frozenset[int]]:
        """The hitting sets of ``conflicts`` in the order they are tried: fewest claims first, then cheapest.

        (Each size is sorted only when the smaller ones have all been tried.)
        """

        def cheapest_first(sets: list[frozenset[int]]) -> list[frozenset[int]]:
            return sorted(sets, key=lambda c: cost(self.rd, c, self.evidence))

        options = None
        if _at_most_hitting_sets(conflicts, MAX_EXACT_REMOVALS) < MAX_CANDIDATES:
            # No set is cut off by the limit: the sets of one claim are the claims that every
            # conflict shares, and the search for larger ones waits until they have failed.
            shared = set.intersection(*conflicts) if conflicts else set()
            yield from cheapest_first([frozenset((x,)) for x in sorted(shared)])
        else:
            options = hitting_sets(conflicts, MAX_EXACT_REMOVALS)
            yield from cheapest_first([c for c in options if len(c) == 1])
        if options is None:
            options = hitting_sets(conflicts, MAX_EXACT_REMOVALS)
        for size in range(2, MAX_EXACT_REMOVALS + 1):
            yield from cheapest_first([c for c in options if len(c) == size])

    def _correction_sets(self, groups: list[list[set[int]]], leave_out: set[int]) -> list[set[int]]:
        """:meth:`correction_set` of each cluster, the exact search of all of them at once.

        Every cluster tests its cheapest hitting set first; those that fail test their next
        one, and so on, each round one propagation of the networks around all the clusters
        still searching (side by side, each on variables of its own: see
        :class:`_Neighbourhoods`). A cluster out of hitting sets goes to the greedy search,
        alone.
        """
        found: list[set[int]] = [set() for _ in groups]
        greedy: list[int] = []
        # A few thousand clusters at a time: the networks around them, side by side, hold copies of
        # their variables and constraints, and their making costs several times what they hold.
        start = 0
        while start < len(groups):
            end, claims = start, 0
            while end < len(groups) and (end == start or claims < _CLAIMS_AT_ONCE):
                claims += sum(len(c) for c in groups[end])
                end += 1
            greedy += self._search_exactly(groups, range(start, end), leave_out, found)
            start = end
        for k in sorted(greedy):
            found[k] = self.correction_set(groups[k], exact=False, leave_out=leave_out)
        return found

    def _search_exactly(
        self, groups: list[list[set[int]]], which: range, leave_out: set[int], found: list[set[int]]
    ) -> list[int]:
        """The exact search of :meth:`_correction_sets` for the clusters ``which``, into ``found``.

        Returns the clusters that none of their hitting sets corrects (for the greedy search).
        """
        options = {k: self._candidates(groups[k]) for k in which}
        trying: dict[int, frozenset[int]] = {}
        greedy = []
        for k in which:
            combo = next(options[k], None)
            if combo is None:
                greedy.append(k)
            else:
                trying[k] = combo
        active = list(trying)
        hoods = _Neighbourhoods.around(self, [set().union(*groups[k]) for k in active], leave_out)
        while active:
            ok = hoods.without([trying[k] for k in active]).feasible()
            still = np.zeros(len(active), dtype=bool)
            for j, k in enumerate(active):
                if ok[j]:
                    found[k] = set(trying[k])
                    continue
                combo = next(options[k], None)
                if combo is None:
                    greedy.append(k)
                else:
                    trying[k] = combo
                    still[j] = True
            active = [k for j, k in enumerate(active) if still[j]]
            hoods = hoods.keep(still)
        return greedy

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
            for combo in self._candidates(conflicts):
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


def _expand(keys: IntArray, at: IntArray, values: IntArray, offsets: IntArray) -> tuple[IntArray, IntArray]:
    """Each ``(key, values[j])`` for ``j`` in ``offsets[a] : offsets[a + 1]``, for each pair ``(key, a)``.

    The lists of a compressed index (as :func:`_index` makes), looked up for many
    entries at once, each result paired with the key of the entry that asked.
    """
    starts = offsets[at]
    counts = offsets[at + 1] - starts
    which = np.repeat(np.arange(len(at)), counts)
    # Position within each list: the running count, less where the list began.
    within = np.arange(len(which)) - np.repeat(np.cumsum(counts) - counts, counts)
    return keys[which], values[starts[which] + within]


def _distinct(keys: IntArray) -> IntArray:
    """The distinct values of ``keys``, sorted.

    (``np.unique`` hashes integers first, which at a million keys takes several
    times as long as sorting them.)
    """
    keys = np.sort(keys)
    return keys[np.r_[True, keys[1:] != keys[:-1]]] if len(keys) else keys


@dataclass(frozen=True)
class _Neighbourhoods:
    """The networks around many clusters' claims side by side, each on variables of its own.

    ``net`` is their disjoint union: the variables of cluster ``k``'s network
    (:meth:`Corrector.around`) are a block of consecutive numbers, in the order of
    the variables they copy, and each level bound and constraint is copied into
    every cluster whose network holds it. Propagating the union narrows each
    block exactly as propagating that cluster's network alone would (the
    narrowing is element by element, and a minimum or maximum does not depend on
    the order it is taken in), so one propagation tests every cluster
    (:meth:`feasible`).
    """

    #: The union of the clusters' networks (with no variable table).
    net: Network
    #: The cluster of each variable (ascending), of each level bound, of each constraint (per family).
    var_cluster: IntArray
    u_cluster: IntArray
    c_cluster: tuple[IntArray, ...]
    #: The number of clusters.
    size: int
    #: The number of readings rows (rows are paired with clusters as ``cluster * rows + row``).
    rows: int

    @classmethod
    def around(cls, corrector: Corrector, claims: list[set[int]], leave_out: set[int]) -> _Neighbourhoods:
        """The networks :meth:`Corrector.around` each set of ``claims``, less the ``leave_out`` claims not its own."""
        net = corrector.net
        n, n_rows, size = net.n, len(corrector.rd), len(claims)
        cluster = np.repeat(np.arange(size, dtype=np.int64), [len(c) for c in claims])
        row = np.fromiter((r for c in claims for r in sorted(c)), dtype=np.int64, count=len(cluster))
        own = _distinct(cluster * n_rows + row)
        # The variables of each cluster's claims, then those one constraint away (as cluster * n + variable).
        kc, kv = _expand(cluster, row, corrector._row_vars, corrector._row_offsets)
        near = _distinct(kc * n + kv)
        kc, kv = near // n, near % n
        reached = [near]
        for (_, c), (idx, offsets) in zip(net.constraints, corrector._families, strict=True):
            cc, ci = _expand(kc, kv, idx, offsets)
            for ends in (c.m.m0[ci], c.m.m1[ci], c.m.m2[ci]):
                reached.append(cc[ends >= 0] * n + ends[ends >= 0])
        used = _distinct(np.concatenate(reached))
        var_cluster, var = used // n, used % n
        suspect = np.zeros(n_rows, dtype=bool)
        suspect[np.fromiter(leave_out, dtype=np.int64, count=len(leave_out))] = True

        def kept(at: IntArray, rows: IntArray) -> BoolArray:
            # Not a claim of another cluster's (a suspect that is not the cluster's own).
            other = suspect[np.maximum(rows, 0)] & (rows >= 0)
            other[other] = ~np.isin(at[other] * n_rows + rows[other], own)
            return ~other

        # The level bounds on those variables (each bound names one variable: found once per cluster).
        uc, ui = _expand(var_cluster, var, *corrector._unary)
        keep = kept(uc, net.u_row[ui]) & kept(uc, net.u_row2[ui])
        uc, ui = uc[keep], ui[keep]
        u_var = np.searchsorted(used, uc * n + net.u_var[ui])
        # The constraints with every end among the cluster's variables.
        cut, c_cluster = [], []
        for (rel, c), (idx, offsets) in zip(net.constraints, corrector._families, strict=True):
            cc, ci = _expand(var_cluster, var, idx, offsets)
            pair = _distinct(cc * max(len(c), 1) + ci)
            cc, ci = pair // max(len(c), 1), pair % max(len(c), 1)
            part = c.take(ci)
            inside = np.ones(len(ci), dtype=bool) if part.row is None else kept(cc, part.row)
            renumbered = []
            for x in (part.m.m0, part.m.m1, part.m.m2):
                key = cc * n + np.maximum(x, 0)
                at = np.minimum(np.searchsorted(used, key), len(used) - 1)
                inside &= (x < 0) | (used[at] == key)
                renumbered.append(np.where(x >= 0, at, -1))
            members = Members(*(x[inside] for x in renumbered))
            cut.append((rel, Constraints(members, *_rows_of(part, inside))))
            c_cluster.append(cc[inside])
        union = Network(
            corrector._no_variables, net.base_lo[var], net.base_hi[var],
            u_var, net.u_lo[ui], net.u_hi[ui], net.u_row[ui], net.u_row2[ui], tuple(cut),
        )  # fmt: skip
        return cls(union, var_cluster, uc, tuple(c_cluster), size, n_rows)

    def without(self, combos: list[frozenset[int]]) -> _Neighbourhoods:
        """The networks without the claims of each cluster's set (``combos[k]`` for cluster ``k``)."""
        net, n_rows = self.net, self.rows
        cluster = np.repeat(np.arange(len(combos), dtype=np.int64), [len(c) for c in combos])
        row = np.fromiter((r for c in combos for r in c), dtype=np.int64, count=len(cluster))
        drop = _distinct(cluster * n_rows + row)

        def kept(at: IntArray, rows: IntArray) -> BoolArray:
            return (rows < 0) | ~np.isin(at * n_rows + rows, drop)

        keep = kept(self.u_cluster, net.u_row) & kept(self.u_cluster, net.u_row2)
        cut, c_cluster = [], []
        for (rel, c), cc in zip(net.constraints, self.c_cluster, strict=True):
            mine = np.ones(len(c), dtype=bool) if c.row is None else kept(cc, c.row)
            cut.append((rel, c.take(mine)))
            c_cluster.append(cc[mine])
        union = replace(
            net, u_var=net.u_var[keep], u_lo=net.u_lo[keep], u_hi=net.u_hi[keep],
            u_row=net.u_row[keep], u_row2=net.u_row2[keep], constraints=tuple(cut),
        )  # fmt: skip
        return replace(self, net=union, u_cluster=self.u_cluster[keep], c_cluster=tuple(c_cluster))

    def keep(self, which: BoolArray) -> _Neighbourhoods:
        """The networks of the clusters ``which`` only (renumbered in order)."""
        net = self.net
        cluster_id = np.cumsum(which) - 1
        var_kept = which[self.var_cluster]
        var_id = np.cumsum(var_kept) - 1
        u = which[self.u_cluster]
        cut, c_cluster = [], []
        for (rel, c), cc in zip(net.constraints, self.c_cluster, strict=True):
            mine = which[cc]
            part = c.take(mine)
            members = Members(
                *(np.where(x >= 0, var_id[np.maximum(x, 0)], -1) for x in (part.m.m0, part.m.m1, part.m.m2))
            )
            cut.append((rel, Constraints(members, part.lo, part.hi, part.row)))
            c_cluster.append(cluster_id[cc[mine]])
        union = Network(
            net.variables, net.base_lo[var_kept], net.base_hi[var_kept],
            var_id[net.u_var[u]], net.u_lo[u], net.u_hi[u], net.u_row[u], net.u_row2[u], tuple(cut),
        )  # fmt: skip
        return _Neighbourhoods(
            union, cluster_id[self.var_cluster[var_kept]], cluster_id[self.u_cluster[u]], tuple(c_cluster),
            int(which.sum()), self.rows,
        )  # fmt: skip

    def feasible(self, max_sweeps: int = 200) -> BoolArray:
        """Whether each cluster's network holds: :func:`_feasible` of each, in one propagation.

        A cluster stops where :func:`~kzlt_trade.network.propagate` with
        ``until_empty`` would stop on its network alone (a variable empty, or no
        change in a sweep, or ``max_sweeps`` sweeps) and is judged on its variables
        as they are then; the others sweep on (once most have stopped, without the
        stopped ones' constraints: a few slow clusters do not keep the others sweeping).
        """
        hoods, net = self, self.net
        lo, hi = net.base_lo.copy(), net.base_hi.copy()
        np.maximum.at(lo, net.u_var, net.u_lo)
        np.minimum.at(hi, net.u_var, net.u_hi)
        verdict = np.ones(self.size, dtype=bool)
        # The clusters still sweeping, by their number here and in ``hoods`` (renumbered as it shrinks).
        number = np.arange(self.size)
        going = np.ones(self.size, dtype=bool)
        for _ in range(max_sweeps):
            if not going.any():
                break
            if 2 * going.sum() < hoods.size:
                at = going[hoods.var_cluster]
                lo, hi = lo[at], hi[at]
                hoods, number, going = hoods.keep(going), number[going], going[going]
            before_lo, before_hi = lo.copy(), hi.copy()
            with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
                for rel, c in hoods.net.constraints:
                    rel.narrow(lo, hi, c)
            empty = hoods.anywhere(lo > hi)
            stop = going & (empty | ~hoods.anywhere((lo != before_lo) | (hi != before_hi)))
            verdict[number[stop]] = ~hoods.anywhere(~(lo <= hi))[stop]
            going &= ~stop
        verdict[number[going]] = ~hoods.anywhere(~(lo <= hi))[going]
        return verdict

    def anywhere(self, mask: BoolArray) -> BoolArray:
        """Per cluster: whether any of its variables is in ``mask``."""
        return np.bincount(self.var_cluster[mask], minlength=self.size) > 0


def _rows_of(part: Constraints, which: BoolArray) -> tuple[FloatArray | None, FloatArray | None, IntArray | None]:
    """The bounds and rows of the constraints ``which`` of ``part`` (``None`` where it has none)."""
    return tuple(None if x is None else x[which] for x in (part.lo, part.hi, part.row))  # type: ignore[return-value]

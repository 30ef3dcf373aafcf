"""Nodes: the reports of one quantity, taken together.

The same figure is often repeated by several releases. Relating every report
to every other would make the work (and the findings) grow with the square,
or the cube, of the number of repeats. So the relations are drawn between
*nodes*, not claims:

* the primary readings of claims with one reading that state the same
  quantity (partner, indicator, flow, scope, measure, period, base period)
  form one node;
* every reading of an ambiguous claim is a node of its own, so that each
  reading is judged on its own.

A node's interval is the intersection of its reports' intervals: all of them
can be true at once. When the reports of a quantity do not share a value, the
most that do form one node, the most of the rest another, and so on
(:func:`agreeing_clusters`), so that every other relation judges each
version of the figure on its own; the ``same_quantity`` relation reports the
disagreement once, naming every report.

>>> from kzlt_trade import load
>>> from kzlt_trade.readings import Readings
>>> r = Readings.of(load())
>>> nodes = Nodes.of(r)
>>> n = nodes.node_of(r.primary_row("mfa-2023-10-10/turnover-2022"))
>>> [r.cell(row, "text") for row in nodes.rows(n)], str(nodes.interval(n))
(['584,3', '584'], '[584.25, 584.35]')
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from kzlt_trade.interval import Interval
from kzlt_trade.ivec import BoolArray, Bounds, IntArray, combine_codes

if TYPE_CHECKING:
    import pandas as pd

    from kzlt_trade.readings import Readings

__all__ = ["KEY", "NODE_COLUMNS", "QUANTITY_KEY", "Nodes", "agreeing_clusters", "largest_agreement"]

#: What makes two reports report the same quantity.
QUANTITY_KEY = ["partner", "reporter", "indicator", "flow", "scope", "measure", "pkey", "bkey"]
#: What makes two reports one node: the same quantity in the same currency (money in two
#: currencies is compared through an exchange rate, by the ``exchange`` relation).
#: Press and official reports of one quantity are nodes of their own, so that the ``official``
#: relation sets the press figures against the office's (see :mod:`kzlt_trade.relations`).
KEY = [*QUANTITY_KEY, "currency", "unrated", "origin"]
#: The columns of :attr:`Nodes.table` (besides ``node``), taken from each node's first report.
NODE_COLUMNS = [*KEY, "period_kind", "period_start", "period_end", "core_start", "core_end", "months_known"]


@dataclass(frozen=True, eq=False)
class Nodes:
    """The nodes of one analysis; see the module docstring."""

    #: The readings they are made of.
    readings: Readings
    #: One row per node: ``node``, :data:`NODE_COLUMNS` and ``quantity``.
    table: pd.DataFrame
    #: The node of each row of the readings.
    row_node: IntArray
    #: The rows of each node, node by node (``order[offsets[n]:offsets[n + 1]]``), in row order.
    order: IntArray
    offsets: IntArray
    #: Each node's interval: the intersection of its reports (which always share a value).
    strict: Bounds
    wide: Bounds
    #: Whether a node is made of primary readings only.
    primary: BoolArray
    #: A code per node for "which claims": the claim's code for a node of one ambiguous claim's
    #: reading, and a code of its own (above every claim code) for a node of plain claims.
    claim_key: IntArray
    #: The quantity of each node of plain reports (-1 for a reading of an ambiguous claim).
    quantity: IntArray
    #: All the plain reports of each quantity, and whether they agree.
    quantities: _Quantities
    #: Whether a node can refute a reading of an ambiguous claim: a reading's node, or the reports
    #: of a quantity that agree, or the version that most of its reports give; not a version that
    #: fewer (or as many) reports give than another.
    trusted: BoolArray

    @classmethod
    def of(cls, readings: Readings) -> Nodes:
        """The nodes of ``readings``."""
        rd = readings
        n_rows = len(rd)
        plain = rd.col("primary").astype(bool) & ~rd.col("ambiguous").astype(bool)
        plain_rows = np.flatnonzero(plain)
        other_rows = np.flatnonzero(~plain)
        # Quantities: the plain reports of one quantity.
        q = combine_codes([rd.col(c)[plain_rows] for c in KEY]) if len(plain_rows) else np.zeros(0, np.int64)
        n_q = int(q.max()) + 1 if len(q) else 0
        q_strict, _ = _meet_and_hull(rd.strict.take(plain_rows), q, n_q)
        q_wide, _ = _meet_and_hull(rd.wide.take(plain_rows), q, n_q)
        q_strict_ok = ~q_strict.empty()
        q_wide_ok = ~q_wide.empty()
        # A quantity whose reports disagree keeps the most that agree as its node; each other
        # report is a node of its own, so that every relation judges it alone.
        node = q.copy()
        n_nodes = n_q
        q_order = np.argsort(q, kind="stable")
        q_offsets = np.r_[0, np.cumsum(np.bincount(q, minlength=n_q))].astype(np.int64)
        # Whether a node's reports are the version of their quantity that most reports give.
        majority = np.ones(n_q, dtype=bool)
        for k in np.flatnonzero(~q_strict_ok).tolist():
            at = q_order[q_offsets[k] : q_offsets[k + 1]].tolist()
            clusters = agreeing_clusters([rd.interval(int(plain_rows[pos])) for pos in at])
            majority[k] = len(clusters[0]) > len(clusters[1])
            for cluster in clusters[1:]:
                for j in cluster:
                    node[at[j]] = n_nodes
                n_nodes += 1
        n_plain = n_nodes
        row_node = np.empty(n_rows, dtype=np.int64)
        row_node[plain_rows] = node
        row_node[other_rows] = n_plain + np.arange(len(other_rows))
        n_nodes = n_plain + len(other_rows)
        quantity = np.full(n_nodes, -1, dtype=np.int64)
        quantity[node] = q
        order = np.argsort(row_node, kind="stable").astype(np.int64)
        offsets = np.r_[0, np.cumsum(np.bincount(row_node, minlength=n_nodes))].astype(np.int64)
        first = order[offsets[:-1]]
        # Columns first, then rows: only the node columns are copied.
        table = rd.table[NODE_COLUMNS].iloc[first].reset_index(drop=True)
        table.insert(0, "node", np.arange(n_nodes))
        table["quantity"] = quantity
        strict, _ = _meet_and_hull(rd.strict, row_node, n_nodes)
        wide, _ = _meet_and_hull(rd.wide, row_node, n_nodes)
        primary = np.ones(n_nodes, dtype=bool)
        primary[n_plain:] = rd.col("primary").astype(bool)[other_rows]
        claim_key = np.arange(n_nodes, dtype=np.int64) + len(rd.claim_ids)
        claim_key[n_plain:] = rd.claim_code[other_rows]
        trusted = np.ones(n_nodes, dtype=bool)
        trusted[:n_plain] = False
        trusted[:n_q] = majority
        quantities = _Quantities(plain_rows[q_order], q_offsets, q_strict_ok, q_wide_ok)
        return cls(rd, table, row_node, order, offsets, strict, wide, primary, claim_key, quantity, quantities, trusted)

    def __len__(self) -> int:
        return len(self.table)

    def rows(self, n: int) -> list[int]:
        """The readings rows of node ``n``, in row order."""
        rows: list[int] = self.order[self.offsets[n] : self.offsets[n + 1]].tolist()
        return rows

    def size(self) -> IntArray:
        """How many reports each node has."""
        return np.diff(self.offsets)

    def node_of(self, row: int) -> int:
        """The node of one readings row."""
        return int(self.row_node[row])

    def quantity_rows(self, n: int) -> list[int]:
        """Every plain report of node ``n``'s quantity (its own reports and those that disagree with them)."""
        q = int(self.quantity[n])
        if q < 0:
            return self.rows(n)
        qs = self.quantities
        return sorted(int(r) for r in qs.rows[qs.offsets[q] : qs.offsets[q + 1]])

    @functools.cached_property
    def usd_strict(self) -> Bounds:
        """Each node's strict interval in US dollars (its reports share a currency and a period, so a rate)."""
        return self.strict.scaled(self.readings.rate.take(self.order[self.offsets[:-1]]), self._in_usd)

    @functools.cached_property
    def usd_wide(self) -> Bounds:
        """Each node's wide interval in US dollars."""
        return self.wide.scaled(self.readings.rate.take(self.order[self.offsets[:-1]]), self._in_usd)

    @functools.cached_property
    def _in_usd(self) -> BoolArray:
        currency = self.col("currency")
        return np.asarray((currency == "") | (currency == "USD"), dtype=bool)

    @functools.cached_property
    def unrated(self) -> BoolArray:
        """Whether a node's money has no exchange rate to US dollars for its period."""
        return np.asarray(self.col("unrated") != "", dtype=bool)

    def across_currencies(self, stacked: IntArray) -> BoolArray:
        """Which instances (one row of member nodes each, -1 where absent) relate money in two currencies or more."""
        code = self._currency_code
        if len(stacked) == 0 or code.max(initial=-1) <= 0:
            # One currency or none: nothing to relate across.
            return np.zeros(len(stacked), dtype=bool)
        # The least and the greatest code of the instance's currencies, ignoring members with
        # none (-1), member by member: no array of every member's code is made.
        none = np.iinfo(np.int64).max
        low = np.full(len(stacked), none, dtype=np.int64)
        top = np.full(len(stacked), -1, dtype=np.int64)
        for j in range(stacked.shape[1]):
            member = stacked[:, j]
            cur = np.where(member >= 0, code[np.maximum(member, 0)], -1)
            np.maximum(top, cur, out=top)
            np.minimum(low, np.where(cur >= 0, cur, none), out=low)
        return np.asarray((low != none) & (low != top), dtype=bool)

    def relates_currencies(self, m0: int, m1: int, m2: int) -> bool:
        """Whether one instance (its member nodes, -1 where absent) relates money in two currencies or more."""
        return bool(self.across_currencies(np.asarray([[m0, m1, m2]], dtype=np.int64))[0])

    @functools.cached_property
    def _currency_code(self) -> IntArray:
        import pandas as pd

        codes, _ = pd.factorize(self.col("currency"))
        codes = np.asarray(codes, dtype=np.int64)
        codes[self.col("currency") == ""] = -1
        return codes

    def interval(self, n: int, *, wide: bool = False, usd: bool = False) -> Interval:
        """Node ``n``'s strict (or wide) interval, in its own currency or (``usd``) in US dollars."""
        b = (self.usd_wide if wide else self.usd_strict) if usd else (self.wide if wide else self.strict)
        return Interval(float(b.lo[n]), float(b.hi[n]), bool(b.lo_open[n]), bool(b.hi_open[n]))

    @functools.cached_property
    def _columns(self) -> dict[str, np.ndarray]:
        return {c: self.table[c].to_numpy() for c in self.table.columns}

    def col(self, name: str) -> np.ndarray:
        """One column of :attr:`table` as an array."""
        return self._columns[name]

    def cell(self, n: int, name: str) -> Any:
        """One value of :attr:`table`."""
        return self._columns[name][n]

    def claims(self, n: int) -> list[str]:
        """The claim ids of node ``n``'s reports, in row order."""
        claim = self.readings.col("claim")
        return [str(claim[r]) for r in self.rows(n)]


@dataclass(frozen=True)
class _Quantities:
    """The plain reports of each quantity, quantity by quantity, and whether they share a value."""

    rows: IntArray
    offsets: IntArray
    strict_consistent: BoolArray
    wide_consistent: BoolArray

    def size(self) -> IntArray:
        return np.diff(self.offsets)


def largest_agreement(ivs: list[Interval]) -> list[int]:
    """The indices of the most intervals that share a value (the first such set found by a sweep over the ends).

    >>> largest_agreement([Interval(0, 1), Interval(5, 6), Interval(0.5, 2)])
    [0, 2]
    """
    best: list[int] = [0]
    for probe in ivs:
        for x in (probe.lo, probe.hi):
            inside = [k for k, iv in enumerate(ivs) if iv.contains(x)]
            if len(inside) > len(best):
                best = inside
    return best


def agreeing_clusters(ivs: list[Interval]) -> list[list[int]]:
    """The intervals split into sets that each share a value: the largest agreeing set first, then the
    largest among the rest, and so on.

    >>> agreeing_clusters([Interval(0, 1), Interval(5, 6), Interval(0.5, 2), Interval(5.5, 7)])
    [[0, 2], [1, 3]]
    """
    left = list(range(len(ivs)))
    out = []
    while left:
        agree = [left[k] for k in largest_agreement([ivs[i] for i in left])]
        out.append(agree)
        left = [i for i in left if i not in agree]
    return out


def _meet_and_hull(b: Bounds, node: IntArray, n: int) -> tuple[Bounds, Bounds]:
    """Per node: the intersection and the hull of its rows' intervals."""
    meet_lo = np.full(n, -np.inf)
    meet_hi = np.full(n, np.inf)
    hull_lo = np.full(n, np.inf)
    hull_hi = np.full(n, -np.inf)
    np.maximum.at(meet_lo, node, b.lo)
    np.minimum.at(meet_hi, node, b.hi)
    np.minimum.at(hull_lo, node, b.lo)
    np.maximum.at(hull_hi, node, b.hi)
    # An end is open in the intersection when any row at that end is open; in the hull, when all are.
    meet_lo_open = np.zeros(n, dtype=bool)
    meet_hi_open = np.zeros(n, dtype=bool)
    at = b.lo == meet_lo[node]
    np.logical_or.at(meet_lo_open, node[at], b.lo_open[at])
    at = b.hi == meet_hi[node]
    np.logical_or.at(meet_hi_open, node[at], b.hi_open[at])
    hull_lo_open = np.ones(n, dtype=bool)
    hull_hi_open = np.ones(n, dtype=bool)
    at = b.lo == hull_lo[node]
    np.logical_and.at(hull_lo_open, node[at], b.lo_open[at])
    at = b.hi == hull_hi[node]
    np.logical_and.at(hull_hi_open, node[at], b.hi_open[at])
    return Bounds(meet_lo, meet_hi, meet_lo_open, meet_hi_open), Bounds(hull_lo, hull_hi, hull_lo_open, hull_hi_open)

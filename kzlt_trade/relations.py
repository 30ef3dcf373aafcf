"""Relations between reported quantities: one object per kind, each the one home of its idea.

Nothing here is listed by hand: every relation comes from what the claims say
(partner, indicator, flow, scope, period, form). Relations join :mod:`nodes
<kzlt_trade.nodes>` (the reports of one quantity taken together) on the full
key of what they relate, so their number grows with the number of quantities,
never with a product across periods or across repeated reports.

==============  ====================================================  ======================
relation        holds when                                            members (m0, m1, m2)
==============  ====================================================  ======================
same_quantity   the reports of one quantity share a value             node (its own reports),
                                                                      or two nodes of one quantity
sum             turnover meets exports + imports (same pair, period)  turnover, exports, imports
growth          a ratio meets level(t) / level(base)                  ratio, level t, level base
change          a change meets level(t) - level(base)                 change, level t, level base
part_whole      a part can be no larger than its whole                part, whole
rank_nesting    a rank in a narrower field is no worse than wider     narrow, wide
range           a rank within its field, a share within 0..100 %      node
exchange        one quantity in two currencies fits the rate          two nodes
official        a press figure meets the office's for its quantity    press node, office node
mirror          Kazakhstan's figure fits the partner's own, CIF/FOB   Kazakhstan's, partner's
==============  ====================================================  ======================

Press and official figures (:attr:`kzlt_trade.model.Source.kind`) are related by
``official`` and by the growth and change of press claims between the office's
levels; the other relations take their members from sources of one kind
(:attr:`Relation.origins`).

Each relation object says how its instances are generated (:meth:`Relation.generate`),
what the other members allow for the first (:meth:`Relation.implied`), how an
instance is worded (:meth:`Relation.explain`), and which constraints it puts
into the network of the reconciler (:meth:`Relation.constraints`, used by
:mod:`kzlt_trade.network`). :data:`REGISTRY` holds one of each, by name.

Parts and wholes: exports or imports within turnover; a part of a year within
its year; any period within a cumulative window that covers it; a member's
figure within its aggregate's over the same period, when it was a member
throughout (the EU's membership changes with the date, see
:mod:`kzlt_trade.partners`); a claim marked ``part_of`` another ("21 of 34").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from kzlt_trade.cif_fob import CIF_FOB
from kzlt_trade.interval import Interval
from kzlt_trade.ivec import BoolArray, Bounds, FloatArray, IntArray, lower, upper
from kzlt_trade.model import SCOPES, TRADE
from kzlt_trade.nodes import QUANTITY_KEY, largest_agreement
from kzlt_trade.partners import AGGREGATES, LOOSE, contains
from kzlt_trade.vocabulary import RELATIONS, RelationName
from kzlt_trade.wording import num, pct

if TYPE_CHECKING:
    import pandas as pd

    from kzlt_trade.nodes import Nodes
    from kzlt_trade.wording import Wording

__all__ = ["REGISTRY", "Constraints", "Members", "Relation", "range_bounds"]

_QUANTITY = ["partner", "reporter", "indicator", "flow", "scope"]
#: Indicators whose values have a natural range (ranks 1..size, shares 0..100, counts from 0).
_BOUNDED = ("rank", "share", "count", "companies", "diaspora")


@dataclass(frozen=True)
class Members:
    """Instances of one relation: the nodes in each role (-1 where a relation has fewer)."""

    m0: IntArray
    m1: IntArray
    m2: IntArray

    @classmethod
    def of(cls, m0: object, m1: object = None, m2: object = None) -> Members:
        a = np.asarray(m0, dtype=np.int64)
        n = len(a)
        b = np.full(n, -1, dtype=np.int64) if m1 is None else np.asarray(m1, dtype=np.int64)
        c = np.full(n, -1, dtype=np.int64) if m2 is None else np.asarray(m2, dtype=np.int64)
        return cls(a, b, c)

    @classmethod
    def concat(cls, parts: list[Members]) -> Members:
        if not parts:
            return cls.of(np.zeros(0, dtype=np.int64))
        return cls(*(np.concatenate([getattr(p, m) for p in parts]) for m in ("m0", "m1", "m2")))

    def __len__(self) -> int:
        return len(self.m0)

    def take(self, index: IntArray | BoolArray) -> Members:
        return Members(self.m0[index], self.m1[index], self.m2[index])


@dataclass(frozen=True)
class Constraints:
    """A relation's constraints in the network: the variables in each role, per constraint.

    Constraints that a claim makes (a growth factor, a change) carry the claim's
    bounds (``lo``, ``hi``) and its readings row (``row``), so that rejecting the
    claim removes them.
    """

    m: Members
    lo: FloatArray | None = None
    hi: FloatArray | None = None
    row: IntArray | None = None

    def __len__(self) -> int:
        return len(self.m)

    def take(self, index: IntArray | BoolArray) -> Constraints:
        """The constraints at ``index``."""
        lo = None if self.lo is None else self.lo[index]
        hi = None if self.hi is None else self.hi[index]
        row = None if self.row is None else self.row[index]
        return Constraints(self.m.take(index), lo, hi, row)

    def without(self, rows: IntArray) -> Constraints:
        """The constraints made by none of the readings ``rows``."""
        return self if self.row is None else self.take(~np.isin(self.row, rows))

    def edges(self) -> list[tuple[IntArray, IntArray]]:
        """The pairs of variables each constraint links."""
        m = self.m
        first = np.where(m.m0 >= 0, m.m0, m.m1)
        out = []
        for other in (m.m1, m.m2):
            keep = (other >= 0) & (other != first) & (first >= 0)
            out.append((first[keep], other[keep]))
        return out


_NO_CONSTRAINTS = Constraints(Members(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)))


class Relation:
    """One kind of relation; see the module docstring. Subclasses set :attr:`name` and :attr:`words`."""

    #: The relation's name in findings, keys and tables.
    name: ClassVar[RelationName]
    #: What it says, in words.
    words: ClassVar[str]
    #: Whether a finding gives what the other members imply for the first as an interval
    #: comparable with what the first reports (a level or a ratio, not a bound).
    compares_values: ClassVar[bool] = False
    #: Whether an instance that holds is strong evidence for the readings it uses (a
    #: figure that follows from others), rather than weak (a part within its whole).
    supports: ClassVar[bool] = False
    #: Which members may come from sources of different kinds (press, official):
    #: ``"same"`` none (a press turnover is not summed from the office's exports and
    #: imports: the ``official`` relation sets it against the office's own turnover);
    #: ``"levels"`` the two levels of a growth or change share a kind, and the claim
    #: may be of the other (a press growth against the office's levels); ``"any"``.
    origins: ClassVar[str] = "same"

    def of_origins(self, nodes: Nodes, m: Members) -> Members:
        """The instances whose members' source kinds this relation relates (see :attr:`origins`)."""
        if self.origins == "any" or not len(m):
            return m
        code = np.asarray(nodes.col("origin") == "official", dtype=np.int8)
        k1 = np.where(m.m1 >= 0, code[np.maximum(m.m1, 0)], -1)
        k2 = np.where(m.m2 >= 0, code[np.maximum(m.m2, 0)], -1)
        if self.origins == "levels":
            return m.take((k1 < 0) | (k2 < 0) | (k1 == k2))
        k0 = code[m.m0]
        return m.take(((k1 < 0) | (k1 == k0)) & ((k2 < 0) | (k2 == k0)))

    def instances(self, nodes: Nodes) -> Members:
        """Every instance among the nodes of one analysis (by default, :meth:`generate` on their table)."""
        return self.generate(nodes.table)

    def generate(self, t: pd.DataFrame) -> Members:
        """The instances among the rows of ``t`` (columns ``node`` and :data:`~kzlt_trade.nodes.NODE_COLUMNS`)."""
        raise NotImplementedError

    def implied(self, b: Bounds, m: Members, t: Nodes) -> Bounds:
        """What the other members allow for member 0 of each instance, from the nodes' intervals ``b``."""
        raise NotImplementedError

    def decide(self, nodes: Nodes, m: Members, *, wide: bool) -> tuple[BoolArray, Bounds]:
        """Whether each instance holds, and what the other members allow for member 0.

        Money in one currency is compared in it, with no exchange rate; an instance
        relating two currencies or more is compared in US dollars, through the rate
        intervals of its figures (:attr:`kzlt_trade.nodes.Nodes.usd_strict`).
        """
        b = nodes.wide if wide else nodes.strict
        implied = self.implied(b, m, nodes)
        ok = b.take(m.m0).overlaps(implied)
        across = nodes.across_currencies(np.stack([m.m0, m.m1, m.m2], axis=1))
        if across.any():
            sub = m.take(across)
            usd = nodes.usd_wide if wide else nodes.usd_strict
            in_usd = self.implied(usd, sub, nodes)
            ok[across] = usd.take(sub.m0).overlaps(in_usd)
            implied = implied.put(across, in_usd)
        return ok, implied

    def explain(self, w: Wording, m0: int, m1: int, m2: int, ok: bool) -> str:
        """One readable line of arithmetic for one instance."""
        raise NotImplementedError

    def rows(self, nodes: Nodes, m0: int, m1: int, m2: int) -> list[int]:
        """The readings rows an instance is about, member by member (the reported figure first)."""
        return [r for n in (m0, m1, m2) if n >= 0 for r in nodes.rows(n)]

    def network_constraints(
        self, variables: pd.DataFrame, claimed: dict[str, np.ndarray], parts: tuple[IntArray, IntArray]
    ) -> Constraints:
        """The constraints this relation puts into the network (none by default).

        ``variables`` has the columns of the nodes' table (``node`` is the variable);
        ``claimed`` the growth and change claims (``row``, ``measure``, variables ``t``
        and ``b``, bounds ``lo`` and ``hi``); ``parts`` the declared parts (part and
        whole variables).
        """
        return _NO_CONSTRAINTS

    def narrow(self, lo: FloatArray, hi: FloatArray, c: Constraints) -> None:
        """Narrow the variables' bounds ``lo`` and ``hi`` in place by the constraints ``c``."""

    @staticmethod
    def _verdict(ok: bool) -> str:
        return "overlap" if ok else "no overlap"


def _levels(t: pd.DataFrame) -> pd.DataFrame:
    out: pd.DataFrame = t[t["measure"].to_numpy() == "level"]
    return out


class SameQuantity(Relation):
    """The reports of one quantity must share a value.

    A node of several reports is one instance (``m1 = -1``): it holds when their
    intervals meet. Two nodes of the same quantity (a reading of an ambiguous
    claim and the other reports) are an instance of two members.
    """

    name = "same_quantity"
    words = "the same quantity reported more than once"
    compares_values = True
    supports = True

    def instances(self, nodes: Nodes) -> Members:
        return Members.concat([self.own(nodes), self.generate(nodes.table)])

    def generate(self, t: pd.DataFrame) -> Members:
        lv = t[[*QUANTITY_KEY, "currency", "origin", "node", "quantity"]]
        # A press figure and the office's are related by the ``official`` relation instead.
        pairs = lv.merge(lv, on=[*QUANTITY_KEY, "currency", "origin"], suffixes=("_a", "_b"))
        # The plain reports of one quantity are judged together, by the quantity's own instance.
        same = (pairs["quantity_a"] == pairs["quantity_b"]) & (pairs["quantity_a"] >= 0)
        pairs = pairs[(pairs["node_a"] < pairs["node_b"]) & ~same]
        return Members.of(pairs["node_a"], pairs["node_b"])

    def rows(self, nodes: Nodes, m0: int, m1: int, m2: int) -> list[int]:
        # A quantity's own instance is about every report of it.
        return nodes.quantity_rows(m0) if m1 < 0 else super().rows(nodes, m0, m1, m2)

    def own(self, nodes: Nodes) -> Members:
        """The quantities of several plain reports: one instance each, on the node of the most that agree."""
        qs = nodes.quantities
        several = np.flatnonzero(qs.size() > 1)
        # The node of a quantity's first report that agrees with the most (quantity ids are node ids).
        return Members.of(several)

    def implied(self, b: Bounds, m: Members, t: Nodes) -> Bounds:
        # A quantity's own instance compares its reports among themselves (see decide).
        return b.take(np.where(m.m1 < 0, m.m0, m.m1))

    def decide(self, nodes: Nodes, m: Members, *, wide: bool) -> tuple[BoolArray, Bounds]:
        ok, implied = super().decide(nodes, m, wide=wide)
        own = m.m1 < 0
        qs = nodes.quantities
        consistent = qs.wide_consistent if wide else qs.strict_consistent
        q = np.maximum(nodes.quantity[m.m0], 0)
        ok = np.where(own, consistent[q], ok)
        return ok, implied

    def explain(self, w: Wording, m0: int, m1: int, m2: int, ok: bool) -> str:
        if m1 < 0:
            return _disagreement(w, m0)
        a, b = w.interval(m0), w.interval(m1)
        common = a.intersect(b)
        tail = f"overlap {common.format(6)}" if common is not None else f"no overlap (gap {w.gap(m0, a.gap(b))})"
        return f"{w.node(m0)} vs {w.node(m1)}: {tail}"

    # Reports of one quantity bound one variable of the network: no constraint of their own.


def _disagreement(w: Wording, n: int) -> str:
    """The reports of one quantity: what they share, or which agree most and which lie outside."""
    rows = w.nodes.quantity_rows(n)
    ivs = [w.readings.interval(r) for r in rows]
    agree = largest_agreement(ivs)
    common = ivs[agree[0]]
    for k in agree[1:]:
        meet = common.intersect(ivs[k])
        assert meet is not None, "the agreeing reports share a value"
        common = meet
    if len(rows) == 2:
        a, b = ivs
        meet = a.intersect(b)
        tail = f"overlap {meet.format(6)}" if meet is not None else f"no overlap (gap {w.gap(n, a.gap(b))})"
        return f"{w.row(rows[0])} vs {w.row(rows[1])}: {tail}"
    listed = ", ".join(w.row(r) for r in rows)
    if len(agree) == len(rows):
        return f"{len(rows)} reports: {listed}: common {common.format(6)}"
    outside = [w.row(rows[k]) for k in range(len(rows)) if k not in agree]
    if len(agree) == 1:
        return f"{len(rows)} reports: {listed}: no two share a value"
    return (
        f"{len(rows)} reports: {listed}: no common value; {len(agree)} agree on {common.format(6)}, "
        f"outside it: {', '.join(outside)}"
    )


class Exchange(Relation):
    """Reports of one quantity in two currencies agree when the rate they imply fits the exchange rate.

    "12 billion euros (13 billion US dollars)" is consistent if and only if
    13/12 USD per EUR lies within the rate interval of the period
    (:mod:`kzlt_trade.rates`): the two are compared in US dollars, the euro figure
    taken at every rate of that interval. Without a rate for the period, the pair
    cannot be decided and is reported so.
    """

    name = "exchange"
    words = "the same quantity in two currencies"
    compares_values = True
    supports = True

    def generate(self, t: pd.DataFrame) -> Members:
        money = t[t["currency"].to_numpy() != ""]
        lv = money[[*QUANTITY_KEY, "currency", "origin", "node"]]
        pairs = lv.merge(lv, on=[*QUANTITY_KEY, "origin"], suffixes=("_a", "_b"))
        pairs = pairs[(pairs["currency_a"] < pairs["currency_b"])]
        return Members.of(pairs["node_a"], pairs["node_b"])

    def implied(self, b: Bounds, m: Members, t: Nodes) -> Bounds:
        return b.take(m.m1)

    def explain(self, w: Wording, m0: int, m1: int, m2: int, ok: bool) -> str:
        nodes = w.nodes
        # The figures as written imply a rate; the rate intervals of the period decide (in dollars).
        a, b = nodes.interval(m0), nodes.interval(m1)
        cur_a, cur_b = str(nodes.cell(m0, "currency")), str(nodes.cell(m1, "currency"))
        implied = f"; they imply {(b / a).format(6)} {cur_b} per {cur_a}" if a.lo > 0 and math.isfinite(a.hi) else ""
        common = nodes.interval(m0, usd=True).intersect(nodes.interval(m1, usd=True))
        tail = f"overlap {common.format(6)}" if common is not None else "no overlap"
        return f"{w.node(m0)} vs {w.node(m1)}{implied}: {tail}"


class Official(Relation):
    """A press figure meets the statistical office's figure for the same quantity.

    The press figure is member 0, the office's (its latest revision) member 1. It
    holds on the strict intervals when the office's figure, rounded as the press
    wrote it, gives the press figure; on the wide ones only when the press cut the
    digits instead (or stretched a hedge): the checker names these
    ``official_match`` and ``official_truncated``. A press figure that fails but
    meets an earlier revision of the office's figure is ``preliminary``. Figures in
    two currencies are compared in US dollars through the rate interval.
    """

    name = "official"
    words = "the press figure against the statistical office's"
    compares_values = True
    supports = True
    origins = "any"

    def generate(self, t: pd.DataFrame) -> Members:
        money = t["currency"].to_numpy()
        lv = t.assign(money=money != "")[[*QUANTITY_KEY, "money", "origin", "node"]]
        press = lv[lv["origin"].to_numpy() == "press"]
        office = lv[lv["origin"].to_numpy() == "official"]
        pairs = press.merge(office, on=[*QUANTITY_KEY, "money"], suffixes=("_a", "_b"))
        return Members.of(pairs["node_a"], pairs["node_b"])

    def implied(self, b: Bounds, m: Members, t: Nodes) -> Bounds:
        return b.take(m.m1)

    def explain(self, w: Wording, m0: int, m1: int, m2: int, ok: bool) -> str:
        a, b = w.interval(m0), w.interval(m1)
        common = a.intersect(b)
        if common is not None:
            tail = "the office's figure lies within the press figure's precision"
        else:
            tail = f"outside it by {w.gap(m0, a.gap(b))} ({_relative(b, a)} of the office's figure)"
        return f"press {w.node(m0)} vs office {w.node(m1)}: {tail}"


def _relative(official: Interval, press: Interval) -> str:
    """How far the press interval lies from the office's figure, as a share of it."""
    mid = (official.lo + official.hi) / 2
    if not mid or not math.isfinite(mid):
        return "n/a"
    gap = press.lo - official.hi if press.lo > official.hi else press.hi - official.lo
    return f"{gap / mid * 100:+.2f} %"


class Sum(Relation):
    """Turnover is exports plus imports, for one partner and period."""

    name = "sum"
    words = "turnover = exports + imports"
    compares_values = True
    supports = True

    def generate(self, t: pd.DataFrame) -> Members:
        lv = _levels(t)
        on = ["partner", "reporter", "scope", "pkey"]
        parts = {i: lv.loc[lv["indicator"] == i, [*on, "node"]] for i in TRADE}
        m = parts["turnover"].merge(parts["exports"], on=on, suffixes=("", "_e"))
        m = m.merge(parts["imports"], on=on, suffixes=("", "_i"))
        return Members.of(m["node"], m["node_e"], m["node_i"])

    def implied(self, b: Bounds, m: Members, t: Nodes) -> Bounds:
        return b.take(m.m1) + b.take(m.m2)

    def network_constraints(
        self, variables: pd.DataFrame, claimed: dict[str, np.ndarray], parts: tuple[IntArray, IntArray]
    ) -> Constraints:
        return Constraints(self.generate(variables))

    def narrow(self, lo: FloatArray, hi: FloatArray, c: Constraints) -> None:
        # T = E + I, E = T - I, I = T - E.
        t, e, i = c.m.m0, c.m.m1, c.m.m2
        np.maximum.at(lo, t, lower(lo[e] + lo[i]))
        np.minimum.at(hi, t, upper(hi[e] + hi[i]))
        np.maximum.at(lo, e, lower(lo[t] - hi[i]))
        np.minimum.at(hi, e, upper(hi[t] - lo[i]))
        np.maximum.at(lo, i, lower(lo[t] - hi[e]))
        np.minimum.at(hi, i, upper(hi[t] - lo[e]))

    def explain(self, w: Wording, m0: int, m1: int, m2: int, ok: bool) -> str:
        total = w.interval(m1) + w.interval(m2)
        return f"{w.node(m1)} + {w.node(m2)} = {total.format(6)}; reported {w.node(m0)}: {self._verdict(ok)}"


class _Moving(Relation):
    """A growth or a change between the levels of two periods.

    A rate of growth, or a change, is measured in some currency: in euros a growth
    differs from the same growth in dollars by the change of the exchange rate.
    Levels in one currency are compared in it. Levels in two currencies are each
    restated in the currency of the other (through both rates of its period), and
    the claim holds if it holds in either: the words do not say which currency the
    writer measured the growth in.
    """

    measure: ClassVar[str]
    compares_values = True
    supports = True
    origins = "levels"

    def between(self, t: Bounds, b: Bounds) -> Bounds:
        """What the level ``t`` and the base level ``b`` imply for the claim (a ratio, or a difference)."""
        raise NotImplementedError

    def implied(self, b: Bounds, m: Members, t: Nodes) -> Bounds:
        return self.between(b.take(m.m1), b.take(m.m2))

    def decide(self, nodes: Nodes, m: Members, *, wide: bool) -> tuple[BoolArray, Bounds]:
        ok, implied = super().decide(nodes, m, wide=wide)
        across = np.flatnonzero(nodes.across_currencies(np.stack([m.m0, m.m1, m.m2], axis=1)))
        b = nodes.wide if wide else nodes.strict
        for k in across.tolist():
            m0, m1, m2 = int(m.m0[k]), int(m.m1[k]), int(m.m2[k])
            stated = b.take(np.asarray([m0]))
            found = self.in_currencies(nodes, m1, m2, wide=wide)
            # A currency whose rates are missing cannot refute: the claim may be measured in it.
            ok[k] = any(imp is None or bool(stated.overlaps(imp)[0]) for _, imp in found)
            known = [imp for _, imp in found if imp is not None]
            if known:
                hull = known[0]
                for imp in known[1:]:
                    hull = hull.hull(imp)
                implied = implied.put(np.asarray([k]), hull)
        return ok, implied

    def in_currencies(self, nodes: Nodes, m1: int, m2: int, *, wide: bool) -> list[tuple[str, Bounds | None]]:
        """What the two levels imply, restated in each of their currencies (``None``: no rate for it)."""
        b = nodes.wide if wide else nodes.strict
        rd = nodes.readings
        cur, start, end = nodes.col("currency"), nodes.col("period_start"), nodes.col("period_end")
        out: list[tuple[str, Bounds | None]] = []
        for c in sorted({str(cur[m1]), str(cur[m2])} - {""}):
            levels: list[Bounds] = []
            for n in (m1, m2):
                x = b.take(np.asarray([n]))
                if cur[n] != c:
                    own, target = rd.usd_per_unit(str(cur[n]), start[n], end[n]), rd.usd_per_unit(c, start[n], end[n])
                    if own is None or target is None:
                        break
                    x = x.scaled(Bounds.closed(np.asarray([own.lo / target.hi]), np.asarray([own.hi / target.lo])))
                levels.append(x)
            out.append((c, self.between(*levels) if len(levels) == 2 else None))
        return out

    def explain_across(self, w: Wording, m0: int, m1: int, m2: int, ok: bool, words: str) -> str:
        """The arithmetic of a growth or change between levels in two currencies, currency by currency."""
        parts = []
        for c, imp in self.in_currencies(w.nodes, m1, m2, wide=False):
            if imp is None:
                parts.append(f"in {c} nothing (no rate to restate the other level)")
            else:
                iv = Interval(float(imp.lo[0]), float(imp.hi[0]))
                parts.append(f"in {c} {self.shown(w, m0, iv)}")
        w.in_usd(False)
        return (
            f"{w.node(m2)} → {w.node(m1)} implies {words} " + "; ".join(parts) + f"; reported {w.node(m0)}: "
            f"{'holds in one of them' if ok else 'holds in none'}"
        )

    def shown(self, w: Wording, m0: int, implied: Interval) -> str:
        """An implied growth or change, as the claim's form writes it."""
        return implied.format(6)

    def generate(self, t: pd.DataFrame) -> Members:
        g = t.loc[t["measure"] == self.measure, [*_QUANTITY, "pkey", "bkey", "node"]]
        lv = _levels(t)[[*_QUANTITY, "pkey", "node"]]
        m = g.merge(lv, on=[*_QUANTITY, "pkey"], suffixes=("", "_t"))
        m = m.merge(lv.rename(columns={"pkey": "bkey"}), on=[*_QUANTITY, "bkey"], suffixes=("", "_b"))
        return Members.of(m["node"], m["node_t"], m["node_b"])

    def network_constraints(
        self, variables: pd.DataFrame, claimed: dict[str, np.ndarray], parts: tuple[IntArray, IntArray]
    ) -> Constraints:
        # Each growth (or change) claim is a constraint between its two levels.
        mine = claimed["measure"] == self.measure
        t, b = claimed["t"][mine], claimed["b"][mine]
        return Constraints(Members.of(np.full(len(t), -1), t, b), claimed["lo"][mine], claimed["hi"][mine],
                           claimed["row"][mine])  # fmt: skip


class Growth(_Moving):
    """A growth factor meets the ratio of its two levels."""

    name = "growth"
    words = "growth between two levels"
    measure = "ratio"

    def between(self, t: Bounds, b: Bounds) -> Bounds:
        return t.ratio(b)

    def narrow(self, lo: FloatArray, hi: FloatArray, c: Constraints) -> None:
        # t = b * r and b = t / r, all quantities non-negative.
        assert c.lo is not None
        assert c.hi is not None
        t, b, r_lo, r_hi = c.m.m1, c.m.m2, c.lo, c.hi
        np.maximum.at(lo, t, lower(lo[b] * r_lo))
        np.minimum.at(hi, t, upper(hi[b] * r_hi))
        np.maximum.at(lo, b, lower(lo[t] / r_hi))
        np.minimum.at(hi, b, upper(np.where(r_lo > 0, hi[t] / r_lo, np.inf)))

    def explain(self, w: Wording, m0: int, m1: int, m2: int, ok: bool) -> str:
        if w.usd:
            return self.explain_across(w, m0, m1, m2, ok, "a growth")
        implied = w.interval(m1) / w.interval(m2) if w.interval(m2).lo > 0 else None
        text = "any growth (the base may be zero)" if implied is None else self.shown(w, m0, implied)
        return f"{w.node(m2)} → {w.node(m1)} implies {text}; reported {w.node(m0)}: {self._verdict(ok)}"

    def shown(self, w: Wording, m0: int, implied: Interval) -> str:
        form = w.readings.cell(w.nodes.rows(m0)[0], "form")
        if not math.isfinite(implied.hi):
            return "any growth (the base may be zero)"
        if form in ("percent_increase", "percent_decrease"):
            return f"{pct(implied.lo, 2, down=True)} … {pct(implied.hi, 2)}"
        return f"×{math.floor(implied.lo * 1000) / 1000:g} … ×{math.ceil(implied.hi * 1000) / 1000:g}"


class Change(_Moving):
    """A change meets the difference of its two levels."""

    name = "change"
    words = "change between two levels"
    measure = "change"

    def between(self, t: Bounds, b: Bounds) -> Bounds:
        return t - b

    def narrow(self, lo: FloatArray, hi: FloatArray, c: Constraints) -> None:
        # t = b + d and b = t - d.
        assert c.lo is not None
        assert c.hi is not None
        t, b, d_lo, d_hi = c.m.m1, c.m.m2, c.lo, c.hi
        np.maximum.at(lo, t, lower(lo[b] + d_lo))
        np.minimum.at(hi, t, upper(hi[b] + d_hi))
        np.maximum.at(lo, b, lower(lo[t] - d_hi))
        np.minimum.at(hi, b, upper(hi[t] - d_lo))

    def explain(self, w: Wording, m0: int, m1: int, m2: int, ok: bool) -> str:
        if w.usd:
            return self.explain_across(w, m0, m1, m2, ok, "a change")
        diff = w.interval(m1) - w.interval(m2)
        return (
            f"{w.node(m2)} → {w.node(m1)} implies a change of {diff.format(6)}; "
            f"reported {w.node(m0)}: {self._verdict(ok)}"
        )


class _Order(Relation):
    """Member 0 can be no larger than member 1."""

    what: ClassVar[str]

    def implied(self, b: Bounds, m: Members, t: Nodes) -> Bounds:
        return b.cap_above(b.take(m.m1))

    def network_constraints(
        self, variables: pd.DataFrame, claimed: dict[str, np.ndarray], parts: tuple[IntArray, IntArray]
    ) -> Constraints:
        return Constraints(self.generate(variables))

    def narrow(self, lo: FloatArray, hi: FloatArray, c: Constraints) -> None:
        # a <= b.
        a, b = c.m.m0, c.m.m1
        np.minimum.at(hi, a, hi[b])
        np.maximum.at(lo, b, lo[a])

    def explain(self, w: Wording, m0: int, m1: int, m2: int, ok: bool) -> str:
        tail = "possible"
        if not ok:
            tail = (
                f"impossible: the {self.what} is at least {_num(w.interval(m0).lo)}, "
                f"the {'whole' if self.what == 'part' else 'wider rank'} at most {_num(w.interval(m1).hi)}"
            )
        left = f"{w.nodes.cell(m0, 'indicator')} {w.node(m0)} ({w.period(m0)})"
        right = f"{w.nodes.cell(m1, 'indicator')} {w.node(m1)} ({w.period(m1)})"
        return f"{left} ≤ {right}: {tail}"


class PartWhole(_Order):
    """A part can be no larger than its whole; see the module docstring for the parts and wholes."""

    name = "part_whole"
    words = "a part no larger than its whole"
    what = "part"

    def instances(self, nodes: Nodes) -> Members:
        return Members.concat([self.generate(nodes.table), self.declared(nodes)])

    def generate(self, t: pd.DataFrame) -> Members:
        lv = _levels(t)
        cols = [*_QUANTITY, "pkey", "period_kind", "period_start", "period_end", "core_start", "core_end", "node"]
        out = []
        # Exports and imports within turnover, same pair, scope and period.
        on = ["partner", "reporter", "scope", "pkey"]
        turnover = lv.loc[lv["indicator"] == "turnover", [*on, "node"]]
        for flow in ("exports", "imports"):
            part = lv.loc[lv["indicator"] == flow, [*on, "node"]]
            m = part.merge(turnover, on=on, suffixes=("", "_w"))
            out.append(Members.of(m["node"], m["node_w"]))
        flows = lv.loc[lv["period_kind"] != "as_of", cols]
        # A part of a year within that year.
        year = flows["period_start"].dt.year
        part = flows[flows["period_kind"] == "partial"].assign(year=year)
        whole = flows[flows["period_kind"] == "year"].assign(year=year)
        m = part.merge(whole, on=[*_QUANTITY, "year"], suffixes=("", "_w"))
        out.append(Members.of(m["node"], m["node_w"]))
        # Anything within a cumulative window that covers it: a window is joined, year by year of
        # its span, to the periods that start in that year, so the join costs what the windows
        # span, not the product of windows and periods.
        out.append(self._within_windows(flows, year))
        out.append(Members.of(*nested_partners(flows, strict=True)))
        return Members.concat(out)

    @staticmethod
    def _within_windows(flows: pd.DataFrame, year: pd.Series[Any]) -> Members:
        # A window holds what lies within the days it surely covers (its core: a window of
        # uncertain ends, "over 30 years", surely covers less than its outer span).
        window = flows[flows["period_kind"] == "window"]
        first = window["core_start"].dt.year.to_numpy()
        span = np.maximum(window["core_end"].dt.year.to_numpy() - first + 1, 0)
        at = np.repeat(np.arange(len(window)), span)
        # Each window once per year of its span: its first year, plus the rank within the window.
        years = window.iloc[at].assign(year=first[at] + np.arange(len(at)) - np.repeat(np.cumsum(span) - span, span))
        m = flows.assign(year=year).merge(years, on=[*_QUANTITY, "year"], suffixes=("", "_w"))
        inside = (m["period_start"] >= m["core_start_w"]) & (m["period_end"] <= m["core_end_w"])
        m = m[inside & (m["pkey"] != m["pkey_w"])]
        return Members.of(m["node"], m["node_w"])

    def network_constraints(
        self, variables: pd.DataFrame, claimed: dict[str, np.ndarray], parts: tuple[IntArray, IntArray]
    ) -> Constraints:
        part, whole = parts
        keep = (part >= 0) & (whole >= 0)
        declared = Members.of(part[keep], whole[keep])
        return Constraints(Members.concat([self.generate(variables), declared]))

    def declared(self, nodes: Nodes) -> Members:
        """The parts that claims declare (``part_of``): a claim's node within the node of the claim named."""
        rd = nodes.readings
        part_of = rd.col("part_of")
        rows = np.flatnonzero((part_of != "") & rd.col("primary").astype(bool))
        if not len(rows):
            return Members.of(np.zeros(0, dtype=np.int64))
        whole = [rd.primary_row(str(c)) for c in part_of[rows].tolist()]
        return Members.of(nodes.row_node[rows], nodes.row_node[np.asarray(whole, dtype=np.int64)])


class RankNesting(_Order):
    """A rank in a narrower field is no worse (no larger) than in a wider one."""

    name = "rank_nesting"
    words = "a rank in a narrower field no worse than in a wider one"
    what = "rank"

    def generate(self, t: pd.DataFrame) -> Members:
        import pandas as pd

        lv = _levels(t)
        on = ["partner", "reporter", "flow", "pkey"]
        ranks = lv.loc[lv["indicator"] == "rank", [*on, "scope", "node"]]
        ancestors = pd.DataFrame([(s, a) for s in SCOPES for a in _ancestors(s)], columns=["scope", "wider"])
        m = ranks.merge(ancestors, on="scope")
        m = m.merge(ranks.rename(columns={"scope": "wider"}), on=[*on, "wider"], suffixes=("", "_w"))
        return Members.of(m["node"], m["node_w"])


def nested_partners(flows: pd.DataFrame, *, strict: bool) -> tuple[pd.Series[Any], pd.Series[Any]]:
    """The (part, whole) nodes of one quantity and period whose partner lies within the other's.

    A member's figure lies within its aggregate's (the EU's, say) over a period when it
    was a member throughout; an aggregate within a wider one when each day's members are
    (the EU within WORLD). ``strict`` takes the wholes of a fixed definition
    (:data:`kzlt_trade.partners.LOOSE` excluded: their nesting is a scope difference, not
    a bound); ``strict=False`` takes only the loose ones.
    """
    on = ["indicator", "flow", "scope", "pkey"]
    # Kazakhstan's figures only: a partner's own figure for its exports is not a part of the EU's.
    flows = flows[flows["reporter"].to_numpy() == "KZ"]
    aggregate = flows["partner"].isin(list(AGGREGATES))
    loose = flows["partner"].isin(list(LOOSE))
    whole = flows.loc[aggregate & (~loose if strict else loose), [*on, "partner", "node"]]
    part = flows[[*on, "partner", "node", "period_start", "period_end"]]
    m = part.merge(whole, on=on, suffixes=("", "_w"))
    m = m[m["partner"] != m["partner_w"]]
    if len(m):
        # Membership is decided once per distinct (whole, part, period), then joined back.
        span = ["partner_w", "partner", "period_start", "period_end"]
        spans = m[span].drop_duplicates()
        # Days as numpy dates, turned into ``datetime.date`` all at once (not Timestamp by Timestamp).
        starts = spans["period_start"].to_numpy().astype("datetime64[D]").tolist()
        ends = spans["period_end"].to_numpy().astype("datetime64[D]").tolist()
        outer, inner = spans["partner_w"].tolist(), spans["partner"].tolist()
        spans["member"] = [contains(*args) for args in zip(outer, inner, starts, ends, strict=True)]
        m = m.merge(spans, on=span)
        m = m[m["member"].to_numpy(dtype=bool)]
    return m["node"], m["node_w"]


def _ancestors(scope: str) -> list[str]:
    out = []
    parent = SCOPES[scope].parent
    while parent is not None:
        out.append(parent)
        parent = SCOPES[parent].parent
    return out


def range_bounds(indicator: np.ndarray, scope: np.ndarray) -> tuple[FloatArray, FloatArray]:
    """The values an indicator and scope allow: ranks 1..size, shares 0..100, everything else from 0."""
    size = np.array([float(SCOPES[s].size or np.inf) if s in SCOPES else np.inf for s in scope.tolist()])
    lo = np.where(indicator == "rank", 1.0, 0.0)
    hi = np.where(indicator == "rank", size, np.where(indicator == "share", 100.0, np.inf))
    return lo.astype(np.float64), hi.astype(np.float64)


class Range(Relation):
    """A rank within its field, a share within 0..100 %, a count not negative."""

    name = "range"
    words = "a value within its possible range"

    def generate(self, t: pd.DataFrame) -> Members:
        lv = _levels(t)
        return Members.of(lv.loc[lv["indicator"].isin(_BOUNDED), "node"])

    def implied(self, b: Bounds, m: Members, t: Nodes) -> Bounds:
        lo, hi = range_bounds(t.col("indicator")[m.m0], t.col("scope")[m.m0])
        return Bounds.closed(lo, hi)

    def explain(self, w: Wording, m0: int, m1: int, m2: int, ok: bool) -> str:
        lo, hi = range_bounds(np.array([w.nodes.cell(m0, "indicator")]), np.array([w.nodes.cell(m0, "scope")]))
        return f"{w.node(m0)} within [{_num(lo[0])}, {_num(hi[0])}]: {'possible' if ok else 'impossible'}"

    # Natural ranges are the variables' starting bounds in the network, not constraints between them.


class ScopeDifference(Relation):
    """A figure for a loosely bounded group ("European countries") meets one of a scope within it (the EU).

    Both can be right: writers draw such a group's bounds differently, so the pair
    bounds nothing and is reported as a ``scope_difference``, whatever its values.
    The instance holds when the part is no larger than the whole (as under the
    library's own definition of the group, see :data:`kzlt_trade.partners.LOOSE`).
    """

    name = "scope_difference"
    words = "a loosely bounded group and a scope within it"

    def generate(self, t: pd.DataFrame) -> Members:
        lv = _levels(t)
        flows = lv[lv["period_kind"] != "as_of"]
        return Members.of(*nested_partners(flows, strict=False))

    def implied(self, b: Bounds, m: Members, t: Nodes) -> Bounds:
        return b.cap_above(b.take(m.m1))

    def decide(self, nodes: Nodes, m: Members, *, wide: bool) -> tuple[BoolArray, Bounds]:
        # Both can be right, so the pair refutes no reading and is never a contradiction.
        _, implied = super().decide(nodes, m, wide=wide)
        return np.ones(len(m), dtype=bool), implied

    def explain(self, w: Wording, m0: int, m1: int, m2: int, ok: bool) -> str:
        part, whole = w.interval(m0), w.interval(m1)
        rest = (whole - part).intersect(Interval(0.0, math.inf))
        if rest is not None and part.lo <= whole.hi:
            tail = f"the rest of the group would be {rest.format(6)}"
        else:
            tail = "the part exceeds the group: the two writers bound the group differently"
        return f"{w.node(m0)} within {w.node(m1)}: {tail}"


class Mirror(Relation):
    """Kazakhstan's figure for a flow against the partner's own figure for the same flow.

    Kazakhstan's imports from Lithuania, valued CIF at Kazakhstan's border, are
    Lithuania's exports to Kazakhstan valued FOB at its own: they should differ by
    about the cost of carriage and insurance. The instance holds when the ratio of
    Kazakhstan's figure to the partner's, both in US dollars through the rate
    intervals, meets the CIF/FOB band (:data:`kzlt_trade.cif_fob.CIF_FOB`; its
    inverse for Kazakhstan's exports). It is reported as a ``mirror`` finding
    either way, ``mirror_asymmetry`` when beyond the band; it refutes no reading,
    constrains nothing in reconciliation and corrects neither side.
    """

    name = "mirror"
    words = "Kazakhstan's figure against the partner's own for the same flow"
    # The office's figures against the other office's (a press figure against the office's
    # is the ``official`` relation's question), or a release's against a release's.
    origins = "same"

    def generate(self, t: pd.DataFrame) -> Members:
        key = ["partner", "indicator", "flow", "scope", "measure", "pkey", "bkey"]
        lv = _levels(t)[[*key, "reporter", "node"]]
        ours = lv[lv["reporter"].to_numpy() == "KZ"]
        theirs = lv[lv["reporter"].to_numpy() == lv["partner"].to_numpy()]
        pairs = ours.merge(theirs, on=key, suffixes=("_a", "_b"))
        return Members.of(pairs["node_a"], pairs["node_b"])

    @staticmethod
    def band(nodes: Nodes, m0: IntArray) -> tuple[FloatArray, FloatArray]:
        """The ratio Kazakhstan's figure over the partner's may take, per instance: the CIF/FOB band."""
        imports = nodes.col("indicator")[m0] == "imports"
        (in_lo, in_hi), (out_lo, out_hi) = CIF_FOB.ratio_band("imports"), CIF_FOB.ratio_band("exports")
        low = np.where(imports, in_lo, out_lo)
        high = np.where(imports, in_hi, out_hi)
        return np.asarray(low, dtype=np.float64), np.asarray(high, dtype=np.float64)

    def implied(self, b: Bounds, m: Members, t: Nodes) -> Bounds:
        low, high = self.band(t, m.m0)
        return b.take(m.m1).scaled(Bounds.closed(low, high))

    def decide(self, nodes: Nodes, m: Members, *, wide: bool) -> tuple[BoolArray, Bounds]:
        # Always in US dollars: the two sides are two offices' figures, each in its own currency.
        usd = nodes.usd_wide if wide else nodes.usd_strict
        implied = self.implied(usd, m, nodes)
        return usd.take(m.m0).overlaps(implied), implied

    def ratio(self, w: Wording, m0: int, m1: int) -> Interval | None:
        """Kazakhstan's figure over the partner's, both in US dollars (``None`` without a rate or a positive base)."""
        a, b = w.nodes.interval(m0, usd=True), w.nodes.interval(m1, usd=True)
        if not (b.lo > 0 and math.isfinite(a.hi) and math.isfinite(b.hi)):
            return None
        return a / b

    def explain(self, w: Wording, m0: int, m1: int, m2: int, ok: bool) -> str:
        w.in_usd(True)
        low, high = (float(x[0]) for x in self.band(w.nodes, np.asarray([m0])))
        ratio = self.ratio(w, m0, m1)
        shown = "no ratio" if ratio is None else f"ratio {ratio.format(4)}"
        verdict = "within" if ok else "beyond"
        text = f"{w.node(m0)} vs {w.node(m1)}: {shown}, {verdict} the CIF/FOB band [{num(low)}, {num(high)}]"
        w.in_usd(False)
        return text


def _num(x: float) -> str:
    return num(float(x))


#: One object per relation kind, by name, in the order of :data:`~kzlt_trade.vocabulary.RELATIONS`.
REGISTRY: dict[RelationName, Relation] = {
    r.name: r
    for r in (
        SameQuantity(),
        Sum(),
        Growth(),
        Change(),
        PartWhole(),
        RankNesting(),
        Range(),
        ScopeDifference(),
        Exchange(),
        Official(),
        Mirror(),
    )
}
assert tuple(REGISTRY) == RELATIONS, "the registry holds every relation of the vocabulary, in order"

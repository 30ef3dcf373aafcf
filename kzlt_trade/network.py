"""A constraint network over reported quantities, narrowed by interval propagation.

Each *variable* is one quantity: a partner, an indicator, a flow, a scope and a
period (turnover of Kazakhstan and Lithuania in 2022, say). Level claims bound
their variable (``x in [lo, hi]``); natural ranges start every variable off
(money and counts are not negative, a share is at most 100 %, a rank at least
1); and each relation of :data:`kzlt_trade.relations.REGISTRY` adds its own
constraints (:meth:`~kzlt_trade.relations.Relation.constraints`) and narrows
the variables by them (:meth:`~kzlt_trade.relations.Relation.narrow`): a growth
claim ``x_t = x_base * r``, a change ``x_t = x_base + d``, ``turnover = exports +
imports``, ``part <= whole``.

Propagation narrows every variable's interval by each constraint in turn, all
constraints at once as array operations, until nothing changes (hull
consistency, as in interval constraint solvers since Cleary 1987 and
Benhamou et al. 1999). Every bound is rounded outward, so an interval that
becomes empty proves that the constraints cannot all hold. The converse need
not hold in general, but for the chains and sums of trade figures propagation
reaches the exact hull.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from kzlt_trade.interval import Interval
from kzlt_trade.ivec import Bounds, FloatArray, IntArray, combine_codes, down, lower, up, upper
from kzlt_trade.model import TRADE
from kzlt_trade.period import Period
from kzlt_trade.relations import REGISTRY, Constraints, Relation, range_bounds

if TYPE_CHECKING:
    import pandas as pd

    from kzlt_trade.readings import Readings

__all__ = ["Network", "build_network", "components", "implications", "propagate"]

_VAR = ["partner", "reporter", "indicator", "flow", "scope", "pkey"]
_VAR_INFO = ["period", "period_kind", "period_start", "period_end", "core_start", "core_end", "months_known"]


@dataclass(frozen=True)
class Network:
    """Variables, their level bounds, and the relations' constraints among them."""

    #: One row per variable: :data:`_VAR` and :data:`_VAR_INFO` columns, ``measure`` and ``bkey``.
    variables: pd.DataFrame
    #: Natural bounds of each variable.
    base_lo: FloatArray
    base_hi: FloatArray
    #: Level bounds: variable, bounds, and the readings row that made them. A bound derived from
    #: two claims (a growth and a change over the same periods) names the second row in
    #: ``u_row2`` (-1 otherwise).
    u_var: IntArray
    u_lo: FloatArray
    u_hi: FloatArray
    u_row: IntArray
    u_row2: IntArray
    #: Each relation's constraints.
    constraints: tuple[tuple[Relation, Constraints], ...]

    @property
    def n(self) -> int:
        """Number of variables."""
        return len(self.base_lo)

    def bounded(self, rows: set[int], bounds: Bounds) -> Network:
        """The network with the claims of the given readings rows bounded by ``bounds`` (of every row).

        (A bound that two claims make together keeps its bounds.)
        """
        drop = np.asarray(sorted(rows), dtype=np.int64)
        w = _closed(bounds)
        at = np.isin(self.u_row, drop) & (self.u_row2 < 0)
        u_lo, u_hi = self.u_lo.copy(), self.u_hi.copy()
        u_lo[at], u_hi[at] = w.lo[self.u_row[at]], w.hi[self.u_row[at]]
        constraints = []
        for rel, c in self.constraints:
            if c.row is not None and c.lo is not None and c.hi is not None:
                mine = np.isin(c.row, drop)
                c_lo, c_hi = np.where(mine, w.lo[c.row], c.lo), np.where(mine, w.hi[c.row], c.hi)
                constraints.append((rel, replace(c, lo=c_lo, hi=c_hi)))
            else:
                constraints.append((rel, c))
        return replace(self, u_lo=u_lo, u_hi=u_hi, constraints=tuple(constraints))

    def without(self, rows: set[int] | np.ndarray) -> Network:
        """The network with the constraints of the given readings rows removed."""
        drop = np.asarray(sorted(rows), dtype=np.int64)
        keep = ~np.isin(self.u_row, drop) & ~np.isin(self.u_row2, drop)
        return replace(
            self,
            u_var=self.u_var[keep], u_lo=self.u_lo[keep], u_hi=self.u_hi[keep],
            u_row=self.u_row[keep], u_row2=self.u_row2[keep],
            constraints=tuple((rel, c.without(drop)) for rel, c in self.constraints),
        )  # fmt: skip


def build_network(readings: Readings, rows: IntArray, *, wide: IntArray | None = None) -> Network:
    """The network of the chosen readings ``rows``; the rows ``wide`` bound it with their wide intervals.

    (The reconciler reads a figure in tension widely: the checker found it fits the
    others only under the other rounding, or with its hedge stretched.)
    """
    import pandas as pd

    rd = readings
    table = rd.table
    measure = rd.col("measure")[rows]
    level_rows = rows[measure == "level"]
    moving_rows = rows[measure != "level"]
    # The ends of every claim: its own period, and the base period of a growth or change: one
    # variable per distinct key, numbered in order of first appearance. The key's columns are
    # combined one at a time (codes of the columns so far, then the next column: the same codes
    # as all at once, without holding every column for a million rows); the table is read only
    # at the first end of each variable.
    code = np.zeros(len(rows) + len(moving_rows), dtype=np.int64)
    for column, base_column in (*((c, c) for c in _VAR[:-1]), ("pkey", "bkey")):
        code = combine_codes([code, np.concatenate([rd.col(column)[rows], rd.col(base_column)[moving_rows]])])
    first = np.unique(code, return_index=True)[1]
    own = first[first < len(rows)]
    base = table.iloc[moving_rows][["partner", "reporter", "indicator", "flow", "scope", "bkey", "base_period"]]
    base = base.rename(columns={"bkey": "pkey", "base_period": "period"})
    info = {text: Period.parse(text) for text in base["period"].unique().tolist()}
    base = base.assign(
        period_kind=base["period"].map({t: p.kind for t, p in info.items()}),
        period_start=pd.to_datetime(base["period"].map({t: p.start for t, p in info.items()})),
        period_end=pd.to_datetime(base["period"].map({t: p.end for t, p in info.items()})),
        core_start=pd.to_datetime(base["period"].map({t: p.core_start for t, p in info.items()})),
        core_end=pd.to_datetime(base["period"].map({t: p.core_end for t, p in info.items()})),
        months_known=base["period"].map({t: p.months_known for t, p in info.items()}).astype(bool),
    )
    ends = pd.concat([table.take(rows[own])[[*_VAR, *_VAR_INFO]], base[[*_VAR, *_VAR_INFO]]], ignore_index=True)
    # The first end of each variable: an own period (in ``ends`` as numbered), else a base period.
    at = np.concatenate([np.arange(len(own)), len(own) + first[first >= len(rows)] - len(rows)])
    variables = _complete_sums(ends.iloc[at]).reset_index(drop=True)
    del ends, base
    variables = variables.assign(measure="level", bkey="", node=np.arange(len(variables)))
    row_var = np.full(len(readings), -1, dtype=np.int64)
    row_var[rows] = code[: len(rows)]
    base_var = code[len(rows) :]

    base_lo, base_hi = range_bounds(variables["indicator"].to_numpy(), variables["scope"].to_numpy())
    # The network is in US dollars: money in another currency enters through its rate interval.
    moving_b = _dollars(rd, moving_rows, wide)
    claimed = {
        "row": moving_rows,
        "measure": measure[measure != "level"],
        "t": row_var[moving_rows],
        "b": base_var,
        "lo": moving_b.lo,
        "hi": moving_b.hi,
    }
    _in_dollars(readings, level_rows, row_var, variables, claimed)
    # Declared parts ("21 of 34"): the part's variable within the variable of the claim it names.
    part_of = rd.col("part_of")[level_rows]
    declared = level_rows[part_of != ""]
    whole_rows = np.asarray([readings.primary_row(str(c)) for c in part_of[part_of != ""].tolist()], dtype=np.int64)
    parts = (row_var[declared], row_var[whole_rows] if len(whole_rows) else whole_rows)
    constraints = tuple(
        (rel, c) for rel in REGISTRY.values() if len(c := rel.network_constraints(variables, claimed, parts))
    )
    level_var = row_var[level_rows]
    u_var, u_lo, u_hi, u_row, u_row2 = _levels_and_pairs(
        level_rows, level_var, _dollars(rd, level_rows, wide), _closed(rd.usd_wide.take(moving_rows)), claimed
    )
    return Network(variables, base_lo, base_hi, u_var, u_lo, u_hi, u_row, u_row2, constraints)


def _dollars(readings: Readings, at: IntArray, wide: IntArray | None) -> Bounds:
    """The closed intervals in US dollars of the readings rows ``at``: wide for the rows ``wide``, else strict."""
    b = readings.usd_strict.take(at)
    if wide is not None and len(wide):
        read_widely = np.isin(at, wide)
        b = b.put(read_widely, readings.usd_wide.take(at[read_widely]))
    return _closed(b)


def _in_dollars(
    readings: Readings, level_rows: IntArray, row_var: IntArray, variables: pd.DataFrame, claimed: dict[str, Any]
) -> None:
    """Restate, in place, the growth and change claims between levels reported in another currency, in dollars.

    A rate of growth in euros is the rate in dollars divided by the change of the
    exchange rate, and the words do not say which currency a writer measured a
    growth in: so a growth factor between levels that a report gives in another
    currency is widened by the change of the rate of each currency its levels are
    reported in, from the base period to the period (their hull; dollars change
    by nothing; a missing rate leaves the growth unbounded). An absolute change,
    which no factor restates, then bounds nothing. The checker compares figures of
    one currency in it; this keeps the network in dollars sound.
    """
    currency = readings.col("currency")
    foreign = level_rows[(currency[level_rows] != "") & (currency[level_rows] != "USD")]
    if not len(foreign):
        return
    by_var: dict[int, set[str]] = {}
    for r, v in zip(foreign.tolist(), row_var[foreign].tolist(), strict=True):
        by_var.setdefault(v, set()).add(str(currency[r]))
    dollars = level_rows[currency[level_rows] == "USD"]
    for v in set(row_var[dollars].tolist()) & set(by_var):
        by_var[v].add("USD")
    t, b = claimed["t"], claimed["b"]
    start, end = variables["period_start"].to_numpy(), variables["period_end"].to_numpy()
    touched = np.flatnonzero(np.isin(t, list(by_var)) | np.isin(b, list(by_var)))
    for k in touched.tolist():
        tv, bv = int(t[k]), int(b[k])
        used = by_var.get(tv, set()) | by_var.get(bv, set())
        factors = []
        for c in sorted(used):
            if c == "USD":
                factors.append((1.0, 1.0))
                continue
            now, then = readings.usd_per_unit(c, start[tv], end[tv]), readings.usd_per_unit(c, start[bv], end[bv])
            factors.append((0.0, math.inf) if now is None or then is None else (now.lo / then.hi, now.hi / then.lo))
        lo, hi = min(f[0] for f in factors), max(f[1] for f in factors)
        if claimed["measure"][k] == "ratio":
            # The dollar ratio is the ratio in currency c times the change of c's rate.
            claimed["lo"][k] = float(lower(np.asarray([claimed["lo"][k] * lo]))[0]) if lo > 0 else 0.0
            claimed["hi"][k] = float(upper(np.asarray([claimed["hi"][k] * hi]))[0])
        else:
            claimed["lo"][k], claimed["hi"][k] = -math.inf, math.inf


def _closed(b: Bounds) -> Bounds:
    """The same float intervals with closed ends: an open end moves one float inward.

    Propagation works on closed bounds; ``(100, inf)`` ("more than 100") becomes
    the floats from the one after 100 on, so that it still misses a share of at
    most 100.
    """
    lo = np.where(b.lo_open & np.isfinite(b.lo), np.nextafter(b.lo, np.inf), b.lo)
    hi = np.where(b.hi_open & np.isfinite(b.hi), np.nextafter(b.hi, -np.inf), b.hi)
    return Bounds.closed(lo, hi)


def _levels_and_pairs(
    rows: IntArray, var: IntArray, b: Bounds, wide: Bounds, claimed: dict[str, np.ndarray]
) -> tuple[IntArray, FloatArray, FloatArray, IntArray, IntArray]:
    """Level bounds, plus the base level that a growth and a change over the same periods fix together.

    ``rows`` are the level claims, ``var`` their variables and ``b`` their bounds;
    ``wide`` the wide bounds of the growth and change claims (of ``claimed``).
    ``t = b * r`` and ``t = b + d`` give ``b = d / (r - 1)``: propagation alone
    cannot find this bound when ``b`` starts unbounded, so it is added directly,
    from the two claims' wide intervals (a bound that stays sound however either
    claim is read).
    """
    import pandas as pd

    lo, hi = b.lo, b.hi
    row2 = np.full(len(rows), -1, dtype=np.int64)
    moving = pd.DataFrame({**claimed, "lo": wide.lo, "hi": wide.hi})
    r = moving[moving["measure"] == "ratio"]
    c = moving[moving["measure"] == "change"]
    if len(r) and len(c):
        m = r.merge(c, on=["t", "b"], suffixes=("_r", "_c"))
        m = m[m["lo_r"] > 1.0]
        if len(m):
            b_lo = down(m["lo_c"].to_numpy(float) / (m["hi_r"].to_numpy(float) - 1.0))
            b_hi = up(m["hi_c"].to_numpy(float) / (m["lo_r"].to_numpy(float) - 1.0))
            var = np.concatenate([var, m["b"].to_numpy(np.int64)])
            lo, hi = np.concatenate([lo, b_lo]), np.concatenate([hi, b_hi])
            rows = np.concatenate([rows, m["row_r"].to_numpy(np.int64)])
            row2 = np.concatenate([row2, m["row_c"].to_numpy(np.int64)])
    return var, lo, hi, rows, row2


def _complete_sums(variables: pd.DataFrame) -> pd.DataFrame:
    """Add the third of turnover/exports/imports where the other two are known."""
    import pandas as pd

    trade = variables[variables["indicator"].isin(list(TRADE)) & (variables["scope"] == "")]
    if trade.empty:
        return variables
    # Which of the three each (partner, period) has, as bits; a pair with two gets the third, in the
    # order of its first variable, copying that variable's period.
    pair = trade.groupby(["partner", "pkey"], sort=False).ngroup().to_numpy()
    bits = np.asarray(trade["indicator"].map({"turnover": 1, "exports": 2, "imports": 4}).to_numpy(), dtype=np.int64)
    present = np.zeros(int(pair.max()) + 1, dtype=np.int64)
    np.bitwise_or.at(present, pair, bits)
    count = (present & 1 > 0).astype(np.int64) + (present & 2 > 0) + (present & 4 > 0)
    _, first = np.unique(pair, return_index=True)
    first = np.sort(first[count == 2])
    if not len(first):
        return variables
    lacking = present[pair[first]]
    missing = np.where(lacking & 1 == 0, "turnover", np.where(lacking & 2 == 0, "exports", "imports")).astype(object)
    template = trade.iloc[first]
    added = template.assign(indicator=missing, flow=pd.Series(missing, index=template.index).map(TRADE))
    return pd.concat([variables, added], ignore_index=True)


def propagate(
    net: Network, labels: IntArray | None = None, *, max_sweeps: int = 200, until_empty: bool = False
) -> tuple[FloatArray, FloatArray]:
    """Narrow every variable's interval until no constraint narrows it further.

    Returns the lower and upper bounds; a variable with ``lo > hi`` is empty,
    and the constraints of its component cannot all hold. With component
    ``labels``, a component proven empty stops counting towards convergence
    (its bounds would otherwise drift apart for many sweeps). With
    ``until_empty``, propagation stops as soon as some variable is empty: enough
    to prove the network infeasible, when that is all that is asked.
    """
    lo = net.base_lo.copy()
    hi = net.base_hi.copy()
    np.maximum.at(lo, net.u_var, net.u_lo)
    np.minimum.at(hi, net.u_var, net.u_hi)
    live = np.ones(net.n, dtype=bool)
    for _ in range(max_sweeps):
        before_lo, before_hi = lo.copy(), hi.copy()
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            for rel, c in net.constraints:
                rel.narrow(lo, hi, c)
        if until_empty and (lo > hi).any():
            break
        if labels is not None:
            dead = np.unique(labels[lo > hi])
            live = ~np.isin(labels, dead)
        if np.array_equal(lo[live], before_lo[live]) and np.array_equal(hi[live], before_hi[live]):
            break
    return lo, hi


def components(net: Network) -> IntArray:
    """A component label per variable: variables linked by any constraint share one, the least of them."""
    label = np.arange(net.n, dtype=np.int64)
    pairs = [p for _, c in net.constraints for p in c.edges()]
    if not pairs:
        return label
    edges_a = np.concatenate([a for a, _ in pairs])
    edges_b = np.concatenate([b for _, b in pairs])
    if not len(edges_a):
        return label
    # Each label names a root (the least variable of its tree, every link pointing lower). Each
    # round hooks the root of one end of every edge under the other's, if lower, then follows
    # the links to the roots all the way: rounds grow with the logarithm of a component's span,
    # not with its length (a chain of two hundred years is one component).
    while True:
        la, lb = label[edges_a], label[edges_b]
        if np.array_equal(la, lb):
            return label
        np.minimum.at(label, la, lb)
        np.minimum.at(label, lb, la)
        while True:
            jumped = label[label]
            if np.array_equal(jumped, label):
                break
            label = jumped


def implications(readings: Readings, row: int) -> str:
    """What one reading of a claim implies for the quantities it touches, given the other claims.

    Only the claims about the same partner and indicator family over the
    reading's own periods take part (each in its primary reading), so a
    contradiction elsewhere does not cloud the answer. The intervals of the
    quantities at the reading's period (and base period) are returned as text.
    """
    return implications_of(readings, [row])[row]


def implications_of(readings: Readings, rows: list[int]) -> dict[int, str]:
    """:func:`implications` of many readings at once, in one network.

    Each reading's neighbourhood becomes a scenario of its own: its rows are copied
    with the partner and the claim ids marked by the scenario, so that no relation
    joins two scenarios, and one propagation answers for all of them.
    """
    import pandas as pd

    from kzlt_trade.readings import Readings

    rd = readings
    scenarios = [_neighbourhood(rd, row) for row in rows]
    if not rows:
        return {}
    at = np.concatenate([np.asarray(n, dtype=np.int64) for n, _ in scenarios])
    which = np.repeat(np.arange(len(rows)), [len(n) for n, _ in scenarios])
    table = rd.table.iloc[at].reset_index(drop=True)
    mark = pd.Series(which).map(lambda k: f"{_SCENARIO}{k}")
    table["partner"] = table["partner"] + mark
    table["claim"] = table["claim"] + mark
    table["part_of"] = np.where(table["part_of"] != "", table["part_of"] + mark, "")
    local = Readings(table, rounding=rd.rounding, rates=rd.rates)
    net = build_network(local, np.arange(len(table), dtype=np.int64))
    lo, hi = propagate(net)
    v = net.variables
    columns = zip(v["partner"], v["reporter"], v["indicator"], v["flow"], v["pkey"], strict=True)
    index = {key: k for k, key in enumerate(columns)}
    out = {}
    for k, (row, (_, keys)) in enumerate(zip(rows, scenarios, strict=True)):
        partner = f"{rd.cell(row, 'partner')}{_SCENARIO}{k}"
        indicator, flow, own = rd.cell(row, "indicator"), rd.cell(row, "flow"), rd.cell(row, "pkey")
        reporter = rd.cell(row, "reporter")
        parts = []
        for key in sorted(keys, key=lambda x: (x != own, x)):
            j = index.get((partner, reporter, indicator, flow, key))
            if j is None:
                continue
            label = key.split("#")[0]
            if lo[j] > hi[j]:
                parts.append(f"{indicator} {label} impossible")
            else:
                parts.append(f"{indicator} {label} in {Interval(float(lo[j]), float(hi[j])).format(5)}")
        out[row] = ", ".join(parts) if parts else "nothing about other quantities"
    return out


#: Marks the scenario of a row in :func:`implications_of` (a character no code or id holds).
_SCENARIO = "\x1f"


def _neighbourhood(rd: Readings, row: int) -> tuple[list[int], set[str]]:
    """The rows that take part in a reading's implications, and the period keys it touches."""
    partner, indicator = rd.cell(row, "partner"), rd.cell(row, "indicator")
    family = TRADE if indicator in TRADE else (indicator,)
    keys = {rd.cell(row, "pkey"), rd.cell(row, "bkey")} - {""}
    # A growth or change claim from a period in play brings its base period in too.
    near = rd.rows_at(partner, family, keys)
    keys |= {rd.cell(r, "bkey") for r in near if rd.cell(r, "measure") != "level"} - {""}
    claim, primary, bkey = rd.col("claim"), rd.col("primary"), rd.col("bkey")
    rows = [
        r
        for r in rd.rows_at(partner, family, keys)
        if (bkey[r] == "" or bkey[r] in keys) and (r == row or (primary[r] and claim[r] != claim[row]))
    ]
    return rows, keys

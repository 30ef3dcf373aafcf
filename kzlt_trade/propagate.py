"""A constraint network over reported quantities, narrowed by interval propagation.

Each *variable* is one quantity: a partner, an indicator, a flow, a scope and a
period (turnover of Kazakhstan and Lithuania in 2022, say). Claims become
constraints on variables:

* a level claim: ``x in [lo, hi]``;
* a growth claim: ``x_t = x_base * r`` with ``r in [lo, hi]``;
* a change claim: ``x_t = x_base + d`` with ``d in [lo, hi]``;

and the structure of trade adds the rest: ``turnover = exports + imports``,
``part <= whole``, and natural ranges (money and counts are not negative, a
share is at most 100 %, a rank at least 1).

Propagation narrows every variable's interval by each constraint in turn, all
constraints at once as array operations, until nothing changes (hull
consistency, as in interval constraint solvers since Cleary 1987 and
Benhamou et al. 1999). Every bound is rounded outward, so an interval that
becomes empty proves that the constraints cannot all hold: a contradiction
found this way is a proof. The converse need not hold in general, but for the
chains and sums of trade figures propagation reaches the exact hull.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from kzlt_trade.frame import FloatArray, down, up
from kzlt_trade.period import Period
from kzlt_trade.relations import range_bounds

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Network", "build_network", "components", "propagate"]

IntArray = np.ndarray[Any, np.dtype[np.int64]]
_VAR = ["partner", "indicator", "flow", "scope", "pkey"]
_VAR_INFO = ["period", "period_kind", "period_start", "period_end"]


@dataclass(frozen=True)
class Network:
    """Variables and constraints; every array is indexed by constraint."""

    #: One row per variable: partner, indicator, flow, scope, pkey, period, period_kind, period_start, period_end.
    variables: pd.DataFrame
    #: Natural bounds of each variable.
    base_lo: FloatArray
    base_hi: FloatArray
    #: Level claims: variable, bounds, and the readings-frame row that made them. A bound
    #: derived from two claims (a growth and a change over the same periods) also names
    #: the second row in ``u_row2`` (-1 otherwise).
    u_var: IntArray
    u_lo: FloatArray
    u_hi: FloatArray
    u_row: IntArray
    u_row2: IntArray
    #: Growth claims: x[t] = x[b] * [lo, hi].
    r_t: IntArray
    r_b: IntArray
    r_lo: FloatArray
    r_hi: FloatArray
    r_row: IntArray
    #: Change claims: x[t] = x[b] + [lo, hi].
    c_t: IntArray
    c_b: IntArray
    c_lo: FloatArray
    c_hi: FloatArray
    c_row: IntArray
    #: Sums: x[T] = x[E] + x[I].
    s_t: IntArray
    s_e: IntArray
    s_i: IntArray
    #: Order: x[a] <= x[b].
    l_a: IntArray
    l_b: IntArray

    @property
    def n(self) -> int:
        """Number of variables."""
        return len(self.variables)

    def without(self, rows: set[int] | np.ndarray) -> Network:
        """The network with the constraints of the given readings-frame rows removed."""
        drop = np.asarray(sorted(rows), dtype=np.int64)
        ku = ~np.isin(self.u_row, drop) & ~np.isin(self.u_row2, drop)
        kr = ~np.isin(self.r_row, drop)
        kc = ~np.isin(self.c_row, drop)
        return replace(
            self,
            u_var=self.u_var[ku], u_lo=self.u_lo[ku], u_hi=self.u_hi[ku], u_row=self.u_row[ku], u_row2=self.u_row2[ku],
            r_t=self.r_t[kr], r_b=self.r_b[kr], r_lo=self.r_lo[kr], r_hi=self.r_hi[kr], r_row=self.r_row[kr],
            c_t=self.c_t[kc], c_b=self.c_b[kc], c_lo=self.c_lo[kc], c_hi=self.c_hi[kc], c_row=self.c_row[kc],
        )  # fmt: skip


def build_network(frame: pd.DataFrame, rows: np.ndarray, links: pd.DataFrame) -> Network:
    """The network of the chosen readings ``rows`` of ``frame``.

    ``links`` are the part/whole and rank-nesting instances among those rows
    (columns ``m0``, ``m1``), which become order constraints.
    """
    import pandas as pd

    # Only the columns the network reads: a copy of every column of a million rows is costly.
    f = frame[[*_VAR, *_VAR_INFO, "measure", "bkey", "base_period", "lo", "hi"]].iloc[rows].copy()
    f["row"] = rows
    level = f[f["measure"] == "level"]
    moving = f[f["measure"] != "level"]
    ends = [level[[*_VAR, *_VAR_INFO]]]
    if len(moving):
        ends.append(moving[[*_VAR, *_VAR_INFO]])
        base = moving[["partner", "indicator", "flow", "scope", "bkey", "base_period"]].rename(columns={"bkey": "pkey"})
        info = {text: Period.parse(text) for text in base["base_period"].unique()}
        base = base.assign(
            period=base["base_period"],
            period_kind=base["base_period"].map(lambda t: info[t].kind),
            period_start=pd.to_datetime(base["base_period"].map(lambda t: info[t].start)),
            period_end=pd.to_datetime(base["base_period"].map(lambda t: info[t].end)),
        )
        ends.append(base[[*_VAR, *_VAR_INFO]])
    variables = pd.concat(ends, ignore_index=True)
    variables = variables.drop_duplicates(_VAR)
    variables = _complete_sums(variables).reset_index(drop=True)
    index = pd.Series(np.arange(len(variables)), index=pd.MultiIndex.from_frame(variables[_VAR]))

    def var_of(df: pd.DataFrame, key: str = "pkey") -> IntArray:
        keys = pd.MultiIndex.from_frame(df[["partner", "indicator", "flow", "scope", key]].set_axis(_VAR, axis=1))
        return np.asarray(index.reindex(keys).to_numpy(), dtype=np.int64)

    base_lo, base_hi = _natural_bounds(variables)
    ratio = moving[moving["measure"] == "ratio"]
    change = moving[moving["measure"] == "change"]
    trade = variables[variables["indicator"].isin(["turnover", "exports", "imports"]) & (variables["scope"] == "")]
    t = trade[trade["indicator"] == "turnover"].reset_index()
    e = trade[trade["indicator"] == "exports"].reset_index()
    i = trade[trade["indicator"] == "imports"].reset_index()
    sums = t.merge(e, on=["partner", "pkey"], suffixes=("", "_e")).merge(i, on=["partner", "pkey"], suffixes=("", "_i"))
    # The variable of each chosen row (-1 for rows not chosen).
    row_var = np.full(len(frame), -1, dtype=np.int64)
    row_var[f["row"].to_numpy()] = var_of(f)
    u_var, u_lo, u_hi, u_row, u_row2 = _levels_and_pairs(level, ratio, change, var_of)
    l_a, l_b = row_var[links["m0"].to_numpy(np.int64)], row_var[links["m1"].to_numpy(np.int64)]
    l_a, l_b = l_a[l_a >= 0], l_b[l_b >= 0]
    return Network(
        variables=variables,
        base_lo=base_lo,
        base_hi=base_hi,
        u_var=u_var, u_lo=u_lo, u_hi=u_hi, u_row=u_row, u_row2=u_row2,
        r_t=var_of(ratio), r_b=var_of(ratio, "bkey"), r_lo=ratio["lo"].to_numpy(float),
        r_hi=ratio["hi"].to_numpy(float), r_row=ratio["row"].to_numpy(np.int64),
        c_t=var_of(change), c_b=var_of(change, "bkey"), c_lo=change["lo"].to_numpy(float),
        c_hi=change["hi"].to_numpy(float), c_row=change["row"].to_numpy(np.int64),
        s_t=sums["index"].to_numpy(np.int64), s_e=sums["index_e"].to_numpy(np.int64),
        s_i=sums["index_i"].to_numpy(np.int64),
        l_a=l_a, l_b=l_b,
    )  # fmt: skip


def _levels_and_pairs(
    level: pd.DataFrame, ratio: pd.DataFrame, change: pd.DataFrame, var_of: Any
) -> tuple[IntArray, FloatArray, FloatArray, IntArray, IntArray]:
    """Level constraints, plus the base level that a growth and a change over the same periods fix together.

    ``t = b * r`` and ``t = b + d`` give ``b = d / (r - 1)``: propagation alone
    cannot find this bound when ``b`` starts unbounded, so it is added directly.
    """
    var = var_of(level)
    lo, hi = level["lo"].to_numpy(float), level["hi"].to_numpy(float)
    row, row2 = level["row"].to_numpy(np.int64), np.full(len(level), -1, dtype=np.int64)
    if len(ratio) and len(change):
        r = ratio.assign(t=var_of(ratio), b=var_of(ratio, "bkey"))
        c = change.assign(t=var_of(change), b=var_of(change, "bkey"))
        m = r.merge(c, on=["t", "b"], suffixes=("_r", "_c"))
        m = m[m["lo_r"] > 1.0]
        if len(m):
            b_lo = down(m["lo_c"].to_numpy(float) / (m["hi_r"].to_numpy(float) - 1.0))
            b_hi = up(m["hi_c"].to_numpy(float) / (m["lo_r"].to_numpy(float) - 1.0))
            var = np.concatenate([var, m["b"].to_numpy(np.int64)])
            lo, hi = np.concatenate([lo, b_lo]), np.concatenate([hi, b_hi])
            row = np.concatenate([row, m["row_r"].to_numpy(np.int64)])
            row2 = np.concatenate([row2, m["row_c"].to_numpy(np.int64)])
    return var, lo, hi, row, row2


def _complete_sums(variables: pd.DataFrame) -> pd.DataFrame:
    """Add the third of turnover/exports/imports where the other two are known."""
    import pandas as pd

    flows = {"turnover": "both", "exports": "export", "imports": "import"}
    trade = variables[variables["indicator"].isin(list(flows)) & (variables["scope"] == "")]
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
    added = template.assign(indicator=missing, flow=pd.Series(missing, index=template.index).map(flows))
    return pd.concat([variables, added], ignore_index=True)


def _natural_bounds(variables: pd.DataFrame) -> tuple[FloatArray, FloatArray]:
    lo, hi = range_bounds(variables, np.arange(len(variables)))
    return lo.astype(float), hi.astype(float)


def propagate(net: Network, labels: IntArray | None = None, *, max_sweeps: int = 200) -> tuple[FloatArray, FloatArray]:
    """Narrow every variable's interval until no constraint narrows it further.

    Returns the lower and upper bounds; a variable with ``lo > hi`` is empty,
    and the constraints of its component cannot all hold. With component
    ``labels``, a component proven empty stops counting towards convergence
    (its bounds would otherwise drift apart for many sweeps).
    """
    lo = net.base_lo.copy()
    hi = net.base_hi.copy()
    np.maximum.at(lo, net.u_var, net.u_lo)
    np.minimum.at(hi, net.u_var, net.u_hi)
    live = np.ones(net.n, dtype=bool)
    for _ in range(max_sweeps):
        before_lo, before_hi = lo.copy(), hi.copy()
        _narrow(net, lo, hi)
        if labels is not None:
            dead = np.unique(labels[lo > hi])
            live = ~np.isin(labels, dead)
        if np.array_equal(lo[live], before_lo[live]) and np.array_equal(hi[live], before_hi[live]):
            break
    return lo, hi


def _narrow(net: Network, lo: FloatArray, hi: FloatArray) -> None:
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        # Growth: t = b * r and b = t / r, all quantities non-negative.
        if len(net.r_t):
            np.maximum.at(lo, net.r_t, _lower(lo[net.r_b] * net.r_lo))
            np.minimum.at(hi, net.r_t, _upper(hi[net.r_b] * net.r_hi))
            np.maximum.at(lo, net.r_b, _lower(lo[net.r_t] / net.r_hi))
            np.minimum.at(hi, net.r_b, _upper(np.where(net.r_lo > 0, hi[net.r_t] / net.r_lo, np.inf)))
        # Change: t = b + d and b = t - d.
        if len(net.c_t):
            np.maximum.at(lo, net.c_t, _lower(lo[net.c_b] + net.c_lo))
            np.minimum.at(hi, net.c_t, _upper(hi[net.c_b] + net.c_hi))
            np.maximum.at(lo, net.c_b, _lower(lo[net.c_t] - net.c_hi))
            np.minimum.at(hi, net.c_b, _upper(hi[net.c_t] - net.c_lo))
        # Sums: T = E + I, E = T - I, I = T - E.
        if len(net.s_t):
            t, e, i = net.s_t, net.s_e, net.s_i
            np.maximum.at(lo, t, _lower(lo[e] + lo[i]))
            np.minimum.at(hi, t, _upper(hi[e] + hi[i]))
            np.maximum.at(lo, e, _lower(lo[t] - hi[i]))
            np.minimum.at(hi, e, _upper(hi[t] - lo[i]))
            np.maximum.at(lo, i, _lower(lo[t] - hi[e]))
            np.minimum.at(hi, i, _upper(hi[t] - lo[e]))
        # Order: a <= b.
        if len(net.l_a):
            np.minimum.at(hi, net.l_a, hi[net.l_b])
            np.maximum.at(lo, net.l_b, lo[net.l_a])


def _lower(x: FloatArray) -> FloatArray:
    # An undefined bound (inf - inf) constrains nothing.
    return down(np.where(np.isnan(x), -np.inf, x))


def _upper(x: FloatArray) -> FloatArray:
    return up(np.where(np.isnan(x), np.inf, x))


def components(net: Network) -> IntArray:
    """A component label per variable: variables linked by any constraint share one."""
    label = np.arange(net.n, dtype=np.int64)
    edges_a = np.concatenate([net.r_t, net.c_t, net.s_t, net.s_t, net.l_a])
    edges_b = np.concatenate([net.r_b, net.c_b, net.s_e, net.s_i, net.l_b])
    if not len(edges_a):
        return label
    while True:
        low = np.minimum(label[edges_a], label[edges_b])
        new = label.copy()
        np.minimum.at(new, edges_a, low)
        np.minimum.at(new, edges_b, low)
        new = new[new]  # pointer jumping: follow labels to their roots
        if np.array_equal(new, label):
            return label
        label = new

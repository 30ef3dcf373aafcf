"""Best estimates of each quantity, and the claims most likely wrong.

The claims and the structure of trade form a constraint network
(:mod:`kzlt_trade.propagate`). Its connected components are small (one partner's
figures for a few years), so the work is done per component and the cost grows
linearly with the number of claims:

1. propagate all components at once; a component with an empty variable is
   inconsistent;
2. for each inconsistent component, find the smallest set of claims whose
   removal makes it consistent (a minimal correction set). Candidates come from
   the checker's contradictions (each is a set of claims that cannot all hold);
   the smallest set meeting every one of them that also makes propagation
   succeed wins. Ties go, in order, to: the lower total source weight; growth
   and change claims before levels (a rate is derived, a level is reported);
   older publications before newer ones (later releases carry revised figures);
   claim ids, for a stable answer;
3. propagate again without those claims: each variable's interval is its
   feasible interval, and its best value is the weighted least-squares point of
   the claims that state it directly (each weighted by its source weight over
   its squared half-width), clipped into the feasible interval; a quantity no
   claim states directly gets the middle of its interval, if bounded.

Ambiguous claims take the reading the checker left alive (the primary one
when several are alive).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from kzlt_trade.errors import UsageError
from kzlt_trade.frame import cell, readings_frame
from kzlt_trade.interval import Interval
from kzlt_trade.model import INDICATORS
from kzlt_trade.propagate import Network, build_network, components, propagate
from kzlt_trade.reading import HedgePolicy, Rounding
from kzlt_trade.relations import instances
from kzlt_trade.units import CANONICAL_UNITS

if TYPE_CHECKING:
    import pandas as pd

    from kzlt_trade.check import Report
    from kzlt_trade.dataset import Dataset

__all__ = ["Estimate", "Estimates", "implications", "reconcile", "reconcile_frame"]

#: Largest correction set searched exhaustively; beyond it a greedy search takes over.
MAX_EXACT_REMOVALS = 3

#: Hedges that bound a value without stating it; such claims narrow the interval but give no point.
_BOUND_HEDGES = ("more_than", "at_least", "less_than", "at_most", "among_top", "dozens")


@dataclass(frozen=True)
class Estimate:
    """The best estimate of one quantity, with its evidence.

    Examples
    --------
    >>> e = reconcile().get("LT", "turnover", "2022")
    >>> round(e.value, 2), str(e.interval)
    (584.3, '[584.25, 584.35]')
    """

    #: Partner code.
    partner: str
    #: Indicator.
    indicator: str
    #: Flow from Kazakhstan's side.
    flow: str
    #: Scope ('' for bilateral figures).
    scope: str
    #: Period text (an unstated part of a year is marked with its source).
    period: str
    #: Period kind.
    period_kind: str
    #: Best value in :attr:`unit`, or ``None`` when unbounded and stated by no claim.
    value: float | None
    #: The values every accepted claim and relation allow.
    interval: Interval
    #: Canonical unit of the value.
    unit: str
    #: Claims that state or imply this quantity and were kept.
    supporting: tuple[str, ...]
    #: Claims about this quantity that were rejected as most likely wrong.
    rejected: tuple[str, ...]
    #: Whether no claim states the quantity directly (it follows from others).
    derived: bool

    def __str__(self) -> str:
        value = "unknown" if self.value is None else f"{self.value:.6g}"
        what = (
            self.indicator
            + (f" [{self.scope}]" if self.scope else "")
            + (" (outward)" if self.flow == "outward" else "")
        )
        return (
            f"KZ–{self.partner} {what} {self.period}: {value} {self.unit} "
            f"in {self.interval.format(6)}{' (derived)' if self.derived else ''}"
        )


@dataclass(frozen=True, eq=False)
class Estimates:
    """Every quantity's best estimate, and the claims found most likely wrong."""

    #: One estimate per quantity.
    estimates: tuple[Estimate, ...]
    #: Claim ids in the minimal correction sets, over all components.
    most_likely_wrong: tuple[str, ...]
    #: For each rejected claim, the claims it conflicts with.
    conflicts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Reading used for each claim (claim id -> reading name).
    readings: dict[str, str] = field(default_factory=dict, repr=False)

    def __iter__(self) -> Iterator[Estimate]:
        return iter(self.estimates)

    def __len__(self) -> int:
        return len(self.estimates)

    def get(self, partner: str, indicator: str, period: str, *, flow: str | None = None, scope: str = "") -> Estimate:
        """The estimate of one quantity; raises ``UsageError`` naming the known ones if absent."""
        for e in self.estimates:
            if (
                e.partner == partner
                and e.indicator == indicator
                and e.period.split("#")[0] == period
                and e.scope == scope
                and (flow is None or e.flow == flow)
            ):
                return e
        known = sorted({f"{e.partner} {e.indicator} {e.period}" for e in self.estimates})
        raise UsageError("quantity", f"{partner} {indicator} {period}", "one of: " + "; ".join(known))

    def to_frame(self) -> pd.DataFrame:
        """One row per quantity: value, interval, unit, supporting and rejected claims."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "partner": e.partner,
                    "indicator": e.indicator,
                    "flow": e.flow,
                    "scope": e.scope,
                    "period": e.period,
                    "period_kind": e.period_kind,
                    "value": e.value,
                    "low": e.interval.lo,
                    "high": e.interval.hi,
                    "unit": e.unit,
                    "derived": e.derived,
                    "supporting": ", ".join(e.supporting),
                    "rejected": ", ".join(e.rejected),
                }
                for e in self.estimates
            ],
            columns=["partner", "indicator", "flow", "scope", "period", "period_kind", "value", "low", "high", "unit",
                     "derived", "supporting", "rejected"],
        )  # fmt: skip

    def __str__(self) -> str:
        lines = [f"{len(self.estimates)} quantities estimated; most likely wrong: "
                 + (", ".join(self.most_likely_wrong) or "none")]  # fmt: skip
        for claim, others in self.conflicts.items():
            lines.append(f"  {claim} conflicts with {', '.join(others)}")
        lines += [f"  {e}" for e in self.estimates]
        return "\n".join(lines) + "\n"

    def __repr__(self) -> str:
        return f"<Estimates: {len(self.estimates)} quantities, {len(self.most_likely_wrong)} claims rejected>"

    def _repr_html_(self) -> str:
        from kzlt_trade.display import estimates_html

        return estimates_html(self)


def reconcile(
    ds: Dataset | None = None,
    *,
    rounding: Rounding = "nearest",
    policy: HedgePolicy | None = None,
    report: Report | None = None,
) -> Estimates:
    """Best estimates for every quantity of ``ds`` (the bundled data by default).

    Parameters
    ----------
    ds
        A dataset from :func:`kzlt_trade.load`.
    rounding, policy
        As for :func:`kzlt_trade.check`: how the claims' intervals are read.
    report
        A :func:`~kzlt_trade.check` report of the same data, to save checking twice.

    Examples
    --------
    >>> est = reconcile()
    >>> est.most_likely_wrong
    ('kazinform-2023-02-24/lt-turnover-growth-2022',)
    """
    from kzlt_trade.check import check_frame
    from kzlt_trade.io import load

    if rounding not in ("nearest", "truncate", "either"):
        raise UsageError("rounding", rounding, "'nearest', 'truncate' or 'either'")
    ds = ds if ds is not None else load()
    frame = readings_frame(ds, rounding=rounding, policy=policy)
    report = report if report is not None else check_frame(frame, rounding=rounding)
    return reconcile_frame(frame, report)


def reconcile_frame(frame: pd.DataFrame, report: Report) -> Estimates:
    """:func:`reconcile` on a readings frame and its report; the benchmarks call this."""
    frame = frame.reset_index(drop=True)
    rows = chosen_rows(frame, report.live_readings)
    inst = instances(frame)
    net = build_network(frame, rows, _links(inst, rows))
    labels = components(net)
    lo, hi = propagate(net, labels)
    bad = np.unique(labels[lo > hi])
    conflicts = [
        {frame.index[(frame["claim"] == c) & frame.index.isin(rows)][0] for c in f.claims}
        for f in report.contradictions
        if f.relation != "readings"
    ]
    removed: set[int] = set()
    why: dict[str, tuple[str, ...]] = {}
    if len(bad):
        var_rows = _rows_by_component(net, labels)
        for comp in bad:
            comp_rows = var_rows.get(int(comp), set())
            comp_conflicts = [c for c in conflicts if c & comp_rows]
            mcs = _correction_set(frame, net, comp_rows, comp_conflicts)
            removed |= mcs
            for r in mcs:
                others = sorted(
                    {str(cell(frame, x, "claim")) for c in comp_conflicts if r in c for x in c}
                    - {cell(frame, r, "claim")}
                )
                why[str(cell(frame, r, "claim"))] = tuple(others)
        net = net.without(removed)
        lo, hi = propagate(net, labels)
    estimates = _estimates(frame, net, lo, hi, removed)
    readings = {str(cell(frame, r, "claim")): str(cell(frame, r, "reading")) for r in rows}
    wrong = tuple(sorted(str(cell(frame, r, "claim")) for r in removed))
    return Estimates(estimates, wrong, why, readings)


def chosen_rows(frame: pd.DataFrame, live: dict[str, tuple[str, ...]]) -> np.ndarray:
    """One reading per claim: the primary one, unless the checker refuted it and left another."""
    primary = frame["primary"].to_numpy().copy()
    for claim, alive in live.items():
        if not alive:
            continue
        rows = frame.index[frame["claim"] == claim]
        names = frame.loc[rows, "reading"]
        pick = rows[0] if names.iloc[0] in alive else rows[list(names).index(alive[0])]
        primary[rows] = False
        primary[pick] = True
    return np.flatnonzero(primary)


def _links(inst: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    order = inst[inst["relation"].isin(["part_whole", "rank_nesting"])]
    return order[order["m0"].isin(rows) & order["m1"].isin(rows)]


def _rows_by_component(net: Network, labels: np.ndarray) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for var, row in itertools.chain(
        zip(net.u_var, net.u_row, strict=True),
        zip(net.r_t, net.r_row, strict=True),
        zip(net.c_t, net.c_row, strict=True),
    ):
        out.setdefault(int(labels[var]), set()).add(int(row))
    return out


def _cost(frame: pd.DataFrame, rows: tuple[int, ...]) -> tuple[Any, ...]:
    weight = sum(float(cell(frame, r, "weight")) for r in rows)
    levels = sum(cell(frame, r, "measure") == "level" for r in rows)
    age = sum(int(np.datetime64(cell(frame, r, "published"), "D").astype(np.int64)) for r in rows)
    return (len(rows), weight, levels, age, tuple(sorted(str(cell(frame, r, "claim")) for r in rows)))


def _feasible(net: Network, comp_rows: set[int], removed: set[int]) -> bool:
    sub = _restrict(net, comp_rows).without(removed)
    lo, hi = propagate(sub)
    return bool(np.all(lo <= hi))


def _restrict(net: Network, rows: set[int]) -> Network:
    """The part of the network that the given claims' variables belong to (all variables kept)."""
    from dataclasses import replace

    keep = np.asarray(sorted(rows), dtype=np.int64)
    ku, kr, kc = np.isin(net.u_row, keep), np.isin(net.r_row, keep), np.isin(net.c_row, keep)
    vars_ = np.unique(np.concatenate([net.u_var[ku], net.r_t[kr], net.r_b[kr], net.c_t[kc], net.c_b[kc]]))
    ks = np.isin(net.s_t, vars_) | np.isin(net.s_e, vars_) | np.isin(net.s_i, vars_)
    kl = np.isin(net.l_a, vars_) | np.isin(net.l_b, vars_)
    return replace(
        net,
        u_var=net.u_var[ku], u_lo=net.u_lo[ku], u_hi=net.u_hi[ku], u_row=net.u_row[ku], u_row2=net.u_row2[ku],
        r_t=net.r_t[kr], r_b=net.r_b[kr], r_lo=net.r_lo[kr], r_hi=net.r_hi[kr], r_row=net.r_row[kr],
        c_t=net.c_t[kc], c_b=net.c_b[kc], c_lo=net.c_lo[kc], c_hi=net.c_hi[kc], c_row=net.c_row[kc],
        s_t=net.s_t[ks], s_e=net.s_e[ks], s_i=net.s_i[ks], l_a=net.l_a[kl], l_b=net.l_b[kl],
    )  # fmt: skip


def _correction_set(frame: pd.DataFrame, net: Network, comp_rows: set[int], conflicts: list[set[int]]) -> set[int]:
    """The cheapest set of claims whose removal makes the component consistent."""
    candidates = sorted(set().union(*conflicts)) if conflicts else sorted(comp_rows)
    for size in range(1, MAX_EXACT_REMOVALS + 1):
        options = [
            combo for combo in itertools.combinations(candidates, size) if all(set(combo) & c for c in conflicts)
        ]
        for combo in sorted(options, key=lambda c: _cost(frame, c)):
            if _feasible(net, comp_rows, set(combo)):
                return set(combo)
    # Greedy: drop the cheapest claims until consistent, then put back what is not needed.
    order = sorted(comp_rows, key=lambda r: _cost(frame, (r,)))
    removed: set[int] = set()
    for r in order:
        removed.add(r)
        if _feasible(net, comp_rows, removed):
            break
    for r in sorted(removed, key=lambda r: _cost(frame, (r,)), reverse=True):
        if _feasible(net, comp_rows, removed - {r}):
            removed.discard(r)
    return removed


def _estimates(
    frame: pd.DataFrame, net: Network, lo: np.ndarray, hi: np.ndarray, removed: set[int]
) -> tuple[Estimate, ...]:
    import pandas as pd

    v = net.variables
    # Direct claims per variable: weighted least squares of their midpoints.
    direct = pd.DataFrame({"var": net.u_var, "row": net.u_row, "lo": net.u_lo, "hi": net.u_hi})
    direct["mid"] = np.where(np.isfinite(direct["hi"]), (direct["lo"] + direct["hi"]) / 2, direct["lo"])
    half = (direct["hi"] - direct["lo"]) / 2
    w = frame["weight"].to_numpy()[direct["row"].to_numpy()] / np.maximum(half.to_numpy(), 1e-12) ** 2
    # A bound ("more than", "among the ten") says where a value lies, not what it is: it gives no point.
    pointless = frame["hedge"].isin(_BOUND_HEDGES).to_numpy()[direct["row"].to_numpy()]
    direct["w"] = np.where(np.isfinite(half) & ~pointless, w, 0.0)
    direct["wx"] = direct["w"] * direct["mid"]
    agg = direct.groupby("var").agg(w=("w", "sum"), wx=("wx", "sum"))
    point = np.full(len(v), np.nan)
    point[agg.index.to_numpy()] = np.where(agg["w"] > 0, agg["wx"] / agg["w"].where(agg["w"] > 0, 1), np.nan)
    claim = frame["claim"].to_numpy()
    mentions: dict[int, set[str]] = {}
    for var_arr, row_arr in ((net.u_var, net.u_row), (net.r_t, net.r_row), (net.r_b, net.r_row),
                             (net.c_t, net.c_row), (net.c_b, net.c_row)):  # fmt: skip
        for var, row in zip(var_arr, row_arr, strict=True):
            mentions.setdefault(int(var), set()).add(str(claim[row]))
    rejected: dict[int, set[str]] = {}
    removed_frame = frame.loc[sorted(removed)]
    for r, row in removed_frame.iterrows():
        for key in ("pkey", "bkey"):
            hit = (
                (v["partner"] == row["partner"]) & (v["indicator"] == row["indicator"])
                & (v["flow"] == row["flow"]) & (v["scope"] == row["scope"]) & (v["pkey"] == row[key])
            )  # fmt: skip
            for var in np.flatnonzero(hit.to_numpy()):
                rejected.setdefault(int(var), set()).add(str(claim[int(str(r))]))
    direct_vars = set(net.u_var.tolist())
    out = []
    for k, row in enumerate(v.itertuples(index=False)):
        interval = Interval(float(lo[k]), float(hi[k])) if lo[k] <= hi[k] else Interval(float(hi[k]), float(lo[k]))
        value: float | None
        if not math.isnan(point[k]):
            value = interval.clip(float(point[k]))
        elif interval.is_bounded and k not in direct_vars:
            value = interval.mid
        else:
            value = None
        dim = INDICATORS[str(row.indicator)].dimension
        out.append(
            Estimate(
                partner=str(row.partner),
                indicator=str(row.indicator),
                flow=str(row.flow),
                scope=str(row.scope),
                period=str(row.pkey),
                period_kind=str(row.period_kind),
                value=value,
                interval=interval,
                unit=CANONICAL_UNITS[dim],
                supporting=tuple(sorted(mentions.get(k, set()))),
                rejected=tuple(sorted(rejected.get(k, set()))),
                derived=k not in direct_vars,
            )
        )
    return tuple(out)


def implications(frame: pd.DataFrame, row: int) -> str:
    """What one reading of a claim implies for the quantities it touches, given the other claims.

    Only the claims about the same partner and indicator family over the
    reading's own periods take part (each in its primary reading), so a
    contradiction elsewhere does not cloud the answer. The intervals of the
    quantities at the reading's period (and base period) are returned as text.
    """
    r = frame.loc[row]
    family = (
        {"turnover", "exports", "imports"} if r["indicator"] in ("turnover", "exports", "imports") else {r["indicator"]}
    )
    same = (frame["partner"] == r["partner"]) & frame["indicator"].isin(family)
    keys = {r["pkey"], r["bkey"]} - {""}
    # A growth or change claim from a period in play brings its base period in too.
    moving = same & (frame["measure"] != "level") & frame["pkey"].isin(keys)
    keys |= set(frame.loc[moving, "bkey"]) - {""}
    mask = same.copy()
    mask &= frame["pkey"].isin(keys) & ((frame["bkey"] == "") | frame["bkey"].isin(keys))
    mask &= (frame["primary"] & (frame["claim"] != r["claim"])) | (frame.index == row)
    rows = np.flatnonzero(mask.to_numpy())
    net = build_network(frame, rows, _links(instances(frame), rows))
    lo, hi = propagate(net)
    v = net.variables
    parts = []
    for key in sorted(keys, key=lambda k: (k != r["pkey"], k)):
        hit = (v["indicator"] == r["indicator"]) & (v["flow"] == r["flow"]) & (v["pkey"] == key)
        for k in np.flatnonzero(hit.to_numpy()):
            label = key.split("#")[0]
            if lo[k] > hi[k]:
                parts.append(f"{r['indicator']} {label} impossible")
            else:
                parts.append(f"{r['indicator']} {label} in {Interval(float(lo[k]), float(hi[k])).format(5)}")
    return ", ".join(parts) if parts else "nothing about other quantities"

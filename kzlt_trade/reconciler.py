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

import gc
import itertools
import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import numpy as np

from kzlt_trade.errors import UsageError
from kzlt_trade.frame import cached_columns, cell, readings_frame
from kzlt_trade.interval import Interval
from kzlt_trade.model import INDICATORS
from kzlt_trade.propagate import Network, build_network, components, propagate
from kzlt_trade.reading import HedgePolicy
from kzlt_trade.relations import order_pairs
from kzlt_trade.results import Estimate, Estimates
from kzlt_trade.units import CANONICAL_UNITS
from kzlt_trade.vocabulary import Rounding

if TYPE_CHECKING:
    import pandas as pd

    from kzlt_trade.dataset import Dataset
    from kzlt_trade.results import Report

__all__ = ["implications", "reconcile", "reconcile_frame"]

#: Largest correction set searched exhaustively; beyond it a greedy search takes over.
MAX_EXACT_REMOVALS = 3

#: Hedges that bound a value without stating it; such claims narrow the interval but give no point.
_BOUND_HEDGES = ("more_than", "at_least", "less_than", "at_most", "among_top", "dozens")


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
    from kzlt_trade.checker import check_frame
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
    with cached_columns(frame):
        rows = chosen_rows(frame, report.live_readings)
        net = build_network(frame, rows, _links(order_pairs(frame), rows))
        labels = components(net)
        lo, hi = propagate(net, labels)
        bad = np.unique(labels[lo > hi])
        claim = frame["claim"].to_numpy()
        contradictions = [f for f in report.contradictions if f.relation != "readings"]
        # The chosen row of each claim in a contradiction (the first, should a claim have several).
        needed = {c for f in contradictions for c in f.claims}
        named = rows[np.fromiter((c in needed for c in claim[rows].tolist()), dtype=bool, count=len(rows))]
        row_of = dict(zip(claim[named[::-1]].tolist(), named[::-1].tolist(), strict=True))
        conflicts = [{row_of[c] for c in f.claims} for f in contradictions]
        removed: set[int] = set()
        why: dict[str, tuple[str, ...]] = {}
        if len(bad):
            var_rows = _rows_by_component(net, labels, bad)
            by_component = _conflicts_by_component(conflicts, var_rows)
            parts = _Components(net, labels)
            for comp in bad:
                comp_rows = var_rows.get(int(comp), set())
                comp_conflicts = by_component.get(int(comp), [])
                mcs = _correction_set(frame, parts.restrict(int(comp), comp_rows), comp_rows, comp_conflicts)
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
        reading = frame["reading"].to_numpy()
        readings = {str(c): str(r) for c, r in zip(claim[rows].tolist(), reading[rows].tolist(), strict=True)}
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


def _links(pairs: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    """The order pairs (:func:`~kzlt_trade.relations.order_pairs`) between two of the chosen ``rows``."""
    return pairs[pairs["m0"].isin(rows) & pairs["m1"].isin(rows)]


def _rows_by_component(net: Network, labels: np.ndarray, only: np.ndarray | None = None) -> dict[int, set[int]]:
    """The readings-frame rows behind the claims of each component (of the ``only`` ones, if given)."""
    comp = labels[np.concatenate([net.u_var, net.r_t, net.c_t])]
    row = np.concatenate([net.u_row, net.r_row, net.c_row])
    if only is not None:
        keep = np.isin(comp, only)
        comp, row = comp[keep], row[keep]
    order = np.argsort(comp, kind="stable")
    comp, row = comp[order], row[order]
    if not len(comp):
        return {}
    cuts = np.flatnonzero(comp[1:] != comp[:-1]) + 1
    starts, ends = np.r_[0, cuts], np.r_[cuts, len(comp)]
    return {int(comp[a]): set(row[a:b].tolist()) for a, b in zip(starts.tolist(), ends.tolist(), strict=True)}


def _conflicts_by_component(conflicts: list[set[int]], var_rows: dict[int, set[int]]) -> dict[int, list[set[int]]]:
    """For each component, the conflicts sharing a claim with it, in their order."""
    comps_of: dict[int, list[int]] = {}
    for comp, comp_rows in var_rows.items():
        for r in comp_rows:
            comps_of.setdefault(r, []).append(comp)
    out: dict[int, list[set[int]]] = {}
    for c in conflicts:
        for comp in sorted({k for r in c for k in comps_of.get(r, ())}):
            out.setdefault(comp, []).append(c)
    return out


class _Components:
    """A network's constraints sorted by component, so that one component is cut out cheaply."""

    def __init__(self, net: Network, labels: np.ndarray) -> None:
        self.net = net
        # Propagation reads only how many variables there are: a table of rows without columns will do.
        self._rows = net.variables[[]]
        self._sorted = {
            "u": _sorted_by(labels[net.u_var]),
            "r": _sorted_by(labels[net.r_t]),
            "c": _sorted_by(labels[net.c_t]),
            "s": _sorted_by(labels[net.s_t]),
            "l": _sorted_by(labels[net.l_a]),
        }

    def _of(self, family: str, comp: int) -> np.ndarray:
        order, keys = self._sorted[family]
        a, b = np.searchsorted(keys, comp, "left"), np.searchsorted(keys, comp, "right")
        return np.sort(order[a:b])

    def restrict(self, comp: int, rows: set[int]) -> Network:
        """The network of one component's claims (``rows``), on that component's variables only.

        It keeps the constraints of those claims, and the sums and order constraints
        touching their variables. Constraints link only variables of one component, so
        cutting the other variables away changes neither propagation nor feasibility.
        Its ``variables`` table has the component's rows, no columns.
        """
        from dataclasses import replace

        net = self.net
        keep = np.asarray(sorted(rows), dtype=np.int64)
        iu, ir, ic = self._of("u", comp), self._of("r", comp), self._of("c", comp)
        iu = iu[np.isin(net.u_row[iu], keep)]
        ir = ir[np.isin(net.r_row[ir], keep)]
        ic = ic[np.isin(net.c_row[ic], keep)]
        vars_ = np.unique(np.concatenate([net.u_var[iu], net.r_t[ir], net.r_b[ir], net.c_t[ic], net.c_b[ic]]))
        is_, il = self._of("s", comp), self._of("l", comp)
        is_ = is_[np.isin(net.s_t[is_], vars_) | np.isin(net.s_e[is_], vars_) | np.isin(net.s_i[is_], vars_)]
        il = il[np.isin(net.l_a[il], vars_) | np.isin(net.l_b[il], vars_)]
        used = np.unique(np.concatenate([vars_, net.s_t[is_], net.s_e[is_], net.s_i[is_], net.l_a[il], net.l_b[il]]))

        def local(v: np.ndarray) -> np.ndarray:
            return np.searchsorted(used, v).astype(np.int64)

        return replace(
            net,
            variables=self._rows.iloc[used],
            base_lo=net.base_lo[used], base_hi=net.base_hi[used],
            u_var=local(net.u_var[iu]), u_lo=net.u_lo[iu], u_hi=net.u_hi[iu], u_row=net.u_row[iu],
            u_row2=net.u_row2[iu],
            r_t=local(net.r_t[ir]), r_b=local(net.r_b[ir]), r_lo=net.r_lo[ir], r_hi=net.r_hi[ir], r_row=net.r_row[ir],
            c_t=local(net.c_t[ic]), c_b=local(net.c_b[ic]), c_lo=net.c_lo[ic], c_hi=net.c_hi[ic], c_row=net.c_row[ic],
            s_t=local(net.s_t[is_]), s_e=local(net.s_e[is_]), s_i=local(net.s_i[is_]),
            l_a=local(net.l_a[il]), l_b=local(net.l_b[il]),
        )  # fmt: skip


def _sorted_by(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = np.argsort(keys, kind="stable")
    return order, keys[order]


def _cost(frame: pd.DataFrame, rows: tuple[int, ...]) -> tuple[Any, ...]:
    weight = sum(float(cell(frame, r, "weight")) for r in rows)
    levels = sum(cell(frame, r, "measure") == "level" for r in rows)
    age = sum(int(np.datetime64(cell(frame, r, "published"), "D").astype(np.int64)) for r in rows)
    return (len(rows), weight, levels, age, tuple(sorted(str(cell(frame, r, "claim")) for r in rows)))


def _feasible(sub: Network, removed: set[int]) -> bool:
    """Whether a component's network (:meth:`_Components.restrict`) holds without the ``removed`` claims."""
    lo, hi = propagate(sub.without(removed))
    return bool(np.all(lo <= hi))


def _correction_set(frame: pd.DataFrame, sub: Network, comp_rows: set[int], conflicts: list[set[int]]) -> set[int]:
    """The cheapest set of claims whose removal makes the component consistent.

    ``sub`` is the component's network (:meth:`_Components.restrict` to ``comp_rows``).
    """
    candidates = sorted(set().union(*conflicts)) if conflicts else sorted(comp_rows)
    for size in range(1, MAX_EXACT_REMOVALS + 1):
        options = [
            combo for combo in itertools.combinations(candidates, size) if all(set(combo) & c for c in conflicts)
        ]
        for combo in sorted(options, key=lambda c: _cost(frame, c)):
            if _feasible(sub, set(combo)):
                return set(combo)
    # Greedy: drop the cheapest claims until consistent, then put back what is not needed.
    order = sorted(comp_rows, key=lambda r: _cost(frame, (r,)))
    removed: set[int] = set()
    for r in order:
        removed.add(r)
        if _feasible(sub, removed):
            break
    for r in sorted(removed, key=lambda r: _cost(frame, (r,)), reverse=True):
        if _feasible(sub, removed - {r}):
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
    # The claims stating or implying each variable, sorted.
    mention_vars = np.concatenate([net.u_var, net.r_t, net.r_b, net.c_t, net.c_b])
    mention_rows = np.concatenate([net.u_row, net.r_row, net.r_row, net.c_row, net.c_row])
    mentions = _claims_by_variable(mention_vars, claim[mention_rows])
    # The rejected claims about each variable: same quantity, at the claim's period or base period.
    rejected: dict[int, tuple[str, ...]] = {}
    if removed:
        keys = ["partner", "indicator", "flow", "scope", "pkey"]
        gone = frame.loc[sorted(removed), [*keys[:4], "pkey", "bkey", "claim"]]
        found = v[keys].assign(var=np.arange(len(v)))
        hits = [gone.drop(columns="bkey").merge(found, on=keys)]
        hits.append(gone.drop(columns="pkey").rename(columns={"bkey": "pkey"}).merge(found, on=keys))
        hit = pd.concat(hits, ignore_index=True)
        rejected = _claims_by_variable(hit["var"].to_numpy(np.int64), hit["claim"].to_numpy())
    direct_vars = set(net.u_var.tolist())
    names = ("partner", "indicator", "flow", "scope", "pkey", "period_kind")
    columns = zip(*(v[c].to_numpy().tolist() for c in names), strict=True)
    # Hundreds of thousands of estimates, and no reference cycle among them: the cyclic collector,
    # which would sweep them again and again as they pile up, is paused while they are made.
    with _gc_paused():
        out = _estimate_objects(lo, hi, point, columns, mentions, rejected, direct_vars)
    return tuple(out)


def _estimate_objects(
    lo: np.ndarray,
    hi: np.ndarray,
    point: np.ndarray,
    columns: Iterator[tuple[Any, ...]],
    mentions: dict[int, tuple[str, ...]],
    rejected: dict[int, tuple[str, ...]],
    direct_vars: set[int],
) -> list[Estimate]:
    out = []
    for k, (lo_k, hi_k, point_k, (partner, indicator, flow, scope, pkey, period_kind)) in enumerate(
        zip(lo.tolist(), hi.tolist(), point.tolist(), columns, strict=True)
    ):
        interval = Interval(float(lo_k), float(hi_k)) if lo_k <= hi_k else Interval(float(hi_k), float(lo_k))
        value: float | None
        if not math.isnan(point_k):
            value = interval.clip(float(point_k))
        elif interval.is_bounded and k not in direct_vars:
            value = interval.mid
        else:
            value = None
        dim = INDICATORS[str(indicator)].dimension
        out.append(
            Estimate(
                partner=str(partner),
                indicator=str(indicator),
                flow=str(flow),
                scope=str(scope),
                period=str(pkey),
                period_kind=str(period_kind),
                value=value,
                interval=interval,
                unit=CANONICAL_UNITS[dim],
                supporting=mentions.get(k, ()),
                rejected=rejected.get(k, ()),
                derived=k not in direct_vars,
            )
        )
    return out


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (if it runs) for the block."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _claims_by_variable(var: np.ndarray, claim: np.ndarray) -> dict[int, tuple[str, ...]]:
    """For each variable with any, the distinct claim ids paired with it, sorted."""
    if not len(var):
        return {}
    order = np.argsort(var, kind="stable")
    var = var[order]
    ids = [str(x) for x in claim[order].tolist()]
    cuts = np.flatnonzero(var[1:] != var[:-1]) + 1
    starts, ends = np.r_[0, cuts].tolist(), np.r_[cuts, len(var)].tolist()
    return {int(var[a]): tuple(sorted(set(ids[a:b]))) for a, b in zip(starts, ends, strict=True)}


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
    # Order relations link two claims by what each says, so those among ``rows`` come from ``rows`` alone.
    pairs = order_pairs(frame.iloc[rows])
    pairs = pairs.assign(m0=rows[pairs["m0"].to_numpy()], m1=rows[pairs["m1"].to_numpy()])
    net = build_network(frame, rows, pairs)
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

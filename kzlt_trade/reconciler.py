"""Best estimates of each quantity, and the claims most likely wrong.

The claims and the structure of trade form a constraint network
(:mod:`kzlt_trade.network`), built once from the readings the check left alive:

1. propagate the whole network at once; a variable that comes out empty proves
   that the constraints around it cannot all hold;
2. find the claims most likely wrong (:mod:`kzlt_trade.correction`): for each
   cluster of the checker's contradictions, the cheapest set of claims meeting
   every one of them whose removal lets the network around them hold. Ties go,
   in order, to: the lower total source weight; growth and change claims before
   levels (a rate is derived, a level is reported); older publications before
   newer ones (later releases carry revised figures); claim ids, for a stable
   answer;
3. propagate again without those claims: each variable's interval is its
   feasible interval, and its best value is the weighted least-squares point of
   the claims that state it directly (each weighted by its source weight over
   its squared half-width), clipped into the feasible interval; a quantity no
   claim states directly gets the middle of its interval, if bounded.

Ambiguous claims take the reading the checker left alive (the primary one
when several are alive). The work around each cluster costs what the cluster's
neighbourhood costs, so the whole grows linearly with the number of claims,
however the figures are connected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from kzlt_trade.checker import collector_paused
from kzlt_trade.correction import Corrector
from kzlt_trade.errors import UnknownClaimError, UsageError, UsageTypeError
from kzlt_trade.ivec import FloatArray, IntArray
from kzlt_trade.model import INDICATORS
from kzlt_trade.network import Network, build_network, components, propagate
from kzlt_trade.readings import Readings
from kzlt_trade.results import Estimates
from kzlt_trade.units import CANONICAL_UNITS
from kzlt_trade.vocabulary import Rounding, expect

if TYPE_CHECKING:
    from kzlt_trade.dataset import Dataset
    from kzlt_trade.reading import HedgePolicy
    from kzlt_trade.results import Report

__all__ = ["chosen_rows", "reconcile", "reconcile_readings"]

#: Hedges that bound a value without stating it; such claims narrow the interval but give no point.
_BOUND_HEDGES = ("more_than", "at_least", "less_than", "at_most", "among_top", "dozens")


def reconcile(
    ds: Dataset | None = None,
    *,
    rounding: Rounding = "nearest",
    policy: HedgePolicy | None = None,
    report: Report | None = None,
    official_weight: float | None = None,
) -> Estimates:
    """Best estimates for every quantity of ``ds`` (the bundled data by default).

    When the figures cannot all be true, the reconciler rejects the claims of least
    total source weight: a press release weighs 1 (or its ``weight`` in
    ``sources.csv``), a statistical office's table
    :data:`~kzlt_trade.official_claims.OFFICIAL_WEIGHT`, so the press figures go
    before the office's.

    Parameters
    ----------
    ds
        A dataset from :func:`kzlt_trade.load`.
    rounding, policy
        As for :func:`kzlt_trade.check`: how the claims' intervals are read.
    report
        A :func:`~kzlt_trade.check` report of the same data: its readings are
        used as they are (``rounding`` and ``policy`` are then those of the check),
        and the data is not checked twice.
    official_weight
        The weight of every official source for this reconciliation (``None``: the
        sources' own weights). Equal to a press release's (1.0), the office is
        one voice among others.

    Raises
    ------
    UsageTypeError
        For an argument of a type not accepted (a Dataset for ``report``...).
    UsageError
        For an unknown rounding mode.

    Examples
    --------
    >>> est = reconcile()
    >>> est.most_likely_wrong[:2]
    ('kazinform-2023-02-24/lt-turnover-2022', 'kazinform-2023-02-24/lt-turnover-growth-2022')
    >>> from kzlt_trade import load
    >>> reconcile(load(official=False)).most_likely_wrong
    ('kazinform-2023-02-24/lt-turnover-growth-2022',)
    """
    from kzlt_trade.checker import analysis_args, check
    from kzlt_trade.results import Report

    analysis_args(ds, rounding, policy)
    if report is not None:
        expect("report", report, Report, "a Report from kzlt_trade.check()")
    if report is None or report.readings is None:
        report = check(ds, rounding=rounding, policy=policy)
    assert report.readings is not None
    readings = report.readings
    if official_weight is not None:
        readings = readings.weighted(official=_weight_arg(official_weight))
    return reconcile_readings(readings, report)


def _weight_arg(value: object) -> float:
    import math

    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UsageTypeError("official_weight", value, "a positive number, e.g. 10.0, or None")
    if not (math.isfinite(value) and value > 0):
        raise UsageError("official_weight", value, "a positive finite number")
    return float(value)


def reconcile_readings(readings: Readings, report: Report) -> Estimates:
    """:func:`reconcile` on readings and their report.

    Python's cyclic garbage collector waits meanwhile, as it does during a check
    (:func:`~kzlt_trade.checker.collector_paused`): the correction search makes sets and
    dicts by the hundred thousand, and each full collection they set off walks every
    loaded claim (a third of a first reconcile at 10^6 claims) and frees nothing.
    """
    with collector_paused():
        return _reconcile_readings(readings, report)


def _reconcile_readings(readings: Readings, report: Report) -> Estimates:
    rd = readings
    rows = chosen_rows(rd, report.live_readings)
    claim = rd.col("claim")
    first_wide = _tense_rows(rd, rows, report, set())
    net = build_network(rd, rows, wide=first_wide)
    labels = components(net)
    lo, hi = propagate(net, labels)
    removed: set[int] = set()
    why: dict[str, tuple[str, ...]] = {}
    if (lo > hi).any():
        net, (lo, hi), removed, why = _corrected(rd, net, labels, rows, first_wide, report)
    reading = rd.col("reading")
    readings_used = dict(zip(map(str, claim[rows].tolist()), map(str, reading[rows].tolist()), strict=True))
    wrong = tuple(sorted(str(claim[r]) for r in removed))
    return _estimates(rd, net, (lo, hi), removed, wrong, why, readings_used)


def _corrected(
    rd: Readings, net: Network, labels: IntArray, rows: IntArray, first_wide: IntArray, report: Report
) -> tuple[Network, tuple[FloatArray, FloatArray], set[int], dict[str, tuple[str, ...]]]:
    """The network without the claims most likely wrong, its bounds, those claims' rows, and why each.

    (A function of its own, so that what the correctors hold is let go before the estimates are made.)
    """
    claim = rd.col("claim")
    # A press figure that matches only an earlier revision of the office's cannot stand with the latest.
    preliminary = report.of_kind("preliminary")
    contradictions = [f for f in (*report.contradictions, *preliminary) if f.relation != "readings"]
    # The chosen row of each claim in a contradiction (the first, should a claim have several).
    named = _rows_of_claims(rd, rows, {c for f in contradictions for c in f.claims})
    row_of = dict(zip(claim[named[::-1]].tolist(), named[::-1].tolist(), strict=True))
    conflicts = [{row_of[c] for c in f.claims if c in row_of} for f in contradictions]
    first = Corrector(rd, net)
    removed = first.correct(conflicts)
    reasons = dict(first.reasons)
    del first
    # The figures without those claims, as reconciling them afresh would read them: the tensions
    # that named a rejected claim are gone, and so is the reason to read their figures widely.
    # (``rows`` are sorted and distinct: what ``np.setdiff1d`` would give, without sorting them again.)
    kept = rows[~np.isin(rows, np.fromiter(removed, dtype=np.int64, count=len(removed)))]
    wide = _tense_rows(rd, kept, report, {str(claim[r]) for r in removed})
    strict_again = set(first_wide[~np.isin(first_wide, wide)].tolist()) - removed
    net = net.without(removed).bounded(strict_again, rd.usd_strict)
    lo, hi = propagate(net, labels)
    if (lo > hi).any():
        corrector = Corrector(rd, net)
        extra = corrector.correct([])
        removed |= extra
        reasons.update(corrector.reasons)
        net = corrector.net.without(extra)
        lo, hi = propagate(net, labels)
    why = {}
    for r in sorted(removed):
        # Every claim found wrong names what it conflicts with (the claims of its conflicts).
        why[str(claim[r])] = tuple(sorted({str(claim[x]) for x in reasons.get(r, ())} - {str(claim[r])}))
    return net, (lo, hi), removed, why


def _tense_rows(rd: Readings, rows: IntArray, report: Report, rejected: set[str]) -> IntArray:
    """The ``rows`` of claims in tension (with none of the ``rejected`` claims): read widely.

    A figure the checker finds in tension fits the others only when read widely (the
    other rounding, a hedge stretched): so the network reads it so.
    """
    tense = {c for f in report.tensions if not rejected & set(f.claims) for c in f.claims}
    return _rows_of_claims(rd, rows, tense)


def _rows_of_claims(rd: Readings, rows: IntArray, claims: set[str]) -> IntArray:
    """The ``rows`` (in their order) that are readings of the ``claims``."""
    # Looked up claim by claim (a few among a million rows), rather than testing every row's claim.
    theirs: list[int] = []
    for c in sorted(claims):
        try:
            theirs += rd.rows_of(c)
        except UnknownClaimError:
            continue  # a claim these readings do not hold has no rows among them
    return np.asarray(rows[np.isin(rows, np.asarray(theirs, dtype=np.int64))], dtype=np.int64)


def chosen_rows(readings: Readings, live: dict[str, tuple[str, ...]]) -> IntArray:
    """One reading per claim: the primary one, unless the checker refuted it and left another."""
    primary = readings.col("primary").astype(bool).copy()
    reading = readings.col("reading")
    for claim, alive in live.items():
        if not alive:
            continue
        rows = readings.rows_of(claim)
        names = [reading[r] for r in rows]
        pick = rows[0] if names[0] in alive else rows[names.index(alive[0])]
        primary[rows] = False
        primary[pick] = True
    return np.flatnonzero(primary).astype(np.int64)


def _estimates(
    rd: Readings,
    net: Network,
    bounds: tuple[np.ndarray, np.ndarray],
    removed: set[int],
    wrong: tuple[str, ...],
    why: dict[str, tuple[str, ...]],
    readings_used: dict[str, str],
) -> Estimates:
    """The estimates of every variable, as a table, with the claims rejected and why."""
    import pandas as pd

    lo, hi = bounds
    v = net.variables
    # Direct claims per variable: weighted least squares of their midpoints.
    u_lo, u_hi = net.u_lo, net.u_hi
    mid = np.where(np.isfinite(u_hi), (u_lo + u_hi) / 2, u_lo)
    half = (u_hi - u_lo) / 2
    w = rd.col("weight")[net.u_row] / np.maximum(half, 1e-12) ** 2
    # A bound ("more than", "among the ten") says where a value lies, not what it is: it gives no point.
    hedge = rd.col("hedge")[net.u_row]
    # (One comparison per hedge: ``np.isin`` on strings sorts the rows with the hedges, a copy of each.)
    pointless = np.zeros(len(hedge), dtype=bool)
    for bound in _BOUND_HEDGES:
        pointless |= hedge == bound
    del hedge
    w = np.where(np.isfinite(half) & ~pointless, w, 0.0)
    agg = pd.DataFrame({"var": net.u_var, "w": w, "wx": w * mid}).groupby("var").sum()
    del mid, half, w, pointless
    point = np.full(len(v), np.nan)
    point[agg.index.to_numpy()] = np.where(agg["w"] > 0, agg["wx"] / agg["w"].where(agg["w"] > 0, 1), np.nan)
    # The claims stating or implying each variable, sorted.
    moving = [c for _, c in net.constraints if c.row is not None]
    mention_vars = np.concatenate([net.u_var, *(x for c in moving for x in (c.m.m1, c.m.m2))])
    mention_rows = np.concatenate([net.u_row, *(c.row for c in moving for _ in (0, 1) if c.row is not None)])
    mentions = _claims_by_variable(mention_vars, rd.claim_code[mention_rows], rd.claim_ids)
    # The rejected claims about each variable: same quantity, at the claim's period or base period.
    rejected: dict[int, tuple[str, ...]] = {}
    if removed:
        keys = ["partner", "reporter", "indicator", "flow", "scope", "pkey"]
        gone = rd.table.loc[sorted(removed), [*keys[:5], "pkey", "bkey", "claim"]]
        found = v[keys].assign(var=np.arange(len(v)))
        hits = [gone.drop(columns="bkey").merge(found, on=keys)]
        hits.append(gone.drop(columns="pkey").rename(columns={"bkey": "pkey"}).merge(found, on=keys))
        hit = pd.concat(hits, ignore_index=True)
        code = np.searchsorted(rd.claim_ids, hit["claim"].to_numpy(dtype=object))
        rejected = _claims_by_variable(hit["var"].to_numpy(np.int64), code, rd.claim_ids)
    n = len(v)
    stated = np.zeros(n, dtype=bool)
    stated[net.u_var] = True
    swap = lo > hi
    low, high = np.where(swap, hi, lo), np.where(swap, lo, hi)
    # A point from the claims, clipped into the interval; else the middle of a bounded interval
    # that no claim states; else unknown.
    middle = np.where(np.isfinite(low) & np.isfinite(high) & ~stated, low + (high - low) / 2, np.nan)
    value = np.where(np.isnan(point), middle, np.clip(point, low, high))
    units = {k: CANONICAL_UNITS[info.dimension] for k, info in INDICATORS.items()}
    table = pd.DataFrame(
        {
            "partner": v["partner"].to_numpy(),
            "indicator": v["indicator"].to_numpy(),
            "flow": v["flow"].to_numpy(),
            "scope": v["scope"].to_numpy(),
            "period": v["pkey"].to_numpy(),
            "period_kind": v["period_kind"].to_numpy(),
            "value": value,
            "low": low,
            "high": high,
            "unit": [units[i] for i in v["indicator"].tolist()],
            "derived": ~stated,
            "supporting": [mentions.get(k, ()) for k in range(n)],
            "rejected": [rejected.get(k, ()) for k in range(n)],
            "reporter": v["reporter"].to_numpy(),
        }
    )
    return Estimates(table, wrong, why, readings_used)


def _claims_by_variable(var: IntArray, code: IntArray, ids: np.ndarray) -> dict[int, tuple[str, ...]]:
    """For each variable with any, the distinct claim ids paired with it, sorted.

    ``code`` gives each pair's claim as its position in ``ids``, which are sorted.
    """
    if not len(var):
        return {}
    # Sorted by variable, then claim: each variable's claims are then a run, in order, once each.
    order = np.lexsort((code, var))
    var, code = var[order], code[order]
    once = np.r_[True, (var[1:] != var[:-1]) | (code[1:] != code[:-1])]
    var, code = var[once], code[once]
    names = [str(x) for x in ids[code].tolist()]
    cuts = np.flatnonzero(var[1:] != var[:-1]) + 1
    starts, ends = np.r_[0, cuts].tolist(), np.r_[cuts, len(var)].tolist()
    return {int(var[a]): tuple(names[a:b]) for a, b in zip(starts, ends, strict=True)}

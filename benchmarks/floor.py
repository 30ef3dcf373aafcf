"""The least the checker's work can cost in pandas: every relation by plain merges, decided with numpy.

:func:`relations` takes a readings table (the columns of
:data:`kzlt_trade.frame.READING_FRAME_COLUMNS` it needs, one row per claim and reading)
and returns every relation instance with two verdicts, ``strict_ok`` (the strict
intervals overlap) and ``wide_ok`` (the wide ones do). Nothing else: no findings, no
wording, no grouping beyond what a merge needs. The keys are the claims' own:

``same_quantity``  a merge of the levels with themselves on (partner, indicator, flow, scope, period);
``sum``            turnover with exports and imports on (partner, period);
``growth``         each ratio with the level at its period and the level at its base period
                   (the same quantity); ``change`` likewise for changes;
``part_whole``     exports and imports within turnover (partner, period); a part of a year
                   within its year (quantity, year); anything within a cumulative window
                   that covers it (quantity, and each calendar year the window spans, then
                   the dates); a member state within the EU over the same period;
``rank_nesting``   a rank within a narrower field against the wider field's (same release);
``range``          shares within 0..100 %, ranks within their field's size.

``covered_members=True`` also pairs a member state's figure with the EU's over any
period that covers it (a month range within the EU's year, a year within the EU's
window), as :mod:`kzlt_trade.relations` does; the benchmark's floor keeps to the same
period, the generator's self-check (:mod:`realistic`) uses the full rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from kzlt_trade.ivec import combine_codes

__all__ = ["RELATIONS", "decide", "failures", "pairs", "pieces", "relations"]

RELATIONS = ("same_quantity", "sum", "growth", "change", "part_whole", "rank_nesting", "range")

_Q = ["partner", "indicator", "flow", "scope"]
_KEY = [*_Q, "pkey"]
#: Instances decided at once by :func:`failures`.
DECIDE_ROWS = 1 << 20
_BOUNDS = ["lo", "hi", "lo_open", "hi_open", "wlo", "whi", "wlo_open", "whi_open"]


def _scopes() -> tuple[list[tuple[str, str]], dict[str, float]]:
    """(narrow, wider) scope pairs and the sizes of rankings, from the library's scope vocabulary."""
    from kzlt_trade.model import SCOPES

    wider = []
    for scope in SCOPES:
        parent = SCOPES[scope].parent
        while parent is not None:
            wider.append((scope, parent))
            parent = SCOPES[parent].parent
    return wider, {s: float(i.size) for s, i in SCOPES.items() if i.size is not None}


def _pairs(relation: str, m0: Any, m1: Any = None, m2: Any = None) -> pd.DataFrame:
    n = len(m0)
    minus = np.full(n, -1, dtype=np.int64)
    return pd.DataFrame(
        {
            "relation": relation,
            "m0": np.asarray(m0, dtype=np.int64),
            "m1": minus if m1 is None else np.asarray(m1, dtype=np.int64),
            "m2": minus if m2 is None else np.asarray(m2, dtype=np.int64),
        }
    )


def _overlap(alo: np.ndarray, ahi: np.ndarray, alo_o: np.ndarray, ahi_o: np.ndarray,
             blo: np.ndarray, bhi: np.ndarray, blo_o: np.ndarray, bhi_o: np.ndarray) -> np.ndarray:  # fmt: skip
    """Element-wise: do two intervals share a value, open ends honoured."""
    lo = np.maximum(alo, blo)
    hi = np.minimum(ahi, bhi)
    lo_o = np.where(alo > blo, alo_o, np.where(blo > alo, blo_o, alo_o | blo_o))
    hi_o = np.where(ahi < bhi, ahi_o, np.where(bhi < ahi, bhi_o, ahi_o | bhi_o))
    return (lo < hi) | ((lo == hi) & ~lo_o & ~hi_o)


def _within(inner: pd.DataFrame, outer: pd.DataFrame, on: list[str]) -> pd.DataFrame:
    """Pairs of a row of ``inner`` inside a period of ``outer`` (same ``on``, another period).

    ``outer`` is joined once per calendar year of its span to the rows that start in that year
    (``inner`` has a ``year`` column), so the join costs what the spans cover.
    """
    first = outer["period_start"].dt.year.to_numpy()
    span = outer["period_end"].dt.year.to_numpy() - first + 1
    at = np.repeat(np.arange(len(outer)), span)
    years = first[at] + (np.arange(len(at)) - np.repeat(np.cumsum(span) - span, span))
    wide = outer.iloc[at][[*on, "pkey", "period_start", "period_end", "row"]].assign(year=years)
    m = inner[[*on, "year", "pkey", "period_start", "period_end", "row"]].merge(
        wide, on=[*on, "year"], suffixes=("", "_w")
    )
    keep = (m["period_start"] >= m["period_start_w"]) & (m["period_end"] <= m["period_end_w"])
    m = m[keep & (m["pkey"] != m["pkey_w"])]
    return _pairs("part_whole", m["row"], m["row_w"])


def relations(frame: pd.DataFrame, *, covered_members: bool = False) -> pd.DataFrame:
    """Every relation instance of ``frame`` with ``strict_ok`` and ``wide_ok`` (see the module docstring)."""
    f = frame.reset_index(drop=True)
    return decide(f, pairs(f, covered_members=covered_members))


def failures(frame: pd.DataFrame) -> dict[str, int]:
    """How many instances ``frame`` has, and how many fail on strict and on wide intervals.

    The instances of :func:`relations`, generated and decided one merge at a time and
    then dropped: only the counts are kept, so the floor holds no more than its largest
    merge (the repeated reports' same-quantity pairs), not every instance at once.
    """
    f = frame.reset_index(drop=True)
    counts = {"floor_instances": 0, "floor_strict_failures": 0, "floor_wide_failures": 0}
    for piece in pieces(f):
        # Decided a slice at a time: a decision makes a dozen temporary arrays of its length.
        for at in range(0, len(piece), DECIDE_ROWS):
            decided = decide(f, piece.iloc[at : at + DECIDE_ROWS])
            counts["floor_instances"] += len(decided)
            counts["floor_strict_failures"] += int((~decided["strict_ok"].to_numpy()).sum())
            counts["floor_wide_failures"] += int((~decided["wide_ok"].to_numpy()).sum())
    return counts


def pairs(frame: pd.DataFrame, *, covered_members: bool = False) -> pd.DataFrame:
    """Every relation instance of ``frame``, undecided: ``relation``, ``m0``, ``m1``, ``m2`` (rows; -1 if absent)."""
    out = list(pieces(frame.reset_index(drop=True), covered_members=covered_members))
    return pd.concat(out, ignore_index=True) if out else _pairs("range", np.zeros(0, dtype=np.int64))


def pieces(f: pd.DataFrame, *, covered_members: bool = False) -> Iterator[pd.DataFrame]:
    """The instances of :func:`pairs`, one merge at a time (each non-empty, in the order of the module docstring).

    Merges join integer codes of their keys (one code per distinct key, computed once),
    not the key columns themselves: the merged frames carry row numbers only.
    """
    row = np.arange(len(f), dtype=np.int64)
    measure = f["measure"].to_numpy()
    ind = f["indicator"].to_numpy()
    kind = f["period_kind"].to_numpy()
    is_level = measure == "level"
    # A quantity (partner, indicator, flow, scope) and a quantity at a period (pkey) or at a base (bkey),
    # in one code space, so that a growth's base meets the level of that period.
    q = combine_codes([f[c].to_numpy() for c in _Q])
    at = combine_codes([np.r_[q, q], np.r_[f["pkey"].to_numpy(), f["bkey"].to_numpy()]])
    key, bkey = at[: len(f)], at[len(f) :]
    year = f["period_start"].dt.year.to_numpy()
    base = pd.DataFrame({"key": key, "q": q, "year": year, "row": row})
    lv = base[is_level]

    # same quantity: each pair of claims once (a claim's two readings are never a pair)
    claim = pd.factorize(f["claim"].to_numpy(), sort=True)[0]  # codes in the order of the ids
    a = lv[["key", "row"]].assign(claim=claim[is_level])
    m = a.merge(a, on="key", suffixes=("", "_b"))
    m = m[m["claim"].to_numpy() < m["claim_b"].to_numpy()]
    yield from _nonempty(_pairs("same_quantity", m["row"], m["row_b"]))

    # turnover = exports + imports (same partner, reporter aside, and period)
    pk = combine_codes([f["partner"].to_numpy(), f["pkey"].to_numpy()])
    flows = {name: pd.DataFrame({"pk": pk[rows], "row": rows})
             for name in ("turnover", "exports", "imports") for rows in [row[is_level & (ind == name)]]}  # fmt: skip
    t, e, i = flows["turnover"], flows["exports"], flows["imports"]
    m = t.merge(e, on="pk", suffixes=("", "_e")).merge(i, on="pk", suffixes=("", "_i"))
    yield from _nonempty(_pairs("sum", m["row"], m["row_e"], m["row_i"]))

    # growth and change: the ratio or change with its level at its period and at its base
    levels = lv[["key", "row"]]
    for rel, meas in (("growth", "ratio"), ("change", "change")):
        g = pd.DataFrame({"key": key, "bkey": bkey, "row": row})[measure == meas]
        m = g.merge(levels, on="key", suffixes=("", "_t"))
        m = m.merge(levels.rename(columns={"key": "bkey"}), on="bkey", suffixes=("", "_b"))
        yield from _nonempty(_pairs(rel, m["row"], m["row_t"], m["row_b"]))

    # part within whole: flows within turnover
    for p in (e, i):
        m = p.merge(t, on="pk", suffixes=("", "_w"))
        yield from _nonempty(_pairs("part_whole", m["row"], m["row_w"]))
    # a part of a year within its year
    lvk = kind[lv["row"].to_numpy()]
    part, whole = lv[lvk == "partial"], lv[lvk == "year"]
    m = part[["q", "year", "row"]].merge(whole[["q", "year", "row"]], on=["q", "year"], suffixes=("", "_w"))
    yield from _nonempty(_pairs("part_whole", m["row"], m["row_w"]))
    # anything within a cumulative window that covers it: join on each calendar year the window spans
    spans = f[["pkey", "period_start", "period_end"]].assign(q=q, year=year, row=row)[is_level]
    window = spans[lvk == "window"]
    if len(window):
        yield from _nonempty(_within(spans[np.isin(lvk, ("year", "partial", "window"))], window, ["q"]))
    # a member state within the EU (same indicator, flow, scope and period)
    member_key = combine_codes([f[c].to_numpy() for c in ("indicator", "flow", "scope", "pkey")])
    eu = (f["partner"] == "EU").to_numpy()
    spans = spans.assign(mk=member_key[is_level], partner=f["partner"].to_numpy()[is_level])
    members, union = spans[~eu[is_level]], spans[eu[is_level]]
    m = members[["mk", "row"]].merge(union[["mk", "row"]], on="mk", suffixes=("", "_w"))
    yield from _nonempty(_pairs("part_whole", m["row"], m["row_w"]))
    if covered_members and len(members) and len(union):
        # Over any period that covers the member's: joined on the quantity's terms, year by year.
        on = ["indicator", "flow", "scope"]
        terms = spans.assign(**{c: f[c].to_numpy()[is_level] for c in on})
        rows = terms["row"].to_numpy()
        dated = kind[rows] != "as_of"
        known = f["months_known"].to_numpy()[rows] & dated
        yield from _nonempty(_within(terms[~eu[is_level] & dated], terms[eu[is_level] & known], on))

    # ranks: a narrower field no worse than a wider one, in the same release
    is_rank = (ind == "rank") & is_level
    ranks = f.loc[is_rank, ["partner", "flow", "scope", "pkey", "source"]].assign(row=row[is_rank])
    if len(ranks):
        wider = pd.DataFrame(_scopes()[0], columns=["scope", "wider"])
        m = ranks.merge(wider, on="scope").merge(
            ranks.rename(columns={"scope": "wider"}), on=["partner", "flow", "source", "pkey", "wider"],
            suffixes=("", "_w"),
        )  # fmt: skip
        yield from _nonempty(_pairs("rank_nesting", m["row"], m["row_w"]))

    # ranges
    bounded = is_level & np.isin(ind, ("rank", "share", "count", "companies", "diaspora"))
    yield from _nonempty(_pairs("range", row[bounded]))


def _nonempty(piece: pd.DataFrame) -> Iterator[pd.DataFrame]:
    if len(piece):
        yield piece


def decide(f: pd.DataFrame, instances: pd.DataFrame) -> pd.DataFrame:
    """``strict_ok`` and ``wide_ok`` of every instance: the first member against what the others allow."""
    rel = instances["relation"].to_numpy()
    m0, m1, m2 = (instances[c].to_numpy() for c in ("m0", "m1", "m2"))
    b, c = np.maximum(m1, 0), np.maximum(m2, 0)
    ind = f["indicator"].to_numpy()
    scope = f["scope"].to_numpy()
    out = instances.copy()
    for prefix, name in (("", "strict_ok"), ("w", "wide_ok")):
        lo, hi = f[f"{prefix}lo"].to_numpy(), f[f"{prefix}hi"].to_numpy()
        lo_o, hi_o = f[f"{prefix}lo_open"].to_numpy(), f[f"{prefix}hi_open"].to_numpy()
        n = len(instances)
        ilo, ihi = np.full(n, -np.inf), np.full(n, np.inf)
        ilo_o, ihi_o = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
        k = rel == "same_quantity"
        ilo[k], ihi[k], ilo_o[k], ihi_o[k] = lo[b[k]], hi[b[k]], lo_o[b[k]], hi_o[b[k]]
        k = rel == "sum"
        ilo[k], ihi[k] = lo[b[k]] + lo[c[k]], hi[b[k]] + hi[c[k]]
        ilo_o[k], ihi_o[k] = lo_o[b[k]] | lo_o[c[k]], hi_o[b[k]] | hi_o[c[k]]
        k = rel == "growth"
        with np.errstate(divide="ignore", invalid="ignore"):
            ilo[k] = np.where(np.isinf(hi[c[k]]), 0.0, lo[b[k]] / hi[c[k]])
            ihi[k] = np.where(lo[c[k]] > 0, hi[b[k]] / lo[c[k]], np.inf)
        k = rel == "change"
        ilo[k], ihi[k] = lo[b[k]] - hi[c[k]], hi[b[k]] - lo[c[k]]
        k = (rel == "part_whole") | (rel == "rank_nesting")
        ihi[k], ihi_o[k] = hi[b[k]], hi_o[b[k]]
        k = rel == "range"
        if k.any():
            r_ind, r_scope = ind[m0[k]], scope[m0[k]]
            sizes = _scopes()[1]
            size = np.array([sizes.get(s, np.inf) for s in r_scope.tolist()])
            ilo[k] = np.where(r_ind == "rank", 1.0, 0.0)
            ihi[k] = np.where(r_ind == "rank", size, np.where(r_ind == "share", 100.0, np.inf))
        out[name] = _overlap(lo[m0], hi[m0], lo_o[m0], hi_o[m0], ilo, ihi, ilo_o, ihi_o)
    return out

"""Relations between claims, generated from the data and decided by interval arithmetic.

Nothing here is listed by hand: every relation comes from what the claims say
(partner, indicator, flow, scope, period, form). An *instance* is one relation
over one choice of readings of its claims; the checker groups instances of the
same claims into one verdict.

==============  ====================================================  ======================
relation        holds when                                            members (m0, m1, m2)
==============  ====================================================  ======================
same_quantity   two levels of one quantity share a value              a, b
sum             turnover meets exports + imports (same pair, period)  turnover, exports, imports
growth          a ratio meets level(t) / level(base)                  ratio, level t, level base
change          a change meets level(t) - level(base)                 change, level t, level base
part_whole      a part can be no larger than its whole                part, whole
rank_nesting    a rank in a narrower field is no worse than wider     narrow, wide
range           a rank within its field, a share within 0..100 %      claim
==============  ====================================================  ======================

Parts and wholes: exports or imports within turnover; a partial period within
its year; any period within a cumulative window that covers it; an EU member's
figure within the EU's; a claim marked ``part_of`` another ("21 of 34").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from kzlt_trade.frame import BoolArray, FloatArray, add_down, add_up, divide, overlaps
from kzlt_trade.model import EU_MEMBERS, SCOPES

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["RELATION_KINDS", "instances", "order_pairs"]

RELATION_KINDS = ("same_quantity", "sum", "growth", "change", "part_whole", "rank_nesting", "range")

_QUANTITY = ["partner", "indicator", "flow", "scope"]
_LEVEL_PERIODS = ("year", "partial", "window")
#: The columns of level readings that the relations read.
_LEVEL_COLUMNS = [*_QUANTITY, "pkey", "row", "claim", "source", "period_kind", "period_start", "period_end",
                  "months_known", "part_of"]  # fmt: skip


def instances(frame: pd.DataFrame) -> pd.DataFrame:
    """Every relation instance over the readings frame, evaluated.

    Returns a frame with columns ``relation``, ``m0``, ``m1``, ``m2`` (row
    positions in ``frame``; -1 where a relation has fewer members),
    ``strict_ok``, ``wide_ok``, and the two sides compared under the strict
    reading: ``implied_lo``/``implied_hi`` (what the other figures allow) and
    ``reported_lo``/``reported_hi`` (what the first member says).
    """
    import pandas as pd

    f = frame.reset_index(drop=True)
    f["row"] = np.arange(len(f))
    level = f.loc[f["measure"] == "level", _LEVEL_COLUMNS]
    parts = [
        _same_quantity(level),
        _sums(level),
        _ratios(f, level, "ratio", "growth"),
        _ratios(f, level, "change", "change"),
        _part_whole(level),
        _rank_nesting(level),
        _ranges(level),
    ]
    pairs = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else None
    if pairs is None:
        return pd.DataFrame(
            {c: pd.Series(dtype=t) for c, t in _EMPTY.items()},
        )
    for m in ("m1", "m2"):
        if m not in pairs:
            pairs[m] = -1
        pairs[m] = pairs[m].fillna(-1).astype("int64")
    pairs["m0"] = pairs["m0"].astype("int64")
    return _evaluate(f, pairs)


def order_pairs(frame: pd.DataFrame) -> pd.DataFrame:
    """The ``part_whole`` and ``rank_nesting`` instances of :func:`instances`, unevaluated.

    The same pairs in the same order, with columns ``relation``, ``m0`` and ``m1``,
    without generating and deciding every other relation (the reconciler needs only
    these, as order constraints).
    """
    import pandas as pd

    f = frame.reset_index(drop=True)
    f["row"] = np.arange(len(f))
    level = f.loc[f["measure"] == "level", _LEVEL_COLUMNS]
    parts = [p for p in (_part_whole(level), _rank_nesting(level)) if len(p)]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=_EMPTY[c]) for c in ("relation", "m0", "m1")})
    out = pd.concat(parts, ignore_index=True)
    return out[["relation", "m0", "m1"]].astype({"m0": "int64", "m1": "int64"})


_EMPTY = {
    "relation": "object", "m0": "int64", "m1": "int64", "m2": "int64", "strict_ok": "bool", "wide_ok": "bool",
    "implied_lo": "float64", "implied_hi": "float64", "reported_lo": "float64", "reported_hi": "float64",
}  # fmt: skip


def _frame(relation: str, **members: pd.Series) -> pd.DataFrame:
    import pandas as pd

    out = pd.DataFrame({k: v.to_numpy() for k, v in members.items()})
    out.insert(0, "relation", relation)
    return out


def _same_quantity(level: pd.DataFrame) -> pd.DataFrame:
    keys = [*_QUANTITY, "pkey"]
    lv = level[[*keys, "claim", "row"]]
    m = lv.merge(lv, on=keys, suffixes=("_a", "_b"))
    m = m[m["claim_a"] < m["claim_b"]]
    return _frame("same_quantity", m0=m["row_a"], m1=m["row_b"])


def _sums(level: pd.DataFrame) -> pd.DataFrame:
    cols = ["partner", "pkey", "row"]
    t = level.loc[level["indicator"] == "turnover", cols]
    e = level.loc[level["indicator"] == "exports", cols]
    i = level.loc[level["indicator"] == "imports", cols]
    m = t.merge(e, on=["partner", "pkey"], suffixes=("", "_e")).merge(i, on=["partner", "pkey"], suffixes=("", "_i"))
    return _frame("sum", m0=m["row"], m1=m["row_e"], m2=m["row_i"])


def _ratios(f: pd.DataFrame, level: pd.DataFrame, measure: str, relation: str) -> pd.DataFrame:
    g = f.loc[f["measure"] == measure, [*_QUANTITY, "pkey", "bkey", "row"]]
    lv = level[[*_QUANTITY, "pkey", "row"]]
    m = g.merge(lv, on=[*_QUANTITY, "pkey"], suffixes=("", "_t"))
    m = m.merge(lv.rename(columns={"pkey": "bkey"}), on=[*_QUANTITY, "bkey"], suffixes=("", "_b"))
    return _frame(relation, m0=m["row"], m1=m["row_t"], m2=m["row_b"])


def _part_whole(level: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    out = []
    # Exports and imports within turnover, same pair and period.
    t = level.loc[level["indicator"] == "turnover", ["partner", "pkey", "row"]]
    for ind in ("exports", "imports"):
        p = level.loc[level["indicator"] == ind, ["partner", "pkey", "row"]]
        m = p.merge(t, on=["partner", "pkey"], suffixes=("", "_w"))
        out.append(_frame("part_whole", m0=m["row"], m1=m["row_w"]))
    flows = level[level["period_kind"].isin(_LEVEL_PERIODS)]
    cols = [*_QUANTITY, "row", "period_kind", "period_start", "period_end", "months_known", "pkey"]
    # A part of a year within that year.
    part = flows.loc[flows["period_kind"] == "partial", cols].assign(year=lambda d: d["period_start"].dt.year)
    year = flows.loc[flows["period_kind"] == "year", cols].assign(year=lambda d: d["period_start"].dt.year)
    m = part.merge(year, on=[*_QUANTITY, "year"], suffixes=("", "_w"))
    out.append(_frame("part_whole", m0=m["row"], m1=m["row_w"]))
    # Anything within a cumulative window that covers it.
    window = flows.loc[flows["period_kind"] == "window", cols]
    m = flows[cols].merge(window, on=_QUANTITY, suffixes=("", "_w"))
    inside = (m["period_start"] >= m["period_start_w"]) & (m["period_end"] <= m["period_end_w"])
    m = m[inside & (m["pkey"] != m["pkey_w"])]
    out.append(_frame("part_whole", m0=m["row"], m1=m["row_w"]))
    # A member state's figure within the EU's, over a period that covers it.
    members = level[level["partner"].isin(EU_MEMBERS)]
    eu = level[level["partner"] == "EU"]
    on = ["indicator", "flow", "scope"]
    m = members[[*on, *cols[5:], "row"]].merge(eu[[*on, *cols[5:], "row"]], on=on, suffixes=("", "_w"))
    same = m["pkey"] == m["pkey_w"]
    covered = (
        m["months_known_w"]
        & (m["period_kind"] != "as_of")
        & (m["period_kind_w"] != "as_of")
        & (m["period_start"] >= m["period_start_w"])
        & (m["period_end"] <= m["period_end_w"])
    )
    m = m[same | covered]
    out.append(_frame("part_whole", m0=m["row"], m1=m["row_w"]))
    # Declared parts ("21 of 34").
    declared = level.loc[level["part_of"] != "", ["part_of", "row"]]
    m = declared.merge(level[["claim", "row"]], left_on="part_of", right_on="claim", suffixes=("", "_w"))
    out.append(_frame("part_whole", m0=m["row"], m1=m["row_w"]))
    return pd.concat([o for o in out if len(o)], ignore_index=True) if any(len(o) for o in out) else out[0]


def _rank_nesting(level: pd.DataFrame) -> pd.DataFrame:
    ranks = level.loc[level["indicator"] == "rank", ["partner", "flow", "source", "pkey", "scope", "row"]]
    ancestors = [(s, a) for s in SCOPES for a in _ancestors(s)]
    import pandas as pd

    pairs = pd.DataFrame(ancestors, columns=["scope", "wider"])
    m = ranks.merge(pairs, on="scope").merge(
        ranks.rename(columns={"scope": "wider"}), on=["partner", "flow", "source", "pkey", "wider"], suffixes=("", "_w")
    )
    return _frame("rank_nesting", m0=m["row"], m1=m["row_w"])


def _ancestors(scope: str) -> list[str]:
    out = []
    parent = SCOPES[scope].parent
    while parent is not None:
        out.append(parent)
        parent = SCOPES[parent].parent
    return out


def _ranges(level: pd.DataFrame) -> pd.DataFrame:
    bounded = level["indicator"].isin(["rank", "share", "count", "companies", "diaspora"])
    m = level[bounded]
    return _frame("range", m0=m["row"])


def range_bounds(frame: pd.DataFrame, rows: np.ndarray) -> tuple[FloatArray, FloatArray]:
    """The values a claim's indicator and scope allow: ranks 1..size, shares 0..100, counts from 0."""
    ind = frame["indicator"].to_numpy()[rows]
    scope = frame["scope"].to_numpy()[rows]
    size = np.array([float(SCOPES[s].size or np.inf) for s in scope], dtype=float)
    lo = np.where(ind == "rank", 1.0, 0.0)
    hi = np.where(ind == "rank", size, np.where(ind == "share", 100.0, np.inf))
    return lo, hi


def _evaluate(f: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    n = len(pairs)
    codes, names = pd.factorize(pairs["relation"].to_numpy())
    kinds = {str(name): codes == i for i, name in enumerate(names)}
    m0, m1, m2 = (pairs[c].to_numpy() for c in ("m0", "m1", "m2"))
    strict_ok = np.zeros(n, dtype=bool)
    wide_ok = np.zeros(n, dtype=bool)
    implied_lo = np.full(n, np.nan)
    implied_hi = np.full(n, np.nan)
    for prefix, ok in (("", strict_ok), ("w", wide_ok)):
        lo = f[f"{prefix}lo"].to_numpy()
        hi = f[f"{prefix}hi"].to_numpy()
        lo_open = f[f"{prefix}lo_open"].to_numpy()
        hi_open = f[f"{prefix}hi_open"].to_numpy()
        i_lo, i_hi, i_lo_open, i_hi_open = _implied(f, kinds, m0, m1, m2, lo, hi, lo_open, hi_open)
        a = m0
        ok[:] = overlaps(lo[a], hi[a], i_lo, i_hi, lo_open[a], hi_open[a], i_lo_open, i_hi_open)
        if prefix == "":
            implied_lo, implied_hi = i_lo, i_hi
    out = pairs.copy()
    out["strict_ok"] = strict_ok
    out["wide_ok"] = wide_ok
    out["implied_lo"] = implied_lo
    out["implied_hi"] = implied_hi
    out["reported_lo"] = f["lo"].to_numpy()[m0]
    out["reported_hi"] = f["hi"].to_numpy()[m0]
    return out


def _implied(
    f: pd.DataFrame,
    kinds: dict[str, BoolArray],
    m0: np.ndarray,
    m1: np.ndarray,
    m2: np.ndarray,
    lo: FloatArray,
    hi: FloatArray,
    lo_open: BoolArray,
    hi_open: BoolArray,
) -> tuple[FloatArray, FloatArray, BoolArray, BoolArray]:
    """What the other members allow for member 0, per relation (``kinds``: which instances are of each)."""
    n = len(m0)
    none = np.zeros(n, dtype=bool)
    i_lo = np.full(n, -np.inf)
    i_hi = np.full(n, np.inf)
    i_lo_open = np.zeros(n, dtype=bool)
    i_hi_open = np.zeros(n, dtype=bool)
    b, c = np.where(m1 >= 0, m1, 0), np.where(m2 >= 0, m2, 0)

    k = kinds.get("same_quantity", none)
    i_lo[k], i_hi[k] = lo[b[k]], hi[b[k]]
    i_lo_open[k], i_hi_open[k] = lo_open[b[k]], hi_open[b[k]]

    k = kinds.get("sum", none)
    i_lo[k] = add_down(lo[b[k]], lo[c[k]])
    i_hi[k] = add_up(hi[b[k]], hi[c[k]])
    i_lo_open[k] = lo_open[b[k]] | lo_open[c[k]]
    i_hi_open[k] = hi_open[b[k]] | hi_open[c[k]]

    k = kinds.get("growth", none)
    i_lo[k], i_hi[k] = divide(lo[b[k]], hi[b[k]], lo[c[k]], hi[c[k]])

    k = kinds.get("change", none)
    i_lo[k] = add_down(lo[b[k]], -hi[c[k]])
    i_hi[k] = add_up(hi[b[k]], -lo[c[k]])

    # A part is feasible when it can be at most the whole: the whole caps it from above.
    k = kinds.get("part_whole", none) | kinds.get("rank_nesting", none)
    i_hi[k] = hi[b[k]]
    i_hi_open[k] = hi_open[b[k]]

    k = kinds.get("range", none)
    if k.any():
        r_lo, r_hi = range_bounds(f, m0[k])
        i_lo[k], i_hi[k] = r_lo, r_hi
    return i_lo, i_hi, i_lo_open, i_hi_open

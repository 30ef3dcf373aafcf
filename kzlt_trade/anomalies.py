"""Anomalies: jumps nothing explains, and exports and imports trading places.

A level that more than doubles or falls by more than half in one year (the
``jump`` ratio of :func:`kzlt_trade.check`), with no growth claim about that
year, is an anomaly; so is a surplus that turns into a deficit (or back)
between two years whose exports and imports are both known. Neither is a
contradiction: both can be true, but a reader should look.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from kzlt_trade.explain import finding, pct, shown
from kzlt_trade.frame import divide, is_money
from kzlt_trade.interval import Interval
from kzlt_trade.results import Finding

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["balance_reversals", "jumps", "year_levels"]


# -- anomalies ----------------------------------------------------------------------------


def year_levels(frame: pd.DataFrame) -> pd.DataFrame:
    """Per partner, money indicator and year: the intersection of the primary level claims.

    ``first`` is the row of the first of those claims.
    """
    keep = frame["primary"].to_numpy() & (frame["measure"] == "level").to_numpy()
    keep &= (frame["period_kind"] == "year").to_numpy()
    keep[keep] = is_money(frame["indicator"][keep])
    cols = ["partner", "indicator", "flow", "lo", "hi"]
    f = frame.loc[keep, cols].assign(year=frame["period_start"][keep].dt.year, first=np.flatnonzero(keep))
    g = f.groupby(["partner", "indicator", "flow", "year"], sort=True)
    out = g.agg(lo=("lo", "max"), hi=("hi", "min"), first=("first", "min"))
    return out[out["lo"] <= out["hi"]].reset_index()


def jumps(frame: pd.DataFrame, jump: float, levels: pd.DataFrame | None = None) -> list[Finding]:
    levels = year_levels(frame) if levels is None else levels
    if levels.empty:
        return []
    nxt = levels.assign(year=levels["year"] - 1)
    m = levels.merge(nxt, on=["partner", "indicator", "flow", "year"], suffixes=("", "_next"))
    if m.empty:
        return []
    rlo, rhi = divide(m["lo_next"].to_numpy(), m["hi_next"].to_numpy(), m["lo"].to_numpy(), m["hi"].to_numpy())
    big = (rhi < 1.0 / jump) | (rlo > jump)
    if not big.any():
        return []
    growth = frame[frame["measure"] != "level"]
    explained = {
        (p, i, str(per), str(base))
        for p, i, per, base in growth[["partner", "indicator", "period", "base_period"]].itertuples(index=False)
    }
    out = []
    for k in np.flatnonzero(big):
        row = m.iloc[k]
        if (row["partner"], row["indicator"], str(row["year"] + 1), str(row["year"])) in explained:
            continue
        a, b = int(row["first"]), int(row["first_next"])
        arithmetic = (
            f"{shown(frame, a)} ({row['year']}) → {shown(frame, b)} ({row['year'] + 1}): "
            f"{pct(rlo[k], 1, down=True)} … {pct(rhi[k], 1)} in one year; no growth claim explains it"
        )
        word = "fell by more than half" if rhi[k] < 1.0 / jump else f"grew more than {jump:g}-fold"
        message = f"KZ–{row['partner']} {row['indicator']} {word} from {row['year']} to {row['year'] + 1}"
        f = finding(frame, "anomaly", "jump", [b, a], arithmetic, message)
        out.append(_with_period(f, f"{row['year'] + 1} vs {row['year']}", Interval(float(rlo[k]), float(rhi[k]))))
    return out


def _with_period(f: Finding, period: str, implied: Interval | None) -> Finding:
    from dataclasses import replace

    return replace(f, period=period, implied=implied)


def balance_reversals(frame: pd.DataFrame, levels: pd.DataFrame | None = None) -> list[Finding]:
    levels = year_levels(frame) if levels is None else levels
    e = levels[levels["indicator"] == "exports"].set_index(["partner", "year"])
    i = levels[levels["indicator"] == "imports"].set_index(["partner", "year"])
    both = e.merge(i, left_index=True, right_index=True, suffixes=("_e", "_i")).reset_index()
    both = both.sort_values(["partner", "year"])
    sign = np.where(both["lo_e"] > both["hi_i"], 1, np.where(both["hi_e"] < both["lo_i"], -1, 0))
    both = both.assign(sign=sign)
    both = both[both["sign"] != 0]
    out: list[Finding] = []
    # Sorted by partner and year: a reversal is a year whose sign differs from the partner's year before.
    partners = both["partner"].to_numpy()
    signs = both["sign"].to_numpy()
    turns = np.flatnonzero((partners[1:] == partners[:-1]) & (signs[1:] != signs[:-1]))
    if not len(turns):
        return out
    involved = np.union1d(turns, turns + 1)
    records = dict(zip(involved.tolist(), both.iloc[involved].to_dict("records"), strict=True))

    def side(r: dict[Any, Any]) -> str:
        e_shown = shown(frame, int(r["first_e"]))
        i_shown = shown(frame, int(r["first_i"]))
        op = ">" if r["sign"] > 0 else "<"
        return f"{r['year']}: exports {e_shown} {op} imports {i_shown}"

    for k in turns.tolist():
        before, after = records[k], records[k + 1]
        partner = before["partner"]
        members = [
            int(after["first_e"]),
            int(after["first_i"]),
            int(before["first_e"]),
            int(before["first_i"]),
        ]
        was, became = ("surplus", "deficit") if before["sign"] > 0 else ("deficit", "surplus")
        message = (
            f"KZ–{partner}: Kazakhstan's trade {was} in {before['year']} turned into a {became} by {after['year']}"
        )
        f = finding(frame, "anomaly", "balance", members, f"{side(before)}; {side(after)}", message)
        out.append(_with_period(f, f"{after['year']} vs {before['year']}", None))
    return out

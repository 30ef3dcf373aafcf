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

from kzlt_trade.interval import Interval
from kzlt_trade.ivec import Bounds
from kzlt_trade.model import MONEY
from kzlt_trade.results import Finding
from kzlt_trade.wording import Wording, finding, pct

if TYPE_CHECKING:
    import pandas as pd

    from kzlt_trade.readings import Readings

__all__ = ["balance_reversals", "jumps", "year_levels"]


# -- anomalies ----------------------------------------------------------------------------


def year_levels(readings: Readings) -> pd.DataFrame:
    """Per partner, money indicator and year: the intersection of the primary press level claims.

    ``first`` is the row of the first of those claims.
    """
    frame = readings.table
    keep = readings.col("primary").astype(bool) & (readings.col("measure") == "level")
    keep &= readings.col("period_kind") == "year"
    keep &= np.isin(readings.col("indicator"), MONEY)
    # Kazakhstan's own figures, in dollars (a figure without a rate bounds nothing), as the press
    # reports them: a jump in an office's own series is what happened, not a slip to look into.
    keep &= readings.col("reporter") == "KZ"
    keep &= readings.col("origin") == "press"
    usd = readings.usd_strict
    cols = ["partner", "indicator", "flow"]
    f = frame.loc[keep, cols].assign(
        lo=usd.lo[keep], hi=usd.hi[keep], year=frame["period_start"][keep].dt.year, first=np.flatnonzero(keep)
    )
    g = f.groupby(["partner", "indicator", "flow", "year"], sort=True)
    out = g.agg(lo=("lo", "max"), hi=("hi", "min"), first=("first", "min"))
    levels: pd.DataFrame = out[out["lo"] <= out["hi"]].reset_index()
    return levels


def jumps(w: Wording, jump: float, levels: pd.DataFrame) -> list[Finding]:
    """A level that more than doubles or falls by more than half in a year, with no growth claim about it."""
    frame = w.readings.table
    if levels.empty:
        return []
    nxt = levels.assign(year=levels["year"] - 1)
    m = levels.merge(nxt, on=["partner", "indicator", "flow", "year"], suffixes=("", "_next"))
    if m.empty:
        return []
    ratio = Bounds.closed(m["lo_next"].to_numpy(), m["hi_next"].to_numpy()).ratio(
        Bounds.closed(m["lo"].to_numpy(), m["hi"].to_numpy())
    )
    rlo, rhi = ratio.lo, ratio.hi
    big = (rhi < 1.0 / jump) | (rlo > jump)
    if not big.any():
        return []
    # The four columns asked for only, not every column of the growth rows.
    growth = frame.loc[frame["measure"] != "level", ["partner", "indicator", "period", "base_period"]]
    explained = {(p, i, str(per), str(base)) for p, i, per, base in growth.itertuples(index=False)}
    out = []
    for k in np.flatnonzero(big):
        row = m.iloc[k]
        if (row["partner"], row["indicator"], str(row["year"] + 1), str(row["year"])) in explained:
            continue
        a, b = int(row["first"]), int(row["first_next"])
        arithmetic = (
            f"{w.row(a)} ({row['year']}) → {w.row(b)} ({row['year'] + 1}): "
            f"{pct(rlo[k], 1, down=True)} … {pct(rhi[k], 1)} in one year; no growth claim explains it"
        )
        word = "fell by more than half" if rhi[k] < 1.0 / jump else f"grew more than {jump:g}-fold"
        message = f"KZ–{row['partner']} {row['indicator']} {word} from {row['year']} to {row['year'] + 1}"
        period = f"{row['year'] + 1} vs {row['year']}"
        implied = Interval(float(rlo[k]), float(rhi[k]))
        out.append(finding(w, "anomaly", "jump", [b, a], arithmetic, message, implied=implied, period=period))
    return out


def balance_reversals(w: Wording, levels: pd.DataFrame) -> list[Finding]:
    """A surplus that turns into a deficit (or back) between two years whose exports and imports are known."""
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
        e_shown = w.row(int(r["first_e"]))
        i_shown = w.row(int(r["first_i"]))
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
        period = f"{after['year']} vs {before['year']}"
        out.append(finding(w, "anomaly", "balance", members, f"{side(before)}; {side(after)}", message, period=period))
    return out

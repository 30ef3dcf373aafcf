"""How findings are written: each figure as written with its interval, and one line of arithmetic.

The checker decides on arrays; this module turns one decided relation
instance (a row of :func:`kzlt_trade.relations.instances`) into the words and
numbers a reader checks by hand, e.g.
``454 [453.5, 454.5] → 584 [583.5, 584.5] implies +28.38 % … +28.89 %``.
Displayed bounds of implied growth are rounded outward at two decimals, so the
text never claims a narrower range than the arithmetic found.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Union

from kzlt_trade.frame import cell, frame_memo
from kzlt_trade.interval import Interval
from kzlt_trade.results import Finding
from kzlt_trade.vocabulary import FindingRelation, Kind

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Instance",
    "bounded",
    "explain",
    "finding",
    "num",
    "pct",
    "period_label",
    "quantity",
    "row_interval",
    "shown",
]


# -- grouping ------------------------------------------------------------------------

#: One relation instance: a row of the instances table, as a Series or as a mapping of its fields.
Instance = Union["pd.Series[Any]", Mapping[str, Any]]


def finding(
    frame: pd.DataFrame,
    kind: Kind,
    relation: FindingRelation,
    rows: list[int],
    arithmetic: str,
    message: str,
    instance: Instance | None = None,
) -> Finding:
    first = rows[0]
    implied = reported = None
    if instance is not None and relation in ("growth", "change", "sum", "same_quantity"):
        implied = bounded(instance["implied_lo"], instance["implied_hi"])
        reported = bounded(instance["reported_lo"], instance["reported_hi"])
    return Finding(
        kind=kind,
        relation=relation,
        claims=tuple(str(cell(frame, r, "claim")) for r in rows),
        readings=tuple(str(cell(frame, r, "reading")) for r in rows),
        quotes=tuple(str(cell(frame, r, "quote")) for r in rows),
        intervals=tuple(row_interval(frame, r) for r in rows),
        arithmetic=arithmetic,
        message=message,
        partner=str(cell(frame, first, "partner")),
        indicator=str(cell(frame, first, "indicator")),
        period=period_label(frame, first),
        implied=implied,
        reported=reported,
    )


def bounded(lo: float, hi: float) -> Interval | None:
    if math.isnan(lo) or math.isnan(hi) or lo > hi:
        return None
    return Interval(float(lo), float(hi))


def row_interval(frame: pd.DataFrame, r: int) -> Interval:
    # Findings show the same figures many times: remember each row's interval while the frame is cached.
    memo = frame_memo(frame)
    if memo is None:
        return _new_row_interval(frame, r)
    key = ("interval", r)
    iv: Interval | None = memo.get(key)
    if iv is None:
        iv = memo[key] = _new_row_interval(frame, r)
    return iv


def _new_row_interval(frame: pd.DataFrame, r: int) -> Interval:
    return Interval(
        float(cell(frame, r, "lo")),
        float(cell(frame, r, "hi")),
        bool(cell(frame, r, "lo_open")),
        bool(cell(frame, r, "hi_open")),
    )


def period_label(frame: pd.DataFrame, r: int) -> str:
    base = cell(frame, r, "base_period")
    return f"{cell(frame, r, 'period')} vs {base}" if base else str(cell(frame, r, "period"))


def quantity(frame: pd.DataFrame, r: int) -> str:
    return f"KZ–{cell(frame, r, 'partner')} {cell(frame, r, 'indicator')} {period_label(frame, r)}"


# -- arithmetic lines -------------------------------------------------------------------


def num(x: float) -> str:
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    return f"{x:.6g}"


def shown(frame: pd.DataFrame, r: int) -> str:
    """A member as written, with its interval: ``584.3 [584.25, 584.35]``."""
    iv = row_interval(frame, r)
    if cell(frame, r, "measure") == "ratio":
        return _ratio_text(frame, r, iv)
    text = str(cell(frame, r, "text"))
    unit = str(cell(frame, r, "unit"))
    # A figure written in another scale than the canonical one says so: "2.6 billion USD = [2550, 2650]".
    if unit not in ("million USD", "item", "place", "percent", "company", "person", "") and "million" not in unit:
        return f"{text} {unit} = {iv.format(6)}"
    return f"{text} {iv.format(6)}"


def _ratio_text(frame: pd.DataFrame, r: int, iv: Interval) -> str:
    text = str(cell(frame, r, "text"))
    form = cell(frame, r, "form")
    if form == "percent_increase":
        return f"+{text} % [{pct(iv.lo, 2, exact=True)}, {pct(iv.hi, 2, exact=True)}]"
    if form == "percent_of_base":
        return f"{text} % of the base [×{num(iv.lo)}, ×{num(iv.hi)}]"
    return (
        f"×{text} [×{num(iv.lo)}, ×{num(iv.hi)}]"
        if form == "times"
        else (f"{text} times more [×{num(iv.lo)}, ×{num(iv.hi)}]")
    )


def pct(ratio: float, digits: int, *, exact: bool = False, down: bool = False) -> str:
    """A growth factor as a signed percent change; outward-rounded at display precision unless exact."""
    p = (ratio - 1.0) * 100.0
    if math.isinf(p):
        return "+∞ %"
    if exact:
        value = f"{p:.6g}"
    else:
        scale = 10**digits
        p = math.floor(p * scale) / scale if down else math.ceil(p * scale) / scale
        value = f"{p:.{digits}f}"
    return f"{'+' if p >= 0 else ''}{value} %".replace("-", "−")


def explain(frame: pd.DataFrame, instance: Instance) -> str:
    """One readable line of arithmetic for a relation instance."""
    rel = instance["relation"]
    m = [int(instance[k]) for k in ("m0", "m1", "m2")]
    ok = bool(instance["strict_ok"])
    verdict = "overlap" if ok else "no overlap"
    ilo, ihi = float(instance["implied_lo"]), float(instance["implied_hi"])
    if rel == "same_quantity":
        a, b = row_interval(frame, m[0]), row_interval(frame, m[1])
        common = a.intersect(b)
        tail = f"overlap {common.format(6)}" if common is not None else f"no overlap (gap {num(a.gap(b))})"
        return f"{shown(frame, m[0])} vs {shown(frame, m[1])}: {tail}"
    if rel == "sum":
        total = row_interval(frame, m[1]) + row_interval(frame, m[2])
        return (
            f"{shown(frame, m[1])} + {shown(frame, m[2])} = {total.format(6)}; reported {shown(frame, m[0])}: {verdict}"
        )
    if rel == "growth":
        form = cell(frame, m[0], "form")
        if form == "percent_increase":
            implied = f"{pct(ilo, 2, down=True)} … {pct(ihi, 2)}"
        else:
            implied = f"×{math.floor(ilo * 1000) / 1000:g} … ×{math.ceil(ihi * 1000) / 1000:g}"
        levels = f"{shown(frame, m[2])} → {shown(frame, m[1])}"
        return f"{levels} implies {implied}; reported {shown(frame, m[0])}: {verdict}"
    if rel == "change":
        diff = row_interval(frame, m[1]) - row_interval(frame, m[2])
        return (
            f"{shown(frame, m[2])} → {shown(frame, m[1])} implies a change of {diff.format(6)}; "
            f"reported {shown(frame, m[0])}: {verdict}"
        )
    if rel in ("part_whole", "rank_nesting"):
        sign = "≤"
        what = "rank" if rel == "rank_nesting" else "part"
        tail = "possible" if ok else f"impossible: the {what} is at least {num(cell(frame, m[0], 'lo'))}"
        if not ok:
            tail += (
                f", the whole at most {num(cell(frame, m[1], 'hi'))}"
                if rel == "part_whole"
                else (f", the wider rank at most {num(cell(frame, m[1], 'hi'))}")
            )
        left = f"{cell(frame, m[0], 'indicator')} {shown(frame, m[0])} ({cell(frame, m[0], 'period')})"
        right = f"{cell(frame, m[1], 'indicator')} {shown(frame, m[1])} ({cell(frame, m[1], 'period')})"
        return f"{left} {sign} {right}: {tail}"
    if rel == "range":
        return f"{shown(frame, m[0])} within [{num(ilo)}, {num(ihi)}]: {'possible' if ok else 'impossible'}"
    raise AssertionError(f"no explanation for relation {rel!r}")

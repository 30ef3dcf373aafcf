"""The readings frame: one row per (claim, reading), the table the checker works on.

The checker and the reconciler work on columns, not on objects, so that a
million claims cost seconds, not minutes. :func:`readings_frame` builds the
table from a :class:`~kzlt_trade.dataset.Dataset`; the benchmarks build the
same table directly. :data:`READING_FRAME_COLUMNS` is the contract between them.

Each row carries two intervals:

``lo``/``hi``
    the *strict* interval: the rounding convention asked for and the default
    hedge policy;
``wlo``/``whi``
    the *wide* interval: either rounding convention and the widest hedge policy.

A relation that holds on strict intervals is consistent; one that holds only on
wide ones (or only under another reading) is a tension; one that fails even on
wide intervals under every reading is a contradiction.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import numpy as np

from kzlt_trade.model import INDICATORS
from kzlt_trade.reading import HedgePolicy
from kzlt_trade.vocabulary import Rounding

if TYPE_CHECKING:
    import pandas as pd

    from kzlt_trade.dataset import Dataset

__all__ = ["READING_FRAME_COLUMNS", "period_key", "readings_frame"]

#: Columns of the readings frame and what they hold.
READING_FRAME_COLUMNS: dict[str, str] = {
    "claim": "claim id",
    "reading": "reading name",
    "primary": "whether this is the claim's primary reading",
    "ambiguous": "whether the claim has more than one reading",
    "source": "source id",
    "weight": "source weight (higher is more trusted)",
    "published": "publication date of the source (datetime64)",
    "partner": "partner code",
    "indicator": "indicator",
    "flow": "flow from Kazakhstan's side",
    "scope": "scope of a rank, share or count ('' for bilateral figures)",
    "measure": "'level', 'change' or 'ratio'",
    "period": "period text",
    "period_kind": "'year', 'partial', 'window' or 'as_of'",
    "period_start": "first day (datetime64)",
    "period_end": "last day (datetime64)",
    "months_known": "False for an unstated part of a year",
    "pkey": "period identity: the period text, plus '#source' for an unstated part of a year",
    "base_period": "base period text for change and ratio readings ('' for levels)",
    "bkey": "base period identity, like pkey",
    "lo": "strict lower bound (canonical units; growth factor for ratios)",
    "hi": "strict upper bound",
    "lo_open": "whether lo is excluded",
    "hi_open": "whether hi is excluded",
    "wlo": "wide lower bound",
    "whi": "wide upper bound",
    "wlo_open": "whether wlo is excluded",
    "whi_open": "whether whi is excluded",
    "part_of": "id of the claim this one is a part of ('' if none)",
    "form": "how the number relates to the quantity (see reading.Form)",
    "hedge": "the hedge of the words around the number",
    "unit": "the unit the number was written in",
    "quote": "the source's words",
    "text": "the number as written",
}


def period_key(period: str, kind: str, months_known: bool, source: str) -> str:
    """The identity of a period for comparisons.

    An unstated part of a year ("the same period") is only known to be the same
    period as another unstated part when both come from the same source.
    """
    return f"{period}#{source}" if kind == "partial" and not months_known else period


def readings_frame(ds: Dataset, *, rounding: Rounding = "nearest", policy: HedgePolicy | None = None) -> pd.DataFrame:
    """The readings frame of a dataset (see :data:`READING_FRAME_COLUMNS`).

    >>> from kzlt_trade import load
    >>> f = readings_frame(load())
    >>> f.loc[f.claim == "kazinform-2023-02-24/ee-turnover-growth-2022", ["reading", "lo", "hi"]].to_numpy().tolist()
    [['times', 6.35, 6.45], ['times_increase', 7.35, 7.45]]
    """
    import pandas as pd

    strict_policy = policy or HedgePolicy()
    wide_policy = HedgePolicy(
        about=max(strict_policy.about, HedgePolicy.widest().about),
        approached=max(strict_policy.approached, HedgePolicy.widest().approached),
    )
    sources = {s.id: s for s in ds.source_records}
    rows: list[dict[str, Any]] = []
    for c in ds.claim_records:
        src = sources[c.source]
        for i, r in enumerate(c.readings):
            strict = c.interval(r.name, rounding=rounding, policy=strict_policy)
            wide = c.interval(r.name, rounding="either", policy=wide_policy).hull(strict)
            p = r.period
            rows.append(
                {
                    "claim": c.id,
                    "reading": r.name,
                    "primary": i == 0,
                    "ambiguous": len(c.readings) > 1,
                    "source": c.source,
                    "weight": src.weight,
                    "published": src.published,
                    "partner": c.partner,
                    "indicator": c.indicator,
                    "flow": c.flow,
                    "scope": c.scope,
                    "measure": r.measure,
                    "period": str(p),
                    "period_kind": p.kind,
                    "period_start": p.start,
                    "period_end": p.end,
                    "months_known": p.months_known,
                    "pkey": p.key(c.source),
                    "base_period": "" if r.base_period is None else str(r.base_period),
                    "bkey": "" if r.base_period is None else r.base_period.key(c.source),
                    "lo": strict.lo,
                    "hi": strict.hi,
                    "lo_open": strict.lo_open,
                    "hi_open": strict.hi_open,
                    "wlo": wide.lo,
                    "whi": wide.hi,
                    "wlo_open": wide.lo_open,
                    "whi_open": wide.hi_open,
                    "part_of": c.part_of,
                    "form": r.form,
                    "hedge": c.hedge,
                    "unit": c.unit,
                    "quote": c.quote,
                    "text": c.text,
                }
            )
    df = pd.DataFrame(rows, columns=list(READING_FRAME_COLUMNS))
    for col in ("published", "period_start", "period_end"):
        df[col] = pd.to_datetime(df[col])
    for col in ("lo", "hi", "wlo", "whi", "weight"):
        df[col] = df[col].astype("float64")
    for col in ("primary", "ambiguous", "months_known", "lo_open", "hi_open", "wlo_open", "whi_open"):
        df[col] = df[col].astype("bool")
    return df


# -- vectorised interval helpers --------------------------------------------------
# Bounds are pushed outward by one ulp after every operation, so a computed interval
# always contains the exact one (soundness), at the cost of a negligible widening.

FloatArray = np.ndarray[Any, np.dtype[np.float64]]
BoolArray = np.ndarray[Any, np.dtype[np.bool_]]


def down(x: FloatArray) -> FloatArray:
    """Round each bound one ulp towards -inf."""
    return np.nextafter(x, -np.inf)


def up(x: FloatArray) -> FloatArray:
    """Round each bound one ulp towards +inf."""
    return np.nextafter(x, np.inf)


def overlaps(
    alo: FloatArray, ahi: FloatArray, blo: FloatArray, bhi: FloatArray,
    alo_open: BoolArray | None = None, ahi_open: BoolArray | None = None,
    blo_open: BoolArray | None = None, bhi_open: BoolArray | None = None,
) -> BoolArray:  # fmt: skip
    """Element-wise: do ``[alo, ahi]`` and ``[blo, bhi]`` share a value (open ends honoured)?"""
    lo = np.maximum(alo, blo)
    hi = np.minimum(ahi, bhi)
    strictly = lo < hi
    if alo_open is None or ahi_open is None or blo_open is None or bhi_open is None:
        return np.asarray(strictly | (lo == hi), dtype=bool)
    lo_open = np.where(alo > blo, alo_open, np.where(blo > alo, blo_open, alo_open | blo_open))
    hi_open = np.where(ahi < bhi, ahi_open, np.where(bhi < ahi, bhi_open, ahi_open | bhi_open))
    return np.asarray(strictly | ((lo == hi) & ~lo_open & ~hi_open), dtype=bool)


def _two_sum(a: FloatArray, b: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``s = fl(a + b)`` and its exact error ``e``, ``a + b = s + e`` (Knuth's TwoSum)."""
    with np.errstate(invalid="ignore", over="ignore"):
        s = a + b
        bb = s - a
        e = (a - (s - bb)) + (b - bb)
    return s, np.where(np.isfinite(e), e, 0.0)


def add_down(a: FloatArray, b: FloatArray) -> FloatArray:
    """``a + b`` rounded towards -inf: lowered one ulp only when the float sum came out too high."""
    s, e = _two_sum(a, b)
    return np.where(e < 0, np.nextafter(s, -np.inf), s)


def add_up(a: FloatArray, b: FloatArray) -> FloatArray:
    """``a + b`` rounded towards +inf."""
    s, e = _two_sum(a, b)
    return np.where(e > 0, np.nextafter(s, np.inf), s)


def divide(tlo: FloatArray, thi: FloatArray, blo: FloatArray, bhi: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``[tlo, thi] / [blo, bhi]`` for non-negative intervals, outward rounded (inf where ``blo`` is 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        lo = np.where(np.isinf(bhi), 0.0, tlo / bhi)
        hi = np.where(blo > 0, thi / blo, math.inf)
    return down(np.nan_to_num(lo, nan=0.0)), up(np.nan_to_num(hi, nan=math.inf))


#: Frames whose columns are cached for :func:`cell` (see :func:`cached_columns`): id -> (frame, columns, memo).
_CACHED: dict[int, tuple[pd.DataFrame, dict[str, np.ndarray], dict[Any, Any]]] = {}


@contextmanager
def cached_columns(frame: pd.DataFrame) -> Iterator[pd.DataFrame]:
    """Within the block, :func:`cell` reads ``frame`` through a cache of its column arrays.

    Looking a column up costs far more than reading one value of it; the checker
    reads many single values while it writes its findings. The frame must not be
    changed inside the block.
    """
    key = id(frame)
    if key in _CACHED:
        yield frame
        return
    _CACHED[key] = (frame, {}, {})
    try:
        yield frame
    finally:
        del _CACHED[key]


def frame_memo(frame: pd.DataFrame) -> dict[Any, Any] | None:
    """A dict for values computed from ``frame``, kept while its :func:`cached_columns` block lasts (else None)."""
    entry = _CACHED.get(id(frame))
    return entry[2] if entry is not None and entry[0] is frame else None


def cell(frame: pd.DataFrame, row: int, column: str) -> Any:
    """One value of the frame by row position (the frames here have a default index)."""
    entry = _CACHED.get(id(frame))
    if entry is not None and entry[0] is frame:
        columns = entry[1]
        values = columns.get(column)
        if values is None:
            values = columns[column] = frame[column].to_numpy()
        return values[row]
    return frame[column].to_numpy()[row]


def is_money(indicators: pd.Series) -> BoolArray:
    """Which rows measure money (turnover, exports, imports, investment)."""
    money = [k for k, v in INDICATORS.items() if v.dimension == "money"]
    return np.asarray(indicators.isin(money), dtype=bool)

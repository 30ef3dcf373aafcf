"""A reference for :func:`kzlt_trade.table.reading_table`: the same table, built the plain, slow way.

One row per claim reading, one dictionary per row, each interval computed with
:meth:`kzlt_trade.Claim.interval`: obviously right, and too slow for a million
claims. The tests hold the fast table to it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from kzlt_trade.interval import Interval
from kzlt_trade.rates import RateTable
from kzlt_trade.reading import HedgePolicy
from kzlt_trade.table import READING_TABLE_COLUMNS
from kzlt_trade.units import currency_of
from kzlt_trade.vocabulary import Rounding

if TYPE_CHECKING:
    import pandas as pd

    from kzlt_trade.dataset import Dataset


def readings_frame(ds: Dataset, *, rounding: Rounding = "nearest", policy: HedgePolicy | None = None) -> pd.DataFrame:
    """The reading table of a dataset, built one claim reading at a time (the columns of the real one)."""
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
            currency = "" if r.measure == "ratio" else (currency_of(c.unit) or "")
            rate = (ds.rates or RateTable.shipped()).usd_per_unit(currency, p.start, p.end) if currency else None
            if not currency:
                rate = Interval(1.0, 1.0)
            rows.append(
                {
                    "claim": c.id,
                    "reading": r.name,
                    "primary": i == 0,
                    "ambiguous": len(c.readings) > 1,
                    "source": c.source,
                    "weight": src.weight,
                    "origin": src.kind,
                    "published": src.published,
                    "partner": c.partner,
                    "reporter": c.reporter,
                    "indicator": c.indicator,
                    "flow": c.flow,
                    "scope": c.scope,
                    "measure": r.measure,
                    "period": str(p),
                    "period_kind": p.kind,
                    "period_start": p.start,
                    "period_end": p.end,
                    "core_start": p.core_start,
                    "core_end": p.core_end,
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
                    "link": r.link,
                    "currency": currency,
                    "rate_lo": math.nan if rate is None else rate.lo,
                    "rate_hi": math.nan if rate is None else rate.hi,
                    "unrated": currency if rate is None else "",
                    "form": r.form,
                    "hedge": c.hedge,
                    "unit": c.unit,
                    "quote": c.quote,
                    "text": c.text,
                }
            )
    df = pd.DataFrame(rows, columns=list(READING_TABLE_COLUMNS))
    for col in ("published", "period_start", "period_end", "core_start", "core_end"):
        df[col] = pd.to_datetime(df[col])
    for col in ("lo", "hi", "wlo", "whi", "weight", "rate_lo", "rate_hi"):
        df[col] = df[col].astype("float64")
    for col in ("primary", "ambiguous", "months_known", "lo_open", "hi_open", "wlo_open", "whi_open"):
        df[col] = df[col].astype("bool")
    return df

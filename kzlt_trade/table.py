"""The reading table: one row per (claim, reading), the table the checker works on.

The checker and the reconciler work on columns, not on objects, so that a
million claims cost seconds, not minutes. :func:`reading_table` builds the
table from a :class:`~kzlt_trade.dataset.Dataset`; the benchmarks build the
same table directly. :data:`READING_TABLE_COLUMNS` is the contract between them.

Each row carries two intervals:

``lo``/``hi``
    the *strict* interval: the rounding convention asked for and the default
    hedge policy;
``wlo``/``whi``
    the *wide* interval: either rounding convention and the widest hedge policy
    (hulled with the strict one).

A relation that holds on strict intervals is consistent; one that holds only on
wide ones (or only under another reading) is a tension; one that fails even on
wide intervals under every reading is a contradiction.

The intervals come from the exact scalar code (:meth:`kzlt_trade.Claim.interval`),
run once per distinct (text, language, hedge, form) and scaling within one call
(the unit and indicator count only through the scale to canonical units and
whether a level is a whole number; see :func:`kzlt_trade.dataset.distinct_intervals`);
the columns are built with numpy, never with a dict per row.
"""

from __future__ import annotations

from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any

import numpy as np

from kzlt_trade.dataset import INTERVAL_INPUTS, distinct_intervals, factorize, factorize_records, object_array
from kzlt_trade.reading import MEASURE, HedgePolicy
from kzlt_trade.vocabulary import Rounding

if TYPE_CHECKING:
    import pandas as pd

    from kzlt_trade.dataset import Dataset
    from kzlt_trade.period import Period

__all__ = ["READING_TABLE_COLUMNS", "reading_table"]

#: Columns of the reading table and what they hold.
READING_TABLE_COLUMNS: dict[str, str] = {
    "claim": "claim id",
    "reading": "reading name",
    "primary": "whether this is the claim's primary reading",
    "ambiguous": "whether the claim has more than one reading",
    "source": "source id",
    "weight": "source weight (higher is more trusted)",
    "origin": "the source's kind: 'press', or 'official' for a statistical office's table",
    "published": "publication date of the source (datetime64)",
    "partner": "partner code",
    "reporter": "whose statistics: 'KZ', or the partner's code for its own (a mirror figure)",
    "indicator": "indicator",
    "flow": "flow from Kazakhstan's side",
    "scope": "scope of a rank, share or count ('' for bilateral figures)",
    "measure": "'level', 'change' or 'ratio'",
    "period": "period text",
    "period_kind": "'year', 'partial', 'window' or 'as_of'",
    "period_start": "first day (datetime64)",
    "period_end": "last day (datetime64)",
    "core_start": "first day the period surely covers (a window with uncertain ends; else period_start)",
    "core_end": "last day the period surely covers (else period_end)",
    "months_known": "False for an unstated part of a year",
    "pkey": "period identity: the period text, plus '#source' for an unstated part of a year",
    "base_period": "base period text for change and ratio readings ('' for levels)",
    "bkey": "base period identity, like pkey",
    "lo": "strict lower bound (canonical units: money in millions of its own currency; growth factor for ratios)",
    "hi": "strict upper bound",
    "lo_open": "whether lo is excluded",
    "hi_open": "whether hi is excluded",
    "wlo": "wide lower bound",
    "whi": "wide upper bound",
    "wlo_open": "whether wlo is excluded",
    "whi_open": "whether whi is excluded",
    "part_of": "id of the claim this one is a part of ('' if none)",
    "link": "the link of readings of one sentence this reading belongs to ('' if none; see Reading.link)",
    "currency": "the ISO 4217 currency of a level or change of money ('' otherwise)",
    "rate_lo": "US dollars per unit of the currency over the period, least (1 for USD and non-money; NaN: no rate)",
    "rate_hi": "US dollars per unit of the currency over the period, greatest (see kzlt_trade.rates)",
    "unrated": "for money in a currency with no exchange rate to USD for the period, the currency ('' otherwise)",
    "form": "how the number relates to the quantity (see reading.Form)",
    "hedge": "the hedge of the words around the number",
    "unit": "the unit the number was written in",
    "quote": "the source's words",
    "text": "the number as written",
}

_DATES = ("published", "period_start", "period_end", "core_start", "core_end")
_FLOATS = ("lo", "hi", "wlo", "whi", "weight", "rate_lo", "rate_hi")
_BOOLS = ("primary", "ambiguous", "months_known", "lo_open", "hi_open", "wlo_open", "whi_open")

Array = np.ndarray[Any, Any]


def reading_table(ds: Dataset, *, rounding: Rounding = "nearest", policy: HedgePolicy | None = None) -> pd.DataFrame:
    """The reading table of a dataset (see :data:`READING_TABLE_COLUMNS`).

    Parameters
    ----------
    ds
        The dataset.
    rounding
        The rounding convention of the strict interval (see :data:`kzlt_trade.vocabulary.Rounding`);
        the wide interval always takes ``"either"``.
    policy
        The hedge policy of the strict interval (the default :class:`~kzlt_trade.reading.HedgePolicy`
        when ``None``); the wide one takes the wider of it and :meth:`HedgePolicy.widest`.

    Examples
    --------
    >>> from kzlt_trade import load
    >>> t = reading_table(load())
    >>> t.loc[t.claim == "kazinform-2023-02-24/ee-turnover-growth-2022", ["reading", "lo", "hi"]].to_numpy().tolist()
    [['times', 6.35, 6.45], ['times_increase', 7.35, 7.45]]
    """
    import pandas as pd

    strict_policy = policy or HedgePolicy()
    widest = HedgePolicy.widest()
    wide_policy = HedgePolicy(
        about=max(strict_policy.about, widest.about), approached=max(strict_policy.approached, widest.approached)
    )
    claims = ds.claim_records
    if not claims:
        return _typed(pd.DataFrame([], columns=list(READING_TABLE_COLUMNS)))

    of_claims = list(map(attrgetter("readings"), claims))
    counts = np.fromiter(map(len, of_claims), dtype=np.int64, count=len(claims))
    single = bool((counts == 1).all())
    readings = list(map(itemgetter(0), of_claims)) if single else [r for rs in of_claims for r in rs]
    n = len(readings)
    row_claim = np.arange(len(claims), dtype=np.int64) if single else np.repeat(np.arange(len(claims)), counts)
    claim_of_row = claims if single else [claims[i] for i in row_claim.tolist()]

    def per_claim(name: str) -> Array:
        arr = object_array(map(attrgetter(name), claims))
        return arr if single else arr[row_claim]

    cols: dict[str, Any] = {}
    cols["claim"] = per_claim("id")
    cols["reading"] = object_array(map(attrgetter("name"), readings))
    primary = np.zeros(n, dtype=bool)
    primary[np.cumsum(counts) - counts] = True
    cols["primary"] = primary
    cols["ambiguous"] = (counts > 1) if single else (counts > 1)[row_claim]

    source_ids = per_claim("source")
    src_codes, src_uniques = factorize(source_ids)
    by_id = {s.id: s for s in ds.source_records}
    cols["source"] = source_ids
    cols["weight"] = np.asarray([by_id[s].weight for s in src_uniques], dtype=np.float64)[src_codes]
    cols["origin"] = object_array([by_id[s].kind for s in src_uniques])[src_codes]
    cols["published"] = _dates([by_id[s].published for s in src_uniques], src_codes)
    for name in ("partner", "reporter", "indicator", "flow", "scope"):
        cols[name] = per_claim(name)

    forms = object_array(map(attrgetter("form"), readings))
    form_codes, form_uniques = factorize(forms)
    cols["measure"] = object_array([MEASURE[f] for f in form_uniques])[form_codes]

    p_codes, p_uniques = factorize_records(list(map(attrgetter("period"), readings)))
    cols["period"] = object_array([str(p) for p in p_uniques])[p_codes]
    cols["period_kind"] = object_array([p.kind for p in p_uniques])[p_codes]
    cols["period_start"] = _dates([p.start for p in p_uniques], p_codes)
    cols["period_end"] = _dates([p.end for p in p_uniques], p_codes)
    cols["core_start"] = _dates([p.core_start for p in p_uniques], p_codes)
    cols["core_end"] = _dates([p.core_end for p in p_uniques], p_codes)
    cols["months_known"] = np.asarray([p.months_known for p in p_uniques], dtype=bool)[p_codes]
    cols["pkey"] = _keys(cols["period"], np.asarray([_unstated(p) for p in p_uniques], dtype=bool)[p_codes], source_ids)
    b_codes, b_uniques = factorize_records(list(map(attrgetter("base_period"), readings)))
    base_text = object_array(["" if b is None else str(b) for b in b_uniques])[b_codes]
    cols["base_period"] = base_text
    b_unknown = np.asarray([b is not None and _unstated(b) for b in b_uniques], dtype=bool)[b_codes]
    cols["bkey"] = _keys(base_text, b_unknown, source_ids)

    for name in ("hedge", "unit", "quote", "text"):
        cols[name] = per_claim(name)
    given = {name: forms if name == "form" else cols[name] if name in cols else per_claim(name)
             for name in INTERVAL_INPUTS}  # fmt: skip
    codes, strict, wide = distinct_intervals(
        claim_of_row, readings, rounding=rounding, policy=strict_policy, also=("either", wide_policy), columns=given
    )
    wide = [w.hull(s) for w, s in zip(wide, strict, strict=True)]
    for prefix, intervals in (("", strict), ("w", wide)):
        cols[prefix + "lo"] = np.asarray([i.lo for i in intervals], dtype=np.float64)[codes]
        cols[prefix + "hi"] = np.asarray([i.hi for i in intervals], dtype=np.float64)[codes]
        cols[prefix + "lo_open"] = np.asarray([i.lo_open for i in intervals], dtype=bool)[codes]
        cols[prefix + "hi_open"] = np.asarray([i.hi_open for i in intervals], dtype=bool)[codes]
    cols["part_of"] = per_claim("part_of")
    cols["link"] = object_array(map(attrgetter("link"), readings))
    cols.update(_rates(ds, cols["unit"], cols["measure"], p_codes, p_uniques))
    cols["form"] = forms
    return pd.DataFrame({name: cols[name] for name in READING_TABLE_COLUMNS})


def _rates(ds: Dataset, unit: Array, measure: Array, p_codes: Array, periods: list[Period]) -> dict[str, Array]:
    """The currency of each row's money, and the rate interval that turns it into US dollars.

    Ratios have no currency (a growth factor is the same in any unit); a level or
    change of money takes the rate of its currency over its period
    (:meth:`kzlt_trade.rates.RateTable.usd_per_unit`), or none (NaN, and the
    currency in ``unrated``) where the table has no rate for it.
    """
    from kzlt_trade.rates import RateTable
    from kzlt_trade.units import currency_of

    n = len(unit)
    u_codes, u_uniques = factorize(unit)
    currency = object_array([currency_of(str(u)) or "" for u in u_uniques])[u_codes]
    currency[measure == "ratio"] = ""
    rate_lo, rate_hi = np.ones(n), np.ones(n)
    unrated = np.full(n, "", dtype=object)
    foreign = np.flatnonzero((currency != "") & (currency != "USD"))
    if len(foreign):
        table = ds.rates or RateTable.shipped()
        pairs: dict[tuple[str, int], list[int]] = {}
        for r, cur, p in zip(foreign.tolist(), currency[foreign].tolist(), p_codes[foreign].tolist(), strict=True):
            pairs.setdefault((cur, p), []).append(r)
        for (cur, p), rows in pairs.items():
            period = periods[p]
            rate = table.usd_per_unit(cur, period.start, period.end)
            if rate is None:
                rate_lo[rows], rate_hi[rows], unrated[rows] = np.nan, np.nan, cur
            else:
                rate_lo[rows], rate_hi[rows] = rate.lo, rate.hi
    return {"currency": currency, "rate_lo": rate_lo, "rate_hi": rate_hi, "unrated": unrated}


def _unstated(p: Period) -> bool:
    return p.kind == "partial" and not p.months_known


def _keys(text: Array, unstated: Array, source: Array) -> Array:
    # An unstated part of a year is the same period as another only within one source
    # (kzlt_trade.period.Period.key): its identity carries the source id.
    out = text.copy()
    where = np.flatnonzero(unstated)
    if len(where):
        out[where] = [f"{t}#{s}" for t, s in zip(text[where].tolist(), source[where].tolist(), strict=True)]
    return out


def _dates(days: list[Any], codes: Array) -> Array:
    """``pandas.to_datetime`` of the distinct days, one per code (as the frame of one dict per row gives)."""
    import pandas as pd

    converted = pd.to_datetime(pd.Series(days, dtype=object)).to_numpy()
    return converted[codes]


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    for col in _DATES:
        df[col] = pd.to_datetime(df[col])
    for col in _FLOATS:
        df[col] = df[col].astype("float64")
    for col in _BOOLS:
        df[col] = df[col].astype("bool")
    return df

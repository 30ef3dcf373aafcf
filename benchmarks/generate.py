"""Synthetic claim sets for the benchmarks: a readings frame with contradictions of known kinds.

The generator builds the readings table (the columns of :func:`engine.columns`)
directly, with numpy, from a seeded random number generator:

* a *truth* per synthetic partner (``P000000``, ``P000001``...) and year: turnover,
  exports and imports in million USD with ``exports + imports = turnover``, moving
  smoothly from year to year (no level halves or doubles in a year);
* several *sources*, each reporting a random subset of the partner-years, and in each
  a random subset of the indicators: levels printed to one decimal place, and growth
  rates over the previous year (``percent_increase``) printed to one decimal of a
  percent from the true ratio of the levels. Printed by nearest rounding from the
  truth, the figures are consistent under interval arithmetic: every strict interval
  contains the true value;
* *injected contradictions* in a fraction of the partners (at most one per partner):

  ``repeated``
      one report of a level that at least two other reports of the same quantity give:
      moved by 5–15 % (and at least one unit), beyond the precision of the figures even
      under the wide reading (either rounding);
  ``sum``
      one exports report moved the same way, so that turnover is no longer exports
      plus imports;
  ``growth``
      one turnover growth rate moved by 3–8 percentage points, so that it no longer
      follows from the levels of the two years.

  Each perturbed claim is chosen so that the truth is *identifiable*: it conflicts with
  at least two claims that do not conflict with each other (two other reports of the
  same quantity; another report and a complete sum; two turnover and two imports
  reports; two reports of each of the two levels of a growth rate). Removing any single
  other claim leaves a contradiction, so the smallest correction set is the perturbed
  claim alone.

Claim ids read ``source/partner/indicator-year`` (``stat-a/P000123/turnover-2015``,
``press-c/P000123/turnover-growth-2015``). Every claim has one reading. Repeated strings
(indicator names, periods, units, the numbers as written) share one object, as they
would in a table read from a file.

Run ``python benchmarks/generate.py --claims 2000`` to print a summary of one set.
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from engine import columns

__all__ = ["INJECTION_KINDS", "SyntheticSet", "generate"]

INJECTION_KINDS = ("repeated", "sum", "growth")

FIRST_YEAR = 2010
LAST_YEAR = 2023

#: Synthetic sources: id, weight, publication date.
SOURCES = (
    ("stat-a", 1.0, "2024-03-01"),
    ("stat-b", 1.0, "2024-05-15"),
    ("press-c", 0.8, "2024-07-01"),
    ("press-d", 0.6, "2024-09-30"),
)

# Claim kinds: (indicator, flow, measure); the first three are levels, the last three growth rates.
_KINDS = (
    ("turnover", "both", "level"),
    ("exports", "export", "level"),
    ("imports", "import", "level"),
    ("turnover", "both", "ratio"),
    ("exports", "export", "ratio"),
    ("imports", "import", "ratio"),
)
#: Probability that a source reporting a partner-year states each kind of claim.
_KIND_PROB = np.array([0.9, 0.85, 0.85, 0.5, 0.15, 0.15])
#: Probability that a source reports a given partner-year at all.
_YEAR_PROB = 0.6


@dataclass(frozen=True)
class SyntheticSet:
    """A generated readings frame and what was injected into it."""

    #: The readings frame: one row per claim (every claim has one reading).
    frame: pd.DataFrame
    #: Injected claim id -> injection kind.
    injected: dict[str, str]
    #: Number of synthetic partners.
    partners: int
    #: The seed it was generated from.
    seed: int
    #: Injections asked for but impossible (a chosen partner with no claim fit for its kind).
    skipped: int = 0
    #: Count of claims by kind of claim.
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def n_claims(self) -> int:
        """Number of claims (rows of the frame)."""
        return len(self.frame)


def _expected_claims_per_partner(n_years: int) -> float:
    per_year = len(SOURCES) * _YEAR_PROB
    return per_year * (n_years * float(_KIND_PROB[:3].sum()) + (n_years - 1) * float(_KIND_PROB[3:].sum()))


def generate(
    n_claims: int,
    *,
    seed: int = 0,
    inject: float = 0.25,
    first_year: int = FIRST_YEAR,
    last_year: int = LAST_YEAR,
) -> SyntheticSet:
    """A readings frame of exactly ``n_claims`` claims, with contradictions in about ``inject`` of the partners.

    ``inject`` is the fraction of partners that get one perturbed claim (0 for a
    consistent set). The same arguments give the same frame.
    """
    if n_claims < 1:
        raise ValueError("n_claims must be positive")
    if not 0.0 <= inject <= 1.0:
        raise ValueError("inject must be within 0..1")
    rng = np.random.default_rng(seed)
    years = np.arange(first_year, last_year + 1)
    n_years = len(years)
    n_src = len(SOURCES)
    n_kinds = len(_KINDS)

    # -- which claims exist: a (partner, source, year, kind) mask, enough partners for n_claims ----
    n_partners = max(1, math.ceil(n_claims / _expected_claims_per_partner(n_years) * 1.05) + 2)
    while True:
        reported = rng.random((n_partners, n_src, n_years, 1)) < _YEAR_PROB
        stated = rng.random((n_partners, n_src, n_years, n_kinds)) < _KIND_PROB
        mask = reported & stated
        mask[:, :, 0, 3:] = False  # no growth rate for the first year: its base is unknown
        per_partner = mask.reshape(n_partners, -1).sum(axis=1)
        if per_partner.sum() >= n_claims:
            break
        n_partners = n_partners * 2
    cum = np.cumsum(per_partner)
    used = int(np.searchsorted(cum, n_claims) + 1)  # partners needed to reach n_claims
    mask = mask[:used]
    p_idx, s_idx, y_idx, k_idx = np.nonzero(mask)
    # Order claims by partner, year, kind, source (the order of a table of figures), then cut at n_claims.
    order = np.lexsort((s_idx, k_idx, y_idx, p_idx))[:n_claims]
    p_idx, s_idx, y_idx, k_idx = p_idx[order], s_idx[order], y_idx[order], k_idx[order]
    n = len(p_idx)

    # -- the truth: smooth levels per partner and year --------------------------------------
    steps = np.clip(rng.normal(0.04, 0.10, (used, n_years)), -0.25, 0.25)
    steps[:, 0] = 0.0
    log_t = np.log(rng.uniform(80.0, 3000.0, (used, 1))) + np.cumsum(steps, axis=1)
    log_t += np.maximum(0.0, np.log(60.0) - log_t.min(axis=1, keepdims=True))  # every turnover >= 60
    turnover = np.exp(log_t)
    share = np.clip(rng.uniform(0.3, 0.7, (used, 1)) + np.cumsum(rng.normal(0.0, 0.02, (used, n_years)), axis=1),
                    0.25, 0.75)  # fmt: skip
    exports = turnover * share
    imports = turnover - exports
    truth = np.stack([turnover, exports, imports])  # (indicator, partner, year)

    level = k_idx < 3
    ind_idx = k_idx % 3
    value = truth[ind_idx, p_idx, y_idx]
    base = truth[ind_idx, p_idx, np.maximum(y_idx - 1, 0)]
    ratio_pct = (value / base - 1.0) * 100.0  # meaningful for growth rates only

    # -- injections -------------------------------------------------------------------------
    injected_kind = np.full(n, -1, dtype=np.int64)
    skipped = 0
    if inject > 0:
        injected_kind, skipped = _choose_injections(rng, p_idx, y_idx, k_idx, used, n_years, inject)
    hit = injected_kind >= 0
    sign = np.where(rng.random(n) < 0.5, -1.0, 1.0)
    # Levels: 5-15 % away from the truth and at least one unit.
    moved = np.abs(value * rng.uniform(0.05, 0.15, n))
    value = np.where(hit & level, value + sign * np.maximum(moved, 1.0), value)
    # Growth rates: 3-8 percentage points away from the true rate.
    ratio_pct = np.where(hit & ~level, ratio_pct + sign * rng.uniform(3.0, 8.0, n), ratio_pct)

    # -- printed figures and their intervals --------------------------------------------------
    tenths = np.rint(np.where(level, value, ratio_pct) * 10.0).astype(np.int64)  # the number as written, x10
    lo, hi, wlo, whi, wlo_open, whi_open = _intervals(tenths, level)

    # -- the frame ------------------------------------------------------------------------------
    frame = _frame(p_idx, s_idx, y_idx, k_idx, years, tenths, lo, hi, wlo, whi, wlo_open, whi_open)
    claims = frame["claim"].to_numpy()
    injected = {str(claims[i]): INJECTION_KINDS[injected_kind[i]] for i in np.flatnonzero(hit)}
    counts = {f"{ind}_{measure}": int(np.sum(k_idx == k)) for k, (ind, _flow, measure) in enumerate(_KINDS)}
    return SyntheticSet(frame, injected, used, seed, skipped, counts)


def _choose_injections(
    rng: np.random.Generator,
    p_idx: np.ndarray,
    y_idx: np.ndarray,
    k_idx: np.ndarray,
    n_partners: int,
    n_years: int,
    inject: float,
) -> tuple[np.ndarray, int]:
    """One claim per chosen partner, fit for the partner's injection kind so that it is identifiable."""
    n = len(p_idx)
    # Reports per (partner, year, kind).
    reports = np.zeros((n_partners, n_years, len(_KINDS)), dtype=np.int64)
    np.add.at(reports, (p_idx, y_idx, k_idx), 1)
    t_n, i_n = reports[..., 0], reports[..., 2]
    same = reports[p_idx, y_idx, k_idx]  # reports of this claim's quantity, itself included
    t_here, i_here = t_n[p_idx, y_idx], i_n[p_idx, y_idx]
    t_base = t_n[p_idx, np.maximum(y_idx - 1, 0)]
    fit = np.zeros((n, len(INJECTION_KINDS)), dtype=bool)
    # repeated: a level that two other reports give.
    fit[:, 0] = (k_idx < 3) & (same >= 3)
    # sum: an exports report, with another exports report and a complete sum, or two of each other term.
    fit[:, 1] = (k_idx == 1) & (((same >= 2) & (t_here >= 1) & (i_here >= 1)) | ((t_here >= 2) & (i_here >= 2)))
    # growth: a turnover growth rate with two reports of each of its two levels.
    fit[:, 2] = (k_idx == 3) & (y_idx >= 1) & (t_here >= 2) & (t_base >= 2)

    chosen = rng.random(n_partners) < inject
    kind_of_partner = rng.integers(0, len(INJECTION_KINDS), n_partners)
    want = chosen[p_idx]
    kind = kind_of_partner[p_idx]
    candidate = want & fit[np.arange(n), kind]
    out = np.full(n, -1, dtype=np.int64)
    cand = np.flatnonzero(candidate)
    if len(cand):
        # A random candidate per partner: sort by (partner, random key), keep the first of each partner.
        key = rng.random(len(cand))
        cand = cand[np.lexsort((key, p_idx[cand]))]
        _, first = np.unique(p_idx[cand], return_index=True)
        pick = cand[first]
        out[pick] = kind[pick]
    skipped = int(chosen.sum()) - int((out >= 0).sum())
    return out, skipped


def _intervals(tenths: np.ndarray, level: np.ndarray) -> tuple[np.ndarray, ...]:
    """Strict (nearest rounding) and wide (either rounding) intervals of the printed numbers, outward rounded.

    A level ``v`` gives ``[v - 0.05, v + 0.05]`` and, widely, ``[v - 0.05, v + 0.1)``;
    a growth rate of ``p`` % gives the same on ``p`` as the ratio ``1 + p / 100``
    (for a negative ``p`` the wide interval extends downward: ``(p - 0.1, p + 0.05]``).
    """
    t = tenths.astype(np.float64)
    neg = tenths < 0
    # Bounds in twentieths of the written unit: v - 0.05 = (2t - 1) / 20, v + 0.1 = (2t + 2) / 20.
    lo20, hi20 = 2 * t - 1, 2 * t + 1
    wlo20 = np.where(neg, 2 * t - 2, 2 * t - 1)
    whi20 = np.where(neg, 2 * t + 1, 2 * t + 2)

    def scale(x20: np.ndarray) -> np.ndarray:
        # Levels: x / 20 (million USD); growth rates: 1 + x / 2000 = (2000 + x) / 2000.
        return np.where(level, x20 / 20.0, (2000.0 + x20) / 2000.0)

    down = lambda x: np.nextafter(x, -np.inf)  # noqa: E731
    up = lambda x: np.nextafter(x, np.inf)  # noqa: E731
    lo, hi = down(scale(lo20)), up(scale(hi20))
    wlo, whi = down(scale(wlo20)), up(scale(whi20))
    return lo, hi, wlo, whi, neg.copy(), ~neg


def _text(tenths: np.ndarray) -> np.ndarray:
    """The numbers as written, one decimal place; one string object per distinct number."""
    values, inverse = np.unique(tenths, return_inverse=True)
    texts = np.array([f"{'-' if t < 0 else ''}{abs(t) // 10}.{abs(t) % 10}" for t in values.tolist()], dtype=object)
    return texts[inverse.reshape(-1)]


def _choose(condition: np.ndarray, yes: str, no: str) -> np.ndarray:
    """``yes`` where ``condition`` holds, else ``no``, as shared string objects."""
    return np.array([no, yes], dtype=object)[condition.astype(np.int64)]


def _strings(values: list[str] | np.ndarray) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=object), dtype="str")


def _frame(
    p_idx: np.ndarray,
    s_idx: np.ndarray,
    y_idx: np.ndarray,
    k_idx: np.ndarray,
    years: np.ndarray,
    tenths: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    wlo: np.ndarray,
    whi: np.ndarray,
    wlo_open: np.ndarray,
    whi_open: np.ndarray,
) -> pd.DataFrame:
    n = len(p_idx)
    level = k_idx < 3
    year_text = np.array([str(y) for y in years], dtype=object)
    base_text = np.array([str(y - 1) for y in years], dtype=object)
    partners = np.unique(p_idx)
    partner_text = np.empty(int(partners.max()) + 1 if n else 0, dtype=object)
    partner_text[partners] = [f"P{p:06d}" for p in partners.tolist()]
    src_ids = np.array([s[0] for s in SOURCES], dtype=object)
    ind = np.array([k[0] for k in _KINDS], dtype=object)[k_idx]
    flow = np.array([k[1] for k in _KINDS], dtype=object)[k_idx]
    measure = np.array([k[2] for k in _KINDS], dtype=object)[k_idx]
    period = year_text[y_idx]
    base_period = np.where(level, np.array([""], dtype=object), base_text[y_idx])
    partner = partner_text[p_idx]
    source = src_ids[s_idx]
    text = _text(tenths)
    kind_suffix = np.array(["turnover", "exports", "imports", "turnover-growth", "exports-growth", "imports-growth"],
                           dtype=object)[k_idx]  # fmt: skip
    claim = [f"{s}/{p}/{k}-{y}" for s, p, k, y in zip(source, partner, kind_suffix, period, strict=True)]
    quote = _quotes(k_idx, y_idx, tenths, years)
    start = (years[y_idx] - 1970).astype("datetime64[Y]").astype("datetime64[s]")
    end = ((years[y_idx] + 1 - 1970).astype("datetime64[Y]").astype("datetime64[D]") - np.timedelta64(1, "D")).astype(
        "datetime64[s]"
    )
    published = np.array([np.datetime64(s[2], "s") for s in SOURCES])[s_idx]
    weight = np.array([s[1] for s in SOURCES], dtype=np.float64)[s_idx]
    false = np.zeros(n, dtype=bool)
    columns_: dict[str, Any] = {
        "claim": _strings(claim),
        "reading": _strings(_choose(level, "stated", "plus_percent")),
        "primary": np.ones(n, dtype=bool),
        "ambiguous": false.copy(),
        "source": _strings(source),
        "weight": weight,
        "published": published,
        "partner": _strings(partner),
        "reporter": _strings(np.full(n, "KZ", dtype=object)),
        "indicator": _strings(ind),
        "flow": _strings(flow),
        "scope": _strings(np.full(n, "", dtype=object)),
        "measure": _strings(measure),
        "period": _strings(period),
        "period_kind": _strings(np.full(n, "year", dtype=object)),
        "period_start": start,
        "period_end": end,
        "core_start": start,
        "core_end": end,
        "months_known": np.ones(n, dtype=bool),
        "pkey": _strings(period),
        "base_period": _strings(base_period),
        "bkey": _strings(base_period),
        "lo": lo,
        "hi": hi,
        "lo_open": false.copy(),
        "hi_open": false.copy(),
        "wlo": wlo,
        "whi": whi,
        "wlo_open": wlo_open,
        "whi_open": whi_open,
        "part_of": _strings(np.full(n, "", dtype=object)),
        "link": _strings(np.full(n, "", dtype=object)),
        "currency": _strings(_choose(level, "USD", "")),
        "rate_lo": np.ones(n),
        "rate_hi": np.ones(n),
        "unrated": _strings(np.full(n, "", dtype=object)),
        "origin": _strings(np.full(n, "press", dtype=object)),
        "form": _strings(_choose(level, "level", "percent_increase")),
        "hedge": _strings(np.full(n, "none", dtype=object)),
        "unit": _strings(_choose(level, "million USD", "percent")),
        "quote": _strings(quote),
        "text": _strings(text),
    }
    return pd.DataFrame({c: columns_[c] for c in columns()})


def _quotes(k_idx: np.ndarray, y_idx: np.ndarray, tenths: np.ndarray, years: np.ndarray) -> np.ndarray:
    """The sources' words, one string object per distinct wording (sources often print the same figure)."""
    key = (tenths.astype(np.int64) * len(years) + y_idx) * len(_KINDS) + k_idx
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    words = []
    for k, y, t in zip(k_idx[first].tolist(), y_idx[first].tolist(), tenths[first].tolist(), strict=True):
        name, year = _KINDS[k][0], int(years[y])
        number = f"{'-' if t < 0 else ''}{abs(t) // 10}.{abs(t) % 10}"
        if k < 3:
            words.append(f"{name} in {year} amounted to {number} million US dollars")
        else:
            words.append(f"{name} in {year} changed by {number} % compared to {year - 1}")
    return np.array(words, dtype=object)[inverse.reshape(-1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a synthetic claim set and print a summary.")
    parser.add_argument("--claims", type=float, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--inject", type=float, default=0.25)
    args = parser.parse_args(argv)
    s = generate(int(args.claims), seed=args.seed, inject=args.inject)
    kinds = {k: sum(1 for v in s.injected.values() if v == k) for k in INJECTION_KINDS}
    print(f"{s.n_claims} claims, {s.partners} partners, {len(s.injected)} injected {kinds}, {s.skipped} skipped")
    print(s.counts)
    print(s.frame.head(12).to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

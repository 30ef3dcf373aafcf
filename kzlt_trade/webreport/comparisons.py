"""The official and mirror comparisons as the report page shows them: each value with its unit."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kzlt_trade.errors import UsageError
from kzlt_trade.webreport.text import bracketed, cell, number, pair

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MIRROR_COLUMNS", "Mirror", "MirrorRow", "Official", "OfficialRow", "mirror_context", "official_context"]


# -- the official comparison ---------------------------------------------------------------


@dataclass(frozen=True)
class OfficialRow:
    """One claim reading against the BNS figure, each value with its unit."""

    claim: str
    reading: str
    primary: bool
    partner: str
    indicator: str
    period: str
    written: str
    allows: str
    allows_wide: str
    official: str
    official_source: str
    coverage: str
    status: str
    difference: str
    note: str


@dataclass(frozen=True)
class Official:
    """The official comparison: its rows and how many readings have each status."""

    rows: tuple[OfficialRow, ...]
    statuses: tuple[tuple[str, int], ...]
    rounding: str


def official_context(frame: pd.DataFrame, rounding: str) -> Official:
    """The rows of :func:`kzlt_trade.compare_official` with the unit beside every value."""
    from kzlt_trade.official import COMPARISON_COLUMNS, STATUSES

    missing = [c for c in COMPARISON_COLUMNS if c not in frame.columns]
    if missing:
        raise UsageError(
            "official", list(frame.columns), "a frame of compare_official(); missing " + ", ".join(missing)
        )
    rows = []
    for r in frame.to_dict("records"):
        unit = "growth factor" if r["measure"] == "ratio" else "million USD"
        period = f"{r['period']} vs {r['base_period']}" if cell(r["base_period"]) else str(r["period"])
        coverage = cell(r["coverage"]) + (" (differs from the EU of that year)" if r["coverage_mismatch"] else "")
        rows.append(
            OfficialRow(
                claim=str(r["claim"]),
                reading=str(r["reading"]),
                primary=bool(r["primary"]),
                partner=str(r["partner"]),
                indicator=str(r["indicator"]),
                period=period,
                written=f"{r['text']} {r['unit']}",
                allows=f"{bracketed(r['low'], r['high'], r['interval'])} {unit}",
                allows_wide=f"{bracketed(r['wide_low'], r['wide_high'], r['wide_interval'])} {unit}",
                official="–" if math.isnan(r["official_value"]) else f"{number(r['official_value'])} {unit}",
                official_source=cell(r["official_source"]),
                coverage=coverage,
                status=str(r["status"]).replace("_", " "),
                difference="–" if math.isnan(r["difference_pct"]) else f"{r['difference_pct']:+.2f} %",
                note=cell(r["note"]),
            )
        )
    counts = frame["status"].value_counts()
    statuses = tuple((s.replace("_", " "), int(counts.get(s, 0))) for s in STATUSES)
    return Official(tuple(rows), statuses, rounding)


# -- the mirror comparison ----------------------------------------------------------------

#: The columns of ``kzlt_trade.mirror.mirror_table`` the mirror section reads: one row per
#: partner and year, money in millions (of the currency each name ends with), ratios as
#: Kazakhstan's figure over the partner's, both in US dollars.
MIRROR_COLUMNS = (
    "partner", "year", "rate_low", "rate_high",
    "kz_imports_usd", "partner_exports_eur", "partner_exports_usd_low", "partner_exports_usd_high",
    "ratio_low", "ratio_high", "verdict_imports",
    "kz_exports_usd", "partner_imports_eur", "partner_imports_usd_low", "partner_imports_usd_high",
    "export_ratio_low", "export_ratio_high", "verdict_exports",
    "kz_source", "partner_source", "note",
)  # fmt: skip

# Each direction of a mirror row: its words, then the columns of Kazakhstan's figure, the partner's
# figure in euro, its bounds in dollars, the ratio's bounds and the verdict.
_DIRECTIONS = (
    ("KZ imports (CIF) / partner's exports (FOB)", "kz_imports_usd", "partner_exports_eur",
     "partner_exports_usd_low", "partner_exports_usd_high", "ratio_low", "ratio_high", "verdict_imports"),
    ("KZ exports (FOB) / partner's imports (CIF)", "kz_exports_usd", "partner_imports_eur",
     "partner_imports_usd_low", "partner_imports_usd_high", "export_ratio_low", "export_ratio_high",
     "verdict_exports"),
)  # fmt: skip


@dataclass(frozen=True)
class MirrorRow:
    """One partner, year and direction: Kazakhstan's figure beside the partner's own."""

    partner: str
    year: str
    direction: str
    kz_value: str
    partner_value_eur: str
    rate: str
    partner_value_usd: str
    ratio: str
    verdict: str
    sources: str
    note: str


@dataclass(frozen=True)
class Mirror:
    """The mirror section: its rows, or why there are none."""

    available: bool
    reason: str
    rows: tuple[MirrorRow, ...] = ()


def _money(x: float, currency: str) -> str:
    return "–" if math.isnan(x) else f"{number(x)} million {currency}"


def mirror_context(frame: pd.DataFrame | None, reason: str = "") -> Mirror:
    """The mirror section from ``kzlt_trade.mirror.mirror_table`` (``None``: not available, for ``reason``).

    Each row of the table (a partner and a year) gives two rows here, one per
    direction of trade, each value with its unit.

    >>> mirror_context(None, "no mirror module").available
    False
    """
    if frame is None:
        return Mirror(False, reason or "The mirror comparison is not available.")
    missing = [c for c in MIRROR_COLUMNS if c not in frame.columns]
    if missing:
        raise UsageError(
            "mirror_table", list(frame.columns), "a frame with the columns " + ", ".join(MIRROR_COLUMNS)
            + "; missing " + ", ".join(missing),
        )  # fmt: skip
    rows = []
    for r in frame.to_dict("records"):
        sources = "; ".join(x for x in (cell(r["kz_source"]), cell(r["partner_source"])) if x)
        for words, kz, eur, usd_lo, usd_hi, ratio_lo, ratio_hi, verdict in _DIRECTIONS:
            ratio = pair(float(r[ratio_lo]), float(r[ratio_hi]))
            rows.append(
                MirrorRow(
                    partner=str(r["partner"]),
                    year=str(r["year"]),
                    direction=words,
                    kz_value=_money(float(r[kz]), "USD"),
                    partner_value_eur=_money(float(r[eur]), "EUR"),
                    rate=f"{pair(float(r['rate_low']), float(r['rate_high']))} USD per EUR",
                    partner_value_usd=(
                        "–"
                        if math.isnan(float(r[usd_lo]))
                        else f"{pair(float(r[usd_lo]), float(r[usd_hi]))} million USD"
                    ),
                    ratio="–" if ratio == "–" else f"{ratio} (Kazakhstan's ÷ the partner's)",
                    verdict=cell(r[verdict]),
                    sources=sources,
                    note=cell(r["note"]),
                )
            )
    return Mirror(True, "", tuple(rows))

"""Mirror flows: one flow of goods as each side of the border counts it.

Kazakhstan's imports from Lithuania (the BNS, in US dollars, valued CIF: with
freight and insurance to Kazakhstan's border) are Lithuania's exports to
Kazakhstan (Eurostat Comext, in euro, valued FOB: at Lithuania's border). The
two never agree exactly: the valuation differs by the cost of carriage and
insurance, goods are counted in different months, attributed to different
partners (country of origin against country of consignment), and stated in
different currencies. :func:`mirror_table` sets them side by side, year by year,
and states their **asymmetry** as an interval ratio; it corrects neither side.

The ratio is always Kazakhstan's figure over the partner's, both in US dollars:

* ``ratio`` (imports): Kazakhstan's imports (CIF) over the partner's exports
  (FOB); carriage alone would put it a little above 1;
* ``export_ratio``: Kazakhstan's exports (FOB) over the partner's imports (CIF);
  carriage alone would put it a little below 1.

The partner's euro are turned into dollars through the exchange-rate table of
:mod:`kzlt_trade.rates` with its interval (the hull of the ECB's monthly means over
the year), so each ratio is an interval; the CIF/FOB margin is a parameter with
a band (:class:`CifFob`), never a silent correction.

>>> t = mirror_table(partner="LT")
>>> row = t[t.year == 2021].iloc[0]
>>> round(float(row.kz_imports_usd), 3), round(float(row.partner_exports_eur), 3)
(97.569, 356.422)
>>> round(float(row.ratio_low), 3), round(float(row.ratio_high), 3), row.verdict_imports
(0.225, 0.242, 'below the CIF/FOB band')

Lithuania counts four times more exports to Kazakhstan than Kazakhstan counts
imports from Lithuania: far beyond any margin of carriage. Goods consigned from
Lithuania but made elsewhere are one known cause (Kazakhstan records the
country of origin); the table states the asymmetry and leaves the cause to the
reader.
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kzlt_trade.cif_fob import CIF_FOB, CifFob
from kzlt_trade.errors import UsageError
from kzlt_trade.vocabulary import expect

if TYPE_CHECKING:
    import pandas as pd

    from kzlt_trade.dataset import Dataset
    from kzlt_trade.rates import RateTable

__all__ = ["CIF_FOB", "MIRROR_COLUMNS", "CifFob", "format_mirror", "mirror_table"]


#: Columns of :func:`mirror_table`: money in millions (USD or EUR, as named), ratios as factors.
MIRROR_COLUMNS = (
    "partner", "year",
    "kz_imports_usd", "partner_exports_eur", "rate_low", "rate_high",
    "partner_exports_usd_low", "partner_exports_usd_high", "ratio_low", "ratio_high", "verdict_imports",
    "kz_exports_usd", "partner_imports_eur",
    "partner_imports_usd_low", "partner_imports_usd_high", "export_ratio_low", "export_ratio_high", "verdict_exports",
    "kz_source", "partner_source", "note",
)  # fmt: skip


def mirror_table(
    data: Dataset | None = None,
    *,
    partner: str | None = None,
    margin: CifFob = CIF_FOB,
    rates: RateTable | None = None,
) -> pd.DataFrame:
    """Kazakhstan's figures against each EU partner's own, one row per partner and year.

    Parameters
    ----------
    data
        A dataset whose folder holds ``official/`` (the bundled data when ``None``
        or when its folder has none); its exchange rates are used.
    partner
        One partner (an EU member state's code, any case); ``None``: every member
        state that both offices cover.
    margin
        The CIF/FOB band the verdicts use.
    rates
        An exchange-rate table (default: the dataset's, else the shipped one).

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`MIRROR_COLUMNS`. Kazakhstan's side is the latest BNS
        revision; the partner's side the calendar year of the latest Comext
        extraction, or ``NaN`` with the missing months named in ``note`` (a year
        with a month missing is never summed as if the month were zero).
        ``verdict_*`` says whether the ratio interval meets the band implied by
        ``margin`` (``within the CIF/FOB band``, ``above…``, ``below…``, or
        ``no mirror figure``).

    Raises
    ------
    UsageError
        For a partner neither office covers.
    """
    import pandas as pd

    from kzlt_trade.comext import EU27_2020, comext_total, load_comext
    from kzlt_trade.io import bundled_data_path
    from kzlt_trade.official import load_official
    from kzlt_trade.rates import RateTable

    folder = _official_root(data)
    expect("margin", margin, CifFob, "a CifFob, e.g. kzlt_trade.mirror.CifFob(low=1.03, high=1.08)")
    table = rates if rates is not None else (data.rates if data is not None and data.rates else RateTable.shipped())
    bns = load_official(folder / "official")
    bns = bns[bns["latest"]]
    comext_file = folder / "official"
    if not (comext_file / "comext_trade_with_kz.csv").is_file():
        comext_file = bundled_data_path() / "official"
    comext = load_comext(comext_file)
    covered = sorted(set(map(str, bns["partner"])) & set(EU27_2020) & set(map(str, comext["reporter"])))
    if partner is not None:
        expect("partner", partner, str, "a partner code such as 'LT'")
        code = partner.strip().upper()
        if code not in covered:
            raise UsageError("partner", partner, "a partner both offices cover: " + ", ".join(covered))
        covered = [code]
    records = []
    for p in covered:
        mine = bns[bns["partner"].astype(str) == p].sort_values("year")
        for row in mine.to_dict("records"):
            year = int(row["year"])
            start, end = f"{year}-01", f"{year}-12"
            rate = table.usd_per_unit("EUR", date(year, 1, 1), date(year, 12, 31))
            sides: dict[str, Any] = {}
            notes: list[str] = []
            for flow in ("exports", "imports"):
                total = comext_total(comext, reporter=p, flow=flow, start=start, end=end)
                if total.value_eur is None:
                    months = len(total.missing)
                    if months == len(total.months):
                        notes.append(f"no Comext figures for {p}'s {flow} in {year}")
                    else:
                        listed = ", ".join(total.missing)
                        notes.append(f"{p}'s {flow} {year}: {listed} missing, so no yearly total")
                sides[flow] = total
            kz_imports, kz_exports = float(row["imports"]), float(row["exports"])
            imp = _side(kz_imports, sides["exports"].value_eur, rate, margin, imports=True)
            exp = _side(kz_exports, sides["imports"].value_eur, rate, margin, imports=False)
            if rate is None:
                notes.append(f"no EUR rate for {year}")
            extracted = sorted({d.isoformat() for t in sides.values() for d in t.extracted})
            records.append(
                {
                    "partner": p,
                    "year": year,
                    "kz_imports_usd": kz_imports,
                    "partner_exports_eur": imp["eur"],
                    "rate_low": math.nan if rate is None else rate.lo,
                    "rate_high": math.nan if rate is None else rate.hi,
                    "partner_exports_usd_low": imp["usd_low"],
                    "partner_exports_usd_high": imp["usd_high"],
                    "ratio_low": imp["ratio_low"],
                    "ratio_high": imp["ratio_high"],
                    "verdict_imports": imp["verdict"],
                    "kz_exports_usd": kz_exports,
                    "partner_imports_eur": exp["eur"],
                    "partner_imports_usd_low": exp["usd_low"],
                    "partner_imports_usd_high": exp["usd_high"],
                    "export_ratio_low": exp["ratio_low"],
                    "export_ratio_high": exp["ratio_high"],
                    "verdict_exports": exp["verdict"],
                    "kz_source": f"bns-{int(row['edition'])}",
                    "partner_source": "Eurostat Comext DS-045409, extracted " + ", ".join(extracted)
                    if extracted
                    else "",
                    "note": "; ".join(notes),
                }
            )
    frame = pd.DataFrame(records, columns=list(MIRROR_COLUMNS))
    frame.attrs["margin"] = margin
    frame.attrs["units"] = "million USD and million EUR as named; ratios as factors"
    return frame


def _official_root(data: Dataset | None) -> Path:
    from kzlt_trade.dataset import Dataset
    from kzlt_trade.io import bundled_data_path

    if data is None:
        return bundled_data_path()
    expect("data", data, Dataset, "a Dataset, e.g. kzlt_trade.load(folder), or None")
    if data.path is not None and (data.path / "official" / "bns_trade_by_partner.csv").is_file():
        return data.path
    return bundled_data_path()


def _side(kz_usd: float, partner_eur: Decimal | None, rate: Any, margin: CifFob, *, imports: bool) -> dict[str, Any]:
    """One direction: the partner's figure in millions of euro and of dollars, the ratio and its verdict."""
    nan = math.nan
    if partner_eur is None or rate is None:
        eur = nan if partner_eur is None else float(partner_eur / 1_000_000)
        return {"eur": eur, "usd_low": nan, "usd_high": nan, "ratio_low": nan, "ratio_high": nan,
                "verdict": "no mirror figure"}  # fmt: skip
    eur = float(partner_eur / 1_000_000)
    usd_low, usd_high = eur * rate.lo, eur * rate.hi
    if usd_low <= 0:
        return {"eur": eur, "usd_low": usd_low, "usd_high": usd_high, "ratio_low": nan, "ratio_high": nan,
                "verdict": "no mirror figure"}  # fmt: skip
    ratio_low, ratio_high = kz_usd / usd_high, kz_usd / usd_low
    band = margin.ratio_band("imports" if imports else "exports")
    if ratio_high < band[0]:
        verdict = "below the CIF/FOB band"
    elif ratio_low > band[1]:
        verdict = "above the CIF/FOB band"
    else:
        verdict = "within the CIF/FOB band"
    return {"eur": eur, "usd_low": usd_low, "usd_high": usd_high, "ratio_low": ratio_low, "ratio_high": ratio_high,
            "verdict": verdict}  # fmt: skip


def format_mirror(frame: pd.DataFrame) -> str:
    """:func:`mirror_table` as a Markdown table, every value with its unit."""
    lines = [
        "| partner | year | KZ imports (M USD) | partner exports (M EUR) | USD per EUR | partner exports (M USD) "
        "| ratio | KZ exports (M USD) | partner imports (M EUR) | partner imports (M USD) | export ratio |",
        "| --- | ---: | ---: | ---: | --- | --- | --- | ---: | ---: | --- | --- |",
    ]
    for r in frame.to_dict("records"):
        lines.append(
            f"| {r['partner']} | {r['year']} | {_m(r['kz_imports_usd'])} | {_m(r['partner_exports_eur'])} "
            f"| {_span(r['rate_low'], r['rate_high'], 4)} "
            f"| {_span(r['partner_exports_usd_low'], r['partner_exports_usd_high'], 3)} "
            f"| {_span(r['ratio_low'], r['ratio_high'], 3)} | {_m(r['kz_exports_usd'])} "
            f"| {_m(r['partner_imports_eur'])} "
            f"| {_span(r['partner_imports_usd_low'], r['partner_imports_usd_high'], 3)} "
            f"| {_span(r['export_ratio_low'], r['export_ratio_high'], 3)} |"
        )
    return "\n".join(lines)


def _m(x: float) -> str:
    return "—" if math.isnan(x) else f"{x:.3f}"


def _span(lo: float, hi: float, digits: int) -> str:
    if math.isnan(lo) or math.isnan(hi):
        return "—"
    return f"[{lo:.{digits}f}, {hi:.{digits}f}]"

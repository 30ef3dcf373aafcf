"""The mirror chart: each flow as Kazakhstan counts it and as the partner counts it, and their asymmetry."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kzlt_trade.errors import UsageError
from kzlt_trade.mirror import CIF_FOB, MIRROR_COLUMNS, CifFob, mirror_table
from kzlt_trade.partners import label
from kzlt_trade.plot._common import (
    EXPORTS,
    IMPORTS,
    LEGEND,
    figure_of,
    money_unit,
    new_axes,
    set_titles,
    style_axes,
)
from kzlt_trade.vocabulary import expect

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from kzlt_trade.dataset import Dataset

__all__ = ["plot_mirror"]


@dataclass(frozen=True)
class _Flow:
    """One direction of trade in the mirror table: its columns and how it is named and drawn."""

    #: ``"imports"`` or ``"exports"``: Kazakhstan's side.
    name: str
    kz: str
    partner_low: str
    partner_high: str
    ratio_low: str
    ratio_high: str
    #: The partner's side, in words.
    partner_words: str
    colour: str
    #: Where the flow's pair stands beside the year's tick, in years.
    dx: float


_FLOWS = (
    _Flow("imports", "kz_imports_usd", "partner_exports_usd_low", "partner_exports_usd_high", "ratio_low",
          "ratio_high", "exports to KZ", IMPORTS, -0.2),
    _Flow("exports", "kz_exports_usd", "partner_imports_usd_low", "partner_imports_usd_high", "export_ratio_low",
          "export_ratio_high", "imports from KZ", EXPORTS, 0.2),
)  # fmt: skip

#: A darker edge for each flow's colour, so that a narrow interval bar is still seen.
_EDGES = {IMPORTS: "#b5651d", EXPORTS: "#2b5f8a"}


def plot_mirror(
    partner: str,
    *,
    data: Dataset | None = None,
    table: pd.DataFrame | None = None,
    ax: Axes | None = None,
    margin: CifFob | None = None,
    **kwargs: Any,
) -> Axes:
    """Kazakhstan's figures against the partner's own, year by year, and the asymmetry of each flow.

    Two panels, drawn as inset Axes of ``ax`` (``ax.child_axes``, the money panel
    first), as :func:`plot_growth` draws its rows:

    * **money**, for each year and each flow: Kazakhstan's figure (the latest BNS
      revision, in USD) as a filled marker, and the partner's mirror figure
      (Eurostat Comext, in euro, turned into USD over the year's range of
      exchange rates) as a bar from the low to the high end of that interval;
    * **asymmetry**: Kazakhstan's figure over the partner's as an interval per
      year and flow, on a log scale, against the band the CIF/FOB margin allows
      (``margin.low`` to ``margin.high`` for Kazakhstan's imports, its inverse for
      Kazakhstan's exports): an interval outside its band is an asymmetry that
      carriage and insurance alone do not explain.

    A year with no figure on a side (``NaN`` in the table: a month missing from
    Comext, or no rate) has nothing drawn for that side, never a zero; the x axis
    keeps every year of the table.

    Parameters
    ----------
    partner
        An EU member state's code, e.g. ``"LT"`` (one both offices cover).
    data
        A dataset whose folder holds ``official/`` (see :func:`kzlt_trade.mirror.mirror_table`);
        ``None`` for the bundled data. Not read when ``table`` is given.
    table
        A :func:`~kzlt_trade.mirror.mirror_table` frame, so that it is not computed
        again; its rows for ``partner`` are drawn.
    ax
        Axes to draw on; ``None`` for a new figure (made with pyplot, so that
        Jupyter shows it). Its frame is hidden and the two panels are drawn inside it.
    margin
        The CIF/FOB band drawn on the asymmetry panel; ``None`` for the table's own
        (``table.attrs["margin"]``), else :data:`kzlt_trade.mirror.CIF_FOB`.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.bar` for the partner's interval bars.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on, always.

    Raises
    ------
    UsageError
        For a partner the table has no row for, or a table without the mirror columns.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from kzlt_trade.mirror import mirror_table
    >>> from kzlt_trade.plot import plot_mirror
    >>> table = mirror_table(partner="LT")
    >>> ax = plot_mirror("LT", table=table, ax=Figure(figsize=(9, 6)).add_subplot())
    >>> money, ratio = ax.child_axes
    >>> money.get_ylabel(), ratio.get_yscale()  # Lithuania's imports from Kazakhstan reach 1.33 bn in 2021
    ('USD billion', 'log')
    >>> sorted(str(b.get_gid()) for b in money.patches if "2018" in str(b.get_gid()))  # no Comext figure: a gap
    []
    """
    import pandas as pd

    from kzlt_trade.dataset import Dataset

    expect("partner", partner, str, "a partner code such as 'LT'")
    if data is not None:
        expect("data", data, Dataset, "a Dataset, e.g. kzlt_trade.load(folder), or None for the bundled data")
    if margin is not None:
        expect("margin", margin, CifFob, "a CifFob, e.g. kzlt_trade.mirror.CifFob(low=1.03, high=1.08), or None")
    if ax is not None:
        from matplotlib.axes import Axes

        expect("ax", ax, Axes, "a matplotlib Axes (e.g. plt.subplots()[1]), or None for a new figure")
    code = partner.strip().upper()
    if table is None:
        table = mirror_table(data, partner=code, margin=margin or CIF_FOB)
    expect("table", table, pd.DataFrame, "a frame from kzlt_trade.mirror.mirror_table(), or None")
    missing = [c for c in MIRROR_COLUMNS if c not in table.columns]
    if missing:
        raise UsageError("table", f"a frame without {', '.join(missing)}", "a frame from mirror_table()")
    rows = table[table["partner"].astype(str) == code].sort_values("year")
    if rows.empty:
        have = ", ".join(sorted(set(map(str, table["partner"])))) or "none"
        raise UsageError("partner", partner, f"a partner the mirror table has rows for ({have})")
    band = margin or table.attrs.get("margin", CIF_FOB)
    if ax is None:
        ax = new_axes((9.0, 6.4))
    _draw(ax, rows, band, kwargs)
    set_titles(
        ax,
        f"Kazakhstan–{label(code)}: each flow as both sides count it",
        "Kazakhstan's figures (BNS, USD) against the partner's (Eurostat Comext, EUR at the year's rate range);\n"
        f"below: Kazakhstan's figure ÷ the partner's, against the CIF/FOB band {band.low:g}–{band.high:g}",
    )
    return ax


#: The colour of the mark of a missing figure.
_GAP = "#9a9a9a"


def _draw(ax: Axes, rows: pd.DataFrame, band: CifFob, kwargs: dict[str, Any]) -> None:
    from matplotlib.lines import Line2D

    ax.set_axis_off()
    money = ax.inset_axes((0.0, 0.47, 1.0, 0.53))
    ratio = ax.inset_axes((0.0, 0.0, 1.0, 0.25), sharex=money)
    years = [int(y) for y in rows["year"]]
    handles = _draw_money(money, rows, kwargs)
    handles += _draw_ratios(ratio, rows, band)
    handles.append(Line2D([], [], ls="", marker="$\\varnothing$", color=_GAP, ms=7, label="no figure for that side"))
    for a in (money, ratio):
        style_axes(a)
        a.grid(axis="y", color="#e3e3e3", lw=0.6)
        a.set_axisbelow(True)
    money.set_xticks(years, [str(y) for y in years])
    money.tick_params(labelbottom=True)
    money.set_xlim(years[0] - 0.6, years[-1] + 0.6)
    # Below the money panel, in points (clear of its year labels at any figure size).
    from matplotlib.transforms import offset_copy

    below = offset_copy(money.transAxes, fig=figure_of(ax), y=-26, units="points")
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), bbox_transform=below, ncol=3,
              handlelength=1.4, borderaxespad=0.0, **LEGEND)  # fmt: skip


def _finite(x: object) -> bool:
    return isinstance(x, int | float) and math.isfinite(x)


def _draw_money(ax: Axes, rows: pd.DataFrame, kwargs: dict[str, Any]) -> list[Any]:
    """Per year and flow: Kazakhstan's figure as a marker, the partner's interval as a floating bar."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    values = [float(v) for f in _FLOWS for col in (f.kz, f.partner_high) for v in rows[col] if _finite(float(v))]
    scale, unit = money_unit(max(values, default=0.0))
    handles: list[Any] = []
    for f in _FLOWS:
        drew_kz = drew_partner = False
        for r in rows.to_dict("records"):
            year, kz = int(r["year"]), float(r[f.kz])
            low, high = float(r[f.partner_low]), float(r[f.partner_high])
            x = year + f.dx
            if _finite(low) and _finite(high):
                style: dict[str, Any] = {"color": f.colour, "edgecolor": _EDGES[f.colour], "linewidth": 1.0,
                                         "zorder": 2}  # fmt: skip
                style |= kwargs
                ax.bar(x + 0.07, (high - low) * scale, 0.14, bottom=low * scale, gid=f"partner:{f.name}:{year}",
                       **style)  # fmt: skip
                drew_partner = True
            else:
                _gap(ax, x + 0.07, f"gap:partner:{f.name}:{year}")
            if not _finite(kz):
                _gap(ax, x - 0.07, f"gap:kz:{f.name}:{year}")
            else:
                ax.plot(x - 0.07, kz * scale, ls="", marker="o", ms=7, color=_EDGES[f.colour], zorder=3,
                        gid=f"kz:{f.name}:{year}")  # fmt: skip
                drew_kz = True
        if drew_kz:
            handles.append(Line2D([], [], ls="", marker="o", ms=7, color=_EDGES[f.colour],
                                  label=f"Kazakhstan's {f.name} (BNS)"))  # fmt: skip
        if drew_partner:
            handles.append(Patch(facecolor=f.colour, edgecolor=_EDGES[f.colour],
                                 label=f"partner's {f.partner_words} (Comext)"))  # fmt: skip
    ax.set_ylabel(unit)
    ax.set_ylim(bottom=0)
    return handles


def _gap(ax: Axes, x: float, gid: str) -> None:
    """A missing figure: a small empty-set sign on the axis, so that a gap is never read as a zero."""
    from matplotlib.transforms import blended_transform_factory

    where = blended_transform_factory(ax.transData, ax.transAxes)
    ax.plot(x, 0.03, ls="", marker="$\\varnothing$", ms=6, color=_GAP, transform=where, zorder=3, gid=gid,
            clip_on=False)  # fmt: skip


def _draw_ratios(ax: Axes, rows: pd.DataFrame, band: CifFob) -> list[Any]:
    """Per year and flow: the ratio interval as a thick segment, against the flow's CIF/FOB band."""
    from matplotlib.patches import Patch

    bands = {flow: band.ratio_band(flow) for flow in ("imports", "exports")}
    for f in _FLOWS:
        lo, hi = bands[f.name]
        ax.axhspan(lo, hi, color=f.colour, alpha=0.45, lw=0, zorder=0, gid=f"band:{f.name}")
    ax.axhline(1.0, color="#888888", lw=0.8, zorder=1)
    span = [v for b in bands.values() for v in b]
    for f in _FLOWS:
        for r in rows.to_dict("records"):
            year = int(r["year"])
            lo, hi = float(r[f.ratio_low]), float(r[f.ratio_high])
            if not (_finite(lo) and _finite(hi)):
                _gap(ax, year + f.dx, f"gap:ratio:{f.name}:{year}")
                continue
            span += [lo, hi]
            ax.plot((year + f.dx, year + f.dx), (lo, hi), color=_EDGES[f.colour], lw=8, solid_capstyle="butt",
                    zorder=3, gid=f"ratio:{f.name}:{year}")  # fmt: skip
    ax.set_yscale("log")
    ax.set_ylim(min(span) / 1.25, max(span) * 1.25)
    ax.set_ylabel("KZ ÷ partner")
    from matplotlib.ticker import FuncFormatter, LogLocator

    ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.yaxis.set_minor_formatter(FuncFormatter(lambda v, _: ""))
    return [Patch(facecolor=f.colour, alpha=0.45, label=f"CIF/FOB band, Kazakhstan's {f.name}") for f in _FLOWS]

"""The provenance timeline: when each source published what."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from kzlt_trade.model import PARTNERS
from kzlt_trade.plot._common import (
    MONEY,
    STATUS_COLOURS,
    PartnerArg,
    SourceStyle,
    chart_style,
    dataset_or_bundled,
    date_num,
    figure_of,
    new_axes,
    partner_list,
    period_words,
    set_titles,
    short_publisher,
    source_styles,
    written_as,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from kzlt_trade.dataset import Dataset
    from kzlt_trade.model import Claim, Reading

__all__ = ["plot_claims"]


def plot_claims(
    data: Dataset | None = None,
    *,
    partner: PartnerArg = None,
    ax: Axes | None = None,
    indicators: Sequence[str] | Literal["all"] | None = None,
    **kwargs: Any,
) -> Axes:
    """When each source published what: a provenance timeline.

    One row per quantity (partner, indicator, period; growth rates on rows of
    their own), the x axis the publication date, one marker per claim in its
    source's style, labelled with the figure as written. Claims the
    reconciler finds most likely wrong are crossed out in red.

    Parameters
    ----------
    data
        A dataset from :func:`kzlt_trade.load`; ``None`` for the bundled data.
    partner
        A partner code, ``"all"``, a list of codes, or ``None`` (all partners).
    ax
        Axes to draw on; ``None`` for a new figure.
    indicators
        The indicators to show: ``None`` for the money figures (turnover,
        exports, imports, direct investment), ``"all"`` for every claim, or a
        list of indicator names.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.scatter` for the claim markers.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    Examples
    --------
    A figure made without pyplot needs no display:

    >>> from matplotlib.figure import Figure
    >>> from kzlt_trade.plot import plot_claims
    >>> ax = plot_claims(partner="EE", ax=Figure().add_subplot())
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Kazakhstan–Estonia', 'turnover, 2022', 'turnover growth, 2022 on 2021']
    """
    from kzlt_trade.reconciler import reconcile

    ds = dataset_or_bundled(data)
    partners = partner_list(partner, default_all=True)
    if indicators is None:
        wanted: tuple[str, ...] = MONEY
    elif indicators == "all":
        from kzlt_trade.model import INDICATORS

        wanted = tuple(INDICATORS)
    else:
        wanted = tuple(indicators)
    est = reconcile(ds)
    rows = _claim_rows(ds, est.readings, partners, wanted)
    styles = source_styles(ds)
    n_partners = len({r.partner for r in rows})
    with chart_style():
        if ax is None:
            ax = new_axes((9.0, 1.9 + 0.3 * (max(len(rows), 3) + 1.4 * n_partners)))
        _draw_claims(ax, ds, rows, est.readings, styles, set(est.most_likely_wrong), kwargs)
    return ax


def _row_label(c: Claim, r: Reading) -> str:
    what = c.indicator.replace("fdi_inflow", "FDI inflow")
    if c.scope:
        what += f" [{c.scope}]"
    if c.flow == "outward":
        what += " (outward)"
    if r.measure == "ratio":
        what += " growth"
    elif r.measure == "change":
        what += " change"
    base = f" on {period_words(r.base_period)}" if r.base_period is not None else ""
    return f"{what}, {period_words(r.period)}{base}"


@dataclass(frozen=True)
class _ClaimRow:
    partner: str
    label: str
    claims: tuple[Claim, ...]


def _claim_rows(
    ds: Dataset, readings: dict[str, str], partners: list[str], indicators: tuple[str, ...]
) -> list[_ClaimRow]:
    """One row per quantity, in the reading the checker kept, sorted by partner, indicator and period."""
    order = {p: i for i, p in enumerate(PARTNERS)}
    ind_order = {k: i for i, k in enumerate((*MONEY, "companies", "diaspora", "rank", "share", "count"))}
    measure_order = {"level": 0, "change": 1, "ratio": 2}
    found: dict[tuple[Any, ...], list[Claim]] = {}
    for c in ds:
        if c.partner not in partners or c.indicator not in indicators:
            continue
        r = c.reading(readings.get(c.id))
        # "The same period" is the same quantity only within one source (see Period.key).
        pkey = r.period.key(c.source)
        key = (
            order[c.partner],
            ind_order.get(c.indicator, 99),
            c.flow,
            c.scope,
            measure_order[r.measure],
            r.period.start,
            r.period.kind != "year",
            pkey,
            str(r.base_period),
            _row_label(c, r),
        )
        found.setdefault(key, []).append(c)
    rows = [_ClaimRow(ds_claims[0].partner, key[-1], tuple(ds_claims)) for key, ds_claims in sorted(found.items())]
    # Two sources' unstated parts of one year are different quantities with the same words: name the source.
    labels = [(r.partner, r.label) for r in rows]
    return [
        _ClaimRow(r.partner, f"{r.label} ({short_publisher(ds.source(r.claims[0].source).publisher)})", r.claims)
        if labels.count((r.partner, r.label)) > 1
        else r
        for r in rows
    ]


def _draw_claims(
    ax: Axes,
    ds: Dataset,
    rows: list[_ClaimRow],
    readings: dict[str, str],
    styles: dict[str, SourceStyle],
    wrong: set[str],
    kwargs: dict[str, Any],
) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.transforms import offset_copy

    ax.spines[["top", "right", "left"]].set_visible(False)
    if not rows:
        ax.text(0.5, 0.5, "no claims to show", transform=ax.transAxes, ha="center", va="center")
        return
    used: dict[str, SourceStyle] = {}
    dates: set[date] = set()
    ticks: list[tuple[float, str, bool]] = []  # y, label, heading?
    y = 0.0
    for i, row in enumerate(rows):
        if i == 0 or row.partner != rows[i - 1].partner:
            if i:
                y += 0.4
                ax.axhline(y - 0.7, color="#9a9a9a", lw=0.8, zorder=1)
            ticks.append((y, f"Kazakhstan–{PARTNERS[row.partner]}", True))
            y += 1.0
        ticks.append((y, row.label, False))
        ax.axhline(y, color="#eeeeee", lw=0.8, zorder=0)
        for c in row.claims:
            s = ds.source(c.source)
            st = styles[c.source]
            used[c.source] = st
            dates.add(s.published)
            x = date_num(s.published)
            style: dict[str, Any] = {
                "marker": st.marker,
                "color": st.colour,
                "s": 60,
                "zorder": 3,
                "edgecolors": "white",
                "linewidths": 0.6,
            }
            style |= kwargs
            ax.scatter([x], [y], label=st.label, gid=c.id, **style)
            if c.id in wrong:
                ax.scatter(
                    [x],
                    [y],
                    marker="x",
                    s=170,
                    color=STATUS_COLOURS["contradiction"],
                    lw=2.0,
                    zorder=4,
                    gid=f"wrong:{c.id}",
                )
            ax.annotate(
                written_as(c, c.reading(readings.get(c.id))),
                (x, y),
                xytext=(11 if c.id in wrong else 8, 0),  # clear of the red cross
                textcoords="offset points",
                va="center",
                fontsize=8,
                color="#333333",
            )
        y += 1.0
    ax.set_yticks([t[0] for t in ticks], [t[1] for t in ticks])
    for label, (_, _, heading) in zip(ax.get_yticklabels(), ticks, strict=True):
        if heading:
            label.set_fontweight("bold")
    ax.set_ylim(y - 0.4, -0.6)
    when = sorted(dates)
    ax.set_xticks([date_num(d) for d in when], [f"{d.day} {d:%b}\n{d.year}" for d in when])
    first, last = date_num(when[0]), date_num(when[-1])
    pad = max((last - first) * 0.05, 30.0)
    ax.set_xlim(first - pad, last + pad * 3.5)
    ax.grid(axis="x", color="#e3e3e3", lw=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel("publication date of the source")
    set_titles(
        ax,
        "When each source published what",
        "one row per quantity, one marker per figure as written, at its source's publication date",
    )
    order = list(styles)
    handles: list[Any] = [
        Line2D([], [], ls="", marker=used[sid].marker, color=used[sid].colour, ms=7, label=used[sid].label)
        for sid in sorted(used, key=order.index)
    ]
    if wrong & {c.id for r in rows for c in r.claims}:
        handles.append(
            Line2D(
                [],
                [],
                ls="",
                marker="x",
                color=STATUS_COLOURS["contradiction"],
                ms=8,
                mew=2,
                label="most likely wrong (reconcile)",
            )
        )
    fig = figure_of(ax)
    below = offset_copy(ax.transAxes, fig=fig, y=-48, units="points")  # clear of the date labels, however tall
    ax.legend(
        handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), bbox_transform=below, ncol=3, handlelength=1.2
    )

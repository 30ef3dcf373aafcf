"""The growth chart: each reported growth rate against the growth the reported levels imply."""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kzlt_trade.interval import Interval
from kzlt_trade.partners import label
from kzlt_trade.plot._common import (
    LEGEND,
    STATUS_COLOURS,
    STATUS_MARKERS,
    TRADE,
    PartnerArg,
    check_args,
    checked,
    data_partners,
    dataset_or_bundled,
    figure_of,
    is_official,
    official_text,
    partner_list,
    partner_order,
    pct_text,
    percent_change,
    period_words,
    reconciled,
    set_titles,
    source_label,
    written_as,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from kzlt_trade.dataset import Dataset
    from kzlt_trade.model import Claim, Reading
    from kzlt_trade.results import Estimates, Report

__all__ = ["plot_growth"]


@dataclass(frozen=True)
class _Implied:
    """What one pair of reported levels implies for a growth rate."""

    #: The levels as written, base first: ``"levels 454 → 584"``.
    label: str
    #: The growth factor they imply (1.3 is +30 %).
    factor: Interval
    #: The checker's verdict on the rate against them.
    status: str


@dataclass(frozen=True)
class _GrowthRow:
    claim: Claim
    reading: Reading
    reported: Interval
    #: Each pair of levels the claim can be checked against.
    implied: tuple[_Implied, ...]
    status: str
    #: Whether the reconciliation finds the claim most likely wrong.
    wrong: bool


_STATUS_ORDER = ("consistent", "no levels", "tension", "contradiction")


def plot_growth(
    data: Dataset | None = None,
    *,
    partner: PartnerArg = "LT",
    report: Report | None = None,
    estimates: Estimates | None = None,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Each reported growth rate against the growth the reported levels imply.

    One row per reading of each growth claim (a claim with several readings,
    such as "grew by 6.4 times" read as ×6.4 or as +640 %, gets a row per
    reading). In each row the reported rate is a marker with its interval as a
    horizontal error bar, and below it each interval the pairs of reported
    levels imply, as grey bars: where they overlap, the figures fit. The
    marker's colour and shape give the verdict: consistent, tension,
    contradiction, or no levels to compare. A rate the reconciliation finds
    most likely wrong says so in red beside its heading. Rates differ by orders
    of magnitude (+28 % beside +311 %), so each row has its own percent scale;
    a shared one would shrink a one-point gap to a pixel.

    Parameters
    ----------
    data
        A dataset from :func:`kzlt_trade.load`; ``None`` for the bundled data.
    partner
        A partner code, ``"all"`` or a list of codes: whose growth claims to draw.
    report
        The :func:`kzlt_trade.check` of ``data``; computed when not given.
    estimates
        The :func:`kzlt_trade.reconcile` of ``data``; computed (from ``report``)
        when not given.
    ax
        Axes to draw on; ``None`` for a new figure sized to the rows (made with
        pyplot, so that Jupyter shows it). The chart draws on ``ax`` itself: its
        frame is hidden, the title and legend are its own, and the rows are
        inset axes inside it (``ax.child_axes``), one per row. Each row needs
        about an inch of height; on a shorter Axes the rows are squeezed, with
        a warning.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.errorbar` for the reported rates.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on, always.

    Examples
    --------
    A figure made without pyplot needs no display:

    >>> from matplotlib.figure import Figure
    >>> from kzlt_trade.plot import plot_growth
    >>> ax = Figure(figsize=(9, 3.5)).add_subplot()
    >>> plot_growth(partner="EE", ax=ax) is ax
    True
    >>> len(ax.child_axes)  # "grew by 6.4 times": two readings, two rows
    2
    """
    check_args(data, report, estimates, ax)
    ds = dataset_or_bundled(data)
    partners = partner_list(ds, partner)
    report = checked(ds, report)
    est = reconciled(ds, report, estimates)
    rows = _growth_rows(ds, report, set(est.most_likely_wrong), partners)
    heights = [_ROW_HEAD + _BAR * (1 + len(r.implied)) + _ROW_FOOT for r in rows]
    if ax is None:
        ax = _new_axes(heights)
    _draw_growth(ax, ds, rows, heights, kwargs)
    who = "all partners" if partners == data_partners(ds) and len(partners) > 1 else ", ".join(map(label, partners))
    set_titles(
        ax,
        f"Reported growth rates against the growth the reported levels imply ({who})",
        "each row on its own scale, in percent change on the base period",
        gap=10,
    )
    return ax


# Growth chart row layout, in points: heading and quote, one bar, tick labels and gap.
_ROW_HEAD = 34.0
_BAR = 19.0
_ROW_FOOT = 34.0


def _new_axes(heights: list[float]) -> Axes:
    """Axes on a new figure sized in points from the rows, so every row gets the same room whatever their number."""
    import matplotlib.pyplot as plt

    body = max(sum(heights), 60.0) / 72
    top, bottom = 0.75, 0.45
    fig = plt.figure(figsize=(9.0, body + top + bottom))
    return fig.add_axes((0.02, bottom / fig.get_figheight(), 0.96, body / fig.get_figheight()))


# -- rows ------------------------------------------------------------------------------------


def _growth_rows(ds: Dataset, report: Report, wrong: set[str], partners: list[str]) -> list[_GrowthRow]:
    """One row per ratio reading of each growth claim of ``partners``, by partner, indicator and period."""
    implied_of = _implied_by_claim(ds, report)
    rows = [
        _row(c, r, report, implied_of.get(c.id, []), c.id in wrong)
        for c in ds
        if c.partner in partners
        for r in c.readings
        if r.measure == "ratio"
    ]
    rows.sort(
        key=lambda g: (
            partner_order(g.claim.partner),
            TRADE.index(g.claim.indicator) if g.claim.indicator in TRADE else len(TRADE),
            g.reading.period.kind != "year",
            g.reading.period.start,
            ds.source(g.claim.source).published,
            g.claim.id,
        )
    )
    return rows


def _implied_by_claim(ds: Dataset, report: Report) -> dict[str, list[_Implied]]:
    """For each growth claim, what each checked group of levels implies for it (the report's relation groups)."""
    rel = report.relations
    growth = rel[(rel["relation"] == "growth") & rel["status"].isin(["consistent", "tension", "contradiction"])]
    implied_of: dict[str, list[_Implied]] = {}
    for claims, lo, hi, status in growth[["claims", "implied_lo", "implied_hi", "status"]].itertuples(index=False):
        ids = str(claims).split(", ")
        if len(ids) < 3 or not (math.isfinite(lo) and math.isfinite(hi)):
            continue
        label = _levels_label(ds, ds.claim(ids[0]), ids[1:])
        implied_of.setdefault(ids[0], []).append(_Implied(label, Interval(float(lo), float(hi)), str(status)))
    return implied_of


def _levels_label(ds: Dataset, growth: Claim, ids: list[str]) -> str:
    """``"levels 454 → 584"``: the base level first, several reports of one level joined by " / ".

    A level is the base when it can be read for the base period and not for the
    period of the growth (the checker's order of the claims is not relied on).
    An office's figure is named by its office, in million USD: ``"BNS 453.8 mn"``.
    """
    period, base = growth.primary.period, growth.primary.base_period
    bases: list[str] = []
    levels: list[str] = []
    for cid in ids:
        c = ds.claim(cid)
        periods = [r.period for r in c.readings]
        is_base = base is not None and base in periods and period not in periods
        shown = official_text(ds, c) if is_official(ds, c) else written_as(c, c.primary)
        (bases if is_base else levels).append(shown)
    return f"levels {' / '.join(dict.fromkeys(bases))} → {' / '.join(dict.fromkeys(levels))}"


def _row(c: Claim, r: Reading, report: Report, pairs: list[_Implied], wrong: bool) -> _GrowthRow:
    reported = c.interval(r.name)
    if not pairs:
        return _GrowthRow(c, r, reported, (), "no levels", wrong)
    if r.name == c.primary.name:
        checked_pairs = tuple(pairs)
    else:
        # The report checks the primary reading; another reading is judged here by overlap, a tension if alive.
        alive = r.name in report.live_readings.get(c.id, (r.name,))
        verdict = "tension" if alive else "contradiction"
        checked_pairs = tuple(
            _Implied(p.label, p.factor, "consistent" if p.factor.overlaps(reported) else verdict) for p in pairs
        )
    status = max((p.status for p in checked_pairs), key=_STATUS_ORDER.index)
    return _GrowthRow(c, r, reported, checked_pairs, status, wrong)


# -- drawing ---------------------------------------------------------------------------------


def _draw_growth(ax: Axes, ds: Dataset, rows: list[_GrowthRow], heights: list[float], kwargs: dict[str, Any]) -> None:
    ax.set_axis_off()
    if not rows:
        ax.text(0.5, 0.5, "no growth rates reported", transform=ax.transAxes, ha="center", va="center")
        return
    # Points to fractions of the axes height, taken from its size now.
    available, needed = ax.get_position().height * figure_of(ax).get_figheight() * 72, sum(heights)
    if available < 0.9 * needed:
        warnings.warn(
            f"the Axes is {available / 72:.1f} in tall but the {len(rows)} growth rows need {needed / 72:.1f} in: "
            "they are drawn squeezed (pass ax=None for a figure of the right height)",
            stacklevel=3,
        )
    per_point = 1.0 / max(needed, available)
    y = 1.0
    for row, h in zip(rows, heights, strict=True):
        _draw_heading(ax, ds, row, y, per_point)
        inset_h = _BAR * (1 + len(row.implied)) * per_point
        inner = ax.inset_axes((0.0, y - _ROW_HEAD * per_point - inset_h, 0.6, inset_h))
        _draw_rates(inner, row, kwargs)
        y -= h * per_point
    _draw_legend(ax, rows, y + 6 * per_point)


def _draw_heading(ax: Axes, ds: Dataset, row: _GrowthRow, y: float, per_point: float) -> None:
    """What the row is about in bold, the reconciliation's verdict beside it, and the quote with its source."""
    c, base = row.claim, row.reading.base_period
    what = f"KZ–{c.partner} {c.indicator}, {period_words(row.reading.period)}"
    what += f" on {period_words(base)}" if base is not None else ""
    if c.is_ambiguous:
        what += f" — read as {written_as(c, row.reading)}"
    heading = ax.text(0.0, y, what, transform=ax.transAxes, va="top", ha="left", fontsize=9.5, fontweight="bold")
    if row.wrong:
        ax.annotate(
            "   most likely wrong (reconcile)",
            xy=(1.0, 0.5),
            xycoords=heading,
            va="center",
            ha="left",
            fontsize=9,
            color=STATUS_COLOURS["contradiction"],
            gid=f"wrong:{c.id}",
        )
    quote = c.quote if len(c.quote) <= 80 else c.quote[:79] + "…"
    ax.text(
        0.0,
        y - 13 * per_point,
        f"“{quote}” ({source_label(ds.source(c.source))})",
        transform=ax.transAxes,
        va="top",
        ha="left",
        fontsize=8.5,
        color="#444444",
    )


def _draw_rates(inner: Axes, row: _GrowthRow, kwargs: dict[str, Any]) -> None:
    """The reported rate with its interval on top, one grey bar below it per pair of levels, on the row's scale."""
    c = row.claim
    lo, hi = percent_change(row.reported.lo), percent_change(row.reported.hi)
    mid = (lo + hi) / 2
    style: dict[str, Any] = {
        "fmt": STATUS_MARKERS[row.status],
        "color": STATUS_COLOURS[row.status],
        "ms": 8,
        "capsize": 5,
        "elinewidth": 2.2,
        "capthick": 2.0,
        "zorder": 3,
        "label": row.status,
    }
    style |= kwargs
    drawn = inner.errorbar([mid], [0], xerr=[[mid - lo], [hi - mid]], **style)
    drawn[0].set_gid(f"reported:{c.id}:{row.reading.name}")
    shown = written_as(c, row.reading)
    if row.reading.form not in ("percent_increase", "percent_decrease"):
        shown += f" (= {pct_text(row.reported.lo, row.reported.hi)})"
    labels = [f"reported {shown}" + ("" if row.implied else ": no levels to compare")]
    span = [lo, hi]
    for k, pair in enumerate(row.implied, start=1):
        a, b = percent_change(pair.factor.lo), percent_change(pair.factor.hi)
        inner.barh(
            k,
            b - a,
            left=a,
            height=0.55,
            color="#b9b9b9",
            edgecolor="#6f6f6f",
            lw=0.8,
            zorder=2,
            gid=f"implied:{c.id}:{k}",
        )
        inner.axvspan(a, b, color="#b9b9b9", alpha=0.25, lw=0, zorder=1)
        span += [a, b]
        labels.append(f"{pair.label} imply {pct_text(pair.factor.lo, pair.factor.hi)}")
    _format_inset(inner, min(span), max(span), labels)


def _format_inset(inner: Axes, left: float, right: float, labels: list[str]) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    n = len(labels)
    pad = max((right - left) * 0.15, abs(right) * 0.002, 0.05)
    inner.set_xlim(left - pad, right + pad)
    inner.set_ylim(n - 0.5, -0.5)
    inner.set_yticks(range(n), labels)
    inner.yaxis.tick_right()
    inner.tick_params(axis="y", length=0, labelsize=8.5, pad=8)
    inner.xaxis.set_major_locator(MaxNLocator(nbins=4, min_n_ticks=3))
    inner.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:+g} %".replace("-", "−")))
    inner.tick_params(axis="x", labelsize=8)
    inner.spines[["top", "right", "left"]].set_visible(False)
    inner.grid(axis="x", color="#e3e3e3", lw=0.6)
    inner.set_axisbelow(True)


def _draw_legend(ax: Axes, rows: list[_GrowthRow], y: float) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = [
        Line2D([], [], ls="", marker=STATUS_MARKERS[s], color=STATUS_COLOURS[s], ms=7, label=f"reported: {s}")
        for s in _STATUS_ORDER
        if any(r.status == s for r in rows)
    ]
    handles.append(Patch(facecolor="#b9b9b9", edgecolor="#6f6f6f", label="growth the reported levels imply"))
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.0, y),
        ncol=len(handles),
        handlelength=1.4,
        borderaxespad=0.0,
        **LEGEND,
    )

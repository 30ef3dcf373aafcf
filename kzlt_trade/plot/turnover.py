"""The turnover chart: exports and imports, each source's turnover, the estimate, the contradictions."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, overload

from kzlt_trade.errors import UsageError
from kzlt_trade.interval import Interval
from kzlt_trade.model import PARTNERS
from kzlt_trade.period import Period
from kzlt_trade.plot._common import (
    ESTIMATE,
    EXPORTS,
    IMPORTS,
    PARTIAL_BACKGROUND,
    STATUS_COLOURS,
    TRADE,
    SourceStyle,
    chart_style,
    dataset_or_bundled,
    figure_of,
    is_many,
    money_text,
    money_unit,
    new_axes,
    partner_list,
    pct_text,
    period_words,
    set_titles,
    source_label,
    source_styles,
    written_as,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from kzlt_trade.dataset import Dataset
    from kzlt_trade.model import Claim, Reading
    from kzlt_trade.results import Estimate, Estimates, Finding, Report

__all__ = ["plot_turnover"]


@dataclass(frozen=True)
class _Level:
    """A level claim placed on the turnover chart."""

    claim: Claim
    reading: Reading
    key: str
    #: The value as written, in million USD.
    value: float
    #: The claim's interval, in million USD.
    interval: Interval


@dataclass(frozen=True)
class _Slot:
    key: str
    period: Period
    x: float

    @property
    def partial(self) -> bool:
        return self.period.kind == "partial"


def _levels(ds: Dataset, readings: dict[str, str], partner: str) -> list[_Level]:
    from kzlt_trade.units import factor

    out = []
    for c in ds:
        if c.partner != partner or c.indicator not in TRADE:
            continue
        r = c.reading(readings.get(c.id))
        if r.measure != "level" or r.period.kind not in ("year", "partial"):
            continue
        key = r.period.key(c.source)
        out.append(_Level(c, r, key, float(c.value) * factor(c.unit, "money"), c.interval(r.name)))
    return out


def _turnover_estimates(est: Estimates, partner: str) -> dict[str, Estimate]:
    return {
        e.period: e
        for e in est
        if e.partner == partner
        and e.indicator == "turnover"
        and e.scope == ""
        and e.period_kind in ("year", "partial")
        and e.value is not None
    }


def _slots(keys: set[str]) -> list[_Slot]:
    def order(key: str) -> tuple[int, int, date, str]:
        p = Period.parse(key.split("#", maxsplit=1)[0])
        return (p.start.year, 0 if p.kind == "year" else 1, p.start, key)

    return [_Slot(k, Period.parse(k.split("#")[0]), float(i)) for i, k in enumerate(sorted(keys, key=order))]


@overload
def plot_turnover(
    data: Dataset | None = None,
    *,
    partner: str = "LT",
    ax: Axes | None = None,
    show_sources: bool = True,
    show_estimate: bool = True,
    show_findings: bool | Sequence[str] = True,
    **kwargs: Any,
) -> Axes: ...


@overload
def plot_turnover(
    data: Dataset | None = None,
    *,
    partner: Sequence[str],
    ax: None = None,
    show_sources: bool = True,
    show_estimate: bool = True,
    show_findings: bool | Sequence[str] = True,
    **kwargs: Any,
) -> list[Axes]: ...


def plot_turnover(
    data: Dataset | None = None,
    *,
    partner: str | Sequence[str] = "LT",
    ax: Axes | None = None,
    show_sources: bool = True,
    show_estimate: bool = True,
    show_findings: bool | Sequence[str] = True,
    **kwargs: Any,
) -> Axes | list[Axes]:
    """Trade between Kazakhstan and a partner per period: bars, reported turnover, estimate, contradictions.

    For each period with a figure: Kazakhstan's exports and imports as stacked
    bars where a source states them, each source's turnover as a marker of its
    own, the reconciled estimate of turnover as a black line with its feasible
    interval as a grey band (dashed when no claim states it and it follows from
    others), and each contradiction or tension of the checker marked with the
    figures it relates and its arithmetic in one line. A part of a year ("the
    same period", months not stated) gets a shaded slot of its own next to its
    year, hatched bars and hollow markers: it is never drawn as if it were a year.

    Parameters
    ----------
    data
        A dataset from :func:`kzlt_trade.load`; ``None`` for the bundled data.
    partner
        A partner code (``"LT"``, ``"RO"``, ``"EE"``, ``"EU"``) for one chart, or
        ``"all"`` or a list of codes for small multiples: one panel per partner,
        each with its own y axis and unit (USD million or billion by magnitude),
        so that tens of millions and tens of billions are both readable.
    ax
        Axes to draw on (one partner only); ``None`` for a new figure.
    show_sources
        One marker style per source, named in the legend by publisher and
        date; with ``False`` all reported turnover shares one marker.
    show_estimate
        Draw the reconciled estimate and its feasible interval.
    show_findings
        ``True`` marks contradictions and tensions; ``False`` none; or a list of
        finding kinds to mark (e.g. ``["contradiction", "tension", "period_label"]``).
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.bar` for the export and import bars.

    Returns
    -------
    matplotlib.axes.Axes or list of matplotlib.axes.Axes
        The Axes drawn on; for ``"all"`` or a list, the list of panels, one per
        partner in the order asked.

    Raises
    ------
    UsageError
        For an unknown partner, or ``ax`` given together with several partners
        (small multiples need a figure of their own).

    Examples
    --------
    A figure made without pyplot needs no display:

    >>> from matplotlib.figure import Figure
    >>> from kzlt_trade.plot import plot_turnover
    >>> ax = Figure(figsize=(9, 5.6)).add_subplot()
    >>> plot_turnover(partner="LT", ax=ax) is ax
    True
    >>> ax.get_ylabel()
    'USD million'

    Small multiples make a figure of their own, with pyplot so that Jupyter shows it:

    >>> import matplotlib.pyplot as plt
    >>> panels = plot_turnover(partner="all")
    >>> [a.get_ylabel() for a in panels]
    ['USD million', 'USD billion', 'USD million', 'USD billion']
    >>> plt.close("all")
    """
    from kzlt_trade.checker import check
    from kzlt_trade.reconciler import reconcile

    ds = dataset_or_bundled(data)
    partners = partner_list(partner)
    kinds = _finding_kinds(show_findings)
    report = check(ds)
    est = reconcile(ds, report=report)
    styles = source_styles(ds)
    options = _TurnoverOptions(show_sources, show_estimate, kinds, kwargs)
    if not is_many(partner):
        with chart_style():
            target = ax if ax is not None else new_axes((9.0, 5.6))
            handles = _draw_turnover(target, ds, partners[0], report, est, styles, options)
            title = f"Kazakhstan–{PARTNERS[partners[0]]} trade in goods, as reported"
            set_titles(target, title, _subtitle(ds, partners))
            target.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=3, handlelength=1.6)
        return target
    if ax is not None:
        raise UsageError("ax", ax, "None with several partners: the small multiples need a figure of their own")
    return _turnover_panels(ds, partners, report, est, styles, options)


@dataclass(frozen=True)
class _TurnoverOptions:
    sources: bool
    estimate: bool
    kinds: tuple[str, ...]
    bar_kwargs: dict[str, Any]


def _finding_kinds(show: bool | Sequence[str]) -> tuple[str, ...]:
    from kzlt_trade.vocabulary import KINDS

    if show is True:
        return ("contradiction", "tension")
    if show is False:
        return ()
    kinds = (show,) if isinstance(show, str) else tuple(show)
    bad = [k for k in kinds if k not in KINDS]
    if bad:
        raise UsageError("show_findings", show, "True, False or a list of finding kinds among " + ", ".join(KINDS))
    return kinds


def _subtitle(ds: Dataset, partners: list[str]) -> str:
    used = {c.source for c in ds if c.partner in partners and c.indicator in TRADE}
    n = sum(1 for c in ds if c.partner in partners and c.indicator in TRADE)
    dates = sorted(ds.source(s).published for s in used)
    span = f"{dates[0].year}–{dates[-1].year}" if dates and dates[0].year != dates[-1].year else ""
    if dates and not span:
        span = str(dates[0].year)
    what = f"{n} figure{'s' if n != 1 else ''} from {len(used)} press release{'s' if len(used) != 1 else ''}"
    return f"{what}{' published ' + span if span else ''}; bars: exports + imports, markers: turnover"


def _turnover_panels(
    ds: Dataset,
    partners: list[str],
    report: Report,
    est: Estimates,
    styles: dict[str, SourceStyle],
    options: _TurnoverOptions,
) -> list[Axes]:
    import matplotlib.pyplot as plt

    with chart_style():
        ncols = 1 if len(partners) == 1 else 2
        nrows = math.ceil(len(partners) / ncols)
        fig = plt.figure(figsize=(5.6 * ncols, 4.3 * nrows + 0.9), layout="constrained")
        grid = fig.subplots(nrows, ncols, squeeze=False)
        axes: list[Axes] = [a for row in grid for a in row]
        for extra in axes[len(partners) :]:
            extra.remove()
        axes = axes[: len(partners)]
        seen: dict[str, Any] = {}
        for a, p in zip(axes, partners, strict=True):
            for h in _draw_turnover(a, ds, p, report, est, styles, options, compact=True):
                seen.setdefault(h.get_label(), h)
            a.set_title(f"Kazakhstan–{PARTNERS[p]}", loc="left", fontsize=11, fontweight="bold")
        fig.suptitle(
            "Kazakhstan's trade in goods with each partner, as reported\n" + _subtitle(ds, partners),
            x=0.01,
            ha="left",
            fontsize=11,
        )
        fig.legend(handles=list(seen.values()), loc="outside lower center", ncol=3, handlelength=1.6)
    return axes


def _draw_turnover(
    ax: Axes,
    ds: Dataset,
    partner: str,
    report: Report,
    est: Estimates,
    styles: dict[str, SourceStyle],
    options: _TurnoverOptions,
    *,
    compact: bool = False,
) -> list[Any]:
    """Draw one partner's chart on ``ax``; return the legend handles."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter

    levels = _levels(ds, est.readings, partner)
    estimates = _turnover_estimates(est, partner) if options.estimate else {}
    slots = _slots({lv.key for lv in levels} | set(estimates))
    ax.spines[["top", "right"]].set_visible(False)
    if not slots:
        ax.text(0.5, 0.5, "no trade figures reported", transform=ax.transAxes, ha="center", va="center")
        ax.set_xticks([])
        ax.set_yticks([])
        return []
    top = max([lv.interval.hi for lv in levels if math.isfinite(lv.interval.hi)] + [lv.value for lv in levels])
    top = max([top] + [e.interval.hi for e in estimates.values() if math.isfinite(e.interval.hi)])
    scale, unit = money_unit(top)
    by_slot = {s.key: s for s in slots}
    # Legend entries by group: bars, sources, estimates, findings; each label once.
    groups: dict[str, tuple[int, Any]] = {}

    def handle(h: Any, group: int) -> None:
        groups.setdefault(h.get_label(), (group, h))

    for s in slots:
        if s.partial:
            ax.axvspan(s.x - 0.5, s.x + 0.5, color=PARTIAL_BACKGROUND, zorder=0, lw=0)

    # Bars: exports at the bottom, imports stacked on them; the latest source wins when several state one.
    width = 0.56
    for s in slots:
        bottom = 0.0
        for indicator, colour in (("exports", EXPORTS), ("imports", IMPORTS)):
            stated = [lv for lv in levels if lv.key == s.key and lv.claim.indicator == indicator]
            if not stated:
                continue
            lv = max(stated, key=lambda lv: (ds.source(lv.claim.source).published, lv.claim.id))
            height = lv.value * scale
            style: dict[str, Any] = {"color": colour, "edgecolor": "white", "linewidth": 0.8, "zorder": 1}
            if s.partial:
                style |= {"color": "white", "edgecolor": colour, "hatch": "////", "linewidth": 1.0}
            style |= options.bar_kwargs
            ax.bar(s.x, height, width, bottom=bottom, label=indicator, gid=lv.claim.id, **style)
            if not s.partial:
                handle(Patch(facecolor=colour, edgecolor="white", label=f"Kazakhstan's {indicator}"), 0)
            if height > 0.07 * top * scale:
                ax.text(
                    s.x,
                    bottom + height / 2,
                    f"{indicator[:3]}.\n{written_as(lv.claim, lv.reading)}",
                    ha="center",
                    va="center",
                    fontsize=7.5,
                    color="#333333",
                    zorder=2,
                )
            bottom += height
    if any(s.partial for s in slots) and any(
        lv.claim.indicator != "turnover" and lv.key in by_slot and by_slot[lv.key].partial for lv in levels
    ):
        handle(
            Patch(facecolor="white", edgecolor="#888888", hatch="////", label="part of a year, months not stated"), 0
        )

    # Estimates: the best value as a line, the feasible interval as a band.
    for key, e in estimates.items():
        s = by_slot[key]
        value = float(e.value) * scale if e.value is not None else math.nan
        lo, hi = e.interval.lo * scale, min(e.interval.hi, top * 1.5) * scale
        xs = (s.x - width / 2 - 0.06, s.x + width / 2 + 0.06)
        ax.fill_between(xs, lo, hi, color="#9a9a9a", alpha=0.45, lw=0, zorder=2)
        line = ax.plot(
            xs,
            (value, value),
            color=ESTIMATE,
            lw=1.6,
            ls="--" if e.derived else "-",
            zorder=3,
            label="reconciled estimate, band: feasible interval",
            gid=f"estimate:{key}",
        )[0]
        if not e.derived:
            handle(Line2D([], [], color=ESTIMATE, lw=1.6, label=line.get_label()), 2)
        else:
            handle(Line2D([], [], color=ESTIMATE, lw=1.6, ls="--", label="estimate derived from other figures"), 2)
            ax.annotate(
                f"derived: {money_text(e.interval.lo, e.interval.hi, scale, digits=3)}",
                (xs[1], value),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=7.5,
                color="#333333",
            )

    # Reported turnover: one marker per source.
    points: dict[str, tuple[float, float]] = {}
    for s in slots:
        here = [lv for lv in levels if lv.key == s.key and lv.claim.indicator == "turnover"]
        here.sort(key=lambda lv: (ds.source(lv.claim.source).published, lv.claim.id))
        offsets = [0.0] if len(here) == 1 else [-0.13 + 0.26 * i / (len(here) - 1) for i in range(len(here))]
        for lv, dx in zip(here, offsets, strict=True):
            st = styles[lv.claim.source]
            colour, marker = (st.colour, st.marker) if options.sources else ("#333333", "o")
            label = st.label if options.sources else "turnover as reported"
            x, y = s.x + dx, lv.value * scale
            lo, hi = lv.interval.lo * scale, min(lv.interval.hi, top * 1.5) * scale
            ax.errorbar(
                x,
                y,
                yerr=[[max(y - lo, 0.0)], [max(hi - y, 0.0)]],
                fmt=marker,
                color=colour,
                ms=8,
                mfc="white" if s.partial else colour,
                mec=colour,
                mew=1.6,
                elinewidth=1.2,
                capsize=3,
                zorder=4,
                label=label,
            )[0].set_gid(lv.claim.id)  # on the marker line only, not on the caps
            # One label above a lone marker; side by side markers get theirs outward, so they never touch.
            side = 0 if len(here) == 1 else (-1 if dx < 0 else 1)
            ax.annotate(
                written_as(lv.claim, lv.reading).removesuffix(" mn").removesuffix(" bn"),
                (x, hi),
                xytext=(4 * side, 7),
                textcoords="offset points",
                ha=("right", "center", "left")[side + 1],
                va="bottom",
                fontsize=7.5,
                color=colour,
                zorder=5,
            )
            points[lv.claim.id] = (x, hi)
            handle(Line2D([], [], ls="", marker=marker, color=colour, mec=colour, ms=7, label=label), 1)

    ax.set_xticks([s.x for s in slots], [period_words(s.period, newline=True) for s in slots])
    for tick, s in zip(ax.get_xticklabels(), slots, strict=True):
        if s.partial:
            tick.set_fontstyle("italic")
    # Keep a slot's width the same in every panel, however few periods a partner has.
    spare = max(0, 3 - len(slots)) / 2
    ax.set_xlim(-0.6 - spare, len(slots) - 0.4 + spare)
    ax.set_ylabel(unit)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 10 else f"{v:,.3g}"))
    ax.grid(axis="y", color="#dddddd", lw=0.6)
    ax.set_axisbelow(True)
    marks = _mark_findings(
        ax, ds, report, partner, options.kinds, points, scale, top * scale, est.most_likely_wrong, compact=compact
    )
    for h in marks:
        handle(h, 3)
    return [h for _, h in sorted(groups.values(), key=lambda gh: gh[0])]


#: Colour and legend words of each finding kind the chart can mark.
_KIND_COLOURS = {
    "contradiction": STATUS_COLOURS["contradiction"],
    "tension": STATUS_COLOURS["tension"],
    "period_label": STATUS_COLOURS["tension"],
}
_KIND_LEGEND = {
    "contradiction": "contradiction: the bracketed figures cannot all be true",
    "tension": "tension: they agree only at the edge of their precision",
    "period_label": "period label: the words give a figure the wrong period",
    "anomaly": "anomaly: a change that nothing explains",
}


def _mark_findings(
    ax: Axes,
    ds: Dataset,
    report: Report,
    partner: str,
    kinds: tuple[str, ...],
    points: dict[str, tuple[float, float]],
    scale: float,
    top: float,
    wrong: tuple[str, ...],
    *,
    compact: bool,
) -> list[Any]:
    """Bracket each finding's figures and write its arithmetic above; return legend handles."""
    from matplotlib.lines import Line2D

    groups: dict[tuple[str, str, str], list[Finding]] = {}
    for f in report:
        if f.kind in kinds and f.partner == partner and f.indicator in TRADE:
            groups.setdefault((f.kind, f.relation, f.claims[0]), []).append(f)
    blocks = []
    for (kind, _relation, _first), fs in groups.items():
        xy = list(dict.fromkeys(points[c] for f in fs for c in f.claims if c in points))
        if xy:
            text = _finding_text(ds, fs, scale)
            if fs[0].claims[0] in wrong:
                text += f"\nreconcile: the {_written_of(ds, fs[0])} is most likely wrong"
            blocks.append((kind, xy, text))
    # Stack the notes above the data: each takes its height in points (lines of text, the box, a gap),
    # converted to data units from the axes' height, so that none overlaps the next at any figure size.
    fontsize = 7.5 if compact else 8.5
    heights = [1.15 * ((text.count("\n") + 1) * fontsize * 1.25 + 14) for _, _, text in blocks]
    axes_points = max(ax.get_window_extent().height * 72 / figure_of(ax).dpi, 1.0)
    base = top * 1.1
    ceiling = base / max(1.0 - sum(heights) / axes_points, 0.3)
    per_point = ceiling / axes_points
    handles: list[Any] = []
    y_bar = base
    left, right = ax.get_xlim()
    for (kind, xy, text), height in zip(blocks, heights, strict=True):
        colour = _KIND_COLOURS.get(kind, "#555555")
        xs = [p[0] for p in xy]
        x0, x1 = min(xs), max(xs)
        if x1 - x0 < 0.3:
            x0, x1 = x0 - 0.18, x1 + 0.18
        for x, y in xy:
            # A dotted leader from just above the figure's value label (points, so at any scale) up to the bracket.
            ax.annotate("", xy=(x, y_bar), xytext=(x, y), arrowprops={"arrowstyle": "-", "color": colour, "lw": 1.0,
                        "linestyle": ":", "shrinkA": 20, "shrinkB": 0}, zorder=3)  # fmt: skip
        ax.plot((x0, x1), (y_bar, y_bar), color=colour, lw=1.8, zorder=3, gid=f"finding:{kind}")
        # Keep the box inside the axes: anchor it on the bracket's outer end near an edge.
        mid = (x0 + x1) / 2
        third = (right - left) / 3
        if mid < left + third:
            anchor, ha = max(x0 - 0.3, left + 0.05), "left"
        elif mid > right - third:
            anchor, ha = min(x1 + 0.3, right - 0.05), "right"
        else:
            anchor, ha = mid, "center"
        ax.annotate(
            text,
            xy=(anchor, y_bar),
            xytext=(0, 4),
            textcoords="offset points",
            ha=ha,
            va="bottom",
            fontsize=fontsize,
            multialignment="left",
            color=colour,
            bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": colour, "lw": 0.8},
            zorder=5,
            annotation_clip=False,
        )
        handles.append(Line2D([], [], color=colour, lw=1.8, label=_KIND_LEGEND.get(kind, kind.replace("_", " "))))
        y_bar += height * per_point
    ax.set_ylim(0, ceiling if blocks else top * 1.12)
    return handles


def _written_of(ds: Dataset, f: Finding) -> str:
    c = ds.claim(f.claims[0])
    return written_as(c, c.reading(f.readings[0]))


def _finding_text(ds: Dataset, fs: list[Finding], scale: float) -> str:
    """One or two lines: who reported what, and what the other figures imply."""
    f = fs[0]
    c = ds.claim(f.claims[0])
    who = source_label(ds.source(c.source))
    reading = c.reading(f.readings[0])
    written = written_as(c, reading)
    implied = [g.implied for g in fs if g.implied is not None]
    hull = implied[0] if implied else None
    for iv in implied[1:]:
        hull = hull.hull(iv) if hull is not None else iv
    head = f"{f.kind}: {who} reported {written}"
    if f.relation == "growth" and hull is not None:
        base = reading.base_period
        since = f" on {period_words(base)}" if base is not None else ""
        return f"{head}{since},\nthe levels imply {pct_text(hull.lo, hull.hi)}"
    if f.relation == "change" and hull is not None:
        return f"{head},\nthe levels imply a change of {money_text(hull.lo, hull.hi, scale)}"
    if f.relation == "sum" and hull is not None:
        return f"{head},\nexports + imports give {money_text(hull.lo, hull.hi, scale)}"
    if f.relation == "same_quantity" and len(f.claims) > 1:
        other = ds.claim(f.claims[1])
        return f"{head},\n{source_label(ds.source(other.source))} reported {written_as(other, other.primary)}"
    if f.kind == "period_label":
        wrong_reading = next((r for r in c.readings if r.name != reading.name), None)
        said = f"the {period_words(wrong_reading.period)} total" if wrong_reading is not None else "another period"
        return f"period label: {who} wrote {written} as {said};\nit fits only as {period_words(reading.period)}"
    # Other relations (jumps, reversals): the checker's own sentence, wrapped.
    return "\n".join(textwrap.wrap(f"{f.kind.replace('_', ' ')}: {f.message}", width=64))

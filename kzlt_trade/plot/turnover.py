"""The turnover chart: exports and imports, each source's turnover, the estimate, the contradictions.

:func:`plot_turnover` draws one partner on one Axes. :func:`plot_turnover_panels` is its
figure-level counterpart, as seaborn's ``relplot`` is to ``lineplot``: one panel per partner on a
figure of its own, returned as a :class:`TurnoverPanels`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from kzlt_trade.errors import UsageError, UsageTypeError
from kzlt_trade.interval import Interval
from kzlt_trade.partners import is_partner, label
from kzlt_trade.period import Period
from kzlt_trade.plot._common import (
    ESTIMATE,
    EXPORTS,
    IMPORTS,
    LEGEND,
    OFFICIAL,
    OFFICIAL_EXPORTS,
    PARTIAL_BACKGROUND,
    TRADE,
    SourceStyle,
    check_args,
    checked,
    dataset_or_bundled,
    is_official,
    money_text,
    money_unit,
    musd,
    new_axes,
    official_label,
    official_text,
    partner_list,
    period_words,
    reconciled,
    set_titles,
    source_styles,
    style_axes,
    written_as,
)
from kzlt_trade.plot._findings import Marks, finding_kinds, mark_findings

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from kzlt_trade.dataset import Dataset
    from kzlt_trade.model import Claim, Reading
    from kzlt_trade.results import Estimate, Estimates, Report

__all__ = ["TurnoverPanels", "plot_turnover", "plot_turnover_panels"]


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
    """Kazakhstan's trade figures for ``partner`` from the press, in million USD (other currencies at their rate)."""
    out = []
    for c in _trade_figures(ds, [partner]):
        if is_official(ds, c):
            continue  # the office's figures are a series of their own (_official_points)
        r = c.reading(readings.get(c.id))
        if r.measure != "level" or r.period.kind not in ("year", "partial"):
            continue
        converted = _in_usd(ds, c, r)
        if converted is None:
            continue  # no rate for its currency and period: not drawn on a dollar axis (the subtitle says so)
        key = r.period.key(c.source)
        out.append(_Level(c, r, key, *converted))
    return out


def _trade_figures(ds: Dataset, partners: list[str]) -> list[Claim]:
    """The trade figures for the partners, from Kazakhstan's statistics (a partner's own are mirrors)."""
    return [c for c in ds if c.partner in partners and c.indicator in TRADE and c.reporter == "KZ"]


def _in_usd(ds: Dataset, c: Claim, r: Reading) -> tuple[float, Interval] | None:
    """The figure as written and its interval, in million USD: through the middle and the hull of its rate."""
    from kzlt_trade.rates import RateTable
    from kzlt_trade.units import currency_of, factor

    value, interval = float(c.value) * factor(c.unit, "money"), c.interval(r.name)
    currency = currency_of(c.unit)
    if currency in (None, "USD"):
        return value, interval
    rate = (ds.rates or RateTable.shipped()).usd_per_unit(currency, r.period.start, r.period.end)
    if rate is None:
        return None
    return value * (rate.lo + rate.hi) / 2, interval * rate


@dataclass(frozen=True)
class _OfficialPoint:
    """One yearly figure of the office's series: the latest revision, and the earlier ones that differed."""

    claim: Claim
    #: In million USD.
    value: float
    #: The earlier revisions (``Dataset.revised``), each with its value in million USD, oldest first.
    earlier: tuple[tuple[Claim, float], ...]


def _official_points(ds: Dataset, partner: str) -> dict[str, dict[str, _OfficialPoint]]:
    """The office's yearly trade figures for ``partner``: by indicator, then by year key."""
    out: dict[str, dict[str, _OfficialPoint]] = {}
    for c in _trade_figures(ds, [partner]):
        r = c.primary
        if not is_official(ds, c) or r.measure != "level" or r.period.kind != "year":
            continue
        earlier = tuple((old, musd(old)) for old in ds.revised.get(c.id, ()))
        out.setdefault(c.indicator, {})[r.period.key(c.source)] = _OfficialPoint(c, musd(c), earlier)
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


# -- the public functions ----------------------------------------------------------------------


def plot_turnover(
    data: Dataset | None = None,
    *,
    partner: str = "LT",
    report: Report | None = None,
    estimates: Estimates | None = None,
    ax: Axes | None = None,
    show_sources: bool = True,
    show_estimate: bool = True,
    show_findings: bool | Sequence[str] = True,
    **kwargs: Any,
) -> Axes:
    """Trade between Kazakhstan and one partner per period: bars, reported turnover, estimate, contradictions.

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
        One partner code: ``"LT"``, ``"RO"``, ``"EE"`` or ``"EU"``. For several
        partners at once use :func:`plot_turnover_panels`, which makes a figure
        of its own.
    report
        The :func:`kzlt_trade.check` of ``data``; computed when not given.
    estimates
        The :func:`kzlt_trade.reconcile` of ``data``; computed (from ``report``)
        when not given. Pass both to draw several charts from one check.
    ax
        Axes to draw on; ``None`` for a new figure (made with pyplot, so that
        Jupyter shows it).
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
    matplotlib.axes.Axes
        The Axes drawn on, always.

    Raises
    ------
    UsageError
        For anything but one known partner code (``"all"`` and lists included:
        the message names :func:`plot_turnover_panels`), or an unknown finding kind.

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
    """
    check_args(data, report, estimates, ax, show_sources=show_sources, show_estimate=show_estimate)
    code = _one_partner(partner)
    options = _Options(show_sources, show_estimate, finding_kinds(show_findings), kwargs)
    ds = dataset_or_bundled(data)
    report = checked(ds, report)
    inputs = _Inputs(ds, report, reconciled(ds, report, estimates), source_styles(ds), options)
    target = ax if ax is not None else new_axes((9.0, 5.6))
    handles = _draw_turnover(target, inputs, code)
    set_titles(target, f"Kazakhstan–{label(code)} trade in goods, as reported", _subtitle(ds, [code]))
    target.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=3, handlelength=1.6, **LEGEND)
    return target


@dataclass(frozen=True, eq=False)
class TurnoverPanels:
    """The turnover chart as small multiples: a figure with one Axes per partner.

    What :func:`plot_turnover_panels` returns (seaborn's ``FacetGrid`` plays the
    same part for ``relplot``). Save it with :meth:`savefig`, or reach a panel
    through :attr:`axes_dict`.
    """

    #: The figure the panels are drawn on (with the title and the shared legend).
    figure: Figure
    #: One Axes per partner, by partner code, in the order asked.
    axes_dict: dict[str, Axes] = field(repr=False)

    def __post_init__(self) -> None:
        unknown = [p for p in self.axes_dict if not is_partner(p)]
        if not self.axes_dict or unknown:
            raise UsageError("axes_dict", list(self.axes_dict), "one Axes per partner code (ISO 3166-1, or 'EU')")

    @property
    def axes(self) -> tuple[Axes, ...]:
        """The panels, in the order asked."""
        return tuple(self.axes_dict.values())

    def savefig(self, fname: Any, **kwargs: Any) -> None:
        """Save the figure: :meth:`matplotlib.figure.Figure.savefig` with the same arguments."""
        self.figure.savefig(fname, **kwargs)

    def __repr__(self) -> str:
        return f"<TurnoverPanels: {', '.join(self.axes_dict)}>"


def plot_turnover_panels(
    data: Dataset | None = None,
    *,
    partner: str | Sequence[str] = "all",
    report: Report | None = None,
    estimates: Estimates | None = None,
    ax: None = None,
    show_sources: bool = True,
    show_estimate: bool = True,
    show_findings: bool | Sequence[str] = True,
    **kwargs: Any,
) -> TurnoverPanels:
    """The turnover chart of several partners, one panel each, on a figure of its own.

    The figure-level counterpart of :func:`plot_turnover` (as seaborn's ``relplot``
    is to ``lineplot``): each panel is that chart for one partner, with its own y
    axis and unit (USD million or billion by magnitude), so that tens of millions
    and tens of billions are both readable. One title and one legend serve all
    panels; a source keeps its marker in every panel.

    Parameters
    ----------
    data
        A dataset from :func:`kzlt_trade.load`; ``None`` for the bundled data.
    partner
        ``"all"`` for every partner, a list of codes, or one code (one panel).
    report, estimates
        The :func:`kzlt_trade.check` and :func:`kzlt_trade.reconcile` of ``data``;
        each computed when not given.
    ax
        Not accepted: the panels need a figure of their own. Draw one partner
        on an Axes of yours with :func:`plot_turnover`.
    show_sources, show_estimate, show_findings, **kwargs
        As for :func:`plot_turnover`, for every panel.

    Returns
    -------
    TurnoverPanels
        The figure and its Axes, one per partner in the order asked.

    Raises
    ------
    UsageError
        For an unknown or repeated partner, an unknown finding kind, or an ``ax``.

    Examples
    --------
    The figure is made with pyplot, so that Jupyter shows it:

    >>> import matplotlib.pyplot as plt
    >>> from kzlt_trade.plot import plot_turnover_panels
    >>> panels = plot_turnover_panels(partner="all")
    >>> [(code, a.get_ylabel()) for code, a in panels.axes_dict.items()]
    [('LT', 'USD million'), ('RO', 'USD billion'), ('EE', 'USD million'), ('EU', 'USD billion')]
    >>> plt.close(panels.figure)
    """
    if ax is not None:
        raise UsageError(
            "ax",
            ax,
            "None: plot_turnover_panels makes a figure of its own; draw one partner on an Axes with "
            "plot_turnover(partner=..., ax=ax)",
        )
    check_args(data, report, estimates, show_sources=show_sources, show_estimate=show_estimate)
    ds = dataset_or_bundled(data)
    partners = partner_list(ds, partner)
    if len(set(partners)) != len(partners):
        raise UsageError("partner", partner, "partner codes without repeats")
    options = _Options(show_sources, show_estimate, finding_kinds(show_findings), kwargs)
    report = checked(ds, report)
    inputs = _Inputs(ds, report, reconciled(ds, report, estimates), source_styles(ds), options)
    return _draw_panels(inputs, partners)


def _one_partner(partner: object) -> str:
    if isinstance(partner, str) and is_partner(partner):
        return partner
    expected = "one partner code (an ISO 3166-1 country such as 'LT', or 'EU')"
    if not isinstance(partner, str | Sequence):
        raise UsageTypeError("partner", partner, expected)
    if partner == "all" or (isinstance(partner, Sequence) and not isinstance(partner, str)):
        expected += "; plot_turnover draws one partner on one Axes: for several use plot_turnover_panels(partner=...)"
    raise UsageError("partner", partner, expected)


# -- drawing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Options:
    sources: bool
    estimate: bool
    kinds: tuple[str, ...]
    bar_kwargs: dict[str, Any]


@dataclass(frozen=True)
class _Inputs:
    """What every panel is drawn from."""

    ds: Dataset
    report: Report
    est: Estimates
    styles: dict[str, SourceStyle]
    options: _Options


@dataclass
class _Legend:
    """Legend entries by group (bars, sources, estimates, findings), each label once."""

    groups: dict[str, tuple[int, Any]] = field(default_factory=dict)

    def add(self, handle: Any, group: int) -> None:
        self.groups.setdefault(handle.get_label(), (group, handle))

    def handles(self) -> list[Any]:
        return [h for _, h in sorted(self.groups.values(), key=lambda gh: gh[0])]


@dataclass(frozen=True)
class _Panel:
    """One partner's chart being drawn: its Axes, slots and figures, and the money scale."""

    ax: Axes
    inputs: _Inputs
    slots: list[_Slot]
    levels: list[_Level]
    estimates: dict[str, Estimate]
    #: The office's series, by indicator and year key.
    official: dict[str, dict[str, _OfficialPoint]]
    #: Data units per million USD.
    scale: float
    #: The highest finite value drawn, in million USD.
    top: float

    @property
    def ds(self) -> Dataset:
        return self.inputs.ds

    def slot(self, key: str) -> _Slot:
        return next(s for s in self.slots if s.key == key)

    def stated(self, key: str, indicator: str) -> list[_Level]:
        """The levels of one indicator in one slot, oldest source first."""
        here = [lv for lv in self.levels if lv.key == key and lv.claim.indicator == indicator]
        return sorted(here, key=lambda lv: (self.ds.source(lv.claim.source).published, lv.claim.id))

    def capped(self, hi: float) -> float:
        """An interval's upper end in data units, cut short of infinity (an open "more than")."""
        return min(hi, self.top * 1.5) * self.scale


#: Width of a bar, in slots.
_WIDTH = 0.56


def _draw_turnover(ax: Axes, inputs: _Inputs, partner: str, *, compact: bool = False) -> list[Any]:
    """Draw one partner's chart on ``ax``; return the legend handles."""
    est = inputs.est
    levels = _levels(inputs.ds, est.readings, partner)
    estimates = _turnover_estimates(est, partner) if inputs.options.estimate else {}
    official = _official_points(inputs.ds, partner)
    slots = _slots({lv.key for lv in levels} | set(estimates) | {k for series in official.values() for k in series})
    style_axes(ax)
    if not slots:
        ax.text(0.5, 0.5, "no trade figures reported", transform=ax.transAxes, ha="center", va="center")
        ax.set_xticks([])
        ax.set_yticks([])
        return []
    finite = [lv.interval.hi for lv in levels] + [e.interval.hi for e in estimates.values()]
    finite += [
        v for series in official.values() for p in series.values() for v in (p.value, *(e for _, e in p.earlier))
    ]
    top = max([x for x in finite if math.isfinite(x)] + [lv.value for lv in levels])
    scale, unit = money_unit(top)
    panel = _Panel(ax, inputs, slots, levels, estimates, official, scale, top)
    legend = _Legend()
    for s in slots:
        if s.partial:
            ax.axvspan(s.x - 0.5, s.x + 0.5, color=PARTIAL_BACKGROUND, zorder=0, lw=0)
    _draw_bars(panel, legend)
    _draw_estimates(panel, legend)
    points = _draw_markers(panel, legend)
    points |= _draw_official(panel, legend)
    _format_axes(panel, unit)
    marks = Marks(
        inputs.ds,
        inputs.report,
        partner,
        inputs.options.kinds,
        points,
        scale,
        top * scale,
        est.most_likely_wrong,
        compact=compact,
    )
    for h in mark_findings(ax, marks):
        legend.add(h, 3)
    return legend.handles()


def _draw_bars(panel: _Panel, legend: _Legend) -> None:
    """Exports at the bottom, imports stacked on them; the latest source wins when several state one."""
    from matplotlib.patches import Patch

    for s in panel.slots:
        bottom = 0.0
        for indicator, colour in (("exports", EXPORTS), ("imports", IMPORTS)):
            stated = panel.stated(s.key, indicator)
            if stated:
                bottom += _draw_bar(panel, s, stated[-1], colour, bottom)
                if not s.partial:
                    legend.add(Patch(facecolor=colour, edgecolor="white", label=f"Kazakhstan's {indicator}"), 0)
    if any(s.partial and (panel.stated(s.key, "exports") or panel.stated(s.key, "imports")) for s in panel.slots):
        legend.add(
            Patch(facecolor="white", edgecolor="#888888", hatch="////", label="part of a year, months not stated"), 0
        )


def _draw_bar(panel: _Panel, s: _Slot, lv: _Level, colour: str, bottom: float) -> float:
    """One bar, labelled with the figure as written when it is tall enough; return its height."""
    height = lv.value * panel.scale
    style: dict[str, Any] = {"color": colour, "edgecolor": "white", "linewidth": 0.8, "zorder": 1}
    if s.partial:
        style |= {"color": "white", "edgecolor": colour, "hatch": "////", "linewidth": 1.0}
    style |= panel.inputs.options.bar_kwargs
    indicator = lv.claim.indicator
    panel.ax.bar(s.x, height, _WIDTH, bottom=bottom, label=indicator, gid=lv.claim.id, **style)
    if height > 0.07 * panel.top * panel.scale:
        label = f"{indicator[:3]}.\n{written_as(lv.claim, lv.reading)}"
        panel.ax.text(
            s.x, bottom + height / 2, label, ha="center", va="center", fontsize=7.5, color="#333333", zorder=2
        )
    return height


def _draw_estimates(panel: _Panel, legend: _Legend) -> None:
    """The best value as a line, the feasible interval as a band; a derived estimate dashed and labelled."""
    from matplotlib.lines import Line2D

    ax = panel.ax
    for key, e in panel.estimates.items():
        s = panel.slot(key)
        value = float(e.value) * panel.scale if e.value is not None else math.nan
        xs = (s.x - _WIDTH / 2 - 0.06, s.x + _WIDTH / 2 + 0.06)
        ax.fill_between(
            xs, e.interval.lo * panel.scale, panel.capped(e.interval.hi), color="#9a9a9a", alpha=0.45, lw=0, zorder=2
        )
        label = "reconciled estimate, band: feasible interval"
        ax.plot(
            xs,
            (value, value),
            color=ESTIMATE,
            lw=1.6,
            ls="--" if e.derived else "-",
            zorder=3,
            label=label,
            gid=f"estimate:{key}",
        )
        if not e.derived:
            legend.add(Line2D([], [], color=ESTIMATE, lw=1.6, label=label), 2)
            continue
        legend.add(Line2D([], [], color=ESTIMATE, lw=1.6, ls="--", label="estimate derived from other figures"), 2)
        note = f"derived: {money_text(e.interval.lo, e.interval.hi, panel.scale, digits=3)}"
        ax.annotate(
            note, (xs[1], value), xytext=(3, 0), textcoords="offset points", va="center", fontsize=7.5, color="#333333"
        )


def _draw_markers(panel: _Panel, legend: _Legend) -> dict[str, tuple[float, float]]:
    """Reported turnover, one marker per source; return where each value label ends, by claim id."""
    points: dict[str, tuple[float, float]] = {}
    for s in panel.slots:
        here = panel.stated(s.key, "turnover")
        n = len(here)
        offsets = [0.0] if n == 1 else [-0.13 + 0.26 * i / (n - 1) for i in range(n)]
        for lv, dx in zip(here, offsets, strict=True):
            # One label above a lone marker; side by side markers get theirs outward, so they never touch.
            side = 0 if n == 1 else (-1 if dx < 0 else 1)
            points[lv.claim.id] = _draw_marker(panel, legend, s, lv, dx, side)
    return points


def _draw_marker(panel: _Panel, legend: _Legend, s: _Slot, lv: _Level, dx: float, side: int) -> tuple[float, float]:
    from matplotlib.lines import Line2D

    st = panel.inputs.styles[lv.claim.source]
    if panel.inputs.options.sources:
        colour, marker, label = st.colour, st.marker, st.label
    else:
        colour, marker, label = "#333333", "o", "turnover as reported"
    x, y = s.x + dx, lv.value * panel.scale
    lo, hi = lv.interval.lo * panel.scale, panel.capped(lv.interval.hi)
    drawn = panel.ax.errorbar(
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
    )
    drawn[0].set_gid(lv.claim.id)  # on the marker line only, not on the caps
    panel.ax.annotate(
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
    legend.add(Line2D([], [], ls="", marker=marker, color=colour, mec=colour, ms=7, label=label), 1)
    return x, hi


#: How each indicator of the office's series is drawn: colour, line style, point marker.
_OFFICIAL_LINES = {"turnover": (OFFICIAL, "-", "o"), "exports": (OFFICIAL_EXPORTS, (0, (4, 2)), ".")}


def _draw_official(panel: _Panel, legend: _Legend) -> dict[str, tuple[float, float]]:
    """The office's turnover and exports per year as lines, and each earlier revision as a hollow point.

    Its imports are the gap between the two lines, as they are stacked on the
    exports in the bars. A year the office gives no figure for breaks the line,
    whether another figure gives that year a slot or no slot is drawn for it.
    Return where each official point stands, by claim id (for the findings' brackets).
    """
    from matplotlib.lines import Line2D

    ax, points = panel.ax, {}
    years = [s for s in panel.slots if s.period.kind == "year"]
    for indicator, (colour, ls, marker) in _OFFICIAL_LINES.items():
        series = panel.official.get(indicator, {})
        if not series:
            continue
        xs: list[float] = []
        ys: list[float] = []
        last: int | None = None  # the year of the last point drawn
        for s in years:
            p = series.get(s.key)
            year = s.period.start.year
            if p is None or (last is not None and year > last + 1):
                # A year without the office's figure, with a slot or not, is a gap in the line, never a zero.
                if xs and not math.isnan(ys[-1]):
                    xs.append(s.x - 0.5)
                    ys.append(math.nan)
                if p is None:
                    continue
            last = year
            xs.append(s.x)
            ys.append(p.value * panel.scale)
            points[p.claim.id] = (s.x, p.value * panel.scale)
            _draw_revisions(panel, legend, s, p, colour)
        who = official_label(panel.ds, next(iter(series.values())).claim)
        label = f"{who} {indicator}, latest revision"
        ax.plot(xs, ys, color=colour, ls=ls, lw=1.7, marker=marker, ms=4.5, zorder=3.5, label=label,
                gid=f"official:{indicator}")  # fmt: skip
        legend.add(Line2D([], [], color=colour, ls=ls, lw=1.7, marker=marker, ms=4.5, label=label), 1)
    return points


def _draw_revisions(panel: _Panel, legend: _Legend, s: _Slot, p: _OfficialPoint, colour: str) -> None:
    """Each earlier revision that differed: a hollow point, a dotted stem to the latest, and its edition."""
    from matplotlib.lines import Line2D

    ax = panel.ax
    for old, value in p.earlier:
        y, latest = value * panel.scale, p.value * panel.scale
        x = s.x + 0.2
        ax.plot((x, s.x), (y, latest), color=colour, lw=0.9, ls=":", zorder=3.4)
        ax.plot(x, y, ls="", marker="o", ms=6.5, mfc="white", mec=colour, mew=1.4, zorder=3.6,
                gid=f"revised:{old.id}")  # fmt: skip
        ax.annotate(
            f"{old.source}: {official_text(panel.ds, old).split(' ', 1)[1]}",
            (x, y),
            xytext=(5, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
            color=colour,
            zorder=5,
        )
        legend.add(
            Line2D([], [], ls="", marker="o", ms=6.5, mfc="white", mec=colour, mew=1.4,
                   label="earlier revision of the official figure"),
            1,
        )  # fmt: skip


def _format_axes(panel: _Panel, unit: str) -> None:
    from matplotlib.ticker import FuncFormatter

    ax, slots = panel.ax, panel.slots
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


def _draw_panels(inputs: _Inputs, partners: list[str]) -> TurnoverPanels:
    import matplotlib.pyplot as plt

    ncols = 1 if len(partners) == 1 else 2
    nrows = math.ceil(len(partners) / ncols)
    fig = plt.figure(figsize=(5.6 * ncols, 4.3 * nrows + 0.9), layout="constrained")
    grid = fig.subplots(nrows, ncols, squeeze=False)
    axes: list[Axes] = [a for row in grid for a in row]
    for extra in axes[len(partners) :]:
        extra.remove()
    seen: dict[str, Any] = {}
    for a, p in zip(axes, partners, strict=False):
        for h in _draw_turnover(a, inputs, p, compact=True):
            seen.setdefault(h.get_label(), h)
        a.set_title(f"Kazakhstan–{label(p)}", loc="left", fontsize=11, fontweight="bold")
    title = "Kazakhstan's trade in goods with each partner, as reported\n" + _subtitle(inputs.ds, partners)
    fig.suptitle(title, x=0.01, ha="left", fontsize=11)
    fig.legend(handles=list(seen.values()), loc="outside lower center", ncol=3, handlelength=1.6, **LEGEND)
    return TurnoverPanels(fig, dict(zip(partners, axes, strict=False)))


def _subtitle(ds: Dataset, partners: list[str]) -> str:
    """What is drawn: the press figures counted by release, then the office's series, if any."""
    every = _trade_figures(ds, partners)
    figures = [c for c in every if not is_official(ds, c)]
    official = [c for c in every if is_official(ds, c) and c.primary.measure == "level"]
    n, releases = len(figures), len({c.source for c in figures})
    what = f"{n} {_plural(n, 'figure')} from {releases} {_plural(releases, 'press release')}"
    years = sorted({ds.source(c.source).published.year for c in figures})
    if years:
        what += f" published {years[0]}" + (f"–{years[-1]}" if len(years) > 1 else "")
    unrated = [c for c in figures if c.primary.measure == "level" and _in_usd(ds, c, c.primary) is None]
    if unrated:
        what += f" ({len(unrated)} not drawn: no exchange rate to USD for their currency and period)"
    drawn = "bars: exports + imports, markers: turnover"
    if official:
        offices = sorted({official_label(ds, c).removesuffix(" (official)") for c in official})
        what += f", and the {' and '.join(offices)} series"
        drawn += ", lines: the office's turnover and exports"
    return f"{what}\n{drawn}"


def _plural(n: int, word: str) -> str:
    return word if n == 1 else word + "s"

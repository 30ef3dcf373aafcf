"""The provenance timeline: when each source published what."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from kzlt_trade import partners as partner_codes
from kzlt_trade.errors import UsageError
from kzlt_trade.plot._common import (
    LEGEND,
    MONEY,
    STATUS_COLOURS,
    PartnerArg,
    SourceStyle,
    check_args,
    dataset_or_bundled,
    date_num,
    figure_of,
    is_official,
    new_axes,
    official_text,
    partner_list,
    partner_order,
    period_words,
    reconciled,
    set_titles,
    short_publisher,
    source_styles,
    style_axes,
    written_as,
)
from kzlt_trade.vocabulary import expect

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from kzlt_trade.dataset import Dataset
    from kzlt_trade.model import Claim, Reading
    from kzlt_trade.results import Estimates, Report

__all__ = ["plot_claims"]


def plot_claims(
    data: Dataset | None = None,
    *,
    partner: PartnerArg = None,
    report: Report | None = None,
    estimates: Estimates | None = None,
    ax: Axes | None = None,
    indicators: Sequence[str] | Literal["all"] | None = None,
    **kwargs: Any,
) -> Axes:
    """When each source published what: a provenance timeline.

    One row per quantity (partner, indicator, period; growth rates on rows of
    their own), the x axis the publication date, one marker per claim in its
    source's style, labelled with the figure as written. Claims the
    reconciler finds most likely wrong are crossed out in red.

    A statistical office's figures share one style (a square, named
    ``"BNS (official)"`` in the legend) and stand at their edition's
    publication date on the rows of the quantities the press reports, so that
    each press figure can be read against the office's; the office's other
    figures (years no press release covers) are left to
    :func:`plot_turnover`, whose line draws the whole series, and the
    subtitle counts them.

    Parameters
    ----------
    data
        A dataset from :func:`kzlt_trade.load`; ``None`` for the bundled data.
    partner
        A partner code, ``"all"``, a list of codes, or ``None`` (all partners).
    report
        The :func:`kzlt_trade.check` of ``data``; needed only to compute
        ``estimates``, and computed only then.
    estimates
        The :func:`kzlt_trade.reconcile` of ``data`` (the reading drawn for each
        claim, the claims most likely wrong); computed when not given.
    ax
        Axes to draw on; ``None`` for a new figure (made with pyplot, so that
        Jupyter shows it).
    indicators
        The indicators to show: ``None`` for the money figures (turnover,
        exports, imports, direct investment), ``"all"`` for every claim, or a
        list of indicator names.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.scatter` for the claim markers.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on, always.

    Examples
    --------
    A figure made without pyplot needs no display:

    >>> from matplotlib.figure import Figure
    >>> from kzlt_trade.plot import plot_claims
    >>> ax = plot_claims(partner="EE", ax=Figure().add_subplot())
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Kazakhstan–Estonia', 'turnover, 2022', 'turnover growth, 2022 on 2021']
    >>> ax.get_legend().get_texts()[-1].get_text()  # the office's figure for 2022 beside the press's
    'BNS (official)'

    """
    check_args(data, report, estimates, ax)
    wanted = _indicators(indicators)
    ds = dataset_or_bundled(data)
    partners = partner_list(ds, partner, default_all=True)
    est = reconciled(ds, report, estimates)
    rows = _claim_rows(ds, est.readings, partners, wanted)
    if ax is None:
        n_partners = len({r.partner for r in rows})
        ax = new_axes((9.0, 1.9 + 0.3 * (max(len(rows), 3) + 1.4 * n_partners)))
    official = {c.id for c in ds if c.partner in partners and c.indicator in wanted and is_official(ds, c)}
    marks = _Marks(est.readings, source_styles(ds), set(est.most_likely_wrong), kwargs, official)
    _draw_claims(ax, ds, rows, marks)
    return ax


def _indicators(indicators: Sequence[str] | Literal["all"] | None) -> tuple[str, ...]:
    from kzlt_trade.model import INDICATORS

    if indicators is None:
        return MONEY
    if isinstance(indicators, str) and indicators == "all":
        return tuple(INDICATORS)
    expected = "None (the money figures), 'all', or a list of indicator names among " + ", ".join(INDICATORS)
    if isinstance(indicators, str):
        raise UsageError("indicators", indicators, expected + " (one indicator is a list too: ['turnover'])")
    wanted = tuple(expect("indicators", indicators, Iterable, expected))
    if not all(isinstance(i, str) and i in INDICATORS for i in wanted):
        raise UsageError("indicators", indicators, expected)
    return wanted


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
            partner_order(c.partner),
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
    # A row of the office's figures alone is left out (see plot_claims); the subtitle counts them.
    rows = [
        _ClaimRow(ds_claims[0].partner, key[-1], tuple(ds_claims))
        for key, ds_claims in sorted(found.items())
        if not all(is_official(ds, c) for c in ds_claims)
    ]
    # Two sources' unstated parts of one year are different quantities with the same words: name the source.
    labels = [(r.partner, r.label) for r in rows]
    return [
        _ClaimRow(r.partner, f"{r.label} ({short_publisher(ds.source(r.claims[0].source).publisher)})", r.claims)
        if labels.count((r.partner, r.label)) > 1
        else r
        for r in rows
    ]


@dataclass(frozen=True)
class _Marks:
    """How each claim is drawn."""

    #: The reading of each claim (claim id -> reading name) that labels it.
    readings: dict[str, str]
    styles: dict[str, SourceStyle]
    #: The claims crossed out: the reconciliation's most likely wrong.
    wrong: set[str]
    #: For :meth:`matplotlib.axes.Axes.scatter`.
    kwargs: dict[str, Any]
    #: The official claims of the partners and indicators asked for (drawn or not).
    official: set[str]


def _draw_claims(ax: Axes, ds: Dataset, rows: list[_ClaimRow], marks: _Marks) -> None:
    style_axes(ax, hide=("top", "right", "left"))
    if not rows:
        ax.text(0.5, 0.5, "no claims to show", transform=ax.transAxes, ha="center", va="center")
        return
    ticks: list[tuple[float, str, bool]] = []  # y, label, heading?
    y = 0.0
    for i, row in enumerate(rows):
        if i == 0 or row.partner != rows[i - 1].partner:
            if i:
                y += 0.4
                ax.axhline(y - 0.7, color="#9a9a9a", lw=0.8, zorder=1)
            ticks.append((y, f"Kazakhstan–{partner_codes.label(row.partner)}", True))
            y += 1.0
        ticks.append((y, row.label, False))
        ax.axhline(y, color="#eeeeee", lw=0.8, zorder=0)
        for c in row.claims:
            _draw_claim(ax, ds, c, y, marks)
        y += 1.0
    ax.set_yticks([t[0] for t in ticks], [t[1] for t in ticks])
    for label, (_, _, heading) in zip(ax.get_yticklabels(), ticks, strict=True):
        if heading:
            label.set_fontweight("bold")
    ax.set_ylim(y - 0.4, -0.6)
    # Ticks at the press releases' dates: an edition of an office's table often states only its year.
    press = {ds.source(c.source).published for r in rows for c in r.claims if not is_official(ds, c)}
    _format_dates(ax, sorted(press or {ds.source(c.source).published for r in rows for c in r.claims}))
    subtitle = "one row per quantity, one marker per figure as written, at its source's publication date"
    on_rows = {c.id for r in rows for c in r.claims if is_official(ds, c)}
    left = marks.official - on_rows
    if on_rows or left:
        subtitle += f"\nofficial figures: {len(on_rows)} beside the press's; {len(left)} on no press row, not shown"
    set_titles(ax, "When each source published what", subtitle)
    _draw_legend(ax, rows, marks)


def _draw_claim(ax: Axes, ds: Dataset, c: Claim, y: float, marks: _Marks) -> None:
    """One claim: a marker in its source's style at its publication date, crossed out if wrong, and its figure."""
    st = marks.styles[c.source]
    x = date_num(ds.source(c.source).published)
    official = is_official(ds, c)
    if official:
        y += 0.36  # a line of its own just under the row's press figures, so no press label runs into it
    style: dict[str, Any] = {
        "marker": st.marker,
        "color": st.colour,
        "s": 60,
        "zorder": 3,
        "edgecolors": "white",
        "linewidths": 0.6,
    }
    if official:
        style |= {"s": 36, "edgecolors": st.colour}
    style |= marks.kwargs
    ax.scatter([x], [y], label=st.label, gid=c.id, **style)
    wrong = c.id in marks.wrong
    if official:
        ax.annotate(official_text(ds, c).split(" ", 1)[1], (x, y), xytext=(6, 0), textcoords="offset points",
                    va="center", fontsize=7, color=st.colour)  # fmt: skip
        return
    if wrong:
        ax.scatter(
            [x], [y], marker="x", s=170, color=STATUS_COLOURS["contradiction"], lw=2.0, zorder=4, gid=f"wrong:{c.id}"
        )
    ax.annotate(
        written_as(c, c.reading(marks.readings.get(c.id))),
        (x, y),
        xytext=(11 if wrong else 8, 0),  # clear of the red cross
        textcoords="offset points",
        va="center",
        fontsize=8,
        color="#333333",
    )


def _format_dates(ax: Axes, when: list[date]) -> None:
    ax.set_xticks([date_num(d) for d in when], [f"{d.day} {d:%b}\n{d.year}" for d in when])
    first, last = date_num(when[0]), date_num(when[-1])
    pad = max((last - first) * 0.05, 30.0)
    ax.set_xlim(first - pad, last + pad * 3.5)
    ax.grid(axis="x", color="#e3e3e3", lw=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel("publication date of the source")


def _draw_legend(ax: Axes, rows: list[_ClaimRow], marks: _Marks) -> None:
    """One entry per source drawn, in order of publication, and the red cross if any claim drawn has one."""
    from matplotlib.lines import Line2D
    from matplotlib.transforms import offset_copy

    drawn = {c.id: c.source for r in rows for c in r.claims}
    # The editions of an office's table share one style: one entry, after the press sources.
    shown = [st for sid, st in marks.styles.items() if sid in drawn.values()]
    handles: list[Any] = [
        Line2D([], [], ls="", marker=st.marker, color=st.colour, ms=7, label=st.label) for st in dict.fromkeys(shown)
    ]
    if marks.wrong & set(drawn):
        red = STATUS_COLOURS["contradiction"]
        handles.append(Line2D([], [], ls="", marker="x", color=red, ms=8, mew=2, label="most likely wrong (reconcile)"))
    below = offset_copy(ax.transAxes, fig=figure_of(ax), y=-48, units="points")  # clear of the date labels
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        bbox_transform=below,
        ncol=3,
        handlelength=1.2,
        **LEGEND,
    )

"""The checker's findings on the turnover chart: a bracket over the figures involved, and their arithmetic in a box."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kzlt_trade.errors import UsageError, UsageTypeError
from kzlt_trade.plot._common import (
    STATUS_COLOURS,
    TRADE,
    figure_of,
    money_text,
    pct_text,
    period_words,
    source_label,
    written_as,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from kzlt_trade.dataset import Dataset
    from kzlt_trade.interval import Interval
    from kzlt_trade.results import Finding, Report

#: Colour and legend words of each finding kind the chart can mark.
_KIND_COLOURS = {
    "contradiction": STATUS_COLOURS["contradiction"],
    "tension": STATUS_COLOURS["tension"],
    "period_label": STATUS_COLOURS["tension"],
    "preliminary": "#7b3294",
}
_KIND_LEGEND = {
    "contradiction": "contradiction: the bracketed figures cannot all be true",
    "tension": "tension: they agree only at the edge of their precision",
    "period_label": "period label: the words give a figure the wrong period",
    "anomaly": "anomaly: a change that nothing explains",
    "preliminary": "preliminary: the press figure is an earlier revision of the office's",
    "official_truncated": "truncated: the press cut the office's digits",
}


def finding_kinds(show: bool | Sequence[str]) -> tuple[str, ...]:
    """The finding kinds a ``show_findings`` argument asks for."""
    from kzlt_trade.vocabulary import KINDS

    if show is True:
        return ("contradiction", "tension", "preliminary")
    if show is False:
        return ()
    if not isinstance(show, str | Iterable):
        raise UsageTypeError("show_findings", show, "True, False or a list of finding kinds among " + ", ".join(KINDS))
    kinds = (show,) if isinstance(show, str) else tuple(show)
    bad = [k for k in kinds if k not in KINDS]
    if bad:
        raise UsageError("show_findings", show, "True, False or a list of finding kinds among " + ", ".join(KINDS))
    return kinds


@dataclass(frozen=True)
class Marks:
    """What the findings are drawn from, besides the Axes."""

    ds: Dataset
    report: Report
    partner: str
    kinds: tuple[str, ...]
    #: Where each drawn figure's value label ends (x, top of its interval), by claim id.
    points: dict[str, tuple[float, float]]
    #: Data units per million USD.
    scale: float
    #: The highest value drawn, in data units.
    top: float
    #: The claims the reconciliation rejects.
    wrong: tuple[str, ...]
    #: Small multiples: smaller type.
    compact: bool = False


@dataclass(frozen=True)
class _Block:
    kind: str
    #: The points the bracket joins.
    xy: list[tuple[float, float]]
    text: str


def mark_findings(ax: Axes, marks: Marks) -> list[Any]:
    """Bracket each finding's figures and write its arithmetic above them; return the legend handles.

    Findings of one kind and relation about the same reported figure share one
    bracket and one box (the checker may report a figure against each of several
    reports of one level, or once against all of them).
    """
    from matplotlib.lines import Line2D

    blocks = _blocks(marks)
    # Stack the notes above the data: each takes its height in points (lines of text, the box, a gap),
    # converted to data units from the axes' height, so that none overlaps the next at any figure size.
    fontsize = 7.5 if marks.compact else 8.5
    heights = [1.15 * ((b.text.count("\n") + 1) * fontsize * 1.25 + 14) for b in blocks]
    axes_points = max(ax.get_window_extent().height * 72 / figure_of(ax).dpi, 1.0)
    base = marks.top * 1.1
    ceiling = base / max(1.0 - sum(heights) / axes_points, 0.3)
    per_point = ceiling / axes_points
    handles: list[Any] = []
    y_bar = base
    for block, height in zip(blocks, heights, strict=True):
        colour = _KIND_COLOURS.get(block.kind, "#555555")
        _draw_block(ax, block, y_bar, colour, fontsize)
        label = _KIND_LEGEND.get(block.kind, block.kind.replace("_", " "))
        handles.append(Line2D([], [], color=colour, lw=1.8, label=label))
        y_bar += height * per_point
    ax.set_ylim(0, ceiling if blocks else marks.top * 1.12)
    return handles


def _blocks(marks: Marks) -> list[_Block]:
    groups: dict[tuple[str, str, str], list[Finding]] = {}
    for f in marks.report:
        if f.kind in marks.kinds and f.partner == marks.partner and f.indicator in TRADE:
            groups.setdefault((f.kind, f.relation, f.claims[0]), []).append(f)
    blocks = []
    for (kind, _relation, first), fs in groups.items():
        xy = list(dict.fromkeys(marks.points[c] for f in fs for c in f.claims if c in marks.points))
        if not xy:
            continue
        text = finding_text(marks.ds, fs, marks.scale)
        if first in marks.wrong:
            text += f"\nreconcile: the {_written_of(marks.ds, fs[0])} is most likely wrong"
        blocks.append(_Block(kind, xy, text))
    return blocks


def _draw_block(ax: Axes, block: _Block, y_bar: float, colour: str, fontsize: float) -> None:
    """A dotted leader from each figure up to a bracket at ``y_bar``, and the box of text on the bracket."""
    xs = [p[0] for p in block.xy]
    x0, x1 = min(xs), max(xs)
    if x1 - x0 < 0.3:
        x0, x1 = x0 - 0.18, x1 + 0.18
    leader = {"arrowstyle": "-", "color": colour, "lw": 1.0, "linestyle": ":", "shrinkA": 20, "shrinkB": 0}
    for x, y in block.xy:
        # From just above the figure's value label (shrinkA is in points, so at any scale) up to the bracket.
        ax.annotate("", xy=(x, y_bar), xytext=(x, y), arrowprops=leader, zorder=3)
    ax.plot((x0, x1), (y_bar, y_bar), color=colour, lw=1.8, zorder=3, gid=f"finding:{block.kind}")
    anchor, ha = _anchor(ax, x0, x1)
    ax.annotate(
        block.text,
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
        gid=f"note:{block.kind}",
    )


def _anchor(ax: Axes, x0: float, x1: float) -> tuple[float, str]:
    """Where to hang a box on the bracket ``x0``–``x1`` so it stays inside the axes: its outer end near an edge."""
    left, right = ax.get_xlim()
    mid = (x0 + x1) / 2
    third = (right - left) / 3
    if mid < left + third:
        return max(x0 - 0.3, left + 0.05), "left"
    if mid > right - third:
        return min(x1 + 0.3, right - 0.05), "right"
    return mid, "center"


def _written_of(ds: Dataset, f: Finding) -> str:
    c = ds.claim(f.claims[0])
    return written_as(c, c.reading(f.readings[0]))


def _implied_hull(fs: list[Finding]) -> Interval | None:
    """The smallest interval holding what each finding implies for the reported figure."""
    hull = None
    for f in fs:
        if f.implied is not None:
            hull = f.implied if hull is None else hull.hull(f.implied)
    return hull


def finding_text(ds: Dataset, fs: list[Finding], scale: float) -> str:
    """One or two lines: who reported what, and what the other figures imply."""
    f = fs[0]
    c = ds.claim(f.claims[0])
    who = source_label(ds.source(c.source))
    reading = c.reading(f.readings[0])
    head = f"{f.kind}: {who} reported {written_as(c, reading)}"
    hull = _implied_hull(fs)
    if hull is not None and f.relation == "growth":
        base = reading.base_period
        since = f" on {period_words(base)}" if base is not None else ""
        return f"{head}{since},\nthe levels imply {pct_text(hull.lo, hull.hi)}"
    if hull is not None and f.relation == "change":
        return f"{head},\nthe levels imply a change of {money_text(hull.lo, hull.hi, scale)}"
    if hull is not None and f.relation == "sum":
        return f"{head},\nexports + imports give {money_text(hull.lo, hull.hi, scale)}"
    if f.relation == "official":
        return f"{head},\n{_office_says(ds, f, fs, scale)}"
    if f.relation == "same_quantity" and len(f.claims) > 1:
        return f"{head},\n{_others_reported(ds, f)}"
    if f.kind == "period_label":
        return _period_label_text(ds, f)
    # Other relations (jumps, reversals): the checker's own sentence, wrapped.
    return "\n".join(textwrap.wrap(f"{f.kind.replace('_', ' ')}: {f.message}", width=64))


def _office_says(ds: Dataset, f: Finding, fs: list[Finding], scale: float) -> str:
    """The office's figure (its latest revision); for a preliminary press figure, the earlier one it matches."""
    from kzlt_trade.plot._common import is_official, official_label, official_text

    office = next(ds.claim(c) for c in f.claims if is_official(ds, ds.claim(c)))
    hull = _implied_hull(fs)
    value = money_text(hull.lo, hull.hi, scale) if hull is not None else written_as(office, office.primary)
    said = f"{official_label(ds, office)}, latest revision: {value}"
    if f.kind == "preliminary":
        press = ds.claim(f.claims[0]).interval(f.readings[0])
        met = [old for old in ds.revised.get(office.id, ()) if old.interval().overlaps(press)]
        if met:
            said += f";\nthe edition {met[0].source} had {official_text(ds, met[0]).split(' ', 1)[1]}"
    return said


def _others_reported(ds: Dataset, f: Finding) -> str:
    """The other claims of a finding as "<source> reported <figure>", in the readings it uses."""
    said = []
    for cid, rname in zip(f.claims[1:], f.readings[1:], strict=False):
        other = ds.claim(cid)
        said.append(f"{source_label(ds.source(other.source))} reported {written_as(other, other.reading(rname))}")
    return ";\n".join(said)


def _period_label_text(ds: Dataset, f: Finding) -> str:
    c = ds.claim(f.claims[0])
    reading = c.reading(f.readings[0])
    who = source_label(ds.source(c.source))
    wrong_reading = next((r for r in c.readings if r.name != reading.name), None)
    said = f"the {period_words(wrong_reading.period)} total" if wrong_reading is not None else "another period"
    written = written_as(c, reading)
    return f"period label: {who} wrote {written} as {said};\nit fits only as {period_words(reading.period)}"

"""A partner's charts as inline SVG: the library's own charts, saved to strings.

Each chart is drawn by :mod:`kzlt_trade.plot` on a new figure (sized by the chart
itself), saved with ``savefig(format="svg")`` and closed. Text stays text
(``svg.fonttype: none``): the page is smaller, its words can be searched and
copied, and the browser draws them. ``svg.hashsalt`` is set per chart, so that
the ids inside each SVG are the same from one run to the next and differ from
those of every other chart on the page.

The SVG settings are scoped with :func:`matplotlib.rc_context` around
``savefig`` only, after the figure exists: the first pyplot figure of a Jupyter
session switches interactive mode on, and a context opened before it would switch
it off again on leaving (see ``docs/charts.md``).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from kzlt_trade.model import MONEY, TRADE

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from kzlt_trade.dataset import Dataset
    from kzlt_trade.results import Estimates, Report

__all__ = ["Chart", "mirror_charts", "partner_charts", "svg_of"]


@dataclass(frozen=True)
class Chart:
    """One chart of a partner: what it shows, and its SVG markup (made by matplotlib, which escapes its text)."""

    kind: str
    caption: str
    svg: Markup


def svg_of(ax: Axes, salt: str) -> Markup:
    """The figure of ``ax`` as an SVG element for an HTML page (no XML prolog), then the figure closed.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.set_title("a < b")
    >>> svg = svg_of(ax, "doctest")
    >>> svg.startswith("<svg") and "a &lt; b" in svg, plt.fignum_exists(fig.number)
    (True, False)
    """
    import matplotlib
    import matplotlib.pyplot as plt

    from kzlt_trade.plot._common import figure_of

    figure = figure_of(ax)
    buffer = io.StringIO()
    try:
        with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": salt}):
            figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    finally:
        plt.close(figure)
    text = buffer.getvalue()
    # The XML declaration and DOCTYPE belong to a file of its own, not to an element inside HTML.
    return Markup(text[text.index("<svg") :].strip())  # matplotlib's XML writer escaped every text


def partner_charts(ds: Dataset, partner: str, report: Report, estimates: Estimates) -> tuple[Chart, ...]:
    """The charts that have something to show for ``partner``: turnover, growth rates, publication timeline."""
    from kzlt_trade.partners import label
    from kzlt_trade.plot import plot_claims, plot_growth, plot_turnover

    mine = [c for c in ds if c.partner == partner]
    name = label(partner)
    drawn: list[tuple[str, str, Callable[[], Axes]]] = []
    if any(c.indicator in TRADE and c.reporter == "KZ" for c in mine):
        drawn.append((
            "turnover",
            f"Kazakhstan–{name} trade as reported: exports and imports, each source's turnover, the reconciled "
            "estimate and the contradictions marked.",
            lambda: plot_turnover(ds, partner=partner, report=report, estimates=estimates),
        ))  # fmt: skip
    if any(r.measure == "ratio" for c in mine for r in c.readings):
        drawn.append((
            "growth",
            f"Kazakhstan–{name}: each reported growth rate against the growth the reported levels imply.",
            lambda: plot_growth(ds, partner=partner, report=report, estimates=estimates),
        ))  # fmt: skip
    if any(c.indicator in MONEY for c in mine):
        drawn.append((
            "claims",
            f"Kazakhstan–{name}: when each source published which money figure.",
            lambda: plot_claims(ds, partner=partner, report=report, estimates=estimates),
        ))  # fmt: skip
    return tuple(Chart(kind, caption, svg_of(draw(), f"kzlt-{partner}-{kind}")) for kind, caption, draw in drawn)


def mirror_charts(table: pd.DataFrame) -> tuple[Chart, ...]:
    """One mirror chart per partner of ``table`` (a :func:`kzlt_trade.mirror.mirror_table` frame), in its order."""
    from kzlt_trade.partners import label
    from kzlt_trade.plot import plot_mirror

    partners = list(dict.fromkeys(str(p) for p in table["partner"]))
    return tuple(
        Chart(
            "mirror",
            f"Kazakhstan–{label(p)}: each flow as both sides count it, and Kazakhstan's figure over the partner's "
            "against the CIF/FOB band.",
            svg_of(plot_mirror(p, table=table), f"kzlt-{p}-mirror"),
        )
        for p in partners
    )

"""Charts of the reported figures, their contradictions and their best estimates.

Each chart is drawn from a :class:`~kzlt_trade.dataset.Dataset` and the
library's own :func:`~kzlt_trade.check` and :func:`~kzlt_trade.reconcile`:

:func:`plot_turnover`
    one partner's exports and imports as stacked bars, turnover as one marker
    per source, the reconciled estimate with its feasible interval, and the
    contradictions annotated with their arithmetic;
:func:`plot_turnover_panels`
    the same chart for several partners, one panel each, on a figure of its own
    (figure-level, as seaborn's ``relplot`` is to ``lineplot``); it returns a
    :class:`TurnoverPanels` holding the figure and its Axes;
:func:`plot_growth`
    every reported growth rate as its interval against the interval the
    reported levels imply, one row per reading, each row on its own scale;
:func:`plot_claims`
    when each source published what: publication date against quantity;
:func:`plot_mirror`
    each flow as Kazakhstan and the partner count it (the BNS against Eurostat
    Comext), and their asymmetry against the CIF/FOB band, from
    :func:`kzlt_trade.mirror.mirror_table`.

The press figures are markers, one style per press release; a statistical
office's figures (sources of kind ``official``) are one series per office,
drawn as a line on the turnover chart with its earlier revisions as hollow
points, and never counted as a press source.

The Axes-level functions follow seaborn's conventions: they take ``data``,
``report=`` and ``estimates=`` (each computed only when not given), draw on
``ax`` or on a new pyplot figure, pass ``**kwargs`` on to their main matplotlib
call and return the Axes. No function calls ``plt.show()`` or touches global
state: the style is set on the artists, never through ``rcParams`` (an
``rc_context`` around the first figure of a Jupyter session turned interactive
mode off again, and no later figure was shown). matplotlib is imported inside
the functions, so ``import kzlt_trade`` stays light.

One module per chart (:mod:`~kzlt_trade.plot.turnover`, :mod:`~kzlt_trade.plot.growth`,
:mod:`~kzlt_trade.plot.claims`, :mod:`~kzlt_trade.plot.mirror`); how a finding is marked on the turnover chart is
in :mod:`kzlt_trade.plot._findings`, and what the charts share (styles, source
labels, the words for numbers and periods) in :mod:`kzlt_trade.plot._common`.
"""

from kzlt_trade.plot._common import short_publisher, source_label
from kzlt_trade.plot.claims import plot_claims
from kzlt_trade.plot.growth import plot_growth
from kzlt_trade.plot.mirror import plot_mirror
from kzlt_trade.plot.turnover import TurnoverPanels, plot_turnover, plot_turnover_panels

__all__ = [
    "plot_turnover",
    "plot_turnover_panels",
    "TurnoverPanels",
    "plot_growth",
    "plot_claims",
    "plot_mirror",
    "short_publisher",
    "source_label",
]

"""Charts of the reported figures, their contradictions and their best estimates.

Three charts, each drawn from a :class:`~kzlt_trade.dataset.Dataset` and the
library's own :func:`~kzlt_trade.check` and :func:`~kzlt_trade.reconcile`:

:func:`plot_turnover`
    exports and imports as stacked bars, turnover as one marker per source,
    the reconciled estimate with its feasible interval, and the contradictions
    annotated with their arithmetic;
:func:`plot_growth`
    every reported growth rate as its interval against the interval the
    reported levels imply, one row per reading, each row on its own scale;
:func:`plot_claims`
    when each source published what: publication date against quantity.

Every function follows the same conventions (seaborn's): it draws on ``ax`` or
on a new figure, passes ``**kwargs`` on to its main matplotlib call, returns the
Axes, never calls ``plt.show()`` and never changes the global ``rcParams``
(styling is explicit, or scoped with ``matplotlib.rc_context``). matplotlib is
imported inside the functions, so ``import kzlt_trade`` stays light.

One module per chart (:mod:`~kzlt_trade.plot.turnover`, :mod:`~kzlt_trade.plot.growth`,
:mod:`~kzlt_trade.plot.claims`); what they share (styles, source labels, the
words for numbers and periods) is in :mod:`kzlt_trade.plot._common`.
"""

from kzlt_trade.plot._common import short_publisher, source_label
from kzlt_trade.plot.claims import plot_claims
from kzlt_trade.plot.growth import plot_growth
from kzlt_trade.plot.turnover import plot_turnover

__all__ = ["plot_claims", "plot_growth", "plot_turnover", "short_publisher", "source_label"]

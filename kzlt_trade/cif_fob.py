"""The CIF/FOB margin: what carriage and insurance add between an exporter's count and an importer's.

An importing country values its imports CIF (cost, insurance and freight to its
border), the exporting country the same goods FOB (free on board at its own).
:class:`CifFob` is the band the ratio of the two may fall in; the checker's
``mirror`` relation and :func:`kzlt_trade.mirror.mirror_table` use it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kzlt_trade.errors import UsageError

__all__ = ["CIF_FOB", "CifFob"]


@dataclass(frozen=True)
class CifFob:
    """The CIF/FOB margin: how much more the importer's valuation is than the exporter's.

    The IMF's Direction of Trade Statistics take one factor, 1.06, for every pair
    of countries. The OECD's estimates of the margin average about 6 %, a few
    points more for partners far apart. The default band, 1.02 to 1.10, centres
    on the IMF factor and reaches the OECD's larger margins; it is a parameter,
    to be set for the case at hand.

    >>> CIF_FOB.point, CIF_FOB.low, CIF_FOB.high
    (1.06, 1.02, 1.1)
    """

    #: A single factor, for those who want one (the IMF's).
    point: float = 1.06
    #: The least and greatest margin thought plausible.
    low: float = 1.02
    high: float = 1.10

    def __post_init__(self) -> None:
        for name in ("point", "low", "high"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise UsageError(name, value, "a finite factor, e.g. 1.06")
            if value < 1:
                raise UsageError(name, value, "a factor of at least 1 (the CIF value includes the FOB value)")
        if not self.low <= self.point <= self.high:
            raise UsageError("point", self.point, f"a factor within [low, high] = [{self.low}, {self.high}]")

    def ratio_band(self, indicator: str) -> tuple[float, float]:
        """The band of Kazakhstan's figure over the partner's for a flow from Kazakhstan's side.

        Kazakhstan's imports are valued CIF against the partner's FOB exports, so the
        ratio lies in ``[low, high]``; Kazakhstan's exports are FOB against the
        partner's CIF imports, so it lies in ``[1 / high, 1 / low]``.

        >>> CIF_FOB.ratio_band("imports"), CIF_FOB.ratio_band("exports")
        ((1.02, 1.1), (0.9090909090909091, 0.9803921568627451))
        """
        return (self.low, self.high) if indicator == "imports" else (1 / self.high, 1 / self.low)


#: The default margin.
CIF_FOB = CifFob()

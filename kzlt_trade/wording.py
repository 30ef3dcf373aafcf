"""How figures and arithmetic are written in findings: each figure as written, with its interval.

The engine decides on arrays; findings are read by people, who check the
arithmetic by hand. These helpers write one figure (``584.3 [584.25, 584.35]``),
a quantity reported several times (``584 [583.5, 584.5] ∩ 584,3 [584.25,
584.35]``), growth factors as percent changes and plain numbers. Displayed
bounds of implied growth are rounded outward, so the text never claims a
narrower range than the arithmetic found.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from kzlt_trade.interval import Interval
from kzlt_trade.results import Finding
from kzlt_trade.vocabulary import FindingRelation, Kind

if TYPE_CHECKING:
    from kzlt_trade.nodes import Nodes
    from kzlt_trade.readings import Readings

__all__ = ["RATIO_WORDS", "Wording", "finding", "num", "pct", "ratio_text"]

#: Reports of one quantity listed in full before the rest are counted.
LISTED_REPORTS = 4

#: Units written as they are, without saying what they come to in canonical units.
_PLAIN_UNITS = ("million USD", "item", "place", "percent", "company", "person", "")


def num(x: float) -> str:
    """A number with six significant digits; infinities as ``∞``."""
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    return f"{x:.6g}"


def pct(ratio: float, digits: int, *, exact: bool = False, down: bool = False) -> str:
    """A growth factor as a signed percent change; outward-rounded at ``digits`` unless ``exact``."""
    p = (ratio - 1.0) * 100.0
    if math.isinf(p):
        return "+∞ %"
    if exact:
        value = f"{p:.6g}"
    else:
        scale = 10**digits
        p = math.floor(p * scale) / scale if down else math.ceil(p * scale) / scale
        value = f"{p:.{digits}f}"
    return f"{'+' if p >= 0 else ''}{value} %".replace("-", "−")


#: How a growth figure reads in each ratio form, around its number as written.
RATIO_WORDS = {
    "percent_increase": "+{} %",
    "percent_of_base": "{} % of the base",
    "times": "×{}",
    "times_increase": "{} times more",
    "percent_decrease": "−{} %",
    "times_decrease": "÷{}",
}


def ratio_text(form: str, text: str) -> str:
    """A growth figure as it reads in its form: ``+28.7 %``, ``311 % of the base``, ``×6.4``, ``6.4 times more``.

    >>> ratio_text("times", "6,4")
    '×6,4'
    """
    return RATIO_WORDS[form].format(text)


class Wording:
    """Writes the figures of one analysis: rows of ``readings``, and ``nodes`` of repeated reports."""

    def __init__(self, readings: Readings, nodes: Nodes) -> None:
        self.readings = readings
        self.nodes = nodes
        # Findings show the same figures again and again: each is written once.
        self._rows: dict[int, str] = {}
        self._nodes: dict[tuple[int, bool], str] = {}
        #: Whether figures are written in US dollars: for a relation across currencies, which is
        #: decided in dollars (set by the checker around its explanation; see :meth:`in_usd`).
        self.usd = False

    def in_usd(self, usd: bool) -> Wording:
        """Write the next figures in US dollars (``usd``) or in their own currency; returns itself."""
        self.usd = usd
        return self

    # -- one figure -------------------------------------------------------------------
    def row(self, r: int) -> str:
        """A figure as written, with its interval: ``584.3 [584.25, 584.35]``."""
        text = self._rows.get(r)
        if text is None:
            text = self._rows[r] = self._row(r)
        return text

    def _row(self, r: int) -> str:
        rd = self.readings
        iv = rd.interval(r)
        text = str(rd.cell(r, "text"))
        if rd.cell(r, "measure") == "ratio":
            form = str(rd.cell(r, "form"))
            if form in ("percent_increase", "percent_decrease"):
                bounds = f"[{pct(iv.lo, 2, exact=True)}, {pct(iv.hi, 2, exact=True)}]"
            else:
                bounds = f"[×{num(iv.lo)}, ×{num(iv.hi)}]"
            return f"{ratio_text(form, text)} {bounds}"
        unit = str(rd.cell(r, "unit"))
        currency = str(rd.cell(r, "currency"))
        # Words in the number ("12 млрд 400 млн") give its scale: the currency is all the unit adds.
        written = f"{text} {currency}" if currency and any(ch.isalpha() for ch in text) else f"{text} {unit}"
        # Money in another currency says which: "12 billion EUR = [11500, 12500] million EUR".
        if currency not in ("", "USD"):
            return f"{written} = {iv.format(6)} million {currency}"
        if currency == "USD" and written != f"{text} {unit}":
            return f"{written} = {iv.format(6)}"
        # A figure written in another scale than the canonical one says so: "2.6 billion USD = [2550, 2650]".
        if unit not in _PLAIN_UNITS and "million" not in unit:
            return f"{text} {unit} = {iv.format(6)}"
        return f"{text} {iv.format(6)}"

    # -- a quantity, reported once or several times -----------------------------------
    def node(self, n: int) -> str:
        """A node's reports and what they leave: one figure, or their intersection."""
        key = (n, self.usd)
        text = self._nodes.get(key)
        if text is None:
            text = self._node(n)
            currency = self.nodes.cell(n, "currency")
            if self.usd and currency not in ("", "USD"):
                rate = self.readings.rate_interval(self.nodes.rows(n)[0])
                text += (
                    f" × {rate.format(6)} USD per {currency} = {self.interval(n).format(6)} million USD"
                    if rate is not None
                    else f" (no rate for {currency})"
                )
            # Cached with the rate, so that a node worded twice in dollars reads the same both times.
            self._nodes[key] = text
        return text

    def _node(self, n: int) -> str:
        rows = self.nodes.rows(n)
        if len(rows) == 1:
            return self.row(rows[0])
        shown = [self.row(r) for r in rows[:LISTED_REPORTS]]
        if len(rows) > LISTED_REPORTS:
            shown.append(f"… ({len(rows)} reports)")
        return f"({' ∩ '.join(shown)} = {self.nodes.interval(n).format(6)})"

    def gap(self, n: int, gap: float) -> str:
        """The distance between two of node ``n``'s values: percentage points for a growth rate."""
        if self.nodes.cell(n, "measure") == "ratio":
            return f"{num(gap * 100)} percentage points"
        return num(gap)

    def quantity(self, n: int) -> str:
        """``KZ–LT turnover 2022`` (or ``… 2022 vs 2021`` for a change)."""
        reporter = self.nodes.cell(n, "reporter")
        whose = f" ({reporter}'s statistics)" if reporter != "KZ" else ""
        return f"KZ–{self.nodes.cell(n, 'partner')} {self.nodes.cell(n, 'indicator')} {self.period(n)}{whose}"

    def period(self, n: int) -> str:
        """The node's period, and its base period for a change."""
        r = self.nodes.rows(n)[0]
        base = self.readings.cell(r, "base_period")
        period = str(self.readings.cell(r, "period"))
        return f"{period} vs {base}" if base else period

    def interval(self, n: int) -> Interval:
        """The node's strict interval (in US dollars when :attr:`usd`)."""
        return self.nodes.interval(n, usd=self.usd)


def finding(
    w: Wording,
    kind: Kind,
    relation: FindingRelation,
    rows: list[int],
    arithmetic: str,
    message: str,
    *,
    implied: Interval | None = None,
    reported: Interval | None = None,
    period: str | None = None,
) -> Finding:
    """A finding about the claims of readings ``rows`` (the reported figure first)."""
    rd = w.readings
    first = rows[0]
    base = rd.cell(first, "base_period")
    own_period = f"{rd.cell(first, 'period')} vs {base}" if base else str(rd.cell(first, "period"))
    # A finding may name dozens of claims: each column is looked up once, not once per row.
    claim, reading, quote = rd.col("claim"), rd.col("reading"), rd.col("quote")
    return Finding(
        kind=kind,
        relation=relation,
        claims=tuple([str(claim[r]) for r in rows]),
        readings=tuple([str(reading[r]) for r in rows]),
        quotes=tuple([str(quote[r]) for r in rows]),
        intervals=tuple(rd.intervals(rows)),
        arithmetic=arithmetic,
        message=message,
        partner=str(rd.cell(first, "partner")),
        indicator=str(rd.cell(first, "indicator")),
        period=own_period if period is None else period,
        implied=implied,
        reported=reported,
    )

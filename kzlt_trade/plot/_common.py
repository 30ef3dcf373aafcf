"""What the charts share: styling, source styles, arguments, and the words for numbers and periods."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from kzlt_trade import model, partners
from kzlt_trade.checker import check
from kzlt_trade.errors import UsageError, UsageTypeError
from kzlt_trade.model import PARTNERS
from kzlt_trade.reconciler import reconcile
from kzlt_trade.vocabulary import expect
from kzlt_trade.wording import RATIO_WORDS, ratio_text

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from kzlt_trade.dataset import Dataset
    from kzlt_trade.model import Claim, Reading, Source
    from kzlt_trade.period import Period
    from kzlt_trade.results import Estimates, Report

#: Indicators drawn on the turnover chart: the trade in goods (kzlt_trade.model.TRADE);
#: on the provenance timeline by default: the money figures (kzlt_trade.model.MONEY).
TRADE = tuple(model.TRADE)
MONEY = model.MONEY

# Colours. Bars are light so that the source markers drawn over them stay legible;
# red is kept for contradictions, orange for tensions, and no source gets either.
EXPORTS = "#7fb2d9"
IMPORTS = "#f4b37a"
ESTIMATE = "#222222"
STATUS_COLOURS: dict[str, str] = {
    "consistent": "#1a7f37",
    "tension": "#d97706",
    "contradiction": "#c81e1e",
    "no levels": "#7a7a7a",
}
STATUS_MARKERS: dict[str, str] = {"consistent": "o", "tension": "D", "contradiction": "X", "no levels": "s"}
SOURCE_COLOURS = ("#5b3a8e", "#0f6e6e", "#8c510a", "#1f4e9c", "#b0306f", "#4d4d4d", "#6b8e23", "#2f2f8f")
SOURCE_MARKERS = ("o", "s", "D", "^", "v", "P", "h", "<", ">", "*")
# The statistical office's series: a line, in a colour no press source gets, and its exports a darker blue.
OFFICIAL = "#2ca02c"
OFFICIAL_EXPORTS = "#2b5f8a"
PARTIAL_BACKGROUND = "#f1f1f1"

#: Tick labels on the charts' main Axes, in points.
TICK_SIZE = 9.0
#: Keyword arguments of every chart legend.
#:
#: The charts style their own artists instead of scoping ``rcParams`` with
#: ``matplotlib.rc_context``: the first figure in a Jupyter session loads the inline
#: backend, which switches interactive mode on (``rcParams["interactive"]``), and
#: leaving an ``rc_context`` opened before that switched it off again, so that no later
#: figure was shown. Nothing here reads or writes ``rcParams``.
LEGEND: dict[str, Any] = {"fontsize": 8.5, "frameon": False}

PartnerArg = str | Sequence[str] | None


# -- shared helpers -----------------------------------------------------------------


def style_axes(ax: Axes, *, hide: Sequence[str] = ("top", "right")) -> None:
    """The charts' look, set on the Axes itself: no frame on the ``hide`` sides, smaller tick labels."""
    ax.spines[list(hide)].set_visible(False)
    ax.tick_params(labelsize=TICK_SIZE)


def check_args(data: object, report: object, estimates: object, ax: object = None, **flags: object) -> None:
    """Refuse an argument of a chart that is not of its type, naming it, before any work is done.

    ``flags`` are the chart's ``show_*`` switches, each ``True`` or ``False``.
    """
    from matplotlib.axes import Axes

    from kzlt_trade.dataset import Dataset
    from kzlt_trade.results import Estimates, Report

    if data is not None:
        expect("data", data, Dataset, "a Dataset, e.g. kzlt_trade.load(folder), or None for the bundled data")
    if report is not None:
        expect("report", report, Report, "a Report from kzlt_trade.check(data), or None")
    if estimates is not None:
        expect("estimates", estimates, Estimates, "Estimates from kzlt_trade.reconcile(data), or None")
    if ax is not None:
        expect("ax", ax, Axes, "a matplotlib Axes (e.g. plt.subplots()[1]), or None for a new figure")
    for name, value in flags.items():
        expect(name, value, bool, "True or False")


def checked(ds: Dataset, report: Report | None) -> Report:
    """``report``, or :func:`kzlt_trade.check` of ``ds`` when none is given."""
    return report if report is not None else check(ds)


def reconciled(ds: Dataset, report: Report | None, estimates: Estimates | None) -> Estimates:
    """``estimates``, or :func:`kzlt_trade.reconcile` of ``ds`` (from ``report``, checked if need be) when none."""
    return estimates if estimates is not None else reconcile(ds, report=checked(ds, report))


def dataset_or_bundled(data: Dataset | None) -> Dataset:
    from kzlt_trade.io import load

    return data if data is not None else load()


def data_partners(ds: Dataset) -> list[str]:
    """The partners the press claims of ``ds`` are about (all its claims' when it has none from the press).

    The bundled data's partners come first, in their order, then the others by code.
    A group only an office reports (``EU28``, the Union with the United Kingdom after
    it left) is drawn when asked for by name, not among "all".
    """
    press = ds.press
    return sorted({c.partner for c in (press if len(press) else ds)}, key=partner_order)


def partner_order(code: str) -> tuple[int, str]:
    """A sort key for partner codes: the bundled data's partners first, in their order, then by code."""
    bundled = list(PARTNERS)
    return (bundled.index(code), "") if code in bundled else (len(bundled), code)


def partner_list(ds: Dataset, partner: PartnerArg, *, default_all: bool = False) -> list[str]:
    """The partners asked for: one code, a list of codes, or ``"all"`` (every partner of the data)."""
    expected = "a partner code (an ISO 3166-1 country such as 'LT', or 'EU'), 'all' or a list of codes"
    if partner is None:
        if default_all:
            return data_partners(ds)
        raise UsageError("partner", partner, expected)
    if not isinstance(partner, str | Iterable):
        raise UsageTypeError("partner", partner, expected)
    if isinstance(partner, str):
        if partner == "all":
            return data_partners(ds)
        if not partners.is_partner(partner):
            raise UsageError("partner", partner, expected)
        return [partner]
    codes = list(partner)
    if not codes or not all(isinstance(p, str) and partners.is_partner(p) for p in codes):
        raise UsageError("partner", partner, "a non-empty list of partner codes (ISO 3166-1 countries, or 'EU')")
    return codes


def short_publisher(publisher: str) -> str:
    """A publisher's name short enough for a legend.

    The name is cut at its first comma or bracket, a leading "press service of"
    is dropped, and "news agency" and "Ministry of Foreign Affairs" are shortened.

    >>> short_publisher("Kazinform News Agency, citing the press service of the Kazakh MFA")
    'Kazinform'
    >>> short_publisher("Press service of the Ministry of Foreign Affairs of Kazakhstan (signed 'Пресс-служба МИД РК')")
    'MFA of Kazakhstan'
    """
    head = re.split(r"[,(;]", publisher, maxsplit=1)[0].strip()
    head = re.sub(r"^(the\s+)?press service of (the\s+)?", "", head, flags=re.IGNORECASE)
    head = re.sub(r"\s+news agency$", "", head, flags=re.IGNORECASE)
    head = re.sub(r"Ministry of Foreign Affairs", "MFA", head, flags=re.IGNORECASE)
    return head or publisher


def day_text(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def source_label(source: Source) -> str:
    """``"<short publisher>, <published date>"``, the name a chart gives a source.

    >>> from kzlt_trade import load
    >>> source_label(load().source("kazinform-2022-06-15"))
    'Kazinform, 15 Jun 2022'
    """
    return f"{short_publisher(source.publisher)}, {day_text(source.published)}"


def office_name(source: Source) -> str:
    """The short name of an official source's office: ``"BNS"`` for Kazakhstan's Bureau of National Statistics.

    >>> from kzlt_trade import load
    >>> office_name(load().source("bns-2023"))
    'BNS'
    """
    if source.publisher.startswith("Bureau of National Statistics"):
        return "BNS"
    if source.publisher.startswith("Eurostat"):
        return "Eurostat"
    return short_publisher(source.publisher)


def official_label(ds: Dataset, c: Claim) -> str:
    """``"BNS (official)"``: the one name every edition of an office's table has on a chart."""
    return f"{office_name(ds.source(c.source))} (official)"


def is_official(ds: Dataset, c: Claim) -> bool:
    """Whether ``c`` is a statistical office's figure rather than a press figure."""
    return ds.source(c.source).is_official


def musd(c: Claim) -> float:
    """A money claim's value as written, in million USD (official figures are in thousand USD)."""
    from kzlt_trade.units import factor

    return float(c.value) * factor(c.unit, "money")


def official_text(ds: Dataset, c: Claim) -> str:
    """An official figure short enough for a label: ``"BNS 585.9 mn"`` (its thousands of dollars, in millions)."""
    return f"{office_name(ds.source(c.source))} {musd(c):,.1f} mn"


@dataclass(frozen=True)
class SourceStyle:
    label: str
    colour: str
    marker: str


def source_styles(ds: Dataset) -> dict[str, SourceStyle]:
    """One colour and marker per press source, in order of publication (the same in every chart of ``ds``).

    Every official source shares one style, named by its office (``"BNS (official)"``):
    the editions of the office's table are one series, not sources of their own, and
    they take no colour from the press sources.
    """
    press = sorted((s for s in ds.source_records if not s.is_official), key=lambda s: (s.published, s.id))
    styles = {
        s.id: SourceStyle(
            source_label(s), SOURCE_COLOURS[i % len(SOURCE_COLOURS)], SOURCE_MARKERS[i % len(SOURCE_MARKERS)]
        )
        for i, s in enumerate(press)
    }
    for s in ds.source_records:
        if s.is_official:
            styles[s.id] = SourceStyle(f"{office_name(s)} (official)", OFFICIAL, "p")
    return styles


def money_unit(largest: float) -> tuple[float, str]:
    """Scale and label for money in million USD: billions from a thousand million up."""
    if largest >= 1000.0:
        return 1e-3, "USD billion"
    return 1.0, "USD million"


def written_as(c: Claim, reading: Reading) -> str:
    """The claim's number as written (decimal point normalised), in its reading's form."""
    digits = format(c.value, "f")  # the digits as written, trailing zeros kept
    form = reading.form
    if form in RATIO_WORDS:
        return ratio_text(form, digits)
    hedge = {"about": "~", "more_than": ">", "at_least": "≥", "less_than": "<", "at_most": "≤", "approached": "nearly "}
    unit = {"million USD": " mn", "billion USD": " bn", "thousand USD": " k", "percent": " %"}.get(c.unit, "")
    if not unit and c.info.dimension == "money":
        # Money in another currency says which, after its scale: "9.6 bn EUR", "4.6 tn KZT".
        from kzlt_trade.units import currency_of, normalize_unit

        scale = {"thousand": "k", "million": "mn", "billion": "bn", "trillion": "tn"}
        words = normalize_unit(c.unit).split()
        unit = " " + " ".join(scale.get(w, w) for w in words[:-1]) + f" {currency_of(c.unit)}"
        unit = unit.replace("  ", " ")
    sign = "+" if form == "change" else "−" if form == "decrease" else ""
    return f"{hedge.get(c.hedge, '')}{sign}{digits}{unit}"


def percent_change(factor: float) -> float:
    return (factor - 1.0) * 100.0


def pct_text(lo: float, hi: float) -> str:
    """A growth-factor interval as percent, rounded outward at a precision its width can show."""
    plo, phi = percent_change(lo), percent_change(hi)
    if math.isinf(phi):
        return f"more than {plo:+.0f} %"
    width = max(phi - plo, 1e-9)
    digits = min(3, max(0, 1 - math.floor(math.log10(width))))
    scale = 10**digits
    # Outward, after clearing float noise: (3.115 - 1) * 100 is 211.50000000000003, not above 211.5.
    a = math.floor(round(plo * scale, 6)) / scale
    b = math.ceil(round(phi * scale, 6)) / scale
    return f"{a:+.{digits}f} … {b:+.{digits}f} %".replace("-", "−")


def money_text(lo: float, hi: float, scale: float, *, digits: int = 6) -> str:
    """An interval of money, each end rounded outward to ``digits`` significant digits."""

    def fmt(x: float, rounding: Any) -> str:
        if math.isinf(x):
            return "∞"
        v = x * scale
        if v == 0:
            return "0"
        step = 10.0 ** (math.floor(math.log10(abs(v))) - digits + 1)
        v = rounding(round(v / step, 6)) * step
        return f"{v:,.{max(0, -math.floor(math.log10(step)))}f}"

    return f"{fmt(lo, math.floor)} … {fmt(hi, math.ceil)}"


def period_words(p: Period, *, newline: bool = False) -> str:
    sep = "\n" if newline else " "
    if p.kind == "year":
        return str(p.start.year)
    if p.kind == "partial" and not p.months_known:
        return f"part of{sep}{p.start.year}"
    if p.kind == "partial":
        return f"{p.start:%b}–{p.end:%b}{sep}{p.start.year}"
    if p.kind == "window":
        return f"{p.start:%b %Y}–{p.end:%b %Y}"
    return f"as of {day_text(p.start)}"


def set_titles(ax: Axes, title: str, subtitle: str, *, gap: float = 4.0) -> None:
    """A bold title and a lighter subtitle under it, both above ``ax`` and left-aligned.

    The subtitle is an annotation a fixed number of points above the axes; the
    title's padding leaves it room, so the two never overlap at any figure size.
    """
    lines = subtitle.count("\n") + 1
    ax.set_title(title, loc="left", fontsize=11.5, fontweight="bold", pad=gap + 6 + 13 * lines)
    ax.annotate(subtitle, xy=(0, 1), xycoords="axes fraction", xytext=(0, gap + 2), textcoords="offset points",
                ha="left", va="bottom", fontsize=9.5, color="#444444", annotation_clip=False)  # fmt: skip


def figure_of(ax: Axes) -> Figure:
    """The figure an Axes is drawn in (the root one, if the Axes is in a subfigure)."""
    fig = ax.get_figure(root=True)
    if fig is None:
        raise UsageError("ax", ax, "Axes that belong to a figure")
    return fig


def date_num(d: date) -> float:
    import matplotlib.dates as mdates

    return float(mdates.date2num(d))  # type: ignore[no-untyped-call]  # matplotlib leaves date2num unannotated


def new_axes(figsize: tuple[float, float]) -> Axes:
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=figsize, layout="constrained")
    return fig.add_subplot()

"""The charts, tested through their artists: bars, markers, legend entries, annotations, labels."""

from __future__ import annotations

import dataclasses
import io
import math
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.image
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.patches import Rectangle

import kzlt_trade
from kzlt_trade.cli import main
from kzlt_trade.errors import UsageError
from kzlt_trade.plot import (
    TurnoverPanels,
    _common,
    plot_claims,
    plot_growth,
    plot_turnover,
    plot_turnover_panels,
    short_publisher,
    source_label,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.lines import Line2D

CONTRADICTION = "kazinform-2023-02-24/lt-turnover-growth-2022"

#: Every chart function, drawn on a figure of its own; each returns something that has a figure.
CHARTS: dict[str, Callable[..., Any]] = {
    "plot_turnover": lambda ds, **kw: plot_turnover(ds, partner="LT", **kw),
    "plot_turnover_panels": plot_turnover_panels,
    "plot_growth": lambda ds, **kw: plot_growth(ds, partner="LT", **kw),
    "plot_claims": plot_claims,
}


@pytest.fixture(autouse=True)
def close_figures() -> Iterator[None]:
    """Every test starts and ends with no open figure."""
    plt.close("all")
    yield
    plt.close("all")


def marker_lines(ax: Axes) -> dict[str, Line2D]:
    """The turnover markers, by claim id (the error bar caps carry no id)."""
    return {str(line.get_gid()): line for line in ax.lines if line.get_gid() and "/" in str(line.get_gid())}


def bars(ax: Axes) -> dict[str, Rectangle]:
    return {str(p.get_gid()): p for p in ax.patches if isinstance(p, Rectangle) and p.get_gid()}


def legend_texts(ax: Axes) -> list[str]:
    legend = ax.get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


def texts(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.texts]


def notes(ax: Axes, kind: str = "contradiction") -> list[str]:
    """The boxes of arithmetic the turnover chart writes for the findings of one kind."""
    return [t.get_text() for t in ax.texts if t.get_gid() == f"note:{kind}"]


def render(ax: Axes, path: Path) -> np.ndarray:
    fig = ax.get_figure(root=True)
    assert fig is not None
    fig.savefig(path, dpi=80)
    return np.asarray(matplotlib.image.imread(path))


def assert_non_trivial_png(ax: Axes, path: Path) -> None:
    pixels = render(ax, path)
    assert path.stat().st_size > 15_000, f"{path.name} is only {path.stat().st_size} bytes"
    flat = pixels.reshape(-1, pixels.shape[-1])
    assert len(np.unique(flat, axis=0)) > 50, "the image is (nearly) one colour"


# -- import cost --------------------------------------------------------------------------


def test_import_kzlt_trade_does_not_import_matplotlib() -> None:
    code = (
        "import sys, kzlt_trade\n"
        "assert callable(kzlt_trade.plot_turnover) and callable(kzlt_trade.plot_growth)\n"
        "assert callable(kzlt_trade.plot_claims)\n"
        "print('matplotlib' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.strip() == "False"


def test_public_names() -> None:
    assert {"plot_turnover", "plot_growth", "plot_claims"} <= set(kzlt_trade.__all__)
    assert kzlt_trade.plot_turnover is plot_turnover
    assert {"plot_turnover_panels", "TurnoverPanels"} <= set(kzlt_trade.plot.__all__)


# -- turnover -----------------------------------------------------------------------------


def test_bars_are_the_claimed_exports_and_imports(ds: kzlt_trade.Dataset) -> None:
    ax = plot_turnover(ds, partner="LT")
    drawn = bars(ax)
    for year in ("2021", "2023"):
        source = "kazinform-2022-06-15" if year == "2021" else "kazinform-2024-06-20"
        exports, imports = ds.claim(f"{source}/exports-{year}"), ds.claim(f"{source}/imports-{year}")
        e, i = drawn[exports.id], drawn[imports.id]
        assert e.get_height() == pytest.approx(float(exports.value))
        assert e.get_y() == 0
        # Imports are stacked on exports.
        assert i.get_y() == pytest.approx(float(exports.value))
        assert i.get_height() == pytest.approx(float(imports.value))
        assert e.get_x() == pytest.approx(i.get_x())
    # Every LT export or import level the data holds is a bar, and nothing else is.
    trade = ("exports", "imports")
    stated = {c.id for c in ds if c.partner == "LT" and c.indicator in trade and c.primary.form == "level"}
    assert set(drawn) == stated


def test_one_marker_per_turnover_claim_and_one_legend_entry_per_source(ds: kzlt_trade.Dataset) -> None:
    ax = plot_turnover(ds, partner="LT")
    turnover = [c for c in ds if c.partner == "LT" and c.indicator == "turnover" and c.primary.form == "level"]
    markers = marker_lines(ax)
    assert set(markers) == {c.id for c in turnover}
    for c in turnover:
        assert markers[c.id].get_ydata()[0] == pytest.approx(float(c.value))
    # One legend entry per source with a turnover claim, named by publisher and date.
    expected = {source_label(ds.source(c.source)) for c in turnover}
    labels = legend_texts(ax)
    assert expected <= set(labels)
    assert all(labels.count(label) == 1 for label in expected)
    # Each source has a marker style of its own.
    styles = {(markers[c.id].get_marker(), markers[c.id].get_color()) for c in turnover}
    assert len(styles) == len(expected)
    assert "Kazinform, 24 Feb 2023" in labels
    assert "MFA of Kazakhstan, 10 Oct 2023" in labels


def test_contradiction_is_annotated_with_its_arithmetic(ds: kzlt_trade.Dataset) -> None:
    ax = plot_turnover(ds, partner="LT")
    # One box for the +30 %, whether the checker reports it against each report of the 2022 level or once.
    (note,) = notes(ax)
    assert note.startswith("contradiction")
    assert "+30 %" in note
    # The implied range comes from the findings' intervals (growth factors), rounded outward to 0.01 %.
    findings = [f for f in kzlt_trade.check(ds).contradictions if f.claims[0] == CONTRADICTION]
    lo = min(f.implied.lo for f in findings if f.implied is not None)
    hi = max(f.implied.hi for f in findings if f.implied is not None)
    assert f"+{math.floor((lo - 1) * 10000) / 100:.2f}" in note
    assert f"+{math.ceil((hi - 1) * 10000) / 100:.2f} %" in note
    assert "Kazinform, 24 Feb 2023" in note
    assert "most likely wrong" in note
    assert any(line.get_gid() == "finding:contradiction" for line in ax.lines)


def test_findings_can_be_hidden(ds: kzlt_trade.Dataset) -> None:
    ax = plot_turnover(ds, partner="LT", show_findings=False)
    assert not [t for t in texts(ax) if t.startswith("contradiction")]
    assert not [x for x in ax.lines if str(x.get_gid()).startswith("finding:")]
    assert not any(label.startswith("contradiction") for label in legend_texts(ax))
    with pytest.raises(UsageError, match="show_findings"):
        plot_turnover(ds, show_findings=["nonsense"])
    with_labels = plot_turnover(ds, partner="LT", show_findings=["contradiction", "period_label"])
    assert notes(with_labels, "period_label")
    assert any(label.startswith("period label") for label in legend_texts(with_labels))


def test_estimate_and_feasible_interval(ds: kzlt_trade.Dataset) -> None:
    ax = plot_turnover(ds, partner="LT")
    est = kzlt_trade.reconcile(ds).get("LT", "turnover", "2021")
    (line,) = [x for x in ax.lines if x.get_gid() == "estimate:2021"]
    assert est.value is not None
    assert list(line.get_ydata()) == pytest.approx([est.value, est.value])
    assert "reconciled estimate, band: feasible interval" in legend_texts(ax)
    hidden = plot_turnover(ds, partner="LT", show_estimate=False)
    assert not [x for x in hidden.lines if str(x.get_gid()).startswith("estimate:")]


def test_partial_periods_are_drawn_apart_from_years(ds: kzlt_trade.Dataset) -> None:
    ax = plot_turnover(ds, partner="LT")
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks == ["2021", "part of\n2021", "2022", "part of\n2022", "2023"]
    markers = marker_lines(ax)
    part = markers["kazinform-2022-06-15/turnover-2022-part"]
    year = markers["kazinform-2022-06-15/turnover-2021"]
    assert part.get_markerfacecolor() == "white"  # hollow
    assert year.get_markerfacecolor() != "white"
    # The part-year slot is not the year's slot.
    assert part.get_xdata()[0] != pytest.approx(markers["mfa-2023-10-10/turnover-2022"].get_xdata()[0])
    assert bars(ax)["kazinform-2022-06-15/exports-2022-part"].get_hatch()
    assert not bars(ax)["kazinform-2022-06-15/exports-2021"].get_hatch()
    assert any("part of a year" in t for t in legend_texts(ax))


def test_axis_units_and_title(ds: kzlt_trade.Dataset) -> None:
    ax = plot_turnover(ds, partner="LT")
    assert ax.get_ylabel() == "USD million"
    assert "Lithuania" in ax.get_title(loc="left")
    eu = plot_turnover(ds, partner="EU")
    assert eu.get_ylabel() == "USD billion"
    (marker,) = marker_lines(eu).values()
    assert marker.get_ydata()[0] == pytest.approx(50.0)  # "approached 50 billion"


def test_returns_the_axes_it_was_given(ds: kzlt_trade.Dataset) -> None:
    _, ax = plt.subplots()
    assert plot_turnover(ds, ax=ax) is ax
    _, ax = plt.subplots(figsize=(9, 12))
    assert plot_growth(ds, ax=ax) is ax
    _, ax = plt.subplots()
    assert plot_claims(ds, ax=ax) is ax


def test_one_partner_per_axes_and_several_need_the_figure_level_function(ds: kzlt_trade.Dataset) -> None:
    for several in ("all", ["EE", "LT"]):
        with pytest.raises(UsageError, match="plot_turnover_panels"):
            plot_turnover(ds, partner=several)  # type: ignore[arg-type]  # what a user may try
    with pytest.raises(UsageError, match="partner='XX'"):
        plot_turnover(ds, partner="XX")


def test_panels_have_one_axes_per_partner(ds: kzlt_trade.Dataset) -> None:
    panels = plot_turnover_panels(ds)
    assert isinstance(panels, TurnoverPanels)
    assert list(panels.axes_dict) == list(kzlt_trade.PARTNERS)
    assert panels.axes == tuple(panels.axes_dict.values())
    assert [a.get_title(loc="left") for a in panels.axes] == [
        f"Kazakhstan–{name}" for name in kzlt_trade.PARTNERS.values()
    ]
    assert all(a.get_figure(root=True) is panels.figure for a in panels.axes)
    assert len(panels.figure.axes) == len(panels.axes)  # no empty panel left over
    # Independent y axes, each with the unit its magnitude needs.
    units = {code: a.get_ylabel() for code, a in panels.axes_dict.items()}
    assert units == {"LT": "USD million", "RO": "USD billion", "EE": "USD million", "EU": "USD billion"}
    assert panels.axes_dict["EE"].get_ylim()[1] < 1000 < panels.axes_dict["EU"].get_ylim()[1] * 1000
    # Each panel is the one-partner chart: the same bars and markers.
    lt = plot_turnover(ds, partner="LT")
    assert set(bars(panels.axes_dict["LT"])) == set(bars(lt))
    assert set(marker_lines(panels.axes_dict["LT"])) == set(marker_lines(lt))
    # One legend for the figure, each entry once, each source named.
    assert all(a.get_legend() is None for a in panels.axes)
    (legend,) = panels.figure.legends
    labels = [t.get_text() for t in legend.get_texts()]
    assert len(labels) == len(set(labels))
    assert {"Kazinform, 24 Feb 2023", "MFA of Kazakhstan, 10 Oct 2023", "Kazakhstan's exports"} <= set(labels)
    two = plot_turnover_panels(ds, partner=["EE", "LT"])
    assert [a.get_title(loc="left") for a in two.axes] == ["Kazakhstan–Estonia", "Kazakhstan–Lithuania"]
    assert repr(two) == "<TurnoverPanels: EE, LT>"
    one = plot_turnover_panels(ds, partner="RO")
    assert list(one.axes_dict) == ["RO"]


def test_panels_pass_their_options_to_every_panel(ds: kzlt_trade.Dataset) -> None:
    panels = plot_turnover_panels(ds, partner=["LT", "RO"], alpha=0.25, show_findings=False, show_estimate=False)
    for a in panels.axes:
        assert {b.get_alpha() for b in bars(a).values()} <= {0.25}
        assert not [x for x in a.lines if str(x.get_gid()).startswith(("estimate:", "finding:"))]
    assert bars(panels.axes_dict["LT"])


def test_panels_refuse_an_axes_and_repeats(ds: kzlt_trade.Dataset) -> None:
    _, ax = plt.subplots()
    with pytest.raises(UsageError, match=r"plot_turnover\(partner=\.\.\., ax=ax\)"):
        plot_turnover_panels(ds, ax=ax)  # type: ignore[arg-type]  # what a user may try
    with pytest.raises(UsageError, match="without repeats"):
        plot_turnover_panels(ds, partner=["LT", "LT"])
    with pytest.raises(UsageError, match="partner"):
        plot_turnover_panels(ds, partner=["LT", "XX"])
    assert plt.get_fignums() == [ax.get_figure(root=True).number]  # type: ignore[union-attr]  # nothing drawn


def test_panels_save(ds: kzlt_trade.Dataset, tmp_path: Path) -> None:
    panels = plot_turnover_panels(ds, partner=["EE"])
    panels.savefig(tmp_path / "panels.png", dpi=60)
    assert (tmp_path / "panels.png").read_bytes()[:4] == b"\x89PNG"


def test_growth_on_a_short_axes_warns(ds: kzlt_trade.Dataset) -> None:
    _, ax = plt.subplots(figsize=(6, 3))
    with pytest.warns(UserWarning, match="rows need"):
        plot_growth(ds, partner="LT", ax=ax)


def test_unknown_partner_is_refused(ds: kzlt_trade.Dataset) -> None:
    with pytest.raises(UsageError, match="partner='XX'"):
        plot_turnover(ds, partner="XX")
    with pytest.raises(UsageError, match="partner"):
        plot_growth(ds, partner=["LT", "XX"])


def test_kwargs_reach_the_main_call(ds: kzlt_trade.Dataset) -> None:
    ax = plot_turnover(ds, partner="LT", alpha=0.25)
    assert {b.get_alpha() for b in bars(ax).values()} == {0.25}
    ax = plot_growth(ds, partner="EE", elinewidth=5.0)
    inner = ax.child_axes[0]
    assert any(c.get_linewidth()[0] == 5.0 for c in inner.collections)
    ax = plot_claims(ds, partner="EE", s=123.0)
    sizes = {float(c.get_sizes()[0]) for c in claim_points(ax).values()}
    assert sizes == {123.0}


# -- global state -------------------------------------------------------------------------


@pytest.fixture
def no_show(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("plt.show() called")

    monkeypatch.setattr(plt, "show", refuse)


@pytest.fixture
def restore_interactive() -> Iterator[None]:
    was = plt.isinteractive()
    yield
    matplotlib.interactive(was)


@pytest.mark.usefixtures("no_show", "restore_interactive")
@pytest.mark.parametrize("interactive", [False, True], ids=["batch", "interactive"])
@pytest.mark.parametrize("name", CHARTS)
def test_no_show_and_no_global_state_change(ds: kzlt_trade.Dataset, name: str, interactive: bool) -> None:
    matplotlib.interactive(interactive)
    before = dict(matplotlib.rcParams)
    CHARTS[name](ds)
    after = dict(matplotlib.rcParams)
    assert {k for k in before if before[k] != after[k]} == set()
    assert plt.isinteractive() is interactive


@pytest.mark.usefixtures("no_show", "restore_interactive")
def test_interactive_mode_switched_on_while_drawing_stays_on(
    ds: kzlt_trade.Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What Jupyter's inline backend does: the first figure loads it, and it switches interactive mode on.

    A chart that scoped its style with ``rc_context`` turned it off again on leaving,
    and Jupyter then showed no later figure; the real kernel is tested in test_notebooks.py.
    """
    real_figure = plt.figure

    def figure_loading_the_backend(*args: Any, **kwargs: Any) -> Any:
        matplotlib.interactive(True)
        return real_figure(*args, **kwargs)

    monkeypatch.setattr(plt, "figure", figure_loading_the_backend)
    for name, draw in CHARTS.items():
        matplotlib.interactive(False)
        draw(ds)
        assert plt.isinteractive(), name


def test_drawing_on_a_given_axes_leaves_the_current_figure(ds: kzlt_trade.Dataset) -> None:
    fig, (a, b, c) = plt.subplots(3, 1, figsize=(9, 24))
    current = plt.figure()
    plot_turnover(ds, ax=a)
    plot_growth(ds, partner="EE", ax=b)
    plot_claims(ds, ax=c)
    assert plt.gcf() is current
    assert plt.get_fignums() == [fig.number, current.number]


def test_a_new_figure_is_the_current_one(ds: kzlt_trade.Dataset) -> None:
    """As with ``plt.subplots``: ``plt.savefig`` right after a chart saves that chart."""
    for name, draw in CHARTS.items():
        drawn = draw(ds)
        fig = drawn.figure if isinstance(drawn, TurnoverPanels) else drawn.get_figure(root=True)
        assert plt.gcf() is fig, name
    assert len(plt.get_fignums()) == len(CHARTS)


# -- report and estimates ---------------------------------------------------------------------


def test_given_report_and_estimates_are_not_recomputed(ds: kzlt_trade.Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    report = kzlt_trade.check(ds)
    estimates = kzlt_trade.reconcile(ds, report=report)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("computed again")

    monkeypatch.setattr(_common, "check", refuse)
    monkeypatch.setattr(_common, "reconcile", refuse)
    for draw in CHARTS.values():
        draw(ds, report=report, estimates=estimates)
        plt.close("all")
    # The timeline needs the estimates only: given them, it checks nothing.
    plot_claims(ds, estimates=estimates)


def test_given_report_and_estimates_are_what_is_drawn(ds: kzlt_trade.Dataset) -> None:
    report = kzlt_trade.check(ds)
    estimates = kzlt_trade.reconcile(ds, report=report)
    quiet = dataclasses.replace(report, findings=())
    trusting = dataclasses.replace(estimates, most_likely_wrong=())
    assert notes(plot_turnover(ds, partner="LT", report=report, estimates=estimates))
    ax = plot_turnover(ds, partner="LT", report=quiet, estimates=estimates)
    assert notes(ax) == []
    assert not [x for x in ax.lines if str(x.get_gid()).startswith("finding:")]
    assert not any("most likely wrong" in t for t in texts(ax))
    panels = plot_turnover_panels(ds, report=quiet, estimates=estimates)
    assert all(notes(a) == [] for a in panels.axes)
    timeline = plot_claims(ds, report=report, estimates=trusting)
    assert not [c for c in timeline.collections if str(c.get_gid()).startswith("wrong:")]
    growth = plot_growth(ds, partner="LT", report=report, estimates=trusting)
    assert not [t for t in growth.texts if str(t.get_gid()).startswith("wrong:")]


# -- growth --------------------------------------------------------------------------------


def reported_lines(ax: Axes) -> dict[str, Line2D]:
    return {
        str(line.get_gid()): line
        for inner in ax.child_axes
        for line in inner.lines
        if str(line.get_gid()).startswith("reported:")
    }


def test_growth_rows_one_per_reading(ds: kzlt_trade.Dataset) -> None:
    ax = plot_growth(ds, partner="LT")
    ratio_readings = [(c.id, r.name) for c in ds if c.partner == "LT" for r in c.readings if r.measure == "ratio"]
    assert len(ax.child_axes) == len(ratio_readings)
    assert set(reported_lines(ax)) == {f"reported:{c}:{r}" for c, r in ratio_readings}


def test_growth_intervals_and_status(ds: kzlt_trade.Dataset) -> None:
    ax = plot_growth(ds, partner="LT")
    lines = reported_lines(ax)
    bad = lines[f"reported:{CONTRADICTION}:plus_percent"]
    good = lines["reported:mfa-2023-10-10/turnover-growth-2022:plus_percent"]
    assert (bad.get_marker(), bad.get_color()) == ("X", "#c81e1e")
    assert (good.get_marker(), good.get_color()) == ("o", "#1a7f37")
    # The reported interval is drawn in percent: +30 % is [29.5, 30.5].
    inner = next(a for a in ax.child_axes if bad in a.lines)
    segments = [seg for coll in inner.collections for seg in coll.get_segments()]
    (seg,) = [s for s in segments if len(s) == 2 and s[0][1] == s[1][1]]
    assert sorted([seg[0][0], seg[1][0]]) == pytest.approx([29.5, 30.5])
    # Below it, one grey bar per pair of levels, spanning what the levels imply.
    implied = [p for p in inner.patches if str(p.get_gid()).startswith(f"implied:{CONTRADICTION}")]
    relations = kzlt_trade.check(ds).relations
    rows = relations[(relations["relation"] == "growth") & relations["claims"].str.startswith(CONTRADICTION)]
    rows = rows[rows["status"] == "contradiction"]
    assert len(implied) == len(rows)
    spans = sorted((p.get_x(), p.get_x() + p.get_width()) for p in implied)
    expected = sorted(
        ((lo - 1) * 100, (hi - 1) * 100) for lo, hi in zip(rows["implied_lo"], rows["implied_hi"], strict=True)
    )
    # Flat lists: pytest.approx compares numbers and flat sequences, not sequences of pairs.
    assert [x for span in spans for x in span] == pytest.approx([x for span in expected for x in span])
    labels = [t.get_text() for t in inner.get_yticklabels()]
    assert labels[0] == "reported +30 %"
    assert all("imply" in label for label in labels[1:])


def test_growth_names_the_levels_base_first_and_the_rate_reconcile_rejects(ds: kzlt_trade.Dataset) -> None:
    ax = plot_growth(ds, partner="LT")
    inner = next(a for a in ax.child_axes if f"reported:{CONTRADICTION}:plus_percent" in reported_lines_of(a))
    (_, *pairs) = [t.get_text() for t in inner.get_yticklabels()]
    assert pairs
    for label in pairs:
        assert label.startswith("levels 454 mn → 584")
    # The reconciliation's verdict beside the row heading, for that rate only.
    wrong = [t for t in ax.texts if str(t.get_gid()).startswith("wrong:")]
    assert [t.get_gid() for t in wrong] == [f"wrong:{CONTRADICTION}"]
    assert wrong[0].get_text().strip() == "most likely wrong (reconcile)"
    labels = legend_texts(ax)
    assert {"reported: consistent", "reported: contradiction", "growth the reported levels imply"} <= set(labels)


def reported_lines_of(inner: Any) -> set[str]:
    return {str(line.get_gid()) for line in inner.lines}


def test_growth_shows_every_reading_of_an_ambiguous_claim(ds: kzlt_trade.Dataset) -> None:
    ax = plot_growth(ds, partner="EE")
    lines = reported_lines(ax)
    claim = "kazinform-2023-02-24/ee-turnover-growth-2022"
    assert set(lines) == {f"reported:{claim}:times", f"reported:{claim}:times_increase"}
    assert sorted(line.get_xdata()[0] for line in lines.values()) == pytest.approx([540.0, 640.0])
    assert all(line.get_marker() == "s" for line in lines.values())  # no levels to compare
    labels = [t.get_text() for a in ax.child_axes for t in a.get_yticklabels()]
    assert any("no levels to compare" in label for label in labels)
    assert any(t.get_text().endswith("read as ×6.4") for t in ax.texts)


def test_growth_refuted_reading_is_a_contradiction(ds: kzlt_trade.Dataset) -> None:
    ax = plot_growth(ds, partner="LT")
    lines = reported_lines(ax)
    claim = "kazinform-2022-06-15/turnover-growth-2022-part"
    assert lines[f"reported:{claim}:plus_percent"].get_marker() == "o"
    assert lines[f"reported:{claim}:percent_of_base"].get_marker() == "X"


# -- provenance timeline ----------------------------------------------------------------


def claim_points(ax: Axes) -> dict[str, Any]:
    """The timeline's claim markers by claim id (the red crosses are ``wrong:<id>``)."""
    return {str(c.get_gid()): c for c in ax.collections if c.get_gid() and "/" in str(c.get_gid()).split(":")[0]}


def test_claims_timeline(ds: kzlt_trade.Dataset) -> None:
    ax = plot_claims(ds)
    money = [c for c in ds if c.indicator in ("turnover", "exports", "imports", "fdi_inflow")]
    points = claim_points(ax)
    assert set(points) == {c.id for c in money}
    # x is the publication date of the claim's source.
    import matplotlib.dates as mdates

    for c in money:
        x = points[c.id].get_offsets()[0][0]
        assert mdates.num2date(x).date() == ds.source(c.source).published
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "turnover, 2022" in labels
    assert "Kazakhstan–Lithuania" in labels
    # Both 2022 turnover figures share one row.
    both = ("mfa-2023-10-10/turnover-2022", "kazinform-2023-02-24/lt-turnover-2022")
    ys = {points[i].get_offsets()[0][1] for i in both}
    assert len(ys) == 1
    # The claim the reconciler rejects is crossed out and named in the legend.
    assert any(c.get_gid() == f"wrong:{CONTRADICTION}" for c in ax.collections)
    assert "most likely wrong (reconcile)" in legend_texts(ax)
    assert "+30 %" in texts(ax)
    assert ax.get_xlabel() == "publication date of the source"


def test_claims_timeline_all_indicators(ds: kzlt_trade.Dataset) -> None:
    ax = plot_claims(ds, partner="EU", indicators="all")
    assert set(claim_points(ax)) == {c.id for c in ds if c.partner == "EU"}


# -- rendering ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "draw",
    [
        lambda ds: plot_turnover(ds, partner="LT"),
        lambda ds: plot_turnover_panels(ds).axes[0],
        lambda ds: plot_growth(ds, partner="LT"),
        lambda ds: plot_growth(ds, partner="all"),
        plot_claims,
    ],
    ids=["turnover-LT", "turnover-all", "growth-LT", "growth-all", "claims"],
)
def test_every_chart_renders_to_a_real_png(ds: kzlt_trade.Dataset, draw: object, tmp_path: Path) -> None:
    ax = draw(ds)
    assert_non_trivial_png(ax, tmp_path / "chart.png")


def test_short_publisher() -> None:
    assert short_publisher("Kazakhstan Today news agency, citing the press service of the MFA") == "Kazakhstan Today"
    assert short_publisher("Kazinform (Arailym Temirgaliyeva), citing the MFA") == "Kazinform"


# -- docs --------------------------------------------------------------------------------


def test_docs_describe_the_lithuania_chart_it_draws(ds: kzlt_trade.Dataset) -> None:
    """Every number the docs quote about the KZ–LT chart is printed on that chart."""
    import re

    docs = (Path(__file__).resolve().parent.parent / "docs" / "charts.md").read_text(encoding="utf-8")
    section = docs.split("### What the Lithuania chart shows", 1)[1].split("\n#", 1)[0]
    ax = plot_turnover(ds, partner="LT")
    shown = [*texts(ax), *legend_texts(ax), *(t.get_text() for t in ax.get_xticklabels()), ax.get_title(loc="left")]
    on_chart = set(re.findall(r"\d+(?:\.\d+)?", " ".join(shown)))
    quoted = set(re.findall(r"\d+(?:\.\d+)?", section))
    assert quoted - on_chart == set()
    for name in ("turnover_LT.png", "turnover_all.png", "growth_LT.png", "claims.png"):
        assert f"img/{name}" in docs
        assert (Path(__file__).resolve().parent.parent / "docs" / "img" / name).stat().st_size > 20_000


# -- command line -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "suffix"),
    [
        (["--kind", "turnover"], ".png"),
        (["--kind", "turnover", "--partner", "all"], ".svg"),
        (["--kind", "growth", "--partner", "EE"], ".pdf"),
        (["--kind", "claims"], ".png"),
    ],
)
def test_cli_plot_writes_the_file(argv: list[str], suffix: str, tmp_path: Path) -> None:
    target = tmp_path / f"chart{suffix}"
    out = io.StringIO()
    assert main(["plot", *argv, "-o", str(target)], stdout=out) == 0
    assert target.stat().st_size > 5_000
    head = target.read_bytes()[:5]
    assert head == {".png": b"\x89PNG\r", ".svg": b"<?xml", ".pdf": b"%PDF-"}[suffix]
    assert str(target) in out.getvalue()
    assert plt.get_fignums() == []  # the command closes what it drew


@pytest.mark.parametrize("partner", ["Литва", "lithuania", "lt"])
def test_cli_plot_takes_a_partner_by_name_or_code(partner: str, tmp_path: Path) -> None:
    target = tmp_path / "chart.svg"
    assert main(["plot", "--partner", partner, "-o", str(target)], stdout=io.StringIO()) == 0
    assert "Lithuania" in target.read_text(encoding="utf-8")


def test_cli_plot_unknown_partner_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "chart.png"
    assert main(["plot", "--partner", "Atlantis", "-o", str(target)]) == 2
    assert "--partner='Atlantis'" in capsys.readouterr().err
    assert not target.exists()


def test_cli_plot_bad_suffix_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "chart.jpg"
    assert main(["plot", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert "chart.jpg" in err
    assert ".png, .svg or .pdf" in err
    assert not target.exists()


def test_any_partner_is_drawn_with_its_name() -> None:
    from matplotlib.figure import Figure

    from tests.factories import claim, dataset

    ds = dataset(
        claim("a/de-2022", "turnover", "2022", "1200.5", partner="DE"),
        claim("a/pl-2022", "turnover", "2022", "830", partner="PL"),
    )
    ax = kzlt_trade.plot_turnover(ds, partner="DE", ax=Figure().add_subplot())
    assert ax.get_title(loc="left") == "Kazakhstan–Germany trade in goods, as reported"
    panels = kzlt_trade.plot_turnover_panels(ds, partner="all")
    assert list(panels.axes_dict) == ["DE", "PL"]
    assert [a.get_title(loc="left") for a in panels.axes] == ["Kazakhstan–Germany", "Kazakhstan–Poland"]
    with pytest.raises(kzlt_trade.UsageError, match="'XX'"):
        kzlt_trade.plot_turnover(ds, partner="XX")


def test_figures_in_other_currencies_are_drawn_in_dollars() -> None:
    from datetime import date

    from matplotlib.figure import Figure

    from tests.factories import claim, dataset

    ds = dataset(
        claim("a/de-2023-eur", "turnover", "2023", "10", partner="DE", unit="billion EUR"),
        claim("b/de-2023-kzt", "turnover", "2023", "4.6", partner="DE", unit="trillion KZT", src="s2"),
    )
    ax = kzlt_trade.plot_turnover(ds, partner="DE", ax=Figure().add_subplot(), show_estimate=False)
    rate = kzlt_trade.RateTable.shipped().usd_per_unit("EUR", date(2023, 1, 1), date(2023, 12, 31))
    assert rate is not None
    # The euro figure's marker stands at its value in dollars (the middle of the rate interval), in billions.
    ys = [float(y) for line in ax.get_lines() for y in line.get_ydata()]
    assert any(abs(y - 10 * (rate.lo + rate.hi) / 2) < 1e-6 for y in ys), ys
    # No rate for the tenge: not drawn on the dollar axis, and the subtitle says so.
    assert all(y < 100 for y in ys)
    assert any("1 not drawn: no exchange rate to USD" in t.get_text() for t in ax.texts)


def test_exported_charts_keep_text_as_text_and_carry_their_title(tmp_path: Path) -> None:
    import re

    svg, pdf = tmp_path / "chart.svg", tmp_path / "chart.pdf"
    for target in (svg, pdf):
        assert main(["plot", "-o", str(target)], stdout=io.StringIO()) == 0
    text = svg.read_text(encoding="utf-8")
    assert "<text" in text  # not glyph paths
    assert "<dc:title>Kazakhstan–Lithuania trade in goods, as reported" in text
    data = pdf.read_bytes()
    assert b"/Type3" not in data  # TrueType (Type 42) fonts, whose text can be selected
    assert set(re.findall(rb"/Subtype\s*/(\w+)", data)) >= {b"CIDFontType2"}
    assert b"/Title" in data

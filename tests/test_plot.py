"""The charts, tested through their artists: bars, markers, legend entries, annotations, labels."""

from __future__ import annotations

import dataclasses
import io
import math
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
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
    """The press turnover markers, by claim id (the error bar caps carry no id; other marks a ``kind:`` prefix)."""
    return {
        str(line.get_gid()): line
        for line in ax.lines
        if line.get_gid() and "/" in str(line.get_gid()) and ":" not in str(line.get_gid())
    }


def official_lines(ax: Axes) -> dict[str, Line2D]:
    """The office's series on the turnover chart, by indicator."""
    return {
        str(line.get_gid()).split(":", 1)[1]: line for line in ax.lines if str(line.get_gid()).startswith("official:")
    }


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
    assert {"plot_turnover_panels", "TurnoverPanels", "plot_mirror"} <= set(kzlt_trade.plot.__all__)
    assert "plot_mirror" in kzlt_trade.__all__
    assert kzlt_trade.plot_mirror is kzlt_trade.plot.plot_mirror


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
    for name in ("turnover_LT.png", "turnover_all.png", "growth_LT.png", "claims.png", "mirror_LT.png"):
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


# -- the statistical office's figures -------------------------------------------------------------


def official_of(ds: kzlt_trade.Dataset, partner: str, indicator: str) -> list[kzlt_trade.Claim]:
    """The office's yearly figures of one indicator, by year."""
    found = [c for c in ds.official if c.partner == partner and c.indicator == indicator and c.reporter == "KZ"]
    return sorted(found, key=lambda c: c.primary.period.start)


def test_the_official_series_is_a_line_of_the_offices_values(full: kzlt_trade.Dataset) -> None:
    ax = plot_turnover(full, partner="LT")
    lines = official_lines(ax)
    assert set(lines) == {"turnover", "exports"}  # imports are the gap between them, as in the bars
    ticks = {t.get_text(): x for t, x in zip(ax.get_xticklabels(), ax.get_xticks(), strict=True)}
    for indicator, line in lines.items():
        claims = official_of(full, "LT", indicator)
        assert len(claims) == 6  # 2018 to 2023
        # Its points stand at the years' slots, at the office's thousands of dollars in millions.
        xs, ys = [float(x) for x in line.get_xdata()], [float(y) for y in line.get_ydata()]
        assert xs == [ticks[str(c.primary.period.start.year)] for c in claims]
        assert ys == pytest.approx([float(c.value) / 1000 for c in claims])
        assert line.get_linestyle() != "None"  # a line, not markers alone
    labels = legend_texts(ax)
    assert labels.count("BNS (official) turnover, latest revision") == 1
    assert labels.count("BNS (official) exports, latest revision") == 1
    assert ys[0] == pytest.approx(660.7715)  # the exports of 2018, a year no press release covers
    # Distinct from every press marker: its own colour.
    press = {line.get_color() for line in marker_lines(ax).values()}
    assert lines["turnover"].get_color() not in press


def test_the_press_figures_are_unchanged_by_the_official_series(
    ds: kzlt_trade.Dataset, full: kzlt_trade.Dataset
) -> None:
    alone, both = plot_turnover(ds, partner="LT"), plot_turnover(full, partner="LT")
    # The same press markers at the same values, and the same bars: the office's figures are neither.
    assert set(marker_lines(both)) == set(marker_lines(alone))
    for cid, line in marker_lines(both).items():
        assert line.get_ydata()[0] == pytest.approx(marker_lines(alone)[cid].get_ydata()[0])
    assert set(bars(both)) == set(bars(alone))
    # One legend entry per press source, as many as without the office, and none per edition of its table.
    press_labels = {source_label(s) for s in full.press.source_records}
    assert [t for t in legend_texts(both) if t in press_labels] == [t for t in legend_texts(alone) if t in press_labels]
    assert not [t for t in legend_texts(both) if t.startswith(("Bureau", "BNS, "))]


def test_the_subtitle_counts_press_releases_only(full: kzlt_trade.Dataset) -> None:
    ax = plot_turnover(full, partner="LT")
    (subtitle,) = [t.get_text() for t in ax.texts if "press release" in t.get_text()]
    assert subtitle.startswith("15 figures from 4 press releases published 2022–2024, and the BNS series\n")
    assert "lines: the office's turnover and exports" in subtitle
    alone = plot_turnover(full.press, partner="LT")
    assert not [t for t in texts(alone) if "BNS" in t]


def test_press_figures_contradicting_the_office_are_marked(full: kzlt_trade.Dataset) -> None:
    ax = plot_turnover(full, partner="LT")
    boxes = notes(ax)
    # The growth contradiction is still annotated, once.
    assert len([n for n in boxes if "+30 %" in n]) == 1
    # The MFA's 584.3 mn against the office's 585.94: a box naming the office and its latest revision.
    (office,) = [n for n in boxes if "BNS (official), latest revision" in n]
    assert office.startswith("contradiction: MFA of Kazakhstan, 10 Oct 2023 reported 584.3 mn")
    assert "585.941 … 585.942" in office
    findings = [f for f in kzlt_trade.check(full).contradictions if f.relation == "official" and f.partner == "LT"]
    assert findings


def test_panels_of_all_partners_leave_out_a_group_only_the_office_reports(full: kzlt_trade.Dataset) -> None:
    assert "EU28" in {c.partner for c in full.official}
    panels = plot_turnover_panels(full)
    assert list(panels.axes_dict) == list(kzlt_trade.PARTNERS)
    eu28 = plot_turnover(full, partner="EU28")  # when asked by name
    assert official_lines(eu28)


def office_source(sid: str, published: date) -> kzlt_trade.Source:
    from tests.factories import source

    return dataclasses.replace(
        source(sid, published),
        kind="official",
        publisher="Bureau of National Statistics of the Republic of Kazakhstan",
        dataset="foreign trade by partner",
        edition=sid.removeprefix("bns-"),
    )


def revised_dataset() -> kzlt_trade.Dataset:
    """The office's 2022 turnover revised from 580,012.3 to 585,941.5 thousand USD, and a press figure of 580."""
    from tests.factories import claim, source

    latest = claim("bns-2023/LT-turnover-2022", "turnover", "2022", "585941.5", src="bns-2023", unit="thousand USD")
    old = claim("bns-2022/LT-turnover-2022", "turnover", "2022", "580012.3", src="bns-2022", unit="thousand USD")
    base = claim("bns-2022/LT-turnover-2021", "turnover", "2021", "453841.4", src="bns-2022", unit="thousand USD")
    press = claim("p/lt-turnover-2022", "turnover", "2022", "580", src="p")
    sources = (
        office_source("bns-2022", date(2023, 1, 1)),
        office_source("bns-2023", date(2024, 7, 25)),
        source("p", date(2023, 2, 1)),
    )
    return kzlt_trade.Dataset(sources, (base, latest, press), revised={latest.id: (old,)})


def test_a_revised_official_point_is_marked() -> None:
    from matplotlib.figure import Figure

    ds = revised_dataset()
    ax = plot_turnover(ds, partner="LT", ax=Figure(figsize=(9, 5.6)).add_subplot())
    (line,) = official_lines(ax).values()
    assert [float(y) for y in line.get_ydata()] == pytest.approx([453.8414, 585.9415])
    # The earlier revision: a hollow point at its own value, named by its edition.
    (old,) = [x for x in ax.lines if x.get_gid() == "revised:bns-2022/LT-turnover-2022"]
    assert float(old.get_ydata()[0]) == pytest.approx(580.0123)
    assert old.get_markerfacecolor() == "white"
    assert "bns-2022: 580.0 mn" in texts(ax)
    assert "earlier revision of the official figure" in legend_texts(ax)
    # The press figure meets the earlier revision only: the checker finds it preliminary, and the chart says so.
    assert [f.kind for f in kzlt_trade.check(ds) if f.relation == "official"] == ["preliminary"]
    (note,) = notes(ax, "preliminary")
    assert "reported 580 mn" in note
    assert "the edition bns-2022 had 580.0 mn" in note
    assert any(label.startswith("preliminary") for label in legend_texts(ax))
    # Without the revision the same figures draw no hollow point.
    bare = dataclasses.replace(ds, revised={})
    ax = plot_turnover(bare, partner="LT", ax=Figure().add_subplot())
    assert not [x for x in ax.lines if str(x.get_gid()).startswith("revised:")]


def test_a_year_the_office_has_no_figure_for_breaks_its_line() -> None:
    from matplotlib.figure import Figure

    from tests.factories import claim, source

    figures = [
        claim(f"bns-x/LT-turnover-{y}", "turnover", str(y), v, src="bns-x", unit="thousand USD")
        for y, v in ((2019, "400000"), (2021, "450000"), (2022, "580000"))
    ]
    press = claim("p/lt-turnover-2020", "turnover", "2020", "410", src="p")
    sources = (office_source("bns-x", date(2023, 7, 1)), source("p", date(2021, 3, 1)))
    ds = kzlt_trade.Dataset(sources, (*figures, press))
    ax = plot_turnover(ds, partner="LT", ax=Figure().add_subplot(), show_estimate=False)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2019", "2020", "2021", "2022"]
    # 2020 has a slot (the press's figure) but no office figure: the line stops there, it never drops to zero.
    (line,) = official_lines(ax).values()
    ys = [float(y) for y in line.get_ydata()]
    assert ys[0] == 400.0
    assert math.isnan(ys[1])
    assert ys[2:] == pytest.approx([450.0, 580.0])
    # Without the press figure, 2020 has no slot at all, and still the line does not join 2019 to 2021.
    alone = plot_turnover(ds.official, partner="LT", ax=Figure().add_subplot(), show_estimate=False)
    assert [t.get_text() for t in alone.get_xticklabels()] == ["2019", "2021", "2022"]
    (line,) = official_lines(alone).values()
    ys = [float(y) for y in line.get_ydata()]
    assert ys[0] == 400.0
    assert math.isnan(ys[1])
    assert ys[2:] == pytest.approx([450.0, 580.0])


def test_the_growth_chart_names_the_offices_levels(full: kzlt_trade.Dataset) -> None:
    ax = plot_growth(full, partner="LT")
    inner = next(a for a in ax.child_axes if f"reported:{CONTRADICTION}:plus_percent" in reported_lines_of(a))
    labels = [t.get_text() for t in inner.get_yticklabels()]
    assert "levels BNS 453.8 mn → BNS 585.9 mn imply +29.107 … +29.108 %" in labels
    # The MFA's +28.7 % meets the press levels but not the office's: a contradiction with it in the data.
    assert reported_lines(ax)["reported:mfa-2023-10-10/turnover-growth-2022:plus_percent"].get_marker() == "X"


def test_the_timeline_shows_the_offices_figures_beside_the_press(full: kzlt_trade.Dataset) -> None:
    ax = plot_claims(full, partner="LT")
    points = claim_points(ax)
    official = {p for p in points if full.source(full.claim(p).source).is_official}
    assert "bns-2023/LT-turnover-2022" in official
    assert "bns-2019/LT-turnover-2018" not in official  # no press figure for 2018: no row of its own
    press = {c.id for c in full.press if c.partner == "LT" and c.indicator in _common.MONEY}
    assert set(points) - official == press
    assert legend_texts(ax).count("BNS (official)") == 1
    lt = [c for c in full.official if c.partner == "LT"]
    assert any(
        f"official figures: {len(official)} beside the press's; {len(lt) - len(official)}" in t for t in texts(ax)
    )


# -- mirror flows ---------------------------------------------------------------------------------


def test_mirror_draws_both_sides_from_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    from kzlt_trade.mirror import mirror_table
    from kzlt_trade.plot import mirror as plot_mirror_module

    table = mirror_table(partner="LT")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("computed again")

    monkeypatch.setattr(plot_mirror_module, "mirror_table", refuse)
    ax = kzlt_trade.plot_mirror("LT", table=table)
    money, ratio = ax.child_axes
    drawn = {str(p.get_gid()): p for p in money.patches if p.get_gid()}
    kz = {str(x.get_gid()): x for x in money.lines if str(x.get_gid()).startswith("kz:")}
    ratios = {str(x.get_gid()): x for x in ratio.lines if str(x.get_gid()).startswith("ratio:")}
    gaps = {str(x.get_gid()) for a in (money, ratio) for x in a.lines if str(x.get_gid()).startswith("gap:")}
    for r in table.itertuples(index=False):
        for flow, low, high, mine, rlo, rhi in (
            ("imports", r.partner_exports_usd_low, r.partner_exports_usd_high, r.kz_imports_usd, r.ratio_low,
             r.ratio_high),
            ("exports", r.partner_imports_usd_low, r.partner_imports_usd_high, r.kz_exports_usd, r.export_ratio_low,
             r.export_ratio_high),
        ):  # fmt: skip
            key = f"{flow}:{r.year}"
            if math.isnan(low):
                # A gap, marked as one: no bar, no ratio, and never a bar of height zero.
                assert f"partner:{key}" not in drawn
                assert f"ratio:{key}" not in ratios
                assert {f"gap:partner:{key}", f"gap:ratio:{key}"} <= gaps
                continue
            bar = drawn[f"partner:{key}"]
            # In USD billion (the largest figure is 1.33 bn): the interval from the table's low to high.
            assert bar.get_y() == pytest.approx(low / 1000)
            assert bar.get_y() + bar.get_height() == pytest.approx(high / 1000)
            assert sorted(ratios[f"ratio:{key}"].get_ydata()) == pytest.approx([rlo, rhi])
            assert kz[f"kz:{key}"].get_ydata()[0] == pytest.approx(mine / 1000)
    assert money.get_ylabel() == "USD billion"
    assert ratio.get_yscale() == "log"
    # The years with a Comext gap in the bundled table: 2018 both ways; exports in 2019, 2022 and 2023.
    assert {g for g in gaps if g.startswith("gap:partner:")} == {
        "gap:partner:imports:2018", "gap:partner:exports:2018", "gap:partner:exports:2019",
        "gap:partner:exports:2022", "gap:partner:exports:2023",
    }  # fmt: skip


def test_mirror_draws_the_cif_fob_band() -> None:
    from matplotlib.figure import Figure

    from kzlt_trade.mirror import CifFob, mirror_table

    table = mirror_table(partner="LT", margin=CifFob(point=1.05, low=1.03, high=1.08))
    ax = kzlt_trade.plot_mirror("LT", table=table, ax=Figure(figsize=(9, 6)).add_subplot())
    _, ratio = ax.child_axes
    bands = {str(p.get_gid()): p for p in ratio.patches if str(p.get_gid()).startswith("band:")}
    # The table's own margin, unless another is given.
    imports = bands["band:imports"].get_extents()  # in display units: compare through the data transform
    lo, hi = ratio.transData.inverted().transform(imports)[:, 1]
    assert (lo, hi) == pytest.approx((1.03, 1.08))
    other = kzlt_trade.plot_mirror("LT", table=table, ax=Figure(figsize=(9, 6)).add_subplot(), margin=CifFob())
    _, ratio = other.child_axes
    band = next(p for p in ratio.patches if p.get_gid() == "band:exports").get_extents()
    lo, hi = ratio.transData.inverted().transform(band)[:, 1]
    assert (lo, hi) == pytest.approx((1 / 1.10, 1 / 1.02))


@pytest.mark.usefixtures("no_show", "restore_interactive")
def test_mirror_returns_its_axes_and_keeps_global_state(tmp_path: Path) -> None:
    before = dict(matplotlib.rcParams)
    _, ax = plt.subplots(figsize=(9, 6))
    assert kzlt_trade.plot_mirror("LT", ax=ax) is ax
    assert dict(matplotlib.rcParams) == before
    drawn = kzlt_trade.plot_mirror("ee")  # any case, as mirror_table takes it
    assert plt.gcf() is drawn.get_figure(root=True)
    assert "Estonia" in drawn.get_title(loc="left")
    assert_non_trivial_png(drawn, tmp_path / "mirror.png")


def test_mirror_refuses_what_it_cannot_draw() -> None:
    from kzlt_trade.mirror import mirror_table

    table = mirror_table(partner="LT")
    with pytest.raises(UsageError, match=r"partner='RO'.*\(LT\)"):
        kzlt_trade.plot_mirror("RO", table=table)
    with pytest.raises(UsageError, match="table"):
        kzlt_trade.plot_mirror("LT", table=table.drop(columns=["ratio_low"]))
    with pytest.raises(UsageError, match="partner"):
        kzlt_trade.plot_mirror("XX")
    with pytest.raises(kzlt_trade.UsageTypeError, match="margin"):
        kzlt_trade.plot_mirror("LT", table=table, margin=1.06)  # type: ignore[arg-type]  # what a user may try
    assert plt.get_fignums() == []  # refused before drawing

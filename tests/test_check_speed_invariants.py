"""What the checker's shortcuts must leave unchanged: the collector's state, and every value they stand in for.

The check (and reconcile) pauses the cyclic garbage collector, reads columns as lists, takes a
claim's primary row from a table and writes each group's evidence once. Each
test here sets a shortcut against the slow way it replaced, so that a change to
one shows up as a wrong value, not only as a different speed (speed itself is
measured by ``benchmarks/run.py``, never asserted).
"""

from __future__ import annotations

import gc

import numpy as np
import pytest

import kzlt_trade
from kzlt_trade import checker
from kzlt_trade.ambiguity import _by_row
from kzlt_trade.errors import UnknownClaimError
from kzlt_trade.interval import Interval
from kzlt_trade.nodes import Nodes
from kzlt_trade.readings import Readings


@pytest.fixture(scope="module")
def readings() -> Readings:
    return Readings.of(kzlt_trade.load())


@pytest.fixture(scope="module")
def report() -> kzlt_trade.Report:
    return kzlt_trade.check()


def test_check_runs_the_collector_again_after_it() -> None:
    assert gc.isenabled()
    kzlt_trade.check()
    assert gc.isenabled()


def test_check_leaves_a_paused_collector_paused() -> None:
    gc.disable()
    try:
        kzlt_trade.check()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_runs_again_when_the_check_fails(readings: Readings, monkeypatch: pytest.MonkeyPatch) -> None:
    def fails(_: Readings) -> Nodes:
        assert not gc.isenabled()
        raise RuntimeError("stop here")

    monkeypatch.setattr(Nodes, "of", fails)
    with pytest.raises(RuntimeError, match="stop here"):
        checker.check_readings(readings)
    assert gc.isenabled()


def test_reconcile_pauses_the_collector_and_runs_it_again(
    report: kzlt_trade.Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kzlt_trade import reconciler

    seen = []
    build = reconciler.build_network

    def watched(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return build(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reconciler, "build_network", watched)
    assert gc.isenabled()
    kzlt_trade.reconcile(report=report)
    assert seen == [False]
    assert gc.isenabled()


def test_findings_are_the_same_with_the_collector_paused_by_the_caller(report: kzlt_trade.Report) -> None:
    gc.disable()
    try:
        again = kzlt_trade.check()
    finally:
        gc.enable()
    assert [str(f) for f in again] == [str(f) for f in report]
    assert [f.key for f in again] == [f.key for f in report]


def test_column_lists_hold_the_cells(readings: Readings) -> None:
    for name in ("claim", "reading", "quote", "period_kind", "published", "lo", "ambiguous"):
        values = readings.values(name)
        assert values == list(readings.table[name].to_numpy())
        assert all(values[r] is readings.cell(r, name) for r in range(len(readings)))
    assert all(type(v) is str for v in readings.values("claim"))
    assert all(isinstance(v, np.datetime64) for v in readings.values("published"))


def test_primary_row_is_the_first_of_the_claims_rows(readings: Readings) -> None:
    for claim in readings.claim_ids.tolist():
        assert readings.primary_row(claim) == readings.rows_of(claim)[0]
        assert readings.cell(readings.primary_row(claim), "primary")
    with pytest.raises(UnknownClaimError):
        readings.primary_row("no-such/claim")


def test_strict_and_wide_intervals_are_kept_apart(readings: Readings) -> None:
    table = readings.table
    for r in range(len(readings)):
        strict, wide = readings.interval(r), readings.interval(r, wide=True)
        assert (strict.lo, strict.hi) == (table.at[r, "lo"], table.at[r, "hi"])
        assert (wide.lo, wide.hi) == (table.at[r, "wlo"], table.at[r, "whi"])
        assert readings.interval(r) is strict
    differ = [r for r in range(len(readings)) if readings.interval(r) != readings.interval(r, wide=True)]
    assert differ, "the bundled data has figures whose wide interval is wider"


def test_node_rows_are_python_ints_in_row_order(readings: Readings) -> None:
    nodes = Nodes.of(readings)
    for n in range(len(nodes)):
        rows = nodes.rows(n)
        assert all(type(r) is int for r in rows)
        assert rows == sorted(rows)
        assert all(nodes.node_of(r) == n for r in rows)


def test_groups_by_row_keep_their_order() -> None:
    rows = np.asarray([5, 2, 5, 2, 9], dtype=np.int64)
    groups = np.asarray([10, 20, 30, 40, 50], dtype=np.int64)
    got = _by_row(rows, groups)
    assert got == {2: [20, 40], 5: [10, 30], 9: [50]}
    assert all(type(k) is int for k in got)
    assert _by_row(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)) == {}


def test_a_period_label_quotes_the_refutation_its_resolution_quotes(report: kzlt_trade.Report) -> None:
    labels = report.of_kind("period_label")
    assert labels
    resolved = {f.claims[0]: f for f in report.of_kind("resolved_ambiguity")}
    for label in labels:
        # The label names the kept reading's claim first; its resolution gives each refuted reading's evidence.
        evidence = resolved[label.claims[0]].arithmetic.split("; as ")
        assert any(label.arithmetic.removeprefix("as ") == part.removeprefix("as ") for part in evidence)


def test_finding_intervals_are_the_rows_intervals(report: kzlt_trade.Report, readings: Readings) -> None:
    for f in report:
        for claim, reading, iv in zip(f.claims, f.readings, f.intervals, strict=True):
            rows = [r for r in readings.rows_of(claim) if readings.cell(r, "reading") == reading]
            assert len(rows) == 1
            assert isinstance(iv, Interval)
            assert iv == readings.interval(rows[0])

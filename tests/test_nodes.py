"""Nodes: repeated reports of one quantity taken together; disagreeing reports kept apart."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import kzlt_trade
from kzlt_trade.interval import Interval
from kzlt_trade.ivec import combine_codes
from kzlt_trade.nodes import Nodes, agreeing_clusters, largest_agreement
from kzlt_trade.readings import Readings


def test_two_reports_of_one_level_are_one_node(ds: kzlt_trade.Dataset) -> None:
    rd = Readings.of(ds)
    nodes = Nodes.of(rd)
    a = nodes.node_of(rd.primary_row("mfa-2023-10-10/turnover-2022"))
    b = nodes.node_of(rd.primary_row("kazinform-2023-02-24/lt-turnover-2022"))
    assert a == b
    assert nodes.interval(a) == Interval(584.25, 584.35)


def test_each_reading_of_an_ambiguous_claim_is_a_node_of_its_own(ds: kzlt_trade.Dataset) -> None:
    rd = Readings.of(ds)
    nodes = Nodes.of(rd)
    rows = rd.rows_of("kazinform-2023-02-24/ee-turnover-growth-2022")
    assert len({nodes.node_of(r) for r in rows}) == len(rows) == 2
    assert all(nodes.rows(nodes.node_of(r)) == [r] for r in rows)


def test_disagreeing_reports_keep_the_most_that_agree_together(ds: kzlt_trade.Dataset) -> None:
    rd = Readings.of(ds)
    nodes = Nodes.of(rd)
    rate_287 = rd.primary_row("mfa-2023-10-10/turnover-growth-2022")
    rate_30 = rd.primary_row("kazinform-2023-02-24/lt-turnover-growth-2022")
    assert nodes.node_of(rate_287) != nodes.node_of(rate_30)
    # Both stay reports of one quantity, which the same_quantity relation judges as a whole.
    assert nodes.quantity_rows(nodes.node_of(rate_287)) == sorted([rate_287, rate_30])
    assert nodes.quantity_rows(nodes.node_of(rate_30)) == sorted([rate_287, rate_30])


def _readings(values: list[tuple[float, float]]) -> Readings:
    """Readings of one quantity reported once per (lo, hi) pair."""
    table = kzlt_trade.readings.Readings.of(kzlt_trade.load()).table.iloc[[0] * len(values)].copy()
    table["claim"] = [f"s{i}/c" for i in range(len(values))]
    table["lo"] = table["wlo"] = [lo for lo, _ in values]
    table["hi"] = table["whi"] = [hi for _, hi in values]
    for c in ("lo_open", "hi_open", "wlo_open", "whi_open"):
        table[c] = False
    return Readings(table)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 3)), min_size=1, max_size=8))
def test_a_node_is_the_intersection_of_reports_that_share_a_value(spans: list[tuple[int, int]]) -> None:
    values = [(float(a), float(a + w)) for a, w in spans]
    nodes = Nodes.of(_readings(values))
    ivs = [Interval(lo, hi) for lo, hi in values]
    agree = largest_agreement(ivs)
    # Every node's reports share a value, and its interval is exactly their intersection.
    for n in range(len(nodes)):
        rows = nodes.rows(n)
        meet: Interval | None = ivs[rows[0]]
        for r in rows[1:]:
            assert meet is not None
            meet = meet.intersect(ivs[r])
        assert meet == nodes.interval(n)
    # The largest agreeing set is one node, the largest of the rest another, and so on.
    sizes = sorted(len(nodes.rows(n)) for n in range(len(nodes)))
    assert sizes == sorted(len(c) for c in agreeing_clusters(ivs))
    assert max(sizes) == len(agree)


def test_largest_agreement_finds_the_most_overlapping_intervals() -> None:
    ivs = [Interval(0, 1), Interval(5, 6), Interval(0.5, 2), Interval(5.5, 7), Interval(5.8, 9)]
    assert largest_agreement(ivs) == [1, 3, 4]


def test_combine_codes_numbers_combinations_in_order_of_first_appearance() -> None:
    a = np.array(["x", "y", "x", "y", "x"], dtype=object)
    b = np.array([1, 1, 1, 2, 1])
    assert combine_codes([a, b]).tolist() == [0, 1, 0, 2, 0]
    assert combine_codes([pd.Series(a).to_numpy()]).tolist() == [0, 1, 0, 1, 0]

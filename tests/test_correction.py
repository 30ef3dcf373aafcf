"""Correction sets: hitting sets of the contradictions, tried cheapest first, around each cluster only."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

import kzlt_trade
from kzlt_trade.checker import check_readings
from kzlt_trade.correction import clusters, hitting_sets
from kzlt_trade.readings import Readings
from kzlt_trade.reconciler import reconcile_readings


@given(st.lists(st.sets(st.integers(0, 8), min_size=1, max_size=4), min_size=1, max_size=5))
def test_every_hitting_set_meets_every_conflict(conflicts: list[set[int]]) -> None:
    found = hitting_sets(conflicts, 3)
    assert all(all(s & c for c in conflicts) for s in found)
    assert all(len(s) <= 3 for s in found)
    # Every minimal hitting set of at most three claims is among them.
    universe = sorted(set().union(*conflicts))
    from itertools import combinations

    minimal = [
        frozenset(s)
        for k in (1, 2, 3)
        for s in combinations(universe, k)
        if all(set(s) & c for c in conflicts)
        and not any(all(set(t) & c for c in conflicts) for t in combinations(s, k - 1))
    ]
    assert set(minimal) <= set(found)


def test_conflicts_sharing_a_claim_are_one_cluster() -> None:
    assert clusters([{1, 2}, {3, 4}, {2, 5}, {6}]) == [[{1, 2}, {2, 5}], [{3, 4}], [{6}]]


def test_each_cluster_of_contradictions_gets_its_own_correction() -> None:
    """Six copies of the bundled figures for Lithuania, each under a partner of its own and each with its "+30 %"."""
    base = Readings.of(kzlt_trade.load(official=False)).table
    lt = base[(base["partner"] == "LT") & ~base["ambiguous"]]
    copies = []
    for i in range(6):
        t = lt.assign(claim=lt["claim"] + f"~{i}", source=lt["source"] + f"~{i}", partner=f"L{i}")
        copies.append(t)
    rd = Readings(pd.concat(copies, ignore_index=True))
    est = reconcile_readings(rd, check_readings(rd))
    assert est.most_likely_wrong == tuple(sorted(f"kazinform-2023-02-24/lt-turnover-growth-2022~{i}" for i in range(6)))

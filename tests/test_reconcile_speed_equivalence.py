"""The reconciler's fast paths give what the plain ones give.

The clusters of contradictions are searched side by side (one propagation of all
their networks at once, :class:`kzlt_trade.correction._Neighbourhoods`), the hitting
sets found with bit masks and a memory of the sets already reached, the network's
variables numbered one key column at a time, the claims per variable gathered by
sorting: each is checked here against the plain way, on a realistic benchmark folder
with many clusters and on generated inputs.
"""

from __future__ import annotations

import importlib
import itertools
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kzlt_trade
from kzlt_trade.checker import check_readings
from kzlt_trade.correction import (
    MAX_EXACT_REMOVALS,
    Corrector,
    _at_most_hitting_sets,
    _feasible,
    _Neighbourhoods,
    clusters,
    hitting_sets,
)
from kzlt_trade.ivec import combine_codes
from kzlt_trade.network import build_network, propagate
from kzlt_trade.readings import Readings
from kzlt_trade.reconciler import _claims_by_variable, _tense_rows, chosen_rows

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A realistic folder with many injected errors: its readings, network and clusters of conflicts."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        realistic = importlib.import_module("realistic")
    finally:
        sys.path.remove(str(BENCHMARKS))
    folder = realistic.write_folder(tmp_path_factory.mktemp("data"), 8000, seed=5, inject=0.1)
    rd = Readings.of(kzlt_trade.load(folder.path))
    report = check_readings(rd)
    rows = chosen_rows(rd, report.live_readings)
    net = build_network(rd, rows, wide=_tense_rows(rd, rows, report, set()))
    row_of = {str(rd.col("claim")[r]): int(r) for r in rows[::-1].tolist()}
    contradictions = [f for f in report.contradictions if f.relation != "readings"]
    conflicts = [{row_of[c] for c in f.claims if c in row_of} for f in contradictions]
    corrector = Corrector(rd, net)
    suspects = set().union(*conflicts)
    corrector.evidence = corrector._evidence(suspects)
    return {"rd": rd, "net": net, "corrector": corrector, "groups": clusters(conflicts), "suspects": suspects}


def test_the_folder_has_many_clusters_and_an_inconsistent_network(case: dict[str, Any]) -> None:
    assert len(case["groups"]) >= 20
    lo, hi = propagate(case["net"])
    assert (lo > hi).any()


def test_searching_the_clusters_side_by_side_finds_each_ones_own_correction(case: dict[str, Any]) -> None:
    corrector, groups, suspects = case["corrector"], case["groups"], case["suspects"]
    alone = [corrector.correction_set(g, leave_out=suspects) for g in groups]
    assert corrector._correction_sets(groups, suspects) == alone
    assert any(alone)


def test_a_cluster_needing_more_than_the_exact_search_goes_greedy_the_same_way(case: dict[str, Any]) -> None:
    corrector, suspects = case["corrector"], case["suspects"]
    # Four conflicts of one claim each: no hitting set of at most three claims meets them all.
    claims = sorted(set().union(*case["groups"][0]))[:1] + sorted(set().union(*case["groups"][1]))[:3]
    if len(claims) <= MAX_EXACT_REMOVALS:
        pytest.skip("the folder's first clusters are too small")
    four = [{r} for r in claims]
    assert hitting_sets(four, MAX_EXACT_REMOVALS) == []
    assert corrector._correction_sets([four], suspects) == [corrector.correction_set(four, leave_out=suspects)]


def test_one_propagation_of_many_networks_judges_each_as_alone(case: dict[str, Any]) -> None:
    corrector, groups, suspects = case["corrector"], case["groups"], case["suspects"]
    claims, combos, expected = [], [], []
    for g in groups:
        rows = set().union(*g)
        sub, held = corrector.around(rows)
        sub = sub.without((suspects & held) - rows)
        # Nothing removed, each claim alone, and the first few hitting sets.
        for combo in [frozenset(), *(frozenset((r,)) for r in sorted(rows)[:3]), *hitting_sets(g, 2)[:3]]:
            claims.append(rows)
            combos.append(combo)
            expected.append(_feasible(sub, set(combo)))
    hoods = _Neighbourhoods.around(corrector, claims, suspects)
    got = hoods.without(combos).feasible()
    assert got.tolist() == expected
    assert not all(expected)
    assert any(expected)
    # Keeping some of the networks keeps their verdicts.
    some = np.arange(len(claims)) % 3 == 0
    kept = _Neighbourhoods.around(corrector, claims, suspects).keep(some)
    assert kept.without([c for c, s in zip(combos, some.tolist(), strict=True) if s]).feasible().tolist() == [
        e for e, s in zip(expected, some.tolist(), strict=True) if s
    ]


def test_a_short_propagation_stops_each_network_where_it_would_stop_alone(case: dict[str, Any]) -> None:
    corrector, groups, suspects = case["corrector"], case["groups"], case["suspects"]
    claims = [set().union(*g) for g in groups]
    hoods = _Neighbourhoods.around(corrector, claims, suspects).without([frozenset()] * len(claims))
    for sweeps in (1, 2):
        expected = []
        for rows in claims:
            sub, held = corrector.around(rows)
            lo, hi = propagate(sub.without((suspects & held) - rows), max_sweeps=sweeps, until_empty=True)
            expected.append(bool(np.all(lo <= hi)))
        assert hoods.feasible(max_sweeps=sweeps).tolist() == expected


def _plain_hitting_sets(conflicts: list[set[int]], size: int, limit: int) -> set[frozenset[int]]:
    """The search as first written: sets of claims, every branch followed, no memory."""
    found: set[frozenset[int]] = set()

    def grow(chosen: frozenset[int]) -> None:
        if len(found) >= limit:
            return
        open_ = [c for c in conflicts if not (c & chosen)]
        if not open_:
            found.add(chosen)
            return
        if len(chosen) == size:
            return
        for x in sorted(min(open_, key=len)):
            grow(chosen | {x})

    grow(frozenset())
    return found


conflict_lists = st.lists(st.sets(st.integers(0, 11), max_size=6), min_size=1, max_size=6)


@settings(max_examples=300)
@given(conflict_lists, st.integers(1, 4), st.sampled_from([1, 2, 3, 7, 5000]))
def test_hitting_sets_are_those_of_the_plain_search(conflicts: list[set[int]], size: int, limit: int) -> None:
    found = hitting_sets(conflicts, size, limit)
    assert len(found) == len(set(found))
    assert set(found) == _plain_hitting_sets(conflicts, size, limit)


@given(conflict_lists, st.integers(1, 4))
def test_the_bound_on_hitting_sets_holds(conflicts: list[set[int]], size: int) -> None:
    assert len(hitting_sets(conflicts, size, limit=10**9)) <= _at_most_hitting_sets(conflicts, size)


@given(st.lists(st.sets(st.integers(0, 9), min_size=1, max_size=5), min_size=1, max_size=5))
def test_the_sets_of_one_claim_are_the_claims_every_conflict_shares(conflicts: list[set[int]]) -> None:
    ones = {next(iter(s)) for s in hitting_sets(conflicts, MAX_EXACT_REMOVALS, limit=10**9) if len(s) == 1}
    assert ones == set.intersection(*conflicts)


keys = st.lists(
    st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from(["x", "y"]), st.integers(0, 3)), max_size=30
)


@given(keys)
def test_combining_key_columns_one_at_a_time_gives_the_codes_of_all_at_once(rows: list[tuple[str, str, int]]) -> None:
    columns = [np.asarray([r[k] for r in rows], dtype=object) for k in range(3)]
    code = np.zeros(len(rows), dtype=np.int64)
    for column in columns:
        code = combine_codes([code, column])
    assert code.tolist() == combine_codes(columns).tolist()


@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 4)), max_size=40))
def test_claims_by_variable_are_each_variables_distinct_claims_sorted(pairs: list[tuple[int, int]]) -> None:
    ids = np.asarray(sorted(f"claim-{k}" for k in range(5)), dtype=object)
    var = np.asarray([v for v, _ in pairs], dtype=np.int64)
    code = np.asarray([c for _, c in pairs], dtype=np.int64)
    plain: dict[int, set[str]] = {}
    for v, c in pairs:
        plain.setdefault(v, set()).add(str(ids[c]))
    assert _claims_by_variable(var, code, ids) == {v: tuple(sorted(s)) for v, s in plain.items()}


def test_a_search_cut_at_the_limit_keeps_the_sets_found_first() -> None:
    # Three disjoint conflicts of twenty claims: 8,000 sets, cut at the limit in the order of the search.
    conflicts = [set(range(k * 20, k * 20 + 20)) for k in range(3)]
    found = hitting_sets(conflicts, 3)
    assert len(found) == 5000
    assert set(found) == _plain_hitting_sets(conflicts, 3, 5000)
    assert found[0] == frozenset({0, 20, 40})
    assert set(itertools.islice(found, 20)) == {frozenset({0, 20, x}) for x in range(40, 60)}
    assert all(len(s) == 3 for s in found)

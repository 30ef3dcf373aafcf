"""The network: variables from claims, constraints from the relation registry, sound propagation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kzlt_trade
from kzlt_trade.network import Network, build_network, components, implications, propagate
from kzlt_trade.readings import Readings
from kzlt_trade.reconciler import chosen_rows


@pytest.fixture(scope="module")
def readings() -> Readings:
    return Readings.of(kzlt_trade.load(official=False))


def test_every_constraint_comes_from_a_relation_of_the_registry(readings: Readings) -> None:
    from kzlt_trade.relations import REGISTRY

    net = build_network(readings, chosen_rows(readings, {}))
    names = {rel.name for rel, _ in net.constraints}
    assert names <= set(REGISTRY)
    assert {"sum", "growth", "part_whole"} <= names


def test_the_bundled_figures_without_the_thirty_percent_are_feasible(readings: Readings) -> None:
    rows = chosen_rows(readings, kzlt_trade.check(kzlt_trade.load(official=False)).live_readings)
    net = build_network(readings, rows)
    lo, hi = propagate(net)
    labels = components(net)
    bad = set(np.unique(labels[lo > hi]).tolist())
    assert len(bad) == 1
    thirty = readings.primary_row("kazinform-2023-02-24/lt-turnover-growth-2022")
    lo, hi = propagate(net.without({thirty}))
    assert np.all(lo <= hi)


def test_propagation_derives_what_no_claim_states(readings: Readings) -> None:
    thirty = readings.primary_row("kazinform-2023-02-24/lt-turnover-growth-2022")
    rows = np.setdiff1d(chosen_rows(readings, {}), [thirty])
    net = build_network(readings, rows)
    lo, hi = propagate(net)
    v = net.variables
    ee_2021 = np.flatnonzero(
        ((v["partner"] == "EE") & (v["pkey"] == "2021") & (v["indicator"] == "turnover")).to_numpy()
    )
    assert len(ee_2021) == 1
    # 122 million over 6.4 times: 121.5 / 6.45 to 122.5 / 6.35.
    assert lo[ee_2021[0]] <= 121.5 / 6.45 <= 122.5 / 6.35 <= hi[ee_2021[0]]
    assert hi[ee_2021[0]] - lo[ee_2021[0]] < 0.5


def test_until_empty_stops_at_the_first_empty_variable(readings: Readings) -> None:
    net = build_network(readings, chosen_rows(readings, {}))
    lo, hi = propagate(net, until_empty=True)
    assert (lo > hi).any()


def test_implications_of_each_reading_of_an_ambiguous_claim(readings: Readings) -> None:
    rows = readings.rows_of("kazinform-2023-02-24/ee-turnover-growth-2022")
    assert implications(readings, rows[0]) == "turnover 2022 in [121.5, 122.5], turnover 2021 in [18.837, 19.291]"
    assert implications(readings, rows[1]) == "turnover 2022 in [121.5, 122.5], turnover 2021 in [16.309, 16.667]"


@given(
    st.integers(1, 40).flatmap(
        lambda n: st.tuples(st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=60))
    )
)
def test_components_are_those_of_a_plain_union_find(graph: tuple[int, list[tuple[int, int]]]) -> None:
    # Each label is the least variable of its component, as a union-find that keeps the least root finds.
    from dataclasses import replace

    from kzlt_trade.relations import REGISTRY, Constraints, Members

    n, edges = graph
    a = np.asarray([x for x, _ in edges], dtype=np.int64)
    b = np.asarray([y for _, y in edges], dtype=np.int64)
    same = Constraints(Members(a, b, np.full(len(a), -1, dtype=np.int64)))
    empty = np.zeros(0)
    net = Network(
        variables=None, base_lo=np.zeros(n), base_hi=np.zeros(n),  # type: ignore[arg-type]
        u_var=empty.astype(np.int64), u_lo=empty, u_hi=empty, u_row=empty.astype(np.int64),
        u_row2=empty.astype(np.int64), constraints=((REGISTRY["same_quantity"], same),),
    )  # fmt: skip
    root = list(range(n))

    def find(x: int) -> int:
        while root[x] != x:
            x = root[x]
        return x

    for x, y in edges:
        rx, ry = find(x), find(y)
        root[max(rx, ry)] = min(rx, ry)
    assert components(net).tolist() == [find(x) for x in range(n)]
    assert components(replace(net, constraints=())).tolist() == list(range(n))

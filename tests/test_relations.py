"""The relation registry: one object per kind, generated on the full key, decided by interval arithmetic."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import kzlt_trade
from kzlt_trade.nodes import NODE_COLUMNS
from kzlt_trade.relations import REGISTRY, Members, Relation
from kzlt_trade.vocabulary import RELATIONS


def nodes_table(rows: list[dict[str, object]]) -> pd.DataFrame:
    """A nodes table: defaults for a yearly level, overridden per row."""
    defaults: dict[str, object] = {
        "partner": "LT", "reporter": "KZ", "indicator": "turnover", "flow": "both", "scope": "", "measure": "level",
        "pkey": "2022", "bkey": "", "currency": "", "unrated": "", "origin": "press", "period_kind": "year",
        "months_known": True,
        "quantity": -1,
    }  # fmt: skip
    out = []
    for i, r in enumerate(rows):
        row = {**defaults, **r, "node": i}
        year = int(str(row["pkey"])[:4])
        row.setdefault("period_start", pd.Timestamp(year, 1, 1))
        row.setdefault("period_end", pd.Timestamp(year, 12, 31))
        out.append(row)
    t = pd.DataFrame(out)
    t["period_start"] = pd.to_datetime(t["period_start"])
    t["period_end"] = pd.to_datetime(t["period_end"])
    # Exact periods surely cover what they span.
    t["core_start"] = t.get("core_start", t["period_start"]).fillna(t["period_start"])
    t["core_end"] = t.get("core_end", t["period_end"]).fillna(t["period_end"])
    return t[["node", *NODE_COLUMNS, "quantity"]]


def pairs(m: Members) -> set[tuple[int, ...]]:
    return {tuple(int(x) for x in t if x >= 0) for t in zip(m.m0, m.m1, m.m2, strict=True)}


def test_the_registry_holds_every_relation_of_the_vocabulary_once() -> None:
    assert tuple(REGISTRY) == RELATIONS
    for name, rel in REGISTRY.items():
        assert isinstance(rel, Relation)
        assert rel.name == name
        assert rel.words


def test_sum_joins_turnover_exports_and_imports_of_one_period_only() -> None:
    t = nodes_table([
        {"indicator": "turnover"}, {"indicator": "exports", "flow": "export"},
        {"indicator": "imports", "flow": "import"}, {"indicator": "exports", "flow": "export", "pkey": "2021"},
        {"indicator": "imports", "flow": "import", "partner": "EE"},
    ])  # fmt: skip
    assert pairs(REGISTRY["sum"].generate(t)) == {(0, 1, 2)}


def test_growth_joins_a_ratio_to_its_two_levels() -> None:
    t = nodes_table([
        {"measure": "ratio", "pkey": "2022", "bkey": "2021"}, {"pkey": "2022"}, {"pkey": "2021"}, {"pkey": "2020"},
        {"measure": "change", "pkey": "2022", "bkey": "2021"},
    ])  # fmt: skip
    assert pairs(REGISTRY["growth"].generate(t)) == {(0, 1, 2)}
    assert pairs(REGISTRY["change"].generate(t)) == {(4, 1, 2)}


def test_member_within_eu_only_over_the_same_period() -> None:
    t = nodes_table(
        [{"partner": "EU", "pkey": "2022"}, {"partner": "LT", "pkey": "2022"}, {"partner": "LT", "pkey": "2021"}]
    )
    got = pairs(REGISTRY["part_whole"].generate(t))
    assert (1, 0) in got
    assert (2, 0) not in got


def test_a_part_of_a_year_within_its_year_and_windows_around_periods() -> None:
    t = nodes_table([
        {"pkey": "2022"},
        {"pkey": "2022-01..2022-06", "period_kind": "partial", "period_end": pd.Timestamp(2022, 6, 30)},
        {"pkey": "2005-01..2023-09", "period_kind": "window", "period_start": pd.Timestamp(2005, 1, 1),
         "period_end": pd.Timestamp(2023, 9, 30)},
        {"pkey": "2024"},
    ])  # fmt: skip
    got = pairs(REGISTRY["part_whole"].generate(t))
    assert {(1, 0), (0, 2), (1, 2)} <= got
    assert (3, 2) not in got


def test_instances_grow_with_quantities_not_with_repeated_reports(ds: kzlt_trade.Dataset) -> None:
    """k copies of the bundled data (the same figures, new sources) make the same relation instances.

    From two copies on, that is: with one copy, a quantity reported once needs no same-quantity check.
    """
    from kzlt_trade.nodes import Nodes
    from kzlt_trade.readings import Readings

    base = Readings.of(ds.select(partner="LT")).table
    plain = base[~base["ambiguous"] & ~base["pkey"].str.contains("#")]
    counts = []
    for k in (2, 4, 8):
        copies = [plain.assign(claim=plain["claim"] + f"~{i}", source=plain["source"] + f"~{i}") for i in range(k)]
        nodes = Nodes.of(Readings(pd.concat(copies, ignore_index=True)))
        counts.append(sum(len(rel.instances(nodes)) for rel in REGISTRY.values()))
    assert counts[0] == counts[1] == counts[2]


@pytest.mark.parametrize("name", RELATIONS)
def test_every_relation_decides_with_the_nodes_intervals(name: str, ds: kzlt_trade.Dataset) -> None:
    from kzlt_trade.nodes import Nodes
    from kzlt_trade.readings import Readings

    nodes = Nodes.of(Readings.of(ds))
    rel = REGISTRY[name]
    m = rel.instances(nodes)
    ok, implied = rel.decide(nodes, m, wide=False)
    wide_ok, _ = rel.decide(nodes, m, wide=True)
    assert len(ok) == len(implied) == len(m)
    # The wide intervals hold the strict ones: whatever holds strictly holds widely.
    assert not np.any(ok & ~wide_ok)


def test_a_member_is_within_the_eu_only_while_it_is_a_member() -> None:
    t = nodes_table([
        {"partner": "EU", "pkey": "2010"}, {"partner": "HR", "pkey": "2010"},
        {"partner": "EU", "pkey": "2015"}, {"partner": "HR", "pkey": "2015"},
        {"partner": "EU28", "pkey": "2010"}, {"partner": "GB", "pkey": "2021"}, {"partner": "EU", "pkey": "2021"},
    ])  # fmt: skip
    got = pairs(REGISTRY["part_whole"].generate(t))
    assert (3, 2) in got  # Croatia in 2015, a member since July 2013
    assert (1, 0) not in got  # Croatia in 2010, not yet a member
    assert (1, 4) in got  # the fixed composition of 28 holds Croatia whatever the date
    assert (5, 6) not in got  # the United Kingdom in 2021, after its withdrawal

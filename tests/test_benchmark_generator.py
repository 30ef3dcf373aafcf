"""The benchmarks' synthetic claim sets: both shapes load or fit the table contract, are consistent, recover exactly.

``benchmarks/`` is not a package: its folder is put on ``sys.path`` and its modules
imported by name (``realistic``, ``generate``, ``floor``, ``engine``, ``run``).
``engine`` holds the one place where the library's internal entry points are named.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import pytest

import kzlt_trade

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"

#: Three members keep the folders small with several years (all 27 make one year of 2,000 claims).
MEMBERS = ("EE", "LT", "RO")
#: Injection kinds tried together: at most three fall in the one network component of the trade
#: figures (with many more, today's reconciler rejects more than the smallest correction set: see
#: ``test_realistic_many_injections_are_recovered_exactly``).
GROUPS = (
    ("same_quantity", "sum", "growth", "range:rank"),
    ("change", "part_whole:flow", "part_whole:partial", "rank_nesting"),
    ("part_whole:member", "part_whole:window"),
)


@pytest.fixture(scope="module")
def bench() -> Iterator[dict[str, ModuleType]]:
    """The benchmark modules, imported from ``benchmarks/``."""
    import importlib

    sys.path.insert(0, str(BENCHMARKS))
    try:
        yield {name: importlib.import_module(name) for name in ("engine", "floor", "generate", "realistic", "run")}
    finally:
        sys.path.remove(str(BENCHMARKS))


def _analyse(path: Path) -> tuple[Any, Any, Any]:
    ds = kzlt_trade.load(path)
    report = kzlt_trade.check(ds)
    return ds, report, kzlt_trade.reconcile(ds, report=report)


def _named(report: Any) -> set[str]:
    return {c for f in report.contradictions for c in f.claims}


# -- the simple shape: a readings table built directly -------------------------------------------


def test_simple_table_has_exactly_the_contract_columns_and_dtypes(bench: dict[str, ModuleType], ds: Any) -> None:
    frame = bench["generate"].generate(2000, seed=3).frame
    assert list(frame.columns) == list(bench["engine"].columns())
    assert len(frame) == 2000
    real = bench["engine"].table(ds)
    assert frame.dtypes.to_dict() == real.dtypes.to_dict()
    assert frame["claim"].is_unique
    assert frame["primary"].all()
    assert not frame["ambiguous"].any()


def test_simple_same_seed_same_set(bench: dict[str, ModuleType]) -> None:
    gen = bench["generate"]
    a, b = gen.generate(1500, seed=11), gen.generate(1500, seed=11)
    pd.testing.assert_frame_equal(a.frame, b.frame)
    assert a.injected == b.injected
    assert not gen.generate(1500, seed=12).frame.equals(a.frame)


def test_simple_consistent_set_has_no_contradiction_and_rejects_nothing(bench: dict[str, ModuleType]) -> None:
    engine = bench["engine"]
    synthetic = bench["generate"].generate(2000, seed=1, inject=0.0)
    assert synthetic.injected == {}
    report, state = engine.check_table(synthetic.frame)
    assert report.contradictions == ()
    assert report.tensions == ()
    assert engine.reconcile_table(state, report).most_likely_wrong == ()
    # The floor agrees: every relation holds on the strict intervals.
    assert bench["floor"].relations(synthetic.frame)["strict_ok"].all()


def test_simple_injected_contradictions_are_recovered_exactly(bench: dict[str, ModuleType]) -> None:
    engine = bench["engine"]
    gen = bench["generate"]
    synthetic = gen.generate(2000, seed=2, inject=1.0)
    injected = set(synthetic.injected)
    assert set(synthetic.injected.values()) == set(gen.INJECTION_KINDS)
    assert len(injected) >= 10
    report, state = engine.check_table(synthetic.frame)
    assert injected <= _named(report)
    assert set(engine.reconcile_table(state, report).most_likely_wrong) == injected


@pytest.mark.parametrize("n", [1, 37, 999])
def test_simple_exact_size(bench: dict[str, ModuleType], n: int) -> None:
    assert len(bench["generate"].generate(n, seed=5).frame) == n


# -- the realistic shape: a data folder --------------------------------------------------------------


def test_realistic_folder_loads(bench: dict[str, ModuleType], tmp_path: Path) -> None:
    folder = bench["realistic"].write_folder(tmp_path / "data", 2000, seed=4, members=MEMBERS)
    ds = kzlt_trade.load(folder.path)  # verifies every hash, every quote at its offsets, every number
    assert len(ds) == folder.n_claims == 2000
    claims = pd.read_csv(folder.path / "claims.csv", dtype=str, keep_default_na=False)
    readings = pd.read_csv(folder.path / "readings.csv", dtype=str, keep_default_na=False)
    assert set(claims["partner"]) == {"EU", *MEMBERS}
    assert {"level", "percent_increase", "percent_of_base"} <= set(claims["form"])
    assert 0.03 <= len(readings) / len(claims) <= 0.07
    assert set(readings["reading"].str.replace(r"\d{4}$", "", regex=True)) <= {
        "times_increase", "percent_of_base", "year_",
    }  # fmt: skip
    sizes = claims.groupby("source").size()
    assert sizes.max() <= 50
    assert (sizes >= 5).mean() >= 0.9
    assert claims["period"].str.endswith("-part").any()  # "the same period"
    assert claims["period"].str.match(r"^\d{4}-01\.\.\d{4}-\d\d$").any()  # months known


def test_realistic_same_seed_byte_identical_folder(bench: dict[str, ModuleType], tmp_path: Path) -> None:
    write = bench["realistic"].write_folder

    def digest(path: Path) -> dict[str, str]:
        return {str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(path.rglob("*")) if p.is_file()}  # fmt: skip

    a = write(tmp_path / "a", 1200, seed=7, members=MEMBERS, inject=0.02)
    b = write(tmp_path / "b", 1200, seed=7, members=MEMBERS, inject=0.02)
    c = write(tmp_path / "c", 1200, seed=8, members=MEMBERS, inject=0.02)
    assert digest(a.path) == digest(b.path)
    assert a.injected == b.injected
    assert digest(a.path) != digest(c.path)


def test_realistic_partners_are_a_parameter(bench: dict[str, ModuleType], tmp_path: Path) -> None:
    realistic = bench["realistic"]
    accepted = realistic.accepted_members()
    assert set(MEMBERS) <= set(accepted) <= set(realistic.EU_MEMBERS)
    folder = realistic.write_folder(tmp_path / "data", 300, seed=1, members=("LT",))
    assert folder.partners == ("EU", "LT")
    claims = pd.read_csv(folder.path / "claims.csv", dtype=str, keep_default_na=False)
    assert set(claims["partner"]) == {"EU", "LT"}


@pytest.fixture(scope="module")
def consistent(bench: dict[str, ModuleType], tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any, Any]:
    """A realistic folder with no injection (and the usual ambiguous readings), checked and reconciled."""
    folder = bench["realistic"].write_folder(tmp_path_factory.mktemp("consistent"), 2000, seed=1, members=MEMBERS,
                                             inject=0.0)  # fmt: skip
    assert folder.injected == {}
    return _analyse(folder.path)


def test_realistic_consistent_folder_rejects_nothing(consistent: tuple[Any, Any, Any]) -> None:
    _, _, estimates = consistent
    assert estimates.most_likely_wrong == ()


def test_realistic_consistent_folder_has_no_contradiction(consistent: tuple[Any, Any, Any]) -> None:
    _, report, _ = consistent
    assert report.contradictions == ()


def test_realistic_consistent_folder_without_ambiguity(bench: dict[str, ModuleType], tmp_path: Path) -> None:
    folder = bench["realistic"].write_folder(tmp_path / "data", 2000, seed=2, members=MEMBERS, inject=0.0,
                                             ambiguous=0.0)  # fmt: skip
    _, report, estimates = _analyse(folder.path)
    assert report.contradictions == ()
    assert report.tensions == ()
    assert estimates.most_likely_wrong == ()


def test_realistic_truncated_printing_makes_no_contradiction(bench: dict[str, ModuleType], tmp_path: Path) -> None:
    # Truncated figures read as rounded may break relations on the strict intervals; the wide reading allows
    # either convention, so they can make tensions, never contradictions.
    folder = bench["realistic"].write_folder(tmp_path / "data", 2000, seed=3, members=MEMBERS, inject=0.0,
                                             ambiguous=0.0, truncate=1.0)  # fmt: skip
    report = kzlt_trade.check(kzlt_trade.load(folder.path))
    assert report.contradictions == ()
    assert report.tensions
    # And the reconciler, which reads a figure in tension widely, rejects none of them.
    assert kzlt_trade.reconcile(report=report).most_likely_wrong == ()


@pytest.mark.parametrize("kinds", GROUPS, ids=["+".join(g) for g in GROUPS])
def test_realistic_injections_are_recovered_exactly(
    bench: dict[str, ModuleType], tmp_path: Path, kinds: tuple[str, ...]
) -> None:
    folder = bench["realistic"].write_folder(tmp_path / "data", 2000, seed=0, members=("LT",), kinds=kinds,
                                             max_injections=len(kinds))  # fmt: skip
    assert sorted(folder.injected.values()) == sorted(kinds)
    _, report, estimates = _analyse(folder.path)
    assert set(folder.injected) <= _named(report)
    assert set(estimates.most_likely_wrong) == set(folder.injected)


def test_realistic_share_beyond_its_range_is_rejected(bench: dict[str, ModuleType], tmp_path: Path) -> None:
    folder = bench["realistic"].write_folder(tmp_path / "data", 2000, seed=0, members=("LT",),
                                             kinds=("range:share",), max_injections=1)  # fmt: skip
    assert list(folder.injected.values()) == ["range:share"]
    _, report, estimates = _analyse(folder.path)
    assert set(folder.injected) <= _named(report)
    assert set(estimates.most_likely_wrong) == set(folder.injected)


def test_realistic_many_injections_are_recovered_exactly(bench: dict[str, ModuleType], tmp_path: Path) -> None:
    folder = bench["realistic"].write_folder(tmp_path / "data", 2000, seed=1, members=MEMBERS, inject=0.02)
    assert len(folder.injected) >= 20
    assert len(set(folder.injected.values())) >= 6
    _, report, estimates = _analyse(folder.path)
    assert set(folder.injected) <= _named(report)
    assert set(estimates.most_likely_wrong) == set(folder.injected)


def test_realistic_every_kind_is_injectable(bench: dict[str, ModuleType]) -> None:
    realistic = bench["realistic"]
    assert {k for g in GROUPS for k in g} | {"range:share"} == set(realistic.INJECTION_KINDS)
    relations = {k.split(":")[0] for k in realistic.INJECTION_KINDS}
    assert relations == set(bench["floor"].RELATIONS)


# -- repeated reports ------------------------------------------------------------------------------


def test_bundled_data_copied_twice_loads(bench: dict[str, ModuleType], tmp_path: Path) -> None:
    bench["run"].copy_bundled(tmp_path / "data", 2)
    ds = kzlt_trade.load(tmp_path / "data", official=False)
    assert len(ds) == 2 * len(kzlt_trade.load(official=False))


def test_floor_counts_one_merge_at_a_time_as_all_at_once(
    bench: dict[str, ModuleType], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The runner's floor (failures: one merge at a time, decided in slices) counts what relations() decides.
    floor, run = bench["floor"], bench["run"]
    folder = bench["realistic"].write_folder(tmp_path / "data", 2000, seed=4, members=MEMBERS)
    table = run._table(kzlt_trade.load(folder.path))
    decided = floor.relations(table)
    expected = {
        "floor_instances": len(decided),
        "floor_strict_failures": int((~decided["strict_ok"]).sum()),
        "floor_wide_failures": int((~decided["wide_ok"]).sum()),
    }
    assert expected["floor_strict_failures"] > 0  # the folder has injected contradictions
    assert floor.failures(table) == expected
    monkeypatch.setattr(floor, "DECIDE_ROWS", 7)
    assert floor.failures(table) == expected
    # Every piece is one relation's, and together they are pairs().
    pieces = list(floor.pieces(table.reset_index(drop=True)))
    assert all(p["relation"].nunique() == 1 and len(p) for p in pieces)
    assert sum(map(len, pieces)) == len(floor.pairs(table))

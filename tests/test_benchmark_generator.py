"""The benchmarks' synthetic claim sets: the readings-frame contract, consistency, and exact recovery."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

from kzlt_trade.checker import check_frame
from kzlt_trade.frame import READING_FRAME_COLUMNS, readings_frame
from kzlt_trade.reconciler import reconcile_frame

GENERATE = Path(__file__).resolve().parent.parent / "benchmarks" / "generate.py"


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    """``benchmarks/generate.py`` (the benchmarks folder is not a package)."""
    spec = importlib.util.spec_from_file_location("kzlt_benchmarks_generate", GENERATE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_frame_has_exactly_the_contract_columns_and_dtypes(gen: ModuleType, ds: object) -> None:
    frame = gen.generate(2000, seed=3).frame
    assert list(frame.columns) == list(READING_FRAME_COLUMNS)
    assert len(frame) == 2000
    real = readings_frame(ds)  # type: ignore[arg-type]
    assert frame.dtypes.to_dict() == real.dtypes.to_dict()
    assert frame["claim"].is_unique
    assert frame["primary"].all()
    assert not frame["ambiguous"].any()


def test_same_seed_same_set(gen: ModuleType) -> None:
    a, b = gen.generate(1500, seed=11), gen.generate(1500, seed=11)
    pd.testing.assert_frame_equal(a.frame, b.frame)
    assert a.injected == b.injected
    assert not gen.generate(1500, seed=12).frame.equals(a.frame)


def test_consistent_set_has_no_contradiction_and_rejects_nothing(gen: ModuleType) -> None:
    synthetic = gen.generate(2000, seed=1, inject=0.0)
    assert synthetic.injected == {}
    report = check_frame(synthetic.frame)
    assert report.contradictions == ()
    assert report.tensions == ()
    assert set(report.relations["status"]) == {"consistent"}
    estimates = reconcile_frame(synthetic.frame, report)
    assert estimates.most_likely_wrong == ()


def test_injected_contradictions_are_recovered_exactly(gen: ModuleType) -> None:
    synthetic = gen.generate(2000, seed=2, inject=1.0)
    injected = set(synthetic.injected)
    assert set(synthetic.injected.values()) == set(gen.INJECTION_KINDS)
    assert len(injected) >= 10
    report = check_frame(synthetic.frame)
    named = {c for f in report.contradictions for c in f.claims}
    assert injected <= named
    estimates = reconcile_frame(synthetic.frame, report)
    assert set(estimates.most_likely_wrong) == injected


@pytest.mark.parametrize("n", [1, 37, 999])
def test_exact_size(gen: ModuleType, n: int) -> None:
    assert len(gen.generate(n, seed=5).frame) == n

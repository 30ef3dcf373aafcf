"""Shared fixtures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import kzlt_trade
from kzlt_trade.io import bundled_data_path


@pytest.fixture(scope="session")
def ds() -> kzlt_trade.Dataset:
    """The bundled press claims, without the official figures (tests/test_official_claims.py
    has those), loaded once."""
    return kzlt_trade.load(official=False)


@pytest.fixture(scope="session")
def full() -> kzlt_trade.Dataset:
    """The bundled dataset as ``load()`` gives it: the press claims and the official figures."""
    return kzlt_trade.load()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled data folder."""
    target = tmp_path / "data"
    shutil.copytree(bundled_data_path(), target)
    return target

"""Type checking and lint are part of the test suite: a type error or a lint finding fails it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CODE = ["kzlt_trade", "tests", "tools", "benchmarks"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False)


def test_mypy_strict_on_the_package() -> None:
    # pyproject.toml sets strict = true and names the package.
    result = run("mypy", "--no-error-summary", "kzlt_trade")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("args", [("check",), ("format", "--check")], ids=["lint", "format"])
def test_ruff(args: tuple[str, ...]) -> None:
    result = run("ruff", *args, *CODE)
    assert result.returncode == 0, result.stdout + result.stderr

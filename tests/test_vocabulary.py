"""kzlt_trade.vocabulary: each vocabulary typed once, the faces that accept it, and the argument checks."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzlt_trade.errors import UsageError, UsageTypeError
from kzlt_trade.vocabulary import (
    FAIL_ON,
    FAIL_ON_LEVELS,
    KINDS,
    RELATIONS,
    ROUNDINGS,
    SEVERITY,
    STATUSES,
    FailOn,
    Kind,
    RelationName,
    Rounding,
    Severity,
    Status,
    expect,
    one_of,
)


# -- the vocabularies -------------------------------------------------------------------------
def test_the_tuples_are_the_literals_values_in_order() -> None:
    assert get_args(Rounding) == ROUNDINGS == ("nearest", "truncate", "either")
    assert get_args(FailOn) == FAIL_ON_LEVELS == ("contradiction", "tension", "anomaly", "ambiguity", "never")
    assert get_args(Kind) == KINDS
    assert get_args(Status) == STATUSES
    assert get_args(RelationName) == RELATIONS


def test_every_kind_has_a_severity_and_every_level_a_threshold() -> None:
    assert tuple(SEVERITY) == KINDS
    assert tuple(FAIL_ON) == FAIL_ON_LEVELS


def test_the_fail_on_levels_go_from_the_fewest_failures_to_none() -> None:
    thresholds = [FAIL_ON[level] for level in FAIL_ON_LEVELS]
    assert thresholds == [Severity.ERROR, Severity.WARNING, Severity.NOTICE, Severity.INFO, None]
    # Each level fails the kind it is named after (never names no kind).
    for level in FAIL_ON_LEVELS[:-1]:
        threshold = FAIL_ON[level]
        assert threshold is not None
        assert SEVERITY[one_of("kind", level, KINDS)] >= threshold


def test_severities_print_as_their_lower_case_names() -> None:
    assert [str(s) for s in Severity] == ["ok", "info", "notice", "warning", "error"]
    assert Severity.ERROR > Severity.WARNING > Severity.NOTICE > Severity.INFO


# -- one_of -------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ROUNDINGS)
def test_one_of_returns_an_allowed_value(value: str) -> None:
    assert one_of("rounding", value, ROUNDINGS) == value


@given(st.text() | st.integers() | st.none())
def test_one_of_refuses_anything_else_listing_every_allowed_value(value: object) -> None:
    if value in FAIL_ON_LEVELS:
        return
    with pytest.raises(UsageError) as excinfo:
        one_of("fail_on", value, FAIL_ON_LEVELS)
    assert (excinfo.value.name, excinfo.value.value) == ("fail_on", value)
    assert excinfo.value.expected == "one of 'contradiction', 'tension', 'anomaly', 'ambiguity', 'never'"
    assert str(excinfo.value).endswith(": expected one of 'contradiction', 'tension', 'anomaly', 'ambiguity', 'never'")


def test_one_of_is_case_sensitive_and_wants_a_str() -> None:
    with pytest.raises(UsageError, match="rounding='Nearest' is not accepted"):
        one_of("rounding", "Nearest", ROUNDINGS)


# -- expect ---------------------------------------------------------------------------------------
values = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(), st.binary(), st.dates(),
    st.lists(st.integers(), max_size=3), st.decimals(),
)  # fmt: skip


@given(values)
def test_expect_returns_the_value_itself_when_it_has_the_type(value: object) -> None:
    assert expect("x", value, object, "anything") is value
    assert expect("x", value, type(value), "its own type") is value


@given(values)
def test_expect_refuses_another_type_naming_the_argument_the_type_and_what_was_expected(value: object) -> None:
    if isinstance(value, str | os.PathLike):
        return
    with pytest.raises(UsageTypeError) as excinfo:
        expect("folder", value, (str, os.PathLike), "the path of a data folder")
    error = excinfo.value
    assert (error.name, error.value, error.expected) == ("folder", value, "the path of a data folder")
    message = str(error)
    assert message.startswith("folder=")
    assert f" of type {type(value).__qualname__} is not accepted: expected the path of a data folder" in message


def test_expect_takes_what_isinstance_takes() -> None:
    assert expect("rel", 1, (int, float), "a number") == 1
    assert expect("rel", True, int, "a number") is True  # bool is an int, as for isinstance
    assert expect("keys", ["a"], Iterable, "finding keys") == ["a"]  # an ABC
    assert expect("folder", Path("data"), os.PathLike, "a path") == Path("data")
    assert expect("x", Decimal("1.5"), (float, Decimal), "a number") == Decimal("1.5")


def test_expect_raises_a_usage_error_that_is_also_a_type_error() -> None:
    with pytest.raises(TypeError, match=r"^when='2024-03-01' of type str is not accepted: expected a date$"):
        expect("when", "2024-03-01", date, "a date")
    with pytest.raises(UsageError):
        expect("when", "2024-03-01", date, "a date")


# -- every face accepts the same levels -------------------------------------------------------------
def kzlt_trade_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kzlt_trade", *args], capture_output=True, text=True, check=False, timeout=120
    )


def listed(values: Iterable[str]) -> str:
    return ", ".join(repr(v) for v in values)


def test_the_command_line_accepts_the_same_fail_on_levels_and_roundings() -> None:
    done = kzlt_trade_cli("check", "--fail-on", "bogus")
    assert done.returncode == 2
    assert f"invalid choice: 'bogus' (choose from {listed(FAIL_ON_LEVELS)})" in done.stderr
    done = kzlt_trade_cli("check", "--rounding", "bogus")
    assert f"invalid choice: 'bogus' (choose from {listed(ROUNDINGS)})" in done.stderr

"""kzlt_trade.errors: one root, the matching builtins, messages built from fields, and pickle round trips."""

from __future__ import annotations

import copy
import inspect
import pickle
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kzlt_trade
from kzlt_trade import errors
from kzlt_trade.errors import (
    DataFileError,
    KzltTradeError,
    Problem,
    ReadingError,
    RecordError,
    UnknownClaimError,
    UsageError,
    UsageTypeError,
)

#: Every error class of the module, found by inspection, so that a new one cannot be left out.
CLASSES = sorted(
    (c for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, KzltTradeError)),
    key=lambda c: c.__name__,
)

#: The builtins each error also is, so that ``except ValueError`` (or KeyError, TypeError) catches it.
BUILTINS: dict[type[KzltTradeError], tuple[type[Exception], ...]] = {
    KzltTradeError: (Exception,),
    DataFileError: (ValueError,),
    ReadingError: (ValueError,),
    RecordError: (ValueError,),
    UnknownClaimError: (KeyError,),
    UsageError: (ValueError,),
    UsageTypeError: (ValueError, TypeError),
}

text = st.text(max_size=30)
#: Values a caller may pass where a field holds "the value given": anything picklable and comparable.
values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.decimals(allow_nan=False),
    text,
    st.dates(),
    st.lists(st.integers(), max_size=3),
    st.tuples(text, st.integers()),
    st.dictionaries(text, st.integers(), max_size=2),
)
problems = st.builds(
    Problem,
    file=text,
    row=st.none() | st.integers(min_value=1),
    field=st.none() | text,
    value=st.none() | text,
    expected=text,
)

#: A strategy for each class, building it from its fields.
ERRORS: dict[type[KzltTradeError], st.SearchStrategy[KzltTradeError]] = {
    KzltTradeError: st.builds(KzltTradeError, text),
    DataFileError: st.builds(DataFileError, st.lists(problems, max_size=4), folder=st.none() | text),
    ReadingError: st.builds(ReadingError, text, text, text),
    RecordError: st.builds(RecordError, text, text, values, text),
    UnknownClaimError: st.builds(UnknownClaimError, text, st.lists(text, max_size=5)),
    UsageError: st.builds(UsageError, text, values, text),
    UsageTypeError: st.builds(UsageTypeError, text, values, text),
}
protocols = st.integers(min_value=0, max_value=pickle.HIGHEST_PROTOCOL)


def test_every_error_class_is_covered_here_and_public() -> None:
    assert set(CLASSES) == set(ERRORS) == set(BUILTINS)
    assert {c.__name__ for c in CLASSES} <= set(errors.__all__)
    # RecordError is raised by the records themselves; the others are in the package's public API.
    assert {c.__name__ for c in CLASSES} - set(kzlt_trade.__all__) == {"RecordError"}


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_each_error_is_a_kzlt_trade_error_and_its_builtin(cls: type[KzltTradeError]) -> None:
    assert issubclass(cls, KzltTradeError)
    for builtin in BUILTINS[cls]:
        assert issubclass(cls, builtin)
    if cls is not KzltTradeError:
        # A concrete error names a builtin more specific than Exception.
        assert any(b is not Exception for b in BUILTINS[cls])


def assert_same_error(a: KzltTradeError, b: KzltTradeError) -> None:
    assert type(b) is type(a)
    assert str(b) == str(a)
    assert b.args == a.args
    for name in type(a)._fields:
        assert getattr(b, name) == getattr(a, name), name


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
@given(data=st.data(), protocol=protocols)
def test_each_error_survives_pickle_with_message_and_fields(
    cls: type[KzltTradeError], data: st.DataObject, protocol: int
) -> None:
    error = data.draw(ERRORS[cls])
    again = pickle.loads(pickle.dumps(error, protocol=protocol))
    assert_same_error(error, again)
    # Twice over: what was rebuilt rebuilds the same way.
    assert_same_error(error, pickle.loads(pickle.dumps(again, protocol=protocol)))


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
@given(data=st.data())
def test_each_error_copies_with_its_fields(cls: type[KzltTradeError], data: st.DataObject) -> None:
    error = data.draw(ERRORS[cls])
    assert_same_error(error, copy.copy(error))
    assert_same_error(error, copy.deepcopy(error))


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_each_subclass_names_the_fields_that_rebuild_it(cls: type[KzltTradeError]) -> None:
    if cls is KzltTradeError:
        assert cls._fields == ()
        return
    parameters = inspect.signature(cls).parameters
    assert set(cls._fields) == set(parameters), "every __init__ argument is a field, and no other"


def test_a_raised_error_keeps_its_traceback_out_of_the_pickle() -> None:
    try:
        raise UsageError("fail_on", "bogus", "one of 'contradiction', 'tension'")
    except UsageError as exc:
        again = pickle.loads(pickle.dumps(exc))
    assert again.__traceback__ is None
    assert str(again) == "fail_on='bogus' is not accepted: expected one of 'contradiction', 'tension'"


# -- messages built from fields -------------------------------------------------------------
@given(name=st.from_regex(r"[a-z_]{1,10}", fullmatch=True), value=values, expected=text)
def test_a_usage_error_names_the_argument_its_value_and_what_was_expected(
    name: str, value: object, expected: str
) -> None:
    assert str(UsageError(name, value, expected)) == f"{name}={value!r} is not accepted: expected {expected}"


def test_a_usage_type_error_shows_the_type_too() -> None:
    error = UsageTypeError("data", 42, "a Dataset or the path of a data folder")
    assert str(error) == "data=42 of type int is not accepted: expected a Dataset or the path of a data folder"
    assert (error.name, error.value, error.expected) == ("data", 42, "a Dataset or the path of a data folder")
    assert "of type date" in str(UsageTypeError("when", date(2024, 3, 1), "a str"))
    assert "=Decimal('1.5') of type Decimal" in str(UsageTypeError("x", Decimal("1.5"), "a float"))


class Tall:
    """A value with a long repr of several lines, like a DataFrame's."""

    def __repr__(self) -> str:
        return "first line of a long repr\n" + "x" * 500


def test_a_usage_type_error_shows_only_the_start_of_a_long_repr() -> None:
    message = str(UsageTypeError("data", Tall(), "a Dataset"))
    assert message == "data=first line of a long repr … of type Tall is not accepted: expected a Dataset"
    long = str(UsageTypeError("data", "y" * 500, "a Dataset"))
    assert len(long) < 150
    assert "…" in long


def test_a_usage_type_error_is_caught_as_a_type_error_and_as_a_usage_error() -> None:
    for caught in (TypeError, ValueError, UsageError, KzltTradeError):
        with pytest.raises(caught):
            raise UsageTypeError("b", "x", "a Claim")


def test_a_data_file_error_lists_every_problem_and_tabulates_them() -> None:
    error = DataFileError(
        [Problem("claims.csv", 3, "value", "5,8", "a number"), Problem("sources.csv", None, None, None, "the file")],
        folder="data",
    )
    assert str(error) == (
        "2 problems in data folder data:\n"
        "  - claims.csv, row 3, field 'value': got '5,8'; expected a number\n"
        "  - sources.csv: got missing; expected the file"
    )
    assert error.table()[0] == {
        "file": "claims.csv",
        "row": 3,
        "field": "value",
        "value": "5,8",
        "expected": "a number",
    }


def test_an_unknown_claim_error_suggests_close_ids_and_prints_plainly() -> None:
    error = UnknownClaimError("turnover-2022", ["mfa-2023-10-10/turnover-2022", "other/exports-2021"])
    assert str(error) == "no claim with id 'turnover-2022' among 2 claims; did you mean mfa-2023-10-10/turnover-2022?"
    assert error.known == ("mfa-2023-10-10/turnover-2022", "other/exports-2021")

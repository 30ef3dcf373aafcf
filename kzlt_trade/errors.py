"""The library's exceptions.

Every error derives from :class:`KzltTradeError` and also from the builtin it
resembles, so ``except ValueError`` keeps working for callers who do not know
this library. Each error keeps its facts as fields and builds its message from
them, so a test or a notebook can inspect *what* was wrong without parsing text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "DataFileError",
    "KzltTradeError",
    "Problem",
    "ReadingError",
    "RecordError",
    "UnknownClaimError",
    "UsageError",
    "UsageTypeError",
]


class KzltTradeError(Exception):
    """Root of every error this library raises.

    Subclasses build their message from structured fields given to ``__init__``;
    :meth:`__reduce__` rebuilds them from those same fields, so every error
    survives :mod:`pickle` (and with it :mod:`multiprocessing` and pytest-xdist)
    with its message and its fields.
    """

    #: The ``__init__`` arguments, by name, that rebuild the error (set by each subclass).
    _fields: tuple[str, ...] = ()

    def __reduce__(self) -> str | tuple[Any, ...]:
        if not self._fields:
            return super().__reduce__()
        kwargs = {name: getattr(self, name) for name in self._fields}
        return (_rebuild, (type(self), kwargs))


def _rebuild(cls: type[KzltTradeError], kwargs: dict[str, Any]) -> KzltTradeError:
    return cls(**kwargs)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file: where it is, what it holds, what it should hold."""

    #: File name relative to the data folder, e.g. ``"claims.csv"``.
    file: str
    #: 1-based data row (the header is row 0), or ``None`` for the file as a whole.
    row: int | None
    #: Column name, or ``None`` when the problem is not about one field.
    field: str | None
    #: The offending value as read (``None`` when it is absent).
    value: str | None
    #: What was expected instead, phrased so that it tells the user how to fix it.
    expected: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.field is not None:
            where += f", field {self.field!r}"
        got = "missing" if self.value is None else repr(_clip(self.value))
        return f"{where}: got {got}; expected {self.expected}"


def _clip(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class DataFileError(KzltTradeError, ValueError):
    """A data folder holds one or more invalid entries.

    Validation is lazy: the loader collects every problem in every file of the
    folder and raises once, listing them all, so one run tells the user everything
    there is to fix.
    """

    _fields = ("problems", "folder")

    def __init__(self, problems: Iterable[Problem], *, folder: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.folder = folder
        super().__init__(self._message())

    def _message(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in data folder"
        if self.folder is not None:
            head += f" {self.folder}"
        return head + ":\n" + "\n".join(f"  - {p}" for p in self.problems)

    def table(self) -> list[dict[str, str | int | None]]:
        """The problems as rows (file, row, field, value, expected), for a DataFrame."""
        return [
            {"file": p.file, "row": p.row, "field": p.field, "value": p.value, "expected": p.expected}
            for p in self.problems
        ]


class ReadingError(KzltTradeError, ValueError):
    """The text of a number, a period or a unit cannot be read."""

    _fields = ("what", "text", "expected")

    def __init__(self, what: str, text: str, expected: str) -> None:
        self.what = what
        self.text = text
        self.expected = expected
        super().__init__(f"cannot read {what} {text!r}: expected {expected}")


class UnknownClaimError(KzltTradeError, KeyError):
    """A claim id that the dataset does not hold."""

    _fields = ("claim_id", "known")

    def __init__(self, claim_id: str, known: Sequence[str]) -> None:
        self.claim_id = claim_id
        self.known = tuple(known)
        close = [k for k in self.known if claim_id.lower() in k.lower()][:5]
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        super().__init__(f"no claim with id {claim_id!r} among {len(self.known)} claims{hint}")

    def __str__(self) -> str:
        # KeyError would otherwise print the repr of the message.
        return str(self.args[0])


class UsageError(KzltTradeError, ValueError):
    """An argument outside the values a function or command accepts."""

    _fields = ("name", "value", "expected")

    def __init__(self, name: str, value: object, expected: str) -> None:
        #: The argument, option or setting, as the caller spells it (``"fail_on"``, ``"kzlt_fail_on"``).
        self.name = name
        #: The value given.
        self.value = value
        #: What would have been accepted, phrased so that it tells the caller how to fix the call.
        self.expected = expected
        super().__init__(self._message())

    def _message(self) -> str:
        return f"{self.name}={self.value!r} is not accepted: expected {self.expected}"


class UsageTypeError(UsageError, TypeError):
    """An argument of a type a function does not accept: a :class:`UsageError` and a :class:`TypeError`.

    Raised by :func:`kzlt_trade.vocabulary.expect` at the door of a public
    function, before the value reaches code where it would fail with an
    :class:`AttributeError` that names neither the argument nor what it should be.
    The message shows the start of the value's repr and its type.

    >>> raise UsageTypeError("data", 42, "a Dataset, e.g. kzlt_trade.load()")
    Traceback (most recent call last):
    ...
    kzlt_trade.errors.UsageTypeError: data=42 of type int is not accepted: expected a Dataset, e.g. kzlt_trade.load()
    """

    def _message(self) -> str:
        kind = type(self.value).__qualname__
        return f"{self.name}={_short_repr(self.value)} of type {kind} is not accepted: expected {self.expected}"


def _short_repr(value: object) -> str:
    # The first line of the repr, clipped: a DataFrame's repr is many lines long.
    lines = repr(value).splitlines() or [""]
    return _clip(lines[0] + (" …" if len(lines) > 1 else ""))


class RecordError(KzltTradeError, ValueError):
    """A record (a claim, a source, a reading) built with a field it cannot have.

    Raised by the records' own validation (``__post_init__``), which shares its
    rules with the loader; the loader reports the same problems with file and
    row instead.
    """

    _fields = ("record", "field", "value", "expected")

    def __init__(self, record: str, field: str, value: object, expected: str) -> None:
        #: The record's id (``"mfa-2023-10-10/turnover-2022"``), or its kind when it has none yet.
        self.record = record
        self.field = field
        self.value = value
        self.expected = expected
        shown = value if isinstance(value, str) else repr(value)
        super().__init__(f"{record}: field {field!r} is {_clip(str(shown))!r}; expected {expected}")

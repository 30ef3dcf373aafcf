"""The closed vocabularies of the library, each typed once.

Every option that a function, a command-line flag or the pytest plugin accepts
is a :data:`~typing.Literal` here; the tuples of allowed values are derived
from it with :func:`typing.get_args`, so the CLI's ``choices``, the validators
and the documentation cannot disagree.

>>> ROUNDINGS
('nearest', 'truncate', 'either')
>>> FAIL_ON["tension"]
<Severity.WARNING: 2>

Two helpers check arguments against them at the door of a public function, so
that a bad value fails there, naming the argument, rather than deep inside:
:func:`one_of` (a value among a vocabulary's) and :func:`expect` (a value of the
expected type). Both raise :class:`~kzlt_trade.errors.UsageError`.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Literal, TypeVar, get_args

from kzlt_trade.errors import UsageError, UsageTypeError

__all__ = [
    "FAIL_ON",
    "FAIL_ON_LEVELS",
    "KINDS",
    "RELATIONS",
    "ROUNDINGS",
    "SOURCE_KINDS",
    "SEVERITY",
    "STATUSES",
    "FailOn",
    "FindingRelation",
    "Kind",
    "RelationName",
    "Rounding",
    "Severity",
    "SourceKind",
    "Status",
    "expect",
    "one_of",
]

#: How the writer went from the true value to the digits printed.
#:
#: ``nearest``
#:     rounded to the nearest value at the last written digit, ties either way:
#:     "584.3" is ``[584.25, 584.35]``.
#: ``truncate``
#:     cut after the last written digit: "584.3" is ``[584.3, 584.4)``.
#: ``either``
#:     not known which: the union, ``[584.25, 584.4)``.
Rounding = Literal["nearest", "truncate", "either"]
ROUNDINGS: tuple[Rounding, ...] = get_args(Rounding)

#: What kind of document a source is.
#:
#: ``press``     a release, an article, a speech: figures quoted from text;
#: ``official``  a statistical office's table (the BNS workbooks, Eurostat Comext):
#:               figures read from its cells, weighed above the press in reconciliation.
SourceKind = Literal["press", "official"]
SOURCE_KINDS: tuple[SourceKind, ...] = get_args(SourceKind)

#: The relations the checker generates between claims (see :mod:`kzlt_trade.relations`).
RelationName = Literal[
    "same_quantity",
    "sum",
    "growth",
    "change",
    "part_whole",
    "rank_nesting",
    "range",
    "scope_difference",
    "exchange",
    "official",
    "mirror",
]
RELATIONS: tuple[RelationName, ...] = get_args(RelationName)

#: What a finding is about: a relation, or one of the checks that are not relations
#: (``jump`` and ``balance`` anomalies, the ``readings`` of an ambiguous figure, a
#: ``period_label`` that cannot be what it says).
FindingRelation = RelationName | Literal["jump", "balance", "readings", "period_label"]

#: The verdict on one relation group.
#:
#: ``consistent``     holds on the strict intervals of the primary readings;
#: ``reading_only``   exists only under an alternative reading of some claim;
#: ``tension``        holds only on the wide intervals or under an alternative reading;
#: ``contradiction``  holds under no reading, even on the wide intervals;
#: ``refutes_reading`` fails only under readings of an ambiguous claim that the other
#:                    figures refute while another of its readings lives: the evidence of
#:                    a resolved ambiguity (reported there), not a contradiction;
#: ``undecidable``    cannot be decided: a figure in a currency with no exchange rate for
#:                    its period (see :mod:`kzlt_trade.rates`).
Status = Literal["consistent", "reading_only", "tension", "contradiction", "refutes_reading", "undecidable"]
STATUSES: tuple[Status, ...] = get_args(Status)

#: What a finding says about its figures; see :mod:`kzlt_trade.checker`.
Kind = Literal[
    "contradiction",
    "tension",
    "period_label",
    "anomaly",
    "undecidable",
    "scope_difference",
    "ambiguity",
    "resolved_ambiguity",
    "official_match",
    "official_truncated",
    "preliminary",
    "mirror",
    "mirror_asymmetry",
]
KINDS: tuple[Kind, ...] = get_args(Kind)


class Severity(IntEnum):
    """How much a finding matters; a fail-on level compares against it.

    ``OK`` is a finding that confirms a figure (a press figure that matches the
    office's): it is reported, and fails at no level.
    """

    OK = -1
    INFO = 0
    NOTICE = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()


#: The severity of each kind of finding.
SEVERITY: dict[Kind, Severity] = {
    "contradiction": Severity.ERROR,
    "tension": Severity.WARNING,
    "period_label": Severity.WARNING,
    "anomaly": Severity.NOTICE,
    "undecidable": Severity.NOTICE,
    "scope_difference": Severity.INFO,
    "ambiguity": Severity.INFO,
    "resolved_ambiguity": Severity.INFO,
    "official_match": Severity.OK,
    "official_truncated": Severity.WARNING,
    "preliminary": Severity.NOTICE,
    "mirror": Severity.INFO,
    "mirror_asymmetry": Severity.NOTICE,
}

#: The level at which findings fail a check (``kzlt-trade check --fail-on``, the
#: pytest plugin's ``--kzlt-fail-on`` and :func:`kzlt_trade.testing.assert_consistent`).
#:
#: ``contradiction``  findings of severity error: relations no reading satisfies;
#: ``tension``        warnings too: relations that hold only under the widest
#:                    reading, impossible period labels, and press figures that
#:                    match the office's only if truncated;
#: ``anomaly``        notices too: unexplained jumps and balance reversals,
#:                    relations no exchange rate lets decide, and press figures
#:                    that match only an earlier revision of the office's;
#: ``ambiguity``      everything, ambiguous readings included;
#: ``never``          nothing fails.
FailOn = Literal["contradiction", "tension", "anomaly", "ambiguity", "never"]
FAIL_ON_LEVELS: tuple[FailOn, ...] = get_args(FailOn)
#: The least severity that fails at each level (``None``: nothing fails).
FAIL_ON: dict[FailOn, Severity | None] = {
    "contradiction": Severity.ERROR,
    "tension": Severity.WARNING,
    "anomaly": Severity.NOTICE,
    "ambiguity": Severity.INFO,
    "never": None,
}

T = TypeVar("T", bound=str)
V = TypeVar("V")


def one_of(name: str, value: object, allowed: tuple[T, ...]) -> T:
    """``value`` if it is one of ``allowed``; else :class:`~kzlt_trade.errors.UsageError` naming them.

    >>> one_of("rounding", "nearest", ROUNDINGS)
    'nearest'
    >>> one_of("rounding", "up", ROUNDINGS)
    Traceback (most recent call last):
    ...
    kzlt_trade.errors.UsageError: rounding='up' is not accepted: expected one of 'nearest', 'truncate', 'either'
    """
    for a in allowed:
        if value == a and isinstance(value, str):
            return a
    raise UsageError(name, value, "one of " + ", ".join(repr(a) for a in allowed))


def expect(name: str, value: object, types: type[V] | tuple[type[V], ...], expected: str) -> V:
    """``value`` if it is an instance of ``types``; else :class:`~kzlt_trade.errors.UsageTypeError`.

    The check at the door of a public function, so that a value of the wrong
    type fails there, naming the argument, with its value, its type and what
    was expected, instead of as an :class:`AttributeError` deep inside. The
    error is a :class:`~kzlt_trade.errors.UsageError` and a :class:`TypeError`.

    Parameters
    ----------
    name
        The argument as the caller spells it (``"data"``, ``"estimates"``).
    value
        What the caller passed.
    types
        A class or a tuple of classes, as for :func:`isinstance` (so ``bool``
        passes for ``int``, and an ABC such as ``os.PathLike`` works).
    expected
        What would have been accepted, phrased so that it tells the caller how
        to fix the call: ``"a Dataset, e.g. kzlt_trade.load(folder)"``.

    Returns
    -------
    The value itself, typed as an instance of ``types`` (for a tuple of
    unrelated classes, as their common base: often :class:`object`).

    Examples
    --------
    >>> expect("rel", 0.5, (int, float), "a number")
    0.5
    >>> expect("claims", "claims.csv", dict, "a dict of claim ids")
    Traceback (most recent call last):
    ...
    kzlt_trade.errors.UsageTypeError: claims='claims.csv' of type str is not accepted: expected a dict of claim ids
    """
    if isinstance(value, types):
        return value
    raise UsageTypeError(name, value, expected)

"""Assertions for tests of trade figures: an assertion ladder, as in ``xarray.testing``.

Import it explicitly (``import kzlt_trade`` does not load it)::

    from kzlt_trade.testing import assert_consistent

========================================  ===========================================================
:func:`assert_consistent`                 no finding of a data folder reaches ``fail_on``, except the
                                          findings named in ``allow``
:func:`assert_claims_equal`               two claims say the same thing: same quantity, number, unit
                                          and interval, wherever they come from
:func:`assert_claims_identical`           the same, and every other field too: id, source, words and
                                          offsets
:func:`assert_estimate_close`             the reconciled estimate of one quantity allows a value
========================================  ===========================================================

Each failure message shows the figures, the source's words for each, and the
arithmetic, and says how to accept a finding that has been looked into: its key
in ``allow=``, or (under ``pytest --kzlt-data``) a row in the data folder's
``acknowledged.csv``, read by :func:`load_acknowledgements`. Every function
hides its own frame from pytest tracebacks (``__tracebackhide__``), so a failure
points at the test that called it. None of them needs pytest: they raise plain
:class:`AssertionError`.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from kzlt_trade.checker import check, rounding_arg
from kzlt_trade.dataset import Dataset
from kzlt_trade.errors import DataFileError, Problem, UsageError
from kzlt_trade.interval import Interval
from kzlt_trade.io import table_rows
from kzlt_trade.model import Claim
from kzlt_trade.results import Estimates
from kzlt_trade.vocabulary import FAIL_ON, FAIL_ON_LEVELS, FailOn, Rounding, expect, one_of

__all__ = [
    "ACKNOWLEDGED_FILE",
    "ACKNOWLEDGEMENT_COLUMNS",
    "Acknowledgement",
    "assert_claims_equal",
    "assert_claims_identical",
    "assert_consistent",
    "assert_estimate_close",
    "load_acknowledgements",
]

#: Name of the acknowledgement file in a data folder.
ACKNOWLEDGED_FILE = "acknowledged.csv"
#: Columns of ``acknowledged.csv``, in order.
ACKNOWLEDGEMENT_COLUMNS = ("key", "reason", "who", "when")


# -- acknowledgements -------------------------------------------------------------------
@dataclass(frozen=True)
class Acknowledgement:
    """A finding someone has looked into and accepts as what the sources say.

    One row of a data folder's ``acknowledged.csv``.
    """

    #: The key of the finding or relation group (:attr:`kzlt_trade.Finding.key`).
    key: str
    #: Why the finding is expected, in the acknowledger's own words.
    reason: str
    #: Who acknowledged it.
    who: str
    #: When it was acknowledged.
    when: date
    #: Its 1-based data row in ``acknowledged.csv`` (the header is row 0).
    row: int = dataclasses.field(default=0, compare=False)

    def __post_init__(self) -> None:
        for name in ("key", "reason", "who"):
            expect(name, getattr(self, name), str, f"a {name} for an acknowledgement (a str)")
        expect("when", self.when, date, "the date of the acknowledgement, e.g. datetime.date(2024, 3, 1)")
        expect("row", self.row, int, "the row in acknowledged.csv (an int; 0 when it comes from no file)")
        for name in ("key", "reason", "who"):
            if not getattr(self, name).strip():
                raise UsageError(name, getattr(self, name), f"a non-empty {name} for an acknowledgement")


def load_acknowledgements(folder: str | os.PathLike[str]) -> dict[str, Acknowledgement]:
    """The acknowledgements of a data folder, by key (none when it has no ``acknowledged.csv``).

    The file has the columns :data:`ACKNOWLEDGEMENT_COLUMNS`: the finding's
    ``key`` (as ``kzlt-trade check --format json`` prints it), the ``reason``
    it is expected, ``who`` accepted it and ``when`` (``YYYY-MM-DD``).

    Raises
    ------
    DataFileError
        Listing every problem in the file: missing or unknown columns, empty
        fields, a date that is not ``YYYY-MM-DD``, a key given twice.

    Examples
    --------
    >>> from kzlt_trade.io import bundled_data_path
    >>> acks = load_acknowledgements(bundled_data_path())
    >>> sorted(a.key.split(":")[0] for a in acks.values())
    ['growth', 'growth', 'growth', 'growth', 'official', 'same_quantity']
    """
    expect("folder", folder, (str, os.PathLike), "the path of a data folder (a str or a pathlib.Path)")
    path = Path(folder) / ACKNOWLEDGED_FILE
    if not path.is_file():
        return {}
    problems: list[Problem] = []
    out: dict[str, Acknowledgement] = {}
    f = ACKNOWLEDGED_FILE

    def problem(row: int | None, field: str | None, value: str | None, expected: str) -> None:
        problems.append(Problem(f, row, field, value, expected))

    for n, row in table_rows(path, f, ACKNOWLEDGEMENT_COLUMNS, problems):
        ack = _acknowledgement(n, row, out, problem)
        if ack is not None:
            out[ack.key] = ack
    if problems:
        raise DataFileError(problems, folder=str(folder))
    return out


#: Records one problem of acknowledged.csv: row, field, value, what was expected.
_ProblemSink = Callable[[int | None, str | None, str | None, str], None]


def _acknowledgement(
    n: int,
    row: dict[str, str],
    seen: dict[str, Acknowledgement],
    problem: _ProblemSink,
) -> Acknowledgement | None:
    ok = True
    key, reason, who = row["key"].strip(), row["reason"].strip(), row["who"].strip()
    checks = [
        (key, "key", "the key of a finding, e.g. growth:<claim id>+<claim id>+<claim id>"),
        (reason, "reason", "why the finding is expected, in your own words"),
        (who, "who", "who acknowledges the finding"),
    ]
    for value, name, expected in checks:
        if not value:
            problem(n, name, row[name], expected)
            ok = False
    if key and key in seen:
        problem(n, "key", key, f"a key acknowledged once (row {seen[key].row} has it already)")
        ok = False
    try:
        # YYYY-MM-DD exactly: date.fromisoformat would take "20240301" and "2024-W09-5" too.
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", row["when"].strip()):
            raise ValueError(row["when"])
        when = date.fromisoformat(row["when"].strip())
    except ValueError:
        problem(n, "when", row["when"], "a date YYYY-MM-DD")
        return None
    return Acknowledgement(key, reason, who, when, row=n) if ok else None


# -- consistency ------------------------------------------------------------------------
def assert_consistent(
    data: Dataset | str | os.PathLike[str],
    *,
    rounding: Rounding = "nearest",
    fail_on: FailOn = "contradiction",
    allow: Iterable[str] = (),
) -> None:
    """Assert that no finding of ``data`` reaches ``fail_on``, except those in ``allow``.

    Parameters
    ----------
    data
        A :class:`~kzlt_trade.Dataset`, or the path of a data folder to load.
    rounding
        How writers rounded, as for :func:`kzlt_trade.check`: ``"nearest"``
        (default), ``"truncate"`` or ``"either"``
        (:data:`kzlt_trade.vocabulary.Rounding`).
    fail_on
        The least serious findings that fail, as for ``kzlt-trade check
        --fail-on`` and ``pytest --kzlt-fail-on``
        (:data:`kzlt_trade.vocabulary.FailOn`):

        ``"contradiction"`` (default)
            findings of severity error: relations no reading satisfies.
        ``"tension"``
            warnings too: tensions, and impossible period labels.
        ``"anomaly"``
            notices too: unexplained jumps and balance reversals.
        ``"ambiguity"``
            every finding, ambiguous readings included.
        ``"never"``
            none: the assertion only loads ``data``, and ``allow`` is not
            checked (it accepts failing findings, and none fails).
    allow
        Keys of findings (:attr:`kzlt_trade.Finding.key`) that have been looked
        into and are accepted; a mapping such as :func:`load_acknowledgements`
        returns works too. A key that names no finding at or above ``fail_on``
        fails the assertion as well: an acceptance that accepts nothing is stale.

    Raises
    ------
    AssertionError
        Listing each failing finding with the source's words for each figure,
        the arithmetic and the key, and any stale key of ``allow``.
    DataFileError
        When ``data`` is a folder that does not load.
    UsageError
        When an argument has a value or a type that is not accepted.

    Examples
    --------
    >>> import kzlt_trade
    >>> ds = kzlt_trade.load(official=False)  # the press figures alone
    >>> assert_consistent(ds.select(partner="EE"))
    >>> assert_consistent(ds)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    AssertionError: 2 findings at or above fail_on='contradiction' in <Dataset: ... claims, 5 sources from ...>...
    CONTRADICTION (error) growth: KZ–LT turnover 2022 vs 2021: growth between two levels fails under every reading ...
      454 [453.5, 454.5] → (584,3 [584.25, 584.35] ∩ 584 [583.5, 584.5] = ...) implies +28.54 % … +28.86 %; ...
      - kazinform-2023-02-24/lt-turnover-growth-2022 [plus_percent]: 'an increase of 30% compared to 2021'
    ...
    >>> assert_consistent(ds, allow=[f.key for f in kzlt_trade.check(ds).contradictions])
    """
    __tracebackhide__ = True
    rounding_arg(rounding)
    level = FAIL_ON[one_of("fail_on", fail_on, FAIL_ON_LEVELS)]
    allowed = _keys(allow)
    ds = data if isinstance(data, Dataset) else _load(data)
    if level is None:
        return
    report = check(ds, rounding=rounding)
    failing = [f for f in report.findings if f.severity >= level]
    unexpected = [f for f in failing if f.key not in allowed]
    failing_keys = {f.key for f in failing}
    stale = [k for k in allowed if k not in failing_keys]
    if not unexpected and not stale:
        return
    by_key = {f.key: f for f in report.findings}
    parts = []
    if unexpected:
        n = len(unexpected)
        parts.append(
            f"{n} finding{'s' if n != 1 else ''} at or above fail_on={fail_on!r} in {ds!r} ({rounding} rounding):"
        )
        parts += [f"{f}\n  key: {f.key}" for f in unexpected]
        parts.append(
            "To accept a finding you have looked into, pass its key in allow=[...]; under "
            "`pytest --kzlt-data=FOLDER`, add a row to FOLDER/acknowledged.csv with the columns "
            "key,reason,who,when instead."
        )
    if stale:
        lines = [f"allow= names {len(stale)} key{'s' if len(stale) != 1 else ''} that no failing finding has:"]
        for k in stale:
            f = by_key.get(k)
            why = (
                "matches no finding"
                if f is None
                else f"names a finding of kind {f.kind} ({f.severity}), below fail_on={fail_on!r}: it does not fail"
            )
            lines.append(f"  - {k}: {why}")
        lines.append("Remove these keys: they accept nothing (the findings are gone, or never failed).")
        parts.append("\n".join(lines))
    raise AssertionError("\n\n".join(parts))


def _keys(allow: Iterable[str]) -> tuple[str, ...]:
    # A lone string would otherwise be read as its characters.
    if isinstance(allow, str):
        return (allow,)
    keys = tuple(expect("allow", allow, Iterable, "finding keys, e.g. allow=[finding.key]"))
    for n, k in enumerate(keys):
        expect(f"allow[{n}]", k, str, "a finding key (a str), e.g. allow=[finding.key]")
    return keys


def _load(path: str | os.PathLike[str]) -> Dataset:
    from kzlt_trade.io import load

    expect("data", path, (str, os.PathLike), "a Dataset or the path of a data folder")
    return load(Path(path))


# -- claims -----------------------------------------------------------------------------
#: What :func:`assert_claims_equal` compares: what the figure says, not where it was said.
_EQUAL_FIELDS = ("partner", "indicator", "flow", "scope", "period", "base_period", "form", "value", "unit", "interval")


def _says(c: Claim) -> dict[str, object]:
    r = c.primary
    return {
        "partner": c.partner,
        "indicator": c.indicator,
        "flow": c.flow,
        "scope": c.scope,
        "period": str(r.period),
        "base_period": "" if r.base_period is None else str(r.base_period),
        "form": r.form,
        "value": c.value,
        "unit": c.unit,
        "interval": c.interval(),
    }


def assert_claims_equal(a: Claim, b: Claim) -> None:
    """Assert that two claims state the same figure: quantity, number, unit and interval.

    Compares the partner, indicator, flow, scope, the primary reading's period,
    base period and form, the value of the written number, its unit, and its
    interval (which carries the written precision and the hedge: ``584`` and
    ``584.0`` have the same value but not the same interval). Where the claims
    come from (id, source, words, offsets) does not matter, nor how the number
    is spelled: ``584,3`` in Russian equals ``584.3`` in English. For those,
    see :func:`assert_claims_identical`.

    Raises
    ------
    AssertionError
        Naming each field that differs, with both values, and both claims with
        their quotes.
    UsageTypeError
        When ``a`` or ``b`` is not a :class:`~kzlt_trade.Claim` (a
        :class:`~kzlt_trade.UsageError` and a :class:`TypeError`).

    Examples
    --------
    >>> import kzlt_trade
    >>> ds = kzlt_trade.load()
    >>> mfa = ds.claim("mfa-2023-10-10/turnover-2022")
    >>> assert_claims_equal(mfa, mfa)
    >>> assert_claims_equal(mfa, ds.claim("kazinform-2023-02-24/lt-turnover-2022"))
    Traceback (most recent call last):
    ...
    AssertionError: claims not equal: mfa-2023-10-10/turnover-2022 and kazinform-2023-02-24/lt-turnover-2022
    Differing fields:
      value: 584.3 != 584
      interval: [584.25, 584.35] != [583.5, 584.5]
    Left:  mfa-2023-10-10/turnover-2022: '584,3' million USD, LT turnover 2022, [584.25, 584.35]
           'по итогам 2022 года объем торговли вырос на 28,7% и составил 584,3 млн долл.'
    Right: kazinform-2023-02-24/lt-turnover-2022: '584' million USD, LT turnover 2022, [583.5, 584.5]
           'Trade turnover in 2022 reached 584 million US dollars'
    """
    __tracebackhide__ = True
    _both_claims(a, b)
    left, right = _says(a), _says(b)
    diffs = [(name, left[name], right[name]) for name in _EQUAL_FIELDS if left[name] != right[name]]
    if diffs:
        raise AssertionError(_claims_message("not equal", a, b, diffs))


def assert_claims_identical(a: Claim, b: Claim) -> None:
    """Assert that two claims are the same record: :func:`assert_claims_equal`, and provenance too.

    Every field must be equal (``a == b``): the id, the source, the number as
    written, the hedge, the quote and its offsets, every reading, ``part_of``
    and the note.

    Raises
    ------
    AssertionError
        Naming each field that differs, with both values.
    UsageTypeError
        When ``a`` or ``b`` is not a :class:`~kzlt_trade.Claim`.

    Examples
    --------
    >>> import dataclasses, kzlt_trade
    >>> c = kzlt_trade.load().claim("kazinform-2022-06-15/turnover-2021")
    >>> assert_claims_identical(c, dataclasses.replace(c))
    >>> moved = dataclasses.replace(c, start=c.start + 1, end=c.end + 1)
    >>> assert_claims_identical(c, moved)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    AssertionError: claims not identical: kazinform-2022-06-15/turnover-2021 and kazinform-2022-06-15/turnover-2021
    Differing fields:
      start: ... != ...
      end: ... != ...
    ...
    """
    __tracebackhide__ = True
    _both_claims(a, b)
    diffs = [
        (f.name, getattr(a, f.name), getattr(b, f.name))
        for f in dataclasses.fields(Claim)
        if f.compare and getattr(a, f.name) != getattr(b, f.name)
    ]
    if diffs:
        raise AssertionError(_claims_message("not identical", a, b, diffs))


def _both_claims(a: object, b: object) -> None:
    for name, x in (("a", a), ("b", b)):
        expect(name, x, Claim, "a Claim, e.g. dataset.claim(claim_id)")


def _shown(value: object) -> str:
    # Strings are quoted so that an empty or space-padded field shows; numbers and
    # intervals print as the rest of the library prints them.
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, tuple):
        return "(" + ", ".join(_shown(v) for v in value) + ")"
    return str(value)


def _describe(c: Claim) -> str:
    r = c.primary
    period = str(r.period) + (f" vs {r.base_period}" if r.base_period is not None else "")
    return f"{c.id}: {c.text!r} {c.unit}, {c.partner} {c.indicator} {period}, {c.interval()}\n       {c.quote!r}"


def _claims_message(what: str, a: Claim, b: Claim, diffs: Sequence[tuple[str, object, object]]) -> str:
    lines = [f"claims {what}: {a.id} and {b.id}", "Differing fields:"]
    lines += [f"  {name}: {_shown(x)} != {_shown(y)}" for name, x, y in diffs]
    lines += [f"Left:  {_describe(a)}", f"Right: {_describe(b)}"]
    return "\n".join(lines)


# -- estimates --------------------------------------------------------------------------
#: Examples for the messages about the quantity's arguments.
_EXAMPLES = {"partner": "'LT'", "indicator": "'turnover'", "period": "'2022'", "scope": "'' (bilateral)"}


def assert_estimate_close(
    estimates: Estimates,
    partner: str,
    indicator: str,
    period: str,
    expected: float | Decimal,
    *,
    rel: float = 1e-6,
    abs: float = 0.0,
    flow: str | None = None,
    scope: str = "",
) -> None:
    """Assert that the reconciled estimate of one quantity allows ``expected``.

    It does when ``expected`` lies inside the estimate's interval (every value
    the accepted claims allow), or is within ``rel``/``abs`` of its best value
    (``math.isclose``): the interval says what the sources allow, the
    tolerance what the test allows.

    Parameters
    ----------
    estimates
        From :func:`kzlt_trade.reconcile`.
    partner, indicator, period
        The quantity, as :meth:`kzlt_trade.Estimates.get` takes it; ``flow``
        and ``scope`` narrow it further.
    expected
        The value, in the estimate's canonical unit (million USD for money).
    rel, abs
        Relative and absolute tolerance around the best value.

    Raises
    ------
    AssertionError
        Showing the estimate's value and interval, how far ``expected`` is
        from them, and the claims that support the estimate and those rejected
        as most likely wrong (with the claims each conflicts with).
    UsageError
        When the quantity has no estimate (naming those that do), a tolerance
        is negative, or an argument is of a type not accepted (for example a
        Dataset or a Report for ``estimates``).

    Examples
    --------
    >>> import kzlt_trade
    >>> est = kzlt_trade.reconcile(kzlt_trade.load(official=False))  # the press figures alone
    >>> assert_estimate_close(est, "LT", "turnover", "2022", 584.3)
    >>> assert_estimate_close(est, "LT", "turnover", "2021", 454.0, abs=0.2)
    >>> assert_estimate_close(est, "LT", "turnover", "2022", 600)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    AssertionError: estimate of KZ–LT turnover 2022 does not allow 600 million USD
      estimate: 584.297 million USD in [584.25, 584.35]
      600 is 15.65 above the interval and 15.703 (2.69 %) from the value; tolerance rel=1e-06, abs=0
      supporting: kazinform-2023-02-24/lt-turnover-2022, mfa-2023-10-10/turnover-2022, ...
      rejected: kazinform-2023-02-24/lt-turnover-growth-2022 (conflicts with kazinform-2022-06-15/turnover-2021, ...)
    """
    __tracebackhide__ = True
    expect("estimates", estimates, Estimates, "Estimates, e.g. kzlt_trade.reconcile(dataset)")
    for name, text in (("partner", partner), ("indicator", indicator), ("period", period), ("scope", scope)):
        expect(name, text, str, f"a {name} as a str, e.g. {_EXAMPLES[name]}")
    if flow is not None:
        expect("flow", flow, str, "a flow as a str, e.g. 'export', or None")
    expect("expected", expected, (numbers.Real, Decimal), "a number, in the estimate's unit")
    for name, tol in (("rel", rel), ("abs", abs)):
        if not float(expect(name, tol, numbers.Real, "a tolerance of 0 or more (a number)")) >= 0:
            raise UsageError(name, tol, "a tolerance of 0 or more")
    e = estimates.get(partner, indicator, period, flow=flow, scope=scope)
    x = float(expected)
    if e.interval.contains(x):
        return
    if e.value is not None and math.isclose(e.value, x, rel_tol=rel, abs_tol=abs):
        return
    what = (
        f"KZ–{e.partner} {e.indicator}"
        + (f" [{e.scope}]" if e.scope else "")
        + (f" ({e.flow})" if flow is not None else "")
        + f" {period}"
    )
    value = "unknown" if e.value is None else f"{e.value:.6g} {e.unit}"
    side = "above" if x > e.interval.hi else "below"
    lines = [
        f"estimate of {what} does not allow {x:.6g} {e.unit}",
        f"  estimate: {value} in {e.interval.format(6)}" + (" (derived from other quantities)" if e.derived else ""),
    ]
    gap = f"{x:.6g} is {e.interval.gap(Interval.point(x)):.6g} {side} the interval"
    if e.value is not None:
        diff = math.fabs(x - e.value)
        share = f" ({diff / math.fabs(e.value) * 100:.3g} %)" if e.value else ""
        gap += f" and {diff:.6g}{share} from the value"
    lines.append(f"  {gap}; tolerance rel={rel:g}, abs={abs:g}")
    lines.append("  supporting: " + (", ".join(e.supporting) or "none"))
    rejected = [
        c + (f" (conflicts with {', '.join(estimates.conflicts[c])})" if estimates.conflicts.get(c) else "")
        for c in e.rejected
    ]
    lines.append("  rejected: " + (", ".join(rejected) or "none"))
    raise AssertionError("\n".join(lines))

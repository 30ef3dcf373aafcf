"""Every public function refuses an argument of the wrong type at its door, naming it.

A value of the wrong type (an int for a Dataset, a list for a partner code, a
str for ``jump``...) raises :class:`~kzlt_trade.errors.UsageTypeError` (a
``TypeError`` and the library's own error); a value of the right type that the
function does not accept raises :class:`~kzlt_trade.errors.UsageError`. Either
names the argument, as the caller spells it, never an ``AttributeError`` from
deep inside.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure

import kzlt_trade
from kzlt_trade import testing
from kzlt_trade.errors import KzltTradeError, UsageError, UsageTypeError
from kzlt_trade.io import bundled_data_path

LT_2022 = "mfa-2023-10-10/turnover-2022"


@dataclass(frozen=True)
class Inputs:
    """What the calls under test need: the bundled data, checked and reconciled once."""

    ds: kzlt_trade.Dataset
    report: kzlt_trade.Report
    estimates: kzlt_trade.Estimates

    @property
    def claim(self) -> kzlt_trade.Claim:
        return self.ds.claim(LT_2022)


@pytest.fixture(scope="module")
def inputs(ds: kzlt_trade.Dataset) -> Inputs:
    report = kzlt_trade.check(ds)
    return Inputs(ds, report, kzlt_trade.reconcile(ds, report=report))


Call = Callable[[Inputs], object]


def case(call: Call, error: type[UsageError], name: str, *, id: str) -> object:  # id: as pytest.param names it
    return pytest.param(call, error, name, id=id)


CASES = [
    # kzlt_trade.load (already checked its path)
    case(lambda x: kzlt_trade.load(42), UsageTypeError, "path", id="load-int-path"),
    # kzlt_trade.check
    case(lambda x: kzlt_trade.check(42), UsageTypeError, "ds", id="check-int-for-dataset"),
    case(lambda x: kzlt_trade.check(x.ds, rounding=0.5), UsageTypeError, "rounding", id="check-float-rounding"),
    case(lambda x: kzlt_trade.check(x.ds, rounding="up"), UsageError, "rounding", id="check-unknown-rounding"),
    case(lambda x: kzlt_trade.check(x.ds, jump="2"), UsageTypeError, "jump", id="check-str-jump"),
    case(lambda x: kzlt_trade.check(x.ds, jump=None), UsageTypeError, "jump", id="check-none-jump"),
    case(lambda x: kzlt_trade.check(x.ds, jump=True), UsageTypeError, "jump", id="check-bool-jump"),
    case(lambda x: kzlt_trade.check(x.ds, jump=0.5), UsageError, "jump", id="check-jump-below-1"),
    case(lambda x: kzlt_trade.check(x.ds, policy="widest"), UsageTypeError, "policy", id="check-str-policy"),
    case(lambda x: kzlt_trade.check(readings=[]), UsageTypeError, "readings", id="check-list-readings"),
    # kzlt_trade.reconcile
    case(lambda x: kzlt_trade.reconcile([]), UsageTypeError, "ds", id="reconcile-list-for-dataset"),
    case(lambda x: kzlt_trade.reconcile(x.ds, report=x.ds), UsageTypeError, "report", id="reconcile-dataset-report"),
    case(lambda x: kzlt_trade.reconcile(x.ds, rounding=None), UsageTypeError, "rounding", id="reconcile-none-rounding"),
    case(lambda x: kzlt_trade.reconcile(x.ds, policy=2), UsageTypeError, "policy", id="reconcile-int-policy"),
    # kzlt_trade.load_official, kzlt_trade.compare_official
    case(lambda x: kzlt_trade.load_official(2023), UsageTypeError, "path", id="load-official-int"),
    case(lambda x: kzlt_trade.load_official(["data/official"]), UsageTypeError, "path", id="load-official-list"),
    case(lambda x: kzlt_trade.compare_official("data"), UsageTypeError, "ds", id="compare-str-for-dataset"),
    case(
        lambda x: kzlt_trade.compare_official(x.ds, official="bns_trade_by_partner.csv"),
        UsageTypeError,
        "official",
        id="compare-path-for-frame",
    ),
    case(
        lambda x: kzlt_trade.compare_official(x.ds, rounding=1), UsageTypeError, "rounding", id="compare-int-rounding"
    ),
    # kzlt_trade.plot_turnover
    case(lambda x: kzlt_trade.plot_turnover(42), UsageTypeError, "data", id="turnover-int-for-dataset"),
    case(lambda x: kzlt_trade.plot_turnover(x.ds, partner=5), UsageTypeError, "partner", id="turnover-int-partner"),
    case(lambda x: kzlt_trade.plot_turnover(x.ds, partner=["LT"]), UsageError, "partner", id="turnover-list-partner"),
    case(
        lambda x: kzlt_trade.plot_turnover(x.ds, report=x.estimates),
        UsageTypeError,
        "report",
        id="turnover-estimates-for-report",
    ),
    case(
        lambda x: kzlt_trade.plot_turnover(x.ds, estimates=x.report),
        UsageTypeError,
        "estimates",
        id="turnover-report-for-estimates",
    ),
    case(lambda x: kzlt_trade.plot_turnover(x.ds, ax="ax"), UsageTypeError, "ax", id="turnover-str-ax"),
    case(lambda x: kzlt_trade.plot_turnover(x.ds, ax=Figure()), UsageTypeError, "ax", id="turnover-figure-for-ax"),
    case(
        lambda x: kzlt_trade.plot_turnover(x.ds, show_sources="yes"),
        UsageTypeError,
        "show_sources",
        id="turnover-str-show-sources",
    ),
    case(
        lambda x: kzlt_trade.plot_turnover(x.ds, show_findings=1),
        UsageTypeError,
        "show_findings",
        id="turnover-int-show-findings",
    ),
    # kzlt_trade.plot_turnover_panels
    case(lambda x: kzlt_trade.plot_turnover_panels("data"), UsageTypeError, "data", id="panels-str-for-dataset"),
    case(
        lambda x: kzlt_trade.plot_turnover_panels(x.ds, partner=7), UsageTypeError, "partner", id="panels-int-partner"
    ),
    case(
        lambda x: kzlt_trade.plot_turnover_panels(x.ds, show_estimate=None),
        UsageTypeError,
        "show_estimate",
        id="panels-none-show-estimate",
    ),
    # kzlt_trade.plot_growth
    case(lambda x: kzlt_trade.plot_growth(x.ds, partner=3.14), UsageTypeError, "partner", id="growth-float-partner"),
    case(lambda x: kzlt_trade.plot_growth(x.ds, partner=None), UsageError, "partner", id="growth-none-partner"),
    case(
        lambda x: kzlt_trade.plot_growth(x.ds, estimates=x.ds),
        UsageTypeError,
        "estimates",
        id="growth-dataset-for-estimates",
    ),
    # kzlt_trade.plot_claims
    case(
        lambda x: kzlt_trade.plot_claims(x.ds, indicators=5), UsageTypeError, "indicators", id="claims-int-indicators"
    ),
    case(
        lambda x: kzlt_trade.plot_claims(x.ds, indicators="turnover"),
        UsageError,
        "indicators",
        id="claims-one-str-indicators",
    ),
    case(
        lambda x: kzlt_trade.plot_claims(x.ds, indicators=["nonsense"]),
        UsageError,
        "indicators",
        id="claims-unknown-indicator",
    ),
    case(lambda x: kzlt_trade.plot_claims(x.ds, ax=[]), UsageTypeError, "ax", id="claims-list-ax"),
    case(lambda x: kzlt_trade.plot_claims({"LT": 1}), UsageTypeError, "data", id="claims-dict-for-dataset"),
    # Dataset methods
    case(lambda x: x.ds.select(partner=("LT", "EE")), UsageTypeError, "partner", id="select-tuple-partner"),
    case(lambda x: x.ds.select(indicator=5), UsageTypeError, "indicator", id="select-int-indicator"),
    case(lambda x: x.ds.select(source=[1]), UsageTypeError, "source[0]", id="select-list-of-int-source"),
    case(lambda x: x.ds.without(LT_2022), UsageTypeError, "claim_ids", id="without-one-str"),
    case(lambda x: x.ds.without(None), UsageTypeError, "claim_ids", id="without-none"),
    case(lambda x: x.ds.without([1]), UsageTypeError, "claim_ids[0]", id="without-list-of-int"),
    case(lambda x: x.ds.claim(1), UsageTypeError, "claim_id", id="claim-int-id"),
    case(lambda x: x.ds.claim([LT_2022]), UsageTypeError, "claim_id", id="claim-list-id"),
    case(lambda x: x.ds.source(None), UsageTypeError, "source_id", id="source-none-id"),
    case(lambda x: x.ds.text(5), UsageTypeError, "source_id", id="text-int-id"),
    case(lambda x: x.ds.combine(42), UsageTypeError, "other", id="combine-int"),
    # Report methods
    case(lambda x: x.report.of_kind(5), UsageError, "kind", id="of-kind-int"),
    case(lambda x: x.report.of_kind(["contradiction"]), UsageError, "kind", id="of-kind-list"),
    case(lambda x: x.report.at_least(None), UsageError, "severity", id="at-least-none"),
    case(lambda x: x.report.at_least(3), UsageError, "severity", id="at-least-int"),
    # kzlt_trade.testing
    case(lambda x: testing.assert_consistent(42), UsageTypeError, "data", id="consistent-int-data"),
    case(lambda x: testing.assert_consistent(x.ds, rounding=0.5), UsageTypeError, "rounding", id="consistent-rounding"),
    case(lambda x: testing.assert_consistent(x.ds, fail_on="warning"), UsageError, "fail_on", id="consistent-fail-on"),
    case(lambda x: testing.assert_consistent(x.ds, allow=5), UsageTypeError, "allow", id="consistent-int-allow"),
    case(lambda x: testing.assert_claims_equal(x.claim, LT_2022), UsageTypeError, "b", id="claims-equal-str"),
    case(lambda x: testing.assert_claims_identical(1, x.claim), UsageTypeError, "a", id="claims-identical-int"),
    case(
        lambda x: testing.assert_estimate_close(x.report, "LT", "turnover", "2022", 584.3),
        UsageTypeError,
        "estimates",
        id="estimate-close-report",
    ),
    case(
        lambda x: testing.assert_estimate_close(x.estimates, ["LT"], "turnover", "2022", 584.3),
        UsageTypeError,
        "partner",
        id="estimate-close-list-partner",
    ),
    case(
        lambda x: testing.assert_estimate_close(x.estimates, "LT", "turnover", 2022, 584.3),
        UsageTypeError,
        "period",
        id="estimate-close-int-period",
    ),
    case(
        lambda x: testing.assert_estimate_close(x.estimates, "LT", "turnover", "2022", "584.3"),
        UsageTypeError,
        "expected",
        id="estimate-close-str-expected",
    ),
    case(
        lambda x: testing.assert_estimate_close(x.estimates, "LT", "turnover", "2022", 584.3, rel="0.1"),
        UsageTypeError,
        "rel",
        id="estimate-close-str-rel",
    ),
    case(
        lambda x: testing.assert_estimate_close(x.estimates, "LT", "turnover", "2022", 584.3, abs=-1),
        UsageError,
        "abs",
        id="estimate-close-negative-abs",
    ),
    case(lambda x: testing.load_acknowledgements(None), UsageTypeError, "folder", id="acknowledgements-none"),
]


@pytest.mark.parametrize(("call", "error", "name"), CASES)
def test_a_bad_argument_is_refused_at_the_door(inputs: Inputs, call: Call, error: type[UsageError], name: str) -> None:
    figures = plt.get_fignums()
    with pytest.raises(KzltTradeError) as excinfo:
        call(inputs)
    exc = excinfo.value
    assert type(exc) is error, f"{type(exc).__name__}: {exc}"
    assert isinstance(exc, UsageError)
    # The message starts with the argument as the caller spells it, and keeps it as a field.
    assert exc.name == name
    assert str(exc).startswith(f"{name}="), str(exc)
    assert "expected" in str(exc)
    if error is UsageTypeError:
        assert isinstance(exc, TypeError)
        assert f" of type {type(exc.value).__qualname__} is not accepted" in str(exc)
    else:
        assert not isinstance(exc, TypeError)
    # Refused before any work: a chart that refuses its arguments draws no figure.
    assert plt.get_fignums() == figures


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 25


def test_estimates_get_refuses_a_list_for_a_partner(inputs: Inputs) -> None:
    with pytest.raises(UsageTypeError, match=r"^partner="):
        inputs.estimates.get(["LT"], "turnover", "2022")  # type: ignore[arg-type]


def test_estimates_get_names_an_unknown_quantity(inputs: Inputs) -> None:
    with pytest.raises(UsageError, match=r"^quantity='LT turnover 1990' is not accepted"):
        inputs.estimates.get("LT", "turnover", "1990")


def test_the_right_types_still_work(inputs: Inputs) -> None:
    ds = inputs.ds
    assert len(ds.select(partner=["EE"], indicator="turnover")) == len(ds.select(partner="EE", indicator="turnover"))
    assert LT_2022 not in ds.without(iter([LT_2022]))  # any iterable of ids, a generator too
    assert len(ds.without(())) == len(ds)
    assert len(kzlt_trade.check(ds, jump=3, rounding="either")) > 0  # an int ratio is a number
    ax = kzlt_trade.plot_claims(ds, partner="EE", indicators=("turnover",), ax=Figure().add_subplot())
    assert ax.get_yticklabels()
    assert len(kzlt_trade.load_official(Path(bundled_data_path()) / "official")) > 0  # a Path, as documented


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: kzlt_trade.read_number(5), "text"),  # type: ignore[arg-type]
        (lambda: kzlt_trade.Period.parse(2022), "text"),  # type: ignore[arg-type]
        (lambda: kzlt_trade.to_interval("584,3"), "number"),  # type: ignore[arg-type]
        (lambda: kzlt_trade.to_interval(kzlt_trade.read_number("5"), policy=0.05), "policy"),  # type: ignore[arg-type]
        (lambda: kzlt_trade.code_of(5), "name"),  # type: ignore[arg-type]
    ],
)
def test_the_value_readers_refuse_wrong_types_by_name(call: Callable[[], object], name: str) -> None:
    with pytest.raises(UsageTypeError, match=rf"^{name}="):
        call()

"""Laws of the checker and the reconciler, on generated claim sets (Hypothesis)."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kzlt_trade.checker import check
from kzlt_trade.dataset import Dataset
from kzlt_trade.model import Claim
from kzlt_trade.reconciler import reconcile
from tests.factories import claim, dataset


def printed(x: float, decimals: int) -> str:
    """``x`` rounded to ``decimals`` places, half to even, as a writer would print it."""
    return str(Decimal(repr(x)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN))


@st.composite
def truths(draw: st.DrawFn) -> dict[str, object]:
    """A consistent truth: yearly turnover, exports share, and how precisely each figure is printed."""
    n = draw(st.integers(2, 4))
    levels = draw(st.lists(st.floats(100.0, 5000.0), min_size=n, max_size=n))
    shares = draw(st.lists(st.floats(0.1, 0.9), min_size=n, max_size=n))
    decimals = draw(st.lists(st.integers(0, 2), min_size=4, max_size=4))
    return {"levels": levels, "shares": shares, "decimals": decimals}


def claims_of(truth: dict[str, object]) -> list[Claim]:
    """Every figure printed from the truth: turnover twice (two sources), exports, imports, growth."""
    levels: list[float] = truth["levels"]  # type: ignore[assignment]
    shares: list[float] = truth["shares"]  # type: ignore[assignment]
    d_t, d_e, d_g, d_t2 = truth["decimals"]  # type: ignore[misc]
    out = []
    for k, (t, s) in enumerate(zip(levels, shares, strict=True)):
        year = str(2010 + k)
        e = t * s
        out += [
            claim(f"a/t{year}", "turnover", year, printed(t, d_t), src="a"),
            claim(f"b/t{year}", "turnover", year, printed(t, d_t2), src="b"),
            claim(f"a/e{year}", "exports", year, printed(e, d_e), src="a"),
            claim(f"a/i{year}", "imports", year, printed(t - e, d_e), src="a"),
        ]
        if k:
            growth = (t / levels[k - 1] - 1) * 100
            text = printed(growth, d_g)
            out.append(
                claim(f"a/g{year}", "turnover", year, text, src="a", form="percent_increase", base=str(2009 + k))
            )
    return out


def perturbed(claims: list[Claim], index: int, factor: float) -> tuple[list[Claim], str]:
    """The claims with one turnover figure moved well beyond its precision."""
    turnover = [i for i, c in enumerate(claims) if c.id.startswith("a/t")]
    i = turnover[index % len(turnover)]
    c = claims[i]
    decimals = max(0, -c.number.value.as_tuple().exponent)  # type: ignore[operator]
    moved = claim(c.id, "turnover", str(c.period), printed(float(c.value) * factor, decimals), src="a")
    return [*claims[:i], moved, *claims[i + 1 :]], c.id


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(truths(), st.sampled_from(["nearest", "either"]))
def test_consistent_claims_are_never_flagged(truth: dict[str, object], rounding: str) -> None:
    report = check(dataset(*claims_of(truth)), rounding=rounding)  # type: ignore[arg-type]
    assert report.contradictions == ()
    assert report.tensions == ()


@SETTINGS
@given(truths(), st.integers(0, 10), st.sampled_from([0.9, 0.95, 1.05, 1.1]))
def test_one_figure_moved_beyond_its_precision_is_caught(truth: dict[str, object], index: int, factor: float) -> None:
    claims, moved = perturbed(claims_of(truth), index, factor)
    report = check(dataset(*claims))
    assert any(moved in f.claims for f in report.contradictions)
    # The moved figure clashes with its sum and with the other source's report: it alone is most likely wrong.
    assert reconcile(dataset(*claims), report=report).most_likely_wrong == (moved,)


@SETTINGS
@given(truths(), st.integers(0, 10), st.sampled_from([0.9, 1.1]))
def test_reconciling_twice_changes_nothing(truth: dict[str, object], index: int, factor: float) -> None:
    claims, _ = perturbed(claims_of(truth), index, factor)
    ds: Dataset = dataset(*claims)
    first = reconcile(ds)
    second = reconcile(ds.without(first.most_likely_wrong))
    assert second.most_likely_wrong == ()
    before = {(e.partner, e.indicator, e.period): e for e in first}
    for e in second:
        match = before[(e.partner, e.indicator, e.period)]
        assert e.interval == match.interval
        assert e.value == match.value


@SETTINGS
@given(truths(), st.integers(0, 10), st.sampled_from([0.9, 1.0, 1.1]))
def test_every_estimate_lies_in_its_feasible_interval(truth: dict[str, object], index: int, factor: float) -> None:
    claims, _ = perturbed(claims_of(truth), index, factor)
    for e in reconcile(dataset(*claims)):
        assert e.value is None or e.interval.contains(e.value)


def test_a_sum_that_holds_only_when_truncated_is_a_tension() -> None:
    ds = dataset(
        claim("a/t", "turnover", "2020", "10.2"),
        claim("a/e", "exports", "2020", "5.0"),
        claim("a/i", "imports", "2020", "5.0"),
    )
    (f,) = check(ds).tensions
    assert f.relation == "sum"
    assert f.message.endswith("holds only if the figures were truncated rather than rounded to the nearest value")
    assert f.arithmetic == "5.0 [4.95, 5.05] + 5.0 [4.95, 5.05] = [9.9, 10.1]; reported 10.2 [10.15, 10.25]: no overlap"
    # Either convention allowed from the start: the sum holds outright.
    assert check(ds, rounding="either").findings == ()


def test_a_sum_that_holds_only_when_rounded_is_a_tension_under_truncation() -> None:
    ds = dataset(
        claim("a/t", "turnover", "2020", "9.9"),
        claim("a/e", "exports", "2020", "5.0"),
        claim("a/i", "imports", "2020", "5.0"),
    )
    assert check(ds).findings == ()
    # Truncated, the parts allow [10.0, 10.2) and the total [9.9, 10.0): they touch but never meet.
    (t,) = check(ds, rounding="truncate").tensions
    assert t.arithmetic == "5.0 [5, 5.1) + 5.0 [5, 5.1) = [10, 10.2); reported 9.9 [9.9, 10): no overlap"

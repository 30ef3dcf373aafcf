"""The shortcuts that make a check at a million claims faster and leaner, against the plain way.

Each shortcut stands in for a value computed the plain way: intervals computed
once per distinct number and scaling, intervals shared by rows with the same
bounds, bounds read in place from the table, a claim's primary rows found in
one lookup, currencies compared member by member, the instances let go once
the report is made. Each test sets one against the value it replaced, so that
a change shows up as a wrong value (speed itself is measured by
``benchmarks/run.py``, never asserted).
"""

from __future__ import annotations

import dataclasses
import gc
import math
from operator import attrgetter

import numpy as np
import pytest

import kzlt_trade
from kzlt_trade.dataset import distinct_intervals
from kzlt_trade.errors import UnknownClaimError
from kzlt_trade.groups import Instances
from kzlt_trade.model import INDICATORS, reading_interval
from kzlt_trade.nodes import Nodes
from kzlt_trade.reading import HedgePolicy
from kzlt_trade.readings import Readings
from kzlt_trade.table import reading_table
from kzlt_trade.units import factor
from tests.factories import claim, dataset


@pytest.fixture(scope="module")
def readings() -> Readings:
    return Readings.of(kzlt_trade.load())


def test_distinct_intervals_give_each_pair_its_own_interval(full: kzlt_trade.Dataset) -> None:
    claims = full.claim_records
    pairs = [(c, r) for c in claims for r in c.readings]
    wide = HedgePolicy.widest()
    codes, strict, other = distinct_intervals(
        [c for c, _ in pairs], [r for _, r in pairs], rounding="truncate", also=("either", wide)
    )
    assert len(set(codes.tolist())) < len(pairs), "the bundled figures repeat"
    for (c, r), code in zip(pairs, codes.tolist(), strict=True):
        args = (c.number, c.hedge, r.form, c.unit, c.indicator)
        assert strict[code] == reading_interval(*args, rounding="truncate")
        assert other[code] == reading_interval(*args, rounding="either", policy=wide)


def test_units_of_one_scale_share_an_interval_and_other_scales_do_not() -> None:
    same = [
        claim("a", "turnover", "2022", "2.6", unit="billion USD"),
        claim("b", "turnover", "2022", "2.6", unit="млрд долларов США"),
        claim("c", "turnover", "2022", "2.6", unit="million USD"),
        claim("d", "turnover", "2022", "2.6", form="percent_increase", base="2021", unit="percent"),
        claim("e", "exports", "2022", "2.6", form="percent_increase", base="2021", unit="percent"),
    ]
    assert factor("billion USD", "money") == factor("млрд долларов США", "money") != factor("million USD", "money")
    codes, intervals, _ = distinct_intervals(same, [c.primary for c in same])
    assert codes.tolist() == [0, 0, 1, 2, 2]
    assert str(intervals[0]) == "[2550, 2650]"
    assert str(intervals[1]) == "[2.55, 2.65]"
    assert str(intervals[2]) == "[1.0255, 1.0265]"


def test_a_count_of_whole_things_keeps_its_own_interval() -> None:
    # One text, one scale (1): as money "12" is [11.5, 12.5], as a count of companies only 12 itself.
    money = claim("m", "turnover", "2022", "12")
    count = dataclasses.replace(money, id="c", indicator="companies", flow="inward", unit="company")
    assert factor(money.unit, "money") == factor(count.unit, "item") == 1.0
    codes, intervals, _ = distinct_intervals([money, count], [money.primary, count.primary])
    assert codes.tolist() == [0, 1]
    assert [str(iv) for iv in intervals] == ["[11.5, 12.5]", "[12, 12]"]
    assert INDICATORS["companies"].integer
    assert not INDICATORS["turnover"].integer


def test_rows_with_the_same_bounds_share_one_interval(readings: Readings) -> None:
    table = readings.table
    for r in range(len(readings)):
        iv = readings.interval(r)
        assert (iv.lo, iv.hi, iv.lo_open, iv.hi_open) == tuple(table.loc[r, ["lo", "hi", "lo_open", "hi_open"]])
    by_bounds: dict[tuple[float, float, bool, bool], list[int]] = {}
    for r, key in enumerate(zip(*(table[c].tolist() for c in ("lo", "hi", "lo_open", "hi_open")), strict=True)):
        by_bounds.setdefault(key, []).append(r)
    shared = [rows for rows in by_bounds.values() if len(rows) > 1]
    assert shared, "the bundled data repeats figures"
    for rows in shared:
        assert all(readings.interval(r) is readings.interval(rows[0]) for r in rows)
    assert readings.intervals([0, 1, 0], wide=True) == [readings.interval(r, wide=True) for r in (0, 1, 0)]


def test_a_negative_zero_bound_is_not_taken_for_zero(full: kzlt_trade.Dataset) -> None:
    table = reading_table(full).head(3).copy()
    table["lo"] = [-0.0, 0.0, -0.0]
    table["hi"] = [1.0, 1.0, 1.0]
    table[["lo_open", "hi_open"]] = False
    rd = Readings(table)
    signs = [math.copysign(1.0, rd.interval(r).lo) for r in range(3)]
    assert signs == [-1.0, 1.0, -1.0]
    assert rd.interval(2) is rd.interval(0)
    assert str(rd.interval(0)) == "[-0, 1]"


def test_bounds_are_read_in_place_and_cannot_be_written(readings: Readings) -> None:
    strict, wide = ("lo", "hi", "lo_open", "hi_open"), ("wlo", "whi", "wlo_open", "whi_open")
    for b, names in ((readings.strict, strict), (readings.wide, wide)):
        for got, name in zip((b.lo, b.hi, b.lo_open, b.hi_open), names, strict=True):
            assert np.array_equal(got, readings.table[name].to_numpy())
            assert got.dtype == (np.float64 if "open" not in name else bool)
            with pytest.raises(ValueError, match="read-only"):
                got[0] = got[0]


def test_primary_rows_of_many_claims_at_once(readings: Readings) -> None:
    claims = readings.claim_ids.tolist()[::-1]
    assert readings.primary_rows(claims) == [readings.primary_row(c) for c in claims]
    assert readings.primary_rows([]) == []
    with pytest.raises(UnknownClaimError, match="no-such/claim"):
        readings.primary_rows([claims[0], "no-such/claim"])


def test_cells_of_object_columns_are_the_columns_own_values(readings: Readings) -> None:
    column = readings.col("quote")
    assert all(readings.cell(r, "quote") is column[r] for r in range(len(readings)))
    assert all(type(readings.cell(r, "lo")) is float for r in range(len(readings)))


def _across_the_plain_way(nodes: Nodes, stacked: np.ndarray) -> list[bool]:
    currency = nodes.col("currency")
    return [len({currency[n] for n in row if n >= 0} - {""}) > 1 for row in stacked.tolist()]


def test_currencies_are_compared_as_one_instance_at_a_time_would() -> None:
    rd = Readings.of(kzlt_trade.load())
    nodes = Nodes.of(rd)
    currencies = set(nodes.col("currency").tolist())
    assert {"", "USD"} < currencies
    assert len(currencies) > 2
    rng = np.random.default_rng(7)
    stacked = rng.integers(-1, len(nodes), size=(2000, 3))
    stacked[:, 0] = np.abs(stacked[:, 0])
    assert nodes.across_currencies(stacked).tolist() == _across_the_plain_way(nodes, stacked)
    assert nodes.across_currencies(stacked[:0]).tolist() == []


def test_one_currency_relates_nothing_across() -> None:
    ds = dataset(claim("a", "turnover", "2022", "100"), claim("b", "exports", "2022", "60"))
    nodes = Nodes.of(Readings.of(ds))
    stacked = np.asarray([[0, 1, -1], [1, -1, -1]], dtype=np.int64)
    assert nodes.across_currencies(stacked).tolist() == [False, False]


def test_the_report_holds_no_instances() -> None:
    gc.collect()
    report = kzlt_trade.check()
    gc.collect()
    assert report.groups is not None
    assert len(report.groups) > 0
    assert not [o for o in gc.get_objects() if isinstance(o, Instances)]


def test_findings_keep_their_fields_without_a_dict() -> None:
    f = kzlt_trade.check()[0]
    assert not hasattr(f, "__dict__")
    assert [getattr(f, name) for name in ("kind", "claims")] == [f.kind, f.claims]
    assert attrgetter("relation")(f) == f.key.split(":")[0]

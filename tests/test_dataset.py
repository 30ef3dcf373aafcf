"""Dataset: record lookup, selection, and the pandas tables."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest

import kzlt_trade
from kzlt_trade.dataset import CLAIM_FRAME_COLUMNS, Dataset
from kzlt_trade.errors import UnknownClaimError, UsageError


def test_lookup(ds: kzlt_trade.Dataset) -> None:
    c = ds.claim("mfa-2023-10-10/turnover-2022")
    assert (c.text, c.unit, c.source) == ("584,3", "million USD", "mfa-2023-10-10")
    assert "mfa-2023-10-10/turnover-2022" in ds
    assert "nope" not in ds
    assert 3 not in ds
    assert len(ds) == 47
    assert [c.id for c in ds][:2] == ["mfa-2023-10-10/rank-kz-partners-eu", "mfa-2023-10-10/rank-lt-partners-world"]
    with pytest.raises(UnknownClaimError):
        ds.claim("nope")


def test_source_and_text(ds: kzlt_trade.Dataset) -> None:
    assert ds.source("kazinform-2024-06-20").file == "001_c260db9e8577273d.txt"
    text = ds.text("kazinform-2024-06-20")
    assert text.startswith(" date 2024-06-20 Delegations of the foreign ministries")
    assert len(text) == 2747
    with pytest.raises(UsageError):
        ds.source("nope")


def test_text_needs_a_folder(ds: kzlt_trade.Dataset) -> None:
    detached = Dataset(ds.source_records, ds.claim_records)
    with pytest.raises(UsageError) as err:
        detached.text("mfa-2023-10-10")
    assert str(err.value) == "text='mfa-2023-10-10' is not accepted: expected a dataset loaded from a folder"
    assert repr(detached) == "<Dataset: 47 claims, 5 sources>"


def test_repr(ds: kzlt_trade.Dataset) -> None:
    assert repr(ds) == f"<Dataset: 47 claims, 5 sources from {ds.path}>"


@pytest.mark.parametrize(
    ("filters", "n_claims", "sources"),
    [
        ({}, 47, 5),
        ({"partner": "LT"}, 26, 4),
        ({"partner": "EE"}, 2, 1),
        ({"partner": ["RO", "EE"]}, 8, 1),
        ({"indicator": "turnover"}, 14, 5),
        ({"source": "kaztoday-2025-11-27"}, 13, 1),
        ({"partner": "LT", "indicator": ["exports", "imports"]}, 6, 2),
        ({"partner": "LV"}, 0, 0),
    ],
)
def test_select(ds: kzlt_trade.Dataset, filters: dict[str, str | list[str]], n_claims: int, sources: int) -> None:
    sub = ds.select(**filters)
    assert (len(sub), len(sub.source_records)) == (n_claims, sources)
    assert sub.path == ds.path
    for c in sub:
        for key, allowed in filters.items():
            value = getattr(c, key)
            assert value == allowed or value in allowed


def test_claims_frame(ds: kzlt_trade.Dataset) -> None:
    df = ds.claims
    assert tuple(df.columns) == CLAIM_FRAME_COLUMNS
    assert len(df) == 47
    assert df.id.tolist() == [c.id for c in ds]
    for col in ("partner", "indicator", "flow", "form", "hedge", "period_kind", "canonical_unit"):
        assert isinstance(df[col].dtype, pd.CategoricalDtype), col
    for col in ("id", "source", "text", "quote", "period", "unit", "note"):
        assert pd.api.types.is_string_dtype(df[col].dtype), col
    for col in ("period_start", "period_end", "published"):
        assert pd.api.types.is_datetime64_any_dtype(df[col].dtype), col
    assert df.partner.value_counts().to_dict() == {"LT": 26, "EU": 13, "RO": 6, "EE": 2}
    assert df.period_kind.value_counts().to_dict() == {"as_of": 24, "year": 15, "partial": 5, "window": 3}
    assert int(df.n_readings.sum()) == 53


def test_claims_frame_rows(ds: kzlt_trade.Dataset) -> None:
    df = ds.claims.set_index("id")
    row = df.loc["mfa-2023-10-10/turnover-2022"]
    assert (row.text, row.low, row.high, row.canonical_unit) == ("584,3", 584.25, 584.35, "million USD")
    growth = df.loc["kazinform-2022-06-15/turnover-growth-2022-part"]
    assert (growth.form, growth.base_period, growth.canonical_unit, growth.n_readings) == (
        "percent_increase", "2021-part", "ratio", 2,
    )  # fmt: skip
    fdi = df.loc["kaztoday-2025-11-27/fdi-since-independence"]
    assert (fdi.low, fdi.high, fdi.low_open, fdi.high_open) == (200000.0, math.inf, True, True)
    assert (fdi.period_start, fdi.period_end) == (pd.Timestamp("1991-12-01"), pd.Timestamp("2025-11-30"))
    ro = df.loc["kazinform-2023-02-24/ro-turnover-2022"]
    # [2.55, 2.65] billion, scaled to millions with outward rounding: one ulp below 2550 at most.
    assert (ro.low, ro.high) == (pytest.approx(2550.0, rel=1e-15), pytest.approx(2650.0, rel=1e-15))
    assert ro.low <= 2550.0
    assert ro.high >= 2650.0
    assert (ro.value, ro.unit) == (2.6, "billion USD")


def test_claim_row_is_plain_data(ds: kzlt_trade.Dataset) -> None:
    row = ds.claim_row(ds.claim("kazinform-2024-06-20/companies-2024-01-01"))
    assert tuple(row) == CLAIM_FRAME_COLUMNS
    assert row == {
        "id": "kazinform-2024-06-20/companies-2024-01-01",
        "source": "kazinform-2024-06-20",
        "partner": "LT",
        "indicator": "companies",
        "flow": "inward",
        "scope": "",
        "period": "@2024-01-01",
        "period_kind": "as_of",
        "period_start": "2024-01-01",
        "period_end": "2024-01-01",
        "base_period": "",
        "form": "level",
        "reading": "stated",
        "n_readings": 1,
        "text": "190",
        "value": 190.0,
        "unit": "company",
        "hedge": "none",
        "low": 190.0,
        "high": 190.0,
        "low_open": False,
        "high_open": False,
        "canonical_unit": "item",
        "quote": "As of January 1, 2024, 190 companies with Lithuanian capital operated in Kazakhstan",
        "start": 2663,
        "end": 2746,
        "part_of": "",
        "published": "2024-06-20",
        "note": "",
        "reporter": "KZ",
        "source_kind": "press",
    }


def test_sources_frame(ds: kzlt_trade.Dataset) -> None:
    df = ds.sources
    assert df.columns.tolist() == [
        "id", "title", "publisher", "language", "published", "published_basis", "event_date", "file", "sha256",
        "url", "weight", "kind", "dataset", "edition", "note", "n_claims",
    ]  # fmt: skip
    assert df[["id", "n_claims"]].to_numpy().tolist() == [
        ["mfa-2023-10-10", 4],
        ["kazinform-2024-06-20", 5],
        ["kazinform-2022-06-15", 14],
        ["kazinform-2023-02-24", 11],
        ["kaztoday-2025-11-27", 13],
    ]
    assert df.published.dt.strftime("%Y-%m-%d").tolist() == [
        "2023-10-10", "2024-06-20", "2022-06-15", "2023-02-24", "2025-11-27",
    ]  # fmt: skip
    assert df.event_date.isna().tolist() == [False, True, False, True, False]


def test_empty_selection_tables(ds: kzlt_trade.Dataset) -> None:
    empty = ds.select(partner="LV")
    assert len(empty.claims) == 0
    assert tuple(empty.claims.columns) == CLAIM_FRAME_COLUMNS
    assert len(empty.sources) == 0


def rows_frame(ds: Dataset) -> pd.DataFrame:
    """The claims frame built the plain way, one claim_row dict per claim."""
    df = pd.DataFrame([ds.claim_row(c) for c in ds.claim_records], columns=list(CLAIM_FRAME_COLUMNS))
    for col in ("partner", "indicator", "flow", "form", "hedge", "period_kind", "canonical_unit"):
        df[col] = df[col].astype("category")
    for col in ("period_start", "period_end", "published"):
        df[col] = pd.to_datetime(df[col])
    for col in ("low", "high", "value"):
        df[col] = df[col].astype("float64")
    for col in ("start", "end", "n_readings"):
        df[col] = df[col].astype("int64")
    for col in ("low_open", "high_open"):
        df[col] = df[col].astype("bool")
    for col in df.columns:
        if df[col].dtype == object:
            df[col] = df[col].astype("string")
    return df


def replicated(ds: kzlt_trade.Dataset, copies: int) -> Dataset:
    sources = tuple(dataclasses.replace(s, id=f"{s.id}-{k}") for k in range(copies) for s in ds.source_records)
    claims = tuple(
        dataclasses.replace(c, id=f"{c.id}-{k}", source=f"{c.source}-{k}") for k in range(copies) for c in ds
    )
    return Dataset(sources, claims, ds.path)


@pytest.mark.parametrize("copies", [1, 7])
def test_claims_frame_is_its_rows(ds: kzlt_trade.Dataset, copies: int) -> None:
    data = replicated(ds, copies)
    pd.testing.assert_frame_equal(data.claims, rows_frame(data), check_exact=True)


def test_claims_frame_of_a_claim_without_its_source(ds: kzlt_trade.Dataset) -> None:
    orphan = Dataset(ds.source_records[1:], ds.claim_records)
    pd.testing.assert_frame_equal(orphan.claims, rows_frame(orphan), check_exact=True)
    assert orphan.claims.published.isna().sum() == 4


def test_sources_frame_counts_claims(ds: kzlt_trade.Dataset) -> None:
    data = replicated(ds, 3)
    assert data.sources.n_claims.tolist() == [4, 5, 14, 11, 13] * 3
    assert data.source("mfa-2023-10-10-2").id == "mfa-2023-10-10-2"

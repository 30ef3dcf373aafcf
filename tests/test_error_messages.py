"""The full text of every error message a user may meet, pinned.

Each bad data folder is a copy of the bundled data with one edit. The messages
name the file, row and field, show the bad value, and say what was expected.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

import kzlt_trade
from kzlt_trade.errors import DataFileError, KzltTradeError, Problem, ReadingError, UnknownClaimError, UsageError
from kzlt_trade.io import CLAIM_COLUMNS, load
from kzlt_trade.reading import read_number

Rows = list[dict[str, str]]

TURNOVER_2022 = "mfa-2023-10-10/turnover-2022"  # row 4 of claims.csv
COLUMNS = ", ".join(CLAIM_COLUMNS)
PARTNER_EXPECTED = (
    "a partner code: an ISO 3166-1 alpha-2 country other than KZ, "
    "or EU, EU27, EU28, EAEU, CIS, CENTRAL_ASIA, EUROPE, WORLD"
)


def edit_table(path: Path, edit: Callable[[list[str], Rows], tuple[list[str], Rows]]) -> None:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = list(reader.fieldnames or []), list(reader)
    fields, rows = edit(fields, rows)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def edit_row(path: Path, key: str, match: str, /, **changes: str) -> None:
    def edit(fields: list[str], rows: Rows) -> tuple[list[str], Rows]:
        (row,) = [r for r in rows if r[key] == match]
        row.update(changes)
        return fields, rows

    edit_table(path, edit)


def edit_claim(folder: Path, claim_id: str, /, **changes: str) -> None:
    edit_row(folder / "claims.csv", "id", claim_id, **changes)


def message_of(folder: Path) -> str:
    with pytest.raises(DataFileError) as err:
        load(folder)
    return str(err.value)


def one(folder: Path, line: str) -> str:
    return f"1 problem in data folder {folder}:\n  - {line}"


# -- one problem each -------------------------------------------------------------------
def test_missing_column(data_copy: Path) -> None:
    def drop_unit(fields: list[str], rows: Rows) -> tuple[list[str], Rows]:
        for row in rows:
            del row["unit"]
        return [f for f in fields if f != "unit"], rows

    edit_table(data_copy / "claims.csv", drop_unit)
    # One problem: the readings that refer to the unread claims are not reported as well.
    assert message_of(data_copy) == one(
        data_copy, f"claims.csv, field 'unit': got missing; expected a column named 'unit' (columns: {COLUMNS})"
    )


def test_unknown_partner(data_copy: Path) -> None:
    edit_claim(data_copy, TURNOVER_2022, partner="XX")
    assert message_of(data_copy) == one(
        data_copy, f"claims.csv, row 4, field 'partner': got 'XX'; expected {PARTNER_EXPECTED}"
    )


def test_unknown_indicator(data_copy: Path) -> None:
    edit_claim(data_copy, TURNOVER_2022, indicator="gdp")
    assert message_of(data_copy) == one(
        data_copy,
        "claims.csv, row 4, field 'indicator': got 'gdp'; expected an indicator: turnover, exports, imports, "
        "fdi_inflow, companies, diaspora, rank, share, count",
    )


def test_unparsable_number_text(data_copy: Path) -> None:
    edit_claim(data_copy, TURNOVER_2022, text="584.3")  # English decimal point in a Russian text
    assert message_of(data_copy) == one(
        data_copy,
        "claims.csv, row 4, field 'text': got '584.3'; expected a number as written in ru (cannot read number "
        "'584.3': expected digits grouped in threes by a space, with ',' before decimals, e.g. '1 234,5')",
    )


def test_unit_pint_cannot_parse(data_copy: Path) -> None:
    edit_claim(data_copy, TURNOVER_2022, unit="million bananas")
    assert message_of(data_copy) == one(
        data_copy,
        "claims.csv, row 4, field 'unit': got 'million bananas'; expected a unit for turnover "
        "(a unit pint can parse, such as 'million USD' or 'company')",
    )


def test_unit_that_breaks_the_parser(data_copy: Path) -> None:
    edit_claim(data_copy, TURNOVER_2022, unit="1/0")
    assert message_of(data_copy) == one(
        data_copy,
        "claims.csv, row 4, field 'unit': got '1/0'; expected a unit for turnover "
        "(a unit pint can parse, such as 'million USD' or 'company')",
    )


def test_unit_of_the_wrong_dimension(data_copy: Path) -> None:
    edit_claim(data_copy, TURNOVER_2022, unit="company")
    assert message_of(data_copy) == one(
        data_copy,
        "claims.csv, row 4, field 'unit': got 'company'; expected a unit for turnover "
        "(a unit of money: a scale and an ISO 4217 currency, e.g. 'million USD', 'billion EUR', 'млрд тенге')",
    )


def test_negative_turnover(data_copy: Path) -> None:
    # "в 2024-2025 годах" holds the text "-2025", so the quote check passes and only the sign is wrong.
    edit_claim(
        data_copy, "kaztoday-2025-11-27/turnover-2024", text="-2025", value="-2025", quote="2024-2025",
        start="750", end="759",
    )  # fmt: skip
    assert message_of(data_copy) == one(
        data_copy, "claims.csv, row 39, field 'value': got '-2025'; expected a turnover that is not negative"
    )


def test_share_over_100_percent(data_copy: Path) -> None:
    edit_claim(
        data_copy, "kaztoday-2025-11-27/share-eu-oil-imports", text="200", value="200", start="1374", end="1463",
        quote="объем европейских инвестиций с момента независимости превысил 200 миллиардов долларов США",
    )  # fmt: skip
    assert message_of(data_copy) == one(
        data_copy, "claims.csv, row 42, field 'value': got '200'; expected a share of at most 100 percent"
    )


def test_quote_not_at_its_offsets(data_copy: Path) -> None:
    edit_claim(data_copy, TURNOVER_2022, start="838", end="914")
    assert message_of(data_copy) == one(
        data_copy,
        "claims.csv, row 4, field 'quote': got 'по итогам 2022 года объем торговли вырос на 28,7% и составил 584,3 "
        "млн долл.'; expected the text of 000_8fba6d711cbc81d6.txt at 838..914, which reads 'о итогам 2022 года "
        "объем торговли вырос на 28,7% и составил 584,3 млн долл. '; the quote stands at 837..913",
    )


def test_quote_nowhere_in_the_text(data_copy: Path) -> None:
    edit_claim(
        data_copy, TURNOVER_2022, quote="по итогам 2022 года объем торговли вырос на 28,7% и составил 584,3 млн евро"
    )
    assert message_of(data_copy) == one(
        data_copy,
        "claims.csv, row 4, field 'quote': got 'по итогам 2022 года объем торговли вырос на 28,7% и составил 584,3 "
        "млн евро'; expected the text of 000_8fba6d711cbc81d6.txt at 837..913, which reads 'по итогам 2022 года "
        "объем торговли вырос на 28,7% и составил 584,3 млн долл.'; the quote is nowhere in the text",
    )


def test_sha256_mismatch(data_copy: Path) -> None:
    path = data_copy / "sources" / "001_c260db9e8577273d.txt"
    path.chmod(0o644)
    path.write_text(path.read_text(encoding="utf-8").replace("Klaipeda city", "Klaipėda city"), encoding="utf-8")
    # One problem: the five claims quoting the changed text are not reported as well.
    assert message_of(data_copy) == one(
        data_copy,
        "sources.csv, row 2, field 'sha256': got '7f7bdcbaa0e4d99ca80681e2a13e13eb31f5a132fa201e57fe278fa3cc47d921'; "
        "expected the SHA-256 of sources/001_c260db9e8577273d.txt, which is "
        "135b672b98941b1f0dc5cf5c7a478f51be5a0d2cd9aec59aab58a2b9b87e4ddd: the text changed, or the hash is wrong",
    )


def test_duplicate_id(data_copy: Path) -> None:
    edit_claim(data_copy, "kazinform-2024-06-20/turnover-2023", id=TURNOVER_2022)
    assert message_of(data_copy) == one(
        data_copy,
        "claims.csv, row 5, field 'id': got 'mfa-2023-10-10/turnover-2022'; "
        "expected a claim id used once (it repeats an earlier row)",
    )


def test_period_that_ends_before_it_starts(data_copy: Path) -> None:
    edit_claim(data_copy, "kazinform-2024-06-20/fdi-2005-2023-09", period="2023-09..2005-01")
    assert message_of(data_copy) == one(
        data_copy,
        "claims.csv, row 8, field 'period': got '2023-09..2005-01'; expected a period (cannot read period "
        "'2023-09..2005-01': expected an end that is not before its start)",
    )


def test_claim_naming_an_unknown_source(data_copy: Path) -> None:
    edit_claim(data_copy, TURNOVER_2022, source="mfa-2099-01-01")
    # One problem: without its source the text's language is unknown, so "584,3" is not misread as English.
    assert message_of(data_copy) == one(
        data_copy, "claims.csv, row 4, field 'source': got 'mfa-2099-01-01'; expected the id of a source in sources.csv"
    )


def test_reading_for_an_unknown_claim(data_copy: Path) -> None:
    edit_row(data_copy / "readings.csv", "reading", "times_increase", claim="kazinform-2023-02-24/ee-growth")
    assert message_of(data_copy) == one(
        data_copy,
        "readings.csv, row 6, field 'claim': got 'kazinform-2023-02-24/ee-growth'; "
        "expected the id of a claim in claims.csv",
    )


# -- lazy validation --------------------------------------------------------------------
def test_every_problem_in_the_folder_is_reported_at_once(data_copy: Path) -> None:
    edit_row(data_copy / "sources.csv", "id", "kazinform-2022-06-15", published="15 June 2022")
    edit_claim(data_copy, TURNOVER_2022, partner="XX", unit="company")
    edit_claim(data_copy, "kazinform-2024-06-20/fdi-2005-2023-09", period="2023-09..2005-01", unit="EUR/item")
    edit_row(data_copy / "readings.csv", "reading", "times_increase", claim="kazinform-2023-02-24/ee-growth")
    with pytest.raises(DataFileError) as err:
        load(data_copy)
    assert str(err.value) == "\n".join(
        [
            f"6 problems in data folder {data_copy}:",
            "  - sources.csv, row 3, field 'published': got '15 June 2022'; expected a date YYYY-MM-DD, "
            "or YYYY-MM or YYYY when only those are known",
            f"  - claims.csv, row 4, field 'partner': got 'XX'; expected {PARTNER_EXPECTED}",
            "  - claims.csv, row 4, field 'unit': got 'company'; expected a unit for turnover "
            "(a unit of money: a scale and an ISO 4217 currency, e.g. 'million USD', 'billion EUR', 'млрд тенге')",
            "  - claims.csv, row 8, field 'period': got '2023-09..2005-01'; expected a period (cannot read period "
            "'2023-09..2005-01': expected an end that is not before its start)",
            # The bad period does not hide the bad unit of the same row.
            "  - claims.csv, row 8, field 'unit': got 'EUR/item'; expected a unit for fdi_inflow "
            "(a unit of money: a scale and an ISO 4217 currency, e.g. 'million USD', 'billion EUR', 'млрд тенге')",
            "  - readings.csv, row 6, field 'claim': got 'kazinform-2023-02-24/ee-growth'; "
            "expected the id of a claim in claims.csv",
        ]
    )


def test_data_file_error_is_structured(data_copy: Path) -> None:
    edit_claim(data_copy, TURNOVER_2022, partner="XX")
    edit_row(data_copy / "readings.csv", "reading", "times_increase", claim="kazinform-2023-02-24/ee-growth")
    with pytest.raises(DataFileError) as err:
        load(data_copy)
    e = err.value
    assert isinstance(e, KzltTradeError)
    assert isinstance(e, ValueError)
    assert e.folder == str(data_copy)
    assert e.problems == (
        Problem("claims.csv", 4, "partner", "XX", PARTNER_EXPECTED),
        Problem("readings.csv", 6, "claim", "kazinform-2023-02-24/ee-growth", "the id of a claim in claims.csv"),
    )
    assert e.table() == [
        {
            "file": "claims.csv",
            "row": 4,
            "field": "partner",
            "value": "XX",
            "expected": PARTNER_EXPECTED,
        },
        {
            "file": "readings.csv",
            "row": 6,
            "field": "claim",
            "value": "kazinform-2023-02-24/ee-growth",
            "expected": "the id of a claim in claims.csv",
        },
    ]


def test_problem_text() -> None:
    assert (
        str(Problem("claims.csv", 4, "unit", "x", "a unit"))
        == "claims.csv, row 4, field 'unit': got 'x'; expected a unit"
    )
    assert (
        str(Problem("claims.csv", None, "unit", None, "a column"))
        == "claims.csv, field 'unit': got missing; expected a column"
    )
    assert str(Problem("data", None, None, None, "a folder")) == "data: got missing; expected a folder"
    long = "x" * 100
    assert str(Problem("f", 1, None, long, "short")) == f"f, row 1: got '{'x' * 79}…'; expected short"


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(DataFileError) as err:
        load(tmp_path / "nowhere")
    assert str(err.value) == (
        f"1 problem in data folder:\n  - {tmp_path / 'nowhere'}: got missing; "
        "expected a folder holding sources.csv, claims.csv and sources/"
    )


# -- other errors -----------------------------------------------------------------------
def test_reading_error() -> None:
    with pytest.raises(ReadingError) as err:
        read_number("7.000,5", "en")
    e = err.value
    assert str(e) == (
        "cannot read number '7.000,5': expected digits grouped in threes by ',' or a space, "
        "with '.' before decimals, e.g. '1,234.5'"
    )
    assert (e.what, e.text) == ("number", "7.000,5")
    assert isinstance(e, KzltTradeError)
    assert isinstance(e, ValueError)


def test_unknown_claim_error(ds: kzlt_trade.Dataset) -> None:
    with pytest.raises(UnknownClaimError) as err:
        ds.claim("nope")
    assert str(err.value) == "no claim with id 'nope' among 47 claims"
    assert err.value.claim_id == "nope"
    assert len(err.value.known) == 47
    assert isinstance(err.value, KeyError)
    assert isinstance(err.value, KzltTradeError)


def test_unknown_claim_error_suggests_close_ids(ds: kzlt_trade.Dataset) -> None:
    with pytest.raises(UnknownClaimError) as err:
        ds.claim("TURNOVER-2022")
    assert str(err.value) == (
        "no claim with id 'TURNOVER-2022' among 47 claims; did you mean mfa-2023-10-10/turnover-2022, "
        "kazinform-2022-06-15/turnover-2022-part, kazinform-2023-02-24/ro-turnover-2022, "
        "kazinform-2023-02-24/lt-turnover-2022, kazinform-2023-02-24/ee-turnover-2022?"
    )


def test_usage_error(ds: kzlt_trade.Dataset) -> None:
    with pytest.raises(UsageError) as err:
        ds.source("nope")
    assert str(err.value) == (
        "source='nope' is not accepted: expected one of mfa-2023-10-10, kazinform-2024-06-20, "
        "kazinform-2022-06-15, kazinform-2023-02-24, kaztoday-2025-11-27"
    )
    assert (err.value.name, err.value.value) == ("source", "nope")
    assert isinstance(err.value, ValueError)
    assert str(UsageError("rounding", 3, "'nearest', 'truncate' or 'either'")) == (
        "rounding=3 is not accepted: expected 'nearest', 'truncate' or 'either'"
    )


def test_record_error() -> None:
    from datetime import date

    from kzlt_trade.errors import RecordError
    from kzlt_trade.model import Source

    with pytest.raises(RecordError) as err:
        Source("s1", "t", "p", "de", date(2024, 1, 1), "", None, "f.txt", "0" * 64)  # type: ignore[arg-type]
    e = err.value
    assert str(e) == "s1: field 'language' is 'de'; expected 'en' or 'ru'"
    assert (e.record, e.field, e.value, e.expected) == ("s1", "language", "de", "'en' or 'ru'")
    assert isinstance(e, KzltTradeError)
    assert isinstance(e, ValueError)

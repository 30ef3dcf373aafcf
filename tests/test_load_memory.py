"""What a load keeps and how it reads: slotted records, shared values, rows taken one at a time."""

from __future__ import annotations

import copy
import csv
import dataclasses
import gc
import pickle
from pathlib import Path

import pytest

import kzlt_trade
from kzlt_trade.errors import DataFileError, RecordError
from kzlt_trade.files import TableDamagedError, read_table, stream_table
from kzlt_trade.io import CLAIM_COLUMNS, OPTIONAL_COLUMNS, bundled_data_path


def test_a_claim_has_no_dict(ds: kzlt_trade.Dataset) -> None:
    claim = ds.claim_records[0]
    assert not hasattr(claim, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError):
        claim.note = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError, match="'not_a_field'"):
        claim.not_a_field = 1  # type: ignore[attr-defined]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del claim.note
    # Nothing but its fields can be kept on it, even past the frozen __setattr__.
    with pytest.raises(AttributeError):
        object.__setattr__(claim, "not_a_field", 1)


def test_records_pickle_copy_and_compare(ds: kzlt_trade.Dataset) -> None:
    claims = ds.claim_records
    again = pickle.loads(pickle.dumps(claims))
    assert again == claims
    assert [repr(c) for c in again] == [repr(c) for c in claims]
    assert [c.number for c in again] == [c.number for c in claims]
    assert pickle.loads(pickle.dumps(ds.source_records)) == ds.source_records
    assert copy.deepcopy(claims[0]) == claims[0]
    assert {claims[0]: 1}[copy.copy(claims[0])] == 1


def test_replace_checks_and_reads_the_number_again(ds: kzlt_trade.Dataset) -> None:
    claim = ds.claim("mfa-2023-10-10/turnover-2022")
    quote = claim.quote.replace(claim.text, "584,4")
    other = dataclasses.replace(claim, text="584,4", value=claim.value + type(claim.value)("0.1"), quote=quote,
                                end=claim.start + len(quote))  # fmt: skip
    assert other.number.text == "584,4"
    assert other != claim
    with pytest.raises(RecordError):
        dataclasses.replace(claim, unit="tonnes")


def test_repeated_values_are_one_object(ds: kzlt_trade.Dataset) -> None:
    claims = ds.claim_records
    for name in ("partner", "indicator", "flow", "unit", "hedge", "language", "source"):
        values = [getattr(c, name) for c in claims]
        assert len({id(v) for v in values}) == len(set(values)), name
    quotes = [c.quote for c in claims]
    assert len(set(quotes)) < len(quotes)  # the bundled data repeats sentences
    assert len({id(q) for q in quotes}) == len(set(quotes))
    starts = [c.start for c in claims]
    assert len({id(s) for s in starts}) == len(set(starts))


def test_streamed_rows_are_the_rows_read_whole() -> None:
    path = bundled_data_path() / "claims.csv"
    optional = OPTIONAL_COLUMNS["claims.csv"]
    whole, late, readable = read_table(path, "claims.csv", CLAIM_COLUMNS, [], optional)
    streamed = stream_table(path, "claims.csv", CLAIM_COLUMNS, [], optional)
    assert readable
    assert not late
    assert streamed is not None
    assert list(streamed) == whole


def test_a_damaged_row_is_met_where_it_stands(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text('a,b\n1,2\n3,"4\n5,6\n', encoding="utf-8")
    rows = stream_table(path, "t.csv", ("a", "b"), [])
    assert rows is not None
    assert next(rows) == (1, "1", "2")
    with pytest.raises(TableDamagedError):
        next(rows)
    path.write_bytes(b"a,b\n1,\x002\n")
    with pytest.raises(TableDamagedError):
        stream_table(path, "t.csv", ("a", "b"), [])


def _append_line(path: Path, line: str) -> None:
    with open(path, "a", encoding="utf-8", newline="") as f:
        f.write(line + "\n")


def test_a_late_damaged_row_reports_every_problem_once(data_copy: Path) -> None:
    """A row the streamed reading does not take sends the table to the careful one: nothing twice."""
    claims = data_copy / "claims.csv"
    with open(claims, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = list(reader.fieldnames or []), list(reader)
    rows[2]["partner"] = "XX"  # row 3: found while the rows stream
    with open(claims, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    _append_line(claims, 'mfa-2023-10-10/late,"mfa-2023-10-10')  # an unclosed quote in the last row
    with pytest.raises(DataFileError) as err:
        kzlt_trade.load(data_copy, official=False)
    found = [(p.file, p.row, p.field) for p in err.value.problems]
    assert found == [("claims.csv", 3, "partner"), ("claims.csv", len(rows) + 1, None)]


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_left_as_it_was(enabled: bool, data_copy: Path) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        kzlt_trade.load(data_copy, official=False)
        assert gc.isenabled() is enabled
        (data_copy / "claims.csv").write_text("not,the,columns\n", encoding="utf-8")
        with pytest.raises(DataFileError):
            kzlt_trade.load(data_copy, official=False)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()

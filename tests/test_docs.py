"""The docs agree with the code: vocabularies, tables, column lists, and their examples."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

import kzlt_trade
from kzlt_trade.io import CLAIM_COLUMNS, READING_COLUMNS, SOURCE_COLUMNS
from kzlt_trade.model import FLOWS, INDICATORS, PARTNERS, SCOPES
from kzlt_trade.reading import FORMS, HEDGES
from kzlt_trade.units import CANONICAL_UNITS

DOCS = Path(__file__).resolve().parent.parent / "docs"
DATA_MODEL = (DOCS / "data-model.md").read_text(encoding="utf-8")
SOURCES = (DOCS / "sources.md").read_text(encoding="utf-8")


def section(text: str, heading: str) -> str:
    """The text under ``heading`` up to the next heading of the same or a higher level."""
    level = heading.split(" ", maxsplit=1)[0]
    start = text.index(heading + "\n") + len(heading)
    nxt = re.search(rf"^#{{1,{len(level)}}} ", text[start:], flags=re.MULTILINE)
    return text[start : start + nxt.start()] if nxt else text[start:]


def table_rows(text: str) -> list[list[str]]:
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[1:]]  # skip the header row


@pytest.mark.parametrize(
    ("vocabulary", "names"),
    [
        ("indicator", list(INDICATORS)),
        ("flow", list(FLOWS)),
        ("hedge", list(HEDGES)),
        ("form", list(FORMS)),
        ("scope", [s for s in SCOPES if s]),
        ("partner", list(PARTNERS)),
    ],
)
def test_every_vocabulary_name_is_documented(vocabulary: str, names: list[str]) -> None:
    missing = [n for n in names if f"`{n}`" not in DATA_MODEL]
    assert missing == [], f"{vocabulary} names missing from docs/data-model.md"


def test_indicator_table_matches_the_vocabulary(ds: kzlt_trade.Dataset) -> None:
    counts = Counter(c.indicator for c in ds)
    rows = table_rows(section(DATA_MODEL, "### Indicators"))
    expected = [
        [
            f"`{name}`",
            info.description,
            f"{info.dimension} ({CANONICAL_UNITS[info.dimension]})",
            ", ".join(f"`{f}`" for f in info.flows),
            "required" if info.needs_scope else "empty",
            "yes" if info.integer else "no",
            str(counts[name]),
        ]
        for name, info in INDICATORS.items()
    ]
    assert rows == expected


def test_scope_table_matches_the_vocabulary(ds: kzlt_trade.Dataset) -> None:
    counts = Counter(c.scope for c in ds)
    rows = table_rows(section(DATA_MODEL, "### Scopes"))
    expected = [
        [
            f"`{name}`" if name else "(empty)",
            info.description,
            f"`{info.parent}`" if info.parent else "",
            str(info.size) if info.size else "",
            str(counts[name]),
        ]
        for name, info in SCOPES.items()
    ]
    assert rows == expected


def test_hedge_table_lists_every_hedge_in_order() -> None:
    rows = table_rows(section(DATA_MODEL, "### 3. Hedges"))
    assert [r[0] for r in rows] == [f"`{h}`" for h in HEDGES]


def test_form_table_lists_every_form_in_order() -> None:
    rows = table_rows(section(DATA_MODEL, "### 4. Forms: levels, changes and growth"))
    assert [r[0] for r in rows] == [f"`{f}`" for f in FORMS]


@pytest.mark.parametrize(
    ("file", "columns"),
    [("sources.csv", SOURCE_COLUMNS), ("claims.csv", CLAIM_COLUMNS), ("readings.csv", READING_COLUMNS)],
)
def test_documented_columns_are_the_loader_columns(file: str, columns: tuple[str, ...]) -> None:
    folder = section(DATA_MODEL, "## The data folder")
    match = re.search(rf"\*\*`{re.escape(file)}`\*\*: `([^`]*)`", folder)
    assert match is not None, file
    assert tuple(re.split(r",\s+", match[1])) == columns


def test_every_source_has_a_section(ds: kzlt_trade.Dataset) -> None:
    headings = re.findall(r"^### `([^`]+)`", SOURCES, flags=re.MULTILINE)
    assert headings == [s.id for s in ds.source_records]
    for s in ds.source_records:
        assert s.file in SOURCES

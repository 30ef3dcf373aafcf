"""data/datapackage.json agrees with the library and with the CSV files it describes.

The constraints are checked in plain Python (no frictionless dependency): the
subset of Table Schema the descriptor uses is small.
"""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kzlt_trade import partners
from kzlt_trade.io import CLAIM_COLUMNS, READING_COLUMNS, SOURCE_COLUMNS
from kzlt_trade.model import FLOWS, INDICATORS, SCOPES
from kzlt_trade.period import Period
from kzlt_trade.reading import FORMS, HEDGES
from kzlt_trade.rules import SCOPE_SLUG
from kzlt_trade.testing import ACKNOWLEDGEMENT_COLUMNS

DATA = Path(__file__).resolve().parent.parent / "data"
PACKAGE: dict[str, Any] = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES: dict[str, dict[str, Any]] = {r["name"]: r for r in PACKAGE["resources"]}


def fields(resource: str) -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in RESOURCES[resource]["schema"]["fields"]}


def rows(resource: str) -> list[dict[str, str]]:
    with open(DATA / RESOURCES[resource]["path"], encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_package_profile() -> None:
    assert PACKAGE["profile"] == "tabular-data-package"
    assert [r["name"] for r in PACKAGE["resources"]] == ["sources", "claims", "readings", "acknowledged"]
    for r in PACKAGE["resources"]:
        assert (r["profile"], r["path"], r["format"], r["encoding"]) == (
            "tabular-data-resource", f"{r['name']}.csv", "csv", "utf-8",
        )  # fmt: skip
    assert [s["path"] for s in PACKAGE["sources"]] == [
        f"sources/{p.name}" for p in sorted((DATA / "sources").glob("*.txt"))
    ]


@pytest.mark.parametrize(
    ("resource", "columns"),
    [
        ("sources", SOURCE_COLUMNS),
        ("claims", CLAIM_COLUMNS),
        ("readings", READING_COLUMNS),
        ("acknowledged", ACKNOWLEDGEMENT_COLUMNS),
    ],
)
def test_field_names_and_order_match_the_loader(resource: str, columns: tuple[str, ...]) -> None:
    assert tuple(fields(resource)) == columns
    with open(DATA / RESOURCES[resource]["path"], encoding="utf-8", newline="") as f:
        assert tuple(next(csv.reader(f))) == columns


def test_every_field_is_typed_and_described() -> None:
    for resource in RESOURCES:
        for name, field in fields(resource).items():
            assert field["type"] in {"string", "integer", "number", "date"}, (resource, name)
            assert len(field["description"]) > 20, (resource, name)


def test_types() -> None:
    typed = {
        (resource, name): field["type"]
        for resource in RESOURCES
        for name, field in fields(resource).items()
        if field["type"] != "string"
    }
    assert typed == {
        ("sources", "published"): "date",
        ("sources", "event_date"): "date",
        ("sources", "weight"): "number",
        ("claims", "value"): "number",
        ("claims", "start"): "integer",
        ("claims", "end"): "integer",
        ("acknowledged", "when"): "date",
    }


def test_enums_are_the_library_vocabularies() -> None:
    assert fields("sources")["language"]["constraints"]["enum"] == ["en", "ru"]
    claims = fields("claims")
    assert claims["partner"]["constraints"]["enum"] == list(partners.codes())
    assert claims["indicator"]["constraints"]["enum"] == list(INDICATORS)
    assert claims["flow"]["constraints"]["enum"] == list(FLOWS)
    assert claims["hedge"]["constraints"]["enum"] == list(HEDGES)
    assert claims["form"]["constraints"]["enum"] == list(FORMS)
    # The empty scope of bilateral figures is a missing value, not an enum member.
    assert claims["scope"]["constraints"]["pattern"] == SCOPE_SLUG.pattern
    assert all(SCOPE_SLUG.fullmatch(s) for s in SCOPES if s)
    assert fields("readings")["form"]["constraints"]["enum"] == list(FORMS)


def test_keys() -> None:
    assert RESOURCES["sources"]["schema"]["primaryKey"] == ["id"]
    assert RESOURCES["claims"]["schema"]["primaryKey"] == ["id"]
    assert RESOURCES["readings"]["schema"]["primaryKey"] == ["claim", "reading"]
    assert RESOURCES["claims"]["schema"]["foreignKeys"] == [
        {"fields": ["source"], "reference": {"resource": "sources", "fields": ["id"]}},
        {"fields": ["part_of"], "reference": {"resource": "", "fields": ["id"]}},
    ]
    assert RESOURCES["readings"]["schema"]["foreignKeys"] == [
        {"fields": ["claim"], "reference": {"resource": "claims", "fields": ["id"]}},
    ]
    assert "foreignKeys" not in RESOURCES["sources"]["schema"]


#: The period grammar of kzlt_trade.Period, and phrases of relative time (which the loader places).
PERIOD_PATTERN = (
    r"\d{4}|\d{4}-part|\d{4}-\d{2}|\d{4}-[QqHh]\d"
    r"|(?:\d{4}-\d{2}|\[\d{4}-\d{2},\d{4}-\d{2}\])\.\.(?:\d{4}-\d{2}|\[\d{4}-\d{2},\d{4}-\d{2}\])"
    r"|@\d{4}-\d{2}-\d{2}|[^\W\d_]+\.? .+|\d+ [^\W\d_].*"
)


def test_patterns_and_required() -> None:
    assert fields("sources")["sha256"]["constraints"] == {"required": True, "pattern": "[0-9a-f]{64}"}
    for resource, name in [
        ("claims", "period"),
        ("claims", "base_period"),
        ("readings", "period"),
        ("readings", "base_period"),
    ]:
        assert fields(resource)[name]["constraints"]["pattern"] == PERIOD_PATTERN
    required = {r: [n for n, f in fields(r).items() if f.get("constraints", {}).get("required")] for r in RESOURCES}
    assert required == {
        "sources": ["id", "title", "publisher", "language", "published", "file", "sha256", "weight"],
        "claims": [
            "id", "source", "partner", "indicator", "flow", "period", "form", "reading", "text", "value", "unit",
            "hedge", "quote", "start", "end",
        ],
        "readings": ["claim", "reading", "form", "period"],
        "acknowledged": ["key", "reason", "who", "when"],
    }  # fmt: skip


def cast(field: dict[str, Any], value: str) -> object:
    kind = field["type"]
    if kind == "integer":
        assert re.fullmatch(r"-?\d+", value), value
        return int(value)
    if kind == "number":
        return float(value)
    if kind == "date":
        return date.fromisoformat(value)
    return value


@pytest.mark.parametrize("resource", ["sources", "claims", "readings", "acknowledged"])
def test_every_row_satisfies_the_descriptor(resource: str) -> None:
    schema = RESOURCES[resource]["schema"]
    missing = set(schema["missingValues"])
    seen: dict[str, set[str]] = {}
    for n, row in enumerate(rows(resource), start=1):
        for name, field in fields(resource).items():
            value = row[name]
            constraints = field.get("constraints", {})
            if value in missing:
                assert not constraints.get("required"), (resource, n, name)
                continue
            typed = cast(field, value)
            if "enum" in constraints:
                assert value in constraints["enum"], (resource, n, name, value)
            if "pattern" in constraints:
                assert re.fullmatch(constraints["pattern"], value), (resource, n, name, value)
            if "minimum" in constraints:
                assert typed >= constraints["minimum"], (resource, n, name, value)
            if constraints.get("unique"):
                assert value not in seen.setdefault(name, set()), (resource, n, name, value)
                seen[name].add(value)
    keys = [tuple(r[k] for k in schema["primaryKey"]) for r in rows(resource)]
    assert len(keys) == len(set(keys))


def test_foreign_keys_resolve() -> None:
    for resource in RESOURCES:
        for fk in RESOURCES[resource]["schema"].get("foreignKeys", []):
            target = fk["reference"]["resource"] or resource
            known = {tuple(r[k] for k in fk["reference"]["fields"]) for r in rows(target)}
            for row in rows(resource):
                key = tuple(row[k] for k in fk["fields"])
                if all(k == "" for k in key):
                    continue  # a missing value refers to nothing
                assert key in known, (resource, fk, key)


def test_the_pattern_refuses_what_the_grammar_refuses() -> None:
    pattern = fields("claims")["period"]["constraints"]["pattern"]
    good = ["2022", "2022-part", "2005-01..2023-09", "@2024-01-01", "2022-01", "2022-Q3",
            "[1991-12,1992-01]..[2024-11,2025-11]", "over 30 years", "30 years", "с момента независимости"]  # fmt: skip
    bad = ["22", "2022-", "2022-1..2022-4", "2024-01-01", "FY2022", "2022-part2", "[2022-01]..2022-04"]
    assert [bool(re.fullmatch(pattern, t)) for t in good] == [True] * len(good)
    assert [bool(re.fullmatch(pattern, t)) for t in bad] == [False] * len(bad)
    # What the pattern lets through, the loader reads (a phrase is placed by its source's date).
    for t in good[:7]:
        Period.parse(t)

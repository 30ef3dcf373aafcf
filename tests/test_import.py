"""Import stays light, and the bundled data is exactly the seed data, checked without the loader."""

from __future__ import annotations

import csv
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"

#: SHA-256 of the five source texts as first collected. The stored texts must never
#: change: every quote offset and every finding depends on them byte for byte.
SEED_HASHES = {
    "000_8fba6d711cbc81d6.txt": "4cb77b3f9cb70c0f068b0380df3d5a03097f2613310a0e7ad9a49f05b91c7f21",
    "001_c260db9e8577273d.txt": "7f7bdcbaa0e4d99ca80681e2a13e13eb31f5a132fa201e57fe278fa3cc47d921",
    "002_f89bf38950e97dc5.txt": "0a6ecf1dc9f7276991a397a0ff65d2a7db2ac96176d30280b60d606d06202867",
    "003_c1c15c442ef406a7.txt": "af3feed59e4ec606525ce56b332de776303dc9960ea9835fbd54e32e7ffbb1be",
    "004_007951ab306b5942.txt": "6f8b1b17174925530955ce86d5fb371c73b9b0acdad92b244acf2ee9f56b2334",
}


def rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    return done.stdout.strip()


# -- import cost ------------------------------------------------------------------------
def test_import_does_not_load_matplotlib() -> None:
    assert python("import sys, kzlt_trade; print('matplotlib' in sys.modules)") == "False"


def test_import_does_not_build_the_unit_registry() -> None:
    code = "import kzlt_trade, kzlt_trade.units as u; print(u.registry.cache_info().currsize)"
    assert python(code) == "0"


def test_loading_builds_the_registry_once_and_still_no_matplotlib() -> None:
    code = (
        "import sys, kzlt_trade, kzlt_trade.units as u; kzlt_trade.load(); kzlt_trade.load(); "
        "print(u.registry.cache_info().currsize, u.registry.cache_info().misses, 'matplotlib' in sys.modules)"
    )
    assert python(code) == "1 1 False"


# -- the bundled files, read directly ---------------------------------------------------
def test_source_files_are_the_seed_files() -> None:
    stored = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (DATA / "sources").glob("*.txt")}
    assert stored == SEED_HASHES


def test_sources_csv_records_the_seed_hashes() -> None:
    assert {r["file"]: r["sha256"] for r in rows("sources.csv")} == SEED_HASHES


@pytest.mark.parametrize("claim", rows("claims.csv"), ids=lambda r: r["id"])
def test_quote_stands_in_its_source_at_its_offsets(claim: dict[str, str]) -> None:
    files = {r["id"]: r["file"] for r in rows("sources.csv")}
    text = (DATA / "sources" / files[claim["source"]]).read_bytes().decode("utf-8")
    start, end = int(claim["start"]), int(claim["end"])
    assert text[start:end] == claim["quote"]
    assert claim["text"] in claim["quote"]

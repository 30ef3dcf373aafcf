"""Import stays light (the package imports its modules when a name is used), and the bundled data is
exactly the seed data, checked without the loader."""

from __future__ import annotations

import ast
import csv
import hashlib
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

import kzlt_trade

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
#: Third-party packages the library uses, none of which ``import kzlt_trade`` may load.
HEAVY = ("numpy", "pandas", "pint", "matplotlib")


def loaded_after(code: str) -> dict[str, list[str]]:
    """After running ``code`` in a fresh interpreter: which HEAVY packages and which library modules are loaded."""
    shown = (
        "import json, sys; print(json.dumps({"
        f"'heavy': [m for m in {HEAVY!r} if m in sys.modules], "
        "'library': sorted(m for m in sys.modules if m == 'kzlt_trade' or m.startswith('kzlt_trade.'))}))"
    )
    loaded: dict[str, list[str]] = json.loads(python(f"{code}\n{shown}"))
    return loaded


def test_import_loads_none_of_the_library_and_no_numpy() -> None:
    assert loaded_after("import kzlt_trade") == {"heavy": [], "library": ["kzlt_trade"]}


def test_importing_the_pytest_plugin_loads_only_the_plugin() -> None:
    # pytest imports it in every session wherever kzlt_trade is installed.
    assert loaded_after("import kzlt_trade.pytest_plugin") == {
        "heavy": [],
        "library": ["kzlt_trade", "kzlt_trade.pytest_plugin"],
    }


def test_a_name_loads_its_module_when_first_used() -> None:
    loaded = loaded_after("import kzlt_trade; kzlt_trade.Severity; kzlt_trade.UsageError")
    assert loaded == {"heavy": [], "library": ["kzlt_trade", "kzlt_trade.errors", "kzlt_trade.vocabulary"]}


def test_every_public_name_resolves_and_star_import_gives_them_all() -> None:
    names = kzlt_trade.__all__
    assert len(names) == len(set(names))
    for name in names:
        assert getattr(kzlt_trade, name) is getattr(importlib.import_module(kzlt_trade._LAZY[name]), name)
    namespace: dict[str, object] = {}
    exec("from kzlt_trade import *", namespace)  # the statement under test
    del namespace["__builtins__"]
    assert sorted(namespace) == sorted(names)
    assert set(names) <= set(dir(kzlt_trade))


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match=r"^module 'kzlt_trade' has no attribute 'chek'$"):
        kzlt_trade.chek  # type: ignore[attr-defined]  # noqa: B018
    assert not hasattr(kzlt_trade, "testing_helpers")
    with pytest.raises(ImportError, match="cannot import name 'chek' from 'kzlt_trade'"):
        exec("from kzlt_trade import chek")


def test_the_lazy_table_is_what_type_checkers_see() -> None:
    """``_LAZY`` names the module of each name exactly as the ``TYPE_CHECKING`` imports do, and holds ``__all__``."""
    tree = ast.parse(Path(kzlt_trade.__file__).read_text(encoding="utf-8"))
    (block,) = [n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING"]
    seen = {
        alias.asname or alias.name: str(node.module)
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert seen == kzlt_trade._LAZY
    assert set(kzlt_trade.__all__) == set(kzlt_trade._LAZY)


def test_import_does_not_build_the_unit_registry() -> None:
    code = "import kzlt_trade, kzlt_trade.units as u; print(u.registry.cache_info().currsize)"
    assert python(code) == "0"


def test_loading_builds_the_registry_once_and_loads_no_matplotlib_nor_pandas() -> None:
    code = (
        "import sys, kzlt_trade, kzlt_trade.units as u; kzlt_trade.load(); kzlt_trade.load(); "
        "print(u.registry.cache_info().currsize, u.registry.cache_info().misses, "
        "'matplotlib' in sys.modules, 'pandas' in sys.modules)"
    )
    assert python(code) == "1 1 False False"


def test_the_chart_functions_load_no_matplotlib_until_they_draw() -> None:
    loaded = loaded_after("import kzlt_trade; kzlt_trade.plot_turnover; kzlt_trade.load()")
    assert "matplotlib" not in loaded["heavy"]


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

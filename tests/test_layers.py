"""The import graph of the package: no cycles, and the bottom layers import (almost) nothing.

Every module of ``kzlt_trade`` is read with :mod:`ast` (nothing is imported), and
every import of a module of the package counts, at module level or inside a
function, with two exceptions: imports under ``if TYPE_CHECKING:`` (they never
run) and imports inside ``_repr_*_`` methods (a record's ``_repr_html_`` calls
up into ``kzlt_trade.display``, the presentation layer, which formats it by duck
typing and imports no record: Jupyter's hook, not a dependency of the record).
A lazy import inside a function is still an edge: it hides a cycle from the
interpreter, not from the design. A module's import of its own package
(``kzlt_trade.plot.claims`` of ``kzlt_trade.plot``) is not an edge: Python
runs the package first in any case.
"""

from __future__ import annotations

import ast
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kzlt_trade"
ROOT = "kzlt_trade"
_REPR = re.compile(r"^_repr_\w+_$")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


#: Every module of the package, by name, with its file.
MODULES: dict[str, Path] = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


@dataclass(frozen=True)
class Edge:
    """One import of a module of the package by another."""

    importer: str
    imported: str
    line: int
    #: Whether the import runs only when a function is called (it is inside one).
    deferred: bool

    def __str__(self) -> str:
        where = "inside a function" if self.deferred else "at module level"
        return f"{self.importer} -> {self.imported} ({MODULES[self.importer].name}:{self.line}, {where})"


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _public_names() -> dict[str, str]:
    """The module of each name the package exports, read from its ``TYPE_CHECKING`` imports.

    ``kzlt_trade/__init__.py`` imports its names lazily; ``tests/test_import.py``
    checks that those imports and the table it imports from at run time agree.
    """
    tree = ast.parse(MODULES[ROOT].read_text(encoding="utf-8"))
    return {
        alias.asname or alias.name: str(node.module)
        for block in tree.body
        if isinstance(block, ast.If) and _is_type_checking(block.test)
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


PUBLIC = _public_names()


def _resolve(importer: str, node: ast.Import | ast.ImportFrom) -> Iterator[str]:
    """The modules of the package that an import statement imports."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name == ROOT:
                # The whole public API, which the package imports on demand.
                yield from sorted(set(PUBLIC.values()))
            elif alias.name.startswith(ROOT + "."):
                yield alias.name
        return
    base = node.module or ""
    if node.level:  # a relative import: from the importer's package
        package = importer if MODULES[importer].name == "__init__.py" else importer.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{base}" if base else package
    if base != ROOT and not base.startswith(ROOT + "."):
        return
    for alias in node.names:
        if f"{base}.{alias.name}" in MODULES:
            yield f"{base}.{alias.name}"  # from kzlt_trade.plot import claims: the submodule
        elif base == ROOT:
            yield PUBLIC.get(alias.name, ROOT)  # from kzlt_trade import check: where check lives
        else:
            yield base


def _parents(module: str) -> Iterator[str]:
    """The packages that importing ``module`` runs first, below the root (whose import is lazy)."""
    parts = module.split(".")
    for n in range(2, len(parts)):
        yield ".".join(parts[:n])


def edges_of(module: str, source: str | None = None) -> list[Edge]:
    """Every import of a module of the package that ``module`` runs, at module level or in a function."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8") if source is None else source, filename=str(path))
    found: list[Edge] = []

    def visit(node: ast.AST, deferred: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for other in node.orelse:
                visit(other, deferred)
            return
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if _REPR.match(node.name):
                return
            deferred = True
        if isinstance(node, ast.Import | ast.ImportFrom):
            for target in _resolve(module, node):
                for imported in (*_parents(target), target):
                    if imported != module and not module.startswith(imported + "."):
                        found.append(Edge(module, imported, node.lineno, deferred))
        for child in ast.iter_child_nodes(node):
            visit(child, deferred)

    visit(tree, deferred=False)
    return found


EDGES: list[Edge] = [e for m in MODULES for e in edges_of(m)]


def graph(edges: list[Edge]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {m: set() for m in MODULES}
    for e in edges:
        out[e.importer].add(e.imported)
    return out


def strongly_connected(g: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: the components of mutually reachable modules, each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(g[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            out.append(sorted(component))

    for v in sorted(g):
        if v not in index:
            connect(v)
    return out


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Every elementary cycle, each once, starting at its smallest module (the graph is small)."""
    found: list[list[str]] = []
    for component in strongly_connected(g):
        members = set(component)
        for start in component:
            found += _cycles_from(g, members, [start])
    return found


def _cycles_from(g: dict[str, set[str]], members: set[str], path: list[str]) -> list[list[str]]:
    # The cycles through path[0] that go on from path, visiting only modules that sort after path[0].
    start, found = path[0], []
    for w in sorted(g[path[-1]] & members):
        if w == start:
            found.append([*path, start])
        elif w > start and w not in path:
            found += _cycles_from(g, members, [*path, w])
    return found


def describe(cycle: list[str]) -> str:
    lines = [" -> ".join(cycle)]
    for a, b in itertools.pairwise(cycle):
        lines += [f"    {e}" for e in EDGES if e.importer == a and e.imported == b]
    return "\n".join(lines)


# -- the reader itself -------------------------------------------------------------------------------
def test_every_module_is_read(tmp_path: Path) -> None:
    assert {"kzlt_trade", "kzlt_trade.checker", "kzlt_trade.plot", "kzlt_trade.plot.claims"} <= set(MODULES)
    assert PUBLIC["check"] == "kzlt_trade.checker"


def test_the_reader_sees_deferred_imports_and_skips_type_checking_and_reprs() -> None:
    g = graph(EDGES)
    # kzlt_trade.pytest_plugin imports the library only inside its hooks; all of it counts.
    assert "kzlt_trade.testing" in g["kzlt_trade.pytest_plugin"]
    assert all(e.deferred for e in EDGES if e.importer == "kzlt_trade.pytest_plugin")
    # Its TYPE_CHECKING imports do not count: it never imports kzlt_trade.results.
    assert "kzlt_trade.results" not in g["kzlt_trade.pytest_plugin"]
    # The package's own __init__ imports nothing when it runs.
    assert g[ROOT] == set()


SAMPLE = """
from typing import TYPE_CHECKING
import numpy
import kzlt_trade.units
if TYPE_CHECKING:
    from kzlt_trade.results import Report
else:
    from kzlt_trade.period import Period
def f():
    from kzlt_trade.io import load
class C:
    def _repr_html_(self):
        from kzlt_trade.display import claim_html
from kzlt_trade import check
from kzlt_trade.plot import claims
from . import interval
"""


def test_the_reader_on_a_sample() -> None:
    found = {(e.imported, e.line, e.deferred) for e in edges_of("kzlt_trade.testing", SAMPLE)}
    assert found == {
        ("kzlt_trade.units", 4, False),
        ("kzlt_trade.period", 8, False),  # the else branch of TYPE_CHECKING runs
        ("kzlt_trade.io", 10, True),
        ("kzlt_trade.checker", 14, False),  # where the package's check lives
        ("kzlt_trade.plot", 15, False),  # the package runs before its module
        ("kzlt_trade.plot.claims", 15, False),
        ("kzlt_trade.interval", 16, False),
    }


def test_the_cycle_finder_finds_a_known_cycle() -> None:
    g = {"a": {"b"}, "b": {"c", "a"}, "c": {"a"}, "d": {"d"}, "e": {"a"}}
    assert sorted(cycles(g)) == [["a", "b", "a"], ["a", "b", "c", "a"], ["d", "d"]]


# -- the laws ------------------------------------------------------------------------------------------
def test_no_import_cycle() -> None:
    found = cycles(graph(EDGES))
    if found:
        pytest.fail(
            f"{len(found)} import cycle{'s' if len(found) != 1 else ''} among the modules of kzlt_trade "
            "(a lazy import inside a function is still a cycle):\n" + "\n".join(describe(c) for c in found),
            pytrace=False,
        )


#: Modules at the bottom: what each may import from the package (nothing else).
BOTTOM = {
    "kzlt_trade.errors": set(),
    "kzlt_trade.vocabulary": {"kzlt_trade.errors"},
}
#: The values (DESIGN.md, layer 1): numbers, periods and units, before any record or engine.
VALUES = {f"kzlt_trade.{m}" for m in ("interval", "period", "units", "reading", "rates", "partners")} & set(MODULES)
#: The faces (DESIGN.md, layer 8): the command line, the assertions, the pytest plugin.
FACES = {"kzlt_trade.__main__", "kzlt_trade.cli", "kzlt_trade.testing", "kzlt_trade.pytest_plugin"}


@pytest.mark.parametrize("module", sorted(BOTTOM))
def test_the_bottom_modules_import_nothing_above_them(module: str) -> None:
    imported = graph(EDGES)[module]
    assert imported <= BOTTOM[module], [str(e) for e in EDGES if e.importer == module]


@pytest.mark.parametrize("module", sorted(VALUES))
def test_the_values_import_only_each_other_and_the_bottom(module: str) -> None:
    allowed = VALUES | set(BOTTOM)
    assert [str(e) for e in EDGES if e.importer == module and e.imported not in allowed] == []


def test_no_module_imports_a_face_but_the_faces() -> None:
    bad = [str(e) for e in EDGES if e.imported in FACES and e.importer not in FACES]
    assert not bad


def test_the_pytest_plugin_imports_nothing_of_the_library_at_module_level() -> None:
    # pytest imports it in every session wherever the package is installed.
    assert [str(e) for e in EDGES if e.importer == "kzlt_trade.pytest_plugin" and not e.deferred] == []


def test_the_architecture_page_names_every_module() -> None:
    # docs/architecture.md is the module map: each top-level module (or subpackage) has its row.
    page = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([a-z_]+)/?`", page))
    top = {name.split(".")[1] for name in MODULES if name.count(".") >= 1} - {"__main__"}
    assert top - named == set()

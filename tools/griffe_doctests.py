"""A griffe extension for the API reference: doctests outside an ``Examples`` section show as code.

The package's docstrings put many a short doctest right after the sentence it
illustrates, as pytest's ``--doctest-modules`` allows, rather than under a numpy
``Examples`` heading. mkdocstrings renders a docstring's text as Markdown, where
``>>>`` starts three nested block quotes, and the numpy parser reads a doctest after
a ``Parameters`` or ``Raises`` section as more items of that section. So, before a
docstring is parsed:

* a doctest block in the text before the first section is fenced as Python code, in
  place;
* a doctest block inside another section (``Parameters``, ``Raises`` …) is moved to
  the ``Examples`` section, which is made at the end when the docstring has none.

A doctest block starts at a ``>>>`` line that follows a blank line (or a section
heading) and runs to the next blank line. The docstrings themselves are not changed:
pytest runs them as written. Loaded by ``mkdocs.yml`` (``extensions:`` of the
mkdocstrings Python handler).
"""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING, Any

import griffe

if TYPE_CHECKING:
    from collections.abc import Iterator

#: The underline of a numpy section heading.
_UNDERLINE = re.compile(r"^\s*-{3,}\s*$")
_EXAMPLES = ("Examples", "Example")


def _blocks(lines: list[str]) -> Iterator[tuple[int, int, str | None]]:
    """Each doctest block as (first line, line after the last, the section it is in: None before any)."""
    section: str | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.strip() and i + 1 < len(lines) and _UNDERLINE.match(lines[i + 1]):
            section = line.strip()
            i += 2
            continue
        starts = line.lstrip().startswith(">>>") and (
            i == 0 or not lines[i - 1].strip() or _UNDERLINE.match(lines[i - 1])
        )
        if starts:
            end = i
            while end < len(lines) and lines[end].strip():
                end += 1
            yield i, end, section
            i = end
            continue
        i += 1


def rearrange(text: str) -> str:
    """``text`` (a docstring) with its doctest blocks where mkdocstrings shows them as code."""
    lines = text.splitlines()
    moved: list[list[str]] = []
    out: list[str] = []
    last = 0
    has_examples = False
    for start, end, section in _blocks(lines):
        out += lines[last:start]
        block = lines[start:end]
        if section in _EXAMPLES:
            has_examples = True
            out += block
        elif section is None:
            indent = block[0][: len(block[0]) - len(block[0].lstrip())]
            out += [f"{indent}```python", *block, f"{indent}```"]
        else:
            moved.append(textwrap.dedent("\n".join(block)).splitlines())
            while out and not out[-1].strip():  # the blank line before the block goes with it
                out.pop()
        last = end
    out += lines[last:]
    if moved:
        has_examples = has_examples or any(
            line.strip() in _EXAMPLES and i + 1 < len(out) and _UNDERLINE.match(out[i + 1])
            for i, line in enumerate(out)
        )
        while out and not out[-1].strip():
            out.pop()
        if not has_examples:
            out += ["", "Examples", "--------"]
        for block in moved:
            out += ["", *block]
    return "\n".join(out)


class DoctestsAsCode(griffe.Extension):
    """Rearranges every docstring of a loaded package (see the module docstring)."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        self._walk(pkg, set())

    def _walk(self, obj: griffe.Object, seen: set[str]) -> None:
        if obj.path in seen:
            return
        seen.add(obj.path)
        if obj.docstring is not None:
            obj.docstring.value = rearrange(obj.docstring.value)
        for member in obj.members.values():
            if not member.is_alias:
                self._walk(member, seen)  # type: ignore[arg-type]

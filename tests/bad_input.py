"""Damaging a copy of the bundled data folder, one way at a time, for tests/test_bad_input_folder.py.

Each function edits a copy in place: a field of a row (through the csv module, so
that the rest of the file stays well formed), the raw bytes of a file (for damage
the csv module would not write), or the files under ``sources/``.
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from kzlt_trade.io import bundled_data_path

#: The bundled source texts, by the row of sources.csv that names them.
FILE_1 = "000_8fba6d711cbc81d6.txt"  # row 1, mfa-2023-10-10
FILE_2 = "001_c260db9e8577273d.txt"  # row 2, kazinform-2024-06-20
T22 = "mfa-2023-10-10/turnover-2022"  # row 4 of claims.csv, referred to by no other row
#: What the file outside the data folder holds: no problem may show any of it.
SECRET = "SECRET-TEXT-OUTSIDE-THE-FOLDER do not read\n"

Damage = Callable[[Path], None]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def outside(folder: Path) -> Path:
    """A text file next to the data folder, outside it (created once)."""
    path = folder.parent / "outside.txt"
    if not path.exists():
        path.write_text(SECRET, encoding="utf-8")
    return path


def read_table(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def write_table(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def edit(name: str, row: int, **changes: str) -> Damage:
    """Set fields of data row ``row`` (1-based) of the table ``name``."""

    def damage(folder: Path) -> None:
        fields, rows = read_table(folder / name)
        rows[row - 1].update(changes)
        write_table(folder / name, fields, rows)

    return damage


def source_file(row: int, file: str | Callable[[Path], str], text: Path | None = None) -> Damage:
    """Make row ``row`` of sources.csv name ``file`` (or what it gives for the folder), hashed as ``text``."""

    def damage(folder: Path) -> None:
        name = file(folder) if callable(file) else file
        changes = {"file": name}
        if text is not None or callable(file):
            target = outside(folder) if text is None else folder / text
            changes["sha256"] = sha256(target.read_bytes())
        edit("sources.csv", row, **changes)(folder)

    return damage


def raw(name: str, change: Callable[[bytes], bytes]) -> Damage:
    """Change the bytes of a file of the folder."""

    def damage(folder: Path) -> None:
        path = folder / name
        path.write_bytes(change(path.read_bytes()))

    return damage


def line(name: str, index: int, change: Callable[[str], str]) -> Damage:
    """Change line ``index`` (0 is the header) of a table, as text."""

    def damage(folder: Path) -> None:
        path = folder / name
        lines = path.read_text(encoding="utf-8").split("\n")
        lines[index] = change(lines[index])
        path.write_text("\n".join(lines), encoding="utf-8")

    return damage


def rehash(row: int, file: str, change: Callable[[bytes], bytes]) -> Damage:
    """Change a source text and record its new SHA-256, so that only the change itself is wrong."""

    def damage(folder: Path) -> None:
        path = folder / "sources" / file
        path.write_bytes(change(path.read_bytes()))
        edit("sources.csv", row, sha256=sha256(path.read_bytes()))(folder)

    return damage


def link(name: str, target: Callable[[Path], Path | str]) -> Damage:
    """Make ``sources/name`` a symbolic link to what ``target`` gives for the folder."""

    def damage(folder: Path) -> None:
        path = folder / "sources" / name
        if path.exists() or path.is_symlink():
            path.unlink()
        os.symlink(target(folder), path)

    return damage


def replace_with_folder(file: str) -> Damage:
    def damage(folder: Path) -> None:
        path = folder / "sources" / file
        path.unlink()
        path.mkdir()

    return damage


def replace_with_pipe(file: str) -> Damage:
    def damage(folder: Path) -> None:
        path = folder / "sources" / file
        path.unlink()
        os.mkfifo(path)

    return damage


def sources_folder_outside(folder: Path) -> None:
    """Move sources/ out of the folder and leave a link to it in its place."""
    away = folder.parent / "sources-elsewhere"
    shutil.move(folder / "sources", away)
    os.symlink(away, folder / "sources")


def table_outside(name: str) -> Damage:
    """Move a table out of the folder and leave a link to it in its place."""

    def damage(folder: Path) -> None:
        away = folder.parent / f"elsewhere-{name}"
        shutil.move(folder / name, away)
        os.symlink(away, folder / name)

    return damage


def every_table(change: Callable[[bytes], bytes]) -> Damage:
    def damage(folder: Path) -> None:
        for name in ("sources.csv", "claims.csv", "readings.csv"):
            raw(name, change)(folder)

    return damage


def both(*damages: Damage) -> Damage:
    def damage(folder: Path) -> None:
        for d in damages:
            d(folder)

    return damage


def copy_of_bundled(target: Path) -> Path:
    shutil.copytree(bundled_data_path(), target)
    return target

"""Reading a data folder's files safely: CSV tables and source texts.

The loader (:mod:`kzlt_trade.io`) checks what the fields say; this module makes
sure that what it is given to check is the file's own text, read without
following anything out of the folder and without any damage passing silently:

* a table is UTF-8 (a byte order mark allowed), with each column named once, no
  unclosed quote (reported with the row where it opened), no NUL character and no
  field over :data:`MAX_FIELD_CHARS` characters;
* a source text is a plain file name inside ``sources/`` (no ``..``, no path, no
  link leading out), a regular file of at most :data:`MAX_SOURCE_BYTES` bytes.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import hashlib
import io
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kzlt_trade.errors import Problem

__all__ = [
    "LINK_OUT",
    "MAX_FIELD_CHARS",
    "MAX_SOURCE_BYTES",
    "Refused",
    "SourceRead",
    "TableRow",
    "is_link_out",
    "read_source",
    "read_table",
    "bundled_data_path",
    "stream_table",
    "TableDamagedError",
    "table_rows",
]


def _header_fits(
    name: str, header: list[str], columns: tuple[str, ...], problems: list[Problem], optional: tuple[str, ...] = ()
) -> bool:
    """Report the missing (other than ``optional``), unknown and repeated columns; whether there were none."""
    missing = [c for c in columns if c not in header and c not in optional]
    for c in missing:
        problems.append(Problem(name, None, c, None, f"a column named {c!r} (columns: {', '.join(columns)})"))
    unknown = [c for c in header if c not in columns]
    for c in unknown:
        problems.append(Problem(name, None, _clipped(c), _clipped(c), f"only the columns {', '.join(columns)}"))
    repeated = sorted({c for c in header if c in columns and header.count(c) > 1}, key=header.index)
    for c in repeated:
        at = ", ".join(str(i + 1) for i, h in enumerate(header) if h == c)
        problems.append(Problem(name, None, c, c, f"each column named once (the header names {c!r} at columns {at})"))
    return not (missing or unknown or repeated)


def table_rows(
    path: Path, name: str, columns: tuple[str, ...], problems: list[Problem]
) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a CSV file that must have exactly ``columns``, as (row number, row).

    Every problem is appended to ``problems`` in file order as the rows are
    taken, so the caller's own problems with each row stay in file order. A
    missing, unknown or repeated column, or text that is not UTF-8, stops the
    reading (those problems have no row number); a row with too many or too few
    fields, an unclosed quote, a NUL character or a field longer than
    :data:`MAX_FIELD_CHARS` is reported and skipped. A UTF-8 byte order mark is
    allowed, as are ``\\r\\n`` line ends.
    """
    rows, late, _ = read_table(path, name, columns, problems)
    for row in rows:
        if isinstance(row, Refused):
            problems.extend(row.problems)
            continue
        yield row[0], dict(zip(columns, row[1:], strict=True))
    problems.extend(late)


# -- reading a source text ---------------------------------------------------------------
#: What reading a source text gave: its bytes, their SHA-256 and the file's identity
#: (device, inode); what was expected of its name instead; or ``None``, not read, since
#: ``sources/`` itself was refused.
SourceRead = tuple[bytes, str, int, int] | str | None
# No link is followed when a text is opened (a link is resolved and checked first), a
# pipe does not block the open, and Windows reads bytes as they are.
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_OPEN = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_FILE_NAME = (
    "a file name inside sources/: a bare name such as 000_8fba6d711cbc81d6.txt, without '/', '\\', '..', a drive or NUL"
)


def _is_file_name(name: str) -> bool:
    """Whether ``name`` is a bare file name, which names a file of the folder it is joined to."""
    return (
        name not in ("", ".", "..")
        and not any(c in name for c in "/\\\0")
        and os.path.basename(name) == name
        and not os.path.isabs(name)
        and not os.path.splitdrive(name)[0]
    )


def _open_unless_link(path: str) -> int | None:
    """A descriptor of ``path`` opened for reading, or ``None`` when ``path`` is a symbolic link."""
    if not _NOFOLLOW and os.path.islink(path):
        return None
    try:
        return os.open(path, _OPEN)  # with O_NOFOLLOW: a link is refused, not followed
    except OSError:
        if os.path.islink(path):
            return None
        raise


def read_source(root: str, real_root: Path, name: str, missing: str) -> SourceRead:
    """Read ``root/name``, never outside ``real_root`` (the resolved ``sources/``); see :data:`SourceRead`."""
    if not name:
        return missing
    if not _is_file_name(name):
        return _FILE_NAME
    path = os.path.join(root, name)
    try:
        fd = _open_unless_link(path)
        if fd is None:
            # A link: resolved, and followed only when it stays inside sources/.
            real = Path(path).resolve(strict=True)
            if not real.is_relative_to(real_root):
                return f"{_FILE_NAME} (sources/{name} is a link to a file outside sources/, which is not read)"
            fd = os.open(real, _OPEN)
    except FileNotFoundError:
        return missing
    except RuntimeError:  # a loop of links, in Python < 3.13
        return f"{_FILE_NAME} (sources/{name} is a loop of links)"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"{_FILE_NAME} (sources/{name} is a loop of links)"
        return _unreadable(exc, f"a file sources/{name}")
    try:
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())
            if stat.S_ISDIR(st.st_mode):
                return f"a file in sources/, not a folder (sources/{name} is a folder)"
            if not stat.S_ISREG(st.st_mode):
                return f"a regular file in sources/ (sources/{name} is a device, a pipe or a socket)"
            if st.st_size > MAX_SOURCE_BYTES:
                return f"a source text of at most {MAX_SOURCE_BYTES:,} bytes (sources/{name} has {st.st_size:,})"
            # As many bytes as the file has, and one more to see whether it grew: a request for the
            # largest size allowed would allocate 16 MB for each text of a few kilobytes.
            data = f.read(st.st_size + 1)
            if len(data) > st.st_size:  # it grew while being read: the rest, up to the limit
                data += f.read(MAX_SOURCE_BYTES + 1 - len(data))
            if len(data) > MAX_SOURCE_BYTES:
                return f"a source text of at most {MAX_SOURCE_BYTES:,} bytes (sources/{name} has more)"
    except OSError as exc:
        return _unreadable(exc, f"a file sources/{name}")
    return data, hashlib.sha256(data).hexdigest(), st.st_dev, st.st_ino


# -- reading a CSV file -----------------------------------------------------------------
#: The most characters one field of a data table may hold. The longest field a release
#: needs is a quote or a note of a few hundred characters; a longer one is a damaged
#: file (a quote left open). The csv module's own limit (131,072 characters) would stop
#: the reading with a bare ``_csv.Error``: the loader sets it for the time it reads
#: (:func:`_field_limit`) and reports a longer field as a problem of its row.
MAX_FIELD_CHARS = 100_000
#: The largest source text the loader reads, in bytes (a press release is a few
#: kilobytes; a page saved with its whole site, a few hundred).
MAX_SOURCE_BYTES = 16 * 2**20
# The csv limit while the rows of a table that broke the first reading are read again,
# one by one: as large as a C long on every platform.
_NO_FIELD_LIMIT = 2**31 - 1
_BOM = b"\xef\xbb\xbf"
LINK_OUT = "it is a link to a file outside the folder, which the loader does not read"
_QUOTE_HINT = 'close it, or write a quote inside a field as two ("")'


@dataclass(frozen=True)
class Refused:
    """A row of a table that could not be taken: its problems, and its key (its first column) when read."""

    problems: tuple[Problem, ...]
    key: str = ""


#: A row of a table as read: ``(row number, *fields in the order of the columns)``, or refused.
TableRow = tuple[Any, ...] | Refused


class _DamagedError(Exception):
    """The fast reading met a row it does not take: the table is read again row by row."""


@contextlib.contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    # csv.field_size_limit is one setting of the process: set for the reading, then put back.
    old = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _clipped(value: str, width: int = 200) -> str:
    """A value to keep in a problem: a field over the limit is not kept whole."""
    return value if len(value) <= width else f"{value[:width]}… ({len(value)} characters)"


def is_link_out(path: Path, folder: Path) -> bool:
    """Whether ``path`` is a symbolic link whose target is not inside ``folder``."""
    if not path.is_symlink():
        return False
    try:
        return not path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return True


def _unreadable(exc: OSError, what: str) -> str:
    """What was expected of a file that could not be opened or read."""
    if isinstance(exc, PermissionError):
        return f"{what} the loader may read (permission denied)"
    if isinstance(exc, IsADirectoryError):
        return f"{what}, not a folder"
    if exc.errno == errno.ENAMETOOLONG:
        return f"{what} whose name the file system accepts (the name is too long)"
    return f"{what} that can be read ({exc.strerror or type(exc).__name__})"


def _decoded(data: bytes, name: str) -> str | Problem:
    """The text of a CSV file, a UTF-8 byte order mark dropped; or the problem that it is not UTF-8.

    The file is decoded whole, so that the byte an error reports is its offset in
    the file (counting the byte order mark, when there is one).
    """
    skip = len(_BOM) if data.startswith(_BOM) else 0
    try:
        return str(memoryview(data)[skip:], "utf-8")
    except UnicodeDecodeError as exc:
        return Problem(name, None, None, None, f"UTF-8 text ({exc.reason} at byte {skip + exc.start})")


def read_table(
    path: Path, name: str, columns: tuple[str, ...], problems: list[Problem], optional: tuple[str, ...] = ()
) -> tuple[list[TableRow], list[Problem], bool]:
    """The rows of a table (see :meth:`_Checker.tuples`), the late problems, and whether the table was read.

    The problems of the header go to ``problems`` at once. Nearly every table is
    read by the fast loop, in which the csv module itself refuses a field over
    :data:`MAX_FIELD_CHARS`; a table with a row the fast loop does not take (a
    quote left open, a NUL, a long field, a row of the wrong length) is read again
    row by row (:func:`_careful_rows`), which reports each such row.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [], [Problem(name, None, None, None, _unreadable(exc, "a file"))], False
    if b"\0" not in data:
        # Decoded as it is read (faster than a whole str through io.StringIO); with "utf-8-sig",
        # a byte order mark is dropped when there is one.
        stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
        try:
            with _field_limit(MAX_FIELD_CHARS):
                rows = _fast_rows(stream, name, columns, problems, optional)
            return ([], [], False) if rows is None else (rows, [], True)
        except (csv.Error, _DamagedError, UnicodeDecodeError):
            pass  # the header's problems, if any, were not reported: the reading stopped before
    text = _decoded(data, name)
    if isinstance(text, Problem):
        return [], [text], False
    with _field_limit(_NO_FIELD_LIMIT):
        rows = _careful_rows(text, name, columns, problems, optional)
    return ([], [], False) if rows is None else (rows, [], True)


def _arrangement(header: list[str], columns: tuple[str, ...]) -> tuple[list[int], bool, tuple[str, ...] | None]:
    """How a row of ``header`` becomes a row in the order of ``columns``.

    The indices of the columns in the header (a missing optional column reads as an
    empty field, one past the row's end), whether the header is the columns in
    order, and the empty fields to add when it is the columns in order with the
    optional ones left out at the end (the common case of an older folder).
    """
    width = len(header)
    where = {c: i for i, c in enumerate(header)}
    order = [where.get(c, width) for c in columns]
    in_order = order == list(range(width))
    tail = ("",) * (len(columns) - width) if order == [*range(width), *[width] * (len(columns) - width)] else None
    return order, in_order, tail


def _fast_rows(
    stream: Iterable[str], name: str, columns: tuple[str, ...], problems: list[Problem], optional: tuple[str, ...]
) -> list[TableRow] | None:
    """The rows of a well-formed table; ``None`` when its header does not fit (reported).

    Raises :class:`_DamagedError` (or the csv module's error, or a decoding error) at
    the first row it does not take.
    """
    reader = csv.reader(stream, strict=True)
    header = next(reader, [])
    if not _header_fits(name, header, columns, problems, optional):
        return None
    return list(_taken(reader, header, columns))


def _taken(reader: Iterator[list[str]], header: list[str], columns: tuple[str, ...]) -> Iterator[TableRow]:
    """The rows after the header, arranged; :class:`_DamagedError` at a row of the wrong length."""
    width = len(header)
    order, in_order, tail = _arrangement(header, columns)
    n = 0
    for row in reader:
        if not row:
            continue  # csv.DictReader skips blank lines, and does not count them
        n += 1
        if len(row) != width:
            raise _DamagedError
        yield _arranged(n, row, in_order, tail, order)


class TableDamagedError(Exception):
    """:func:`stream_table` met what only :func:`read_table` reports: read the table with it."""


def stream_table(
    path: Path, name: str, columns: tuple[str, ...], problems: list[Problem], optional: tuple[str, ...] = ()
) -> Iterator[TableRow] | None:
    """The rows of a well-formed table one at a time, as :func:`read_table` gives them, without holding them all.

    A large table (a million claims) is then never in memory as rows, only as its
    bytes. The header's problems go to ``problems`` and give ``None`` (the table
    is not read), as with :func:`read_table`. Anything else the fast reading of
    :func:`read_table` does not take (a file that cannot be read, a NUL byte, text
    that is not UTF-8, a quote left open, a field over :data:`MAX_FIELD_CHARS`, a
    row of the wrong length) raises :class:`TableDamagedError`, before the first
    row or at the row where it is met: the caller then drops what it made of the
    rows so far and reads the table with :func:`read_table`, which reports each
    such problem in its place.

    Examples
    --------
    >>> from kzlt_trade.io import SOURCE_COLUMNS
    >>> rows = stream_table(bundled_data_path() / "sources.csv", "sources.csv", SOURCE_COLUMNS, [])
    >>> next(rows)[:2] == read_table(bundled_data_path() / "sources.csv", "sources.csv", SOURCE_COLUMNS, [])[0][0][:2]
    True
    """
    try:
        data = path.read_bytes()
    except OSError:
        raise TableDamagedError from None
    if b"\0" in data:
        raise TableDamagedError
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    try:
        with _field_limit(MAX_FIELD_CHARS):
            reader = csv.reader(stream, strict=True)
            header = next(reader, [])
    except (csv.Error, UnicodeDecodeError):
        raise TableDamagedError from None
    if not _header_fits(name, header, columns, problems, optional):
        return None
    return _streamed(reader, header, columns)


def _streamed(reader: Iterator[list[str]], header: list[str], columns: tuple[str, ...]) -> Iterator[TableRow]:
    # The csv limit is one setting of the process: it stays set while the rows are taken,
    # and is put back when the last one is (or when the caller lets the rows go).
    with _field_limit(MAX_FIELD_CHARS):
        try:
            yield from _taken(reader, header, columns)
        except (csv.Error, UnicodeDecodeError, _DamagedError):
            raise TableDamagedError from None


def _careful_rows(
    text: str, name: str, columns: tuple[str, ...], problems: list[Problem], optional: tuple[str, ...]
) -> list[TableRow] | None:
    """The rows of a table read one by one, each row that cannot be taken given as its problem.

    A quote left open runs on over the following lines until the next quote (or
    the end of the file): it is reported at the row where it opened, and the lines
    it swallowed are counted as rows, so that the rows after it keep their numbers.
    """
    lines = io.StringIO(text, newline="").readlines()
    reader = csv.reader(iter(lines), strict=True)
    header: list[str] | None = None
    width = 0
    order: list[int] = []
    in_order, tail = False, None
    key = 0
    out: list[TableRow] = []
    n = 0
    while True:
        first = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if header is None:
                problems.append(Problem(name, None, None, _clipped(lines[0].rstrip("\r\n")), f"a header row ({exc})"))
                return None
            n += 1
            out.extend(_broken_row(name, n, first, reader.line_num, lines, str(exc), key))
            n += reader.line_num - first
            continue
        if header is None:
            header = row
            nul = [c for c in header if "\0" in c]
            for c in nul:
                problems.append(Problem(name, None, _clipped(c), c, "a column name without NUL characters"))
            if not _header_fits(name, header, columns, problems, optional) or nul:
                return None
            width = len(header)
            order, in_order, tail = _arrangement(header, columns)
            key = header.index(columns[0]) if columns[0] in header else width
            continue
        if not row:
            continue
        n += 1
        last = reader.line_num
        if len(row) != width:
            if last > first and any("\n" in v or "\r" in v for v in row):
                out.extend(_broken_row(name, n, first, last, lines, "the fields run on over several lines", key))
                n += last - first
            else:
                extra = str(row[width:]) if len(row) > width else ""
                out.append(Refused((Problem(name, n, None, extra, f"exactly {width} fields"),), _field(row, key)))
            continue
        bad = [
            Problem(name, n, c, _clipped(v), "text without NUL characters")
            for c, v in zip(header, row, strict=True)
            if "\0" in v
        ] + [
            Problem(name, n, c, _clipped(v), f"a field of at most {MAX_FIELD_CHARS:,} characters (it has {len(v):,})")
            for c, v in zip(header, row, strict=True)
            if len(v) > MAX_FIELD_CHARS
        ]
        if bad:
            out.append(Refused(tuple(bad), _field(row, key)))
            continue
        out.append(_arranged(n, row, in_order, tail, order))
    if header is None:
        _header_fits(name, [], columns, problems, optional)
        return None
    return out


def _arranged(
    n: int, row: list[str], in_order: bool, tail: tuple[str, ...] | None, order: list[int]
) -> tuple[Any, ...]:
    """A row as ``(row number, *fields in the order of the columns)`` (see :func:`_arrangement`)."""
    if in_order:
        return (n, *row)
    if tail is not None:
        return (n, *row, *tail)
    padded = [*row, ""]
    return (n, *(padded[i] for i in order))


def _field(row: list[str], i: int) -> str:
    """Field ``i`` of a row, when it has one and it is short: the key of a refused row."""
    return row[i] if i < len(row) and len(row[i]) <= MAX_FIELD_CHARS and "\0" not in row[i] else ""


def _keys(lines: list[str], key: int) -> list[str]:
    """The key field of each line, read as if it were a row of its own (for the lines a quote swallowed)."""
    out = []
    for line in lines:
        try:
            out.append(_field(next(csv.reader([line])), key))
        except (csv.Error, StopIteration):
            out.append("")
    return out


def _broken_row(name: str, n: int, first: int, last: int, lines: list[str], why: str, key: int) -> list[Refused]:
    """A row the csv module could not take (most often for a quote left open), and the rows it swallowed.

    The swallowed lines are given as refused rows without problems of their own:
    their keys (read from each line as a row of its own) are known to the caller,
    which does not report what refers to them.
    """
    shown = _clipped(lines[first - 1].rstrip("\r\n")) if first <= len(lines) else ""
    keys = _keys(lines[first - 1 : last], key)
    if last > first or why == "unexpected end of data":
        to = "the end of the file" if why == "unexpected end of data" else f"line {last}"
        problem = Problem(
            name, n, None, shown,
            f"a closing quote: an unclosed quote opened in row {n} (line {first}) runs on to {to}, "
            f"swallowing the rows after it; {_QUOTE_HINT}",
        )  # fmt: skip
    else:
        problem = Problem(name, n, None, shown, f"a well-formed CSV row ({why}); {_QUOTE_HINT}")
    return [Refused((problem,), keys[0] if keys else ""), *(Refused((), k) for k in keys[1:] if k)]


def bundled_data_path() -> Path:
    """The folder of the bundled data.

    An installed wheel carries ``data/`` inside the package; a source checkout
    (or an editable install) has it at the top of the repository.
    """
    inside = Path(__file__).parent / "data"
    return inside if inside.is_dir() else Path(__file__).parent.parent / "data"

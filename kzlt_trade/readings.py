"""The readings of one analysis: one row per (claim, reading), with its intervals, as arrays.

:class:`Readings` is built once per analysis (by :func:`kzlt_trade.check`, or
by the caller) and passed explicitly to everything that reads it: the
relations, the checker, the network, the reconciler and the charts. It holds
the table (see :data:`~kzlt_trade.table.READING_TABLE_COLUMNS`), its columns as
numpy arrays (each converted once, on first use), the strict and the wide
intervals as :class:`~kzlt_trade.ivec.Bounds`, and the claim codes.

Each row carries two intervals:

strict
    the rounding convention asked for and the default hedge policy;
wide
    either rounding convention and the widest hedge policy.

A relation that holds on strict intervals is consistent; one that holds only on
wide ones (or only under another reading) is a tension; one that fails even on
wide intervals under every reading is a contradiction.

>>> from kzlt_trade import load
>>> r = Readings.of(load())
>>> [str(r.interval(row)) for row in r.rows_of("kazinform-2023-02-24/ee-turnover-growth-2022")]
['[6.35, 6.45]', '[7.35, 7.45]']
"""

from __future__ import annotations

import functools
import math
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from kzlt_trade.errors import UnknownClaimError
from kzlt_trade.interval import Interval
from kzlt_trade.ivec import Bounds, IntArray, combine_codes
from kzlt_trade.vocabulary import ROUNDINGS, Rounding, one_of

if TYPE_CHECKING:
    import pandas as pd

    from kzlt_trade.dataset import Dataset
    from kzlt_trade.rates import RateTable
    from kzlt_trade.reading import HedgePolicy

__all__ = ["Readings", "Revision"]


@dataclass(frozen=True)
class Revision:
    """An earlier revision of an official figure: its claim, source, text and interval."""

    claim: str
    source: str
    text: str
    interval: Interval


class Readings:
    """The readings table of one analysis, with array access and interval accessors.

    Parameters
    ----------
    table
        One row per (claim, reading), with the columns of
        :data:`~kzlt_trade.table.READING_TABLE_COLUMNS`; its index is dropped.
    rounding
        The rounding convention the strict intervals were read with.
    """

    def __init__(
        self,
        table: pd.DataFrame,
        *,
        rounding: Rounding = "nearest",
        rates: RateTable | None = None,
        revised: dict[str, tuple[Revision, ...]] | None = None,
    ) -> None:
        self.table = table.reset_index(drop=True)
        self.rounding: Rounding = one_of("rounding", rounding, ROUNDINGS)
        #: The exchange rates the table was read with (``None``: the shipped table).
        self.rates = rates
        #: For an official claim, the earlier revisions of its figure (see
        #: :attr:`kzlt_trade.Dataset.revised`), read with the same rounding.
        self.revised: dict[str, tuple[Revision, ...]] = revised or {}
        self._rate_memo: dict[tuple[str, Any, Any], Interval | None] = {}
        self._columns: dict[str, np.ndarray] = {}
        #: The strict and the wide intervals (see :meth:`interval`): one per distinct value.
        self._intervals: dict[bool, tuple[array[int], list[Interval | None]]] = {}
        self._lists: dict[str, list[Any]] = {}
        #: How :meth:`cell` reads each column asked for (a list's or an array's own item lookup).
        self._cells: dict[str, Callable[[int], Any]] = {}

    def weighted(self, *, official: float) -> Readings:
        """These readings with every official source weighing ``official`` (for :func:`kzlt_trade.reconcile`)."""
        table = self.table.copy()
        table.loc[table["origin"] == "official", "weight"] = official
        return Readings(table, rounding=self.rounding, rates=self.rates, revised=self.revised)

    @classmethod
    def of(cls, ds: Dataset, *, rounding: Rounding = "nearest", policy: HedgePolicy | None = None) -> Readings:
        """The readings of a dataset's claims, read with ``rounding`` and ``policy``."""
        from kzlt_trade.table import reading_table

        rounding = one_of("rounding", rounding, ROUNDINGS)
        revised = {
            cid: tuple(Revision(c.id, c.source, c.text, c.interval(rounding=rounding)) for c in olds)
            for cid, olds in ds.revised.items()
        }
        table = reading_table(ds, rounding=rounding, policy=policy)
        return cls(table, rounding=rounding, rates=ds.rates, revised=revised)

    def __len__(self) -> int:
        return len(self.table)

    def __repr__(self) -> str:
        return f"<Readings: {len(self)} readings of {len(self.claim_ids)} claims, {self.rounding} rounding>"

    # -- columns ----------------------------------------------------------------------
    def col(self, name: str) -> np.ndarray:
        """One column as a numpy array (converted once)."""
        values = self._columns.get(name)
        if values is None:
            values = self._columns[name] = self.table[name].to_numpy()
        return values

    def cell(self, row: int, name: str) -> Any:
        """One value, by row position (as a Python value: a column of numbers or dates is turned into a list once).

        Dates stay numpy ``datetime64`` values (a list of them would hold bare integers).
        """
        get = self._cells.get(name)
        if get is None:
            column = self.col(name)
            # An object column holds Python values already (those of :meth:`values`): read them in
            # place rather than keep a list of a million pointers per column.
            get = self._cells[name] = column.__getitem__ if column.dtype.kind == "O" else self.values(name).__getitem__
        return get(row)

    def values(self, name: str) -> list[Any]:
        """One column as a list of the values :meth:`cell` gives (made once), for reading many rows.

        >>> from kzlt_trade import load
        >>> r = Readings.of(load())
        >>> r.values("text")[0] == r.cell(0, "text")
        True
        """
        values = self._lists.get(name)
        if values is None:
            column = self.col(name)
            values = self._lists[name] = list(column) if column.dtype.kind == "M" else column.tolist()
        return values

    @functools.cached_property
    def strict(self) -> Bounds:
        """The strict interval of every row (read-only: the table's own columns, where their types fit)."""
        return self._bounds("lo", "hi", "lo_open", "hi_open")

    @functools.cached_property
    def wide(self) -> Bounds:
        """The wide interval of every row (read-only, like :attr:`strict`)."""
        return self._bounds("wlo", "whi", "wlo_open", "whi_open")

    def _bounds(self, lo: str, hi: str, lo_open: str, hi_open: str) -> Bounds:
        # No copy of a column already of the right type: a million rows make 18 MB a copy.
        def typed(name: str, dtype: type) -> np.ndarray:
            return np.asarray(self.col(name), dtype=dtype)

        return Bounds(typed(lo, np.float64), typed(hi, np.float64), typed(lo_open, bool), typed(hi_open, bool))

    @functools.cached_property
    def rate(self) -> Bounds:
        """US dollars per unit of each row's currency (``[1, 1]`` for USD and non-money; unbounded: no rate)."""
        lo, hi = np.asarray(self.col("rate_lo"), dtype=np.float64), np.asarray(self.col("rate_hi"), dtype=np.float64)
        missing = np.isnan(lo) | np.isnan(hi)
        return Bounds.closed(np.where(missing, 0.0, lo), np.where(missing, np.inf, hi))

    @functools.cached_property
    def usd_strict(self) -> Bounds:
        """The strict interval of every row in US dollars (million USD for money; unbounded without a rate)."""
        return _in_usd(self.strict, self.rate)

    @functools.cached_property
    def usd_wide(self) -> Bounds:
        """The wide interval of every row in US dollars."""
        return _in_usd(self.wide, self.rate)

    def usd_per_unit(self, currency: str, start: Any, end: Any) -> Interval | None:
        """US dollars per unit of ``currency`` over the days ``start``..``end`` (dates or datetime64), or ``None``."""
        key = (currency, start, end)
        if key not in self._rate_memo:
            from kzlt_trade.rates import RateTable

            table = self.rates or RateTable.shipped()
            self._rate_memo[key] = table.usd_per_unit(currency, _day(start), _day(end))
        return self._rate_memo[key]

    def rate_interval(self, row: int) -> Interval | None:
        """US dollars per unit of one row's currency over its period (``None``: no rate)."""
        lo, hi = float(self.col("rate_lo")[row]), float(self.col("rate_hi")[row])
        return None if math.isnan(lo) or math.isnan(hi) else Interval(lo, hi)

    def interval(self, row: int, *, wide: bool = False) -> Interval:
        """The strict (or wide) interval of one row.

        Findings show the same figures often, and many rows share a value: each
        distinct interval is made once, and rows with equal bounds share it.
        """
        codes, made = self._interval_codes(wide)
        code = codes[row]
        iv = made[code]
        if iv is None:
            b = self.wide if wide else self.strict
            iv = made[code] = Interval(float(b.lo[row]), float(b.hi[row]), bool(b.lo_open[row]), bool(b.hi_open[row]))
        return iv

    def intervals(self, rows: Iterable[int], *, wide: bool = False) -> list[Interval]:
        """:meth:`interval` of each of ``rows``."""
        codes, made = self._interval_codes(wide)
        got = []
        for r in rows:
            iv = made[codes[r]]
            got.append(self.interval(r, wide=wide) if iv is None else iv)
        return got

    def _interval_codes(self, wide: bool) -> tuple[array[int], list[Interval | None]]:
        """A code per row for its distinct strict (or wide) bounds, and the interval of each code made so far."""
        got = self._intervals.get(wide)
        if got is None:
            b = self.wide if wide else self.strict
            # Bounds compared bit for bit, so that -0.0 and 0.0 stay apart (they print apart).
            code = combine_codes([b.lo.view(np.int64), b.hi.view(np.int64), b.lo_open, b.hi_open])
            # An array of machine integers: a row's code is read as a Python int, without a list of them.
            made: list[Interval | None] = [None] * (int(code.max()) + 1 if len(code) else 0)
            got = self._intervals[wide] = (array("q", code.tobytes()), made)
        return got

    # -- claims -----------------------------------------------------------------------
    @functools.cached_property
    def _codes(self) -> tuple[IntArray, np.ndarray]:
        import pandas as pd

        codes, uniques = pd.factorize(np.asarray(self.col("claim"), dtype=object))
        names = uniques.tolist()
        order = np.asarray(sorted(range(len(names)), key=names.__getitem__), dtype=np.int64)
        rank = np.empty(len(names), dtype=np.int64)
        rank[order] = np.arange(len(names))
        return rank[codes], np.asarray(uniques, dtype=object)[order]

    @property
    def claim_code(self) -> IntArray:
        """A code per row for its claim; codes number the claim ids in sorted order."""
        return self._codes[0]

    @property
    def claim_ids(self) -> np.ndarray:
        """The claim ids, in code order (sorted)."""
        return self._codes[1]

    @functools.cached_property
    def _rows(self) -> tuple[dict[str, int], IntArray, IntArray]:
        # Each claim's rows, by claim code (rows in order within a claim: the primary reading first).
        code = self.claim_code
        order = np.argsort(code, kind="stable").astype(np.int64)
        offsets = np.r_[0, np.cumsum(np.bincount(code, minlength=len(self.claim_ids)))].astype(np.int64)
        ids = self.claim_ids.tolist()
        return dict(zip(map(str, ids), range(len(ids)), strict=True)), order, offsets

    def rows_of(self, claim: str) -> list[int]:
        """The rows of one claim's readings, the primary one first."""
        codes, order, offsets = self._rows
        k = codes.get(claim)
        if k is None:
            raise UnknownClaimError(claim, list(codes))
        rows: list[int] = order[offsets[k] : offsets[k + 1]].tolist()
        return rows

    @functools.cached_property
    def _by_period(self) -> tuple[dict[tuple[str, str, str], int], IntArray, IntArray]:
        names = ("partner", "indicator", "pkey")
        code = combine_codes([self.col(n) for n in names])
        first = np.unique(code, return_index=True)[1]
        keys = zip(*(self.col(n)[first].tolist() for n in names), strict=True)
        order = np.argsort(code, kind="stable").astype(np.int64)
        offsets = np.r_[0, np.cumsum(np.bincount(code, minlength=len(first)))].astype(np.int64)
        return {k: i for i, k in enumerate(keys)}, order, offsets

    def rows_at(self, partner: str, indicators: Iterable[str], pkeys: Iterable[str]) -> list[int]:
        """The rows about one partner, some indicators and some periods (by period key), in row order."""
        codes, order, offsets = self._by_period
        found = [codes.get((partner, i, k)) for i in indicators for k in pkeys]
        return sorted(int(r) for c in found if c is not None for r in order[offsets[c] : offsets[c + 1]])

    def primary_row(self, claim: str) -> int:
        """The row of a claim's primary reading."""
        codes, firsts = self._primary
        k = codes.get(claim)
        if k is None:
            raise UnknownClaimError(claim, list(codes))
        return int(firsts[k])

    def primary_rows(self, claims: Sequence[str]) -> list[int]:
        """:meth:`primary_row` of each of ``claims`` (one array lookup for them all)."""
        codes, firsts = self._primary
        at = [codes.get(c, -1) for c in claims]
        if -1 in at:
            raise UnknownClaimError(claims[at.index(-1)], list(codes))
        rows: list[int] = firsts[np.asarray(at, dtype=np.int64)].tolist()
        return rows

    @functools.cached_property
    def _primary(self) -> tuple[dict[str, int], IntArray]:
        # Every claim has a row, so each claim's first row is at its offset.
        codes, order, offsets = self._rows
        return codes, order[offsets[:-1]]


def _in_usd(b: Bounds, rate: Bounds) -> Bounds:
    """Intervals of money in their own currency times the rate interval (closed, outward rounded).

    The rate is positive (or, where there is none, ``[0, inf)``, which leaves any
    non-zero figure unbounded): each end takes the rate that moves it outward.
    """
    same = (rate.lo == 1.0) & (rate.hi == 1.0)
    if same.all():
        return b
    return b.scaled(rate, same)


def _day(value: Any) -> date:
    """A :class:`~datetime.date` from a date, a pandas timestamp or a numpy datetime64."""
    import pandas as pd

    if isinstance(value, date) and not isinstance(value, pd.Timestamp):
        return value
    return pd.Timestamp(value).date()

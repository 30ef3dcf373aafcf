"""The loaded data: typed records, and pandas tables of them."""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from kzlt_trade.errors import UnknownClaimError, UsageError, UsageTypeError
from kzlt_trade.interval import Interval
from kzlt_trade.ivec import combine_codes
from kzlt_trade.model import INDICATORS, Claim, Reading, Source, reading_interval
from kzlt_trade.reading import MEASURE, HedgePolicy
from kzlt_trade.units import canonical_unit, factor
from kzlt_trade.vocabulary import Rounding, expect

if TYPE_CHECKING:
    import pandas as pd

    from kzlt_trade.rates import RateTable

__all__ = ["CLAIM_FRAME_COLUMNS", "INTERVAL_INPUTS", "Dataset", "distinct_intervals"]

IntArray = np.ndarray[Any, np.dtype[np.int64]]

#: What an interval depends on: five fields of the claim and the reading's form.
INTERVAL_INPUTS = ("text", "language", "hedge", "unit", "indicator", "form")

# Columns of the claims frame that are a claim's own fields.
_CLAIM_FIELDS = (
    "id", "source", "partner", "indicator", "flow", "scope", "text", "unit", "hedge", "quote", "start", "end",
    "part_of", "note", "reporter",
)  # fmt: skip

#: Columns of :attr:`Dataset.claims`, in order. ``low``/``high`` are the primary
#: reading's interval in ``canonical_unit`` (million USD for money, the growth
#: factor for ratio forms), so rows can be compared with one another.
CLAIM_FRAME_COLUMNS = (
    "id", "source", "partner", "indicator", "flow", "scope", "period", "period_kind", "period_start",
    "period_end", "base_period", "form", "reading", "n_readings", "text", "value", "unit", "hedge",
    "low", "high", "low_open", "high_open", "canonical_unit", "quote", "start", "end", "part_of",
    "published", "note", "reporter", "source_kind",
)  # fmt: skip


@dataclass(frozen=True, eq=False)
class Dataset:
    """Sources and the claims quoted from them, provenance verified.

    Build one with :func:`kzlt_trade.load`.

    Examples
    --------
    >>> from kzlt_trade import load
    >>> ds = load()
    >>> ds.claims.loc[ds.claims.id == "mfa-2023-10-10/turnover-2022", ["text", "low", "high"]].to_numpy().tolist()
    [['584,3', 584.25, 584.35]]
    """

    #: The documents, in file order.
    source_records: tuple[Source, ...]
    #: The claims, in file order.
    claim_records: tuple[Claim, ...]
    #: The folder the data came from.
    path: Path | None = None
    #: For a dataset combined from several folders (:meth:`combine`), each source's folder.
    folders: Mapping[str, Path] = field(default_factory=dict, repr=False)
    #: The exchange rates the figures are compared with: the folder's ``rates.csv`` over the
    #: shipped table, or ``None`` for the shipped table alone (:mod:`kzlt_trade.rates`).
    rates: RateTable | None = field(default=None, repr=False)
    #: Official figures a later edition revised: for the id of a claim holding the latest
    #: revision, the earlier ones, oldest first. They are kept, with their provenance, and
    #: not analysed: the checker names one when a press figure matches it (``preliminary``).
    revised: Mapping[str, tuple[Claim, ...]] = field(default_factory=dict, repr=False)
    _by_id: dict[str, Claim] = field(init=False, repr=False)
    _sources_by_id: dict[str, Source] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {c.id: c for c in self.claim_records})
        # The first source of an id, as a scan of source_records in order would find it.
        by_id: dict[str, Source] = {}
        for s in self.source_records:
            by_id.setdefault(s.id, s)
        object.__setattr__(self, "_sources_by_id", by_id)

    # -- records ------------------------------------------------------------------
    def claim(self, claim_id: str) -> Claim:
        """The claim with id ``claim_id``.

        Raises
        ------
        UnknownClaimError
            Naming the id and the closest known ones.
        UsageTypeError
            For an id that is not a str.
        """
        expect("claim_id", claim_id, str, "a claim id (a str), e.g. 'mfa-2023-10-10/turnover-2022'")
        try:
            return self._by_id[claim_id]
        except KeyError:
            raise UnknownClaimError(claim_id, list(self._by_id)) from None

    def source(self, source_id: str) -> Source:
        """The source with id ``source_id``; :class:`~kzlt_trade.errors.UsageError` for an unknown one."""
        expect("source_id", source_id, str, "a source id (a str), e.g. 'mfa-2023-10-10'")
        s = self._sources_by_id.get(source_id)
        if s is not None:
            return s
        raise UsageError("source", source_id, "one of " + ", ".join(s.id for s in self.source_records))

    def text(self, source_id: str) -> str:
        """The stored text of a source."""
        s = self.source(source_id)
        folder = self.folders.get(source_id, self.path)
        if folder is None:
            raise UsageError("text", source_id, "a dataset loaded from a folder")
        # An official source's file is the office's table within the folder (official/...).
        where = folder / s.file if s.is_official else folder / "sources" / s.file
        return where.read_text(encoding="utf-8")

    def combine(self, *others: Dataset) -> Dataset:
        """This dataset and ``others`` as one: their sources and claims, each once, in order.

        A source or claim that two of them hold with the same id must be the same
        record (as when one folder's claims are copied into another); the same id
        with other content is refused, never merged. ``a | b`` is ``a.combine(b)``.

        Raises
        ------
        UsageError
            For an id that two datasets give to different records.

        >>> from kzlt_trade import load
        >>> ds = load()
        >>> len(ds | ds) == len(ds)
        True
        """
        sources: dict[str, Source] = {}
        claims: dict[str, Claim] = {}
        revised: dict[str, tuple[Claim, ...]] = {}
        folders: dict[str, Path] = {}
        for ds in (self, *others):
            expect("other", ds, Dataset, "a Dataset, e.g. kzlt_trade.load(folder)")
            for src in ds.source_records:
                _add_once("source", sources, src.id, src)
                folder = ds.folders.get(src.id, ds.path)
                if folder is not None:
                    folders.setdefault(src.id, folder)
            for c in ds.claim_records:
                _add_once("claim", claims, c.id, c)
            for cid, olds in ds.revised.items():
                revised.setdefault(cid, olds)
        paths = {ds.path for ds in (self, *others)}
        path = self.path if len(paths) == 1 else None
        rates = None
        for ds in (self, *others):
            if ds.rates is not None:
                # Two folders' own rates must agree where they overlap.
                rates = ds.rates if rates is None or rates is ds.rates else rates.merged(ds.rates)
        return Dataset(tuple(sources.values()), tuple(claims.values()), path, folders, rates, revised)

    def __or__(self, other: object) -> Dataset:
        if not isinstance(other, Dataset):
            return NotImplemented
        return self.combine(other)

    def __iter__(self) -> Iterator[Claim]:
        return iter(self.claim_records)

    def __len__(self) -> int:
        return len(self.claim_records)

    def __contains__(self, claim_id: object) -> bool:
        return claim_id in self._by_id

    def select(
        self,
        *,
        partner: str | list[str] | None = None,
        indicator: str | list[str] | None = None,
        source: str | list[str] | None = None,
    ) -> Dataset:
        """The claims matching every given filter (with the sources they cite).

        Each filter is one value (a str) or a list of values; ``None`` does not filter.

        >>> from kzlt_trade import load
        >>> len(load().select(partner="EE")), len(load(official=False).select(partner="EE"))
        (27, 2)
        """
        for name, allowed in (("partner", partner), ("indicator", indicator), ("source", source)):
            _filter_arg(name, allowed)

        def wanted(value: str, allowed: str | list[str] | None) -> bool:
            return allowed is None or value == allowed or (isinstance(allowed, list) and value in allowed)

        kept = tuple(
            c
            for c in self.claim_records
            if wanted(c.partner, partner) and wanted(c.indicator, indicator) and wanted(c.source, source)
        )
        used = {c.source for c in kept}
        sources = tuple(s for s in self.source_records if s.id in used)
        return Dataset(sources, kept, self.path, self.folders, self.rates, self._revised_of(kept))

    def without(self, claim_ids: Iterable[str]) -> Dataset:
        """The dataset less the given claims (e.g. those :func:`kzlt_trade.reconcile` rejects).

        Raises
        ------
        UnknownClaimError
            For an id the dataset does not hold, so a typo never passes silently.
        UsageTypeError
            For one id given as a str (pass ``[claim_id]``), or an id that is not a str.
        """
        expected = "claim ids (an iterable of str, e.g. estimates.most_likely_wrong or [claim_id])"
        if isinstance(claim_ids, str):
            raise UsageTypeError("claim_ids", claim_ids, expected)
        ids = tuple(expect("claim_ids", claim_ids, Iterable, expected))
        for n, cid in enumerate(ids):
            expect(f"claim_ids[{n}]", cid, str, "a claim id (a str)")
        drop = set(ids)
        for cid in drop:
            self.claim(cid)
        kept = tuple(c for c in self.claim_records if c.id not in drop)
        return Dataset(self.source_records, kept, self.path, self.folders, self.rates, self._revised_of(kept))

    def _revised_of(self, kept: tuple[Claim, ...]) -> dict[str, tuple[Claim, ...]]:
        """The earlier revisions of the ``kept`` claims (see :attr:`revised`)."""
        return {c.id: self.revised[c.id] for c in kept if c.id in self.revised}

    @property
    def official(self) -> Dataset:
        """The claims of official sources alone (see :mod:`kzlt_trade.official_claims`)."""
        return self._of_kind(official=True)

    @property
    def press(self) -> Dataset:
        """The claims of press sources alone."""
        return self._of_kind(official=False)

    def _of_kind(self, *, official: bool) -> Dataset:
        ids = {s.id for s in self.source_records if s.is_official == official}
        kept = tuple(c for c in self.claim_records if c.source in ids)
        sources = tuple(s for s in self.source_records if s.id in ids)
        return Dataset(sources, kept, self.path, self.folders, self.rates, self._revised_of(kept))

    # -- tables -------------------------------------------------------------------
    @functools.cached_property
    def claims(self) -> pd.DataFrame:
        """One row per claim, typed; see :data:`CLAIM_FRAME_COLUMNS`."""
        import pandas as pd

        df = pd.DataFrame(self._claim_columns(), columns=list(CLAIM_FRAME_COLUMNS))
        for col in ("partner", "indicator", "flow", "form", "hedge", "period_kind", "canonical_unit"):
            df[col] = df[col].astype("category")
        for col in ("period_start", "period_end", "published"):
            df[col] = _to_datetime(df[col])
        for col in ("low", "high", "value"):
            df[col] = df[col].astype("float64")
        for col in ("start", "end", "n_readings"):
            df[col] = df[col].astype("int64")
        for col in ("low_open", "high_open"):
            df[col] = df[col].astype("bool")
        for col in df.columns:
            if df[col].dtype == object:
                df[col] = df[col].astype("string")
        return df

    @functools.cached_property
    def sources(self) -> pd.DataFrame:
        """One row per source."""
        import pandas as pd

        n_claims = Counter(c.source for c in self.claim_records)
        df = pd.DataFrame(
            [
                {
                    "id": s.id,
                    "title": s.title,
                    "publisher": s.publisher,
                    "language": s.language,
                    "published": s.published,
                    "published_basis": s.published_basis,
                    "event_date": s.event_date,
                    "file": s.file,
                    "sha256": s.sha256,
                    "url": s.url,
                    "weight": s.weight,
                    "kind": s.kind,
                    "dataset": s.dataset,
                    "edition": s.edition,
                    "note": s.note,
                    "n_claims": n_claims[s.id],
                }
                for s in self.source_records
            ]
        )
        if len(df):
            df["published"] = pd.to_datetime(df["published"])
            df["event_date"] = pd.to_datetime(df["event_date"])
            for col in df.columns:
                if df[col].dtype == object:
                    df[col] = df[col].astype("string")
        return df

    def _claim_columns(self) -> dict[str, Any] | list[dict[str, Any]]:
        """The columns of :attr:`claims`, each built once from arrays (the rows of :meth:`claim_row`)."""
        claims = self.claim_records
        if not claims:
            return []
        of_claims = list(map(attrgetter("readings"), claims))
        primaries = list(map(itemgetter(0), of_claims))
        cols: dict[str, Any] = {name: object_array(map(attrgetter(name), claims)) for name in _CLAIM_FIELDS}
        p_codes, periods = factorize_records(list(map(attrgetter("period"), primaries)))
        cols["period"] = object_array([str(p) for p in periods])[p_codes]
        cols["period_kind"] = object_array([p.kind for p in periods])[p_codes]
        cols["period_start"] = object_array([p.start.isoformat() for p in periods])[p_codes]
        cols["period_end"] = object_array([p.end.isoformat() for p in periods])[p_codes]
        b_codes, bases = factorize_records(list(map(attrgetter("base_period"), primaries)))
        cols["base_period"] = object_array(["" if b is None else str(b) for b in bases])[b_codes]
        forms = object_array(map(attrgetter("form"), primaries))
        cols["form"] = forms
        cols["reading"] = object_array(map(attrgetter("name"), primaries))
        cols["n_readings"] = np.fromiter(map(len, of_claims), dtype=np.int64, count=len(claims))
        cols["value"] = np.fromiter(map(float, map(attrgetter("value"), claims)), dtype=np.float64, count=len(claims))
        given = {name: cols[name].tolist() for name in ("text", "hedge", "unit", "indicator")}
        given["form"] = forms.tolist()
        codes, intervals, _ = distinct_intervals(claims, primaries, columns=given)
        cols["low"] = np.asarray([i.lo for i in intervals], dtype=np.float64)[codes]
        cols["high"] = np.asarray([i.hi if math.isfinite(i.hi) else math.inf for i in intervals], dtype=np.float64)[
            codes
        ]
        cols["low_open"] = np.asarray([i.lo_open for i in intervals], dtype=bool)[codes]
        cols["high_open"] = np.asarray([i.hi_open for i in intervals], dtype=bool)[codes]
        # Per distinct (indicator, form, unit), from integer codes: no tuple per claim. Money is in
        # millions of its own currency ("million EUR"): no exchange rate is applied here.
        i_codes, indicators = factorize(cols["indicator"])
        f_codes, form_names = factorize(forms)
        u_codes, unit_names = factorize(cols["unit"])
        key, combos = factorize(list(zip(i_codes.tolist(), f_codes.tolist(), u_codes.tolist(), strict=True)))
        units = [_canonical(indicators[i], form_names[f], unit_names[u]) for i, f, u in combos]
        cols["canonical_unit"] = object_array(units)[key]
        s_codes, source_ids = factorize(cols["source"])
        published = [self._sources_by_id.get(sid) for sid in source_ids]
        cols["published"] = object_array([None if s is None else s.published.isoformat() for s in published])[s_codes]
        cols["source_kind"] = object_array(["press" if s is None else s.kind for s in published])[s_codes]
        return cols

    def claim_row(self, c: Claim) -> dict[str, Any]:
        """The plain-data record of one claim (the JSON and CSV output of the CLI)."""
        r = c.primary
        interval = c.interval()
        unit = _canonical(c.indicator, r.form, c.unit)
        source = self._sources_by_id.get(c.source)
        published = None if source is None else source.published
        return {
            "id": c.id,
            "source": c.source,
            "partner": c.partner,
            "indicator": c.indicator,
            "flow": c.flow,
            "scope": c.scope,
            "period": str(r.period),
            "period_kind": r.period.kind,
            "period_start": r.period.start.isoformat(),
            "period_end": r.period.end.isoformat(),
            "base_period": "" if r.base_period is None else str(r.base_period),
            "form": r.form,
            "reading": r.name,
            "n_readings": len(c.readings),
            "text": c.text,
            "value": float(c.value),
            "unit": c.unit,
            "hedge": c.hedge,
            "low": interval.lo,
            "high": interval.hi if math.isfinite(interval.hi) else math.inf,
            "low_open": interval.lo_open,
            "high_open": interval.hi_open,
            "canonical_unit": unit,
            "quote": c.quote,
            "start": c.start,
            "end": c.end,
            "part_of": c.part_of,
            "published": None if published is None else published.isoformat(),
            "note": c.note,
            "reporter": c.reporter,
            "source_kind": "press" if source is None else source.kind,
        }

    def __repr__(self) -> str:
        where = f" from {self.path}" if self.path is not None else ""
        return f"<Dataset: {len(self.claim_records)} claims, {len(self.source_records)} sources{where}>"

    def _repr_html_(self) -> str:
        from kzlt_trade.display import dataset_html

        return dataset_html(self)


def _filter_arg(name: str, allowed: object) -> None:
    """Refuse a :meth:`Dataset.select` filter that is not ``None``, a str or a list of str."""
    one = ("an " if name[0] in "aeiou" else "a ") + name
    if allowed is None or isinstance(allowed, str):
        return
    for n, value in enumerate(expect(name, allowed, list, f"{one} (a str), a list of them, or None")):
        expect(f"{name}[{n}]", value, str, f"{one} (a str)")


def _canonical(indicator: str, form: str, unit: str) -> str:
    """The unit a claim's interval is in: ``ratio`` for a growth, else the canonical unit of its dimension."""
    if MEASURE[form] == "ratio":  # type: ignore[index]
        return "ratio"
    return canonical_unit(unit, INDICATORS[indicator].dimension)


def _add_once(what: str, known: dict[str, Any], key: str, record: Any) -> None:
    """Add ``record`` under ``key``, unless the same record is there; refuse another under the same key."""
    there = known.setdefault(key, record)
    if there is not record and there != record:
        raise UsageError(what, key, f"one {what} per id: two datasets give {key!r} different contents")


def _to_datetime(column: pd.Series) -> pd.Series:
    """``pandas.to_datetime(column)``, each distinct date parsed once (a million claims hold a few thousand)."""
    import pandas as pd

    codes, uniques = pd.factorize(column)
    if (codes < 0).any() or len(uniques) == len(column):
        return pd.to_datetime(column)  # missing dates, or nothing repeats: as pandas does it
    parsed = pd.to_datetime(pd.Series(uniques, dtype=column.dtype)).to_numpy()
    return pd.Series(parsed[codes], index=column.index, name=column.name)


def factorize(values: Sequence[Any] | np.ndarray[Any, Any]) -> tuple[IntArray, list[Any]]:
    """Codes and distinct values, in order of first appearance (``pandas.factorize``, ``None`` kept as a value)."""
    import pandas as pd

    codes, uniques = pd.factorize(object_array(values), use_na_sentinel=False)
    # pandas gives None back as NaN; the callers want their own values back.
    return np.asarray(codes, dtype=np.int64), [None if isinstance(u, float) and math.isnan(u) else u for u in uniques]


def factorize_records(values: Sequence[Any]) -> tuple[IntArray, list[Any]]:
    """:func:`factorize` for hashable records (periods, readings) whose hash and ``==`` run in Python.

    Identical objects are grouped first, by identity (every object stays alive for the
    whole call, so no two share an id), then the few distinct objects by value: the
    loader shares one object per distinct period, so a million readings cost one
    array of ids, not a million calls of ``__hash__``.
    """
    import pandas as pd

    ids = np.fromiter(map(id, values), dtype=np.int64, count=len(values))
    id_codes, distinct_ids = pd.factorize(ids)
    first = np.full(len(distinct_ids), -1, dtype=np.int64)
    first[id_codes[::-1]] = np.arange(len(values) - 1, -1, -1, dtype=np.int64)
    index: dict[Any, int] = {}
    by_value = np.fromiter(
        (index.setdefault(values[i], len(index)) for i in first.tolist()), dtype=np.int64, count=len(first)
    )
    return by_value[id_codes], list(index)


def object_array(values: Iterable[Any] | np.ndarray[Any, Any]) -> np.ndarray[Any, np.dtype[np.object_]]:
    """A 1-d object array of ``values`` as they are (numpy does not look inside them)."""
    if isinstance(values, np.ndarray):
        return values.astype(object, copy=False)
    return np.fromiter(values, dtype=object)


def distinct_intervals(
    claims: Sequence[Claim],
    readings: Sequence[Reading],
    *,
    rounding: Rounding = "nearest",
    policy: HedgePolicy | None = None,
    also: tuple[Rounding, HedgePolicy] | None = None,
    columns: Mapping[str, Sequence[Any] | np.ndarray[Any, Any]] | None = None,
) -> tuple[IntArray, list[Interval], list[Interval]]:
    """The intervals of many (claim, reading) pairs, each distinct one computed once.

    An interval depends only on the claim's text, language, hedge, unit and
    indicator and on the reading's form (see :func:`kzlt_trade.model.reading_interval`),
    and these repeat over thousands of claims. Returns a code per pair and, per
    code, the interval under ``rounding`` and ``policy``, and under ``also`` (an
    empty list when ``also`` is ``None``). Codes are numbered in order of first
    appearance; pairs with one code have equal intervals. Nothing is kept between calls.

    ``columns`` may give those six fields already read, one value per pair, under
    the names of :data:`INTERVAL_INPUTS`, so that they are not read again.
    """
    n = len(claims)
    if n == 0:
        return np.zeros(0, dtype=np.int64), [], []
    given = columns or {}
    parts = [
        given[name] if name in given else list(map(attrgetter(name), readings if name == "form" else claims))
        for name in INTERVAL_INPUTS
    ]
    # One code per distinct combination of fields, combined a field at a time (no tuple per pair).
    text, language, hedge, unit, indicator, form = (object_array(p) for p in parts)

    def firsts(codes: IntArray) -> list[int]:
        # The first pair of each code, code by code.
        first = np.full(int(codes.max()) + 1, -1, dtype=np.int64)
        first[codes[::-1]] = np.arange(n - 1, -1, -1, dtype=np.int64)
        rows: list[int] = first.tolist()
        return rows

    # The unit and the indicator count only through the scale to canonical units and whether a
    # level is a whole number, and not at all for a ratio (see reading_interval): pairs that differ
    # only there share an interval. There are a handful of such scalings, and thousands of texts.
    combo = combine_codes([unit, indicator, form])
    scaling: dict[tuple[Any, ...], int] = {}
    scaling_of = []
    for i in firsts(combo):
        c, f = claims[i], readings[i].form
        info = INDICATORS[c.indicator]
        how = ("ratio",) if MEASURE[f] == "ratio" else (factor(c.unit, info.dimension), info.integer and f == "level")
        scaling_of.append(scaling.setdefault(how, len(scaling)))
    codes = combine_codes([text, language, hedge, form, np.asarray(scaling_of, dtype=np.int64)[combo]])
    scales: dict[tuple[str, str], float] = {}
    main: list[Interval] = []
    other: list[Interval] = []
    for i in firsts(codes):
        c, r = claims[i], readings[i]
        dimension = INDICATORS[c.indicator].dimension
        scale = scales.get((c.unit, dimension))
        if scale is None and MEASURE[r.form] != "ratio":
            scale = scales[(c.unit, dimension)] = factor(c.unit, dimension)
        main.append(
            reading_interval(
                c.number, c.hedge, r.form, c.unit, c.indicator, rounding=rounding, policy=policy, scale=scale
            )
        )
        if also is not None:
            other.append(
                reading_interval(
                    c.number, c.hedge, r.form, c.unit, c.indicator, rounding=also[0], policy=also[1], scale=scale
                )
            )
    return codes, main, other

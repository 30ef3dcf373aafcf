"""The loaded data: typed records, and pandas tables of them."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kzlt_trade.errors import UnknownClaimError, UsageError
from kzlt_trade.model import INDICATORS, Claim, Source
from kzlt_trade.units import CANONICAL_UNITS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Dataset"]

#: Columns of :attr:`Dataset.claims`, in order. ``low``/``high`` are the primary
#: reading's interval in ``canonical_unit`` (million USD for money, the growth
#: factor for ratio forms), so rows can be compared with one another.
CLAIM_FRAME_COLUMNS = (
    "id", "source", "partner", "indicator", "flow", "scope", "period", "period_kind", "period_start",
    "period_end", "base_period", "form", "reading", "n_readings", "text", "value", "unit", "hedge",
    "low", "high", "low_open", "high_open", "canonical_unit", "quote", "start", "end", "part_of",
    "published", "note",
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
    _by_id: dict[str, Claim] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {c.id: c for c in self.claim_records})

    # -- records ------------------------------------------------------------------
    def claim(self, claim_id: str) -> Claim:
        """The claim with id ``claim_id``.

        Raises
        ------
        UnknownClaimError
            Naming the id and the closest known ones.
        """
        try:
            return self._by_id[claim_id]
        except KeyError:
            raise UnknownClaimError(claim_id, list(self._by_id)) from None

    def source(self, source_id: str) -> Source:
        """The source with id ``source_id``."""
        for s in self.source_records:
            if s.id == source_id:
                return s
        raise UsageError("source", source_id, "one of " + ", ".join(s.id for s in self.source_records))

    def text(self, source_id: str) -> str:
        """The stored text of a source."""
        s = self.source(source_id)
        if self.path is None:
            raise UsageError("text", source_id, "a dataset loaded from a folder")
        return (self.path / "sources" / s.file).read_text(encoding="utf-8")

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

        >>> from kzlt_trade import load
        >>> len(load().select(partner="EE"))
        2
        """

        def wanted(value: str, allowed: str | list[str] | None) -> bool:
            return allowed is None or value == allowed or (isinstance(allowed, list) and value in allowed)

        kept = tuple(
            c
            for c in self.claim_records
            if wanted(c.partner, partner) and wanted(c.indicator, indicator) and wanted(c.source, source)
        )
        used = {c.source for c in kept}
        return Dataset(tuple(s for s in self.source_records if s.id in used), kept, self.path)

    def without(self, claim_ids: Iterable[str]) -> Dataset:
        """The dataset less the given claims (e.g. those :func:`kzlt_trade.reconcile` rejects).

        Raises
        ------
        UnknownClaimError
            For an id the dataset does not hold, so a typo never passes silently.
        """
        drop = set(claim_ids)
        for cid in drop:
            self.claim(cid)
        kept = tuple(c for c in self.claim_records if c.id not in drop)
        return Dataset(self.source_records, kept, self.path)

    # -- tables -------------------------------------------------------------------
    @functools.cached_property
    def claims(self) -> pd.DataFrame:
        """One row per claim, typed; see :data:`CLAIM_FRAME_COLUMNS`."""
        import pandas as pd

        rows = [self.claim_row(c) for c in self.claim_records]
        df = pd.DataFrame(rows, columns=list(CLAIM_FRAME_COLUMNS))
        for col in ("partner", "indicator", "flow", "form", "hedge", "period_kind", "canonical_unit"):
            df[col] = df[col].astype("category")
        for col in ("period_start", "period_end", "published"):
            df[col] = pd.to_datetime(df[col])
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
                    "note": s.note,
                    "n_claims": sum(1 for c in self.claim_records if c.source == s.id),
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

    def claim_row(self, c: Claim) -> dict[str, Any]:
        """The plain-data record of one claim (the JSON and CSV output of the CLI)."""
        r = c.primary
        interval = c.interval()
        unit = "ratio" if r.measure == "ratio" else CANONICAL_UNITS[INDICATORS[c.indicator].dimension]
        published = next((s.published for s in self.source_records if s.id == c.source), None)
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
        }

    def __repr__(self) -> str:
        where = f" from {self.path}" if self.path is not None else ""
        return f"<Dataset: {len(self.claim_records)} claims, {len(self.source_records)} sources{where}>"

    def _repr_html_(self) -> str:
        from kzlt_trade.display import dataset_html

        return dataset_html(self)

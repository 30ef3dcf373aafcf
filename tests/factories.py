"""In-memory datasets for tests: claims without source files, built from a few fields."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kzlt_trade.dataset import Dataset
from kzlt_trade.model import Claim, Reading, Source
from kzlt_trade.period import Period
from kzlt_trade.reading import Form

_FLOWS = {"turnover": "both", "exports": "export", "imports": "import"}


def source(sid: str, published: date = date(2024, 1, 1), weight: float = 1.0) -> Source:
    """A source with no text behind it (in-memory datasets skip provenance checks)."""
    return Source(
        id=sid,
        title=f"Test source {sid}",
        publisher="tests",
        language="en",
        published=published,
        published_basis="made up for a test",
        event_date=None,
        file=f"{sid}.txt",
        sha256="0" * 64,
        weight=weight,
    )


def claim(
    cid: str,
    indicator: str,
    period: str,
    text: str,
    *,
    src: str = "s1",
    partner: str = "LT",
    form: Form = "level",
    base: str | None = None,
    unit: str | None = None,
    hedge: str = "none",
    alternatives: tuple[Reading, ...] = (),
) -> Claim:
    """One claim whose quote is its own text."""
    if unit is None:
        unit = "percent" if form.startswith("percent") else "million USD" if form in {"level", "change"} else "times"
    reading = Reading("stated", form, Period.parse(period), None if base is None else Period.parse(base))
    return Claim(
        id=cid,
        source=src,
        partner=partner,
        indicator=indicator,
        flow=_FLOWS[indicator],  # type: ignore[arg-type]
        scope="",
        text=text,
        value=Decimal(text.replace(",", "")),
        unit=unit,
        hedge=hedge,  # type: ignore[arg-type]
        quote=text,
        start=0,
        end=len(text),
        readings=(reading, *alternatives),
    )


def dataset(*claims: Claim, sources: tuple[Source, ...] = ()) -> Dataset:
    """A dataset of the claims, with a made-up source for every source id they name."""
    known = {s.id: s for s in sources}
    for c in claims:
        known.setdefault(c.source, source(c.source))
    return Dataset(tuple(known.values()), tuple(claims))

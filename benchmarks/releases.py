"""Press releases as text: numbers as they are printed, sentences that hold the quotes, the folder on disk.

:mod:`realistic` decides what each release reports; this module writes it down: each
number in the release's language and precision (:func:`digits`, rounded or truncated),
each claim's sentence (:func:`word`), each release's text, and the tables of the data
folder (:func:`write`), with every quote at its offsets and every text's SHA-256.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import shutil
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

__all__ = ["CLAIM_COLUMNS", "READING_COLUMNS", "SOURCE_COLUMNS", "Claim", "Release", "claim_row", "digits", "slug",
           "word", "write", "write_tiny"]  # fmt: skip

_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")  # fmt: skip
_RU_MONTHS = ("январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе", "сентябре",
              "октябре", "ноябре", "декабре")  # fmt: skip
_RU_MONTHS_GEN = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
                  "октября", "ноября", "декабря")  # fmt: skip
_EN_IND = {"turnover": "trade turnover", "exports": "exports", "imports": "imports"}
_RU_IND = {"turnover": "товарооборот", "exports": "экспорт", "imports": "импорт"}
_EN_MEMBER = {"AT": "Austria", "BE": "Belgium", "BG": "Bulgaria", "HR": "Croatia", "CY": "Cyprus", "CZ": "Czechia",
              "DK": "Denmark", "EE": "Estonia", "FI": "Finland", "FR": "France", "DE": "Germany", "GR": "Greece",
              "IE": "Ireland", "IT": "Italy", "LV": "Latvia", "LT": "Lithuania", "LU": "Luxembourg", "MT": "Malta",
              "NL": "the Netherlands", "PL": "Poland", "PT": "Portugal", "RO": "Romania", "SK": "Slovakia",
              "SI": "Slovenia", "ES": "Spain", "SE": "Sweden", "HU": "Hungary", "EU": "the European Union"}  # fmt: skip
_RU_MEMBER = {"AT": "Австрия", "BE": "Бельгия", "BG": "Болгария", "HR": "Хорватия", "CY": "Кипр", "CZ": "Чехия",
              "DK": "Дания", "EE": "Эстония", "FI": "Финляндия", "FR": "Франция", "DE": "Германия", "GR": "Греция",
              "IE": "Ирландия", "IT": "Италия", "LV": "Латвия", "LT": "Литва", "LU": "Люксембург", "MT": "Мальта",
              "NL": "Нидерланды", "PL": "Польша", "PT": "Португалия", "RO": "Румыния", "SK": "Словакия",
              "SI": "Словения", "ES": "Испания", "SE": "Швеция", "HU": "Венгрия", "EU": "Европейский союз"}  # fmt: skip


@dataclass(slots=True)
class Release:
    id: str
    index: int
    language: str
    rounding: str  # "nearest" or "truncate"
    decimals: int  # of member levels in million USD
    eu_decimals: int  # of EU levels in billion USD
    published: date
    weight: float
    sentences: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Claim:
    """One claim as the generator knows it: its figure, its truth and how it is printed."""

    id: str
    release: Release
    partner: str
    indicator: str
    flow: str
    scope: str
    period: str
    base_period: str
    form: str  # level, change, percent_increase, percent_of_base, times
    truth: float  # in the written unit (million or billion USD, percent, times, place)
    unit: str
    decimals: int
    words: tuple[str, ...]  # how the sentence is put together: kind, and what it needs
    hedge: str = "none"
    text: str = ""
    value: str = ""
    quote: str = ""
    alt: tuple[str, str, str, str, str] | None = None  # (reading, form, period, base_period, rationale)
    figure: int = -1  # the figure (quantity) it reports, -1 for release-local claims
    #: (truth, hedge, decimals) before an injection, to put it back.
    before: tuple[float, str, int] | None = None
    #: Its position among the folder's claims.
    index: int = -1
    injected: str = ""


_CLAIM_COLUMNS = ("id", "source", "partner", "indicator", "flow", "scope", "period", "base_period", "form", "reading",
                  "text", "value", "unit", "hedge", "quote", "start", "end", "part_of", "note")  # fmt: skip
_SOURCE_COLUMNS = ("id", "title", "publisher", "language", "published", "published_basis", "event_date", "file",
                   "sha256", "url", "weight", "note")  # fmt: skip
_READING_COLUMNS = ("claim", "reading", "form", "period", "base_period", "rationale")


def digits(truth: float, decimals: int, rounding: str) -> int:
    """The printed number in units of its last digit."""
    x = truth * 10**decimals
    if rounding == "truncate":
        return math.floor(x + 1e-9)
    return math.floor(x + 0.5)


def _plain(q: int, decimals: int) -> str:
    """``q`` units of ``10**-decimals`` as a plain decimal (the ``value`` column)."""
    return str(Decimal(q).scaleb(-decimals)) if decimals else str(q)


def _written(q: int, decimals: int, language: str) -> str:
    """The number as the release writes it: ``1,234.5`` in English, ``1 234,5`` in Russian."""
    whole, frac = divmod(q, 10**decimals)
    if language == "en":
        text = f"{whole:,}"
        mark = "."
    else:
        text = f"{whole:,}".replace(",", "\u00a0")
        mark = ","
    return text + (mark + str(frac).zfill(decimals) if decimals else "")


def _ordinal(q: int, language: str) -> str:
    if language == "ru":
        return f"{q}-й"
    suffix = "th" if 10 <= q % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(q % 10, "th")
    return f"{q}{suffix}"


def _period_words(period: str, language: str) -> str:
    if period.endswith("-part"):
        y = period[:4]
        return f"in the same period of {y}" if language == "en" else f"за аналогичный период {y} года"
    if ".." in period:
        a, b = period.split("..")
        y0, m0, y1, m1 = int(a[:4]), int(a[5:]), int(b[:4]), int(b[5:])
        if y0 != y1:
            if language == "en":
                return f"from {_EN_MONTHS[m0 - 1]} {y0} to {_EN_MONTHS[m1 - 1]} {y1}"
            return f"с {_RU_MONTHS_GEN[m0 - 1]} {y0} года по {_RU_MONTHS_GEN[m1 - 1]} {y1} года"
        if language == "en":
            months = _EN_MONTHS[m0 - 1] if m0 == m1 else f"{_EN_MONTHS[m0 - 1]}-{_EN_MONTHS[m1 - 1]}"
            return f"in {months} {y0}"
        months = _RU_MONTHS[m0 - 1] if m0 == m1 else f"{_RU_MONTHS[m0 - 1]}-{_RU_MONTHS[m1 - 1]}"
        return f"в {months} {y0} года"
    return f"in {period}" if language == "en" else f"в {period} году"


def _base_words(base: str, language: str) -> str:
    if base.endswith("-part"):
        return f"the same period of {base[:4]}" if language == "en" else f"аналогичным периодом {base[:4]} года"
    if ".." in base:
        a, b = base.split("..")
        m0, m1, y = int(a[5:]), int(b[5:]), a[:4]
        if language == "en":
            months = _EN_MONTHS[m0 - 1] if m0 == m1 else f"{_EN_MONTHS[m0 - 1]}-{_EN_MONTHS[m1 - 1]}"
            return f"{months} {y}"
        months = _RU_MONTHS_GEN[m0 - 1] if m0 == m1 else f"{_RU_MONTHS_GEN[m0 - 1]}-{_RU_MONTHS_GEN[m1 - 1]}"
        return f"{months} {y} года"
    return base if language == "en" else f"{base} годом"


def slug(period: str) -> str:
    return period.replace("..", "-").replace("@", "")


def word(c: Claim) -> None:
    """The claim's text, value and quote from its (possibly perturbed) truth."""
    lang = c.release.language
    q = digits(c.truth, c.decimals, c.release.rounding)
    c.text = _written(q, c.decimals, lang) if c.indicator != "rank" else _ordinal(q, lang)
    c.value = _plain(q, c.decimals)
    name = _EN_MEMBER.get(c.partner, c.partner) if lang == "en" else _RU_MEMBER.get(c.partner, c.partner)
    when = _period_words(c.period, lang)
    kind = c.words[0]
    if kind == "level":
        big = c.unit == "billion USD"
        if lang == "en":
            money = f"{c.text} {'billion' if big else 'million'} US dollars"
            if c.period.endswith("-part"):
                c.quote = f"{when} {_EN_IND[c.indicator]} with {name} amounted to {money}"
            else:
                c.quote = f"{_EN_IND[c.indicator].capitalize()} with {name} {when} amounted to {money}"
        else:
            money = f"{c.text} {'млрд' if big else 'млн'} долларов США"
            c.quote = f"{_RU_IND[c.indicator].capitalize()} (партнер: {name}) {when} составил {money}"
    elif kind == "change":
        base = _base_words(c.base_period, lang)
        if lang == "en":
            c.quote = f"{_EN_IND[c.indicator].capitalize()} with {name} {when} increased by {c.text} million US " \
                      f"dollars compared to {base}"  # fmt: skip
        else:
            c.quote = f"{_RU_IND[c.indicator].capitalize()} (партнер: {name}) {when} вырос на {c.text} млн " \
                      f"долларов США по сравнению с {base}"  # fmt: skip
    elif kind == "growth":
        base = _base_words(c.base_period, lang)
        subject = _EN_IND[c.indicator] if lang == "en" else _RU_IND[c.indicator]
        if lang == "en":
            what = {"percent_increase": f"increased by {c.text}% compared to {base}",
                    "percent_of_base": f"amounted to {c.text}% of the level of {base}",
                    "times": f"grew {c.text} times compared to {base}"}[c.form]  # fmt: skip
            c.quote = f"{subject.capitalize()} with {name} {when} {what}"
        else:
            what = {"percent_increase": f"вырос на {c.text}% по сравнению с {base}",
                    "percent_of_base": f"составил {c.text}% от уровня {base.replace('годом', 'года')}",
                    "times": f"вырос в {c.text} раза по сравнению с {base}"}[c.form]  # fmt: skip
            c.quote = f"{subject.capitalize()} (партнер: {name}) {when} {what}"
    elif kind == "rank":
        field_en = {"kz_partners_eu": "among the countries of the European Union", "kz_partners_europe": "in Europe",
                    "kz_partners_world": "in the world"}[c.scope]  # fmt: skip
        field_ru = {"kz_partners_eu": "среди стран Европейского союза", "kz_partners_europe": "в Европе",
                    "kz_partners_world": "в мире"}[c.scope]  # fmt: skip
        if lang == "en":
            c.quote = f"{name} is Kazakhstan's {c.text} largest trading partner {field_en}"
        else:
            who = name
            c.quote = f"{who} занимает {c.text} место среди торговых партнеров Казахстана {field_ru}"
    elif kind == "share":
        what_en = {"eu_oil_imports": "of the EU's oil imports", "eu_uranium_needs": "of the EU's uranium needs"}
        what_ru = {"eu_oil_imports": "импорта нефти ЕС", "eu_uranium_needs": "потребностей ЕС в уране"}
        more = c.hedge == "more_than"
        if lang == "en":
            c.quote = f"In {c.period} Kazakhstan supplied {'more than ' if more else ''}{c.text}% {what_en[c.scope]}"
        else:
            c.quote = f"В {c.period} году Казахстан обеспечил {'более ' if more else ''}{c.text}% {what_ru[c.scope]}"


def row(c: Claim) -> dict[str, str]:
    return claim_row(c.id, c.release.id, c.partner, c.indicator, c.scope, c.period, c.base_period, c.form,
                      _reading_name(c.form), c.text, c.value, c.unit, c.hedge, c.quote)  # fmt: skip


def _reading_name(form: str) -> str:
    return {"level": "stated", "change": "stated", "percent_increase": "plus_percent",
            "percent_of_base": "percent_of_base", "times": "times"}[form]  # fmt: skip


def claim_row(cid: str, source: str, partner: str, indicator: str, scope: str, period: str, base: str, form: str,
               reading: str, text: str, value: str, unit: str, hedge: str, quote: str) -> dict[str, str]:  # fmt: skip
    flow = {"turnover": "both", "exports": "export", "imports": "import", "rank": "both", "share": "export"}
    return {"id": cid, "source": source, "partner": partner, "indicator": indicator, "flow": flow[indicator],
            "scope": scope, "period": period, "base_period": base, "form": form, "reading": reading, "text": text,
            "value": value, "unit": unit, "hedge": hedge, "quote": quote, "start": "", "end": "", "part_of": "",
            "note": ""}  # fmt: skip


CLAIM_COLUMNS = ("id", "source", "partner", "indicator", "flow", "scope", "period", "base_period", "form", "reading",
                  "text", "value", "unit", "hedge", "quote", "start", "end", "part_of", "note")  # fmt: skip
SOURCE_COLUMNS = ("id", "title", "publisher", "language", "published", "published_basis", "event_date", "file",
                   "sha256", "url", "weight", "note")  # fmt: skip
READING_COLUMNS = ("claim", "reading", "form", "period", "base_period", "rationale")


def write(folder: Path, releases: list[Release], claims: list[Claim]) -> None:
    """Write the folder: each release's text (a heading, then one sentence per claim, in order), then the tables."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = folder / "sources"
    if texts.exists():
        shutil.rmtree(texts)
    texts.mkdir()
    for c in claims:
        c.release.sentences.append(c.quote)
    offsets: dict[str, list[int]] = {}
    source_rows = []
    for k, rel in enumerate(releases):
        head = (f"Press release {rel.id}, {rel.published.isoformat()}.\n\n" if rel.language == "en"
                else f"Пресс-релиз {rel.id}, {rel.published.isoformat()}.\n\n")  # fmt: skip
        parts = [head]
        at = len(head)
        starts = []
        for sentence in rel.sentences:
            starts.append(at)
            parts.append(sentence + ".\n")
            at += len(sentence) + 2
        offsets[rel.id] = starts
        data = "".join(parts).encode("utf-8")
        name = f"{k:06d}.txt"
        (texts / name).write_bytes(data)
        source_rows.append({
            "id": rel.id, "title": f"Synthetic release {rel.id}", "publisher": "benchmarks/realistic.py",
            "language": rel.language, "published": rel.published.isoformat(),
            "published_basis": "Synthetic: the generator's date.", "event_date": "", "file": name,
            "sha256": hashlib.sha256(data).hexdigest(), "url": "", "weight": f"{rel.weight:g}",
            "note": f"rounding={rel.rounding}",
        })  # fmt: skip
    rows = []
    position: dict[str, int] = {}
    for c in claims:
        j = position.get(c.release.id, 0)
        position[c.release.id] = j + 1
        start = offsets[c.release.id][j]
        rows.append({**row(c), "start": str(start), "end": str(start + len(c.quote))})
    _csv(folder / "sources.csv", SOURCE_COLUMNS, source_rows)
    _csv(folder / "claims.csv", CLAIM_COLUMNS, rows)
    alt_rows = [dict(zip(READING_COLUMNS, (c.id, *c.alt), strict=True)) for c in claims if c.alt is not None]
    _csv(folder / "readings.csv", READING_COLUMNS, alt_rows)
    (folder / "datapackage.json").write_text(json.dumps(_datapackage(), indent=2) + "\n", encoding="utf-8")


def _csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _datapackage() -> dict[str, Any]:
    def fields(cols: tuple[str, ...]) -> list[dict[str, str]]:
        return [{"name": c, "type": "string"} for c in cols]

    return {
        "name": "kzlt-trade-synthetic",
        "title": "Synthetic press releases (benchmarks/realistic.py)",
        "resources": [
            {"name": "sources", "path": "sources.csv", "schema": {"fields": fields(SOURCE_COLUMNS)}},
            {"name": "claims", "path": "claims.csv", "schema": {"fields": fields(CLAIM_COLUMNS)}},
            {"name": "readings", "path": "readings.csv", "schema": {"fields": fields(READING_COLUMNS)}},
        ],
    }


def write_tiny(folder: Path, partner: str) -> None:
    """A folder of one release and one claim about ``partner`` (to ask the loader what it accepts)."""
    rel = Release("probe", 0, "en", "nearest", 1, 1, date(2023, 1, 1), 1.0)
    c = Claim(f"probe/{partner.lower()}-turnover-2022", rel, partner, "turnover", "both", "", "2022", "", "level",
              10.5, "million USD", 1, ("level",))  # fmt: skip
    word(c)
    write(folder, [rel], [c])

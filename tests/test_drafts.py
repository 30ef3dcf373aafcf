"""Tests of kzlt_trade.drafts: proposed claims.csv rows for the figures of a release."""

from __future__ import annotations

import csv
import hashlib
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import kzlt_trade
from kzlt_trade.drafts import ClaimDraft, Slot, draft_claims
from kzlt_trade.errors import UsageError
from kzlt_trade.io import CLAIM_COLUMNS, bundled_data_path

SOURCES = (
    "mfa-2023-10-10",
    "kazinform-2024-06-20",
    "kazinform-2022-06-15",
    "kazinform-2023-02-24",
    "kaztoday-2025-11-27",
)

#: The bundled claims whose partner, indicator, period, form and text the drafts reproduce
#: exactly: every turnover, exports and imports claim (20), every fdi_inflow claim (3), and
#: the one company count stated "as of" a date.
REPRODUCED = (
    "mfa-2023-10-10/turnover-growth-2022",
    "mfa-2023-10-10/turnover-2022",
    "kazinform-2024-06-20/turnover-2023",
    "kazinform-2024-06-20/exports-2023",
    "kazinform-2024-06-20/imports-2023",
    "kazinform-2024-06-20/fdi-2005-2023-09",
    "kazinform-2024-06-20/companies-2024-01-01",
    "kazinform-2022-06-15/turnover-2021",
    "kazinform-2022-06-15/exports-2021",
    "kazinform-2022-06-15/imports-2021",
    "kazinform-2022-06-15/turnover-growth-2022-part",
    "kazinform-2022-06-15/turnover-2021-part",
    "kazinform-2022-06-15/turnover-2022-part",
    "kazinform-2022-06-15/exports-growth-2022-part",
    "kazinform-2022-06-15/exports-2022-part",
    "kazinform-2023-02-24/ro-turnover-growth-2022",
    "kazinform-2023-02-24/ro-turnover-2022",
    "kazinform-2023-02-24/ro-fdi-2005-2022",
    "kazinform-2023-02-24/lt-turnover-2022",
    "kazinform-2023-02-24/lt-turnover-growth-2022",
    "kazinform-2023-02-24/ee-turnover-growth-2022",
    "kazinform-2023-02-24/ee-turnover-2022",
    "kaztoday-2025-11-27/turnover-2024",
    "kaztoday-2025-11-27/fdi-since-independence",
)


@pytest.fixture(scope="module")
def dataset() -> kzlt_trade.Dataset:
    return kzlt_trade.load(official=False)


def _drafts(ds: kzlt_trade.Dataset, source_id: str) -> list[ClaimDraft]:
    source = ds.source(source_id)
    return draft_claims(ds.text(source_id), lang=source.language, published=source.published)


def _value(slot: Slot | None) -> str | None:
    return None if slot is None else slot.value


def _matching(ds: kzlt_trade.Dataset, claim_id: str) -> list[ClaimDraft]:
    claim = ds.claim(claim_id)
    return [d for d in _drafts(ds, claim.source) if claim.start <= d.mention.start < claim.end and d.text == claim.text]


def _key(d: ClaimDraft) -> tuple[str | None, ...]:
    return (_value(d.partner), _value(d.indicator), _value(d.period), d.form, d.text)


def _claim_key(ds: kzlt_trade.Dataset, claim_id: str) -> tuple[str | None, ...]:
    rows = {r["id"]: r for r in csv.DictReader((bundled_data_path() / "claims.csv").open(encoding="utf-8"))}
    r = rows[claim_id]
    return (r["partner"], r["indicator"], r["period"], r["form"], r["text"])


@pytest.mark.parametrize("claim_id", REPRODUCED)
def test_drafts_reproduce_bundled_claims(dataset: kzlt_trade.Dataset, claim_id: str) -> None:
    drafts = _matching(dataset, claim_id)
    assert drafts, f"no draft for {claim_id}"
    assert _claim_key(dataset, claim_id) in [_key(d) for d in drafts]


def test_every_trade_claim_is_reproduced(dataset: kzlt_trade.Dataset) -> None:
    trade = [c.id for c in dataset if c.indicator in ("turnover", "exports", "imports")]
    assert len(trade) == 20
    assert set(trade) <= set(REPRODUCED)


def test_bundled_base_periods(dataset: kzlt_trade.Dataset) -> None:
    rows = {r["id"]: r for r in csv.DictReader((bundled_data_path() / "claims.csv").open(encoding="utf-8"))}
    for claim_id in REPRODUCED:
        r = rows[claim_id]
        drafts = [d for d in _matching(dataset, claim_id) if _key(d) == _claim_key(dataset, claim_id)]
        assert _value(drafts[0].base_period) == (r["base_period"] or None), claim_id
        assert drafts[0].flow is not None
        assert drafts[0].flow.value == r["flow"], claim_id
        assert drafts[0].value == Decimal(r["value"]), claim_id
        assert drafts[0].unit == r["unit"], claim_id
        assert drafts[0].hedge == r["hedge"], claim_id


@pytest.mark.parametrize("source_id", SOURCES)
def test_draft_invariants(dataset: kzlt_trade.Dataset, source_id: str) -> None:
    text = dataset.text(source_id)
    drafts = _drafts(dataset, source_id)
    assert drafts
    slugs = [d.slug for d in drafts]
    assert len(set(slugs)) == len(slugs)
    for d in drafts:
        assert text[d.start : d.end] == d.quote
        assert d.text in d.quote
        assert d.start <= d.mention.start
        assert d.mention.end <= d.end
        assert d.partner is None or d.partner.value != "KZ"
        assert d.form == d.mention.readings[0]
        assert d.alternatives == d.mention.readings[1:]
        assert d.guessed().startswith("draft for review: ")


def _add_drafts(folder: Path, ds: kzlt_trade.Dataset, source_id: str) -> int:
    """Append the complete drafts of one source, under a new source holding a copy of its text."""
    new_id = f"draft-{source_id}"
    with (folder / "sources.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        columns = list(reader.fieldnames or ())
        source_rows = list(reader)
    row = dict(next(r for r in source_rows if r["id"] == source_id))
    text_file = folder / "sources" / row["file"]
    copy_name = f"draft_{row['file']}"
    shutil.copyfile(text_file, folder / "sources" / copy_name)
    row.update(id=new_id, file=copy_name, sha256=hashlib.sha256(text_file.read_bytes()).hexdigest())
    with (folder / "sources.csv").open("a", encoding="utf-8", newline="") as f:
        csv.DictWriter(f, fieldnames=columns).writerow(row)
    rows = [d.row(new_id) for d in _drafts(ds, source_id) if not d.missing()]
    with (folder / "claims.csv").open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert tuple(header) == CLAIM_COLUMNS
    with (folder / "claims.csv").open("a", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header)
        writer.writerows(rows)
    return len(rows)


@pytest.mark.parametrize("source_id", SOURCES)
def test_complete_drafts_load(dataset: kzlt_trade.Dataset, tmp_path: Path, source_id: str) -> None:
    folder = tmp_path / "data"
    shutil.copytree(bundled_data_path(), folder)
    added = _add_drafts(folder, dataset, source_id)
    assert added >= 2
    loaded = kzlt_trade.load(folder)
    assert len(loaded.press.claims) == len(dataset.press.claims) + added


def test_all_sources_load_together(dataset: kzlt_trade.Dataset, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(bundled_data_path(), folder)
    added = sum(_add_drafts(folder, dataset, sid) for sid in SOURCES)
    assert added >= 24
    kzlt_trade.load(folder)


# --- short sentences -------------------------------------------------------------------------


EN = (
    "In 2022, trade turnover between Kazakhstan and Germany amounted to 1.2 billion US dollars, "
    "up 12% compared to 2021."
)
RU = "За январь-апрель 2023 года товарооборот Казахстана с Польшей сократился на 4,2% и составил 450 млн долларов США."


def test_english_sentence() -> None:
    level, growth = draft_claims(EN)
    assert level.slug == "turnover-2022"
    assert level.partner == Slot("DE", "Germany")
    assert level.reporter == Slot("KZ")
    assert level.indicator == Slot("turnover", "trade turnover")
    assert level.flow == Slot("both")
    assert level.scope == Slot("")
    assert level.period == Slot("2022", "In 2022")
    assert level.base_period is None
    assert (level.form, level.text, level.value, level.unit, level.hedge) == (
        "level",
        "1.2",
        Decimal("1.2"),
        "billion USD",
        "none",
    )
    assert level.quote == EN
    assert (level.start, level.end) == (0, len(EN))
    assert level.missing() == ()
    assert growth.slug == "turnover-growth-2022"
    assert growth.form == "percent_increase"
    assert (growth.text, growth.unit) == ("12", "percent")
    assert _value(growth.period) == "2022"
    assert growth.base_period == Slot("2021", "compared to 2021")
    assert level.guessed() == (
        "draft for review: partner DE from 'Germany'; indicator turnover from 'trade turnover'; "
        "period 2022 from 'In 2022'"
    )


def test_english_row() -> None:
    row = draft_claims(EN)[1].row("src")
    assert tuple(row) == CLAIM_COLUMNS
    assert row["id"] == "src/turnover-growth-2022"
    assert row["source"] == "src"
    assert (row["partner"], row["indicator"], row["flow"], row["scope"]) == ("DE", "turnover", "both", "")
    assert (row["period"], row["base_period"], row["form"], row["reading"]) == (
        "2022",
        "2021",
        "percent_increase",
        "stated",
    )
    assert (row["text"], row["value"], row["unit"], row["hedge"]) == ("12", "12", "percent", "none")
    assert (row["start"], row["end"], row["part_of"], row["reporter"]) == ("0", str(len(EN)), "", "")
    assert row["note"].startswith("draft for review: partner DE from 'Germany'")


def test_russian_sentence() -> None:
    change, level = draft_claims(RU)
    assert change.partner == Slot("PL", "Польшей")
    assert change.indicator == Slot("turnover", "товарооборот")
    assert _value(change.period) == "2023-01..2023-04"
    assert change.form == "percent_decrease"
    assert (change.text, change.value, change.unit) == ("4,2", Decimal("4.2"), "percent")
    assert _value(change.base_period) == "2022-01..2022-04"
    assert level.form == "level"
    assert (level.text, level.value, level.unit) == ("450", Decimal("450"), "million USD")
    assert _value(level.period) == "2023-01..2023-04"
    assert level.base_period is None
    assert level.slug == "turnover-2023-01-2023-04"
    assert level.row("x")["value"] == "450"


@pytest.mark.parametrize(
    ("text", "period", "base"),
    [
        ("For 9 months of 2023, exports to China grew by 10% compared to the same period of last year.",
         "2023-01..2023-09", "2022-01..2022-09"),
        ("За 9 месяцев 2023 года экспорт в Китай вырос на 10% по сравнению с аналогичным периодом прошлого года.",
         "2023-01..2023-09", "2022-01..2022-09"),
        ("In 2023, exports to China grew by 10% compared to the same period.", "2023-part", "2022-part"),
        ("По итогам 2022 года экспорт в Китай вырос на 10%.", "2022", "2021"),
        ("Exports to China grew by 10% compared to the same period in 2022.", "2023-part", "2022-part"),
    ],
)  # fmt: skip
def test_periods_of_changes(text: str, period: str, base: str) -> None:
    (d,) = draft_claims(text)
    assert (_value(d.partner), _value(d.indicator)) == ("CN", "exports")
    assert (_value(d.period), _value(d.base_period)) == (period, base)


def test_this_year_needs_published() -> None:
    text = "This year, imports from Italy reached USD 300 million."
    (d,) = draft_claims(text)
    assert d.period is None
    assert d.missing() == ("period",)
    with pytest.raises(UsageError, match="period"):
        d.row("x")
    (d,) = draft_claims(text, published=date(2023, 5, 1))
    assert d.period == Slot("2023", "This year")
    (r,) = draft_claims("В этом году импорт из Италии составил 300 млн долларов.", published=date(2024, 3, 1))
    assert (_value(r.period), _value(r.indicator), _value(r.flow)) == ("2024", "imports", "import")


def test_no_year_is_no_period() -> None:
    (d,) = draft_claims("Trade turnover with Italy amounted to USD 300 million.", published=date(2023, 5, 1))
    assert d.period is None


def test_phrases_of_time() -> None:
    (d,) = draft_claims("Over 30 years, investments from Germany amounted to more than 10 billion US dollars.")
    assert d.period == Slot("Over 30 years", "Over 30 years")
    assert (_value(d.indicator), _value(d.flow), d.hedge) == ("fdi_inflow", "inward", "more_than")
    (r,) = draft_claims("С 2005 года объем инвестиций из Германии превысил полтора миллиарда долларов.")
    assert _value(r.period) == "С 2005 года"
    assert (r.text, r.value, r.unit) == ("полтора", Decimal("1.5"), "billion USD")


def test_partner_from_earlier_sentence_and_reporter() -> None:
    text = "Kazakhstan and Lithuania held talks. In 2022, trade between the two countries grew by 6.4 times."
    (d,) = draft_claims(text)
    assert d.partner is not None
    assert d.partner.value == "LT"
    assert "earlier sentence" in d.partner.words
    assert (d.form, d.alternatives, d.text) == ("times", ("times_increase",), "6.4")
    text = (
        "According to Lithuania's statistics, exports of Lithuania to Kazakhstan amounted to EUR 200 million in 2022."
    )
    (m,) = draft_claims(text)
    assert (_value(m.reporter), _value(m.indicator), _value(m.flow)) == ("LT", "imports", "import")
    assert m.row("x")["reporter"] == "LT"


def test_missing_slots_and_unfiled_kinds() -> None:
    assert draft_claims("Kazakhstan exported 1.2 million tonnes of grain.") == []
    (d,) = draft_claims("The figure was 300 million US dollars.")
    assert d.missing() == ("partner", "indicator", "period")
    with pytest.raises(UsageError, match="partner, indicator, period"):
        d.row("x")
    (g,) = draft_claims("Trade with Italy grew by 5%.")
    assert g.missing() == ("period", "base_period")


def test_bad_arguments() -> None:
    with pytest.raises(TypeError):
        draft_claims(42)  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        draft_claims("text", lang="de")
    with pytest.raises(UsageError):
        draft_claims("text", published="2023-01-01")  # type: ignore[arg-type]

"""Tests of :mod:`kzlt_trade.mentions`: the bundled releases, a development set, and laws."""

from __future__ import annotations

import csv
import json
import math
import time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kzlt_trade
from kzlt_trade.errors import RecordError, UsageError
from kzlt_trade.mentions import KINDS, Mention, detect_language, extract
from kzlt_trade.reading import HEDGES

DEVSET = Path(__file__).parent / "extract_devset"
_SCALES = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}


def _scaled(value: Decimal, unit: str) -> Decimal:
    first = unit.split(maxsplit=1)[0] if unit.split() else ""
    return value.scaleb(_SCALES.get(first, 0))


def _exclusions() -> set[tuple[str, int, int, str]]:
    with (DEVSET / "exclusions.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert all(r["reason"].strip() for r in rows), "every exclusion needs a reason"
    return {(r["source"], int(r["start"]), int(r["end"]), r["text"]) for r in rows}


# --- the bundled releases -----------------------------------------------------------------------


def test_every_bundled_claim_is_found(ds: kzlt_trade.Dataset) -> None:
    missing = []
    for claim in ds:
        mentions = extract(ds.text(claim.source))
        want = _scaled(claim.value, claim.unit)
        hits = [m for m in mentions if claim.start <= m.start and m.end <= claim.end and m.value == want]
        if not hits:
            missing.append(f"{claim.id}: {claim.text!r} = {want} in {claim.quote!r}")
    assert not missing, "claims not found:\n" + "\n".join(missing)


def test_bundled_claims_hedges_and_forms(ds: kzlt_trade.Dataset) -> None:
    # Beyond value and span: the hedge and the forms of the readings are the claim's.
    wrong = []
    for claim in ds:
        want = _scaled(claim.value, claim.unit)
        (m, *_) = [
            m
            for m in extract(ds.text(claim.source))
            if claim.start <= m.start <= m.end <= claim.end and m.value == want
        ]
        forms = tuple(dict.fromkeys(r.form for r in claim.readings))
        if (m.hedge, m.readings) != (claim.hedge, forms):
            wrong.append(f"{claim.id}: {(m.hedge, m.readings)} != {(claim.hedge, forms)}")
    assert not wrong, "\n".join(wrong)


def test_every_bundled_mention_is_a_claim_or_excluded(ds: kzlt_trade.Dataset) -> None:
    excluded = _exclusions()
    unexplained = []
    found_exclusions = set()
    for source in ds.source_records:
        claims = [c for c in ds if c.source == source.id]
        for m in extract(ds.text(source.id)):
            if any(c.start <= m.start and m.end <= c.end and m.value == _scaled(c.value, c.unit) for c in claims):
                continue
            key = (source.id, m.start, m.end, m.text)
            if key in excluded:
                found_exclusions.add(key)
            else:
                unexplained.append(f"{source.id},{m.start},{m.end},{m.text!r} ({m.kind})")
    assert not unexplained, "mentions that are no claim and not excluded:\n" + "\n".join(unexplained)
    assert found_exclusions == excluded, f"stale exclusions: {sorted(excluded - found_exclusions)}"


def test_bundled_precision_and_recall(ds: kzlt_trade.Dataset, capsys: pytest.CaptureFixture[str]) -> None:
    total = found = mentions = 0
    for source in ds.source_records:
        claims = [c for c in ds if c.source == source.id]
        ms = extract(ds.text(source.id))
        mentions += len(ms)
        total += len(claims)
        found += sum(
            any(c.start <= m.start and m.end <= c.end and m.value == _scaled(c.value, c.unit) for m in ms)
            for c in claims
        )
    with capsys.disabled():
        print(f"\nbundled: {found}/{total} claims found; {mentions} mentions, {len(_exclusions())} excluded")
    assert found == total


# --- examples -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "surface", "kind", "value", "unit", "currency", "hedge", "direction", "readings"),
    [
        ("составил 584,3 млн долл.", "ru", "584,3 млн долл.", "money", "584300000", "million USD", "USD", "none",
         None, ("level",)),
        ("amounted to USD 454 million", "en", "USD 454 million", "money", "454000000", "million USD", "USD", "none",
         None, ("level",)),
        ("worth €1.2 billion", "en", "€1.2 billion", "money", "1200000000", "billion EUR", "EUR", "none", None,
         ("level",)),
        ("grew by 6.4 times", "en", "6.4 times", "ratio", "6.4", "times", None, "none", "increase",
         ("times", "times_increase")),
        ("вырос на 28,7%", "ru", "28,7%", "percent_change", "28.7", "percent", None, "none", "increase",
         ("percent_increase",)),
        ("it increased by 311 % compared", "en", "311 %", "percent_change", "311", "percent", None, "none",
         "increase", ("percent_increase", "percent_of_base")),
        ("сократился на 11%", "ru", "11%", "percent_change", "11", "percent", None, "none", "decrease",
         ("percent_decrease",)),
        ("exports fell by more than 10 %", "en", "10 %", "percent_change", "10", "percent", None, "more_than",
         "decrease", ("percent_decrease",)),
        ("сократился в 2 раза", "ru", "в 2 раза", "ratio", "2", "times", None, "none", "decrease",
         ("times_decrease",)),
        ("trade grew six times", "en", "six times", "ratio", "6", "times", None, "none", "increase",
         ("times", "times_increase")),
        ("вырос вдвое", "ru", "вдвое", "ratio", "2", "times", None, "none", "increase", ("times",)),
        ("полтора миллиарда евро", "ru", "полтора миллиарда евро", "money", "1500000000", "billion EUR", "EUR",
         "none", None, ("level",)),
        ("12 млрд 400 млн тенге", "ru", "12 млрд 400 млн тенге", "money", "12400000000", "billion KZT", "KZT",
         "none", None, ("level",)),
        ("превысил 200 миллиардов долларов США", "ru", "200 миллиардов долларов США", "money", "200000000000",
         "billion USD", "USD", "more_than", None, ("level",)),
        ("приблизился к 50 миллиардам долларов США", "ru", "50 миллиардам долларов США", "money", "50000000000",
         "billion USD", "USD", "approached", None, ("level",)),
        ("не менее 5 млрд тенге", "ru", "5 млрд тенге", "money", "5000000000", "billion KZT", "KZT", "at_least",
         None, ("level",)),
        ("less than $3bn", "en", "$3bn", "money", "3000000000", "billion USD", "USD", "less_than", None,
         ("level",)),
        ("около 4 тысяч компаний", "ru", "4 тысяч", "count", "4000", "thousand company", None, "about", None,
         ("level",)),
        ("The 7,000-strong diaspora", "en", "7,000", "count", "7000", "person", None, "none", None, ("level",)),
        ("Dozens of Kazakh companies", "en", "Dozens", "count", "24", "company", None, "dozens", None, ("level",)),
        ("the thirtieth largest trade partner", "en", "thirtieth", "rank", "30", "place", None, "none", None,
         ("level",)),
        ("among the top ten trading partners", "en", "ten", "rank", "10", "place", None, "among_top", None,
         ("level",)),
        ("Литва входит в десятку крупных торговых партнеров", "ru", "десятку", "rank", "10", "place", None,
         "among_top", None, ("level",)),
        ("(4th in Europe", "en", "4th", "rank", "4", "place", None, "none", None, ("level",)),
        ("the share fell by 2.5 percentage points", "en", "2.5 percentage points", "percentage_points", "2.5",
         "percent", None, "none", None, ("level",)),
        ("обеспечивая 13% импорта нефти", "ru", "13%", "share", "13", "percent", None, "none", None, ("level",)),
        ("1.2 million tonnes of grain", "en", "1.2 million tonnes", "quantity", "1200000", "million tonne", None,
         "none", None, ("level",)),
    ],
)  # fmt: skip
def test_examples(
    text: str,
    lang: str,
    surface: str,
    kind: str,
    value: str,
    unit: str,
    currency: str | None,
    hedge: str,
    direction: str | None,
    readings: tuple[str, ...],
) -> None:
    (m,) = extract(text)
    assert detect_language(text) == lang
    assert (m.text, m.kind, m.value, m.unit, m.currency, m.hedge, m.readings) == (
        surface, kind, Decimal(value), unit, currency, hedge, readings,
    )  # fmt: skip
    if kind != "percentage_points":
        assert m.direction == direction
    assert text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    "text",
    [
        "in 2022",
        "по итогам 2022 года",
        "15 June 2022, 20:35",
        "Астана, 10 октября 2023 года",
        "date 2024-06-20",
        "the 10th round of political consultations",
        "the 14th meeting of the Commission",
        "на полях 77-й сессии Генеральной Ассамблеи ООН",
        "As of January 1, 2024",
        "Today marks 30 years since",
        "посвященное 10-летию Соглашения",
        "a 45-year-old minister",
        "Tel.: +7 (7172) 72-05-18",
        "article id12345678",
        "Article ID: 123456",
        "№ 45 от 3 марта",
        "aged 45, the minister",
        "в возрасте 45 лет",
        "Просмотров: 1234",
        "  04.12.2024   217",
        "Создано на платформе Alison CMS © 2011-2024.",
        "between the two countries",
        "one of the first in 2016 to ratify the Partnership Agreement",
        "the elections in Estonia (March 5)",
    ],
)
def test_not_figures(text: str) -> None:
    assert extract(text) == []


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("from $2.5-3 billion a year", ["2500000000", "3000000000"]),
        ("accounting for 80-90 percent", ["80", "90"]),
        ("100-200 companies", ["100", "200"]),
        ("сократился на 10–15%", ["10", "15"]),
    ],
)
def test_ranges_share_the_unit_of_their_second_end(text: str, values: list[str]) -> None:
    mentions = extract(text)
    assert [m.value for m in mentions] == [Decimal(v) for v in values]
    assert len({(m.kind, m.unit, m.currency, m.direction) for m in mentions}) == 1


def test_lang_override_changes_the_reading() -> None:
    assert extract("7,000 companies", lang="en")[0].value == 7000
    assert extract("7,5 млн", lang="ru")[0].value == 7500000


def test_to_dict_is_json_safe() -> None:
    m = extract("объем инвестиций превысил 200 миллиардов долларов США")[0]
    d = m.to_dict()
    assert list(d) == [
        "start", "end", "text", "kind", "value", "unit", "currency", "hedge", "low", "high", "direction", "readings",
    ]  # fmt: skip
    assert d["value"] == "200000000000"
    assert d["low"] == 200.0
    assert d["high"] is None
    assert json.loads(json.dumps(d, allow_nan=False)) == d


def test_interval_follows_precision_and_hedge() -> None:
    (m,) = extract("about 170 companies")
    assert (m.low, m.high) == (161.5, 178.5)
    (m,) = extract("составил 584,3 млн долл.")
    assert m.low is not None
    assert m.high is not None
    assert math.isclose(m.low, 584.25)
    assert math.isclose(m.high, 584.35)


def test_mention_validates_itself() -> None:
    with pytest.raises(RecordError, match="field 'kind' is 'money!'"):
        Mention(0, 1, "1", "money!", Decimal(1), "item", None, "none", 1.0, 1.0, None, ("level",))  # type: ignore[arg-type]
    with pytest.raises(RecordError, match="field 'high'"):
        Mention(0, 1, "1", "count", Decimal(1), "item", None, "none", 1.0, math.inf, None, ("level",))


def test_type_error_for_non_strings() -> None:
    for bad in (None, b"584", 584, ["584"]):
        with pytest.raises(TypeError, match=r"text=.* is not accepted: expected a str"):
            extract(bad)  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="lang='de' is not accepted"):
        extract("584", lang="de")  # type: ignore[arg-type]


# --- laws ---------------------------------------------------------------------------------------


def _all_mentions(ds: kzlt_trade.Dataset) -> list[tuple[str, Mention]]:
    texts = [ds.text(s.id) for s in ds.source_records]
    texts += [p.read_text(encoding="utf-8") for p in sorted(DEVSET.glob("*.txt"))]
    return [(t, m) for t in texts for m in extract(t)]


def test_surface_read_alone_gives_the_same_value(ds: kzlt_trade.Dataset) -> None:
    # Money, percentages, factors and quantities carry their value in their own words.
    for text, m in _all_mentions(ds):
        if m.kind in ("money", "percent", "percent_change", "share", "ratio", "quantity"):
            again = extract(m.text, lang=detect_language(text))
            assert [a.value for a in again][:1] == [m.value], (m.text, again)


def test_interval_holds_the_written_value(ds: kzlt_trade.Dataset) -> None:
    for _, m in _all_mentions(ds):
        scale = Decimal(10) ** _SCALES.get(m.unit.split()[0], 0)
        written = float(m.value / scale)
        assert m.low is None or m.low <= written or m.hedge in ("more_than", "dozens")
        assert m.high is None or written <= m.high or m.hedge == "dozens"
        if m.hedge == "none" and m.kind != "rank":
            assert m.low is not None
            assert m.high is not None
            assert m.low <= written <= m.high


def test_extract_is_deterministic_and_local(ds: kzlt_trade.Dataset) -> None:
    # A text and the same text after an unrelated paragraph give the same mentions, shifted.
    text = ds.text("kazinform-2022-06-15")
    prefix = "Unrelated words.\n\n"
    shifted = [(m.start - len(prefix), m.text, m.value) for m in extract(prefix + text)]
    assert shifted == [(m.start, m.text, m.value) for m in extract(text)]


# --- safety and speed -----------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_gives_mentions(text: str) -> None:
    for m in extract(text):
        assert m.kind in KINDS
        assert m.hedge in HEDGES
        assert text[m.start : m.end] == m.text


_ALPHABET = st.sampled_from(
    [
        *"0123456789 ,.%-–:()\n$€₸",
        *("млн", "млрд", "million", "billion", "долл.", "USD", "тенге", "около ", "more than ", "вырос на "),
        *("fell by ", " times", " раза", "в ", "2022", "-й", "th", "\u200f", "\u202e", "tenth"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join), st.sampled_from(["en", "ru", None]))
def test_figure_like_text_gives_mentions(text: str, lang: str | None) -> None:
    mentions = extract(text, lang=lang)  # type: ignore[arg-type]
    ends = [m.end for m in mentions]
    assert all(a.start >= b for a, b in zip(mentions[1:], ends, strict=False))
    for m in mentions:
        json.dumps(m.to_dict(), allow_nan=False)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "9" * 1_000_000,
        "1 " * 500_000,
        "1,000" * 200_000,
        "(" * 1_000_000,
        "\u202e\u200f١٢٣ 584,3 млн долл. " * 40_000,
        "".join(chr(i % 0x2FFF) for i in range(1_000_000)),
        "about more than " * 60_000 + "5",
        "twenty " * 150_000,
        "в " * 500_000,
    ],
    ids=["empty", "digits", "spaced-ones", "groups", "brackets", "rtl", "binary", "hedges", "words", "v"],
)
def test_large_inputs_are_linear(text: str) -> None:
    started = time.perf_counter()
    mentions = extract(text)
    assert isinstance(mentions, list)
    assert time.perf_counter() - started < 20


def test_time_is_linear_in_length(ds: kzlt_trade.Dataset) -> None:
    sample = "\n".join(ds.text(s.id) for s in ds.source_records)

    def cost(n: int) -> float:
        text = sample * n
        started = time.perf_counter()
        extract(text)
        return time.perf_counter() - started

    small, large = min(cost(4) for _ in range(2)), min(cost(32) for _ in range(2))
    # Eight times the text should cost about eight times as much; allow for noise.
    assert large < 8 * small * 2.5 + 0.05


# --- the development set --------------------------------------------------------------------------


def _devset() -> tuple[dict[str, dict[str, str]], list[dict[str, str]]]:
    with (DEVSET / "devset.csv").open(encoding="utf-8", newline="") as f:
        index = {r["file"]: r for r in csv.DictReader(f)}
    with (DEVSET / "annotations.csv").open(encoding="utf-8", newline="") as f:
        annotations = list(csv.DictReader(f))
    return index, annotations


def devset_scores() -> dict[str, dict[str, float | int]]:
    """Recall and precision of ``extract`` on the dev set: overall, by language, by split, by both."""
    index, annotations = _devset()
    counts: dict[str, dict[str, int]] = {}
    for file, row in index.items():
        text = (DEVSET / file).read_text(encoding="utf-8")
        gold = [a for a in annotations if a["file"] == file]
        found = extract(text)
        matched = 0
        used: set[int] = set()
        for a in gold:
            start, end, value = int(a["start"]), int(a["end"]), Decimal(a["value"])
            for i, m in enumerate(found):
                overlap = m.start < end and start < m.end
                if i in used or not overlap or m.value != value:
                    continue
                if (m.currency or "") == a["currency"] and m.hedge == a["hedge"]:
                    matched += 1
                    used.add(i)
                break
        for key in (row["lang"], "all", row["split"], f"{row['split']}_{row['lang']}"):
            c = counts.setdefault(key, {"paragraphs": 0, "gold": 0, "found": 0, "matched": 0})
            c["paragraphs"] += 1
            c["gold"] += len(gold)
            c["found"] += len(found)
            c["matched"] += matched
    return {
        k: {**c, "recall": c["matched"] / c["gold"] if c["gold"] else 1.0,
            "precision": c["matched"] / c["found"] if c["found"] else 1.0}
        for k, c in counts.items()
    }  # fmt: skip


def test_devset_is_well_formed() -> None:
    index, annotations = _devset()
    assert len(index) >= 25
    assert {r["split"] for r in index.values()} == {"dev", "heldout"}
    assert sum(r["lang"] == "ru" for r in index.values()) >= 10
    for r in index.values():
        assert r["url"].startswith("http")
        assert r["title"]
        assert r["date"]
    for a in annotations:
        text = (DEVSET / a["file"]).read_text(encoding="utf-8")
        assert text[int(a["start"]) : int(a["end"])] == a["text"], a
        assert a["kind"] in KINDS
        assert a["hedge"] in HEDGES
        Decimal(a["value"])


def test_devset_recall_and_precision(capsys: pytest.CaptureFixture[str]) -> None:
    scores = devset_scores()
    with capsys.disabled():
        for key, s in sorted(scores.items()):
            print(
                f"\ndevset {key}: {s['paragraphs']} paragraphs, {s['gold']} figures, {s['found']} found, "
                f"{s['matched']} matched, recall {s['recall']:.2f}, precision {s['precision']:.2f}"
            )
    # The bar: recall 0.95 and precision 0.9 on figures (value and span).
    assert scores["all"]["recall"] >= 0.95
    assert scores["all"]["precision"] >= 0.90


def test_the_package_gives_the_function() -> None:
    import kzlt_trade.mentions as module

    assert kzlt_trade.extract is module.extract
    assert [m.text for m in kzlt_trade.extract("USD 454 million")] == ["USD 454 million"]

"""The team's own data folder, ``tests/data/team_releases``: figures we wrote, verdicts we computed first.

The five texts are test releases written by the kzlt_trade team; every figure in
them is invented so that each relation has a verdict known in advance. The
statuses below were worked out by hand (the arithmetic is in the comments, in
millions of the currency unless said otherwise; "[a, b]" is the interval a
figure stands for at nearest rounding) before the checker was run, and the
tests pin the checker to them.

Rates used in the arithmetic: ECB monthly means, hull over the year (shipped
table), USD per EUR: 2019 [1.10039, 1.14164], 2022 [0.98257, 1.13419],
2023 [1.05625, 1.10581]; the folder's own ``rates.csv`` gives KZT for 2023 only,
hull [0.00215, 0.00225] USD per KZT.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
from datetime import date
from pathlib import Path

import pytest

import kzlt_trade
from kzlt_trade import HedgePolicy, Interval
from kzlt_trade.errors import DataFileError, Problem

FOLDER = Path(__file__).parent / "data" / "team_releases"
MARK = "Test release written by the kzlt_trade team; the figures are invented for tests"


@pytest.fixture(scope="module")
def team() -> kzlt_trade.Dataset:
    return kzlt_trade.load(FOLDER)


@pytest.fixture(scope="module")
def report(team: kzlt_trade.Dataset) -> kzlt_trade.Report:
    return kzlt_trade.check(team)


# -- the folder ---------------------------------------------------------------------------


def test_folder_loads_with_every_claim(team: kzlt_trade.Dataset) -> None:
    assert len(team) == 47
    assert sorted(s.id for s in team.source_records) == [
        "team-2020-02-20", "team-2023-02-15", "team-2024-03", "team-2024-04-10", "team-2024-07-15",
    ]  # fmt: skip
    assert sorted(s.language for s in team.source_records) == ["en", "en", "en", "ru", "ru"]
    # load() checks the offsets itself; this states the law it checks.
    for c in team:
        assert team.text(c.source)[c.start : c.end] == c.quote, c.id
        assert c.text in c.quote, c.id


def test_sources_are_marked_as_ours_and_hashed() -> None:
    with open(FOLDER / "sources.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        data = (FOLDER / "sources" / row["file"]).read_bytes()
        assert row["sha256"] == hashlib.sha256(data).hexdigest()
        assert data.decode("utf-8").splitlines()[0].find(MARK) >= 0, row["file"]
        assert MARK in row["publisher"]
        assert MARK in row["note"]


def test_published_known_to_the_month(team: kzlt_trade.Dataset) -> None:
    publication = team.source("team-2024-03").publication
    assert (publication.earliest, publication.latest) == (date(2024, 3, 1), date(2024, 3, 31))


def test_folder_rates_decide_tenge_in_2023_only(team: kzlt_trade.Dataset) -> None:
    assert team.rates is not None
    assert team.rates.usd_per_unit("KZT", date(2023, 1, 1), date(2023, 12, 31)) == Interval(0.00215, 0.00225)
    assert team.rates.usd_per_unit("KZT", date(2019, 1, 1), date(2019, 12, 31)) is None


def test_phrases_of_time_are_placed(team: kzlt_trade.Dataset) -> None:
    def period(cid: str) -> tuple[str, str]:
        r = team.claim(cid).readings[0]
        return str(r.period), str(r.base_period)

    # "Over 30 years" in a release of March 2024 (month only): the end lies in [2023-03, 2024-03];
    # at least 30 years, at most ceil(1.1 * 30 + 1) = 34: the start lies in
    # [2023-03 - 34 y + 1 m, 2024-03 - 30 y + 1 m].
    assert period("team-2024-03/eu-fdi-30-years") == ("[1989-04,1994-04]..[2023-03,2024-03]", "None")
    # "Since 2005" on 15 July 2024: start in 2005, end in [2023-07, 2024-07].
    assert period("team-2024-07-15/de-fdi-since-2005") == ("[2005-01,2005-12]..[2023-07,2024-07]", "None")
    # "За 30 лет" on 20 February 2020: 29 to 31 years, ending in [2019-02, 2020-02].
    assert period("team-2020-02-20/pl-fdi-30-years") == ("[1988-03,1991-03]..[2019-02,2020-02]", "None")
    # "The same period" of January-June 2024 is January-June 2023.
    assert period("team-2024-07-15/pl-turnover-growth-2024-h1") == ("2024-01..2024-06", "2023-01..2023-06")


@pytest.mark.parametrize(
    ("cid", "text", "strict", "wide"),
    [
        # An integer word has step 1: "six" is [5.5, 6.5]; read as times_increase, [6.5, 7.5].
        ("team-2024-07-15/ee-exports-growth-2023", "six", "[5.5, 6.5]", "[5.5, 6.5]"),
        # "Halved" is 2 for times_decrease, step 1: 1 / [1.5, 2.5].
        ("team-2024-03/lv-imports-growth-2023", "halved", "[0.4, 0.6666666667]", "[0.4, 0.6666666667]"),
        ("team-2020-02-20/lv-imports-growth-2019", "2", "[0.4, 0.6666666667]", "[0.4, 0.6666666667]"),
        # "Полтора" has step 0.5: [1.25, 1.75] billion.
        ("team-2024-04-10/de-exports-2023", "полтора миллиарда", "[1250, 1750]", "[1250, 1750]"),
        # A compound has the precision of its last group: 12.400 billion, step one million.
        ("team-2024-04-10/lv-exports-2023-kzt", "12 млрд 400 млн", "[12399.5, 12400.5]", "[12399.5, 12400.5]"),
        # "Около 2,2": 2200 * (1 ± 0.05), widest 2200 * (1 ± 0.10).
        ("team-2024-04-10/pl-turnover-2023-about", "2,2", "[2090, 2310]", "[1980, 2420]"),
        # Falls keep their digits; the form gives the direction.
        ("team-2024-03/pl-exports-growth-2023", "4.2", "[0.9575, 0.9585]", "[0.9575, 0.9585]"),
        ("team-2024-03/lv-imports-change-2023", "270", "[-270.5, -269.5]", "[-270.5, -269.5]"),
        ("team-2024-03/europe-turnover-2023", "60", "(60000, inf)", "(60000, inf)"),
    ],
)
def test_numbers_as_written(team: kzlt_trade.Dataset, cid: str, text: str, strict: str, wide: str) -> None:
    c = team.claim(cid)
    assert c.text == text
    assert str(c.interval()) == strict
    assert str(c.interval(policy=HedgePolicy.widest())) == wide


def test_ambiguous_claims_keep_both_readings(team: kzlt_trade.Dataset) -> None:
    assert {c.id: [r.name for r in c.readings] for c in team if c.is_ambiguous} == {
        "team-2023-02-15/lv-turnover-2022-bracket": ["level_2022", "increase_2022"],
        "team-2024-07-15/ee-exports-growth-2023": ["times", "times_increase"],
    }


# -- the verdicts -------------------------------------------------------------------------

T23 = "team-2024-03/"  # the euro release of March 2024
H24 = "team-2024-07-15/"  # the dollar release of July 2024
RU24 = "team-2024-04-10/"  # the Russian release of April 2024 (tenge, euro, dollars)
RU20 = "team-2020-02-20/"  # the Russian release of February 2020, on 2019
LV22 = "team-2023-02-15/"  # the Latvian release of February 2023, on 2022


def _key(relation: str, *claims: str) -> str:
    return f"{relation}:" + "+".join(sorted(claims))


STATUSES: dict[str, str] = {
    # -- same_quantity --------------------------------------------------------------------
    # PL turnover 2023: 2.35 = [2345, 2355] vs "около 2,2" = [2090, 2310], gap 35: no overlap;
    # widest [1980, 2420] holds it: 2.35 is 6.8 % above 2.2, within 10 %.
    _key("same_quantity", RU24 + "pl-turnover-2023-about", H24 + "pl-turnover-2023"): "tension",
    # LV turnover 2023: 310 = [309.5, 310.5] vs 265 = [264.5, 265.5]: gap 44.
    _key("same_quantity", RU24 + "lv-turnover-2023", H24 + "lv-turnover-2023"): "contradiction",
    # The bracket read as the 2022 level: 128 vs 640. It refutes that reading; 'increase_2022' stays.
    _key("same_quantity", LV22 + "lv-turnover-2022", LV22 + "lv-turnover-2022-bracket"): "refutes_reading",
    # -- sum (turnover = exports + imports) -------------------------------------------------
    # LV 2023: exports 12 млрд 400 млн KZT = [12399.5, 12400.5] * [0.00215, 0.00225] = [26.66, 27.90] USD,
    # imports 260 EUR = [259.5, 260.5] * [1.05625, 1.10581] = [274.10, 288.07] USD: sum [300.76, 315.97].
    _key("sum", T23 + "lv-imports-2023", RU24 + "lv-exports-2023-kzt", H24 + "lv-turnover-2023"): "consistent",
    _key("sum", T23 + "lv-imports-2023", RU24 + "lv-exports-2023-kzt", RU24 + "lv-turnover-2023"): "contradiction",
    # The same with exports 27,3 USD = [27.25, 27.35]: sum [301.35, 315.41]; holds 310, not 265.
    _key("sum", T23 + "lv-imports-2023", RU24 + "lv-exports-2023-usd", H24 + "lv-turnover-2023"): "consistent",
    _key("sum", T23 + "lv-imports-2023", RU24 + "lv-exports-2023-usd", RU24 + "lv-turnover-2023"): "contradiction",
    # DE 2019 in euro: 5,3 + 1,8 = [7000, 7200] holds 7,1 = [7050, 7150].
    _key("sum", RU20 + "de-exports-2019", RU20 + "de-imports-2019", RU20 + "de-turnover-2019-eur"): "consistent",
    # In dollars: [7000, 7200] EUR * [1.10039, 1.14164] = [7702.7, 8219.8] vs 9,9 = [9850, 9950].
    _key("sum", RU20 + "de-exports-2019", RU20 + "de-imports-2019", RU20 + "de-turnover-2019-usd"): "contradiction",
    # -- growth ---------------------------------------------------------------------------
    # LV 2022/2021: [639.5, 640.5] / [511.5, 512.5] = [1.2478, 1.2522] meets +25 % = [1.245, 1.255].
    _key(
        "growth", LV22 + "lv-turnover-2021", LV22 + "lv-turnover-2022", LV22 + "lv-turnover-growth-2022"
    ): "consistent",
    # The bracket as a level: 128 / 512 = [0.2488, 0.2512], not 1.25.
    _key(
        "growth", LV22 + "lv-turnover-2021", LV22 + "lv-turnover-2022-bracket", LV22 + "lv-turnover-growth-2022"
    ): "refutes_reading",
    # DE in euro, natively: [9550, 9650] / [8550, 8650] = [1.1040, 1.1287] meets +12 % = [1.115, 1.125].
    _key("growth", T23 + "de-turnover-2022", T23 + "de-turnover-2023", T23 + "de-turnover-growth-2023"): "consistent",
    # DE 2023 in tenge over DE 2022 in euro, both in dollars: [9782.5, 10462.5] / [8401.0, 9810.7] = [0.997, 1.245].
    _key(
        "growth", T23 + "de-turnover-2022", T23 + "de-turnover-growth-2023", RU24 + "de-turnover-2023-kzt"
    ): "consistent",
    # PL exports in euro: [1365, 1375] / [1425, 1435] = [0.9512, 0.9649] meets -4.2 % = [0.9575, 0.9585].
    _key("growth", T23 + "pl-exports-2023", T23 + "pl-exports-growth-2023", RU24 + "pl-exports-2022"): "consistent",
    # LV imports in euro: [259.5, 260.5] / [529.5, 530.5] = [0.4892, 0.4920] within "halved" [0.4, 0.667].
    _key("growth", T23 + "lv-imports-2023", T23 + "lv-imports-growth-2023", RU24 + "lv-imports-2022"): "consistent",
    # PL H1: [1375, 1385] / [1150, 1250] = [1.1, 1.2043] meets +15 % = [1.145, 1.155].
    _key(
        "growth", H24 + "pl-turnover-2023-h1", H24 + "pl-turnover-2024-h1", H24 + "pl-turnover-growth-2024-h1"
    ): "consistent",
    # PL 2019: [1775, 1785] / [2005, 2015] = [0.8809, 0.8903] meets -11 % = [0.885, 0.895].
    _key(
        "growth", RU20 + "pl-turnover-2018", RU20 + "pl-turnover-2019", RU20 + "pl-turnover-growth-2019"
    ): "consistent",
    # LV 2019: [94.5, 95.5] / [189.5, 190.5] = [0.4961, 0.5040] within "в 2 раза" [0.4, 0.667].
    _key("growth", RU20 + "lv-imports-2018", RU20 + "lv-imports-2019", RU20 + "lv-imports-growth-2019"): "consistent",
    # EE: [60.25, 60.35] / [10.05, 10.15] = [5.936, 6.005] meets "six" [5.5, 6.5] (not 'times_increase' [6.5, 7.5]).
    _key("growth", H24 + "ee-exports-2022", H24 + "ee-exports-2023", H24 + "ee-exports-growth-2023"): "consistent",
    # -- change ---------------------------------------------------------------------------
    # LV imports: [259.5, 260.5] - [529.5, 530.5] = [-271, -269] meets "by 270" = [-270.5, -269.5].
    _key("change", T23 + "lv-imports-2023", T23 + "lv-imports-change-2023", RU24 + "lv-imports-2022"): "consistent",
    # Only under 'increase_2022': [639.5, 640.5] - [511.5, 512.5] = [127, 129] meets 128.
    _key("change", LV22 + "lv-turnover-2021", LV22 + "lv-turnover-2022", LV22 + "lv-turnover-2022-bracket"): (
        "reading_only"
    ),
    # -- part_whole -----------------------------------------------------------------------
    # Exports or imports within turnover. PL exports 1.37 EUR = [1441.8, 1520.5] USD <= 2355 and <= 2310.
    _key("part_whole", T23 + "pl-exports-2023", H24 + "pl-turnover-2023"): "consistent",
    _key("part_whole", T23 + "pl-exports-2023", RU24 + "pl-turnover-2023-about"): "consistent",
    # DE exports [1250, 1750] EUR <= 9650 EUR; in dollars [1320.3, 1935.2] <= 10462.5 (the tenge figure).
    _key("part_whole", T23 + "de-turnover-2023", RU24 + "de-exports-2023"): "consistent",
    _key("part_whole", RU24 + "de-exports-2023", RU24 + "de-turnover-2023-kzt"): "consistent",
    # LV exports [26.66, 27.90] or [27.25, 27.35] USD: within 310 and within 265 alike.
    _key("part_whole", RU24 + "lv-exports-2023-kzt", H24 + "lv-turnover-2023"): "consistent",
    _key("part_whole", RU24 + "lv-exports-2023-kzt", RU24 + "lv-turnover-2023"): "consistent",
    _key("part_whole", RU24 + "lv-exports-2023-usd", H24 + "lv-turnover-2023"): "consistent",
    _key("part_whole", RU24 + "lv-exports-2023-usd", RU24 + "lv-turnover-2023"): "consistent",
    # LV imports 260 EUR is at least 259.5 * 1.05625 = 274.10 USD: within 310.5, not within 265.5.
    _key("part_whole", T23 + "lv-imports-2023", H24 + "lv-turnover-2023"): "consistent",
    _key("part_whole", T23 + "lv-imports-2023", RU24 + "lv-turnover-2023"): "contradiction",
    # LV imports 2022 530 EUR = [520.3, 601.7] USD <= 640; the bracket as a level (128) cannot hold it.
    _key("part_whole", LV22 + "lv-turnover-2022", RU24 + "lv-imports-2022"): "consistent",
    _key("part_whole", LV22 + "lv-turnover-2022-bracket", RU24 + "lv-imports-2022"): "refutes_reading",
    # DE 2019: 5,3 and 1,8 EUR within 7,1 EUR and within 9,9 USD.
    _key("part_whole", RU20 + "de-exports-2019", RU20 + "de-turnover-2019-eur"): "consistent",
    _key("part_whole", RU20 + "de-exports-2019", RU20 + "de-turnover-2019-usd"): "consistent",
    _key("part_whole", RU20 + "de-imports-2019", RU20 + "de-turnover-2019-eur"): "consistent",
    _key("part_whole", RU20 + "de-imports-2019", RU20 + "de-turnover-2019-usd"): "consistent",
    # PL exports 2019: 418 <= 1785; in tenge, no KZT rate for 2019.
    _key("part_whole", RU20 + "pl-exports-2019-usd", RU20 + "pl-turnover-2019"): "consistent",
    _key("part_whole", RU20 + "pl-exports-2019-kzt", RU20 + "pl-turnover-2019"): "undecidable",
    # A part of a year within its year: [1150, 1250] <= 2355 and <= 2310.
    _key("part_whole", H24 + "pl-turnover-2023", H24 + "pl-turnover-2023-h1"): "consistent",
    _key("part_whole", RU24 + "pl-turnover-2023-about", H24 + "pl-turnover-2023-h1"): "consistent",
    # A year within a window that surely covers it (since 2005, core to 2023-07): [850, 950] <= 7850.
    _key("part_whole", H24 + "de-fdi-2022", H24 + "de-fdi-since-2005"): "consistent",
    # EU members within the EU (2023): DE 9650 EUR <= 40550 EUR natively; in dollars [10087, 10671] <= 43850.
    _key("part_whole", T23 + "de-turnover-2023", T23 + "eu-turnover-2023-eur"): "consistent",
    _key("part_whole", T23 + "de-turnover-2023", T23 + "eu-turnover-2023-usd"): "consistent",
    # PL, LV and DE (tenge) within the EU, in dollars: each far below 40550 EUR * 1.10581 = 44840.8 and 43850.
    **{
        _key("part_whole", T23 + eu, member): "consistent"
        for eu in ("eu-turnover-2023-eur", "eu-turnover-2023-usd")
        for member in (
            H24 + "pl-turnover-2023",
            H24 + "lv-turnover-2023",
            RU24 + "de-turnover-2023-kzt",
            RU24 + "pl-turnover-2023-about",
            RU24 + "lv-turnover-2023",
        )
    },
    # -- scope_difference: "European countries" is loosely bounded; never a contradiction ------
    **{
        _key("scope_difference", T23 + "europe-turnover-2023", within): "consistent"
        for within in (
            T23 + "eu-turnover-2023-eur",
            T23 + "eu-turnover-2023-usd",
            T23 + "de-turnover-2023",
            H24 + "pl-turnover-2023",
            H24 + "lv-turnover-2023",
            RU24 + "de-turnover-2023-kzt",
            RU24 + "pl-turnover-2023-about",
            RU24 + "lv-turnover-2023",
        )
    },
    # -- exchange ---------------------------------------------------------------------------
    # EU 2023: they imply [43750 / 40550, 43850 / 40450] = [1.0789, 1.0841] USD per EUR, inside [1.05625, 1.10581].
    _key("exchange", T23 + "eu-turnover-2023-eur", T23 + "eu-turnover-2023-usd"): "consistent",
    # DE 2023: 9.6 EUR = [10087.2, 10671.1] USD;
    # 4,6 трлн KZT = [4.55e6, 4.65e6] * [0.00215, 0.00225] = [9782.5, 10462.5] USD.
    _key("exchange", T23 + "de-turnover-2023", RU24 + "de-turnover-2023-kzt"): "consistent",
    # LV exports 2023: [26.66, 27.90] USD meets 27,3 = [27.25, 27.35].
    _key("exchange", RU24 + "lv-exports-2023-kzt", RU24 + "lv-exports-2023-usd"): "consistent",
    # DE 2019: 9,9 / 7,1 implies [1.3776, 1.4113] USD per EUR, far above [1.10039, 1.14164].
    _key("exchange", RU20 + "de-turnover-2019-eur", RU20 + "de-turnover-2019-usd"): "contradiction",
    # PL exports 2019: tenge with no rate for 2019.
    _key("exchange", RU20 + "pl-exports-2019-kzt", RU20 + "pl-exports-2019-usd"): "undecidable",
}


def test_every_relation_group_has_its_status(report: kzlt_trade.Report) -> None:
    relations = report.relations
    assert relations["key"].is_unique
    assert dict(zip(relations["key"], relations["status"].astype(str), strict=True)) == STATUSES
    assert relations["status"].value_counts().to_dict() == {
        "consistent": 54, "contradiction": 6, "refutes_reading": 3, "undecidable": 2, "reading_only": 1, "tension": 1,
    }  # fmt: skip


def test_no_group_names_a_claim_twice(report: kzlt_trade.Report) -> None:
    for key, claims in zip(report.relations["key"], report.relations["claims"], strict=True):
        ids = claims.split(", ")
        assert len(ids) == len(set(ids)), key


FINDINGS = [
    ("contradiction", "exchange", (RU20 + "de-turnover-2019-eur", RU20 + "de-turnover-2019-usd")),
    ("contradiction", "part_whole", (T23 + "lv-imports-2023", RU24 + "lv-turnover-2023")),
    ("contradiction", "same_quantity", (H24 + "lv-turnover-2023", RU24 + "lv-turnover-2023")),
    ("contradiction", "sum", (RU20 + "de-turnover-2019-usd", RU20 + "de-exports-2019", RU20 + "de-imports-2019")),
    ("contradiction", "sum", (RU24 + "lv-turnover-2023", RU24 + "lv-exports-2023-kzt", T23 + "lv-imports-2023")),
    ("contradiction", "sum", (RU24 + "lv-turnover-2023", RU24 + "lv-exports-2023-usd", T23 + "lv-imports-2023")),
    ("tension", "same_quantity", (H24 + "pl-turnover-2023", RU24 + "pl-turnover-2023-about")),
    ("undecidable", "exchange", (RU20 + "pl-exports-2019-kzt", RU20 + "pl-exports-2019-usd")),
    ("undecidable", "part_whole", (RU20 + "pl-exports-2019-kzt", RU20 + "pl-turnover-2019")),
    ("resolved_ambiguity", "readings", (LV22 + "lv-turnover-2022-bracket",)),
    ("resolved_ambiguity", "readings", (H24 + "ee-exports-growth-2023",)),
    *[
        ("scope_difference", "scope_difference", (within, T23 + "europe-turnover-2023"))
        for within in (
            T23 + "de-turnover-2023",
            T23 + "eu-turnover-2023-eur",
            T23 + "eu-turnover-2023-usd",
            RU24 + "de-turnover-2023-kzt",
            RU24 + "lv-turnover-2023",
            RU24 + "pl-turnover-2023-about",
            H24 + "lv-turnover-2023",
            H24 + "pl-turnover-2023",
        )
    ],
]


def test_findings(report: kzlt_trade.Report) -> None:
    assert [(f.kind, f.relation, f.claims) for f in report] == FINDINGS


def test_the_ambiguities_are_resolved(report: kzlt_trade.Report) -> None:
    messages = {f.claims[0]: f.message for f in report if f.kind == "resolved_ambiguity"}
    assert "refute 'times_increase' and leave 'times'" in messages[H24 + "ee-exports-growth-2023"]
    assert "refute 'level_2022' and leave 'increase_2022'" in messages[LV22 + "lv-turnover-2022-bracket"]


def test_reconcile_names_the_wrong_claims(team: kzlt_trade.Dataset) -> None:
    estimates = kzlt_trade.reconcile(team)
    # 9,9 billion dollars conflicts with three euro figures that agree among themselves (7,1 = 5,3 + 1,8);
    # 265 conflicts with 310 and with exports + imports (at least 300.76).
    assert estimates.most_likely_wrong == (RU20 + "de-turnover-2019-usd", RU24 + "lv-turnover-2023")
    lv = (T23 + "lv-imports-2023", RU24 + "lv-exports-2023-kzt", RU24 + "lv-exports-2023-usd", H24 + "lv-turnover-2023")
    de = (RU20 + "de-exports-2019", RU20 + "de-imports-2019", RU20 + "de-turnover-2019-eur")
    assert estimates.conflicts == {RU24 + "lv-turnover-2023": lv, RU20 + "de-turnover-2019-usd": de}
    assert all(estimates.conflicts[c] for c in estimates.most_likely_wrong)


# -- bad input ----------------------------------------------------------------------------


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "team_releases"
    shutil.copytree(FOLDER, target)
    return target


def _edit_claim(folder: Path, claim_id: str, field: str, value: str) -> None:
    path = folder / "claims.csv"
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    (row,) = (r for r in rows if r["id"] == claim_id)
    row[field] = value
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


_PERIOD_GRAMMAR = (
    "YYYY, YYYY-part, YYYY-MM, YYYY-Qn, YYYY-Hn, YYYY-MM..YYYY-MM (either end may be a range [YYYY-MM,YYYY-MM]) "
    "or @YYYY-MM-DD"
)


@pytest.mark.parametrize(
    ("claim_id", "field", "value", "problem"),
    [
        pytest.param(
            T23 + "de-turnover-2023", "unit", "billion XYZ",
            Problem("claims.csv", 7, "unit", "billion XYZ",
                    "a unit for turnover (an ISO 4217 currency code, not 'XYZ' (e.g. 'million USD', 'billion EUR'))"),
            id="unknown-currency",
        ),
        pytest.param(
            RU24 + "pl-exports-2022", "partner", "XX",
            Problem("claims.csv", 29, "partner", "XX",
                    "a partner code: an ISO 3166-1 alpha-2 country other than KZ, or EU, EU27, EU28, EAEU, CIS, "
                    "CENTRAL_ASIA, EUROPE, WORLD"),
            id="unknown-country",
        ),
        pytest.param(
            H24 + "ee-exports-growth-2023", "text", "sixx",
            Problem("claims.csv", 21, "text", "sixx",
                    "a number as written in en (cannot read number 'sixx': expected digits such as '584.3' "
                    "or a number word such as 'six' or 'полтора')"),
            id="no-number-word",
        ),
        pytest.param(
            T23 + "eu-fdi-30-years", "period", "over thirty yeers",
            Problem("claims.csv", 16, "period", "over thirty yeers",
                    f"a period (cannot read period 'over thirty yeers': expected {_PERIOD_GRAMMAR}; nor a phrase "
                    "of time such as 'over 30 years', 'since 2005' or 'за 30 лет')"),
            id="window-phrase",
        ),
    ],
)  # fmt: skip
def test_bad_claim_is_refused(tmp_path: Path, claim_id: str, field: str, value: str, problem: Problem) -> None:
    folder = _copy(tmp_path)
    _edit_claim(folder, claim_id, field, value)
    with pytest.raises(DataFileError) as err:
        kzlt_trade.load(folder)
    assert err.value.problems == (problem,)


def test_rate_table_with_a_gap_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "rates.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("KZT,2023-06,")), encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        kzlt_trade.load(folder)
    assert err.value.problems == (
        Problem(
            "rates.csv", 6, "month", "2023-07",
            "the month after 2023-05 for KZT (row 5): 2023-06 missing; write a row with days 0 and empty mean, "
            "min and max for a month without a rate",
        ),
    )  # fmt: skip

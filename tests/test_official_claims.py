"""The statistical offices' figures as claims, the checker's verdicts on press figures, and mirror flows."""

from __future__ import annotations

import dataclasses
import math
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

import kzlt_trade
from kzlt_trade.errors import UsageError, UsageTypeError
from kzlt_trade.io import bundled_data_path
from kzlt_trade.mirror import MIRROR_COLUMNS, CifFob, mirror_table
from kzlt_trade.official_claims import OFFICIAL_WEIGHT, official_claims
from kzlt_trade.vocabulary import Severity


@pytest.fixture(scope="module")
def full() -> kzlt_trade.Dataset:
    return kzlt_trade.load()


@pytest.fixture(scope="module")
def report(full: kzlt_trade.Dataset) -> kzlt_trade.Report:
    return kzlt_trade.check(full)


def verdicts(report: kzlt_trade.Report) -> dict[str, str]:
    """The kind of the official finding about each press claim."""
    out = {}
    for f in report:
        if f.relation == "official":
            for c in f.claims:
                if not c.startswith("bns-"):
                    out[c] = f.kind
    return out


# -- the claims ---------------------------------------------------------------------------
def test_every_official_figure_is_a_claim_of_an_official_source(full: kzlt_trade.Dataset) -> None:
    official = full.official
    assert len(full.press) == 47
    bns = [c for c in official if c.source.startswith("bns-")]
    assert len(bns) == 72  # 4 partners x 6 years x 3 indicators
    assert {s.kind for s in official.source_records} == {"official"}
    assert [s.id for s in official.source_records] == [
        *(f"bns-{y}" for y in range(2019, 2024)),
        "comext-2023-01-22",
        "comext-2024-11-17",
    ]
    assert {s.weight for s in official.source_records} == {OFFICIAL_WEIGHT}
    c = full.claim("bns-2023/LT-turnover-2022")
    assert (c.text, c.unit, c.value, c.partner, c.indicator, str(c.period)) == (
        "585941.54031", "thousand USD", Decimal("585941.54031"), "LT", "turnover", "2022"
    )  # fmt: skip
    assert "sheet '2022', row 40" in c.note
    assert "revision 2" in c.note


def test_each_official_quote_is_the_csv_row_at_its_offsets(full: kzlt_trade.Dataset) -> None:
    for c in full.official:
        text = full.text(c.source)
        assert text[c.start : c.end] == c.quote
        assert c.text in c.quote.split(",")


def test_the_source_names_its_workbook_edition_and_date(full: kzlt_trade.Dataset) -> None:
    s = full.source("bns-2023")
    assert (s.dataset, s.edition, s.published.isoformat(), s.published_latest) == (
        "Основные показатели внешней торговли (по странам)", "2023", "2024-07-25", None
    )  # fmt: skip
    undated = full.source("bns-2020")
    assert (undated.published.isoformat(), str(undated.published_latest)) == ("2021-01-01", "2021-12-31")
    assert "70029cca8ff47b06eb81720e3884697570b27da98d0f3ef495e23c30ece03c3f" in s.note


def test_the_eu_block_is_eu_where_it_is_the_unions_members_and_eu28_where_it_keeps_the_uk(
    full: kzlt_trade.Dataset,
) -> None:
    eu = {str(c.period): c.partner for c in full.official if c.partner.startswith("EU") and c.indicator == "turnover"}
    assert eu == {"2018": "EU", "2019": "EU", "2020": "EU28", "2021": "EU28", "2022": "EU28", "2023": "EU"}


def test_only_the_latest_revision_is_analysed() -> None:
    oc = official_claims()
    ids = [c.id for c in oc.claims if c.source.startswith("bns-")]
    assert len(ids) == len(set(ids)) == 72
    # Without a partner filter, every member state's own figures (Comext) come too.
    assert {c.reporter for c in oc.claims if c.source.startswith("comext-")} >= {"DE", "PL", "LT"}
    # Each (partner, indicator, year) once, from the newest edition holding it.
    assert "bns-2023/LT-turnover-2022" in ids
    assert "bns-2022/LT-turnover-2022" not in ids
    # The BNS editions never revised a value; Eurostat revised Belgium's exports of 2020 and 2021 between
    # its two extractions, and the earlier figure is kept as a revision of the later one.
    assert [k for k in oc.revised if k.startswith("bns-")] == []
    revised = {k: [c.id for c in v] for k, v in oc.revised.items()}
    assert revised["comext-2024-11-17/BE-exports-to-KZ-2020"] == ["comext-2023-01-22/BE-exports-to-KZ-2020"]


def test_claims_frame_has_the_source_kind(full: kzlt_trade.Dataset) -> None:
    kinds = full.claims.set_index("id")["source_kind"]
    assert kinds["bns-2023/LT-turnover-2022"] == "official"
    assert kinds["mfa-2023-10-10/turnover-2022"] == "press"


def test_official_false_and_folders_without_official_figures(tmp_path: Path) -> None:
    assert len(kzlt_trade.load(official=False)) == 47
    folder = tmp_path / "data"
    shutil.copytree(bundled_data_path(), folder)
    shutil.rmtree(folder / "official")
    assert len(kzlt_trade.load(folder)) == 47
    with_bundled = kzlt_trade.load(folder, official=True)
    assert len(with_bundled.official) == 93
    # The official claims' text is read from the folder that holds them.
    c = with_bundled.claim("bns-2022/EE-imports-2021")
    assert with_bundled.text(c.source)[c.start : c.end] == c.quote
    with pytest.raises(UsageTypeError, match="official='yes'"):
        kzlt_trade.load(folder, official="yes")  # type: ignore[arg-type]


def test_only_the_partners_the_press_claims_name_are_added(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(bundled_data_path(), folder)
    lines = (folder / "claims.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    keep = [lines[0]] + [line for line in lines[1:] if ",LT," in line]
    (folder / "claims.csv").write_text("".join(keep), encoding="utf-8")
    (folder / "readings.csv").write_text("claim,reading,form,period,base_period,rationale\n", encoding="utf-8")
    (folder / "acknowledged.csv").unlink()
    ds = kzlt_trade.load(folder)
    assert {c.partner for c in ds.press} == {"LT"}
    assert {c.partner for c in ds.official} == {"LT", "EU", "EU28"}
    assert {c.reporter for c in ds.official} == {"KZ", "LT"}  # Lithuania's own figures, from Comext


# -- the checker ----------------------------------------------------------------------------
def test_each_press_figure_with_an_official_counterpart_gets_a_verdict(report: kzlt_trade.Report) -> None:
    assert verdicts(report) == {
        "kazinform-2022-06-15/turnover-2021": "official_match",
        "kazinform-2022-06-15/exports-2021": "official_match",
        "kazinform-2022-06-15/imports-2021": "official_truncated",
        "kazinform-2023-02-24/ee-turnover-2022": "official_match",
        "kazinform-2023-02-24/ro-turnover-2022": "official_truncated",
        "kazinform-2023-02-24/lt-turnover-2022": "contradiction",
        "mfa-2023-10-10/turnover-2022": "contradiction",
        "kazinform-2024-06-20/turnover-2023": "official_match",
        "kazinform-2024-06-20/exports-2023": "official_match",
        "kazinform-2024-06-20/imports-2023": "official_truncated",
    }


def test_a_match_fails_at_no_level_and_a_truncation_is_a_warning(report: kzlt_trade.Report) -> None:
    match = report.of_kind("official_match")[0]
    assert match.severity == Severity.OK
    assert match not in report.at_least("ambiguity")
    truncated = report.of_kind("official_truncated")
    assert {f.severity for f in truncated} == {Severity.WARNING}
    assert set(truncated) <= set(report.tensions)
    f = next(f for f in truncated if "kazinform-2022-06-15/imports-2021" in f.claims)
    assert "truncated" in f.message
    assert "97.5 [97.45, 97.55]" in f.arithmetic
    assert "97569.24747 thousand USD" in f.arithmetic


def test_the_contradiction_with_the_office_shows_its_arithmetic(report: kzlt_trade.Report) -> None:
    (f,) = [f for f in report.contradictions if f.relation == "official"]
    assert f.claims == ("mfa-2023-10-10/turnover-2022", "kazinform-2023-02-24/lt-turnover-2022",
                        "bns-2023/LT-turnover-2022")  # fmt: skip
    assert "outside it by 1.59154 (-0.27 % of the office's figure)" in f.arithmetic
    assert f.reported is not None
    assert f.implied is not None
    assert not f.reported.overlaps(f.implied)


def test_an_official_figure_resolves_an_ambiguity(report: kzlt_trade.Report) -> None:
    # "6.4 times": the BNS levels (121.85 and 18.86 million) fit "6.4 times as much" only widely,
    # and never "by 6.4 times more" (7.4 times as much).
    assert report.live_readings["kazinform-2023-02-24/ee-turnover-growth-2022"] == ("times",)


def test_a_press_figure_matching_an_earlier_revision_is_preliminary(full: kzlt_trade.Dataset) -> None:
    latest = full.claim("bns-2023/LT-turnover-2022")
    earlier = dataclasses.replace(
        latest, id="bns-2022/LT-turnover-2022", source="bns-2022", text="584300.0", value=Decimal("584300.0")
    )
    ds = dataclasses.replace(full, revised={latest.id: (earlier,)})
    r = kzlt_trade.check(ds)
    (f,) = [f for f in r if f.relation == "official" and latest.id in f.claims]
    assert f.kind == "preliminary"
    assert f.severity == Severity.NOTICE
    assert "bns-2022/LT-turnover-2022 (584300.0)" in f.message
    assert "earlier revision bns-2022/LT-turnover-2022: [584.3" in f.arithmetic
    # The reconciler still keeps the latest revision.
    assert latest.id not in kzlt_trade.reconcile(ds, report=r).most_likely_wrong


def test_reconciliation_weighs_the_office_above_the_press(full: kzlt_trade.Dataset) -> None:
    report = kzlt_trade.check(full)
    est = kzlt_trade.reconcile(full, report=report)
    wrong = set(est.most_likely_wrong)
    assert {"mfa-2023-10-10/turnover-2022", "kazinform-2023-02-24/lt-turnover-2022"} <= wrong
    assert not any(c.startswith("bns-") for c in wrong)
    # The parameter sets the weight of every official row for this reconciliation only.
    assert report.readings is not None
    light = report.readings.weighted(official=0.5)
    origin = light.col("origin")
    assert set(light.col("weight")[origin == "official"].tolist()) == {0.5}
    assert set(report.readings.col("weight")[origin == "official"].tolist()) == {OFFICIAL_WEIGHT}
    kzlt_trade.reconcile(full, report=report, official_weight=0.5)
    for bad in (0, -1.0, math.inf):
        with pytest.raises(UsageError, match="official_weight"):
            kzlt_trade.reconcile(full, report=report, official_weight=bad)
    with pytest.raises(UsageTypeError, match="official_weight"):
        kzlt_trade.reconcile(full, report=report, official_weight="10")  # type: ignore[arg-type]


# -- mirror flows -----------------------------------------------------------------------------
def test_mirror_table_for_lithuania() -> None:
    t = mirror_table(partner="lt")
    assert list(t.columns) == list(MIRROR_COLUMNS)
    assert t.year.tolist() == [2018, 2019, 2020, 2021, 2022, 2023]
    row = t[t.year == 2021].iloc[0]
    # The ratio interval is Kazakhstan's figure over the partner's in dollars, at both ends of the rate.
    assert row.ratio_low == pytest.approx(row.kz_imports_usd / (row.partner_exports_eur * row.rate_high))
    assert row.ratio_high == pytest.approx(row.kz_imports_usd / (row.partner_exports_eur * row.rate_low))
    assert row.kz_imports_usd == pytest.approx(97.56924747)
    assert row.verdict_imports == "below the CIF/FOB band"
    assert not math.isnan(row.export_ratio_low)


def test_a_missing_month_is_never_a_zero() -> None:
    t = mirror_table(partner="LT").set_index("year")
    # The spreadsheet of Comext imports stops at 2022-11: no yearly total for 2022.
    assert math.isnan(t.loc[2022, "partner_imports_eur"])
    assert t.loc[2022, "verdict_exports"] == "no mirror figure"
    assert "2022-12 missing" in t.loc[2022, "note"]
    assert "no Comext figures for LT's exports in 2018" in t.loc[2018, "note"]


def test_the_margin_band_decides_the_verdict() -> None:
    wide = mirror_table(partner="LT", margin=CifFob(point=2.0, low=1.0, high=6.0)).set_index("year")
    assert wide.loc[2021, "verdict_exports"] == "within the CIF/FOB band"
    with pytest.raises(UsageError, match="point"):
        CifFob(point=1.2, low=1.0, high=1.1)
    with pytest.raises(UsageError, match="at least 1"):
        CifFob(point=1.0, low=0.9, high=1.1)
    with pytest.raises(UsageError, match="partner='DE'"):
        mirror_table(partner="DE")


# -- the partners' own figures, and the mirror findings ---------------------------------------
def test_the_partners_own_figures_are_claims_of_eurostat(full: kzlt_trade.Dataset) -> None:
    c = full.claim("comext-2024-11-17/LT-exports-to-KZ-2021")
    # Lithuania's exports to Kazakhstan are Kazakhstan's imports, as Lithuania counts them.
    assert (c.partner, c.reporter, c.indicator, c.flow, c.unit, c.text) == (
        "LT", "LT", "imports", "import", "EUR", "356421737"
    )  # fmt: skip
    assert full.text(c.source)[c.start : c.end] == c.quote
    assert full.source(c.source).publisher.startswith("Eurostat")
    comext = [c for c in full.official if c.source.startswith("comext-")]
    assert {c.partner for c in comext} == {"LT", "RO", "EE"}
    # Each (reporter, flow, year) once: the latest extraction that holds it complete.
    keys = [(c.partner, c.indicator, str(c.period)) for c in comext]
    assert len(keys) == len(set(keys)) == 21


def test_every_flow_both_offices_count_gets_a_mirror_finding(report: kzlt_trade.Report) -> None:
    mirrors = [f for f in report if f.relation == "mirror"]
    assert len(mirrors) == 21
    assert {f.kind for f in mirrors} == {"mirror", "mirror_asymmetry"}
    for f in mirrors:
        assert f.claims[0].startswith("bns-")
        assert f.claims[1].startswith("comext-")
        assert f.severity == (Severity.INFO if f.kind == "mirror" else Severity.NOTICE)
    lt = next(f for f in mirrors if f.claims == ("bns-2022/LT-imports-2021", "comext-2024-11-17/LT-exports-to-KZ-2021"))
    assert lt.kind == "mirror_asymmetry"
    assert "ratio [0.2249, 0.2422], beyond the CIF/FOB band [1.02, 1.1]" in lt.arithmetic
    assert lt.implied is not None
    # The same ratio as the mirror table computes.
    row = mirror_table(partner="LT").set_index("year").loc[2021]
    assert lt.implied.lo == pytest.approx(row.ratio_low)
    assert lt.implied.hi == pytest.approx(row.ratio_high)


def test_a_mirror_pair_is_never_a_contradiction_nor_corrected(
    report: kzlt_trade.Report, full: kzlt_trade.Dataset
) -> None:
    assert not [f for f in report.contradictions if f.relation == "mirror"]
    assert not [f for f in report.at_least("contradiction") if f.relation == "mirror"]
    wrong = kzlt_trade.reconcile(full, report=report).most_likely_wrong
    assert not [c for c in wrong if c.startswith(("comext-", "bns-"))]

"""What real releases bring to the checker: growth against growth, ambiguous readings, evidence in ties."""

from __future__ import annotations

from pathlib import Path

import pytest

import kzlt_trade as kt
from kzlt_trade.model import Reading
from kzlt_trade.period import Period
from tests.factories import claim, dataset


def _kinds(report: kt.Report) -> list[tuple[str, str, tuple[str, ...]]]:
    return sorted((f.kind, f.relation, tuple(sorted(f.claims))) for f in report)


def test_two_reports_of_one_growth_rate_are_compared_without_levels() -> None:
    # "grew 25 %" in a headline and "nearly 27 percent" in the body: no level is known.
    ds = dataset(
        claim("a/g", "turnover", "2022", "25", form="percent_increase", base="2021"),
        claim("b/g", "turnover", "2022", "27", form="percent_increase", base="2021", src="s2", hedge="approached"),
    )
    # Strictly "nearly 27" reaches down to 25.65 %, above 25.5 %; widely to 24.3 %.
    assert _kinds(kt.check(ds)) == [("tension", "same_quantity", ("a/g", "b/g"))]
    far = dataset(
        claim("a/g", "turnover", "2022", "25", form="percent_increase", base="2021"),
        claim("b/g", "turnover", "2022", "32", form="percent_increase", base="2021", src="s2"),
    )
    assert _kinds(kt.check(far)) == [("contradiction", "same_quantity", ("a/g", "b/g"))]


def test_a_relation_never_uses_one_claim_twice() -> None:
    # Three claims: x says 100 for 2022, readable as the 2022 level or as the increase over 2021.
    # A change relation over x's two readings (increase = level 2022 - level 2021) must not exist;
    # the others (2021: 500, 2022: 600) refute the level reading and support the increase.
    increase = Reading("increase_2022", "change", Period.parse("2022"), Period.parse("2021"))
    ds = dataset(
        claim("x/a", "turnover", "2022", "100", alternatives=(increase,)),
        claim("y/b", "turnover", "2021", "500", src="s2"),
        claim("z/c", "turnover", "2022", "600", src="s3"),
    )
    report = kt.check(ds)
    assert _kinds(report) == [("resolved_ambiguity", "readings", ("x/a",))]
    assert report.live_readings == {"x/a": ("increase_2022",)}
    groups = report.relations
    # The failing comparison of x's refuted reading with z is the resolution's evidence.
    assert set(groups["status"].astype(str)) == {"refutes_reading", "reading_only"}
    for claims in groups["claims"]:
        ids = claims.split(", ")
        assert len(ids) == len(set(ids)), claims
    assert kt.reconcile(ds).most_likely_wrong == ()


def test_combining_two_folders_keeps_one_claim_once(tmp_path: object) -> None:
    increase = Reading("increase_2022", "change", Period.parse("2022"), Period.parse("2021"))
    one = dataset(claim("x/a", "turnover", "2022", "100", alternatives=(increase,)))
    two = dataset(claim("y/b", "turnover", "2021", "500", src="s2"), claim("z/c", "turnover", "2022", "600", src="s3"))
    both = one | two
    assert [c.id for c in both] == ["x/a", "y/b", "z/c"]
    assert _kinds(kt.check(both)) == [("resolved_ambiguity", "readings", ("x/a",))]
    # The same claim in both is kept once; the same id with other content is refused.
    assert len(both | one) == 3
    other = dataset(claim("x/a", "turnover", "2022", "101"))
    with pytest.raises(kt.KzltTradeError, match="x/a"):
        both | other


def test_every_rejected_claim_names_what_it_conflicts_with() -> None:
    ds = dataset(
        claim("a/t", "turnover", "2022", "100"),
        claim("b/t", "turnover", "2022", "200", src="s2"),
        claim("c/t", "turnover", "2022", "100", src="s3"),
        claim("a/e", "exports", "2022", "70"),
        claim("a/i", "imports", "2022", "40"),
    )
    est = kt.reconcile(ds)
    assert est.most_likely_wrong
    for c in est.most_likely_wrong:
        assert est.conflicts[c], c
        assert c not in est.conflicts[c]
    assert "conflicts with \n" not in str(est)
    assert not str(est).rstrip().endswith("conflicts with")


def test_ties_are_broken_by_the_evidence_for_each_source() -> None:
    # Two contradictions, each between a figure of source "s1" and one of "s2", equal in weight,
    # measure and date: s1 has a third figure that holds, s2 none; so s2's figures go, although
    # claim-id order alone would have removed s1's ("a..." sorts before "b...").
    ds = dataset(
        claim("a1/t22", "turnover", "2022", "100", src="s1"),
        claim("b2/t22", "turnover", "2022", "200", src="s2"),
        claim("a1/t21", "turnover", "2021", "300", src="s1"),
        claim("b2/t21", "turnover", "2021", "400", src="s2"),
        claim("a1/t20", "turnover", "2020", "300", src="s1"),
    )
    est = kt.reconcile(ds)
    assert est.most_likely_wrong == ("b2/t21", "b2/t22")


def test_scopes_are_open_slugs_with_labels() -> None:
    from decimal import Decimal

    from kzlt_trade.errors import RecordError
    from kzlt_trade.model import Claim
    from kzlt_trade.rules import scope_label

    def share(scope: str) -> Claim:
        return Claim(
            id="s1/share", source="s1", partner="DE", indicator="share", flow="none", scope=scope, text="4.5",
            value=Decimal("4.5"), unit="percent", hedge="none", quote="4.5", start=0, end=3,
            readings=(Reading("stated", "level", Period.parse("2023"), None),),
        )  # fmt: skip

    c = share("kz_foreign_trade")
    assert scope_label(c.scope) == "kz foreign trade"
    assert _kinds(kt.check(dataset(c))) == []
    for bad in ("Kz foreign trade", "kz-foreign", "1st_field", "x" * 81):
        with pytest.raises(RecordError, match="slug") as caught:
            share(bad)
        assert (caught.value.field, caught.value.value) == ("scope", bad)


def test_linked_readings_are_chosen_together() -> None:
    # One sentence gives two figures that may both be for 2021 ("In 2021, ... turnover 500,
    # exports 300"): read alike. Only the turnover can be decided by the other figures.
    def alt(link: str) -> tuple[Reading, ...]:
        return (Reading("year_2021", "level", Period.parse("2021"), None, "the sentence opens 'In 2021'", link),)

    def folder(link: str) -> kt.Dataset:
        return dataset(
            claim("s/t", "turnover", "2022", "500", alternatives=alt(link)),
            claim("s/e", "exports", "2022", "300", alternatives=alt(link)),
            claim("o/t21", "turnover", "2021", "500", src="o"),
            claim("o/t22", "turnover", "2022", "900", src="o"),
        )

    alone = kt.check(folder(""))
    assert alone.live_readings == {"s/t": ("year_2021",), "s/e": ("stated", "year_2021")}
    linked = kt.check(folder("s/in-2021"))
    assert linked.live_readings == {"s/t": ("year_2021",), "s/e": ("year_2021",)}
    (resolved,) = [f for f in linked.of_kind("resolved_ambiguity") if f.claims == ("s/e",)]
    assert "linked (s/in-2021) with s/t, whose reading 'year_2021' is the one left" in resolved.arithmetic


def _drop_column(path: Path, column: str) -> None:
    """Rewrite a CSV file without one of its columns (as a folder written before the column was)."""
    import csv

    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(path, "w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, fieldnames=[c for c in rows[0] if c != column], extrasaction="ignore")
        out.writeheader()
        out.writerows(rows)


def test_a_folder_without_the_link_column_loads(data_copy: Path) -> None:
    _drop_column(data_copy / "readings.csv", "link")
    ds = kt.load(data_copy)
    assert {r.link for c in ds for r in c.readings} == {""}
    assert len(ds) == len(kt.load())


def test_a_partners_own_figure_is_a_quantity_of_its_own() -> None:
    from dataclasses import replace

    kz = claim("kz/imports", "imports", "2023", "300")
    # Lithuania's exports to Kazakhstan, as Lithuania counts them: Kazakhstan's imports, LT's statistics.
    lt = replace(claim("lt/exports-to-kz", "imports", "2023", "280", src="s2"), reporter="LT")
    lt_again = replace(claim("lt/again", "imports", "2023", "330", src="s3"), reporter="LT")
    assert lt.reporter == "LT"
    assert claim("x", "imports", "2023", "1").reporter == "KZ"
    report = kt.check(dataset(kz, lt, lt_again))
    # The two sides count differently (CIF and FOB): never the same quantity, but a mirror pair, whose
    # ratio meets the CIF/FOB band or not. Two reports of Lithuania's own figure are one quantity, and
    # they disagree.
    assert _kinds(report) == [
        ("contradiction", "same_quantity", ("lt/again", "lt/exports-to-kz")),
        ("mirror", "mirror", ("kz/imports", "lt/exports-to-kz")),
        ("mirror_asymmetry", "mirror", ("kz/imports", "lt/again")),
    ]
    mirror = next(f for f in report if f.kind == "mirror")
    assert mirror.arithmetic == (
        "300 [299.5, 300.5] vs 280 [279.5, 280.5]: ratio [1.068, 1.075], within the CIF/FOB band [1.02, 1.1]"
    )
    (finding,) = report.of_kind("contradiction")
    assert "(LT's statistics)" in finding.message
    estimates = kt.reconcile(dataset(kz, lt))
    assert estimates.get("LT", "imports", "2023").interval.lo == 299.5
    assert estimates.get("LT", "imports", "2023", reporter="LT").interval.lo == 279.5


def test_a_reporter_is_kazakhstan_or_the_partner() -> None:
    from dataclasses import replace

    from kzlt_trade.errors import RecordError

    with pytest.raises(RecordError, match=r"'KZ' .* or the partner's code 'LT'") as caught:
        replace(claim("x", "imports", "2023", "1"), reporter="DE")
    assert (caught.value.field, caught.value.value) == ("reporter", "DE")


def test_a_folder_without_the_reporter_column_loads(data_copy: Path) -> None:
    _drop_column(data_copy / "claims.csv", "reporter")
    ds = kt.load(data_copy)
    assert {c.reporter for c in ds.press} == {"KZ"}
    assert len(ds) == len(kt.load())


def test_a_growth_in_euro_against_a_base_in_dollars_is_measured_in_either() -> None:
    # "In 2015 trade reached €10.1 billion, up 1 % on 2014" and "in 2014 it was $13.3 billion":
    # in euro the base was 10.0 billion, $12.3–13.8 billion at 2014's rates: all three can hold.
    # Compared in dollars as they stand, the euro's fall in 2015 would make a false contradiction.
    ds = dataset(
        claim("a/de-2015", "turnover", "2015", "10.1", partner="DE", unit="billion EUR"),
        claim("a/de-growth-2015", "turnover", "2015", "1", partner="DE", form="percent_increase", base="2014"),
        claim("b/de-2014", "turnover", "2014", "13.3", partner="DE", unit="billion USD", src="s2"),
    )
    report = kt.check(ds)
    assert set(report.relations["status"].astype(str)) == {"consistent"}
    assert kt.reconcile(report=report).most_likely_wrong == ()
    far = dataset(*ds.claim_records[:2], claim("b/de-2014", "turnover", "2014", "16", partner="DE", unit="billion USD"))
    (bad,) = kt.check(far).contradictions
    assert bad.relation == "growth"
    assert "implies a growth in EUR −" in bad.arithmetic
    assert "; in USD −" in bad.arithmetic


def test_people_read_claims_and_estimates_as_they_write_them() -> None:
    ds = kt.load(official=False)
    assert str(ds.claim("kazinform-2024-06-20/companies-2024-01-01")) == (
        "kazinform-2024-06-20/companies-2024-01-01: 190 company — KZ–LT companies @2024-01-01"
    )
    assert repr(ds.claim("mfa-2023-10-10/turnover-2022")).startswith("Claim(id='mfa-2023-10-10/turnover-2022'")
    est = kt.reconcile(ds)
    assert repr(est) == "<Estimates: 45 quantities, 1 claim rejected>"
    lines = str(est)
    assert "KZ–LT companies @2024-01-01: 190 companies in [190, 190]" in lines
    assert "KZ–LT rank [kz_partners_eu] @2023-10-10: among the top 10 in [1, 10]" in lines
    assert "KZ–LT rank [kz_partners_world] @2022-06-15: 30th place in [30, 30]" in lines
    assert "KZ–LT diaspora @2022-06-15: 7000 people" in lines

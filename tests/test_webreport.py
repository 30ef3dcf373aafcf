"""The static HTML report: a strict HTML page, every section, escaped data, no network, in a real browser."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import math
import sys
import time
import types
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import html5lib
import pandas as pd
import pytest

import kzlt_trade
from kzlt_trade.errors import UsageError
from kzlt_trade.io import CLAIM_COLUMNS, SOURCE_COLUMNS
from kzlt_trade.webreport import STEPS, write_report
from kzlt_trade.webreport.comparisons import MIRROR_COLUMNS, mirror_context
from kzlt_trade.webreport.context import figure_span
from kzlt_trade.webreport.provenance import official_files_context
from kzlt_trade.webreport.text import claim_anchor, source_anchor
from tests import factories
from tests.browser import pixels, render

#: The namespace html5lib gives SVG elements inside HTML.
SVG = "http://www.w3.org/2000/svg"
#: The page's size limit on the bundled data.
MAX_BYTES = 2_000_000


@dataclasses.dataclass(frozen=True)
class Written:
    page: Path
    text: str
    progress: list[str]
    seconds: float


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Written:
    """The report of the bundled data, written once, with its progress lines and the time it took."""
    lines: list[str] = []
    out = tmp_path_factory.mktemp("report") / "nested" / "report"
    start = time.perf_counter()
    page = write_report(out=out, progress=lines.append)
    seconds = time.perf_counter() - start
    print(f"write_report on the bundled data: {seconds:.2f} s")
    return Written(page, page.read_text(encoding="utf-8"), lines, seconds)


@pytest.fixture(scope="module")
def data() -> kzlt_trade.Dataset:
    """The bundled data as write_report loads it when given none (``load()``), for the tests of its page."""
    return kzlt_trade.load()


def _tree(text: str) -> ElementTree.Element:
    return html5lib.parse(text, namespaceHTMLElements=False)  # type: ignore[no-any-return]


def _ids(root: ElementTree.Element) -> set[str]:
    return {e.attrib["id"] for e in root.iter() if "id" in e.attrib}


def _text(e: ElementTree.Element) -> str:
    return "".join(e.itertext())


# -- the page as HTML -------------------------------------------------------------------------


def test_writes_index_html_in_a_new_folder(bundled: Written) -> None:
    assert bundled.page.name == "index.html"
    assert bundled.page.parent.name == "report"
    assert bundled.page.parent.parent.name == "nested"
    assert bundled.text.startswith("<!DOCTYPE html>")
    assert not [p for p in bundled.page.parent.iterdir() if p.name != "index.html"]  # no temporary file left


def test_page_parses_under_the_strict_parser(bundled: Written) -> None:
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(bundled.text)  # raises html5lib.html5parser.ParseError at the first error
    assert parser.errors == []


def test_every_section_is_present_in_order(bundled: Written, data: kzlt_trade.Dataset) -> None:
    root = _tree(bundled.text)
    ids = _ids(root)
    partners = sorted({c.partner for c in data})
    sections = ["summary", "partners", *(f"partner-{p}" for p in partners), "official", "mirror", "provenance"]
    assert set(sections) <= ids
    order = [e.attrib["id"] for e in root.iter() if e.attrib.get("id") in {"summary", "partners", "official",
                                                                           "mirror", "provenance"}]  # fmt: skip
    assert order == ["summary", "partners", "official", "mirror", "provenance"]
    assert {claim_anchor(c.id) for c in data} <= ids
    assert {source_anchor(s.id) for s in data.source_records} <= ids


def test_every_link_inside_the_page_has_its_target(bundled: Written) -> None:
    root = _tree(bundled.text)
    ids = _ids(root)
    targets = [a.attrib["href"][1:] for a in root.iter("a") if a.attrib.get("href", "").startswith("#")]
    assert targets
    assert sorted(set(targets) - ids) == []


def test_anchor_ids_are_safe_and_distinct() -> None:
    assert claim_anchor("mfa-2023-10-10/turnover-2022") == "claim-mfa-2023-10-10_2f_turnover-2022"
    assert claim_anchor("a/b") != claim_anchor("a_b") != claim_anchor("a b")
    assert all(ch.isalnum() or ch in "-_" for ch in claim_anchor("x/ü y#1"))


def test_the_page_needs_no_network(bundled: Written) -> None:
    root = _tree(bundled.text)
    assert [e.tag for e in root.iter() if "src" in e.attrib] == []
    assert list(root.iter("link")) == []
    hrefs = [a.attrib["href"] for a in root.iter("a")]
    assert all(h.startswith(("#", "http://", "https://")) for h in hrefs)
    (csp,) = [m for m in root.iter("meta") if m.attrib.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in csp.attrib["content"]
    assert [s.attrib for s in root.iter("script")] == [{}]  # one inline script, no src
    assert "@media print" in bundled.text


def test_summary_counts_and_names_the_wrong_figures(bundled: Written, data: kzlt_trade.Dataset) -> None:
    report = kzlt_trade.check(data)
    estimates = kzlt_trade.reconcile(data, report=report)
    root = _tree(bundled.text)
    (summary,) = [e for e in root.iter("section") if e.attrib.get("id") == "summary"]
    counts = {
        _text(row[0]).strip(): int(_text(row[2]))
        for table in summary.iter("table")
        for row in table.iter("tr")
        if row.find("td") is not None
    }
    assert counts == {k.replace("_", " "): len(report.of_kind(k)) for k in kzlt_trade.results.KINDS}
    suspects = [_text(li) for ul in summary.iter("ul") if ul.attrib.get("class") == "suspects" for li in ul]
    assert [s.split(" ", 1)[0] for s in suspects] == list(estimates.most_likely_wrong)
    lead = _text(next(p for p in summary.iter("p") if p.attrib.get("class") == "lead"))
    assert lead.startswith(f"{len(data)} claims from {len(data.source_records)} sources about ")


def test_findings_of_a_partner_put_contradictions_first(bundled: Written, data: kzlt_trade.Dataset) -> None:
    report = kzlt_trade.check(data)
    root = _tree(bundled.text)
    for partner in sorted({f.partner for f in report}):
        (section,) = [e for e in root.iter("section") if e.attrib.get("id") == f"partner-{partner}"]
        kinds = [a.attrib["data-kind"] for a in section.iter("article") if "data-kind" in a.attrib]
        assert sorted(kinds) == sorted(f.kind for f in report if f.partner == partner)
        rank = [0 if k == "contradiction" else 1 if k == "tension" else 2 for k in kinds]
        assert rank == sorted(rank), partner
        # each finding links every claim it names to the claim's row
        for article in section.iter("article"):
            if "data-kind" in article.attrib:
                linked = [a.attrib["href"] for a in article.iter("a")]
                assert linked
                assert all(h.startswith("#claim-") for h in linked)


def test_claims_table_marks_each_figure_in_its_quote(bundled: Written, data: kzlt_trade.Dataset) -> None:
    root = _tree(bundled.text)
    rows = {tr.attrib["id"]: tr for tr in root.iter("tr") if tr.attrib.get("id", "").startswith("claim-")}
    for c in data:
        marks = [_text(m) for m in rows[claim_anchor(c.id)].iter("mark")]
        assert marks == [c.text], c.id


def test_figure_is_marked_where_it_stands_on_its_own() -> None:
    c = factories.claim("s1/t", "turnover", "2022", "25")
    quote = "In 2025 it grew by 125% to 25 million US dollars"
    c = dataclasses.replace(c, quote=quote, end=len(quote))
    span = figure_span(c)
    assert span == (quote.index(" 25 ") + 1, quote.index(" 25 ") + 3)


def test_among_figures_standing_alone_the_one_in_the_claims_unit_is_marked() -> None:
    c = factories.claim("s1/t", "turnover", "2022", "60")
    quote = "Of its 60 partners, trade with Lithuania reached 60 million US dollars"
    c = dataclasses.replace(c, quote=quote, end=len(quote))
    assert figure_span(c) == (quote.index("60 million"), quote.index("60 million") + 2)


def test_official_comparison_gives_a_unit_with_every_value(bundled: Written) -> None:
    root = _tree(bundled.text)
    (table,) = [t for t in root.iter("table") if t.attrib.get("class") == "official"]
    body = next(iter(table.iter("tbody")))
    assert len(body) == len(kzlt_trade.compare_official())
    for row in body:
        allows, wide, official = (_text(row[i]) for i in (5, 6, 7))
        for cell in (allows, wide):
            assert cell.endswith((" million USD", " growth factor")), cell
        assert official == "–" or official.endswith((" million USD", " growth factor")), official


def test_provenance_lists_every_source_and_official_file(bundled: Written, data: kzlt_trade.Dataset) -> None:
    root = _tree(bundled.text)
    (appendix,) = [e for e in root.iter("section") if e.attrib.get("id") == "provenance"]
    text = _text(appendix)
    for s in data.source_records:
        assert s.sha256 in text
        assert s.file in text
        assert s.publisher in text
    assert "bns_trade_by_partner.csv" in text
    assert "the same" in text  # the official file still has the SHA-256 its data package declares


def test_an_official_file_that_changed_is_said_to_differ(tmp_path: Path) -> None:
    (tmp_path / "figures.csv").write_text("partner,year\nLT,2023\n", encoding="utf-8")
    package = {"name": "p", "title": "T", "resources": [{"path": "figures.csv", "hash": "sha256:" + "0" * 64}]}
    (tmp_path / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    (f,) = official_files_context(tmp_path / "datapackage.json").files
    assert not f.matches
    assert f.sha256 == hashlib.sha256(b"partner,year\nLT,2023\n").hexdigest()
    missing = official_files_context(tmp_path / "nowhere" / "datapackage.json")
    assert missing.files == ()
    assert "has no datapackage.json" in missing.description


def test_page_size_is_under_two_megabytes(bundled: Written) -> None:
    size = bundled.page.stat().st_size
    print(f"index.html of the bundled data: {size} bytes ({size / 1e6:.2f} MB)")
    assert size < MAX_BYTES


def test_progress_lines_come_in_order(bundled: Written) -> None:
    assert [line.split(":", 1)[0] for line in bundled.progress] == list(STEPS)
    assert bundled.progress[-1] == f"writing: {bundled.page}"


def test_charts_are_inline_svg_with_text_as_text(bundled: Written) -> None:
    root = _tree(bundled.text)
    figures = [f for f in root.iter("figure") if "chart" in f.attrib.get("class", "")]
    assert len(figures) >= 3
    for f in figures:
        svgs = list(f.iter(f"{{{SVG}}}svg"))
        assert len(svgs) == 1
        assert list(svgs[0].iter(f"{{{SVG}}}text"))
        assert "<?xml" not in bundled.text


# -- in a browser ---------------------------------------------------------------------------------


def test_page_renders_in_chromium_without_console_messages(bundled: Written, tmp_path: Path) -> None:
    shot = render(bundled.page, tmp_path / "report.png", width=1280, height=1600)
    assert shot.console == []
    image: Any = pixels(shot.png)
    assert float(image[..., :3].std()) > 0.05  # not blank: text, tables and charts


# -- results given, not computed again ------------------------------------------------------------


def test_given_report_and_estimates_are_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                             ds: kzlt_trade.Dataset) -> None:  # fmt: skip
    report = kzlt_trade.check(ds)
    estimates = kzlt_trade.reconcile(ds, report=report)

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("computed again")

    monkeypatch.setattr("kzlt_trade.checker.check_readings", refused)
    monkeypatch.setattr("kzlt_trade.reconciler.reconcile_readings", refused)
    import matplotlib.pyplot as plt

    open_before = plt.get_fignums()
    lines: list[str] = []
    page = write_report(ds, tmp_path, report=report, estimates=estimates, progress=lines.append)
    assert page.is_file()
    assert plt.get_fignums() == open_before  # every chart's figure closed
    assert lines[1] == f"checking: the given report ({len(report)} findings)"
    assert lines[2] == f"reconciling: the given estimates ({len(estimates)} quantities)"


def test_given_report_is_not_checked_again(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                           ds: kzlt_trade.Dataset) -> None:  # fmt: skip
    report = kzlt_trade.check(ds)
    calls: list[object] = []
    monkeypatch.setattr("kzlt_trade.checker.check_readings", lambda *a, **k: calls.append(a))
    lines: list[str] = []
    write_report(ds, tmp_path, report=report, progress=lines.append)
    assert calls == []
    assert lines[2] == "reconciling: from the check"


# -- bad arguments -------------------------------------------------------------------------------


def test_a_folder_that_cannot_be_made_is_a_usage_error(tmp_path: Path, ds: kzlt_trade.Dataset) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    for out in (blocker, blocker / "report"):
        with pytest.raises(UsageError) as err:
            write_report(ds, out)
        assert err.value.name == "out"
        assert err.value.value == str(out)
        assert str(out) in str(err.value)


def test_rounding_must_agree_with_the_given_report(tmp_path: Path, ds: kzlt_trade.Dataset) -> None:
    report = kzlt_trade.check(ds, rounding="truncate")
    with pytest.raises(UsageError, match="'truncate'"):
        write_report(ds, tmp_path, report=report)
    with pytest.raises(UsageError, match="rounding"):
        write_report(ds, tmp_path, rounding="up")  # type: ignore[arg-type]


def test_results_of_other_data_are_refused(tmp_path: Path, ds: kzlt_trade.Dataset) -> None:
    other = kzlt_trade.load(Path(__file__).parent / "data" / "team_releases")
    report = kzlt_trade.check(other)
    with pytest.raises(UsageError, match="claims are not in it") as err:
        write_report(ds, tmp_path, report=report)
    assert err.value.name == "report"
    assert "team-" in str(err.value.value)
    with pytest.raises(UsageError, match="claims are not in it") as err:
        write_report(ds, tmp_path, estimates=kzlt_trade.reconcile(other, report=report))
    assert err.value.name == "estimates"
    assert not (tmp_path / "index.html").exists()


# -- the mirror section ----------------------------------------------------------------------------


def _mirror_row(**changes: object) -> dict[str, object]:
    """A row of kzlt_trade.mirror.mirror_table (money in millions), made up for the test."""
    row: dict[str, object] = dict.fromkeys(MIRROR_COLUMNS, math.nan) | {
        "partner": "LT", "year": 2021, "rate_low": 1.130378, "rate_high": 1.21709,
        "kz_imports_usd": 97.569, "partner_exports_eur": 356.422, "partner_exports_usd_low": 402.89,
        "partner_exports_usd_high": 433.79, "ratio_low": 0.225, "ratio_high": 0.242,
        "verdict_imports": "below the CIF/FOB band", "kz_exports_usd": 356.272, "verdict_exports": "no mirror figure",
        "kz_source": "bns-2022", "partner_source": "Eurostat Comext", "note": "no Comext figures for LT's imports",
    }  # fmt: skip
    row.update(changes)
    return row


def _section(root: ElementTree.Element, section_id: str) -> ElementTree.Element:
    (section,) = [e for e in root.iter("section") if e.attrib.get("id") == section_id]
    return section


def test_mirror_section_says_when_the_module_is_absent(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                       ds: kzlt_trade.Dataset) -> None:  # fmt: skip
    monkeypatch.setitem(sys.modules, "kzlt_trade.mirror", None)  # import of it now fails, as before it existed
    report = kzlt_trade.check(ds)
    page = write_report(ds, tmp_path, report=report, estimates=kzlt_trade.reconcile(ds, report=report))
    section = _section(_tree(page.read_text(encoding="utf-8")), "mirror")
    assert "not available" in _text(section)
    assert list(section.iter("table")) == []


def test_mirror_section_of_the_bundled_data(bundled: Written) -> None:
    section = _section(_tree(bundled.text), "mirror")
    from kzlt_trade.mirror import mirror_table

    table = mirror_table(kzlt_trade.load())
    rows = list(next(section.iter("tbody")))
    assert len(rows) == 2 * len(table)  # one per direction
    charts = [f for f in section.iter("figure") if "chart-mirror" in f.attrib.get("class", "")]
    assert len(charts) == table["partner"].nunique()


def test_mirror_rows_give_units_with_every_value(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                 ds: kzlt_trade.Dataset) -> None:  # fmt: skip
    fake = types.ModuleType("kzlt_trade.mirror")
    fake.mirror_table = lambda data: pd.DataFrame([_mirror_row()], columns=list(MIRROR_COLUMNS))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kzlt_trade.mirror", fake)
    report = kzlt_trade.check(ds)
    page = write_report(ds, tmp_path, report=report, estimates=kzlt_trade.reconcile(ds, report=report))
    section = _section(_tree(page.read_text(encoding="utf-8")), "mirror")
    imports, exports = ([_text(td) for td in tr] for tr in next(section.iter("tbody")))
    assert imports[:8] == [
        "LT", "2021", "KZ imports (CIF) / partner's exports (FOB)", "97.569 million USD",
        "356.422 million EUR", "[1.13038, 1.21709] USD per EUR", "[402.89, 433.79] million USD",
        "[0.225, 0.242] (Kazakhstan's ÷ the partner's)",
    ]  # fmt: skip
    assert imports[8] == "below the CIF/FOB band"
    assert exports[3:8] == ["356.272 million USD", "–", "[1.13038, 1.21709] USD per EUR", "–", "–"]
    assert "not available" not in _text(section)


def test_mirror_frame_without_its_columns_is_refused() -> None:
    frame = pd.DataFrame([_mirror_row()]).drop(columns=["ratio_low"])
    with pytest.raises(UsageError, match="missing ratio_low"):
        mirror_context(frame)


# -- escaping --------------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'


def _hostile_folder(folder: Path) -> Path:
    """A data folder whose quote holds a script element and whose source's title, publisher and url attack HTML."""
    text = (
        f"Kazakhstan and Lithuania. In 2022 trade {SCRIPT} reached 100 million US dollars. "
        "Exports amounted to 60 million US dollars in 2022.\n"
    )
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "evil.txt").write_text(text, encoding="utf-8", newline="")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    source = dict.fromkeys(SOURCE_COLUMNS, "") | {
        "id": "evil-2023", "title": IMG, "publisher": f"Publisher {SCRIPT}", "language": "en",
        "published": "2023-01-10", "published_basis": "stated", "file": "evil.txt", "sha256": digest,
        "url": "javascript:alert(1)", "weight": "1",
    }  # fmt: skip
    quotes = [
        ("turnover-2022", "turnover", "both", "100", f"In 2022 trade {SCRIPT} reached 100 million US dollars"),
        ("exports-2022", "exports", "export", "60", "Exports amounted to 60 million US dollars in 2022"),
    ]
    claims = []
    for slug, indicator, flow, figure, quote in quotes:
        start = text.index(quote)
        claims.append(dict.fromkeys(CLAIM_COLUMNS, "") | {
            "id": f"evil-2023/{slug}", "source": "evil-2023", "partner": "LT", "indicator": indicator, "flow": flow,
            "period": "2022", "form": "level", "reading": "stated", "text": figure, "value": figure,
            "unit": "million USD", "hedge": "none", "quote": quote, "start": str(start),
            "end": str(start + len(quote)),
        })  # fmt: skip
    for name, columns, rows in (("sources.csv", SOURCE_COLUMNS, [source]), ("claims.csv", CLAIM_COLUMNS, claims)):
        with open(folder / name, "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(columns), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return folder


def test_every_string_from_the_data_is_escaped(tmp_path: Path) -> None:
    ds = kzlt_trade.load(_hostile_folder(tmp_path / "data"))
    assert SCRIPT in ds.claim("evil-2023/turnover-2022").quote
    page = write_report(ds, tmp_path / "out")
    text = page.read_text(encoding="utf-8")
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    root = parser.parse(text)
    assert parser.errors == []
    assert list(root.iter("img")) == []
    (script,) = list(root.iter("script"))
    assert "alert" not in (script.text or "")
    assert SCRIPT not in text
    assert IMG not in text
    page_text = _text(root)
    assert SCRIPT in page_text  # shown as text, in the quote and the publisher
    assert IMG in page_text  # the title, as text
    hrefs = [a.attrib["href"] for a in root.iter("a")]
    assert not [h for h in hrefs if "javascript" in h]
    assert "javascript:alert(1)" in page_text  # the address is shown, not linked
    # In the browser: an injected script would be refused by the page's policy, which Chromium logs.
    assert render(page, tmp_path / "hostile.png").console == []

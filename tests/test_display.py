"""Jupyter display: the HTML tables show the same facts as the text, and escape what they quote."""

from __future__ import annotations

import html
import re
from dataclasses import replace

import pytest

import kzlt_trade
import kzlt_trade.display
from kzlt_trade.display import DisplayOptions, claim_html, dataset_html, estimates_html, finding_html, report_html
from kzlt_trade.errors import UsageError
from kzlt_trade.interval import Interval
from kzlt_trade.results import Estimate, Estimates, Finding

SCRIPT = "<script>alert('x')</script>"
CLAIM_ID = re.compile(r"[a-z]+-\d{4}-\d{2}-\d{2}/[a-z0-9-]+")


def split(fragment: str) -> tuple[str, str]:
    """The HTML body (tables) and the text of the ``<pre>`` fallback, unescaped."""
    match = re.search(r"<pre>(.*?)</pre>", fragment, flags=re.DOTALL)
    assert match is not None, "no <pre> fallback"
    body = fragment[: match.start()] + fragment[match.end() :]
    return body, html.unescape(match.group(1))


def visible(body: str) -> str:
    """The body's text as a reader sees it: cells apart, inline tags dropped, entities resolved."""
    apart = re.sub(r"</?(td|th|tr|br|li|div|ul|p)\b[^>]*>", "\n", body)
    return html.unescape(re.sub(r"<[^>]+>", "", apart))


def numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+(?:\.\d+)?", text))


# -- fallbacks equal the text forms ------------------------------------------------------


def test_each_fragment_embeds_its_text_form(ds: kzlt_trade.Dataset) -> None:
    report = kzlt_trade.check(ds)
    est = kzlt_trade.reconcile(ds, report=report)
    claim = ds.claim("mfa-2023-10-10/turnover-2022")
    cases = [
        (claim_html(claim), repr(claim)),
        (dataset_html(ds), repr(ds)),
        (finding_html(report[0]), str(report[0])),
        (report_html(report), str(report)),
        (estimates_html(est), str(est)),
    ]
    for fragment, text in cases:
        assert split(fragment)[1] == text


def test_repr_html_hooks(ds: kzlt_trade.Dataset) -> None:
    report = kzlt_trade.check(ds)
    est = kzlt_trade.reconcile(ds, report=report)
    claim = ds.claim("mfa-2023-10-10/turnover-2022")
    assert claim._repr_html_() == claim_html(claim)
    assert ds._repr_html_() == dataset_html(ds)
    assert report[0]._repr_html_() == finding_html(report[0])
    assert report._repr_html_() == report_html(report)
    assert est._repr_html_() == estimates_html(est)


# -- the tables show the same facts as the text ------------------------------------------


def test_claim_table_shows_figure_beside_quote(ds: kzlt_trade.Dataset) -> None:
    c = ds.claim("mfa-2023-10-10/turnover-2022")
    body, _ = split(claim_html(c))
    seen = visible(body)
    assert c.id in seen
    assert c.quote in seen
    assert f"characters {c.start}..{c.end}" in seen
    assert c.interval().format(6) in seen
    # The figure is marked inside its quote.
    assert f"<mark>{html.escape(c.text)}</mark>" in body


def test_claim_table_lists_every_reading(ds: kzlt_trade.Dataset) -> None:
    c = ds.claim("kazinform-2023-02-24/ee-turnover-growth-2022")
    seen = visible(split(claim_html(c))[0])
    for r in c.readings:
        assert r.name in seen
        assert c.interval(r.name).format(6) in seen


def test_dataset_table_has_every_claim_and_source(ds: kzlt_trade.Dataset) -> None:
    body, text = split(dataset_html(ds, max_rows=None))
    seen = visible(body)
    assert text in seen  # the summary line
    for c in ds:
        assert c.id in seen
        assert c.interval().format(6) in seen
    for s in ds.source_records:
        assert s.id in seen
        assert s.sha256 in body  # in full, as the title of its short form


def test_finding_table_shows_the_arithmetic(ds: kzlt_trade.Dataset) -> None:
    for f in kzlt_trade.check(ds):
        body, text = split(finding_html(f))
        seen = visible(body)
        assert f.arithmetic in seen
        assert f.message in seen
        assert set(CLAIM_ID.findall(text)) == set(CLAIM_ID.findall(seen))
        assert numbers(text) <= numbers(seen)
        for iv in f.intervals:
            assert iv.format(6) in seen


def test_report_table_shows_every_finding(ds: kzlt_trade.Dataset) -> None:
    report = kzlt_trade.check(ds)
    body, text = split(report_html(report))
    seen = visible(body)
    assert set(CLAIM_ID.findall(text)) == set(CLAIM_ID.findall(seen))
    assert numbers(text) <= numbers(seen)
    assert seen.count("CONTRADICTION") == len(report.contradictions)


def test_estimates_table_shows_every_value_and_interval(ds: kzlt_trade.Dataset) -> None:
    est = kzlt_trade.reconcile(ds)
    body, text = split(estimates_html(est, max_rows=None))
    seen = visible(body)
    for e in est:
        assert e.interval.format(6) in seen
        if e.value is not None:
            assert f"{e.value:.6g}" in seen
    assert set(CLAIM_ID.findall(text)) <= set(CLAIM_ID.findall(seen))
    assert numbers(text) <= numbers(seen)
    for wrong in est.most_likely_wrong:
        assert wrong in seen


# -- escaping ------------------------------------------------------------------------------


@pytest.fixture
def hostile(ds: kzlt_trade.Dataset) -> kzlt_trade.Claim:
    """A claim whose quote (and note) hold a script tag around its figure."""
    c = ds.claim("mfa-2023-10-10/turnover-2022")
    quote = f"{SCRIPT} {c.text} & <b>more</b>"
    return replace(c, quote=quote, end=c.start + len(quote), note=SCRIPT)


def assert_escaped(fragment: str) -> None:
    assert "<script>" not in fragment
    assert "<b>more</b>" not in fragment
    assert html.escape(SCRIPT) in fragment


def test_claim_quote_is_escaped(hostile: kzlt_trade.Claim) -> None:
    fragment = claim_html(hostile)
    assert_escaped(fragment)
    assert f"<mark>{html.escape(hostile.text)}</mark>" in fragment


def test_dataset_quote_is_escaped(ds: kzlt_trade.Dataset, hostile: kzlt_trade.Claim) -> None:
    evil = kzlt_trade.Dataset(ds.source_records, (hostile,), ds.path)
    assert_escaped(dataset_html(evil))


def test_finding_and_report_strings_are_escaped(ds: kzlt_trade.Dataset) -> None:
    first = kzlt_trade.check(ds)[0]
    n = len(first.claims)
    f = replace(first, message=SCRIPT, arithmetic=SCRIPT, quotes=(SCRIPT,) * n, claims=(SCRIPT,) * n)
    assert_escaped(finding_html(f).replace("<b>more</b>", ""))
    report = kzlt_trade.check(ds)
    evil = replace(report, findings=(f,))
    fragment = report_html(evil)
    assert "<script>" not in fragment
    assert html.escape(SCRIPT) in fragment


def test_estimates_strings_are_escaped() -> None:
    e = Estimate(
        partner="LT",
        indicator="turnover",
        flow="both",
        scope="",
        period=SCRIPT,
        period_kind="year",
        value=1.0,
        interval=Interval(0.5, 1.5),
        unit="million USD",
        supporting=(SCRIPT,),
        rejected=(),
        derived=False,
    )
    fragment = estimates_html(Estimates.of((e,), (SCRIPT,), {SCRIPT: (SCRIPT,)}))
    assert "<script>" not in fragment
    assert html.escape(SCRIPT) in fragment


def test_finding_type_is_the_one_displayed() -> None:
    # The findings module calls these names; keep them.
    assert Finding._repr_html_.__module__ == "kzlt_trade.results"


# -- long tables are cut, and say how to see all ---------------------------------------------


def test_the_default_options() -> None:
    assert kzlt_trade.display.options.max_rows == DisplayOptions.DEFAULT_MAX_ROWS == 60
    assert repr(DisplayOptions(max_rows=None)) == "DisplayOptions(max_rows=None)"


@pytest.mark.parametrize("bad", [0, -1, 2.5, "60", True])
def test_max_rows_refuses_what_is_not_a_count(bad: object) -> None:
    o = DisplayOptions()
    with pytest.raises(UsageError, match=r"^max_rows=.* is not accepted: expected a whole number of rows >= 1"):
        o.max_rows = bad  # type: ignore[assignment]
    assert o.max_rows == 60
    with pytest.raises(UsageError):
        dataset_html(kzlt_trade.load(), max_rows=bad)  # type: ignore[arg-type]


def test_the_context_restores_the_option_even_on_error() -> None:
    def fail_inside() -> None:
        with kzlt_trade.display.options.context(max_rows=3):
            assert kzlt_trade.display.options.max_rows == 3
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail_inside()
    assert kzlt_trade.display.options.max_rows == 60


def shown_ids(fragment: str) -> list[str]:
    return re.findall(r'<code class="kzlt-id">([^<]+)</code>', split(fragment)[0])


@pytest.mark.parametrize("max_rows", [1, 2, 7, 10])
def test_a_long_dataset_shows_its_head_and_tail(ds: kzlt_trade.Dataset, max_rows: int) -> None:
    fragment = dataset_html(ds, max_rows=max_rows)
    ids = [c.id for c in ds]
    head, tail = (max_rows + 1) // 2, max_rows // 2
    claims = [i for i in shown_ids(fragment) if i in set(ids)]
    assert claims == ids[:head] + (ids[len(ids) - tail :] if tail else [])
    seen = visible(split(fragment)[0])
    assert f"… {len(ds) - max_rows} more claims … (kzlt_trade.display.options.max_rows = None shows all)" in seen


def test_the_option_applies_and_none_shows_all(ds: kzlt_trade.Dataset) -> None:
    assert len(ds) > 4
    with kzlt_trade.display.options.context(max_rows=4):
        cut = dataset_html(ds)
        assert ds._repr_html_() == cut
    assert "more claims" in cut
    with kzlt_trade.display.options.context(max_rows=None):
        whole = dataset_html(ds)
    assert "more claims" not in whole
    assert {c.id for c in ds} <= set(shown_ids(whole))
    # Exactly as many rows as the option says is not cut.
    assert "more claims" not in dataset_html(ds, max_rows=len(ds))


def test_a_long_report_and_estimates_are_cut(ds: kzlt_trade.Dataset) -> None:
    report = kzlt_trade.check(ds)
    n = len(report.findings)
    assert n > 3
    seen = visible(split(report_html(report, max_rows=3))[0])
    assert seen.count("(error)") + seen.count("(warning)") + seen.count("(notice)") + seen.count("(info)") == 3
    assert f"… {n - 3} more findings …" in seen
    est = kzlt_trade.reconcile(ds, report=report)
    seen = visible(split(estimates_html(est, max_rows=5))[0])
    assert f"… {len(est) - 5} more quantities …" in seen
    assert est.estimates[0].interval.format(6) in seen
    assert est.estimates[-1].interval.format(6) in seen


# -- numbers as written, ids whole, styles that outrank the host's ------------------------------


def test_an_estimate_is_worded_as_its_text_form() -> None:
    e = Estimate(
        partner="LT", indicator="turnover", flow="both", scope="", period="2030", period_kind="year", value=7000.0,
        interval=Interval(6999.5, 7000.5), unit="million USD", supporting=("a-2030-01-01/x",), rejected=(),
        derived=False,
    )  # fmt: skip
    seen = visible(split(estimates_html(Estimates.of((e,), (), {})))[0])
    assert "\n7000 million USD\n" in seen
    assert "[6999.5, 7000.5]" in seen
    assert "7000.0" not in seen


def test_every_estimate_value_cell_is_the_text_forms(ds: kzlt_trade.Dataset) -> None:
    est = kzlt_trade.reconcile(ds)
    cells = re.findall(r'<td class="num">([^<]*)</td><td class="num">', split(estimates_html(est, max_rows=None))[0])
    assert len(cells) == len(est)
    for cell, e in zip(cells, est, strict=True):
        assert f": {html.unescape(cell)} in {e.interval.format(6)}" in str(e)


def test_every_claim_id_is_in_an_unbreakable_code(ds: kzlt_trade.Dataset) -> None:
    report = kzlt_trade.check(ds)
    est = kzlt_trade.reconcile(ds, report=report)
    for fragment in (dataset_html(ds, max_rows=None), report_html(report), estimates_html(est)):
        body = split(fragment)[0]
        in_code = set(shown_ids(fragment))
        outside = re.sub(r'<(code|span) class="kzlt-id">[^<]+</(code|span)>', "", body)
        # Quotes are the sources' words; everything else that names a claim names it in a kzlt-id.
        outside = re.sub(r'<span class="quote">.*?</span>', "", outside, flags=re.DOTALL)
        assert CLAIM_ID.findall(outside) == []
        assert in_code
    assert ".kzlt-trade.kzlt-trade .kzlt-id {white-space: nowrap}" in dataset_html(ds)


def test_the_styles_outrank_the_host_without_important() -> None:
    from kzlt_trade.display import _CSS

    css = _CSS.removeprefix("<style>").removesuffix("</style>")
    rules = re.findall(r"^([^{}@/\n][^{}]*)\{", css, flags=re.MULTILINE)
    selectors = [s.strip() for rule in rules for s in rule.split(",") if s.strip()]
    assert selectors
    assert all(s.startswith(".kzlt-trade.kzlt-trade") for s in selectors), selectors
    assert "!important" not in _CSS
    # Cells are aligned by rules one type selector stronger than JupyterLab's (0,2,1).
    assert ".kzlt-trade.kzlt-trade table td" in _CSS
    # The marked figure: its colour and its background from one pair, set once for every theme.
    mark = re.search(r"\.kzlt-trade\.kzlt-trade mark \{([^}]*)\}", _CSS)
    assert mark is not None
    assert "color: var(--kzlt-mark-fg)" in mark.group(1)
    assert "background: var(--kzlt-mark-bg)" in mark.group(1)
    assert _CSS.count("--kzlt-mark-fg:") == _CSS.count("--kzlt-mark-bg:") == 1
    assert "@media (prefers-color-scheme: dark)" in _CSS
    for host in ("--jp-content-font-color1", "--jp-layout-color0", "--jp-border-color2", "--vscode-editor-foreground",
                 "--vscode-editor-background"):  # fmt: skip
        assert f"var({host}," in _CSS


def test_a_findings_label_is_coloured_by_its_severity(ds: kzlt_trade.Dataset) -> None:
    report = kzlt_trade.check(ds)
    labels = re.findall(r'<span class="kzlt-kind ([a-z-]*)">([A-Z_]+)</span> \((\w+)\)', report_html(report))
    assert len(labels) == len(report.findings)
    colour = {"error": "kzlt-error", "warning": "kzlt-warn", "notice": "kzlt-note", "info": ""}
    assert {(css, severity) for css, _, severity in labels} <= set(zip(colour.values(), colour, strict=True))
    assert {severity for _, _, severity in labels} >= {"error", "warning"}

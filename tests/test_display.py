"""Jupyter display: the HTML tables show the same facts as the text, and escape what they quote."""

from __future__ import annotations

import html
import re
from dataclasses import replace

import pytest

import kzlt_trade
from kzlt_trade.display import claim_html, dataset_html, estimates_html, finding_html, report_html
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
    body, text = split(dataset_html(ds))
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
    body, text = split(estimates_html(est))
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

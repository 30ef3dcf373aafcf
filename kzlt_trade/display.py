"""HTML for Jupyter: compact tables for claims, datasets, findings, reports and estimates.

Each ``*_html`` function returns one self-contained fragment: a table (or a few)
where a quote stands beside its figure and a finding shows its arithmetic,
followed by the object's plain text inside ``<pre>``, the same text ``str`` (or
``repr`` for a :class:`~kzlt_trade.model.Claim` or
:class:`~kzlt_trade.dataset.Dataset`) gives, as a fallback for front ends that
show no HTML. Every string that comes from the data is escaped with
:func:`html.escape`, so a quote holding ``<script>`` is shown, never run (xarray's
``formatting_html`` does the same).

Numbers are written exactly as the text forms write them (``Interval.format(6)``,
six significant digits for estimates), so the table and the text agree.

>>> from kzlt_trade import load
>>> fragment = claim_html(load().claim("mfa-2023-10-10/turnover-2022"))
>>> "<mark>584,3</mark>" in fragment and "[584.25, 584.35]" in fragment
True
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kzlt_trade.dataset import Dataset
    from kzlt_trade.model import Claim
    from kzlt_trade.results import Estimates, Finding, Report

__all__ = ["claim_html", "dataset_html", "estimates_html", "finding_html", "report_html"]

#: Rows shown in a dataset's claim table before the rest are summarised.
MAX_ROWS = 200

_KIND_COLOURS = {
    "contradiction": "#c81e1e",
    "tension": "#b45309",
    "period_label": "#b45309",
    "anomaly": "#1f4e9c",
    "ambiguity": "#555555",
    "resolved_ambiguity": "#555555",
}

# Scoped to the fragment's own class; a front end that strips <style> still shows plain tables.
_CSS = """<style>
.kzlt-trade table {border-collapse: collapse; margin: 0.3em 0 0.6em 0; font-size: 0.92em}
.kzlt-trade th, .kzlt-trade td {padding: 2px 8px; text-align: left; vertical-align: top;
  border-bottom: 1px solid rgba(127,127,127,0.25)}
.kzlt-trade td.num {text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap}
.kzlt-trade mark {background: #fff0a0; color: inherit; padding: 0 1px}
.kzlt-trade .quote {font-style: italic}
.kzlt-trade code {white-space: pre-wrap}
.kzlt-trade details pre {white-space: pre-wrap; font-size: 0.85em}
</style>"""


def _e(value: object) -> str:
    """Escape any value for HTML text and attributes."""
    return html.escape(str(value), quote=True)


def _wrap(body: str, text: str, *, title: str = "plain text") -> str:
    """The fragment: styles, the HTML body, and ``text`` in a ``<pre>`` fallback."""
    return (
        f'{_CSS}<div class="kzlt-trade">{body}'
        f"<details><summary>{_e(title)}</summary><pre>{_e(text)}</pre></details></div>"
    )


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    """A table from already escaped cells; columns in ``numeric`` are right-aligned."""
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _quote(quote: str, figure: str) -> str:
    """The quote, escaped, with the first occurrence of the figure's text marked."""
    at = quote.find(figure) if figure else -1
    if at < 0:
        return f'<span class="quote">“{_e(quote)}”</span>'
    before, after = quote[:at], quote[at + len(figure) :]
    return f'<span class="quote">“{_e(before)}<mark>{_e(figure)}</mark>{_e(after)}”</span>'


def _unit_of(claim: Claim, reading: str | None = None) -> str:
    from kzlt_trade.units import canonical_unit

    if claim.reading(reading).measure == "ratio":
        return "growth factor"
    return canonical_unit(claim.unit, claim.info.dimension)


# -- claims and datasets ------------------------------------------------------------------


def claim_html(claim: Claim) -> str:
    """One claim: its figure beside its words, every reading with its interval, its provenance.

    >>> from kzlt_trade import load
    >>> "ee-turnover-growth-2022" in claim_html(load().claim("kazinform-2023-02-24/ee-turnover-growth-2022"))
    True
    """
    c = claim
    what = f"KZ–{c.partner} {c.indicator}" + (f" [{c.scope}]" if c.scope else "") + f" ({c.flow})"
    rows = [
        ("figure", f"<strong>{_e(c.text)}</strong> {_e(c.unit)}" + ("" if c.hedge == "none" else f" ({_e(c.hedge)})")),
        ("quote", _quote(c.quote, c.text)),
        ("quantity", f"{_e(what)}, {_e(c.period.describe())}"),
        ("source", f"<code>{_e(c.source)}</code>, characters {c.start}..{c.end}"),
    ]
    if c.part_of:
        rows.append(("part of", f"<code>{_e(c.part_of)}</code>"))
    if c.note:
        rows.append(("note", _e(c.note)))
    facts = _table(["", ""], [(f"<strong>{_e(k)}</strong>", v) for k, v in rows])
    readings = _table(
        ["reading", "form", "period", "base", "interval", "unit", "why"],
        [
            (
                f"<code>{_e(r.name)}</code>" + (" (primary)" if i == 0 and c.is_ambiguous else ""),
                _e(r.form),
                _e(r.period),
                _e(r.base_period or ""),
                _e(c.interval(r.name).format(6)),
                _e(_unit_of(c, r.name)),
                _e(r.rationale),
            )
            for i, r in enumerate(c.readings)
        ],
        numeric=(4,),
    )
    return _wrap(f"<strong>Claim</strong> <code>{_e(c.id)}</code>{facts}{readings}", repr(c), title="repr")


def dataset_html(ds: Dataset) -> str:
    """The sources (with their hashes) and every claim's figure beside its quote.

    >>> from kzlt_trade import load
    >>> fragment = dataset_html(load())
    >>> fragment.count("<tr>") > len(load())
    True
    """
    sources = _table(
        ["source", "publisher", "published", "language", "claims", "sha256"],
        [
            (
                f"<code>{_e(s.id)}</code>",
                _e(s.publisher),
                _e(s.published.isoformat()),
                _e(s.language),
                str(sum(1 for c in ds if c.source == s.id)),
                f'<code title="{_e(s.sha256)}">{_e(s.sha256[:12])}…</code>',
            )
            for s in ds.source_records
        ],
        numeric=(4,),
    )
    shown = ds.claim_records[:MAX_ROWS]
    claims = _table(
        ["claim", "quantity", "period", "figure", "interval", "unit", "quote"],
        [
            (
                f"<code>{_e(c.id)}</code>",
                _e(f"{c.partner} {c.indicator}" + (f" [{c.scope}]" if c.scope else "")),
                _e(c.period if c.primary.base_period is None else f"{c.period} vs {c.primary.base_period}"),
                f"<strong>{_e(c.text)}</strong> {_e(c.unit)}",
                _e(c.interval().format(6)),
                _e(_unit_of(c)),
                _quote(c.quote, c.text),
            )
            for c in shown
        ],
        numeric=(4,),
    )
    more = "" if len(ds) <= MAX_ROWS else f"<p>… and {len(ds) - MAX_ROWS} more claims (see <code>ds.claims</code>).</p>"
    head = f"<strong>{_e(repr(ds))}</strong>"
    return _wrap(f"{head}<br>Sources{sources}Claims (primary reading){claims}{more}", repr(ds), title="repr")


# -- findings, reports and estimates --------------------------------------------------


def _finding_body(f: Finding) -> str:
    colour = _KIND_COLOURS.get(f.kind, "#555555")
    head = (
        f'<span style="color:{colour};font-weight:bold">{_e(f.kind.upper())}</span> '
        f"({_e(f.severity)}) <code>{_e(f.relation)}</code>: {_e(f.message)}"
    )
    arithmetic = f"<div><code>{_e(f.arithmetic)}</code></div>"
    rows = [
        (f"<code>{_e(c)}</code>", f"<code>{_e(r)}</code>", _e(iv.format(6)), f'<span class="quote">“{_e(q)}”</span>')
        for c, r, iv, q in zip(f.claims, f.readings, f.intervals, f.quotes, strict=True)
    ]
    table = _table(["claim", "reading", "interval", "quote"], rows, numeric=(2,))
    return f"<div>{head}</div>{arithmetic}{table}"


def finding_html(finding: Finding) -> str:
    """One finding: its kind and message, the arithmetic, and each figure with its words.

    >>> from kzlt_trade import check
    >>> "+28.54 %" in finding_html(check().contradictions[0])
    True
    """
    return _wrap(_finding_body(finding), str(finding))


def report_html(report: Report) -> str:
    """A report: the counts line, then every finding (most severe first) with its arithmetic.

    >>> from kzlt_trade import check
    >>> report_html(check()).count("CONTRADICTION") >= 2
    True
    """
    head = str(report).split("\n", 1)[0]
    body = "".join(f'<div style="margin-top:0.6em">{_finding_body(f)}</div>' for f in report)
    return _wrap(f"<strong>{_e(head)}</strong>{body}", str(report))


def estimates_html(estimates: Estimates) -> str:
    """Every quantity's best value and feasible interval, and the claims most likely wrong.

    >>> from kzlt_trade import reconcile
    >>> "584.297" in estimates_html(reconcile())
    True
    """
    from kzlt_trade.results import conflict_text

    wrong = ", ".join(f"<code>{_e(c)}</code>" for c in estimates.most_likely_wrong) or "none"
    conflicts = "".join(
        f"<li><code>{_e(c)}</code> "
        + (f"conflicts with {', '.join(f'<code>{_e(o)}</code>' for o in others)}" if others else _e(conflict_text(())))
        + "</li>"
        for c, others in estimates.conflicts.items()
    )
    rows = []
    for e in estimates:
        what = f"KZ–{e.partner} {e.indicator}" + (f" [{e.scope}]" if e.scope else "")
        what += " (outward)" if e.flow == "outward" else ""
        rows.append(
            (
                _e(what),
                _e(e.period),
                "unknown" if e.value is None else _e(f"{e.value:.6g}"),
                _e(e.interval.format(6)),
                _e(e.unit),
                "derived" if e.derived else "",
                "<br>".join(f"<code>{_e(c)}</code>" for c in e.supporting),
                "<br>".join(f"<code>{_e(c)}</code>" for c in e.rejected),
            )
        )
    table = _table(
        ["quantity", "period", "value", "interval", "unit", "", "supporting", "rejected"], rows, numeric=(2, 3)
    )
    head = f"<strong>{len(estimates)} quantities estimated</strong>; most likely wrong: {wrong}"
    return _wrap(f"{head}<ul>{conflicts}</ul>{table}", str(estimates))

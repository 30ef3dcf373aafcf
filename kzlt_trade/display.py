"""HTML for Jupyter: compact tables for claims, datasets, findings, reports and estimates.

Each ``*_html`` function returns one self-contained fragment: a table (or a few)
where a quote stands beside its figure and a finding shows its arithmetic,
followed by the object's plain text inside ``<pre>``, the same text ``str`` (or
``repr`` for a :class:`~kzlt_trade.model.Claim` or
:class:`~kzlt_trade.dataset.Dataset`) gives, as a fallback for front ends that
show no HTML. Every string that comes from the data is escaped with
:func:`html.escape`, so a quote holding ``<script>`` is shown, never run (xarray's
``formatting_html`` does the same).

Numbers are written exactly as the text forms write them (a claim's figure as
its text, ``Interval.format(6)``, an estimate as ``str(estimate)`` words it), so
the table and the text agree.

>>> from kzlt_trade import load
>>> fragment = claim_html(load().claim("mfa-2023-10-10/turnover-2022"))
>>> "<mark>584,3</mark>" in fragment and "[584.25, 584.35]" in fragment
True

Long tables are cut to :data:`options` ``.max_rows`` rows (the first and the
last half, with a row saying how many are left out between them); each function
also takes ``max_rows=`` for one call. ``None`` shows every row:

>>> import kzlt_trade.display
>>> kzlt_trade.display.options.max_rows
60
>>> ds = load()
>>> with kzlt_trade.display.options.context(max_rows=10):
...     f"… {len(ds) - 10} more claims …" in dataset_html(ds)
True
>>> "more claims" in dataset_html(ds, max_rows=None)
False

Styling: every rule is scoped to the fragment's own class, doubled
(``.kzlt-trade.kzlt-trade td``), so that it outranks a notebook's own table
rules (JupyterLab right-aligns every cell and stripes the rows) without
``!important``. Colours come from the host's CSS variables where it has them
(JupyterLab's ``--jp-*``, VS Code's ``--vscode-*``), else from a light palette,
or a dark one under ``prefers-color-scheme: dark``. The figure marked in its
quote takes its text and its background from one pair of variables, dark text
on yellow, readable on light and dark pages alike. Claim ids never wrap.
A front end that strips ``<style>`` still shows plain tables.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Final, TypeVar

from kzlt_trade.errors import UsageError
from kzlt_trade.rules import CLAIM_SLUG

if TYPE_CHECKING:
    from kzlt_trade.dataset import Dataset
    from kzlt_trade.model import Claim
    from kzlt_trade.results import Estimate, Estimates, Finding, Report

__all__ = [
    "DisplayOptions",
    "claim_html",
    "dataset_html",
    "estimates_html",
    "finding_html",
    "options",
    "report_html",
]

T = TypeVar("T")


class DisplayOptions:
    """Settings of the HTML tables, as pandas' ``display.max_rows``.

    The module holds one instance, :data:`options`; a ``*_html`` function's own
    ``max_rows=`` argument overrides it for one call.

    Examples
    --------
    >>> o = DisplayOptions()
    >>> o.max_rows
    60
    >>> o.max_rows = 0
    Traceback (most recent call last):
    ...
    kzlt_trade.errors.UsageError: max_rows=0 is not accepted: expected a whole number of rows >= 1, or None (all rows)
    """

    #: Rows of a table shown before it is cut (the default of :attr:`max_rows`).
    DEFAULT_MAX_ROWS: Final = 60

    def __init__(self, max_rows: int | None = DEFAULT_MAX_ROWS) -> None:
        self._max_rows: int | None = _checked_rows(max_rows)

    @property
    def max_rows(self) -> int | None:
        """Rows of a claim, finding or estimate table shown at most; ``None`` shows all.

        A longer table shows its first ``ceil(max_rows / 2)`` and last
        ``floor(max_rows / 2)`` rows, and between them a row "… N more claims …"
        that says how to see them all.
        """
        return self._max_rows

    @max_rows.setter
    def max_rows(self, value: int | None) -> None:
        self._max_rows = _checked_rows(value)

    @contextmanager
    def context(self, *, max_rows: int | None) -> Iterator[DisplayOptions]:
        """Set ``max_rows`` inside a ``with`` block only, and restore it after."""
        before = self._max_rows
        self.max_rows = max_rows
        try:
            yield self
        finally:
            self._max_rows = before

    def __repr__(self) -> str:
        return f"DisplayOptions(max_rows={self._max_rows!r})"


def _checked_rows(value: object) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
        return value
    raise UsageError("max_rows", value, "a whole number of rows >= 1, or None (all rows)")


#: The display settings of this session (see :class:`DisplayOptions`).
options = DisplayOptions()

#: How to see every row, as the cut tables say it.
_SEE_ALL = "kzlt_trade.display.options.max_rows = None shows all"

#: The CSS class of a finding's label by its severity's name (its colour); info findings are muted.
_SEVERITY_CLASS = {"error": "kzlt-error", "warning": "kzlt-warn", "notice": "kzlt-note"}

# Scoped to the fragment's doubled class (specificity 0,2,x) so that the host's single-class rules,
# such as JupyterLab's ":not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td {text-align: right}"
# (0,2,1) and ".jp-RenderedHTMLCommon tbody tr:nth-child(odd)" (0,2,2), lose whatever their order.
# Colours: the host's variables first (JupyterLab, then VS Code), then our own light or dark palette.
_CSS = """<style>
.kzlt-trade.kzlt-trade {
  --kzlt-fg: var(--jp-content-font-color1, var(--vscode-editor-foreground, #1f2328));
  --kzlt-muted: var(--jp-content-font-color2, var(--vscode-descriptionForeground, #57606a));
  --kzlt-bg: var(--jp-layout-color0, var(--vscode-editor-background, #ffffff));
  --kzlt-head-bg: var(--jp-layout-color2, var(--vscode-editorWidget-background, #eef0f3));
  --kzlt-rule: var(--jp-border-color2, var(--vscode-panel-border, rgba(127, 127, 127, 0.35)));
  --kzlt-error: var(--jp-error-color0, var(--vscode-errorForeground, #b91c1c));
  --kzlt-warn: var(--jp-warn-color0, var(--vscode-editorWarning-foreground, #9a4a00));
  --kzlt-note: var(--jp-brand-color0, var(--vscode-textLink-foreground, #1f4e9c));
  /* One pair for the marked figure, never taken apart: dark text on yellow. */
  --kzlt-mark-fg: #1a1a1a;
  --kzlt-mark-bg: #ffdf5d;
  color: var(--kzlt-fg);
  background: var(--kzlt-bg);
  line-height: 1.4;
}
@media (prefers-color-scheme: dark) {
  .kzlt-trade.kzlt-trade {
    --kzlt-fg: var(--jp-content-font-color1, var(--vscode-editor-foreground, #e6edf3));
    --kzlt-muted: var(--jp-content-font-color2, var(--vscode-descriptionForeground, #9da7b3));
    --kzlt-bg: var(--jp-layout-color0, var(--vscode-editor-background, #15181d));
    --kzlt-head-bg: var(--jp-layout-color2, var(--vscode-editorWidget-background, #2a2f37));
    --kzlt-error: var(--jp-error-color0, var(--vscode-errorForeground, #ff7b72));
    --kzlt-warn: var(--jp-warn-color0, var(--vscode-editorWarning-foreground, #f0a04b));
    --kzlt-note: var(--jp-brand-color0, var(--vscode-textLink-foreground, #79a6ff));
  }
}
.kzlt-trade.kzlt-trade table {border-collapse: collapse; border: none; margin: 0.3em 0 0.6em 0;
  table-layout: auto; font-size: 0.92em; color: inherit}
.kzlt-trade.kzlt-trade table thead {border-bottom: 1px solid var(--kzlt-rule)}
.kzlt-trade.kzlt-trade table th, .kzlt-trade.kzlt-trade table td {padding: 2px 8px; text-align: left;
  vertical-align: top; white-space: normal; line-height: 1.35; border: none;
  border-bottom: 1px solid var(--kzlt-rule); color: inherit}
.kzlt-trade.kzlt-trade table th {background: var(--kzlt-head-bg); font-weight: bold}
.kzlt-trade.kzlt-trade table td.num {text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap}
.kzlt-trade.kzlt-trade table td.more {text-align: center; color: var(--kzlt-muted); font-style: italic}
.kzlt-trade.kzlt-trade table tbody tr {background: transparent}
.kzlt-trade.kzlt-trade mark {color: var(--kzlt-mark-fg); background: var(--kzlt-mark-bg); padding: 0 1px;
  white-space: nowrap}
.kzlt-trade.kzlt-trade .quote {font-style: italic}
.kzlt-trade.kzlt-trade .kzlt-nowrap {white-space: nowrap}
.kzlt-trade.kzlt-trade .kzlt-id {white-space: nowrap}
.kzlt-trade.kzlt-trade .kzlt-arithmetic {white-space: pre-wrap}
.kzlt-trade.kzlt-trade .kzlt-kind {font-weight: bold; color: var(--kzlt-muted)}
.kzlt-trade.kzlt-trade .kzlt-error {color: var(--kzlt-error)}
.kzlt-trade.kzlt-trade .kzlt-warn {color: var(--kzlt-warn)}
.kzlt-trade.kzlt-trade .kzlt-note {color: var(--kzlt-note)}
.kzlt-trade.kzlt-trade .more {color: var(--kzlt-muted); font-style: italic}
.kzlt-trade.kzlt-trade details pre {white-space: pre-wrap; font-size: 0.85em; color: inherit;
  background: transparent}
</style>"""


def _e(value: object) -> str:
    """Escape any value for HTML text and attributes."""
    return html.escape(str(value), quote=True)


def _id(value: str) -> str:
    """A claim or source id, escaped, in a ``<code>`` that never wraps."""
    return f'<code class="kzlt-id">{_e(value)}</code>'


def _wrap(body: str, text: str, *, title: str = "plain text") -> str:
    """The fragment: styles, the HTML body, and ``text`` in a ``<pre>`` fallback."""
    return (
        f'{_CSS}<div class="kzlt-trade">{body}'
        f"<details><summary>{_e(title)}</summary><pre>{_e(text)}</pre></details></div>"
    )


def _rows_shown(max_rows: object) -> int | None:
    """``max_rows`` as given to a function: the session's option when not given."""
    return options.max_rows if max_rows is _UNSET else _checked_rows(max_rows)


class _Unset:
    def __repr__(self) -> str:
        return "options.max_rows"


#: ``max_rows`` not given: the session's :data:`options` decide.
_UNSET: Final = _Unset()


def _cut(items: Sequence[T], max_rows: int | None) -> tuple[Sequence[T], int, Sequence[T]]:
    """The head, the number left out, and the tail of ``items`` shown in ``max_rows`` rows."""
    if max_rows is None or len(items) <= max_rows:
        return items, 0, ()
    head = (max_rows + 1) // 2
    tail = max_rows - head
    return items[:head], len(items) - max_rows, items[len(items) - tail :]


def _more(n: int, noun: str) -> str:
    """What a cut table says where rows are left out."""
    return f"… {n} more {noun} … ({_SEE_ALL})"


def _table(
    header: Sequence[str],
    rows: Sequence[T],
    cells: Callable[[T], Sequence[str]],
    *,
    numeric: Sequence[int] = (),
    noun: str = "rows",
    max_rows: int | None = None,
) -> str:
    """A table of ``rows``, each made into already escaped cells by ``cells``, cut to ``max_rows``.

    Columns in ``numeric`` are right-aligned.
    """

    def tr(row: T) -> str:
        return (
            "<tr>"
            + "".join(
                f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(cells(row))
            )
            + "</tr>"
        )

    head, left_out, tail = _cut(rows, max_rows)
    body = "".join(tr(r) for r in head)
    if left_out:
        body += f'<tr><td class="more" colspan="{len(header)}">{_e(_more(left_out, noun))}</td></tr>'
        body += "".join(tr(r) for r in tail)
    heading = "".join(f"<th>{h}</th>" for h in header)
    return f"<table><thead><tr>{heading}</tr></thead><tbody>{body}</tbody></table>"


def _quote(quote: str, figure: str) -> str:
    """The quote, escaped, with the first occurrence of the figure's text marked."""
    at = quote.find(figure) if figure else -1
    if at < 0:
        return f'<span class="quote">“{_e(quote)}”</span>'
    before, after = quote[:at], quote[at + len(figure) :]
    return f'<span class="quote">“{_e(before)}<mark>{_e(figure)}</mark>{_e(after)}”</span>'


def unit_of(claim: Claim, reading: str | None = None) -> str:
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
        ("source", f"{_id(c.source)}, characters {c.start}..{c.end}"),
    ]
    if c.part_of:
        rows.append(("part of", _id(c.part_of)))
    if c.note:
        rows.append(("note", _e(c.note)))
    facts = _table(["", ""], rows, lambda kv: (f"<strong>{_e(kv[0])}</strong>", kv[1]))
    readings = _table(
        ["reading", "form", "period", "base", "interval", "unit", "why"],
        list(enumerate(c.readings)),
        lambda ir: (
            f"<code>{_e(ir[1].name)}</code>" + (" (primary)" if ir[0] == 0 and c.is_ambiguous else ""),
            _e(ir[1].form),
            _e(ir[1].period),
            _e(ir[1].base_period or ""),
            _e(c.interval(ir[1].name).format(6)),
            _e(unit_of(c, ir[1].name)),
            _e(ir[1].rationale),
        ),
        numeric=(4,),
    )
    return _wrap(f"<strong>Claim</strong> {_id(c.id)}{facts}{readings}", repr(c), title="repr")


def dataset_html(ds: Dataset, *, max_rows: int | _Unset | None = _UNSET) -> str:
    """The sources (with their hashes) and every claim's figure beside its quote.

    Parameters
    ----------
    ds
        The dataset.
    max_rows
        Rows of each table shown at most (``None``: all); by default
        :data:`options` ``.max_rows``.

    >>> from kzlt_trade import load
    >>> ds = load()
    >>> dataset_html(ds, max_rows=None).count("<tr>") > len(ds)
    True
    """
    limit = _rows_shown(max_rows)
    per_source: dict[str, int] = {}
    for c in ds:
        per_source[c.source] = per_source.get(c.source, 0) + 1
    sources = _table(
        ["source", "publisher", "published", "language", "claims", "sha256"],
        ds.source_records,
        lambda s: (
            _id(s.id),
            _e(s.publisher),
            f'<span class="kzlt-nowrap">{_e(s.published.isoformat())}</span>',
            _e(s.language),
            str(per_source.get(s.id, 0)),
            f'<code title="{_e(s.sha256)}">{_e(s.sha256[:12])}…</code>',
        ),
        numeric=(4,),
        noun="sources",
        max_rows=limit,
    )
    claims = _table(
        ["claim", "quantity", "period", "figure", "interval", "unit", "quote"],
        ds.claim_records,
        lambda c: (
            _id(c.id),
            _e(f"{c.partner} {c.indicator}" + (f" [{c.scope}]" if c.scope else "")),
            _e(c.period if c.primary.base_period is None else f"{c.period} vs {c.primary.base_period}"),
            f"<strong>{_e(c.text)}</strong> {_e(c.unit)}",
            _e(c.interval().format(6)),
            _e(unit_of(c)),
            _quote(c.quote, c.text),
        ),
        numeric=(4,),
        noun="claims",
        max_rows=limit,
    )
    head = f"<strong>{_e(repr(ds))}</strong>"
    return _wrap(f"{head}<br>Sources{sources}Claims (primary reading){claims}", repr(ds), title="repr")


# -- findings, reports and estimates --------------------------------------------------


#: A claim id inside a finding's words: ``<source id>/<slug>`` (see :func:`kzlt_trade.rules.claim_id`).
_ID_IN_TEXT = re.compile(rf"(?<![\w./-])[A-Za-z0-9][A-Za-z0-9_.-]*/{CLAIM_SLUG.pattern}")


def _with_ids(text: str) -> str:
    """``text`` escaped, each claim id in it kept whole (in a span that never wraps)."""
    return _ID_IN_TEXT.sub(lambda m: f'<span class="kzlt-id">{m.group(0)}</span>', _e(text))


def _finding_body(f: Finding) -> str:
    label = f'<span class="kzlt-kind {_SEVERITY_CLASS.get(str(f.severity), "")}">{_e(f.kind.upper())}</span>'
    head = f"{label} ({_e(f.severity)}) <code>{_e(f.relation)}</code>: {_with_ids(f.message)}"
    arithmetic = f'<div><code class="kzlt-arithmetic">{_with_ids(f.arithmetic)}</code></div>'
    table = _table(
        ["claim", "reading", "interval", "quote"],
        list(zip(f.claims, f.readings, f.intervals, f.quotes, strict=True)),
        lambda row: (_id(row[0]), f"<code>{_e(row[1])}</code>", _e(row[2].format(6)), _quote(row[3], "")),
        numeric=(2,),
    )
    return f"<div>{head}</div>{arithmetic}{table}"


def finding_html(finding: Finding) -> str:
    """One finding: its kind and message, the arithmetic, and each figure with its words.

    >>> from kzlt_trade import check
    >>> f = check().contradictions[0]
    >>> all(iv.format(6) in finding_html(f) for iv in f.intervals)
    True
    """
    return _wrap(_finding_body(finding), str(finding))


def report_html(report: Report, *, max_rows: int | _Unset | None = _UNSET) -> str:
    """A report: the counts line, then every finding (most severe first) with its arithmetic.

    Parameters
    ----------
    report
        The report.
    max_rows
        Findings shown at most (``None``: all); by default :data:`options` ``.max_rows``.

    >>> from kzlt_trade import check
    >>> report_html(check()).count("CONTRADICTION") >= 2
    True
    >>> report = check()
    >>> f"… {len(report.findings) - 2} more findings …" in report_html(report, max_rows=2)
    True
    """
    head_line = str(report).split("\n", 1)[0]
    first, left_out, last = _cut(report.findings, _rows_shown(max_rows))

    def block(f: Finding) -> str:
        return f'<div style="margin-top:0.6em">{_finding_body(f)}</div>'

    body = "".join(block(f) for f in first)
    if left_out:
        body += f'<p class="more">{_e(_more(left_out, "findings"))}</p>' + "".join(block(f) for f in last)
    return _wrap(f"<strong>{_e(head_line)}</strong>{body}", str(report))


def estimate_words(e: Estimate) -> tuple[str, str]:
    """The quantity and the value of an estimate as its text form words them.

    Cut from ``str(e)`` ("KZ–LT turnover 2022: 584.297 million USD in [584.25, 584.35]"),
    so that a table (this module's, the command line's) and the text always agree:
    "584.297 million USD", "among the top 10", "1st place".

    >>> from kzlt_trade import reconcile
    >>> e = reconcile().get("LT", "turnover", "2023")
    >>> quantity, value = estimate_words(e)
    >>> quantity, value == f"{e.value:.6g} million USD"
    ('KZ–LT turnover', True)
    """
    quantity, _, rest = str(e).partition(f" {e.period}: ")
    return quantity, rest.rpartition(f" in {e.interval.format(6)}")[0]


def _estimate_cells(e: Estimate) -> tuple[str, ...]:
    quantity, value = estimate_words(e)
    return (
        _e(quantity),
        _e(e.period),
        _e(value),
        _e(e.interval.format(6)),
        "derived" if e.derived else "",
        "<br>".join(_id(c) for c in e.supporting),
        "<br>".join(_id(c) for c in e.rejected),
    )


def estimates_html(estimates: Estimates, *, max_rows: int | _Unset | None = _UNSET) -> str:
    """Every quantity's best value and feasible interval, and the claims most likely wrong.

    Parameters
    ----------
    estimates
        The estimates.
    max_rows
        Quantities shown at most (``None``: all); by default :data:`options` ``.max_rows``.

    >>> from kzlt_trade import reconcile
    >>> est = reconcile()
    >>> f"{est.get('LT', 'turnover', '2022').value:.6g} million USD" in estimates_html(est)
    True
    """
    from kzlt_trade.results import conflict_text

    limit = _rows_shown(max_rows)
    wrong = ", ".join(_id(c) for c in estimates.most_likely_wrong) or "none"
    conflicts = "".join(
        f"<li>{_id(c)} "
        + (f"conflicts with {', '.join(_id(o) for o in others)}" if others else _e(conflict_text(())))
        + "</li>"
        for c, others in estimates.conflicts.items()
    )
    table = _table(
        ["quantity", "period", "value", "interval", "", "supporting", "rejected"],
        list(estimates),
        _estimate_cells,
        numeric=(2, 3),
        noun="quantities",
        max_rows=limit,
    )
    head = f"<strong>{len(estimates)} quantities estimated</strong>; most likely wrong: {wrong}"
    return _wrap(f"{head}<ul>{conflicts}</ul>{table}", str(estimates))

"""The fact-check report as one self-contained HTML page.

:func:`write_report` checks and reconciles a dataset (or takes the results given),
draws each partner's charts, sets the yearly figures against the official
statistics and writes ``index.html`` into a folder: the verdict first, then each
partner's charts, findings, claims and estimates, the official and mirror
comparisons, and the provenance of every source and official file. The page
needs no network and no JavaScript: its styles are inline, its charts inline SVG,
and one small script (allowed by the page's Content Security Policy by its hash,
and nothing else is) adds filtering of the findings by kind.

The page is written with Jinja2 from the templates under
``kzlt_trade/webreport/templates/``, with autoescaping on: every string from the
data is escaped where it is placed. The records it places are built in
:mod:`kzlt_trade.webreport.context` (verdict, findings, claims, estimates),
:mod:`kzlt_trade.webreport.comparisons` (official and mirror figures) and
:mod:`kzlt_trade.webreport.provenance` (the appendix); the charts in
:mod:`kzlt_trade.webreport.charts`.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import os
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kzlt_trade.errors import UsageError, UsageTypeError
from kzlt_trade.vocabulary import Rounding, expect
from kzlt_trade.webreport import comparisons, provenance
from kzlt_trade.webreport import context as cx
from kzlt_trade.webreport.charts import Chart, mirror_charts, partner_charts
from kzlt_trade.webreport.text import claim_anchor, source_anchor

if TYPE_CHECKING:
    import jinja2
    import pandas as pd

    from kzlt_trade.dataset import Dataset
    from kzlt_trade.results import Estimates, Report

__all__ = ["STEPS", "write_report"]

#: The steps :func:`write_report` reports to ``progress``, in order: each line starts with
#: its step's name and a colon.
STEPS = ("loading", "checking", "reconciling", "comparing", "charts", "writing")

#: The page's file name inside the report folder.
PAGE = "index.html"


def write_report(
    data: Dataset | None = None,
    out: str | Path = "report",
    *,
    rounding: Rounding = "nearest",
    report: Report | None = None,
    estimates: Estimates | None = None,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Write the fact-check report of ``data`` to ``out/index.html`` and return that path.

    Parameters
    ----------
    data
        A dataset from :func:`kzlt_trade.load`; ``None`` for the bundled data.
    out
        The report's folder, created with its parents if need be; ``index.html``
        in it is replaced (written to a temporary file first, then renamed).
    rounding
        How writers rounded, for the check (see :func:`kzlt_trade.check`) and the
        official comparison. A ``report`` given must have been checked with it.
    report
        The :func:`kzlt_trade.check` of ``data``; checked only when not given.
    estimates
        The :func:`kzlt_trade.reconcile` of ``data``; reconciled (from ``report``)
        only when not given. ``report`` and ``estimates`` must come from ``data``.
    progress
        Called with one line per step, before the step: each line starts with the
        step's name (:data:`STEPS`) and a colon, e.g. ``"checking: 47 claims, nearest rounding"``.

    Returns
    -------
    pathlib.Path
        The page written, ``out/index.html``.

    Raises
    ------
    UsageTypeError
        For an argument of a type not accepted.
    UsageError
        For an unknown rounding mode, a ``report`` checked with another rounding, results
        that name claims ``data`` does not hold, or a folder ``out`` that cannot be
        created or written (the message names it and says why).

    Examples
    --------
    >>> import tempfile
    >>> from kzlt_trade import load
    >>> from kzlt_trade.webreport import write_report
    >>> press = load(official=False)  # the press figures alone
    >>> lines = []
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     page = write_report(press, folder, progress=lines.append)
    ...     print(page.name, page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>"))
    index.html True
    >>> [line.split(":")[0] for line in lines]
    ['loading', 'checking', 'reconciling', 'comparing', 'charts', 'writing']
    """
    from kzlt_trade.checker import check, rounding_arg
    from kzlt_trade.dataset import Dataset
    from kzlt_trade.io import load
    from kzlt_trade.official import compare_official, load_official
    from kzlt_trade.reconciler import reconcile
    from kzlt_trade.results import Estimates, Report

    if data is not None:
        expect("data", data, Dataset, "a Dataset, e.g. kzlt_trade.load(folder), or None for the bundled data")
    expect("out", out, (str, Path), "a folder path (str or pathlib.Path), e.g. 'report'")
    mode = rounding_arg(rounding)
    if report is not None:
        expect("report", report, Report, "a Report from kzlt_trade.check(data), or None")
        if report.rounding != mode:
            raise UsageError("rounding", mode, f"the rounding the given report was checked with, {report.rounding!r}")
    if estimates is not None:
        expect("estimates", estimates, Estimates, "Estimates from kzlt_trade.reconcile(data), or None")
    if progress is not None and not callable(progress):
        raise UsageTypeError("progress", progress, "a function taking one str (e.g. print), or None")
    say: Callable[[str], None] = progress if progress is not None else _quiet
    folder = _folder(Path(out))

    say("loading: the bundled data" if data is None else f"loading: the given dataset ({len(data)} claims)")
    ds = load() if data is None else data
    _same_data(ds, report, estimates)
    if report is None:
        say(f"checking: {len(ds)} claims, {mode} rounding")
        report = check(ds, rounding=mode)
    else:
        say(f"checking: the given report ({len(report)} findings)")
    if estimates is None:
        say("reconciling: from the check")
        estimates = reconcile(ds, report=report)
    else:
        say(f"reconciling: the given estimates ({len(estimates)} quantities)")
    office = _official_folder(ds)
    say(f"comparing: with the official statistics of {office} and the partners' mirror figures")
    official = compare_official(ds, load_official(office), rounding=mode)
    mirror, why_not = _mirror_frame(ds)
    partners = _partners(ds, report)
    say(f"charts: for {len(partners)} partners" + ("" if mirror is None else " and the mirror figures"))
    views = [_partner_view(ds, p, report, estimates) for p in partners]
    mirrors = () if mirror is None or mirror.empty else mirror_charts(mirror)
    target = folder / PAGE
    say(f"writing: {target}")
    page = _render(ds, report, estimates, official, office, (mirror, why_not), views, mirrors)
    _write(target, page)
    return target


def _same_data(ds: Dataset, report: Report | None, estimates: Estimates | None) -> None:
    """Refuse given results that name claims ``ds`` does not hold: they were computed from other data."""
    named: dict[str, set[str]] = {"report": set(), "estimates": set()}
    if report is not None:
        named["report"] = {c for f in report for c in f.claims}
    if estimates is not None:
        ids = {c for column in ("supporting", "rejected") for row in estimates.table[column] for c in row}
        named["estimates"] = ids | set(estimates.most_likely_wrong)
    for what, claims in named.items():
        foreign = sorted(c for c in claims if c not in ds)
        if foreign:
            shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
            raise UsageError(what, f"results naming {shown}", "results of the same data: these claims are not in it")


def _official_folder(ds: Dataset) -> Path:
    """The official statistics the report compares with: the data folder's ``official/``, else the bundled one.

    The same folder that :func:`kzlt_trade.load` and :func:`kzlt_trade.mirror.mirror_table` take
    the official figures from, so that the comparison, the mirror table and the appendix agree.
    """
    from kzlt_trade.io import bundled_data_path
    from kzlt_trade.official import OFFICIAL_FILE

    own = None if ds.path is None else ds.path / "official"
    return own if own is not None and (own / OFFICIAL_FILE).is_file() else bundled_data_path() / "official"


def _quiet(line: str) -> None:
    """The ``progress`` of a caller who asked for none."""


def _folder(folder: Path) -> Path:
    """``folder``, created with its parents; a :class:`UsageError` naming it when that cannot be done."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError("out", str(folder), f"a folder that can be created ({exc.strerror or exc})") from exc
    if not folder.is_dir():
        raise UsageError("out", str(folder), "a folder (this is a file)")
    return folder


def _write(target: Path, page: str) -> None:
    """Write ``page`` to ``target`` through a temporary file in the same folder, so no half page is ever seen."""
    try:
        fd, temporary = tempfile.mkstemp(prefix=".index-", suffix=".html", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
                f.write(page)
            os.chmod(temporary, 0o644)  # mkstemp makes the file private; the page is for reading
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise UsageError("out", str(target.parent), f"a folder that can be written ({exc.strerror or exc})") from exc


def _mirror_frame(ds: Dataset) -> tuple[pd.DataFrame | None, str]:
    """The mirror table of ``ds``, or ``None`` and why, while ``kzlt_trade.mirror`` is not part of the library."""
    import importlib

    try:
        mirror = importlib.import_module("kzlt_trade.mirror")
    except ModuleNotFoundError as exc:
        if exc.name != "kzlt_trade.mirror":
            raise  # the module exists and something it imports is missing: a real error
        return None, "The mirror comparison is not available: this version of kzlt_trade has no kzlt_trade.mirror."
    table: Callable[[Dataset], pd.DataFrame] = mirror.mirror_table
    return table(ds), ""


def _partners(ds: Dataset, report: Report) -> list[str]:
    """The partners the claims and findings are about, the bundled data's first, in their order."""
    from kzlt_trade.plot._common import partner_order

    return sorted({c.partner for c in ds} | {f.partner for f in report if f.partner}, key=partner_order)


@functools.cache
def _environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kzlt_trade.webreport", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a name the template expects and the code forgot fails, never blank
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["claim_anchor"] = claim_anchor
    env.filters["source_anchor"] = source_anchor
    return env


def _asset(name: str) -> str:
    """A file shipped beside the templates (the style sheet, the script)."""
    return resources.files("kzlt_trade.webreport").joinpath("templates", name).read_text(encoding="utf-8")


def _partner_view(ds: Dataset, partner: str, report: Report, estimates: Estimates) -> dict[str, Any]:
    """What the page shows of one partner: its charts, findings, claims and estimates."""
    from kzlt_trade.partners import label

    return {
        "code": partner,
        "label": label(partner),
        "charts": partner_charts(ds, partner, report, estimates),
        "findings": cx.findings_context(ds, (f for f in report if f.partner == partner)),
        "claims": cx.claims_context(ds, (c for c in ds if c.partner == partner), estimates.most_likely_wrong),
        "estimates": cx.estimates_context(e for e in estimates if e.partner == partner),
    }


def _render(
    ds: Dataset,
    report: Report,
    estimates: Estimates,
    official: pd.DataFrame,
    office: Path,
    mirror: tuple[pd.DataFrame | None, str],
    partners: list[dict[str, Any]],
    mirror_figures: tuple[Chart, ...] = (),
) -> str:
    """The page.

    ``partners`` are the partners' views (:func:`_partner_view`), ``mirror`` the mirror table
    (or ``None``) and why there is none, ``mirror_figures`` its charts.
    """
    from markupsafe import Markup

    from kzlt_trade import __version__
    from kzlt_trade.vocabulary import KINDS

    script = _asset("filter.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    values: dict[str, Any] = {
        "version": __version__,
        "written": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "css": Markup(_asset("report.css")),  # our own file, shipped with the package
        "script": Markup(script),  # our own file, shipped with the package
        "script_hash": f"sha256-{digest}",
        "summary": cx.summary_context(ds, report, estimates, [p["code"] for p in partners]),
        "kinds": [k for k in KINDS if report.of_kind(k)],
        "partners": partners,
        "official": comparisons.official_context(official, report.rounding),
        "mirror": comparisons.mirror_context(*mirror),
        "mirror_charts": mirror_figures,
        "sources": provenance.sources_context(ds),
        "official_files": provenance.official_files_context(office / "datapackage.json"),
    }
    return _environment().get_template("report.html.j2").render(values)

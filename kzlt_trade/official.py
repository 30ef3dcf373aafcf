"""The official figures, and how the press figures compare with them.

Kazakhstan's Bureau of National Statistics (BNS, of the Agency for Strategic
Planning and Reforms) publishes every year a workbook of the country's foreign
trade by partner, «Основные показатели внешней торговли (по странам)».
``data/official/bns_trade_by_partner.csv`` holds its figures for Lithuania,
Romania, Estonia and the EU block, one row per workbook, sheet and partner, in
thousand US dollars exactly as the cells store them; ``data/official/README.md``
gives the provenance (file names, SHA-256 of each workbook) and
``tools/extract_official.py`` regenerates the CSV from the workbooks. The
library reads only the CSV, never the workbooks.

:func:`load_official` reads and validates the CSV; :func:`compare_official`
sets every yearly turnover, export and import claim, under each of its
readings, against the latest official figure.

>>> off = load_official()
>>> row = off[(off.partner == "LT") & (off.year == 2021) & off.latest].iloc[0]
>>> float(row.turnover), row.source_file
(453.84140379, 'Основные показатели внешней торговли по странам_2022.xls')
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from kzlt_trade.bns import (
    OFFICIAL_COLUMNS,
    OFFICIAL_FILE,
    OFFICIAL_INDICATORS,
    OFFICIAL_PARTNERS,
    _read,
    eu_coverage,
)
from kzlt_trade.errors import DataFileError, Problem, UsageError
from kzlt_trade.files import bundled_data_path
from kzlt_trade.units import factor
from kzlt_trade.vocabulary import Rounding, expect

if TYPE_CHECKING:
    import pandas as pd

    from kzlt_trade.dataset import Dataset
    from kzlt_trade.model import Claim, Reading

__all__ = [
    "COMPARISON_COLUMNS",
    "OFFICIAL_COLUMNS",
    "OFFICIAL_FILE",
    "OFFICIAL_INDICATORS",
    "OFFICIAL_PARTNERS",
    "STATUSES",
    "Status",
    "compare_official",
    "format_comparison",
    "load_official",
]

#: What the comparison of one claim reading with the official figure found.
#:
#: ``agrees``               the official value lies in the claim's strict interval
#:                          (the ``rounding`` asked for).
#: ``agrees_if_truncated``  only in its wide interval (either rounding): the figure
#:                          matches if the writer cut the digits instead of rounding
#:                          (with ``rounding="nearest"``).
#: ``agrees_if_rounded``    the same with ``rounding="truncate"``: it matches only if
#:                          the writer rounded to the nearest value.
#: ``differs``              outside both intervals.
#: ``no_official_figure``   the official file has no figure for a year the reading needs.
Status = Literal["agrees", "agrees_if_truncated", "agrees_if_rounded", "differs", "no_official_figure"]
STATUSES: tuple[Status, ...] = get_args(Status)

#: Columns of :func:`compare_official`, in order.
COMPARISON_COLUMNS = (
    "claim", "reading", "primary", "partner", "indicator", "measure", "form", "period", "base_period",
    "text", "unit", "quote", "stated", "interval", "low", "high", "wide_interval", "wide_low", "wide_high",
    "official_value", "official_source", "coverage", "coverage_mismatch", "status", "difference_pct", "note",
)  # fmt: skip


def load_official(path: str | Path | None = None) -> pd.DataFrame:
    """Read and validate the official figures (the bundled ``data/official/`` when ``path`` is ``None``).

    Parameters
    ----------
    path
        The CSV file, or a folder holding :data:`OFFICIAL_FILE`.

    Returns
    -------
    pandas.DataFrame
        One row per (workbook, sheet, partner): the columns of :data:`OFFICIAL_COLUMNS`
        with ``turnover``, ``exports`` and ``imports`` converted to **million US dollars**
        (float64; the exact decimal text divided by 1000 and rounded once),
        ``published`` a datetime (``NaT`` where the workbook states no date), and
        ``latest``: ``True`` for the latest revision of each (partner, year), the row
        from the newest edition holding it.

    Raises
    ------
    DataFileError
        Listing every problem in the file (row, field, value and what was expected):
        an unknown partner, a value that is not a plain decimal number, a
        (partner, year, source_file) given twice, a revision number out of edition
        order, or a turnover that is not exports + imports. The sum is allowed to
        miss by half a unit of the last written digit of each of the three values
        (BNS rounds: the 2018 sheet to 0.1 thousand), and always by
        :data:`kzlt_trade.bns.SUM_TOLERANCE`.
    UsageTypeError
        When ``path`` is neither a str, a path nor ``None``.

    Examples
    --------
    >>> off = load_official()
    >>> sorted(off.partner.unique()), int(off.year.min()), int(off.year.max())
    (['EE', 'EU', 'LT', 'RO'], 2018, 2023)
    >>> off[(off.partner == "EU") & off.latest].set_index("year").coverage.to_dict()[2023]
    'EU27'
    """
    import pandas as pd

    if path is not None:
        expected = "the official CSV file or a folder holding it (a str or a pathlib.Path), or None"
        expect("path", path, (str, os.PathLike), expected)
    target = bundled_data_path() / "official" if path is None else Path(path)
    file = target / OFFICIAL_FILE if target.is_dir() else target
    folder = str(file.parent)
    if not file.is_file():
        raise DataFileError([Problem(file.name, None, None, None, f"the file {file.name} in {folder}")], folder=folder)
    rows, problems = _read(file)
    if problems:
        raise DataFileError(problems, folder=folder)

    newest: dict[tuple[str, int], int] = {}
    for r in rows:
        key = (r.partner, r.year)
        newest[key] = max(newest.get(key, r.edition), r.edition)
    frame = pd.DataFrame(
        {
            "partner": pd.Categorical([r.partner for r in rows], categories=list(OFFICIAL_PARTNERS)),
            "year": pd.array([r.year for r in rows], dtype="int64"),
            "coverage": pd.array([r.coverage for r in rows], dtype="string"),
            **{
                ind: pd.array([float(r.amounts[ind] / 1000) for r in rows], dtype="float64")
                for ind in OFFICIAL_INDICATORS
            },
            "source_file": pd.array([r.source_file for r in rows], dtype="string"),
            "sheet": pd.array([r.sheet for r in rows], dtype="string"),
            "xls_row": pd.array([r.xls_row for r in rows], dtype="int64"),
            "edition": pd.array([r.edition for r in rows], dtype="int64"),
            "published": pd.to_datetime(pd.Series([r.published for r in rows], dtype="object")),
            "revision": pd.array([r.revision for r in rows], dtype="int64"),
            "latest": pd.array([r.edition == newest[(r.partner, r.year)] for r in rows], dtype="bool"),
        }
    )
    frame.attrs["unit"] = "million USD"
    return frame


# -- comparing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Figure:
    """The latest official figures of one partner and year, million USD."""

    amounts: dict[str, float]
    source: str
    coverage: str


def compare_official(
    ds: Dataset | None = None,
    official: pd.DataFrame | None = None,
    *,
    rounding: Rounding = "nearest",
) -> pd.DataFrame:
    """Set every yearly trade claim, under each of its readings, against the official figure.

    A claim takes part when its indicator is turnover, exports or imports and its
    partner is LT, RO, EE or EU; each of its readings takes part when its period is
    a calendar year and so is its base period, if it has one. Parts of a year and
    cumulative windows have no official counterpart in the yearly workbooks. A
    *level* reading is compared with the official level of its year, a *change*
    reading with level(t) − level(base), a *ratio* reading (percent increase,
    times...) with level(t) / level(base); the official figures are always the
    latest revision (:func:`load_official`'s ``latest``).

    BNS publishes each year twice, and earlier figures (press releases often quote
    the preliminary figures of the first weeks of the next year) may differ from
    both. A press figure that differs from the final figure may therefore be a
    preliminary figure rather than an error: the status says only whether the
    figures agree, not who is wrong.

    Parameters
    ----------
    ds
        A dataset from :func:`kzlt_trade.load` (the bundled one by default).
    official
        A frame from :func:`load_official` (the bundled one by default).
    rounding
        How writers rounded, for the strict interval: ``"nearest"`` (default),
        ``"truncate"`` or ``"either"``. The wide interval always allows either.

    Returns
    -------
    pandas.DataFrame
        One row per (claim, reading), in claim order; see :data:`COMPARISON_COLUMNS`.
        ``stated`` is the number the words give under the reading (million USD for
        levels and changes, the growth factor for ratios), ``interval``/``low``/``high``
        the claim's strict interval (``claim.interval(reading, rounding=rounding)``),
        ``wide_*`` its interval under either rounding, ``official_value`` the official
        counterpart in the same unit, ``official_source`` the workbook and sheet of each
        official figure used, ``coverage`` the EU block's membership in those figures
        (``EU28``/``EU27``, empty for a country), ``coverage_mismatch`` whether it differs
        from the EU of that year (28 members in 2014–2019, 27 from 2020), ``status`` one of
        :data:`STATUSES`, ``difference_pct`` = (official − stated) / stated × 100 (positive
        when the official figure is higher), and ``note`` what a reader should know.

    Raises
    ------
    UsageTypeError
        For an argument of a type not accepted (a path for ``official``: load it
        with :func:`load_official` first).
    UsageError
        For an unknown rounding mode, or a frame that is not one of :func:`load_official`.

    Examples
    --------
    >>> cmp = compare_official()
    >>> lt = cmp[cmp.claim == "mfa-2023-10-10/turnover-2022"].iloc[0]
    >>> lt.interval, round(float(lt.official_value), 3), lt.status, round(float(lt.difference_pct), 2)
    ('[584.25, 584.35]', 585.942, 'differs', 0.28)
    >>> ee = cmp[cmp.claim == "kazinform-2023-02-24/ee-turnover-growth-2022"]
    >>> ee[["reading", "status"]].to_numpy().tolist()
    [['times', 'agrees_if_truncated'], ['times_increase', 'differs']]
    """
    import pandas as pd

    from kzlt_trade.checker import rounding_arg
    from kzlt_trade.dataset import Dataset
    from kzlt_trade.io import load

    if ds is not None:
        expect("ds", ds, Dataset, "a Dataset, e.g. kzlt_trade.load(folder), or None")
    if official is not None:
        expect("official", official, pd.DataFrame, "a DataFrame from kzlt_trade.load_official(), or None")
    rounding_arg(rounding)
    # The press figures: the office's own claims (kzlt_trade.official_claims) are what they are compared with.
    ds = (load() if ds is None else ds).press
    figures = _latest_figures(load_official() if official is None else official)
    rows = [
        _compare(c, r, figures, rounding)
        for c in ds
        if c.indicator in OFFICIAL_INDICATORS and c.partner in OFFICIAL_PARTNERS
        for r in c.readings
        if r.period.kind == "year" and (r.base_period is None or r.base_period.kind == "year")
    ]
    frame = pd.DataFrame(rows, columns=list(COMPARISON_COLUMNS))
    for col in ("stated", "low", "high", "wide_low", "wide_high", "official_value", "difference_pct"):
        frame[col] = frame[col].astype("float64")
    for col in ("primary", "coverage_mismatch"):
        frame[col] = frame[col].astype("bool")
    frame["status"] = pd.Categorical(frame["status"], categories=list(STATUSES))
    for col in frame.columns:
        if frame[col].dtype == object:
            frame[col] = frame[col].astype("string")
    return frame


def _latest_figures(official: pd.DataFrame) -> dict[tuple[str, int], _Figure]:
    needed = {"partner", "year", "coverage", "source_file", "sheet", "latest", *OFFICIAL_INDICATORS}
    missing = sorted(needed - set(official.columns))
    if missing:
        raise UsageError("official", f"a frame without {', '.join(missing)}", "a frame from load_official()")
    out: dict[tuple[str, int], _Figure] = {}
    for row in official[official["latest"]].to_dict("records"):
        key = (str(row["partner"]), int(row["year"]))
        if key in out:
            raise UsageError("official", f"two latest rows for {key[0]} {key[1]}", "a frame from load_official()")
        out[key] = _Figure(
            {ind: float(row[ind]) for ind in OFFICIAL_INDICATORS},
            f"{row['source_file']}, sheet {row['sheet']}",
            "" if _missing(row["coverage"]) else str(row["coverage"]),
        )
    return out


def _missing(value: Any) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def _compare(c: Claim, r: Reading, figures: dict[tuple[str, int], _Figure], rounding: Rounding) -> dict[str, Any]:
    strict = c.interval(r.name, rounding=rounding)
    wide = c.interval(r.name, rounding="either")
    stated = _stated(c, r)
    years = [r.period.start.year] + ([] if r.base_period is None else [r.base_period.start.year])
    found = [figures.get((c.partner, y)) for y in years]
    notes: list[str] = []
    official = math.nan
    status: Status = "no_official_figure"
    used = [f for f in found if f is not None]
    if len(used) == len(found):
        level = used[0].amounts[c.indicator]
        if r.measure == "level":
            official = level
        elif r.measure == "change":
            official = level - used[1].amounts[c.indicator]
        elif used[1].amounts[c.indicator] > 0:
            official = level / used[1].amounts[c.indicator]
        if math.isnan(official):
            notes.append(f"the official {c.indicator} of {years[1]} is zero: no ratio")
        elif strict.contains(official):
            status = "agrees"
        elif wide.contains(official):
            status = "agrees_if_truncated" if rounding == "nearest" else "agrees_if_rounded"
        else:
            status = "differs"
    else:
        absent = [str(y) for y, f in zip(years, found, strict=True) if f is None]
        notes.append(f"no official figure for {c.partner} {' and '.join(absent)} in the BNS files")
    mismatch = False
    for y, f in zip(years, found, strict=True):
        implied = eu_coverage(y) if c.partner == "EU" else ""
        if f is not None and implied and f.coverage != implied:
            mismatch = True
            notes.append(f"the official EU figure for {y} is {f.coverage}, but the EU of {y} is {implied}")
    coverages = list(dict.fromkeys(f.coverage for f in used if f.coverage))
    difference = (official - stated) / stated * 100 if stated and not math.isnan(official) else math.nan
    return {
        "claim": c.id,
        "reading": r.name,
        "primary": r is c.primary,
        "partner": c.partner,
        "indicator": c.indicator,
        "measure": r.measure,
        "form": r.form,
        "period": str(r.period),
        "base_period": "" if r.base_period is None else str(r.base_period),
        "text": c.text,
        "unit": c.unit,
        "quote": c.quote,
        "stated": stated,
        "interval": str(strict),
        "low": strict.lo,
        "high": strict.hi,
        "wide_interval": str(wide),
        "wide_low": wide.lo,
        "wide_high": wide.hi,
        "official_value": official,
        "official_source": " / ".join(f.source for f in used),
        "coverage": "/".join(coverages),
        "coverage_mismatch": mismatch,
        "status": status,
        "difference_pct": difference,
        "note": "; ".join(notes),
    }


def _stated(c: Claim, r: Reading) -> float:
    """The number the words give under reading ``r``: million USD, or the growth factor for ratios."""
    v = c.value
    match r.form:
        case "level" | "change":
            return float(v) * factor(c.unit, c.info.dimension)
        case "decrease":
            return -float(v) * factor(c.unit, c.info.dimension)
        case "percent_decrease":
            return float(1 - v / 100)
        case "times_decrease":
            return float(1 / v)
        case "percent_increase":
            return float(1 + v / 100)
        case "percent_of_base":
            return float(v / 100)
        case "times":
            return float(v)
        case "times_increase":
            return float(1 + v)
    raise UsageError("form", r.form, "a form of kzlt_trade.reading.FORMS")  # pragma: no cover


# -- a table for the docs -------------------------------------------------------------------


def format_comparison(frame: pd.DataFrame | None = None) -> str:
    """:func:`compare_official` as a Markdown table (the one in ``docs/official.md``), every value with its unit.

    Levels and changes in million USD; a growth written in percent as a percent
    change on both sides (``+28.65 %``), one written in times as a factor on both
    sides (``×6.46``). ``official vs claim`` is the official value's distance from
    the stated one: in percent of it for money and factors, in percentage points
    for a growth written in percent.

    >>> for cell in format_comparison().splitlines()[4].strip("| ").split(" | "):
    ...     print(cell)
    `kazinform-2024-06-20/turnover-2023`
    stated
    223.6 million USD
    2023
    [223.55, 223.65] million USD
    [223.55, 223.7) million USD
    223.634 million USD
    agrees
    +0.02 %
    >>> print(format_comparison().splitlines()[2].rstrip(" |").split(" | ")[4:9])
    ['[+28.65 %, +28.75 %]', '[+28.65 %, +28.8 %)', '+29.11 %', 'differs', '+0.41 pp']
    """
    import pandas as pd

    if frame is not None:
        expect("frame", frame, pd.DataFrame, "a DataFrame from compare_official(), or None")
    frame = compare_official() if frame is None else frame
    head = ("claim", "reading", "written", "period", "claim allows (nearest)", "claim allows (either)", "official",
            "status", "official vs claim")  # fmt: skip
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join(["---"] * len(head)) + " |"]
    for row in frame.to_dict("records"):
        shown = _Shown.of(str(row["form"]), str(row["measure"]))
        period = f"{row['period']} vs {row['base_period']}" if row["base_period"] else str(row["period"])
        official = "–" if math.isnan(row["official_value"]) else shown.value(row["official_value"])
        cells = (
            f"`{row['claim']}`", str(row["reading"]), f"{row['text']} {row['unit']}", period,
            shown.interval(row["low"], row["high"], str(row["interval"])),
            shown.interval(row["wide_low"], row["wide_high"], str(row["wide_interval"])),
            official, str(row["status"]), shown.difference(row["official_value"], row["stated"]),
        )  # fmt: skip
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class _Shown:
    """How one row's values are written: money with its unit, a growth as the claim's form writes it."""

    #: ``"money"``, ``"percent"`` (a percent change) or ``"factor"`` (times).
    way: str

    @classmethod
    def of(cls, form: str, measure: str) -> _Shown:
        if measure != "ratio":
            return cls("money")
        return cls("factor" if form.startswith("times") else "percent")

    def value(self, x: float) -> str:
        if self.way == "money":
            return f"{x:.3f} million USD"
        if self.way == "percent":
            return f"{(x - 1) * 100:+.2f} %"
        return f"×{x:.4f}"

    def interval(self, lo: float, hi: float, text: str) -> str:
        if self.way == "money":
            return f"{_interval_text(lo, hi, text)} million USD"
        left, right = text[0], text[-1]
        if self.way == "percent":
            return f"{left}{_pct(lo)}, {_pct(hi)}{right}"
        return f"×{_interval_text(lo, hi, text)}"

    def difference(self, official: float, stated: float) -> str:
        if math.isnan(official) or not stated:
            return "–"
        if self.way == "percent":
            return f"{(official - stated) * 100:+.2f} pp"
        return f"{(official - stated) / stated * 100:+.2f} %"


def _pct(x: float) -> str:
    """A growth factor as a percent change, as few digits as it needs (``1.2865`` → ``+28.65 %``)."""
    return f"{(x - 1) * 100:+.10g} %" if math.isfinite(x) else ("+inf %" if x > 0 else "-inf %")


def _interval_text(lo: float, hi: float, text: str) -> str:
    """The interval's brackets around bounds written with 6 significant digits."""
    return f"{text[0]}{lo:.6g}, {hi:.6g}{text[-1]}"

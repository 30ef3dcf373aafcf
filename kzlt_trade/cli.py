"""The ``kzlt-trade`` command (also ``python -m kzlt_trade``).

JSON output (``claims``, ``check`` and ``reconcile`` with ``--format json``) is
strict JSON (:rfc:`8259`), written with ``allow_nan=False``:

- a value that is unknown, or an interval bound that is infinite (an open end,
  "exceeded 200 billion"), is ``null``: never ``NaN`` or ``Infinity``, which are
  not JSON;
- a number written in a source (a claim's ``value``) is printed from its
  decimal text: ``584,3`` is ``584.3``;
- a number computed from such figures (interval bounds, estimates) is printed
  rounded to 12 significant digits, far finer than any figure's precision, so
  that binary floating-point noise does not show: ``1565.0``, not
  ``1564.9999999999998``.

Errors: a problem with the input (a data folder that does not load, an option
value the library refuses, an output file that cannot be written) ends the
command with status 2 and a message ``kzlt-trade: error: ...`` on stderr, with
no traceback; any other exception is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from kzlt_trade.errors import KzltTradeError
from kzlt_trade.vocabulary import FAIL_ON_LEVELS, ROUNDINGS

__all__ = ["main"]

_CLAIM_JSON_FIELDS = (
    "id", "source", "partner", "indicator", "flow", "scope", "period", "base_period", "form", "reading",
    "n_readings", "text", "value", "unit", "hedge", "low", "high", "low_open", "high_open", "canonical_unit",
    "quote", "start", "end",
)  # fmt: skip


#: Significant digits of a computed number in JSON output.
_JSON_DIGITS = 12
#: How numbers are written in JSON output (the module docstring says why).
_JSON_RULE = (
    "JSON output is strict: unknown values and infinite bounds are null (never NaN or Infinity); "
    f"a claim's value is printed from its decimal text, computed numbers rounded to {_JSON_DIGITS} significant digits."
)
_FORMAT_HELP = "output format (default: table); " + _JSON_RULE[0].lower() + _JSON_RULE[1:]


def _version() -> str:
    from kzlt_trade import __version__

    return __version__


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kzlt-trade",
        description="Reported trade figures between Kazakhstan and its partners: list, check, reconcile, plot.",
        epilog=_JSON_RULE + " Exit status: 0 ok, 1 findings at --fail-on (check), 2 bad input.",
    )
    parser.add_argument("--data", type=Path, default=None, help="a data folder (default: the bundled data)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    claims = sub.add_parser("claims", help="list every claim with its interval and quote")
    claims.add_argument("--format", choices=("table", "json", "csv"), default="table", help=_FORMAT_HELP)

    check = sub.add_parser("check", help="check every relation among the claims; exit 1 on findings at --fail-on")
    check.add_argument("--format", choices=("table", "json", "csv"), default="table", help=_FORMAT_HELP)
    check.add_argument("--rounding", choices=ROUNDINGS, default="nearest")
    check.add_argument(
        "--fail-on",
        choices=FAIL_ON_LEVELS,
        default="contradiction",
        help="exit 1 when a finding at or above this severity exists (default: contradiction)",
    )

    reconcile = sub.add_parser("reconcile", help="best estimate of every quantity, and the claims most likely wrong")
    reconcile.add_argument("--format", choices=("table", "json", "csv"), default="table", help=_FORMAT_HELP)
    reconcile.add_argument("--rounding", choices=ROUNDINGS, default="nearest")

    report = sub.add_parser("report", help="the whole job: claims checked and reconciled, in one summary")
    report.add_argument("--rounding", choices=ROUNDINGS, default="nearest")

    official = sub.add_parser("official", help="set the yearly figures against the BNS official statistics")
    official.add_argument("--format", choices=("table", "json", "csv"), default="table", help=_FORMAT_HELP)
    official.add_argument("--rounding", choices=ROUNDINGS, default="nearest")

    plot = sub.add_parser("plot", help="draw a chart to a PNG, SVG or PDF file (the format follows the suffix)")
    plot.add_argument(
        "--partner",
        default=None,
        metavar="PARTNER",
        help="whose figures: a partner code (LT, DE, EU, EAEU …), a name in English or Russian "
        "('Germany', 'Литва'), or 'all' (default: LT for turnover and growth, all for claims); "
        "'all' draws the turnover chart as one panel per partner",
    )
    plot.add_argument("--kind", choices=("turnover", "growth", "claims"), default="turnover")
    plot.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="FILE.png, FILE.svg or FILE.pdf")

    add = sub.add_parser(
        "add", help="add a release to the --data folder, with a drafted claim per figure (atomic; --dry-run to see)"
    )
    add.add_argument("file", type=Path, metavar="FILE", help="the release, a UTF-8 text file")
    add.add_argument("--publisher", required=True, help="who published it")
    add.add_argument("--published", required=True, type=_date, metavar="YYYY-MM-DD", help="when it was published")
    add.add_argument("--title", default="", help="its headline")
    add.add_argument("--url", default="", help="its web address")
    add.add_argument("--language", choices=("en", "ru"), default=None, help="its language (default: detected)")
    add.add_argument("--id", default=None, help="the source id (default: publisher-YYYY-MM-DD)")
    add.add_argument("--dry-run", action="store_true", help="print what would be added, write nothing")

    release = sub.add_parser("check-release", help="check a release's figures against the data, writing nothing")
    release.add_argument("file", type=Path, metavar="FILE", help="the release, a UTF-8 text file")
    release.add_argument("--lang", choices=("en", "ru"), default=None, help="its language (default: detected)")
    release.add_argument("--published", type=_date, default=None, metavar="YYYY-MM-DD", help="when it came out")

    extract = sub.add_parser("extract", help="find the figures in a text (a release): value, unit, hedge, span")
    extract.add_argument("file", type=Path, metavar="FILE", help="a UTF-8 text file")
    extract.add_argument("--lang", choices=("en", "ru"), default=None, help="its language (default: detected)")
    extract.add_argument("--format", choices=("table", "json", "csv"), default="table", help=_FORMAT_HELP)
    # The global --data may come after the command too ("kzlt-trade check --data FOLDER"): each command
    # takes it as well, and leaves the value given before the command when it is not given again.
    for command in sub.choices.values():
        command.add_argument(
            "--data", type=Path, default=argparse.SUPPRESS, help="a data folder (as before the command)"
        )
    return parser


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 findings, 2 bad input)."""
    out = stdout or sys.stdout
    args = _parser().parse_args(argv)
    commands = {
        "claims": _claims, "check": _check, "reconcile": _reconcile, "report": _report, "plot": _plot,
        "official": _official, "extract": _extract, "add": _add, "check-release": _check_release,
    }  # fmt: skip
    try:
        return commands[args.command](args, out)  # argparse accepts only these commands
    except KzltTradeError as exc:
        return _error(str(exc))
    except BrokenPipeError:
        # The reader (e.g. `head`) stopped reading: not an error of ours.
        sys.stderr.close()
        return 0
    except OSError as exc:  # a folder or file that cannot be read or written: the user's to fix
        return _error(_os_error_text(exc))
    except UnicodeError as exc:  # e.g. output of Cyrillic quotes to a terminal that cannot show them
        return _error(" ".join(str(exc).split()))


def _error(message: str) -> int:
    """Print ``message`` as the command's error and return the status of bad input."""
    print(f"kzlt-trade: error: {message}", file=sys.stderr)
    return 2


def _os_error_text(exc: OSError) -> str:
    """An OSError in one line: the file, then what is wrong with it ("x.png: No such file or directory")."""
    if exc.filename is None or not exc.strerror:
        return " ".join(str(exc).split())
    where = str(exc.filename) if exc.filename2 is None else f"{exc.filename} -> {exc.filename2}"
    return f"{where}: {exc.strerror}"


def _write_csv(rows: Sequence[Mapping[Any, Any]], out: TextIO) -> None:
    """Records as CSV with a header row, numbers as in JSON output (no NaN: an empty field)."""
    import csv

    if not rows:
        return
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        ready = _json_ready(row)
        assert isinstance(ready, dict)
        writer.writerow({k: "" if v is None else v for k, v in ready.items()})


def _write_json(payload: object, out: TextIO) -> None:
    """``payload`` as strict JSON (see the module docstring): no NaN, no Infinity, no float noise."""
    json.dump(_json_ready(payload), out, ensure_ascii=False, indent=2, allow_nan=False)
    out.write("\n")


def _json_ready(value: object) -> object:
    """``value`` with its numbers as the JSON output writes them: see the module docstring."""
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, Decimal):  # a figure as written: the float whose shortest repr is its decimal text
        return float(value) if value.is_finite() else None
    if isinstance(value, float):  # numpy's float64 too
        return float(f"{value:.{_JSON_DIGITS}g}") if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(v) for v in value]
    if hasattr(value, "item"):  # a numpy scalar (bool_, int64...): as the Python value it holds
        return _json_ready(value.item())
    return value  # anything else: json.dump says what it cannot write (a bug, not bad input)


def _claims(args: argparse.Namespace, out: TextIO) -> int:
    from kzlt_trade.io import load

    ds = load(args.data)
    if args.format == "json":
        records = []
        for c in ds:
            record = {k: v for k, v in ds.claim_row(c).items() if k in _CLAIM_JSON_FIELDS}
            record["value"] = c.value  # the Decimal of the text, not a float computed from it
            records.append(record)
        _write_json(records, out)
    elif args.format == "csv":
        ds.claims.to_csv(out, index=False, lineterminator="\n")
    else:
        out.write(_claims_table(ds))
    return 0


def _claims_table(ds: Any) -> str:
    lines = []
    sources = ds.sources.set_index("id")
    for sid, group in ds.claims.groupby("source", sort=False, observed=True):
        s = sources.loc[sid]
        lines.append(f"{sid}  ({s['publisher']}, {s['published'].date()}, {s['language']})")
        for row in group.itertuples(index=False):
            high = "inf" if math.isinf(row.high) else f"{row.high:.6g}"
            interval = f"{'(' if row.low_open else '['}{row.low:.6g}, {high}{')' if row.high_open else ']'}"
            label = f"{row.partner} {row.indicator} {row.period}"
            if row.base_period:
                label += f" vs {row.base_period}"
            lines.append(f"  {row.text:>11} {row.unit:<17} {label:<38} {interval:<22} {row.canonical_unit}")
        lines.append("")
    n = len(ds)
    lines.append(f"{n} claims from {len(ds.source_records)} sources; every quote verified at its offsets.")
    return "\n".join(lines) + "\n"


def _check(args: argparse.Namespace, out: TextIO) -> int:
    from kzlt_trade.checker import check
    from kzlt_trade.io import load

    report = check(load(args.data), rounding=args.rounding)
    if args.format in ("json", "csv"):
        findings = [
            {
                "kind": f.kind,
                "severity": str(f.severity),
                "relation": f.relation,
                "claims": list(f.claims),
                "readings": list(f.readings),
                "key": f.key,
                "message": f.message,
                "arithmetic": f.arithmetic,
            }
            for f in report
        ]
        if args.format == "json":
            _write_json(findings, out)
        else:
            _write_csv([{**f, "claims": " ".join(f["claims"]), "readings": " ".join(f["readings"])}
                        for f in findings], out)  # fmt: skip
    else:
        out.write(str(report))
    if args.fail_on == "never":
        return 0
    return 1 if report.at_least(args.fail_on) else 0


def _reconcile(args: argparse.Namespace, out: TextIO) -> int:
    from kzlt_trade.io import load
    from kzlt_trade.reconciler import reconcile

    est = reconcile(load(args.data), rounding=args.rounding)
    if args.format == "json":
        payload = {
            "most_likely_wrong": list(est.most_likely_wrong),
            "conflicts": {k: list(v) for k, v in est.conflicts.items()},
            "estimates": est.to_frame().to_dict("records"),
        }
        _write_json(payload, out)
    elif args.format == "csv":
        # One row per quantity; what each rejected claim conflicts with is in the JSON output.
        _write_csv(est.to_frame().to_dict("records"), out)
    else:
        out.write(str(est))
    return 0


def _report(args: argparse.Namespace, out: TextIO) -> int:
    from kzlt_trade.checker import check
    from kzlt_trade.io import load
    from kzlt_trade.reconciler import reconcile

    ds = load(args.data)
    report = check(ds, rounding=args.rounding)
    est = reconcile(ds, rounding=args.rounding, report=report)
    out.write(f"{len(ds)} claims from {len(ds.source_records)} sources, every quote verified at its offsets.\n\n")
    out.write(str(report))
    out.write("\n")
    out.write(str(est))
    return 0


_PLOT_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}


def _plot(args: argparse.Namespace, out: TextIO) -> int:
    from kzlt_trade.errors import UsageError

    path: Path = args.output
    fmt = _PLOT_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UsageError("-o", str(path), "a file name ending in .png, .svg or .pdf (the suffix sets the format)")
    folder = path.parent
    if path.is_dir() or not folder.is_dir():
        # Checked before the chart is drawn: the error comes at once, not after the work.
        where = f"{folder} is not a folder" if not folder.is_dir() else f"{path} is a folder"
        raise UsageError("-o", str(path), f"a file in an existing folder ({where})")
    import matplotlib

    matplotlib.use("Agg")  # a command writes files; it never opens a window
    import matplotlib.pyplot as plt

    from kzlt_trade.io import load
    from kzlt_trade.plot import plot_claims, plot_growth, plot_turnover, plot_turnover_panels

    ds = load(args.data)
    if args.partner not in (None, "all"):
        args.partner = _partner(args.partner)
    if args.kind == "growth":
        fig = plot_growth(ds, partner=args.partner or "LT").get_figure(root=True)
    elif args.kind == "claims":
        fig = plot_claims(ds, partner=args.partner or "all").get_figure(root=True)
    elif args.partner == "all":  # several partners: the figure-level chart, one panel each
        fig = plot_turnover_panels(ds, partner="all").figure
    else:
        fig = plot_turnover(ds, partner=args.partner or "LT").get_figure(root=True)
    assert fig is not None  # the charts always draw on a figure of their own
    # Text stays text (selectable, searchable, read by screen readers: SVG text elements, PDF
    # TrueType fonts), and the file carries the chart's title as its own.
    title = " ".join(t for t in (a.get_title(loc="left") for a in fig.axes) if t) or "kzlt_trade chart"
    metadata = {"Title": title} if fmt in ("svg", "pdf") else {"Title": title, "Software": "kzlt_trade"}
    try:
        with matplotlib.rc_context({"svg.fonttype": "none", "pdf.fonttype": 42}):
            fig.savefig(path, format=fmt, dpi=150, bbox_inches="tight", metadata=metadata)
    finally:
        plt.close(fig)
    out.write(f"wrote {path}\n")
    return 0


def _partner(text: str) -> str:
    """A partner code from ``--partner``: a code as it is, or the code of a name."""
    from kzlt_trade import partners
    from kzlt_trade.errors import KzltTradeError, UsageError

    if partners.is_partner(text.upper()):
        return text.upper()
    try:
        return partners.code_of(text)
    except KzltTradeError:
        raise UsageError(
            "--partner", text, "a partner code (LT, DE, EU …), a country's name ('Germany', 'Литва') or 'all'"
        ) from None


def _date(text: str) -> date:
    """A ``YYYY-MM-DD`` option value (argparse reports anything else as a usage error)."""
    import re

    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}")
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} ({exc})") from None


def _add(args: argparse.Namespace, out: TextIO) -> int:
    from kzlt_trade.errors import UsageError
    from kzlt_trade.release import add_release

    if args.data is None:
        raise UsageError("--data", None, "the data folder to add the release to (the bundled data is not changed)")
    added = add_release(
        args.data, args.file, publisher=args.publisher, published=args.published, title=args.title, url=args.url,
        language=args.language, source_id=args.id, dry_run=args.dry_run,
    )  # fmt: skip
    out.write(str(added))
    return 0


def _check_release(args: argparse.Namespace, out: TextIO) -> int:
    from kzlt_trade.release import check_release

    path: Path = args.file
    text = path.read_bytes().decode("utf-8")
    result = check_release(text, args.data, lang=args.lang, published=args.published)
    out.write(str(result))
    return 1 if any(f.verdict == "contradicts" for f in result.figures) else 0


def _extract(args: argparse.Namespace, out: TextIO) -> int:
    import csv

    from kzlt_trade.mentions import extract

    path: Path = args.file
    text = path.read_bytes().decode("utf-8")  # not UTF-8: a UnicodeError, reported as bad input
    mentions = [m.to_dict() for m in extract(text, lang=args.lang)]
    if args.format == "json":
        _write_json(mentions, out)
        out.write("\n")
        return 0
    columns = ("start", "end", "text", "kind", "value", "unit", "currency", "hedge", "low", "high", "direction")
    if args.format == "csv":
        writer = csv.DictWriter(out, fieldnames=[*columns, "readings"], lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows({**m, "readings": " ".join(m["readings"])} for m in mentions)
        return 0
    for m in mentions:
        where = f"{m['start']}..{m['end']}"
        hedge = "" if m["hedge"] == "none" else f" ({m['hedge']})"
        # The value has its scale applied ("USD 454 million" is 454000000 USD); the bounds are in the unit.
        unit = m["currency"] or m["unit"]
        out.write(f"{where:>11}  {m['kind']:<17} {m['text']!r}: {m['value']} {unit}{hedge}\n")
    out.write(f"{len(mentions)} figure{'' if len(mentions) == 1 else 's'} in {path}\n")
    return 0


def _official(args: argparse.Namespace, out: TextIO) -> int:
    from kzlt_trade.io import load
    from kzlt_trade.official import compare_official, format_comparison

    frame = compare_official(load(args.data), rounding=args.rounding)
    if args.format == "json":
        _write_json(frame.to_dict("records"), out)
    elif args.format == "csv":
        frame.to_csv(out, index=False, lineterminator="\n")
    else:
        out.write(format_comparison(frame) + "\n")
    return 0

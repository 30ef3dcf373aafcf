"""The ``kzlt-trade`` command (also ``python -m kzlt_trade``).

Global options, before or after the command: ``--data FOLDER`` (every command),
``--rounding nearest|truncate|either`` (every command that reads the figures as
intervals: ``claims``, ``check``, ``reconcile``, ``report``, ``official``,
``plot``; refused by the others) and ``-q/--quiet``. The long steps (loading,
checking, reconciling) each print one progress line on stderr, never on stdout,
unless ``-q``; stdout holds the records only. A command that prints records
takes ``--format table|json|csv``; every record carries its claim id. The
commands are one table (:func:`_commands`): a new command is one more entry.

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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from kzlt_trade.errors import KzltTradeError
from kzlt_trade.vocabulary import FAIL_ON_LEVELS, ROUNDINGS

if TYPE_CHECKING:
    from kzlt_trade.dataset import Dataset
    from kzlt_trade.interval import Interval
    from kzlt_trade.results import Estimates, Report

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
_FORMAT_HELP = (
    "output format: table (for people), json or csv (for programs; every record names its claim) (default: table). "
    + _JSON_RULE
)


def _version() -> str:
    from kzlt_trade import __version__

    return __version__


class _Progress:
    """The progress lines of the long steps, on stderr (never stdout), unless ``-q``."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet

    def step(self, what: str) -> None:
        if not self.quiet:
            print(f"kzlt-trade: {what} ...", file=sys.stderr, flush=True)


#: A command's function: given the parsed options, stdout and the progress lines, it returns the exit status.
Run = Callable[[argparse.Namespace, TextIO, _Progress], int]


@dataclass(frozen=True)
class _Command:
    """One subcommand: its name, its one-line help, its own options and its function."""

    name: str
    help: str
    run: Run
    #: Adds the command's own options (each with its help) to its parser.
    options: Callable[[argparse.ArgumentParser], None] = lambda parser: None
    #: Whether it prints records, so takes ``--format table|json|csv``.
    formats: bool = False
    #: Whether ``--rounding`` applies to it.
    rounding: bool = False


_FORMATS = ("table", "json", "csv")
_ROUNDING_HELP = (
    "how the sources rounded their figures: nearest (584.3 is [584.25, 584.35]), truncate ([584.3, 584.4)) "
    "or either (the union) (default: nearest)"
)
_DATA_HELP = "a data folder (default: the bundled data)"
_QUIET_HELP = "print no progress lines on stderr (errors are still printed)"


def _check_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--fail-on",
        choices=FAIL_ON_LEVELS,
        default="contradiction",
        help="exit 1 when a finding at or above this level exists: "
        + ", ".join(FAIL_ON_LEVELS)
        + " (default: contradiction)",
    )


def _plot_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--partner",
        default=None,
        metavar="PARTNER",
        help="whose figures: a partner code in any case (LT, de, EU, EAEU …), a name in English or Russian "
        "('Germany', 'Литва'), or 'all' (default: LT for turnover and growth, all for claims); "
        "'all' draws the turnover chart as one panel per partner",
    )
    parser.add_argument(
        "--kind",
        choices=("turnover", "growth", "claims"),
        default="turnover",
        help="which chart: turnover (levels with their estimates), growth (reported against implied growth) "
        "or claims (when each source published what) (default: turnover)",
    )
    parser.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE", help="FILE.png, FILE.svg or FILE.pdf"
    )


def _release_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="the release, a UTF-8 text file")


def _add_options(parser: argparse.ArgumentParser) -> None:
    _release_file(parser)
    parser.add_argument("--publisher", required=True, help="who published it")
    parser.add_argument("--published", required=True, type=_date, metavar="YYYY-MM-DD", help="when it was published")
    parser.add_argument("--title", default="", help="its headline")
    parser.add_argument("--url", default="", help="its web address")
    parser.add_argument(
        "--language", "--lang", choices=("en", "ru"), default=None, help="its language (default: detected)"
    )
    parser.add_argument("--id", default=None, help="the source id (default: publisher-YYYY-MM-DD)")
    parser.add_argument("--dry-run", action="store_true", help="print what would be added, write nothing")


def _check_release_options(parser: argparse.ArgumentParser) -> None:
    _release_file(parser)
    parser.add_argument(
        "--lang", "--language", choices=("en", "ru"), default=None, help="its language (default: detected)"
    )
    parser.add_argument("--published", type=_date, default=None, metavar="YYYY-MM-DD", help="when it came out")


def _report_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", type=Path, default=None, metavar="DIR",
        help="write the report as a self-contained web page, DIR/index.html, and print its path",
    )  # fmt: skip
    parser.add_argument(
        "--open", action="store_true", help="open the page in the default browser once written (needs --out)"
    )


def _mirror_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--partner", default=None, metavar="PARTNER",
        help="one EU member state both offices cover, in any case (default: every one)",
    )  # fmt: skip


def _extract_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="a UTF-8 text file")
    parser.add_argument(
        "--lang", "--language", choices=("en", "ru"), default=None, help="its language (default: detected)"
    )


def _commands() -> tuple[_Command, ...]:
    """Every subcommand, in the order ``--help`` lists them. A new command is one more entry."""
    return (
        _Command("claims", "list every claim with its interval and quote", _claims, formats=True, rounding=True),
        _Command(
            "check", "check every relation among the claims; exit 1 on findings at --fail-on", _check,
            _check_options, formats=True, rounding=True,
        ),
        _Command(
            "reconcile", "best estimate of every quantity, and the claims most likely wrong", _reconcile,
            formats=True, rounding=True,
        ),
        _Command(
            "report", "the whole job: claims checked and reconciled; --out DIR writes it as a web page", _report,
            _report_options, rounding=True,
        ),
        _Command(
            "official", "set the yearly figures against the BNS official statistics", _official,
            formats=True, rounding=True,
        ),
        _Command(
            "mirror", "Kazakhstan's figures against each EU partner's own (Eurostat), with the asymmetry per year",
            _mirror, _mirror_options, formats=True,
        ),
        _Command(
            "plot", "draw a chart to a PNG, SVG or PDF file (the format follows the suffix)", _plot, _plot_options,
            rounding=True,
        ),
        _Command(
            "add", "add a release to the --data folder, with a drafted claim per figure (atomic; --dry-run to see)",
            _add, _add_options, formats=True,
        ),
        _Command(
            "check-release", "check a release's figures against the data, writing nothing", _check_release,
            _check_release_options, formats=True,
        ),
        _Command(
            "extract", "find the figures in a text (a release): value, unit, hedge, span", _extract,
            _extract_options, formats=True,
        ),
    )  # fmt: skip


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kzlt-trade",
        description="Reported trade figures between Kazakhstan and its partners: list, check, reconcile, plot.",
        epilog=_JSON_RULE + " Progress lines go to stderr (-q: none), records to stdout. "
        "Exit status: 0 ok, 1 findings at --fail-on (check) or a contradicted figure (check-release), 2 bad input.",
    )
    parser.add_argument("--data", type=Path, default=None, help=_DATA_HELP)
    parser.add_argument("--rounding", choices=ROUNDINGS, default=None, help=_ROUNDING_HELP)
    parser.add_argument("-q", "--quiet", action="store_true", help=_QUIET_HELP)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}", help="print the version")
    sub = parser.add_subparsers(
        dest="command",
        required=True,
        metavar="COMMAND",
        help="what to do ('kzlt-trade COMMAND --help' for its options)",
    )
    for command in _commands():
        p = sub.add_parser(command.name, help=command.help, description=command.help)
        command.options(p)
        if command.formats:
            p.add_argument("--format", choices=_FORMATS, default="table", help=_FORMAT_HELP)
        # The global options may come after the command too ("kzlt-trade check --data FOLDER"): each
        # command takes them as well, and leaves the value given before the command when not given again.
        p.add_argument("--data", type=Path, default=argparse.SUPPRESS, help=_DATA_HELP + " (as before the command)")
        if command.rounding:
            p.add_argument("--rounding", choices=ROUNDINGS, default=argparse.SUPPRESS, help=_ROUNDING_HELP)
        p.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help=_QUIET_HELP)
    return parser


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 findings, 2 bad input)."""
    out = stdout or sys.stdout
    args = _parser().parse_args(argv)
    commands = {c.name: c for c in _commands()}
    command = commands[args.command]  # argparse accepts only these commands
    progress = _Progress(args.quiet)
    try:
        if command.rounding:
            args.rounding = args.rounding or "nearest"
        elif args.rounding is not None:
            from kzlt_trade.errors import UsageError

            takes = ", ".join(c.name for c in commands.values() if c.rounding)
            raise UsageError("--rounding", args.rounding, f"no --rounding for {command.name} (it applies to {takes})")
        return command.run(args, out, progress)
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


def _load(args: argparse.Namespace, progress: _Progress) -> Dataset:
    """The data folder of ``--data`` (or the bundled data), with its progress line."""
    from kzlt_trade.io import load

    progress.step(f"loading {args.data if args.data is not None else 'the bundled data'}")
    return load(args.data)


def _checked(ds: Dataset, args: argparse.Namespace, progress: _Progress) -> Report:
    from kzlt_trade.checker import check

    progress.step(f"checking {len(ds)} claims ({args.rounding} rounding)")
    return check(ds, rounding=args.rounding)


def _reconciled(ds: Dataset, args: argparse.Namespace, progress: _Progress, report: Report | None) -> Estimates:
    from kzlt_trade.reconciler import reconcile

    progress.step(f"reconciling {len(ds)} claims ({args.rounding} rounding)")
    return reconcile(ds, rounding=args.rounding, report=report)


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


def _write_table(header: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO, right: Sequence[int] = ()) -> None:
    """Rows as aligned columns under a header row; the columns in ``right`` right-aligned."""
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    out.write(line(header) + "\n")
    for r in rows:
        out.write(line(r) + "\n")


def _claims(args: argparse.Namespace, out: TextIO, progress: _Progress) -> int:
    ds = _load(args, progress)
    intervals = {c.id: c.interval(rounding=args.rounding) for c in ds}
    if args.format == "json":
        records = []
        for c in ds:
            record = {k: v for k, v in ds.claim_row(c).items() if k in _CLAIM_JSON_FIELDS}
            record["value"] = c.value  # the Decimal of the text, not a float computed from it
            record.update(_bounds(intervals[c.id]))
            records.append(record)
        _write_json(records, out)
    elif args.format == "csv":
        frame = ds.claims
        for column in ("low", "high", "low_open", "high_open"):
            frame[column] = [_bounds(intervals[c.id])[column] for c in ds]
        frame.to_csv(out, index=False, lineterminator="\n")
    else:
        rows = []
        for c in ds:
            quantity = f"{c.partner} {c.indicator}" + (f" [{c.scope}]" if c.scope else "") + f" {c.period}"
            if c.primary.base_period:
                quantity += f" vs {c.primary.base_period}"
            row = ds.claim_row(c)
            rows.append([c.id, str(row["source_kind"]), c.text, c.unit, quantity, intervals[c.id].format(6),
                         str(row["canonical_unit"])])  # fmt: skip
        header = ["claim", "source type", "figure", "unit", "quantity", "interval", "canonical unit"]
        _write_table(header, rows, out, right=(2,))
        out.write(f"{len(ds)} claims from {len(ds.source_records)} sources; every quote verified at its offsets.\n")
    return 0


def _bounds(iv: Interval) -> dict[str, Any]:
    """An interval's bounds as the claims listing writes them."""
    return {"low": iv.lo, "high": iv.hi, "low_open": iv.lo_open, "high_open": iv.hi_open}


def _check(args: argparse.Namespace, out: TextIO, progress: _Progress) -> int:
    report = _checked(_load(args, progress), args, progress)
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


def _reconcile(args: argparse.Namespace, out: TextIO, progress: _Progress) -> int:
    ds = _load(args, progress)
    est = _reconciled(ds, args, progress, None)
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
        from kzlt_trade.display import estimate_words

        # The summary and the conflicts as the text form says them, then one row per quantity.
        out.write("\n".join(str(est).splitlines()[: 1 + len(est.conflicts)]) + "\n\n")
        rows = []
        for e in est:
            quantity, value = estimate_words(e)
            how = "derived" if e.derived else "stated"
            rows.append([quantity, e.period, value, e.interval.format(6), how, " ".join(e.supporting) or "-",
                         " ".join(e.rejected)])  # fmt: skip
        _write_table(["quantity", "period", "value", "interval", "how", "claims", "rejected"], rows, out, right=(2,))
    return 0


def _report(args: argparse.Namespace, out: TextIO, progress: _Progress) -> int:
    from kzlt_trade.errors import UsageError

    if args.open and args.out is None:
        raise UsageError("--open", True, "--out DIR as well: the page to open")
    ds = _load(args, progress)
    report = _checked(ds, args, progress)
    est = _reconciled(ds, args, progress, report)
    if args.out is not None:
        import webbrowser

        from kzlt_trade.webreport import write_report

        page = write_report(ds, args.out, rounding=args.rounding, report=report, estimates=est, progress=progress.step)
        out.write(f"{page}\n")
        if args.open:
            webbrowser.open(page.resolve().as_uri())
        return 0
    out.write(f"{len(ds)} claims from {len(ds.source_records)} sources, every quote verified at its offsets.\n\n")
    out.write(str(report))
    out.write("\n")
    out.write(str(est))
    return 0


_PLOT_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}


def _plot(args: argparse.Namespace, out: TextIO, progress: _Progress) -> int:
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
    partner = args.partner if args.partner is None or args.partner.lower() == "all" else _partner(args.partner)
    partner = "all" if partner is not None and partner.lower() == "all" else partner
    import matplotlib

    matplotlib.use("Agg")  # a command writes files; it never opens a window
    import matplotlib.pyplot as plt

    from kzlt_trade.plot import plot_claims, plot_growth, plot_turnover, plot_turnover_panels

    ds = _load(args, progress)
    report = _checked(ds, args, progress)
    est = _reconciled(ds, args, progress, report)
    progress.step(f"drawing the {args.kind} chart")
    if args.kind == "growth":
        fig = plot_growth(ds, partner=partner or "LT", report=report, estimates=est).get_figure(root=True)
    elif args.kind == "claims":
        fig = plot_claims(ds, partner=partner or "all", report=report, estimates=est).get_figure(root=True)
    elif partner == "all":  # several partners: the figure-level chart, one panel each
        fig = plot_turnover_panels(ds, partner="all", report=report, estimates=est).figure
    else:
        fig = plot_turnover(ds, partner=partner or "LT", report=report, estimates=est).get_figure(root=True)
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
    """A partner code from ``--partner``: a code in any case (``lt``, ``Eaeu``), or the code of a name."""
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


def _not_filed(incomplete: Sequence[tuple[Any, tuple[str, ...]]]) -> list[dict[str, Any]]:
    """The drafts a release could not file, as records: the figure's text, span and what is missing."""
    return [
        {"text": d.mention.text, "start": d.mention.start, "end": d.mention.end, "missing": list(missing)}
        for d, missing in incomplete
    ]


def _add(args: argparse.Namespace, out: TextIO, progress: _Progress) -> int:
    from kzlt_trade.errors import UsageError
    from kzlt_trade.release import add_release

    if args.data is None:
        raise UsageError("--data", None, "the data folder to add the release to (the bundled data is not changed)")
    progress.step(f"drafting the claims of {args.file} and checking {args.data}")
    added = add_release(
        args.data, args.file, publisher=args.publisher, published=args.published, title=args.title, url=args.url,
        language=args.language, source_id=args.id, dry_run=args.dry_run,
    )  # fmt: skip
    if args.format == "json":
        payload = {"written": added.written, "source": added.source, "claims": list(added.claims),
                   "not_filed": _not_filed(added.incomplete)}  # fmt: skip
        _write_json(payload, out)
    elif args.format == "csv":  # the claim rows as claims.csv holds them; what was not filed is in the JSON
        _write_csv(list(added.claims), out)
    else:
        out.write(str(added))
    return 0


def _check_release(args: argparse.Namespace, out: TextIO, progress: _Progress) -> int:
    from kzlt_trade.release import check_release

    path: Path = args.file
    text = path.read_bytes().decode("utf-8")
    ds = _load(args, progress)
    progress.step(f"checking the figures of {path} against {len(ds)} claims")
    result = check_release(text, ds, lang=args.lang, published=args.published)
    figures: list[dict[str, Any]] = [
        {
            "id": f.claim.id, "text": f.claim.text, "unit": f.claim.unit, "partner": f.claim.partner,
            "indicator": f.claim.indicator, "period": str(f.claim.period), "start": f.claim.start,
            "end": f.claim.end, "verdict": f.verdict, "compared_with": list(f.compared_with),
            "arithmetic": [x.arithmetic for x in f.findings],
        }
        for f in result.figures
    ]  # fmt: skip
    if args.format == "json":
        _write_json({"figures": figures, "not_filed": _not_filed(result.incomplete)}, out)
    elif args.format == "csv":  # one row per filed figure; what was not filed is in the JSON
        _write_csv([{**f, "compared_with": " ".join(f["compared_with"]), "arithmetic": " | ".join(f["arithmetic"])}
                    for f in figures], out)  # fmt: skip
    else:
        out.write(str(result))
    return 1 if any(f.verdict == "contradicts" for f in result.figures) else 0


def _extract(args: argparse.Namespace, out: TextIO, progress: _Progress) -> int:
    import csv

    from kzlt_trade.mentions import extract

    path: Path = args.file
    text = path.read_bytes().decode("utf-8")  # not UTF-8: a UnicodeError, reported as bad input
    mentions = [m.to_dict() for m in extract(text, lang=args.lang)]
    if args.format == "json":
        _write_json(mentions, out)
        return 0
    columns = ("start", "end", "text", "kind", "value", "unit", "currency", "hedge", "low", "high", "direction")
    if args.format == "csv":
        writer = csv.DictWriter(out, fieldnames=[*columns, "readings"], lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows({**m, "readings": " ".join(m["readings"])} for m in mentions)
        return 0
    rows = []
    for m in mentions:
        # The value has its scale applied ("USD 454 million" is 454000000 USD); the bounds are in the unit.
        rows.append([f"{m['start']}..{m['end']}", m["kind"], repr(m["text"]), str(m["value"]),
                     m["currency"] or m["unit"] or "", "" if m["hedge"] == "none" else m["hedge"]])  # fmt: skip
    _write_table(["span", "kind", "text", "value", "unit", "hedge"], rows, out, right=(0, 3))
    out.write(f"{len(mentions)} figure{'' if len(mentions) == 1 else 's'} in {path}\n")
    return 0


def _mirror(args: argparse.Namespace, out: TextIO, progress: _Progress) -> int:
    from kzlt_trade.mirror import CIF_FOB, format_mirror, mirror_table

    ds = _load(args, progress)
    progress.step("setting Kazakhstan's figures against the partners' own (Eurostat Comext)")
    frame = mirror_table(ds, partner=args.partner)
    if args.format == "json":
        margin = {"point": CIF_FOB.point, "low": CIF_FOB.low, "high": CIF_FOB.high}
        summary = {"rows": len(frame), "units": frame.attrs["units"], "cif_fob_margin": margin}
        _write_json({"summary": summary, "records": frame.to_dict("records")}, out)
    elif args.format == "csv":
        frame.to_csv(out, index=False, lineterminator="\n")
    else:
        out.write(format_mirror(frame) + "\n")
        for r in frame.to_dict("records"):
            out.write(f"{r['partner']} {r['year']}: imports {r['verdict_imports']}; exports {r['verdict_exports']}")
            out.write(f" ({r['note']})\n" if r["note"] else "\n")
        out.write(
            f"ratio: Kazakhstan's figure over the partner's, in USD; CIF/FOB band {CIF_FOB.low}..{CIF_FOB.high} "
            f"for imports, its inverse for exports.\n"
        )
    return 0


def _official(args: argparse.Namespace, out: TextIO, progress: _Progress) -> int:
    from kzlt_trade.official import compare_official, format_comparison

    ds = _load(args, progress)
    progress.step(f"setting {len(ds)} claims against the official statistics ({args.rounding} rounding)")
    frame = compare_official(ds, rounding=args.rounding)
    if args.format == "json":
        _write_json(frame.to_dict("records"), out)
    elif args.format == "csv":
        frame.to_csv(out, index=False, lineterminator="\n")
    else:
        out.write(format_comparison(frame) + "\n")
    return 0

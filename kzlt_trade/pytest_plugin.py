"""pytest plugin: ``pytest --kzlt-data=PATH`` checks a data folder as test items.

Registered through the ``pytest11`` entry point, so it is installed wherever
``kzlt_trade`` is; it does nothing unless a data folder is given, by
``--kzlt-data=PATH`` or by ``kzlt_data = PATH`` in the pytest configuration
(relative to the configuration file). The folder is then collected as:

``provenance``
    the folder loads: every row valid, every text with its recorded SHA-256,
    every quote at its offsets. Fails with the full list of problems.
``<relation>[<claim> ~ <claim> ~ ...]``
    one item per relation group that :func:`kzlt_trade.check` decided (a row of
    :attr:`kzlt_trade.Report.relations`), its claims in the order of the
    relation (the reported figure first). Fails when the severity of the group's
    finding (or, for a group with none, of its status) is at or above the fail-on
    level (``--kzlt-fail-on``, ini ``kzlt_fail_on``, one of
    :data:`kzlt_trade.vocabulary.FAIL_ON_LEVELS`): ``contradiction`` (default)
    fails contradictions; ``tension``, ``anomaly`` and ``ambiguity`` fail
    tensions too (and a press figure that matches the office's only if
    truncated); ``anomaly`` fails preliminary figures and mirror asymmetries,
    which are notices; ``never`` fails nothing. ``consistent`` groups pass,
    and so do ``reading_only`` ones (in which only alternative readings of
    ambiguous claims take part: the ``readings`` findings report on those).
    The failure message is the finding in full: the source's words for each
    figure and the arithmetic. The figures are read with the rounding of ``--kzlt-rounding``
    (ini ``kzlt_rounding``; ``nearest`` by default), as :func:`kzlt_trade.check`
    reads them.
``<relation>[<claim> ~ ...]`` for findings that are not relation groups
    period labels (``period_label``), unexplained jumps (``jump``, ``balance``)
    and ambiguous claims (``readings``): one item each, failing when the
    finding's severity reaches the fail-on level (period labels are warnings,
    so they fail under ``tension``; anomalies are notices, failing under
    ``anomaly``; ambiguities fail only under ``ambiguity``).
``acknowledgement[<key>]``
    for each row of ``PATH/acknowledged.csv`` whose key names no item: fails.

An item whose key is in ``PATH/acknowledged.csv`` (columns ``key, reason, who,
when``) is marked ``xfail(reason=..., strict=True)``: it shows as xfailed while
the finding stands, and fails as a stale acknowledgement once it is gone. Under
``--kzlt-fail-on=never`` no finding fails, so the acknowledgements are not
matched at all.

The fixture :func:`kzlt_dataset` gives tests the loaded data folder (the
bundled data when no folder is given). ``docs/pytest.md`` has a walk-through.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

# pytest imports this module in every session of every project where kzlt_trade
# is installed, so at module level it imports only the standard library and pytest
# (the package kzlt_trade imports none of its modules until a name is used). The
# hooks import the library when a session asks for it: --kzlt-data, or the
# kzlt_dataset fixture. tests/test_pytest_plugin.py runs a session that uses
# neither and checks that it imported no numpy and none of the engine.
if TYPE_CHECKING:
    from kzlt_trade.dataset import Dataset
    from kzlt_trade.errors import DataFileError
    from kzlt_trade.results import Finding, Report
    from kzlt_trade.testing import Acknowledgement
    from kzlt_trade.vocabulary import FailOn, Rounding, Severity

__all__ = [
    "DataFolder",
    "FindingItem",
    "ProvenanceItem",
    "UnknownAcknowledgementItem",
    "kzlt_dataset",
]


@dataclass
class _Settings:
    """What the plugin was asked to do, kept in the config's stash."""

    folder: Path
    fail_on: FailOn
    rounding: Rounding
    acknowledgements: dict[str, Acknowledgement]
    #: The dataset, once collection has loaded it (the fixture reuses it).
    dataset: Dataset | None = None
    #: Keys of the items made so far, to report acknowledgements that match none.
    item_keys: set[str] = field(default_factory=set)


_SETTINGS = pytest.StashKey[_Settings]()


# -- options ----------------------------------------------------------------------------
def pytest_addoption(parser: pytest.Parser) -> None:
    # The choices come from the one vocabulary; the module imports only the standard
    # library and kzlt_trade.errors, so every session can afford it.
    from kzlt_trade.vocabulary import FAIL_ON_LEVELS, ROUNDINGS

    group = parser.getgroup("kzlt_trade", "kzlt_trade: check a folder of trade figures")
    group.addoption(
        "--kzlt-data",
        dest="kzlt_data",
        metavar="PATH",
        default=None,
        help="collect the kzlt_trade data folder PATH as tests: provenance, one item per relation group and finding",
    )
    group.addoption(
        "--kzlt-fail-on",
        dest="kzlt_fail_on",
        choices=FAIL_ON_LEVELS,
        default=None,
        help="fail data items whose finding is at or above this level: " + _listed(FAIL_ON_LEVELS) + " "
        "(default: contradiction; never: no data item fails)",
    )
    group.addoption(
        "--kzlt-rounding",
        dest="kzlt_rounding",
        choices=ROUNDINGS,
        default=None,
        help="how the sources rounded their figures, as for kzlt_trade.check: " + _listed(ROUNDINGS) + " "
        "(default: nearest)",
    )
    parser.addini(
        "kzlt_data",
        type="paths",
        default=[],
        help="kzlt_trade data folder to collect as tests, relative to the configuration file (as --kzlt-data)",
    )
    parser.addini(
        "kzlt_fail_on", type="string", default="contradiction", help=_listed(FAIL_ON_LEVELS) + " (as --kzlt-fail-on)"
    )
    parser.addini("kzlt_rounding", type="string", default="nearest", help=_listed(ROUNDINGS) + " (as --kzlt-rounding)")


def _listed(values: Iterable[str]) -> str:
    *rest, last = values
    return f"{', '.join(rest)} or {last}"


def pytest_configure(config: pytest.Config) -> None:
    folder = _folder(config)
    if folder is None:
        return  # inert: no data folder was asked for
    from kzlt_trade.errors import DataFileError, UsageError
    from kzlt_trade.testing import load_acknowledgements
    from kzlt_trade.vocabulary import FAIL_ON_LEVELS, ROUNDINGS, one_of

    # The command line's choices are checked by argparse; the ini values are checked here.
    try:
        fail_on = one_of(
            "kzlt_fail_on", config.getoption("kzlt_fail_on") or config.getini("kzlt_fail_on"), FAIL_ON_LEVELS
        )
        rounding = one_of(
            "kzlt_rounding", config.getoption("kzlt_rounding") or config.getini("kzlt_rounding"), ROUNDINGS
        )
    except UsageError as exc:
        raise pytest.UsageError(str(exc)) from None
    if not folder.is_dir():
        what = "does not exist" if not folder.exists() else "is not a folder"
        raise pytest.UsageError(
            f"--kzlt-data: {folder} {what}: expected a kzlt_trade data folder holding "
            "sources.csv, claims.csv and sources/"
        )
    try:
        acknowledgements = load_acknowledgements(folder)
    except DataFileError as exc:
        raise pytest.UsageError(f"--kzlt-data: {exc}") from None
    config.stash[_SETTINGS] = _Settings(folder, fail_on, rounding, acknowledgements)
    config.addinivalue_line("markers", "kzlt_data: an item collected from a kzlt_trade data folder")
    if not any(_within(arg, folder, config) for arg in config.args):
        # The folder is collected like any path on the command line, by the
        # Directory collector that pytest_collect_directory returns for it.
        config.args.append(str(folder))


def _folder(config: pytest.Config) -> Path | None:
    option: str | None = config.getoption("kzlt_data")
    if option:
        return (config.invocation_params.dir / option).resolve()
    paths: list[Path] = config.getini("kzlt_data")
    if not paths:
        return None
    if len(paths) > 1:
        raise pytest.UsageError(f"kzlt_data names {len(paths)} folders ({', '.join(map(str, paths))}): expected one")
    return paths[0].resolve()


def _within(arg: str, folder: Path, config: pytest.Config) -> bool:
    """Whether a collection argument already points at the folder or into it."""
    path = (config.invocation_params.dir / arg.split("::", maxsplit=1)[0]).resolve()
    return path == folder or folder in path.parents


def pytest_report_header(config: pytest.Config) -> str | None:
    settings = config.stash.get(_SETTINGS, None)
    if settings is None:
        return None
    n = len(settings.acknowledgements)
    return (
        f"kzlt_trade: data folder {settings.folder}, fail on {settings.fail_on}, {settings.rounding} rounding, "
        f"{n} acknowledgement{'s' if n != 1 else ''}"
    )


# -- collection -------------------------------------------------------------------------
@pytest.hookimpl(tryfirst=True)
def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    settings = config.stash.get(_SETTINGS, None)
    if settings is not None and collection_path.resolve() == settings.folder:
        return False  # collect the data folder even where norecursedirs would skip it
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_collect_directory(path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    settings = parent.config.stash.get(_SETTINGS, None)
    if settings is None or path.resolve() != settings.folder:
        return None
    # Outside the rootdir pytest would give the folder an empty node id ("::provenance").
    rootpath = parent.config.rootpath
    nodeid = None if path.is_relative_to(rootpath) else _relative(path, rootpath)
    return DataFolder.from_parent(parent, path=path, nodeid=nodeid)


def _relative(path: Path, start: Path) -> str:
    try:
        return Path(os.path.relpath(path, start)).as_posix()
    except ValueError:  # another drive
        return path.as_posix()


class DataFolder(pytest.Directory):
    """A kzlt_trade data folder, collected as provenance, relation-group and finding items."""

    def collect(self) -> Iterable[pytest.Item | pytest.Collector]:
        from kzlt_trade.checker import check
        from kzlt_trade.errors import DataFileError
        from kzlt_trade.io import load
        from kzlt_trade.vocabulary import FAIL_ON

        settings = self.config.stash[_SETTINGS]
        try:
            ds = load(self.path)
        except DataFileError as exc:
            # Without the data no relation can be checked, nor any acknowledgement matched.
            yield ProvenanceItem.from_parent(self, name="provenance", dataset=None, error=exc)
            return
        settings.dataset = ds
        yield ProvenanceItem.from_parent(self, name="provenance", dataset=ds, error=None)
        names: set[str] = {"provenance"}
        # An acknowledgement accepts a finding that fails; at fail-on level never none
        # does, so none is matched (and none can go stale).
        acknowledgements = settings.acknowledgements if FAIL_ON[settings.fail_on] is not None else {}
        for spec in _specs(check(ds, rounding=settings.rounding), settings.fail_on):
            item = FindingItem.from_parent(
                self, name=_unique(spec.name, names), spec=spec, fail_on=settings.fail_on,
                acknowledged_in=self._shown(self.path / "acknowledged.csv"),
            )  # fmt: skip
            settings.item_keys.add(spec.key)
            ack = acknowledgements.get(spec.key)
            if ack is not None:
                item.add_marker(pytest.mark.xfail(reason=_ack_reason(ack), strict=True))
            yield item
        for key, ack in acknowledgements.items():
            if key not in settings.item_keys:
                yield UnknownAcknowledgementItem.from_parent(
                    self, name=_unique(f"acknowledgement[{key}]", names), acknowledgement=ack,
                    known=sorted(settings.item_keys), acknowledged_in=self._shown(self.path / "acknowledged.csv"),
                )  # fmt: skip

    def _shown(self, path: Path) -> str:
        """A path as the user gave it: relative to the invocation folder when inside it."""
        here = self.config.invocation_params.dir
        return _relative(path, here) if path.is_relative_to(here) else str(path)


@dataclass(frozen=True)
class _Spec:
    """What one finding item checks."""

    #: Item name: the relation and its claims, the reported figure first.
    name: str
    #: The relation group's or finding's key, as acknowledged.csv names it.
    key: str
    #: The kind of the group's finding, or its status (consistent, reading_only) when it has none.
    status: str
    #: The finding behind a failing group, or the finding the item stands for.
    finding: Finding | None
    #: Whether the item fails at the fail-on level.
    failing: bool


def _specs(report: Report, fail_on: FailOn) -> Iterator[_Spec]:
    """One spec per relation group, then one per finding that is not a relation group."""
    from kzlt_trade.vocabulary import FAIL_ON

    level = FAIL_ON[fail_on]
    by_key = {f.key: f for f in report.findings}
    grouped: set[str] = set()
    for row in report.relations.itertuples(index=False):
        key, relation, status = str(row.key), str(row.relation), str(row.status)
        finding = by_key.get(key)
        claims = tuple(str(row.claims).split(", ")) if finding is None else finding.claims
        grouped.add(key)
        # The group's finding says what its status means (a failing mirror pair is an asymmetry, a
        # notice; a press figure matching an earlier revision is preliminary): its severity decides.
        severity = finding.severity if finding is not None else _status_severity(status)
        failing = level is not None and severity is not None and severity >= level
        # Selected by the finding's kind where there is one (-k mirror_asymmetry), else by the status.
        word = finding.kind if finding is not None else status
        yield _Spec(f"{relation}[{' ~ '.join(claims)}]", key, word, finding, failing)
    for f in report.findings:
        if f.key not in grouped:
            failing = level is not None and f.severity >= level
            yield _Spec(f"{f.relation}[{' ~ '.join(f.claims)}]", f.key, f.kind, f, failing)


def _status_severity(status: str) -> Severity | None:
    """The severity of a relation group's status: that of the finding of the same kind (none when it holds)."""
    from kzlt_trade.vocabulary import SEVERITY

    # The statuses tension and contradiction are kinds of finding too; consistent and reading_only are not.
    return next((severity for kind, severity in SEVERITY.items() if kind == status), None)


def _unique(name: str, taken: set[str]) -> str:
    out, n = name, 1
    while out in taken:
        n += 1
        out = f"{name}#{n}"
    taken.add(out)
    return out


def _ack_reason(ack: Acknowledgement) -> str:
    return f"acknowledged by {ack.who} on {ack.when}: {ack.reason}"


class _DataItem(pytest.Item):
    """An item of a data folder: it reports its own path and name, never a traceback."""

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, self.name


class ProvenanceItem(_DataItem):
    """The data folder loads: rows valid, texts unchanged (SHA-256), quotes at their offsets."""

    def __init__(self, *, dataset: Dataset | None, error: DataFileError | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.dataset = dataset
        self.error = error
        self.add_marker(pytest.mark.kzlt_data)

    def runtest(self) -> None:
        if self.error is not None:
            pytest.fail(
                f"{self.error}\n\nNo relation among the figures was checked: fix these problems first.",
                pytrace=False,
            )


class FindingItem(_DataItem):
    """One relation group, or one finding that is not a relation group."""

    def __init__(self, *, spec: _Spec, fail_on: FailOn, acknowledged_in: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        #: The relation group's or finding's key, as acknowledged.csv names it.
        self.key = spec.key
        #: The group's status, or the finding's kind.
        self.status = spec.status
        #: The finding: for a relation group, only when it is a tension or a contradiction.
        self.finding = spec.finding
        self.failing = spec.failing
        self.fail_on = fail_on
        self.acknowledged_in = acknowledged_in
        self.add_marker(pytest.mark.kzlt_data)
        self.extra_keyword_matches.add(spec.status)
        if spec.finding is not None:
            self.extra_keyword_matches.update({spec.finding.kind, spec.finding.partner, spec.finding.indicator})

    def runtest(self) -> None:
        if not self.failing:
            return
        text = str(self.finding) if self.finding is not None else f"{self.status.upper()} {self.key}"
        pytest.fail(
            f"{text}\n\n"
            f"This fails at --kzlt-fail-on={self.fail_on}. If it is what the sources say, acknowledge it with a row "
            f"in {self.acknowledged_in} (columns key,reason,who,when):\n"
            f"{self.key},<why this is expected>,<your name>,<YYYY-MM-DD>",
            pytrace=False,
        )


class UnknownAcknowledgementItem(_DataItem):
    """A row of acknowledged.csv whose key names no relation group and no finding of the data."""

    def __init__(
        self, *, acknowledgement: Acknowledgement, known: list[str], acknowledged_in: str, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.acknowledgement = acknowledgement
        self.known = known
        self.acknowledged_in = acknowledged_in
        self.add_marker(pytest.mark.kzlt_data)

    def runtest(self) -> None:
        ack = self.acknowledgement
        close = _closest(ack.key, self.known)
        hint = ("\nClosest keys: " + "; ".join(close)) if close else ""
        pytest.fail(
            f"acknowledgement for unknown finding key {ack.key!r} ({self.acknowledged_in}, row {ack.row}, "
            f"by {ack.who} on {ack.when}): no relation group or finding of the data has this key. The claims it "
            f"names may have been renamed or removed; correct the key or remove the row.{hint}",
            pytrace=False,
        )


def _closest(key: str, known: Iterable[str], n: int = 3) -> list[str]:
    """The known keys sharing most claims with ``key`` (same relation first); a misspelt key falls back on difflib."""
    relation, _, rest = key.partition(":")
    claims = set(rest.split("+"))
    scored = []
    for k in known:
        r, _, c = k.partition(":")
        shared = len(claims & set(c.split("+")))
        if shared:
            scored.append((r != relation, -shared / len(claims | set(c.split("+"))), k))
    return [k for *_, k in sorted(scored)[:n]] or difflib.get_close_matches(key, list(known), n=n, cutoff=0.6)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    # The xfail plugin words a strict xpass as "[XPASS(strict)] <reason>"; for an
    # acknowledged finding item that means the acknowledgement went stale: say so.
    report = yield
    if isinstance(item, FindingItem) and report.when == "call" and report.failed:
        text = report.longrepr if isinstance(report.longrepr, str) else ""
        if text.startswith("[XPASS(strict)]"):
            now = "no finding" if item.status in ("consistent", "reading_only") else f"its status is {item.status}"
            report.longrepr = (
                f"[XPASS(strict)] stale acknowledgement: {item.key} no longer fails at --kzlt-fail-on="
                f"{item.fail_on} ({now}). Remove its row from {item.acknowledged_in}.\n"
                f"The row said: {text.removeprefix('[XPASS(strict)] ')}"
            )
    return report


# -- fixtures ---------------------------------------------------------------------------
@pytest.fixture(scope="session")
def kzlt_dataset(request: pytest.FixtureRequest) -> Dataset:
    """The dataset of ``--kzlt-data`` (or ini ``kzlt_data``), or the bundled data when none is given."""
    from kzlt_trade.io import load

    settings = request.config.stash.get(_SETTINGS, None)
    if settings is None:
        return load()
    if settings.dataset is None:
        settings.dataset = load(settings.folder)
    return settings.dataset

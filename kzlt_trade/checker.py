"""Which figures agree, which cannot both be true, and which are only loosely true.

:func:`check` reads the claims (:class:`~kzlt_trade.readings.Readings`),
takes the reports of each quantity together (:mod:`kzlt_trade.nodes`),
generates every relation among them (:data:`kzlt_trade.relations.REGISTRY`),
decides each by interval arithmetic under every reading, and reports:

``contradiction`` (error)
    no reading of the figures, within their written precision and the widest
    hedge, satisfies the relation;
``tension`` (warning)
    the relation holds only under the widest reading: the other rounding
    convention, a hedge stretched to its limit, or an alternative reading;
``period_label`` (warning)
    a figure's words give it a period it cannot have (the same text gives a
    different total for that period), while another period fits;
``anomaly`` (notice)
    a jump that nothing explains: a level falling by more than half or more
    than doubling in a year with no growth claim about it, or exports and
    imports trading places;
``ambiguity`` (info)
    a claim keeps several readings and the other figures cannot choose; the
    finding says what each reading implies;
``resolved_ambiguity`` (info)
    the other figures refute all readings but one.

An *instance* is one relation over one choice of nodes; the instances over the
same claims (under different readings) form a *relation group* with one
verdict, and a group that fails gives one finding naming all of its claims.

>>> report = check()
>>> [(f.relation, len(f.claims)) for f in report.contradictions]
[('growth', 3), ('growth', 3), ('growth', 3), ('growth', 4), ('official', 3), ('same_quantity', 2)]
"""

from __future__ import annotations

import contextlib
import gc
import math
from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np

from kzlt_trade.ambiguity import reading_findings, readings_verdict
from kzlt_trade.anomalies import balance_reversals, jumps, year_levels
from kzlt_trade.errors import UsageError, UsageTypeError
from kzlt_trade.groups import STATUS, Groups, Instances, RelationGroups, group, instances
from kzlt_trade.interval import Interval
from kzlt_trade.nodes import Nodes
from kzlt_trade.reading import HedgePolicy
from kzlt_trade.readings import Readings, Revision
from kzlt_trade.relations import REGISTRY, Mirror, Relation
from kzlt_trade.results import Finding, Report
from kzlt_trade.vocabulary import RELATIONS, ROUNDINGS, Rounding, expect, one_of
from kzlt_trade.wording import Wording, finding

if TYPE_CHECKING:
    from kzlt_trade.dataset import Dataset

__all__ = ["check", "check_readings", "rounding_arg"]


def check(
    ds: Dataset | None = None,
    *,
    rounding: Rounding = "nearest",
    policy: HedgePolicy | None = None,
    jump: float = 2.0,
    readings: Readings | None = None,
) -> Report:
    """Check every relation among the claims of ``ds`` (the bundled data by default).

    Parameters
    ----------
    ds
        A dataset from :func:`kzlt_trade.load`.
    rounding
        How writers rounded, for the strict reading: ``"nearest"`` (default),
        ``"truncate"`` or ``"either"``. The wide reading always allows either.
    policy
        Reach of "about" and "approached" for the strict reading; the wide
        reading uses :meth:`HedgePolicy.widest` (or this, if wider).
    jump
        A year-on-year ratio of levels beyond ``jump`` or below ``1/jump`` with
        no growth claim about it is an anomaly (default 2: doubling or halving).
    readings
        The readings of ``ds``, if already built (``rounding`` and ``policy``
        are then those it was built with).

    Raises
    ------
    UsageTypeError
        For an argument of a type not accepted (``jump="2"``, ``rounding=0.5``,
        a path for ``ds``), naming the argument, its type and what is expected.
    UsageError
        For a value not accepted: an unknown rounding mode, ``jump`` of 1 or less.

    Examples
    --------
    >>> r = check()
    >>> sorted({f.kind for f in r})  # doctest: +NORMALIZE_WHITESPACE
    ['anomaly', 'contradiction', 'mirror', 'mirror_asymmetry', 'official_match', 'official_truncated',
     'period_label', 'resolved_ambiguity']
    """
    from kzlt_trade.io import load

    analysis_args(ds, rounding, policy)
    if readings is not None:
        expect("readings", readings, Readings, "Readings, e.g. Readings.of(dataset), or None")
    if isinstance(jump, bool) or not isinstance(jump, int | float):
        raise UsageTypeError("jump", jump, "a ratio greater than 1 (a number, e.g. 2.0)")
    if not jump > 1.0:
        raise UsageError("jump", jump, "a ratio greater than 1")
    with collector_paused():
        if readings is None:
            readings = Readings.of(ds if ds is not None else load(), rounding=rounding, policy=policy)
        return check_readings(readings, jump=float(jump))


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for one analysis, if it runs (and run it again after).

    An analysis makes objects by the hundred thousand (its columns as lists, its
    findings) and nearly all of them live until it ends; each full collection
    walks every object of the process, the loaded claims too, and finds nothing
    to free. At 10^5 realistic claims such collections took a quarter of the
    check. Reference counting frees objects as usual while the collector waits;
    only garbage in reference cycles waits for it. A collector already paused by
    the caller stays paused.

    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def analysis_args(ds: object, rounding: object, policy: object) -> None:
    """Check the arguments of every analysis (check, reconcile); raise naming the bad one."""
    from kzlt_trade.dataset import Dataset

    if ds is not None:
        expect("ds", ds, Dataset, "a Dataset, e.g. kzlt_trade.load(folder)")
    rounding_arg(rounding)
    if policy is not None:
        expect("policy", policy, HedgePolicy, "a HedgePolicy, e.g. HedgePolicy.widest(), or None")


def rounding_arg(rounding: object, name: str = "rounding") -> Rounding:
    """``rounding`` if it is a rounding mode (:data:`~kzlt_trade.vocabulary.Rounding`).

    Raises :class:`~kzlt_trade.errors.UsageTypeError` for a value that is not a
    ``str`` (``rounding=0.5``), :class:`~kzlt_trade.errors.UsageError` for a ``str``
    that is not a mode; both name the argument and the modes.

    >>> rounding_arg("either")
    'either'
    """
    modes = "one of " + ", ".join(repr(r) for r in ROUNDINGS)
    return one_of(name, expect(name, rounding, str, modes), ROUNDINGS)


def check_readings(readings: Readings, *, jump: float = 2.0) -> Report:
    """:func:`check` on readings already built."""
    with collector_paused():
        return _check_readings(readings, jump=jump)


def _check_readings(readings: Readings, *, jump: float) -> Report:
    nodes = Nodes.of(readings)
    inst = instances(nodes)
    groups = group(nodes, inst)
    findings, live = _findings(readings, nodes, inst, groups, jump=jump)
    # Made once the findings are written, when their working tables (the wording, the verdicts)
    # are gone: at a million claims the two would otherwise add up at the peak.
    groups_table = RelationGroups.of(nodes, inst, groups)
    return Report(tuple(findings), readings.rounding, live, readings=readings, groups=groups_table)


def _findings(
    readings: Readings, nodes: Nodes, inst: Instances, groups: Groups, *, jump: float
) -> tuple[list[Finding], dict[str, tuple[str, ...]]]:
    """Every finding of one check, most severe first, and the readings left alive of each ambiguous claim."""
    w = Wording(readings, nodes)
    live, refuted, support = readings_verdict(nodes, inst, groups)
    _mark_refuting(readings, groups, live, refuted)
    findings: list[Finding] = []
    findings += _relation_findings(w, inst, groups)
    findings += _official_findings(w, inst, groups)
    findings += _mirror_findings(w, inst, groups)
    findings += _undecidable_findings(w, inst, groups)
    findings += _scope_findings(w, inst, groups)
    findings += reading_findings(w, inst, groups, live, refuted, support)
    levels = year_levels(readings)
    findings += jumps(w, jump, levels)
    findings += balance_reversals(w, levels)
    findings.sort(key=lambda f: (-f.severity, f.kind, f.key))
    return findings, live


# -- findings from relation groups -----------------------------------------------------


def _mark_refuting(
    readings: Readings, groups: Groups, live: dict[str, tuple[str, ...]], refuted: dict[int, list[int]]
) -> None:
    """Give the status ``refutes_reading`` to the failing groups that refute a reading of a resolved claim.

    A group that fails because it uses a reading the other figures refute, of a
    claim that keeps another reading, is the evidence of that claim's resolution
    (the ``resolved_ambiguity`` finding quotes its arithmetic), not a
    contradiction between figures that are all read as they are meant.
    """
    failing = (groups.status == STATUS["contradiction"]) | (groups.status == STATUS["tension"])
    for row, refuting in refuted.items():
        if live.get(str(readings.cell(row, "claim"))):
            at = np.asarray([g for g in refuting if g >= 0], dtype=np.int64)
            groups.status[at[failing[at]]] = STATUS["refutes_reading"]


def _relation_findings(w: Wording, inst: Instances, groups: Groups) -> list[Finding]:
    failing = (groups.status == STATUS["tension"]) | (groups.status == STATUS["contradiction"])
    # A scope difference is reported as such, whatever its values (see _scope_findings), a press
    # figure against the office's by _official_findings, and the two sides of a flow by _mirror_findings.
    relation = inst.relation[groups.representative]
    reported_apart = [RELATIONS.index(r) for r in ("scope_difference", "official", "mirror")]
    failing &= ~np.isin(relation, reported_apart)
    bad = np.flatnonzero(failing)
    if not len(bad):
        return []
    # For a tension, the group's first instance that holds on wide intervals says which reading it needs.
    wide = np.flatnonzero(inst.wide_ok)
    first_wide = np.full(len(groups), len(inst), dtype=np.int64)
    np.minimum.at(first_wide, groups.group[wide], wide)
    # Which failing groups relate currencies, all at once (an array per group would cost more).
    reps = groups.representative[bad]
    mm = inst.members
    crossing = w.nodes.across_currencies(np.stack([mm.m0[reps], mm.m1[reps], mm.m2[reps]], axis=1)).tolist()
    out = []
    for g, k, across in zip(bad.tolist(), reps.tolist(), crossing, strict=True):
        m = inst.at(k)
        rel = REGISTRY[RELATIONS[int(inst.relation[k])]]
        rows = rel.rows(w.nodes, *m)
        arithmetic = rel.explain(w.in_usd(across), *m, bool(inst.strict_ok[k]))
        if groups.status[g] == STATUS["tension"]:
            j = int(first_wide[g])
            alt = None if j == len(inst) else inst.at(j)
            message = (
                f"{w.quantity(m[0])}: {rel.words} holds only {_why_tension(w, rel, bool(inst.wide_ok[k]), m, alt)}"
            )
            kind = "tension"
        else:
            message = (
                f"{w.quantity(m[0])}: {rel.words} fails under every reading of these figures, "
                "within their written precision"
            )
            kind = "contradiction"
        implied = reported = None
        if rel.compares_values and m[1] >= 0:
            implied = _bounded(float(inst.implied_lo[k]), float(inst.implied_hi[k]))
            reported = w.nodes.interval(m[0], usd=across)
        w.in_usd(False)
        out.append(finding(w, kind, rel.name, rows, arithmetic, message, implied=implied, reported=reported))  # type: ignore[arg-type]
    return out


def _official_findings(w: Wording, inst: Instances, groups: Groups) -> list[Finding]:
    """One finding per press figure with an official counterpart: how it compares with the office's.

    ``official_match`` (info) when the office's figure, rounded as the press wrote it,
    gives the press figure; ``official_truncated`` (warning) when only cutting the
    digits (or stretching a hedge) does; ``preliminary`` (notice) when it fails
    against the latest revision but meets an earlier one; ``contradiction`` when it
    meets no revision of the office's figure under any reading.
    """
    rel = REGISTRY["official"]
    mine = np.flatnonzero(inst.relation[groups.representative] == RELATIONS.index("official"))
    out = []
    for g in mine.tolist():
        status = int(groups.status[g])
        if status in (STATUS["reading_only"], STATUS["undecidable"], STATUS["refutes_reading"]):
            continue
        k = int(groups.representative[g])
        m = inst.at(k)
        rows = rel.rows(w.nodes, *m)
        across = w.nodes.relates_currencies(*m)
        arithmetic = rel.explain(w.in_usd(across), *m, bool(inst.strict_ok[k]))
        reported = w.nodes.interval(m[0], usd=across)
        implied = w.nodes.interval(m[1], usd=across)
        w.in_usd(False)
        what = w.quantity(m[0])
        if status == STATUS["consistent"]:
            kind, message = "official_match", f"{what}: the press figure matches the office's, as rounded"
        elif status == STATUS["tension"]:
            kind = "official_truncated"
            message = f"{what}: the press figure matches the office's only {_why_tension(w, rel, True, m, None)}"
        else:
            earlier = _earlier_revision(w, m, wide=True)
            if earlier is not None:
                kind = "preliminary"
                message = (
                    f"{what}: the press figure matches an earlier revision of the office's figure, "
                    f"{earlier.claim} ({earlier.text}), not its latest"
                )
                arithmetic += f"; earlier revision {earlier.claim}: {earlier.interval.format(6)}"
            else:
                kind = "contradiction"
                message = f"{what}: {rel.words} fails under every reading, within their written precision"
        out.append(finding(w, kind, rel.name, rows, arithmetic, message, implied=implied, reported=reported))  # type: ignore[arg-type]
    return out


def _mirror_findings(w: Wording, inst: Instances, groups: Groups) -> list[Finding]:
    """One finding per flow counted by both sides: the asymmetry as an interval ratio, against the CIF/FOB band.

    ``mirror`` (info) when the ratio of Kazakhstan's figure to the partner's meets
    the band, ``mirror_asymmetry`` (notice) when it does not. Neither corrects a side.
    """
    rel = REGISTRY["mirror"]
    assert isinstance(rel, Mirror)
    out = []
    for g in np.flatnonzero(inst.relation[groups.representative] == RELATIONS.index("mirror")).tolist():
        if groups.status[g] in (STATUS["reading_only"], STATUS["undecidable"]):
            continue
        k = int(groups.representative[g])
        m = inst.at(k)
        rows = rel.rows(w.nodes, *m)
        ok = bool(inst.strict_ok[k])
        arithmetic = rel.explain(w, *m, ok)
        theirs = str(w.nodes.cell(m[1], "reporter"))
        within = "within the CIF/FOB band" if ok else "beyond what carriage and insurance explain"
        message = f"{w.quantity(m[0])}: Kazakhstan's figure against {theirs}'s own for the same flow, {within}"
        kind = "mirror" if ok else "mirror_asymmetry"
        ratio = rel.ratio(w, m[0], m[1])
        out.append(finding(w, kind, rel.name, rows, arithmetic, message, implied=ratio))  # type: ignore[arg-type]
    return out


def _earlier_revision(w: Wording, m: tuple[int, int, int], *, wide: bool) -> Revision | None:
    """The first earlier revision of the office's figure (member 1) that the press figure (member 0) meets."""
    rd = w.readings
    press = w.nodes.interval(m[0], wide=wide)
    for cid in w.nodes.claims(m[1]):
        for rev in rd.revised.get(cid, ()):
            if press.overlaps(rev.interval):
                return rev
    return None


def _undecidable_findings(w: Wording, inst: Instances, groups: Groups) -> list[Finding]:
    """One finding per relation group that no exchange rate lets decide, naming the missing rates."""
    out = []
    rd = w.readings
    for g in np.flatnonzero(groups.status == STATUS["undecidable"]).tolist():
        k = int(groups.representative[g])
        m = inst.at(k)
        rel = REGISTRY[RELATIONS[int(inst.relation[k])]]
        rows = rel.rows(w.nodes, *m)
        missing = dict.fromkeys(
            f"no exchange rate for {rd.cell(r, 'unrated')} in {rd.cell(r, 'period')}"
            for r in rows
            if rd.cell(r, "unrated")
        )
        arithmetic = "; ".join(missing) + " (kzlt_trade.rates; a folder may add its own rates.csv)"
        message = f"{w.quantity(m[0])}: {rel.words} cannot be decided: " + "; ".join(missing)
        out.append(finding(w, "undecidable", rel.name, rows, arithmetic, message))
    return out


def _scope_findings(w: Wording, inst: Instances, groups: Groups) -> list[Finding]:
    """One finding per pair of figures for a loosely bounded group and a scope within it: both can be right."""
    rel = REGISTRY["scope_difference"]
    code = RELATIONS.index("scope_difference")
    out = []
    mine = np.flatnonzero(inst.relation[groups.representative] == code)
    for g in mine.tolist():
        if groups.status[g] in (STATUS["reading_only"], STATUS["undecidable"]):
            continue
        k = int(groups.representative[g])
        m = inst.at(k)
        rows = rel.rows(w.nodes, *m)
        part, whole = (str(w.readings.cell(r, "partner")) for r in (rows[0], rows[-1]))
        message = (
            f"{w.quantity(m[1])}: a figure for {whole}, a loosely bounded group, and one for {part} within it: "
            "different scopes, both can be right"
        )
        across = w.nodes.relates_currencies(*m)
        arithmetic = rel.explain(w.in_usd(across), *m, bool(inst.wide_ok[k]))
        w.in_usd(False)
        out.append(finding(w, "scope_difference", rel.name, rows, arithmetic, message))
    return out


def _bounded(lo: float, hi: float) -> Interval | None:
    if math.isnan(lo) or math.isnan(hi) or lo > hi:
        return None
    return Interval(lo, hi)


def _why_tension(
    w: Wording, rel: Relation, primary_wide: bool, m: tuple[int, int, int], alt: tuple[int, int, int] | None
) -> str:
    """Why a relation holds only widely; ``alt`` is the group's first instance that holds on wide intervals."""
    rd = w.readings
    if primary_wide:
        rows = rel.rows(w.nodes, *m)
        hedged = [str(rd.cell(r, "claim")) for r in rows if rd.cell(r, "hedge") in ("about", "approached")]
        if hedged:
            return "with the hedge of " + ", ".join(hedged) + " stretched to its limit (or the other rounding)"
        return "if the figures were truncated rather than rounded to the nearest value"
    assert alt is not None, "a tension holds on wide intervals under some reading"
    used = [
        f"{rd.cell(r, 'claim')} read as {rd.cell(r, 'reading')!r}"
        for r in rel.rows(w.nodes, *alt)
        if not rd.cell(r, "primary")
    ]
    return "under an alternative reading: " + "; ".join(used)

"""Which figures agree, which cannot both be true, and which are only loosely true.

:func:`check` generates every relation the claims imply (see
:mod:`kzlt_trade.relations`), decides each by interval arithmetic under every
combination of the claims' readings, and reports:

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

>>> report = check()
>>> [f.claims[0] for f in report.contradictions]
['kazinform-2023-02-24/lt-turnover-growth-2022', 'kazinform-2023-02-24/lt-turnover-growth-2022']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from kzlt_trade.anomalies import balance_reversals, jumps, year_levels
from kzlt_trade.errors import UsageError
from kzlt_trade.explain import Instance, explain, finding, quantity, shown
from kzlt_trade.frame import cached_columns, cell, readings_frame
from kzlt_trade.reading import HedgePolicy
from kzlt_trade.relations import instances
from kzlt_trade.results import Finding, Report
from kzlt_trade.vocabulary import Rounding

if TYPE_CHECKING:
    import pandas as pd

    from kzlt_trade.dataset import Dataset

__all__ = ["check", "check_frame"]


_RELATION_WORDS = {
    "same_quantity": "the same quantity reported twice",
    "sum": "turnover = exports + imports",
    "growth": "growth between two levels",
    "change": "change between two levels",
    "part_whole": "a part no larger than its whole",
    "rank_nesting": "a rank in a narrower field no worse than in a wider one",
    "range": "a value within its possible range",
    "jump": "a large change in one year",
    "balance": "exports and imports trading places",
    "readings": "the readings of an ambiguous figure",
    "period_label": "the period a figure's words give it",
}


def check(
    ds: Dataset | None = None,
    *,
    rounding: Rounding = "nearest",
    policy: HedgePolicy | None = None,
    jump: float = 2.0,
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

    Examples
    --------
    >>> r = check()
    >>> sorted({f.kind for f in r})
    ['ambiguity', 'anomaly', 'contradiction', 'period_label', 'resolved_ambiguity']
    """
    from kzlt_trade.io import load

    if rounding not in ("nearest", "truncate", "either"):
        raise UsageError("rounding", rounding, "'nearest', 'truncate' or 'either'")
    if not jump > 1.0:
        raise UsageError("jump", jump, "a ratio greater than 1")
    ds = ds if ds is not None else load()
    return check_frame(readings_frame(ds, rounding=rounding, policy=policy), rounding=rounding, jump=jump)


def check_frame(frame: pd.DataFrame, *, rounding: Rounding = "nearest", jump: float = 2.0) -> Report:
    """:func:`check` on a readings frame (see :mod:`kzlt_trade.frame`); the benchmarks call this."""
    frame = frame.reset_index(drop=True)
    with cached_columns(frame):
        codes, uniques = _claim_codes(frame)
        # Every relation instance, with its group and the group's verdict.
        groups = _group(frame, instances(frame), codes)
        live, refuted, support = _readings_verdict(frame, groups)
        findings: list[Finding] = []
        findings += _relation_findings(frame, groups)
        findings += _reading_findings(frame, groups, live, refuted, support)
        levels = year_levels(frame)
        findings += jumps(frame, jump, levels)
        findings += balance_reversals(frame, levels)
        findings.sort(key=lambda f: (-f.severity, f.kind, f.key))
        # The table of relation groups holds millions of strings: build it once the instances are freed.
        representatives = _representatives(groups)
        del groups
        relations = _relations_from(frame, representatives, uniques)
    return Report(tuple(findings), relations, rounding, live)


def _claim_codes(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """A code per row for its claim, numbering the claim ids in sorted order, and the ids."""
    import pandas as pd

    codes, uniques = pd.factorize(np.asarray(frame["claim"].to_numpy(), dtype=object))
    # Renumber in sorted order (Python's sort is fast on ids that come mostly in order).
    names = uniques.tolist()
    order = np.asarray(sorted(range(len(names)), key=names.__getitem__), dtype=np.int64)
    rank = np.empty(len(names), dtype=np.int64)
    rank[order] = np.arange(len(names))
    return rank[codes], np.asarray(uniques, dtype=object)[order]


def _group(frame: pd.DataFrame, inst: pd.DataFrame, codes: np.ndarray) -> pd.DataFrame:
    """Add a group id per (relation, set of claims) and the group's verdict to each instance.

    ``c0``..``c2`` are the instance's claim codes (:func:`_claim_codes`), sorted, -1 for absent members.
    """
    primary = frame["primary"].to_numpy()
    members = inst[["m0", "m1", "m2"]].to_numpy()
    present = members >= 0
    claim_codes = np.where(present, codes[np.where(present, members, 0)], -1)
    claim_codes.sort(axis=1)
    inst = inst.assign(c0=claim_codes[:, 0], c1=claim_codes[:, 1], c2=claim_codes[:, 2])
    all_primary = np.all(~present | primary[np.where(present, members, 0)], axis=1)
    inst["all_primary"] = all_primary
    inst["group"] = _first_seen_ids(inst["relation"].to_numpy(), claim_codes, len(codes))
    g = inst.groupby("group")
    verdict = g.agg(
        has_primary=("all_primary", "any"),
        any_wide=("wide_ok", "any"),
    )
    verdict["primary_strict"] = inst.assign(x=inst["all_primary"] & inst["strict_ok"]).groupby("group")["x"].any()
    status = np.where(
        verdict["primary_strict"],
        "consistent",
        np.where(~verdict["has_primary"], "reading_only", np.where(verdict["any_wide"], "tension", "contradiction")),
    )
    verdict["status"] = status
    # Group ids run 0..n-1, so the verdict's row of a group is its id: take rather than join.
    group = inst["group"].to_numpy()
    if len(verdict) and (verdict.index.to_numpy() == np.arange(len(verdict))).all():
        return inst.assign(**{c: verdict[c].array.take(group) for c in verdict.columns})
    return inst.join(verdict, on="group")


def _first_seen_ids(relation: np.ndarray, claim_codes: np.ndarray, n_codes: int) -> np.ndarray:
    """An id per distinct (relation, claim codes) row, numbered in order of first appearance.

    The same numbers as ``groupby([relation, c0, c1, c2], sort=False).ngroup()``, from
    integer keys packed two columns at a time (faster on millions of instances).
    """
    import pandas as pd

    rel, rel_names = pd.factorize(relation)
    base = n_codes + 1  # codes run from -1 (absent) to n_codes - 1
    if len(rel) == 0 or float(len(rel)) * base * max(len(rel_names), 1) >= 2.0**62:
        frame = pd.DataFrame({"r": rel, "c0": claim_codes[:, 0], "c1": claim_codes[:, 1], "c2": claim_codes[:, 2]})
        return np.asarray(frame.groupby(["r", "c0", "c1", "c2"], sort=False).ngroup().to_numpy(), dtype=np.int64)
    pair = pd.factorize((claim_codes[:, 0] + 1) * base + (claim_codes[:, 1] + 1))[0].astype(np.int64)
    key = (pair * base + (claim_codes[:, 2] + 1)) * len(rel_names) + rel
    return np.asarray(pd.factorize(key)[0], dtype=np.int64)


def _readings_verdict(
    frame: pd.DataFrame, groups: pd.DataFrame
) -> tuple[dict[str, tuple[str, ...]], dict[int, list[int]], dict[int, list[int]]]:
    """For each ambiguous claim: the readings left alive, and the groups refuting or supporting each reading.

    A reading is refuted by a relation group when every instance of the group
    that uses it fails even on wide intervals.
    """
    import pandas as pd

    ambiguous = frame["ambiguous"].to_numpy()
    if not ambiguous.any():
        return {}, {}, {}
    # One row per (instance, member) whose reading belongs to an ambiguous claim, members in turn.
    members = groups[["m0", "m1", "m2"]].to_numpy().T.reshape(-1)
    keep = members >= 0
    keep[keep] = ambiguous[members[keep]]
    which = np.flatnonzero(keep) % len(groups)
    long = pd.DataFrame(
        {
            "row": members[keep],
            "group": groups["group"].to_numpy()[which],
            "wide_ok": groups["wide_ok"].to_numpy()[which],
            "strict_ok": groups["strict_ok"].to_numpy()[which],
        }
    )
    per = long.groupby(["row", "group"]).agg(wide=("wide_ok", "any"), strict=("strict_ok", "any")).reset_index()
    refuted: dict[int, list[int]] = {}
    support: dict[int, list[int]] = {}
    for row, group, wide, strict in per.itertuples(index=False):
        if not wide:
            refuted.setdefault(int(row), []).append(int(group))
        elif strict:
            support.setdefault(int(row), []).append(int(group))
    live: dict[str, tuple[str, ...]] = {}
    amb = frame[frame["ambiguous"]]
    for claim, rows in amb.groupby("claim", sort=False).groups.items():
        live[str(claim)] = tuple(cell(frame, r, "reading") for r in rows if int(r) not in refuted)
    return live, refuted, support


def _representatives(groups: pd.DataFrame) -> dict[str, np.ndarray] | None:
    """One representative instance per group, column by column (None for no groups).

    A primary one if there is one: the first, in instance order.
    """
    if groups.empty:
        return None
    group = groups["group"].to_numpy()
    n = len(group)
    # Ids are numbered in order of first appearance: a group's first instance is where a new id appears.
    first = np.flatnonzero(group > np.maximum.accumulate(np.r_[-1, group[:-1]]))
    primary = np.flatnonzero(groups["all_primary"].to_numpy())
    first_primary = np.full(len(first), n, dtype=np.int64)
    np.minimum.at(first_primary, group[primary], primary)
    take = np.where(first_primary < n, first_primary, first)
    cols = ["relation", "status", "m0", "m1", "m2", "implied_lo", "implied_hi", "reported_lo", "reported_hi"]
    rep = {c: groups[c].to_numpy()[take] for c in cols}
    rep["codes"] = groups[["c0", "c1", "c2"]].to_numpy()[take]
    return rep


def _relations_from(frame: pd.DataFrame, rep: dict[str, np.ndarray] | None, uniques: np.ndarray) -> pd.DataFrame:
    """The relations table of :class:`Report` from the groups' representatives."""
    import pandas as pd

    if rep is None:
        return pd.DataFrame(columns=["key", "relation", "status", "claims", "partner", "indicator", "period",
                                     "implied_lo", "implied_hi", "reported_lo", "reported_hi"])  # fmt: skip
    claim = frame["claim"].to_numpy()
    keys, ids = _group_names(claim, uniques, rep, rep.pop("codes"))
    first = rep["m0"]
    out = pd.DataFrame(
        {
            "key": keys,
            "relation": rep["relation"],
            "status": rep["status"],
            "claims": ids,
            "partner": frame["partner"].to_numpy()[first],
            "indicator": frame["indicator"].to_numpy()[first],
            "period": frame["period"].to_numpy()[first],
            "implied_lo": rep["implied_lo"],
            "implied_hi": rep["implied_hi"],
            "reported_lo": rep["reported_lo"],
            "reported_hi": rep["reported_hi"],
        }
    )
    return out.reset_index(drop=True)


def _group_names(
    claim: np.ndarray, uniques: np.ndarray, rep: Mapping[str, np.ndarray], codes: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each group's key (relation and sorted claim ids) and its claim ids in member order.

    ``codes`` are the groups' sorted claim codes from :func:`_group` (-1 first for absent
    members), ``uniques`` the claim ids they stand for; the codes follow the order of the
    ids, so sorting the codes sorts the ids.
    """
    relation = rep["relation"]
    members = [rep[m] for m in ("m0", "m1", "m2")]
    keys = np.empty(len(relation), dtype=object)
    ids = np.empty(len(relation), dtype=object)
    # Build the strings one shape of group (which members are present) and one chunk at a time.
    shape = (members[1] >= 0).astype(np.int64) + 2 * (members[2] >= 0)
    chunk = 1 << 19
    for s, at_all in ((s, np.flatnonzero(shape == s)) for s in np.unique(shape).tolist()):
        for at in (at_all[i : i + chunk] for i in range(0, len(at_all), chunk)):
            rel = relation[at].tolist()
            present = [0] + [j for j in (1, 2) if s & j]
            names = [claim[members[j][at]].tolist() for j in present]
            sorted_names = [uniques[codes[at, j]].tolist() for j in range(3 - len(present), 3)]
            if len(present) == 1:
                key = [f"{r}:{a}" for r, a in zip(rel, *sorted_names, strict=True)]
                text = names[0]
            elif len(present) == 2:
                key = [f"{r}:{a}+{b}" for r, a, b in zip(rel, *sorted_names, strict=True)]
                text = [f"{a}, {b}" for a, b in zip(*names, strict=True)]
            else:
                key = [f"{r}:{a}+{b}+{c}" for r, a, b, c in zip(rel, *sorted_names, strict=True)]
                text = [f"{a}, {b}, {c}" for a, b, c in zip(*names, strict=True)]
            keys[at] = key
            ids[at] = text
    return keys, ids


# -- findings from relations -----------------------------------------------------------


#: The instance columns that findings read.
_INSTANCE_FIELDS = ("relation", "status", "m0", "m1", "m2", "strict_ok", "wide_ok", "implied_lo", "implied_hi",
                    "reported_lo", "reported_hi")  # fmt: skip


def _relation_findings(frame: pd.DataFrame, groups: pd.DataFrame) -> list[Finding]:
    bad = np.flatnonzero(groups["status"].isin(["tension", "contradiction"]).to_numpy())
    if not len(bad):
        return []
    group = groups["group"].to_numpy()
    # Group ids number the groups in order of first appearance, so ascending ids keep that order.
    # Each bad group's first instance with every member in its primary reading stands for it,
    primary_rows = bad[groups["all_primary"].to_numpy()[bad]]
    _, first = np.unique(group[primary_rows], return_index=True)
    # and, for a tension, its first instance that holds on wide intervals says which reading it needs.
    wide_rows = bad[groups["wide_ok"].to_numpy()[bad]]
    wide_groups, first_wide = np.unique(group[wide_rows], return_index=True)
    alt_of = dict(zip(wide_groups.tolist(), wide_rows[first_wide].tolist(), strict=True))
    columns = {c: groups[c].to_numpy() for c in _INSTANCE_FIELDS}
    out = []
    for k in primary_rows[first].tolist():
        primary = {c: v[k] for c, v in columns.items()}
        status = primary["status"]
        rows = [int(primary[m]) for m in ("m0", "m1", "m2") if primary[m] >= 0]
        arithmetic = explain(frame, primary)
        if status == "tension":
            j = alt_of.get(int(group[k]))
            alt = None if j is None else {c: v[j] for c, v in columns.items()}
            why = _why_tension(frame, alt, primary)
            message = f"{quantity(frame, rows[0])}: {_RELATION_WORDS[primary['relation']]} holds only {why}"
        else:
            message = (
                f"{quantity(frame, rows[0])}: {_RELATION_WORDS[primary['relation']]} fails under every reading "
                "of these figures, within their written precision"
            )
        out.append(finding(frame, status, primary["relation"], rows, arithmetic, message, primary))
    return out


def _why_tension(frame: pd.DataFrame, alt: Instance | None, primary: Instance) -> str:
    """Why a relation holds only widely; ``alt`` is the group's first instance that holds on wide intervals."""
    if primary["wide_ok"]:
        rows = [int(primary[m]) for m in ("m0", "m1", "m2") if primary[m] >= 0]
        hedged = [cell(frame, r, "claim") for r in rows if cell(frame, r, "hedge") in ("about", "approached")]
        if hedged:
            return "with the hedge of " + ", ".join(hedged) + " stretched to its limit (or the other rounding)"
        return "if the figures were truncated rather than rounded to the nearest value"
    assert alt is not None, "a tension holds on wide intervals under some reading"
    used = [
        f"{cell(frame, int(alt[m]), 'claim')} read as {cell(frame, int(alt[m]), 'reading')!r}"
        for m in ("m0", "m1", "m2")
        if alt[m] >= 0 and not cell(frame, int(alt[m]), "primary")
    ]
    return "under an alternative reading: " + "; ".join(used)


# -- readings ----------------------------------------------------------------------------


def _reading_findings(
    frame: pd.DataFrame,
    groups: pd.DataFrame,
    live: dict[str, tuple[str, ...]],
    refuted: dict[int, list[int]],
    support: dict[int, list[int]],
) -> list[Finding]:
    from kzlt_trade.reconciler import implications

    out: list[Finding] = []
    if not live:
        return out
    for claim, alive in live.items():
        rows = frame.index[frame["claim"] == claim].tolist()
        readings = [str(cell(frame, r, "reading")) for r in rows]
        dead_rows = [r for r in rows if r in refuted]
        if not dead_rows:
            lines = []
            for r in rows:
                implied = implications(frame, r)
                lines.append(f"as {cell(frame, r, 'reading')!r} ({shown(frame, r)}): {implied}")
            out.append(
                finding(
                    frame,
                    "ambiguity",
                    "readings",
                    [rows[0]],
                    "; ".join(lines),
                    f"{claim} keeps {len(rows)} readings ({', '.join(readings)}); the other figures cannot choose",
                )
            )
            continue
        if not alive:
            out.append(
                finding(
                    frame,
                    "contradiction",
                    "readings",
                    [rows[0]],
                    "; ".join(_refutation(frame, groups, r, refuted[r]) for r in dead_rows),
                    f"no reading of {claim} fits the other figures",
                )
            )
            continue
        kept = [r for r in rows if r not in refuted]
        evidence = "; ".join(_refutation(frame, groups, r, refuted[r]) for r in dead_rows)
        # Strong support (a growth, sum or repeated figure that holds) before weak (a part within a whole).
        backing = [g for r in kept for g in support.get(r, [])]
        strong = [g for g in backing if _group_relation(groups, g) in ("growth", "change", "sum", "same_quantity")]
        supporters = sorted({c for g in strong or backing for c in _group_claims(frame, groups, g)} - {claim})
        message = (
            f"{claim}: the other figures refute {', '.join(repr(cell(frame, r, 'reading')) for r in dead_rows)} "
            f"and leave {', '.join(repr(cell(frame, r, 'reading')) for r in kept)}"
        )
        if supporters:
            message += f", supported by {', '.join(supporters)}"
        out.append(finding(frame, "resolved_ambiguity", "readings", [kept[0]], evidence, message))
        out += _period_labels(frame, groups, kept, dead_rows, refuted, supporters)
    return out


def _group_relation(groups: pd.DataFrame, group: int) -> str:
    return str(groups.loc[groups["group"] == group, "relation"].iloc[0])


def _group_claims(frame: pd.DataFrame, groups: pd.DataFrame, group: int) -> list[str]:
    g = groups[groups["group"] == group].iloc[0]
    return [str(cell(frame, int(g[m]), "claim")) for m in ("m0", "m1", "m2") if g[m] >= 0]


def _refutation(frame: pd.DataFrame, groups: pd.DataFrame, row: int, refuting: list[int]) -> str:
    g = groups[(groups["group"] == refuting[0]) & groups[["m0", "m1", "m2"]].eq(row).any(axis=1)].iloc[0]
    return f"as {cell(frame, row, 'reading')!r}: {explain(frame, g)}"


def _period_labels(
    frame: pd.DataFrame,
    groups: pd.DataFrame,
    kept: list[int],
    dead: list[int],
    refuted: dict[int, list[int]],
    supporters: list[str],
) -> list[Finding]:
    """A figure whose words make it a full year, when only a part of a year fits."""
    out = []
    live_partial = [r for r in kept if cell(frame, r, "period_kind") == "partial"]
    for r in dead:
        if cell(frame, r, "period_kind") != "year" or not live_partial:
            continue
        keep = live_partial[0]
        claim = str(cell(frame, r, "claim"))
        # The plainest evidence: another figure for that very year; failing that, any refuting relation.
        same = [g for g in refuted[r] if _group_relation(groups, g) == "same_quantity"] or refuted[r]
        refuters = sorted({c for g in same for c in _group_claims(frame, groups, g)} - {claim})
        listed = list(dict.fromkeys([*supporters, *refuters]))
        rows = [keep] + [int(frame.index[(frame["claim"] == c) & frame["primary"]][0]) for c in listed]
        message = (
            f"{claim} ({cell(frame, r, 'text')}) reads as the {cell(frame, r, 'period')} total but cannot be: "
            f"{', '.join(refuters)} give{'s' if len(refuters) == 1 else ''} that year otherwise; it fits as "
            f"{_describe_period(frame, keep)}" + (f", with {', '.join(supporters)}" if supporters else "")
        )
        out.append(
            finding(frame, "period_label", "period_label", rows, _refutation(frame, groups, r, refuted[r]), message)
        )
    return out


def _describe_period(frame: pd.DataFrame, r: int) -> str:
    if cell(frame, r, "period_kind") == "partial" and not cell(frame, r, "months_known"):
        return f"a part of {str(cell(frame, r, 'period'))[:4]} (the same period, months not stated)"
    return str(cell(frame, r, "period"))

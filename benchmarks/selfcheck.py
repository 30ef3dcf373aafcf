"""The generator's own check of its injected contradictions (see :mod:`realistic`, "Injected contradictions").

The relation instances of a folder depend on what its claims are about, not on their
numbers: they are generated once with :func:`floor.pairs` (a member state within the
EU over the same period, as the checker relates them) and grouped by
their set of claims as the checker groups them. After each change of the injections
only the numbers of the changed claims are read again and the instances decided
again. A group is a contradiction as the checker decides it: it has an instance with
every claim in its primary reading, and no instance holds even on the wide intervals.
"""

from __future__ import annotations

import math
from datetime import date
from functools import cache
from typing import Any

import floor
import numpy as np
import pandas as pd
from releases import Claim, digits

__all__ = ["SelfCheck"]


class SelfCheck:
    """The generator's own check of its injections: the relations once, their verdicts after each change.

    The relation instances depend on what the claims are about, not on their numbers, so
    they are generated once (:func:`floor.pairs`, member states within the EU over every
    covering period included) and grouped by their set of claims as the checker groups
    them; each round only re-reads the numbers of the claims that changed and decides the
    instances again. A group is a contradiction as the checker decides it: it has an
    instance with every claim in its primary reading, and no instance holds even on the
    wide intervals.
    """

    def __init__(self, claims: list[Claim]) -> None:
        self.claims = claims
        self.frame, self.rows_of = _frame(claims)
        self.pairs = _floor().pairs(self.frame)
        members = self.pairs[["m0", "m1", "m2"]].to_numpy()
        present = members >= 0
        code = self.frame["code"].to_numpy()
        codes = np.where(present, code[np.where(present, members, 0)], -1)
        codes.sort(axis=1)
        rel = pd.factorize(self.pairs["relation"].to_numpy())[0]
        key = pd.MultiIndex.from_arrays([rel, codes[:, 0], codes[:, 1], codes[:, 2]])
        self.group, uniques = pd.factorize(key)
        self.group_claims = np.stack([uniques.get_level_values(k).to_numpy() for k in (1, 2, 3)], axis=1)
        primary = self.frame["primary"].to_numpy()
        all_primary = np.all(~present | primary[np.where(present, members, 0)], axis=1)
        self.n_groups = len(uniques)
        self.has_primary = np.bincount(self.group, weights=all_primary, minlength=self.n_groups) > 0
        self.all_primary = all_primary

    def update(self, changed: list[Claim]) -> None:
        """Re-read the numbers of the ``changed`` claims."""
        cols = ["lo", "hi", "lo_open", "hi_open", "wlo", "whi", "wlo_open", "whi_open"]
        for c in changed:
            for r, bounds in zip(self.rows_of[c.index], _claim_bounds(c), strict=True):
                for col, v in zip(cols, bounds, strict=True):
                    self.frame.iloc[r, self.frame.columns.get_loc(col)] = v

    def contradictions(self) -> list[set[int]]:
        """The claim numbers (positions in ``claims``) of every contradiction."""
        d = _floor().decide(self.frame, self.pairs)
        strict = d["strict_ok"].to_numpy() & self.all_primary
        wide = d["wide_ok"].to_numpy()
        ok_strict = np.bincount(self.group, weights=strict, minlength=self.n_groups) > 0
        ok_wide = np.bincount(self.group, weights=wide, minlength=self.n_groups) > 0
        bad = np.flatnonzero(self.has_primary & ~ok_strict & ~ok_wide)
        return [{int(x) for x in row if x >= 0} for row in self.group_claims[bad].tolist()]

    def unidentifiable(self) -> list[Claim]:
        """The injected claims that break the rules of the module docstring (none when all hold)."""
        owner = self.claims
        injected = {i for i, c in enumerate(owner) if c.injected}
        ambiguous = {i for i, c in enumerate(owner) if c.alt is not None}
        of: dict[int, list[set[int]]] = {}
        seen_by: dict[int, set[int]] = {}
        bad: set[int] = set()
        for group in self.contradictions():
            hit = group & injected
            if not hit:
                raise AssertionError(f"a contradiction without an injected claim: {[owner[x].id for x in group]}")
            if len(hit) > 1 or group & ambiguous:
                bad |= hit
                continue
            (x,) = hit
            of.setdefault(x, []).append(group - {x})
            for other in group - {x}:
                seen_by.setdefault(other, set()).add(x)
        for xs in seen_by.values():
            if len(xs) > 1:
                bad |= set(sorted(xs)[1:])
        for x in injected:
            groups = of.get(x, [])
            if any(not g for g in groups):
                continue  # a range: the claim alone cannot hold
            if not any(not (a & b) for k, a in enumerate(groups) for b in groups[k + 1 :]):
                bad.add(x)
        return [owner[x] for x in sorted(bad)]


def _floor() -> Any:
    """:mod:`floor` (a sibling module: the benchmarks folder is on ``sys.path`` when this runs)."""

    return floor


def _bounds(q: int, decimals: int, form: str, hedge: str, factor: float) -> tuple[Any, ...]:
    """Strict (nearest rounding) and wide (either rounding) bounds of a printed number, with their open ends.

    ``factor`` converts a level to million USD (1000 for billions); 0 marks an exact number (a rank).
    """
    v = q / 10**decimals
    if hedge == "more_than":
        return v, math.inf, True, True, v, math.inf, True, True
    if factor == 0.0:
        return v, v, False, False, v, v, False, False
    half, step = 0.5 / 10**decimals, 1.0 / 10**decimals
    conv = {"percent_increase": lambda x: 1 + x / 100, "percent_of_base": lambda x: x / 100,
            "times_increase": lambda x: 1 + x}.get(form, lambda x: x * factor)  # fmt: skip
    return conv(v - half), conv(v + half), False, False, conv(v - half), conv(v + step), False, True


def _claim_bounds(c: Claim) -> list[tuple[Any, ...]]:
    """The bounds of each reading of ``c`` (primary first), as :func:`_bounds` gives them."""
    q = digits(c.truth, c.decimals, c.release.rounding)
    factor = 1000.0 if c.unit == "billion USD" else (0.0 if c.indicator == "rank" else 1.0)
    forms = [c.form] + ([c.alt[1]] if c.alt is not None else [])
    return [_bounds(q, c.decimals, form, c.hedge, factor) for form in forms]


def _frame(claims: list[Claim]) -> tuple[pd.DataFrame, list[list[int]]]:
    """The columns :func:`floor.pairs` reads, one row per claim and reading, and each claim's rows."""
    rows = []
    rows_of: list[list[int]] = []
    for k, c in enumerate(claims):
        readings = [("p", c.form, c.period, c.base_period)]
        if c.alt is not None:
            readings.append(("a", c.alt[1], c.alt[2], c.alt[3]))
        rows_of.append(list(range(len(rows), len(rows) + len(readings))))
        for (name, form, period, base), bounds in zip(readings, _claim_bounds(c), strict=True):
            if form in ("percent_increase", "percent_of_base", "times", "times_increase"):
                measure = "ratio"
            else:
                measure = "change" if form == "change" else "level"
            kind, start, end, known = _period_info(period)
            rows.append((c.id, k, name == "p", c.release.id, c.partner, c.indicator, c.flow, c.scope, measure,
                         _key(period, c.release.id), _key(base, c.release.id) if base else "", kind, start, end,
                         known, *bounds))  # fmt: skip
    cols = ["claim", "code", "primary", "source", "partner", "indicator", "flow", "scope", "measure", "pkey", "bkey",
            "period_kind", "period_start", "period_end", "months_known", "lo", "hi", "lo_open", "hi_open", "wlo",
            "whi", "wlo_open", "whi_open"]  # fmt: skip
    f = pd.DataFrame(rows, columns=cols)
    f["period_start"] = pd.to_datetime(f["period_start"])
    f["period_end"] = pd.to_datetime(f["period_end"])
    return f, rows_of


def _key(period: str, source: str) -> str:
    return f"{period}#{source}" if period.endswith("-part") else period


@cache
def _period_info(period: str) -> tuple[str, date, date, bool]:
    from kzlt_trade.period import Period

    p = Period.parse(period)
    return p.kind, p.start, p.end, p.months_known

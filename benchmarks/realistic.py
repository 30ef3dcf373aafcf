"""A realistic synthetic data folder: press releases about Kazakhstan's trade with the EU and its members.

:func:`write_folder` writes a folder in the layout of ``data/`` (``sources.csv``,
``claims.csv``, ``readings.csv``, ``sources/NNNNNN.txt``, ``datapackage.json``) that
:func:`kzlt_trade.load` accepts: every source text's SHA-256 is recorded, every quote
stands verbatim in its text at its offsets, every number is written as the text says.
The same arguments give a byte-identical folder.

The shape
=========

* **Partners**: the EU aggregate and its member states, a parameter (``members``);
  by default the members the installed loader accepts, found by
  :func:`accepted_members` with a one-claim folder about ``DE``: LT, RO and EE while
  the loader knew four partners, all 27 once it takes any ISO 3166 alpha-2 code. The
  EU's figure is the members' plus the rest of the Union, so a member is always below
  the EU over the same period. Text: :mod:`releases`.
* **Truth**: monthly exports and imports per member (turnover is their sum), smooth
  from year to year with a rare jump (×1.5–2.5); every figure is a sum of months, so
  ``exports + imports = turnover``, a part of a year is below its year, a year below a
  window that covers it, hold exactly.
* **Periods**: calendar years; parts of years with their months (``2022-01..2022-06``,
  cumulative January to some month, and quarters); the unstated "same period" of a
  release (``2022-part``, with its base ``2021-part`` in the same release); cumulative
  windows of turnover ("from January 2015 to September 2018").
* **Forms**: levels (members in million USD, one or no decimal; the EU in billion
  USD, one or two decimals); growth over the same period of the previous year as
  ``percent_increase`` ("increased by 12.3%"), ``percent_of_base`` for a fall
  ("amounted to 94.8% of the level of 2021") and ``times`` ("grew 2.1 times", for the
  jumps); ``change`` ("increased by 120.5 million US dollars"); ranks of a member among
  Kazakhstan's partners in the EU, Europe and the world (one release each, as of its
  date); the EU's shares of Kazakh oil and uranium in its imports.
* **Repetition**: each figure is reported by 1–10 releases; each release prints at its
  own precision and, with probability ``truncate``, truncates instead of rounding
  (0 by default: a truncated figure is read, under the default strict convention, as
  rounded, and only the wide reading allows it, so truncation makes tensions).
* **Releases**: at most 50 figures each, 27 on average (a few releases of the last
  year, cut at ``n_claims``, hold fewer than 5); each about one year, published in the
  next; English (80 %) or Russian; one sentence per claim, holding its quote.
* **Ambiguity**: about 5 % of the claims keep a second reading in ``readings.csv``:
  ``times`` vs ``times_increase``, ``plus_percent`` vs ``percent_of_base``, a part of a
  year vs the whole year.
* **Years**: as many as the number of claims needs, up to 2024 (one year of the EU
  and 27 members is about 4,900 claims, of the EU and 3 members about 700: 10^6
  claims of 28 partners span some 200 years, 1796–1999 with seed 0; the years are
  synthetic, member states' figures above the EU's are injected only from the first
  full year of their membership).

Injected contradictions
=======================

A fraction ``inject`` of the claims (or ``max_injections``) is tried as targets, the
kinds of :data:`INJECTION_KINDS` (or ``kinds``) taking turns; an injection holds the
(partner, indicator, year) cells it touches, which no other may touch:

=====================  =================================================================
kind                   what is perturbed
=====================  =================================================================
``same_quantity``      one report of a level that two other reports give: ±5–15 %
``sum``                one exports report (reported once), with two turnover and two imports reports
``growth``             one growth rate, ±3–8 points beyond the precision of its two levels (reported twice each)
``change``             one change, ±20–50 %
``part_whole:flow``    exports above turnover (two turnover reports)
``part_whole:partial`` a part of a year above the year (two reports of the year)
``part_whole:member``  a member's figure above the EU's (two EU reports)
``part_whole:window``  a window below a year inside it (two reports of that year)
``range:share``        an EU share written "more than 100%"
``range:rank``         a rank among the EU's 27 members beyond 27
``rank_nesting``       a rank among EU partners worse than the same release's ranks in Europe and the world
=====================  =================================================================

Each injection must be **identifiable**: the generator checks its own folder
(:mod:`selfcheck`: the relations of :mod:`floor`, those of :mod:`kzlt_trade.relations`
with a member state within the EU over the same period, decided per group of claims
as the checker decides them) and keeps an injection only if every contradiction it is in
contains no other injected and no ambiguous claim, no claim other than it is in the
contradictions of two injections, and two of its contradictions have disjoint other
members (or one has none, a range). Then, for each injection, a correction set without
it needs two claims of its own, so the injected claims are the one smallest correction
set. Injections that fail are put back to the truth and recorded in ``skipped``; every
contradiction of the folder contains exactly one injected claim (checked).
"""

from __future__ import annotations

import json
import math
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from releases import Claim, Release, slug, word, write, write_tiny
from selfcheck import SelfCheck

__all__ = ["EU_MEMBERS", "INJECTION_KINDS", "Folder", "accepted_members", "write_folder"]

INJECTION_KINDS = (
    "same_quantity", "sum", "growth", "change", "part_whole:flow", "part_whole:partial",
    "part_whole:member", "part_whole:window", "range:share", "range:rank", "rank_nesting",
)  # fmt: skip

#: The 27 member states (ISO 3166-1 alpha-2; Greece is GR in ISO, EL in Eurostat's usage).
EU_MEMBERS = ("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "IE", "IT",
              "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "HU")  # fmt: skip

LAST_YEAR = 2024
#: The first full calendar year of each member's membership (the acts of accession; HR joined on 1 July 2013).
_FIRST_FULL_YEAR = {**dict.fromkeys(("BE", "DE", "FR", "IT", "LU", "NL"), 1958), **dict.fromkeys(("DK", "IE"), 1973),
                    "GR": 1981, "ES": 1986, "PT": 1986, **dict.fromkeys(("AT", "FI", "SE"), 1995),
                    **dict.fromkeys(("CY", "CZ", "EE", "HU", "LV", "LT", "MT", "PL", "SK", "SI"), 2005),
                    "BG": 2007, "RO": 2007, "HR": 2014}  # fmt: skip
_INDICATORS = ("turnover", "exports", "imports")
_FLOW = {"turnover": "both", "exports": "export", "imports": "import"}
_RANK_SCOPES = ("kz_partners_eu", "kz_partners_europe", "kz_partners_world")
_SHARES = {"eu_oil_imports": (9.0, 15.0), "eu_uranium_needs": (14.0, 24.0)}
#: Partial periods (first month, last month) a year may be reported for: cumulative, then quarters.
_PARTIALS = (*((1, k) for k in range(1, 12)), (4, 6), (7, 9), (10, 12))
_P_PARTIAL = 0.55
#: Rounds of injecting and checking before the injections are only put back.
_ROUNDS = 4


@cache
def accepted_members() -> tuple[str, ...]:
    """The EU member states the installed loader accepts as partners, tried with a tiny folder.

    ``("EE", "LT", "RO")`` while :data:`kzlt_trade.model.PARTNERS` lists four codes; all 27
    once the loader accepts any ISO 3166 alpha-2 code (tried with ``DE``).
    """
    import kzlt_trade
    from kzlt_trade.errors import DataFileError

    try:
        from kzlt_trade.model import PARTNERS

        listed = tuple(c for c in EU_MEMBERS if c in PARTNERS)
    except ImportError:
        listed = ()
    with tempfile.TemporaryDirectory() as tmp:
        write_tiny(Path(tmp), "DE")
        try:
            kzlt_trade.load(tmp)
        except DataFileError:
            return tuple(sorted(listed or ("EE", "LT", "RO")))
    return tuple(sorted(EU_MEMBERS))


@dataclass(frozen=True)
class Folder:
    """What :func:`write_folder` wrote, and the ground truth of its contradictions."""

    #: The folder.
    path: Path
    #: Number of claims (rows of claims.csv).
    n_claims: int
    #: Injected claim id -> kind (one of :data:`INJECTION_KINDS`).
    injected: dict[str, str]
    #: Injections tried and put back because they were not identifiable, per kind.
    skipped: dict[str, int]
    #: Partners (the EU and the members).
    partners: tuple[str, ...]
    #: First and last year.
    years: tuple[int, int]
    #: Number of releases (source texts).
    n_sources: int
    #: Claims with a second reading.
    n_ambiguous: int
    #: Claims per form.
    forms: dict[str, int]


def _claims_per_year(n_members: int) -> float:
    """About how many claims one year gives (levels, growth rates, changes, windows, releases' own)."""
    periods = 1 + _P_PARTIAL * len(_PARTIALS)
    quantities = (n_members + 1) * 3 * periods
    return quantities * 5.5 + quantities * 0.35 * 3.0 + n_members * 3 * 0.05 * 2.0 + 22.0 + 20.0


def write_folder(
    folder: str | Path,
    n_claims: int,
    *,
    seed: int = 0,
    inject: float = 0.01,
    truncate: float = 0.0,
    members: tuple[str, ...] | None = None,
    ambiguous: float = 0.05,
    kinds: tuple[str, ...] = INJECTION_KINDS,
    max_injections: int | None = None,
) -> Folder:
    """Write a data folder of about ``n_claims`` claims (exactly, unless ``n_claims`` is tiny) and its ground truth.

    Parameters
    ----------
    folder
        Where to write; created, or emptied of the files this writes.
    n_claims
        How many claims (rows of ``claims.csv``).
    seed
        The random seed: the same arguments give a byte-identical folder.
    inject
        Fraction of the claims tried as injection targets (0 for a consistent folder).
    truncate
        Probability that a release truncates its figures instead of rounding them.
    members
        The member states (default :func:`accepted_members`); the EU is always a partner.
    ambiguous
        Fraction of the claims given a second reading.
    kinds
        The injection kinds to try, in turn (default all of :data:`INJECTION_KINDS`).
    max_injections
        At most this many injections are tried (default: ``inject`` of the claims).
    """
    if n_claims < 1:
        raise ValueError("n_claims must be positive")
    members = tuple(members) if members is not None else accepted_members()
    rng = np.random.default_rng(seed)
    n_years = max(3, math.ceil(n_claims / _claims_per_year(len(members)) * 1.1) + 1)
    while True:
        years = list(range(LAST_YEAR - n_years + 1, LAST_YEAR + 1))
        if years[0] < 1000:
            raise ValueError(f"{n_claims} claims need {n_years} years for {len(members)} members: too many")
        truth = _truth(rng, members, years)
        claims, releases = _claims(rng, truth, members, years, n_claims, truncate, ambiguous)
        if len(claims) >= n_claims:
            break
        n_years += max(1, n_years // 4)
        rng = np.random.default_rng(seed + n_years)  # a fresh, still seeded, start
    n_try = max(1, round(inject * len(claims))) if inject > 0 else 0
    if max_injections is not None:
        n_try = min(n_try, max_injections)
    injected, skipped = _inject(rng, claims, truth, n_try, tuple(kinds))
    for c in claims:
        word(c)
    path = Path(folder)
    write(path, releases, claims)
    forms: dict[str, int] = {}
    for c in claims:
        forms[c.form] = forms.get(c.form, 0) + 1
    used = sorted({int(c.period[:4]) for c in claims if not c.period.startswith("@")})
    return Folder(path, len(claims), injected, skipped, ("EU", *members), (used[0], used[-1]), len(releases),
                  sum(c.alt is not None for c in claims), forms)  # fmt: skip


def _truth(rng: np.random.Generator, members: tuple[str, ...], years: list[int]) -> dict[str, Any]:
    """Monthly exports and imports per partner (million USD); the EU is the members plus the rest."""
    n_y = len(years)
    out: dict[str, np.ndarray] = {}
    for p in (*members, "REST"):
        scale = {"LT": 450.0, "RO": 2200.0, "EE": 90.0}.get(p, float(rng.uniform(60, 3000)))
        if p == "REST":
            scale = 40000.0
        # A mean-reverting walk in logs, with a rare jump that the next years take back.
        walk = np.zeros(n_y)
        for k in range(1, n_y):
            walk[k] = 0.8 * walk[k - 1] + rng.normal(0.0, 0.08)
        jump = np.zeros(n_y)
        hits = (rng.random(n_y) < 0.05) & (np.arange(n_y) > 0)
        jump[hits] = np.log(rng.uniform(1.5, 2.5, int(hits.sum())))
        level = scale * np.exp(walk + jump)
        share = float(rng.uniform(0.3, 0.7))
        shares = np.clip(share + rng.normal(0, 0.02, n_y), 0.2, 0.8)
        season = rng.uniform(0.8, 1.2, (n_y, 12))
        season /= season.sum(axis=1, keepdims=True)
        months = level[:, None] * season  # (year, month) turnover
        out[p + "/exports"] = months * shares[:, None]
        out[p + "/imports"] = months * (1 - shares[:, None])
    eu_x = sum(out[p + "/exports"] for p in (*members, "REST"))
    eu_m = sum(out[p + "/imports"] for p in (*members, "REST"))
    out["EU/exports"], out["EU/imports"] = eu_x, eu_m
    for p in (*members, "EU"):
        out[p + "/turnover"] = out[p + "/exports"] + out[p + "/imports"]
    ranks = {}
    for p in members:
        r1 = int(rng.integers(2, 11))
        r2 = r1 + int(rng.integers(1, 5))
        ranks[p] = (r1, r2, r2 + int(rng.integers(2, 9)))
    shares_eu = {s: rng.uniform(lo, hi, n_y) for s, (lo, hi) in _SHARES.items()}
    return {"months": out, "y0": years[0], "ranks": ranks, "shares": shares_eu}


def _level(truth: dict[str, Any], partner: str, indicator: str, period: str) -> float:
    """The true value of a level, million USD (period: a year, months of a year, or a window)."""
    months = truth["months"][f"{partner}/{indicator}"]
    y0 = truth["y0"]
    if ".." not in period:
        return float(months[int(period[:4]) - y0].sum())
    a, b = period.split("..")
    ya, ma, yb, mb = int(a[:4]) - y0, int(a[5:]) - 1, int(b[:4]) - y0, int(b[5:]) - 1
    if ya == yb:
        return float(months[ya, ma : mb + 1].sum())
    return float(months[ya, ma:].sum() + months[ya + 1 : yb].sum() + months[yb, : mb + 1].sum())


def _months(y: int, a: int, b: int) -> str:
    return str(y) if (a, b) == (1, 12) else f"{y}-{a:02d}..{y}-{b:02d}"


def _claims(
    rng: np.random.Generator,
    truth: dict[str, Any],
    members: tuple[str, ...],
    years: list[int],
    n_claims: int,
    truncate: float,
    ambiguous: float,
) -> tuple[list[Claim], list[Release]]:
    """The claims year by year, until there are ``n_claims``, and the releases that hold them."""
    claims: list[Claim] = []
    releases: list[Release] = []
    figure = 0
    for y in years:
        figs = _year_figures(rng, truth, ("EU", *members), y, years)
        pool = _year_releases(rng, y, sum(f[6] for f in figs), len(releases), truncate)
        releases += pool
        claims += _place(rng, pool, figs, figure)
        figure += len(figs)
        claims += _own_figures(rng, truth, members, pool, y, years)
        if len(claims) >= n_claims:
            break
    claims = claims[:n_claims]
    for k, c in enumerate(claims):
        c.index = k
    _ambiguity(rng, claims, ambiguous)
    # Releases left without claims by the cut are dropped.
    used = {c.release.id for c in claims}
    return claims, [r for r in releases if r.id in used]


def _year_figures(
    rng: np.random.Generator, truth: dict[str, Any], partners: tuple[str, ...], y: int, years: list[int]
) -> list[tuple[Any, ...]]:
    """The figures of year ``y``: (partner, indicator, period, base or "", form, truth, repeats[, scope])."""
    figs: list[tuple[Any, ...]] = []
    chosen = [(1, 12)] + [pm for pm in _PARTIALS if rng.random() < _P_PARTIAL]
    for p in partners:
        for ind in _INDICATORS:
            for a, b in chosen:
                period = _months(y, a, b)
                value = _level(truth, p, ind, period)
                figs.append((p, ind, period, "", "level", value, int(rng.integers(1, 11))))
                if y == years[0] or rng.random() >= 0.35:
                    continue
                base = _months(y - 1, a, b)
                ratio = value / _level(truth, p, ind, base)
                form = "times" if ratio >= 1.5 else ("percent_increase" if ratio >= 1.0 else "percent_of_base")
                figs.append((p, ind, period, base, form, ratio, int(rng.integers(1, 6))))
                if p != "EU" and ratio > 1.02 and (a, b) == (1, 12) and rng.random() < 0.6:
                    figs.append((p, ind, period, base, "change", value - value / ratio, int(rng.integers(1, 4))))
        if p != "EU" and y - years[0] >= 2 and rng.random() < 0.6:
            start = max(years[0], y - int(rng.integers(2, 11)))  # windows of 3 to 11 calendar years
            period = f"{start}-01..{y}-{int(rng.integers(1, 12)):02d}"
            figs.append((p, "turnover", period, "", "level", _level(truth, p, "turnover", period),
                         int(rng.integers(1, 4))))  # fmt: skip
    for scope in _SHARES:
        figs.append(("EU", "share", str(y), "", "level", float(truth["shares"][scope][y - years[0]]),
                     int(rng.integers(1, 6)), scope))  # fmt: skip
    return figs


def _year_releases(rng: np.random.Generator, y: int, n_reports: int, first: int, truncate: float) -> list[Release]:
    """The releases about year ``y``, published in the next year, about 27 reports each."""
    n_rel = max(1, round(n_reports / 27.0))
    pool = []
    for j in range(n_rel):
        lang = "en" if rng.random() < 0.8 else "ru"
        pool.append(
            Release(
                id=f"rel-{y}-{j:04d}",
                index=first + j,
                language=lang,
                rounding="truncate" if rng.random() < truncate else "nearest",
                decimals=1 if rng.random() < 0.8 else 0,
                eu_decimals=1 if rng.random() < 0.7 else 2,
                published=date(y + 1, 1, 1) + timedelta(days=int(j * 360 / n_rel)),
                weight=1.0 if rng.random() < 0.5 else 0.8,
            )
        )
    return pool


def _place(rng: np.random.Generator, pool: list[Release], figs: list[tuple[Any, ...]], figure: int) -> list[Claim]:
    """Each figure in as many distinct releases as it has repeats (releases hold at most 50 figures)."""
    out = []
    counts = np.zeros(len(pool), dtype=np.int64)
    for k, fig in enumerate(figs):
        p, ind, period, base, form, value, reps = fig[:7]
        scope = fig[7] if len(fig) > 7 else ""
        room = np.flatnonzero(counts < 50)
        if not len(room):
            room = np.arange(len(pool))
        for j in rng.choice(room, size=min(reps, len(room)), replace=False).tolist():
            counts[j] += 1
            out.append(_figure_claim(pool[j], p, ind, scope, period, base, form, value, figure + k))
    return out


def _own_figures(rng: np.random.Generator, truth: dict[str, Any], members: tuple[str, ...], pool: list[Release],
                 y: int, years: list[int]) -> list[Claim]:  # fmt: skip
    """The releases' own figures: a member's ranks as of the release; "the same period" of two years."""
    out = []
    for rel in pool:
        if members and rng.random() < 0.15:
            p = members[int(rng.integers(len(members)))]
            for scope, r in zip(_RANK_SCOPES, truth["ranks"][p], strict=True):
                out.append(_rank_claim(rel, p, scope, r))
        if members and y > years[0] and rng.random() < 0.1:
            p = members[int(rng.integers(len(members)))]
            b = int(rng.integers(3, 12))
            now = _level(truth, p, "turnover", _months(y, 1, b))
            then = _level(truth, p, "turnover", _months(y - 1, 1, b))
            growth = "percent_increase" if now >= then else "percent_of_base"
            for period, base, form, value in ((f"{y}-part", "", "level", now), (f"{y - 1}-part", "", "level", then),
                                              (f"{y}-part", f"{y - 1}-part", growth, now / then)):  # fmt: skip
                out.append(_figure_claim(rel, p, "turnover", "", period, base, form, value, -1))
    return out


def _figure_claim(rel: Release, p: str, ind: str, scope: str, period: str, base: str, form: str, value: float,
                  figure: int) -> Claim:  # fmt: skip
    if ind == "share":
        return Claim(f"{rel.id}/eu-share-{scope}-{period}", rel, p, "share", "export", scope, period, "", "level",
                      value, "percent", 1, ("share",), figure=figure)  # fmt: skip
    name = f"{p.lower()}-{ind}-{slug(period)}"
    if form == "level":
        eu = p == "EU"
        unit = "billion USD" if eu else "million USD"
        dec = rel.eu_decimals if eu else rel.decimals
        return Claim(f"{rel.id}/{name}", rel, p, ind, _FLOW[ind], "", period, "", "level",
                      value / 1000 if eu else value, unit, dec, ("level",), figure=figure)  # fmt: skip
    if form == "change":
        return Claim(f"{rel.id}/{name}-change", rel, p, ind, _FLOW[ind], "", period, base, "change", value,
                      "million USD", 1, ("change",), figure=figure)  # fmt: skip
    shown = {"times": value, "percent_increase": (value - 1) * 100, "percent_of_base": value * 100}[form]
    unit = "times" if form == "times" else "percent"
    return Claim(f"{rel.id}/{name}-growth", rel, p, ind, _FLOW[ind], "", period, base, form, shown, unit, 1,
                  ("growth",), figure=figure)  # fmt: skip


def _rank_claim(rel: Release, p: str, scope: str, r: int) -> Claim:
    return Claim(f"{rel.id}/{p.lower()}-rank-{scope}", rel, p, "rank", "both", scope, f"@{rel.published}", "",
                  "level", float(r), "place", 0, ("rank",))  # fmt: skip


def _ambiguity(rng: np.random.Generator, claims: list[Claim], fraction: float) -> None:
    """Give about ``fraction`` of the claims a second reading."""
    eligible = [
        c for c in claims
        if c.form in ("times", "percent_increase") or (c.form == "level" and ".." in c.period
                                                         and c.period[:4] == c.period[-7:-3] and c.partner != "EU")
    ]  # fmt: skip
    if not eligible:
        return
    q = min(1.0, fraction * len(claims) / len(eligible))
    for c in eligible:
        if rng.random() >= q:
            continue
        if c.form == "times":
            c.alt = ("times_increase", "times_increase", c.period, c.base_period,
                     "'Grew 2.1 times' may mean grew by 210%, a factor of 3.1.")  # fmt: skip
        elif c.form == "percent_increase":
            c.alt = ("percent_of_base", "percent_of_base", c.period, c.base_period,
                     "'Increased by 12%' is sometimes written for 'amounted to 12% of'.")  # fmt: skip
        else:
            y = c.period[:4]
            c.alt = (f"year_{y}", "level", y, "", f"The sentence may give the {y} total, not its months.")


def _inject(
    rng: np.random.Generator,
    claims: list[Claim],
    truth: dict[str, Any],
    n_try: int,
    kinds: tuple[str, ...],
) -> tuple[dict[str, str], dict[str, int]]:
    """Perturb up to ``n_try`` claims, kinds in turn, keeping only the identifiable injections."""
    unknown = set(kinds) - set(INJECTION_KINDS)
    if unknown:
        raise ValueError(f"unknown injection kinds {sorted(unknown)}: expected some of {INJECTION_KINDS}")
    skipped = dict.fromkeys(kinds, 0)
    if n_try <= 0:
        return {}, skipped
    injections = _Injections(rng, truth, _queues(rng, claims, kinds), kinds)
    check = SelfCheck(claims)
    # Inject, check identifiability, put back what fails and try further candidates; the last
    # rounds only put back (which removes contradictions and cannot make another injection fail).
    for round_ in range(_ROUNDS + 2):
        if round_ < _ROUNDS:
            injections.fill(n_try)
        check.update(injections.fresh())
        bad = check.unidentifiable()
        if not bad and round_ >= _ROUNDS - 1:
            break
        for c in bad:
            skipped[c.injected] += 1
            injections.put_back(c)
        check.update(bad)
    else:
        raise RuntimeError("injections did not settle")
    return {c.id: c.injected for c in claims if c.injected}, skipped


def _queues(rng: np.random.Generator, claims: list[Claim], kinds: tuple[str, ...]) -> dict[str, list[Claim]]:
    """The claims that fit each kind (:func:`_fits`), in a random order, to be popped from the end."""
    by_figure: dict[int, list[Claim]] = {}
    by_key: dict[tuple[str, str, str], list[Claim]] = {}
    for c in claims:
        if c.figure >= 0:
            by_figure.setdefault(c.figure, []).append(c)
        if c.form == "level" and c.figure >= 0:
            by_key.setdefault((c.partner, c.indicator, c.period), []).append(c)

    def reports(p: str, ind: str, period: str) -> int:
        return len(by_key.get((p, ind, period), ()))

    queues: dict[str, list[Claim]] = {k: [] for k in kinds}
    for i in rng.permutation(len(claims)).tolist():
        c = claims[i]
        if c.alt is None:
            for kind in kinds:
                if _fits(c, kind, by_figure, reports):
                    queues[kind].append(c)
    for q in queues.values():
        q.reverse()
    return queues


class _Injections:
    """The injections made so far, and the (partner, indicator, year) cells each holds (:func:`_cells`)."""

    def __init__(self, rng: np.random.Generator, truth: dict[str, Any], queues: dict[str, list[Claim]],
                 kinds: tuple[str, ...]) -> None:  # fmt: skip
        self.rng, self.truth, self.queues, self.kinds = rng, truth, queues, kinds
        self.locked: set[tuple[str, str, int]] = set()
        self.held: dict[int, tuple[Claim, list[tuple[str, str, int]]]] = {}
        self.checked: set[int] = set()

    def fill(self, n_try: int) -> None:
        """Inject until there are ``n_try`` injections or no candidate is left, kinds taking turns."""
        while len(self.held) < n_try and any(self.queues.values()):
            for kind in self.kinds:
                self._one(kind)
                if len(self.held) >= n_try:
                    return

    def _one(self, kind: str) -> None:
        queue = self.queues[kind]
        while queue:
            c = queue.pop()
            cells = _cells(c, kind)
            if c.injected or any(cell in self.locked for cell in cells):
                continue
            if _perturb(self.rng, c, kind, self.truth):
                c.injected = kind
                self.locked.update(cells)
                self.held[c.index] = (c, cells)
                return

    def fresh(self) -> list[Claim]:
        """The injected claims not yet given to the self-check."""
        out = [c for key, (c, _) in self.held.items() if key not in self.checked]
        self.checked.update(c.index for c in out)
        return out

    def put_back(self, c: Claim) -> None:
        """Undo the injection into ``c``."""
        c.injected = ""
        assert c.before is not None
        c.truth, c.hedge, c.decimals = c.before
        c.before = None
        _, cells = self.held.pop(c.index)
        self.locked.difference_update(cells)
        self.checked.discard(c.index)


def _cells(c: Claim, kind: str) -> list[tuple[str, str, int]]:
    """What an injection into ``c`` holds for itself: (partner, indicator, year) cells no other may touch."""
    if c.indicator == "share":
        return [("EU", "share:" + c.scope, int(c.period[:4]))]
    if c.indicator == "rank":
        return [(c.partner, "rank:" + c.release.id, 0)]
    year = int(c.period[:4])
    last = int(c.period[-7:-3]) if ".." in c.period else year
    first = year - 1 if c.form != "level" else year
    family = _INDICATORS if kind in ("sum", "part_whole:flow") else (c.indicator,)
    cells = [(c.partner, ind, y) for ind in family for y in range(first, last + 1)]
    if kind == "part_whole:member":
        cells += [("EU", c.indicator, year)]
    return cells


def _joined(member: str) -> int:
    """The first calendar year the member belonged to the EU throughout (injections into a member's
    figure above the EU's stay within membership, should the engine compare members by date)."""
    return _FIRST_FULL_YEAR.get(member, 10000)


def _fits(c: Claim, kind: str, by_figure: dict[int, list[Claim]], reports: Any) -> bool:
    """Whether ``c`` can carry an identifiable injection of ``kind`` (two independent witnesses)."""
    p, ind, period = c.partner, c.indicator, c.period
    level = c.form == "level" and ind in _INDICATORS and c.figure >= 0
    one_year = ".." in period and period[:4] == period[-7:-3]
    if kind == "same_quantity":
        return level and len(by_figure[c.figure]) >= 3
    if kind == "sum":
        return (level and ind == "exports" and len(by_figure[c.figure]) == 1 and ".." not in period
                and reports(p, "turnover", period) >= 2 and reports(p, "imports", period) >= 2)  # fmt: skip
    if kind == "growth":
        return (c.form in ("percent_increase", "percent_of_base", "times") and p != "EU" and c.figure >= 0
                and reports(p, ind, period) >= 2 and reports(p, ind, c.base_period) >= 2)  # fmt: skip
    if kind == "change":
        return c.form == "change" and reports(p, ind, period) >= 1 and reports(p, ind, c.base_period) >= 1
    if kind == "part_whole:flow":
        return level and ind != "turnover" and reports(p, "turnover", period) >= 2
    if kind == "part_whole:partial":
        return level and one_year and reports(p, ind, period[:4]) >= 2
    if kind == "part_whole:member":
        return level and p != "EU" and _joined(p) <= int(period[:4]) and reports("EU", ind, period) >= 2
    if kind == "part_whole:window":
        return (
            level
            and ".." in period
            and not one_year
            and any(reports(p, ind, str(y)) >= 2 for y in range(int(period[:4]), int(period[-7:-3])))
        )
    if kind == "range:share":
        return ind == "share" and len(by_figure[c.figure]) == 1  # the range alone refutes it
    if kind in ("range:rank", "rank_nesting"):
        return ind == "rank" and c.scope == "kz_partners_eu"
    raise ValueError(kind)


def _perturb(rng: np.random.Generator, c: Claim, kind: str, truth: dict[str, Any]) -> bool:
    """Move ``c`` (which :func:`_fits` ``kind``) so that it breaks a relation of that kind."""
    up = 1.0 + float(rng.uniform(0.05, 0.2))
    sign = 1.0 if rng.random() < 0.5 else -1.0
    scale = 1000.0 if c.unit == "billion USD" else 1.0
    hedge = "none"
    p, ind, period = c.partner, c.indicator, c.period
    new: float
    if kind == "same_quantity":
        new = c.truth * (1.0 + sign * float(rng.uniform(0.05, 0.15)))
    elif kind == "sum":
        new = c.truth * (1.0 + sign * float(rng.uniform(0.08, 0.15)))
    elif kind == "growth":
        t, b = _level(truth, p, ind, period), _level(truth, p, ind, c.base_period)
        slack = 100.0 * (t / b) * (1.2 / t + 1.2 / b)  # points the levels' precision allows, widely
        move = float(rng.uniform(3.0, 8.0)) + slack
        if c.form == "times":
            new = c.truth + move / 100.0
        else:
            new = c.truth + move if (sign > 0 or c.truth - move < 1.0) else c.truth - move
    elif kind == "change":
        new = c.truth * (1.0 + sign * float(rng.uniform(0.2, 0.5))) + sign * 5.0
    elif kind == "part_whole:flow":
        new = _level(truth, p, "turnover", period) * up / scale
    elif kind == "part_whole:partial":
        new = _level(truth, p, ind, period[:4]) * up / scale
    elif kind == "part_whole:member":
        new = _level(truth, "EU", ind, period) * up
    elif kind == "part_whole:window":
        inside = [str(y) for y in range(int(period[:4]), int(period[-7:-3]))]
        new = max(_level(truth, p, ind, y) for y in inside) * float(rng.uniform(0.96, 0.99))
    elif kind == "range:share":
        new, hedge = 100.0, "more_than"
    elif kind == "range:rank":
        new = float(int(rng.integers(28, 36)))
    else:  # rank_nesting
        new = float(truth["ranks"][p][2] + int(rng.integers(1, 4)))
    if not new > 1.0:
        return False
    c.before = (c.truth, c.hedge, c.decimals)
    c.truth = new
    c.hedge = hedge
    if hedge == "more_than":
        c.decimals = 0
    return True


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Write a realistic synthetic data folder and print its summary.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--claims", type=float, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--inject", type=float, default=0.01)
    parser.add_argument("--truncate", type=float, default=0.0)
    parser.add_argument("--truth", type=Path, help="also write the ground truth (injected claim id -> kind) as JSON")
    args = parser.parse_args(argv)
    f = write_folder(args.folder, int(args.claims), seed=args.seed, inject=args.inject, truncate=args.truncate)
    kinds: dict[str, int] = {}
    for k in f.injected.values():
        kinds[k] = kinds.get(k, 0) + 1
    summary = {"claims": f.n_claims, "sources": f.n_sources, "years": f.years, "partners": f.partners,
               "ambiguous": f.n_ambiguous, "forms": f.forms, "injected": kinds, "skipped": f.skipped}  # fmt: skip
    print(json.dumps(summary))
    if args.truth is not None:
        record = {**summary, "injected": f.injected, "path": str(f.path)}
        args.truth.write_text(json.dumps(record), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

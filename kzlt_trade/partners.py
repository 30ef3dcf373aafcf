"""Trading partners: every ISO 3166-1 alpha-2 country, and aggregates with membership by date.

A claim's partner is a country, written as its ISO 3166-1 alpha-2 code (``"LT"``,
``"DE"``), or an aggregate of countries:

``EU``
    the European Union *as it was on the date in question*: its membership
    changes with the accessions and with the United Kingdom's withdrawal, so
    "the EU" of 2019 holds GB and "the EU" of 2021 does not;
``EU27``
    the fixed composition of the 27 members since 1 February 2020, whatever
    the date (what Eurostat calls ``EU27_2020``: figures for earlier years
    recompiled for today's members);
``EU28``
    the fixed composition of the 28 members of 1 July 2013 to 31 January 2020
    (the 27 and GB), whatever the date;
``EAEU``
    the Eurasian Economic Union as it was on the date: BY, KZ, RU from
    1 January 2015, AM from 2 January 2015, KG from 12 August 2015;
``CIS``
    the Commonwealth of Independent States as a trade aggregate, by date (the
    rule for Georgia, Turkmenistan and Ukraine is at :data:`CIS_RULE`);
``CENTRAL_ASIA``
    KZ, KG, TJ, TM, UZ: a geographic group, fixed (UN M49 region 143);
``EUROPE``
    a geographic group, fixed: the UN M49 region "Europe" (150), shipped in
    ``partners_data/m49_europe.csv``, plus Cyprus (:data:`EUROPE_ADDITIONS`);
    it holds RU and BY, and not KZ (Central Asia under M49);
``WORLD``
    every ISO 3166-1 country.

Kazakhstan (``KZ``) is the reporter of every figure, never its partner. It is a
member of EAEU, CIS, CENTRAL_ASIA and WORLD in law, and :data:`MEMBERSHIPS` says
so; but Kazakhstan's trade "with the EAEU" is its trade with the *other*
members, so :func:`members`, :func:`contains` and :func:`overlaps` leave KZ out
unless called with ``partners_of_kz=False``.

The country codes and names come from :mod:`pycountry` (the ISO 3166-1 table and
its Russian translation, kept up to date by its maintainers), loaded on first
use, not at import; :func:`label` gives a partner's name in English or Russian
and :func:`code_of` reads a name (Russian case forms too) back to its code.

>>> label("LT"), label("EU"), label("LT", "ru")
('Lithuania', 'European Union', 'Литва')
>>> "GB" in members("EU", date(2019, 12, 31)), "GB" in members("EU", date(2020, 2, 1))
(True, False)
>>> member_throughout("EU", "HR", date(2013, 1, 1), date(2013, 12, 31))
False
>>> sorted(members("EAEU", date(2016, 1, 1))), code_of("с Литвой")
(['AM', 'BY', 'KG', 'RU'], 'LT')
"""

from __future__ import annotations

import bisect
import csv
import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from typing import get_args

from kzlt_trade.errors import RecordError, UsageError
from kzlt_trade.reading import Language
from kzlt_trade.vocabulary import expect, one_of

__all__ = [
    # codes and names
    "AGGREGATES",
    "LOOSE",
    "LANGS",
    "REPORTER",
    "code_of",
    "codes",
    "is_partner",
    "label",
    # membership
    "CIS_RULE",
    "EUROPE_ADDITIONS",
    "MEMBERSHIPS",
    "Membership",
    "contains",
    "member_throughout",
    "members",
    "memberships",
    "overlaps",
]

#: The reporter of every figure; not a partner of itself.
REPORTER = "KZ"

#: The languages of names, the library's one vocabulary of languages
#: (:data:`kzlt_trade.reading.Language`): ``"en"`` English, ``"ru"`` Russian; see :func:`label`.
LANGS: tuple[Language, ...] = get_args(Language)

#: The aggregates a claim may name as its partner, with their labels.
AGGREGATES: dict[str, str] = {
    "EU": "European Union",
    "EU27": "European Union (27 members, the composition since 1 February 2020)",
    "EU28": "European Union (28 members, the composition of July 2013 to January 2020)",
    "EAEU": "Eurasian Economic Union",
    "CIS": "Commonwealth of Independent States",
    "CENTRAL_ASIA": "Central Asia",
    "EUROPE": "Europe",
    "WORLD": "World",
}

#: The aggregates whose bounds writers draw loosely: "European countries" may or may not
#: mean Russia, Turkey or the Caucasus. A figure for one of them is not bounded by its
#: members' figures; where it meets a figure of a scope within it, the checker reports a
#: ``scope_difference`` (both can be right), never a contradiction.
LOOSE: tuple[str, ...] = ("EUROPE",)

# The labels in Russian, and the other names each aggregate goes by in either language
# (matched after normalising case and spaces, see _normal; Russian case forms of them are
# found by the stemming rule of code_of).
_AGGREGATES_RU: dict[str, str] = {
    "EU": "Европейский союз",
    "EU27": "Европейский союз (27 стран, состав с 1 февраля 2020 года)",
    "EU28": "Европейский союз (28 стран, состав с июля 2013 по январь 2020 года)",
    "EAEU": "Евразийский экономический союз",
    "CIS": "Содружество Независимых Государств",
    "CENTRAL_ASIA": "Центральная Азия",
    "EUROPE": "Европа",
    "WORLD": "Мир",
}
_AGGREGATE_NAMES: dict[str, tuple[str, ...]] = {
    "EU": ("EU", "the EU", "EU countries", "ЕС", "Евросоюз", "страны ЕС", "страны Евросоюза"),
    "EU27": ("EU27", "EU-27", "EU27_2020", "ЕС-27", "ЕС27"),
    "EU28": ("EU28", "EU-28", "ЕС-28", "ЕС28"),
    "EAEU": ("EAEU", "EEU", "ЕАЭС", "страны ЕАЭС"),
    "CIS": ("CIS", "СНГ", "страны СНГ", "CIS countries"),
    "CENTRAL_ASIA": ("CENTRAL_ASIA", "Central Asian countries", "страны Центральной Азии"),
    "EUROPE": ("EUROPE", "European countries", "европейские страны", "страны Европы"),
    "WORLD": ("WORLD", "the world", "all countries", "все страны", "страны мира"),
}


@dataclass(frozen=True)
class Membership:
    """One country's membership of an aggregate, over a span of dates."""

    #: The aggregate's code, a key of :data:`AGGREGATES`.
    aggregate: str
    #: The member's ISO 3166-1 alpha-2 code.
    member: str
    #: The first day of membership.
    joined: date
    #: The last day of membership (inclusive), or ``None`` while it lasts.
    left: date | None = None

    def covers(self, day: date) -> bool:
        """Whether the country was a member on ``day``."""
        return self.joined <= day and (self.left is None or day <= self.left)


# Dates of entry into force of the founding treaty and of each act of accession, and of
# the United Kingdom's withdrawal:
# - Treaty establishing the European Economic Community (Rome, 25 March 1957), in force
#   1 January 1958: Belgium, Germany, France, Italy, Luxembourg, the Netherlands;
# - Act of Accession 1972 (OJ L 73, 27.3.1972), in force 1 January 1973: Denmark, Ireland,
#   the United Kingdom;
# - Act of Accession 1979 (OJ L 291, 19.11.1979), in force 1 January 1981: Greece;
# - Act of Accession 1985 (OJ L 302, 15.11.1985), in force 1 January 1986: Spain, Portugal;
# - Act of Accession 1994 (OJ C 241, 29.8.1994, as adjusted by OJ L 1, 1.1.1995), in force
#   1 January 1995: Austria, Finland, Sweden;
# - Act of Accession 2003 (Athens; OJ L 236, 23.9.2003), in force 1 May 2004: Cyprus, Czechia,
#   Estonia, Hungary, Latvia, Lithuania, Malta, Poland, Slovakia, Slovenia;
# - Act of Accession 2005 (OJ L 157, 21.6.2005), in force 1 January 2007: Bulgaria, Romania;
# - Act of Accession 2012 (OJ L 112, 24.4.2012), in force 1 July 2013: Croatia;
# - Agreement on the withdrawal of the United Kingdom (OJ L 29, 31.1.2020), Article 185: the
#   United Kingdom was a member until the end of 31 January 2020.
# The European Union's own summary of these dates: "EU member countries in brief",
# european-union.europa.eu/principles-countries-history/eu-countries. The fixed compositions
# EU27_2020 and EU28 are those of Eurostat's glossary ("EU enlargements").
_ACCESSIONS: tuple[tuple[date, tuple[str, ...]], ...] = (
    (date(1958, 1, 1), ("BE", "DE", "FR", "IT", "LU", "NL")),
    (date(1973, 1, 1), ("DK", "IE", "GB")),
    (date(1981, 1, 1), ("GR",)),
    (date(1986, 1, 1), ("ES", "PT")),
    (date(1995, 1, 1), ("AT", "FI", "SE")),
    (date(2004, 5, 1), ("CY", "CZ", "EE", "HU", "LV", "LT", "MT", "PL", "SK", "SI")),
    (date(2007, 1, 1), ("BG", "RO")),
    (date(2013, 7, 1), ("HR",)),
)
_LEFT: dict[str, date] = {"GB": date(2020, 1, 31)}
# A fixed composition applies to every date: it is a list of countries, not a history.
_ALWAYS = date.min

# The Eurasian Economic Union, by the entry into force of its treaties:
# - Treaty on the Eurasian Economic Union (Astana, 29 May 2014), in force 1 January 2015:
#   Belarus, Kazakhstan, Russia;
# - Treaty on the Accession of the Republic of Armenia (Minsk, 10 October 2014), in force
#   2 January 2015;
# - Treaty on the Accession of the Kyrgyz Republic (Moscow, 23 December 2014), in force
#   12 August 2015.
# The Eurasian Economic Commission's summary: eaeunion.org, "General information".
_EAEU_ACCESSIONS: tuple[tuple[date, tuple[str, ...]], ...] = (
    (date(2015, 1, 1), ("BY", "KZ", "RU")),
    (date(2015, 1, 2), ("AM",)),
    (date(2015, 8, 12), ("KG",)),
)

#: Which states the ``CIS`` aggregate counts, and from when to when.
CIS_RULE = """\
CIS, as a trade aggregate: the states taking part in the Commonwealth of Independent
States, as the CIS Interstate Statistical Committee and the partners' statistics count
"trade with the CIS", each from the day it took part to the last day it did:
- the eleven parties to the Agreement on the Establishment of the CIS (Minsk, 8 December
  1991) and its Alma-Ata Protocol (21 December 1991), counted from 21 December 1991, the
  day the Commonwealth of eleven was constituted: AM, AZ, BY, KG, KZ, MD, RU, TJ, TM, UA, UZ;
- Georgia from its accession on 3 December 1993 (ratified by its parliament in 1994) to
  17 August 2009: its withdrawal, notified on 18 August 2008, took effect twelve months later
  (Charter, Article 9), on 18 August 2009, the day the CIS counts it out (some Georgian
  sources call that day its last as a member);
- Turkmenistan counts throughout: it never ratified the Charter of 22 January 1993 and is an
  associate member since 26 August 2005 (Kazan summit), but it remains a party to the 1991
  Agreement and is counted in CIS trade statistics;
- Ukraine counts from 21 December 1991 to 18 May 2018: it ratified the 1991 Agreement (it is
  a founding state) but never the Charter, and it ended its participation in the CIS's
  statutory bodies by the decree of its President of 19 May 2018. Counting it to that date,
  not to today, follows what it did rather than the formality that it never withdrew from
  the Agreement; change _CIS_LEFT["UA"] to count it otherwise.
Moldova counts throughout: it has left CIS agreements one by one since 2023 but is, as of
this writing, a member."""

_CIS_FOUNDED = date(1991, 12, 21)
_CIS_FOUNDERS = ("AM", "AZ", "BY", "KG", "KZ", "MD", "RU", "TJ", "TM", "UA", "UZ")
_CIS_JOINED: dict[str, date] = {"GE": date(1993, 12, 3)}
_CIS_LEFT: dict[str, date] = {"GE": date(2009, 8, 17), "UA": date(2018, 5, 18)}

# UN M49, region Central Asia (143): exactly these five.
_CENTRAL_ASIA = ("KG", "KZ", "TJ", "TM", "UZ")

#: Countries that ``EUROPE`` holds beyond the UN M49 region "Europe" (150), with the reason:
#: M49 places Cyprus in Western Asia (145), but it is an EU member, and the EU should lie
#: within Europe. See ``partners_data/README.md``.
EUROPE_ADDITIONS: tuple[str, ...] = ("CY",)


def _memberships() -> tuple[Membership, ...]:
    eu = [Membership("EU", m, joined, _LEFT.get(m)) for joined, codes in _ACCESSIONS for m in codes]
    eu27 = [Membership("EU27", m.member, _ALWAYS) for m in eu if m.left is None]
    eu28 = [Membership("EU28", m.member, _ALWAYS) for m in eu]
    eaeu = [Membership("EAEU", m, joined) for joined, codes in _EAEU_ACCESSIONS for m in codes]
    cis = [
        Membership("CIS", m, _CIS_JOINED.get(m, _CIS_FOUNDED), _CIS_LEFT.get(m))
        for m in sorted((*_CIS_FOUNDERS, *_CIS_JOINED), key=lambda m: (_CIS_JOINED.get(m, _CIS_FOUNDED), m))
    ]
    central_asia = [Membership("CENTRAL_ASIA", m, _ALWAYS) for m in _CENTRAL_ASIA]
    return (*eu, *eu27, *eu28, *eaeu, *cis, *central_asia)


#: Every membership written in this module, in order of accession: every aggregate but
#: ``EUROPE`` and ``WORLD``, which are lists read on first use (see :func:`memberships`).
MEMBERSHIPS: tuple[Membership, ...] = _memberships()


@functools.cache
def _m49_europe() -> tuple[str, ...]:
    """The ISO codes of ``partners_data/m49_europe.csv`` (Sark, with none, is skipped)."""
    text = resources.files("kzlt_trade").joinpath("partners_data", "m49_europe.csv").read_text(encoding="utf-8")
    return tuple(row["iso_alpha2"] for row in csv.DictReader(text.splitlines()) if row["iso_alpha2"])


@functools.cache
def memberships(aggregate: str | None = None) -> tuple[Membership, ...]:
    """The memberships of ``aggregate``, or of every aggregate: :data:`MEMBERSHIPS` and ``EUROPE``, ``WORLD``.

    >>> len(memberships("WORLD")) > 240, memberships("EUROPE")[0]
    (True, Membership(aggregate='EUROPE', member='BY', joined=datetime.date(1, 1, 1), left=None))
    """
    if aggregate is None:
        return tuple(m for a in AGGREGATES for m in memberships(a))
    _check_aggregate(aggregate)
    if aggregate == "EUROPE":
        return tuple(Membership("EUROPE", m, _ALWAYS) for m in (*_m49_europe(), *EUROPE_ADDITIONS))
    if aggregate == "WORLD":
        return tuple(Membership("WORLD", m, _ALWAYS) for m in sorted(_countries()))
    return tuple(m for m in MEMBERSHIPS if m.aggregate == aggregate)


@functools.cache
def _countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> the country's common name (pycountry, loaded once)."""
    import pycountry

    # The common name where ISO gives one ("Moldova" for "Moldova, Republic of").
    return {c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries}


_EXPECTED = "an ISO 3166-1 alpha-2 country code other than KZ (e.g. 'LT'), or " + ", ".join(AGGREGATES)


def codes() -> tuple[str, ...]:
    """Every code a claim may name as its partner: the countries in code order, then the aggregates.

    >>> c = codes()
    >>> "DE" in c, "KZ" in c, c[-3:]
    (True, False, ('CENTRAL_ASIA', 'EUROPE', 'WORLD'))
    """
    return (*sorted(c for c in _countries() if c != REPORTER), *AGGREGATES)


def is_partner(code: str) -> bool:
    """Whether ``code`` may be a claim's partner: an ISO 3166-1 alpha-2 country (not ``KZ``) or an aggregate.

    >>> is_partner("DE"), is_partner("EU27"), is_partner("KZ"), is_partner("XX")
    (True, True, False, False)
    """
    return code in AGGREGATES or (code != REPORTER and code in _countries())


# ---------------------------------------------------------------------------- names


@functools.cache
def _russian() -> dict[str, str]:
    """English name -> Russian name, from pycountry's gettext catalogue (loaded once)."""
    import gettext

    import pycountry

    catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    names = (getattr(c, a, None) for c in pycountry.countries for a in ("name", "official_name", "common_name"))
    return {n: catalogue.gettext(n) for n in names if n}


def label(code: str, lang: Language = "en") -> str:
    """The partner's name, for titles and tables: ``"Lithuania"``, ``"European Union"``.

    Parameters
    ----------
    code
        A partner code (see :func:`is_partner`).
    lang
        ``"en"``: the ISO 3166-1 English name, the common name where ISO gives one
        (``"Moldova"``); ``"ru"``: pycountry's Russian translation of that name
        (``"Молдавия"``), and for an aggregate its Russian name written here.

    Examples
    --------
    >>> label("DE", "ru"), label("EAEU"), label("EU", "ru")
    ('Германия', 'Eurasian Economic Union', 'Европейский союз')

    Raises
    ------
    RecordError
        For a code that is no partner.
    UsageError
        For a ``lang`` other than ``"en"`` and ``"ru"``.
    """
    one_of("lang", lang, LANGS)
    if code in AGGREGATES:
        return AGGREGATES[code] if lang == "en" else _AGGREGATES_RU[code]
    if is_partner(code):
        english = _countries()[code]
        return english if lang == "en" else _russian()[english]
    raise RecordError("partner", "code", code, _EXPECTED)


# A few names in common use that ISO 3166-1 and its Russian translation do not give.
_OTHER_NAMES: dict[str, tuple[str, ...]] = {
    "RU": ("Russia", "Россия"),
    "US": ("USA", "United States of America", "США"),
    "GB": ("UK", "Great Britain", "Britain", "Великобритания"),
    "TR": ("Turkey",),
    "BY": ("Белоруссия",),
    "KG": ("Кыргызстан",),
    "MD": ("Молдова",),
}

# The stemming rule for Russian case forms. A Cyrillic word stands for its stems: itself, and
# itself less any one of these endings that leaves at least three letters. Two words agree if
# they share a stem; a name matches a text of as many words if they agree word by word. The
# endings are those of the feminine nouns (Литва, Литвы, Литве, Литвой, Литву; Германия,
# Германии, Германией, Германию), the masculine nouns (Китай, Китая, Китаем; Израиль,
# Израиля) and the adjectives (Российская, Российской; Чешская, Чешскую) that country names
# are made of; any one ending, not the longest, since "Китая" is "Кита|я", not "Кит|ая".
# Plural and other forms (Соединённых Штатов) match only as written.
_ENDINGS: tuple[str, ...] = (
    *("а", "я", "ы", "и", "е", "ю", "у", "й", "ь"),
    *("ая", "ую", "ой", "ей", "ий", "ый", "ом", "ем", "ым", "им", "ых", "их", "ого", "его", "ому", "ему"),
)
# Prepositions that precede a name in press texts: "с Литвой", "в Литве", "из Германии".
_PREPOSITIONS = frozenset({"с", "со", "в", "во", "из", "для", "между", "к", "ко", "от", "по", "о", "об"})
_CYRILLIC = re.compile(r"^[а-я]+$")
_STRESS = dict.fromkeys(map(ord, "\u0300\u0301"))  # the stress marks some translations carry


def _normal(name: str) -> str:
    """Case-folded, ``ё`` as ``е``, without stress marks, punctuation as spaces, spaces collapsed."""
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFD", name).translate(_STRESS))
    text = text.casefold().replace("ё", "е")
    return " ".join(re.sub(r"[,.()«»\"]", " ", text).split())


def _is_russian(name: str) -> bool:
    return re.search("[а-я]", _normal(name)) is not None


#: A name as the stems of its words, for the stemming rule of :func:`code_of`.
_Stems = tuple[frozenset[str], ...]


def _stems(normal: str) -> _Stems:
    words = normal.split()
    while len(words) > 1 and words[0] in _PREPOSITIONS:
        words = words[1:]
    return tuple(
        frozenset(
            {w} | {w[: -len(e)] for e in _ENDINGS if _CYRILLIC.match(w) and w.endswith(e) and len(w) > len(e) + 2}
        )
        for w in words
    )


@dataclass(frozen=True)
class _Names:
    """The names :func:`code_of` knows: normal form -> codes, by language; and the Russian names as stems."""

    exact: dict[Language, dict[str, frozenset[str]]]
    stems: tuple[tuple[_Stems, str], ...]

    def stemmed(self, normal: str) -> frozenset[str]:
        """The codes of the Russian names that agree with ``normal`` word by word."""
        text = _stems(normal)
        return frozenset(
            code
            for name, code in self.stems
            if len(name) == len(text) and all(a & b for a, b in zip(name, text, strict=True))
        )


def _index(pairs: Iterable[tuple[str, str]]) -> dict[str, frozenset[str]]:
    found: defaultdict[str, set[str]] = defaultdict(set)
    for name, code in pairs:
        found[_normal(name)].add(code)
    return {k: frozenset(v) for k, v in found.items()}


@functools.cache
def _names() -> _Names:
    import pycountry

    en: list[tuple[str, str]] = [
        (n, c.alpha_2)
        for c in pycountry.countries
        for n in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None))
        if n
    ]
    ru = [(_russian()[n], code) for n, code in en]
    others = [(n, code) for code, names in _OTHER_NAMES.items() for n in names]
    others += [(n, code) for code, names in _AGGREGATE_NAMES.items() for n in names]
    en += [(n, code) for code, n in AGGREGATES.items()] + [(n, code) for n, code in others if not _is_russian(n)]
    ru += [(n, code) for code, n in _AGGREGATES_RU.items()] + [(n, code) for n, code in others if _is_russian(n)]
    stems = tuple(sorted({(_stems(_normal(n)), code) for n, code in ru}, key=lambda s: s[1]))
    return _Names({"en": _index(en), "ru": _index(ru)}, stems)


_NAME_EXPECTED = (
    "a country or aggregate name in English or Russian, e.g. 'Lithuania', 'Литва', 'с Литвой', 'European Union', 'ЕАЭС'"
)


def code_of(name: str, lang: Language | None = None) -> str:
    """The code of a country or an aggregate named in English or Russian.

    The name is matched whole, ignoring case, ``ё``/``е``, punctuation and extra
    spaces, against the ISO 3166-1 names (short, official, common) in English
    and in pycountry's Russian translation, a few names in common use
    (``"Russia"``, ``"Россия"``, ``"США"``), and each aggregate's names
    (``"EU"``, ``"Евросоюз"``, ``"страны ЕС"``, ``"страны Европы"``, ``"СНГ"``).

    Failing that, a Russian name is matched in its case forms by a stemming
    rule: a leading preposition is dropped (``"с"``, ``"в"``, ``"из"`` …), and
    each Cyrillic word stands for itself and its stems, the word less one of
    the endings ``-а -я -ы -и -е -ю -у -й -ь -ой -ей -ем -ом`` or an adjective
    ending (``-ая -ую -ий -ого`` …), keeping at least three letters. A Russian
    name matches if it has as many words and each shares a stem with the
    text's; exactly one partner's names must match. So ``"Литвы"``, ``"с Литвой"``
    and ``"в Литве"`` are ``"LT"``, ``"с Германией"`` is ``"DE"``, ``"Китая"`` is
    ``"CN"``, ``"Российской Федерации"`` is ``"RU"``.

    Parameters
    ----------
    name
        The name, as written.
    lang
        ``"en"`` or ``"ru"`` to match names of that language only (stemming is
        for ``"ru"``); ``None`` (the default) for both.

    Examples
    --------
    >>> code_of("Federal Republic of Germany"), code_of("Польшей"), code_of("Евросоюз"), code_of("страны Европы")
    ('DE', 'PL', 'EU', 'EUROPE')

    Raises
    ------
    RecordError
        For a name that is no partner's, or that could be several partners'.
    UsageError
        For a ``lang`` other than ``None``, ``"en"`` and ``"ru"``.
    """
    expect("name", name, str, "a partner's name as a str, e.g. 'Germany' or 'Литва'")
    langs = LANGS if lang is None else (one_of("lang", lang, LANGS),)
    names = _names()
    normal = _normal(name)
    found = frozenset().union(*(names.exact[x].get(normal, frozenset()) for x in langs))
    if not found and "ru" in langs:
        found = names.stemmed(normal)
    if len(found) == 1:
        return next(iter(found))
    if found:
        raise RecordError("partner name", "name", name, "a name of one partner; it names " + ", ".join(sorted(found)))
    raise RecordError("partner name", "name", name, _NAME_EXPECTED)


# ---------------------------------------------------------------------------- membership


def _check_aggregate(aggregate: str) -> None:
    if aggregate not in AGGREGATES:
        raise RecordError("partner", "aggregate", aggregate, "one of " + ", ".join(AGGREGATES))


@dataclass(frozen=True)
class _Timeline:
    """An aggregate's membership as spans: ``sets[i]`` holds from ``days[i]`` to the day before ``days[i + 1]``."""

    days: tuple[date, ...]
    sets: tuple[frozenset[str], ...]

    def on(self, day: date) -> frozenset[str]:
        i = bisect.bisect_right(self.days, day) - 1
        return self.sets[i] if i >= 0 else frozenset()

    def changes(self, start: date, end: date) -> list[date]:
        """``start`` and every day after it, to ``end``, on which the membership changes."""
        return [start, *self.days[bisect.bisect_right(self.days, start) : bisect.bisect_right(self.days, end)]]


@functools.cache
def _timeline(aggregate: str, partners_of_kz: bool) -> _Timeline:
    spans = memberships(aggregate)
    days = sorted(
        {m.joined for m in spans} | {m.left + timedelta(days=1) for m in spans if m.left and m.left < date.max}
    )
    dropped = {REPORTER} if partners_of_kz else set()
    sets = tuple(frozenset(m.member for m in spans if m.covers(d)) - dropped for d in days)
    return _Timeline(tuple(days), sets)


@functools.cache
def _single(code: str, partners_of_kz: bool) -> _Timeline:
    """A country as a timeline of its own: itself, on every day."""
    if not (is_partner(code) or (code == REPORTER and not partners_of_kz)):
        expected = _EXPECTED + "; for Kazakhstan itself, pass partners_of_kz=False"
        raise RecordError("partner", "code", code, expected)
    return _Timeline((_ALWAYS,), (frozenset({code}),))


def _of(code: str, partners_of_kz: bool) -> _Timeline:
    return _timeline(code, partners_of_kz) if code in AGGREGATES else _single(code, partners_of_kz)


def members(aggregate: str, on: date, *, partners_of_kz: bool = True) -> frozenset[str]:
    """The members of ``aggregate`` on the day ``on``.

    Parameters
    ----------
    partners_of_kz
        ``True`` (the default): the members as Kazakhstan's trade partners, that is
        without KZ, since Kazakhstan's trade "with the EAEU" is its trade with the
        other members; ``False``: every member, KZ too.

    Examples
    --------
    >>> sorted(members("EU", date(1973, 1, 1)))
    ['BE', 'DE', 'DK', 'FR', 'GB', 'IE', 'IT', 'LU', 'NL']
    >>> len(members("EU27", date(2000, 1, 1))), len(members("EU28", date(2024, 1, 1)))
    (27, 28)
    >>> sorted(members("EAEU", date(2015, 1, 1))), sorted(members("EAEU", date(2015, 1, 1), partners_of_kz=False))
    (['BY', 'RU'], ['BY', 'KZ', 'RU'])
    """
    _check_aggregate(aggregate)
    return _timeline(aggregate, partners_of_kz).on(on)


def member_throughout(aggregate: str, code: str, start: date, end: date) -> bool:
    """Whether ``code`` was a member of ``aggregate`` on every day from ``start`` to ``end`` (inclusive).

    This is membership in law: ``member_throughout("EAEU", "KZ", ...)`` is true from 2015.

    >>> member_throughout("EU", "GB", date(2019, 1, 1), date(2019, 12, 31))
    True
    >>> member_throughout("EU", "GB", date(2020, 1, 1), date(2020, 12, 31))
    False
    """
    _check_aggregate(aggregate)
    return any(m.member == code and m.covers(start) and m.covers(end) for m in memberships(aggregate))


def _check_span(start: date, end: date) -> None:
    if end < start:
        raise UsageError("end", end, f"a date on or after start={start!r}")


def contains(outer: str, inner: str, start: date, end: date, *, partners_of_kz: bool = True) -> bool:
    """Whether ``inner`` (a country or an aggregate) lies within ``outer`` on every day from ``start`` to ``end``.

    Each day's members of ``inner`` must be members of ``outer`` that day; an
    aggregate with no members on a day lies within anything. The answer is
    computed on the days the memberships change, not day by day, so it is cheap
    to ask for thousands of pairs.

    Parameters
    ----------
    outer, inner
        Partner codes: a country or an aggregate.
    start, end
        The span, both days included.
    partners_of_kz
        As for :func:`members`: ``True`` (the default) compares the aggregates
        as Kazakhstan's partners, without KZ; ``False`` compares them with KZ,
        and accepts ``"KZ"`` as ``inner`` or ``outer``.

    Examples
    --------
    >>> day = date(2021, 1, 1)
    >>> contains("EUROPE", "EU", day, day), contains("EU", "GB", day, day), contains("WORLD", "CIS", day, day)
    (True, False, True)
    """
    _check_span(start, end)
    big, small = _of(outer, partners_of_kz), _of(inner, partners_of_kz)
    days = sorted({*big.changes(start, end), *small.changes(start, end)})
    return all(small.on(d) <= big.on(d) for d in days)


def overlaps(a: str, b: str, start: date, end: date, *, partners_of_kz: bool = True) -> bool:
    """Whether ``a`` and ``b`` (countries or aggregates) share a member on some day from ``start`` to ``end``.

    ``partners_of_kz`` is as for :func:`contains`: by default KZ is no shared
    member, since Kazakhstan's trade with the EAEU and with Central Asia share
    no partner before Kyrgyzstan joined the EAEU.

    >>> overlaps("EAEU", "CENTRAL_ASIA", date(2015, 1, 1), date(2015, 8, 11))
    False
    >>> overlaps("EAEU", "CENTRAL_ASIA", date(2015, 1, 1), date(2015, 8, 12))
    True
    """
    _check_span(start, end)
    one, two = _of(a, partners_of_kz), _of(b, partners_of_kz)
    days = sorted({*one.changes(start, end), *two.changes(start, end)})
    return any(one.on(d) & two.on(d) for d in days)

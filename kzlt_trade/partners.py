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
    (the 27 and GB), whatever the date.

The country codes and names come from :mod:`pycountry` (the ISO 3166-1 table,
kept up to date by its maintainers), loaded on first use, not at import.
Kazakhstan (``KZ``) is the reporter of every figure, never its partner.

>>> label("LT"), label("EU")
('Lithuania', 'European Union')
>>> "GB" in members("EU", date(2019, 12, 31)), "GB" in members("EU", date(2020, 2, 1))
(True, False)
>>> member_throughout("EU", "HR", date(2013, 1, 1), date(2013, 12, 31))
False
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from kzlt_trade.errors import RecordError

__all__ = [
    "AGGREGATES",
    "MEMBERSHIPS",
    "REPORTER",
    "Membership",
    "codes",
    "is_partner",
    "label",
    "member_throughout",
    "members",
]

#: The reporter of every figure; not a partner of itself.
REPORTER = "KZ"

#: The aggregates a claim may name as its partner, with their labels.
AGGREGATES: dict[str, str] = {
    "EU": "European Union",
    "EU27": "European Union (27 members, the composition since 1 February 2020)",
    "EU28": "European Union (28 members, the composition of July 2013 to January 2020)",
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


def _memberships() -> tuple[Membership, ...]:
    eu = [Membership("EU", m, joined, _LEFT.get(m)) for joined, codes in _ACCESSIONS for m in codes]
    eu27 = [Membership("EU27", m.member, _ALWAYS) for m in eu if m.left is None]
    eu28 = [Membership("EU28", m.member, _ALWAYS) for m in eu]
    return (*eu, *eu27, *eu28)


#: Every membership of every aggregate, in order of accession.
MEMBERSHIPS: tuple[Membership, ...] = _memberships()


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
    (True, False, ('EU', 'EU27', 'EU28'))
    """
    return (*sorted(c for c in _countries() if c != REPORTER), *AGGREGATES)


def is_partner(code: str) -> bool:
    """Whether ``code`` may be a claim's partner: an ISO 3166-1 alpha-2 country (not ``KZ``) or an aggregate.

    >>> is_partner("DE"), is_partner("EU27"), is_partner("KZ"), is_partner("XX")
    (True, True, False, False)
    """
    return code in AGGREGATES or (code != REPORTER and code in _countries())


def label(code: str) -> str:
    """The partner's name, for titles and tables: ``"Lithuania"``, ``"European Union"``.

    Raises
    ------
    RecordError
        For a code that is no partner.
    """
    if code in AGGREGATES:
        return AGGREGATES[code]
    if is_partner(code):
        return _countries()[code]
    raise RecordError("partner", "code", code, _EXPECTED)


def _check_aggregate(aggregate: str) -> None:
    if aggregate not in AGGREGATES:
        raise RecordError("partner", "aggregate", aggregate, "one of " + ", ".join(AGGREGATES))


def members(aggregate: str, on: date) -> frozenset[str]:
    """The members of ``aggregate`` on the day ``on``.

    >>> sorted(members("EU", date(1973, 1, 1)))
    ['BE', 'DE', 'DK', 'FR', 'GB', 'IE', 'IT', 'LU', 'NL']
    >>> len(members("EU27", date(2000, 1, 1))), len(members("EU28", date(2024, 1, 1)))
    (27, 28)
    """
    _check_aggregate(aggregate)
    return frozenset(m.member for m in MEMBERSHIPS if m.aggregate == aggregate and m.covers(on))


def member_throughout(aggregate: str, code: str, start: date, end: date) -> bool:
    """Whether ``code`` was a member of ``aggregate`` on every day from ``start`` to ``end`` (inclusive).

    >>> member_throughout("EU", "GB", date(2019, 1, 1), date(2019, 12, 31))
    True
    >>> member_throughout("EU", "GB", date(2020, 1, 1), date(2020, 12, 31))
    False
    """
    _check_aggregate(aggregate)
    return any(m.aggregate == aggregate and m.member == code and m.covers(start) and m.covers(end) for m in MEMBERSHIPS)

"""How the report page writes values: numbers, intervals, table cells, anchors and web addresses.

>>> number(1564.9999999999998), pair(0.5, float("inf")), claim_anchor("mfa-2023-10-10/turnover-2022")
('1565', '[0.5, ∞]', 'claim-mfa-2023-10-10_2f_turnover-2022')
"""

from __future__ import annotations

import math
import re
from typing import Any

__all__ = ["bracketed", "cell", "claim_anchor", "number", "pair", "source_anchor", "web_address"]

# Characters kept as they are in an anchor id; any other is written as _<hex>_, so that
# two ids never share an anchor ("a/b" and "a_b" differ) and no anchor holds "/" or a space.
_ANCHOR_SAFE = re.compile(r"[A-Za-z0-9-]")


def _anchor(prefix: str, key: str) -> str:
    return prefix + "".join(ch if _ANCHOR_SAFE.fullmatch(ch) else f"_{ord(ch):x}_" for ch in key)


def claim_anchor(claim_id: str) -> str:
    """The id of a claim's row in the page: letters, digits and ``-`` kept, any other character as ``_<hex>_``.

    >>> claim_anchor("a/b"), claim_anchor("a_b")
    ('claim-a_2f_b', 'claim-a_5f_b')
    """
    return _anchor("claim-", claim_id)


def source_anchor(source_id: str) -> str:
    """The id of a source's entry in the provenance appendix (as :func:`claim_anchor`)."""
    return _anchor("source-", source_id)


def number(x: float, digits: int = 6) -> str:
    """A computed number with ``digits`` significant digits; ``–`` where unknown, ``∞`` for an open end."""
    if math.isnan(x):
        return "–"
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    return f"{x:.{digits}g}"


def pair(lo: float, hi: float) -> str:
    """``[lo, hi]`` with :func:`number`'s digits; ``–`` when neither bound is known."""
    return "–" if math.isnan(lo) and math.isnan(hi) else f"[{number(lo)}, {number(hi)}]"


def cell(value: Any) -> str:
    """A string cell, ``""`` where empty (pandas' ``<NA>`` included)."""
    import pandas as pd

    return "" if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) else str(value)


def bracketed(lo: float, hi: float, text: Any) -> str:
    """The interval's own brackets (open or closed) around bounds of 6 significant digits."""
    t = cell(text)
    return f"{t[0]}{number(lo)}, {number(hi)}{t[-1]}" if len(t) >= 2 else pair(lo, hi)


def web_address(url: str) -> str:
    """``url`` if it is an http or https address, else ``""``: a ``javascript:`` address in a link would run.

    >>> web_address("https://example.org/a?b=1"), web_address("javascript:alert(1)"), web_address("")
    ('https://example.org/a?b=1', '', '')
    """
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    return url.strip() if parts.scheme.lower() in {"http", "https"} and parts.netloc else ""

"""kzlt_trade: reported trade figures between Kazakhstan and its partners (Lithuania,
Romania, Estonia and the EU first), with exact provenance and honest precision.

>>> import kzlt_trade
>>> ds = kzlt_trade.load()
>>> len(ds) > 0
True

``import kzlt_trade`` imports none of the library's modules: each public name is
imported the first time it is used (:pep:`562`). The pytest plugin, which pytest
imports in every session wherever the package is installed, imports this package
first; so a test session that does not use the library does not pay for numpy and
the library's modules. Type checkers and IDEs see the imports below under
``TYPE_CHECKING``; :data:`_LAZY` says where each name lives at run time, and
``tests/test_import.py`` checks that the two agree.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kzlt_trade.checker import check
    from kzlt_trade.comext import (
        EU27_2020,
        ComextRow,
        ComextTotal,
        comext_total,
        comext_years,
        load_comext,
        read_relational_csv,
        read_spreadsheet,
    )
    from kzlt_trade.dataset import Dataset
    from kzlt_trade.errors import (
        DataFileError,
        KzltTradeError,
        Problem,
        ReadingError,
        UnknownClaimError,
        UsageError,
        UsageTypeError,
    )
    from kzlt_trade.interval import Interval
    from kzlt_trade.io import load
    from kzlt_trade.mentions import Mention, extract
    from kzlt_trade.mirror import mirror_table
    from kzlt_trade.model import FLOWS, INDICATORS, PARTNERS, SCOPES, Claim, Reading, Source
    from kzlt_trade.official import compare_official, load_official
    from kzlt_trade.partners import code_of
    from kzlt_trade.period import Period, Published, window_phrase
    from kzlt_trade.plot import (
        TurnoverPanels,
        plot_claims,
        plot_growth,
        plot_mirror,
        plot_turnover,
        plot_turnover_panels,
    )
    from kzlt_trade.rates import RateTable
    from kzlt_trade.reading import HedgePolicy, WrittenNumber, read_number, to_interval
    from kzlt_trade.reconciler import reconcile
    from kzlt_trade.results import Estimate, Estimates, Finding, Report
    from kzlt_trade.vocabulary import Severity
    from kzlt_trade.webreport import write_report

__version__ = "0.1.0"

__all__ = [
    # Loading data
    "load",
    "Dataset",
    # Checking and reconciling
    "check",
    "Report",
    "Finding",
    "Severity",
    "reconcile",
    "Estimates",
    "Estimate",
    # Official statistics (BNS of Kazakhstan; pandas is imported inside the functions)
    "load_official",
    "compare_official",
    "mirror_table",
    # The mirror side: Eurostat Comext, the EU member states' trade with Kazakhstan
    # (pandas is imported inside the functions, openpyxl inside read_spreadsheet)
    "load_comext",
    "comext_total",
    "comext_years",
    "ComextTotal",
    "ComextRow",
    "EU27_2020",
    "read_relational_csv",
    "read_spreadsheet",
    # Charts (kzlt_trade.plot imports matplotlib inside the functions: importing them here stays light)
    "plot_turnover",
    "plot_turnover_panels",
    "TurnoverPanels",
    "plot_growth",
    "plot_claims",
    "plot_mirror",
    # The fact-check report as a static HTML page (Jinja2 is imported when it is written)
    "write_report",
    # Records and vocabularies
    "Claim",
    "Source",
    "Reading",
    "Period",
    "Published",
    "FLOWS",
    "INDICATORS",
    "PARTNERS",
    "SCOPES",
    # Reading numbers
    "Interval",
    "HedgePolicy",
    "WrittenNumber",
    "read_number",
    "to_interval",
    # Finding figures in text
    "extract",
    "Mention",
    # Real-world words: time phrases, partner names, exchange rates
    "window_phrase",
    "code_of",
    "RateTable",
    # Errors
    "KzltTradeError",
    "DataFileError",
    "Problem",
    "ReadingError",
    "UnknownClaimError",
    "UsageError",
    "UsageTypeError",
]

#: The public names of each module, imported from it when first used.
_MODULES: dict[str, tuple[str, ...]] = {
    "kzlt_trade.checker": ("check",),
    "kzlt_trade.comext": (
        "EU27_2020", "ComextRow", "ComextTotal", "comext_total", "comext_years", "load_comext",
        "read_relational_csv", "read_spreadsheet",
    ),
    "kzlt_trade.dataset": ("Dataset",),
    "kzlt_trade.errors": (
        "DataFileError", "KzltTradeError", "Problem", "ReadingError", "UnknownClaimError", "UsageError",
        "UsageTypeError",
    ),
    "kzlt_trade.interval": ("Interval",),
    "kzlt_trade.io": ("load",),
    "kzlt_trade.model": ("FLOWS", "INDICATORS", "PARTNERS", "SCOPES", "Claim", "Reading", "Source"),
    "kzlt_trade.mirror": ("mirror_table",),
    "kzlt_trade.official": ("compare_official", "load_official"),
    "kzlt_trade.mentions": ("Mention", "extract"),
    "kzlt_trade.partners": ("code_of",),
    "kzlt_trade.period": ("Period", "Published", "window_phrase"),
    "kzlt_trade.plot": (
        "TurnoverPanels",
        "plot_claims",
        "plot_growth",
        "plot_mirror",
        "plot_turnover",
        "plot_turnover_panels",
    ),
    "kzlt_trade.rates": ("RateTable",),
    "kzlt_trade.reading": ("HedgePolicy", "WrittenNumber", "read_number", "to_interval"),
    "kzlt_trade.reconciler": ("reconcile",),
    "kzlt_trade.results": ("Estimate", "Estimates", "Finding", "Report"),
    "kzlt_trade.vocabulary": ("Severity",),
    "kzlt_trade.webreport": ("write_report",),
}  # fmt: skip
#: The module of each public name.
_LAZY: dict[str, str] = {name: module for module, names in _MODULES.items() for name in names}


def _public(name: str) -> object:
    """The public ``name``, imported from its module on first use and kept in the package's namespace."""
    try:
        module = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups find it without calling __getattr__
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


if not TYPE_CHECKING:
    # Hidden from type checkers, which see the names imported above: to them a
    # module __getattr__ would make any attribute of the package valid.
    __getattr__ = _public

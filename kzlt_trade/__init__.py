"""kzlt_trade: reported trade figures between Kazakhstan and Lithuania, Romania,
Estonia and the EU, with exact provenance and honest precision.

>>> import kzlt_trade
>>> ds = kzlt_trade.load()
>>> len(ds) > 0
True
"""

from kzlt_trade.checker import check
from kzlt_trade.dataset import Dataset
from kzlt_trade.errors import DataFileError, KzltTradeError, Problem, ReadingError, UnknownClaimError, UsageError
from kzlt_trade.interval import Interval
from kzlt_trade.io import load
from kzlt_trade.model import FLOWS, INDICATORS, PARTNERS, SCOPES, Claim, Reading, Source
from kzlt_trade.official import compare_official, load_official
from kzlt_trade.period import Period
from kzlt_trade.plot import plot_claims, plot_growth, plot_turnover
from kzlt_trade.reading import HedgePolicy, WrittenNumber, read_number, to_interval
from kzlt_trade.reconciler import reconcile
from kzlt_trade.results import Estimate, Estimates, Finding, Report
from kzlt_trade.vocabulary import Severity

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
    # Charts (kzlt_trade.plot imports matplotlib inside the functions: importing them here stays light)
    "plot_turnover",
    "plot_growth",
    "plot_claims",
    # Records and vocabularies
    "Claim",
    "Source",
    "Reading",
    "Period",
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
    # Errors
    "KzltTradeError",
    "DataFileError",
    "Problem",
    "ReadingError",
    "UnknownClaimError",
    "UsageError",
]

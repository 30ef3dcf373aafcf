"""The library's internal entry points the benchmarks use, found in one place.

The public API (:func:`kzlt_trade.load`, :func:`kzlt_trade.check`,
:func:`kzlt_trade.reconcile`) is stable; the table function and the functions that
check and reconcile a table built directly (the simple shape) are internal and move
as the engine is rewritten. Each is looked up here, newest name first:

==================  =========================================  ==========================================
what                now                                        before
==================  =========================================  ==========================================
the table           ``kzlt_trade.table.reading_table(ds)``     ``kzlt_trade.frame.readings_frame(ds)``
its columns         ``kzlt_trade.table.READING_TABLE_COLUMNS``  ``kzlt_trade.frame.READING_FRAME_COLUMNS``
check a table       ``checker.check_readings(Readings(t))``    ``checker.check_frame(t)``
reconcile a table   ``reconciler.reconcile_readings(rd, r)``   ``reconciler.reconcile_frame(t, r)``
==================  =========================================  ==========================================

When the engine moves again, change this module only.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["check_table", "columns", "reconcile_table", "table"]


def _first(*names: str) -> Any:
    """The first ``module:attribute`` that exists."""
    for name in names:
        module, _, attr = name.partition(":")
        try:
            return getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError):
            continue
    raise ImportError("none of " + ", ".join(names) + " exists: update benchmarks/engine.py")


def table(ds: Any) -> Any:
    """The library's own readings table of a dataset (one row per claim and reading)."""
    return _first("kzlt_trade.table:reading_table", "kzlt_trade.frame:readings_frame")(ds)


def columns() -> dict[str, str]:
    """The columns of that table and what they hold."""
    return dict(_first("kzlt_trade.table:READING_TABLE_COLUMNS", "kzlt_trade.frame:READING_FRAME_COLUMNS"))


def check_table(t: Any) -> Any:
    """The checker's report on a table built directly; returns ``(report, state)`` for :func:`reconcile_table`."""
    try:
        check_readings = _first("kzlt_trade.checker:check_readings")
        readings = _first("kzlt_trade.readings:Readings")(t)
        return check_readings(readings), readings
    except ImportError:
        return _first("kzlt_trade.checker:check_frame")(t), t


def reconcile_table(state: Any, report: Any) -> Any:
    """The reconciler's estimates from :func:`check_table`'s ``state`` and report."""
    try:
        return _first("kzlt_trade.reconciler:reconcile_readings")(state, report)
    except ImportError:
        return _first("kzlt_trade.reconciler:reconcile_frame")(state, report)

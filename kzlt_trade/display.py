"""HTML for Jupyter (filled in fully with the charts); plain text inside <pre> for now."""

from __future__ import annotations

import html
from typing import Any


def _pre(obj: Any) -> str:
    return f"<pre>{html.escape(str(obj))}</pre>"


def finding_html(finding: Any) -> str:
    return _pre(finding)


def report_html(report: Any) -> str:
    return _pre(report)


def estimates_html(estimates: Any) -> str:
    return _pre(estimates)

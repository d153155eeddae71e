"""Checks → reports: JSON, Markdown and HTML, run history, diffs and waivers.

Imported lazily, so that `briefcheck.report.model` (what a run's outcome holds) does not bring
the HTML and Markdown renderers, the diff and the history with it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from briefcheck.report.build import build_report
    from briefcheck.report.diff import diff_reports, format_diff, has_new_findings
    from briefcheck.report.history import previous_report, run_history, run_reports
    from briefcheck.report.html import render_html
    from briefcheck.report.markdown import render_markdown
    from briefcheck.report.waivers import (
        Review,
        ReviewsError,
        apply_waivers,
        exit_code,
        load_reviews,
        load_waivers,
        open_findings,
        record_decision,
        reviews_path,
    )
    from briefcheck.report.write import write_reports

_WHERE = {
    "Review": "briefcheck.report.waivers",
    "ReviewsError": "briefcheck.report.waivers",
    "apply_waivers": "briefcheck.report.waivers",
    "build_report": "briefcheck.report.build",
    "diff_reports": "briefcheck.report.diff",
    "exit_code": "briefcheck.report.waivers",
    "format_diff": "briefcheck.report.diff",
    "has_new_findings": "briefcheck.report.diff",
    "load_reviews": "briefcheck.report.waivers",
    "load_waivers": "briefcheck.report.waivers",
    "open_findings": "briefcheck.report.waivers",
    "previous_report": "briefcheck.report.history",
    "record_decision": "briefcheck.report.waivers",
    "render_html": "briefcheck.report.html",
    "render_markdown": "briefcheck.report.markdown",
    "reviews_path": "briefcheck.report.waivers",
    "run_history": "briefcheck.report.history",
    "run_reports": "briefcheck.report.history",
    "write_reports": "briefcheck.report.write",
}

__all__ = [
    "Review",
    "ReviewsError",
    "apply_waivers",
    "build_report",
    "diff_reports",
    "exit_code",
    "format_diff",
    "has_new_findings",
    "load_reviews",
    "load_waivers",
    "open_findings",
    "previous_report",
    "record_decision",
    "render_html",
    "render_markdown",
    "reviews_path",
    "run_history",
    "run_reports",
    "write_reports",
]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'briefcheck.report' has no attribute {name!r}")

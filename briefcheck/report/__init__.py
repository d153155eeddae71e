"""Checks → reports: JSON, Markdown and HTML, run history, diffs and waivers."""

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

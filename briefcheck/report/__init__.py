"""Checks → reports: JSON, Markdown and HTML, run history, diffs and waivers."""

from briefcheck.report.build import build_report
from briefcheck.report.diff import diff_reports, format_diff
from briefcheck.report.write import write_reports

__all__ = ["build_report", "diff_reports", "format_diff", "write_reports"]

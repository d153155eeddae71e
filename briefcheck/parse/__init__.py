"""Snapshot → SourceText: main text, title, publication date, authors and dates of a page."""

from briefcheck.parse.dates import find_source_dates
from briefcheck.parse.links import text_fragment_url
from briefcheck.parse.source import parse_snapshot

__all__ = ["find_source_dates", "parse_snapshot", "text_fragment_url"]

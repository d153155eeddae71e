"""Snapshot → SourceText: main text, title, publication date, authors and dates of a page."""

from briefcheck.parse.source import parse_snapshot

__all__ = ["parse_snapshot"]

"""Check a footnote's own details (title, published date, outlet, authors) against the page."""

from __future__ import annotations

from briefcheck.models import CheckKind, Match, Reference, SourceText


def check_details(ref: Reference, source: SourceText) -> list[tuple[CheckKind, str, Match]]:
    """(kind, claimed value, match) for each detail the footnote gives."""
    raise NotImplementedError

"""Find a quotation in a source's text: exact after safe normalisation, else the closest passage."""

from __future__ import annotations

from briefcheck.models import Match, SourceText


def find_quote(quote: str, source: SourceText) -> Match:
    """verified / mismatch (closest passage + word diff) / not_found for one quotation."""
    raise NotImplementedError

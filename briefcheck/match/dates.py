"""Check a claimed date against the dates a source states near the matching passage."""

from __future__ import annotations

from briefcheck.models import DateMention, Match, SourceText


def check_date(date: DateMention, claim_text: str, source: SourceText) -> Match:
    """verified / mismatch / not_found for one date of a claim sentence."""
    raise NotImplementedError

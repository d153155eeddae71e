"""Brief text → Brief: footnotes, references, sentences, markers, quotations and dates."""

from briefcheck.extractors.brief import (
    BRIEF_FORMATS,
    BRIEF_SUFFIXES,
    brief_to_json,
    claim_key,
    extract_brief,
    extract_text,
    resolve_refs,
)
from briefcheck.extractors.dates import find_dates

__all__ = [
    "BRIEF_FORMATS",
    "BRIEF_SUFFIXES",
    "brief_to_json",
    "claim_key",
    "extract_brief",
    "extract_text",
    "find_dates",
    "resolve_refs",
]

"""Brief text → Brief: footnotes, references, sentences, markers, quotations and dates.

Imported lazily (the readers pull in spaCy, lxml, BeautifulSoup, pypdf and pdfminer), so that
the command line, which only names the formats until it extracts, starts light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from briefcheck.extractors.brief import (
        brief_to_json,
        claim_key,
        extract_brief,
        extract_text,
        resolve_refs,
    )
    from briefcheck.extractors.dates import find_dates
    from briefcheck.extractors.formats import BRIEF_FORMATS, BRIEF_SUFFIXES

_WHERE = {
    "BRIEF_FORMATS": "briefcheck.extractors.formats",
    "BRIEF_SUFFIXES": "briefcheck.extractors.formats",
    "brief_to_json": "briefcheck.extractors.brief",
    "claim_key": "briefcheck.extractors.brief",
    "extract_brief": "briefcheck.extractors.brief",
    "extract_text": "briefcheck.extractors.brief",
    "find_dates": "briefcheck.extractors.dates",
    "resolve_refs": "briefcheck.extractors.brief",
}

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


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'briefcheck.extractors' has no attribute {name!r}")

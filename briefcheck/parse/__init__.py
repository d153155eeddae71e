"""Snapshot → SourceText: main text, title, publication date, authors and dates of a page.

Imported lazily (the readers pull in lxml, trafilatura and htmldate), so that code needing
only one helper, or only validating input, stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from briefcheck.parse.dates import find_source_dates
    from briefcheck.parse.links import text_fragment_url
    from briefcheck.parse.source import parse_snapshot

_WHERE = {
    "find_source_dates": "briefcheck.parse.dates",
    "text_fragment_url": "briefcheck.parse.links",
    "parse_snapshot": "briefcheck.parse.source",
}

__all__ = ["find_source_dates", "parse_snapshot", "text_fragment_url"]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'briefcheck.parse' has no attribute {name!r}")

"""(claim, SourceText) → Match: quotations, dates, footnote details and whole claims (support).

The matchers load spaCy; they are imported when first used, so that a command which only
validates its input (or `import briefcheck.match.judge`) does not pay for it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from briefcheck.match.dates import check_date
    from briefcheck.match.details import check_details
    from briefcheck.match.quotes import find_quote
    from briefcheck.match.support import find_support

_WHERE = {
    "check_date": "briefcheck.match.dates",
    "check_details": "briefcheck.match.details",
    "find_quote": "briefcheck.match.quotes",
    "find_support": "briefcheck.match.support",
}

__all__ = ["check_date", "check_details", "find_quote", "find_support"]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'briefcheck.match' has no attribute {name!r}")

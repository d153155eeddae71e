"""URL → FetchResult: polite, cached, SSRF-guarded fetching with archives and WARC provenance.

Imported lazily (the client pulls in requests, urllib3, BeautifulSoup and warcio), so that
code needing only the options, or only validating input, stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from briefcheck.fetch.client import FetchRun, fetch_all, fetch_source
    from briefcheck.fetch.content import decode_body, decode_html
    from briefcheck.fetch.options import FetchOptions, FetchRequest

_WHERE = {
    "FetchOptions": "briefcheck.fetch.options",
    "FetchRequest": "briefcheck.fetch.options",
    "FetchRun": "briefcheck.fetch.client",
    "decode_body": "briefcheck.fetch.content",
    "decode_html": "briefcheck.fetch.content",
    "fetch_all": "briefcheck.fetch.client",
    "fetch_source": "briefcheck.fetch.client",
}

__all__ = [
    "FetchOptions",
    "FetchRequest",
    "FetchRun",
    "decode_body",
    "decode_html",
    "fetch_all",
    "fetch_source",
]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'briefcheck.fetch' has no attribute {name!r}")

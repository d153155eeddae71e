"""URL → FetchResult: polite, cached, SSRF-guarded fetching with archives and WARC provenance."""

from briefcheck.fetch.client import FetchOptions, FetchRequest, FetchRun, fetch_all, fetch_source
from briefcheck.fetch.content import decode_body, decode_html

__all__ = [
    "FetchOptions",
    "FetchRequest",
    "FetchRun",
    "decode_body",
    "decode_html",
    "fetch_all",
    "fetch_source",
]

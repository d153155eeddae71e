"""URL → FetchResult: polite, cached, SSRF-guarded fetching with archives and WARC provenance."""

from briefcheck.fetch.client import FetchOptions, FetchRequest, fetch_all, fetch_source

__all__ = ["FetchOptions", "FetchRequest", "fetch_all", "fetch_source"]

"""Small factories shared by the fetch tests: fast options and page routes."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from briefcheck.fetch import FetchOptions
from tests.support.localserver import LocalServer, Route

DATA = Path(__file__).parent.parent / "data" / "fetch"


def page(name: str, content_type: str = "text/html; charset=utf-8", **kw: Any) -> Route:
    """A route serving a saved page from tests/data/fetch."""
    return Route(body=(DATA / name).read_bytes(), content_type=content_type, **kw)


def fast_options(server: LocalServer | None = None, **overrides: Any) -> FetchOptions:
    """Options with tiny timeouts and backoff, trusting only the given test server's origin."""
    base = FetchOptions(
        trusted_origins=(server.origin,) if server else (),
        connect_timeout_s=1.0,
        read_timeout_s=0.4,
        deadline_s=5.0,
        retries=2,
        backoff_base_s=0.01,
        backoff_max_s=0.05,
        retry_after_max_s=2.0,
        per_host_interval_s=0.0,
        per_host_concurrency=4,
        confirm_failures=False,
        confirm_delay_s=0.0,
        max_body_bytes=1024 * 1024,
        wayback=False,
    )
    return dataclasses.replace(base, **overrides)

"""Snapshots built from bytes or saved pages, as the fetcher would hand them over."""

from __future__ import annotations

import hashlib
from pathlib import Path

from briefcheck.models import Snapshot

PAGES = Path(__file__).resolve().parents[1] / "data" / "pages"


def make_snapshot(
    body: bytes,
    content_type: str = "text/html",
    url: str = "https://example.org/article",
    headers: tuple[tuple[str, str], ...] = (),
) -> Snapshot:
    """A snapshot as the fetcher would hand it over, for bytes written by a test."""
    return Snapshot(
        url=url,
        final_url=url,
        http_status=200,
        headers=(("Content-Type", content_type), *headers),
        body=body,
        sha256=hashlib.sha256(body).hexdigest(),
        fetched_at="2025-10-01T00:00:00+00:00",
        content_type=content_type,
    )

"""Dispatch a snapshot to the reader for its content type."""

from __future__ import annotations

from briefcheck.models import Snapshot, SourceText


def parse_snapshot(snapshot: Snapshot, *, lang: str | None = None) -> SourceText:
    """Read a snapshot's main text and metadata; unreadable content gets status unsupported."""
    raise NotImplementedError

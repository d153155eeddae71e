"""Fetch one source or many, honouring the per-host politeness rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from briefcheck.models import FetchResult


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How to fetch: plain values so a Prefect task can take them."""

    cache_dir: Path | None = None
    offline: bool = False
    allow_private_hosts: bool = False
    warc_path: Path | None = None


@dataclass(frozen=True, slots=True)
class FetchRequest:
    url: str
    archive: str | None = None
    date_hint: str | None = None  # the footnote's date, to pick the nearest archived copy


def fetch_source(request: FetchRequest, options: FetchOptions) -> FetchResult:
    """Fetch one URL (falling back to its archive copy); failures come back as statuses."""
    raise NotImplementedError


def fetch_all(requests: Sequence[FetchRequest], options: FetchOptions) -> list[FetchResult]:
    """Fetch many URLs concurrently with per-host limits; results in the order given."""
    raise NotImplementedError

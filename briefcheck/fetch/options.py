"""How to fetch, and what: plain values a Prefect task can take, with no HTTP stack imported."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefcheck import settings
from briefcheck.redact import redact_credentials


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How to fetch: plain values so a Prefect task can take them."""

    cache_dir: Path | None = None
    offline: bool = False
    allow_private_hosts: bool = False
    warc_path: Path | None = None
    # Origins (`http://127.0.0.1:8123`) exempt from the private-address check, so a test or
    # intranet server can be named without opening every private address to redirects.
    trusted_origins: tuple[str, ...] = ()
    user_agent: str = settings.USER_AGENT
    connect_timeout_s: float = settings.CONNECT_TIMEOUT_S
    read_timeout_s: float = settings.READ_TIMEOUT_S
    deadline_s: float = settings.SOURCE_DEADLINE_S
    max_body_bytes: int = settings.MAX_BODY_BYTES
    max_redirects: int = settings.MAX_REDIRECTS
    retries: int = settings.RETRIES
    backoff_base_s: float = settings.BACKOFF_BASE_S
    backoff_max_s: float = settings.BACKOFF_MAX_S
    retry_after_max_s: float = settings.RETRY_AFTER_MAX_S
    max_concurrency: int = settings.MAX_CONCURRENCY
    per_host_concurrency: int = settings.PER_HOST_CONCURRENCY
    per_host_interval_s: float = settings.PER_HOST_INTERVAL_S
    cache_ttl_s: float = settings.CACHE_TTL_S
    obey_robots: bool = True
    confirm_failures: bool = True
    confirm_delay_s: float = settings.CONFIRM_DELAY_S
    # Ask the Wayback Machine for a capture when the live copy and any archive URL fail.
    # Skipped offline and for private hosts (no public archive holds them), so local tests
    # and intranet runs never reach out; tests of the lookup point the CDX URL at 127.0.0.1.
    wayback: bool = True
    wayback_cdx_url: str = settings.WAYBACK_CDX_URL
    wayback_snapshot_url: str = settings.WAYBACK_SNAPSHOT_URL


@dataclass(frozen=True, slots=True)
class FetchRequest:
    url: str
    archive: str | None = None
    date_hint: str | None = None  # the footnote's date, to pick the nearest archived copy

    def __post_init__(self) -> None:
        # URL credentials are refused, never sent; masking them here keeps them out of every
        # result, log line and task name made from a request, whoever built it.
        object.__setattr__(self, "url", redact_credentials(self.url))
        if self.archive is not None:
            object.__setattr__(self, "archive", redact_credentials(self.archive))

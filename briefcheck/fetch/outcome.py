"""What one GET came to: a final response or a failure with its status, and the time budget."""

from __future__ import annotations

import email.utils
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from briefcheck.fetch.content import decode_body, is_bot_challenge
from briefcheck.models import SourceStatus

WALL_STATUSES = frozenset({401, 402, 403, 451})
# RFC 9110's 1*DIGIT is ASCII: str.isdigit also takes "²" and "٣", which int() refuses or
# reads as numbers no server meant.
_ASCII_DIGITS = re.compile(r"[0-9]+")


@dataclass(frozen=True, slots=True)
class Response:
    """A final (non-redirect) HTTP response with its decoded body."""

    url: str
    final_url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    request_headers: tuple[tuple[str, str], ...]
    fetched_at: str

    def header(self, name: str) -> str | None:
        low = name.lower()
        return next((v for k, v in self.headers if k.lower() == low), None)

    def header_map(self) -> dict[str, str]:
        return {k.lower(): v for k, v in self.headers}


@dataclass(frozen=True, slots=True)
class Failure:
    """Why a GET produced no usable response, and whether trying again could help."""

    status: SourceStatus
    reason: str
    error: str
    http_status: int | None = None
    final_url: str | None = None
    retryable: bool = False
    # The same answer would come on any later try in this run (a body over the cap, a bad
    # URL, a redirect loop): not confirmed again at the end of the run.
    final: bool = False
    retry_after: float | None = None
    response: Response | None = field(default=None, compare=False)


Outcome = Response | Failure


def utc_now() -> str:
    """The current time as ISO-8601 UTC with a Z, to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Deadline:
    """A per-source time budget that starts when the source's first request starts.

    One budget covers every attempt, redirect, archive copy and the end-of-run confirm pass
    of a source. Setting the run's `cancelled` event spends every budget at once, so loops
    that watch the clock (body reads, backoff, retries) stop on an interrupt too.
    """

    def __init__(self, seconds: float, cancelled: threading.Event | None = None) -> None:
        self.seconds = seconds
        self.cancelled = cancelled or threading.Event()
        self._ends: float | None = None

    def start(self) -> None:
        if self._ends is None:
            self._ends = time.monotonic() + self.seconds

    def remaining(self) -> float:
        if self.cancelled.is_set():
            return 0.0
        return self.seconds if self._ends is None else self._ends - time.monotonic()

    def within(self, seconds: float) -> Deadline:
        """A budget of at most `seconds` that also ends when this one does (started now)."""
        self.start()
        inner = Deadline(min(seconds, self.remaining()), self.cancelled)
        inner.start()
        return inner

    def sleep(self, seconds: float) -> bool:
        """Wait `seconds` (False at once if the run is cancelled meanwhile)."""
        return not self.cancelled.wait(seconds)


def classify_status(response: Response) -> Outcome:
    """A 2xx/304 response stays a response; any other status becomes a Failure."""
    status = response.status
    if 200 <= status < 300 or status == 304:
        return response
    where = response.final_url
    headers = response.header_map()
    text = decode_body(response.body, headers.get("content-type"), True) if response.body else ""
    if (status in WALL_STATUSES or status in (429, 503)) and is_bot_challenge(
        status, headers, text
    ):
        return Failure(
            SourceStatus.BLOCKED,
            "bot challenge",
            f"{where}: bot challenge (http {status})",
            http_status=status,
            final_url=where,
            response=response,
        )
    if status in WALL_STATUSES:
        return Failure(
            SourceStatus.BLOCKED,
            f"http {status}",
            f"{where}: http {status}",
            http_status=status,
            final_url=where,
            response=response,
        )
    retryable = status == 429 or (status >= 500 and status != 501)
    return Failure(
        SourceStatus.UNREACHABLE,
        f"http {status}",
        f"{where}: http {status}",
        http_status=status,
        final_url=where,
        retryable=retryable,
        retry_after=parse_retry_after(headers.get("retry-after")),
        response=response,
    )


def parse_retry_after(value: str | None, now: Callable[[], float] = time.time) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None if absent."""
    if not value:
        return None
    value = value.strip()
    seconds = header_int(value)
    if seconds is not None:
        return float(seconds)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now())


def header_int(value: str | None) -> int | None:
    """A header's non-negative integer (ASCII digits only, as HTTP writes them), else None."""
    text = (value or "").strip()
    return int(text) if _ASCII_DIGITS.fullmatch(text) else None

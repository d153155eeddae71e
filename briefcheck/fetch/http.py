"""One GET over requests: manual redirects under the SSRF guard, capped bodies, retries."""

from __future__ import annotations

import email.utils
import random
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin

import requests
import urllib3

from briefcheck.fetch.content import decode_body, is_bot_challenge
from briefcheck.fetch.guard import address_problem, check_url, origin_of
from briefcheck.fetch.politeness import HostLimiter, RobotsCache
from briefcheck.models import SourceStatus

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_WALL_STATUSES = frozenset({401, 402, 403, 451})
_CHUNK = 16 * 1024
# We decode bodies ourselves (to cap the decompressed size), so we only offer what zlib reads.
_ACCEPT_ENCODING = "gzip, deflate"


@dataclass(frozen=True, slots=True)
class HttpConfig:
    """The knobs of one transport, taken from FetchOptions."""

    user_agent: str
    connect_timeout_s: float
    read_timeout_s: float
    deadline_s: float
    max_body_bytes: int
    max_redirects: int
    retries: int
    backoff_base_s: float
    backoff_max_s: float
    retry_after_max_s: float
    allow_private_hosts: bool
    trusted_origins: tuple[str, ...]
    obey_robots: bool


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
    retry_after: float | None = None
    response: Response | None = field(default=None, compare=False)


Outcome = Response | Failure


def utc_now() -> str:
    """The current time as ISO-8601 UTC with a Z, to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Deadline:
    """A per-source time budget that starts when the source's first request starts."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._ends: float | None = None

    def start(self) -> None:
        if self._ends is None:
            self._ends = time.monotonic() + self.seconds

    def remaining(self) -> float:
        return self.seconds if self._ends is None else self._ends - time.monotonic()


class Transport:
    """GETs that respect the guard, robots.txt, per-host limits, caps and the deadline."""

    def __init__(self, config: HttpConfig, limiter: HostLimiter) -> None:
        self.config = config
        self.limiter = limiter
        self.robots = RobotsCache(self._fetch_robots)
        self.requests_sent = 0
        self._count_lock = threading.Lock()
        self._local = threading.local()

    def _session(self) -> requests.Session:
        """One Session per thread: requests does not promise a Session is thread-safe."""
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers.update(
                {
                    "User-Agent": self.config.user_agent,
                    "Accept": "text/html,application/xhtml+xml,application/pdf,text/plain;q=0.9,"
                    "*/*;q=0.5",
                    "Accept-Encoding": _ACCEPT_ENCODING,
                }
            )
            self._local.session = session
        return session

    def get_with_retries(
        self, url: str, deadline: Deadline, headers: dict[str, str] | None = None
    ) -> tuple[Outcome, int]:
        """GET with exponential backoff and jitter on retryable failures; (outcome, attempts)."""
        attempt = 0
        while True:
            attempt += 1
            outcome = self.get(url, deadline, headers)
            if not isinstance(outcome, Failure) or not outcome.retryable:
                return outcome, attempt
            if attempt > self.config.retries:
                return outcome, attempt
            pause = self._backoff(attempt, outcome.retry_after)
            if pause is None or pause >= deadline.remaining():
                return outcome, attempt
            time.sleep(pause)

    def _backoff(self, attempt: int, retry_after: float | None) -> float | None:
        """Seconds to wait before the next attempt; None when the server asks for too long."""
        if retry_after is not None:
            if retry_after > self.config.retry_after_max_s:
                return None
            return retry_after
        ceiling = min(self.config.backoff_max_s, self.config.backoff_base_s * 2 ** (attempt - 1))
        # "Equal jitter": half fixed, half random, so retries spread out but never bunch at 0.
        return ceiling / 2 + random.uniform(0, ceiling / 2)

    def get(
        self,
        url: str,
        deadline: Deadline,
        headers: dict[str, str] | None = None,
        robots: bool = True,
    ) -> Outcome:
        """One GET, following up to max_redirects redirects and re-checking every hop."""
        seen: list[str] = []
        current = url
        while True:
            refusal = check_url(
                current, self.config.allow_private_hosts, self.config.trusted_origins
            )
            if refusal is not None:
                status = SourceStatus(refusal.status)
                hop = f" (redirected to {current})" if current != url else ""
                return Failure(status, refusal.reason, f"{url}{hop}: {refusal.reason}")
            if robots and self.config.obey_robots:
                answer = self.robots.check(current, self.limiter)
                if not answer.allowed:
                    return Failure(SourceStatus.BLOCKED, "robots", answer.error or "robots")
            outcome = self._get_hop(current, deadline, headers)
            if isinstance(outcome, Failure) or outcome.status not in _REDIRECTS:
                return _finish(url, outcome)
            location = outcome.header("location")
            if not location:
                return _finish(url, outcome)
            seen.append(current)
            current = urljoin(current, location.strip())
            if current in seen:
                return Failure(
                    SourceStatus.UNREACHABLE, "redirect loop", f"{url}: redirect loop via {current}"
                )
            if len(seen) > self.config.max_redirects:
                return Failure(
                    SourceStatus.UNREACHABLE,
                    "too many redirects",
                    f"{url}: more than {self.config.max_redirects} redirects",
                    final_url=current,
                )

    def _get_hop(self, url: str, deadline: Deadline, headers: dict[str, str] | None) -> Outcome:
        """A single request to `url`, holding a host slot while it runs."""
        with self.limiter.slot(url):
            deadline.start()
            if deadline.remaining() <= 0:
                return Failure(
                    SourceStatus.UNREACHABLE, "timeout", f"{url}: deadline passed", retryable=False
                )
            with self._count_lock:
                self.requests_sent += 1
            return self._send(url, deadline, headers or {})

    def _send(self, url: str, deadline: Deadline, headers: dict[str, str]) -> Outcome:
        remaining = max(0.05, deadline.remaining())
        timeout = (
            min(self.config.connect_timeout_s, remaining),
            min(self.config.read_timeout_s, remaining),
        )
        fetched_at = utc_now()
        try:
            response = self._session().get(
                url, headers=headers, stream=True, allow_redirects=False, timeout=timeout
            )
        except requests.exceptions.RequestException as exc:
            return _transport_failure(url, exc)
        with response:
            problem = self._peer_problem(url, response)
            if problem:
                return Failure(SourceStatus.REFUSED, problem, f"{url}: connected to {problem}")
            if response.status_code in _REDIRECTS:
                body = b""
            else:
                read = _read_body(url, response, self.config.max_body_bytes, deadline)
                if isinstance(read, Failure):
                    return read
                body = read
            return Response(
                url=url,
                final_url=url,
                status=response.status_code,
                headers=_stored_headers(response, body),
                body=body,
                request_headers=tuple(
                    (k, v)
                    for k, v in response.request.headers.items()
                    if k.lower() not in _SECRET_REQUEST_HEADERS
                ),
                fetched_at=fetched_at,
            )

    def _peer_problem(self, url: str, response: requests.Response) -> str | None:
        """Re-check the address actually connected to, so DNS rebinding cannot slip past."""
        connection = getattr(response.raw, "_connection", None)
        sock = getattr(connection, "sock", None)
        if sock is None:
            return None
        try:
            peer = str(sock.getpeername()[0])
        except (OSError, AttributeError):
            return None  # not a real socket (a vcrpy replay): nothing was connected to
        trusted = origin_of(url) in {origin_of(o) for o in self.config.trusted_origins}
        return address_problem(peer, self.config.allow_private_hosts or trusted)

    def _fetch_robots(self, robots_url: str) -> tuple[int, str] | None:
        """robots.txt as (status, text), through the same guard and limits; None if unreachable."""
        deadline = Deadline(min(self.config.deadline_s, self.config.read_timeout_s * 2))
        outcome = self.get(robots_url, deadline, robots=False)
        if isinstance(outcome, Response):
            return outcome.status, decode_body(outcome.body, outcome.header("content-type"), False)
        if outcome.http_status is not None:
            return outcome.http_status, ""
        return None


def _finish(url: str, outcome: Outcome) -> Outcome:
    """Label a final response with the URL first asked for and classify its status."""
    if isinstance(outcome, Failure):
        return outcome
    response = Response(
        url=url,
        final_url=outcome.final_url,
        status=outcome.status,
        headers=outcome.headers,
        body=outcome.body,
        request_headers=outcome.request_headers,
        fetched_at=outcome.fetched_at,
    )
    return classify_status(response)


def classify_status(response: Response) -> Outcome:
    """A 2xx/304 response stays a response; any other status becomes a Failure."""
    status = response.status
    if 200 <= status < 300 or status == 304:
        return response
    where = response.final_url
    headers = response.header_map()
    text = decode_body(response.body, headers.get("content-type"), True) if response.body else ""
    if (status in _WALL_STATUSES or status in (429, 503)) and is_bot_challenge(
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
    if status in _WALL_STATUSES:
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
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now())


def _transport_failure(url: str, exc: requests.exceptions.RequestException) -> Failure:
    """Map a requests exception to an unreachable status with a short reason."""
    if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema)):
        return Failure(SourceStatus.REFUSED, "bad url", f"{url}: bad url ({exc})")
    if isinstance(exc, requests.exceptions.Timeout):
        reason = "timeout"
    elif isinstance(exc, requests.exceptions.SSLError):
        reason = "tls"
    elif isinstance(exc, requests.exceptions.ConnectionError):
        text = str(exc)
        reason = "dns" if "NameResolution" in text or "Name or service" in text else "connect"
    else:
        reason = "request error"
    return Failure(
        SourceStatus.UNREACHABLE, reason, f"{url}: {reason} ({type(exc).__name__})", retryable=True
    )


def _read_chunk(raw: object) -> bytes:
    """Up to a chunk of what has arrived, still content-encoded.

    read1 returns without waiting for a full chunk, so a trickling server still meets the
    deadline. vcrpy replaces the raw response with a stub whose read1 takes no keywords.
    """
    if isinstance(raw, urllib3.response.HTTPResponse):
        return raw.read1(_CHUNK, decode_content=False)
    return bytes(raw.read1(_CHUNK))  # type: ignore[attr-defined]


class _Decoder:
    """Incremental gzip/deflate decoding that never inflates past the room it is given."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        # wbits 47 (32 + 15) reads both gzip and zlib headers, which covers "deflate" as sent.
        self._zlib = zlib.decompressobj(47) if encoding in ("gzip", "x-gzip", "deflate") else None

    def feed(self, data: bytes, room: int) -> bytes | None:
        """Decoded bytes for `data`, or None when they would exceed `room`."""
        if self._zlib is None:
            return data if len(data) <= room else None
        out = bytearray()
        while data:
            piece = self._zlib.decompress(data, room - len(out) + 1)
            out += piece
            if len(out) > room:
                return None
            data = self._zlib.unconsumed_tail
            if not piece:
                break
        return bytes(out)


def _read_body(
    url: str, response: requests.Response, cap: int, deadline: Deadline
) -> bytes | Failure:
    """Stream the body, stopping at the size cap (after decompression) or the deadline."""
    too_large = Failure(
        SourceStatus.UNREACHABLE,
        "body too large",
        f"{url}: body larger than {cap} bytes",
        http_status=response.status_code,
        final_url=url,
    )
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > cap:
        return too_large
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("identity", "", "gzip", "x-gzip", "deflate"):
        return Failure(
            SourceStatus.UNSUPPORTED,
            f"content encoding {encoding}",
            f"{url}: content encoding {encoding}",
            http_status=response.status_code,
        )
    decoder = _Decoder(encoding)
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            data = _read_chunk(response.raw)
            if not data:
                break
            decoded = decoder.feed(data, cap - size)
            if decoded is None:
                return too_large
            chunks.append(decoded)
            size += len(decoded)
            if deadline.remaining() <= 0:
                return Failure(
                    SourceStatus.UNREACHABLE,
                    "timeout",
                    f"{url}: deadline passed while reading",
                    http_status=response.status_code,
                    retryable=False,
                )
    except zlib.error as exc:
        return Failure(SourceStatus.UNREACHABLE, "bad encoding", f"{url}: {exc}")
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        reason = "timeout" if "timed out" in str(exc).lower() else "connect"
        return Failure(
            SourceStatus.UNREACHABLE, reason, f"{url}: {reason} while reading body", retryable=True
        )
    return b"".join(chunks)


# Hop-by-hop and encoding headers describe the wire, not the stored (decoded) body; cookies
# are session secrets that must not travel with a cache folder or a shared WARC.
_WIRE_HEADERS = frozenset(
    {"content-encoding", "transfer-encoding", "content-length", "connection", "set-cookie"}
)
_SECRET_REQUEST_HEADERS = frozenset({"cookie", "authorization", "proxy-authorization"})


def _stored_headers(response: requests.Response, body: bytes) -> tuple[tuple[str, str], ...]:
    """Response headers as stored with the decoded body (wire-only headers replaced)."""
    kept = [(k, v) for k, v in response.headers.items() if k.lower() not in _WIRE_HEADERS]
    if response.status_code not in _REDIRECTS:
        kept.append(("Content-Length", str(len(body))))
    return tuple(kept)

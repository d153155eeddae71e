"""One GET over requests: manual redirects under the SSRF guard, capped bodies, retries."""

from __future__ import annotations

import os
import random
import threading
from dataclasses import dataclass
from urllib.parse import urljoin

import requests

from briefcheck import settings
from briefcheck.fetch.body import ACCEPT_ENCODING, SECRET_REQUEST_HEADERS, read_body, stored_headers
from briefcheck.fetch.content import decode_body
from briefcheck.fetch.guard import Refusal, address_problem, clear_url, origin_of, timed_resolver
from briefcheck.fetch.outcome import Deadline, Failure, Outcome, Response, classify_status, utc_now
from briefcheck.fetch.pinning import PinnedAdapter, pinned_to
from briefcheck.fetch.politeness import HostLimiter, RobotsCache
from briefcheck.models import SourceStatus
from briefcheck.recall import need_work
from briefcheck.redact import redact_credentials

_REDIRECTS = frozenset({301, 302, 303, 307, 308})


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
class BodyCap:
    """How much of a body to read: at most `limit` bytes; past it, fail or keep what fits."""

    limit: int
    truncate: bool = False


class Transport:
    """GETs that respect the guard, robots.txt, per-host limits, caps and the deadline."""

    def __init__(self, config: HttpConfig, limiter: HostLimiter) -> None:
        self.config = config
        self.limiter = limiter
        self.robots = RobotsCache(self._fetch_robots)
        self._page_cap = BodyCap(config.max_body_bytes)
        self.requests_sent = 0
        self._count_lock = threading.Lock()
        self._local = threading.local()

    def _session(self) -> requests.Session:
        """One Session per thread: requests does not promise a Session is thread-safe."""
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            # Nothing from the environment goes to a cited host unasked: with trust_env,
            # ~/.netrc credentials are sent to whatever host a brief cites, over plain http
            # too. What a fetcher does need from it (proxies, a CA bundle) is taken in
            # `environment_for`.
            session.trust_env = False
            session.mount("http://", PinnedAdapter())
            session.mount("https://", PinnedAdapter())
            session.headers.update(
                {
                    "User-Agent": self.config.user_agent,
                    "Accept": "text/html,application/xhtml+xml,application/pdf,text/plain;q=0.9,"
                    "*/*;q=0.5",
                    "Accept-Encoding": ACCEPT_ENCODING,
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
            if pause is None or pause >= deadline.remaining() or not deadline.sleep(pause):
                return outcome, attempt

    def _backoff(self, attempt: int, retry_after: float | None) -> float | None:
        """Seconds to wait before the next attempt; None when the server asks for too long."""
        if retry_after is not None:
            if retry_after > self.config.retry_after_max_s:
                return None
            return retry_after
        ceiling = min(self.config.backoff_max_s, self.config.backoff_base_s * 2.0 ** (attempt - 1))
        # "Equal jitter": half fixed, half random, so retries spread out but never bunch at 0.
        return ceiling / 2 + random.uniform(0, ceiling / 2)

    def get(
        self,
        url: str,
        deadline: Deadline,
        headers: dict[str, str] | None = None,
        robots: bool = True,
        cap: BodyCap | None = None,
    ) -> Outcome:
        """One GET, following up to max_redirects redirects and re-checking every hop.

        The body is capped at `cap` (default: the page cap, past which it is too large).
        """
        need_work(url)
        seen: list[str] = []
        current = url
        while True:
            clearance = clear_url(
                current,
                self.config.allow_private_hosts,
                self.config.trusted_origins,
                timed_resolver(min(self.config.connect_timeout_s, max(0.1, deadline.remaining()))),
            )
            if isinstance(clearance, Refusal):
                status = SourceStatus(clearance.status)
                hop = f" (redirected to {current})" if current != url else ""
                return Failure(status, clearance.reason, f"{url}{hop}: {clearance.reason}")
            if robots and self.config.obey_robots:
                answer = self.robots.check(current, self.limiter, deadline)
                if not answer.allowed:
                    return Failure(SourceStatus.BLOCKED, "robots", answer.error or "robots")
            outcome = self._get_hop(
                current, deadline, headers, clearance.addresses, cap or self._page_cap
            )
            if isinstance(outcome, Failure) or outcome.status not in _REDIRECTS:
                return _finish(url, outcome)
            location = outcome.header("location")
            if not location:
                return _finish(url, outcome)
            seen.append(current)
            # A Location with credentials is refused at the next hop; it must not be echoed.
            current = redact_credentials(urljoin(current, location.strip()))
            if current in seen:
                return Failure(
                    SourceStatus.UNREACHABLE,
                    "redirect loop",
                    f"{url}: redirect loop via {current}",
                    final=True,
                )
            if len(seen) > self.config.max_redirects:
                return Failure(
                    SourceStatus.UNREACHABLE,
                    "too many redirects",
                    f"{url}: more than {self.config.max_redirects} redirects",
                    final_url=current,
                    final=True,
                )

    def _get_hop(
        self,
        url: str,
        deadline: Deadline,
        headers: dict[str, str] | None,
        addresses: tuple[str, ...],
        cap: BodyCap,
    ) -> Outcome:
        """A single request to `url` (at the vetted `addresses`), holding a host slot."""
        with self.limiter.slot(url):
            deadline.start()
            if deadline.remaining() <= 0:
                return Failure(
                    SourceStatus.UNREACHABLE, "timeout", f"{url}: deadline passed", retryable=False
                )
            with self._count_lock:
                self.requests_sent += 1
            return self._send(url, deadline, headers or {}, addresses, cap)

    def _send(
        self,
        url: str,
        deadline: Deadline,
        headers: dict[str, str],
        addresses: tuple[str, ...],
        cap: BodyCap,
    ) -> Outcome:
        """Send the request and read the body under the caps; redirects come back unread."""
        remaining = max(0.05, deadline.remaining())
        timeout = (
            min(self.config.connect_timeout_s, remaining),
            min(self.config.read_timeout_s, remaining),
        )
        proxies, verify = environment_for(url)
        fetched_at = utc_now()
        try:
            with pinned_to(addresses):
                response = self._session().get(
                    url,
                    headers=headers,
                    stream=True,
                    allow_redirects=False,
                    timeout=timeout,
                    proxies=proxies,
                    verify=verify,
                )
        except requests.exceptions.RequestException as exc:
            return _transport_failure(url, exc)
        except ValueError as exc:
            # requests parses a redirect's Location even when told not to follow it, and
            # urllib raises on ones no URL can be ("http://[::1").
            return Failure(SourceStatus.REFUSED, "bad url", f"{url}: bad url ({exc})", final=True)
        with response:
            proxied = requests.utils.select_proxy(url, proxies) is not None
            problem = None if proxied else self._peer_problem(url, response)
            if problem:
                return Failure(SourceStatus.REFUSED, problem, f"{url}: connected to {problem}")
            if response.status_code in _REDIRECTS:
                body = b""
            else:
                read = read_body(url, response, cap.limit, deadline, cap.truncate)
                if isinstance(read, Failure):
                    return read
                body = read
            return Response(
                url=url,
                final_url=url,
                status=response.status_code,
                headers=stored_headers(response, body),
                body=body,
                request_headers=tuple(
                    (k, v)
                    for k, v in response.request.headers.items()
                    if k.lower() not in SECRET_REQUEST_HEADERS
                ),
                fetched_at=fetched_at,
            )

    def _peer_problem(self, url: str, response: requests.Response) -> str | None:
        """Re-check the address actually connected to (the connection is pinned to vetted
        addresses; this guards the pinning). Not called through a proxy, the user's choice.
        """
        peer = _peer_address(response)
        if peer is None:
            return None  # not a real socket (a vcrpy replay): nothing was connected to
        trusted = origin_of(url) in {origin_of(o) for o in self.config.trusted_origins}
        return address_problem(peer, self.config.allow_private_hosts or trusted)

    def _fetch_robots(self, robots_url: str, source: Deadline) -> tuple[int, str] | None:
        """robots.txt as (status, text), through the same guard and limits; None if unreachable.

        It is read within the budget of the source that asked first.
        """
        deadline = source.within(self.config.read_timeout_s * 2)
        # RFC 9309: at least 500 KiB must be parsed; what lies past that cap is ignored.
        cap = BodyCap(settings.ROBOTS_MAX_BYTES, truncate=True)
        outcome = self.get(robots_url, deadline, robots=False, cap=cap)
        if isinstance(outcome, Response):
            return outcome.status, decode_body(outcome.body, outcome.header("content-type"), False)
        if outcome.http_status is not None:
            return outcome.http_status, ""
        return None


def environment_for(url: str) -> tuple[dict[str, str], bool | str]:
    """The proxies (NO_PROXY honoured) and CA bundle the user's environment names for `url`.

    Only these are taken from the environment, as requests would take them with trust_env.
    """
    proxies = requests.utils.get_environ_proxies(url)
    bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
    return dict(proxies), bundle or True


def _peer_address(response: requests.Response) -> str | None:
    """The IP address the response came from, when the socket can still be reached.

    urllib3 keeps the connection's socket while streaming; when the server closes after the
    response, http.client drops it from the connection and only the body's reader holds it.
    """
    raw = response.raw
    candidates = (
        getattr(getattr(raw, "_connection", None), "sock", None),
        getattr(
            getattr(getattr(getattr(raw, "_fp", None), "fp", None), "raw", None), "_sock", None
        ),
    )
    for sock in candidates:
        if sock is None:
            continue
        try:
            return str(sock.getpeername()[0])
        except (OSError, AttributeError):
            continue
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


def _transport_failure(url: str, exc: requests.exceptions.RequestException) -> Failure:
    """Map a requests exception to an unreachable status with a short reason."""
    if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema)):
        return Failure(SourceStatus.REFUSED, "bad url", f"{url}: bad url ({exc})", final=True)
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

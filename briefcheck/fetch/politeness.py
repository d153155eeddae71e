"""Politeness: per-host concurrency and spacing, and robots.txt read once per host per run."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from briefcheck import settings
from briefcheck.fetch.outcome import Deadline
from briefcheck.fetch.robots import RobotsRules, parse_robots


def host_key(url: str) -> str:
    """The politeness key of a URL: its host name, lower-cased, without the port.

    Ports on one host are one machine (and one operator), so they share the limits.
    """
    return (urlsplit(url).hostname or "").lower()


class HostLimiter:
    """At most `per_host` requests in flight per host, and starts spaced by `interval` seconds."""

    def __init__(self, per_host: int, interval: float) -> None:
        self.per_host = max(1, per_host)
        self.interval = max(0.0, interval)
        self._lock = threading.Lock()
        self._semaphores: dict[str, threading.BoundedSemaphore] = {}
        self._next_start: dict[str, float] = {}
        self._delays: dict[str, float] = {}

    def set_interval(self, host: str, seconds: float) -> None:
        """Space this host's requests further apart (a robots.txt Crawl-delay)."""
        with self._lock:
            self._delays[host] = max(self.interval, seconds)

    @contextmanager
    def slot(self, url: str) -> Iterator[None]:
        """Hold one of the URL's host slots for the duration of a request."""
        host = host_key(url)
        with self._lock:
            semaphore = self._semaphores.setdefault(host, threading.BoundedSemaphore(self.per_host))
        semaphore.acquire()
        try:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next_start.get(host, now))
                self._next_start[host] = start + self._delays.get(host, self.interval)
            if start > now:
                time.sleep(start - now)
            yield
        finally:
            semaphore.release()


@dataclass(frozen=True, slots=True)
class RobotsAnswer:
    """What robots.txt says about one URL: allowed or not, and why not."""

    allowed: bool
    error: str | None = None


# (status, text) of a robots.txt fetch within the asking source's budget, or None when the
# host could not be reached at all.
RobotsFetcher = Callable[[str, Deadline], "tuple[int, str] | None"]


class RobotsCache:
    """robots.txt per origin, fetched once per run (concurrent askers wait for the first)."""

    def __init__(self, fetch: RobotsFetcher, agent: str = settings.ROBOTS_AGENT) -> None:
        self._fetch = fetch
        self._agent = agent
        self._lock = threading.Lock()
        self._origin_locks: dict[str, threading.Lock] = {}
        self._parsers: dict[str, tuple[RobotsRules | None, str | None]] = {}
        self.fetches = 0

    def check(
        self, url: str, limiter: HostLimiter | None = None, deadline: Deadline | None = None
    ) -> RobotsAnswer:
        """Whether our agent may fetch `url`; the first call per origin reads robots.txt,
        within the asking source's `deadline` (it is that source's time that is spent)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        parser, problem = self._parser_for(origin, limiter, deadline or Deadline(float("inf")))
        if problem is not None:
            return RobotsAnswer(False, problem)
        if parser is None or parser.allows(url):
            return RobotsAnswer(True)
        return RobotsAnswer(False, f"robots.txt at {origin} disallows {url}")

    def _parser_for(
        self, origin: str, limiter: HostLimiter | None, deadline: Deadline
    ) -> tuple[RobotsRules | None, str | None]:
        with self._lock:
            origin_lock = self._origin_locks.setdefault(origin, threading.Lock())
        with origin_lock:
            if origin not in self._parsers:
                self._parsers[origin] = self._load(origin, limiter, deadline)
            return self._parsers[origin]

    def _load(
        self, origin: str, limiter: HostLimiter | None, deadline: Deadline
    ) -> tuple[RobotsRules | None, str | None]:
        """Read and parse one robots.txt, following RFC 9309 on errors."""
        self.fetches += 1
        answer = self._fetch(origin + "/robots.txt", deadline)
        if answer is None:
            # Unreachable host: the page fetch will fail and report the real reason.
            return None, None
        status, text = answer
        if 400 <= status < 500:
            return None, None  # RFC 9309: a missing robots.txt allows everything
        if status >= 500 or status < 200 or status >= 300:
            return None, f"robots.txt at {origin} unavailable (http {status})"
        rules = parse_robots(text, self._agent)
        if limiter is not None and rules.crawl_delay:
            limiter.set_interval(
                host_key(origin), min(rules.crawl_delay, settings.CRAWL_DELAY_MAX_S)
            )
        return rules, None

"""Fetch one source or many, honouring the per-host politeness rules."""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections import defaultdict
from collections.abc import Callable, Sequence
from email.utils import parsedate_to_datetime

from briefcheck.fetch.archive import (
    archived_at_from_url,
    cdx_query_url,
    pick_capture,
    wayback_could_have,
)
from briefcheck.fetch.cache import SnapshotCache, sha256_hex
from briefcheck.fetch.content import assess_snapshot, decode_body, effective_media_type
from briefcheck.fetch.http import HttpConfig, Transport
from briefcheck.fetch.options import FetchOptions, FetchRequest
from briefcheck.fetch.outcome import Deadline, Failure, Response
from briefcheck.fetch.politeness import HostLimiter, host_key
from briefcheck.fetch.warc import WarcLog
from briefcheck.fetch.workers import run_on_daemon_threads, wait
from briefcheck.models import Copy, FetchResult, Snapshot, SourceStatus
from briefcheck.recall import recall_only

_log = logging.getLogger(__name__)


class FetchRun:
    """Shared state of one run: host limits, robots.txt answers, the cache and the WARC."""

    def __init__(self, options: FetchOptions) -> None:
        self.options = options
        limiter = HostLimiter(options.per_host_concurrency, options.per_host_interval_s)
        self.transport = Transport(_http_config(options), limiter)
        self.cache = SnapshotCache(options.cache_dir) if options.cache_dir else None
        self.warc = WarcLog(options.warc_path) if options.warc_path else None
        self.cancelled = threading.Event()

    def deadline(self) -> Deadline:
        """A fresh per-source budget, spent at once if the run is cancelled."""
        return Deadline(self.options.deadline_s, self.cancelled)

    def cancel(self) -> None:
        """Stop the run: no request is sent after this, and waits and reads end."""
        self.cancelled.set()

    @property
    def requests_sent(self) -> int:
        """HTTP requests this run has put on the network (robots.txt included)."""
        return self.transport.requests_sent

    def fetch(self, request: FetchRequest, deadline: Deadline | None = None) -> FetchResult:
        """`fetch_copies`, with whatever one source raises made that source's failure."""
        try:
            return self.fetch_copies(request, deadline or self.deadline())
        except Exception as exc:
            # A bug or a hostile input nobody has met yet: it costs this source, not the run.
            _log.error("internal error while fetching %s", request.url, exc_info=True)
            return FetchResult(
                url=request.url,
                status=SourceStatus.UNREACHABLE,
                reason=f"internal error: {type(exc).__name__} while fetching",
                error=f"{request.url}: internal error: {type(exc).__name__}: {str(exc)[:200]}",
                attempts=0,
                final=True,
            )

    def fetch_copies(self, request: FetchRequest, deadline: Deadline) -> FetchResult:
        """The live copy, else the archive copy, else a Wayback capture; else the live failure.

        All of them within the source's one `deadline`.
        """
        live = self.fetch_url(request.url, Copy.LIVE, deadline)
        if live.status is SourceStatus.OK:
            return live
        notes = [f"live copy {live.status.value}: {live.reason}"]
        for archive_url in self._archive_candidates(request, live, notes, deadline):
            archived = self.fetch_url(archive_url, Copy.ARCHIVE, deadline)
            if archived.status is SourceStatus.OK:
                return dataclasses.replace(
                    archived,
                    url=request.url,
                    attempts=live.attempts + archived.attempts,
                    notes=(*notes, *archived.notes),
                )
            notes.append(f"archive {archive_url} {archived.status.value}: {archived.reason}")
        return dataclasses.replace(live, notes=(*live.notes, *notes[1:]))

    def _archive_candidates(
        self, request: FetchRequest, live: FetchResult, notes: list[str], deadline: Deadline
    ) -> list[str]:
        """The sources.yaml archive URL, then (if enabled) the Wayback capture nearest the date.

        A URL the guard refused is never named to the Wayback Machine: it may be an internal
        address spelled to look public (`http://2130706433/`), and asking would leak it.
        """
        candidates = [request.archive] if request.archive else []
        public = live.status is not SourceStatus.REFUSED and wayback_could_have(request.url)
        if self.options.wayback and not self.options.offline and public:
            capture = self._wayback_capture(request, notes, deadline)
            if capture and capture not in candidates:
                candidates.append(capture)
        return candidates

    def _wayback_capture(
        self, request: FetchRequest, notes: list[str], deadline: Deadline
    ) -> str | None:
        """Ask the CDX index for the capture nearest the footnote's date."""
        query = cdx_query_url(self.options.wayback_cdx_url, request.url, request.date_hint)
        outcome, _ = self.transport.get_with_retries(query, deadline)
        if isinstance(outcome, Failure):
            notes.append(f"wayback lookup {outcome.reason}")
            return None
        text = decode_body(outcome.body, outcome.header("content-type"), html=False)
        capture = pick_capture(text, request.date_hint, self.options.wayback_snapshot_url)
        if capture is None:
            notes.append("wayback has no usable capture")
        return capture

    def fetch_url(self, url: str, copy: Copy, deadline: Deadline | None = None) -> FetchResult:
        """One URL through the cache and the network; failures come back as statuses."""
        cached = self.cache.get(url) if self.cache else None
        if self.options.offline:
            if cached is None:
                return FetchResult(
                    url=url,
                    status=SourceStatus.UNREACHABLE,
                    reason="offline: not in cache",
                    error=f"{url}: offline and not in the cache",
                    attempts=0,
                    final=True,
                )
            return self._from_cache(url, cached.snapshot, "offline: cached copy")
        if cached is not None and cached.age() < self.options.cache_ttl_s:
            return self._from_cache(url, cached.snapshot, "cached copy within ttl")
        headers = _conditional_headers(cached.snapshot) if cached else {}
        outcome, attempts = self.transport.get_with_retries(
            url, deadline or self.deadline(), headers
        )
        if isinstance(outcome, Response) and outcome.status == 304 and cached is not None:
            if self.cache:
                self.cache.touch(url)
            result = self._from_cache(url, cached.snapshot, "revalidated: not modified")
            return dataclasses.replace(result, attempts=attempts)
        if isinstance(outcome, Response) and outcome.status != 304:
            result = self._from_response(outcome, copy, attempts)
        else:
            failure = outcome if isinstance(outcome, Failure) else _unexpected_304(url)
            self._write_wall(failure)
            result = FetchResult(
                url=url,
                status=failure.status,
                reason=failure.reason,
                error=failure.error,
                http_status=failure.http_status,
                final_url=failure.final_url,
                attempts=attempts,
                final=failure.final,
            )
        if result.status in (SourceStatus.OK, SourceStatus.REFUSED) or cached is None:
            return result
        # The page failed or turned into a wall since we last read it: the copy we hold is
        # still the best witness of what was cited.
        stale = self._from_cache(url, cached.snapshot, f"stale copy: live {result.reason}")
        return dataclasses.replace(stale, attempts=attempts)

    def _from_response(self, response: Response, copy: Copy, attempts: int) -> FetchResult:
        """Turn a 2xx response into a snapshot, then judge whether it is readable."""
        media = effective_media_type(response.header("content-type"), response.body)
        snapshot = Snapshot(
            url=response.url,
            final_url=response.final_url,
            http_status=response.status,
            headers=response.headers,
            body=response.body,
            sha256=sha256_hex(response.body),
            fetched_at=response.fetched_at,
            content_type=media,
            copy=copy,
            archived_at=_archived_at(response, copy),
        )
        status, reason = assess_snapshot(snapshot)
        if self.warc is not None and status is not SourceStatus.UNSUPPORTED:
            self.warc.write(snapshot, response.request_headers)
        result = FetchResult(
            url=response.url,
            status=status,
            http_status=response.status,
            final_url=response.final_url,
            attempts=attempts,
        )
        if status is not SourceStatus.OK:
            error = f"{response.final_url}: {reason}"
            return dataclasses.replace(result, reason=reason, error=error)
        if self.cache is not None:
            self.cache.put(snapshot)
        return dataclasses.replace(result, snapshot=snapshot)

    def _from_cache(self, url: str, snapshot: Snapshot, note: str) -> FetchResult:
        """A cached snapshot as this run's copy (copy=cache), recorded in the WARC too."""
        original = snapshot.copy
        snapshot = dataclasses.replace(snapshot, url=url, copy=Copy.CACHE)
        if self.warc is not None:
            self.warc.write(snapshot)
        notes = [note]
        if original is Copy.ARCHIVE:
            notes.append(
                f"cached archive copy captured {snapshot.archived_at or 'at an unknown date'}"
            )
        return FetchResult(
            url=url,
            status=SourceStatus.OK,
            snapshot=snapshot,
            http_status=snapshot.http_status,
            final_url=snapshot.final_url,
            attempts=0,
            notes=tuple(notes),
        )

    def _write_wall(self, failure: Failure) -> None:
        """A wall page is what an `unchecked` verdict rests on: keep it in the WARC too."""
        response = failure.response
        if self.warc is None or response is None or failure.status is SourceStatus.UNREACHABLE:
            return
        media = effective_media_type(response.header("content-type"), response.body)
        self.warc.write(
            Snapshot(
                url=response.url,
                final_url=response.final_url,
                http_status=response.status,
                headers=response.headers,
                body=response.body,
                sha256=sha256_hex(response.body),
                fetched_at=response.fetched_at,
                content_type=media,
            ),
            response.request_headers,
        )


def fetch_source(request: FetchRequest, options: FetchOptions) -> FetchResult:
    """Fetch one URL (falling back to its archive copy); failures come back as statuses."""
    return FetchRun(options).fetch(request)


def fetch_all(
    requests: Sequence[FetchRequest],
    options: FetchOptions,
    on_result: Callable[[int, FetchResult], None] | None = None,
) -> list[FetchResult]:
    """Fetch many URLs concurrently with per-host limits; results in the order given.

    Never raises for one source; see `fetch_all_in` for `on_result` and interrupts.
    """
    return fetch_all_in(FetchRun(options), requests, on_result)


def recall(run: FetchRun, request: FetchRequest) -> FetchResult | None:
    """The request's result when the cache answers it whole (offline, or a copy within its ttl).

    None when it needs the network (a revalidation, a robots.txt, an archive lookup) or a
    confirming second pass: `fetch_all_in` does those. Nothing is sent either way.
    """
    try:
        with recall_only():
            result = run.fetch_copies(request, run.deadline())
    except Exception:  # Miss, or anything else: fetch it the ordinary way
        return None
    confirming = run.options.confirm_failures and not run.options.offline
    return None if confirming and _worth_confirming(result) else result


def fetch_all_in(
    run: FetchRun,
    requests: Sequence[FetchRequest],
    on_result: Callable[[int, FetchResult], None] | None = None,
) -> list[FetchResult]:
    """`fetch_all` within a given run (whose counters a caller may read afterwards).

    `on_result(index, result)` runs in the calling thread as each source's result is final.
    A request listed twice is fetched once (two footnotes often cite one page). Each source
    has one deadline for both passes. An interrupt in the calling thread (Ctrl-C) cancels
    the run and propagates at once, without waiting for requests in flight.
    """
    try:
        return _fetch_in_passes(run, requests, on_result)
    except BaseException:
        run.cancel()
        raise


def _fetch_in_passes(
    run: FetchRun,
    requests: Sequence[FetchRequest],
    on_result: Callable[[int, FetchResult], None] | None,
) -> list[FetchResult]:
    """The first pass over every distinct request, then the confirm pass over failures."""
    first_index: dict[FetchRequest, int] = {}
    same: dict[int, list[int]] = defaultdict(list)
    for index, request in enumerate(requests):
        same[first_index.setdefault(request, index)].append(index)
    deadlines = {first: run.deadline() for first in same}
    confirming = run.options.confirm_failures and not run.options.offline
    results: dict[int, FetchResult] = {}

    def landed(first: int, result: FetchResult, final: bool = True) -> None:
        results[first] = result
        if on_result is not None and final:
            for index in same[first]:
                on_result(index, result)

    def first_pass(first: int, result: FetchResult) -> None:
        landed(first, result, not (confirming and _worth_confirming(result)))

    _fetch_concurrently(run, requests, list(same), deadlines, first_pass)
    retry = [i for i in same if confirming and _worth_confirming(results[i])]
    if retry:
        _confirm_pass(run, requests, {i: results[i] for i in retry}, deadlines, landed)
    return [results[first_index[r]] for r in requests]


def _confirm_pass(
    run: FetchRun,
    requests: Sequence[FetchRequest],
    failed: dict[int, FetchResult],
    deadlines: dict[int, Deadline],
    landed: Callable[[int, FetchResult], None],
) -> None:
    """Try failures once more after a pause, each within what is left of its deadline.

    A source whose deadline ends before the pause does is not tried again (nor waited for).
    """
    pause = run.options.confirm_delay_s
    again = []
    for index, first in failed.items():
        if deadlines[index].remaining() > pause:
            again.append(index)
            continue
        note = "not confirmed: the source's deadline is spent"
        landed(index, dataclasses.replace(first, notes=(*first.notes, note)))
    if not again:
        return
    wait(pause, run.cancelled)
    _fetch_concurrently(
        run, requests, again, deadlines, lambda i, r: landed(i, _confirmed(failed[i], r))
    )


def _confirmed(first: FetchResult, second: FetchResult) -> FetchResult:
    """The confirm pass's result, with the first pass's attempts and what it said."""
    note = "confirmed on a second pass" if second.status is first.status else None
    notes = (*second.notes, note or f"first pass {first.status.value}: {first.reason}")
    return dataclasses.replace(second, attempts=first.attempts + second.attempts, notes=notes)


def _fetch_concurrently(
    run: FetchRun,
    requests: Sequence[FetchRequest],
    indices: Sequence[int],
    deadlines: dict[int, Deadline],
    on_done: Callable[[int, FetchResult], None],
) -> None:
    """Fetch the given requests on daemon threads, hosts interleaved so none hogs them."""
    order = interleave_by_host(requests, indices)
    run_on_daemon_threads(
        lambda i: run.fetch(requests[i], deadlines[i]),
        order,
        run.options.max_concurrency,
        run.cancelled,
        on_done,
    )


def interleave_by_host(requests: Sequence[FetchRequest], indices: Sequence[int]) -> list[int]:
    """Indices reordered round-robin across hosts (first host's first, second host's first…)."""
    by_host: dict[str, list[int]] = defaultdict(list)
    for index in indices:
        by_host[host_key(requests[index].url)].append(index)
    queues = list(by_host.values())
    order: list[int] = []
    while any(queues):
        for queue in queues:
            if queue:
                order.append(queue.pop(0))
    return order


def _worth_confirming(result: FetchResult) -> bool:
    if result.status is not SourceStatus.UNREACHABLE:
        return False
    return not result.final


def _conditional_headers(snapshot: Snapshot) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from a cached snapshot's validators."""
    headers = {}
    etag = snapshot.header("etag")
    if etag:
        headers["If-None-Match"] = etag
    modified = snapshot.header("last-modified")
    if modified:
        headers["If-Modified-Since"] = modified
    return headers


def _archived_at(response: Response, copy: Copy) -> str | None:
    """When an archive copy was captured: Memento-Datetime header, else the URL's timestamp."""
    if copy is not Copy.ARCHIVE:
        return None
    from_url = archived_at_from_url(response.final_url) or archived_at_from_url(response.url)
    memento = response.header("memento-datetime")
    if memento:
        try:
            return parsedate_to_datetime(memento).strftime("%Y-%m-%dT%H:%M:%SZ")
        except (TypeError, ValueError):
            pass
    return from_url


def _unexpected_304(url: str) -> Failure:
    return Failure(SourceStatus.UNREACHABLE, "http 304", f"{url}: 304 without a cached copy")


def _http_config(options: FetchOptions) -> HttpConfig:
    """The transport's knobs, taken from the options."""
    return HttpConfig(
        user_agent=options.user_agent,
        connect_timeout_s=options.connect_timeout_s,
        read_timeout_s=options.read_timeout_s,
        deadline_s=options.deadline_s,
        max_body_bytes=options.max_body_bytes,
        max_redirects=options.max_redirects,
        retries=options.retries,
        backoff_base_s=options.backoff_base_s,
        backoff_max_s=options.backoff_max_s,
        retry_after_max_s=options.retry_after_max_s,
        allow_private_hosts=options.allow_private_hosts,
        trusted_origins=options.trusted_origins,
        obey_robots=options.obey_robots,
    )

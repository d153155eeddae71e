"""Steps shared by the flows: read sources in bounded batches, then match one brief's checks."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

from prefect import flow
from prefect.context import FlowRunContext
from prefect.futures import PrefectFuture, as_completed
from prefect.task_runners import ThreadPoolTaskRunner

from briefcheck import settings
from briefcheck.checks import MatchMemo, WorkSource, default_matchers, plan_checks, run_check
from briefcheck.fetch import FetchOptions, FetchRequest
from briefcheck.flows.progress import current_progress
from briefcheck.flows.tasks import fetch_task, group_planned, match_task, parse_task
from briefcheck.models import Brief, Check, FetchResult, SourceText


@dataclass(frozen=True, slots=True)
class SourceJob:
    """A distinct URL to read, and the language its sources.yaml entry gives."""

    request: FetchRequest
    lang: str | None


@dataclass(slots=True)
class ReadSources:
    """What reading the sources left: results without their bodies, and the parsed texts."""

    results: dict[str, FetchResult] = field(default_factory=dict)
    texts: dict[str, SourceText | None] = field(default_factory=dict)


def without_body(result: FetchResult) -> FetchResult:
    """The result with its snapshot's bytes dropped: the report needs only hash and headers."""
    if result.snapshot is None:
        return result
    return dataclasses.replace(result, snapshot=dataclasses.replace(result.snapshot, body=b""))


@flow(
    name="fetch_sources",
    task_runner=ThreadPoolTaskRunner(max_workers=settings.MAX_CONCURRENCY),  # type: ignore[arg-type]
    log_prints=False,
)
def fetch_sources(
    requests: list[FetchRequest], options: FetchOptions, run_key: str
) -> list[FetchResult]:
    """Fetch a batch on threads in this process, whatever runner the parent flow uses.

    Network waits need threads, not a cluster, and one process keeps per-host politeness whole.
    """
    return fetch_batch(requests, options, run_key)


def fetch_batch(
    requests: list[FetchRequest], options: FetchOptions, run_key: str
) -> list[FetchResult]:
    """Submit a fetch task per request in the running flow; results in request order."""
    futures = {fetch_task.submit(r, options, run_key): i for i, r in enumerate(requests)}
    results: dict[int, FetchResult] = {}
    progress = current_progress()
    for future in as_completed(list(futures)):
        index = futures[future]
        results[index] = future.result()
        progress.fetched(requests[index].url, results[index].status)
    return [results[i] for i in range(len(requests))]


def read_sources(
    jobs: Sequence[SourceJob], options: FetchOptions, run_key: str, refresh: bool = False
) -> ReadSources:
    """Fetch and parse every URL once, a batch at a time, keeping no page bytes afterwards.

    Batch n+1 is fetched while batch n is parsed, so at most two batches of bodies are alive.
    `refresh` recomputes every parse (and rewrites the cache) instead of reading it.
    """
    parse = parse_task.with_options(refresh_cache=True) if refresh else parse_task
    # On the thread pool the fetches run in place; on any other runner (Dask) in a subflow
    # on threads here, which costs a flow run per batch but keeps the network local.
    fetch = fetch_batch if _on_threads() else fetch_sources
    out = ReadSources()
    current_progress().sources(len(jobs))
    pending: dict[str, PrefectFuture[SourceText | None]] = {}
    for start in range(0, len(jobs), settings.URL_BATCH_SIZE):
        batch = jobs[start : start + settings.URL_BATCH_SIZE]
        fetched = fetch([j.request for j in batch], options, run_key)
        _collect(pending, out)
        for job, result in zip(batch, fetched, strict=True):
            pending[job.request.url] = parse.submit(result, job.lang)
            out.results[job.request.url] = without_body(result)
        del fetched
    _collect(pending, out)
    return out


def _on_threads() -> bool:
    context = FlowRunContext.get()
    return context is not None and isinstance(context.task_runner, ThreadPoolTaskRunner)


def _collect(pending: dict[str, PrefectFuture[SourceText | None]], out: ReadSources) -> None:
    for url, future in pending.items():
        out.texts[url] = future.result()
    pending.clear()


def match_brief(brief: Brief, sources: dict[str, WorkSource], refresh: bool = False) -> list[Check]:
    """Every check of the brief: one match task per (claim, work), then checks in plan order.

    `refresh` recomputes every match (and rewrites the cache) instead of reading it.
    """
    match = match_task.with_options(refresh_cache=True) if refresh else match_task
    planned = plan_checks(brief)
    progress = current_progress()
    progress.checks(len(planned))
    groups = group_planned(planned)
    futures = {
        match.submit(group, sources.get(work)): len(group)
        for (_claim, work), group in groups.items()
    }
    memo: MatchMemo = {}
    for future in as_completed(list(futures)):
        memo.update(future.result())
        progress.checked(futures[future])
    matchers = default_matchers()
    # Every match is in the memo now; run_check only looks it up (or says why unchecked).
    return [run_check(p, sources.get(p.work), matchers, memo) for p in planned]

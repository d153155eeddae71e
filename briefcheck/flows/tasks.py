"""The pipeline's steps as Prefect tasks, and the runner that submits them.

Tasks sit at the grain where retries pay: one fetch per URL, one parse per URL, one match per
cited work (all its checks). Results are not Prefect results: the steps keep their own
content-addressed JSON store (briefcheck.store), so Prefect persists nothing. A step that
store or the snapshot cache already answers is not a task at all: the runner first calls it
recall-only (briefcheck.recall) in the flow, and submits a task only when it needs real work,
so a warm run costs little more than the plain one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any, ParamSpec, TypeVar, cast

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner

from briefcheck import pipeline, settings
from briefcheck.fetch import FetchOptions, FetchRequest, FetchRun
from briefcheck.fetch.client import fetch_all_in, interleave_by_host, recall
from briefcheck.fetch.workers import Cancelled
from briefcheck.models import FetchResult, SourceStatus
from briefcheck.recall import recall_only

P = ParamSpec("P")
R = TypeVar("R")

_RUNS: dict[str, tuple[FetchRun, threading.BoundedSemaphore]] = {}
_RUNS_LOCK = threading.Lock()


def shared_fetch_run(run_key: str, options: FetchOptions) -> tuple[FetchRun, threading.Semaphore]:
    """One FetchRun per flow run, so per-host politeness and robots answers span all tasks."""
    with _RUNS_LOCK:
        if run_key not in _RUNS:
            limit = threading.BoundedSemaphore(max(1, options.max_concurrency))
            _RUNS[run_key] = (FetchRun(options), limit)
        return _RUNS[run_key]


def cancel_fetch_run(run_key: str) -> None:
    """Stop a run's fetches: tasks in flight return at once instead of at their deadline."""
    with _RUNS_LOCK:
        found = _RUNS.get(run_key)
    if found is not None:
        found[0].cancel()


def release_fetch_run(run_key: str) -> None:
    """Forget a finished run's fetch state."""
    with _RUNS_LOCK:
        _RUNS.pop(run_key, None)


# Cheap tasks: nothing cached or persisted by Prefect (the steps store their own results as
# checked JSON), so a task run costs its bookkeeping and nothing more.
@task(
    name="fetch",
    retries=settings.FETCH_TASK_RETRIES,
    retry_delay_seconds=settings.FETCH_TASK_RETRY_DELAY_S,
    task_run_name="fetch {request.url}",
    cache_policy=NO_CACHE,
    persist_result=False,
    cache_result_in_memory=False,
)
def fetch_task(request: FetchRequest, options: FetchOptions, run_key: str) -> FetchResult:
    """One source, live then archive; HTTP failures come back as statuses, not exceptions."""
    run, limit = shared_fetch_run(run_key, options)
    with limit:  # the run's own concurrency cap, whatever the task runner's pool size
        try:
            return fetch_all_in(run, [request])[0]
        except Cancelled:
            # The flow was interrupted (see fetch_batch): end quietly, not retried nor logged
            # as a failure; nothing reads this result.
            return FetchResult(
                url=request.url,
                status=SourceStatus.UNREACHABLE,
                reason="interrupted",
                attempts=0,
                final=True,
            )


parse_task = task(
    name="parse", cache_policy=NO_CACHE, persist_result=False, cache_result_in_memory=False
)(pipeline.parse_source)
match_task = task(
    name="match", cache_policy=NO_CACHE, persist_result=False, cache_result_in_memory=False
)(pipeline.match_work)
_TASKS: dict[Callable[..., Any], Any] = {
    pipeline.parse_source: parse_task,
    pipeline.match_work: match_task,
}


def fetch_batch(
    requests: Sequence[FetchRequest],
    options: FetchOptions,
    run_key: str,
    on_result: Callable[[FetchRequest, FetchResult], None],
) -> list[FetchResult]:
    """A fetch task per request, hosts interleaved; results in request order.

    Ctrl-C (or SIGTERM) lands here, in the flow's thread: the run is cancelled so that tasks
    in flight end at once, since the task runner joins its threads before the flow ends.
    """
    order = interleave_by_host(requests, range(len(requests)))
    futures = {fetch_task.submit(requests[i], options, run_key): i for i in order}
    results: dict[int, FetchResult] = {}
    try:
        for future in as_completed(list(futures)):
            index = futures[future]
            results[index] = future.result()
            on_result(requests[index], results[index])
    except BaseException:
        cancel_fetch_run(run_key)
        raise
    return [results[i] for i in range(len(requests))]


class PrefectRunner:
    """Submits the pipeline's steps as tasks of the running flow."""

    def __init__(self) -> None:
        self._run_keys: set[str] = set()

    def close(self) -> None:
        """Forget the fetch state of every run this runner fetched for."""
        for key in self._run_keys:
            release_fetch_run(key)
        self._run_keys.clear()

    def fetch(
        self,
        requests: Sequence[FetchRequest],
        options: FetchOptions,
        run_key: str,
        on_result: Callable[[FetchRequest, FetchResult], None],
    ) -> list[FetchResult]:
        self._run_keys.add(run_key)
        run, _ = shared_fetch_run(run_key, options)
        results: dict[int, FetchResult] = {}
        for index, request in enumerate(requests):  # what the cache answers needs no task
            found = recall(run, request)
            if found is not None:
                results[index] = found
                on_result(request, found)
        rest = [r for i, r in enumerate(requests) if i not in results]
        if rest:
            fetched = iter(self._fetch_tasks(rest, options, run_key, on_result))
            results.update((i, next(fetched)) for i in range(len(requests)) if i not in results)
        return [results[i] for i in range(len(requests))]

    def _fetch_tasks(
        self,
        requests: Sequence[FetchRequest],
        options: FetchOptions,
        run_key: str,
        on_result: Callable[[FetchRequest, FetchResult], None],
    ) -> list[FetchResult]:
        if _on_threads():
            return fetch_batch(requests, options, run_key, on_result)
        # Another runner (Dask): fetch on threads here, in a subflow, so the network and
        # per-host politeness stay in this process.
        results = fetch_sources(list(requests), options, run_key)
        for request, result in zip(requests, results, strict=True):
            on_result(request, result)
        return results

    def submit(
        self, step: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs
    ) -> pipeline.Pending[R]:
        try:
            with recall_only():  # a result the store holds needs no task run
                return pipeline.Done(step(*args, **kwargs))
        except Exception:  # Miss: real work; anything else fails the ordinary way, as a task
            pass
        return cast(pipeline.Pending[R], _TASKS[step].submit(*args, **kwargs))


def threads() -> Any:
    """Threads: fetches wait on the network, and tasks pass values without serialising them."""
    return ThreadPoolTaskRunner(max_workers=settings.MAX_CONCURRENCY)


@flow(name="fetch_sources", task_runner=threads(), log_prints=False)
def fetch_sources(
    requests: list[FetchRequest], options: FetchOptions, run_key: str
) -> list[FetchResult]:
    """Fetch a batch on threads in this process, whatever runner the parent flow uses."""
    return fetch_batch(requests, options, run_key, lambda _request, _result: None)


def _on_threads() -> bool:
    context = FlowRunContext.get()
    return context is not None and isinstance(context.task_runner, ThreadPoolTaskRunner)

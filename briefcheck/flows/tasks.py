"""Prefect tasks over the pipeline's steps: fetch (retried, limited), parse and match (cached)."""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.context import TaskRunContext

import briefcheck
from briefcheck import pipeline, settings
from briefcheck.checks import MatchMemo, PlannedCheck, WorkSource, default_matchers, memo_key
from briefcheck.checks import run_check as _run_check
from briefcheck.fetch import FetchOptions, FetchRequest, FetchRun
from briefcheck.fetch.client import fetch_all_in
from briefcheck.models import FetchResult, SourceText

# The modules whose code decides a parse or a match: editing any of them invalidates the cache.
_CODE_PARTS = ("parse", "match", "checks.py", "models.py", "settings.py")


@functools.cache
def code_version() -> str:
    """A hash of the package version and of the parsing and matching code."""
    root = Path(briefcheck.__file__).parent
    digest = hashlib.sha256(briefcheck.__version__.encode())
    for part in _CODE_PARTS:
        path = root / part
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            digest.update(file.relative_to(root).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def parse_cache_key(_context: TaskRunContext, parameters: dict[str, Any]) -> str:
    """Same snapshot bytes, same language, same code: same text."""
    result: FetchResult = parameters["result"]
    sha = result.snapshot.sha256 if result.snapshot else f"{result.status}:{result.reason}"
    return f"parse-{_digest(sha, parameters.get('lang'), code_version())}"


def match_keys(planned: Sequence[PlannedCheck], work: WorkSource | None) -> list[object]:
    """The checks' memo keys (claimed item, claim words, source hash and status)."""
    if work is None:
        return [("unresolved", p.kind, p.claimed) for p in planned]
    return [memo_key(p, work) for p in planned]


def match_cache_key(_context: TaskRunContext, parameters: dict[str, Any]) -> str:
    """Same claimed items in the same claim against the same source bytes and code: same matches."""
    keys = match_keys(parameters["planned"], parameters["work"])
    return f"match-{_digest(keys, code_version())}"


_RUNS: dict[str, tuple[FetchRun, threading.BoundedSemaphore]] = {}
_RUNS_LOCK = threading.Lock()


def shared_fetch_run(run_key: str, options: FetchOptions) -> tuple[FetchRun, threading.Semaphore]:
    """One FetchRun per flow run, so per-host politeness and robots answers span all tasks."""
    with _RUNS_LOCK:
        if run_key not in _RUNS:
            limit = threading.BoundedSemaphore(max(1, options.max_concurrency))
            _RUNS[run_key] = (FetchRun(options), limit)
        return _RUNS[run_key]


def release_fetch_run(run_key: str) -> None:
    """Forget a finished run's fetch state (and close its WARC through garbage collection)."""
    with _RUNS_LOCK:
        _RUNS.pop(run_key, None)


@task(
    name="fetch",
    cache_policy=NO_CACHE,
    retries=settings.FETCH_TASK_RETRIES,
    retry_delay_seconds=settings.FETCH_TASK_RETRY_DELAY_S,
    persist_result=False,
    cache_result_in_memory=False,
    task_run_name="fetch {request.url}",
)
def fetch_task(request: FetchRequest, options: FetchOptions, run_key: str) -> FetchResult:
    """One source, live then archive; HTTP failures come back as statuses, not exceptions."""
    run, limit = shared_fetch_run(run_key, options)
    # The run's own concurrency cap, whatever the task runner's pool size.
    with limit:
        return fetch_all_in(run, [request])[0]


@task(
    name="parse",
    cache_key_fn=parse_cache_key,
    persist_result=True,
    cache_result_in_memory=False,
)
def parse_task(result: FetchResult, lang: str | None) -> SourceText | None:
    """A fetched source's readable text (None when there is nothing to read)."""
    return pipeline.read_result(result, lang)


@task(
    name="match",
    cache_key_fn=match_cache_key,
    persist_result=True,
    cache_result_in_memory=False,
)
def match_task(planned: list[PlannedCheck], work: WorkSource | None) -> MatchMemo:
    """The matches of one claim's items against one work, keyed as `run_check` looks them up."""
    memo: MatchMemo = {}
    matchers = default_matchers()
    for p in planned:
        _run_check(p, work, matchers, memo)
    return memo


def group_planned(planned: Iterable[PlannedCheck]) -> dict[tuple[str, str], list[PlannedCheck]]:
    """Checks grouped by (claim words, work): an edited sentence changes only its own groups."""
    groups: dict[tuple[str, str], list[PlannedCheck]] = {}
    for p in planned:
        groups.setdefault((p.claim_text, p.work), []).append(p)
    return groups

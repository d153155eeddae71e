"""The verify pipeline as plain functions: the CLI's no-orchestrator path and the flows' steps."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from briefcheck import settings
from briefcheck.checks import (
    MatchMemo,
    WorkSource,
    build_checks,
    default_matchers,
    plan_checks,
    run_check,
)
from briefcheck.extractors import extract_brief
from briefcheck.fetch import FetchOptions, FetchRequest, FetchRun, fetch_all
from briefcheck.fetch.client import fetch_all_in
from briefcheck.models import (
    Brief,
    Check,
    FetchResult,
    Reference,
    SourceEntry,
    SourceRecord,
    SourceStatus,
    SourceText,
)
from briefcheck.parse import parse_snapshot
from briefcheck.resolve import entry_for, load_sources, sources_beside


@dataclass(frozen=True, slots=True)
class VerifyOptions:
    """Everything a verify run needs, as plain values."""

    brief: Path = settings.BUNDLED_BRIEF
    sources: Path | None = None
    out: Path = settings.DEFAULT_REPORTS_DIR
    cache: Path = settings.DEFAULT_CACHE_DIR
    offline: bool = False
    allow_private_hosts: bool = False
    reviews: Path | None = None
    write_warc: bool = True
    max_age: float | None = None  # seconds a cached copy is used unrevalidated (None: settings)


@dataclass(frozen=True, slots=True)
class Work:
    """A cited work to read: the reference that describes it and where it lives."""

    ref: Reference
    entry: SourceEntry


@dataclass(slots=True)
class WarmState:
    """What a long-lived process (watch) keeps between runs: parsed texts and matches.

    Fetches are already cached on disk; these two make a one-sentence edit re-match only the
    checks whose claim or source changed.
    """

    texts: dict[tuple[str, str | None], SourceText | None] = field(default_factory=dict)
    matches: MatchMemo = field(default_factory=dict)
    parsed: int = 0
    matched: int = 0


@dataclass(slots=True)
class VerifyOutcome:
    report: dict[str, Any]
    run_dir: Path
    exit_code: int
    warnings: list[str] = field(default_factory=list)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def new_run_id() -> str:
    """Sortable by time, unique when two runs start in the same second."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def load_entries(opts: VerifyOptions) -> tuple[dict[str, SourceEntry], list[str]]:
    """The sources file's entries; a missing default file means no URLs yet, with a warning."""
    if opts.sources is not None:
        return load_sources(opts.sources), []
    default = settings.DEFAULT_SOURCES_FILE
    beside = sources_beside(opts.brief) if opts.brief != settings.BUNDLED_BRIEF else None
    if beside is not None:
        return load_sources(beside), []
    if default.exists():
        return load_sources(default), []
    return {}, [
        f"{default}: not found; every reference is unresolved (see `briefcheck sources init`)"
    ]


def plan_works(brief: Brief, entries: dict[str, SourceEntry]) -> list[Work]:
    """Every work the brief cites directly (back-references need no source of their own)."""
    return [
        Work(ref, entry_for(ref, entries))
        for footnote in brief.footnotes
        for ref in footnote.references
        if not ref.points_to
    ]


def fetch_requests(works: Sequence[Work]) -> list[FetchRequest]:
    """One request per distinct URL: two footnotes citing one page share a fetch."""
    requests: dict[str, FetchRequest] = {}
    for w in works:
        if w.entry.url and w.entry.url not in requests:
            requests[w.entry.url] = FetchRequest(w.entry.url, w.entry.archive, w.ref.date)
    return list(requests.values())


def fetch_options(opts: VerifyOptions, run_id: str) -> FetchOptions:
    warc = opts.out / run_id / "sources.warc.gz" if opts.write_warc and not opts.offline else None
    options = FetchOptions(
        cache_dir=opts.cache / "snapshots",
        offline=opts.offline,
        allow_private_hosts=opts.allow_private_hosts,
        warc_path=warc,
    )
    if opts.max_age is not None:
        options = replace(options, cache_ttl_s=opts.max_age)
    return options


def read_result(
    result: FetchResult, lang: str | None, warm: WarmState | None = None
) -> SourceText | None:
    """The readable text of a fetched source, or None when there is nothing to read."""
    if result.status is not SourceStatus.OK or result.snapshot is None:
        return None
    if warm is None:
        return parse_snapshot(result.snapshot, lang=lang)
    key = (result.snapshot.sha256, lang)
    if key not in warm.texts:
        warm.texts[key] = parse_snapshot(result.snapshot, lang=lang)
        warm.parsed += 1
    return warm.texts[key]


def source_record(work: Work, result: FetchResult | None, text: SourceText | None) -> SourceRecord:
    """What the report says about one work's source."""
    entry, ref = work.entry, work.ref
    record = SourceRecord(
        ref=ref.id,
        footnote=ref.footnote,
        url=entry.url,
        status=SourceStatus.UNRESOLVED,
        reason="unresolved",
        error="no URL in sources.yaml" if not entry.url else None,
        archive=entry.archive,
        note=entry.note,
        relation=entry.relation,
    )
    if result is None:
        return record
    snap = result.snapshot
    status, reason = result.status, result.reason
    if text is not None and text.status is not SourceStatus.OK:
        status, reason = text.status, text.reason
    return replace(
        record,
        status=status,
        http_status=result.http_status if snap is None else snap.http_status,
        final_url=result.final_url if snap is None else snap.final_url,
        sha256=snap.sha256 if snap else None,
        title=text.title if text else None,
        published=text.published if text else None,
        error=result.error,
        reason=reason,
        copy=snap.copy if snap else None,
        fetched_at=snap.fetched_at if snap else None,
        archived_at=snap.archived_at if snap else None,
        notes=result.notes,
    )


def parse_jobs(
    works: Sequence[Work], results: dict[str, FetchResult]
) -> dict[str, tuple[FetchResult, str | None]]:
    """Each distinct fetched URL once, with the language its entry gives."""
    jobs: dict[str, tuple[FetchResult, str | None]] = {}
    for w in works:
        url = w.entry.url
        if url and url in results and url not in jobs:
            jobs[url] = (results[url], w.entry.lang)
    return jobs


def assemble_sources(
    works: Sequence[Work], results: dict[str, FetchResult], texts: dict[str, SourceText | None]
) -> dict[str, WorkSource]:
    """Each work's record and text, keyed by work id."""
    out: dict[str, WorkSource] = {}
    for w in works:
        url = w.entry.url or ""
        text = texts.get(url)
        out[w.ref.id] = WorkSource(record=source_record(w, results.get(url), text), text=text)
    return out


def finish_report(
    opts: VerifyOptions,
    brief: Brief,
    run_id: str,
    started: str,
    sources: dict[str, WorkSource],
    checks: Sequence[Check],
) -> VerifyOutcome:
    """Build, waive, write; return the outcome with the contract's exit code."""
    from briefcheck.report import build_report, write_reports
    from briefcheck.report.history import previous_report

    report = build_report(
        run_id=run_id,
        started=started,
        finished=now_iso(),
        brief=brief,
        sources=[s.record for s in sources.values()],
        checks=checks,
        previous=previous_report(opts.out),
    )
    report = apply_reviews(report, opts, brief)
    run_dir = write_reports(report, opts.out, brief)
    return VerifyOutcome(report, run_dir, report_exit_code(report))


def reviews_path(opts: VerifyOptions) -> Path:
    return opts.reviews or opts.brief.parent / "reviews.yaml"


def apply_reviews(report: dict[str, Any], opts: VerifyOptions, brief: Brief) -> dict[str, Any]:
    from briefcheck.report.waivers import apply_waivers, load_waivers

    path = reviews_path(opts)
    if not path.exists():
        return report
    return apply_waivers(report, load_waivers(path), datetime.now(UTC).date())


def report_exit_code(report: dict[str, Any]) -> int:
    from briefcheck.report.waivers import exit_code

    return exit_code(report)


class Progress(Protocol):
    """What a run reports as it goes; the CLI renders it (live on a terminal, lines in logs)."""

    def sources(self, total: int) -> None: ...
    def fetched(self, url: str, status: str) -> None: ...
    def checks(self, total: int) -> None: ...
    def checked(self, count: int) -> None: ...


def fetch_each(
    requests: Sequence[FetchRequest],
    options: FetchOptions,
    on_fetched: Callable[[FetchRequest, FetchResult], None] | None = None,
) -> list[FetchResult]:
    """`fetch_all` one source at a time on one shared run, reporting each as it lands."""
    run = FetchRun(options)
    workers = max(1, min(options.max_concurrency, len(requests)))
    results: dict[int, FetchResult] = {}
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch") as pool:
        futures = {pool.submit(fetch_all_in, run, [r]): i for i, r in enumerate(requests)}
        for future in as_completed(futures):
            index = futures[future]
            results[index] = future.result()[0]
            if on_fetched is not None:
                on_fetched(requests[index], results[index])
    return [results[i] for i in range(len(requests))]


def checks_with_progress(
    brief: Brief, sources: dict[str, WorkSource], memo: MatchMemo | None, progress: Progress
) -> list[Check]:
    """`build_checks`, ticking `progress` as each check is made."""
    matchers = default_matchers()
    planned = plan_checks(brief)
    progress.checks(len(planned))
    checks = []
    for p in planned:
        checks.append(run_check(p, sources.get(p.work), matchers, memo))
        progress.checked(1)
    return checks


def run_verify(
    opts: VerifyOptions, warm: WarmState | None = None, progress: Progress | None = None
) -> VerifyOutcome:
    """Extract, resolve, fetch, parse, match and report, without an orchestrator.

    With `warm`, parsed texts and matches from earlier runs in this process are reused.
    """
    started, run_id = now_iso(), new_run_id()
    brief = extract_brief(opts.brief)
    entries, warnings = load_entries(opts)
    works = plan_works(brief, entries)
    requests = fetch_requests(works)
    if progress is None:
        fetched = fetch_all(requests, fetch_options(opts, run_id))
    else:
        progress.sources(len(requests))
        fetched = fetch_each(
            requests,
            fetch_options(opts, run_id),
            lambda r, res: progress.fetched(r.url, res.status),
        )
    results = {r.url: res for r, res in zip(requests, fetched, strict=True)}
    jobs = parse_jobs(works, results)
    texts = {url: read_result(res, lang, warm) for url, (res, lang) in jobs.items()}
    sources = assemble_sources(works, results, texts)
    memo = warm.matches if warm is not None else None
    before = len(memo) if memo is not None else 0
    if progress is None:
        checks = build_checks(brief, sources, memo=memo)
    else:
        checks = checks_with_progress(brief, sources, memo, progress)
    if warm is not None and memo is not None:
        warm.matched += len(memo) - before
    outcome = finish_report(opts, brief, run_id, started, sources, checks)
    outcome.warnings[:0] = [*brief.warnings, *warnings]
    return outcome


__all__ = ["VerifyOptions", "VerifyOutcome", "run_verify"]

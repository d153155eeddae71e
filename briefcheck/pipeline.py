"""The verify run, composed once: plan → read sources (fetch, parse) → check → report.

`run_verify` (one brief) and `run_shelf` (many briefs, each page read once) are the only
compositions of the steps. What runs each step is a `Runner`: `PLAIN` calls the functions
in this process; the Prefect flows pass a runner that submits the same functions as tasks.
Nothing else differs between the plain and the orchestrated path.
"""

from __future__ import annotations

import dataclasses
import hashlib
import secrets
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Generic, ParamSpec, Protocol, TypeVar

from briefcheck import settings
from briefcheck.checks import (
    PlannedCheck,
    WorkSource,
    default_matchers,
    plan_checks,
    prepare_support,
    readable_text,
    run_check,
    share_passages,
)
from briefcheck.errors import BriefcheckError
from briefcheck.extractors.formats import BRIEF_FORMATS, BRIEF_SUFFIXES
from briefcheck.fetch.options import FetchOptions, FetchRequest
from briefcheck.match.judge import load_judge
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
from briefcheck.progress import NullProgress, Progress
from briefcheck.report.model import Report
from briefcheck.resolve import entry_for, load_sources, sources_file_for
from briefcheck.store import digest, open_store

P = ParamSpec("P")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class VerifyOptions:
    """Everything a verify run needs, as plain values (a flow parameter, a deployment's too)."""

    brief: Path = settings.BUNDLED_BRIEF
    sources: Path | None = None
    out: Path = settings.DEFAULT_REPORTS_DIR
    cache: Path = settings.DEFAULT_CACHE_DIR
    offline: bool = False
    allow_private_hosts: bool = False
    reviews: Path | None = None
    write_warc: bool = True
    max_age: float | None = None  # seconds a cached copy is used unrevalidated (None: settings)
    judge: Path | None = None  # a local entailment model for support checks (match.judge)


@dataclass(frozen=True, slots=True, kw_only=True)
class Work:
    """A cited work to read: the reference that describes it and where it lives."""

    ref: Reference
    entry: SourceEntry


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceJob:
    """A distinct URL to read, and the language its sources.yaml entry gives."""

    request: FetchRequest
    lang: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class PlannedBrief:
    """One brief of a run: its options, its extracted text, its works and any warnings."""

    opts: VerifyOptions
    brief: Brief
    works: tuple[Work, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadSources:
    """What reading the sources left: results without their bodies, and the parsed texts."""

    results: dict[str, FetchResult]
    texts: dict[str, SourceText | None]


@dataclass(frozen=True, slots=True, kw_only=True)
class VerifyOutcome:
    """A finished run of one brief: its report, where it was written, and the exit code."""

    report: Report
    run_dir: Path
    exit_code: int
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ShelfOutcome:
    """A finished run over many briefs: each brief's outcome and the distinct URLs read."""

    runs: tuple[VerifyOutcome, ...]
    urls: int

    @property
    def exit_code(self) -> int:
        return max((r.exit_code for r in self.runs), default=0)


class Pending(Protocol[R_co]):
    """A step's value, available now or later (a concurrent or Prefect future)."""

    def result(self) -> R_co: ...


@dataclass(frozen=True, slots=True)
class Done(Generic[R]):
    """A value computed right away."""

    value: R

    def result(self) -> R:
        return self.value


class Runner(Protocol):
    """What runs the steps: in this process, or as Prefect tasks."""

    def fetch(
        self,
        requests: Sequence[FetchRequest],
        options: FetchOptions,
        run_key: str,
        on_result: Callable[[FetchRequest, FetchResult], None],
    ) -> list[FetchResult]: ...

    def submit(self, step: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> Pending[R]: ...


class PlainRunner:
    """Every step called in this process: fetches on a thread pool, the rest in order."""

    def fetch(
        self,
        requests: Sequence[FetchRequest],
        options: FetchOptions,
        run_key: str,
        on_result: Callable[[FetchRequest, FetchResult], None],
    ) -> list[FetchResult]:
        from briefcheck.fetch import fetch_all

        return fetch_all(requests, options, on_result=lambda i, r: on_result(requests[i], r))

    def submit(self, step: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> Pending[R]:
        return Done(step(*args, **kwargs))


PLAIN = PlainRunner()


# ---------------------------------------------------------------- time and ids


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def new_run_id() -> str:
    """Sortable by time, unique when two runs start in the same second."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


# ---------------------------------------------------------------- planning


# Extracted briefs by (path, sha256 of the file): validation and the run share one extraction,
# and one done ahead in a forked process (`extract_in_child`) is remembered here.
_BRIEFS: dict[tuple[str, str], Brief] = {}
_BRIEFS_KEPT = 64
_BRIEFS_LOCK = threading.Lock()


def _brief_key(path: Path) -> tuple[str, str]:
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise BriefcheckError(f"{path}: is a folder, not a brief") from None
    except FileNotFoundError:
        raise BriefcheckError(f"{path}: no such file (expected a brief)") from None
    except OSError as err:
        raise BriefcheckError(f"{path}: cannot read: {err.strerror or err}") from None
    return str(path), hashlib.sha256(data).hexdigest()


def _remember(key: tuple[str, str], brief: Brief) -> None:
    with _BRIEFS_LOCK:
        while len(_BRIEFS) >= _BRIEFS_KEPT:
            del _BRIEFS[next(iter(_BRIEFS))]
        _BRIEFS[key] = brief


def load_brief(path: Path) -> Brief:
    """The extracted brief, once per content: validation and the run share one extraction."""
    key = _brief_key(path)
    brief = _BRIEFS.get(key)
    if brief is None:
        from briefcheck.extractors import extract_brief  # spaCy and the readers, when needed

        brief = extract_brief(path)
        _remember(key, brief)
    return brief


def extracted_briefs(paths: Sequence[Path]) -> list[tuple[tuple[str, str], Brief]]:
    """Each brief of `paths` extracted, with its cache key (the value `ahead` hands back)."""
    return [(_brief_key(p), load_brief(p)) for p in paths]


def remember_briefs(extracted: Iterable[tuple[tuple[str, str], Brief]]) -> None:
    """Keep briefs another process extracted, so `load_brief` of the same content reuses them."""
    for key, brief in extracted:
        _remember(key, brief)


def load_entries(opts: VerifyOptions) -> tuple[dict[str, SourceEntry], list[str]]:
    """The sources file's entries; no file at all means no URLs yet, with a warning."""
    path = sources_file_for(opts.brief, opts.sources)
    if path is not None:
        return load_sources(path), []
    return {}, [
        f"{settings.DEFAULT_SOURCES_FILE}: not found; every reference is unresolved "
        "(see `briefcheck sources init`)"
    ]


def plan_works(brief: Brief, entries: dict[str, SourceEntry]) -> tuple[Work, ...]:
    """Every work the brief cites directly (back-references need no source of their own)."""
    return tuple(
        Work(ref=ref, entry=entry_for(ref, entries))
        for footnote in brief.footnotes
        for ref in footnote.references
        if not ref.points_to
    )


def plan_brief(opts: VerifyOptions) -> PlannedBrief:
    """Extract a brief and resolve its works."""
    brief = load_brief(opts.brief)
    entries, warnings = load_entries(opts)
    return PlannedBrief(
        opts=opts,
        brief=brief,
        works=plan_works(brief, entries),
        warnings=(*brief.warnings, *warnings),
    )


def source_jobs(works: Iterable[Work]) -> list[SourceJob]:
    """One job per distinct URL (two footnotes citing one page share a fetch and a parse)."""
    jobs: dict[str, SourceJob] = {}
    for w in works:
        url = w.entry.url
        if url and url not in jobs:
            request = FetchRequest(url=url, archive=w.entry.archive, date_hint=w.ref.date)
            jobs[url] = SourceJob(request=request, lang=w.entry.lang)
    return list(jobs.values())


def fetch_options(opts: VerifyOptions, warc: Path | None) -> FetchOptions:
    """How a run fetches; `warc` is where it archives what it fetched (None: nowhere)."""
    options = FetchOptions(
        cache_dir=opts.cache / "snapshots",
        offline=opts.offline,
        allow_private_hosts=opts.allow_private_hosts,
        warc_path=warc if opts.write_warc and not opts.offline else None,
    )
    if opts.max_age is not None:
        options = dataclasses.replace(options, cache_ttl_s=opts.max_age)
    return options


def store_for(opts: VerifyOptions) -> Path:
    """Where parsed sources and matches are kept between runs (beside the snapshots)."""
    return opts.cache / "results"


# ---------------------------------------------------------------- the steps


def parse_source(
    result: FetchResult, lang: str | None, store: Path | None, refresh: bool = False
) -> SourceText | None:
    """A fetched source's readable text (None when there is nothing to read), cached by content."""
    snapshot = result.snapshot
    if result.status is not SourceStatus.OK or snapshot is None:
        return None
    from briefcheck.parse import parse_snapshot

    key = digest(snapshot.sha256, snapshot.final_url, snapshot.content_type, lang)
    return open_store(store).get_or_compute(
        "parse", key, SourceText, lambda: parse_snapshot(snapshot, lang=lang), refresh
    )


def match_work(
    planned: Sequence[PlannedCheck],
    work: WorkSource,
    store: Path | None,
    refresh: bool = False,
    judge: Path | None = None,
) -> list[Check]:
    """Every planned check against one work's source, each reused when its inputs are unchanged.

    With `judge` (a local entailment model's folder) support checks are judged by it too.
    """
    results = open_store(store)
    matchers = default_matchers(judge=load_judge(str(judge))) if judge else None
    return [run_check(p, work, matchers, store=results, refresh=refresh) for p in planned]


def without_body(result: FetchResult) -> FetchResult:
    """The result with its snapshot's bytes dropped: the report needs only hash and headers."""
    if result.snapshot is None:
        return result
    return dataclasses.replace(result, snapshot=dataclasses.replace(result.snapshot, body=b""))


def read_sources(
    jobs: Sequence[SourceJob],
    options: FetchOptions,
    *,
    store: Path | None,
    run_key: str,
    runner: Runner = PLAIN,
    progress: Progress | None = None,
    refresh: bool = False,
) -> ReadSources:
    """Fetch and parse every URL once, a batch at a time, keeping no page bytes afterwards.

    A batch's parses are submitted before the next batch is fetched, so on a concurrent runner
    parsing overlaps fetching, and at most two batches of bodies are alive at once.
    """
    progress = progress or NullProgress()
    progress.sources(len(jobs))
    results: dict[str, FetchResult] = {}
    texts: dict[str, SourceText | None] = {}
    pending: dict[str, Pending[SourceText | None]] = {}

    def fetched(request: FetchRequest, result: FetchResult) -> None:
        progress.fetched(request.url, result.status.value)

    for start in range(0, len(jobs), settings.URL_BATCH_SIZE):
        batch = jobs[start : start + settings.URL_BATCH_SIZE]
        got = runner.fetch([j.request for j in batch], options, run_key, fetched)
        _collect(pending, texts)
        for job, result in zip(batch, got, strict=True):
            pending[job.request.url] = runner.submit(parse_source, result, job.lang, store, refresh)
            results[job.request.url] = without_body(result)
        del got
    _collect(pending, texts)
    return ReadSources(results=results, texts=texts)


def _collect(
    pending: dict[str, Pending[SourceText | None]], texts: dict[str, SourceText | None]
) -> None:
    for url, future in pending.items():
        texts[url] = future.result()
    pending.clear()


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
    return dataclasses.replace(
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


def assemble_sources(works: Sequence[Work], read: ReadSources) -> dict[str, WorkSource]:
    """Each work's record and text, keyed by work id."""
    out: dict[str, WorkSource] = {}
    for w in works:
        url = w.entry.url or ""
        text = read.texts.get(url)
        out[w.ref.id] = WorkSource(record=source_record(w, read.results.get(url), text), text=text)
    return out


def check_brief(
    brief: Brief,
    sources: dict[str, WorkSource],
    *,
    store: Path | None,
    runner: Runner = PLAIN,
    progress: Progress | None = None,
    refresh: bool = False,
    judge: Path | None = None,
) -> list[Check]:
    """Every check of the brief, in plan order: one matching step per readable work."""
    progress = progress or NullProgress()
    planned = plan_checks(brief)
    progress.checks(len(planned))
    by_work: dict[str, list[PlannedCheck]] = {}
    for p in planned:
        by_work.setdefault(p.work, []).append(p)
    readable = {w for w in by_work if isinstance(readable_text(sources.get(w)), SourceText)}
    # Every claim to match read by spaCy in one batch, when the first must be (none when warm).
    prepare_support(p for w in readable for p in by_work[w])
    done: dict[str, Check] = {}
    pending: list[Pending[list[Check]]] = []
    for work_id, group in by_work.items():
        work = sources.get(work_id)
        if work is None or not isinstance(readable_text(work), SourceText):
            done.update((p.id, run_check(p, work)) for p in group)  # unchecked: nothing to match
            progress.checked(len(group))
            continue
        pending.append(runner.submit(match_work, group, work, store, refresh, judge))
    for future in pending:
        made = future.result()
        done.update((c.id, c) for c in made)
        progress.checked(len(made))
    return share_passages([done[p.id] for p in planned])


# ---------------------------------------------------------------- reports


def finish_report(
    planned: PlannedBrief,
    run_id: str,
    started: str,
    sources: dict[str, WorkSource],
    checks: Sequence[Check],
) -> VerifyOutcome:
    """Build, waive, write; return the outcome with the contract's exit code."""
    from briefcheck.report import build_report, write_reports
    from briefcheck.report.history import previous_report
    from briefcheck.report.waivers import apply_reviews, exit_code

    opts = planned.opts
    report = build_report(
        run_id=run_id,
        started=started,
        finished=now_iso(),
        brief=planned.brief,
        sources=[s.record for s in sources.values()],
        checks=checks,
        previous=previous_report(opts.out),
    )
    report = apply_reviews(report, reviews_file(opts))
    run_dir = write_reports(report, opts.out, planned.brief)
    return VerifyOutcome(
        report=report, run_dir=run_dir, exit_code=exit_code(report), warnings=planned.warnings
    )


def reviews_file(opts: VerifyOptions) -> Path:
    """The reviewer decisions a run applies: `--reviews`, else reviews.yaml beside the brief."""
    from briefcheck.report.waivers import reviews_path

    return opts.reviews or reviews_path(opts.brief)


# ---------------------------------------------------------------- compositions


def run_verify(
    opts: VerifyOptions, *, runner: Runner = PLAIN, progress: Progress | None = None
) -> VerifyOutcome:
    """Extract, resolve, fetch, parse, match and report one brief.

    Takes the run's options; returns its outcome (report, run folder, exit code, warnings).
    The same function serves `--no-orchestrator`, `watch` and the `verify_brief` flow.
    """
    started, run_id = now_iso(), new_run_id()
    planned = plan_brief(opts)
    read = read_sources(
        source_jobs(planned.works),
        fetch_options(opts, opts.out / run_id / "sources.warc.gz"),
        store=store_for(opts),
        run_key=run_id,
        runner=runner,
        progress=progress,
    )
    sources = assemble_sources(planned.works, read)
    checks = check_brief(
        planned.brief,
        sources,
        store=store_for(opts),
        runner=runner,
        progress=progress,
        judge=opts.judge,
    )
    return finish_report(planned, run_id, started, sources, checks)


def discover_briefs(paths: Iterable[Path]) -> list[Path]:
    """Brief files named directly, or found (recursively) in named folders, in a stable order."""
    paths = list(paths)
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in BRIEF_SUFFIXES
            )
        elif path.is_file():
            found.append(path)
        else:
            raise BriefcheckError(f"{path}: no such file or folder (expected briefs)")
    if not found:
        where = f" in {', '.join(str(p) for p in paths)}" if paths else ""
        raise BriefcheckError(f"no briefs found{where} (expected {BRIEF_FORMATS} files)")
    return list(dict.fromkeys(found))


def report_folders(briefs: Sequence[Path]) -> dict[Path, str]:
    """A folder name per brief: its stem, or its parent's name too when stems collide."""
    stems = [b.stem for b in briefs]
    return {b: b.stem if stems.count(b.stem) == 1 else f"{b.parent.name}-{b.stem}" for b in briefs}


def shelf_options(opts: VerifyOptions, brief: Path, folder: str) -> VerifyOptions:
    """One brief's options in a shelf run: its own report folder and its own sources file."""
    own = sources_file_for(brief, opts.sources, prefer_beside=True)
    return dataclasses.replace(opts, brief=brief, sources=own, out=opts.out / folder)


def run_shelf(
    briefs: Sequence[Path],
    opts: VerifyOptions,
    *,
    runner: Runner = PLAIN,
    progress: Progress | None = None,
    refresh: bool = False,
) -> ShelfOutcome:
    """Verify every brief in `briefs` (files or folders), each distinct page read once.

    Reports go to `opts.out/<brief>/`; one WARC for the shelf under `opts.out/_warc/`.
    `refresh` parses and matches afresh, ignoring (and rewriting) stored results.
    """
    started, run_id = now_iso(), new_run_id()
    paths = discover_briefs(briefs)
    planned = [plan_brief(shelf_options(opts, p, f)) for p, f in report_folders(paths).items()]
    jobs: dict[str, SourceJob] = {}
    for p in planned:
        for job in source_jobs(p.works):
            jobs.setdefault(job.request.url, job)
    read = read_sources(
        list(jobs.values()),
        fetch_options(opts, opts.out / "_warc" / f"{run_id}.warc.gz"),
        store=store_for(opts),
        run_key=run_id,
        runner=runner,
        progress=progress,
        refresh=refresh,
    )
    runs = []
    for p in planned:
        sources = assemble_sources(p.works, read)
        checks = check_brief(
            p.brief,
            sources,
            store=store_for(opts),
            runner=runner,
            progress=progress,
            refresh=refresh,
            judge=opts.judge,
        )
        runs.append(finish_report(p, run_id, started, sources, checks))
    return ShelfOutcome(runs=tuple(runs), urls=len(read.results))


def summary_line(outcome: VerifyOutcome) -> str:
    """The one-line summary of a run, as every command prints it."""
    from briefcheck.report.summary import summary_sentence

    return f"{outcome.report.brief.path}: {summary_sentence(outcome.report.summary)}"


__all__ = [
    "PLAIN",
    "PlainRunner",
    "Runner",
    "ShelfOutcome",
    "VerifyOptions",
    "VerifyOutcome",
    "run_shelf",
    "run_verify",
]

"""`briefcheck watch`: re-verify a brief on every save, warm, and print what changed."""

from __future__ import annotations

import hashlib
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from briefcheck import pipeline, settings
from briefcheck.errors import BriefcheckError
from briefcheck.progress import NullProgress, Progress
from briefcheck.report.model import Report, ReportDiff
from briefcheck.report.summary import summary_sentence
from briefcheck.resolve import sources_file_for
from briefcheck.store import open_store


@dataclass(slots=True)
class FileState:
    """What a watched file looked like: stat first (cheap), then content hash (certain)."""

    path: Path
    stamp: tuple[int, int] | None = None
    sha256: str | None = None

    def changed(self) -> bool:
        """Whether the file's content differs from last time (a touch alone is no change)."""
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            stamp, digest = None, None
        else:
            stamp = (stat.st_mtime_ns, stat.st_size)
            if stamp == self.stamp:
                return False
            digest = hashlib.sha256(self.path.read_bytes()).hexdigest()
        self.stamp = stamp
        if digest == self.sha256:
            return False
        self.sha256 = digest
        return True


@dataclass(frozen=True, slots=True, kw_only=True)
class Recheck:
    """One run of the watch loop: its outcome, how long it took and what it recomputed."""

    outcome: pipeline.VerifyOutcome
    seconds: float
    parsed: int
    matched: int
    diff: ReportDiff | None


@dataclass(slots=True)
class Watcher:
    """Re-runs one brief in this process, where spaCy and the result store stay warm."""

    opts: pipeline.VerifyOptions
    previous: Report | None = None
    files: list[FileState] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.files = [FileState(p) for p in watched_files(self.opts)]
        for f in self.files:
            f.changed()  # the first run reads them as they are now

    def run(self, progress: Progress | None = None) -> Recheck:
        """Verify once through the plain pipeline, reusing stored parses and matches."""
        store = open_store(pipeline.store_for(self.opts))
        parsed, matched = store.computed["parse"], store.computed["match"]
        started = time.perf_counter()
        outcome = pipeline.run_verify(self.opts, progress=progress)
        seconds = time.perf_counter() - started
        diff = None
        if self.previous is not None:
            from briefcheck.report.diff import diff_reports

            diff = diff_reports(self.previous, outcome.report)
        self.previous = outcome.report
        return Recheck(
            outcome=outcome,
            seconds=seconds,
            parsed=store.computed["parse"] - parsed,
            matched=store.computed["match"] - matched,
            diff=diff,
        )

    def poll(self) -> bool:
        """Whether the brief or its sources file changed since the last look."""
        return any([f.changed() for f in self.files])  # every file, to record each new stamp


def watched_files(opts: pipeline.VerifyOptions) -> list[Path]:
    """The brief, the sources file its run reads and its reviews file."""
    sources = sources_file_for(opts.brief, opts.sources) or settings.DEFAULT_SOURCES_FILE
    return [opts.brief, sources, pipeline.reviews_file(opts)]


def describe(run: Recheck) -> str:
    """A few lines on a run: the summary, what changed, and what was recomputed in how long."""
    summary = summary_sentence(run.outcome.report.summary)
    lines = [f"{summary} · {run.outcome.run_dir}/report.html"]
    if run.diff is not None:
        from briefcheck.report.diff import format_diff

        lines.append(format_diff(run.diff))
    lines.append(
        f"re-checked in {run.seconds:.2f}s: {run.parsed} source(s) parsed, "
        f"{run.matched} check(s) matched"
    )
    return "\n".join(lines)


def watch_brief(
    opts: pipeline.VerifyOptions,
    *,
    interval: float = settings.WATCH_INTERVAL_S,
    max_changes: int | None = None,
    stop: threading.Event | None = None,
    on_run: Callable[[Recheck], None] | None = None,
    progress: Callable[[], Progress] = NullProgress,
    out: IO[str] | None = None,
) -> Watcher:
    """Verify now, then again whenever the brief or sources change; returns the warm state.

    Ends after `max_changes` re-runs, when `stop` is set, or on Ctrl-C (from the caller).
    A run that fails on bad input (a half-saved file) is reported and the watch goes on.
    """
    stream = out or sys.stdout
    stop = stop or threading.Event()
    watcher = Watcher(opts)
    changes = 0
    first = True
    while True:
        if first or watcher.poll():
            try:
                reporter = progress()
                try:
                    run = watcher.run(reporter)
                finally:
                    reporter.close()
            except BriefcheckError as err:
                print(f"briefcheck: error: {err} (still watching)", file=sys.stderr, flush=True)
            else:
                print(describe(run), file=stream, flush=True)
                if on_run is not None:
                    on_run(run)
            if not first:
                changes += 1
            first = False
            if max_changes is not None and changes >= max_changes:
                return watcher
        if stop.wait(interval):
            return watcher

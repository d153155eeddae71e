"""Live progress of a run: rich bars on a terminal, one plain line per event elsewhere."""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Iterator
from typing import IO, Any, Protocol
from urllib.parse import urlsplit

from briefcheck import settings


class Progress(Protocol):
    """What a run reports as it goes; the CLI renders it (live on a terminal, lines in logs)."""

    def sources(self, total: int) -> None: ...
    def fetched(self, url: str, status: str) -> None: ...
    def checks(self, total: int) -> None: ...
    def checked(self, count: int) -> None: ...
    def close(self) -> None: ...


class NullProgress:
    """Reports nothing (library use, tests)."""

    def sources(self, total: int) -> None:
        """Ignore."""

    def fetched(self, url: str, status: str) -> None:
        """Ignore."""

    def checks(self, total: int) -> None:
        """Ignore."""

    def checked(self, count: int) -> None:
        """Ignore."""

    def close(self) -> None:
        """Ignore."""


class LineProgress:
    """One line per fetched source and a line every few checks: readable in CI and cron logs."""

    def __init__(self, stream: IO[str] | None = None, label: str = "") -> None:
        self._stream = stream or sys.stderr
        self._label = f"{label}: " if label else ""
        self._lock = threading.Lock()
        self._sources = self._fetched = self._checks = self._checked = 0
        self._last_line = 0.0

    def _emit(self, line: str) -> None:
        print(f"{self._label}{line}", file=self._stream, flush=True)

    def sources(self, total: int) -> None:
        """A run's number of distinct URLs is known."""
        with self._lock:
            self._sources += total
            self._emit(f"fetching {self._sources} source(s)")

    def fetched(self, url: str, status: str) -> None:
        """One URL is in (or failed)."""
        with self._lock:
            self._fetched += 1
            host = urlsplit(url).hostname or url
            self._emit(f"fetched {self._fetched}/{self._sources} {host} {status}")

    def checks(self, total: int) -> None:
        """A run's number of checks is known."""
        with self._lock:
            self._checks += total
            self._emit(f"checking {self._checks} claim item(s)")

    def checked(self, count: int) -> None:
        """Some checks are done; a line at most every few seconds, and at the end."""
        with self._lock:
            self._checked += count
            now = time.monotonic()
            done = self._checked >= self._checks
            if done or now - self._last_line >= settings.PROGRESS_LINE_INTERVAL_S:
                self._last_line = now
                self._emit(f"checked {self._checked}/{self._checks}")

    def close(self) -> None:
        """Nothing to tear down."""


class RichProgress:
    """Two live bars (sources fetched of N with the current host, checks done of M)."""

    def __init__(self, label: str = "") -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[detail]}"),
            console=Console(stderr=True),
            transient=False,
        )
        prefix = f"{label} " if label else ""
        self._fetch = self._progress.add_task(f"{prefix}sources", total=None, detail="")
        self._check = self._progress.add_task(f"{prefix}checks ", total=None, detail="")
        self._lock = threading.Lock()
        self._progress.start()

    def _grow(self, task: Any, total: int) -> None:
        current = self._progress.tasks[task].total or 0
        self._progress.update(task, total=current + total)

    def sources(self, total: int) -> None:
        """A run's number of distinct URLs is known."""
        with self._lock:
            self._grow(self._fetch, total)

    def fetched(self, url: str, status: str) -> None:
        """One URL is in; show its host so a slow one is visible."""
        with self._lock:
            host = urlsplit(url).hostname or url
            self._progress.update(self._fetch, advance=1, detail=f"{host} {status}")

    def checks(self, total: int) -> None:
        """A run's number of checks is known."""
        with self._lock:
            self._grow(self._check, total)

    def checked(self, count: int) -> None:
        """Some checks are done."""
        with self._lock:
            self._progress.update(self._check, advance=count)

    def close(self) -> None:
        """Stop the live display, leaving the final bars on screen."""
        self._progress.stop()


def make_progress(enabled: bool = True, label: str = "") -> Progress:
    """Rich bars when stderr is a terminal, plain lines when it is not, nothing if disabled."""
    if not enabled:
        return NullProgress()
    if sys.stderr.isatty():
        return RichProgress(label)
    return LineProgress(label=label)


# The flows run in this process (their tasks may not), so the reporter is a process global
# rather than a flow parameter, which must be serialisable.
_current: list[Progress] = [NullProgress()]


def current_progress() -> Progress:
    """The reporter the running flow should tick."""
    return _current[-1]


@contextlib.contextmanager
def use_progress(progress: Progress) -> Iterator[Progress]:
    """Make `progress` the current reporter for the duration of a run."""
    _current.append(progress)
    try:
        yield progress
    finally:
        _current.pop()

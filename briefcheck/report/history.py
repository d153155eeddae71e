"""Earlier runs under the reports folder: the last report, recent summaries, source drift.

Every report read back is validated, never trusted: the previous one in full
(`Report.from_json`), the others only as far as the history chart reads them
(`ReportHeadline`: run and verdict counts). One that is unreadable, cut short or of the wrong
shape is skipped with a warning naming it, never fatal.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from briefcheck.records import RecordError
from briefcheck.report.diff import diff_reports
from briefcheck.report.model import HistoryPoint, Report, ReportHeadline
from briefcheck.settings import HISTORY_RUNS

LATEST = "latest"
log = logging.getLogger(__name__)

T = TypeVar("T")


def _read_json(path: Path) -> Any:
    """A file's JSON value; RecordError naming the file when it is missing or unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RecordError(f"{path}: no such file (expected a report.json)") from None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as err:
        raise RecordError(f"{path}: not a readable JSON report: {err}") from None


def _validated(path: Path, decode: Callable[[Any], T]) -> T:
    """A report.json read and decoded; RecordError naming the file and the field otherwise."""
    data = _read_json(path)
    try:
        return decode(data)
    except RecordError as err:
        raise RecordError(f"{path}: not a briefcheck.report/1 report: {err}") from None


def read_report(path: Path) -> Report:
    """A report.json, validated; BriefcheckError-style ValueError naming the file otherwise."""
    return _validated(path, Report.from_json)


def read_headline(path: Path) -> ReportHeadline:
    """A report.json's run and verdict counts, validated; RecordError naming the file otherwise."""
    return _validated(path, ReportHeadline.from_json)


def _try_read(path: Path, read: Callable[[Path], T]) -> T | None:
    """`read(path)`, or None (with a warning) when the file is missing, unreadable or malformed."""
    if not path.is_file():
        return None
    try:
        return read(path)
    except RecordError as err:
        log.warning("skipping an earlier run: %s", err)
        return None


def _run_files(out_dir: Path) -> list[Path]:
    """report.json of every finished run, oldest first by write time."""
    if not out_dir.is_dir():
        return []
    files = []
    for child in out_dir.iterdir():
        # Dot-folders are unfinished writes; `latest` is the newest run seen a second time.
        if child.name.startswith(".") or child.name == LATEST or child.is_symlink():
            continue
        path = child / "report.json"
        if path.is_file():
            files.append((path.stat().st_mtime, child.name, path))
    return [p for _, _, p in sorted(files)]


def run_reports(out_dir: Path, limit: int = HISTORY_RUNS) -> list[Report]:
    """The last `limit` readable reports under out_dir, oldest first by start time."""
    reports = [r for p in _run_files(out_dir)[-limit:] if (r := _try_read(p, read_report))]
    return sorted(reports, key=lambda r: str(r.run.started or ""))


def _run_headlines(out_dir: Path, limit: int) -> list[tuple[Path, ReportHeadline]]:
    """The last `limit` readable headlines under out_dir with their files, oldest first."""
    files = _run_files(out_dir)[-limit:]
    found = [(p, h) for p in files if (h := _try_read(p, read_headline))]
    return sorted(found, key=lambda item: str(item[1].run.started or ""))


def run_history(out_dir: Path, limit: int = HISTORY_RUNS) -> list[HistoryPoint]:
    """The last `limit` runs under out_dir as history points, oldest first by start time."""
    return [headline.point() for _, headline in _run_headlines(out_dir, limit)]


def previous_report(out_dir: Path, exclude_run: str | None = None) -> Report | None:
    """The report of the last finished run (latest/, else the newest run folder), or None."""
    latest = _try_read(out_dir / LATEST / "report.json", read_report)
    if latest is not None and latest.run.id != exclude_run:
        return latest
    # Ordered by their headlines; only the newest one that validates in full is read in full.
    for path, headline in reversed(_run_headlines(out_dir, HISTORY_RUNS)):
        if headline.run.id != exclude_run and (report := _try_read(path, read_report)):
            return report
    return None


def history_point(report: Report) -> HistoryPoint:
    """One run as the history chart plots it: id, start time and verdict counts."""
    return HistoryPoint(run=report.run.id, started=report.run.started, summary=report.summary)


def mark_drift(report: Report, previous: Report | None) -> Report:
    """The report whose sources say when their content last changed."""
    before = {s.ref: s for s in (previous.sources if previous else ())}
    sources = []
    for src in report.sources:
        prev = before.get(src.ref)
        if prev is None or not src.sha256:
            sources.append(src)
            continue
        changes: dict[str, str | None] = {}
        if prev.sha256 == src.sha256:
            first = prev.same_since or prev.changed or prev.fetched_at
            changes["same_since"] = src.same_since or first
        if not src.changed:
            if prev.sha256 and prev.sha256 != src.sha256:
                changes["changed"] = src.fetched_at or report.run.finished
                changes["previous_sha256"] = prev.sha256
            elif prev.sha256 == src.sha256:
                changes["changed"] = prev.changed
                changes["previous_sha256"] = prev.previous_sha256
        sources.append(dataclasses.replace(src, **changes))  # type: ignore[arg-type]
    return dataclasses.replace(report, sources=tuple(sources))


def with_history(report: Report, out_dir: Path, limit: int = HISTORY_RUNS) -> Report:
    """The report with "since last run" and the run history read from out_dir."""
    run_id = report.run.id
    out = report
    if out.since_last_run is None:
        previous = previous_report(out_dir, exclude_run=run_id)
        if previous is not None:
            out = mark_drift(out, previous)
            out = dataclasses.replace(out, since_last_run=diff_reports(previous, out))
    points = [p for p in run_history(out_dir, limit) if p.run != run_id]
    history = (*points[max(0, len(points) - limit + 1) :], history_point(out))
    return dataclasses.replace(out, history=history)

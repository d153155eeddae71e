"""Earlier runs under the reports folder: the last report, recent summaries, source drift."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from briefcheck.report.diff import diff_reports
from briefcheck.settings import HISTORY_RUNS

LATEST = "latest"
_SCHEMA = "briefcheck.report/1"


def _read_report(path: Path) -> dict[str, Any] | None:
    """A report.json, or None when it is missing, unreadable or not a report."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("schema") != _SCHEMA:
        return None
    return data


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


def run_reports(out_dir: Path, limit: int = HISTORY_RUNS) -> list[dict[str, Any]]:
    """The last `limit` readable reports under out_dir, oldest first by start time."""
    reports = [r for p in _run_files(out_dir)[-limit:] if (r := _read_report(p))]
    return sorted(reports, key=lambda r: str(r.get("run", {}).get("started", "")))


def previous_report(out_dir: Path, exclude_run: str | None = None) -> dict[str, Any] | None:
    """The report of the last finished run (latest/, else the newest run folder), or None."""
    latest = _read_report(out_dir / LATEST / "report.json")
    if latest is not None and latest.get("run", {}).get("id") != exclude_run:
        return latest
    earlier = [r for r in run_reports(out_dir) if r.get("run", {}).get("id") != exclude_run]
    return earlier[-1] if earlier else None


def history_point(report: dict[str, Any]) -> dict[str, Any]:
    """One run as the history chart plots it: id, start time and verdict counts."""
    run = report.get("run", {})
    return {"run": run.get("id"), "started": run.get("started"), "summary": report["summary"]}


def mark_drift(report: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any]:
    """A copy of the report whose sources say when their content last changed."""
    out = copy.deepcopy(report)
    before = {s["ref"]: s for s in (previous or {}).get("sources", [])}
    for src in out["sources"]:
        prev = before.get(src["ref"])
        if prev is None or not src.get("sha256"):
            continue
        if prev.get("sha256") == src["sha256"]:
            first = prev.get("same_since") or prev.get("changed") or prev.get("fetched_at")
            src["same_since"] = src.get("same_since") or first
        if src.get("changed"):
            continue
        if prev.get("sha256") and prev["sha256"] != src["sha256"]:
            src["changed"] = src.get("fetched_at") or out["run"]["finished"]
            src["previous_sha256"] = prev["sha256"]
        elif prev.get("sha256") == src["sha256"]:
            src["changed"] = prev.get("changed")
            src["previous_sha256"] = prev.get("previous_sha256")
    return out


def with_history(
    report: dict[str, Any], out_dir: Path, limit: int = HISTORY_RUNS
) -> dict[str, Any]:
    """A copy of the report with "since last run" and the run history read from out_dir."""
    run_id = report["run"]["id"]
    out = copy.deepcopy(report)
    if out.get("since_last_run") is None:
        previous = previous_report(out_dir, exclude_run=run_id)
        if previous is not None:
            out = mark_drift(out, previous)
            out["since_last_run"] = diff_reports(previous, out)
    earlier = [r for r in run_reports(out_dir, limit) if r["run"].get("id") != run_id]
    points = [history_point(r) for r in earlier]
    out["history"] = [*points[max(0, len(points) - limit + 1) :], history_point(out)]
    return out

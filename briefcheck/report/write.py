"""Write a run's report in three formats and swap `latest/` atomically."""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from pathlib import Path

from briefcheck.models import Brief
from briefcheck.report.history import LATEST, with_history
from briefcheck.report.html import render_html
from briefcheck.report.markdown import render_markdown
from briefcheck.report.model import Report

# An unfinished write older than this belongs to a run that died; younger ones may be live.
_STALE_PARTIAL_S = 3600.0


def _check_run_id(run_id: str) -> None:
    """Refuse ids that would escape out_dir or collide with `latest` and hidden folders."""
    if not run_id or run_id in (LATEST, ".", "..") or run_id.startswith(".") or "/" in run_id:
        raise ValueError(f"run id {run_id!r} cannot name a folder under the reports folder")
    if os.sep in run_id or (os.altsep and os.altsep in run_id):
        raise ValueError(f"run id {run_id!r} cannot name a folder under the reports folder")


def _write_file(path: Path, text: str) -> None:
    """Write and flush one file to disk before it can be published by a rename."""
    with path.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


def _remove_stale_partials(out_dir: Path) -> None:
    """Delete folders left by runs killed mid-write (they are never read)."""
    cutoff = time.time() - _STALE_PARTIAL_S
    for child in out_dir.glob(".partial-*"):
        try:
            if child.lstat().st_mtime >= cutoff:
                continue
            _remove(child)
        except OSError:
            continue


def _publish_run(partial: Path, run_dir: Path) -> None:
    """Move the finished folder into place, keeping what the run already put there (its WARC).

    Only the report files are replaced: a re-run with the same id rewrites them, while the
    sources.warc.gz the fetcher wrote into the run's folder moves into the new one whole.
    """
    if run_dir.exists():
        for child in run_dir.iterdir():
            if not (partial / child.name).exists():
                os.replace(child, partial / child.name)
        trash = run_dir.with_name(f".partial-{uuid.uuid4().hex}")
        os.replace(run_dir, trash)
        os.replace(partial, run_dir)
        _remove(trash)
    else:
        os.replace(partial, run_dir)


def _remove(path: Path) -> None:
    """Delete a folder, a file or a symlink (never following the link)."""
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


def _point_latest(out_dir: Path, run_id: str) -> None:
    """Make `latest` name the run with one rename of a symlink, so readers never see a gap."""
    latest = out_dir / LATEST
    staged = out_dir / f".partial-{uuid.uuid4().hex}"
    try:
        os.symlink(run_id, staged, target_is_directory=True)
    except OSError:
        # No symlinks on this filesystem (some Windows setups): stage a copy of the run.
        shutil.copytree(out_dir / run_id, staged)
    swap_aside = latest.exists() and (not latest.is_symlink() or not staged.is_symlink())
    if not swap_aside:
        os.replace(staged, latest)
        return
    # A folder cannot be renamed over another: move the old `latest` aside first; the short
    # gap is covered by `previous_report`, which falls back to the newest run folder.
    old = out_dir / f".partial-{uuid.uuid4().hex}"
    os.replace(latest, old)
    os.replace(staged, latest)
    _remove(old)


def render_all(report: Report, brief: Brief) -> dict[str, str]:
    """The three report files by name."""
    data = report.to_json()
    return {
        "report.json": json.dumps(data, ensure_ascii=False, indent=2) + "\n",
        "report.md": render_markdown(report),
        "report.html": render_html(report, brief, data),
    }


def write_reports(report: Report, out_dir: Path, brief: Brief) -> Path:
    """Write out_dir/<run-id>/report.{json,md,html} and replace out_dir/latest; return the run dir.

    Files are written into a hidden folder, which is renamed into place only when complete;
    `latest` is a symlink swapped by rename. A run killed at any point leaves the previous
    `latest` whole. "Since last run" and the history chart are read from out_dir first.
    """
    run_id = report.run.id
    _check_run_id(run_id)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_partials(out_dir)
    full = with_history(report, out_dir)
    partial = out_dir / f".partial-{uuid.uuid4().hex}"
    partial.mkdir()
    try:
        for name, text in render_all(full, brief).items():
            _write_file(partial / name, text)
        run_dir = out_dir / run_id
        _publish_run(partial, run_dir)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    _point_latest(out_dir, run_id)
    return run_dir

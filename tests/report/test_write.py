"""write_reports: run folders, an atomic `latest`, history and "since last run" across runs."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import briefcheck.report.write as write_mod
from briefcheck.report import previous_report, run_history, run_reports
from tests.support.report_sample import write_sample_run

FILES = ("report.json", "report.md", "report.html")


def _latest(out: Path) -> dict:
    return json.loads((out / "latest" / "report.json").read_text(encoding="utf-8"))


def test_a_run_writes_three_files_and_latest_shows_them(tmp_path):
    run_dir = write_sample_run(tmp_path, "run-1")
    assert run_dir == tmp_path / "run-1"
    for name in FILES:
        assert (run_dir / name).read_bytes() == (tmp_path / "latest" / name).read_bytes()
    assert _latest(tmp_path)["run"]["id"] == "run-1"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_the_second_run_reports_what_changed_since_the_first(tmp_path):
    write_sample_run(tmp_path, "run-1", "2026-11-27T09:00:00Z")
    write_sample_run(tmp_path, "run-2", "2026-11-28T09:00:00Z", fix_title=True)
    latest = _latest(tmp_path)
    assert latest["since_last_run"]["old"]["id"] == "run-1"
    assert [e["ref"] for e in latest["since_last_run"]["resolved"]] == ["5"]
    assert [h["run"] for h in latest["history"]] == ["run-1", "run-2"]
    assert "## Since last run" in (tmp_path / "latest" / "report.md").read_text(encoding="utf-8")


def test_history_is_bounded_and_ordered_by_start(tmp_path):
    for day in (3, 1, 2):
        write_sample_run(tmp_path, f"run-{day}", f"2026-11-0{day}T09:00:00Z")
    assert [r.run.id for r in run_reports(tmp_path, limit=10)] == ["run-1", "run-2", "run-3"]
    assert len(run_reports(tmp_path, limit=2)) == 2
    previous = previous_report(tmp_path)
    assert previous is not None and previous.run.id == "run-2"  # latest/ = the last written


def test_a_corrupt_earlier_report_is_skipped_not_fatal(tmp_path):
    write_sample_run(tmp_path, "run-1")
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "report.json").write_text("{not json", encoding="utf-8")
    write_sample_run(tmp_path, "run-2")
    assert [h["run"] for h in _latest(tmp_path)["history"]] == ["run-1", "run-2"]


def _spoil(run_dir: Path, edit: Callable[[dict[str, Any]], None]) -> Path:
    """Rewrite a run's report.json with `edit` applied; its path."""
    path = run_dir / "report.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_history_entry_with_a_bad_summary_is_skipped_and_named(tmp_path, caplog):
    for day in (1, 2, 3):
        write_sample_run(tmp_path, f"run-{day}", f"2026-11-0{day}T09:00:00Z")
    bad = _spoil(tmp_path / "run-2", lambda d: d["summary"].update(verified="many"))
    caplog.set_level(logging.WARNING, logger="briefcheck.report.history")
    assert [p.run for p in run_history(tmp_path)] == ["run-1", "run-3"]
    warnings = [r.getMessage() for r in caplog.records]
    assert any(str(bad) in w and "$.summary.verified" in w for w in warnings), warnings


def test_history_validates_run_and_counts_the_previous_report_everything(tmp_path, caplog):
    write_sample_run(tmp_path, "run-1", "2026-11-01T09:00:00Z")
    write_sample_run(tmp_path, "run-2", "2026-11-02T09:00:00Z")
    bad = _spoil(tmp_path / "run-2", lambda d: d["checks"][0].update(verdict="maybe"))
    (tmp_path / "latest").unlink()  # previous_report falls back to the run folders
    assert [p.run for p in run_history(tmp_path)] == ["run-1", "run-2"]
    previous = previous_report(tmp_path)
    assert previous is not None and previous.run.id == "run-1"
    warnings = [r.getMessage() for r in caplog.records]
    assert any(str(bad) in w and "$.checks[0].verdict" in w for w in warnings), warnings


@pytest.mark.parametrize("fail_at", ["report.json", "report.md", "report.html"])
def test_a_run_failing_mid_write_leaves_the_previous_latest_intact(tmp_path, monkeypatch, fail_at):
    write_sample_run(tmp_path, "run-1")
    before = {n: (tmp_path / "latest" / n).read_bytes() for n in FILES}
    real = write_mod._write_file

    def dying(path: Path, text: str) -> None:
        if path.name == fail_at:
            real(path, text[: len(text) // 2])
            raise KeyboardInterrupt("killed mid-write")
        real(path, text)

    monkeypatch.setattr(write_mod, "_write_file", dying)
    with pytest.raises(KeyboardInterrupt):
        write_sample_run(tmp_path, "run-2")
    assert {n: (tmp_path / "latest" / n).read_bytes() for n in FILES} == before
    assert not (tmp_path / "run-2").exists()
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".partial")] == []


def test_a_run_killed_before_the_swap_leaves_latest_on_the_previouswrite_sample_run(
    tmp_path, monkeypatch
):
    write_sample_run(tmp_path, "run-1")
    real_replace = os.replace

    def no_swap(src, dst):
        if Path(dst).name == "latest":
            raise KeyboardInterrupt("killed before the swap")
        return real_replace(src, dst)

    monkeypatch.setattr(write_mod.os, "replace", no_swap)
    with pytest.raises(KeyboardInterrupt):
        write_sample_run(tmp_path, "run-2")
    assert _latest(tmp_path)["run"]["id"] == "run-1"
    monkeypatch.setattr(write_mod.os, "replace", real_replace)
    write_sample_run(tmp_path, "run-3")
    assert _latest(tmp_path)["run"]["id"] == "run-3"


def test_a_real_latest_folder_from_elsewhere_is_replaced(tmp_path):
    (tmp_path / "latest").mkdir()
    (tmp_path / "latest" / "report.json").write_text("{}", encoding="utf-8")
    write_sample_run(tmp_path, "run-1")
    assert _latest(tmp_path)["run"]["id"] == "run-1"


def test_rerunning_the_same_run_id_replaces_its_folder(tmp_path):
    write_sample_run(tmp_path, "run-1")
    write_sample_run(tmp_path, "run-1", fix_title=True)
    assert _latest(tmp_path)["summary"]["not_found"] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latest", "run-1"]


@pytest.mark.parametrize("bad", ["latest", "../up", ".hidden", "", "a/b"])
def test_run_ids_that_would_escape_or_collide_are_refused(tmp_path, bad):
    with pytest.raises(ValueError, match="cannot name a folder"):
        write_sample_run(tmp_path, bad)


_WRITER = """
import sys
from pathlib import Path
from tests.support.report_sample import write_sample_run
out = Path(sys.argv[1])
for i in range(1000):
    write_sample_run(out, f"run-{i:04d}")
    print(i, flush=True)
"""


@pytest.mark.slow
@pytest.mark.parametrize("kill_after_runs", [1, 2, 4])
def test_a_writer_killed_with_sigkill_leaves_a_whole_latest(tmp_path, kill_after_runs):
    import signal
    import subprocess
    import sys
    import time

    root = Path(__file__).resolve().parents[2]
    child = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(tmp_path)],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stderr is not None
    done = [child.stdout.readline() for _ in range(kill_after_runs)]
    if not all(done):
        child.wait()
        pytest.fail(f"writer died before {kill_after_runs} run(s): {child.stderr.read()[-2000:]}")
    time.sleep(0.01 * kill_after_runs)  # land somewhere inside the next run's write
    child.send_signal(signal.SIGKILL)
    child.wait()
    latest = _latest(tmp_path)
    run = latest["run"]["id"]
    assert int(run.split("-")[1]) >= kill_after_runs - 1
    html = (tmp_path / "latest" / "report.html").read_text(encoding="utf-8")
    assert html.rstrip().endswith("</html>") and f"Run {run}" in html
    assert f"Run `{run}`" in (tmp_path / "latest" / "report.md").read_text(encoding="utf-8")


def test_without_symlinks_latest_is_a_copy_swapped_into_place(tmp_path, monkeypatch):
    def no_symlinks(*args, **kwargs):
        raise OSError("symlinks not supported here")

    monkeypatch.setattr(write_mod.os, "symlink", no_symlinks)
    write_sample_run(tmp_path, "run-1")
    write_sample_run(tmp_path, "run-2")
    latest = tmp_path / "latest"
    assert latest.is_dir() and not latest.is_symlink()
    assert _latest(tmp_path)["run"]["id"] == "run-2"
    assert _latest(tmp_path)["since_last_run"]["old"]["id"] == "run-1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latest", "run-1", "run-2"]

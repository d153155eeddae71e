"""Reading the run history: `with_history` and `previous_report` over 20 earlier runs.

usage: python -m bench.bench_history [--runs REPORTS_DIR] [--copies 20] [--repeat 20]

Without `--runs`, one offline `briefcheck verify` of the bundled brief is copied into 20 run
folders (each with its own run id and start time). Every verify pays this before writing its
report: `previous_report` for "since last run", `with_history` for the history chart.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from briefcheck.report.history import LATEST, previous_report, read_report, with_history
from briefcheck.report.model import RunInfo

ROOT = Path(__file__).resolve().parents[1]


def copied_runs(work: Path, copies: int) -> Path:
    """A reports folder holding `copies` runs of one real offline report of the bundled brief."""
    first = work / "first"
    command = [sys.executable, "-m", "briefcheck.cli", "verify", "--offline"]
    command += ["--no-orchestrator", "--out", str(first), "--cache", str(work / "cache")]
    subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
    data = json.loads((first / LATEST / "report.json").read_text(encoding="utf-8"))
    out = work / "runs"
    for n in range(copies):
        run_id = f"20260101T{n:06d}Z-bench"
        data["run"] = {**data["run"], "id": run_id, "started": f"2026-01-01T00:00:{n:02d}Z"}
        (out / run_id).mkdir(parents=True)
        (out / run_id / "report.json").write_text(json.dumps(data), encoding="utf-8")
    (out / LATEST).symlink_to(run_id, target_is_directory=True)
    return out


def median_ms(call: Callable[[], object], repeat: int) -> float:
    """The median wall time of `call` in milliseconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=Path, help="a reports folder with earlier runs")
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    runs = args.runs or copied_runs(Path(tempfile.mkdtemp(prefix="bench-history-")), args.copies)
    latest = read_report(runs / LATEST / "report.json")
    # A new run, as write_reports sees it: "since last run" already set by build_report.
    new = dataclasses.replace(latest, run=RunInfo(id="bench-new", started="2099-01-01T00:00:00Z"))
    earlier = sum(1 for p in runs.iterdir() if (p / "report.json").is_file()) - 1
    print(f"{runs}: {earlier} earlier runs, {len(latest.checks)} checks each")
    history = median_ms(lambda: with_history(new, runs), args.repeat)
    previous = median_ms(lambda: previous_report(runs), args.repeat)
    points = len(with_history(new, runs).history)
    print(f"with_history     {history:7.1f} ms  ({points} history points)")
    print(f"previous_report  {previous:7.1f} ms")


if __name__ == "__main__":
    main()

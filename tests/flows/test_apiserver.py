"""briefcheck's own background Prefect server, through the real CLI in subprocesses.

Started by the first run, reused by the next, recording runs and artifacts, stopping itself
once idle, marking a killed client's run Crashed, and giving the plain path's report.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support.apiservers import server_processes, stop_servers
from tests.support.e2e import E2E_BRIEF, ROUTES, write_sources
from tests.support.localserver import LocalServer, Route

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pages():
    with LocalServer({**ROUTES, "/slow": Route(body="<p>late</p>", delay=60.0)}) as srv:
        yield srv


class Box:
    """A PREFECT_HOME, cache and reports folder of one test, and the CLI run in them."""

    def __init__(self, tmp: Path, idle: float) -> None:
        self.tmp = tmp
        self.home = tmp / "prefect"
        self.env = {
            **{k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"},
            "PREFECT_HOME": str(self.home),
            "BRIEFCHECK_SERVER_IDLE_S": str(idle),
        }

    def argv(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "briefcheck.cli", *args]

    def run(self, *args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.argv(*args),
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=self.env,
            timeout=timeout,
        )

    def verify_args(self, sources: Path, out: str = "reports", cache: str = "cache") -> list[str]:
        """`verify` of the end-to-end brief with `sources`, into this box's folders."""
        return ["verify", str(E2E_BRIEF), "--sources", str(sources), "--allow-private-hosts",
                "--out", str(self.tmp / out), "--cache", str(self.tmp / cache)]  # fmt: skip

    def verify(self, sources: Path, *extra: str, out: str = "reports", cache: str = "cache"):
        return self.run(*self.verify_args(sources, out, cache), *extra)

    def state(self) -> dict | None:
        path = self.home / "briefcheck-server.json"
        return json.loads(path.read_text()) if path.exists() else None

    def api(self, path: str, body: dict | None = None):
        url = self.state()["url"] + path  # type: ignore[index]
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as answer:
            return json.loads(answer.read())

    def task_runs(self, at_least: int, seconds: float = 20.0) -> list[dict]:
        """The server's task runs once at least `at_least` have all finished (or at timeout)."""
        deadline = time.monotonic() + seconds
        while True:
            tasks = self.api("/task_runs/filter", {})
            settled = all(t["state_type"] == "COMPLETED" for t in tasks)
            if (len(tasks) >= at_least and settled) or time.monotonic() > deadline:
                assert len(tasks) >= at_least, f"only {len(tasks)} task runs recorded"
                return tasks
            time.sleep(0.5)

    def wait_gone(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not server_processes(home=self.home):
                return True
            time.sleep(0.25)
        return False

    def cleanup(self) -> None:
        stop_servers(server_processes(home=self.home))


@pytest.fixture
def box(tmp_path):
    b = Box(tmp_path, idle=8)
    yield b
    b.cleanup()


def _kind(task_run_name: str) -> str:
    """`fetch`, `parse` or `match`, from a task run's name (`fetch URL`, `parse-1a2`)."""
    return task_run_name.split(" ")[0].split("-")[0]


def _comparable(report: dict) -> dict:
    """A report without what differs between any two runs: its id, times and history."""
    report = {k: v for k, v in report.items() if k not in ("run", "since_last_run", "history")}
    for source in report["sources"]:
        source.pop("fetched_at", None)
    return report


def test_first_run_starts_the_server_the_next_reuses_it_records_runs_and_it_stops_when_idle(
    box, pages
):
    sources = write_sources(box.tmp, pages.origin)
    status = box.run("server", "status")
    assert status.returncode == 1 and "not running" in status.stdout

    first = box.verify(sources)
    assert first.returncode == 1, first.stderr[-2000:]  # the e2e brief has findings
    state = box.state()
    assert state and server_processes(home=box.home) == [state["pid"]]
    second = box.verify(sources, "--offline", "--verbose")
    assert second.returncode == 1, second.stderr[-2000:]
    assert box.state() == state, "the second run started another server"
    assert "Traceback" not in first.stderr + second.stderr
    # Prefect's own logging, with no ERROR line from its services at the end.
    assert "Finished in state Completed" in second.stderr
    assert "| ERROR" not in second.stderr

    runs = box.api("/flow_runs/filter", {})
    assert [r["state_type"] for r in runs] == ["COMPLETED", "COMPLETED"]
    # Task runs reach the server as events, delivered before each run let go of it (and
    # recorded by the server's own service a moment later).
    tasks = box.task_runs(at_least=2 * 5)
    assert {t["state_type"] for t in tasks} == {"COMPLETED"}
    assert "Logging error" not in first.stderr + second.stderr
    keys = {a["key"] for a in box.api("/artifacts/filter", {})}
    assert {"briefcheck-summary", "briefcheck-findings"} <= keys
    assert not list((box.home / "briefcheck-server.leases").glob("*.json"))

    status = box.run("server", "status")
    assert status.returncode == 0 and state["url"].removesuffix("/api") in status.stdout
    # Idle for 8 s after the last run: the server stops itself and says so in its log.
    assert box.wait_gone(8 + 20), "the server did not stop once idle"
    assert box.state() is None
    assert "idle for 8 s: stopping" in (box.home / "briefcheck-server.log").read_text()


def test_plain_and_prefect_paths_write_the_same_report(box, pages):
    sources = write_sources(box.tmp, pages.origin)
    plain = box.verify(sources, "--no-orchestrator", out="plain", cache="plain-cache")
    prefect = box.verify(sources, out="prefect", cache="prefect-cache")
    assert plain.returncode == prefect.returncode == 1, prefect.stderr[-2000:]
    reports = [
        json.loads((box.tmp / out / "latest" / "report.json").read_text(encoding="utf-8"))
        for out in ("plain", "prefect")
    ]
    assert reports[0]["checks"], "nothing was checked"
    assert _comparable(reports[0]) == _comparable(reports[1])


def test_a_warm_run_is_answered_from_the_store_with_no_task_run_and_the_same_checks(box, pages):
    """Fetches the cache answers, parses and matches the store holds run in the flow itself.

    A task run costs Prefect's bookkeeping, more than reading a stored result; the cold run
    has its tasks, the warm one (every copy within its ttl) has none, and the checks agree.
    """
    sources = write_sources(box.tmp, pages.origin)
    cold = box.verify(sources)
    warm = box.verify(sources)
    assert cold.returncode == warm.returncode == 1, warm.stderr[-2000:]
    box.task_runs(at_least=5)  # the cold run's, once recorded
    first, second = sorted(box.api("/flow_runs/filter", {}), key=lambda r: r["start_time"])
    assert first["state_type"] == second["state_type"] == "COMPLETED"
    by_run: dict[str, list[str]] = {}
    for t in box.api("/task_runs/filter", {}):
        by_run.setdefault(t["flow_run_id"], []).append(t["name"])
    cold_tasks, warm_tasks = by_run.get(first["id"], []), by_run.get(second["id"], [])
    assert {_kind(t) for t in cold_tasks} == {"fetch", "parse", "match"}, cold_tasks
    # Warm, only the sources that failed (failures are not cached) are fetched again.
    assert {_kind(t) for t in warm_tasks} <= {"fetch"}, warm_tasks
    cached = [t for t in cold_tasks if _kind(t) == "parse"]
    assert len(warm_tasks) <= len([t for t in cold_tasks if _kind(t) == "fetch"]) - len(cached)
    checks = [
        json.loads(r.read_text(encoding="utf-8"))["checks"]
        for r in sorted((box.tmp / "reports").glob("*/report.json"))
        if r.parent.name != "latest"
    ]
    assert len(checks) == 2 and checks[0] and checks[0] == checks[1]


def test_a_killed_client_s_run_is_marked_crashed_and_the_server_still_stops(box, pages):
    slow = box.tmp / "slow.yaml"
    slow.write_text(f'sources:\n  "1": {{url: "{pages.origin}/slow"}}\n', encoding="utf-8")
    client = subprocess.Popen(
        box.argv(*box.verify_args(slow)),
        cwd=ROOT,
        env=box.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        lease = box.home / "briefcheck-server.leases" / f"{client.pid}.json"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and pages.hits("/slow") == 0:
            time.sleep(0.2)
        assert pages.hits("/slow"), "the run never reached the slow source"
        run_id = json.loads(lease.read_text())["flow_runs"][0]
        client.send_signal(signal.SIGKILL)
        client.wait(timeout=10)
        deadline = time.monotonic() + 15
        state = None
        while time.monotonic() < deadline:
            state = box.api(f"/flow_runs/{run_id}")["state"]["type"]
            if state == "CRASHED":
                break
            time.sleep(0.5)
        assert state == "CRASHED"
        assert not lease.exists()
        assert box.wait_gone(8 + 20), "the server did not stop once its last client died"
    finally:
        if client.poll() is None:
            client.kill()


def test_server_start_status_and_stop(box):
    started = box.run("server", "start", "--idle", "300")
    assert started.returncode == 0, started.stderr
    assert started.stdout.startswith("started http://127.0.0.1:")
    assert "stops 300 s after its last run" in started.stdout
    again = box.run("server", "start")
    assert again.returncode == 0 and again.stdout.startswith("already running: ")
    pid = box.state()["pid"]  # type: ignore[index]
    status = box.run("server", "status")
    assert status.returncode == 0 and f"pid {pid}" in status.stdout
    stopped = box.run("server", "stop")
    assert stopped.returncode == 0 and f"(pid {pid})" in stopped.stdout
    assert box.wait_gone(5)
    assert box.run("server", "stop").stdout.strip() == "not running"


def test_a_configured_api_that_does_not_answer_is_one_line_and_exit_2(box, pages):
    sources = write_sources(box.tmp, pages.origin)
    box.env["PREFECT_API_URL"] = "http://127.0.0.1:9/api"
    done = box.verify(sources)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "briefcheck: error: PREFECT_API_URL=http://127.0.0.1:9/api"
    )
    assert "Traceback" not in done.stderr
    assert not server_processes(home=box.home)


def test_idle_0_stops_the_server_when_the_run_ends_and_nothing_of_the_run_is_lost(tmp_path, pages):
    box = Box(tmp_path, idle=0)
    try:
        sources = write_sources(box.tmp, pages.origin)
        done = box.verify(sources)
        assert done.returncode == 1, done.stderr[-2000:]
        assert box.wait_gone(10), "an idle-0 server outlived its run"
        assert "Logging error" not in done.stderr
        # The run, its task runs and its artifacts are in the database the next server reads.
        assert box.run("server", "start", "--idle", "60").returncode == 0
        (run,) = box.api("/flow_runs/filter", {})
        assert run["state_type"] == "COMPLETED"
        tasks = box.task_runs(at_least=2 * 5)
        assert {t["state_type"] for t in tasks} == {"COMPLETED"}
        assert box.api("/artifacts/filter", {})
    finally:
        box.cleanup()


def test_verify_many_falls_back_to_the_plain_steps_when_the_server_cannot_start(box, pages):
    shelf = box.tmp / "shelf"
    shelf.mkdir()
    (shelf / "brief.txt").write_bytes(E2E_BRIEF.read_bytes())
    write_sources(shelf, pages.origin)
    box.env["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "1"
    done = box.run(
        "verify-many",
        str(shelf),
        "--out",
        str(box.tmp / "out"),
        "--cache",
        str(box.tmp / "cache"),
        "--allow-private-hosts",
        "--quiet",
    )
    assert done.returncode == 1, done.stderr[-2000:]
    assert "did not answer within 1 s" in done.stderr
    assert "running without the orchestrator" in done.stderr
    assert "Traceback" not in done.stderr
    assert (box.tmp / "out" / "brief" / "latest" / "report.json").exists()
    assert not server_processes(home=box.home)

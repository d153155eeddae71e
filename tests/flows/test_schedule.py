"""`briefcheck schedule` against a real `prefect server`: deploy, trigger via the API, report."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support.corpus import build_corpus, rebase
from tests.support.localserver import LocalServer, Route
from tests.support.prefect_server import (
    TRIGGER,
    free_port,
    server_env,
    start_server,
    stop_process,
)

# The orchestration commands on their own, whether or not the main CLI has wired them yet.
COMMANDS = [sys.executable, "-m", "briefcheck.cli"]


def _wait_deployment(
    env: dict[str, str], name: str, proc: subprocess.Popen, seconds: float
) -> None:
    url = f"{env['PREFECT_API_URL']}/deployments/name/{name}"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, "briefcheck schedule exited"
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"deployment {name} not registered after {seconds}s")


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_scheduled_deployment_runs_through_the_api(tmp_path):
    corpus = build_corpus(tmp_path / "shelf", briefs=2, sources=3, pages=4, seed=41)
    routes = {path: Route(body=page.html()) for path, page in corpus.pages.items()}
    port = free_port()
    env = server_env(tmp_path, port)
    out = tmp_path / "reports"
    procs: list[subprocess.Popen] = []
    try:
        with LocalServer(routes) as pages:
            rebase(corpus, pages.url)
            procs.append(start_server(env, port))
            options = ["--name", "nightly", "--out", str(out), "--allow-private-hosts"]
            options += ["--cache", str(tmp_path / "cache")]
            serving = subprocess.Popen(
                [*COMMANDS, "schedule", "--cron", "0 6 * * *", str(corpus.root), *options],
                env=env,
                cwd=tmp_path,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            procs.append(serving)
            _wait_deployment(env, "verify_briefs/nightly-shelf", serving, 90)
            started = time.monotonic()
            trigger = subprocess.run(
                [sys.executable, "-c", TRIGGER, "verify_briefs/nightly-shelf", "150"],
                env=env,
                capture_output=True,
                text=True,
                timeout=180,
            )
            print(f"\nscheduled run triggered and finished in {time.monotonic() - started:.1f}s")
            assert trigger.stdout.strip().endswith("COMPLETED"), trigger.stdout + trigger.stderr
            assert pages.hits() >= len(routes)
    finally:
        for proc in reversed(procs):
            stop_process(proc)
    for brief in corpus.briefs:
        latest = out / f"{brief.parent.name}-brief" / "latest" / "report.json"
        report = json.loads(latest.read_text(encoding="utf-8"))
        assert report["brief"]["path"].endswith(str(Path(brief.parent.name) / "brief.txt"))
        assert sum(report["summary"].values()) == len(report["checks"]) > 0

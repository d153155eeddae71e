"""`prefect.yaml` deployed to a real `prefect server` and run by a process worker."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from tests.support.corpus import build_corpus, rebase
from tests.support.localserver import LocalServer, Route
from tests.support.prefect_server import (
    PREFECT,
    ROOT,
    TRIGGER,
    free_port,
    server_env,
    start_server,
    stop_process,
)

POOL = "briefcheck-test"


def _prefect(args: list[str], env: dict[str, str], timeout: float) -> str:
    proc = subprocess.run(
        [*PREFECT, "--no-prompt", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc.stdout


@pytest.mark.slow
@pytest.mark.timeout(400)
def test_prefect_yaml_deployment_runs_on_a_process_worker(tmp_path):
    corpus = build_corpus(tmp_path / "shelf", briefs=2, sources=3, pages=4, seed=43)
    routes = {path: Route(body=page.html()) for path, page in corpus.pages.items()}
    port = free_port()
    env = server_env(tmp_path, port)
    env["BRIEFCHECK_HOME"] = str(ROOT)  # prefect.yaml's pull step starts runs in the checkout
    out = tmp_path / "reports"
    opts = {
        "brief": str(corpus.root),
        "sources": None,
        "out": str(out),
        "cache": str(tmp_path / "cache"),
        "offline": False,
        "allow_private_hosts": True,
        "reviews": None,
        "write_warc": False,
    }
    params = json.dumps({"briefs": [str(corpus.root)], "opts": opts})
    procs: list[subprocess.Popen] = []
    try:
        with LocalServer(routes) as pages:
            rebase(corpus, pages.url)
            procs.append(start_server(env, port))
            _prefect(["work-pool", "create", POOL, "--type", "process"], env, 120)
            _prefect(
                [
                    "deploy",
                    "--prefect-file",
                    str(ROOT / "prefect.yaml"),
                    "--name",
                    "briefs",
                    "--pool",
                    POOL,
                    "--params",
                    params,
                ],
                env,
                180,
            )
            started = time.monotonic()
            trigger = subprocess.Popen(
                [sys.executable, "-c", TRIGGER, "verify_briefs/briefs", "240"],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                start_new_session=True,
            )
            procs.append(trigger)
            worker = subprocess.Popen(
                [*PREFECT, "worker", "start", "--pool", POOL, "--type", "process"],
                env=env,
                cwd=tmp_path,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            procs.append(worker)
            stdout, stderr = trigger.communicate(timeout=260)
            print(f"\nworker run triggered and finished in {time.monotonic() - started:.1f}s")
            assert stdout.strip().endswith("COMPLETED"), stdout + stderr[-3000:]
    finally:
        for proc in reversed(procs):
            stop_process(proc)
    for brief in corpus.briefs:
        latest = out / f"{brief.parent.name}-brief" / "latest" / "report.json"
        report = json.loads(latest.read_text(encoding="utf-8"))
        assert sum(report["summary"].values()) == len(report["checks"]) > 0

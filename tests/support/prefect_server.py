"""A real `prefect server` on 127.0.0.1 for the deployment tests: start, stop, trigger runs."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).parents[2]
PREFECT = [sys.executable, "-m", "prefect"]

TRIGGER = """
import sys
from prefect.deployments import run_deployment
run = run_deployment(sys.argv[1], timeout=float(sys.argv[2]))
print(run.state.type.value if run.state else "NONE")
"""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(url: str, proc: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, "prefect server exited"
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"prefect server not healthy after {seconds}s")


def server_env(tmp_path: Path, port: int) -> dict[str, str]:
    """A hermetic, quiet Prefect environment pointing at a server on 127.0.0.1:port."""
    return {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def start_server(env: dict[str, str], port: int) -> subprocess.Popen:
    """A real `prefect server` on 127.0.0.1, returned once its API answers."""
    server = subprocess.Popen(
        [*PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_healthy(env["PREFECT_API_URL"], server, 120)
    except BaseException:
        stop_process(server)
        raise
    return server


def stop_process(proc: subprocess.Popen) -> None:
    """Interrupt a process group, then kill it if it lingers."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGINT)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)

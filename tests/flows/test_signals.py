"""Ctrl-C and SIGTERM during a slow fetch, through the real CLI in a subprocess (issue 13).

The default path once waited for every source in flight (up to its 60 s deadline) before
exiting, since Prefect's task runner joins its threads; SIGTERM killed the process where it
stood, lease and all. Both paths now end within seconds, with one line and their exit code,
and leave earlier reports as they were (the interrupted run writes no report).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefcheck.cli import main
from briefcheck.flows.apiserver import MODULE
from tests.support.apiservers import server_processes, stop_servers
from tests.support.e2e import E2E_BRIEF, ROUTES, write_sources
from tests.support.localserver import LocalServer, Route

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

# From the signal to the process gone, Prefect's own shutdown included.
PROMPT_S = 10.0


@pytest.fixture(scope="module")
def pages():
    with LocalServer({**ROUTES, "/slow": Route(body="<p>late</p>", delay=60.0)}) as srv:
        yield srv


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """One PREFECT_HOME for the module: the first default-path run starts the server."""
    home = tmp_path_factory.mktemp("signals") / "prefect"
    yield home
    stop_servers(server_processes(home=home))


@pytest.fixture(scope="module")
def earlier(pages, tmp_path_factory) -> Path:
    """A reports folder holding one finished run (plain path, in this process)."""
    tmp = tmp_path_factory.mktemp("earlier")
    sources = write_sources(tmp, pages.origin)
    argv = ["verify", str(E2E_BRIEF), "--sources", str(sources), "--out", str(tmp / "reports")]
    argv += ["--cache", str(tmp / "cache"), "--allow-private-hosts", "--no-orchestrator"]
    assert main(argv) == 1  # the e2e brief has findings
    return tmp / "reports"


def _tree(folder: Path) -> dict[str, bytes | str]:
    """Every file's bytes and every symlink's target under `folder`, by relative path."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = os.readlink(path)
        elif path.is_file():
            found[name] = path.read_bytes()
    return found


def _children(pid: int) -> list[int]:
    """Pids whose parent is `pid`."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _running(pid: int) -> bool:
    try:
        return ") Z" not in Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False


def _is_server(pid: int) -> bool:
    try:
        return MODULE.encode() in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False


@pytest.mark.parametrize(
    ("orchestrated", "sig", "code", "line"),
    [
        (True, signal.SIGINT, 130, "briefcheck: interrupted"),
        (True, signal.SIGTERM, 143, "briefcheck: terminated"),
        (False, signal.SIGINT, 130, "briefcheck: interrupted"),
        (False, signal.SIGTERM, 143, "briefcheck: terminated"),
    ],
    ids=["default-sigint", "default-sigterm", "plain-sigint", "plain-sigterm"],
)
def test_a_signal_during_a_slow_fetch_ends_the_run_within_seconds(
    orchestrated, sig, code, line, pages, home, earlier, tmp_path
):
    out = tmp_path / "reports"
    shutil.copytree(earlier, out, symlinks=True)
    before = _tree(out)
    sources = tmp_path / "slow.yaml"
    lines = [
        f'  "1": {{url: "{pages.origin}/slow"}}',
        f'  "2": {{url: "{pages.origin}/farm/plan"}}',
    ]
    sources.write_text("sources:\n" + "\n".join(lines) + "\n", encoding="utf-8")
    argv = [sys.executable, "-m", "briefcheck.cli", "verify", str(E2E_BRIEF)]
    argv += ["--sources", str(sources), "--out", str(out), "--cache", str(tmp_path / "cache")]
    argv += ["--allow-private-hosts", *([] if orchestrated else ["--no-orchestrator"])]
    # The command's own logging defaults, whatever earlier tests left in this process.
    unset = ("PREFECT_API_URL", "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env |= {"PREFECT_HOME": str(home), "BRIEFCHECK_SERVER_IDLE_S": "60"}
    stderr = tmp_path / "stderr.txt"
    seen = pages.hits("/slow")
    with stderr.open("w") as err:
        proc = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err
        )
    try:
        deadline = time.monotonic() + 150  # a first run starts the Prefect server
        while pages.hits("/slow") == seen and proc.poll() is None:
            assert time.monotonic() < deadline, "the run never reached the slow source"
            time.sleep(0.05)
        assert proc.poll() is None, stderr.read_text()[-2000:]
        time.sleep(0.3)  # the request is in flight, 60 s from its answer
        children = [c for c in _children(proc.pid) if not _is_server(c)]
        sent = time.monotonic()
        proc.send_signal(sig)
        proc.wait(timeout=90)
        took = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    said = stderr.read_text()
    assert took <= PROMPT_S, f"exited {took:.1f} s after the signal"
    assert proc.returncode == code, said[-2000:]
    assert "Traceback" not in said
    ours = [s for s in said.splitlines() if s.startswith("briefcheck:")]
    assert ours == [line] and said.rstrip().endswith(line)
    assert "| ERROR" not in said, said[-2000:]  # Prefect's own crash line stays off the console
    after = _tree(out)
    assert {name: after.get(name) for name in before} == before  # earlier reports, `latest`
    # Nothing of the interrupted run but the WARC of what it fetched (whole gzip members).
    assert {Path(name).name for name in set(after) - set(before)} <= {"sources.warc.gz"}
    assert not [c for c in children if _running(c)], "a child process outlived the command"
    assert not (home / "briefcheck-server.leases" / f"{proc.pid}.json").exists()

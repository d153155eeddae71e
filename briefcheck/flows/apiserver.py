"""briefcheck's own local Prefect server: started once in the background, reused, idle-stopped.

Without PREFECT_API_URL, Prefect would start a temporary API for every command (5-15 s) and
stop it again. Instead the first verifying command starts this server as a detached process
under PREFECT_HOME, and later commands find it through its state file and reuse it, so every
run stays a Prefect run, shown with its artifacts in the server's UI.

While a command runs it holds a lease: a file naming its pid and its flow runs. The server
stops itself once no lease has been held for `idle` seconds, and marks the flow runs of a
client that died without finishing (kill -9) Crashed, which is what heartbeats would do. Its
start and its stop are decided under one file lock, so a command never leases a server that
is about to go.

Files in PREFECT_HOME: `briefcheck-server.json` (pid, url, idle policy), `.lock`, `.log`,
`.used` (its mtime: when a lease last ended) and `briefcheck-server.leases/<pid>.json`.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from briefcheck.errors import BriefcheckError

IDLE_ENV = "BRIEFCHECK_SERVER_IDLE_S"
DEFAULT_IDLE_S = 600.0
# Tests tag the servers they start so that a session's end can find and stop every one.
TAG_ENV = "BRIEFCHECK_SERVER_TAG"
# The lease of the command a flow run belongs to (inherited by Prefect's run subprocesses).
LEASE_ENV = "BRIEFCHECK_SERVER_LEASE"
STARTUP_ENV = "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"
MODULE = "briefcheck.flows.apiserver"
_POLL_S = 0.1
_WATCH_S = 1.0
_TERMINAL = {"COMPLETED", "FAILED", "CANCELLED", "CRASHED"}


class ServerStartError(RuntimeError):
    """The background Prefect API server did not become healthy in time."""


@dataclass(frozen=True, kw_only=True)
class ServerState:
    """What the running server wrote about itself."""

    pid: int
    url: str
    started: float
    idle_s: float
    prefect: str

    @property
    def ui(self) -> str:
        return self.url.removesuffix("/api")


@dataclass(frozen=True)
class ServerFiles:
    """Where one PREFECT_HOME keeps its server's state, lock, log and leases."""

    home: Path

    @classmethod
    def here(cls) -> ServerFiles:
        """The files of the PREFECT_HOME in the environment (set by `configure_prefect`)."""
        return cls(Path(os.environ["PREFECT_HOME"]))

    @property
    def state(self) -> Path:
        return self.home / "briefcheck-server.json"

    @property
    def lock(self) -> Path:
        return self.home / "briefcheck-server.lock"

    @property
    def log(self) -> Path:
        return self.home / "briefcheck-server.log"

    @property
    def used(self) -> Path:
        return self.home / "briefcheck-server.used"

    @property
    def leases(self) -> Path:
        return self.home / "briefcheck-server.leases"


@contextlib.contextmanager
def locked(files: ServerFiles) -> Iterator[None]:
    """Hold the PREFECT_HOME's server lock: starts, leases and idle stops are decided under it."""
    files.home.mkdir(parents=True, exist_ok=True)
    with files.lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read_state(files: ServerFiles) -> ServerState | None:
    """The state file, or None when it is missing or not what the server writes."""
    try:
        raw = json.loads(files.state.read_text(encoding="utf-8"))
        return ServerState(
            pid=int(raw["pid"]),
            url=str(raw["url"]),
            started=float(raw["started"]),
            idle_s=float(raw["idle_s"]),
            prefect=str(raw["prefect"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _is_server(pid: int) -> bool:
    """Whether `pid` is alive and is one of these servers (not a reused pid)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    try:
        return MODULE.encode() in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return not Path("/proc/self").exists()  # no /proc: trust the signal


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _api(url: str, body: dict[str, Any] | None = None, timeout: float = 5.0) -> Any:
    """GET (or POST `body` to) a Prefect API URL on this machine; the answer's JSON."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with _DIRECT.open(request, timeout=timeout) as answer:
        return json.loads(answer.read() or b"null")


def healthy(url: str, timeout: float = 2.0) -> bool:
    """Whether a Prefect API answers its health check at `url`."""
    try:
        return bool(_api(f"{url}/health", timeout=timeout))
    except (OSError, ValueError):
        return False


def running(files: ServerFiles) -> ServerState | None:
    """The server of this PREFECT_HOME when it is up and answering, else None."""
    state = read_state(files)
    if state is None or not _is_server(state.pid) or not healthy(state.url):
        return None
    return state


def idle_seconds() -> float:
    """How long a server may stay unused: $BRIEFCHECK_SERVER_IDLE_S or ten minutes."""
    raw = os.environ.get(IDLE_ENV, "")
    try:
        value = float(raw) if raw else DEFAULT_IDLE_S
    except ValueError:
        raise BriefcheckError(f"{IDLE_ENV}={raw!r}: expected seconds ≥ 0") from None
    if not value >= 0:
        raise BriefcheckError(f"{IDLE_ENV}={raw!r}: expected seconds ≥ 0")
    return value


def startup_seconds() -> float:
    """How long to wait for a new server: Prefect's own setting for its temporary API."""
    raw = os.environ.get(STARTUP_ENV, "")
    try:
        return float(raw) if raw else 90.0
    except ValueError:
        raise BriefcheckError(f"{STARTUP_ENV}={raw!r}: expected seconds") from None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _spawn(files: ServerFiles, idle_s: float) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", MODULE, "serve", "--home", str(files.home)]
    command += ["--port", str(_free_port()), "--idle", repr(idle_s)]
    if tag := os.environ.get(TAG_ENV):
        command += ["--tag", tag]
    with files.log.open("ab") as log:
        return subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,  # outlives the command, and its Ctrl-C
            env={k: v for k, v in os.environ.items() if k != LEASE_ENV},
        )


def _terminate(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _wait_started(files: ServerFiles, proc: subprocess.Popen[bytes], timeout: float) -> ServerState:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        state = read_state(files)
        if state is not None and state.pid == proc.pid and healthy(state.url, timeout=1.0):
            return state
        time.sleep(_POLL_S)
    exited = proc.poll()
    _terminate(proc)
    why = f"exited with {exited}" if exited is not None else f"did not answer within {timeout:g} s"
    raise ServerStartError(f"briefcheck's Prefect API server {why} (log: {files.log})")


def start(files: ServerFiles, *, idle_s: float, timeout: float) -> tuple[ServerState, bool]:
    """The running server, or a new one once it answers; and whether it is new."""
    with locked(files):
        state = running(files)
        if state is not None:
            return state, False
        files.state.unlink(missing_ok=True)
        try:
            return _wait_started(files, _spawn(files, idle_s), timeout), True
        except ServerStartError:
            with contextlib.suppress(ServerStartError):  # a port someone took meanwhile
                return _wait_started(files, _spawn(files, idle_s), timeout), True
            raise


def stop(files: ServerFiles, timeout: float = 20.0) -> ServerState | None:
    """Stop this PREFECT_HOME's server (runs in flight are marked Crashed); what was stopped."""
    with locked(files):
        state = read_state(files)
        files.state.unlink(missing_ok=True)
    if state is None or not _is_server(state.pid):
        return None
    os.kill(state.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _alive(state.pid) and time.monotonic() < deadline:
        time.sleep(_POLL_S)
    if _alive(state.pid):
        os.kill(state.pid, signal.SIGKILL)
    return state


@contextlib.contextmanager
def lease(files: ServerFiles, state: ServerState) -> Iterator[Path]:
    """Hold the server while this process runs flows on it; ends by noting when it was used."""
    files.leases.mkdir(parents=True, exist_ok=True)
    path = files.leases / f"{os.getpid()}.json"
    path.write_text(json.dumps({"pid": os.getpid(), "url": state.url, "flow_runs": []}))
    before = os.environ.get(LEASE_ENV)
    os.environ[LEASE_ENV] = str(path)
    try:
        yield path
    finally:
        if before is None:
            os.environ.pop(LEASE_ENV, None)
        else:
            os.environ[LEASE_ENV] = before
        path.unlink(missing_ok=True)
        files.used.touch()


def note_flow_run(flow_run_id: str) -> None:
    """Add a flow run to the lease this process (or its parent) holds, if any."""
    path = os.environ.get(LEASE_ENV)
    if not path:
        return
    with contextlib.suppress(OSError, ValueError), open(path, "r+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        held = json.load(handle)
        held["flow_runs"] = [*held.get("flow_runs", []), flow_run_id]
        handle.seek(0)
        handle.truncate()
        json.dump(held, handle)


def configured_api() -> str | None:
    """The Prefect API the user chose (`PREFECT_API_URL`), or None: briefcheck's own then."""
    return os.environ.get("PREFECT_API_URL") or None


@contextlib.contextmanager
def prefect_api() -> Iterator[ServerState | None]:
    """Point this process's flows at a Prefect API for the length of the block.

    A configured PREFECT_API_URL is used as it is (and must answer); otherwise briefcheck's
    own server, started if need be and leased while the block runs.
    """
    configured = configured_api()
    if configured:
        if not healthy(configured, timeout=5.0):
            raise BriefcheckError(
                f"PREFECT_API_URL={configured}: no Prefect API answers there "
                "(start that server, or unset PREFECT_API_URL to use briefcheck's own)"
            )
        yield None
        return
    files = ServerFiles.here()
    state, _ = start(files, idle_s=idle_seconds(), timeout=startup_seconds())
    with lease(files, state):
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings(updates={PREFECT_API_URL: state.url}):
            try:
                yield state
            finally:
                _deliver_pending()


def _deliver_pending(timeout: float = 30.0) -> None:
    """Send the events (task runs among them) and logs Prefect still queues, while leased.

    Prefect sends them from background threads and otherwise waits for them at exit, when
    an idle server may already have stopped.
    """
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (EventsWorker, APILogWorker):
        worker.drain_all(timeout=timeout, at_exit=False)


# The server process.


def _crash_orphans(files: ServerFiles, url: str) -> int:
    """End the leases of dead clients, marking their unfinished flow runs Crashed."""
    live = 0
    for path in sorted(files.leases.glob("*.json")) if files.leases.is_dir() else []:
        try:
            held = json.loads(path.read_text(encoding="utf-8"))
            pid = int(held["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            path.unlink(missing_ok=True)
            continue
        if _alive(pid):
            live += 1
            continue
        for run_id in held.get("flow_runs", []):
            _crash(url, str(run_id), pid)
        path.unlink(missing_ok=True)
        files.used.touch()
    return live


def _crash(url: str, run_id: str, pid: int) -> None:
    try:
        run = _api(f"{url}/flow_runs/{run_id}")
        if (run.get("state") or {}).get("type") in _TERMINAL:
            return
        message = f"the briefcheck process {pid} running it ended without finishing (killed?)"
        state = {"type": "CRASHED", "name": "Crashed", "message": message}
        _api(f"{url}/flow_runs/{run_id}/set_state", {"state": state, "force": True})
    except (OSError, ValueError) as err:
        print(f"could not mark flow run {run_id} crashed: {err}", file=sys.stderr, flush=True)


def _last_used(files: ServerFiles, started: float) -> float:
    try:
        return max(files.used.stat().st_mtime, started)
    except OSError:
        return started


def _watch(files: ServerFiles, server: Any, state: ServerState) -> None:
    """Publish the state once serving, then reap dead leases and stop when idle."""
    while not server.started:
        if server.should_exit:
            return
        time.sleep(_POLL_S)
    # Not under the lock: the command that started this server holds it while it waits.
    partial = files.state.with_suffix(f".{state.pid}.tmp")
    partial.write_text(json.dumps(asdict(state)), encoding="utf-8")
    partial.replace(files.state)
    while not server.should_exit:
        time.sleep(_WATCH_S)
        with locked(files):
            ours = read_state(files)
            if ours is None or ours.pid != state.pid:  # stopped, or replaced
                server.should_exit = True
                break
            live = _crash_orphans(files, state.url)
            if not live and time.time() - _last_used(files, state.started) >= state.idle_s:
                files.state.unlink(missing_ok=True)
                print(f"idle for {state.idle_s:g} s: stopping", flush=True)
                server.should_exit = True


def serve(home: Path, port: int, idle_s: float) -> None:
    """Run the API (with its services and UI) on 127.0.0.1:port until idle or stopped."""
    url = f"http://127.0.0.1:{port}/api"
    os.environ.update(
        {
            "PREFECT_HOME": str(home),
            "PREFECT_API_URL": url,
            "PREFECT_UI_API_URL": url,
            "PREFECT_SERVER_API_HOST": "127.0.0.1",
            "PREFECT_SERVER_API_PORT": str(port),
            "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
        }
    )
    import prefect
    import uvicorn
    from prefect.server.api.server import create_app

    from briefcheck.flows.busy import RetryBusy

    files = ServerFiles(home)
    state = ServerState(
        pid=os.getpid(), url=url, started=time.time(), idle_s=idle_s, prefect=prefect.__version__
    )
    config = uvicorn.Config(
        RetryBusy(create_app(final=True)),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="on",
    )
    server = uvicorn.Server(config)
    watchdog = threading.Thread(target=_watch, args=(files, server, state), daemon=True)
    watchdog.start()
    print(f"serving {url} for {home} (idle stop after {idle_s:g} s)", flush=True)
    try:
        server.run()
    finally:
        with locked(files):
            if (ours := read_state(files)) is not None and ours.pid == state.pid:
                files.state.unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # a client that died in the last second
            _crash_orphans(files, url)
        print("stopped", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m briefcheck.flows.apiserver serve --home H --port P --idle S [--tag T]`."""
    parser = argparse.ArgumentParser(prog=f"python -m {MODULE}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("serve", help="run the server in this process")
    p.add_argument("--home", required=True, type=Path)
    p.add_argument("--port", required=True, type=int)
    p.add_argument("--idle", required=True, type=float)
    p.add_argument("--tag", help="a label for finding the servers a test session started")
    args = parser.parse_args(argv)
    serve(args.home.resolve(), args.port, args.idle)
    return 0


if __name__ == "__main__":
    sys.exit(main())

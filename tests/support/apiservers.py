"""Find and stop the background Prefect servers (`briefcheck.flows.apiserver`) tests start."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

from briefcheck.flows.apiserver import MODULE


def server_processes(*, home: Path | None = None, tag: str | None = None) -> list[int]:
    """Pids of running servers, those of one PREFECT_HOME or one test session's tag."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if MODULE.encode() not in argv:
            continue
        words = [a.decode(errors="replace") for a in argv]
        if home is not None and _value(words, "--home") != str(home.resolve()):
            continue
        if tag is not None and _value(words, "--tag") != tag:
            continue
        found.append(int(entry.name))
    return found


def _value(words: list[str], flag: str) -> str | None:
    return words[words.index(flag) + 1] if flag in words[:-1] else None


def stop_servers(pids: list[int], timeout: float = 20.0) -> None:
    """SIGTERM, then SIGKILL what is left after `timeout`."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.1)
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/cmdline").exists() and _not_zombie(pid)


def _not_zombie(pid: int) -> bool:
    try:
        return ") Z" not in Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False

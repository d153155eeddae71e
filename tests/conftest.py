"""Test-wide setup: Prefect made hermetic and quiet before anything imports it."""

from __future__ import annotations

import os
import tempfile
import uuid

import pytest

_PREFECT_HOME = tempfile.mkdtemp(prefix="briefcheck-prefect-")
os.environ.setdefault("PREFECT_HOME", _PREFECT_HOME)
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# Background Prefect servers the verifying commands start carry this tag, and stop sooner.
TAG = os.environ.setdefault("BRIEFCHECK_SERVER_TAG", f"pytest-{uuid.uuid4().hex[:12]}")
os.environ.setdefault("BRIEFCHECK_SERVER_IDLE_S", "120")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Nothing is left running after the tests: stop every server this session started."""
    from tests.support.apiservers import server_processes, stop_servers

    stop_servers(server_processes(tag=TAG))

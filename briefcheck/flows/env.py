"""Make Prefect hermetic and quiet; must run before anything imports prefect."""

from __future__ import annotations

import os
from pathlib import Path

from briefcheck import settings

# Prefect phones home and writes to ~/.prefect by default; a checker run from cron or CI
# should do neither, and its ephemeral API server can take a while to start on a busy box.
_QUIET_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_LOG_PRINTS": "false",
    # The in-process API server logs transient SQLite contention (retried, nothing lost) as
    # errors on a busy machine; a user sees them only with --verbose.
    "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
    # Prefect's console lines repeat what briefcheck says in its own one line (a crash on
    # Ctrl-C, a failed run); the runs' logs still reach the API and its UI at WARNING.
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "CRITICAL",
}


def configure_prefect(cache_dir: Path | None = None, *, verbose: bool = False) -> None:
    """Set Prefect's environment unless the user already chose values."""
    home = (cache_dir or settings.DEFAULT_CACHE_DIR) / "prefect"
    os.environ.setdefault("PREFECT_HOME", str(home.resolve()))
    # Prefect creates its home but not the folders above it (a fresh clone has no .cache).
    Path(os.environ["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)
    for key, value in _QUIET_DEFAULTS.items():
        os.environ.setdefault(key, value)
    if verbose:
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"
        os.environ["PREFECT_SERVER_LOGGING_LEVEL"] = "WARNING"
        os.environ["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] = "NOTSET"

"""The `briefcheck` command line: a leaf that nothing in the package imports.

Each module registers its commands on the parser: `documents` (extract, sources init, diff,
review), `orchestrate` (verify, watch, verify-many, schedule) and `server` (the local
Prefect server they share).
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import logging
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import NoReturn

from briefcheck import __version__
from briefcheck.cli import documents, orchestrate, server
from briefcheck.cli.options import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_TERMINATED, EXIT_USAGE
from briefcheck.errors import BriefcheckError
from briefcheck.flows.apiserver import ServerStartError


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line (`briefcheck: error: …`), as every other bad input is."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.removeprefix("briefcheck").strip()
        hint = f" (see briefcheck {command + ' ' if command else ''}--help)"
        self.exit(EXIT_USAGE, f"briefcheck: error: {message}{hint}\n")


def build_parser() -> argparse.ArgumentParser:
    """The parser with every command registered."""
    parser = _Parser(
        prog="briefcheck",
        description="Check a footnoted brief's quotations, dates and citations against sources.",
        epilog=(
            "Exit codes: 0 nothing to review; 1 a mismatch or not_found; 2 bad input or usage; "
            "3 an internal error; 130 interrupted; 143 terminated (SIGTERM)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"briefcheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    documents.register(sub)
    orchestrate.register(sub)
    server.register(sub)
    return parser


class Terminated(BaseException):
    """SIGTERM, raised in the main thread as Ctrl-C raises KeyboardInterrupt."""


def _terminate(_signum: int, _frame: FrameType | None) -> None:
    raise Terminated


@contextlib.contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """SIGTERM unwinds the run instead of killing the process where it stands.

    Cleanup then runs as on Ctrl-C: fetches are cancelled, a report being written is
    discarded whole, the flow run is marked Crashed and the lease on briefcheck's Prefect
    server released (Prefect's own temporary server, a child process, is stopped at exit).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


def _where(err: BaseException) -> str:
    """The innermost frame of the package an error came from: `file.py:line in function`."""
    package = Path(__file__).resolve().parents[1]
    frames = traceback.extract_tb(err.__traceback__)
    ours = [f for f in frames if Path(f.filename).resolve().is_relative_to(package)] or frames
    if not ours:
        return "unknown place"
    last = ours[-1]
    where = Path(last.filename).resolve()
    name = where.relative_to(package.parent) if where.is_relative_to(package) else where
    return f"{name}:{last.lineno} in {last.name}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code DESIGN.md gives."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:  # --help, --version or a usage error already printed
        return done.code if isinstance(done.code, int) else EXIT_USAGE
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        with _sigterm_unwinds():
            return func(args)
    except BriefcheckError as err:
        print(f"briefcheck: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except ServerStartError as err:  # `schedule`, `server start`: nothing to fall back on
        print(f"briefcheck: error: {err}", file=sys.stderr)
        return EXIT_INTERNAL
    except KeyboardInterrupt:
        print("briefcheck: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated:
        print("briefcheck: terminated", file=sys.stderr)
        return EXIT_TERMINATED
    except Exception as err:  # a bug: say where, keep the traceback for the report of it
        print(
            f"briefcheck: internal error ({type(err).__name__}: {err}) at {_where(err)}; "
            "this is a bug, please report it with the traceback above",
            file=sys.stderr,
        )
        traceback.print_exc()
        return EXIT_INTERNAL


def run() -> NoReturn:
    """The `briefcheck` command: `main`, then an exit that skips the interpreter's teardown.

    Exit handlers still run and output is flushed; what is skipped is freeing spaCy's and
    Prefect's objects one by one, about half a second at the end of every command.
    """
    code = main()
    atexit._run_exitfuncs()
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to flush
            stream.flush()
    os._exit(code)

"""`briefcheck server start | stop | status`: the local Prefect server verify runs on."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from briefcheck import settings
from briefcheck.cli.options import non_negative
from briefcheck.errors import BriefcheckError
from briefcheck.flows import apiserver
from briefcheck.flows.env import configure_prefect


def _describe(state: apiserver.ServerState) -> str:
    since = time.strftime("%H:%M:%S", time.localtime(state.started))
    stops = f"{state.idle_s:g} s after its last run" if state.idle_s else "when its last run ends"
    return f"{state.ui} (pid {state.pid}, Prefect {state.prefect}, up since {since}, stops {stops})"


def _files(args: argparse.Namespace) -> apiserver.ServerFiles:
    configure_prefect(Path(args.cache) if args.cache else None)
    return apiserver.ServerFiles.here()


def _cmd_start(args: argparse.Namespace) -> int:
    if url := apiserver.configured_api():
        raise BriefcheckError(
            f"PREFECT_API_URL={url} is set: briefcheck runs on that server and starts none"
        )
    files = _files(args)
    idle = args.idle if args.idle is not None else apiserver.idle_seconds()
    state, new = apiserver.start(files, idle_s=idle, timeout=apiserver.startup_seconds())
    if new:
        print(f"started {_describe(state)}")
    else:
        print(f"already running: {_describe(state)}")
        if args.idle is not None and args.idle != state.idle_s:
            print("(`briefcheck server stop` first to change its idle time)", file=sys.stderr)
    return 0


def _cmd_status(args: argparse.Namespace) -> int:
    if url := apiserver.configured_api():
        answers = apiserver.healthy(url)
        print(f"PREFECT_API_URL={url} is set: {'answering' if answers else 'not answering'}")
        return 0 if answers else 1
    files = _files(args)
    state = apiserver.running(files)
    if state is None:
        print(f"not running (Prefect home {files.home})")
        return 1
    leases = len(list(files.leases.glob("*.json"))) if files.leases.is_dir() else 0
    print(f"running at {_describe(state)}; {leases} command(s) using it")
    return 0


def _cmd_stop(args: argparse.Namespace) -> int:
    files = _files(args)
    state = apiserver.stop(files)
    print(f"stopped {state.ui} (pid {state.pid})" if state else "not running")
    return 0


def register(sub: Any) -> None:
    """Add `briefcheck server` to the command line."""
    p = sub.add_parser(
        "server",
        help="start, stop or look at the local Prefect server verify runs on",
        description=(
            "Without PREFECT_API_URL, the verifying commands run on a local Prefect server "
            "that the first of them starts in the background; it serves Prefect's UI (runs "
            "and artifacts) and stops itself once unused for a while "
            f"(${apiserver.IDLE_ENV}, default {apiserver.DEFAULT_IDLE_S:g} s)."
        ),
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, func, text in [
        ("start", _cmd_start, "start it now (or say where it runs)"),
        ("status", _cmd_status, "where it runs; exit 1 when it is not running"),
        ("stop", _cmd_stop, "stop it (a run in flight on it fails)"),
    ]:
        a = actions.add_parser(name, help=text, description=text)
        a.add_argument(
            "--cache",
            metavar="DIR",
            help=f"the cache folder whose server this is (default: {settings.DEFAULT_CACHE_DIR})",
        )
        if name == "start":
            a.add_argument(
                "--idle",
                metavar="SECONDS",
                type=non_negative,
                help="stop after this long without a run (0: when the last run ends)",
            )
        a.set_defaults(func=func)

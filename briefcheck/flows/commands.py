"""The orchestration commands: `watch`, `schedule` and `verify-many` (Prefect imported lazily)."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path
from typing import Any

from briefcheck import settings
from briefcheck.cli import add_run_options, verify_options
from briefcheck.errors import BriefcheckError


def verify_with_progress(
    opts: Any, *, orchestrated: bool = True, verbose: bool = False, dask: str | None = None
) -> dict[str, Any]:
    """One `verify` run with live progress: the Prefect flow, or the plain pipeline.

    Returns the flow's dict: report, run_dir, exit_code, warnings.
    """
    from briefcheck.flows.progress import make_progress, use_progress

    reporter = make_progress(label=opts.brief.name)
    try:
        if not orchestrated:
            from briefcheck.pipeline import run_verify

            outcome = run_verify(opts, progress=reporter)
            return {
                "report": outcome.report,
                "run_dir": str(outcome.run_dir),
                "exit_code": outcome.exit_code,
                "warnings": outcome.warnings,
            }
        from briefcheck.flows.env import configure_prefect

        configure_prefect(opts.cache, verbose=verbose)
        from briefcheck.flows.verify import run_verify_flow

        with use_progress(reporter):
            return run_verify_flow(opts, dask)
    finally:
        reporter.close()


def _cmd_watch(args: argparse.Namespace) -> int:
    from briefcheck.flows.progress import make_progress
    from briefcheck.flows.watch import watch_brief

    if args.interval <= 0:
        raise BriefcheckError(f"--interval must be positive, not {args.interval}")
    if args.once_after_change is not None and args.once_after_change < 1:
        raise BriefcheckError("--once-after-change must be at least 1")
    opts = verify_options(args)
    print(f"watching {opts.brief} (Ctrl-C to stop)", file=sys.stderr, flush=True)
    try:
        watch_brief(
            opts,
            interval=args.interval,
            max_changes=args.once_after_change,
            progress=lambda: make_progress(not args.quiet, label=opts.brief.name),
        )
    except KeyboardInterrupt:
        print("stopped watching", file=sys.stderr)
    return 0


def _validate_cron(cron: str, timezone: str | None) -> None:
    from prefect.client.schemas.schedules import CronSchedule

    try:
        CronSchedule(cron=cron, timezone=timezone)
    except ValueError as err:
        errors = err.errors() if hasattr(err, "errors") else [{"msg": str(err)}]
        reason = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in errors)
        raise BriefcheckError(f"--cron {cron!r} / --timezone: {reason}") from None


def _cmd_schedule(args: argparse.Namespace) -> int:
    from briefcheck.flows.env import configure_prefect

    configure_prefect(Path(args.cache), verbose=args.verbose)
    _validate_cron(args.cron, args.timezone)
    from briefcheck.flows.deploy import deployments_for, serve_deployments

    opts = verify_options(args, brief=Path(args.briefs[0]) if args.briefs else None)
    folders = [Path(b) for b in args.briefs] or [settings.BUNDLED_BRIEF]
    if not args.briefs and opts.sources is None and settings.DEFAULT_SOURCES_FILE.exists():
        # The bundled brief's URLs live in the root sources.yaml, as for `verify`.
        opts = dataclasses.replace(opts, sources=settings.DEFAULT_SOURCES_FILE)
    for folder in folders:
        if not folder.exists():
            raise BriefcheckError(f"{folder}: no such file or folder (expected briefs)")
    deployments = deployments_for(folders, opts, args.cron, args.timezone, args.name)
    names = ", ".join(d.name for d in deployments)
    print(f"serving {names} on cron {args.cron!r} (Ctrl-C to stop)", file=sys.stderr, flush=True)
    serve_deployments(deployments)
    return 0


def _cmd_verify_many(args: argparse.Namespace) -> int:
    from briefcheck.flows.env import configure_prefect

    configure_prefect(Path(args.cache), verbose=args.verbose)
    from briefcheck.flows.many import discover_briefs
    from briefcheck.flows.progress import make_progress, use_progress

    paths = [Path(p) for p in args.briefs]
    discover_briefs(paths)  # bad paths are a usage error before Prefect starts
    opts = verify_options(args, brief=paths[0])
    if args.dask:
        os.environ["BRIEFCHECK_DASK"] = args.dask
    from briefcheck.flows.many import run_many_flow

    reporter = make_progress(not args.quiet)
    try:
        with use_progress(reporter):
            result = run_many_flow([str(p) for p in paths], opts, args.dask)
    finally:
        reporter.close()
    for run in result["runs"]:
        for warning in run["warnings"]:
            print(f"warning: {run['brief']}: {warning}", file=sys.stderr)
        s = run["summary"]
        print(
            f"{run['brief']}: {s['verified']} verified, {s['mismatch']} mismatch, "
            f"{s['not_found']} not found, {s['unchecked']} unchecked · {run['run_dir']}"
        )
    print(f"{len(result['runs'])} brief(s), {result['urls']} distinct source URL(s)")
    return int(result["exit_code"])


def add_commands(subparsers: Any) -> None:
    """Add `watch`, `schedule` and `verify-many` to the `briefcheck` command line."""
    p = subparsers.add_parser(
        "watch",
        help="re-verify a brief on every save and print what changed",
        description=(
            "Verify a brief, then again whenever it or its sources file changes, keeping spaCy, "
            "parsed sources and matches warm: an edit re-checks only the claims it touched."
        ),
    )
    p.add_argument("brief", help="the brief (.txt, .md, .html)")
    add_run_options(p, prefect=False)
    p.add_argument(
        "--interval",
        type=float,
        default=settings.WATCH_INTERVAL_S,
        metavar="S",
        help="seconds between looks at the files (default: %(default)s)",
    )
    p.add_argument(
        "--once-after-change",
        type=int,
        metavar="N",
        help="exit after N re-checks (scripts and tests); default: watch until Ctrl-C",
    )
    p.add_argument("--quiet", action="store_true", help="no progress display")
    p.set_defaults(func=_cmd_watch)

    p = subparsers.add_parser(
        "schedule",
        help="serve a scheduled Prefect deployment per brief folder",
        description=(
            "Serve one Prefect deployment per brief folder (or brief) on a cron schedule, "
            "from this process, until Ctrl-C. With PREFECT_API_URL set, runs appear in that "
            "server's UI and can be triggered from it."
        ),
    )
    p.add_argument(
        "briefs", nargs="*", metavar="BRIEF", help="brief files or folders (default: bundled brief)"
    )
    p.add_argument("--cron", required=True, help='cron schedule, e.g. "0 6 * * *" (06:00 daily)')
    p.add_argument("--timezone", help="time zone of the schedule (default: UTC)")
    p.add_argument("--name", help="deployment name prefix (default: the folder's name)")
    add_run_options(p)
    p.set_defaults(func=_cmd_schedule)

    p = subparsers.add_parser(
        "verify-many",
        help="verify a shelf of briefs in one run, fetching each source once",
        description=(
            "Verify every brief in the given files or folders in one Prefect run; a page cited "
            "by several briefs is fetched and parsed once. Reports go to OUT/<brief>/."
        ),
    )
    p.add_argument("briefs", nargs="+", metavar="BRIEF", help="brief files or folders")
    add_run_options(p, sources=False)
    p.add_argument("--offline", action="store_true", help="no network: only what the cache holds")
    p.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="parse and match on Dask: a scheduler address, or `local` for a local cluster",
    )
    p.add_argument("--quiet", action="store_true", help="no progress display")
    p.set_defaults(func=_cmd_verify_many)


def main(argv: list[str] | None = None) -> int:
    """These commands alone (`python -m briefcheck.flows.commands`), with the CLI's conventions."""
    parser = argparse.ArgumentParser(prog="briefcheck")
    add_commands(parser.add_subparsers(dest="command", metavar="COMMAND", required=True))
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except BriefcheckError as err:
        print(f"briefcheck: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

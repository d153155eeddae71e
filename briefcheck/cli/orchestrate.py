"""The verifying commands: verify, watch, verify-many and schedule (Prefect imported late)."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from briefcheck import pipeline, settings
from briefcheck.ahead import ahead
from briefcheck.cli.options import (
    add_run_options,
    at_least_one,
    dask_address,
    non_negative,
    positive,
    validate_run,
    verify_options,
)
from briefcheck.errors import BriefcheckError
from briefcheck.extractors.formats import BRIEF_FORMATS
from briefcheck.flows.apiserver import ServerStartError
from briefcheck.progress import make_progress, use_progress

_FALLBACK = (
    "warning: running without the orchestrator (raise "
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS to wait longer for Prefect's API)"
)


def _say_fallback(err: ServerStartError) -> None:
    print(f"warning: {err}", file=sys.stderr)
    print(_FALLBACK, file=sys.stderr)


def print_outcome(outcome: pipeline.VerifyOutcome, *, run_line: bool = True) -> None:
    """Warnings, the summary line and where the report is."""
    for warning in outcome.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(pipeline.summary_line(outcome))
    if run_line:
        print(f"report: {outcome.run_dir}/report.html")


def _import_prefect() -> None:
    """Import what a flow run needs; a failure here is raised again by the real import."""
    with contextlib.suppress(Exception):
        import briefcheck.flows.verify  # noqa: F401


def prepare_flow_run(briefs: Sequence[Path], cache: Path, *, verbose: bool = False) -> None:
    """Prefect configured and imported, and `briefs` extracted: validation's last check.

    Extraction (spaCy) runs in a forked child while this process imports Prefect. Both hold
    the GIL, so threads would gain nothing; on two cores the child saves the shorter of the
    two, about a second per run. A bad brief is raised as soon as the child finds it.
    """
    from briefcheck.flows.env import configure_prefect

    configure_prefect(cache, verbose=verbose)
    with ahead(pipeline.extracted_briefs, list(briefs)) as job:
        if not job.forked:
            pipeline.remember_briefs(job.result())
            return
        importer = threading.Thread(target=_import_prefect, name="import-prefect", daemon=True)
        importer.start()
        pipeline.remember_briefs(job.result())
        importer.join()


def run_one(
    opts: pipeline.VerifyOptions,
    *,
    orchestrated: bool = True,
    verbose: bool = False,
    dask: str | None = None,
    quiet: bool = False,
) -> pipeline.VerifyOutcome:
    """One verify run with live progress: the Prefect flow, or the same steps in this process."""
    progress = make_progress(not quiet, label=opts.brief.name)
    try:
        if not orchestrated:
            return pipeline.run_verify(opts, progress=progress)
        from briefcheck.flows.env import configure_prefect

        configure_prefect(opts.cache, verbose=verbose)
        from briefcheck.flows.apiserver import prefect_api

        with prefect_api():
            from briefcheck.flows.verify import run_verify_flow

            with use_progress(progress):
                return run_verify_flow(opts, dask)
    finally:
        progress.close()


def _cmd_verify(args: argparse.Namespace) -> int:
    opts = verify_options(args)
    validate_run(opts, extract=args.no_orchestrator)
    if not args.no_orchestrator:
        prepare_flow_run([opts.brief], opts.cache, verbose=args.verbose)
    try:
        outcome = run_one(
            opts, orchestrated=not args.no_orchestrator, verbose=args.verbose, dask=args.dask
        )
    except ServerStartError as err:
        _say_fallback(err)  # the flow never started: the plain steps instead
        outcome = run_one(opts, orchestrated=False)
    print_outcome(outcome)
    return outcome.exit_code


def _cmd_watch(args: argparse.Namespace) -> int:
    from briefcheck.watch import watch_brief

    opts = verify_options(args)
    validate_run(opts)
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


def _shelf_options(
    args: argparse.Namespace, paths: Sequence[Path]
) -> tuple[pipeline.VerifyOptions, list[Path]]:
    """Options for a shelf run and its briefs, every brief's files validated.

    Extracting the briefs (the slow check) is left to the caller, after every brief's files
    have been checked.
    """
    found = pipeline.discover_briefs(paths)
    opts = verify_options(args, brief=found[0])
    validate_run(opts, brief_files=False)
    shelf = [pipeline.shelf_options(opts, b, f) for b, f in pipeline.report_folders(found).items()]
    for one in shelf:
        validate_run(one, extract=False)
    return opts, [one.brief for one in shelf]


def _cmd_schedule(args: argparse.Namespace) -> int:
    folders = [Path(b) for b in args.briefs] or [settings.BUNDLED_BRIEF]
    opts, briefs = _shelf_options(args, folders)
    if not args.briefs and opts.sources is None and settings.DEFAULT_SOURCES_FILE.exists():
        # The bundled brief's URLs live in the root sources.yaml, as for `verify`.
        opts = dataclasses.replace(opts, sources=settings.DEFAULT_SOURCES_FILE)
    from briefcheck.flows.env import configure_prefect

    configure_prefect(opts.cache, verbose=args.verbose)
    with ahead(pipeline.extracted_briefs, briefs) as job:
        # A bad cron is found while the briefs are extracted (in a child, when it can fork).
        _validate_cron(args.cron, args.timezone)
        pipeline.remember_briefs(job.result())
    from briefcheck.flows.apiserver import prefect_api

    with prefect_api() as own:
        from briefcheck.flows.deploy import deployments_for, serve_deployments

        deployments = deployments_for(folders, opts, args.cron, args.timezone, args.name)
        names = ", ".join(d.name for d in deployments)
        where = f" on {own.ui}" if own else ""
        print(
            f"serving {names} on cron {args.cron!r}{where} (Ctrl-C to stop)",
            file=sys.stderr,
            flush=True,
        )
        serve_deployments(deployments)
    return 0


def _cmd_verify_many(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.briefs]
    opts, briefs = _shelf_options(args, paths)
    prepare_flow_run(briefs, opts.cache, verbose=args.verbose)
    if args.dask:
        os.environ["BRIEFCHECK_DASK"] = args.dask
    from briefcheck.flows.apiserver import prefect_api

    progress = make_progress(not args.quiet)
    try:
        with prefect_api(), use_progress(progress):
            from briefcheck.flows.verify import run_many_flow

            shelf = run_many_flow([str(p) for p in paths], opts, args.dask)
    except ServerStartError as err:
        _say_fallback(err)  # the flow never started: the plain steps instead
        shelf = pipeline.run_shelf(paths, opts, progress=progress)
    finally:
        progress.close()
    for run in shelf.runs:
        for warning in run.warnings:
            print(f"warning: {run.report.brief.path}: {warning}", file=sys.stderr)
        print(f"{pipeline.summary_line(run)} · {run.run_dir}")
    print(f"{len(shelf.runs)} brief(s), {shelf.urls} distinct source URL(s)")
    return shelf.exit_code


def _add_verify(sub: Any) -> None:
    p = sub.add_parser(
        "verify",
        help="check a brief's quotations, dates and footnotes against sources",
        description="Extract, fetch every cited source, check, and write reports.",
    )
    p.add_argument(
        "brief", nargs="?", help=f"the brief ({BRIEF_FORMATS}); default: the bundled brief"
    )
    add_run_options(p)
    p.add_argument("--offline", action="store_true", help="no network: only what the cache holds")
    p.add_argument(
        "--max-age",
        metavar="SECONDS",
        type=non_negative,
        help="use a cached copy this old without asking the site (default: "
        f"{int(settings.CACHE_TTL_S)}; 0 revalidates every source)",
    )
    p.add_argument(
        "--reviews", metavar="FILE", help="waivers file (default: reviews.yaml beside the brief)"
    )
    p.add_argument(
        "--no-orchestrator",
        action="store_true",
        help="run the plain pipeline without Prefect (same report)",
    )
    p.add_argument(
        "--dask",
        metavar="ADDRESS",
        type=dask_address,
        help="parse and match on Dask: a scheduler address or `local` (needs briefcheck[dask])",
    )
    p.set_defaults(func=_cmd_verify)


def _add_watch(sub: Any) -> None:
    p = sub.add_parser(
        "watch",
        help="re-verify a brief on every save and print what changed",
        description=(
            "Verify a brief, then again whenever it or its sources file changes, keeping spaCy, "
            "parsed sources and matches warm: an edit re-checks only the claims it touched."
        ),
    )
    p.add_argument("brief", help=f"the brief ({BRIEF_FORMATS})")
    add_run_options(p, prefect=False)
    p.add_argument(
        "--interval",
        type=positive,
        default=settings.WATCH_INTERVAL_S,
        metavar="S",
        help="seconds between looks at the files (default: %(default)s)",
    )
    p.add_argument(
        "--once-after-change",
        type=at_least_one,
        metavar="N",
        help="exit after N re-checks (scripts and tests); default: watch until Ctrl-C",
    )
    p.add_argument("--quiet", action="store_true", help="no progress display")
    p.set_defaults(func=_cmd_watch)


def _add_schedule(sub: Any) -> None:
    p = sub.add_parser(
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


def _add_verify_many(sub: Any) -> None:
    p = sub.add_parser(
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
        type=dask_address,
        help="parse and match on Dask: a scheduler address, or `local` for a local cluster",
    )
    p.add_argument("--quiet", action="store_true", help="no progress display")
    p.set_defaults(func=_cmd_verify_many)


def register(sub: Any) -> None:
    """Add the verifying commands to the `briefcheck` command line."""
    _add_verify(sub)
    _add_watch(sub)
    _add_verify_many(sub)
    _add_schedule(sub)

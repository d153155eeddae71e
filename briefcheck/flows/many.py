"""The `verify_briefs` flow: a shelf of briefs in one run, each URL fetched and parsed once."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prefect import flow
from prefect.task_runners import ThreadPoolTaskRunner

from briefcheck import pipeline, settings
from briefcheck.errors import BriefcheckError
from briefcheck.extractors import extract_brief
from briefcheck.flows.steps import SourceJob, match_brief, read_sources
from briefcheck.flows.tasks import release_fetch_run
from briefcheck.flows.verify import DASK_ENV, publish_artifacts, source_jobs, task_runner_for
from briefcheck.models import Brief
from briefcheck.resolve import sources_beside

BRIEF_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")


def discover_briefs(paths: Iterable[Path]) -> list[Path]:
    """Brief files named directly, or found (recursively) in named folders, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in BRIEF_SUFFIXES
            )
        elif path.is_file():
            found.append(path)
        else:
            raise BriefcheckError(f"{path}: no such file or folder (expected briefs)")
    if not found:
        raise BriefcheckError("no briefs found (expected .txt, .md or .html files)")
    return list(dict.fromkeys(found))


def sources_for(brief: Path, given: Path | None) -> Path | None:
    """`<stem>.sources.yaml` beside the brief, else `sources.yaml` beside it, else the given one."""
    return sources_beside(brief) or given


def report_folders(briefs: Sequence[Path]) -> dict[Path, str]:
    """A folder name per brief: its stem, or its parent's name too when stems collide."""
    stems = [b.stem for b in briefs]
    return {b: b.stem if stems.count(b.stem) == 1 else f"{b.parent.name}-{b.stem}" for b in briefs}


@dataclass(frozen=True, slots=True)
class PlannedBrief:
    """One brief of the run: its options (own out folder and sources), text and works."""

    opts: pipeline.VerifyOptions
    brief: Brief
    works: list[pipeline.Work]
    warnings: list[str]


def plan_brief(path: Path, folder: str, opts: pipeline.VerifyOptions) -> PlannedBrief:
    """Extract a brief and resolve its works, with options pointing at its own report folder."""
    own = dataclasses.replace(
        opts, brief=path, sources=sources_for(path, opts.sources), out=opts.out / folder
    )
    brief = extract_brief(path)
    entries, warnings = pipeline.load_entries(own)
    return PlannedBrief(own, brief, pipeline.plan_works(brief, entries), warnings)


def shared_jobs(planned: Sequence[PlannedBrief]) -> list[SourceJob]:
    """Every distinct URL across all briefs, once."""
    jobs: dict[str, SourceJob] = {}
    for p in planned:
        for job in source_jobs(p.works):
            jobs.setdefault(job.request.url, job)
    return list(jobs.values())


@flow(
    name="verify_briefs",
    # Threads: fetches wait on the network, and tasks pass values without serialising them.
    task_runner=ThreadPoolTaskRunner(max_workers=settings.MAX_CONCURRENCY),  # type: ignore[arg-type]
    log_prints=False,
)
def verify_briefs(
    briefs: list[str], opts: pipeline.VerifyOptions, refresh: bool = False
) -> dict[str, Any]:
    """Verify every brief in `briefs` (files or folders); reports go to `opts.out/<brief>/`.

    Returns per brief its run folder, exit code and summary, and the overall exit code.
    `refresh` parses and matches afresh, ignoring (and rewriting) cached results.
    """
    started, run_id = pipeline.now_iso(), pipeline.new_run_id()
    paths = discover_briefs(Path(b) for b in briefs)
    planned = [plan_brief(p, f, opts) for p, f in report_folders(paths).items()]
    fetch_opts = pipeline.fetch_options(opts, run_id)
    if fetch_opts.warc_path is not None:
        # One WARC for the shelf: each page is fetched once for all the briefs citing it.
        warc = opts.out / "_warc" / f"{run_id}.warc.gz"
        fetch_opts = dataclasses.replace(fetch_opts, warc_path=warc)
    try:
        read = read_sources(shared_jobs(planned), fetch_opts, run_id, refresh)
    finally:
        release_fetch_run(run_id)
    runs = []
    for p in planned:
        sources = pipeline.assemble_sources(p.works, read.results, read.texts)
        checks = match_brief(p.brief, sources, refresh)
        outcome = pipeline.finish_report(p.opts, p.brief, run_id, started, sources, checks)
        runs.append(
            {
                "brief": str(p.opts.brief),
                "run_dir": str(outcome.run_dir),
                "exit_code": outcome.exit_code,
                "summary": outcome.report["summary"],
                "warnings": [*p.brief.warnings, *p.warnings],
            }
        )
    _publish_shelf(runs)
    exit_code = max((r["exit_code"] for r in runs), default=0)
    return {"runs": runs, "exit_code": exit_code, "urls": len(read.results)}


def _publish_shelf(runs: list[dict[str, Any]]) -> None:
    """One summary table for the whole shelf, for the Prefect UI."""
    from prefect.artifacts import create_table_artifact

    rows = [{"brief": r["brief"], **r["summary"], "exit": r["exit_code"]} for r in runs]
    create_table_artifact(key="briefcheck-shelf", table=rows, description="briefs of this run")


def run_many_flow(
    briefs: list[str],
    opts: pipeline.VerifyOptions,
    dask: str | None = None,
    refresh: bool = False,
) -> dict[str, Any]:
    """`verify_briefs`, on Dask when `dask` (or $BRIEFCHECK_DASK) names a cluster."""
    dask = dask or os.environ.get(DASK_ENV) or None
    if dask is None:
        return verify_briefs(briefs, opts, refresh)
    return verify_briefs.with_options(task_runner=task_runner_for(dask))(briefs, opts, refresh)


__all__ = ["discover_briefs", "publish_artifacts", "run_many_flow", "verify_briefs"]

"""The `verify_brief` Prefect flow: thin tasks over the pipeline's plain functions."""

from __future__ import annotations

import os
from typing import Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from briefcheck import pipeline, settings
from briefcheck.extractors import extract_brief
from briefcheck.flows.steps import SourceJob, match_brief, read_sources
from briefcheck.flows.tasks import release_fetch_run
from briefcheck.models import Brief

# Set to a scheduler address (tcp://host:8786) or `local` to run parse and match on Dask.
DASK_ENV = "BRIEFCHECK_DASK"


@task(name="extract", cache_policy=NO_CACHE)
def extract_task(opts: pipeline.VerifyOptions) -> Brief:
    return extract_brief(opts.brief)


def source_jobs(works: list[pipeline.Work]) -> list[SourceJob]:
    """One job per distinct URL, with the language its (first) entry gives."""
    langs: dict[str, str | None] = {}
    for w in works:
        if w.entry.url:
            langs.setdefault(w.entry.url, w.entry.lang)
    return [SourceJob(r, langs.get(r.url)) for r in pipeline.fetch_requests(works)]


def publish_artifacts(report: dict[str, Any], key_prefix: str = "briefcheck") -> None:
    """Summary and findings as Prefect artifacts, for review from the Prefect UI."""
    s = report["summary"]
    create_markdown_artifact(
        key=f"{key_prefix}-summary",
        markdown=(
            f"## briefcheck run {report['run']['id']}\n\n{report['brief']['path']}: "
            f"{s['verified']} verified, {s['mismatch']} mismatch, {s['not_found']} not found, "
            f"{s['unchecked']} unchecked"
        ),
        description="briefcheck summary",
    )
    findings = [
        {k: c.get(k) for k in ("id", "ref", "kind", "claimed", "verdict", "reason")}
        for c in report["checks"]
        if c["verdict"] in ("mismatch", "not_found")
    ]
    create_table_artifact(
        key=f"{key_prefix}-findings",
        table=findings or [{"finding": "none"}],
        description="mismatch and not_found checks",
    )


def outcome_dict(outcome: pipeline.VerifyOutcome, warnings: list[str]) -> dict[str, Any]:
    """The flow's return value: the report with its folder, exit code and warnings."""
    return {
        "report": outcome.report,
        "run_dir": str(outcome.run_dir),
        "exit_code": outcome.exit_code,
        "warnings": warnings,
    }


@flow(
    name="verify_brief",
    # Threads: fetches wait on the network, and tasks pass values without serialising them.
    task_runner=ThreadPoolTaskRunner(max_workers=settings.MAX_CONCURRENCY),  # type: ignore[arg-type]
    log_prints=False,
)
def verify_brief(opts: pipeline.VerifyOptions) -> dict[str, Any]:
    """Verify one brief; returns the report with `exit_code` and `run_dir` beside it."""
    started, run_id = pipeline.now_iso(), pipeline.new_run_id()
    brief = extract_task(opts)
    entries, warnings = pipeline.load_entries(opts)
    works = pipeline.plan_works(brief, entries)
    try:
        read = read_sources(source_jobs(works), pipeline.fetch_options(opts, run_id), run_id)
    finally:
        release_fetch_run(run_id)
    sources = pipeline.assemble_sources(works, read.results, read.texts)
    checks = match_brief(brief, sources)
    outcome = pipeline.finish_report(opts, brief, run_id, started, sources, checks)
    publish_artifacts(outcome.report)
    return outcome_dict(outcome, [*brief.warnings, *warnings])


def task_runner_for(dask: str | None) -> Any:
    """The default thread pool, or a DaskTaskRunner on a local cluster or at an address."""
    if not dask:
        return ThreadPoolTaskRunner(max_workers=settings.MAX_CONCURRENCY)
    from prefect_dask import DaskTaskRunner

    if dask == "local":
        # Processes, not threads: parsing and matching are CPU-bound and hold the GIL.
        cluster = {"n_workers": 2, "threads_per_worker": 1, "processes": True}
        return DaskTaskRunner(cluster_kwargs=cluster)
    return DaskTaskRunner(address=dask)


def run_verify_flow(opts: pipeline.VerifyOptions, dask: str | None = None) -> dict[str, Any]:
    """`verify_brief`, on Dask when `dask` (or $BRIEFCHECK_DASK) names a cluster."""
    dask = dask or os.environ.get(DASK_ENV) or None
    if dask is None:
        return verify_brief(opts)
    return verify_brief.with_options(task_runner=task_runner_for(dask))(opts)

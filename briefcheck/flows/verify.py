"""The `verify_brief` Prefect flow: thin tasks over the pipeline's plain functions."""

from __future__ import annotations

from typing import Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from briefcheck import pipeline
from briefcheck.checks import PlannedCheck, WorkSource, default_matchers, plan_checks, run_check
from briefcheck.extractors import extract_brief
from briefcheck.fetch import FetchOptions, FetchRequest, fetch_all
from briefcheck.models import Brief, Check, FetchResult, SourceText


@task(name="extract", cache_policy=NO_CACHE)
def extract_task(opts: pipeline.VerifyOptions) -> Brief:
    return extract_brief(opts.brief)


@task(name="fetch", cache_policy=NO_CACHE)
def fetch_task(requests: list[FetchRequest], options: FetchOptions) -> list[FetchResult]:
    # One task over all sources: the fetcher's per-host politeness needs to see them together.
    return fetch_all(requests, options)


@task(name="parse", cache_policy=NO_CACHE)
def parse_task(result: FetchResult, lang: str | None) -> SourceText | None:
    return pipeline.read_result(result, lang)


@task(name="match", cache_policy=NO_CACHE)
def match_task(planned: list[PlannedCheck], work: WorkSource | None) -> list[Check]:
    matchers = default_matchers()
    return [run_check(p, work, matchers) for p in planned]


def _publish_artifacts(report: dict[str, Any]) -> None:
    """Summary and findings as Prefect artifacts, for review from the Prefect UI."""
    s = report["summary"]
    key = "briefcheck-summary"
    create_markdown_artifact(
        key=key,
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
        key="briefcheck-findings",
        table=findings or [{"finding": "none"}],
        description="mismatch and not_found checks",
    )


@flow(name="verify_brief", task_runner=ThreadPoolTaskRunner(max_workers=4), log_prints=False)  # type: ignore[arg-type]
def verify_brief(opts: pipeline.VerifyOptions) -> dict[str, Any]:
    """Verify one brief; returns the report with `exit_code` and `run_dir` beside it."""
    started, run_id = pipeline.now_iso(), pipeline.new_run_id()
    brief = extract_task(opts)
    entries, warnings = pipeline.load_entries(opts)
    works = pipeline.plan_works(brief, entries)
    requests = pipeline.fetch_requests(works)
    fetched = fetch_task(requests, pipeline.fetch_options(opts, run_id))
    results = {r.url: res for r, res in zip(requests, fetched, strict=True)}
    jobs = pipeline.parse_jobs(works, results)
    parsed = {url: parse_task.submit(res, lang) for url, (res, lang) in jobs.items()}
    texts = {url: future.result() for url, future in parsed.items()}
    sources = pipeline.assemble_sources(works, results, texts)
    planned = plan_checks(brief)
    by_work: dict[str, list[PlannedCheck]] = {}
    for p in planned:
        by_work.setdefault(p.work, []).append(p)
    futures = [match_task.submit(group, sources.get(work)) for work, group in by_work.items()]
    checks = [c for f in futures for c in f.result()]
    order = {p.id: i for i, p in enumerate(planned)}
    checks.sort(key=lambda c: order[c.id])
    outcome = pipeline.finish_report(opts, brief, run_id, started, sources, checks)
    _publish_artifacts(outcome.report)
    return {
        "report": outcome.report,
        "run_dir": str(outcome.run_dir),
        "exit_code": outcome.exit_code,
        "warnings": [*brief.warnings, *warnings],
    }

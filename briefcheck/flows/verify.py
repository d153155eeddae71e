"""The `verify_brief` and `verify_briefs` flows: the pipeline's compositions, steps as tasks."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from prefect import flow
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from briefcheck import pipeline
from briefcheck.flows.apiserver import configured_api, note_flow_run
from briefcheck.flows.tasks import PrefectRunner, threads
from briefcheck.progress import current_progress

# Set to a scheduler address (tcp://host:8786) or `local` to run parse and match on Dask.
DASK_ENV = "BRIEFCHECK_DASK"


def publish_artifacts(outcome: pipeline.VerifyOutcome, key_prefix: str = "briefcheck") -> None:
    """Summary and findings as Prefect artifacts, for review from the Prefect UI."""
    report = outcome.report
    create_markdown_artifact(
        key=f"{key_prefix}-summary",
        markdown=f"## briefcheck run {report.run.id}\n\n{pipeline.summary_line(outcome)}",
        description="briefcheck summary",
    )
    findings = [
        {
            "id": c.id,
            "ref": c.ref,
            "kind": c.kind.value,
            "claimed": c.claimed,
            "verdict": c.verdict.value,
            "reason": c.reason,
        }
        for c in report.checks
        if c.is_finding
    ]
    create_table_artifact(
        key=f"{key_prefix}-findings",
        table=findings or [{"finding": "none"}],
        description="mismatch and not_found checks",
    )


def _note_this_run() -> None:
    """Tell briefcheck's server which flow run this process holds (to mark it if we die)."""
    from prefect.runtime import flow_run

    note_flow_run(str(flow_run.id))


@flow(name="verify_brief", task_runner=threads(), log_prints=False)
def verify_brief(opts: pipeline.VerifyOptions) -> pipeline.VerifyOutcome:
    """Verify one brief: `pipeline.run_verify` with its steps submitted as tasks."""
    _note_this_run()
    runner = PrefectRunner()
    try:
        outcome = pipeline.run_verify(opts, runner=runner, progress=current_progress())
    finally:
        runner.close()
    publish_artifacts(outcome)
    return outcome


@flow(name="verify_briefs", task_runner=threads(), log_prints=False)
def verify_briefs(
    briefs: list[str], opts: pipeline.VerifyOptions, refresh: bool = False
) -> pipeline.ShelfOutcome:
    """Verify every brief in `briefs` (files or folders); reports go to `opts.out/<brief>/`.

    `refresh` parses and matches afresh, ignoring (and rewriting) stored results.
    """
    _note_this_run()
    runner = PrefectRunner()
    try:
        outcome = pipeline.run_shelf(
            [Path(b) for b in briefs],
            opts,
            runner=runner,
            progress=current_progress(),
            refresh=refresh,
        )
    finally:
        runner.close()
    rows = [
        {
            "brief": r.report.brief.path,
            **{v.value: n for v, n in r.report.summary.items()},
            "exit": r.exit_code,
        }
        for r in outcome.runs
    ]
    create_table_artifact(key="briefcheck-shelf", table=rows, description="briefs of this run")
    return outcome


def task_runner_for(dask: str | None) -> Any:
    """The default thread pool, or a DaskTaskRunner on a local cluster or at an address."""
    if not dask:
        return threads()
    from prefect_dask.task_runners import DaskTaskRunner

    if dask == "local":
        # Processes, not threads: parsing and matching are CPU-bound and hold the GIL.
        cluster = {"n_workers": 2, "threads_per_worker": 1, "processes": True}
        return DaskTaskRunner(cluster_kwargs=cluster)
    return DaskTaskRunner(address=dask)


@contextlib.contextmanager
def heartbeats_for_this_api() -> Iterator[None]:
    """No flow-run heartbeats on briefcheck's own API (its server, or Prefect's temporary one).

    Joining the heartbeat thread costs up to a second at the end of every run (it sleeps in
    1 s steps). Prefect's temporary API dies with the run, and briefcheck's server learns of a
    client that died from its lease (`apiserver`). A configured PREFECT_API_URL keeps
    Prefect's default.
    """
    if configured_api():
        yield
        return
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


def run_verify_flow(
    opts: pipeline.VerifyOptions, dask: str | None = None
) -> pipeline.VerifyOutcome:
    """`verify_brief`, on Dask when `dask` (or $BRIEFCHECK_DASK) names a cluster."""
    dask = dask or os.environ.get(DASK_ENV) or None
    with heartbeats_for_this_api():
        if dask is None:
            return verify_brief(opts)
        return verify_brief.with_options(task_runner=task_runner_for(dask))(opts)


def run_many_flow(
    briefs: list[str], opts: pipeline.VerifyOptions, dask: str | None = None, refresh: bool = False
) -> pipeline.ShelfOutcome:
    """`verify_briefs`, on Dask when `dask` (or $BRIEFCHECK_DASK) names a cluster."""
    dask = dask or os.environ.get(DASK_ENV) or None
    with heartbeats_for_this_api():
        if dask is None:
            return verify_briefs(briefs, opts, refresh)
        runner = task_runner_for(dask)
        return verify_briefs.with_options(task_runner=runner)(briefs, opts, refresh)

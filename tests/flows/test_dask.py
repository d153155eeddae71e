"""The heavy step on a local Dask cluster of two worker processes gives the same reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("prefect_dask")

import briefcheck.parse.source as parse_source_module
from briefcheck.flows.verify import run_many_flow


def _checks(run_dir: Path) -> list[tuple[str, str, str, str]]:
    report = json.loads((Path(run_dir) / "report.json").read_text(encoding="utf-8"))
    return sorted((c["id"], c["ref"], c["verdict"], c["reason"]) for c in report["checks"])


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_dask_runner_gives_the_same_reports_as_the_default(shelf, monkeypatch):
    parsed_here: list[str] = []
    real_parse = parse_source_module.parse_snapshot

    def parse(snapshot, lang=None):  # type: ignore[no-untyped-def]
        parsed_here.append(snapshot.url)
        return real_parse(snapshot, lang=lang)

    # Patched in this process only: Dask's worker processes import the module afresh.
    monkeypatch.setattr(parse_source_module, "parse_snapshot", parse)
    briefs = [str(shelf.corpus.root)]
    first = shelf.corpus.briefs[0]
    # refresh: both runs parse and match for themselves, not from the other's cached results.
    default = run_many_flow(briefs, shelf.options(first, "threads"), refresh=True)
    assert len(parsed_here) == default.urls
    on_dask = run_many_flow(briefs, shelf.options(first, "dask"), dask="local", refresh=True)
    assert len(parsed_here) == default.urls  # the Dask run parsed in its workers
    assert len(on_dask.runs) == len(default.runs) == len(shelf.corpus.briefs)
    for ours, theirs in zip(on_dask.runs, default.runs, strict=True):
        assert ours.report.to_json()["brief"] == theirs.report.to_json()["brief"]
        assert ours.report.to_json()["summary"] == theirs.report.to_json()["summary"]
        assert _checks(ours.run_dir) == _checks(theirs.run_dir)
    assert on_dask.exit_code == default.exit_code


def test_runner_choice():
    from prefect.task_runners import ThreadPoolTaskRunner
    from prefect_dask import DaskTaskRunner

    from briefcheck.flows.verify import task_runner_for

    assert isinstance(task_runner_for(None), ThreadPoolTaskRunner)
    local = task_runner_for("local")
    assert isinstance(local, DaskTaskRunner) and local.cluster_kwargs["n_workers"] == 2
    remote = task_runner_for("tcp://10.0.0.5:8786")
    assert isinstance(remote, DaskTaskRunner) and remote.address == "tcp://10.0.0.5:8786"

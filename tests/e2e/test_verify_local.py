"""`briefcheck verify` end to end against a real HTTP server on 127.0.0.1 serving our pages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from briefcheck.cli import main
from tests.support.e2e import E2E_BRIEF, ROUTES, write_sources
from tests.support.localserver import LocalServer

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
CONTRACT = ROOT.parent / "shared" / "tools" / "check_contract.py"


def verify(tmp_path: Path, sources: Path, *extra: str) -> tuple[int, dict]:
    out = tmp_path / "reports"
    code = main(
        [
            "verify",
            str(E2E_BRIEF),
            "--sources",
            str(sources),
            "--out",
            str(out),
            "--cache",
            str(tmp_path / "cache"),
            *extra,
        ]
    )
    report = json.loads((out / "latest" / "report.json").read_text(encoding="utf-8"))
    return code, report


def verdicts(report: dict, kind: str) -> dict[str, tuple[str, str]]:
    return {c["ref"]: (c["verdict"], c["reason"]) for c in report["checks"] if c["kind"] == kind}


@pytest.fixture(scope="module")
def server():
    with LocalServer(ROUTES) as srv:
        yield srv


@pytest.fixture(scope="module")
def plain_run(server, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("plain")
    sources = write_sources(tmp, server.origin)
    return verify(tmp, sources, "--allow-private-hosts", "--no-orchestrator")


def test_verdicts_per_page(plain_run):
    code, report = plain_run
    quotes = verdicts(report, "quote")
    assert quotes["1"][0] == "verified"
    assert quotes["2"][0] == "mismatch"
    assert quotes["3"][0] == "not_found"
    assert quotes["5"] == ("unchecked", quotes["5"][1]) and "paywalled" in quotes["5"][1]
    dates = verdicts(report, "date")
    assert dates["4"][0] == "unchecked" and "unreachable" in dates["4"][1]
    assert code == 1  # a mismatch and a not_found are findings


def test_evidence_shows_the_sources_own_words(plain_run):
    _code, report = plain_run
    by_ref = {c["ref"]: c for c in report["checks"] if c["kind"] == "quote"}
    assert "a bold leap towards shared prosperity" in by_ref["2"]["evidence"]["text"]
    assert "durable framework" in by_ref["1"]["evidence"]["text"]
    assert "#:~:text=" in (by_ref["1"]["evidence"].get("url") or "")


def test_sources_statuses(plain_run):
    _code, report = plain_run
    status = {s["ref"]: s["status"] for s in report["sources"]}
    assert status == {"1": "ok", "2": "ok", "3": "ok", "4": "unreachable", "5": "paywalled"}
    summit = next(s for s in report["sources"] if s["ref"] == "1")
    assert summit["http_status"] == 200 and len(summit["sha256"]) == 64
    assert summit["title"] == "Water Summit Ends With a Framework Deal"


def test_report_files_and_contract(plain_run, tmp_path):
    _code, report = plain_run
    assert report["summary"]["verified"] >= 1
    if not CONTRACT.exists():
        pytest.skip(f"{CONTRACT} not present beside the repo")
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(CONTRACT), "report", str(path)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.strip().endswith("contract: OK")


def test_private_hosts_are_refused_by_default(server, tmp_path):
    sources = write_sources(tmp_path, server.origin)
    before = len(server.requests)
    code, report = verify(tmp_path, sources, "--no-orchestrator")
    assert {s["status"] for s in report["sources"]} == {"refused"}
    assert {c["verdict"] for c in report["checks"]} == {"unchecked"}
    assert code == 0
    assert len(server.requests) == before  # nothing was sent


@pytest.mark.slow
def test_prefect_path_gives_the_same_report(plain_run, server, tmp_path):
    _code, plain = plain_run
    sources = write_sources(tmp_path, server.origin)
    code, flowed = verify(tmp_path, sources, "--allow-private-hosts")
    assert code == 1
    key = lambda r: sorted((c["id"], c["verdict"], c["reason"]) for c in r["checks"])  # noqa: E731
    assert key(flowed) == key(plain)
    assert flowed["summary"] == plain["summary"]
    assert_artifacts_published(flowed)


def assert_artifacts_published(report: dict) -> None:
    """The flow run left its summary and findings in Prefect, for review from the UI."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        summary = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["briefcheck-summary"]))
        )
        findings = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["briefcheck-findings"]))
        )
    assert any(report["run"]["id"] in str(a.data) for a in summary)
    latest = max(findings, key=lambda a: a.created)
    rows = json.loads(latest.data) if isinstance(latest.data, str) else latest.data
    findings = [c for c in report["checks"] if c["verdict"] in ("mismatch", "not_found")]
    assert sorted(r["verdict"] for r in rows) == sorted(c["verdict"] for c in findings)
    assert {"mismatch", "not_found"} <= {r["verdict"] for r in rows}

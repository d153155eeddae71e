"""`verify` end to end with the requests path replayed from a vcrpy cassette (record mode none).

Record (against our local pages, never the real web):
    .venv/bin/python -m tests.e2e.test_verify_cassette
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
import vcr
import yaml

from briefcheck import pipeline
from briefcheck.fetch import FetchOptions
from briefcheck.report.model import Report
from tests.support import cassettes as fetch_cassettes
from tests.support.cassettes import ORIGIN, SECRET_HEADERS
from tests.support.e2e import E2E_BRIEF, PATHS, ROUTES
from tests.support.localserver import LocalServer

CASSETTES = Path(__file__).parent.parent / "cassettes" / "e2e"
CASSETTE = "verify.yaml"


def make_vcr(record_mode: str) -> vcr.VCR:
    return fetch_cassettes.make_vcr(record_mode, library=CASSETTES)


def run(tmp: Path, origin: str, monkeypatch: Any) -> Report:
    sources = tmp / "sources.yaml"
    sources.write_text(
        "sources:\n" + "".join(f'  "{r}": {{url: "{origin}{p}"}}\n' for r, p in PATHS.items()),
        encoding="utf-8",
    )
    base = pipeline.fetch_options

    def one_at_a_time(opts: pipeline.VerifyOptions, run_id: str) -> FetchOptions:
        # vcrpy's play counts are not thread-safe, and its sockets are not real ones.
        options = base(opts, run_id)
        return dataclasses.replace(
            options,
            max_concurrency=1,
            trusted_origins=(origin,),
            confirm_failures=False,
            wayback=False,
            backoff_base_s=0.01,
            backoff_max_s=0.02,
        )

    monkeypatch.setattr(pipeline, "fetch_options", one_at_a_time)
    opts = pipeline.VerifyOptions(
        brief=E2E_BRIEF,
        sources=sources,
        out=tmp / "reports",
        cache=tmp / "cache",
        allow_private_hosts=True,
        write_warc=False,
    )
    return pipeline.run_verify(opts).report


def test_verify_replayed_from_cassette(tmp_path, monkeypatch):
    with make_vcr("none").use_cassette(CASSETTE) as cassette:
        report = run(tmp_path, ORIGIN, monkeypatch).to_json()
        assert cassette.play_count > 0
    quotes = {c["ref"]: c["verdict"] for c in report["checks"] if c["kind"] == "quote"}
    assert quotes == {"1": "verified", "2": "mismatch", "3": "not_found", "5": "unchecked"}
    status = {s["ref"]: s["status"] for s in report["sources"]}
    assert status == {"1": "ok", "2": "ok", "3": "ok", "4": "unreachable", "5": "paywalled"}


def test_cassette_stores_no_secret_headers_and_reads_as_text():
    data = yaml.safe_load((CASSETTES / CASSETTE).read_text(encoding="utf-8"))
    for interaction in data["interactions"]:
        for part in ("request", "response"):
            names = {k.lower() for k in interaction[part].get("headers", {})}
            assert not names & set(SECRET_HEADERS), (part, names)
        body = interaction["response"]["body"]["string"]
        assert isinstance(body, str)  # decoded, so a re-recording reads as a diff


def record() -> None:
    CASSETTES.mkdir(parents=True, exist_ok=True)
    (CASSETTES / CASSETTE).unlink(missing_ok=True)
    mp = pytest.MonkeyPatch()
    import tempfile

    with LocalServer(ROUTES) as server, make_vcr("all").use_cassette(CASSETTE):
        run(Path(tempfile.mkdtemp()), server.origin, mp)
    mp.undo()


if __name__ == "__main__":
    record()

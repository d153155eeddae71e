"""The end-to-end brief replayed from a vcrpy cassette, and the script that records it.

Record (against our local pages, never the real web): `make record`, or
    .venv/bin/python -m tests.support.e2e_cassette
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path
from typing import Any

import pytest
import vcr

from briefcheck import pipeline
from briefcheck.fetch import FetchOptions
from briefcheck.report.model import Report
from tests.support import cassettes as fetch_cassettes
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

    def one_at_a_time(opts: pipeline.VerifyOptions, warc: Path | None) -> FetchOptions:
        # vcrpy's play counts are not thread-safe, and its sockets are not real ones.
        options = base(opts, warc)
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


def record() -> None:
    CASSETTES.mkdir(parents=True, exist_ok=True)
    (CASSETTES / CASSETTE).unlink(missing_ok=True)
    mp = pytest.MonkeyPatch()

    with LocalServer(ROUTES) as server, make_vcr("all").use_cassette(CASSETTE):
        run(Path(tempfile.mkdtemp()), server.origin, mp)
    mp.undo()


if __name__ == "__main__":
    record()

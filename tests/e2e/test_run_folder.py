"""A finished run's folder keeps its WARC, and a bug ends in exit 3 with what could be written.

Both through the real CLI against the end-to-end pages on a local server, on the plain and
the Prefect paths.
"""

from __future__ import annotations

import json

import pytest
from warcio.archiveiterator import ArchiveIterator

from briefcheck import pipeline
from briefcheck.cli import main
from tests.support.e2e import E2E_BRIEF, PATHS, ROUTES, write_sources
from tests.support.localserver import LocalServer


@pytest.fixture(scope="module")
def server():
    with LocalServer(ROUTES) as srv:
        yield srv


def _verify(tmp_path, server, *extra: str) -> int:
    sources = write_sources(tmp_path, server.origin)
    return main(
        [
            "verify",
            str(E2E_BRIEF),
            "--sources",
            str(sources),
            "--out",
            str(tmp_path / "reports"),
            "--cache",
            str(tmp_path / "cache"),
            "--allow-private-hosts",
            *extra,
        ]
    )


@pytest.mark.parametrize(
    "path",
    [["--no-orchestrator"], pytest.param([], marks=pytest.mark.slow)],
    ids=["plain", "prefect"],
)
def test_the_runs_warc_survives_and_reads_back(tmp_path, server, path):
    assert _verify(tmp_path, server, *path) == 1
    latest = (tmp_path / "reports" / "latest").resolve()
    report = json.loads((latest / "report.json").read_text(encoding="utf-8"))
    warc = latest / "sources.warc.gz"
    assert warc.is_file(), f"no WARC in the finished run {latest}"
    with warc.open("rb") as fh:
        responses = {
            r.rec_headers.get_header("WARC-Target-URI"): r.content_stream().read()
            for r in ArchiveIterator(fh)
            if r.rec_type == "response"
        }
    ok = {s["url"]: s for s in report["sources"] if s["status"] in ("ok", "paywalled")}
    assert ok and set(ok) <= set(responses)
    summit = server.url(PATHS["1"])
    assert b"durable framework" in responses[summit]  # the bytes the verdict rests on


def test_an_internal_error_exits_3_says_where_and_keeps_earlier_reports(
    tmp_path, server, monkeypatch, capsys
):
    assert _verify(tmp_path, server, "--no-orchestrator") == 1
    before = (tmp_path / "reports" / "latest" / "report.json").read_text(encoding="utf-8")

    def broken(*_args, **_kwargs):
        raise ZeroDivisionError("a bug in the report")

    monkeypatch.setattr(pipeline, "finish_report", broken)
    assert _verify(tmp_path, server, "--no-orchestrator") == 3
    err = capsys.readouterr().err
    first = next(line for line in err.splitlines() if line.startswith("briefcheck: "))
    assert "internal error" in first and "ZeroDivisionError" in first and "pipeline.py" in first
    # The earlier run's reports are untouched.
    after = (tmp_path / "reports" / "latest" / "report.json").read_text(encoding="utf-8")
    assert after == before

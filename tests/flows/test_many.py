"""`verify_briefs`: a shelf of briefs in one run, each page fetched once, a report per brief."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefcheck.errors import BriefcheckError
from briefcheck.flows.verify import verify_briefs
from briefcheck.models import FetchResult, Snapshot, SourceStatus
from briefcheck.pipeline import discover_briefs, report_folders, run_verify, without_body
from briefcheck.resolve import sources_file_for


def sources_for(brief: Path, given: Path | None) -> Path | None:
    return sources_file_for(brief, given, prefer_beside=True)


def _urls(brief: Path) -> set[str]:
    text = (brief.parent / "sources.yaml").read_text(encoding="utf-8")
    return {line.split('url: "')[1].rstrip('"}') for line in text.splitlines() if "url:" in line}


def _key(report: dict) -> list[tuple[str, str, str]]:
    return sorted((c["id"], c["verdict"], c["reason"]) for c in report["checks"])


@pytest.mark.slow
def test_shelf_fetches_each_page_once_and_matches_the_plain_path(shelf):
    briefs = shelf.corpus.briefs
    distinct = set().union(*(_urls(b) for b in briefs))
    assert len(distinct) < sum(len(_urls(b)) for b in briefs)  # the briefs share pages
    opts = shelf.options(briefs[0], "shelf")
    before = shelf.server.page_hits()

    result = verify_briefs([str(shelf.corpus.root)], opts)

    assert shelf.server.page_hits() - before == len(distinct)
    assert result.urls == len(distinct)
    assert len(result.runs) == len(briefs)
    for run, brief in zip(result.runs, briefs, strict=True):
        assert run.report.brief.path == str(brief)
        report = json.loads((run.run_dir / "report.json").read_text(encoding="utf-8"))
        assert run.run_dir.parent.parent == opts.out  # out/<brief>/<run-id>/
        plain = run_verify(shelf.options(brief, f"plain-{brief.parent.name}")).report.to_json()
        assert _key(report) == _key(plain)
        assert run.report.to_json()["summary"] == plain["summary"]
    assert result.exit_code == max(r.exit_code for r in result.runs)


def test_discovery_folders_and_sources(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for path in ("a/brief.txt", "b/brief.txt", "b/notes.md", "b/sources.yaml", "b/x.png"):
        (tmp_path / path).write_text("x", encoding="utf-8")
    found = discover_briefs([tmp_path, tmp_path / "a" / "brief.txt"])
    assert found == [tmp_path / "a/brief.txt", tmp_path / "b/brief.txt", tmp_path / "b/notes.md"]
    assert list(report_folders(found).values()) == ["a-brief", "b-brief", "notes"]
    assert sources_for(tmp_path / "b/notes.md", None) == tmp_path / "b/sources.yaml"
    assert sources_for(tmp_path / "a/brief.txt", tmp_path / "given.yaml") == tmp_path / "given.yaml"
    (tmp_path / "a/brief.sources.yaml").write_text("sources: {}", encoding="utf-8")
    assert sources_for(tmp_path / "a/brief.txt", None) == tmp_path / "a/brief.sources.yaml"
    with pytest.raises(BriefcheckError, match="no such file"):
        discover_briefs([tmp_path / "missing"])
    with pytest.raises(BriefcheckError, match="no briefs"):
        discover_briefs([])


def test_results_kept_after_parsing_hold_no_page_bytes():
    snap = Snapshot(
        url="u",
        final_url="u",
        http_status=200,
        headers=(),
        body=b"<p>x</p>" * 1000,
        sha256="ab" * 32,
        fetched_at="t",
        content_type="text/html",
    )
    kept = without_body(FetchResult(url="u", status=SourceStatus.OK, snapshot=snap))
    assert kept.snapshot is not None and kept.snapshot.body == b""
    assert kept.snapshot.sha256 == snap.sha256
    failed = FetchResult(url="u", status=SourceStatus.UNREACHABLE, reason="http 404")
    assert without_body(failed) is failed

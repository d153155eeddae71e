"""A reviewer's loop through the command line, against real pages on a local server:
verify → review (waive one finding) → edit one sentence → verify → diff."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from briefcheck.cli import main
from tests.support.e2e import E2E_BRIEF, ROUTES, write_sources
from tests.support.localserver import LocalServer

CHANGED_SENTENCE = "The opposition leader called the talks"
EDITED_SENTENCE = "The opposition leader later described the talks"


@pytest.fixture
def workspace(tmp_path):
    with LocalServer(ROUTES) as server:
        brief = tmp_path / "brief.txt"
        shutil.copyfile(E2E_BRIEF, brief)
        write_sources(tmp_path, server.origin)
        yield tmp_path, brief, server


def run_verify(ws: Path, brief: Path, *extra: str) -> int:
    out, cache = str(ws / "reports"), str(ws / "cache")
    argv = ["verify", str(brief), "--out", out, "--cache", cache, "--allow-private-hosts"]
    return main([*argv, "--no-orchestrator", *extra])


def verify(ws: Path, brief: Path, *extra: str) -> tuple[int, dict]:
    code = run_verify(ws, brief, *extra)
    latest = ws / "reports" / "latest" / "report.json"
    return code, json.loads(latest.read_text(encoding="utf-8"))


def finding(report: dict, verdict: str, kind: str = "quote") -> dict:
    return next(c for c in report["checks"] if c["verdict"] == verdict and c["kind"] == kind)


def open_count(report: dict) -> int:
    return sum(c["verdict"] in ("mismatch", "not_found") for c in report["checks"])


def test_waive_edit_recheck(workspace, capsys):
    ws, brief, server = workspace
    code, first = verify(ws, brief)
    assert code == 1
    mismatch, missing = finding(first, "mismatch"), finding(first, "not_found")

    report = str(ws / "reports" / "latest" / "report.json")
    assert main(["review", "--report", report, "--brief", str(brief)]) == 0
    listed = capsys.readouterr().out
    assert mismatch["id"] in listed and missing["id"] in listed
    assert f"{open_count(first)} open finding(s)" in listed

    assert (
        main(
            [
                "review",
                mismatch["id"],
                "--waive",
                "--reason",
                "house style paraphrase",
                "--reviewer",
                "ana",
                "--report",
                report,
                "--brief",
                str(brief),
            ]
        )
        == 0
    )
    assert (ws / "reviews.yaml").exists()

    text = brief.read_text(encoding="utf-8")
    assert CHANGED_SENTENCE in text
    brief.write_text(text.replace(CHANGED_SENTENCE, EDITED_SENTENCE), encoding="utf-8")
    seen_before = len(server.requests)
    capsys.readouterr()
    code, second = verify(ws, brief)

    again = {r.path for r in server.requests[seen_before:]}
    read_ok = {"/news/summit", "/farm/plan", "/herald/opposition"}
    assert not again & read_ok  # sources read last time come from the cache...
    assert "/wire/memo" in again  # ...while failures are never cached as final
    by_id = {c["id"]: c for c in second["checks"]}
    assert by_id[mismatch["id"]]["waived"] is True  # the waiver follows its claim
    assert missing["id"] not in by_id  # the edited claim's checks have new ids...
    edited = {c["id"] for c in first["checks"] if CHANGED_SENTENCE in c["claim"]["text"]}
    assert missing["id"] in edited and len(edited) == 2  # its quotation and its support
    redone = [c for c in second["checks"] if EDITED_SENTENCE in c["claim"]["text"]]
    assert redone and all(c["id"] not in {x["id"] for x in first["checks"]} for c in redone)
    untouched = {c["id"] for c in first["checks"]} - edited
    assert untouched - set(by_id) == set()  # ...and every other id survived the edit
    since = second["since_last_run"]
    assert {e["id"] for e in since["added"]} == {c["id"] for c in redone}
    assert {e["id"] for e in since["removed"]} == edited
    assert code == 1  # the not_found is still open; the waived mismatch no longer counts

    old = ws / "first.json"
    old.write_text(json.dumps(first), encoding="utf-8")
    capsys.readouterr()
    assert main(["diff", str(old), str(ws / "reports" / "latest" / "report.json")]) in (0, 1)
    assert "re-checked" in capsys.readouterr().out


def test_waiver_lapses_when_its_claim_changes(workspace):
    ws, brief, _server = workspace
    _code, first = verify(ws, brief)
    mismatch = finding(first, "mismatch")
    report = str(ws / "reports" / "latest" / "report.json")
    findings = [c for c in first["checks"] if c["verdict"] in ("mismatch", "not_found")]
    assert mismatch in findings and finding(first, "not_found") in findings
    for check in findings:
        assert (
            main(
                [
                    "review",
                    check["id"],
                    "--waive",
                    "--reason",
                    "known",
                    "--report",
                    report,
                    "--brief",
                    str(brief),
                ]
            )
            == 0
        )
    code, _ = verify(ws, brief)
    assert code == 0  # every finding waived
    text = brief.read_text(encoding="utf-8")
    brief.write_text(
        text.replace("went further and described", "went on to describe"), encoding="utf-8"
    )
    code, third = verify(ws, brief)
    again = finding(third, "mismatch")
    assert again["id"] != mismatch["id"] and again["waived"] is False
    assert code == 1


def test_review_refuses_bad_input(workspace, capsys):
    ws, brief, _server = workspace
    verify(ws, brief)
    report = str(ws / "reports" / "latest" / "report.json")
    capsys.readouterr()
    assert (
        main(
            [
                "review",
                "no-such-id",
                "--waive",
                "--reason",
                "x",
                "--report",
                report,
                "--brief",
                str(brief),
            ]
        )
        == 2
    )
    assert "no check with id 'no-such-id'" in capsys.readouterr().err
    assert main(["review", "x", "--waive", "--report", report, "--brief", str(brief)]) == 2
    assert "--reason is required" in capsys.readouterr().err
    (ws / "reviews.yaml").write_text("reviews: [{check: 1, colour: red}]\n", encoding="utf-8")
    assert run_verify(ws, brief) == 2
    err = capsys.readouterr().err
    assert "reviews.yaml" in err and err.count("\n") == 1 and "fetch" not in err


def test_a_source_that_changed_is_reported_as_drifted(workspace):
    ws, brief, server = workspace
    _code, first = verify(ws, brief)
    from tests.support import e2e_pages as pages
    from tests.support.localserver import Route

    revised = pages.SUPPORTS.replace("every quarter", "every month")
    server.add("/news/summit", Route(body=revised))
    _code, cached = verify(ws, brief)  # within --max-age: the cached copy, no drift yet
    summit = lambda r: next(s for s in r["sources"] if s["ref"] == "1")  # noqa: E731
    assert summit(cached)["sha256"] == summit(first)["sha256"]
    code, latest = verify(ws, brief, "--max-age", "0")
    assert code == 1
    now = summit(latest)
    assert now["sha256"] != summit(first)["sha256"]
    assert now["changed"] and now["previous_sha256"] == summit(first)["sha256"]
    drifted = latest["since_last_run"]["drifted"]
    assert [d["ref"] for d in drifted] == ["1"]
    quote = next(c for c in latest["checks"] if c["ref"] == "1" and c["kind"] == "quote")
    assert quote["verdict"] == "verified"  # the quoted words are still there

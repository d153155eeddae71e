"""report.json read back by `diff`, `review` and a later `verify`: validated, never trusted.

A file with the right schema label but the wrong shape is one error line naming the file
(exit 2) for the commands that are given it; for `verify`, whose history it is, it is skipped
with a warning naming it and the run goes on.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from briefcheck.cli import main
from briefcheck.models import Verdict
from tests.support.e2e import E2E_BRIEF, ROUTES, write_sources
from tests.support.localserver import LocalServer
from tests.support.reports import make_report, report_check


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """An edit putting `value` at a dotted path (`checks.0.verdict`) of report JSON."""

    def edit(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        target[int(last) if isinstance(target, list) else last] = value

    return edit


# (how the report is wrong, the field the error names)
WRONG_SHAPES = {
    "verdict-maybe": (_set("checks.0.verdict", "maybe"), "$.checks[0].verdict"),
    "summary-a-list": (_set("summary", [1, 1]), "$.summary"),
    "checks-an-object": (_set("checks", {"a": 1}), "$.checks"),
    "claim-missing-text": (_set("checks.1.claim", {"paragraph": 1}), "$.checks[1].claim"),
    "run-id-a-number": (_set("run.id", 7), "$.run.id"),
}


def _report_json(run: str) -> dict[str, Any]:
    checks = [report_check("a", Verdict.VERIFIED), report_check("b", Verdict.MISMATCH)]
    return make_report(run, checks).to_json()


def _write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _bad_report(tmp_path: Path, shape: str) -> Path:
    edit, _field = WRONG_SHAPES[shape]
    data = _report_json("bad-run")
    edit(data)
    assert data["schema"] == "briefcheck.report/1"  # the label is right; the shape is not
    (tmp_path / "bad").mkdir()
    return _write(tmp_path / "bad" / "report.json", data)


def _error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err and lines[0].startswith("briefcheck: error: ")
    return lines[0]


def test_diff_of_two_well_formed_reports_works(tmp_path, capsys):
    old = _write(tmp_path / "old.json", _report_json("r1"))
    new_data = _report_json("r2")
    new_data["checks"][0]["verdict"] = "not_found"
    new = _write(tmp_path / "new.json", new_data)
    assert main(["diff", str(old), str(new)]) == 1
    assert "1 new finding(s)" in capsys.readouterr().out


@pytest.mark.parametrize("side", ["old", "new"])
@pytest.mark.parametrize("shape", sorted(WRONG_SHAPES))
def test_diff_refuses_a_report_of_the_wrong_shape_in_one_line(tmp_path, capsys, shape, side):
    good = _write(tmp_path / "good.json", _report_json("r1"))
    bad = _bad_report(tmp_path, shape)
    argv = ["diff", str(bad), str(good)] if side == "old" else ["diff", str(good), str(bad)]
    assert main(argv) == 2
    line = _error_line(capsys)
    assert str(bad) in line and str(good) not in line
    assert WRONG_SHAPES[shape][1] in line


@pytest.mark.parametrize("shape", sorted(WRONG_SHAPES))
def test_review_refuses_a_report_of_the_wrong_shape_in_one_line(tmp_path, capsys, shape):
    bad = _bad_report(tmp_path, shape)
    reviews = tmp_path / "reviews.yaml"
    listing = ["review", "--report", str(bad), "--reviews", str(reviews)]
    assert main(listing) == 2
    line = _error_line(capsys)
    assert str(bad) in line and WRONG_SHAPES[shape][1] in line
    deciding = [*listing[:1], "b", "--waive", "--reason", "known", *listing[1:]]
    assert main(deciding) == 2
    assert str(bad) in _error_line(capsys)
    assert not reviews.exists()  # nothing recorded against a report that did not validate


def test_review_lists_the_open_findings_of_a_well_formed_report(tmp_path, capsys):
    good = _write(tmp_path / "report.json", _report_json("r1"))
    assert main(["review", "--report", str(good), "--reviews", str(tmp_path / "r.yaml")]) == 0
    out = capsys.readouterr().out
    assert "b  [3a] quote mismatch: 'words b'" in out and "1 open finding(s)" in out


@pytest.fixture
def workspace(tmp_path):
    with LocalServer(ROUTES) as server:
        brief = tmp_path / "brief.txt"
        shutil.copyfile(E2E_BRIEF, brief)
        write_sources(tmp_path, server.origin)
        yield tmp_path, brief


def _verify(ws: Path, brief: Path) -> tuple[int, dict[str, Any]]:
    out = ws / "reports"
    argv = ["verify", str(brief), "--out", str(out), "--cache", str(ws / "cache")]
    code = main([*argv, "--allow-private-hosts", "--no-orchestrator"])
    return code, json.loads((out / "latest" / "report.json").read_text(encoding="utf-8"))


# (where the earlier report is, what is wrong with it, the field its warning names). The run
# folders are read for the history chart, which validates only run and verdict counts; latest/
# is also read in full for "since last run".
MALFORMED_EARLIER = {
    "latest-bad-verdict": (
        "the-latest-run",
        _set("checks.0.verdict", "maybe"),
        "$.checks[0].verdict",
    ),
    "latest-bad-summary": (
        "the-latest-run",
        _set("summary.verified", "many"),
        "$.summary.verified",
    ),
    "folder-bad-summary": (
        "another-run-folder",
        _set("summary.verified", "many"),
        "$.summary.verified",
    ),
    "folder-bad-run-id": ("another-run-folder", _set("run.id", 7), "$.run.id"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED_EARLIER))
def test_verify_skips_a_malformed_earlier_report_and_writes_its_own(workspace, caplog, case):
    where, edit, field = MALFORMED_EARLIER[case]
    ws, brief = workspace
    first_code, first = _verify(ws, brief)
    runs = ws / "reports"
    if where == "the-latest-run":
        bad = runs / first["run"]["id"] / "report.json"
    else:
        (runs / "run-left-by-a-bad-tool").mkdir()
        bad = runs / "run-left-by-a-bad-tool" / "report.json"
    malformed = json.loads(
        json.dumps({**first, "run": {**first["run"], "id": "run-left-by-a-bad-tool"}})
    )
    edit(malformed)
    _write(bad, malformed)

    caplog.set_level(logging.WARNING, logger="briefcheck.report.history")
    code, second = _verify(ws, brief)

    assert code == first_code
    assert second["run"]["id"] != first["run"]["id"]
    key = sorted((c["id"], c["verdict"]) for c in second["checks"])
    assert key == sorted((c["id"], c["verdict"]) for c in first["checks"])
    history = [h["run"] for h in second["history"]]
    if case == "latest-bad-verdict":
        # The chart's run and counts are well formed; "since last run" would need the checks.
        assert history == ["run-left-by-a-bad-tool", second["run"]["id"]]
        assert second["since_last_run"] is None
    elif where == "the-latest-run":
        assert history == [second["run"]["id"]] and second["since_last_run"] is None
    else:
        assert history == [first["run"]["id"], second["run"]["id"]]
        assert second["since_last_run"]["old"]["id"] == first["run"]["id"]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(str(bad) in w and field in w for w in warnings), warnings

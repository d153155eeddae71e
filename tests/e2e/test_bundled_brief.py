"""The bundled brief as `make demo` runs it, with no network: honest unchecked verdicts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from briefcheck.cli import main

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = ROOT.parent / "shared" / "tools" / "check_contract.py"


@pytest.fixture(scope="module")
def offline_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bundled")
    out = tmp / "reports"
    code = main(
        [
            "verify",
            "--offline",
            "--no-orchestrator",
            "--out",
            str(out),
            "--cache",
            str(tmp / "cache"),
        ]
    )
    return code, out, json.loads((out / "latest" / "report.json").read_text(encoding="utf-8"))


def test_every_reference_is_reported_and_nothing_is_a_finding(offline_run):
    code, _out, report = offline_run
    assert code == 0
    status = {s["ref"]: s for s in report["sources"]}
    assert "12a" not in status and "12b" not in status  # back-references need no source
    assert len(status) == 21
    assert status["2"]["status"] == "unresolved"
    assert status["16"]["status"] == "unreachable"
    assert "offline" in (status["16"]["reason"] or "") or "offline" in (status["16"]["error"] or "")
    assert status["6"]["relation"] == "reprint" and "Bloomberg" in status["6"]["note"]
    verdicts = {c["verdict"] for c in report["checks"]}
    assert verdicts == {"unchecked"}
    assert report["summary"]["unchecked"] == len(report["checks"]) > 50


def test_claims_follow_the_brief(offline_run):
    _code, _out, report = offline_run
    quotes = {(c["ref"], c["claimed"]) for c in report["checks"] if c["kind"] == "quote"}
    assert ("3a", "strategic communication and high-level visits") in quotes
    assert ("3b", "strategic communication and high-level visits") in quotes
    assert ("17", "three-axis system") in quotes
    dates = {
        (c["ref"], c["claim"]["paragraph"], c["claim"]["scope"])
        for c in report["checks"]
        if c["kind"] == "date"
    }
    assert ("16", 17, "paragraph") in dates  # '8 September 2022' inherits footnote 16
    uncited = {d["value"] for u in report["uncited"] for d in u["dates"]}
    assert {"2018-03", "2018-05"} <= uncited


def test_three_formats_and_latest(offline_run):
    _code, out, report = offline_run
    run_dir = out / report["run"]["id"]
    for name in ("report.json", "report.md", "report.html"):
        assert (run_dir / name).stat().st_size > 0
        assert (out / "latest" / name).read_bytes() == (run_dir / name).read_bytes()


def test_report_passes_the_contract_check(offline_run):
    _code, out, _report = offline_run
    if not CONTRACT.exists():
        pytest.skip(f"{CONTRACT} not present beside the repo")
    proc = subprocess.run(
        [sys.executable, str(CONTRACT), "report", str(out / "latest" / "report.json")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout


def test_extract_json_passes_the_contract_check(tmp_path, capsys):
    if not CONTRACT.exists():
        pytest.skip(f"{CONTRACT} not present beside the repo")
    assert main(["extract", str(ROOT / "briefs" / "brief.txt"), "--json"]) == 0
    path = tmp_path / "extract.json"
    path.write_text(capsys.readouterr().out, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(CONTRACT), "extract", str(path)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout

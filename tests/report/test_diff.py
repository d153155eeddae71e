"""diff_reports / format_diff / has_new_findings over hand-made report pairs."""

from __future__ import annotations

import pytest

from briefcheck.models import SourceStatus
from briefcheck.report import diff_reports, format_diff, has_new_findings
from briefcheck.report.diff import since_entries
from briefcheck.report.model import Report, ReportCheck, ReportSource, StatusChange
from tests.support.reports import make_report, report_check, report_source


def _check(cid: str, verdict: str, waived: bool = False) -> ReportCheck:
    return report_check(cid, verdict, waived=waived)


def _report(
    run: str, checks: list[ReportCheck], sources: list[ReportSource] | None = None
) -> Report:
    return make_report(run, checks, sources or [])


CASES = [
    # (old verdict or None, new verdict or None, the list the check lands in, or None)
    (None, "mismatch", "new_findings"),
    (None, "not_found", "new_findings"),
    ("verified", "mismatch", "new_findings"),
    ("unchecked", "not_found", "new_findings"),
    ("mismatch", "verified", "resolved"),
    ("not_found", None, "resolved"),
    ("mismatch", "unchecked", "resolved"),
    ("mismatch", "not_found", "changed"),
    ("verified", "unchecked", "changed"),
    ("verified", "verified", None),
    ("mismatch", "mismatch", None),
    (None, "verified", None),
]


@pytest.mark.parametrize(("was", "now", "lands"), CASES, ids=[f"{a}->{b}" for a, b, _ in CASES])
def test_each_verdict_change_lands_in_one_list(was, now, lands):
    old = _report("r1", [_check("x", was)] if was else [])
    new = _report("r2", [_check("x", now)] if now else [])
    diff = diff_reports(old, new)
    for key in ("new_findings", "resolved", "changed"):
        expected = [("x", was, now)] if key == lands else []
        assert [(e.id, e.old, e.new) for e in getattr(diff, key)] == expected, key
    assert has_new_findings(diff) == (lands == "new_findings")


def test_a_waived_new_finding_does_not_count_as_new():
    diff = diff_reports(_report("r1", []), _report("r2", [_check("x", "mismatch", waived=True)]))
    assert len(diff.new_findings) == 1
    assert not has_new_findings(diff)


def test_drifted_sources_and_status_changes_are_listed():
    old = _report(
        "r1",
        [],
        [
            report_source("5", SourceStatus.OK, sha256="a" * 64),
            report_source("6", SourceStatus.UNREACHABLE, sha256=None),
        ],
    )
    new = _report(
        "r2",
        [],
        [
            report_source("5", SourceStatus.OK, sha256="b" * 64, changed="T1"),
            report_source("6", SourceStatus.OK, sha256="c" * 64),
        ],
    )
    diff = diff_reports(old, new)
    assert [(d.ref, d.changed) for d in diff.drifted] == [("5", "T1")]
    assert diff.status_changed == (StatusChange(ref="6", old="unreachable", new="ok"),)


def test_format_diff_names_each_change_and_says_when_nothing_changed():
    old = _report("r1", [_check("a", "verified"), _check("b", "mismatch")])
    new = _report("r2", [_check("a", "mismatch"), _check("b", "verified")])
    text = format_diff(diff_reports(old, new))
    assert text.splitlines()[0].startswith("Run r2 vs r1 (r1-start): 1 new finding(s), 1 resolved")
    assert "0 re-checked, 0 dropped" in text.splitlines()[0]
    assert "+ [verified → mismatch] fn 3 ref 3a quote “words a”" in text
    assert "- [mismatch → verified]" in text
    assert format_diff(diff_reports(old, old)).endswith("No changes.")


def test_an_edited_claim_shows_as_rechecked_and_dropped_ids():
    old = _report("r1", [_check("kept", "verified"), _check("old-id", "verified")])
    new = _report("r2", [_check("kept", "verified"), _check("new-id", "verified")])
    diff = diff_reports(old, new)
    assert [(label, e.id) for label, e in since_entries(diff)] == [
        ("re-checked", "new-id"),
        ("dropped", "old-id"),
    ]
    text = format_diff(diff)
    assert "Re-checked (claim added or edited):\n  > [verified] fn 3 ref 3a quote" in text
    assert not has_new_findings(diff)

"""reviews.yaml: loading with one-line errors, applying, lapsing, recording decisions."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest

from briefcheck.errors import BriefcheckError
from briefcheck.models import CheckKind, Verdict
from briefcheck.report import (
    ReviewsError,
    apply_waivers,
    exit_code,
    load_reviews,
    load_waivers,
    open_findings,
    record_decision,
    render_markdown,
    reviews_path,
)
from briefcheck.report.model import Decision, Report, ReportCheck, ReviewState
from tests.support.report_sample import report_for

TODAY = dt.date(2026, 11, 28)


def _finding(report: Report, kind: CheckKind = CheckKind.TITLE) -> ReportCheck:
    return next(c for c in report.checks if c.verdict is Verdict.MISMATCH and c.kind is kind)


def _edited(report: Report, cid: str, edit: Callable[[ReportCheck], ReportCheck]) -> Report:
    """The report with one check changed by `edit` (as the next run would see it)."""
    checks = tuple(edit(c) if c.id == cid else c for c in report.checks)
    return dataclasses.replace(report, checks=checks)


def _waive_all(report: Report, path, **kw) -> None:
    for check in open_findings(report):
        record_decision(path, check, "waive", "ana", "known wording", today=TODAY, **kw)


def test_reviews_live_next_to_the_brief():
    assert reviews_path("briefs/brief.txt").as_posix() == "briefs/reviews.yaml"


def test_a_waived_finding_stays_visible_and_leaves_the_exit_code(report, tmp_path):
    path = tmp_path / "reviews.yaml"
    assert exit_code(report) == 1
    _waive_all(report, path)
    reviewed = apply_waivers(report, load_reviews(path), TODAY)
    assert exit_code(reviewed) == 0 and open_findings(reviewed) == []
    assert len(reviewed.checks) == len(report.checks)
    waived = [c for c in reviewed.checks if c.waived]
    assert {c.verdict for c in waived} == {Verdict.MISMATCH, Verdict.NOT_FOUND}
    assert all(c.review and c.review.state is ReviewState.ACTIVE for c in waived)
    assert reviewed.review is not None
    assert reviewed.review.waived == len(waived) and reviewed.review.open == 0


def test_one_waiver_leaves_the_other_findings_open(report, tmp_path):
    path = tmp_path / "reviews.yaml"
    record_decision(path, _finding(report), "accept", "ana", "transliteration", today=TODAY)
    reviewed = apply_waivers(report, load_reviews(path), TODAY)
    assert "| accepted by ana: transliteration |" in render_markdown(reviewed)
    assert len(open_findings(reviewed)) == len(open_findings(report)) - 1
    assert exit_code(reviewed) == 1


@pytest.mark.parametrize(
    ("edit", "lapse"),
    [
        (
            lambda c: dataclasses.replace(
                c, claim=dataclasses.replace(c.claim, text=c.claim.text + " Edited.")
            ),
            "claim's text changed",
        ),
        (
            lambda c: dataclasses.replace(
                c, evidence=dataclasses.replace(c.evidence, text="another passage")
            ),
            "evidence changed",
        ),
        (lambda c: dataclasses.replace(c, evidence=None), "evidence changed"),
    ],
    ids=["claim-edited", "evidence-changed", "evidence-gone"],
)
def test_a_waiver_lapses_when_its_words_change(report, tmp_path, edit, lapse):
    path = tmp_path / "reviews.yaml"
    target = _finding(report)
    record_decision(path, target, "waive", "ana", "ok", today=TODAY)
    report = _edited(report, target.id, edit)
    reviewed = apply_waivers(report, load_reviews(path), TODAY)
    check = next(c for c in reviewed.checks if c.id == target.id)
    assert not check.waived and check.review and check.review.state is ReviewState.LAPSED
    assert check.review.lapsed and lapse in check.review.lapsed


def test_whitespace_rewrapping_does_not_lapse_a_waiver(report, tmp_path):
    path = tmp_path / "reviews.yaml"
    target = _finding(report)
    record_decision(path, target, "waive", "ana", "ok", today=TODAY)
    assert target.evidence is not None
    rewrapped = "  " + target.evidence.text.replace(" ", "\n  ") + "\n"
    evidence = dataclasses.replace(target.evidence, text=rewrapped)
    report = _edited(report, target.id, lambda c: dataclasses.replace(c, evidence=evidence))
    reviewed = apply_waivers(report, load_reviews(path), TODAY)
    assert reviewed.review is not None and reviewed.review.lapsed == 0
    assert next(c for c in reviewed.checks if c.id == target.id).waived


def test_a_waiver_lapses_after_its_expiry_date(report, tmp_path):
    path = tmp_path / "reviews.yaml"
    expires = dt.date(2026, 12, 31)
    record_decision(path, _finding(report), "waive", "ana", "ok", expires=expires, today=TODAY)
    on_day = apply_waivers(report, load_reviews(path), expires)
    after = apply_waivers(report, load_reviews(path), expires + dt.timedelta(days=1))
    assert on_day.review is not None and after.review is not None
    assert on_day.review.waived == 1
    assert after.review.waived == 0 and after.review.lapsed == 1


def test_record_decision_updates_in_place_and_reviews_of_vanished_checks_are_stale(tmp_path):
    path = tmp_path / "reviews.yaml"
    report = report_for()
    first, second = open_findings(report)[:2]
    record_decision(path, first, "waive", "ana", "one", today=TODAY)
    record_decision(path, second, "waive", "ana", "two", today=TODAY)
    record_decision(path, first, "accept", "bo", "checked the print edition", today=TODAY)
    reviews = load_reviews(path)
    assert [(r.check, r.decision, r.reviewer) for r in reviews] == [
        (first.id, Decision.ACCEPT, "bo"),
        (second.id, Decision.WAIVE, "ana"),
    ]
    report = dataclasses.replace(report, checks=tuple(c for c in report.checks if c != second))
    tally = apply_waivers(report, reviews, TODAY).review
    assert tally is not None and tally.stale == (second.id,)


BAD_FILES = [
    ("reviews: [", "cannot read"),
    ("reviews:\n  - {check: x, decision: ignore}", "reviews[0].decision"),
    ("colour: red", "colour: Extra inputs are not permitted"),
    (
        "reviews:\n  - {check: x, decision: waive, reviewer: a, reason: b, date: 2026-01-01,"
        " claim_sha256: abc}",
        "reviews[0].claim_sha256",
    ),
    (
        "reviews:\n  - {check: x, decision: waive, reviewer: a, reason: b, date: 2026-01-01,"
        " claim_sha256: " + "a" * 64 + ", note: hi}",
        "reviews[0].note",
    ),
    (
        "reviews:\n  - {check: x, decision: waive, reviewer: a, reason: b, date: not-a-date,"
        " claim_sha256: " + "a" * 64 + "}",
        "reviews[0].date",
    ),
]


@pytest.mark.parametrize(("text", "names"), BAD_FILES, ids=lambda v: str(v)[:24])
def test_a_bad_reviews_file_is_one_line_naming_file_and_key(tmp_path, text, names):
    path = tmp_path / "reviews.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReviewsError) as info:
        load_reviews(path)
    message = str(info.value)
    assert isinstance(info.value, BriefcheckError)
    assert "\n" not in message and message.startswith(f"{path}: ") and names in message


def test_a_missing_reviews_file_means_no_decisions(tmp_path):
    assert load_reviews(tmp_path / "reviews.yaml") == ()


def test_expiry_typed_on_the_command_line_is_parsed_or_refused(report, tmp_path):
    path = tmp_path / "reviews.yaml"
    stored = record_decision(path, _finding(report), "waive", "ana", "ok", expires="2027-01-31")
    assert stored.expires == dt.date(2027, 1, 31) == load_waivers(path)[0].expires
    assert "expires: 2027-01-31" in path.read_text(encoding="utf-8")
    with pytest.raises(ReviewsError, match="expires: expected YYYY-MM-DD, got '31/01/2027'"):
        record_decision(path, _finding(report), "waive", "ana", "ok", expires="31/01/2027")


def test_record_decision_refuses_an_unknown_decision_or_empty_reason(report, tmp_path):
    with pytest.raises(ReviewsError, match="expected 'accept' or 'waive'"):
        record_decision(tmp_path / "r.yaml", _finding(report), "ignore", "ana", "x")
    with pytest.raises(ReviewsError, match="needs a reviewer and a reason"):
        record_decision(tmp_path / "r.yaml", _finding(report), "waive", "ana", "  ")

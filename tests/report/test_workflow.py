"""The reviewer's loop on the bundled brief: run, waive, edit one sentence, re-run.

The real extractor and check planner run on a copy of the bundled brief; matching is a
deterministic stand-in (the matchers have their own tests), so what is tested here is that
ids follow claims across an edit, "since last run" names exactly the edited claim's checks,
and a waiver is honoured while its claim is untouched.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from briefcheck.checks import Matchers, WorkSource, build_checks
from briefcheck.extractors import extract_brief
from briefcheck.models import (
    CheckKind,
    Evidence,
    Match,
    Reference,
    SourceStatus,
    SourceText,
    Verdict,
)
from briefcheck.report import (
    apply_waivers,
    build_report,
    exit_code,
    load_waivers,
    open_findings,
    record_decision,
    reviews_path,
    write_reports,
)
from briefcheck.report.history import read_report
from briefcheck.report.model import Report, ReviewState
from tests.support.report_factories import BUNDLED, make_source

TODAY = dt.date(2026, 11, 28)
EDITED_FROM = "does not inspire the possibility of any newfound engagement"
EDITED_TO = "hardly suggests any newfound engagement"


def _quote(claimed: str, text: SourceText) -> Match:
    """Quotations with 'strengthening' have a word changed in the source; others stand."""
    if "strengthening" in claimed:
        said = claimed.replace("defining", "jointly defending")
        return Match(
            verdict=Verdict.MISMATCH,
            score=0.9,
            reason="words changed",
            evidence=Evidence(text=said, start=10, end=10 + len(said)),
        )
    return Match(
        verdict=Verdict.VERIFIED,
        score=1.0,
        reason="exact",
        evidence=Evidence(text=claimed, start=0, end=len(claimed)),
    )


def _date(item, claim_text: str, text: SourceText) -> Match:
    if item.value == "2013":
        return Match(verdict=Verdict.NOT_FOUND, score=0.2, reason="no such date in the source")
    return Match(
        verdict=Verdict.VERIFIED,
        score=1.0,
        reason="same date",
        evidence=Evidence(text=item.text, start=0, end=len(item.text)),
    )


def _details(ref: Reference, text: SourceText) -> list[tuple[CheckKind, str, Match]]:
    fields = [
        (CheckKind.TITLE, ref.title),
        (CheckKind.PUBLISHED, ref.date),
        (CheckKind.OUTLET, ref.outlet),
        (CheckKind.AUTHOR, "; ".join(ref.authors)),
    ]
    return [
        (
            k,
            v,
            Match(
                verdict=Verdict.VERIFIED,
                score=1.0,
                reason="same",
                evidence=Evidence(text=v, start=0, end=len(v)),
            ),
        )
        for k, v in fields
        if v
    ]


def _support(claimed: str, text: SourceText) -> Match:
    """Every claim is related to its page (support checks are not findings)."""
    return Match(
        verdict=Verdict.RELATED,
        score=0.5,
        reason="shares",
        evidence=Evidence(text=text.text, start=0, end=len(text.text)),
    )


def _run(brief_path: Path, out: Path, run_id: str) -> Report:
    brief = extract_brief(brief_path)
    page = SourceText(url="https://x.example/page", text="page", status=SourceStatus.OK)
    works = {
        ref_id: WorkSource(record=make_source(ref_id), text=page) for ref_id in brief.references()
    }
    checks = build_checks(
        brief, works, Matchers(quote=_quote, date=_date, details=_details, support=_support)
    )
    report = build_report(
        run_id=run_id,
        started=f"{run_id}-start",
        finished=f"{run_id}-end",
        brief=brief,
        sources=[w.record for w in works.values()],
        checks=checks,
    )
    report = apply_waivers(report, load_waivers(reviews_path(brief_path)), TODAY)
    write_reports(report, out, brief)
    return read_report(out / "latest" / "report.json")


@pytest.fixture
def brief_copy(tmp_path) -> Path:
    path = tmp_path / "briefs" / "brief.txt"
    path.parent.mkdir()
    shutil.copyfile(BUNDLED, path)
    return path


def test_waive_edit_rerun_rechecks_exactly_the_edited_claim(brief_copy, tmp_path):
    out = tmp_path / "reports"
    first = _run(brief_copy, out, "run-1")
    findings = open_findings(first)
    kinds = sorted((c.kind, c.verdict) for c in findings)
    assert ("date", "not_found") in kinds and ("quote", "mismatch") in kinds
    assert exit_code(first) == 1

    date_finding = next(c for c in findings if c.kind is CheckKind.DATE)
    record_decision(
        reviews_path(brief_copy), date_finding, "waive", "ana", "2013 is right", today=TODAY
    )
    text = brief_copy.read_text(encoding="utf-8")
    assert text.count(EDITED_FROM) == 1
    brief_copy.write_text(text.replace(EDITED_FROM, EDITED_TO), encoding="utf-8")

    second = _run(brief_copy, out, "run-2")
    since = second.since_last_run
    assert since is not None
    edited_old = {c.id for c in first.checks if EDITED_FROM in c.claim.text}
    edited_new = {c.id for c in second.checks if EDITED_TO in c.claim.text}
    assert edited_old and len(edited_new) == len(edited_old)
    assert {e.id for e in since.removed} == edited_old
    assert {e.id for e in since.added} == edited_new
    assert since.changed == () and since.drifted == ()
    unchanged = {c.id for c in first.checks} - edited_old
    assert unchanged <= {c.id for c in second.checks}

    waived = next(c for c in second.checks if c.id == date_finding.id)
    assert waived.waived and waived.review and waived.review.state is ReviewState.ACTIVE
    still_open = open_findings(second)
    assert {c.id for c in still_open} <= edited_new | {
        c.id for c in first.checks if c.verdict in (Verdict.MISMATCH, Verdict.NOT_FOUND)
    }
    assert date_finding.id not in {c.id for c in still_open}

    for check in still_open:
        record_decision(reviews_path(brief_copy), check, "accept", "ana", "paraphrase", today=TODAY)
    third = _run(brief_copy, out, "run-3")
    assert exit_code(third) == 0
    assert third.review is not None and third.review.waived == len(still_open) + 1
    assert [h.run for h in third.history] == ["run-1", "run-2", "run-3"]


def test_every_check_of_the_extracted_brief_is_found_in_its_text(brief_copy, tmp_path):
    report = _run(brief_copy, tmp_path / "reports", "run-1")
    text = extract_brief(brief_copy).text
    assert report.checks and all(c.span for c in report.checks)
    for check in report.checks:
        assert check.span is not None
        words = text[check.span.start : check.span.end]
        if check.kind in (CheckKind.QUOTE, CheckKind.DATE):
            assert words == check.claimed, check.id
        else:
            assert words in check.claim.text, check.id


def test_editing_the_waived_claim_reopens_it(brief_copy, tmp_path):
    out = tmp_path / "reports"
    first = _run(brief_copy, out, "run-1")
    date_finding = next(c for c in open_findings(first) if c.kind is CheckKind.DATE)
    record_decision(reviews_path(brief_copy), date_finding, "waive", "ana", "ok", today=TODAY)
    sentence = date_finding.claim.text
    text = brief_copy.read_text(encoding="utf-8")
    brief_copy.write_text(
        text.replace(sentence, sentence.replace("considerable", "severe")), encoding="utf-8"
    )
    second = _run(brief_copy, out, "run-2")
    reopened = [c for c in open_findings(second) if c.kind is CheckKind.DATE]
    assert len(reopened) == 1 and "severe" in reopened[0].claim.text
    assert second.review is not None and second.review.stale == (date_finding.id,)
    assert exit_code(second) == 1

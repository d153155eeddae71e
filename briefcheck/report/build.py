"""Assemble the `briefcheck.report/1` document from a run's records."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from briefcheck.models import Brief, Check, Claim, Scope, SourceRecord
from briefcheck.parse.links import text_fragment_url
from briefcheck.report.diff import diff_reports
from briefcheck.report.history import history_point, mark_drift
from briefcheck.report.model import (
    SCHEMA,
    BriefInfo,
    FootnoteTally,
    Report,
    ReportCheck,
    ReportSource,
    RunInfo,
    Span,
    Uncited,
    UncitedDate,
    count_verdicts,
)
from briefcheck.report.spans import ClaimIndex
from briefcheck.report.worddiff import evidence_ops

__all__ = ["SCHEMA", "build_report"]


def _deep_link(check: Check, source: SourceRecord | None) -> str | None:
    """Where a reader sees the evidence: the matcher's link, else a text fragment on the page."""
    if check.evidence is None:
        return None
    if check.evidence.url:
        return check.evidence.url
    page = source and (source.final_url or source.url)
    return text_fragment_url(page, check.evidence.text) if page else None


def _report_check(check: Check, index: ClaimIndex, source: SourceRecord | None) -> ReportCheck:
    """A check as the report lists it, with its place in the brief and its word diff."""
    span = index.locate(check)
    ev = check.evidence
    words = tuple(evidence_ops(check.claimed, ev.text, ev.diff)) if ev else None
    fields = {f.name: getattr(check, f.name) for f in dataclasses.fields(Check)}
    return ReportCheck(
        **fields,
        span=Span(start=span[0], end=span[1]) if span else None,
        link=_deep_link(check, source),
        words=words,
    )


def _report_source(source: SourceRecord, checks: Sequence[Check]) -> ReportSource:
    """A source with its checks' verdict counts (`checks`: this source's own)."""
    fields = {f.name: getattr(source, f.name) for f in dataclasses.fields(SourceRecord)}
    return ReportSource(**fields, checks=count_verdicts(c.verdict for c in checks))


def _by(checks: Sequence[Check], key: str) -> dict[object, list[Check]]:
    groups: dict[object, list[Check]] = {}
    for c in checks:
        groups.setdefault(getattr(c, key), []).append(c)
    return groups


def _uncited(claim: Claim) -> Uncited:
    """A dated fact or quotation the brief states without any citation."""
    return Uncited(
        id=claim.id,
        text=claim.text,
        paragraph=claim.paragraph,
        sentence=claim.sentence,
        start=claim.start,
        end=claim.end,
        dates=tuple(
            UncitedDate(text=d.text, value=d.value, precision=d.precision) for d in claim.dates
        ),
        quotes=tuple(q.text for q in claim.quotes),
    )


def _is_uncited(claim: Claim) -> bool:
    """A claim with no citation at all that still states a date or a quotation."""
    return claim.scope == Scope.NONE and bool(claim.dates or claim.quotes)


def _footnotes(brief: Brief, checks: Sequence[Check]) -> tuple[FootnoteTally, ...]:
    """Per footnote: its reference ids and how its checks came out."""
    by_note = _by(checks, "footnote")
    return tuple(
        FootnoteTally(
            number=note.number,
            refs=tuple(r.id for r in note.references),
            checks=count_verdicts(c.verdict for c in by_note.get(note.number, [])),
        )
        for note in brief.footnotes
    )


def _brief_info(brief: Brief) -> BriefInfo:
    return BriefInfo(
        path=brief.path,
        sha256=brief.sha256,
        format=brief.format,
        paragraphs=len(brief.paragraphs),
        footnotes=len(brief.footnotes),
        claims=len(brief.claims),
        warnings=brief.warnings,
    )


def build_report(
    *,
    run_id: str,
    started: str,
    finished: str,
    brief: Brief,
    sources: Sequence[SourceRecord],
    checks: Sequence[Check],
    previous: Report | None = None,
) -> Report:
    """The report of a run, per DESIGN.md (summary, sources, uncited, checks).

    Takes the run's id and times, the brief, its sources' records and its checks; with
    `previous` (the last run's report, see `history.previous_report`) sources say when their
    content last changed and the report carries a "since last run" diff; without it
    `write_reports` fills both in from the reports folder.
    """
    by_ref = {s.ref: s for s in sources}
    checks_of = _by(checks, "ref")
    index = ClaimIndex(brief)
    report = Report(
        run=RunInfo(id=run_id, started=started, finished=finished),
        brief=_brief_info(brief),
        summary=count_verdicts(c.verdict for c in checks),
        sources=tuple(_report_source(s, checks_of.get(s.ref, [])) for s in sources),
        uncited=tuple(_uncited(c) for c in brief.claims if _is_uncited(c)),
        checks=tuple(_report_check(c, index, by_ref.get(c.ref)) for c in checks),
        footnotes=_footnotes(brief, checks),
    )
    if previous is not None:
        report = mark_drift(report, previous)
        report = dataclasses.replace(report, since_last_run=diff_reports(previous, report))
    return dataclasses.replace(report, history=(history_point(report),))

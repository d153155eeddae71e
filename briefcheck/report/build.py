"""Assemble the `briefcheck.report/1` document from a run's records."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from briefcheck import __version__
from briefcheck.models import Brief, Check, Claim, Scope, SourceRecord, Verdict, to_jsonable
from briefcheck.parse.links import text_fragment_url
from briefcheck.report.diff import diff_reports
from briefcheck.report.history import history_point, mark_drift
from briefcheck.report.spans import locate_check
from briefcheck.report.worddiff import evidence_ops

SCHEMA = "briefcheck.report/1"
VERDICTS = tuple(v.value for v in Verdict)


def _counts(checks: Sequence[Check]) -> dict[str, int]:
    """How many checks have each verdict, every verdict present."""
    tally = Counter(c.verdict.value for c in checks)
    return {v: tally.get(v, 0) for v in VERDICTS}


def _deep_link(check: Check, source: SourceRecord | None) -> str | None:
    """Where a reader sees the evidence: the matcher's link, else a text fragment on the page."""
    if check.evidence is None:
        return None
    if check.evidence.url:
        return check.evidence.url
    page = source and (source.final_url or source.url)
    return text_fragment_url(page, check.evidence.text) if page else None


def _check_json(check: Check, brief: Brief, source: SourceRecord | None) -> dict[str, Any]:
    """A check as the report lists it, with its place in the brief and its word diff."""
    out: dict[str, Any] = to_jsonable(check)
    span = locate_check(brief, check)
    out["span"] = {"start": span[0], "end": span[1]} if span else None
    out["link"] = _deep_link(check, source)
    ev = check.evidence
    out["words"] = (
        [list(op) for op in evidence_ops(check.claimed, ev.text, ev.diff)] if ev else None
    )
    out["waived"] = False
    return out


def _source_json(source: SourceRecord, checks: Sequence[Check]) -> dict[str, Any]:
    """A source with every contract key (nulls included) and its checks' verdict counts."""
    out: dict[str, Any] = to_jsonable(source)
    out["checks"] = _counts([c for c in checks if c.ref == source.ref])
    return out


def _uncited_json(claim: Claim) -> dict[str, Any]:
    """A dated fact or quotation the brief states without any citation."""
    return {
        "id": claim.id,
        "text": claim.text,
        "paragraph": claim.paragraph,
        "sentence": claim.sentence,
        "start": claim.start,
        "end": claim.end,
        "dates": [
            {"text": d.text, "value": d.value, "precision": d.precision.value} for d in claim.dates
        ],
        "quotes": [q.text for q in claim.quotes],
    }


def _is_uncited(claim: Claim) -> bool:
    """A claim with no citation at all that still states a date or a quotation."""
    return claim.scope == Scope.NONE and bool(claim.dates or claim.quotes)


def _footnotes_json(brief: Brief, checks: Sequence[Check]) -> list[dict[str, Any]]:
    """Per footnote: its reference ids and how its checks came out."""
    return [
        {
            "number": note.number,
            "refs": [r.id for r in note.references],
            "checks": _counts([c for c in checks if c.footnote == note.number]),
        }
        for note in brief.footnotes
    ]


def _brief_json(brief: Brief) -> dict[str, Any]:
    return {
        "path": brief.path,
        "sha256": brief.sha256,
        "format": brief.format,
        "paragraphs": len(brief.paragraphs),
        "footnotes": len(brief.footnotes),
        "claims": len(brief.claims),
        "warnings": list(brief.warnings),
    }


def build_report(
    *,
    run_id: str,
    started: str,
    finished: str,
    brief: Brief,
    sources: Sequence[SourceRecord],
    checks: Sequence[Check],
    previous: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The report as a JSON-ready dict, per DESIGN.md (summary, sources, uncited, checks).

    With `previous` (the last run's report, see `history.previous_report`) sources say when
    their content last changed and the report carries a "since last run" diff; without it
    `write_reports` fills both in from the reports folder.
    """
    by_ref = {s.ref: s for s in sources}
    report: dict[str, Any] = {
        "schema": SCHEMA,
        "generator": {"name": "briefcheck", "version": __version__},
        "run": {"id": run_id, "started": started, "finished": finished},
        "brief": _brief_json(brief),
        "summary": _counts(checks),
        "sources": [_source_json(s, checks) for s in sources],
        "uncited": [_uncited_json(c) for c in brief.claims if _is_uncited(c)],
        "checks": [_check_json(c, brief, by_ref.get(c.ref)) for c in checks],
        "footnotes": _footnotes_json(brief, checks),
        "since_last_run": None,
        "history": [],
    }
    if previous is not None:
        report = mark_drift(report, previous)
        report["since_last_run"] = diff_reports(previous, report)
    report["history"] = [history_point(report)]
    return report

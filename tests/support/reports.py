"""Small factories for hand-made typed reports (diff, review and CLI tests), defaults filled in."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from briefcheck.models import CheckKind, ClaimRef, Scope, SourceStatus, Verdict
from briefcheck.report.model import (
    BriefInfo,
    Report,
    ReportCheck,
    ReportSource,
    RunInfo,
    count_verdicts,
)


def report_check(
    cid: str,
    verdict: Verdict | str,
    *,
    waived: bool = False,
    ref: str = "3a",
    footnote: int = 3,
    kind: CheckKind = CheckKind.QUOTE,
    claim: str = "A sentence.",
    **fields: Any,
) -> ReportCheck:
    """A check on a quotation in footnote 3, its claimed words named after its id."""
    return ReportCheck(
        id=cid,
        ref=ref,
        footnote=footnote,
        kind=kind,
        claimed=fields.pop("claimed", f"words {cid}"),
        claim=ClaimRef(text=claim, paragraph=1, sentence=1, scope=Scope.SENTENCE),
        verdict=Verdict(verdict),
        reason=fields.pop("reason", "r"),
        waived=waived,
        **fields,
    )


def report_source(
    ref: str, status: SourceStatus | str = SourceStatus.OK, **fields: Any
) -> ReportSource:
    """A source of the given status; its footnote is the number its ref starts with."""
    return ReportSource(
        ref=ref,
        footnote=int(ref.rstrip("abcdefghijklmnopqrstuvwxyz")),
        url=fields.pop("url", f"https://news.example.org/{ref}"),
        status=SourceStatus(status),
        **fields,
    )


def make_report(
    run: str,
    checks: Sequence[ReportCheck] = (),
    sources: Sequence[ReportSource] = (),
    **fields: Any,
) -> Report:
    """A report of run `run` (started "<run>-start") holding the given checks and sources."""
    fields.setdefault("summary", count_verdicts(c.verdict for c in checks))
    return Report(
        run=RunInfo(id=run, started=f"{run}-start", finished=f"{run}-end"),
        brief=fields.pop("brief", BriefInfo(path="briefs/brief.txt", sha256="0" * 64)),
        checks=tuple(checks),
        sources=tuple(sources),
        **fields,
    )

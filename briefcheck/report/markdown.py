"""The report as Markdown a reviewer reads on a code-review page."""

from __future__ import annotations

import html
import re

from briefcheck.models import CheckKind, Verdict
from briefcheck.report.diff import since_entries
from briefcheck.report.model import Decision, Report, ReportCheck, ReviewState
from briefcheck.report.summary import summary_sentence

# Characters that would start Markdown syntax (or break a table row) inside a cell.
_MD_SPECIAL = re.compile(r"([\\`*\[\]|])")
# Long source passages make tables unreadable; the HTML report shows them whole.
_CELL_MAX = 160
_DONE = {Decision.ACCEPT: "accepted", Decision.WAIVE: "waived"}


def cell(text: object, limit: int = _CELL_MAX) -> str:
    """Text made safe for one table cell: one line, HTML and Markdown syntax escaped."""
    s = " ".join(str("" if text is None else text).split())
    if len(s) > limit:
        s = s[: limit - 1].rstrip() + "…"
    return _MD_SPECIAL.sub(r"\\\1", html.escape(s, quote=False))


def _table(head: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return [*lines, ""]


def _score(check: ReportCheck) -> str:
    return "" if check.score is None else f"{check.score:.2f}"


def _why(check: ReportCheck) -> str:
    """The reason, with how the checked page stands to the work and where the words were."""
    parts = [check.reason]
    if check.relation is not None:
        parts.append(f"checked against a {check.relation.value}")
    where = check.evidence.where.value if check.evidence else "article"
    if where not in ("article", "metadata"):
        parts.append(f"found in the page's {where}")
    return " · ".join(parts)


def _passages(check: ReportCheck) -> str:
    """The check's best passages, numbered, as one cell."""
    return " ".join(
        f"{p.rank}. {' '.join(p.text.split())[:_CELL_MAX]} ({p.score:.2f})" for p in check.passages
    )


def _review(check: ReportCheck) -> str:
    review = check.review
    if not review:
        return "open"
    if review.state is ReviewState.LAPSED:
        return f"open ({review.decision.value} lapsed: {review.lapsed})"
    return f"{_DONE[review.decision]} by {review.reviewer}: {review.reason}"


def _header(report: Report) -> list[str]:
    run, brief = report.run, report.brief
    waived = sum(1 for c in report.checks if c.waived)
    counts = f"**{summary_sentence(report.summary, sep=' · ')}**"
    return [
        f"# briefcheck report: {cell(brief.path)}",
        "",
        counts + (f" ({waived} accepted or waived by a reviewer)" if waived else ""),
        "",
        f"Run `{run.id}` · started {run.started} · finished {run.finished} · "
        f"brief sha256 `{brief.sha256[:12]}`",
        "",
    ]


def _since(report: Report) -> list[str]:
    diff = report.since_last_run
    lines = ["## Since last run", ""]
    if not diff:
        return [*lines, "First run: nothing to compare with.", ""]
    lines.append(f"Compared with run `{diff.old.id}` ({diff.old.started}).")
    lines.append("")
    rows: list[list[object]] = [
        [label, e.old or "—", e.new or "gone", e.footnote, e.kind, e.claimed]
        for label, e in since_entries(diff)
    ]
    if rows:
        lines += _table(["Change", "Was", "Now", "Fn", "Kind", "Claimed"], rows)
    for s in diff.drifted:
        lines.append(
            f"- Source {cell(s.ref)} changed content (sha256 `{s.new_sha256[:12]}`)"
            f" on {cell(s.changed or 'this run')}"
        )
    if not rows and not diff.drifted:
        lines.append("No verdict changed and no source drifted.")
    return [*lines, ""]


def _findings(report: Report) -> list[str]:
    found = [c for c in report.checks if c.is_finding]
    lines = [f"## Findings ({len(found)})", ""]
    if not found:
        return [*lines, "None.", ""]
    rows: list[list[object]] = [
        [
            c.verdict,
            c.footnote,
            c.ref,
            c.kind,
            c.claimed,
            c.evidence.text if c.evidence else "",
            _score(c),
            _why(c),
            _review(c),
        ]
        for c in found
    ]
    head = ["Verdict", "Fn", "Ref", "Kind", "Claimed", "Source says", "Score", "Why", "Review"]
    return lines + _table(head, rows)


def _unchecked(report: Report) -> list[str]:
    bad = [s for s in report.sources if s.status.value != "ok"]
    lines = [f"## Unchecked sources ({len(bad)})", ""]
    if not bad:
        return [*lines, "Every source was read.", ""]
    rows: list[list[object]] = [
        [s.ref, s.footnote, s.status, s.reason or s.error or "", s.url] for s in bad
    ]
    return lines + _table(["Ref", "Fn", "Status", "Reason", "URL"], rows)


def _uncited(report: Report) -> list[str]:
    items = report.uncited
    lines = [f"## Unsupported dated facts and quotations ({len(items)})", ""]
    if not items:
        return [*lines, "None.", ""]
    rows: list[list[object]] = [
        [
            f"¶{u.paragraph}.{u.sentence}",
            u.text,
            ", ".join(d.text for d in u.dates),
            ", ".join(u.quotes),
        ]
        for u in items
    ]
    return lines + _table(["Where", "Sentence", "Dates", "Quotes"], rows)


def _support(report: Report) -> list[str]:
    """Where each cited claim's source carries it: the best passages of every support check."""
    support = [c for c in report.checks if c.kind is CheckKind.SUPPORT]
    lines = [f"## Where the sources carry the claims ({len(support)})", ""]
    if not support:
        return [*lines, "No support checks in this run.", ""]
    rows: list[list[object]] = [
        [c.verdict, c.footnote, c.ref, c.claimed, _passages(c), _why(c)] for c in support
    ]
    head = ["Verdict", "Fn", "Ref", "Claim", "Best passages (score)", "Why"]
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell(v, 3 * _CELL_MAX + 30) for v in row) + " |" for row in rows]
    return [*lines, ""]


def _verified(report: Report) -> list[str]:
    ok = [c for c in report.checks if c.verdict is Verdict.VERIFIED]
    lines = [f"## Verified ({len(ok)})", ""]
    if not ok:
        return [*lines, "None.", ""]
    rows: list[list[object]] = [[c.footnote, c.ref, c.kind, c.claimed, _score(c)] for c in ok]
    return lines + _table(["Fn", "Ref", "Kind", "Claimed", "Score"], rows)


def render_markdown(report: Report) -> str:
    """Summary, since last run, findings, unchecked sources, uncited facts, verified checks."""
    parts = (_header, _since, _findings, _unchecked, _uncited, _support, _verified)
    return "\n".join(line for part in parts for line in part(report)).rstrip() + "\n"

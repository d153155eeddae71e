"""Compare two reports: new, resolved and changed findings, drifted sources."""

from __future__ import annotations

from briefcheck.models import Verdict
from briefcheck.report.model import (
    FINDINGS,
    DiffEntry,
    DiffRun,
    DiffSummary,
    Drift,
    Report,
    ReportCheck,
    ReportDiff,
    StatusChange,
    count_verdicts,
)

__all__ = ["FINDINGS", "diff_reports", "format_diff", "has_new_findings", "since_entries"]

_SECTIONS = (
    ("New findings", "new", "+"),
    ("Resolved", "resolved", "-"),
    ("Changed", "changed", "~"),
    ("Re-checked (claim added or edited)", "re-checked", ">"),
    ("Dropped (claim edited or removed)", "dropped", "x"),
)


def _entry(check: ReportCheck, old: Verdict | None, new: Verdict | None) -> DiffEntry:
    """One changed check as a diff lists it."""
    return DiffEntry(
        id=check.id,
        ref=check.ref,
        footnote=check.footnote,
        kind=check.kind,
        claimed=check.claimed,
        claim=check.claim.text,
        reason=check.reason,
        old=old,
        new=new,
        waived=check.waived,
    )


def _run(report: Report) -> DiffRun:
    return DiffRun(id=report.run.id, started=report.run.started)


def _check_changes(old: Report, new: Report) -> dict[str, tuple[DiffEntry, ...]]:
    """Checks sorted into new findings, resolved findings and other verdict changes."""
    before = {c.id: c for c in old.checks}
    after = {c.id: c for c in new.checks}
    found: list[DiffEntry] = []
    resolved: list[DiffEntry] = []
    changed: list[DiffEntry] = []
    for cid, check in after.items():
        was = before[cid].verdict if cid in before else None
        now = check.verdict
        if now in FINDINGS and was not in FINDINGS:
            found.append(_entry(check, was, now))
        elif was is not None and was != now and not (was in FINDINGS and now not in FINDINGS):
            changed.append(_entry(check, was, now))
    for cid, check in before.items():
        now_check = after.get(cid)
        after_verdict = now_check.verdict if now_check else None
        if check.verdict in FINDINGS and after_verdict not in FINDINGS:
            resolved.append(_entry(now_check or check, check.verdict, after_verdict))
    return {
        "new_findings": tuple(found),
        "resolved": tuple(resolved),
        "changed": tuple(changed),
        "added": tuple(_entry(c, None, c.verdict) for k, c in after.items() if k not in before),
        "removed": tuple(_entry(c, c.verdict, None) for k, c in before.items() if k not in after),
    }


def _drift(old: Report, new: Report) -> tuple[tuple[Drift, ...], tuple[StatusChange, ...]]:
    """Sources whose content hash drifted or whose status changed between the runs."""
    before = {s.ref: s for s in old.sources}
    drifted, status = [], []
    for src in new.sources:
        prev = before.get(src.ref)
        if prev is None:
            continue
        if prev.sha256 and src.sha256 and prev.sha256 != src.sha256:
            drifted.append(
                Drift(
                    ref=src.ref,
                    footnote=src.footnote,
                    url=src.url,
                    old_sha256=prev.sha256,
                    new_sha256=src.sha256,
                    changed=src.changed or src.fetched_at,
                )
            )
        if prev.status != src.status:
            status.append(StatusChange(ref=src.ref, old=prev.status.value, new=src.status.value))
    return tuple(drifted), tuple(status)


def diff_reports(old: Report, new: Report) -> ReportDiff:
    """What changed between two reports, keyed by stable check id."""
    drifted, status = _drift(old, new)
    changes = _check_changes(old, new)
    return ReportDiff(
        old=_run(old),
        new=_run(new),
        summary=DiffSummary(
            old=count_verdicts(c.verdict for c in old.checks),
            new=count_verdicts(c.verdict for c in new.checks),
        ),
        new_findings=changes["new_findings"],
        resolved=changes["resolved"],
        changed=changes["changed"],
        added=changes["added"],
        removed=changes["removed"],
        drifted=drifted,
        status_changed=status,
    )


def since_entries(diff: ReportDiff) -> list[tuple[str, DiffEntry]]:
    """Every listed check once, labelled: new, resolved, changed, re-checked (a new id), dropped.

    A check id is new when its claim was added or edited, so "re-checked" lists exactly the
    checks an edit caused; "dropped" the ids the edit retired.
    """
    labelled = [("new", e) for e in diff.new_findings]
    labelled += [("resolved", e) for e in diff.resolved]
    labelled += [("changed", e) for e in diff.changed]
    shown = {e.id for _, e in labelled}
    labelled += [("re-checked", e) for e in diff.added if e.id not in shown]
    labelled += [("dropped", e) for e in diff.removed if e.id not in shown]
    return labelled


def has_new_findings(diff: ReportDiff) -> bool:
    """Whether a finding appeared that no reviewer has waived (what makes `diff` exit 1)."""
    return any(not e.waived for e in diff.new_findings)


def _name(verdict: Verdict | None, gone: str = "gone") -> str:
    return verdict.value if verdict is not None else gone


def _line(mark: str, e: DiffEntry) -> str:
    verdicts = _name(e.new) if e.old is None else f"{e.old.value} → {_name(e.new)}"
    waived = " (waived)" if e.waived else ""
    where = f"fn {e.footnote} ref {e.ref}"
    kind = e.kind.value if e.kind else ""
    return f"  {mark} [{verdicts}] {where} {kind} “{e.claimed}”{waived}  ({e.id})"


def _headline(diff: ReportDiff) -> str:
    labels = [label for label, _ in since_entries(diff)]
    parts = [
        f"{len(diff.new_findings)} new finding(s)",
        f"{len(diff.resolved)} resolved",
        f"{len(diff.changed)} changed",
        f"{labels.count('re-checked')} re-checked",
        f"{labels.count('dropped')} dropped",
        f"{len(diff.drifted)} source(s) drifted",
    ]
    return f"Run {diff.new.id} vs {diff.old.id} ({diff.old.started}): " + ", ".join(parts)


def format_diff(diff: ReportDiff) -> str:
    """The diff as lines a person reads in a terminal."""
    lines = [_headline(diff)]
    entries = since_entries(diff)
    for title, label, mark in _SECTIONS:
        group = [e for lab, e in entries if lab == label]
        if group:
            lines.append(f"{title}:")
            lines.extend(_line(mark, e) for e in group)
    if diff.drifted:
        lines.append("Sources drifted:")
        for s in diff.drifted:
            when = f" on {s.changed}" if s.changed else ""
            lines.append(
                f"  * {s.ref} {s.url or ''} content changed"
                f" ({s.old_sha256[:12]} → {s.new_sha256[:12]}){when}"
            )
    if diff.status_changed:
        lines.append("Source status changed:")
        lines.extend(f"  * {s.ref}: {s.old} → {s.new}" for s in diff.status_changed)
    if len(lines) == 1:
        lines.append("No changes.")
    return "\n".join(lines)

"""Compare two reports: new, resolved and changed findings, drifted sources."""

from __future__ import annotations

from typing import Any

# Verdicts a reviewer must act on; everything else is not a finding.
FINDINGS = frozenset({"mismatch", "not_found"})
_VERDICTS = ("verified", "mismatch", "not_found", "unchecked")
_SECTIONS = (
    ("New findings", "new", "+"),
    ("Resolved", "resolved", "-"),
    ("Changed", "changed", "~"),
    ("Re-checked (claim added or edited)", "re-checked", ">"),
    ("Dropped (claim edited or removed)", "dropped", "x"),
)


def _entry(check: dict[str, Any], old: str | None, new: str | None) -> dict[str, Any]:
    """One changed check as a diff lists it."""
    return {
        "id": check["id"],
        "ref": check.get("ref"),
        "footnote": check.get("footnote"),
        "kind": check.get("kind"),
        "claimed": check.get("claimed"),
        "claim": (check.get("claim") or {}).get("text"),
        "reason": check.get("reason"),
        "old": old,
        "new": new,
        "waived": bool(check.get("waived")),
    }


def _run(report: dict[str, Any]) -> dict[str, Any]:
    run = report.get("run") or {}
    return {"id": run.get("id"), "started": run.get("started")}


def _summary(report: dict[str, Any]) -> dict[str, int]:
    counts = {v: 0 for v in _VERDICTS}
    for check in report.get("checks", []):
        counts[check["verdict"]] = counts.get(check["verdict"], 0) + 1
    return counts


def _check_changes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Checks sorted into new findings, resolved findings and other verdict changes."""
    before = {c["id"]: c for c in old.get("checks", [])}
    after = {c["id"]: c for c in new.get("checks", [])}
    out: dict[str, list[dict[str, Any]]] = {"new_findings": [], "resolved": [], "changed": []}
    for cid, check in after.items():
        was = before[cid]["verdict"] if cid in before else None
        now = check["verdict"]
        if now in FINDINGS and was not in FINDINGS:
            out["new_findings"].append(_entry(check, was, now))
        elif was is not None and was != now and not (was in FINDINGS and now not in FINDINGS):
            out["changed"].append(_entry(check, was, now))
    for cid, check in before.items():
        now = after[cid]["verdict"] if cid in after else None
        if check["verdict"] in FINDINGS and now not in FINDINGS:
            out["resolved"].append(_entry(after.get(cid, check), check["verdict"], now))
    out["added"] = [_entry(c, None, c["verdict"]) for k, c in after.items() if k not in before]
    out["removed"] = [_entry(c, c["verdict"], None) for k, c in before.items() if k not in after]
    return out


def _source_changes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Sources whose content hash drifted or whose status changed between the runs."""
    before = {s["ref"]: s for s in old.get("sources", [])}
    drifted, status = [], []
    for src in new.get("sources", []):
        prev = before.get(src["ref"])
        if prev is None:
            continue
        if prev.get("sha256") and src.get("sha256") and prev["sha256"] != src["sha256"]:
            drifted.append(
                {
                    "ref": src["ref"],
                    "footnote": src.get("footnote"),
                    "url": src.get("url"),
                    "old_sha256": prev["sha256"],
                    "new_sha256": src["sha256"],
                    "changed": src.get("changed") or src.get("fetched_at"),
                }
            )
        if prev.get("status") != src.get("status"):
            status.append({"ref": src["ref"], "old": prev.get("status"), "new": src.get("status")})
    return {"drifted": drifted, "status_changed": status}


def diff_reports(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """What changed between two reports, keyed by stable check id."""
    return {
        "schema": "briefcheck.diff/1",
        "old": _run(old),
        "new": _run(new),
        "summary": {"old": _summary(old), "new": _summary(new)},
        **_check_changes(old, new),
        **_source_changes(old, new),
    }


def since_entries(diff: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every listed check once, labelled: new, resolved, changed, re-checked (a new id), dropped.

    A check id is new when its claim was added or edited, so "re-checked" lists exactly the
    checks an edit caused; "dropped" the ids the edit retired.
    """
    labelled = [("new", e) for e in diff.get("new_findings", [])]
    labelled += [("resolved", e) for e in diff.get("resolved", [])]
    labelled += [("changed", e) for e in diff.get("changed", [])]
    shown = {e["id"] for _, e in labelled}
    labelled += [("re-checked", e) for e in diff.get("added", []) if e["id"] not in shown]
    labelled += [("dropped", e) for e in diff.get("removed", []) if e["id"] not in shown]
    return labelled


def has_new_findings(diff: dict[str, Any]) -> bool:
    """Whether a finding appeared that no reviewer has waived (what makes `diff` exit 1)."""
    return any(not e.get("waived") for e in diff.get("new_findings", []))


def _line(mark: str, e: dict[str, Any]) -> str:
    verdicts = e["new"] if e["old"] is None else f"{e['old']} → {e['new'] or 'gone'}"
    waived = " (waived)" if e.get("waived") else ""
    where = f"fn {e['footnote']} ref {e['ref']}"
    return f"  {mark} [{verdicts}] {where} {e['kind']} “{e['claimed']}”{waived}  ({e['id']})"


def _headline(diff: dict[str, Any]) -> str:
    labels = [label for label, _ in since_entries(diff)]
    parts = [
        f"{len(diff['new_findings'])} new finding(s)",
        f"{len(diff['resolved'])} resolved",
        f"{len(diff['changed'])} changed",
        f"{labels.count('re-checked')} re-checked",
        f"{labels.count('dropped')} dropped",
        f"{len(diff['drifted'])} source(s) drifted",
    ]
    old, new = diff["old"], diff["new"]
    return f"Run {new['id']} vs {old['id']} ({old['started']}): " + ", ".join(parts)


def format_diff(diff: dict[str, Any]) -> str:
    """The diff as lines a person reads in a terminal."""
    lines = [_headline(diff)]
    entries = since_entries(diff)
    for title, label, mark in _SECTIONS:
        group = [e for lab, e in entries if lab == label]
        if group:
            lines.append(f"{title}:")
            lines.extend(_line(mark, e) for e in group)
    if diff["drifted"]:
        lines.append("Sources drifted:")
        for s in diff["drifted"]:
            when = f" on {s['changed']}" if s.get("changed") else ""
            lines.append(
                f"  * {s['ref']} {s.get('url') or ''} content changed"
                f" ({s['old_sha256'][:12]} → {s['new_sha256'][:12]}){when}"
            )
    if diff["status_changed"]:
        lines.append("Source status changed:")
        lines.extend(f"  * {s['ref']}: {s['old']} → {s['new']}" for s in diff["status_changed"])
    if len(lines) == 1:
        lines.append("No changes.")
    return "\n".join(lines)

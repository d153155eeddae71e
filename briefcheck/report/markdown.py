"""The report as Markdown a reviewer reads on a code-review page."""

from __future__ import annotations

import html
import re
from typing import Any

from briefcheck.report.diff import FINDINGS, since_entries

# Characters that would start Markdown syntax (or break a table row) inside a cell.
_MD_SPECIAL = re.compile(r"([\\`*\[\]|])")
# Long source passages make tables unreadable; the HTML report shows them whole.
_CELL_MAX = 160
_DONE = {"accept": "accepted", "waive": "waived"}


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


def _score(check: dict[str, Any]) -> str:
    return "" if check.get("score") is None else f"{check['score']:.2f}"


def _review(check: dict[str, Any]) -> str:
    review = check.get("review")
    if not review:
        return "open"
    if review["state"] == "lapsed":
        return f"open ({review['decision']} lapsed: {review['lapsed']})"
    done = _DONE.get(review["decision"], review["decision"])
    return f"{done} by {review['reviewer']}: {review['reason']}"


def _header(report: dict[str, Any]) -> list[str]:
    run, brief, summary = report["run"], report["brief"], report["summary"]
    waived = sum(1 for c in report["checks"] if c.get("waived"))
    counts = (
        f"**{summary['verified']} verified · {summary['mismatch']} mismatch · "
        f"{summary['not_found']} not found · {summary['unchecked']} unchecked**"
    )
    return [
        f"# briefcheck report: {cell(brief['path'])}",
        "",
        counts + (f" ({waived} accepted or waived by a reviewer)" if waived else ""),
        "",
        f"Run `{run['id']}` · started {run['started']} · finished {run['finished']} · "
        f"brief sha256 `{brief['sha256'][:12]}`",
        "",
    ]


def _since(report: dict[str, Any]) -> list[str]:
    diff = report.get("since_last_run")
    lines = ["## Since last run", ""]
    if not diff:
        return [*lines, "First run: nothing to compare with.", ""]
    lines.append(f"Compared with run `{diff['old']['id']}` ({diff['old']['started']}).")
    lines.append("")
    rows = [
        [label, e["old"] or "—", e["new"] or "gone", e["footnote"], e["kind"], e["claimed"]]
        for label, e in since_entries(diff)
    ]
    if rows:
        lines += _table(["Change", "Was", "Now", "Fn", "Kind", "Claimed"], rows)
    for s in diff["drifted"]:
        lines.append(
            f"- Source {cell(s['ref'])} changed content (sha256 `{s['new_sha256'][:12]}`)"
            f" on {cell(s.get('changed') or 'this run')}"
        )
    if not rows and not diff["drifted"]:
        lines.append("No verdict changed and no source drifted.")
    return [*lines, ""]


def _findings(report: dict[str, Any]) -> list[str]:
    found = [c for c in report["checks"] if c["verdict"] in FINDINGS]
    lines = [f"## Findings ({len(found)})", ""]
    if not found:
        return [*lines, "None.", ""]
    rows = [
        [
            c["verdict"],
            c["footnote"],
            c["ref"],
            c["kind"],
            c["claimed"],
            (c.get("evidence") or {}).get("text", ""),
            _score(c),
            c["reason"],
            _review(c),
        ]
        for c in found
    ]
    head = ["Verdict", "Fn", "Ref", "Kind", "Claimed", "Source says", "Score", "Why", "Review"]
    return lines + _table(head, rows)


def _unchecked(report: dict[str, Any]) -> list[str]:
    bad = [s for s in report["sources"] if s["status"] != "ok"]
    lines = [f"## Unchecked sources ({len(bad)})", ""]
    if not bad:
        return [*lines, "Every source was read.", ""]
    rows = [
        [s["ref"], s["footnote"], s["status"], s.get("reason") or s.get("error") or "", s["url"]]
        for s in bad
    ]
    return lines + _table(["Ref", "Fn", "Status", "Reason", "URL"], rows)


def _uncited(report: dict[str, Any]) -> list[str]:
    items = report["uncited"]
    lines = [f"## Unsupported dated facts and quotations ({len(items)})", ""]
    if not items:
        return [*lines, "None.", ""]
    rows = [
        [
            f"¶{u['paragraph']}.{u['sentence']}",
            u["text"],
            ", ".join(d["text"] for d in u["dates"]),
            ", ".join(u["quotes"]),
        ]
        for u in items
    ]
    return lines + _table(["Where", "Sentence", "Dates", "Quotes"], rows)


def _verified(report: dict[str, Any]) -> list[str]:
    ok = [c for c in report["checks"] if c["verdict"] == "verified"]
    lines = [f"## Verified ({len(ok)})", ""]
    if not ok:
        return [*lines, "None.", ""]
    rows = [[c["footnote"], c["ref"], c["kind"], c["claimed"], _score(c)] for c in ok]
    return lines + _table(["Fn", "Ref", "Kind", "Claimed", "Score"], rows)


def render_markdown(report: dict[str, Any]) -> str:
    """Summary, since last run, findings, unchecked sources, uncited facts, verified checks."""
    parts = (_header, _since, _findings, _unchecked, _uncited, _verified)
    return "\n".join(line for part in parts for line in part(report)).rstrip() + "\n"

"""The report as one self-contained HTML page: the brief highlighted by verdict, with filters."""

from __future__ import annotations

import base64
import bisect
import hashlib
import json
from html import escape
from importlib import resources
from typing import Any

from briefcheck.models import Brief, Verdict
from briefcheck.report.charts import history_svg
from briefcheck.report.diff import since_entries
from briefcheck.report.model import Report, ReportSource, _to_json
from briefcheck.report.spans import split_segments

# The page shows every verdict (one list: the enum's), in the order a reader scans them.
VERDICTS = tuple(v.value for v in (Verdict.VERIFIED, Verdict.RELATED, Verdict.MISMATCH,
                                   Verdict.NOT_FOUND, Verdict.UNCHECKED))  # fmt: skip
_LABEL = {v: v.replace("_", " ") for v in VERDICTS}
_CHECK_KEYS = ("id", "ref", "footnote", "kind", "claimed", "claim", "verdict", "reason",
               "score", "evidence", "note", "link", "words", "waived", "review", "relation",
               "passages")  # fmt: skip


def _asset(name: str) -> str:
    return resources.files("briefcheck.report").joinpath("assets", name).read_text("utf-8")


def embed_json(data: object) -> str:
    """JSON that is inert inside <script type="application/json">: no `<`, `>` or `&`."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _uncited_spans(brief: Brief, report: Report) -> list[tuple[int, int] | None]:
    """Offsets of the dates and quotations the brief states without citing anything."""
    ids = {u.id for u in report.uncited}
    claims = [c for c in brief.claims if c.id in ids]
    spans: list[tuple[int, int] | None] = [(d.start, d.end) for c in claims for d in c.dates]
    return spans + [(q.start, q.end) for c in claims for q in c.quotes]


def _blocks(brief: Brief, report: Report) -> list[dict[str, Any]]:
    """Paragraphs and footnotes of the brief, each with its highlighted segments.

    A segment is [start, end, check indices, uncited]: indices past the last check mark an
    uncited date or quotation, which the page shows in its own style.
    """
    raw = [("paragraph", p.number, p.start, p.end) for p in brief.paragraphs]
    raw += [("footnote", f.number, f.start, f.end) for f in brief.footnotes]
    spans: list[tuple[int, int] | None] = [
        (c.span.start, c.span.end) if c.span else None for c in report.checks
    ]
    n_checks = len(spans)
    spans += _uncited_spans(brief, report)
    edges = sorted((start, end) for _, _, start, end in raw)
    starts = [s for s, _ in edges]
    by_block: dict[tuple[int, int], list[list[Any]]] = {}
    for seg in split_segments([(start, end) for _, _, start, end in raw], spans):
        inside = [i for i in seg.checks if i < n_checks]
        entry = [seg.start, seg.end, inside, max(seg.checks) >= n_checks]
        # The block holding the segment (blocks do not overlap): a bisect over their starts.
        block = edges[bisect.bisect_right(starts, seg.start) - 1]
        by_block.setdefault(block, []).append(entry)
    return [
        {
            "kind": kind,
            "number": number,
            "start": start,
            "end": end,
            "segments": by_block.get((start, end), []),
        }
        for kind, number, start, end in raw
    ]


def _page_data(report: Report, brief: Brief, data: dict[str, Any]) -> dict[str, Any]:
    sources = {
        s.ref: {
            k: _to_json(getattr(s, k))
            for k in ("status", "copy", "title", "url", "fetched_at", "changed")
        }
        for s in report.sources
    }
    checks: list[dict[str, Any]] = data["checks"]
    return {
        "text": brief.text,
        "blocks": _blocks(brief, report),
        "checks": [{k: c.get(k) for k in _CHECK_KEYS} for c in checks],
        "sources": sources,
    }


def _safe_href(url: object) -> str | None:
    """An http(s) URL fit for an href attribute, or None (no javascript: or data: links)."""
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return escape(url, quote=True)
    return None


def _link(url: object) -> str:
    href = _safe_href(url)
    text = escape(str(url or "—"))
    return f'<a href="{href}" rel="noopener noreferrer">{text}</a>' if href else text


def _meta(report: Report) -> str:
    run, brief = report.run, report.brief
    rows = [
        ("Run", run.id),
        ("Started", run.started),
        ("Finished", run.finished),
        ("Brief", brief.path),
        ("Brief sha256", brief.sha256),
        ("Format", brief.format),
        ("Claims", brief.claims),
        ("Waived", report.review.waived if report.review else 0),
        ("Generator", report.generator.version),
    ]
    items = "".join(f"<dt>{escape(k)}</dt><dd>{escape(str(v))}</dd>" for k, v in rows if v != "")
    return f'<dl class="meta">{items}</dl>'


def _counts(report: Report) -> str:
    summary = _summary(report)
    chips = "".join(
        f'<span class="chip v-{v}"><b>{summary[v]}</b> {escape(_LABEL[v])}</span>' for v in VERDICTS
    )
    return f'<p class="counts">{chips}</p>'


def _summary(report: Report) -> dict[str, int]:
    return {v.value: n for v, n in report.summary.items()}


def _filters(report: Report) -> str:
    summary, checks = _summary(report), report.checks
    total = len(checks)
    buttons = [
        f'<button type="button" data-verdict="all" aria-pressed="true">all ({total})</button>'
    ]
    buttons += [
        f'<button type="button" data-verdict="{v}" aria-pressed="false" class="v-{v}">'
        f"{escape(_LABEL[v])} ({summary[v]})</button>"
        for v in VERDICTS
    ]
    notes = sorted({c.footnote for c in checks})
    kinds = sorted({c.kind.value for c in checks})
    note_opts = "".join(f'<option value="{n}">footnote {n}</option>' for n in notes)
    kind_opts = "".join(f'<option value="{escape(k)}">{escape(k)}</option>' for k in kinds)
    return (
        '<nav class="filters" aria-label="Filters">'
        f'<span class="group" role="group" aria-label="Verdict">{"".join(buttons)}</span>'
        '<label>Footnote <select id="filter-footnote"><option value="all">all</option>'
        f"{note_opts}</select></label>"
        '<label>Kind <select id="filter-kind"><option value="all">all</option>'
        f"{kind_opts}</select></label>"
        '<span id="showing" aria-live="polite"></span></nav>'
    )


def _since(report: Report) -> str:
    diff = report.since_last_run
    if not diff:
        return "<p>First run: nothing to compare with.</p>"
    items = []
    for label, e in since_entries(diff):
        verdicts = f"{e.old or '—'} → {e.new or 'gone'}"
        items.append(
            f"<li><b>{escape(label)}</b> {escape(verdicts)}"
            f" footnote {escape(str(e.footnote))} {escape(str(e.kind))}: "
            f"“{escape(str(e.claimed))}”</li>"
        )
    for s in diff.drifted:
        items.append(
            f"<li><b>Drifted</b> source {escape(s.ref)} changed content"
            f" on {escape(str(s.changed or 'this run'))}</li>"
        )
    head = f"<p>Compared with run {escape(str(diff.old.id))}.</p>"
    quiet = "<p>No verdict changed, no source drifted.</p>"
    body = f"<ul>{''.join(items)}</ul>" if items else quiet
    return head + body


def _last_changed(source: ReportSource) -> str:
    """When the source's content last changed, or since when it has stayed the same."""
    if source.changed:
        return f"changed {source.changed}"
    if source.same_since:
        return f"unchanged since {source.same_since}"
    return "—"


def _sources(report: Report) -> str:
    rows = []
    for s in report.sources:
        counts = {v.value: n for v, n in s.checks.items()}
        tally = ", ".join(f"{counts[v]} {_LABEL[v]}" for v in VERDICTS if counts.get(v))
        why = s.reason or s.error or ""
        copy = f" ({s.copy})" if s.copy else ""
        status = s.status.value
        rows.append(
            f'<tr class="s-{escape(status)}"><td>{escape(s.ref)}</td>'
            f"<td>{escape(str(s.footnote))}</td>"
            f"<td>{escape(status + copy)}</td><td>{escape(why)}</td>"
            f"<td>{escape(s.title or '')}</td><td>{_link(s.url)}</td>"
            f"<td>{escape(_last_changed(s))}</td><td>{escape(tally)}</td></tr>"
        )
    head = "".join(
        f"<th>{h}</th>"
        for h in ("Ref", "Fn", "Status", "Reason", "Title", "URL", "Last changed", "Checks")
    )
    body = "".join(rows)
    return f'<table class="sources"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _unchecked(report: Report) -> str:
    bad = [s for s in report.sources if s.status.value != "ok"]
    if not bad:
        return "<p>Every source was read.</p>"
    items = "".join(
        f"<li><b>{escape(s.ref)}</b> {escape(s.status.value)}: "
        f"{escape(s.reason or s.error or 'no reason given')}</li>"
        for s in bad
    )
    return f"<ul>{items}</ul>"


def _uncited(report: Report) -> str:
    if not report.uncited:
        return "<p>None.</p>"
    items = "".join(
        f"<li>¶{u.paragraph}.{u.sentence} {escape(u.text)}"
        f" <i>({escape(', '.join([d.text for d in u.dates] + list(u.quotes)))})</i></li>"
        for u in report.uncited
    )
    return f"<ul>{items}</ul>"


def _csp(script: str) -> str:
    """A policy that runs only our own script (by hash) and loads nothing from anywhere."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )


def render_html(report: Report, brief: Brief, data: dict[str, Any] | None = None) -> str:
    """One HTML file with every style, script and datum inline; works opened from disk.

    `data` is the report's JSON when the caller has it already (it is not built twice).
    """
    data = data if data is not None else report.to_json()
    page = embed_json(_page_data(report, brief, data))
    script = _asset("report.js")
    open_count = len(report.open_findings())
    title = f"briefcheck: {brief.path} ({open_count} open)"
    sections = [
        ("since", "Since last run", _since(report)),
        ("unchecked", "Unchecked sources", _unchecked(report)),
        ("uncited", "Unsupported dated facts and quotations", _uncited(report)),
        ("sources", "Sources", _sources(report)),
        ("history", "History", history_svg(report.history)),
        ("run", "Run", _meta(report)),
    ]
    body = "".join(
        f'<section id="{sid}"><h2>{escape(h)}</h2>{html}</section>' for sid, h, html in sections
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_csp(script)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{escape(title)}</title>
<style>{_asset("report.css")}</style></head>
<body>
<header><h1>briefcheck report <small>{escape(brief.path)}</small></h1>{_counts(report)}
<p class="muted">Run {escape(str(report.run.id))} · finished
{escape(str(report.run.finished))} · {open_count} open finding(s) ·
{len(report.uncited)} uncited dated fact(s) or quotation(s)</p></header>
{_filters(report)}
<main>
<section id="text"><h2>Brief</h2><div id="brief"></div>
<h3>Footnotes</h3><div id="notes"></div></section>
<aside id="panel" aria-live="polite"><p class="hint">Click a highlighted passage to see
what the source says.</p></aside>
</main>
<section id="checks"><h2>Checks</h2><table id="check-table"><thead><tr><th>Verdict</th>
<th>Fn</th><th>Ref</th><th>Kind</th><th>Claimed</th><th>Source says</th><th>Score</th>
<th>Review</th></tr></thead><tbody></tbody></table></section>
{body}
<script type="application/json" id="report-data">{page}</script>
<script>{script}</script>
</body></html>
"""

"""The hand-labelled support set: (claim, source page, supporting sentence) by failure class.

Layout (tests/data/support/):

- `pages.yaml`: each page by name, with its `url` and either `article` (title, outlet, date,
  byline, paragraphs: wrapped here in a news-site template) or `file` (a saved page, a path
  under tests/), and an optional `lang`.
- `classes/<class>.yaml`::

      class: restated
      about: what the class is, in a sentence
      cases:
        - id: restated-01
          page: wire-summit
          claim: the brief's sentence
          support: the page's sentence that carries it (exact words), or null
          expect: related | mismatch | not_found
          clear: true        # a reviewer would agree at once (default true)
          why: one line on the label

Labels are written by hand from reading the page, never by running the matcher. Every case
runs through `checks.run_check` (the path of a real run) with the real matchers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

import yaml

from briefcheck.checks import PlannedCheck, WorkSource, default_matchers, run_check
from briefcheck.models import (
    Check,
    CheckKind,
    ClaimRef,
    RankedPassage,
    Scope,
    Snapshot,
    SourceRecord,
    SourceText,
    Verdict,
)
from briefcheck.parse import parse_snapshot

TESTS = Path(__file__).parents[1]
DATA = TESTS / "data" / "support"
EXPECTED = ("related", "mismatch", "not_found")


@dataclass(frozen=True, slots=True, kw_only=True)
class Case:
    """One labelled case."""

    cls: str
    id: str
    page: str
    claim: str
    support: str | None
    expect: str
    clear: bool = True
    why: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """A case, the check the pipeline made of it, and where the supporting sentence is."""

    case: Case
    check: Check
    gold: tuple[int, int] | None

    @property
    def got(self) -> str:
        return self.check.verdict.value

    def hit(self, k: int) -> bool:
        """Whether one of the top k passages covers most of the supporting sentence."""
        return self.gold is not None and any(_covers(p, self.gold) for p in self.check.passages[:k])


def _covers(passage: RankedPassage, gold: tuple[int, int]) -> bool:
    overlap = min(passage.end, gold[1]) - max(passage.start, gold[0])
    return overlap >= 0.5 * (gold[1] - gold[0])


def article_html(page: dict[str, Any]) -> str:
    """A news article page: navigation, byline, story, a most-read list, a footer."""
    a = page["article"]
    body = "\n".join(f"<p>{escape(p)}</p>" for p in a["paragraphs"])
    title, outlet = escape(a["title"]), escape(a["outlet"])
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | {outlet}</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{outlet}">
<meta property="article:published_time" content="{a["date"]}T08:00:00Z">
<meta name="author" content="{escape(a["byline"])}">
<script>window.dataLayer = window.dataLayer || [];</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/asia">Asia</a>
<a href="/opinion">Opinion</a> <a href="/subscribe">Subscribe</a></nav></header>
<main><article>
<h1>{title}</h1>
<p class="byline">By {escape(a["byline"])} · <time datetime="{a["date"]}">{a["date"]}</time></p>
{body}
</article>
<aside class="related"><h2>Most read</h2><ul>
<li><a href="/a">Ferry timetable changes for the winter season</a></li>
<li><a href="/b">Central bank holds rates steady for a third month</a></li></ul></aside>
<div class="newsletter"><p>Sign up for our morning briefing.</p></div>
</main>
<footer><p>© {outlet}. All rights reserved. <a href="/privacy">Privacy</a></p></footer>
</body></html>"""


@cache
def pages() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((DATA / "pages.yaml").read_text(encoding="utf-8"))
    return dict(data["pages"])


def page_body(name: str) -> bytes:
    page = pages()[name]
    if "file" in page:
        return (TESTS / page["file"]).read_bytes()
    return article_html(page).encode("utf-8")


@cache
def source_text(name: str) -> SourceText:
    """A page read through `parse_snapshot`, as a run reads it."""
    page, body = pages()[name], page_body(name)
    snap = Snapshot(
        url=page["url"],
        final_url=page["url"],
        http_status=200,
        headers=(("Content-Type", "text/html; charset=utf-8"),),
        body=body,
        sha256=hashlib.sha256(body).hexdigest(),
        fetched_at="2026-01-15T00:00:00Z",
        content_type="text/html",
    )
    return parse_snapshot(snap, lang=page.get("lang"))


@cache
def classes() -> dict[str, tuple[Case, ...]]:
    """Every class by name, its cases in file order."""
    out: dict[str, tuple[Case, ...]] = {}
    for path in sorted((DATA / "classes").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[data["class"]] = tuple(
            Case(
                cls=data["class"],
                id=str(c["id"]),
                page=str(c["page"]),
                claim=str(c["claim"]),
                support=c.get("support"),
                expect=str(c["expect"]),
                clear=bool(c.get("clear", True)),
                why=str(c.get("why") or ""),
            )
            for c in data["cases"]
        )
    return out


def all_cases() -> list[Case]:
    return [c for cases in classes().values() for c in cases]


def gold_span(case: Case) -> tuple[int, int] | None:
    """Offsets of the supporting sentence in the page's main text (None: no support)."""
    if case.support is None:
        return None
    text = source_text(case.page).text
    at = text.find(case.support)
    if at < 0:
        raise ValueError(f"{case.id}: supporting sentence not in page {case.page!r}")
    return at, at + len(case.support)


def planned(case: Case) -> PlannedCheck:
    return PlannedCheck(
        id=case.id,
        ref="1",
        work="1",
        footnote=1,
        kind=CheckKind.SUPPORT,
        claimed=case.claim,
        claim=ClaimRef(text=case.claim, paragraph=1, sentence=1, scope=Scope.SENTENCE),
        claim_text=case.claim,
        item=None,
    )


def run_case(case: Case) -> Outcome:
    text = source_text(case.page)
    record = SourceRecord(ref="1", footnote=1, url=text.url, status=text.status)
    check = run_check(planned(case), WorkSource(record=record, text=text), default_matchers())
    return Outcome(case=case, check=check, gold=gold_span(case))


def run_all() -> list[Outcome]:
    return [run_case(c) for c in all_cases()]


@dataclass(frozen=True, slots=True, kw_only=True)
class Figures:
    """The set's figures: hit@1 and hit@3 of the supporting sentence, not_found P/R."""

    hit1: float
    hit3: float
    supported: int
    not_found_precision: float
    not_found_recall: float
    not_found_truth: int
    accuracy: float
    clear_misses: tuple[str, ...]  # clear supported cases that came out not_found
    wrong: tuple[str, ...]


def figures(outcomes: list[Outcome]) -> Figures:
    with_gold = [o for o in outcomes if o.gold is not None]
    said = [o for o in outcomes if o.got == Verdict.NOT_FOUND.value]
    truth = [o for o in outcomes if o.case.expect == "not_found"]
    hits = sum(o.case.expect == "not_found" for o in said)
    return Figures(
        hit1=sum(o.hit(1) for o in with_gold) / len(with_gold),
        hit3=sum(o.hit(3) for o in with_gold) / len(with_gold),
        supported=len(with_gold),
        not_found_precision=hits / len(said) if said else 1.0,
        not_found_recall=hits / len(truth) if truth else 1.0,
        not_found_truth=len(truth),
        accuracy=sum(o.got == o.case.expect for o in outcomes) / len(outcomes),
        clear_misses=tuple(
            o.case.id
            for o in outcomes
            if o.case.clear and o.case.support is not None and o.got == "not_found"
        ),
        wrong=tuple(
            f"{o.case.id}: want {o.case.expect} got {o.got} ({o.check.reason})"
            for o in outcomes
            if o.got != o.case.expect
        ),
    )


def table(outcomes: list[Outcome]) -> str:
    """Per class: cases, hit@1, hit@3 and verdict accuracy; then the overall figures."""
    lines = [f"{'class':<22}{'n':>4}{'hit@1':>8}{'hit@3':>8}{'verdict':>9}"]
    for cls in sorted({o.case.cls for o in outcomes}):
        group = [o for o in outcomes if o.case.cls == cls]
        gold = [o for o in group if o.gold is not None]
        h1 = f"{sum(o.hit(1) for o in gold) / len(gold):.2f}" if gold else "-"
        h3 = f"{sum(o.hit(3) for o in gold) / len(gold):.2f}" if gold else "-"
        acc = sum(o.got == o.case.expect for o in group) / len(group)
        lines.append(f"{cls:<22}{len(group):>4}{h1:>8}{h3:>8}{acc:>9.2f}")
    f = figures(outcomes)
    lines.append(
        f"all: {len(outcomes)} cases, hit@1 {f.hit1:.3f}, hit@3 {f.hit3:.3f} "
        f"(over {f.supported}); not_found precision {f.not_found_precision:.3f}, "
        f"recall {f.not_found_recall:.3f} (of {f.not_found_truth}); verdicts {f.accuracy:.3f}"
    )
    lines += [f"  {w}" for w in f.wrong]
    return "\n".join(lines)

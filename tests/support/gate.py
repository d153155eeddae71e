"""The hand-labelled gate: failure classes of (claim, source page, expected verdict) cases.

Layout (tests/data/gate/):

- `pages-<area>.yaml` (every `pages*.yaml` is read): each source page by name: `file`
  (under `pages/`), `url`, `content_type` (default text/html; charset=utf-8), optional
  `fetched_at` and `lang`.
- `classes/<class>.yaml`: one failure class per file::

      class: bracket-polarity
      kind: quote            # quote | date | title | published | outlet | author
      about: what goes wrong in this class, in a sentence
      cases:
        - id: bracket-polarity-01
          page: wire-seoul-talks          # a name in pages.yaml
          claim: the brief's sentence (required for dates; quotes may omit it)
          claimed: the quoted words / the date as written in the claim / the detail
          expect: verified | mismatch | not_found
          control: true                   # a faithful case (must verify)
          ref: {authors: [..], title: .., outlet: .., date: ..}   # detail kinds
          relation: listing               # optional: the sources.yaml relation
          why: one line on the label

Labels are written by hand from reading the page, never by running the matcher. Every case
runs through `checks.run_check`, the path a real run takes, so a relation or a source
status acts exactly as in a report.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from briefcheck.checks import PlannedCheck, WorkSource, default_matchers, run_check
from briefcheck.extractors.dates import find_dates
from briefcheck.models import (
    Check,
    CheckKind,
    ClaimRef,
    DateMention,
    Precision,
    Quote,
    Reference,
    Relation,
    Scope,
    Snapshot,
    SourceRecord,
    SourceText,
)
from briefcheck.parse import parse_snapshot

GATE = Path(__file__).parents[1] / "data" / "gate"
EXPECTED = ("verified", "mismatch", "not_found")


@dataclass(frozen=True, slots=True)
class Case:
    """One labelled case of a failure class."""

    cls: str
    kind: CheckKind
    id: str
    page: str
    claimed: str
    expect: str
    claim: str = ""
    control: bool = False
    ref: dict[str, Any] | None = None
    relation: str | None = None
    why: str = ""


@dataclass(frozen=True, slots=True)
class Outcome:
    """A case and the check the pipeline made of it."""

    case: Case
    check: Check

    @property
    def got(self) -> str:
        return self.check.verdict.value

    @property
    def false_verified(self) -> bool:
        return self.got == "verified" and self.case.expect != "verified"


@cache
def pages() -> dict[str, dict[str, Any]]:
    """Every page of every `pages*.yaml`; a name given twice is an error."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(GATE.glob("pages*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, page in (data.get("pages") or {}).items():
            if name in out:
                raise ValueError(f"{path}: page {name!r} is already defined")
            out[name] = page
    return out


def _case(cls: str, kind: CheckKind, raw: dict[str, Any]) -> Case:
    return Case(
        cls=cls,
        kind=kind,
        id=str(raw["id"]),
        page=str(raw["page"]),
        claimed=str(raw["claimed"]),
        expect=str(raw["expect"]),
        claim=str(raw.get("claim") or ""),
        control=bool(raw.get("control", False)),
        ref=raw.get("ref"),
        relation=raw.get("relation"),
        why=str(raw.get("why") or ""),
    )


@cache
def classes() -> dict[str, tuple[Case, ...]]:
    """Every failure class by name, its cases in file order."""
    out: dict[str, tuple[Case, ...]] = {}
    for path in sorted((GATE / "classes").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        kind = CheckKind(data["kind"])
        out[data["class"]] = tuple(_case(data["class"], kind, c) for c in data["cases"])
    return out


def all_cases() -> list[Case]:
    return [c for cases in classes().values() for c in cases]


def snapshot(name: str) -> Snapshot:
    """A page of the gate as the fetcher would hand it over."""
    page = pages()[name]
    body = (GATE / "pages" / page["file"]).read_bytes()
    content_type = page.get("content_type", "text/html; charset=utf-8")
    return Snapshot(
        url=page["url"],
        final_url=page["url"],
        http_status=200,
        headers=(("Content-Type", content_type),),
        body=body,
        sha256=hashlib.sha256(body).hexdigest(),
        fetched_at=page.get("fetched_at", "2026-01-15T00:00:00Z"),
        content_type=content_type.split(";")[0],
    )


@cache
def source_text(name: str) -> SourceText:
    """A page read through `parse_snapshot`, as a run reads it."""
    return parse_snapshot(snapshot(name), lang=pages()[name].get("lang"))


def _date_item(case: Case) -> DateMention:
    found = [m for m in find_dates(case.claim) if m.text == case.claimed]
    if len(found) != 1:
        raise ValueError(f"{case.id}: {case.claimed!r} is not one date mention of {case.claim!r}")
    return found[0]


def _reference(case: Case) -> Reference:
    raw = dict(case.ref or {})
    precision = raw.pop("date_precision", None)
    if raw.get("date") and precision is None:
        precision = {4: "year", 7: "month"}.get(len(str(raw["date"])), "day")
    return Reference(
        id="1",
        footnote=1,
        text=case.claim or case.claimed,
        start=0,
        end=len(case.claim or case.claimed),
        authors=tuple(raw.pop("authors", ())),
        date_precision=Precision(precision) if precision else None,
        **raw,
    )


def planned(case: Case) -> PlannedCheck:
    """The check a brief stating this case would plan."""
    item: object
    if case.kind is CheckKind.QUOTE:
        claim_text = case.claim or f"“{case.claimed}”"
        at = claim_text.find(case.claimed)
        item = Quote(text=case.claimed, start=max(at, 0), end=max(at, 0) + len(case.claimed))
        scope = Scope.SENTENCE
    elif case.kind is CheckKind.DATE:
        claim_text, item, scope = case.claim, _date_item(case), Scope.SENTENCE
    else:
        item, scope = _reference(case), Scope.FOOTNOTE
        claim_text = case.claim or case.claimed
    return PlannedCheck(
        id=case.id,
        ref="1",
        work="1",
        footnote=1,
        kind=case.kind,
        claimed=case.claimed,
        claim=ClaimRef(text=claim_text, paragraph=1, sentence=1, scope=scope),
        claim_text=claim_text,
        item=item,
    )


def work_source(case: Case) -> WorkSource:
    text = source_text(case.page)
    snap = snapshot(case.page)
    record = SourceRecord(
        ref="1",
        footnote=1,
        url=snap.url,
        status=text.status,
        reason=text.reason,
        final_url=snap.final_url,
        sha256=snap.sha256,
        relation=Relation(case.relation) if case.relation else None,
    )
    return WorkSource(record=record, text=text)


def run_case(case: Case) -> Outcome:
    return Outcome(case, run_check(planned(case), work_source(case), default_matchers()))


def run_all(cases: Iterable[Case] | None = None) -> list[Outcome]:
    return [run_case(c) for c in (all_cases() if cases is None else cases)]


def scores(outcomes: list[Outcome]) -> dict[str, tuple[float, float, int]]:
    """Per expected verdict: (precision, recall, support) over `outcomes`."""
    out = {}
    for verdict in EXPECTED:
        said = [o for o in outcomes if o.got == verdict]
        truth = [o for o in outcomes if o.case.expect == verdict]
        hits = sum(o.case.expect == verdict for o in said)
        out[verdict] = (
            hits / len(said) if said else 1.0,
            hits / len(truth) if truth else 1.0,
            len(truth),
        )
    return out


def table(outcomes: list[Outcome]) -> str:
    """Per class: cases, false verified, and precision/recall of each expected verdict."""
    by_class: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_class[o.case.cls].append(o)
    head = f"{'class':<34}{'n':>4}{'falseV':>7}"
    head += "".join(f"{v[:9]:>12}" for v in EXPECTED)
    lines = [head + "   (precision/recall)"]
    for cls in sorted(by_class):
        group = by_class[cls]
        row = f"{cls:<34}{len(group):>4}{sum(o.false_verified for o in group):>7}"
        for _v, (p, r, n) in scores(group).items():
            row += f"{'-':>12}" if n == 0 else f"{p:>7.2f}/{r:.2f}"
        lines.append(row)
    wrong = Counter(o.case.cls for o in outcomes if o.got != o.case.expect)
    misses = [
        f"{o.case.id} want {o.case.expect} got {o.got}" for o in outcomes if o.got != o.case.expect
    ]
    lines.append(f"misses: {sum(wrong.values())}/{len(outcomes)}")
    lines += [f"  {m}" for m in misses]
    return "\n".join(lines)


def main() -> None:
    """Print the gate's per-class table (`make labelled`)."""
    outcomes = run_all()
    pages_used = len({o.case.page for o in outcomes})
    print(f"{len(classes())} classes, {len(outcomes)} cases, {pages_used} pages")
    print(table(outcomes))


if __name__ == "__main__":
    main()

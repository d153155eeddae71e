"""Score a Brief against a hand-written gold file, field by field."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from briefcheck.models import Brief

REFERENCE_FIELDS = (
    "authors", "title", "title_original", "outlet", "container", "date",
    "volume", "issue", "pages", "url", "accessed", "points_to",
)  # fmt: skip
LIST_FIELDS = ("authors", "points_to")


@dataclass
class Score:
    """Right and total items per field, with what went wrong for the failure message."""

    right: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def add(self, name: str, ok: bool, why: str = "") -> None:
        self.total[name] += 1
        self.right[name] += int(ok)
        if not ok:
            self.misses.append(f"{name}: {why}")

    def ratio(self, name: str) -> float:
        return self.right[name] / self.total[name] if self.total[name] else 1.0

    def merge(self, other: Score) -> None:
        self.right.update(other.right)
        self.total.update(other.total)
        self.misses.extend(other.misses)


def flat(text: str) -> str:
    """Text with each run of whitespace as one space: a line break is layout, not wording."""
    return " ".join(text.split())


def load_gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _bag_score(score: Score, name: str, gold: list[str], got: list[str], where: str) -> None:
    """Item-level: each gold item found is right; each missing or extra item is wrong."""
    rest = Counter(got)
    for item in gold:
        ok = rest[item] > 0
        rest[item] -= int(ok)
        score.add(name, ok, f"{where}: missing {item!r} (got {got})")
    for item, n in rest.items():
        for _ in range(max(n, 0)):
            score.add(name, False, f"{where}: extra {item!r}")


def score_brief(brief: Brief, gold: dict) -> Score:
    """Per-field scores of one extraction against its gold."""
    score = Score()
    name = gold["brief"]
    got_notes = {str(f.number): [r.id for r in f.references] for f in brief.footnotes}
    for number, ids in gold["footnotes"].items():
        got = got_notes.get(number)
        score.add("references", got == ids, f"{name} footnote {number}: {got} != {ids}")
    refs = brief.references()
    for rid, expected in gold["references"].items():
        ref = refs.get(rid)
        for f in REFERENCE_FIELDS:
            want = expected.get(f, [] if f in LIST_FIELDS else None)
            have = getattr(ref, f, None) if ref else None
            have = list(have) if isinstance(have, tuple) else have
            if ref is not None and f in LIST_FIELDS and have is None:
                have = []
            score.add(f"ref.{f}", have == want, f"{name} {rid}.{f}: {have!r} != {want!r}")
    by_place = {(c.paragraph, c.sentence): c for c in brief.claims}
    seen = set()
    for p, s, opening, refs_text, scope, quotes, dates in gold["claims"]:
        claim = by_place.get((p, s))
        seen.add((p, s))
        where = f"{name} ¶{p}.{s}"
        same = claim is not None and flat(claim.text).startswith(flat(opening))
        want_refs = [r for r in refs_text.split(",") if r]
        ok = same and list(claim.refs) == want_refs and claim.scope.value == scope
        got = (claim.text[:40], claim.refs, claim.scope.value) if claim else None
        score.add("claims", ok, f"{where}: {got} != {(opening, want_refs, scope)}")
        got_quotes = [flat(q.text) for q in claim.quotes] if same else []
        _bag_score(score, "quotes", [flat(q) for q in quotes], got_quotes, where)
        got_dates = [f"{d.text}={d.value}" for d in claim.dates] if same else []
        _bag_score(score, "dates", dates, got_dates, where)
    for (p, s), claim in by_place.items():
        if (p, s) not in seen:
            where = f"{name} ¶{p}.{s}"
            score.add("claims", False, f"{where}: extra claim {claim.text[:50]!r}")
            _bag_score(score, "quotes", [], [flat(q.text) for q in claim.quotes], where)
            _bag_score(score, "dates", [], [f"{d.text}={d.value}" for d in claim.dates], where)
    sentence_of = {}
    for sent in brief.sentences:
        for m in brief.markers:
            if sent.start <= m.start < sent.end:
                for n in m.numbers:
                    sentence_of.setdefault(n, []).append((sent.paragraph, sent.index))
    got_markers = [f"{p}.{s}:{n}" for n, places in sentence_of.items() for p, s in places]
    _bag_score(score, "markers", [f"{p}.{s}:{n}" for p, s, n in gold["markers"]], got_markers, name)
    return score


def main() -> None:
    """Print per-field scores for the bundled brief and the labelled set."""
    from briefcheck.extractors import extract_brief
    from briefcheck.extractors.nlp import get_nlp, model_name

    data = Path(__file__).resolve().parents[1] / "data" / "briefs"
    bundled, labelled = Score(), Score()
    for path in sorted(data.glob("*.gold.json")):
        gold = load_gold(path)
        score = score_brief(extract_brief(data / gold["brief"]), gold)
        (bundled if path.name == "bundled.gold.json" else labelled).merge(score)
    print(f"pipeline: {model_name(get_nlp())}")
    print(f"{'field':<18} {'bundled':>14} {'labelled set':>16}")
    for name in sorted(labelled.total, key=lambda n: (n.startswith("ref."), n)):
        b = f"{bundled.right[name]}/{bundled.total[name]}"
        s = f"{labelled.right[name]}/{labelled.total[name]} {labelled.ratio(name):.1%}"
        print(f"{name:<18} {b:>14} {s:>16}")


if __name__ == "__main__":
    main()

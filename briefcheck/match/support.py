"""Check a cited claim as a whole against a source: the passage that best carries it.

The source's main text is cut into passages (sentences, and windows of
`settings.SUPPORT_WINDOW_SENTENCES` sentences of one paragraph) and indexed once per text
(`source_index`, cached by the text's hash). The claim's terms (`terms.claim_terms`: names,
numbers, dates, lemmas, noun-chunk pairs, weighted by role) rank the passages with BM25.

Verdicts (`find_support`):
- `related`: the best passages hold at least `SUPPORT_RELATED_MIN_COVERAGE` of the claim's
  weighted terms (`Match.score` is that share, 0..1; each passage keeps its BM25 score).
  Lexical overlap never verifies: whether the passage supports the claim is the reviewer's
  call, or an entailment judge's (`match/judge.py`) when the user configured one.
- `mismatch`: the best passage is on the same content (`SUPPORT_MISMATCH_MIN_COVERAGE` of
  the claim's other terms) but states another number or date, another name where the claim
  has one, or the opposite polarity; `Evidence.diff` marks it wdiff-style ("[-old-] {+new+}").
- `not_found`: no passage carries the claim's content; the closest passage is the evidence.
- Across languages (an English claim, a Chinese or Korean source) only numbers, dates and
  names written in the claim's script are compared, and the note says so; a claim with none
  of them is `unchecked` ("unsupported: ..."), as nothing in it can be looked for.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefcheck import settings
from briefcheck.match.bm25 import Ranked
from briefcheck.match.conflicts import find_conflict
from briefcheck.match.sourceindex import (
    Passage,
    SourceIndex,
    coverage,
    mostly_foreign,
    source_index,
)
from briefcheck.match.terms import ClaimTerms, Role, Term, claim_terms, strip_markers
from briefcheck.models import Evidence, Match, RankedPassage, SourceText, Verdict
from briefcheck.parse.links import text_fragment_url

if TYPE_CHECKING:
    from briefcheck.match.judge import Judge


# ---------------------------------------------------------------- ranking


def _query_terms(claim: ClaimTerms, index: SourceIndex) -> tuple[Term, ...]:
    """The claim's terms to look for: all of them, or across scripts numbers and the names
    the source writes in the claim's script."""
    if not index.foreign_script or mostly_foreign(claim.text):
        return claim.terms
    numbers = claim.of_role(Role.NUMBER)
    names = [t for t in claim.of_role(Role.NAME) if any(index.bm25.df(k) for k in t.keys)]
    return (*numbers, *names)


def _distinct(ranked: list[Ranked], index: SourceIndex) -> list[Ranked]:
    """The ranking without passages that overlap a better one (a sentence and its window)."""
    kept: list[Ranked] = []
    for r in ranked:
        p = index.passages[r.doc]
        if all(p.end <= index.passages[k.doc].start or p.start >= index.passages[k.doc].end
               for k in kept):  # fmt: skip
            kept.append(r)
            if len(kept) == settings.SUPPORT_TOP_PASSAGES:
                break
    return kept


def _span(index: SourceIndex, passage: Passage) -> tuple[str, int, int]:
    """The passage's words without surrounding whitespace, and their offsets."""
    raw = index.text[passage.start : passage.end]
    words = raw.strip()
    start = passage.start + raw.find(words)
    return words, start, start + len(words)


def _ranked_passage(
    index: SourceIndex, r: Ranked, rank: int, terms: Sequence[Term], url: str
) -> RankedPassage:
    """A ranked passage as checks keep it: words, offsets, score, shared terms and their marks."""
    passage = index.passages[r.doc]
    wanted = {k for i in r.matched for k in terms[i].keys}
    marks = tuple((t.start, t.end) for t in index.toks(passage) if t.term in wanted)
    shared = tuple(terms[i].text for i in sorted(r.matched) if terms[i].role != Role.PAIR)
    words, start, end = _span(index, passage)
    return RankedPassage(
        text=words,
        start=start,
        end=end,
        score=r.score,
        rank=rank,
        terms=shared,
        marks=marks,
        url=text_fragment_url(url, words),
    )


# ---------------------------------------------------------------- verdicts


@dataclass(frozen=True, slots=True, kw_only=True)
class Ranking:
    """A claim ranked against a source: its query terms, the top passages and their shares."""

    claim: ClaimTerms
    index: SourceIndex
    terms: tuple[Term, ...]
    top: tuple[Ranked, ...]
    coverage: tuple[float, ...]
    passages: tuple[RankedPassage, ...]
    foreign: bool


def _with_pairs(ranked: list[Ranked], terms: Sequence[Term], index: SourceIndex) -> list[Ranked]:
    """The candidates re-scored with the claim's word pairs they hold ("nuclear test"): each
    counts as a term met once, as specific as its rarer word; pairs are not in the index
    (they would double it) but looked for in the few passages that can rank."""
    pairs = [(i, t) for i, t in enumerate(terms) if t.role == Role.PAIR]
    if not pairs:
        return ranked
    df = {i: min(index.bm25.df(f"w:{part}") for part in t.keys[0][2:].split("_")) for i, t in pairs}
    out = []
    for r in ranked:
        held = index.pairs_of(index.passages[r.doc])
        got = [(i, t) for i, t in pairs if t.keys[0] in held]
        bonus = sum(t.weight * index.bm25.part(r.doc, 1, df[i]) for i, t in got)
        out.append(dataclasses.replace(r, score=round(r.score + bonus, 4),
                                       matched=r.matched | {i for i, _ in got}))  # fmt: skip
    return sorted(out, key=lambda r: (-r.score, r.doc))


def rank(claim: str, source: SourceText) -> Ranking:
    """Rank the passages of `source` for `claim` and measure how much of it each holds."""
    index = source_index(source)
    analysed = claim_terms(claim)
    terms = _query_terms(analysed, index)
    singles = [i for i, t in enumerate(terms) if t.role != Role.PAIR]
    query = [(terms[i].keys, terms[i].weight) for i in singles]
    found = [
        dataclasses.replace(r, matched=frozenset(singles[j] for j in r.matched))
        for r in index.bm25.search(query, settings.SUPPORT_CANDIDATES)
    ]
    top = tuple(_distinct(_with_pairs(found, terms, index), index))
    return Ranking(
        claim=analysed,
        index=index,
        terms=terms,
        top=top,
        coverage=tuple(coverage(terms, r.matched, index) for r in top),
        passages=tuple(
            _ranked_passage(index, r, k + 1, terms, source.url) for k, r in enumerate(top)
        ),
        foreign=terms is not analysed.terms,
    )


def _evidence(ranking: Ranking, k: int, url: str, diff: str | None = None) -> Evidence:
    """The k-th top passage as a verdict's evidence."""
    p = ranking.passages[k]
    return Evidence(text=p.text, start=p.start, end=p.end, url=p.url or url, diff=diff)


def _carries(ranking: Ranking) -> int | None:
    """The best-ranked passage that holds enough of the claim's terms, if any."""
    for k, r in enumerate(ranking.top):
        singles = [i for i in r.matched if ranking.terms[i].role != Role.PAIR]
        enough = len(singles) >= min(settings.SUPPORT_MIN_SHARED_TERMS, len(ranking.terms))
        if enough and ranking.coverage[k] >= settings.SUPPORT_RELATED_MIN_COVERAGE:
            return k
    return None


def find_support(claimed: str, source: SourceText, judge: Judge | None = None) -> Match:
    """related / mismatch / not_found for a claim against one source (see the module doc);
    with an entailment `judge`, also verified (or mismatch) on the judge's word."""
    match = _lexical(claimed, source)
    return match if judge is None else _judged(match, claimed, judge)


def _judged(match: Match, claimed: str, judge: Judge) -> Match:
    """The lexical verdict revised by the judge over the top passages (its name in the note)."""
    named = f"entailment judge {judge.name}"
    if match.verdict is Verdict.UNCHECKED or not match.passages:
        return dataclasses.replace(match, note=_join(match.note, f"{named}: nothing to judge"))
    hypothesis = " ".join(strip_markers(claimed).split())
    said = [(judge.judge(p.text, hypothesis), p) for p in match.passages]
    entailed, by = max(said, key=lambda x: x[0].entailment)
    if entailed.entailment >= settings.JUDGE_ENTAILMENT_MIN:
        return dataclasses.replace(
            match,
            verdict=Verdict.VERIFIED,
            score=round(entailed.entailment, 4),
            reason="the judge finds the passage entails the claim",
            evidence=_passage_evidence(by),
            note=_join(match.note, f"{named}: entailment {entailed.entailment:.2f}"),
        )
    against, by = max(said, key=lambda x: x[0].contradiction)
    if against.contradiction >= settings.JUDGE_CONTRADICTION_MIN:
        return dataclasses.replace(
            match,
            verdict=Verdict.MISMATCH,
            score=round(against.contradiction, 4),
            reason="the judge finds the passage contradicts the claim",
            evidence=match.evidence if match.verdict is Verdict.MISMATCH else _passage_evidence(by),
            note=_join(match.note, f"{named}: contradiction {against.contradiction:.2f}"),
        )
    best = f"{named}: not entailed (best {entailed.entailment:.2f})"
    return dataclasses.replace(match, note=_join(match.note, best))


def _passage_evidence(p: RankedPassage) -> Evidence:
    return Evidence(text=p.text, start=p.start, end=p.end, url=p.url)


def _join(*notes: str | None) -> str | None:
    return "; ".join(n for n in notes if n) or None


def _lexical(claimed: str, source: SourceText) -> Match:
    """The verdict from the passages' words alone: related, mismatch or not_found."""
    ranking = rank(claimed, source)
    note = _foreign_note(source) if ranking.foreign else None
    if ranking.foreign and not ranking.terms:
        reason = "unsupported: source in another language; claim has no number or name to compare"
        return Match(verdict=Verdict.UNCHECKED, score=None, reason=reason, note=note)
    if not ranking.top:
        reason = "no passage shares the claim's terms"
        return Match(verdict=Verdict.NOT_FOUND, score=0.0, reason=reason, note=note)
    k = _carries(ranking)
    if k is None:
        return Match(
            verdict=Verdict.NOT_FOUND,
            score=ranking.coverage[0],
            reason="no passage carries the claim's content",
            evidence=_evidence(ranking, 0, source.url),
            note=note,
            passages=ranking.passages,
        )
    conflict = None
    if not ranking.foreign:
        conflict = find_conflict(ranking.claim, ranking.terms, ranking.index, ranking.top[0])
    if conflict is not None:
        return Match(
            verdict=Verdict.MISMATCH,
            score=ranking.coverage[0],
            reason=conflict.reason,
            evidence=_evidence(ranking, 0, source.url, conflict.diff),
            note=_join(conflict.note, note),
            passages=ranking.passages,
        )
    return Match(
        verdict=Verdict.RELATED,
        score=ranking.coverage[k],
        reason="passage shares the claim's content",
        evidence=_evidence(ranking, k, source.url),
        note=note,
        passages=ranking.passages,
    )


def _foreign_note(source: SourceText) -> str:
    lang = source.language or "another script"
    return f"source in {lang}: compared on numbers, dates and names only"

"""Find a quotation in a source's text: exact after safe normalisation, else the closest passage.

`Match.score` is in 0..1: 1.0 for an exact match (after normalisation, ellipses and
bracketed insertions honoured), otherwise the Indel similarity between the quotation's
words and the closest passage's words (1 - (added + dropped words) / (both lengths)).
A score of at least `settings.QUOTE_CLOSE_SCORE / 100` with any difference is a
`mismatch`; below it, `not_found`, except that a quotation of at most
`settings.SHORT_QUOTE_MAX_WORDS` words one word apart from a passage is a mismatch. Both
carry the closest passage as evidence.

The article (`SourceText.text`) is searched first; words found only in the page's other
blocks (comments, related lists, sidebars) are `not_found` there, the evidence saying where
they stand (`Evidence.where`).

Reasons: "exact after normalisation", "exact, with ellipsis", "exact, footnote number in
the source" (verified); "ellipsis drops a negation" (or a modal, a hedge, a contrast, "the
governing word"), "bracket drops a negation" (or adds one, or "changes a number"),
"ellipsis fragments not in order nearby", "case changes meaning" ("US"/"us"), and from
`diffs.explain`: "word changed", "words reordered", "number changed", "negation not in
source", "spelling variant", ... (mismatch); "no close passage", "only in readers'
comments" (or another block), "quotation has no words" (not_found).
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from dataclasses import dataclass, replace

from rapidfuzz.distance import Indel

from briefcheck import settings
from briefcheck.match.align import (
    Alignment,
    PreparedText,
    closest_passage,
    encode,
    encode_pair,
    is_cjk,
    one_word_apart,
    opcodes,
    prepare,
)
from briefcheck.match.diffs import Opcodes, explain, word_diff
from briefcheck.match.elisions import Problem, bracket_problem, ellipsis_problem
from briefcheck.match.meaning import Meaning, meanings
from briefcheck.match.normalise import normalise
from briefcheck.match.quotation import Bracket, Fragment, parse_quotation
from briefcheck.models import Evidence, Match, SourceText, Verdict, Where
from briefcheck.parse.links import text_fragment_url

# How a reason names the block where the words were found instead of the article.
ELSEWHERE = {
    Where.COMMENTS: "readers' comments",
    Where.RELATED: "a list of other stories",
    Where.SIDEBAR: "a sidebar",
    Where.FURNITURE: "the page's navigation or boxes",
}


@dataclass(frozen=True, slots=True)
class _Target:
    """A text searched (the article or one other block) and how its evidence is labelled."""

    text: str
    url: str
    where: Where = Where.ARTICLE
    block: int | None = None


@dataclass(frozen=True, slots=True)
class _Occurrence:
    """Where one fragment stands (tokens `[start, end)`) and what its brackets change there."""

    start: int
    end: int
    problem: Problem | None = None


def _pattern(fragment: Fragment, source: PreparedText) -> re.Pattern[str] | None:
    """A regex over the encoded source, a group per bracket, or None when a word never
    occurs in the source."""
    out = []
    for item in fragment.items:
        if isinstance(item, Bracket):
            out.append(f"(.{{0,{settings.BRACKET_MAX_WORDS}}}?)")
        else:
            code = source.vocab.get(item)
            if code is None:
                return None
            out.append(re.escape(code))
    return re.compile("".join(out), re.DOTALL)


def _edge_problem(
    bracket: Bracket, readings: list[tuple[int, int]], source: PreparedText
) -> Problem | None:
    """A meaningful bracket at a fragment's edge: the source words it may stand for (token
    spans just before or after the fragment) must carry what it says in one reading."""
    problems = [bracket_problem(source.words(lo, hi), bracket.text) for lo, hi in readings]
    if not problems:
        return bracket_problem("", bracket.text)
    return None if None in problems else problems[0]


def _problem_at(fragment: Fragment, m: re.Match[str], source: PreparedText) -> Problem | None:
    """What the fragment's brackets change where it stands at `m`, if anything."""
    brackets = [i for i in fragment.items if isinstance(i, Bracket)]
    for group, bracket in enumerate(brackets, start=1):
        a, b = m.span(group)
        problem = bracket_problem(source.words(a, b), bracket.text)
        if problem is not None:
            return problem
    reach = range(1, settings.BRACKET_MAX_WORDS + 1)
    if fragment.lead is not None:
        before = [(m.start() - k, m.start()) for k in reach if m.start() - k >= 0]
        problem = _edge_problem(fragment.lead, before, source)
        if problem is not None:
            return problem
    if fragment.tail is not None:
        after = [(m.end(), m.end() + k) for k in reach if m.end() + k <= len(source.tokens)]
        return _edge_problem(fragment.tail, after, source)
    return None


def _occurrences(fragment: Fragment, source: PreparedText) -> list[_Occurrence]:
    """Where the fragment stands, overlapping placements included, with bracket problems."""
    pattern = _pattern(fragment, source)
    if pattern is None:
        return []
    found: list[_Occurrence] = []
    pos = 0
    while (m := pattern.search(source.encoded, pos)) is not None:
        found.append(_Occurrence(m.start(), m.end(), _problem_at(fragment, m, source)))
        pos = m.start() + 1
    return found


def _weighty_gap(end: int, start: int, source: PreparedText) -> bool:
    """Whether the source words an ellipsis skips (tokens `[end, start)`) include one that may
    carry meaning: a cheap screen before the dependency parse judges them."""
    return any(
        kind not in (Meaning.NUMBER, Meaning.QUANTITY)
        for k in range(end, start)
        for kind, _ in meanings(source.tokens[k].text)
    )


Chain = list[_Occurrence]


def _chains(found: list[list[_Occurrence]], source: PreparedText) -> list[tuple[Chain, bool]]:
    """In-order placements of the fragments with gaps within bounds, and whether a gap holds
    a meaning-bearing word; of placements ending alike only the tightest is kept, so this
    stays linear."""
    chains = [([occ], False) for occ in found[0]]
    for occurrences in found[1:]:
        starts = [o.start for o in occurrences]
        grown: dict[tuple[int, int, bool], Chain] = {}
        for chain, weighty in chains:
            last_end = chain[-1].end
            _, end_char = source.span(last_end - 1, last_end - 1)
            for occ in occurrences[bisect_left(starts, last_end) :]:
                start_char, _ = source.span(occ.start, occ.start)
                if start_char - end_char > settings.ELLIPSIS_MAX_GAP_CHARS:
                    break
                flag = weighty or _weighty_gap(last_end, occ.start, source)
                key = (occ.start, occ.end, flag)
                if key not in grown or grown[key][0].start < chain[0].start:
                    grown[key] = [*chain, occ]
        chains = [(chain, flag) for (_, _, flag), chain in grown.items()]
    return chains


def _judge(chain: Chain, source: PreparedText) -> Problem | None:
    """What a placement changes: a bracket's replaced words, or what its ellipses skip."""
    for occ in chain:
        if occ.problem is not None:
            return occ.problem
    if len(chain) < 2:
        return None
    kept = [source.span(o.start, o.end - 1) for o in chain]
    gaps = [(kept[k][1], kept[k + 1][0]) for k in range(len(kept) - 1)]
    return ellipsis_problem(source.original, kept, gaps)


def _evidence(target: _Target, prepared: PreparedText, first: int, end: int) -> Evidence:
    start, stop = prepared.span(first, end - 1)
    text = target.text[start:stop]
    return Evidence(
        text=text,
        start=start,
        end=stop,
        url=text_fragment_url(target.url, text),
        where=target.where,
        block=target.block,
    )


def _elision_diff(chain: Chain, prepared: PreparedText) -> str:
    """The source's words with what the ellipses skip shown as added: "A [-…-] {+not+} B"."""
    parts = [prepared.words(chain[0].start, chain[0].end)]
    for before, after in itertools.pairwise(chain):
        parts += ["[-…-] {+" + prepared.words(before.end, after.start) + "+}"]
        parts.append(prepared.words(after.start, after.end))
    return " ".join(p for p in parts if p)


def _acronym(word: str) -> bool:
    letters = word.replace(".", "")
    return letters.isalpha() and letters.isupper() and 2 <= len(letters) <= 6


def _case_changes_meaning(
    fragments: list[Fragment], chain: Chain, prepared: PreparedText
) -> str | None:
    """The first word whose case flips between an acronym and a common word ("US"/"us").

    Text in one case throughout (an all-caps headline, a quotation typed in lower case)
    says nothing about acronyms: skipped.
    """
    pairs: list[tuple[str, str]] = []
    for fragment, occ in zip(fragments, chain, strict=True):
        if not fragment.shapes or occ.end - occ.start != len(fragment.shapes):
            continue
        in_source = [prepared.words(k, k + 1) for k in range(occ.start, occ.end)]
        pairs += zip(fragment.shapes, in_source, strict=True)
    typed = [q for q, _ in pairs if any(c.isalpha() for c in q)]
    found = [s for _, s in pairs if any(c.isalpha() for c in s)]
    if any(all(w.isupper() for w in ws) or all(w.islower() for w in ws) for ws in (typed, found)):
        return None
    for quoted, stated in pairs:
        if (_acronym(quoted) and stated.islower()) or (_acronym(stated) and quoted.islower()):
            return f"the quotation has {quoted!r} where the source has {stated!r}"
    return None


def _not_in_order(found: list[list[_Occurrence]], target: _Target, prepared: PreparedText) -> Match:
    first = found[0][0]
    return Match(
        verdict=Verdict.MISMATCH,
        score=None,
        reason="ellipsis fragments not in order nearby",
        evidence=_evidence(target, prepared, first.start, first.end),
        note=f"each fragment occurs, but not in order within {settings.ELLIPSIS_MAX_GAP_CHARS}"
        " characters",
    )


def _changed(
    fragments: list[Fragment],
    chain: Chain,
    problem: Problem,
    target: _Target,
    prepared: PreparedText,
) -> Match:
    """The mismatch of a placement whose bracket or ellipsis changes the meaning."""
    words = encode([w for f in fragments for w in f.words], prepared.vocab)
    score = Indel.normalized_similarity(words, prepared.encoded[chain[0].start : chain[-1].end])
    evidence = _evidence(target, prepared, chain[0].start, chain[-1].end)
    if len(chain) > 1:
        evidence = replace(evidence, diff=_elision_diff(chain, prepared))
    return Match(
        verdict=Verdict.MISMATCH,
        score=round(score, 4),
        reason=problem.reason,
        evidence=evidence,
        note=problem.note,
    )


def _exact(fragments: list[Fragment], target: _Target, prepared: PreparedText) -> Match | None:
    """verified, or a mismatch when a bracket or an ellipsis changes the meaning, or None
    when the quotation's words do not stand in the text as quoted."""
    found = [_occurrences(f, prepared) for f in fragments]
    if not all(found):
        return None
    chains = _chains(found, prepared)
    if not chains:
        return _not_in_order(found, target, prepared) if len(fragments) > 1 else None
    ranked = sorted(chains, key=lambda c: (c[1], c[0][-1].end - c[0][0].start))
    judged = [
        (chain, _judge(chain, prepared))
        for chain, _ in ranked[: settings.ELLIPSIS_PLACEMENTS_JUDGED]
    ]
    clean = [chain for chain, problem in judged if problem is None]
    if not clean:
        chain, problem = judged[0]
        assert problem is not None
        return _changed(fragments, chain, problem, target, prepared)
    chain = clean[0]
    evidence = _evidence(target, prepared, chain[0].start, chain[-1].end)
    changed_case = _case_changes_meaning(fragments, chain, prepared)
    if changed_case is not None:
        return Match(
            verdict=Verdict.MISMATCH,
            score=1.0,
            reason="case changes meaning",
            evidence=evidence,
            note=changed_case,
        )
    starts = {c[0].start for c in clean}
    note = f"appears {len(starts)} times; the first is shown" if len(starts) > 1 else None
    reason = "exact after normalisation" if len(fragments) == 1 else "exact, with ellipsis"
    return Match(verdict=Verdict.VERIFIED, score=1.0, reason=reason, evidence=evidence, note=note)


def _join_words(words: list[str]) -> str:
    """Words as text: CJK characters run together, other words are spaced."""
    out = ""
    for word in words:
        if out and not (is_cjk(word) and is_cjk(out[-1])):
            out += " "
        out += word
    return out


# Korean words carry their particles and endings: "줄이기로" and "줄이지 않기로" share a stem
# and differ by a negation, though no word of one equals a word of the other.
_HANGUL_RE = re.compile(r"[\uac00-\ud7af]")


def _alignment(words: list[str], prepared: PreparedText) -> tuple[Alignment | None, str | None]:
    """The closest passage, and why it is close if its word score alone does not say so: a
    short quotation one word apart, or Korean words close letter by letter."""
    alignment = closest_passage(words, prepared)
    close = alignment is not None and alignment.score * 100 >= settings.QUOTE_CLOSE_SCORE
    if close:
        return alignment, None
    if len(words) <= settings.SHORT_QUOTE_MAX_WORDS:
        near = one_word_apart(words, prepared)
        if near is not None:
            return near, "a short quotation one word apart"
    if alignment is not None and any(_HANGUL_RE.search(w) for w in words):
        passage = "".join(t.text for t in prepared.tokens[alignment.start : alignment.end])
        letters = Indel.normalized_similarity("".join(words), passage)
        if letters * 100 >= settings.QUOTE_CLOSE_SCORE:
            return replace(alignment, score=letters), "Korean words close letter by letter"
    return alignment, None


def _closest(fragments: list[Fragment], target: _Target, prepared: PreparedText) -> Match:
    """mismatch or not_found with the closest passage, its score and a word diff."""
    words = [w for f in fragments for w in f.words]
    alignment, near = _alignment(words, prepared)
    if alignment is None or alignment.end <= alignment.start:
        return Match(verdict=Verdict.NOT_FOUND, score=0.0, reason="no close passage")
    passage = [t.text for t in prepared.tokens[alignment.start : alignment.end]]
    diff = word_diff(
        lambda a, b: _join_words(words[a:b]),
        lambda c, d: prepared.words(alignment.start + c, alignment.start + d),
        alignment.opcodes,
    )
    evidence = replace(_evidence(target, prepared, alignment.start, alignment.end), diff=diff)
    score = round(alignment.score, 4)
    if alignment.score * 100 < settings.QUOTE_CLOSE_SCORE and near is None:
        note = f"closest passage scores {score:.2f}"
        return Match(
            verdict=Verdict.NOT_FOUND,
            score=score,
            reason="no close passage",
            evidence=evidence,
            note=note,
        )
    glued = _glued_markers(words, passage, alignment.opcodes)
    if glued and len(fragments) == 1 and len(fragments[0].items) == len(words):
        note = "footnote number glued to a word in the source: " + ", ".join(glued)
        evidence = replace(evidence, diff=None)
        return Match(
            verdict=Verdict.VERIFIED,
            score=1.0,
            reason="exact, footnote number in the source",
            evidence=evidence,
            note=note,
        )
    # A glued footnote number is not the difference worth naming.
    said = set(words)
    unglued = [
        m.group(1) if (m := _GLUED_MARKER_RE.fullmatch(w)) and m.group(1) in said else w
        for w in passage
    ]
    difference = explain(words, unglued, opcodes(*encode_pair(words, unglued)))
    explained: str | None = difference.note
    if near is not None:
        explained = "; ".join(n for n in (explained, near) if n)
    return Match(
        verdict=Verdict.MISMATCH,
        score=score,
        reason=difference.reason,
        evidence=evidence,
        note=explained,
    )


# A page's <sup>3</sup> often reaches the text as "visits3": a word of three letters or more
# with one to three digits stuck to its end.
_GLUED_MARKER_RE = re.compile(r"([^\W\d_]{3,})\d{1,3}")


def _glued_markers(quote: list[str], passage: list[str], opcodes: Opcodes) -> list[str] | None:
    """The source's words that differ from the quotation's only by a glued footnote number,
    or None if anything else differs.
    """
    glued = []
    for tag, a, b, c, d in opcodes:
        if tag == "equal":
            continue
        if tag != "replace" or b - a != d - c:
            return None
        for said, stated in zip(quote[a:b], passage[c:d], strict=True):
            m = _GLUED_MARKER_RE.fullmatch(stated)
            if m is None or m.group(1) != said:
                return None
            glued.append(stated)
    return glued or None


def _search(
    quote: str, fragments: list[Fragment], target: _Target, *, closest: bool
) -> Match | None:
    """The quotation against one text: exact (also with compounds joined), else the closest
    passage when `closest`, else None."""
    prepared = prepare(target.text)
    found = _exact(fragments, target, prepared)
    if found is None and "-" in normalise(quote).text:
        found = _exact(parse_quotation(quote, joined=True), target, prepared)
    if found is None and closest:
        found = _closest(fragments, target, prepared)
    return found


def _elsewhere(quote: str, fragments: list[Fragment], source: SourceText) -> Match | None:
    """The first block other than the article where the quotation stands verbatim."""
    for k, block in enumerate(source.blocks):
        target = _Target(block.text, source.url, block.where, k)
        found = _search(quote, fragments, target, closest=False)
        if found is not None and found.verdict is Verdict.VERIFIED:
            return found
    return None


def find_quote(quote: str, source: SourceText) -> Match:
    """Check one quotation of the brief against a source's text.

    Takes the quoted words (as inside the brief's quotation marks, brackets and ellipses
    included) and the `SourceText`; returns a `Match`: `verified` when the article's own
    words stand (typography normalised, never meaning), `mismatch` with the closest passage
    and its word diff when words, polarity, modality, numbers or symbols differ, `not_found`
    when nothing is close or the words are only outside the article (the evidence says
    where). Every verified or mismatch carries the source's words with offsets.
    """
    fragments = parse_quotation(quote)
    if not fragments:
        return Match(verdict=Verdict.NOT_FOUND, score=None, reason="quotation has no words")
    article = _search(quote, fragments, _Target(source.text, source.url), closest=True)
    assert article is not None
    if article.verdict is Verdict.VERIFIED:
        return article
    found = _elsewhere(quote, fragments, source)
    if found is None or found.evidence is None:
        return article
    place = ELSEWHERE[found.evidence.where]
    if article.verdict is Verdict.MISMATCH:
        note = "; ".join(n for n in (article.note, f"the exact words stand in {place}") if n)
        return replace(article, note=note)
    note = "; ".join(n for n in ("the article holds no close passage", article.note) if n)
    return Match(
        verdict=Verdict.NOT_FOUND,
        score=article.score,
        reason=f"only in {place}",
        evidence=found.evidence,
        note=note,
    )

"""Find a quotation in a source's text: exact after safe normalisation, else the closest passage.

`Match.score` is in 0..1: 1.0 for an exact match (after normalisation, ellipses and
bracketed insertions honoured), otherwise the Indel similarity between the quotation's
words and the closest passage's words (1 - (added + dropped words) / (both lengths)).
A score of at least `settings.QUOTE_CLOSE_SCORE / 100` with any difference is a
`mismatch`; below it, `not_found`. Both carry the closest passage as evidence.

Reasons: "exact after normalisation", "exact, with ellipsis", "exact, footnote number in
the source" (verified); "ellipsis drops a negation", "ellipsis fragments not in order
nearby", "case changes meaning" ("US"/"us"), and from `diffs.explain`: "word changed",
"words reordered", "number changed", "negation not in source", "spelling variant", ...
(mismatch); "no close passage", "quotation has no words" (not_found).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from briefcheck import settings
from briefcheck.match.align import (
    PreparedText,
    closest_passage,
    encode,
    encode_pair,
    is_cjk,
    opcodes,
    prepare,
)
from briefcheck.match.diffs import Opcodes, explain, is_negation, word_diff
from briefcheck.match.normalise import normalise, tokenise
from briefcheck.models import Evidence, Match, SourceText, Verdict
from briefcheck.parse.links import text_fragment_url

# "…", "...", ". . ." and their bracketed forms "[...]" / "[…]" all mark an omission.
_ELLIPSIS_RE = re.compile(r"\s*\[?\s*(?:…|\.(?:\s?\.){2,})\s*\]?\s*")
_BRACKET_RE = re.compile(r"\[([^\[\]]*)\]")
# Editorial marks that stand for no source words at all.
_ANNOTATIONS = frozenset({"sic", "sic!", "emphasis added", "emphasis in original", "sic."})
# An editor's bracketed words usually replace a pronoun or a short noun phrase.
_WILDCARD_MAX_WORDS = 4
_WILDCARD = object()
_EDGE_MARKS = "\"'“”‘’„«»「」『』 \t\n"


@dataclass(frozen=True, slots=True)
class _Fragment:
    """One ellipsis-free part of a quotation: words and bracket wildcards, in order."""

    items: tuple[object, ...]  # str words or _WILDCARD
    shapes: tuple[str, ...] = ()  # each word as typed (case kept), when there is no wildcard

    @property
    def words(self) -> list[str]:
        return [i for i in self.items if isinstance(i, str)]


_INNER_HYPHEN_RE = re.compile(r"(?<=[^\W_])-(?=[^\W_])")


def _words(text: str, *, joined: bool = False) -> list[str]:
    """Normalised words; `joined` drops inner hyphens ("high-level" → "highlevel")."""
    norm = normalise(text).text
    if joined:
        norm = _INNER_HYPHEN_RE.sub("", norm)
    return [t.text for t in tokenise(norm)]


def _shapes(text: str) -> tuple[str, ...]:
    """Each word of `text` as typed, case kept."""
    norm = normalise(text)
    spans = (norm.original_span(t.start, t.end) for t in tokenise(norm.text))
    return tuple(text[a:b] for a, b in spans)


def _parse_fragment(text: str, joined: bool) -> _Fragment:
    """Words of one fragment, each standalone bracket a wildcard or nothing."""
    items: list[object] = []
    pos = 0
    for m in _BRACKET_RE.finditer(text):
        before, after = text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]
        inner = m.group(1).strip()
        if (before.isalnum() or after.isalnum()) and inner:
            continue  # "[T]he", "Pyongyang['s]": the brackets only mark an edited letter
        items += _words(_unbracket(text[pos : m.start()]), joined=joined)
        if inner.casefold() not in _ANNOTATIONS:
            items.append(_WILDCARD)
        pos = m.end()
    items += _words(_unbracket(text[pos:]), joined=joined)
    # A wildcard at an edge constrains nothing and would only blur where the match starts.
    while items and items[0] is _WILDCARD:
        items.pop(0)
    while items and items[-1] is _WILDCARD:
        items.pop()
    shapes = _shapes(_unbracket(text)) if _WILDCARD not in items and not joined else ()
    return _Fragment(tuple(items), shapes if len(shapes) == len(items) else ())


def _unbracket(text: str) -> str:
    return text.replace("[", "").replace("]", "")


def parse_quotation(quote: str, *, joined: bool = False) -> list[_Fragment]:
    """The quotation's fragments, split at ellipses; empty fragments are dropped.

    `joined` reads "high-level" as "highlevel", the form a compound takes in a source that
    broke it across a line at its hyphen.
    """
    parts = _ELLIPSIS_RE.split(quote.strip(_EDGE_MARKS))
    fragments = [_parse_fragment(p, joined) for p in parts]
    return [f for f in fragments if f.words]


def _pattern(fragment: _Fragment, source: PreparedText) -> re.Pattern[str] | None:
    """A regex over the encoded source, or None when a word never occurs in it."""
    out = []
    for item in fragment.items:
        if item is _WILDCARD:
            out.append(f".{{0,{_WILDCARD_MAX_WORDS}}}?")
        else:
            code = source.vocab.get(str(item))
            if code is None:
                return None
            out.append(re.escape(code))
    return re.compile("".join(out), re.DOTALL)


def _occurrences(fragment: _Fragment, source: PreparedText) -> list[tuple[int, int]]:
    """Token spans `[start, end)` where the fragment stands, overlapping ones included."""
    pattern = _pattern(fragment, source)
    if pattern is None:
        return []
    spans: list[tuple[int, int]] = []
    pos = 0
    while (m := pattern.search(source.encoded, pos)) is not None:
        spans.append((m.start(), m.end()))
        pos = m.start() + 1
    return spans


def _skips_negation(end: int, start: int, source: PreparedText) -> bool:
    """Whether the source words an ellipsis skips (tokens `[end, start)`) include a negation."""
    return any(is_negation(source.tokens[k].text) for k in range(end, start))


def _chains(
    found: list[list[tuple[int, int]]], source: PreparedText
) -> list[tuple[list[tuple[int, int]], bool]]:
    """In-order placements of the fragments with gaps within bounds, and whether one skips
    a negation; of placements ending alike only the tightest is kept, so this stays linear.
    """
    chains = [([span], False) for span in found[0]]
    for spans in found[1:]:
        starts = [s for s, _ in spans]
        grown: dict[tuple[tuple[int, int], bool], list[tuple[int, int]]] = {}
        for chain, skips in chains:
            last_end = chain[-1][1]
            _, end_char = source.span(last_end - 1, last_end - 1)
            for span in spans[bisect_left(starts, last_end) :]:
                start_char, _ = source.span(span[0], span[0])
                if start_char - end_char > settings.ELLIPSIS_MAX_GAP_CHARS:
                    break
                key = (span, skips or _skips_negation(last_end, span[0], source))
                if key not in grown or grown[key][0][0] < chain[0][0]:
                    grown[key] = [*chain, span]
        chains = [(chain, skips) for (_, skips), chain in grown.items()]
    return chains


def _evidence(source: SourceText, prepared: PreparedText, first: int, end: int) -> Evidence:
    start, stop = prepared.span(first, end - 1)
    text = source.text[start:stop]
    return Evidence(text=text, start=start, end=stop, url=text_fragment_url(source.url, text))


def _acronym(word: str) -> bool:
    letters = word.replace(".", "")
    return letters.isalpha() and letters.isupper() and 2 <= len(letters) <= 6


def _case_changes_meaning(
    fragments: list[_Fragment], chain: list[tuple[int, int]], prepared: PreparedText
) -> str | None:
    """The first word whose case flips between an acronym and a common word ("US"/"us").

    Text in one case throughout (an all-caps headline, a quotation typed in lower case)
    says nothing about acronyms: skipped.
    """
    pairs: list[tuple[str, str]] = []
    for fragment, (start, end) in zip(fragments, chain, strict=True):
        if not fragment.shapes or end - start != len(fragment.shapes):
            continue
        in_source = [prepared.words(k, k + 1) for k in range(start, end)]
        pairs += zip(fragment.shapes, in_source, strict=True)
    typed = [q for q, _ in pairs if any(c.isalpha() for c in q)]
    found = [s for _, s in pairs if any(c.isalpha() for c in s)]
    if any(all(w.isupper() for w in ws) or all(w.islower() for w in ws) for ws in (typed, found)):
        return None
    for quoted, stated in pairs:
        if (_acronym(quoted) and stated.islower()) or (_acronym(stated) and quoted.islower()):
            return f"the quotation has {quoted!r} where the source has {stated!r}"
    return None


def _exact(fragments: list[_Fragment], source: SourceText, prepared: PreparedText) -> Match | None:
    """verified, or a mismatch for an ellipsis that skips a negation, or None if not exact."""
    found = [_occurrences(f, prepared) for f in fragments]
    if not all(found):
        return None
    chains = _chains(found, prepared)
    if not chains:
        if len(fragments) > 1:
            evidence = _evidence(source, prepared, *found[0][0])
            return Match(
                verdict=Verdict.MISMATCH,
                score=None,
                reason="ellipsis fragments not in order nearby",
                evidence=evidence,
                note="each fragment occurs, but not in order within "
                f"{settings.ELLIPSIS_MAX_GAP_CHARS} characters",
            )
        return None
    clean = [c for c, skips in chains if not skips]
    chain = min(clean or [c for c, _ in chains], key=lambda c: c[-1][1] - c[0][0])
    evidence = _evidence(source, prepared, chain[0][0], chain[-1][1])
    if not clean:
        words = encode([w for f in fragments for w in f.words], prepared.vocab)
        score = Indel.normalized_similarity(words, prepared.encoded[chain[0][0] : chain[-1][1]])
        return Match(
            verdict=Verdict.MISMATCH,
            score=round(score, 4),
            reason="ellipsis drops a negation",
            evidence=evidence,
        )
    changed_case = _case_changes_meaning(fragments, chain, prepared)
    if changed_case is not None:
        return Match(
            verdict=Verdict.MISMATCH,
            score=1.0,
            reason="case changes meaning",
            evidence=evidence,
            note=changed_case,
        )
    starts = {c[0][0] for c in clean}
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


def _closest(fragments: list[_Fragment], source: SourceText, prepared: PreparedText) -> Match:
    """mismatch or not_found with the closest passage, its score and a word diff."""
    words = [w for f in fragments for w in f.words]
    alignment = closest_passage(words, prepared)
    if alignment is None or alignment.end <= alignment.start:
        return Match(verdict=Verdict.NOT_FOUND, score=0.0, reason="no close passage")
    passage = [t.text for t in prepared.tokens[alignment.start : alignment.end]]
    evidence = _evidence(source, prepared, alignment.start, alignment.end)
    diff = word_diff(
        lambda a, b: _join_words(words[a:b]),
        lambda c, d: prepared.words(alignment.start + c, alignment.start + d),
        alignment.opcodes,
    )
    evidence = Evidence(
        text=evidence.text, start=evidence.start, end=evidence.end, url=evidence.url, diff=diff
    )
    score = round(alignment.score, 4)
    if alignment.score * 100 < settings.QUOTE_CLOSE_SCORE:
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
        evidence = Evidence(
            text=evidence.text, start=evidence.start, end=evidence.end, url=evidence.url
        )
        note = "footnote number glued to a word in the source: " + ", ".join(glued)
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
    return Match(
        verdict=Verdict.MISMATCH,
        score=score,
        reason=difference.reason,
        evidence=evidence,
        note=difference.note,
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


def find_quote(quote: str, source: SourceText) -> Match:
    """verified / mismatch (closest passage + word diff) / not_found for one quotation."""
    fragments = parse_quotation(quote)
    if not fragments:
        return Match(verdict=Verdict.NOT_FOUND, score=None, reason="quotation has no words")
    prepared = prepare(source.text)
    found = _exact(fragments, source, prepared)
    if found is None and "-" in normalise(quote).text:
        found = _exact(parse_quotation(quote, joined=True), source, prepared)
    return found or _closest(fragments, source, prepared)

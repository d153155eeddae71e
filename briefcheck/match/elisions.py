"""Whether an ellipsis or a bracketed insertion keeps the meaning of the words around it.

An ellipsis may leave out a parenthesis, an apposition, a relative clause, an attribution or
a whole sentence, but not a word of `meaning.Meaning` (a negation, a privative verb, a modal,
a hedge, a contrast) that bears on the words kept, nor the word that governs them ("failed"
in "failed to reach", "halting" in "halting ferry services"). Which skipped words bear on the
kept ones is read from spaCy's dependency parse of the source sentence: a skipped word inside
a skipped relative clause, apposition or parenthesis, or in a sentence of which nothing is
kept, does not. Without a trained parser (the rules-only pipeline) and in Chinese or Korean
text, every such word the ellipsis skips inside a sentence with kept words counts: the
verdict errs towards a mismatch a reviewer can waive, never towards a wrong `verified`.

Numbers and quantities may be skipped (the words kept say less, not something else), but a
bracket may not replace them.

A bracket may replace words (a pronoun, a name) or insert a clarification (a name, a date):
the words it stands for and the words it puts must carry the same negations, modals, hedges,
contrasts and quantities, and every number it replaces must stand in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from briefcheck.extractors.nlp import get_nlp
from briefcheck.match.meaning import Meaning, Meanings, describe, meanings, meanings_in
from briefcheck.match.normalise import normalise, tokenise


@dataclass(frozen=True, slots=True)
class Problem:
    """Why an elision changes the meaning: a short reason and the words concerned."""

    reason: str
    note: str


# What an ellipsis may skip without changing what the kept words say.
_SKIPPABLE = frozenset({Meaning.NUMBER, Meaning.QUANTITY})
# Dependency labels of self-contained units an ellipsis may drop whole, whatever they say:
# a relative clause, a clausal modifier of a noun, an apposition, a parenthetical clause.
_UNITS = frozenset({"relcl", "acl", "appos", "parataxis", "meta"})
# A kept word whose head the ellipsis skips under one of these labels is that head's
# complement: "reach" under "failed", "services" under "halting".
_GOVERNED = frozenset({"xcomp", "ccomp", "dobj", "attr", "acomp", "oprd", "pcomp"})
_MODAL_DEPS = frozenset({"aux", "auxpass"})
_CJK_OR_HANGUL = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_SENTENCE_END = re.compile(r"[.!?。！？]+[\"'”’)\]]*(?=\s|$)|[。！？]|\n")
# A window this long around the kept words is enough for any sentence; longer text is cut.
_WINDOW_MAX_CHARS = 3000


def _words(text: str) -> list[str]:
    return [t.text for t in tokenise(normalise(text).text)]


def _change(said: Meanings, stated: Meanings) -> str:
    if stated - said:
        return f"bracket drops {describe(stated - said)}"
    return f"bracket adds {describe(said - stated)}"


def _split(
    parts: Meanings,
) -> tuple[Meanings, set[str]]:
    """Meanings other than numbers, and the numbers."""
    numbers = {w for kind, w in parts if kind is Meaning.NUMBER}
    return frozenset(p for p in parts if p[0] is not Meaning.NUMBER), numbers


def bracket_problem(replaced: str, bracket: str) -> Problem | None:
    """A bracket `bracket` ("[would]") standing for the source's words `replaced`."""
    said, put = _split(meanings_in(bracket))
    stated, numbers = _split(meanings_in(replaced))
    note = f"{bracket} stands for {replaced!r}" if replaced else f"{bracket} is inserted"
    if said != stated:
        return Problem(_change(said, stated), note)
    if not numbers <= put:
        return Problem("bracket changes a number", note)
    return None


def _sentence_window(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentences holding `text[start:end]`, whole."""
    lo = max(0, start - _WINDOW_MAX_CHARS)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    first = ends[-1] if ends else lo
    m = _SENTENCE_END.search(text, end, min(len(text), end + _WINDOW_MAX_CHARS))
    return first, m.end() if m else min(len(text), end + _WINDOW_MAX_CHARS)


def ellipsis_problem(
    text: str, kept: list[tuple[int, int]], gaps: list[tuple[int, int]]
) -> Problem | None:
    """The first way the gaps (character spans of `text` an ellipsis skips) change what the
    kept spans say, or None when they leave it whole."""
    lo, hi = _sentence_window(text, kept[0][0], kept[-1][1])
    window = text[lo:hi]
    if _CJK_OR_HANGUL.search(window):
        return _lexical_problem([text[a:b] for a, b in gaps])
    doc = get_nlp()(window)
    spans = _spans(doc, [(a - lo, b - lo) for a, b in kept], [(a - lo, b - lo) for a, b in gaps])
    return _skipped_meaning(spans) or _skipped_governor(spans)


@dataclass(frozen=True, slots=True)
class _Spans:
    """The parsed window and which of its tokens are kept and which skipped."""

    doc: Doc
    kept: frozenset[int]
    skipped: frozenset[int]

    @property
    def parsed(self) -> bool:
        return self.doc.has_annotation("DEP")


def _spans(doc: Doc, kept: list[tuple[int, int]], gaps: list[tuple[int, int]]) -> _Spans:
    """Which tokens of `doc` lie wholly inside the kept spans and which inside the gaps."""

    def inside(t: Token, spans: list[tuple[int, int]]) -> bool:
        return any(a <= t.idx and t.idx + len(t) <= b for a, b in spans)

    return _Spans(
        doc=doc,
        kept=frozenset(t.i for t in doc if inside(t, kept)),
        skipped=frozenset(t.i for t in doc if inside(t, gaps)),
    )


def _bearing(t: Token, spans: _Spans) -> Meanings:
    """What a skipped token carries that matters: its meanings, a modal only as a verb's."""
    parts = frozenset(m for w in _words(t.text) for m in meanings(w) if m[0] not in _SKIPPABLE)
    modal_only = parts and all(kind is Meaning.MODAL for kind, _ in parts)
    if modal_only and spans.parsed and t.dep_ not in _MODAL_DEPS:
        return frozenset()  # "May" the month, "will" the noun
    if modal_only and not spans.parsed and t.text[:1].isupper() and not t.is_sent_start:
        return frozenset()
    return parts


def _in_skipped_unit(t: Token, spans: _Spans) -> bool:
    """Whether `t` sits in a unit the ellipsis drops whole (a relative clause, an apposition,
    a parenthesis), so that it says nothing about the words kept."""
    if spans.parsed:
        for a in (t, *t.ancestors):
            if a.i not in spans.skipped:
                break
            if a.dep_ in _UNITS and all(x.i in spans.skipped for x in a.subtree):
                return True
    before = spans.doc[: t.i]
    opened = [x.i for x in before if x.text == "(" and x.i in spans.skipped]
    closed = [x.i for x in spans.doc[t.i :] if x.text == ")" and x.i in spans.skipped]
    return bool(opened and closed)


def _skipped_meaning(spans: _Spans) -> Problem | None:
    for i in sorted(spans.skipped):
        t = spans.doc[i]
        parts = _bearing(t, spans)
        if not parts or not any(x.i in spans.kept for x in t.sent):
            continue
        if _in_skipped_unit(t, spans):
            continue
        return Problem(f"ellipsis drops {describe(parts)}", f"the ellipsis skips {t.text!r}")
    return None


def _skipped_governor(spans: _Spans) -> Problem | None:
    """A kept word whose governing word (the verb it completes) the ellipsis skips."""
    if not spans.parsed:
        return None
    for i in sorted(spans.kept):
        t = spans.doc[i]
        if t.head.i in spans.skipped and t.dep_ in _GOVERNED:
            note = f"the ellipsis skips {t.head.text!r}, which {t.text!r} depends on"
            return Problem("ellipsis drops the governing word", note)
    return None


def _lexical_problem(gaps: list[str]) -> Problem | None:
    """Chinese and Korean (no trained parser reads them): meaning-bearing words in what each
    gap skips of the sentences it cuts; whole sentences in between are left out freely."""
    for skipped in gaps:
        pieces = [p for p in _SENTENCE_END.split(skipped) if p.strip()]
        cut = pieces if len(pieces) < 2 else [pieces[0], pieces[-1]]
        for piece in cut:
            parts = frozenset(m for m in meanings_in(piece) if m[0] not in _SKIPPABLE)
            if parts:
                note = f"the ellipsis skips {piece.strip()!r}"
                return Problem(f"ellipsis drops {describe(parts)}", note)
    return None

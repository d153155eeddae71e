"""Whether the passage that carries a claim states another number, date, name or polarity.

Only a passage on the same content can contradict: it must hold
`settings.SUPPORT_MISMATCH_MIN_COVERAGE` of the claim's terms other than the one in
question. A claimed number missing from the passage (and its neighbouring sentences) is
contradicted by a passage number with the same unit or the same word before it ("rose 18.4
percent" / "rose 14.8 percent"), or by another year; a claimed name by a capitalised name in
the same place (after or before the same word); polarity by a negation on one side only.
The diff is the passage with the changed words marked wdiff-style: "[-claimed-] {+source+}".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from briefcheck import settings
from briefcheck.extractors.dates import find_dates
from briefcheck.extractors.nlp import get_analysis_nlp
from briefcheck.match.bm25 import Ranked
from briefcheck.match.sourceindex import Passage, SourceIndex, coverage, matched_terms
from briefcheck.match.terms import ClaimTerms, Role, Term, Token, negates, tokens

_YEAR_RE = re.compile(r"^n:(1[5-9]|20|21)\d\d$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Conflict:
    """A contradiction found in the passage: a reason, the marked passage and a note."""

    reason: str
    diff: str
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class _Scene:
    """What every conflict finder looks at: the claim, its terms, the passage and its words."""

    claim: ClaimTerms
    terms: tuple[Term, ...]
    index: SourceIndex
    passage: Passage
    near: set[str]  # keys of the passage and its neighbouring sentences
    claim_toks: tuple[Token, ...]

    def on_content(self, skip: set[int]) -> bool:
        """Whether the passage holds enough of the claim's terms apart from `skip`."""
        got = matched_terms(self.terms, self.index.keys_of(self.passage))
        share = coverage(self.terms, got, self.index, skip)
        return share >= settings.SUPPORT_MISMATCH_MIN_COVERAGE


def _near_keys(index: SourceIndex, passage: Passage) -> set[str]:
    """Keys of the passage's sentences and the sentence either side of them."""
    lo, hi = min(passage.sentences) - 1, max(passage.sentences) + 1
    out: set[str] = set()
    for i in range(max(lo, 0), min(hi, index.sentence_count - 1) + 1):
        out |= index.keys_of(index.passages[i])
    return out


def _marked(index: SourceIndex, passage: Passage, at: int, end: int, old: str, new: str) -> str:
    """The passage's words with [at, end) replaced by the wdiff marks for old → new."""
    text = index.text
    mark = " ".join(x for x in (f"[-{old}-]" if old else "", f"{{+{new}+}}" if new else "") if x)
    if at == end:
        mark += " "  # an insertion: keep the word after it apart
    return (text[passage.start : at] + mark + text[end : passage.end]).strip()


def _content_key(toks: Sequence[Token], i: int, step: int) -> str | None:
    """The key of the nearest word with a key before (step -1) or after (step 1) token i."""
    j = i + step
    while 0 <= j < len(toks):
        if toks[j].term and not toks[j].term.startswith("n:"):  # type: ignore[union-attr]
            return toks[j].term
        j += step
    return None


def _claim_token(scene: _Scene, term: Term) -> int | None:
    return next((i for i, t in enumerate(scene.claim_toks) if t.start == term.start), None)


def _number_conflict(scene: _Scene) -> Conflict | None:
    """A claimed number the passage replaces with another of the same unit (or year)."""
    claim_keys = {k for t in scene.terms for k in t.keys}
    ptoks = scene.index.toks(scene.passage)
    for i, term in enumerate(scene.terms):
        if term.role != Role.NUMBER or scene.near.intersection(term.keys):
            continue
        c = _claim_token(scene, term)
        if c is None or not scene.on_content({i}):
            continue
        before = _content_key(scene.claim_toks, c, -1)
        after = _content_key(scene.claim_toks, c, 1)
        is_year = bool(_YEAR_RE.match(term.keys[0]))
        for j, tok in enumerate(ptoks):
            if not tok.term or not tok.term.startswith("n:") or tok.term in claim_keys:
                continue
            if bool(_YEAR_RE.match(tok.term)) != is_year:
                continue
            same_unit = after is not None and _content_key(ptoks, j, 1) == after
            same_lead = before is not None and _content_key(ptoks, j, -1) == before
            if is_year or same_unit or same_lead:
                dated = any(d.start <= term.start < d.end for d in find_dates(scene.claim.text))
                what = "date" if dated or is_year else "number"
                diff = _marked(scene.index, scene.passage, tok.start, tok.end, term.text, tok.text)
                note = f"the claim says {term.text!r}, the passage {tok.text!r}"
                return Conflict(reason=f"passage states another {what}", diff=diff, note=note)
    return None


def _name_runs(scene: _Scene) -> list[list[int]]:
    """Runs of adjacent name terms (by index into terms) that the passage and its neighbours
    lack, in claim order ("Dmitry Medvedev" in "Russian President Dmitry Medvedev")."""
    runs: list[list[int]] = []
    last_token = None
    for i, term in enumerate(scene.terms):
        if term.role != Role.NAME or scene.near.intersection(term.keys):
            continue
        c = _claim_token(scene, term)
        if c is None:
            continue
        if runs and last_token is not None and c == last_token + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
        last_token = c
    return runs


# spaCy's entity labels in families: a person is replaced by a person, a place by a place.
_LABEL_FAMILIES = (
    {"PERSON"},
    {"GPE", "LOC", "FAC"},
    {"ORG", "NORP", "LAW", "EVENT", "WORK_OF_ART"},
)


def _same_kind(label: str, text: str, span: tuple[int, int], offset: int) -> bool:
    """Whether the passage words at `span` may name what the claimed name names: not when
    spaCy labels both and their families differ (a country replaced by an assembly)."""
    if not label:
        return True
    family = next((f for f in _LABEL_FAMILIES if label in f), {label})
    doc = get_analysis_nlp()(text)
    a, b = span[0] - offset, span[1] - offset
    labels = {e.label_ for e in doc.ents if e.start_char < b and a < e.end_char}
    return not labels or bool(labels & family)


def _capitalised_run(
    toks: Sequence[Token], j: int, step: int, avoid: set[str], extra: int
) -> list[Token]:
    """Capitalised words near token j that the claim does not have; the reach grows by
    `extra` words for a claimed name of several words ("the Treaty of Nanking")."""
    reach = range(j + step, j + step * (settings.SUPPORT_NAME_REACH_WORDS + extra + 1), step)
    found: list[Token] = []
    for k in reach:
        if not 0 <= k < len(toks):
            break
        tok = toks[k]
        if tok.text[:1].isupper() and tok.term and tok.term not in avoid:
            found.append(tok)
        elif found:
            break
    return sorted(found, key=lambda t: t.start)


def _name_conflict(scene: _Scene) -> Conflict | None:
    """A claimed name the passage replaces with another of its kind in the same place."""
    claim_keys = {k for t in scene.terms for k in t.keys}
    ptoks = scene.index.toks(scene.passage)
    for run in _name_runs(scene):
        run_terms = [scene.terms[i] for i in run]
        if not scene.on_content(set(run)):
            continue
        first, last = _claim_token(scene, run_terms[0]), _claim_token(scene, run_terms[-1])
        if first is None or last is None:
            continue
        before, after = _outside_entity(scene, run_terms[0], first, last)
        anchors = ((_content_key(scene.claim_toks, before, -1), 1),
                   (_content_key(scene.claim_toks, after, 1), -1))  # fmt: skip
        for anchor, step in anchors:
            for j, tok in enumerate(ptoks):
                if anchor is None or tok.term != anchor:
                    continue
                other = _capitalised_run(ptoks, j, step, claim_keys, after - before)
                if not other:
                    continue
                span = (other[0].start, other[-1].end)
                words = scene.index.text[scene.passage.start : scene.passage.end]
                if not _same_kind(run_terms[0].label, words, span, scene.passage.start):
                    continue
                old = scene.claim.text[run_terms[0].start : _name_end(scene, last)]
                new = scene.index.text[span[0] : span[1]]
                diff = _marked(scene.index, scene.passage, span[0], span[1], old, new)
                note = f"the claim says {old!r}, the passage {new!r}"
                dated = run_terms[0].label in ("DATE", "TIME")
                reason = "passage states another date" if dated else "passage names another"
                return Conflict(reason=reason, diff=diff, note=note)
    return None


def _outside_entity(scene: _Scene, term: Term, first: int, last: int) -> tuple[int, int]:
    """Token indexes just inside the claimed name's entity, so that its anchors are words
    outside it ("Yoon" for "South" in "South Korea's Yoon", not "Korea")."""
    if term.entity is None:
        return first, last
    lo, hi = term.entity
    inside = [i for i, t in enumerate(scene.claim_toks) if lo <= t.start < hi]
    return min([*inside, first]), max([*inside, last])


def _name_end(scene: _Scene, last: int) -> int:
    """Where a name ends in the claim, its hyphenated parts included ("Suk-yeol")."""
    toks = scene.claim_toks
    end = toks[last].end
    for tok in toks[last + 1 :]:
        if scene.claim.text[end : tok.start] != "-":
            break
        end = tok.end
    return end


def _best_sentence(scene: _Scene) -> Passage:
    """The sentence of the passage that holds most of the claim's terms."""
    sentences = [scene.index.passages[i] for i in scene.passage.sentences]
    return max(
        sentences,
        key=lambda s: len(matched_terms(scene.terms, scene.index.keys_of(s))),
    )


def _negated_key(toks: Sequence[Token], i: int) -> str | None:
    """The word a negation at token i bears on: the next word with a key, within reach."""
    for tok in toks[i + 1 : i + 1 + settings.SUPPORT_NAME_REACH_WORDS + 1]:
        if tok.term and not negates(tok.text):
            return tok.term
    return None


def _bearing(toks: Sequence[Token], keys: set[str]) -> list[Token]:
    """The negations among `toks` that bear on a word with one of `keys`."""
    return [t for i, t in enumerate(toks) if negates(t.text) and _negated_key(toks, i) in keys]


def _polarity_conflict(scene: _Scene) -> Conflict | None:
    """The passage negates a word of the claim that the claim states plainly, or the claim
    negates a word of the passage that the passage states plainly."""
    sentence = _best_sentence(scene)
    toks, sentence_keys = list(scene.index.toks(sentence)), scene.index.keys_of(sentence)
    claim_keys = {k for t in scene.terms for k in t.keys}
    passage_neg = _bearing(toks, claim_keys)
    claim_neg = _bearing(list(scene.claim_toks), sentence_keys)
    if passage_neg and not scene.claim.negations:
        tok = passage_neg[0]
        diff = _marked(scene.index, sentence, tok.start, tok.end, "", tok.text)
        note = f"the passage says {tok.text!r}; the claim does not negate"
    elif claim_neg and not any(negates(t.text) for t in toks):
        word = claim_neg[0]
        at = _after_negation(scene, sentence, word)
        diff = _marked(scene.index, sentence, at, at, word.text, "")
        note = f"the claim says {word.text!r}; the passage does not negate"
    else:
        return None
    got = matched_terms(scene.terms, sentence_keys)
    if coverage(scene.terms, got, scene.index) < settings.SUPPORT_MISMATCH_MIN_COVERAGE:
        return None
    return Conflict(reason="passage states the opposite", diff=diff, note=note)


def _after_negation(scene: _Scene, sentence: Passage, word: Token) -> int:
    """Where in the passage the claim's negation would stand: before the word it negates."""
    c = scene.claim_toks.index(word)
    key = _content_key(scene.claim_toks, c, 1)
    hit = next((t for t in scene.index.toks(sentence) if key and t.term == key), None)
    return hit.start if hit else sentence.start


_FINDERS: tuple[Callable[[_Scene], Conflict | None], ...] = (
    _number_conflict,
    _name_conflict,
    _polarity_conflict,
)


def find_conflict(
    claim: ClaimTerms, terms: tuple[Term, ...], index: SourceIndex, best: Ranked
) -> Conflict | None:
    """The first contradiction the best passage shows (number, name, polarity), or None."""
    passage = index.passages[best.doc]
    scene = _Scene(
        claim=claim,
        terms=terms,
        index=index,
        passage=passage,
        near=_near_keys(index, passage),
        claim_toks=tuple(tokens(claim.text)),
    )
    for finder in _FINDERS:
        conflict = finder(scene)
        if conflict is not None:
            return conflict
    return None

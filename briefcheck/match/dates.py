"""Check a claimed date against the dates a source states near the matching passage.

A day or month claim is `verified` when one of the passages best matching the claim's
words states the date at (at least) the claimed precision; `mismatch` when the best
passage states a date that disagrees at the precision both give; `not_found` otherwise
(including a source that agrees but is vaguer: "July 2022" does not verify "6 July 2022").
Year and decade claims are verified anywhere in the main text. `Match.score` is the share
of the claim's content words found in the passage the verdict rests on (0..1).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from briefcheck import settings
from briefcheck.match.normalise import CJK_RE, normalise, tokenise
from briefcheck.models import DateMention, Evidence, Match, Precision, SourceText, Verdict

_RANK = {Precision.DECADE: 0, Precision.YEAR: 1, Precision.MONTH: 2, Precision.DAY: 3}
# Words too common to say which passage a claim is about, and the words of dates themselves
# (which would make every dated sentence look relevant).
_STOPWORDS_TEXT = """the and for with that this from into over its their his her has have had was
were are been being which who whom whose when where while than then also not but such these
those there they them both each other after before during between about against among upon
would could should will shall may might must said says say according"""
_DATE_WORDS_TEXT = """january february march april may june july august september october
november december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday
thursday friday saturday sunday year years month months day days"""
_STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
_DATE_WORDS = frozenset(_DATE_WORDS_TEXT.split())
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"'”’)]*\s+|(?<=[。！？])|\n+")
# How many words either side of the date in the claim describe the dated event: a sentence
# listing several dated events ("in March 2018, ... in May 2018") is split this way.
_CLAIM_CONTEXT_WORDS = 12
# Character stems make "ordered"/"orders" and "meeting"/"meet" count as the same word.
_STEM_CHARS = 5


@dataclass(frozen=True, slots=True)
class _Passage:
    """A sentence of the source: its span, its words' stems and the dates inside it."""

    start: int
    end: int
    stems: frozenset[str]
    dates: tuple[DateMention, ...]


def _stems(text: str) -> set[str]:
    """Content-word stems of a text; CJK text contributes character bigrams."""
    words = [t.text for t in tokenise(normalise(text).text)]
    stems = {
        w[:_STEM_CHARS]
        for w in words
        if len(w) >= 3 and w not in _STOPWORDS and w not in _DATE_WORDS and not w.isdigit()
    }
    cjk = [w for w in words if CJK_RE.fullmatch(w)]
    stems.update(a + b for a, b in itertools.pairwise(cjk))
    return stems


def _passages(source: SourceText) -> list[_Passage]:
    """The source's sentences, each with the date mentions that start inside it."""
    passages = []
    pos = 0
    bounds = [m.end() for m in _SENTENCE_END_RE.finditer(source.text)] + [len(source.text)]
    for end in bounds:
        if end > pos and source.text[pos:end].strip():
            dates = tuple(d for d in source.dates if pos <= d.start < end)
            passages.append(_Passage(pos, end, frozenset(_stems(source.text[pos:end])), dates))
        pos = max(pos, end)
    return passages


def _claim_context(date: DateMention, claim_text: str) -> str:
    """The words of the claim around the date, or the whole claim if the date is not in it."""
    at = claim_text.find(date.text)
    if at < 0:
        return claim_text
    before = claim_text[:at].split()[-_CLAIM_CONTEXT_WORDS:]
    after = claim_text[at + len(date.text) :].split()[:_CLAIM_CONTEXT_WORDS]
    return " ".join([*before, *after])


def compare_dates(claimed: DateMention, stated: DateMention) -> str:
    """'supports', 'vaguer' (agrees but less precise) or 'conflicts': `stated` against `claimed`."""
    if claimed.precision == Precision.DECADE or stated.precision == Precision.DECADE:
        same = claimed.value[:3] == stated.value[:3]
        finer = _RANK[stated.precision] >= _RANK[claimed.precision]
        return "conflicts" if not same else "supports" if finer else "vaguer"
    common = min(len(claimed.value), len(stated.value))
    if claimed.value[:common] != stated.value[:common]:
        return "conflicts"
    return "supports" if len(stated.value) >= len(claimed.value) else "vaguer"


def _telling(claimed: DateMention, stated: DateMention) -> bool:
    """Whether a disagreeing date is precise enough to contradict the claim, not just another
    event in the same sentence ("on 6 July, ... since 2016" says nothing against 6 July).
    """
    return _RANK[stated.precision] >= min(_RANK[claimed.precision], _RANK[Precision.MONTH])


def _evidence(source: SourceText, passage: _Passage) -> Evidence:
    text = source.text[passage.start : passage.end]
    stripped = text.strip()
    start = passage.start + text.find(stripped)
    return Evidence(stripped, start, start + len(stripped), source.url)


def _with_neighbours(passages: list[_Passage], k: int, source: SourceText) -> list[_Passage]:
    """The passage, then its neighbours in the same paragraph when it states no date."""
    if passages[k].dates:
        return [passages[k]]
    near = [passages[k]]
    for j in (k - 1, k + 1):
        if 0 <= j < len(passages):
            lo, hi = sorted((passages[j], passages[k]), key=lambda p: p.start)
            if "\n" not in source.text[lo.start : hi.start].rstrip():
                near.append(passages[j])
    return near


def _mostly_cjk(text: str) -> bool:
    letters = [c for c in text if c.isalnum()]
    return bool(letters) and len(CJK_RE.findall(text)) > 0.3 * len(letters)


def _anywhere(date: DateMention, source: SourceText, passages: list[_Passage]) -> Match | None:
    """verified if the text states the date anywhere (year claims, other-language sources)."""
    for passage in passages:
        for stated in passage.dates:
            if compare_dates(date, stated) == "supports":
                return Match(Verdict.VERIFIED, None, "date in text", _evidence(source, passage))
    return None


def check_date(date: DateMention, claim_text: str, source: SourceText) -> Match:
    """verified / mismatch / not_found for one date of a claim sentence (see module doc)."""
    passages = _passages(source)
    wanted = _stems(_claim_context(date, claim_text))
    scored = sorted(
        ((len(wanted & p.stems), k) for k, p in enumerate(passages)), key=lambda s: (-s[0], s[1])
    )
    needed = min(settings.DATE_PASSAGE_MIN_SHARED_WORDS, len(wanted))
    relevant = [k for n, k in scored[: settings.DATE_PASSAGES_CONSIDERED] if n >= max(needed, 1)]
    share = {k: round(n / max(len(wanted), 1), 4) for n, k in scored}

    for k in relevant:
        for passage in _with_neighbours(passages, k, source):
            if any(compare_dates(date, d) == "supports" for d in passage.dates):
                evidence = _evidence(source, passage)
                return Match(Verdict.VERIFIED, share[k], "date in matching passage", evidence)

    if _RANK[date.precision] <= _RANK[Precision.YEAR]:
        found = _anywhere(date, source, passages)
        if found is not None:
            note = "year-level claim: stated in the text, not in the best-matching passage"
            return Match(found.verdict, 0.0, "year in text", found.evidence, note)
    if not relevant and _mostly_cjk(source.text) and not _mostly_cjk(claim_text):
        found = _anywhere(date, source, passages)
        if found is not None:
            note = "source in another language: the date is stated, the passage not compared"
            return Match(found.verdict, 0.0, "date in text", found.evidence, note)

    if relevant:
        best = relevant[0]
        for passage in _with_neighbours(passages, best, source):
            verdicts = [(compare_dates(date, d), d) for d in passage.dates]
            conflict = next(
                (d for v, d in verdicts if v == "conflicts" and _telling(date, d)), None
            )
            if conflict is not None:
                note = f"the passage states {conflict.text!r} ({conflict.value})"
                evidence = _evidence(source, passage)
                return Match(
                    Verdict.MISMATCH, share[best], "passage gives another date", evidence, note
                )
            vaguer = next((d for v, d in verdicts if v == "vaguer"), None)
            if vaguer is not None:
                note = f"the passage states only {vaguer.text!r}"
                evidence = _evidence(source, passage)
                return Match(
                    Verdict.NOT_FOUND, share[best], "source is less precise", evidence, note
                )
        evidence = _evidence(source, passages[best])
        return Match(Verdict.NOT_FOUND, share[best], "matching passage states no date", evidence)
    if _anywhere(date, source, passages) is not None:
        note = "the date appears in the text, but in no passage about the claim"
        return Match(Verdict.NOT_FOUND, 0.0, "no passage matches the claim", None, note)
    return Match(Verdict.NOT_FOUND, 0.0, "date not in source")

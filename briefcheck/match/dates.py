"""Check a claimed date against the dates a source states near the matching passage.

A day or month claim is `verified` when one of the passages best matching the claim's
words states the date at (at least) the claimed precision; `mismatch` when the best
passage states a date that disagrees at the precision both give; `not_found` otherwise
(including a source that agrees but is vaguer: "July 2022" does not verify "6 July 2022").
Year and decade claims are verified anywhere in the main text. `Match.score` is the share
of the claim's content words found in the passage the verdict rests on (0..1).

Known limit: a source in another script than the claim (a Chinese page for an English
brief) shares no words with it, so no passage is compared: the date is verified if the text
states it at all (with a note), and a moved date there is `not_found`, not `mismatch`.
"""

from __future__ import annotations

from briefcheck import settings
from briefcheck.match.normalise import CJK_RE
from briefcheck.match.passages import RANK, Passage, split_passages, stem_weights, stems
from briefcheck.models import DateMention, Evidence, Match, Precision, SourceText, Verdict
from briefcheck.parse.links import text_fragment_url

# How many words either side of the date in the claim describe the dated event: a sentence
# listing several dated events ("in March 2018, ... in May 2018") is split this way.
_CLAIM_CONTEXT_WORDS = 12


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
    if Precision.DECADE in (claimed.precision, stated.precision):
        same = claimed.value[:3] == stated.value[:3]
        finer = RANK[stated.precision] >= RANK[claimed.precision]
        return "conflicts" if not same else "supports" if finer else "vaguer"
    common = min(len(claimed.value), len(stated.value))
    if claimed.value[:common] != stated.value[:common]:
        return "conflicts"
    return "supports" if len(stated.value) >= len(claimed.value) else "vaguer"


def _telling(claimed: DateMention, stated: DateMention) -> bool:
    """Whether a disagreeing date is precise enough to contradict the claim, not just another
    event in the same sentence ("on 6 July, ... since 2016" says nothing against 6 July).
    """
    return RANK[stated.precision] >= min(RANK[claimed.precision], RANK[Precision.MONTH])


def _evidence(source: SourceText, passage: Passage) -> Evidence:
    text = source.text[passage.start : passage.end]
    stripped = text.strip()
    start = passage.start + text.find(stripped)
    return Evidence(
        text=stripped,
        start=start,
        end=start + len(stripped),
        url=text_fragment_url(source.url, stripped),
    )


def _with_neighbours(passages: list[Passage], k: int, source: SourceText) -> list[Passage]:
    """The passage, then its neighbours in the same paragraph when it states no date."""
    if passages[k].dates:
        return [passages[k]]
    near = [passages[k]]
    for j in (k - 1, k + 1):
        if 0 <= j < len(passages):
            lo, hi = sorted((passages[j], passages[k]), key=lambda p: p.start)
            if "\n" not in source.text[lo.start : hi.start]:
                near.append(passages[j])
    return near


def _mostly_cjk(text: str) -> bool:
    letters = [c for c in text if c.isalnum()]
    return bool(letters) and len(CJK_RE.findall(text)) > 0.3 * len(letters)


def _supporting(date: DateMention, passages: list[Passage]) -> tuple[Passage, DateMention] | None:
    for passage in passages:
        for stated in passage.dates:
            if compare_dates(date, stated) == "supports":
                return passage, stated
    return None


def _rank_passages(
    date: DateMention, claim_text: str, passages: list[Passage]
) -> tuple[list[int], dict[int, float]]:
    """Indexes of the passages about the claim, best first, and each passage's share.

    A passage must share enough of the claim's content words; among those, passages that
    state a date come first (a dateless headline says nothing about the date), then by the
    weight of the shared words.
    """
    weights = stem_weights(passages)
    wanted = {s for s in stems(_claim_context(date, claim_text)) if weights.get(s, 1.0) > 0}
    needed = max(1, min(settings.DATE_PASSAGE_MIN_SHARED_WORDS, len(wanted)))
    share: dict[int, float] = {}
    ranked = []
    for k, passage in enumerate(passages):
        shared = wanted & passage.stems
        share[k] = round(len(shared) / max(len(wanted), 1), 4)
        if len(shared) >= needed:
            dated = any(_telling(date, d) for d in passage.dates)
            ranked.append((not dated, -sum(weights[s] for s in shared), k))
    relevant = [k for *_, k in sorted(ranked)[: settings.DATE_PASSAGES_CONSIDERED]]
    return relevant, share


def _disagreement(
    date: DateMention, source: SourceText, near: list[Passage], score: float
) -> Match | None:
    """mismatch for a passage stating another date; not_found for one that is vaguer."""
    for passage in near:
        verdicts = [(compare_dates(date, d), d) for d in passage.dates]
        conflict = next((d for v, d in verdicts if v == "conflicts" and _telling(date, d)), None)
        if conflict is not None:
            note = _note(f"the passage states {conflict.text!r} ({conflict.value})", conflict)
            evidence = _evidence(source, passage)
            return Match(
                verdict=Verdict.MISMATCH,
                score=score,
                reason="passage gives another date",
                evidence=evidence,
                note=note,
            )
        vaguer = next((d for v, d in verdicts if v == "vaguer"), None)
        if vaguer is not None:
            note = f"the passage states only {vaguer.text!r}"
            evidence = _evidence(source, passage)
            return Match(
                verdict=Verdict.NOT_FOUND,
                score=score,
                reason="source is less precise",
                evidence=evidence,
                note=note,
            )
    return None


def _note(text: str | None, stated: DateMention) -> str | None:
    """Join a verdict's note with how the stated date was read, when it was inferred."""
    parts = [p for p in (text, stated.note) if p]
    return "; ".join(parts) or None


def check_date(date: DateMention, claim_text: str, source: SourceText) -> Match:
    """verified / mismatch / not_found for one date of a claim sentence (see module doc)."""
    passages = split_passages(source)
    if not passages:
        return Match(verdict=Verdict.NOT_FOUND, score=0.0, reason="source has no text")
    relevant, share = _rank_passages(date, claim_text, passages)

    for k in relevant:
        found = _supporting(date, _with_neighbours(passages, k, source))
        if found is not None:
            passage, stated = found
            evidence = _evidence(source, passage)
            note = _note(None, stated)
            return Match(
                verdict=Verdict.VERIFIED,
                score=share[k],
                reason="date in matching passage",
                evidence=evidence,
                note=note,
            )

    found = _supporting(date, passages)
    if found is not None and RANK[date.precision] <= RANK[Precision.YEAR]:
        note = _note(
            "year-level claim: stated in the text, not in the best-matching passage", found[1]
        )
        return Match(
            verdict=Verdict.VERIFIED,
            score=0.0,
            reason="year in text",
            evidence=_evidence(source, found[0]),
            note=note,
        )
    if (
        found is not None
        and not relevant
        and _mostly_cjk(source.text)
        and not _mostly_cjk(claim_text)
    ):
        note = _note(
            "source in another language: the date is stated, the passage not compared", found[1]
        )
        return Match(
            verdict=Verdict.VERIFIED,
            score=0.0,
            reason="date in text",
            evidence=_evidence(source, found[0]),
            note=note,
        )

    if relevant:
        best = relevant[0]
        near = _with_neighbours(passages, best, source)
        disagreement = _disagreement(date, source, near, share[best])
        if disagreement is not None:
            return disagreement
        evidence = _evidence(source, passages[best])
        return Match(
            verdict=Verdict.NOT_FOUND,
            score=share[best],
            reason="matching passage states no date",
            evidence=evidence,
        )
    if found is not None:
        note = "the date appears in the text, but in no passage about the claim"
        return Match(
            verdict=Verdict.NOT_FOUND,
            score=0.0,
            reason="no passage matches the claim",
            evidence=None,
            note=note,
        )
    return Match(verdict=Verdict.NOT_FOUND, score=0.0, reason="date not in source")

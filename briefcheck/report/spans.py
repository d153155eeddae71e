"""Where in the brief's text each check's words stand, and how overlapping spans split."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from briefcheck.models import Brief, Check, CheckKind, Claim, Scope

# Highlight colour precedence: a passage shows its most urgent verdict.
VERDICT_RANK: dict[str, int] = {"mismatch": 0, "not_found": 1, "unchecked": 2, "verified": 3}


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of the brief's text covered by the same set of checks (by index)."""

    start: int
    end: int
    checks: tuple[int, ...]


def _find_claim(brief: Brief, check: Check) -> Claim | None:
    """The brief's claim a check is about: same place and text, else the same text."""
    place = (check.claim.paragraph, check.claim.sentence)
    exact = [c for c in brief.claims if (c.paragraph, c.sentence) == place]
    same_text = [c for c in exact if c.text == check.claim.text]
    if same_text or exact:
        return (same_text or exact)[0]
    return next((c for c in brief.claims if c.text == check.claim.text), None)


def _within(text: str, needle: str, start: int, end: int) -> tuple[int, int] | None:
    """The first occurrence of `needle` in text[start:end], as absolute offsets."""
    if not needle:
        return None
    at = text.find(needle, start, end)
    if at < 0:
        at = text.casefold().find(needle.casefold(), start, end)
    return (at, at + len(needle)) if at >= 0 else None


def _valid(brief: Brief, start: int, end: int, expected: str) -> bool:
    """Whether offsets point at the expected words (guards against offsets into other texts)."""
    return 0 <= start < end <= len(brief.text) and brief.text[start:end] == expected


def _footnote_span(brief: Brief, check: Check) -> tuple[int, int] | None:
    """The claimed detail inside the footnote, else the reference, else the whole footnote."""
    note = brief.footnote(check.footnote)
    if note is None or not _valid(brief, note.start, note.end, note.text):
        return None
    ref = next((r for r in note.references if r.id == check.ref), None)
    lo, hi = note.start, note.end
    if ref is not None and _valid(brief, note.start + ref.start, note.start + ref.end, ref.text):
        lo, hi = note.start + ref.start, note.start + ref.end
    return _within(brief.text, check.claimed, lo, hi) or (lo, hi)


def _claim_span(brief: Brief, check: Check) -> tuple[int, int] | None:
    """The quotation or date inside the claim, else the claimed words, else the claim."""
    claim = _find_claim(brief, check)
    if claim is None or not _valid(brief, claim.start, claim.end, claim.text):
        return None
    if check.kind == CheckKind.QUOTE:
        for q in claim.quotes:
            if q.text == check.claimed and _valid(brief, q.start, q.end, q.text):
                return q.start, q.end
    if check.kind == CheckKind.DATE:
        for d in claim.dates:
            if check.claimed in (d.text, d.value) and _valid(brief, d.start, d.end, d.text):
                return d.start, d.end
    return _within(brief.text, check.claimed, claim.start, claim.end) or (claim.start, claim.end)


def locate_check(brief: Brief, check: Check) -> tuple[int, int] | None:
    """Offsets into `brief.text` of the words a check is about, or None when not found."""
    if check.claim.scope == Scope.FOOTNOTE:
        return _footnote_span(brief, check)
    return _claim_span(brief, check)


def split_segments(
    blocks: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int] | None]
) -> list[Segment]:
    """Cut highlighted spans into non-overlapping segments, never across a block's edge."""
    segments: list[Segment] = []
    for lo, hi in blocks:
        inside = [
            (i, max(s[0], lo), min(s[1], hi))
            for i, s in enumerate(spans)
            if s is not None and s[0] < hi and s[1] > lo
        ]
        cuts = sorted({p for _, a, b in inside for p in (a, b)})
        for a, b in itertools.pairwise(cuts):
            covering = tuple(i for i, s, e in inside if s <= a and b <= e)
            if covering:
                segments.append(Segment(a, b, covering))
    return segments

"""Body paragraphs → sentences (markers stay with the sentence they follow) and quotations."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace

from briefcheck.models import DateMention, Marker, Quote, Sentence


def mask_markers(text: str, markers: Sequence[Marker]) -> str:
    """`text` with every marker blanked to spaces, so offsets hold and markers read as gaps."""
    chars = list(text)
    for m in markers:
        chars[m.start : m.end] = " " * (m.end - m.start)
    return "".join(chars)


def read_paragraphs(
    text: str, paragraphs: Sequence[tuple[int, int]], markers: Sequence[Marker]
) -> tuple[list[Sentence], list[DateMention]]:
    """Sentences (numbered from 1 within each paragraph) and date mentions of the body.

    Markers are blanked before spaCy sees the text, so "July 2022[17]" reads as a date and
    a marker never splits a sentence; a date that would span a marker is dropped. Offsets
    index `text`.
    """
    # Imported here so that `briefcheck.extractors.dates` stays light for the source parser.
    from briefcheck.extractors.nlp import DATES_EXT, get_nlp

    masked = mask_markers(text, markers)
    nlp = get_nlp()
    ordered = sorted(markers, key=lambda m: m.start)
    marker_starts = [m.start for m in ordered]
    chunks = [masked[s:e] for s, e in paragraphs]
    sentences: list[Sentence] = []
    dates: list[DateMention] = []
    for number, ((ps, pe), doc) in enumerate(zip(paragraphs, nlp.pipe(chunks), strict=True), 1):
        starts = sorted({ps + sent[0].idx for sent in doc.sents if sent.text.strip()})
        starts = [s for s in starts if not masked[s].isspace()] or [ps]
        bounds = [*starts[1:], pe]
        for index, (s, e) in enumerate(zip(starts, bounds, strict=True), 1):
            while e > s and text[e - 1].isspace():
                e -= 1
            sentences.append(
                Sentence(paragraph=number, index=index, text=text[s:e], start=s, end=e)
            )
        for d in doc._.get(DATES_EXT):
            start, end = d.start + ps, d.end + ps
            if not _spans_a_marker(start, end, ordered, marker_starts):
                dates.append(replace(d, start=start, end=end))
    return sentences, dates


def _spans_a_marker(start: int, end: int, markers: Sequence[Marker], starts: Sequence[int]) -> bool:
    """Whether text[start:end] overlaps a marker (markers sorted by start; a bisect, not a scan)."""
    at = bisect.bisect_left(starts, end)  # markers starting before `end`
    return at > 0 and any(m.end > start for m in markers[max(0, at - 2) : at])


# An opening mark starts a word; a closing mark ends one. This keeps "China’s" (a closing
# single mark between letters) an apostrophe, not the end of a quotation.
_QUOTE_PATTERNS = (
    re.compile(r"(?<![\w“])“(?P<q>[^“”]+)”"),
    re.compile(r"(?<![\w\"])\"(?P<q>[^\"]+)\"(?!\w)"),
    re.compile(r"(?<![\w‘’])‘(?P<q>(?:[^‘’]|’(?=\w)|‘[^‘’]*’)+)’(?!\w)"),
    re.compile(r"(?<![\w'])'(?P<q>(?:[^']|'(?=\w))+)'(?!\w)"),
)


def find_quotes(text: str, start: int, end: int) -> list[Quote]:
    """Quotations (curly or straight, double or single) in text[start:end], outermost only."""
    found: list[Quote] = []
    for pattern in _QUOTE_PATTERNS:
        for m in pattern.finditer(text, start, end):
            s, e = m.span("q")
            if any(q.start - 1 <= s and e <= q.end + 1 for q in found):
                continue  # a quotation nested in one already found
            inner = text[s:e]
            stripped = inner.strip()
            if not any(ch.isalpha() for ch in stripped):
                continue
            s += len(inner) - len(inner.lstrip())
            found.append(Quote(text=stripped, start=s, end=s + len(stripped)))
    return sorted(found, key=lambda q: q.start)

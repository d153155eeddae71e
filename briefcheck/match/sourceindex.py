"""A source's passages (sentences and windows of one paragraph) and their BM25 index.

Built once per distinct source text and kept in a small LRU cache, so that every claim
checked against the source, in this run or the next run of a watch, reuses it.
"""

from __future__ import annotations

import bisect
import gc
import hashlib
import itertools
import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from briefcheck import settings
from briefcheck.match.bm25 import Bm25
from briefcheck.match.terms import CJK_RE, HANGUL_RE, TOKEN_RE, Role, Term, Token, term_of
from briefcheck.models import DateMention, SourceText

_PARAGRAPH_RE = re.compile(r"\n+")
_STOP_RE = re.compile(r"(?<=[.!?…])[\"'”’)\]]*[ \t]+(?=[\"'“‘(\[]*[A-Z0-9])|(?<=[。！？])")
_LETTER_RE = re.compile(r"[^\W\d_]")


@dataclass(frozen=True, slots=True, kw_only=True)
class Passage:
    """A sentence or window of the source: offsets into its text, the sentences it spans
    and the date mentions that start inside it."""

    start: int
    end: int
    sentences: tuple[int, ...]  # indexes of the sentences it spans
    dates: tuple[DateMention, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceIndex:
    """Every passage of a source (sentences first, then windows), each sentence's index keys
    and the BM25 index over the passages. Tokens with offsets are made again only for the
    few passages a check looks at, which keeps building the index cheap."""

    text: str
    passages: tuple[Passage, ...]
    sentence_count: int
    sentence_keys: tuple[tuple[str, ...], ...]
    bm25: Bm25
    foreign_script: bool  # mostly Chinese, Japanese or Korean
    # Each sentence's adjacent word pairs, made when first asked for (few sentences ever are).
    pairs: dict[int, frozenset[str]] = field(default_factory=dict)

    def keys_of(self, passage: Passage) -> set[str]:
        """The index keys of a passage's words and numbers."""
        return {k for i in passage.sentences for k in self.sentence_keys[i]}

    def pairs_of(self, passage: Passage) -> frozenset[str]:
        """The keys of a passage's adjacent word pairs ("b:<stem>_<stem>", stop words skipped)."""
        out: frozenset[str] = frozenset()
        for i in passage.sentences:
            held = self.pairs.get(i)
            if held is None:
                keys = self.sentence_keys[i]
                held = frozenset(f"b:{a[2:]}_{b[2:]}" for a, b in itertools.pairwise(keys))
                self.pairs[i] = held
            out = out | held if out else held
        return out

    def toks(self, passage: Passage) -> tuple[Token, ...]:
        """A passage's tokens as records (offsets into the source text)."""
        return tuple(
            Token(text=m.group(), start=m.start(), end=m.end(), term=term_of(m.group()))
            for m in TOKEN_RE.finditer(self.text, passage.start, passage.end)
        )


def _sentence_spans(text: str) -> list[tuple[int, int, int]]:
    """(start, end, paragraph) of every sentence: a paragraph is a line, a sentence ends at a
    stop before a capital, a digit or an opening quotation mark (or at a CJK full stop).

    Cruder than the brief's own sentence rules (`extractors.nlp.sentence_starts`, three times
    slower): these are retrieval units, and a wrong cut ("Dr. Smith") is mended by the
    two-sentence windows, where a wrong sentence in the brief would change its claims.
    """
    spans: list[tuple[int, int, int]] = []
    pos = 0
    for para, m in enumerate([*_PARAGRAPH_RE.finditer(text), None]):
        end = m.start() if m else len(text)
        cuts = [pos, *(c.end() for c in _STOP_RE.finditer(text, pos, end)), end]
        for a, b in itertools.pairwise(cuts):
            if b > a and not text[a:b].isspace():
                spans.append((a, b, para))
        pos = m.end() if m else end
    return spans


def mostly_foreign(text: str) -> bool:
    """Whether most letters (of the first few thousand) are Chinese, Japanese or Korean."""
    sample = text[:5000]
    letters = len(_LETTER_RE.findall(sample))
    foreign = len(CJK_RE.findall(sample)) + len(HANGUL_RE.findall(sample))
    return letters > 0 and foreign > 0.3 * letters


def _build(source: SourceText) -> SourceIndex:
    """Cut the text into sentences and windows and index their terms."""
    text = source.text
    spans = _sentence_spans(text)
    date_starts = [d.start for d in source.dates]
    sentences: list[Passage] = []
    docs: list[list[str]] = []
    for i, (a, b, _para) in enumerate(spans):
        d_lo, d_hi = bisect.bisect_left(date_starts, a), bisect.bisect_left(date_starts, b)
        dates = source.dates[d_lo:d_hi]
        sentences.append(Passage(start=a, end=b, sentences=(i,), dates=dates))
        docs.append([k for k in map(term_of, TOKEN_RE.findall(text, a, b)) if k])
    windows = []
    n = settings.SUPPORT_WINDOW_SENTENCES
    for i in range(len(spans) - n + 1):
        if len({spans[j][2] for j in range(i, i + n)}) == 1:
            part = sentences[i : i + n]
            windows.append(
                Passage(
                    start=part[0].start,
                    end=part[-1].end,
                    sentences=tuple(range(i, i + n)),
                    dates=tuple(d for p in part for d in p.dates),
                )
            )
    return SourceIndex(
        text=text,
        passages=tuple(sentences + windows),
        sentence_count=len(sentences),
        sentence_keys=tuple(tuple(d) for d in docs),
        bm25=Bm25(docs, [w.sentences for w in windows]),
        foreign_script=mostly_foreign(text),
    )


_INDEXES: OrderedDict[str, SourceIndex] = OrderedDict()


def _index_key(source: SourceText) -> str:
    # The dates come from the text, so the text (and the page's date) fixes the index.
    blob = f"{source.published}\x1f{len(source.dates)}\x1f{source.text}"
    return hashlib.blake2b(blob.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


@contextmanager
def _cycles_uncollected() -> Iterator[None]:
    """Pause Python's cycle collector: an index is thousands of small records with no
    reference cycles, and the collector, set off by their number alone, took a third of the
    time to build one."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def source_index(source: SourceText) -> SourceIndex:
    """The passage index of a source, built once per distinct text (LRU-cached)."""
    key = _index_key(source)
    index = _INDEXES.get(key)
    if index is None:
        with _cycles_uncollected():
            index = _build(source)
        _INDEXES[key] = index
        while len(_INDEXES) > settings.SUPPORT_INDEX_CACHE:
            _INDEXES.popitem(last=False)
    else:
        _INDEXES.move_to_end(key)
    return index


def term_idf(term: Term, index: SourceIndex) -> float:
    """A term's idf: its most frequent form's (a term the source never uses: full idf)."""
    return index.bm25.idf(max((index.bm25.df(k) for k in term.keys), default=0))


def coverage(
    terms: Sequence[Term], matched: Iterable[int], index: SourceIndex, skip: Iterable[int] = ()
) -> float:
    """The weighted share (weight x idf) of the claim's single-word terms a passage holds,
    leaving out the terms in `skip` (a number or name whose replacement is in question)."""
    got_set, skipped = set(matched), set(skip)
    total = got = 0.0
    for i, term in enumerate(terms):
        if term.role == Role.PAIR or i in skipped:
            continue
        part = term.weight * term_idf(term, index)
        total += part
        got += part if i in got_set else 0.0
    return round(got / total, 4) if total else 0.0


def matched_terms(terms: Sequence[Term], keys: set[str]) -> frozenset[int]:
    """Which of the claim's terms (by index) have a form among `keys`."""
    return frozenset(i for i, t in enumerate(terms) if keys.intersection(t.keys))

"""Token-level search and local alignment of a quotation against a prepared source text.

Tokens are encoded as one character each, so rapidfuzz's C++ string routines (substring
search, `partial_ratio_alignment`, Levenshtein opcodes) work word by word. The closest
passage is found in two steps: `partial_ratio_alignment` locates the best window of the
quotation's length, then a fitting alignment (the whole quotation against any stretch of
the source, edit costs 1) refines its ends inside that window widened by the quotation's
length on each side, so passages with added or dropped words are found whole.

Failure modes, and what the callers do about them:
- Very short quotations (one to three words) match many places and one changed word
  already costs a third of the score (a two-word quotation with one word changed scores
  0.5): `one_word_apart` looks for a passage one word away that shares a content word with
  the quotation, so the caller can show it as a mismatch rather than report nothing close.
- Repeated phrases: the first best-scoring window wins. An exact match elsewhere is always
  found first (exact search runs before alignment), so only the evidence shown can differ.
- A quotation spliced from distant sentences without an ellipsis aligns with one of them
  and scores low: `not_found` with that closest passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Levenshtein

from briefcheck import settings
from briefcheck.match.diffs import Opcodes, merge_opcodes
from briefcheck.match.normalise import CJK_RE, Normalised, Token, normalise_cached, tokenise

# Codes start far above any character a tokeniser could emit raw, and never hit the
# surrogate block, so encoded strings are plain valid `str`.
_CODE_BASE = 0x30000


@dataclass(frozen=True, slots=True)
class PreparedText:
    """A text normalised, tokenised and encoded one character per token."""

    original: str
    norm: Normalised
    tokens: tuple[Token, ...]
    vocab: dict[str, str]
    encoded: str

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Original offsets covering tokens `first`..`last` inclusive."""
        start, _ = self.norm.original_span(self.tokens[first].start, self.tokens[first].end)
        _, end = self.norm.original_span(self.tokens[last].start, self.tokens[last].end)
        return start, end

    def words(self, first: int, end: int) -> str:
        """The original text of tokens `[first, end)` ("" when empty)."""
        if end <= first:
            return ""
        start, stop = self.span(first, end - 1)
        return self.original[start:stop]


@lru_cache(maxsize=settings.PREPARED_TEXTS_CACHED)
def prepare(text: str) -> PreparedText:
    """Normalise, tokenise and encode a source text (cached: many items match one source)."""
    norm = normalise_cached(text)
    tokens = tuple(tokenise(norm.text))
    vocab: dict[str, str] = {}
    chars = []
    for tok in tokens:
        code = vocab.get(tok.text)
        if code is None:
            code = vocab[tok.text] = chr(_CODE_BASE + len(vocab))
        chars.append(code)
    return PreparedText(text, norm, tokens, vocab, "".join(chars))


def encode(words: list[str], vocab: dict[str, str]) -> str:
    """Encode words with a source's vocabulary; unknown words get codes the source lacks."""
    extra: dict[str, str] = {}
    out = []
    for word in words:
        code = vocab.get(word) or extra.get(word)
        if code is None:
            code = extra[word] = chr(_CODE_BASE + len(vocab) + len(extra))
        out.append(code)
    return "".join(out)


def encode_pair(a: list[str], b: list[str]) -> tuple[str, str]:
    """Two word lists encoded with one shared vocabulary, for a word-level diff."""
    vocab = {w: chr(_CODE_BASE + k) for k, w in enumerate(dict.fromkeys(a + b))}
    return "".join(vocab[w] for w in a), "".join(vocab[w] for w in b)


@dataclass(frozen=True, slots=True)
class Alignment:
    """The closest passage: source tokens `[start, end)`, its score and the edit opcodes."""

    start: int
    end: int
    score: float
    opcodes: Opcodes


# Below this character similarity two words are unrelated ("talks"/"the" share letters by
# chance); at or above it they are variants or typos of one another.
_LOOKALIKE_SIMILARITY = 0.5


def _substitution_cost(a: str, b: str) -> float:
    """1 for unrelated words, less for look-alikes ("defence"/"defense"), 0 for equal ones.

    Cheaper look-alike substitutions make the alignment pair a changed word with the word
    it replaced rather than call it one word dropped and another added.
    """
    if a == b:
        return 0.0
    similarity = Indel.normalized_similarity(a, b)
    return 1.0 - 0.5 * similarity if similarity >= _LOOKALIKE_SIMILARITY else 1.0


def _fitting(query: list[str], target: list[str]) -> tuple[int, int]:
    """Best `[start, end)` of `target` for the whole `query` (free gaps at target's ends)."""
    prev = [0.0] * (len(target) + 1)
    prev_start = list(range(len(target) + 1))
    for i, q in enumerate(query, start=1):
        cur = [float(i)] + [0.0] * len(target)
        cur_start = [0] * (len(target) + 1)
        for j in range(1, len(target) + 1):
            diag = prev[j - 1] + _substitution_cost(q, target[j - 1])
            up = prev[j] + 1
            left = cur[j - 1] + 1
            # Prefer the diagonal on ties so a changed word reads as a substitution.
            if diag <= up and diag <= left:
                cur[j], cur_start[j] = diag, prev_start[j - 1]
            elif up <= left:
                cur[j], cur_start[j] = up, prev_start[j]
            else:
                cur[j], cur_start[j] = left, cur_start[j - 1]
        prev, prev_start = cur, cur_start
    # On a tie the longer passage wins, so a changed last word is shown with its replacement.
    best_end = min(range(1, len(target) + 1), key=lambda j: (prev[j], -j))
    return prev_start[best_end], best_end


def _anchor(words: list[str], source: PreparedText, start: int, end: int) -> tuple[int, int]:
    """Stretch the passage to the quotation's first and last words when they stand just
    outside it: an edit-distance optimum cuts off a source's extra words at either end
    ("A B visits" against "A B high-level visits" would otherwise end at "high").
    """
    reach = max(3, len(words) // 2)
    texts = [t.text for t in source.tokens]
    if texts[end - 1] != words[-1]:
        after = texts[end : end + reach]
        if words[-1] in after:
            end += after.index(words[-1]) + 1
    if texts[start] != words[0]:
        before = texts[max(0, start - reach) : start]
        if words[0] in before:
            last = len(before) - 1 - before[::-1].index(words[0])
            start = start - len(before) + last
    return start, end


# Words that cannot anchor a short quotation to a passage: "the X" is one word away from every
# "the" in the source.
_FUNCTION_WORDS = frozenset(
    re.findall(
        r"\S+",
        "a an the of to in on at by for and or but with from as is are was were be been being "
        "it its this that these those he she they we i you his her their our my your not no",
    )
)


def _one_edit(quote: list[str], window: list[str]) -> int | None:
    """The position in `quote` where `window` differs by one word changed, added or dropped,
    or None when they differ otherwise (or not at all)."""
    n, m = len(quote), len(window)
    if n == m:
        diff = [k for k in range(n) if quote[k] != window[k]]
        return diff[0] if len(diff) == 1 else None
    short, long = (quote, window) if n < m else (window, quote)
    if len(long) - len(short) != 1:
        return None
    k = next((k for k in range(len(short)) if short[k] != long[k]), len(short))
    return k if short[k:] == long[k + 1 :] else None


def one_word_apart(words: list[str], source: PreparedText) -> Alignment | None:
    """For a short quotation: the passage one word away from it (changed, added or dropped)
    that shares a content word with it; a one-word quotation needs a look-alike word. Of
    several, a changed look-alike word wins, then the first on the page."""
    texts = [t.text for t in source.tokens]
    query = encode(words, source.vocab)
    best: tuple[float, int, int] | None = None
    for size in {len(words), len(words) + 1, len(words) - 1} - {0}:
        for i in range(len(texts) - size + 1):
            window = texts[i : i + size]
            k = _one_edit(words, window)
            if k is None or not _anchored(words, window):
                continue
            look = _substitution_cost(words[k], window[k]) if size == len(words) else 1.0
            if len(words) == 1 and look >= 1.0:
                continue
            if best is None or (look, i) < best[:2]:
                best = (look, i, i + size)
    if best is None:
        return None
    _, start, end = best
    passage = source.encoded[start:end]
    score = Indel.normalized_similarity(query, passage)
    return Alignment(start, end, score, opcodes(query, passage))


def _anchored(words: list[str], window: list[str]) -> bool:
    """Whether the words a quotation shares with a passage include a content word."""
    shared = set(words) & set(window)
    return len(words) == 1 or any(w not in _FUNCTION_WORDS for w in shared)


def _permutation(words: list[str], source: PreparedText, lo: int, hi: int) -> int | None:
    """Start of a window in `[lo, hi)` holding exactly the quotation's words in another order."""
    want = sorted(words)
    texts = [t.text for t in source.tokens]
    for i in range(lo, max(lo, hi - len(words)) + 1):
        if sorted(texts[i : i + len(words)]) == want:
            return i
    return None


def closest_passage(words: list[str], source: PreparedText) -> Alignment | None:
    """The source passage closest to the quotation's `words`, or None when nothing overlaps."""
    query = encode(words, source.vocab)
    if not query or not source.encoded:
        return None
    found = fuzz.partial_ratio_alignment(query, source.encoded)
    if found is None or found.score == 0:
        return None
    if len(query) <= len(source.encoded):
        lo, hi = found.dest_start, found.dest_end
    else:
        lo, hi = 0, len(source.encoded)
    lo, hi = max(0, lo - len(query)), min(len(source.encoded), hi + len(query))
    moved = _permutation(words, source, lo, hi)
    if moved is not None:
        passage = source.encoded[moved : moved + len(words)]
        ops = opcodes(query, passage)
        return Alignment(
            moved, moved + len(words), Indel.normalized_similarity(query, passage), ops
        )
    window = [t.text for t in source.tokens[lo:hi]]
    rel_start, rel_end = _fitting(words, window)
    start, end = _anchor(words, source, lo + rel_start, lo + rel_end)
    passage = source.encoded[start:end]
    return Alignment(
        start, end, Indel.normalized_similarity(query, passage), opcodes(query, passage)
    )


def opcodes(a: str, b: str) -> Opcodes:
    """Levenshtein opcodes turning `a` into `b`, adjacent edits merged into one block."""
    ops = tuple(
        (op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end)
        for op in Levenshtein.opcodes(a, b)
    )
    return merge_opcodes(ops)


def is_cjk(word: str) -> bool:
    """Whether a token is a CJK character (joined to its neighbours without spaces)."""
    return bool(CJK_RE.fullmatch(word))

"""Explain how a quotation differs from its closest passage: a reason, a word diff, a note."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# Words whose loss or gain flips a statement's meaning. "n't" is caught as a suffix.
NEGATIONS = frozenset(
    {"not", "no", "never", "neither", "nor", "none", "nobody", "nothing", "nowhere", "without"}
    | {"cannot", "不", "没", "未", "非", "无", "别", "莫", "勿"}
)

# British → American rewrites applied to both words of a substituted pair: equal results
# mean the pair is a spelling variant (a note on a mismatch, never a verification).
_SPELLING_RULES = (
    (re.compile(r"programme"), "program"),
    (re.compile(r"(?<=\w)isation"), "ization"),
    (re.compile(r"(?<=\w)is(e|ed|es|ing|er|ers)$"), r"iz\1"),
    (re.compile(r"(?<=\w)ys(e|ed|es|ing)$"), r"yz\1"),
    (re.compile(r"(?<=\w\w)our"), "or"),
    (re.compile(r"(?<=\w)tre(s?)$"), r"ter\1"),
    (re.compile(r"(?<=\w)ence(s?)$"), r"ense\1"),
    (re.compile(r"(?<=\w)ogue(s?)$"), r"og\1"),
    (re.compile(r"(?<=[aeiou][a-z])ll(ed|ing|er|ers)$"), r"l\1"),
    (re.compile(r"(?<=\w)ae(?=\w)"), "e"),
    (re.compile(r"(?<=\w)oe(?=\w)"), "e"),
)


def is_negation(word: str) -> bool:
    """Whether a normalised token negates ("not", "never", "don't", "不", ...)."""
    return word in NEGATIONS or word.endswith("n't")


def _americanise(word: str) -> str:
    for pattern, repl in _SPELLING_RULES:
        word = pattern.sub(repl, word)
    return word


def spelling_variant(a: str, b: str) -> bool:
    """Whether two different words are British/American spellings of one word."""
    return a != b and _americanise(a) == _americanise(b)


@dataclass(frozen=True, slots=True)
class Difference:
    """Why a quotation and a passage differ, as a short reason and an optional note."""

    reason: str
    note: str | None


def explain(
    quote: list[str], passage: list[str], opcodes: tuple[tuple[str, int, int, int, int], ...]
) -> Difference:
    """Name the most meaningful difference between quotation words and passage words."""
    removed = [w for tag, a, b, _, _ in opcodes if tag in ("delete", "replace") for w in quote[a:b]]
    added = [w for tag, _, _, c, d in opcodes if tag in ("insert", "replace") for w in passage[c:d]]
    pairs = [
        (x, y)
        for tag, a, b, c, d in opcodes
        if tag == "replace" and b - a == d - c
        for x, y in zip(quote[a:b], passage[c:d], strict=True)
    ]
    variants = [(x, y) for x, y in pairs if spelling_variant(x, y)]
    note = (
        "British/American spelling: " + ", ".join(f"{x}/{y}" for x, y in variants)
        if variants
        else None
    )
    tags = {tag for tag, *_ in opcodes if tag != "equal"}
    if any(is_negation(w) for w in removed) and not any(is_negation(w) for w in added):
        return Difference("negation not in source", note)
    if any(is_negation(w) for w in added) and not any(is_negation(w) for w in removed):
        return Difference("source has a negation the quotation lacks", note)
    if sorted(quote) == sorted(passage):
        return Difference("words reordered", note)
    if any(any(c.isdigit() for c in w) for w in removed + added):
        return Difference("number changed", note)
    if variants and len(variants) == len(removed) == len(added):
        return Difference("spelling variant", note)
    if tags == {"replace"}:
        return Difference("word changed" if len(removed) == 1 else "words changed", note)
    if tags == {"delete"}:
        return Difference("word added" if len(removed) == 1 else "words added", note)
    if tags == {"insert"}:
        return Difference("word dropped" if len(added) == 1 else "words dropped", note)
    if not tags:
        return Difference("bracketed insertion does not fit", note)
    return Difference("words changed", note)


Opcodes = tuple[tuple[str, int, int, int, int], ...]


def merge_opcodes(opcodes: Opcodes) -> Opcodes:
    """Join adjacent edits into one block, so "Sets" → "Leads to" reads as one change."""
    merged: list[tuple[str, int, int, int, int]] = []
    for tag, a, b, c, d in opcodes:
        if merged and tag != "equal" and merged[-1][0] != "equal":
            _, a0, _, c0, _ = merged[-1]
            merged[-1] = ("replace" if b > a0 and d > c0 else tag, a0, b, c0, d)
        else:
            merged.append((tag, a, b, c, d))
    return tuple(merged)


def word_diff(
    quote_words: Callable[[int, int], str],
    passage_words: Callable[[int, int], str],
    opcodes: tuple[tuple[str, int, int, int, int], ...],
) -> str:
    """A git-style word diff: `[-in the quotation-]` and `{+in the source+}`.

    The callables give the text of word ranges `[a, b)` of each side, so equal runs show the
    source exactly as written.
    """
    parts: list[str] = []
    for tag, a, b, c, d in opcodes:
        if tag == "equal":
            parts.append(passage_words(c, d))
            continue
        if b > a:
            parts.append("[-" + quote_words(a, b) + "-]")
        if d > c:
            parts.append("{+" + passage_words(c, d) + "+}")
    return " ".join(p for p in parts if p)

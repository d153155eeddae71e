"""Normalise typography that cannot change meaning, keeping a map back to the original text.

What is folded: Unicode compatibility forms (NFKC: ligatures, full-width forms), case,
curly and straight quotation marks, dash variants, soft hyphens and zero-width characters,
runs of whitespace and line breaks, and words hyphenated across a line break. Words and
their order, numbers and spelling are never touched: those differences are for the matcher
to report.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Invisible in print: a quotation copied from a PDF or a CMS often carries them.
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e")
_SINGLE_QUOTES = frozenset("\u2018\u2019\u201a\u201b\u2032\u0060\u00b4\u02bc\u02bb")
_DOUBLE_QUOTES = frozenset("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u300c\u300d\u300e\u300f")
# Hyphens and the en dash join the parts of one word ("high-level", "China–North Korea",
# "1592–1598"): they become "-", which separates tokens. Between a word character and a
# line break they mark a word hyphenated across lines ("nu-\nclear" in a PDF column) and are
# dropped with the break, so the halves join.
_JOINERS = frozenset("-\u2010\u2011\u2012\u2013\u2043")
# Long dashes separate clauses; they become one canonical dash and never join words.
_LONG_DASHES = frozenset("\u2014\u2015\u2e3a\u2e3b\ufe58\u2212")


# "500,000" and "500000" are one number; a comma followed by other than three digits ("2,3")
# is punctuation and stays. (Spaces as group separators are not folded: "in 2022 100 people"
# would become one number.)
_DIGIT_GROUP_SEPARATORS = frozenset(",")


@dataclass(frozen=True, slots=True)
class Normalised:
    """A normalised string with, per character, the span of the original it came from.

    `starts[k]`/`ends[k]` are the original offsets of the unit that produced character `k`
    (a ligature or a base letter with its combining marks is one unit), so the original
    span of normalised `[a, b)` is `[starts[a], ends[b - 1])`.
    """

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of the normalised span `[start, end)` (non-empty)."""
        return self.starts[start], self.ends[end - 1]


def _units(text: str) -> list[tuple[int, int]]:
    """Spans of base characters with their combining marks, which NFKC treats as one.

    Invisible characters join the unit before them, so a mark after one still composes.
    """
    spans: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        if spans and (unicodedata.combining(ch) or ch in _INVISIBLE):
            spans[-1] = (spans[-1][0], i + 1)
        else:
            spans.append((i, i + 1))
    return spans


def _fold(unit: str) -> str:
    """NFKC and case-fold one unit; casefold can un-normalise, so NFKC runs again."""
    visible = "".join(ch for ch in unit if ch not in _INVISIBLE)
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", visible).casefold())


def _map_char(ch: str) -> str:
    """The canonical form of one folded character ("" drops it, " " is whitespace)."""
    if ch in _INVISIBLE:
        return ""
    if ch.isspace():
        return " "
    if ch in _SINGLE_QUOTES:
        return "'"
    if ch in _DOUBLE_QUOTES:
        return '"'
    if ch in _JOINERS:
        return "-"
    if ch in _LONG_DASHES:
        return "\u2014"
    return ch


def _mapped(text: str) -> list[tuple[str, int, int, bool]]:
    """(char, start, end, is_line_break) after folding and mapping, before joining."""
    out: list[tuple[str, int, int, bool]] = []
    for start, end in _units(text):
        raw = text[start:end]
        for ch in _fold(raw):
            mapped = _map_char(ch)
            if mapped:
                out.append((mapped, start, end, ch in "\n\r\u2028\u2029\x0b\x0c\x85"))
    return out


def _separates_thousands(items: list[tuple[str, int, int, bool]], i: int) -> bool:
    """Whether item `i` sits between a digit and exactly three digits ("500,000")."""
    group = "".join(ch for ch, *_ in items[i + 1 : i + 5])
    return (
        i > 0
        and items[i - 1][0].isdigit()
        and len(group) >= 3
        and group[:3].isdigit()
        and not group[3:4].isdigit()
    )


def normalise(text: str) -> Normalised:
    """Fold `text` (see the module docstring) and map each character back to the original."""
    items = _mapped(text)
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    while i < len(items):
        ch, start, end, _ = items[i]
        if ch == "-" and chars and chars[-1].isalnum():
            j = i + 1
            line_break = False
            while j < len(items) and items[j][0] == " ":
                line_break = line_break or items[j][3]
                j += 1
            # Only a line break makes a hyphenation; "a- b" on one line is a dash.
            if j < len(items) and items[j][0].isalnum() and line_break:
                i = j
                continue
        if ch in _DIGIT_GROUP_SEPARATORS and _separates_thousands(items, i):
            i += 1
            continue
        if ch == " " and chars and chars[-1] == " ":
            ends[-1] = end
            i += 1
            continue
        chars.append(ch)
        starts.append(start)
        ends.append(end)
        i += 1
    return Normalised("".join(chars), tuple(starts), tuple(ends))


@lru_cache(maxsize=32)
def normalise_cached(text: str) -> Normalised:
    """`normalise`, remembered for the few large source texts a run matches many items in."""
    return normalise(text)


def normalise_typography(text: str) -> str:
    """Only the normalised string of `text`."""
    return normalise(text).text


# Chinese, Japanese kana and CJK compatibility ideographs are written without spaces, so each
# character is one token; Hangul is spaced and tokenised as words.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
TOKEN_RE = re.compile(rf"\d+(?:[.,]\d+)+|[{_CJK}]|[^\W_{_CJK}]+(?:'[^\W_{_CJK}]+)*")
CJK_RE = re.compile(rf"[{_CJK}]")


@dataclass(frozen=True, slots=True)
class Token:
    """One word (or CJK character) of normalised text and its span in that text."""

    text: str
    start: int
    end: int


def tokenise(normalised_text: str) -> list[Token]:
    """Words, numbers (with inner "." or ",") and single CJK characters of normalised text."""
    return [Token(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(normalised_text)]

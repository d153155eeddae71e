"""Normalise typography that cannot change meaning, keeping a map back to the original text.

What is folded: Unicode compatibility forms (NFKC: ligatures, full-width forms), case,
curly and straight quotation marks, dash variants, soft hyphens and zero-width characters,
runs of whitespace and line breaks, words hyphenated across a line break, commas grouping
thousands ("500,000" = "500000"), dotted initialisms ("U.S." = "US") and footnote markers
("visits[3]", "visits³"). Words and their order, the digits of numbers and spelling are
never touched: those differences are for the matcher to report.

Symbols that carry meaning are words of their own when tokenised: currency signs ($ € £ ¥ ₩),
%, ‰, °, ±, comparison signs (< > ≤ ≥), and a sign stuck to a number ("+4", "−0.6", the
minus typed as a hyphen); they are never dropped as punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from briefcheck import settings

# Invisible in print: a quotation copied from a PDF or a CMS often carries them.
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e")
_SINGLE_QUOTES = frozenset("\u2018\u2019\u201a\u201b\u2032\u0060\u00b4\u02bc\u02bb")
_DOUBLE_QUOTES = frozenset("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u300c\u300d\u300e\u300f")
# Hyphens and the en dash join the parts of one word ("high-level", "China–North Korea",
# "1592–1598"): they become "-", which separates tokens. Between a word character and a
# line break they mark a word hyphenated across lines ("nu-\nclear" in a PDF column) and are
# dropped with the break, so the halves join.
# The minus sign (U+2212) folds to the hyphen a keyboard types for it; before a digit either
# is the number's sign (see `TOKEN_RE`).
_JOINERS = frozenset("-\u2010\u2011\u2012\u2013\u2043\u2212")
# Superscript digits in prose are footnote markers ("visits¹²"): NFKC would glue them to the
# word as digits, so they are dropped. (The rare exponent, "km²", is lost with them.)
_SUPERSCRIPT_DIGITS = frozenset("\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079")
# Long dashes separate clauses; they become one canonical dash and never join words.
_LONG_DASHES = frozenset("\u2014\u2015\u2e3a\u2e3b\ufe58")


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


_LINE_BREAKS = frozenset("\n\r\u2028\u2029\x0b\x0c\x85")
_UNIT_CACHE: dict[str, tuple[str, ...]] = {}
_UNIT_CACHE_MAX = 50_000
# ASCII letters, digits and most punctuation fold by lower-casing alone, so they are copied
# in bulk; only these spans need a closer look:
_BREAK = "\n\r\u2028\u2029\x0b\x0c\x85"
_HYPHENS = "\u00ad\u2010-\u2013\u2043"
# Combining marks that follow Latin letters, and invisibles: an ASCII letter before one of
# them is folded with it ("e\u0301" = "é").
_MARKS = (
    "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
    "\u00ad\u200b-\u200d\u2060\ufeff"
)
# Inside a footnote marker, characters the folding drops must not hide it ("[\u00ad1]").
_IGNORED = "\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e\u00b9\u00b2\u00b3\u2070\u2074-\u2079"
_DIGIT = f"(?:[{_IGNORED}{_MARKS}]*\\d)"
_SPECIAL_RE = re.compile(
    # a hyphen, then a line break (with any spaces), then a word character: a hyphenation
    rf"(?P<hyphenation>[-{_HYPHENS}][^\S{_BREAK}]*[{_BREAK}]\s*(?=[^\W_]))"
    # a comma before exactly three digits: a thousands separator if a digit precedes it
    rf"|(?P<thousands>,(?={_DIGIT}{{3}}(?!{_DIGIT})))"
    r"|(?P<space>\s+)"
    # an initialism written with dots ("U.S.", "U.N."), the same word as "US", "UN"
    r"|(?P<initialism>(?<![\w.])(?:[A-Za-z]\.){2,}(?!\w))"
    # a footnote marker in brackets ("visits[3]", "[12, 13]"), which quotations leave out
    rf"|(?P<marker>[\[［]{_DIGIT}{{1,3}}(?:[{_IGNORED}{_MARKS}]*[,，\-{_HYPHENS}]\s*{_DIGIT}{{1,3}})*[{_IGNORED}{_MARKS}]*[\]］])"
    # anything beyond ASCII (with the letter before it, which a combining mark may modify),
    # except a hyphen at a line's end, which may start a hyphenation; and lone such hyphens
    rf"|(?P<other>(?:(?:[A-Za-z0-9](?=[{_MARKS}]))?"
    rf"(?:[^\x00-\x7f\s{_HYPHENS}［］]|[{_HYPHENS}](?![^\S{_BREAK}]*[{_BREAK}])))+"
    rf"|[`［］{_HYPHENS}])"
)
_THOUSANDS_AHEAD = re.compile(f"{_DIGIT}{{3}}(?!{_DIGIT})")


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


def _folded_unit(raw: str) -> tuple[str, ...]:
    """The canonical characters of one unit, remembered: a text reuses few units."""
    found = _UNIT_CACHE.get(raw)
    if found is None:
        if len(_UNIT_CACHE) > _UNIT_CACHE_MAX:
            _UNIT_CACHE.clear()
        if raw[0] in _SUPERSCRIPT_DIGITS:
            found = ()
        else:
            found = tuple(m for ch in _fold(raw) if (m := _map_char(ch)))
        _UNIT_CACHE[raw] = found
    return found


def _units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of base characters with the combining marks and invisible characters after
    them: NFKC composes across them, so they fold as one unit.
    """
    spans: list[tuple[int, int]] = []
    for i in range(start, end):
        ch = text[i]
        if spans and (ch in _INVISIBLE or unicodedata.combining(ch)):
            spans[-1] = (spans[-1][0], i + 1)
        else:
            spans.append((i, i + 1))
    return spans


class _Builder:
    """Accumulates normalised text with each character's original span."""

    def __init__(self) -> None:
        self.chunks: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.last = ""

    def copy(self, text: str, start: int, end: int) -> None:
        """Append plain ASCII (no spaces) lower-cased, one original character per character."""
        if end > start:
            self.chunks.append(text[start:end].lower())
            self.starts.extend(range(start, end))
            self.ends.extend(range(start + 1, end + 1))
            self.last = text[end - 1].lower()

    def add(self, ch: str, start: int, end: int) -> None:
        """Append one character; a space after a space only widens the first one's span."""
        if ch == " " and self.last == " ":
            self.ends[-1] = end
            return
        self.chunks.append(ch)
        self.starts.append(start)
        self.ends.append(end)
        self.last = ch


def _add_other(out: _Builder, text: str, start: int, end: int) -> None:
    """Fold a stretch of non-ASCII text unit by unit."""
    for unit_start, unit_end in _units(text, start, end):
        for ch in _folded_unit(text[unit_start:unit_end]):
            if ch == "," and out.last.isdigit() and _THOUSANDS_AHEAD.match(text, unit_end):
                continue
            out.add(ch, unit_start, unit_end)


def normalise(text: str) -> Normalised:
    """Fold `text` (see the module docstring) and map each character back to the original."""
    out = _Builder()
    pos = 0
    for m in _SPECIAL_RE.finditer(text):
        out.copy(text, pos, m.start())
        kind, start, end = m.lastgroup, m.start(), m.end()
        if kind == "hyphenation":
            # The halves of a word broken at a line's end join; after a non-word it's a dash.
            if not out.last.isalnum():
                if text[start] != "\u00ad":
                    out.add("-", start, start + 1)
                out.add(" ", start + 1, end)
        elif kind == "thousands":
            if not out.last.isdigit():
                out.add(",", start, end)
        elif kind in ("space", "marker"):
            out.add(" ", start, end)
        elif kind == "initialism":
            for i in range(start, end, 2):
                out.add(text[i].lower(), i, i + 2)
        else:
            _add_other(out, text, start, end)
        pos = end
    out.copy(text, pos, len(text))
    return Normalised("".join(out.chunks), tuple(out.starts), tuple(out.ends))


@lru_cache(maxsize=settings.PREPARED_TEXTS_CACHED)
def normalise_cached(text: str) -> Normalised:
    """`normalise`, remembered for the few large source texts a run matches many items in."""
    return normalise(text)


def normalise_typography(text: str) -> str:
    """Only the normalised string of `text`."""
    return normalise(text).text


# Chinese, Japanese kana and CJK compatibility ideographs are written without spaces, so each
# character is one token; Hangul is spaced and tokenised as words.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
# Currency signs (the whole Unicode block), percent and per mille, degree, plus-minus and
# comparison signs: each is a token, so "$5" and "€5", "< 60%" and "> 60%" differ.
SYMBOLS = "$¢£¤¥\u20a0-\u20bf%‰‱°±∓<>≤≥≠≈"
TOKEN_RE = re.compile(
    # a number with its sign, when the sign stands after a space or a bracket ("+1.4",
    # "(-4)"), not between a word or digit and the number ("1592-1598", "COVID-19")
    rf"(?<![\w.])[-+]\d+(?:[.,]\d+)*"
    rf"|\d+(?:[.,]\d+)+|[{SYMBOLS}]|[{_CJK}]|[^\W_{_CJK}]+(?:'[^\W_{_CJK}]+)*"
)
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

"""A quotation as the brief writes it, read into fragments: words between ellipses, with the
editor's bracketed insertions kept apart from the quoted words.

"…", "...", ". . ." and their bracketed forms "[...]" / "[…]" mark an omission. A bracket
standing alone ("[the ministry]") replaces up to `settings.BRACKET_MAX_WORDS` source words;
a bracket glued to a word ("[T]he", "Pyongyang['s]") only marks an edited letter; "[sic]" and
"[emphasis added]" stand for nothing. A bracket at a fragment's edge constrains only when it
carries meaning ("[would] accept …"): its source words are then looked for just before or
after the fragment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefcheck.match.meaning import Meaning, meanings_in
from briefcheck.match.normalise import normalise, tokenise

_ELLIPSIS_RE = re.compile(r"\s*\[?\s*(?:…|\.(?:\s?\.){2,})\s*\]?\s*")
_BRACKET_RE = re.compile(r"\[([^\[\]]*)\]")
# Editorial marks that stand for no source words at all.
_ANNOTATIONS = frozenset({"sic", "sic!", "emphasis added", "emphasis in original", "sic."})
_EDGE_MARKS = "\"'“”‘’„«»「」『』 \t\n"
_INNER_HYPHEN_RE = re.compile(r"(?<=[^\W_])-(?=[^\W_])")


@dataclass(frozen=True, slots=True)
class Bracket:
    """An editor's bracketed words, as written ("[would]") and as normalised words."""

    text: str
    words: tuple[str, ...]

    @property
    def meaningful(self) -> bool:
        """Whether it carries a negation, modal, hedge, contrast or quantity (not only names)."""
        return any(kind is not Meaning.NUMBER for kind, _ in meanings_in(self.text))


@dataclass(frozen=True, slots=True)
class Fragment:
    """One ellipsis-free part of a quotation: words and brackets, in order.

    `lead`/`tail` are meaningful brackets at the fragment's edges, left out of `items`.
    """

    items: tuple[str | Bracket, ...]
    shapes: tuple[str, ...] = ()  # each word as typed (case kept), when there is no bracket
    lead: Bracket | None = None
    tail: Bracket | None = None

    @property
    def words(self) -> list[str]:
        return [i for i in self.items if isinstance(i, str)]


def _words(text: str, *, joined: bool = False) -> list[str]:
    """Normalised words; `joined` drops inner hyphens ("high-level" → "highlevel")."""
    norm = normalise(text).text
    if joined:
        norm = _INNER_HYPHEN_RE.sub("", norm)
    return [t.text for t in tokenise(norm)]


def _shapes(text: str) -> tuple[str, ...]:
    """Each word of `text` as typed, case kept."""
    norm = normalise(text)
    spans = (norm.original_span(t.start, t.end) for t in tokenise(norm.text))
    return tuple(text[a:b] for a, b in spans)


def _unbracket(text: str) -> str:
    return text.replace("[", "").replace("]", "")


def _parse_fragment(text: str, joined: bool) -> Fragment:
    """Words of one fragment, each standalone bracket a `Bracket` or nothing."""
    items: list[str | Bracket] = []
    pos = 0
    for m in _BRACKET_RE.finditer(text):
        before, after = text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]
        inner = m.group(1).strip()
        if (before.isalnum() or after.isalnum()) and inner:
            continue  # "[T]he", "Pyongyang['s]": the brackets only mark an edited letter
        items += _words(_unbracket(text[pos : m.start()]), joined=joined)
        if inner.casefold() not in _ANNOTATIONS:
            items.append(Bracket(text=m.group(0), words=tuple(_words(inner))))
        pos = m.end()
    items += _words(_unbracket(text[pos:]), joined=joined)
    lead = tail = None
    # A bracket at an edge that only names someone constrains nothing and would only blur
    # where the match starts; one that carries meaning is checked against the source there.
    while items and isinstance(items[0], Bracket):
        first = items.pop(0)
        lead = first if isinstance(first, Bracket) and first.meaningful else lead
    while items and isinstance(items[-1], Bracket):
        last = items.pop()
        tail = last if isinstance(last, Bracket) and last.meaningful else tail
    plain = not any(isinstance(i, Bracket) for i in items) and not joined
    shapes = _shapes(_unbracket(text)) if plain else ()
    return Fragment(
        items=tuple(items),
        shapes=shapes if len(shapes) == len(items) else (),
        lead=lead,
        tail=tail,
    )


def parse_quotation(quote: str, *, joined: bool = False) -> list[Fragment]:
    """The quotation's fragments, split at ellipses; empty fragments are dropped.

    `joined` reads "high-level" as "highlevel", the form a compound takes in a source that
    broke it across a line at its hyphen.
    """
    parts = _ELLIPSIS_RE.split(quote.strip(_EDGE_MARKS))
    fragments = [_parse_fragment(p, joined) for p in parts]
    return [f for f in fragments if f.words]

"""The terms a support check ranks passages by: one tokeniser and stemmer for both sides.

A source's passages are cut into terms with rules only (`term_of`: fast enough for
megabytes); a claim is read with the trained spaCy pipeline (`claim_terms`), which says
which of the same tokens are names, numbers, dates and content words, adds each word's
lemma as an alternative form (so "met" also looks for "meet") and joins the words of a
noun chunk or a name into bigrams. Term keys: `w:<stem>` a word, `n:<value>` a number,
`b:<stem>_<stem>` two adjacent words.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc
from wordfreq import zipf_frequency

from briefcheck import settings
from briefcheck.extractors.nlp import get_analysis_nlp, model_name
from briefcheck.match import pending
from briefcheck.match.diffs import is_negation

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A number (with decimal or grouping marks), one CJK character, or a run of letters
# (apostrophes inside: "don't", "Korea's").
TOKEN_RE = re.compile(rf"\d+(?:[.,]\d+)*|[{_CJK}]|[^\W\d_{_CJK}]+(?:['’][^\W\d_{_CJK}]+)*")
CJK_RE = re.compile(rf"[{_CJK}]")
HANGUL_RE = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_MARKER_RE = re.compile(r"\[\d+(?:\s*[,–-]\s*\d+)*\]")
# Number words a brief writes where a source may use digits ("three-axis", "3 tests").
_CARDINALS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
_ORDINALS = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]
_TENS = {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80}
_NUMBER_WORDS = {
    **{w: str(i) for i, w in enumerate(_CARDINALS)},
    **{w: str(i) for i, w in enumerate(_ORDINALS)},
    **{w: str(n) for w, n in _TENS.items()},
    "ninety": "90",
}
_ORDINAL_RE = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
# Words that flip a statement without being "not": "failed to", "omitted", "refused".
_NEGATIVE_TEXT = """fail failed fails failing omit omitted omits omitting refuse refused refuses
refusing lack lacked lacks absent deny denied denies declined decline rejected reject"""
_NEGATIVE_WORDS = frozenset(_NEGATIVE_TEXT.split())
# Entity labels that name someone or something (a changed one is a changed name).
_NAME_LABELS_TEXT = "PERSON ORG GPE NORP LOC FAC EVENT LAW WORK_OF_ART PRODUCT LANGUAGE"
NAME_LABELS = frozenset(_NAME_LABELS_TEXT.split())
# Policy writing names a state by its people or its capital ("Beijing's envoy", "the Chinese
# side", "China"): a claim's word in one of these groups also looks for the others.
_ALIAS_GROUPS = (
    "china chinese beijing",
    "korea korean pyongyang",
    "russia russian moscow kremlin soviet",
    "japan japanese tokyo",
    "america american washington",
)
_STOP = frozenset(w.casefold() for w in STOP_WORDS) - set(_NUMBER_WORDS)
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})


@lru_cache(maxsize=262_144)
def stem(word: str) -> str:
    """A light English stem: plural, -ing/-ed and British -ise folded, then six characters
    ("sanctions"/"sanctioned" → "sancti", "denuclearisation"/"denuclearization" → "denucl").
    """
    w = unicodedata.normalize("NFKC", word).casefold().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = re.sub(r"(?<=\w\w)is(?=e|ing|ation|ed)", "iz", w)
    if len(w) > 4:
        if w.endswith("ies"):
            w = w[:-3] + "y"
        elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
            w = w[:-1]
        for suffix in ("ing", "ed"):
            if w.endswith(suffix) and len(w) - len(suffix) >= 3:
                w = w[: -len(suffix)]
                break
    w = w.rstrip("e") if len(w) > 3 else w
    if w.endswith("y") and len(w) > 3:
        w = w[:-1] + "i"
    return w[: settings.SUPPORT_STEM_CHARS]


@lru_cache(maxsize=1)
def _aliases() -> dict[str, tuple[str, ...]]:
    """Each alias's key, mapped to the keys of its whole group."""
    out: dict[str, tuple[str, ...]] = {}
    for group in _ALIAS_GROUPS:
        keys = tuple(f"w:{stem(w)}" for w in group.split())
        out.update({k: keys for k in keys})
    return out


@lru_cache(maxsize=65_536)
def rarity(word: str) -> float:
    """How much a word's rarity in English at large adds to its weight: a word in every
    article ("said", "first", "China") locates little, one in few ("shogunate", "Goryeo")
    much. From wordfreq's Zipf scale (7 = "the", 3 = once per ten million words)."""
    zipf = zipf_frequency(word, "en")
    lo, hi = settings.SUPPORT_RARITY_RANGE
    return min(max((settings.SUPPORT_RARITY_ZIPF - zipf) / settings.SUPPORT_RARITY_SCALE, lo), hi)


def number_value(token: str) -> str | None:
    """The value a number token stands for ("500,000" → "500000", "third" → "3"), or None."""
    low = token.casefold()
    if low in _NUMBER_WORDS:
        return _NUMBER_WORDS[low]
    ordinal = _ORDINAL_RE.match(low)
    if ordinal:
        return ordinal.group(1)
    if not low[:1].isdigit():
        return None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", low):
        return low.replace(",", "")
    return low.rstrip(".,")


@lru_cache(maxsize=262_144)
def term_of(token: str) -> str | None:
    """The index key of one token (None for a stop word or a one-letter word)."""
    value = number_value(token)
    if value is not None:
        return f"n:{value}"
    low = token.casefold()
    if low in _STOP or (len(low) < 2 and not CJK_RE.match(low)):
        return None
    return f"w:{stem(low)}"


def negates(token: str) -> bool:
    """Whether a token negates or flips the statement it stands in."""
    low = token.casefold().replace("’", "'")
    return is_negation(low) or low in _NEGATIVE_WORDS


@dataclass(frozen=True, slots=True, kw_only=True)
class Token:
    """A token of a text with its index key (None for stop words); offsets into that text."""

    text: str
    start: int
    end: int
    term: str | None


def tokens(text: str) -> list[Token]:
    """Every token of `text`, stop words included (their key is None)."""
    return [
        Token(text=m.group(), start=m.start(), end=m.end(), term=term_of(m.group()))
        for m in TOKEN_RE.finditer(text)
    ]


class Role:
    """What a claim term is, which sets its weight (see settings.SUPPORT_WEIGHTS)."""

    NAME = "name"
    NUMBER = "number"
    CONTENT = "content"
    MINOR = "minor"
    PAIR = "pair"


@dataclass(frozen=True, slots=True, kw_only=True)
class Term:
    """One slot of the claim: its alternative keys (stem, lemma), role, and words as written."""

    keys: tuple[str, ...]
    role: str
    text: str
    start: int
    end: int
    label: str = ""  # spaCy's entity label, when the term is inside an entity
    entity: tuple[int, int] | None = None  # that entity's offsets in the claim
    rarity: float = 1.0  # how rare the word is in English at large (see `rarity`)

    @property
    def weight(self) -> float:
        return settings.SUPPORT_WEIGHTS[self.role] * self.rarity


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimTerms:
    """What a support check looks for: the claim's terms and how many negations it has."""

    text: str
    terms: tuple[Term, ...]
    negations: int
    model: str

    def of_role(self, *roles: str) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.role in roles)


def strip_markers(text: str) -> str:
    """The claim without footnote markers ("[12]"), same length so offsets stay."""
    return _MARKER_RE.sub(lambda m: " " * len(m.group()), text)


def _role(token: Token, word: object | None, capitalised_inside: bool) -> str:
    """A token's role from its spaCy token (or, with no trained model, its shape)."""
    if token.term and token.term.startswith("n:"):
        return Role.NUMBER
    if word is None:
        return Role.NAME if capitalised_inside else Role.CONTENT
    ent, pos = getattr(word, "ent_type_", ""), getattr(word, "pos_", "")
    if ent in NAME_LABELS or pos == "PROPN":
        return Role.NAME
    if not pos or pos in _CONTENT_POS:
        return Role.CONTENT
    return Role.MINOR


def _spacy_tokens(doc: Doc) -> dict[int, object]:
    """spaCy's tokens by start offset (None values when the pipeline is blank)."""
    return {w.idx: w for w in doc} if doc.has_annotation("POS") else {}


def _pairs(doc: Doc, toks: list[Token]) -> list[Term]:
    """Bigrams of adjacent content words inside one noun chunk or one named entity."""
    spans = list(doc.ents)
    if doc.has_annotation("DEP"):
        spans += list(doc.noun_chunks)
    out, seen = [], set()
    for span in spans:
        inside = [t for t in toks if span.start_char <= t.start < span.end_char and t.term]
        for a, b in itertools.pairwise(inside):
            key = f"b:{a.term[2:]}_{b.term[2:]}"  # type: ignore[index]
            if key not in seen:
                seen.add(key)
                text = doc.text[a.start : b.end]
                out.append(Term(keys=(key,), role=Role.PAIR, text=text, start=a.start, end=b.end))
    return out


_CLAIMS: dict[str, ClaimTerms] = {}


def _remember(claim: str, terms: ClaimTerms) -> ClaimTerms:
    """Keep a claim's terms, forgetting the oldest past `settings.SUPPORT_CLAIM_CACHE`."""
    _CLAIMS[claim] = terms
    while len(_CLAIMS) > settings.SUPPORT_CLAIM_CACHE:
        del _CLAIMS[next(iter(_CLAIMS))]
    return terms


def claim_terms(claim: str) -> ClaimTerms:
    """The terms of a claim (markers ignored), read once per distinct claim text."""
    found = _CLAIMS.get(claim)
    if found is not None:
        return found
    with pending.READING:  # one reader: threads asking together wait for the batch
        if claim in pending.EXPECTED:
            prepare_claims(pending.EXPECTED)
        found = _CLAIMS.get(claim)
        if found is None:
            found = _remember(claim, _analyse(get_analysis_nlp()(strip_markers(claim))))
    return found


def prepare_claims(claims: Iterable[str]) -> None:
    """Read many claims with spaCy in one batch (about twice as fast as one by one)."""
    todo = [c for c in dict.fromkeys(claims) if c not in _CLAIMS]
    pending.EXPECTED.difference_update(todo)
    if not todo:
        return
    nlp = get_analysis_nlp()
    for claim, doc in zip(todo, nlp.pipe(strip_markers(c) for c in todo), strict=True):
        _remember(claim, _analyse(doc))


def clear_claims() -> None:
    """Forget every claim read so far (benchmarks and tests that time or change the reading)."""
    _CLAIMS.clear()
    pending.EXPECTED.clear()


def _analyse(doc: Doc) -> ClaimTerms:
    """A claim's terms from its spaCy Doc: names, numbers, words with lemmas, pairs."""
    text = doc.text
    words = _spacy_tokens(doc)
    entities = {w.idx: (e.start_char, e.end_char) for e in doc.ents for w in e}
    toks = tokens(text)
    terms: list[Term] = []
    seen: set[frozenset[str]] = set()
    for i, tok in enumerate(toks):
        if tok.term is None:
            continue
        word = words.get(tok.start) if words else None
        term = _term(tok, word, i > 0 and tok.text[:1].isupper(), entities)
        if frozenset(term.keys) in seen:  # "Beijing" and "China" are one term (aliases)
            continue
        seen.add(frozenset(term.keys))
        terms.append(term)
    terms += _pairs(doc, toks)
    negations = sum(negates(t.text) for t in toks)
    model = model_name(get_analysis_nlp())
    return ClaimTerms(text=text, terms=tuple(terms), negations=negations, model=model)


def _term(tok: Token, word: Any, capitalised: bool, entities: dict[int, tuple[int, int]]) -> Term:
    """One claim token as a term: its forms (stem, lemma, aliases), role, rarity, entity."""
    keys = [str(tok.term)]
    lemma = getattr(word, "lemma_", "")
    if lemma and keys[0].startswith("w:") and term_of(lemma) not in (None, keys[0]):
        keys.append(str(term_of(lemma)))
    keys += [k for k in _aliases().get(keys[0], ()) if k not in keys]
    role = _role(tok, word, capitalised)
    return Term(
        keys=tuple(keys),
        role=role,
        text=tok.text,
        start=tok.start,
        end=tok.end,
        label=str(getattr(word, "ent_type_", "")),
        entity=entities.get(word.idx) if word is not None else None,
        rarity=1.0 if role == Role.NUMBER else rarity(tok.text),
    )

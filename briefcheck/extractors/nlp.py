"""The spaCy pipeline for body paragraphs: rule components for sentence starts and dates,
with a trained English parser deciding ambiguous stops when one is installed."""

from __future__ import annotations

import os
import re
import threading
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from briefcheck import settings
from briefcheck.extractors.dates import find_dates


def _wordset(words: str) -> frozenset[str]:
    """A set of the space-separated words given (word lists read better as prose)."""
    return frozenset(words.split())


# Every name we register with spaCy lives here, versioned so a changed rule is a new name.
SENTENCE_RULES_FACTORY = "briefcheck_sentence_rules_v1"
DATE_RULES_FACTORY = "briefcheck_date_rules_v1"
BOUNDARIES_EXT = "briefcheck_boundaries_v1"
DATES_EXT = "briefcheck_dates_v1"  # the DateMention records, offsets into doc.text
DATES_SPANS = "briefcheck_dates_v1"  # the same mentions as a span group, for displaCy and rules
RULES_ONLY = "rules-only"

# Words whose trailing full stop never ends a sentence in the briefs we read ("N. Korea",
# "No. 6", "p. 9", "Kenneth M. Swope", "Stephen Haggard and David C. Kang (eds)").
_ABBREVIATIONS = _wordset(
    "mr mrs ms dr prof st sr jr no nos vol vols p pp ed eds vs v cf al fig figs gen col "
    "lt capt sen rep gov pres amb adm jan feb mar apr jun jul aug sep sept oct nov "
    "dec approx est dept univ art arts sec ch op cit para paras e.g i.e viz ca c n nn"
)
# Stops that may or may not end a sentence ("the U.S. The talks", "etc. The"): a trained
# parser decides them; rules alone split only before a word that usually opens a sentence.
_AMBIGUOUS = _wordset("etc inc ltd corp co u.s u.k u.n e.u d.c")
_SENTENCE_OPENERS = _wordset(
    "the this that these those it its in on at as after before but however yet still "
    "moreover therefore thus meanwhile since while when although though he she they we "
    "i there a an one his her their our for by from with during under over instead "
    "nevertheless nonetheless consequently furthermore besides indeed"
)
_TERMINAL = re.compile(r"[.!?…]+[”’\"')\]]*")
_OPENING = re.compile(r"[“‘\"'(\[]*[A-Z0-9]")
_DOUBLE_QUOTED = re.compile(r"“[^“”]*”|\"[^\"\n]*\"")


def sentence_starts(text: str) -> tuple[set[int], set[int]]:
    """Offsets in `text` where a sentence surely starts, and where one may start."""
    sure, maybe = {0}, set()
    quoted = [m.span() for m in _DOUBLE_QUOTED.finditer(text)]
    for m in _TERMINAL.finditer(text):
        nxt = _next_word(text, m.end())
        if nxt is None or not _OPENING.match(text, nxt):
            continue
        if any(s < m.start() and nxt < e for s, e in quoted):
            continue  # a full stop inside a quotation does not end the quoting sentence
        if re.fullmatch(r"\s*(?:\d{1,3}|[ivxlc]{1,5}|[a-z])", text[: m.start()], re.I):
            continue  # a numbered paragraph or list item: "1. The Panel…", "iv. Next…"
        word = _word_before(text, m.start()).lower()
        if m.group().startswith(".") and len(m.group()) == 1 and is_abbreviation(word):
            continue
        if (m.group().startswith(".") and word in _AMBIGUOUS) or m.group().startswith("…"):
            maybe.add(nxt)
        else:
            sure.add(nxt)
    return sure, maybe


def _next_word(text: str, pos: int) -> int | None:
    """Where the next word starts after whitespace, or None if no whitespace follows."""
    m = re.compile(r"\s+").match(text, pos)
    return m.end() if m and m.end() < len(text) else None


def _word_before(text: str, pos: int) -> str:
    """The word (letters, digits and inner dots) that ends at `pos`."""
    m = re.search(r"[\w.]*\w$", text[max(0, pos - 30) : pos])
    return m.group() if m else ""


def is_abbreviation(word: str) -> bool:
    """Whether a stop after `word` marks an abbreviation or an initial, not an end."""
    if word in _ABBREVIATIONS:
        return True
    return len(word) == 1 and word.isalpha()


def _opens_sentence(doc: Doc, i: int) -> bool:
    """The rules-only guess for an ambiguous stop: does the next word usually open one?"""
    return doc[i].lower_ in _SENTENCE_OPENERS


@Language.factory(SENTENCE_RULES_FACTORY, default_config={"decide_ambiguous": True})
def _make_sentence_rules(nlp: Language, name: str, decide_ambiguous: bool) -> Any:
    """A component that sets sentence starts from `sentence_starts`."""

    def apply(doc: Doc) -> Doc:
        """Mark every token as a sentence start or not; ambiguous ones per the config."""
        sure, maybe = sentence_starts(doc.text)
        doc._.set(BOUNDARIES_EXT, (sorted(sure), sorted(maybe)))
        for token in doc:
            if token.idx in sure:
                token.is_sent_start = True
            elif token.idx in maybe:
                token.is_sent_start = _opens_sentence(doc, token.i) if decide_ambiguous else None
            else:
                token.is_sent_start = False
        return doc

    return apply


@Language.component(DATE_RULES_FACTORY)
def _date_rules(doc: Doc) -> Doc:
    """Find date mentions with `find_dates` (exact rules) and keep them on the Doc."""
    mentions = find_dates(doc.text)
    doc._.set(DATES_EXT, tuple(mentions))
    spans = [doc.char_span(d.start, d.end, label="DATE", alignment_mode="expand") for d in mentions]
    doc.spans[DATES_SPANS] = [span for span in spans if span is not None]
    return doc


for _name in (BOUNDARIES_EXT, DATES_EXT):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def _model_names() -> tuple[str, ...]:
    """The models to try, read at call time so `BRIEFCHECK_SPACY_MODELS=""` works in tests."""
    raw = os.environ.get("BRIEFCHECK_SPACY_MODELS")
    if raw is None:
        return settings.SPACY_MODELS
    return tuple(m.strip() for m in raw.split(",") if m.strip())


# One load at a time: tasks on a thread pool asking together would each load their own copy
# (lru_cache does not make the second caller wait for the first).
_LOADING = threading.RLock()


@lru_cache(maxsize=4)
def _load(models: tuple[str, ...]) -> Language:
    """Load the first of `models` that is installed, else a blank English rules pipeline."""
    for name in models:
        try:
            # Only the parser helps with sentences; entities, tags and lemmas would cost a third
            # more time for nothing we use.
            nlp = spacy.load(name, exclude=["ner", "lemmatizer", "tagger", "attribute_ruler"])
        except OSError:
            continue
        nlp.add_pipe(SENTENCE_RULES_FACTORY, first=True, config={"decide_ambiguous": False})
        nlp.add_pipe(DATE_RULES_FACTORY, last=True)
        nlp.meta["briefcheck_model"] = name
        return nlp
    nlp = spacy.blank("en")
    nlp.add_pipe(SENTENCE_RULES_FACTORY, config={"decide_ambiguous": True})
    nlp.add_pipe(DATE_RULES_FACTORY)
    nlp.meta["briefcheck_model"] = RULES_ONLY
    return nlp


@lru_cache(maxsize=4)
def _load_full(models: tuple[str, ...]) -> Language | None:
    """The first of `models` installed, with every component (tags, lemmas, parse, entities)."""
    for name in models:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        nlp.meta["briefcheck_model"] = name
        return nlp
    return None


def get_event_nlp() -> Language | None:
    """The full trained pipeline the date matcher reads events with; None when none is installed.

    Loaded once per process; the matcher parses single sentences with it, so the sentence
    and date rules of `get_nlp` are not added.
    """
    with _LOADING:
        return _load_full(_model_names())


def get_nlp() -> Language:
    """The process-wide pipeline: the first installed model of the setting, or rules only."""
    with _LOADING:
        return _load(_model_names())


def model_name(nlp: Language) -> str:
    """Which model a pipeline from `get_nlp` runs (`rules-only` for the blank fallback)."""
    return str(nlp.meta.get("briefcheck_model", RULES_ONLY))


@lru_cache(maxsize=1)
def _blank_analysis() -> Language:
    nlp = spacy.blank("en")
    nlp.meta["briefcheck_model"] = RULES_ONLY
    return nlp


def get_analysis_nlp() -> Language:
    """The process-wide pipeline for reading a claim's terms: entities, lemmas, noun chunks.

    Unlike `get_nlp` (sentences and dates of whole briefs) it keeps the tagger, lemmatizer and
    entity recogniser; it runs on single claims, so their cost does not matter. Without a
    trained model it is a blank English pipeline (no entities, lemmas or chunks).
    """
    with _LOADING:
        return _load_full(_model_names()) or _blank_analysis()

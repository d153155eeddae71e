"""Which event a date belongs to, read from spaCy's dependency parse of one sentence.

A date modifies a word: a verb ("signed in 2004"), an event noun ("the launch of 29
November") or, through a place, the noun or verb above it ("the summit, in Hanoi on 27
February"). That word and its own arguments are the date's event. Another dated word's
arguments are not (in "the treaty, first proposed in 1998, was signed in 2004" the 1998
clause is cut out of the signing's arguments).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

from briefcheck.extractors.nlp import get_event_nlp
from briefcheck.match.relative import Tense


def _words(text: str) -> frozenset[str]:
    """A set of the space-separated words given (word lists read better as prose)."""
    return frozenset(text.split())


# Verbs that say little by themselves: the event is their object ("held talks", "took
# effect", "made the announcement") or, for the passive, their subject ("was held").
_LIGHT_VERBS = _words("hold conduct make carry take give stage deliver have do be")
# Verbs of occurring: the event is their subject ("the launch took place", "the talks began").
_OCCURRENCE_VERBS = _words("take happen occur come begin start end close open run be")
# Speech acts: the date of a report's statement is the report's own when none is given.
_REPORTING_VERBS = _words(
    "say announce report state tell declare confirm add note warn claim disclose reveal "
    "publish release issue unveil"
)
# "is scheduled to begin", "is due to travel", "plans to launch" point forward.
_FUTURE_HEADS = _words("schedule due set expect plan go intend aim prepare")
_FUTURE_AUX = _words("will shall 'll wo")
# Objects that make an idiom with a light verb rather than name the event ("take place").
_IDIOM_OBJECTS = _words("place effect part which that who it")
_TIME_NOUNS = _words(
    "morning afternoon evening night day dawn noon midnight weekend eve week month year hour"
)
_WITHIN_PREPS = frozenset({"at", "during"})
_ANAPHORIC_DETS = _words("the this that these those its his her their such")
_CONTENT_POS = frozenset({"NOUN", "PROPN", "NUM", "ADJ", "VERB"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP", "DATE", "TIME", "CARDINAL", "ORDINAL"})
_ATTRIBUTIVE_DEPS = frozenset({"nummod", "compound", "amod", "nmod", "poss"})
# A date two links further from its word than another date of the same word still counts
# ("from 18 to 20 September": the second sits one link deeper); past that it is a stray.
_HOP_SLACK = 2
_STEM_CHARS = 5  # as `passages.stems`, so argument words weigh as passage words do
PERSON_MARK = "@person"  # in a name group: the name is a person's (a surname alone names them)


@dataclass(frozen=True, slots=True)
class Event:
    """What a date is attached to: the words naming the event, its arguments, its direction."""

    keys: frozenset[str]  # lemmas naming what happened ("sign", "summit", "take", "effect")
    args: frozenset[str]  # stems of its content words: who, what, where
    names: frozenset[frozenset[str]]  # each participant named: a person, an organisation,
    # a number ("resolution 2375") or a proper name on the subject or object ("Jeonju festival")
    core: frozenset[str]  # stems of its subject's and object's head words
    head: int  # the token the date modifies
    tense: Tense | None = None
    reporting: bool = False
    anaphoric: bool = False  # its subject points back to the sentence before ("The launch")


def report_itself(words: frozenset[str]) -> Event:
    """The report a dateline dates, as an event: what it says is its arguments."""
    return Event(
        keys=frozenset({"report"}),
        args=words,
        names=frozenset(),
        core=frozenset(),
        head=-1,
        reporting=True,
    )


@dataclass(frozen=True, slots=True)
class Reading:
    """A parsed sentence: the event of each date span asked about, and its verbs."""

    events: tuple[Event | None, ...]  # one per span, in the order asked
    verbs: frozenset[str]  # lemma of every verb, for "is the claim's event here, undated?"
    undated_reports: tuple[Event, ...]  # speech acts and main clauses no date modifies
    words: frozenset[str]  # stems of every content word, for a sentence that refers back


def related(a: str, b: str) -> bool:
    """Whether two lemmas name the same act ("sign"/"signing", "meet"/"meeting")."""
    if a == b:
        return True
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n >= 4 and n >= min(len(a), len(b)) - 2


def keys_related(xs: Iterable[str], ys: Iterable[str]) -> bool:
    ys = tuple(ys)
    return any(related(x, y) for x in xs for y in ys)


def available() -> bool:
    """Whether a trained parser is installed (without one no date is tied to an event)."""
    nlp = get_event_nlp()
    return nlp is not None and nlp.has_pipe("parser")


@lru_cache(maxsize=4096)
def parse(text: str) -> Doc:
    """The sentence parsed once per process (claims and source sentences repeat across checks)."""
    nlp = get_event_nlp()
    assert nlp is not None, "events.parse needs a trained pipeline (see events.available)"
    return nlp(text)


def _stem(token: Token) -> str:
    return token.lower_[:_STEM_CHARS]


def _span_root(doc: Doc, start: int, end: int) -> Token | None:
    """The token of a character span whose head lies outside it."""
    tokens = [t for t in doc if t.idx < end and start < t.idx + len(t.text)]
    inside = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), None)


def attach(root: Token) -> Token:
    """The word a date modifies: up through prepositions, numbers and place names."""
    token = root
    while token.head.i != token.i:
        head = token.head
        if head.pos_ in ("VERB", "AUX") or (head.pos_ == "NOUN" and not _temporal(head)):
            return head
        token = head
    return token


def _temporal(token: Token) -> bool:
    """A noun that only says when ("the evening of July 27"), not what happened."""
    return token.ent_type_ in ("DATE", "TIME") or token.lemma_.lower() in _TIME_NOUNS


def _hops(root: Token, head: Token) -> int:
    n, token = 0, root
    while token.i != head.i and token.head.i != token.i:
        token, n = token.head, n + 1
    return n


def _closest_only(
    roots: list[Token | None],
    preds: list[Token | None],
    spans: tuple[tuple[int, int], ...],
    doc: Doc,
) -> list[Token | None]:
    """Of several dates reaching one word, those that modify it most directly.

    "signed ... in August 2000" beats a date the parse hung under the same verb from far
    away (a PDF's title line run into the sentence); a date conjoined to another ("on 31
    March and 9 May") counts as close as the one it is joined to.
    """
    starts = {
        t.i: k
        for k, (s, e) in enumerate(spans)
        for t in doc
        if t.idx < e and s < t.idx + len(t.text)
    }
    hops = []
    for k, (root, pred) in enumerate(zip(roots, preds, strict=True)):
        if root is None or pred is None:
            hops.append(0)
            continue
        token = root
        while token.dep_ == "conj" and starts.get(token.head.i, k) != k:
            token = token.head
        hops.append(_hops(token, pred))
    best: dict[int, int] = {}
    for pred, n in zip(preds, hops, strict=True):
        if pred is not None:
            best[pred.i] = min(n, best.get(pred.i, n))
    return [
        p if p is None or n <= best[p.i] + _HOP_SLACK else None
        for p, n in zip(preds, hops, strict=True)
    ]


def _attributive(root: Token, pred: Token) -> bool:
    """A date naming a thing rather than timing an event: "the 2018 agreement"."""
    return pred.pos_ == "NOUN" and root.head.i == pred.i and root.dep_ in _ATTRIBUTIVE_DEPS


def _name_groups(tokens: list[Token], core_heads: list[Token]) -> frozenset[frozenset[str]]:
    """Each participant named among `tokens`, as the stems of its name.

    People (PERSON entities, marked with `PERSON_MARK`) and identifying numbers anywhere;
    other proper names only on the subject or object itself ("the Jeonju lantern festival",
    "the Ministry of Foreign Affairs"), since a place or a source named in passing ("in
    Kaesong", "according to Xinhua") does not say whose event it is.
    """
    on_core = {t.i for h in core_heads for t in _noun_phrase(h)}
    groups: dict[int, set[str]] = {}
    for t in tokens:
        number = t.pos_ == "NUM" and any(c.isdigit() for c in t.text)
        person = t.ent_type_ == "PERSON"
        proper = t.i in on_core and (t.pos_ == "PROPN" or t.ent_type_ not in ("", *_PLACE_LABELS))
        if not (number or person or proper):
            continue
        key = t.i
        if t.ent_iob_ in ("B", "I"):
            key = next(e.start for e in t.doc.ents if e.start <= t.i < e.end)
        elif t.dep_ == "compound" and t.head.pos_ == "PROPN":
            key = t.head.i
        groups.setdefault(key, set()).update({_stem(t), *([PERSON_MARK] if person else [])})
    return frozenset(frozenset(g) for g in groups.values())


def _is_name(token: Token) -> bool:
    """A proper noun or a named entity other than a place or a date."""
    return token.pos_ == "PROPN" or token.ent_type_ not in ("", *_PLACE_LABELS)


def _content(tokens: Iterable[Token]) -> list[Token]:
    return [t for t in tokens if t.pos_ in _CONTENT_POS and not t.is_stop and len(t.text) > 1]


def _subject(token: Token) -> Token | None:
    """The subject of a verb, or of the verb governing it (xcomp, conj, advcl), or the noun
    a participle modifies ("the treaty, first proposed in 1998"); an event noun has none.
    """
    t = token
    while t.pos_ in ("VERB", "AUX"):
        subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and t.dep_ == "relcl" and subj.tag_ in ("WDT", "WP"):
            return t.head  # "the festival, which ran ...": the festival
        if subj is not None:
            return subj
        if t.dep_ in ("acl", "relcl", "appos"):
            return t.head
        if t.dep_ not in ("xcomp", "conj", "advcl") or t.head.i == t.i:
            return None
        t = t.head
    return None


def _core_heads(pred: Token) -> list[Token]:
    """The head words of an event's subject and object (who did it, to what)."""
    heads = [_subject(pred), *[c for c in pred.children if c.dep_ in ("dobj", "nsubjpass")]]
    return [h for h in heads if h is not None and h.pos_ in ("NOUN", "PROPN")]


def _keys(pred: Token) -> set[str]:
    """The lemmas naming what happened: a light verb's object stands for it ("held talks"
    is "talk", "took place" is the subject's), other verbs name the act themselves.
    """
    lemma = pred.lemma_.lower()
    named: set[str] = set()
    for child in pred.children:
        if lemma in _LIGHT_VERBS and child.dep_ in ("dobj", "attr", "nsubjpass"):
            named.add(child.lemma_.lower())
        if lemma in _OCCURRENCE_VERBS and child.dep_ in ("nsubj", "nsubjpass"):
            named.add(child.lemma_.lower())
    if pred.dep_ in ("acl", "relcl") and lemma in _LIGHT_VERBS | _OCCURRENCE_VERBS:
        named.add(pred.head.lemma_.lower())
    if lemma in _LIGHT_VERBS | _OCCURRENCE_VERBS and not named:
        subj = _subject(pred)  # "the ceremony was to be held": the ceremony
        if subj is not None and subj.pos_ == "NOUN":
            named.add(subj.lemma_.lower())
    named -= _IDIOM_OBJECTS
    keys = named if lemma in _LIGHT_VERBS and named else {lemma, *named}
    keys |= {c.lemma_.lower() for c in pred.children if c.dep_ == "xcomp" and c.pos_ == "VERB"}
    return keys


def _tense(pred: Token) -> Tense | None:
    """Future for "will meet", "is due to travel" or a scheduled present; past for past forms."""
    if pred.pos_ not in ("VERB", "AUX"):
        return None
    chain = [pred, *[a for a in pred.ancestors if a.pos_ in ("VERB", "AUX", "ADJ")][:2]]
    for t in chain:
        if any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in t.children):
            return Tense.FUTURE
    if pred.dep_ == "xcomp" and pred.head.lemma_.lower() in _FUTURE_HEADS:
        return Tense.FUTURE
    auxes = [c for c in pred.children if c.dep_ in ("aux", "auxpass")]
    if pred.tag_ in ("VBD", "VBN") or any(a.tag_ in ("VBD", "VBN") for a in auxes):
        return Tense.PAST
    if pred.tag_ in ("VBZ", "VBP") and pred.lemma_.lower() not in _REPORTING_VERBS:
        return Tense.FUTURE  # "the expo opens on Thursday": a scheduled event
    return None


def _anaphoric(pred: Token) -> bool:
    """Whether the event's subject refers back: a pronoun, or "the/its ..." naming no one."""
    subj = _subject(pred)
    if subj is None:
        return False
    if subj.pos_ == "PRON":
        return True
    first = next(iter(subj.subtree))
    return first.lower_ in _ANAPHORIC_DETS and not any(_is_name(t) for t in subj.subtree)


def _governing_verb(noun: Token) -> Token | None:
    """The verb whose object a dated noun is ("suspended part of the agreement on 22
    November": the date may hang under the noun, the act is the verb's); None for a noun
    in an adjunct ("three weeks after the launch of 29 November").
    """
    token = noun
    while token.head.i != token.i:
        if token.dep_ in ("dobj", "nsubjpass", "attr", "oprd"):
            return token.head if token.head.pos_ == "VERB" else None
        if token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.head.pos_ == "NOUN":
            token = token.head.head
        elif token.dep_ in ("conj", "appos", "compound"):
            token = token.head
        else:
            return None
    return None


def _host_verb(pred: Token) -> Token | None:
    """The verb an event happened within: "adopted the law at its session held on 8
    September" dates the adoption by the session's day ("at", "during" only; "after the
    launch of 29 November" dates nothing else).
    """
    noun = pred.head if pred.pos_ == "VERB" and pred.dep_ in ("acl", "relcl") else pred
    if noun.pos_ != "NOUN" or noun.dep_ != "pobj":
        return None
    prep = noun.head
    if prep.lower_ not in _WITHIN_PREPS:
        return None
    token = prep.head  # "adopted the law on nuclear forces at its session": up to the verb
    while token.pos_ != "VERB" and token.dep_ in ("pobj", "prep", "dobj", "conj", "appos"):
        token = token.head
    return token if token.pos_ == "VERB" else None


def _same_time(child: Token, excluded: set[int]) -> bool:
    """A verb that shares its head's time: a participle ("ordered ..., calling for") or a
    conjoined verb with no date of its own ("arrived and attended").
    """
    if child.pos_ != "VERB" or child.i in excluded:
        return False
    participle = child.dep_ == "advcl" and child.tag_ == "VBG"
    return participle or child.dep_ == "conj"


def _noun_phrase(noun: Token) -> list[Token]:
    """A noun and the words naming it ("resolution 2371", "the Jeonju lantern festival")."""
    return [noun, *[c for c in noun.children if c.dep_ in _ATTRIBUTIVE_DEPS]]


def _event(pred: Token, excluded: set[int]) -> Event:
    """The event of predicate `pred`, leaving out the words of `excluded` token indexes."""
    own = [t for t in pred.subtree if t.i not in excluded]
    seen = {t.i for t in own}
    verb = _governing_verb(pred) if pred.pos_ == "NOUN" else None
    actor = verb or pred
    around: list[Token] = []
    subj = _subject(actor)
    if subj is not None:
        around += [t for t in subj.subtree if t.i not in excluded and t.i not in seen]
    if actor.dep_ in ("relcl", "acl"):  # "resolution 2371, which the Council adopted"
        around += [t for t in _noun_phrase(actor.head) if t.i not in seen]
    host = _host_verb(actor)
    if host is not None:  # "adopted the law at its session held on 8 September"
        subj = _subject(host)
        around += [t for t in (subj.subtree if subj is not None else ()) if t.i not in seen]
    words = _content(own + around)
    lemma = pred.lemma_.lower()
    keys = _keys(pred) | (_keys(verb) if verb is not None else set())
    keys |= _keys(host) if host is not None else set()
    chain = [actor, *[c for c in actor.children if c.dep_ == "xcomp"]]
    keys |= {c.lemma_.lower() for t in chain for c in t.children if _same_time(c, excluded)}
    return Event(
        keys=frozenset(keys),
        args=frozenset(_stem(t) for t in words if t.i != pred.i),
        names=_name_groups(words, _core_heads(pred)),
        core=frozenset(_stem(h) for h in _core_heads(pred)),
        head=pred.i,
        tense=_tense(actor),
        reporting=lemma in _REPORTING_VERBS or any(c.dep_ == "ccomp" for c in pred.children),
        anaphoric=_anaphoric(pred),
    )


def read(text: str, spans: tuple[tuple[int, int], ...]) -> Reading:
    """The events the date spans of `text` (character offsets into it) belong to."""
    doc = parse(text)
    roots = [_span_root(doc, s, e) for s, e in spans]
    span_tokens = {t.i for s, e in spans for t in doc if t.idx < e and s < t.idx + len(t.text)}
    preds = [attach(r) if r is not None else None for r in roots]
    preds = _closest_only(roots, preds, spans, doc)
    dated_heads = {p.i for p in preds if p is not None}
    # Another dated word's own clause is another event, cut out of this one; a date that
    # only names a thing ("the 2018 agreement") leaves its noun phrase where it is.
    timed = [
        p
        for r, p in zip(roots, preds, strict=True)
        if r is not None and p is not None and not _attributive(r, p)
    ]
    events: list[Event | None] = []
    for pred in preds:
        if pred is None:
            events.append(None)
            continue
        others = {t.i for p in timed if p.i != pred.i for t in _clause(p, pred)}
        events.append(_event(pred, others | span_tokens))
    # A wire lead's undated acts: its speech acts and its main clauses, which the report's
    # dateline dates ("SEOUL, July 6 -- Yoon ordered ..., his office said").
    reports = [
        _event(t, span_tokens)
        for t in doc
        if t.pos_ == "VERB"
        and t.i not in dated_heads
        and not any(a.i in dated_heads for a in t.ancestors)
        and (
            t.lemma_.lower() in _REPORTING_VERBS
            or any(c.dep_ == "ccomp" for c in t.children)
            or t.dep_ in ("ROOT", "ccomp", "parataxis")
            or (t.dep_ == "conj" and t.head.dep_ == "ROOT")
        )
    ]
    return Reading(
        events=tuple(events),
        verbs=frozenset(t.lemma_.lower() for t in doc if t.pos_ == "VERB"),
        undated_reports=tuple(reports),
        words=frozenset(_stem(t) for t in _content(doc)),
    )


def _clause(pred: Token, within: Token) -> list[Token]:
    """The tokens of `pred`'s clause, unless `pred` governs `within` (then only `pred`)."""
    if within in pred.subtree:
        return [pred]
    return list(pred.subtree)

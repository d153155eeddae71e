"""Check a claimed date against the date the source gives the claim's own event.

The claim's event is read from its parse (`events`): the words naming what happened (the
verb the date modifies, or the object of a light verb: "held talks") and its arguments.
A source sentence is read when it states a date that agrees or disagrees with the claim and
shares words with it (or follows one that does and refers back to it); each of its dates is
tied by the parse to the word it modifies, and that event is compared with the claim's:

- the same act: a related predicate ("signed"/"signing") and no one else in it (each side
  naming a person or organisation the other does not is another person's event);
- a paraphrase: another predicate ("adopted"/"passed"), but most of the claim's weighted
  arguments, and no other verb of the sentence naming the claim's act.

`verified`: a fitting event states the date at the claimed precision or finer;
`mismatch`: a fitting event that shares enough of the claim states another date;
`not_found`: otherwise ("source is less precise" when a fitting event's date is vaguer).

A weekday is dated from the report's date in the direction of its verb's tense, a
dateline dates only the lead's speech acts ("..., the ministry said"), and a Chinese or
Korean sentence is tied to the claim through the glossary's terms (`glossary`). A date so
inferred says how in the match's note. `Match.score` is the weighted share of the claim's
arguments found in the event the verdict rests on (0..1).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache

from briefcheck import settings
from briefcheck.extractors.dates import find_dates
from briefcheck.match import events, glossary
from briefcheck.match.events import Event, Reading, keys_related
from briefcheck.match.passages import (
    RANK,
    Anchor,
    Passage,
    anchor,
    datelines,
    split_passages,
    stem_weights,
    stems,
)
from briefcheck.match.relative import resolve
from briefcheck.models import DateMention, Evidence, Match, Precision, SourceText, Verdict
from briefcheck.parse.links import text_fragment_url


def compare_dates(claimed: DateMention, stated: DateMention) -> str:
    """'supports', 'vaguer' (agrees but less precise) or 'conflicts': `stated` against `claimed`."""
    if Precision.DECADE in (claimed.precision, stated.precision):
        same = claimed.value[:3] == stated.value[:3]
        finer = RANK[stated.precision] >= RANK[claimed.precision]
        return "conflicts" if not same else "supports" if finer else "vaguer"
    common = min(len(claimed.value), len(stated.value))
    if claimed.value[:common] != stated.value[:common]:
        return "conflicts"
    return "supports" if len(stated.value) >= len(claimed.value) else "vaguer"


def _telling(claimed: DateMention, stated: DateMention) -> bool:
    """Whether a disagreeing date is precise enough to contradict the claim ("since 2016"
    says nothing against "6 July 2016").
    """
    return RANK[stated.precision] >= min(RANK[claimed.precision], RANK[Precision.MONTH])


@dataclass(frozen=True, slots=True)
class _Claim:
    """The claimed date and the event it dates in the claim."""

    date: DateMention
    text: str
    event: Event | None
    stems: frozenset[str]
    terms: dict[str, tuple[str, ...]]  # glossary terms, for sources in Chinese or Korean


@dataclass(frozen=True, slots=True, kw_only=True)
class _Fit:
    """A source date tied to an event that fits the claim's, and how well."""

    passage: Passage
    stated: DateMention
    share: float
    same_act: bool = True
    telling: bool = True  # enough of the claim to call a disagreeing date a mismatch
    note: str | None = None


def _claim_dates(text: str, date: DateMention) -> list[DateMention]:
    """The claim's dates, the checked one first (offsets into `text`)."""
    others = [d for d in find_dates(text) if (d.start, d.end) != (date.start, date.end)]
    if text[date.start : date.end] != date.text:
        at = text.find(date.text)
        date = dataclasses.replace(date, start=max(at, 0), end=max(at, 0) + len(date.text))
    return [date, *[d for d in others if d.end <= date.start or d.start >= date.end]]


@lru_cache(maxsize=1024)
def _read_claim(date: DateMention, text: str) -> _Claim:
    """The claim's event for `date`, read once per (date, claim)."""
    mentions = _claim_dates(text, date)
    event = None
    if events.available() and mentions[0].text in text:
        event = events.read(text, tuple((d.start, d.end) for d in mentions)).events[0]
    lemmas = (
        frozenset(t.lemma_.lower() for t in events.parse(text))
        if events.available()
        else frozenset()
    )
    return _Claim(date, text, event, frozenset(stems(text)), glossary.terms_in(text, lemmas))


def _share(claim_args: frozenset[str], found: frozenset[str], weights: dict[str, float]) -> float:
    """The weighted share of the claim's arguments found in an event (topic words weigh 0)."""
    if not claim_args:
        return 1.0
    weight = {a: weights.get(a, settings.DATE_UNSEEN_WORD_WEIGHT) for a in claim_args}
    total = sum(weight.values())
    if total == 0:
        return len(claim_args & found) / len(claim_args)
    return sum(weight[a] for a in claim_args & found) / total


def _fit(
    claim: Event,
    found: Event,
    reading: Reading,
    weights: dict[str, float],
    inherited: frozenset[str],
) -> tuple[bool, bool, float, bool]:
    """(fits, telling, share, same act) of a source event against the claim's event.

    Words of the sentence before (`inherited`, when the event's subject refers back to it)
    count for an event with the claim's own act only: a paraphrase must say it all itself.
    """
    same_act = keys_related(claim.keys, found.keys)
    args = found.args | inherited if same_act else found.args
    share = _share(claim.args, args, weights)
    extra = [n for n in found.names if not n & claim.args]
    missing = [n for n in claim.names if not _named_in(n, args)]
    if extra and missing:
        return False, False, share, same_act  # each names someone the other does not
    everyone = bool(claim.names) and not missing
    if same_act:
        fits = everyone or share >= settings.DATE_SAME_ACT_MIN_SHARE or not found.names
    else:
        fits = _paraphrase(claim, found, reading) and share >= settings.DATE_PARAPHRASE_MIN_SHARE
    telling = fits and (everyone or share >= settings.DATE_MISMATCH_MIN_SHARE)
    return fits, telling, share, same_act


def _named_in(name: frozenset[str], words: frozenset[str]) -> bool:
    """Whether a claim's participant is named among an event's words: a person by any part
    of the name ("Kim" for "Kim Jong Un"), anything else by half its words ("the Busan
    International Film Festival" is not "the Jeonju lantern festival").
    """
    parts = name - {events.PERSON_MARK}
    found = len(parts & words)
    return found > 0 and (events.PERSON_MARK in name or 2 * found >= len(parts))


def _paraphrase(claim: Event, found: Event, reading: Reading) -> bool:
    """Whether another predicate may state the claim's event: the same kind of act (a
    statement for a statement), the claim's subject or object among its words, and no other
    verb of the sentence naming the claim's act.
    """
    elsewhere = {v for v in reading.verbs if not keys_related({v}, found.keys)}
    if keys_related(claim.keys, elsewhere) or claim.reporting != found.reporting:
        return False
    return not claim.core or bool(claim.core & found.args)


def _evidence(source: SourceText, passage: Passage) -> Evidence:
    text = source.text[passage.start : passage.end]
    stripped = text.strip()
    start = passage.start + text.find(stripped)
    url = text_fragment_url(source.url, stripped)
    return Evidence(text=stripped, start=start, end=start + len(stripped), url=url)


# Han, kana and Hangul: scripts the English parser cannot read.
_EAST_ASIAN_RE = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af]")


def _mostly_cjk(text: str) -> bool:
    letters = [c for c in text if c.isalnum()]
    return bool(letters) and len(_EAST_ASIAN_RE.findall(text)) > 0.3 * len(letters)


@dataclass(frozen=True, slots=True)
class _Page:
    """What the matcher reads once per source: passages, weights, the report's date."""

    source: SourceText
    passages: list[Passage]
    weights: dict[str, float]
    anchor: Anchor | None
    datelines: tuple[DateMention, ...]
    cjk: tuple[bool, ...]  # per passage: written in a script the English parser cannot read


@lru_cache(maxsize=16)
def _page(source: SourceText) -> _Page:
    passages = split_passages(source)
    cjk = tuple(_mostly_cjk(source.text[p.start : p.end]) for p in passages)
    return _Page(
        source=source,
        passages=passages,
        weights=stem_weights(passages),
        anchor=anchor(source),
        datelines=tuple(datelines(source)),
        cjk=cjk,
    )


def _dateline_in(page: _Page, passage: Passage) -> DateMention | None:
    return next((d for d in page.datelines if passage.start <= d.start < passage.end), None)


def _retimed(page: _Page, passage: Passage, mention: DateMention, found: Event) -> DateMention:
    """A bare weekday dated again in the direction of the verb it modifies."""
    rel = next(
        (r for r in passage.relatives if (r.start, r.end) == (mention.start, mention.end)), None
    )
    if rel is None or rel.weekday is None or rel.direction or found.tense is None:
        return mention
    assert page.anchor is not None and page.anchor.day is not None
    again = resolve(rel, page.anchor.day, page.anchor.source, found.tense)
    return again or mention


def _read_passage(page: _Page, k: int) -> tuple[Reading, list[tuple[DateMention, Event]]] | None:
    """The passage's dates tied to their events; a lead's undated speech acts get the dateline."""
    passage = page.passages[k]
    line = _dateline_in(page, passage)
    begin = passage.start if line is None else line.end
    text = page.source.text[begin : passage.end]
    lead = len(text) - len(text.lstrip(" \t-–—:"))
    begin, text = begin + lead, text[lead:]
    mentions = [d for d in passage.dates if d.start >= begin]
    if not text.strip():
        return None
    reading = events.read(text, tuple((d.start - begin, d.end - begin) for d in mentions))
    pairs = [
        (_retimed(page, passage, m, ev), ev)
        for m, ev in zip(mentions, reading.events, strict=True)
        if ev is not None
    ]
    if line is not None:
        note = (
            f"dated by the dateline {line.text!r}: the lead states no other day for it, and a "
            "wire lead reports the day's news (inferred)"
        )
        stated = dataclasses.replace(line, note="; ".join(n for n in (line.note, note) if n))
        reports = [*reading.undated_reports, events.report_itself(reading.words)]
        pairs += [(stated, ev) for ev in reports]
    return reading, pairs


def _inherited(page: _Page, k: int, found: Event) -> frozenset[str]:
    """Words of the sentence before, for an event whose subject refers back to it."""
    if not found.anaphoric or k == 0:
        return frozenset()
    before = page.passages[k - 1]
    text = page.source.text[before.start : before.end]
    if not text.strip() or _mostly_cjk(text):
        return frozenset()
    return events.read(text, ()).words


def _english_fits(page: _Page, k: int, claim: _Claim) -> list[_Fit]:
    assert claim.event is not None
    read = _read_passage(page, k)
    if read is None:
        return []
    reading, pairs = read
    out = []
    for stated, found in pairs:
        fits, telling, share, same = _fit(
            claim.event, found, reading, page.weights, _inherited(page, k, found)
        )
        if fits:
            passage = page.passages[k]
            out.append(
                _Fit(passage=passage, stated=stated, share=share, same_act=same, telling=telling)
            )
    return out


def _cjk_fits(page: _Page, k: int, claim: _Claim) -> list[_Fit]:
    """Dates of a Chinese or Korean sentence whose own clause names the claim's act.

    A date's clause runs from the date to the next date (both languages put the date before
    the verb it modifies); the words before the first date are everyone's subject.
    """
    if claim.event is None:
        return []
    passage = page.passages[k]
    text = page.source.text
    acts = {e: f for e, f in claim.terms.items() if keys_related({e}, claim.event.keys)}
    others = {e: f for e, f in claim.terms.items() if e not in acts}
    dates = [d for d in passage.dates if d not in page.datelines]
    subject = text[passage.start : dates[0].start] if dates else ""
    out = []
    for i, stated in enumerate(dates):
        stop = dates[i + 1].start if i + 1 < len(dates) else passage.end
        clause = text[stated.end : stop]
        if not any(glossary.named(f, clause) for f in acts.values()):
            continue
        hits = [e for e, f in others.items() if glossary.named(f, subject + clause)]
        share = len(hits) / len(others) if others else 1.0
        if share >= settings.DATE_CJK_MIN_SHARE:
            terms = ", ".join(
                sorted(hits + [e for e, f in acts.items() if glossary.named(f, clause)])
            )
            note = f"source in another language: tied to the claim by the terms {terms}"
            out.append(_Fit(passage=passage, stated=stated, share=share, note=note))
    return out


def _candidates(page: _Page, claim: _Claim) -> list[int]:
    """Passages worth parsing: they state a date that bears on the claim and share its words
    (or follow one that does), best first, at most `DATE_PASSAGES_PARSED`.
    """
    shared = [sum(page.weights.get(s, 0.0) for s in claim.stems & p.stems) for p in page.passages]
    lines = {d.start for d in page.datelines}
    ranked = []
    for k, passage in enumerate(page.passages):
        score = max(shared[k], shared[k - 1] / 2 if k else 0.0)
        if not (score > 0 or page.cjk[k] or any(d.start in lines for d in passage.dates)):
            continue
        if any(
            compare_dates(claim.date, d) != "conflicts" or _telling(claim.date, d)
            for d in passage.dates
        ):
            ranked.append((-score, k))
    return [k for _, k in sorted(ranked)[: settings.DATE_PASSAGES_PARSED]]


def _fits(page: _Page, claim: _Claim) -> list[_Fit]:
    out = []
    for k in _candidates(page, claim):
        if page.cjk[k]:
            out += _cjk_fits(page, k, claim)
        elif claim.event is not None:
            out += _english_fits(page, k, claim)
    return out


def _note(*parts: str | None) -> str | None:
    return "; ".join(p for p in parts if p) or None


def _match(
    verdict: Verdict,
    share: float,
    reason: str,
    evidence: Evidence | None = None,
    note: str | None = None,
) -> Match:
    return Match(
        verdict=verdict, score=round(share, 4), reason=reason, evidence=evidence, note=note
    )


def _verdict(page: _Page, claim: _Claim, fits: list[_Fit]) -> Match:
    date = claim.date
    best = sorted(fits, key=lambda f: (not f.same_act, -f.share))
    for f in best:
        if compare_dates(date, f.stated) == "supports":
            note = _note(f.note, f.stated.note)
            ev = _evidence(page.source, f.passage)
            return _match(Verdict.VERIFIED, f.share, "date of the claimed event", ev, note)
    for f in best:
        if f.telling and compare_dates(date, f.stated) == "conflicts" and _telling(date, f.stated):
            note = _note(
                f"the source dates the event {f.stated.text!r} ({f.stated.value})",
                f.note,
                f.stated.note,
            )
            ev = _evidence(page.source, f.passage)
            return _match(Verdict.MISMATCH, f.share, "the event has another date", ev, note)
    for f in best:
        if compare_dates(date, f.stated) == "vaguer":
            note = _note(f"the source states only {f.stated.text!r}", f.note, f.stated.note)
            ev = _evidence(page.source, f.passage)
            return _match(Verdict.NOT_FOUND, f.share, "source is less precise", ev, note)
    return _nothing(page, claim)


def _nothing(page: _Page, claim: _Claim) -> Match:
    """not_found, naming where the date appears if it does (for another event)."""
    elsewhere = next(
        (p for p in page.passages for d in p.dates if compare_dates(claim.date, d) == "supports"),
        None,
    )
    if claim.event is None and not events.available():
        return _match(Verdict.NOT_FOUND, 0.0, "no parser installed to tie dates to events")
    if elsewhere is not None:
        note = "the date appears in the source, but not as the date of the claimed event"
        ev = _evidence(page.source, elsewhere)
        return _match(Verdict.NOT_FOUND, 0.0, "date belongs to another event", ev, note)
    return _match(Verdict.NOT_FOUND, 0.0, "date not in source")


def check_date(date: DateMention, claim_text: str, source: SourceText) -> Match:
    """Check one date of a claim against a source: the date must belong to the claimed event.

    Takes the `DateMention` from the brief, the claim sentence it stands in, and the
    `SourceText`; returns a `Match`: `verified` when a source sentence about the same event
    (same act and participants, read through spaCy's parse) states that date at the claimed
    precision, `mismatch` when it states another date for that event, `not_found` when the
    source does not date the event. An inferred date (a weekday, "today", a missing year) is
    named in the note. See the module docstring for the rules.
    """
    page = _page(source)
    if not page.passages:
        return _match(Verdict.NOT_FOUND, 0.0, "source has no text")
    claim = _read_claim(date, claim_text)
    return _verdict(page, claim, _fits(page, claim))

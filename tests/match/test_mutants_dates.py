"""Mutants of the date matcher: each named shortcut, applied with monkeypatch, must make the
date gate fail (a false `verified`, or too few faithful dates verified) on the classes that
guard against it. A mutant the gate cannot tell from the real matcher means the gate needs
more cases.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from briefcheck.match import dates, passages, relative
from briefcheck.models import Precision
from tests.support.gate_dates import failures, run_classes

Patch = Callable[[pytest.MonkeyPatch], None]


def _every_date_fits(page: dates._Page, passage: passages.Passage) -> list[dates._Fit]:
    return [dates._Fit(passage=passage, stated=d, share=1.0) for d in passage.dates]


def date_anywhere(mp: pytest.MonkeyPatch) -> None:
    """A date anywhere on the page verifies."""
    mp.setattr(
        dates,
        "_fits",
        lambda page, claim: [f for p in page.passages for f in _every_date_fits(page, p)],
    )


def any_sentence_with_the_date(mp: pytest.MonkeyPatch) -> None:
    """Any sentence that states the date and shares a word with the claim verifies."""

    def fits(page: dates._Page, claim: dates._Claim) -> list[dates._Fit]:
        shared = [p for p in page.passages if claim.stems & p.stems]
        return [f for p in shared for f in _every_date_fits(page, p)]

    mp.setattr(dates, "_fits", fits)


def nearest_date_regardless_of_event(mp: pytest.MonkeyPatch) -> None:
    """In each sentence the matcher reads, the date nearest the claim's words is the claim's."""

    def english(page: dates._Page, k: int, claim: dates._Claim) -> list[dates._Fit]:
        passage = page.passages[k]
        text = page.source.text[passage.start : passage.end].lower()
        spots = [text.find(s) + passage.start for s in claim.stems if s in text]
        if not spots or not passage.dates:
            return []
        nearest = min(passage.dates, key=lambda d: min(abs(d.start - x) for x in spots))
        return [dates._Fit(passage=passage, stated=nearest, share=1.0)]

    mp.setattr(dates, "_english_fits", english)


def dateline_dates_the_event(mp: pytest.MonkeyPatch) -> None:
    """A weekday in a wire report is the dateline's day: the dateline dates the event."""

    def retimed(page: dates._Page, passage: passages.Passage, mention, found):  # type: ignore[no-untyped-def]
        is_relative = any(
            (r.start, r.end) == (mention.start, mention.end) for r in passage.relatives
        )
        if page.datelines and is_relative:
            line = page.datelines[0]
            return dataclasses.replace(mention, value=line.value, precision=line.precision)
        return mention

    mp.setattr(dates, "_retimed", retimed)


def relative_ignores_direction(mp: pytest.MonkeyPatch) -> None:
    """ "next", "last", "will" are ignored: every weekday is the one on or before the report."""
    original = relative.resolve

    def resolve(rel, anchor, anchor_from, tense=None):  # type: ignore[no-untyped-def]
        return original(dataclasses.replace(rel, direction=None), anchor, anchor_from, None)

    mp.setattr(passages, "resolve", resolve)
    mp.setattr(dates, "resolve", resolve)


def year_anywhere(mp: pytest.MonkeyPatch) -> None:
    """A year claim verifies wherever the page states the year (the old rule)."""
    real = dates._fits

    def fits(page: dates._Page, claim: dates._Claim) -> list[dates._Fit]:
        if claim.date.precision is Precision.YEAR:
            return [f for p in page.passages for f in _every_date_fits(page, p)]
        return real(page, claim)

    mp.setattr(dates, "_fits", fits)


def someone_elses_event(mp: pytest.MonkeyPatch) -> None:
    """Participants are not compared: another person's meeting is the claim's."""
    mp.setattr(dates, "_named_in", lambda name, words: True)


def cjk_date_anywhere(mp: pytest.MonkeyPatch) -> None:
    """In a Chinese or Korean source the date anywhere in the sentence verifies."""

    def cjk(page: dates._Page, k: int, claim: dates._Claim) -> list[dates._Fit]:
        return _every_date_fits(page, page.passages[k])

    mp.setattr(dates, "_cjk_fits", cjk)


@dataclass(frozen=True)
class Mutant:
    name: str
    patch: Patch
    classes: tuple[str, ...]  # the classes whose cases guard against it


MUTANTS = [
    Mutant("date anywhere on the page verifies", date_anywhere, ("date-year-elsewhere",)),
    Mutant(
        "the nearest date in the sentence verifies regardless of event",
        nearest_date_regardless_of_event,
        ("date-other-event-same-sentence",),
    ),
    Mutant("dateline dates the event", dateline_dates_the_event, ("date-dateline-weekday",)),
    Mutant(
        "relative expressions ignore direction and tense",
        relative_ignores_direction,
        ("date-relative-direction",),
    ),
    Mutant(
        "any sentence with the date verifies",
        any_sentence_with_the_date,
        ("date-neighbour-sentence",),
    ),
    Mutant("a year verifies anywhere", year_anywhere, ("date-year-elsewhere",)),
    Mutant(
        "another person's event counts",
        someone_elses_event,
        ("date-other-person-false-mismatch", "date-range"),
    ),
    Mutant(
        "a CJK date anywhere in the sentence verifies",
        cjk_date_anywhere,
        ("date-cjk-other-sentence",),
    ),
]


@pytest.mark.parametrize("mutant", MUTANTS, ids=[m.name for m in MUTANTS])
def test_the_gate_kills_the_mutant(mutant: Mutant, monkeypatch: pytest.MonkeyPatch) -> None:
    dates._page.cache_clear()
    dates._read_claim.cache_clear()
    with monkeypatch.context() as mp:
        mutant.patch(mp)
        outcomes = run_classes(mutant.classes)
    dates._page.cache_clear()
    assert failures(outcomes), f"the gate does not notice: {mutant.name}"


def test_the_real_matcher_passes_the_same_classes() -> None:
    """The classes the mutants run pass with the real matcher (the kill is the mutant's)."""
    names = sorted({c for m in MUTANTS for c in m.classes})
    assert failures(run_classes(names)) == []

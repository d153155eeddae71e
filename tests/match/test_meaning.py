"""Meaning-bearing words as classes, and what brackets and ellipses may do with them."""

from __future__ import annotations

import pytest

from briefcheck.match.elisions import bracket_problem, ellipsis_problem
from briefcheck.match.meaning import Meaning, meanings


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("not", Meaning.NEGATION),
        ("won't", Meaning.NEGATION),
        ("cannot", Meaning.NEGATION),
        ("unchanged", Meaning.NEGATION),
        ("refusal", Meaning.PRIVATIVE),
        ("declined", Meaning.PRIVATIVE),
        ("withdrew", Meaning.PRIVATIVE),
        ("could", Meaning.MODAL),
        ("reportedly", Meaning.HEDGE),
        ("appeared", Meaning.HEDGE),
        ("unless", Meaning.CONTRAST),
        ("most", Meaning.QUANTITY),
        ("−0.6".replace("−", "-"), Meaning.NUMBER),
        ("€", Meaning.NUMBER),
        ("不会", Meaning.NEGATION),
        ("않기로", Meaning.NEGATION),
        ("공감하지만", Meaning.CONTRAST),
    ],
)
def test_a_word_belongs_to_its_class(word: str, kind: Meaning) -> None:
    assert kind in {k for k, _ in meanings(word)}


@pytest.mark.parametrize("word", ["note", "noted", "united", "unilaterally", "underlying", "ally"])
def test_look_alikes_carry_no_meaning(word: str) -> None:
    assert meanings(word) == frozenset()


@pytest.mark.parametrize(
    ("replaced", "bracket", "reason"),
    [
        ("would not", "[would]", "bracket drops a negation"),
        ("never", "[always]", "bracket drops a negation"),
        ("could", "[would]", "bracket drops a modal"),
        ("about 20,000", "[30,000]", "bracket changes a number"),
        ("that year", "[would have]", "bracket adds a modal"),
        ("不会", "[会]", "bracket drops a negation"),
    ],
)
def test_a_bracket_may_not_change_meaning(replaced: str, bracket: str, reason: str) -> None:
    problem = bracket_problem(replaced, bracket)
    assert problem is not None and problem.reason == reason


@pytest.mark.parametrize(
    ("replaced", "bracket"),
    [("he", "[Kim]"), ("I have", "[he has]"), ("March of that year", "[March 2024]"), ("", "[UN]")],
)
def test_a_bracket_may_name_or_clarify(replaced: str, bracket: str) -> None:
    assert bracket_problem(replaced, bracket) is None


def _elide(text: str, *kept: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    spans = []
    pos = 0
    for piece in kept:
        start = text.index(piece, pos)
        spans.append((start, start + len(piece)))
        pos = start + len(piece)
    gaps = [(spans[k][1], spans[k + 1][0]) for k in range(len(spans) - 1)]
    return spans, gaps


ELLIPSES = [
    ("The talks failed to reach agreement.", ("The talks", "reach agreement"), "a negation"),
    ("The plan will probably succeed.", ("The plan will", "succeed"), "a hedge"),
    ("Prices rose near the coast but fell inland.", ("Prices rose", "inland"), "a contrast"),
    ("The board sold the old ferry.", ("The board", "the old ferry"), "the governing word"),
]


@pytest.mark.parametrize(("text", "kept", "what"), ELLIPSES, ids=[e[2] for e in ELLIPSES])
def test_an_ellipsis_may_not_drop_what_bears_on_the_kept_words(
    text: str, kept: tuple[str, ...], what: str
) -> None:
    spans, gaps = _elide(text, *kept)
    problem = ellipsis_problem(text, spans, gaps)
    assert problem is not None and problem.reason.endswith(what)


HARMLESS = [
    (
        "The envoy, who had not visited Pyongyang since 2019, arrived on Monday.",
        ("The envoy", "arrived on Monday"),
    ),
    ("The team (formed in October) released its report.", ("The team", "released its report")),
    ("Talks began. Reporters were not allowed in. Both sides agreed.", ("Talks began.", "Both")),
    ("Its report, published at the end of May, is careful.", ("Its report", "is careful")),
]


@pytest.mark.parametrize(("text", "kept"), HARMLESS)
def test_an_ellipsis_may_drop_a_whole_unit(text: str, kept: tuple[str, ...]) -> None:
    spans, gaps = _elide(text, *kept)
    assert ellipsis_problem(text, spans, gaps) is None

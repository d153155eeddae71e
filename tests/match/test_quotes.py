"""Quotation search: exact after normalisation, ellipses, brackets, and the closest passage."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefcheck.match.quotes import find_quote
from briefcheck.models import SourceText, Verdict
from briefcheck.parse.links import text_fragment_url

SOURCE = SourceText(
    url="https://news.example.org/2025/09/05/summit",
    text=(
        "BEIJING, September 4 (Wire) -- The two leaders agreed to strengthen “strategic "
        "communication and high-level visits” between their parties.\n"
        "The North Korean side spoke of strengthening strategic cooperation and defin-\n"
        "ing common interests in international and regional affairs. The statement did not, "
        "however, mention the ﬁnal goal of denuclearisation. Officials said the country will "
        "never give up its nuclear deterrent, and trade rose 12.5 per cent in 2024.\n"
        "两国领导人同意加强战略沟通和高层交往，不断深化传统友谊。"
    ),
)

CASES = [
    # (id, quotation, verdict, reason)
    (
        "exact",
        "strategic communication and high-level visits",
        "verified",
        "exact after normalisation",
    ),
    (
        "straight-quotes",
        '"strategic communication and high-level visits"',
        "verified",
        "exact after normalisation",
    ),
    ("hyphen-as-space", "high level visits", "verified", "exact after normalisation"),
    (
        "pdf-hyphenation",
        "strategic cooperation and defining common interests",
        "verified",
        "exact after normalisation",
    ),
    ("ligature", "the final goal of denuclearisation", "verified", "exact after normalisation"),
    ("case", "STRATEGIC COOPERATION", "verified", "exact after normalisation"),
    (
        "ellipsis",
        "strengthening strategic cooperation … regional affairs",
        "verified",
        "exact, with ellipsis",
    ),
    (
        "three-dots",
        "strengthening strategic cooperation... regional affairs",
        "verified",
        "exact, with ellipsis",
    ),
    (
        "spaced-dots",
        "strategic cooperation . . . regional affairs",
        "verified",
        "exact, with ellipsis",
    ),
    (
        "bracket-wildcard",
        "Officials said [North Korea] will never give up",
        "verified",
        "exact after normalisation",
    ),
    ("sic", "trade rose 12.5 per cent [sic] in 2024", "verified", "exact after normalisation"),
    ("chinese", "加强战略沟通和高层交往", "verified", "exact after normalisation"),
    ("word-changed", "strategic communication and high-level talks", "mismatch", "word changed"),
    (
        "negation-inserted",
        "The two leaders agreed not to strengthen",
        "mismatch",
        "negation not in source",
    ),
    (
        "negation-swapped",
        "the country will not give up its nuclear deterrent",
        "mismatch",
        "word changed",
    ),
    (
        "negation-dropped",
        "the country will give up its nuclear deterrent",
        "mismatch",
        "source has a negation the quotation lacks",
    ),
    (
        "ellipsis-drops-negation",
        "The statement did … mention the final goal",
        "mismatch",
        "ellipsis drops a negation",
    ),
    ("number-changed", "trade rose 15.5 per cent in 2024", "mismatch", "number changed"),
    ("reordered", "communication and strategic high-level visits", "mismatch", "words reordered"),
    ("spelling", "the final goal of denuclearization", "mismatch", "spelling variant"),
    ("words-dropped", "strengthen strategic communication and visits", "mismatch", "words dropped"),
    (
        "word-dropped",
        "The two leaders agreed to strengthen communication",
        "mismatch",
        "word dropped",
    ),
    ("chinese-changed", "加强战略合作和高层交往", "mismatch", "words changed"),
    (
        "ellipsis-order",
        "regional affairs … strategic cooperation",
        "mismatch",
        "ellipsis fragments not in order nearby",
    ),
    (
        "unrelated",
        "sanctions relief in exchange for verifiable steps",
        "not_found",
        "no close passage",
    ),
]


@pytest.mark.parametrize(
    ("quote", "verdict", "reason"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_quotation_verdicts(quote: str, verdict: str, reason: str) -> None:
    match = find_quote(quote, SOURCE)
    assert (match.verdict.value, match.reason) == (verdict, reason)
    if match.evidence is not None:
        ev = match.evidence
        assert SOURCE.text[ev.start : ev.end] == ev.text


def test_mismatch_carries_the_sources_words_and_a_word_diff() -> None:
    match = find_quote("strategic communication and high-level talks", SOURCE)
    assert match.evidence is not None
    assert match.evidence.text == "strategic communication and high-level visits"
    assert match.evidence.diff == "strategic communication and high-level [-talks-] {+visits+}"
    assert match.score is not None and 0.7 <= match.score < 1


def test_spelling_variant_is_a_note_on_a_mismatch_never_verified() -> None:
    match = find_quote("the final goal of denuclearization", SOURCE)
    assert match.verdict == Verdict.MISMATCH
    assert match.note == "British/American spelling: denuclearization/denuclearisation"


def test_not_found_still_shows_the_closest_passage_and_score() -> None:
    match = find_quote("the leaders agreed on sanctions relief and a peace regime", SOURCE)
    assert match.verdict == Verdict.NOT_FOUND
    assert match.evidence is not None and match.score is not None and match.score < 0.7
    assert "closest passage scores" in (match.note or "")


def test_evidence_spans_a_pdf_line_break_exactly() -> None:
    match = find_quote("cooperation and defining common", SOURCE)
    assert match.evidence is not None
    assert match.evidence.text == "cooperation and defin-\ning common"


def test_repeated_phrase_is_verified_with_a_note() -> None:
    source = SourceText(url="u", text="The talks stalled. Later the talks stalled again.")
    match = find_quote("the talks stalled", source)
    assert match.verdict == Verdict.VERIFIED
    assert match.note == "appears 2 times; the first is shown"


def test_ellipsis_gap_is_bounded() -> None:
    filler = "Filler words follow here. " * 40
    source = SourceText(url="u", text=f"The first part ends. {filler} The second part ends.")
    match = find_quote("The first part ends … The second part ends", source)
    assert match.verdict == Verdict.MISMATCH
    assert match.reason == "ellipsis fragments not in order nearby"


def test_an_acronym_lower_cased_is_not_verified() -> None:
    source = SourceText(url="u", text="He said the US would help. UN envoys met.")
    match = find_quote("He said the us would help", source)
    assert (match.verdict, match.reason) == (Verdict.MISMATCH, "case changes meaning")
    assert find_quote("THE US WOULD HELP", source).verdict == Verdict.VERIFIED
    assert find_quote("the us would help", source).verdict == Verdict.VERIFIED
    dotted = SourceText(url="u", text="He said the U.S. would help.")
    assert find_quote("He said the US would help", dotted).verdict == Verdict.VERIFIED
    assert find_quote("He said the us would help", dotted).verdict == Verdict.MISMATCH
    assert find_quote("The US would help", source).verdict == Verdict.VERIFIED


def test_evidence_deep_link_is_a_text_fragment_of_the_sources_words() -> None:
    # The link format itself is tested with parse.links.text_fragment_url, which this uses.
    source = SourceText(url="https://x.org/a", text="They agreed on high-level visits and more.")
    match = find_quote("high-level visits", source)
    assert match.evidence is not None and match.evidence.url is not None
    assert match.evidence.url == text_fragment_url("https://x.org/a", match.evidence.text)
    assert match.evidence.url.startswith("https://x.org/a#:~:text=high%2Dlevel")


# The source's words as a reader would quote them: the PDF column's "defin-\ning" rejoined.
WORDS = SOURCE.text.replace("defin-\ning", "defining").split()


@settings(max_examples=150, deadline=None)
@given(st.integers(0, len(WORDS) - 6), st.integers(3, 6))
def test_any_stretch_of_the_source_verifies(start: int, length: int) -> None:
    quote = " ".join(WORDS[start : start + length])
    match = find_quote(quote, SOURCE)
    assert match.verdict == Verdict.VERIFIED, quote


@settings(max_examples=150, deadline=None)
@given(st.integers(0, len(WORDS) - 6), st.integers(4, 6), st.data())
def test_a_changed_word_never_verifies(start: int, length: int, data: st.DataObject) -> None:
    words = WORDS[start : start + length]
    k = data.draw(st.integers(0, length - 1))
    words[k] = "zebra"
    match = find_quote(" ".join(words), SOURCE)
    assert match.verdict != Verdict.VERIFIED


def test_a_footnote_number_glued_to_a_word_is_not_a_change() -> None:
    source = SourceText(url="u", text="They agreed on high-level visits3 between the parties.")
    match = find_quote("high-level visits between the parties", source)
    assert (match.verdict, match.reason) == (
        Verdict.VERIFIED,
        "exact, footnote number in the source",
    )
    assert find_quote("high-level visits3 between", source).verdict == Verdict.VERIFIED
    changed = find_quote("high-level talks between the parties", source)
    assert changed.verdict == Verdict.MISMATCH
    g20 = SourceText(url="u", text="Leaders met at the G20 summit in Osaka.")
    assert find_quote("Leaders met at the G summit in Osaka", g20).verdict != Verdict.VERIFIED


def test_empty_and_wordless_inputs() -> None:
    empty = SourceText(url="u", text="")
    assert find_quote("anything at all", empty).verdict == Verdict.NOT_FOUND
    assert find_quote("“ … ”", SOURCE).reason == "quotation has no words"


PIECES = ["alpha", "Beta", "“gamma”", "de-\nfence", "1,000", "两国", "not", "…", "[it]", "é", "’s"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=30),
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=8),
)
def test_any_quotation_gives_a_verdict_with_exact_evidence(
    source_words: list[str], quote_words: list[str]
) -> None:
    source = SourceText(url="https://x.org/p", text=" ".join(source_words))
    match = find_quote(" ".join(quote_words), source)
    if match.evidence is not None:
        ev = match.evidence
        assert source.text[ev.start : ev.end] == ev.text
    assert match.score is None or 0.0 <= match.score <= 1.0

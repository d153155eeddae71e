"""Typography normalisation: what folds, what does not, and the offset map back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefcheck.match.normalise import normalise, normalise_typography, tokenise

FOLDED = [
    ("curly-double", "the “three-axis” system", 'the "three-axis" system'),
    ("curly-single", "China’s ‘strategic’ aims", "china's 'strategic' aims"),
    ("ligature", "the ﬁnal ﬂight", "the final flight"),
    ("soft-hyphen", "denu\u00adclearisation", "denuclearisation"),
    ("line-break-hyphen", "nu-\nclear weapons", "nuclear weapons"),
    ("line-break-hyphen-spaces", "nu- \n  clear", "nuclear"),
    ("line-break-unicode-hyphen", "nu\u2010\nclear", "nuclear"),
    ("line-break-soft-hyphen", "nu\u00ad\r\nclear", "nuclear"),
    ("unicode-hyphen-in-word", "three\u2010axis", "three-axis"),
    ("nbsp-and-newlines", "high-level\u00a0\n\n visits", "high-level visits"),
    ("en-dash-joiner", "China–North Korea", "china-north korea"),
    ("em-dash", "war—and peace", "war\u2014and peace"),
    ("fullwidth", "ＫＣＮＡ　２０２２", "kcna 2022"),
    ("zero-width", "Py\u200bongyang", "pyongyang"),
    (
        "bracketed-footnote-marker",
        "high-level visits[3] and talks [12, 13].",
        "high-level visits and talks .",
    ),
    ("superscript-footnote-marker", "visits¹² and talks", "visits and talks"),
    ("dotted-initialism", "the U.S. and U.N. envoys; e.g. here", "the us and un envoys; eg here"),
    ("thousands-separator", "1,000,000 barrels", "1000000 barrels"),
    ("combining", "Pyongyang’s re\u0301gime", "pyongyang's régime"),
]

KEPT = [
    ("dash-on-one-line", "a- b", "a- b"),
    ("digits-not-thousands", "items 2,3 and 1,0001", "items 2,3 and 1,0001"),
    ("spelling", "defence", "defence"),
]


@pytest.mark.parametrize(("raw", "expected"), [c[1:] for c in FOLDED], ids=[c[0] for c in FOLDED])
def test_folds_typography(raw: str, expected: str) -> None:
    assert normalise_typography(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [c[1:] for c in KEPT], ids=[c[0] for c in KEPT])
def test_keeps_what_can_change_meaning(raw: str, expected: str) -> None:
    assert normalise_typography(raw) == expected


def test_offsets_point_back_to_the_original_words() -> None:
    text = "He said: “We will strengthen strate-\ngic communication.”"
    norm = normalise(text)
    at = norm.text.index("strategic communication")
    start, end = norm.original_span(at, at + len("strategic communication"))
    assert text[start:end] == "strate-\ngic communication"


def test_tokens_split_cjk_per_character_and_keep_numbers_whole() -> None:
    words = [t.text for t in tokenise(normalise_typography("两国 agreed on 1,500.5 tonnes"))]
    assert words == ["两", "国", "agreed", "on", "1500.5", "tonnes"]


TEXTS = st.text(
    alphabet=st.sampled_from(
        list("abcXYZ019 -\n\t.,,,'\"[]")
        + list("“”‘’–—\u2010\u00ad\u00a0\r\u2028ﬁ两国é\u0301\u0327\u200bＫİß`²［］１，")
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_normalisation_is_idempotent(text: str) -> None:
    once = normalise_typography(text)
    assert normalise_typography(once) == once


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_offset_map_is_ordered_and_in_bounds(text: str) -> None:
    norm = normalise(text)
    assert len(norm.starts) == len(norm.ends) == len(norm.text)
    assert list(norm.starts) == sorted(norm.starts)
    for k, ch in enumerate(norm.text):
        start, end = norm.starts[k], norm.ends[k]
        assert 0 <= start < end <= len(text)
        if ch.isalnum():
            # Every letter or digit comes from the original unit it points at.
            assert ch in normalise_typography(text[start:end]) or ch in text[start:end].casefold()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["alpha", "Beta", "“gamma”", "1,000", "de-\nfence", "两国"]), max_size=12
    )
)
def test_token_spans_map_to_original_words(words: list[str]) -> None:
    text = " ".join(words)
    norm = normalise(text)
    for tok in tokenise(norm.text):
        start, end = norm.original_span(tok.start, tok.end)
        assert normalise_typography(text[start:end]).strip("\"'") == tok.text

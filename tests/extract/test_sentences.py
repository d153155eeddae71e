"""Sentences, markers and quotations in both pipeline modes: trained and rules only."""

from __future__ import annotations

import pytest

from briefcheck.extractors import extract_text
from briefcheck.extractors.layout import find_markers
from briefcheck.extractors.nlp import RULES_ONLY, get_nlp, model_name, sentence_starts
from briefcheck.extractors.sentences import find_quotes


def test_get_nlp_loads_once_per_setting(monkeypatch) -> None:
    monkeypatch.setenv("BRIEFCHECK_SPACY_MODELS", "")
    assert get_nlp() is get_nlp()
    assert model_name(get_nlp()) == RULES_ONLY
    monkeypatch.setenv("BRIEFCHECK_SPACY_MODELS", "no_such_model_xyz")
    assert model_name(get_nlp()) == RULES_ONLY


SPLITS = [
    ("Sanctions on N. Korea were tightened. China voted yes.", 2),
    ("See No. 6 of the series. It was short.", 2),
    ("The figure is on p. 9 of the report. It is small.", 2),
    ("Kenneth M. Swope wrote it. Others agreed.", 2),
    ("The Treaty of Friendship, Co-operation and Mutual Assistance was renewed. Few noticed.", 2),
    ("It happened in July 2022[17] (an operational plan), and then it ended. Next.", 2),
    ("China backed a UN Security Council Resolution[6] against North Korea.", 1),
    ("The rules were tightened.[3][4] Exports fell.", 2),
    ("The rules were tightened.[3, 4] Exports fell.[5–7] Prices rose.", 3),
    ("He said “We will not yield. Never.” Then he left.", 2),
    ("Aid came from the U.S. The talks then resumed.", 2),
    ("Aid came from the U.S. Congress in 2019. It stopped.", 2),
    ("Oil, gas, coal etc. These all matter.", 2),
    ("Talks with the U.S. Trade Representative continued. Nothing changed.", 2),
]


@pytest.mark.parametrize(("text", "count"), SPLITS, ids=[s[0][:30] for s in SPLITS])
def test_sentence_splits_survive_brief_punctuation(mode: str, text: str, count: int) -> None:
    brief = extract_text(text + "\n[1] A note.\n[2] B.\n[3] C.\n[4] D.\n[5] E.\n[6] F.\n[7] G."
                         "\n[17] H.", path="t.txt")  # fmt: skip
    got = [s.text for s in brief.sentences if s.paragraph == 1]
    assert len(got) == count, got
    assert all(brief.text[s.start : s.end] == s.text for s in brief.sentences)


def test_markers_glued_to_punctuation_belong_to_the_sentence_before() -> None:
    brief = extract_text("It rose.[1] It fell.[2]\n[1] A.\n[2] B.", path="t.txt")
    claims = [(c.sentence, c.refs, c.text) for c in brief.claims]
    assert claims == [(1, ("1",), "It rose.[1]"), (2, ("2",), "It fell.[2]")]


MARKERS = [
    ("a[3][4] b", [(3,), (4,)]),
    ("a[3, 4] b", [(3, 4)]),
    ("a[3–5] b", [(3, 4, 5)]),
    ("a.¹² b", [(12,)]),
    ("in 2022[17] (a plan)", [(17,)]),
]


@pytest.mark.parametrize(("text", "numbers"), MARKERS, ids=[m[0] for m in MARKERS])
def test_marker_forms(text: str, numbers: list[tuple[int, ...]]) -> None:
    found = find_markers(text, [(0, len(text))], "txt")
    assert [m.numbers for m in found] == numbers
    assert all(text[m.start : m.end] == m.text for m in found)


QUOTES = [
    ("China’s view of the ‘three-axis system’ in 2022", ["three-axis system"]),
    ("the countries’ ties and ‘strategic communication’", ["strategic communication"]),
    ("“a change of ‘form’, not of substance”", ["a change of ‘form’, not of substance"]),
    ('a "reasonable operator" test', ["reasonable operator"]),
    ("it's not 'policy space' they want", ["policy space"]),
    ("Kim’s and Xi’s meeting", []),
]


@pytest.mark.parametrize(("text", "quotes"), QUOTES, ids=[q[0][:25] for q in QUOTES])
def test_quotations_not_apostrophes(text: str, quotes: list[str]) -> None:
    found = find_quotes(text, 0, len(text))
    assert [q.text for q in found] == quotes
    assert all(text[q.start : q.end] == q.text for q in found)


def test_sentence_starts_reports_the_ambiguous_stop() -> None:
    sure, maybe = sentence_starts("Talks with the U.S. Trade office went on. Then they stopped.")
    assert maybe == {20}
    assert 42 in sure


def test_pipeline_finds_dates_as_spans_in_both_modes(mode: str) -> None:
    from briefcheck.extractors.nlp import DATE_RULES_FACTORY, DATES_EXT, DATES_SPANS

    nlp = get_nlp()
    assert DATE_RULES_FACTORY in nlp.pipe_names and DATE_RULES_FACTORY.endswith("_v1")
    doc = nlp("Talks began on 4 September 2025, as in 2018. Issue 14/15, p. 9.")
    assert [s.text for s in doc.spans[DATES_SPANS]] == ["4 September 2025", "2018"]
    assert [d.value for d in doc._.get(DATES_EXT)] == ["2025-09-04", "2018"]
    assert [s.text for s in doc.sents] == ["Talks began on 4 September 2025, as in 2018.",
                                           "Issue 14/15, p. 9."]  # fmt: skip

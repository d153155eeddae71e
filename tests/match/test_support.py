"""Support checks: terms, BM25, the passage index and the verdicts on small pages of our own."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefcheck.extractors.dates import find_dates
from briefcheck.match import sourceindex
from briefcheck.match.bm25 import Bm25
from briefcheck.match.support import find_support, rank
from briefcheck.match.terms import claim_terms, number_value, stem
from briefcheck.models import SourceText, Verdict
from briefcheck.report.worddiff import parse_wdiff

WIRE = "\n".join(
    [
        "BEIJING, September 4 (Wire) -- Chinese President Xi Jinping held talks with North "
        "Korean leader Kim Jong Un in Beijing on Thursday, the first meeting between the two "
        "in six years.",
        "According to a Chinese readout, both sides agreed to strengthen strategic "
        "communication and high-level visits.",
        "The readout did not mention denuclearization, a phrase that had appeared in every "
        "previous summit statement since 2018.",
        "Kim watched a military parade on Wednesday beside Russian President Vladimir Putin.",
        "Trade between the two countries rose 18.4 percent in the first seven months of the "
        "year, customs data showed.",
    ]
)


def page(text: str = WIRE, **kw: object) -> SourceText:
    return SourceText(
        url="https://wire.example.org/a", text=text, dates=tuple(find_dates(text)), **kw
    )  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("sanctions", "sanctioned"),
        ("denuclearisation", "denuclearization"),
        ("countries", "country"),
        ("visits", "visiting"),
        ("Korea's", "Korea"),
    ],
)
def test_inflections_and_spellings_share_a_stem(a, b):
    assert stem(a) == stem(b)


@pytest.mark.parametrize(
    ("token", "value"),
    [("500,000", "500000"), ("third", "3"), ("18.4", "18.4"), ("4th", "4"), ("fourteen", "14")],
)
def test_numbers_are_read_as_values(token, value):
    assert number_value(token) == value


def test_bm25_scores_follow_the_formula():
    docs = [["w:a", "w:b"], ["w:a", "w:a", "w:c"], ["w:c"]]
    index = Bm25(docs)
    n, avg, k1, b = 3, 2.0, 1.2, 0.5
    idf_a = math.log(1 + (n - 2 + 0.5) / (2 + 0.5))
    expect = idf_a * 2 * (k1 + 1) / (2 + k1 * (1 - b + b * 3 / avg))
    ranked = index.search([(("w:a",), 1.0)])
    assert [r.doc for r in ranked] == [1, 0]
    assert ranked[0].score == pytest.approx(expect, abs=1e-3)
    both = index.search([(("w:a", "w:c"), 1.0)])  # one term, two forms: counted once
    assert both[0].score == pytest.approx(expect, abs=1e-3)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.text(alphabet="abcdef xyz.,\n", min_size=1, max_size=40), min_size=1, max_size=12)
)
def test_passages_and_their_marks_index_the_source_text(parts):
    text = " Kim met Xi. ".join(parts)
    source = page(text)
    for p in rank("Kim met Xi in Beijing", source).passages:
        assert source.text[p.start : p.end] == p.text
        assert all(source.text[a:b] for a, b in p.marks)


def test_the_index_is_built_once_per_text(monkeypatch):
    built = []
    real = sourceindex._build
    monkeypatch.setattr(sourceindex, "_build", lambda s: built.append(1) or real(s))
    sourceindex._INDEXES.clear()
    text = WIRE + "\nAn extra line so the text is new."
    for claim in ("Kim met Xi.", "Trade rose.", "Putin watched."):
        rank(claim, page(text))
    assert len(built) == 1


@pytest.mark.model
def test_claim_terms_know_names_numbers_and_lemmas():
    terms = {
        t.text: t for t in claim_terms("Kim Jong Un met Xi in 2018 and held three meetings.").terms
    }
    assert terms["Kim"].role == "name" and terms["2018"].role == "number"
    assert terms["three"].keys == ("n:3",)
    assert "w:meet" in terms["met"].keys  # the lemma is an alternative form


@pytest.mark.model
def test_a_restated_claim_is_related_with_its_passage_never_verified():
    match = find_support("Xi Jinping held talks with Kim Jong Un in Beijing.", page())
    assert match.verdict is Verdict.RELATED
    assert match.evidence is not None and match.evidence.text.startswith("BEIJING")
    assert 0 < (match.score or 0) <= 1 and len(match.passages) <= 3
    assert match.passages[0].rank == 1 and match.passages[0].score > 0
    assert "Kim" in match.passages[0].terms


@pytest.mark.model
@pytest.mark.parametrize(
    ("claim", "reason", "old", "new"),
    [
        ("Trade between the two countries rose 14.8 percent in the first seven months.",
         "passage states another number", "14.8", "18.4"),
        ("Kim watched a military parade beside Russian President Dmitry Medvedev.",
         "passage names another", "Dmitry Medvedev", "Vladimir Putin"),
        ("The readout mentioned denuclearization, which had appeared in every summit statement.",
         "passage states the opposite", None, "not"),
    ],
)  # fmt: skip
def test_a_changed_fact_is_a_mismatch_with_the_words_marked(claim, reason, old, new):
    match = find_support(claim, page())
    assert (match.verdict, match.reason) == (Verdict.MISMATCH, reason)
    ops = parse_wdiff(match.evidence.diff or "")  # type: ignore[union-attr]
    assert ops is not None
    changed = {op: text.strip() for op, text in ops if op != "="}
    assert changed.get("+") == new and changed.get("-") == old


@pytest.mark.model
def test_a_claim_the_page_does_not_discuss_is_not_found_with_the_closest_passage():
    match = find_support("The Mongols invaded Japan in 1274 and 1281 through Korea.", page())
    assert match.verdict is Verdict.NOT_FOUND
    assert match.reason == "no passage carries the claim's content"


ZH = (
    "公元1592年，日本丰臣秀吉发动侵朝战争，明朝出兵援朝，战事一直持续到1598年。\n"
    "朝鲜在2017年9月3日进行了第六次核试验。"
)


@pytest.mark.model
def test_across_languages_only_numbers_dates_and_names_count_and_the_note_says_so():
    source = page(ZH, language="zh")
    match = find_support("Japan invaded Korea in 1592; the war lasted until 1598.", source)
    assert match.verdict is Verdict.RELATED
    assert "compared on numbers, dates and names only" in (match.note or "")
    none = find_support("The emperor sent an army to help the Korean court.", source)
    assert none.verdict is Verdict.UNCHECKED and none.reason.startswith("unsupported")


def test_a_group_scores_as_if_its_members_were_one_indexed_document():
    docs = [["w:a", "w:b"], ["w:a", "w:c", "w:c"], ["w:d"]]
    grouped = Bm25(docs, [(0, 1), (1, 2)])
    flat = Bm25([*docs, docs[0] + docs[1], docs[1] + docs[2]])
    query = [(("w:a",), 1.0), (("w:c", "w:d"), 2.0)]
    assert [(r.doc, r.score, r.matched) for r in grouped.search(query)] == [
        (r.doc, r.score, r.matched) for r in flat.search(query)
    ]
    assert grouped.df("w:c") == flat.df("w:c") == 3

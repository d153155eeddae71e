"""Passages: sentences (PDF-wrapped lines rejoined), weekdays and bare months dated, weights."""

from __future__ import annotations

import random
import time

from briefcheck.match import find_quote
from briefcheck.match.passages import split_passages, stem_weights, stems
from briefcheck.models import SourceText
from tests.support.match_factories import source


def _dated(page: SourceText) -> list[list[tuple[str, str]]]:
    return [[(d.text, d.value) for d in p.dates] for p in split_passages(page)]


def test_wrapped_pdf_lines_stay_one_sentence_but_paragraphs_split() -> None:
    page = source(
        "It tightened enforce-\nment in 2017, when imports\nstopped.\nA new line starts here."
    )
    texts = [page.text[p.start : p.end].strip() for p in split_passages(page)]
    assert texts == [
        "It tightened enforce-\nment in 2017, when imports\nstopped.",
        "A new line starts here.",
    ]


def test_weekdays_are_dated_from_the_dateline() -> None:
    page = source(
        "SEOUL, July 6 (Wire) -- Yoon spoke on Wednesday. Kim arrived on Monday. "
        "Officials met yesterday.",
        base_year=2022,
    )
    dates = _dated(page)
    assert ("on Wednesday", "2022-07-06") in dates[0]
    assert dates[1] == [("on Monday", "2022-07-04")]
    assert dates[2] == [("yesterday", "2022-07-05")]


def test_bare_months_take_the_sentences_year_else_the_reports() -> None:
    page = source(
        "Policy Brief, February 2019\nIn 2017, imports stopped in February. "
        "A draft circulated in early November.",
    )
    dates = _dated(page)
    assert ("February", "2017-02") in dates[1]
    assert dates[2] == [("November", "2018-11")]


def test_topic_words_weigh_nothing_and_rare_words_most() -> None:
    text = ". ".join(
        ["Korea talks stalled", "Korea trade grew", "Korea drills began", "Weather was mild"]
    )
    weights = stem_weights(split_passages(source(text)))
    assert weights["korea"] == 0.0
    assert weights["weath"] > 0.0
    assert stems("the Ministry's meeting on Monday") == {"minis", "meeti"}


def test_twenty_quotations_in_200_kb_take_milliseconds_each() -> None:
    rng = random.Random(3)
    words = ["".join(rng.choices("abcdefghij", k=rng.randint(3, 9))) for _ in range(2000)]
    text = ". ".join(" ".join(rng.choices(words, k=15)) for _ in range(2200))
    assert len(text) > 200_000
    page = SourceText(url="u", text=text)
    quotes = [" ".join(text.split()[k : k + 8]).strip(".") for k in range(0, 30_000, 1500)]
    find_quote("warm up the cache", page)
    started = time.perf_counter()
    verdicts = [find_quote(q, page).verdict.value for q in quotes]
    per_quote = (time.perf_counter() - started) / len(quotes)
    assert verdicts.count("verified") >= 18
    # Generous for a shared CI machine; the bench measures about 1 ms.
    assert per_quote < 0.05

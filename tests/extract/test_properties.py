"""Property tests: offsets index the text, arbitrary Unicode never crashes, output is stable."""

from __future__ import annotations

import html
import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefcheck.errors import BriefError
from briefcheck.extractors import brief_to_json, extract_text
from briefcheck.extractors.dates import find_dates
from briefcheck.models import Brief

# Words and marks briefs are made of, including the ones that trip parsers up.
_VOCABULARY = (
    "China North Korea the in on 2018 4 September 2025 March 1950s U.S. No. 6 p. 9 N. "
    "‘three-axis system’ “quoted words” said Juche 111 (2022) 1592-1598 and , ; . ? ! "
    "[1] [2] [1,2] [1–2] ’s Kim’s Ibid. (eds) 中国 Co-operation"
)
_WORDS = st.sampled_from(_VOCABULARY.split(" "))
_SENTENCE = st.lists(_WORDS, min_size=1, max_size=25).map(" ".join)
_PARAGRAPH = st.lists(_SENTENCE, min_size=1, max_size=4).map(lambda ss: ". ".join(ss) + ".")
_NOTE = st.lists(_WORDS, min_size=0, max_size=20).map(" ".join)


@st.composite
def briefs(draw: st.DrawFn) -> str:
    """A brief-shaped text: paragraphs with markers, then footnotes 1 and 2."""
    paragraphs = draw(st.lists(_PARAGRAPH, min_size=1, max_size=4))
    notes = [f"[{i}] {draw(_NOTE)}" for i in (1, 2)]
    return "\n".join(paragraphs) + "\n" + "\n".join(notes)


def _assert_offsets(brief: Brief) -> None:
    text = brief.text
    for p in brief.paragraphs:
        assert text[p.start : p.end] == p.text
    for s in brief.sentences:
        assert text[s.start : s.end] == s.text
    for m in brief.markers:
        assert text[m.start : m.end] == m.text
    for c in brief.claims:
        assert text[c.start : c.end] == c.text
        for q in c.quotes:
            assert text[q.start : q.end] == q.text and c.start <= q.start
        for d in c.dates:
            assert text[d.start : d.end] == d.text and c.start <= d.start < c.end
    for f in brief.footnotes:
        assert text[f.start : f.end] == f.text
        for r in f.references:
            assert f.text[r.start : r.end] == r.text


_FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_FAST
@given(briefs())
def test_offsets_index_the_text_exactly(text: str) -> None:
    _assert_offsets(extract_text(text, path="p.txt"))


@_FAST
@given(briefs())
def test_extraction_is_deterministic(text: str) -> None:
    first = json.dumps(brief_to_json(extract_text(text, path="p.txt")), sort_keys=True)
    second = json.dumps(brief_to_json(extract_text(text, path="p.txt")), sort_keys=True)
    assert first == second


@_FAST
@given(st.text(max_size=400), st.sampled_from(["txt", "md", "html"]))
def test_arbitrary_unicode_never_crashes(text: str, fmt: str) -> None:
    try:
        brief = extract_text(text, path="any", fmt=fmt)
    except BriefError as err:
        assert "\n" not in str(err) and str(err).startswith("any: ")
        return
    _assert_offsets(brief)


@_FAST
@given(st.text(max_size=200))
def test_date_offsets_index_any_text(text: str) -> None:
    for d in find_dates(text):
        assert text[d.start : d.end] == d.text
        assert d.value[:4].isdigit()


def _as_markdown(text: str) -> str:
    """A generated brief in Markdown: `[^n]` markers and `[^n]:` definitions."""
    body, _, notes = text.partition("\n[1] ")
    body = re.sub(r"\[(\d)\]", r"[^\1]", body).replace("\n", "\n\n")
    notes = re.sub(r"(?m)^\[(\d)\] ", r"[^\1]: ", "[1] " + notes)
    return body + "\n\n" + notes


def _as_html(text: str) -> str:
    """A generated brief as an HTML page with `<sup>` markers and an id'd notes list."""
    body, _, notes = text.partition("\n[1] ")
    paras = "".join(
        "<p>" + re.sub(r"\[(\d)\]", r'<sup><a href="#fn\1">\1</a></sup>', html.escape(p)) + "</p>"
        for p in body.split("\n")
    )
    items = "".join(
        f'<li id="fn{n}">{html.escape(t)}</li>'
        for n, t in re.findall(r"(?m)^\[(\d)\] ?(.*)$", "[1] " + notes)
    )
    return f"<html><body><article>{paras}</article><ol>{items}</ol></body></html>"


@_FAST
@given(briefs(), st.sampled_from(["md", "html"]))
def test_offsets_hold_in_markdown_and_html(text: str, fmt: str) -> None:
    source = _as_markdown(text) if fmt == "md" else _as_html(text)
    try:
        brief = extract_text(source, path="p", fmt=fmt)
    except BriefError as err:
        # A generated marker may be glued into a range ("[1]2") or a note may be empty.
        assert "\n" not in str(err)
        return
    _assert_offsets(brief)


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_as_docx_fail_cleanly(data: bytes) -> None:
    import tempfile
    from pathlib import Path

    from briefcheck.extractors import extract_brief

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "any.docx"
        path.write_bytes(data)
        try:
            extract_brief(path)
        except BriefError as err:
            assert "\n" not in str(err)

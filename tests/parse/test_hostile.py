"""Hostile snapshots: parse_snapshot never raises, and deep markup keeps its text."""

from __future__ import annotations

import logging
import time

import hypothesis
import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefcheck.markup import flatten_markup
from briefcheck.models import SourceStatus
from briefcheck.parse import parse_snapshot
from tests.support.pdfs import make_pdf, pdf_from_streams
from tests.support.snapshots import make_snapshot

SENTENCE = "The law on nuclear forces was adopted on 8 September 2022 in Pyongyang."


def _nested_html(depth: int, tag: str = "div") -> bytes:
    open_tags, close_tags = f"<{tag}>" * depth, f"</{tag}>" * depth
    return (
        f"<html><head><title>Deep page</title></head><body><p>Before the nesting.</p>"
        f"{open_tags}<p>{SENTENCE}</p>{close_tags}<p>After the nesting.</p></body></html>"
    ).encode()


@pytest.mark.parametrize("depth", [300, 5_000, 300_000], ids=["past-libxml2", "5k", "300k"])
def test_page_nested_deeper_than_lxml_allows_keeps_its_text(depth: int) -> None:
    started = time.monotonic()
    page = parse_snapshot(make_snapshot(_nested_html(depth)))
    assert page.status is SourceStatus.OK, page.reason
    assert SENTENCE in page.text
    # No word is lost: which block is the article is the region reader's call (here the
    # nested sentence is the article and the bare paragraphs around it page furniture).
    read = page.text + "".join(b.text for b in page.blocks)
    assert "Before the nesting." in read and "After the nesting." in read
    assert "2022-09-08" in {d.value for d in page.dates}
    # Linear in the page: the 300k page is 2 MB of tags.
    assert time.monotonic() - started < 30


def test_deeply_nested_inline_markup_keeps_its_text() -> None:
    page = parse_snapshot(make_snapshot(_nested_html(20_000, tag="span")))
    assert page.status is SourceStatus.OK and SENTENCE in page.text


def test_pdf_nested_200k_deep_is_unsupported_not_a_crash() -> None:
    depth = 200_000
    stream = b"BT /F1 10 Tf 72 700 Td " + b"[" * depth + b"(x)" + b"]" * depth + b" TJ ET\n"
    page = parse_snapshot(make_snapshot(pdf_from_streams([stream]), "application/pdf"))
    assert page.status is SourceStatus.UNSUPPORTED
    assert page.reason == "unreadable PDF: nested too deeply"


def test_unexpected_error_in_a_reader_is_that_sources_status(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """No known input still raises; a bug stands in for the next one nobody has found yet."""

    def broken(_body: bytes) -> tuple[str, dict[str, str]]:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("briefcheck.parse.source.read_pdf", broken)
    snapshot = make_snapshot(make_pdf([[(72, 700, SENTENCE)]]), "application/pdf")
    with caplog.at_level(logging.ERROR, logger="briefcheck.parse.source"):
        page = parse_snapshot(snapshot)
    assert page.status is SourceStatus.UNSUPPORTED
    assert page.reason == "internal error: RecursionError in PDF reader"
    logged = [r for r in caplog.records if r.exc_info]
    assert logged and snapshot.url in logged[0].getMessage()


def _readable(tree: lxml.html.HtmlElement) -> str:
    for script in list(tree.iter("script")):
        script.drop_tree()
    return str(tree.text_content())


def _depth(tree: lxml.html.HtmlElement) -> int:
    return max(sum(1 for _ in el.iterancestors()) for el in tree.iter())


@st.composite
def nested_markup(draw: st.DrawFn, depth: int = 0) -> str:
    """Random nested markup with the awkward parts: quoted ">", scripts, comments, voids."""
    parts = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["text", "elem", "void", "script", "comment"]))
        if kind == "text" or depth > 6:
            parts.append(draw(st.sampled_from(["Words here.", "a &amp; b", "x < y", "1 > 0"])))
        elif kind == "elem":
            tag = draw(st.sampled_from(["div", "span", "section", "b"]))
            inner = draw(nested_markup(depth + 1))
            parts.append(f'<{tag} title="a>b">{inner}</{tag}>')
        elif kind == "void":
            parts.append('<br><img src="x.png" alt="p>q"/>')
        elif kind == "script":
            parts.append("<script>var s = '</div><p>not text</p>';</script>")
        else:
            parts.append("<!-- <div> a comment -->")
    return "".join(parts)


@hypothesis.settings(max_examples=150, deadline=None)
@given(body=nested_markup(), max_depth=st.integers(1, 8))
def test_flatten_keeps_every_word_and_bounds_the_depth(body: str, max_depth: int) -> None:
    html = f"<html><body><div>{body}</div><p>End.</p></body></html>"
    original = lxml.html.document_fromstring(html)
    flat = lxml.html.document_fromstring(flatten_markup(html, max_depth + 2))
    # Scripts nested past the limit go with their tags: they are no text a reader sees.
    words = [" ".join(_readable(el).split()) for el in (original, flat)]
    assert words[0] == words[1]
    assert _depth(flat) <= max_depth + 2 + 1  # html and body are counted in max_depth
    if max_depth + 2 > _depth(original):
        assert lxml.html.tostring(flat) == lxml.html.tostring(original)

"""report.md and report.html as text: sections, escaping, and nothing loaded from elsewhere."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefcheck.report import render_html, render_markdown
from briefcheck.report.html import embed_json
from briefcheck.report.markdown import cell
from tests.support.report_sample import HOSTILE_EVIDENCE, HOSTILE_TITLE, sample_run

HOSTILE_PARAGRAPH = (
    "An injected paragraph <script>window.pwned=4</script> <marquee onmouseover=x>bold</marquee>."
)


def test_markdown_sections_come_in_the_reviewers_order(report):
    md = render_markdown(report)
    heads = [line for line in md.splitlines() if line.startswith("## ")]
    assert heads == [
        "## Since last run",
        "## Findings (4)",
        "## Unchecked sources (3)",
        "## Unsupported dated facts and quotations (1)",
        "## Where the sources carry the claims (0)",
        "## Verified (5)",
    ]
    assert md.splitlines()[2] == "**5 verified · 2 mismatch · 2 not found · 3 unchecked**"
    assert "| paywalled | subscription wall (bloomberg.com) |" in md


def test_markdown_findings_show_the_sources_words_and_review_state(report):
    md = render_markdown(report)
    row = next(line for line in md.splitlines() if "| mismatch | 3 | 3a | title |" in line)
    assert "Holds Talks with Comrade Xi Jinping" in row and row.endswith("| open |")


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("a | b", r"a \| b"),
        ("<script>x</script>", "&lt;script&gt;x&lt;/script&gt;"),
        ("[link](javascript:x)", r"\[link\](javascript:x)"),
        ("two\nlines", "two lines"),
        ("`code` *em*", r"\`code\` \*em\*"),
    ],
)
def test_markdown_cells_cannot_break_the_table_or_inject_markup(raw, safe):
    assert cell(raw) == safe


def test_embedded_json_is_inert_and_round_trips():
    data = {"t": "</script><script>alert(1)</script> & <!-- \u2028"}
    text = embed_json(data)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == data


class _Collect(HTMLParser):
    """Tags, attributes and script bodies of a page, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


@pytest.fixture(scope="module")
def hostile_page() -> str:
    brief, sources, checks = sample_run(hostile=True, extra_paragraph=HOSTILE_PARAGRAPH)
    from briefcheck.report import build_report

    report = build_report(
        run_id="run-h", started="s", finished="f", brief=brief, sources=sources, checks=checks
    )
    return render_html(report, brief)


def test_the_page_loads_nothing_from_anywhere(hostile_page):
    page = _Collect()
    page.feed(hostile_page)
    for tag, attrs in page.tags:
        assert "src" not in attrs, tag
        if tag == "link":
            assert attrs.get("href", "").startswith("data:")
    assert "@import" not in hostile_page and "url(" not in hostile_page


def test_hostile_text_never_becomes_markup(hostile_page):
    page = _Collect()
    page.feed(hostile_page)
    tags = [t for t, _ in page.tags]
    assert tags.count("script") == 2  # the JSON data block and our own script
    assert "img" not in tags and "marquee" not in tags
    assert not any(k.startswith("on") for _, attrs in page.tags for k in attrs)
    for raw in (HOSTILE_EVIDENCE, HOSTILE_TITLE, HOSTILE_PARAGRAPH):
        assert raw not in hostile_page
    data = json.loads(page.scripts[0])
    assert HOSTILE_EVIDENCE in [c["evidence"]["text"] for c in data["checks"] if c["evidence"]]
    assert HOSTILE_PARAGRAPH in data["text"]


def test_the_content_security_policy_allows_only_our_own_script(hostile_page):
    page = _Collect()
    page.feed(hostile_page)
    csp = next(
        a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    digest = base64.b64encode(hashlib.sha256(page.scripts[1].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp and "default-src 'none'" in csp


def test_the_page_has_counts_metadata_history_and_unchecked_reasons(report):
    from tests.support.report_sample import sample_brief

    page = render_html(report, sample_brief())
    for text in (
        "5</b> verified",
        "2</b> mismatch",
        "Run</dt><dd>20261128T090000Z",
        "subscription wall (bloomberg.com)",
        "<svg",
        'class="bar-mismatch"',
    ):
        assert text in page
    assert re.search(r'<option value="3">footnote 3</option>', page)


@given(st.text())
def test_any_text_embeds_inert_and_round_trips(text):
    embedded = embed_json({"t": text})
    assert not set("<>&") & set(embedded)
    assert json.loads(embedded) == {"t": text}


@given(st.text())
def test_any_text_fits_one_markdown_cell(text):
    out = cell(text, limit=10_000)
    assert "\n" not in out and "<" not in out
    assert re.search(r"(?<!\\)\|", out) is None

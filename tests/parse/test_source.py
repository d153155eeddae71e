"""parse_snapshot's dispatch: encodings, PDF, plain text, unsupported content, arbitrary bytes."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefcheck.models import Precision, SourceStatus, SourceText
from briefcheck.parse import parse_snapshot
from tests.support.pdfs import make_pdf
from tests.support.snapshots import make_snapshot

CHINESE_PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>朝鮮半島的困境｜思想市場</title>
<meta property="og:site_name" content="思想市場"></head>
<body><nav class="menu"><a>首頁</a><a>國際</a></nav>
<article><h1>朝鮮半島的困境</h1>
<p>一五九二年，豐臣秀吉出兵朝鮮，明朝派軍援助，戰事持續到一五九八年。</p>
<p>2022年9月8日，北韓通過核武力政策法，宣布其核國家地位不可逆轉。</p>
</article>
<aside class="sidebar"><p>熱門文章：南韓總統於2022年7月6日視察部隊</p></aside>
</body></html>
"""


@pytest.mark.parametrize(
    ("charset", "codec", "content_type"),
    [
        pytest.param("gb2312", "gbk", "text/html", id="gbk-labelled-gb2312-in-meta"),
        pytest.param("big5", "big5", "text/html; charset=big5", id="big5-in-header"),
        pytest.param("utf-8", "utf-8", "text/html", id="utf-8"),
    ],
)
def test_legacy_chinese_encodings_are_decoded(charset, codec, content_type):
    body = CHINESE_PAGE.format(charset=charset).encode(codec)
    page = parse_snapshot(make_snapshot(body, content_type))
    assert page.status is SourceStatus.OK
    assert "2022年9月8日，北韓通過核武力政策法" in page.text
    assert "熱門文章" not in page.text
    assert page.title == "朝鮮半島的困境"
    assert page.language == "zh"
    values = [(d.value, d.precision) for d in page.dates]
    assert ("2022-09-08", Precision.DAY) in values
    assert "2022-07-06" not in {v for v, _ in values}


def test_gbk_page_wrongly_labelled_utf8_still_reads():
    body = CHINESE_PAGE.format(charset="gbk").encode("gbk")
    page = parse_snapshot(make_snapshot(body, "text/html; charset=utf-8"))
    assert "核武力政策法" in page.text


def _column_pdf() -> bytes:
    left = [
        "North Korea revised its law on",
        "nuclear policy to indicate that",
        "its status as a nuclear-weapon",
        "state has become irreversible. The",
        "decision followed years of denu-",
        "clearisation talks that stalled, and",
        "the nuclear-",
        "weapon state now says so in law.",
    ]
    right = [
        "China voted for sanctions on",
        "8 September 2022 and in 2016.",
        "Sino-",
        "Korean ties.",
    ]
    lines = [(72, 700 - 14 * i, t) for i, t in enumerate(left)]
    lines += [(320, 700 - 14 * i, t) for i, t in enumerate(right)]
    info = {
        "Title": "Nuclear Policy Brief",
        "Author": "Kim Min-Seo; Lee Haye-ah",
        "CreationDate": "D:20220909103000+09'00'",
    }
    return make_pdf([lines, [(72, 700, "Second page: the law took effect at once.")]], info)


@pytest.fixture(scope="module")
def pdf_page() -> SourceText:
    return parse_snapshot(make_snapshot(_column_pdf(), "application/pdf"))


def test_pdf_words_split_across_lines_are_rejoined(pdf_page):
    assert "years of denuclearisation talks" in pdf_page.text
    assert "denu-" not in pdf_page.text


def test_pdf_compound_split_at_a_line_end_keeps_its_hyphen(pdf_page):
    """ "nuclear-" + "weapon" is the compound the document writes whole elsewhere."""
    assert "the nuclear-weapon state now says so" in pdf_page.text
    assert "Sino- Korean" in pdf_page.text or "Sino-Korean" in pdf_page.text


def test_pdf_column_line_breaks_join_into_sentences(pdf_page):
    assert "revised its law on nuclear policy to indicate that its status" in pdf_page.text
    assert "Second page: the law took effect at once." in pdf_page.text


def test_pdf_metadata_and_dates(pdf_page):
    assert pdf_page.status is SourceStatus.OK
    assert pdf_page.title == "Nuclear Policy Brief"
    assert pdf_page.authors == ("Kim Min-Seo", "Lee Haye-ah")
    # A file's creation date is not its publication date: noted, never reported as published.
    assert pdf_page.published is None
    assert "PDF creation date 2022-09-09" in pdf_page.notes
    assert "2022-09-08" in {d.value for d in pdf_page.dates}


def test_pdf_served_as_octet_stream_is_sniffed():
    page = parse_snapshot(make_snapshot(_column_pdf(), "application/octet-stream"))
    assert page.status is SourceStatus.OK and "denuclearisation" in page.text


def test_broken_pdf_is_unsupported_with_a_reason():
    page = parse_snapshot(make_snapshot(b"%PDF-1.4\n1 0 obj <<\ngarbage", "application/pdf"))
    assert page.status is SourceStatus.UNSUPPORTED
    assert page.reason and "PDF" in page.reason
    assert page.text == ""


def test_plain_text_with_a_dateline():
    body = (
        b"SEOUL, July 6, 2022 (Yonhap) -- President Yoon ordered the military to respond.\n"
        b"The order came two months after he took office on May 10.\n"
    )
    page = parse_snapshot(make_snapshot(body, "text/plain; charset=utf-8"))
    assert page.status is SourceStatus.OK
    assert (page.published, page.published_precision) == ("2022-07-06", Precision.DAY)
    may = next(d for d in page.dates if d.text == "May 10")
    assert may.value == "2022-05-10" and may.note


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png", id="image"),
        pytest.param(b'{"title": "not an article"}', "application/json", id="json"),
        pytest.param(b"PK\x03\x04\x14\x00\x06\x00", "application/zip", id="docx-zip"),
        pytest.param(b"", "text/html", id="empty-body"),
        pytest.param(b"   \n\t ", "text/html", id="blank-html"),
    ],
)
def test_unreadable_content_is_unsupported(body, content_type):
    page = parse_snapshot(make_snapshot(body, content_type))
    assert page.status is SourceStatus.UNSUPPORTED
    assert page.reason
    assert page.text == ""


def test_lang_from_sources_yaml_overrides_the_page():
    body = b"<html lang='en'><body><article><p>" + b"A short article. " * 20 + b"</p></article>"
    assert parse_snapshot(make_snapshot(body), lang="fr").language == "fr"
    assert parse_snapshot(make_snapshot(body)).language == "en"


CONTENT_TYPES = st.sampled_from(
    ["text/html", "text/plain", "application/pdf", "application/octet-stream", "", "image/gif"]
)
HTMLISH = st.lists(
    st.sampled_from(
        [
            "<html>",
            "<body>",
            "<p>",
            "</p>",
            "<article>",
            "<script>",
            "<meta charset='x'>",
            "<time datetime='2022-13-45'>",
            "2022年13月",
            "Pyongyang, September 31 (KCNA)",
            "%PDF-",
            "\x00",
            "\ufeff",
            "<h1>",
            "Juche 0",
            "<!--",
            "é",
            "𝔘",
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.one_of(st.binary(max_size=2000), HTMLISH.map(str.encode)), kind=CONTENT_TYPES)
def test_parse_snapshot_never_crashes(body, kind):
    page = parse_snapshot(make_snapshot(body, kind))
    assert page.status in {SourceStatus.OK, SourceStatus.UNSUPPORTED}
    for mention in page.dates:
        assert page.text[mention.start : mention.end] == mention.text


def test_date_in_the_url_is_a_last_resort():
    """No date in markup or text: htmldate reads the URL's /2022/09/09/ path."""
    body = b"<html><body><article><h1>Law</h1><p>" + b"The assembly met. " * 20 + b"</p></article>"
    url = "https://news.example/2022/09/09/nuclear-law/"
    page = parse_snapshot(make_snapshot(body, url=url))
    assert (page.published, page.published_precision) == ("2022-09-09", Precision.DAY)
    assert "published date from htmldate" in page.notes

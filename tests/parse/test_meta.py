"""Page metadata from small hand-written heads: titles, dates, authors, outlet, language."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from briefcheck.models import Precision
from briefcheck.parse.html import parse_tree
from briefcheck.parse.meta import published_from_text, read_page_meta, script_language
from briefcheck.parse.source import marked_soup

ARTICLE = "<article><h1>Headline</h1><p>Body text of the article.</p></article>"


def meta_of(head: str, body: str = ARTICLE, text: str = "Body text of the article."):
    """The page's metadata read as a run reads it: regions marked first."""
    tree = parse_tree(f"<html><head>{head}</head><body>{body}</body></html>")
    assert tree is not None
    return read_page_meta(marked_soup(tree), text)


@pytest.mark.parametrize(
    ("head", "title", "outlet"),
    [
        pytest.param(
            "<title>China’s Only Ally | RUSI</title><meta property='og:site_name' content='RUSI'>",
            "China’s Only Ally",
            "RUSI",
            id="pipe-suffix-named-site",
        ),
        pytest.param(
            "<title>Kim’s Visit: A View - 38 North: Analysis</title>"
            "<meta property='og:site_name' content='38 North: Analysis'>",
            "Kim’s Visit: A View",
            "38 North: Analysis",
            id="dash-suffix-named-site-colon-kept",
        ),
        pytest.param(
            "<title>Yonhap News Agency - Yoon orders military</title>"
            "<meta property='og:site_name' content='Yonhap News Agency'>",
            "Yoon orders military",
            "Yonhap News Agency",
            id="site-prefix",
        ),
        pytest.param(
            "<title>China-US Accord Sets UN Vote - Analysis</title>",
            "China-US Accord Sets UN Vote - Analysis",
            None,
            id="unknown-site-dash-kept",
        ),
        pytest.param(
            "<title>朝鲜半岛：隋唐时开始--人民文摘--人民网</title>",
            "朝鲜半岛：隋唐时开始",
            "人民网",
            id="double-dash-chain-unknown-site",
        ),
        pytest.param(
            "<title>Ignored | Site</title><meta property='og:title' content='From OG'>",
            "From OG",
            "Site",
            id="og-title-preferred",
        ),
    ],
)
def test_title_and_outlet(head, title, outlet):
    meta = meta_of(head)
    assert (meta.title, meta.outlet) == (title, outlet)


@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        pytest.param(
            '<script type="application/ld+json">{"@graph":[{"@type":"WebSite","name":"X"},'
            '{"@type":"NewsArticle","datePublished":"2022-07-06T11:58:00+09:00",'
            '"dateModified":"2022-07-07T09:00:00+09:00"}]}</script>',
            ARTICLE,
            ("2022-07-06", Precision.DAY, "JSON-LD datePublished"),
            id="json-ld-graph-original-not-modified",
        ),
        pytest.param(
            "<meta property='article:modified_time' content='2023-01-01'>"
            "<meta name='citation_publication_date' content='2020/03'>",
            ARTICLE,
            ("2020-03", Precision.MONTH, "meta tag"),
            id="citation-month-modified-ignored",
        ),
        pytest.param(
            "",
            "<article><h1>H</h1><time class='updated' datetime='2024-02-02'>Feb 2</time>"
            "<time class='published' datetime='2024-01-01'>Jan 1</time></article>",
            ("2024-01-01", Precision.DAY, "<time> element"),
            id="time-published-before-updated",
        ),
        pytest.param(
            "",
            "<article><h1>H</h1><p>Text</p></article><div id='c1'><div><b>Reader</b> "
            "<time datetime='2019-05-05'>then</time><p>It was earlier than that, I think.</p>"
            "</div><div><b>Another</b> <time datetime='2019-05-06'>later</time>"
            "<p>No, the date is right as it stands.</p></div></div>",
            None,
            id="comment-time-ignored",
        ),
        pytest.param(
            '<script type="application/json">{"props":{"pubTime":"2021-06-11 07:25"}}</script>',
            ARTICLE,
            ("2021-06-11", Precision.DAY, "embedded JSON"),
            id="next-data-blob",
        ),
    ],
)
def test_published_from_markup(head, body, expected):
    published = meta_of(head, body).published
    got = (published.value, published.precision, published.source) if published else None
    assert got == expected


def test_only_an_updated_time_is_a_last_resort():
    time = "<time class='entry-date updated' datetime='2025-09-18'>x</time>"
    body = f"<article><h1>H</h1>{time}</article>"
    meta = meta_of("", body)
    assert meta.published is None
    assert meta.published_updated and meta.published_updated.value == "2025-09-18"


@pytest.mark.parametrize(
    ("visible", "expected"),
    [
        ("Published: 2 July 2021\nBody", "2021-07-02"),
        ("Posted on September 8, 2025 by Staff", "2025-09-08"),
        ("입력 2025.09.08. 10:20 업데이트 2025.09.09.", "2025-09-08"),
        ("发布时间：2021-06-11 07:25", "2021-06-11"),
        ("Updated: 2022-07-07", None),
        ("No date here at all", None),
    ],
)
def test_published_from_visible_label(visible, expected):
    found = published_from_text(visible)
    assert (found.value if found else None) == expected


@pytest.mark.parametrize(
    ("head", "body", "authors"),
    [
        pytest.param(
            "<meta name='citation_author' content='Swope, Kenneth M.'>"
            "<meta name='citation_author' content='Kang, David C.'>",
            ARTICLE,
            ("Kenneth M. Swope", "David C. Kang"),
            id="citation-authors-inverted",
        ),
        pytest.param(
            "<meta name='author' content='Charles Parton OBE and James Byrne'>",
            ARTICLE,
            ("Charles Parton OBE", "James Byrne"),
            id="meta-author-and",
        ),
        pytest.param(
            "",
            "<article><h1>H</h1><p class='byline'>By Lee Haye-ah</p></article>",
            ("Lee Haye-ah",),
            id="visible-byline",
        ),
        pytest.param(
            "",
            "<article><h1>H</h1><span class='article-byline__author'>김민서 기자</span></article>",
            ("김민서",),
            id="korean-reporter-suffix",
        ),
        pytest.param(
            "<meta name='author' content='https://www.facebook.com/someone'>",
            ARTICLE,
            (),
            id="url-is-not-a-name",
        ),
    ],
)
def test_authors(head, body, authors):
    assert meta_of(head, body).authors == authors


@pytest.mark.parametrize(
    ("head", "html_lang", "text", "language"),
    [
        ("", "en-GB", "An English article.", "en"),
        ("", "en", "김정은 북한 국무위원장과 시진핑 중국 국가주석이 베이징에서 만났다.", "ko"),
        ("", "", "朝鲜半岛问题的困境，既来自现实的力量对比。", "zh"),
        ("<meta property='og:locale' content='zh_CN'>", "", "朝鲜半岛", "zh"),
        ("", "", "An article with no declared language.", None),
    ],
)
def test_language(head, html_lang, text, language):
    soup = BeautifulSoup(
        f"<html lang='{html_lang}'><head>{head}</head><body>{ARTICLE}</body></html>", "lxml"
    )
    assert read_page_meta(soup, text).language == language


def test_script_language_needs_a_majority():
    assert script_language("ミサイル発射について日本政府は抗議した") == "ja"
    assert script_language("The term 中央政权 appears once in this English sentence.") is None

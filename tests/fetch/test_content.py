"""Decoding pages in their real encodings, media-type sniffing, and wall detection."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefcheck.fetch.content import (
    decode_body,
    decode_html,
    effective_media_type,
    is_bot_challenge,
    is_paywall,
    is_sign_in_redirect,
    is_soft_not_found,
)
from briefcheck.models import Snapshot

DATA = Path(__file__).parent.parent / "data" / "fetch"

# page file → codec it is written in; each has a charset only in <meta>.
ENCODED_PAGES = {
    "gbk_meta.html": "gbk",
    "big5_meta.html": "big5",
    "sjis_meta.html": "shift_jis",
    "euckr_meta.html": "euc_kr",
    "cp1252_meta.html": "cp1252",
}


def snapshot(body: bytes, content_type: str = "text/html") -> Snapshot:
    return Snapshot(
        url="http://example.test/p",
        final_url="http://example.test/p",
        http_status=200,
        headers=(("Content-Type", content_type),),
        body=body,
        sha256="0" * 64,
        fetched_at="2026-01-01T00:00:00Z",
        content_type=content_type.split(";")[0],
    )


def expected_text(page: str) -> str:
    return (DATA / page.replace(".html", ".expected.txt")).read_text(encoding="utf-8").strip()


@pytest.mark.parametrize("page", sorted(ENCODED_PAGES), ids=lambda p: p.split("_")[0])
def test_charset_from_meta_only(page: str) -> None:
    body = (DATA / page).read_bytes()
    text = decode_html(snapshot(body, "text/html"))
    assert expected_text(page) in text
    assert "\ufffd" not in text


@pytest.mark.parametrize("page", sorted(ENCODED_PAGES), ids=lambda p: p.split("_")[0])
def test_charset_from_header_beats_meta_that_lies(page: str) -> None:
    codec = ENCODED_PAGES[page]
    body = (DATA / page).read_bytes().replace(b"charset=", b"charset=utf-8 x=", 1)
    text = decode_html(snapshot(body, f"text/html; charset={codec}"))
    assert expected_text(page) in text


@pytest.mark.parametrize("page", sorted(ENCODED_PAGES), ids=lambda p: p.split("_")[0])
def test_charset_from_html_lang_when_undeclared(page: str) -> None:
    raw = (DATA / page).read_bytes()
    start = raw.index(b"<meta http-equiv")
    body = raw[:start] + raw[raw.index(b">", start) + 1 :]
    assert b"charset" not in body
    text = decode_body(body, "text/html", html=True)
    assert expected_text(page) in text


def test_header_charset_that_cannot_decode_falls_back_to_meta() -> None:
    body = (DATA / "gbk_meta.html").read_bytes()
    text = decode_body(body, "text/html; charset=utf-8", html=True)
    assert expected_text("gbk_meta.html") in text


def test_bom_wins_and_is_stripped() -> None:
    body = "\ufeffcafé ünïcode".encode("utf-16-le")
    assert body.startswith(b"\xff\xfe")
    assert decode_body(body, "text/html; charset=iso-8859-1") == "café ünïcode"


def test_latin1_label_reads_as_windows_1252() -> None:
    assert decode_body("“quoted” – dash".encode("cp1252"), "text/plain; charset=iso-8859-1") == (
        "“quoted” – dash"
    )


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("text/html; charset=utf-8", b"<html></html>", "text/html"),
        ("application/octet-stream", b"<!DOCTYPE html><html></html>", "text/html"),
        ("text/plain", b"  <html><body>x</body></html>", "text/html"),
        ("text/plain", b"just words", "text/plain"),
        ("binary/octet-stream", b"%PDF-1.4\n...", "application/pdf"),
        ("application/pdf", b"<!doctype html><html>error page</html>", "text/html"),
        ("image/png", b"\x89PNG\r\n\x1a\n\0\0", "image/png"),
        ("application/zip", b"PK\x03\x04", "application/zip"),
        (None, b"\0\1\2", "application/octet-stream"),
    ],
    ids=["html", "octet-html", "plain-html", "plain", "octet-pdf", "pdf-lie", "png", "zip", "none"],
)
def test_effective_media_type(content_type: str | None, body: bytes, expected: str) -> None:
    assert effective_media_type(content_type, body) == expected


@pytest.mark.parametrize(
    ("page", "challenge", "paywall"),
    [
        ("article.html", False, False),
        ("paywall.html", False, True),
        ("challenge.html", True, False),
    ],
    ids=["article", "paywall", "challenge"],
)
def test_walls(page: str, challenge: bool, paywall: bool) -> None:
    text = (DATA / page).read_text(encoding="utf-8")
    assert is_bot_challenge(200, {}, text) is challenge
    assert is_paywall(200, {}, text) is paywall


def test_long_article_mentioning_captcha_is_no_challenge() -> None:
    text = (DATA / "article.html").read_text(encoding="utf-8")
    text = text.replace("</article>", "<p>Checking your browser and captcha use.</p></article>")
    assert not is_bot_challenge(200, {}, text)


def test_challenge_header_alone_is_enough() -> None:
    assert is_bot_challenge(403, {"cf-mitigated": "challenge"}, "")


def test_paywall_wording_on_error_status_is_not_a_paywall() -> None:
    text = (DATA / "paywall.html").read_text(encoding="utf-8")
    assert not is_paywall(404, {}, text)


def strip_declarations(raw: bytes) -> bytes:
    """The page with its <meta> charset and <html lang> removed: nothing left to go on."""
    start = raw.index(b"<meta http-equiv")
    body = raw[:start] + raw[raw.index(b">", start) + 1 :]
    return body.replace(b'<html lang="', b'<html data-x="', 1)


@pytest.mark.parametrize(
    "page", ["gbk_meta.html", "big5_meta.html", "sjis_meta.html", "euckr_meta.html"]
)
def test_cjk_charset_detected_without_any_hint(page: str) -> None:
    body = strip_declarations((DATA / page).read_bytes())
    assert b"charset" not in body and b" lang=" not in body
    assert expected_text(page) in decode_body(body, "text/html", html=True)


def wrap(body: str, head: str = "", lang: str = "en") -> str:
    return f"<html lang='{lang}'><head>{head}</head><body>{body}</body></html>"


LOCKED = '<script type="application/ld+json">{"isAccessibleForFree": false}</script>'
CHINESE_ARTICLE = "朝鲜最高人民会议通过了关于核力量政策的法令，规定了使用核武器的条件。" * 20


@pytest.mark.parametrize(
    ("html", "walled"),
    [
        (wrap(f"<article><p>{CHINESE_ARTICLE}</p></article>", LOCKED, "zh"), False),
        (
            wrap(
                "<article><p>朝鲜通过核力量法令。</p><div>付费内容，订阅后阅读全文。</div></article>",
                lang="zh",
            ),
            True,
        ),
        (
            wrap(
                "<article><div>" + "word " * 400 + "</div></article>"
                "<div class='promo'>Newsletter for subscribers only</div>"
            ),
            False,
        ),
        (
            wrap("<main><div>Short teaser.</div><div>Subscribe to continue reading.</div></main>"),
            True,
        ),
        (
            wrap(
                "<article><p>Teaser.</p><p>Jetzt abonnieren und weiterlesen.</p></article>",
                lang="de",
            ),
            True,
        ),
    ],
    ids=[
        "zh-full-article-marked-locked",
        "zh-teaser",
        "div-article-with-promo",
        "en-teaser",
        "de-teaser",
    ],
)
def test_paywall_counts_article_words_in_any_script(html: str, walled: bool) -> None:
    assert is_paywall(200, {}, html) is walled


def test_pdf_magic_beats_an_html_label() -> None:
    assert effective_media_type("text/html", b"%PDF-1.7\n") == "application/pdf"


@pytest.mark.parametrize(
    ("html", "gone"),
    [
        ((DATA / "not_found.html").read_text("utf-8"), True),
        (wrap("<h1>页面不存在</h1><p>请返回首页。</p>", "<title>错误</title>", "zh"), True),
        (
            wrap(
                "<h1>Route 404 reopens</h1><article><p>" + "word " * 300 + "</p></article>",
                "<title>Route 404 reopens</title>",
            ),
            False,
        ),
        ((DATA / "article.html").read_text("utf-8"), False),
    ],
    ids=["en-error-page", "zh-error-page", "article-about-route-404", "article"],
)
def test_soft_not_found(html: str, gone: bool) -> None:
    assert is_soft_not_found(200, html) is gone
    assert not is_soft_not_found(404, html)


@pytest.mark.parametrize(
    ("url", "final", "expected"),
    [
        ("https://a.example/story", "https://a.example/login?next=/story", True),
        ("https://a.example/story", "https://accounts.a.example/sign-in/", True),
        ("https://a.example/story", "https://a.example/subscribe", True),
        ("https://a.example/story", "https://a.example/story/", False),
        ("https://a.example/story", "https://a.example/story", False),
        ("https://a.example/login-guide", "https://a.example/login-guide/", False),
        ("https://a.example/blog/loginwall", "https://a.example/2022/loginwall", False),
    ],
)
def test_sign_in_redirect(url: str, final: str, expected: bool) -> None:
    assert is_sign_in_redirect(url, final) is expected

"""What a response holds: its real content type, its text in the right encoding, and walls."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

import charset_normalizer
from bs4 import BeautifulSoup

from briefcheck import settings
from briefcheck.markup import bounded_markup
from briefcheck.models import Snapshot, SourceStatus

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
READABLE_TYPES = HTML_TYPES | {"text/plain", "application/pdf"}
# Servers label anything they do not know like this; the bytes decide what it really is.
_GENERIC_TYPES = frozenset(
    {"", "application/octet-stream", "binary/octet-stream", "unknown/unknown"}
)

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Labels as browsers read them (WHATWG Encoding Standard): each legacy label means its
# superset, so a "GB2312" page with GBK-only characters still decodes.
_WHATWG_LABELS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "big5": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "tis-620": "cp874",
    # A page cannot declare UTF-16 in its own <meta>: it would not be ASCII-readable.
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.I)
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?([a-zA-Z0-9_:.\-]+)""", re.I)
_HTML_LANG = re.compile(
    rb"""<html[^>]*\blang\s*=\s*["']?([a-zA-Z]{2,3})(?:[-_]([a-zA-Z]{2,4}))?""", re.I
)
# The legacy encoding a page in this language most likely uses when it declares none: the
# same per-locale defaults browsers fall back on, keyed by the page's own `<html lang>`.
_LANG_ENCODINGS = {
    **dict.fromkeys(
        ("en", "fr", "de", "es", "it", "pt", "nl", "da", "sv", "no", "nb", "fi"), "cp1252"
    ),
    **dict.fromkeys(("is", "ga", "ca", "eu", "gl", "af", "id", "ms", "sw"), "cp1252"),
    **dict.fromkeys(("pl", "cs", "sk", "hu", "sl", "hr", "ro", "bs", "sq"), "cp1250"),
    **dict.fromkeys(("ru", "uk", "be", "bg", "sr", "mk"), "cp1251"),
    "el": "cp1253",
    "tr": "cp1254",
    "he": "cp1255",
    "ar": "cp1256",
    "vi": "cp1258",
    "th": "cp874",
    "ja": "cp932",
    "ko": "cp949",
    "zh": "gb18030",
    "zh-tw": "big5hkscs",
    "zh-hk": "big5hkscs",
    "zh-mo": "big5hkscs",
    "zh-hant": "big5hkscs",
}
# Codecs Python files as text encodings that name no document encoding: hostnames (idna,
# punycode), a codec that always fails, and escape notations that would rewrite the text.
_NOT_DOCUMENT_CODECS = frozenset(
    {"idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape"}
)
# Browsers pre-scan 1024 bytes; CMS pages often put <meta charset> after long <script> blocks.
_META_SCAN_BYTES = 8192


def media_type(content_type: str | None) -> str:
    """The bare media type of a Content-Type header, lower-cased (`text/html`)."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def sniff_media_type(body: bytes) -> str | None:
    """What the first bytes say the body is (PDF or HTML), or None when they do not tell."""
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%pdf-"):
        return "application/pdf"
    if head.startswith((b"<!doctype html", b"<html")):
        return "text/html"
    if head.startswith(b"<?xml") and b"<html" in head:
        return "text/html"
    return None


def effective_media_type(content_type: str | None, body: bytes) -> str:
    """The media type we will read the body as: the header's, unless the bytes contradict it.

    A generic or wrong label (HTML served as `application/octet-stream` or `text/plain`, a PDF
    as `binary/octet-stream`) is overridden by the bytes; a real image stays an image.
    """
    declared = media_type(content_type)
    sniffed = sniff_media_type(body)
    if sniffed == "application/pdf":
        return sniffed  # the %PDF- magic is unambiguous, whatever the label says
    if declared in _GENERIC_TYPES or declared == "text/plain":
        return sniffed or declared or "application/octet-stream"
    if declared not in READABLE_TYPES and sniffed is not None:
        return sniffed
    if declared == "application/pdf" and sniffed != "application/pdf":
        return sniffed or "application/octet-stream"
    return declared


def _python_codec(label: str) -> str | None:
    """The Python codec for an encoding label, read the way browsers read it; None if unknown."""
    name = label.strip().strip("\"'").lower()
    name = _WHATWG_LABELS.get(name, name)
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    # The registry also holds bytes-to-bytes transforms (base64, zlib, rot13…) that
    # bytes.decode refuses: a page naming one has declared no text encoding at all.
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_DOCUMENT_CODECS:
        return None
    return info.name


def _declared_charsets(body: bytes, content_type: str | None, html: bool) -> list[str]:
    """Encodings the response declares, in the order a browser trusts them."""
    found: list[str] = []
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return [codec]
    match = _CHARSET_PARAM.search(content_type or "")
    if match:
        found.append(match.group(1))
    if html:
        meta = _META_CHARSET.search(body[:_META_SCAN_BYTES])
        if meta:
            found.append(meta.group(1).decode("ascii", "replace"))
    return [c for c in (_python_codec(label) for label in found) if c]


def _lang_charset(body: bytes) -> str | None:
    """The usual legacy encoding for the language in `<html lang>`, if the page names one."""
    match = _HTML_LANG.search(body[:_META_SCAN_BYTES])
    if not match:
        return None
    lang = match.group(1).decode("ascii").lower()
    region = (match.group(2) or b"").decode("ascii").lower()
    return _LANG_ENCODINGS.get(f"{lang}-{region}") or _LANG_ENCODINGS.get(lang)


def _detected_charset(body: bytes) -> str | None:
    """charset-normalizer's best guess for undeclared bytes."""
    best = charset_normalizer.from_bytes(body[:200_000]).best()
    return _python_codec(best.encoding) if best is not None else None


def decode_body(body: bytes, content_type: str | None, html: bool = True) -> str:
    """Decode bytes to text: BOM, the header's charset, `<meta>`, UTF-8, then detection.

    Each candidate must decode the bytes cleanly to be used, so a page whose header lies
    (a GBK page labelled UTF-8) still reads right. Undeclared bytes that are not UTF-8 are
    read in the usual encoding of the page's `<html lang>` (as browsers use a locale
    default: statistics alone confuse French in windows-1252 with windows-1250), and only
    without that hint by charset-normalizer's guess.
    """
    candidates = _declared_charsets(body, content_type, html)
    hinted = [c for c in [_lang_charset(body) if html else None] if c]
    for codec in _unique([*candidates, "utf-8", *hinted]):
        try:
            return _strip_bom(body.decode(codec))
        except UnicodeError:
            continue
    detected = _detected_charset(body)
    if detected:
        try:
            return _strip_bom(body.decode(detected))
        except UnicodeError:
            pass
    fallback = candidates[0] if candidates else detected or "utf-8"
    return _strip_bom(body.decode(fallback, errors="replace"))


def decode_html(snapshot: Snapshot) -> str:
    """The snapshot's body as text, in the encoding the page really uses (HTML or plain text)."""
    html = media_type(snapshot.content_type) in HTML_TYPES
    return decode_body(
        snapshot.body, snapshot.header("content-type") or snapshot.content_type, html
    )


def _strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def _unique(items: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


# Challenge pages of the common bot-management services (Cloudflare, Akamai, PerimeterX,
# DataDome, Imperva, AWS WAF) and their generic wording.
_CHALLENGE_MARKERS = re.compile(
    r"cf-chl|challenge-platform|cf_chl_opt|__cf_bm|_incapsula_resource|px-captcha|"
    r"perimeterx|captcha-delivery|datadome|awswaf|g-recaptcha|h-captcha|hcaptcha|"
    r"checking your browser|verify you are (?:a )?human|are you a robot|"
    r"enable javascript and cookies to continue|just a moment\.\.\.|"
    r"unusual traffic from your (?:computer )?network|access denied|request unsuccessful|"
    r"pardon our interruption|press (?:&amp; |& )?hold",
    re.I,
)
_PAYWALL_WORDING = re.compile(
    r"subscribe (?:now |today )?to (?:continue|read|keep reading|unlock)|"
    r"subscribers? only|for subscribers|already a (?:subscriber|member)|"
    r"sign in to (?:continue|read|keep reading)|log in to (?:continue|read)|"
    r"create a free account to (?:continue|read)|register to (?:continue|read)|"
    r"start your (?:free )?trial|to continue reading|continue reading with a subscription|"
    r"this (?:article|content|story) is (?:for|available to|reserved for) (?:paying )?"
    r"(?:subscribers|members)|you have reached your (?:free )?(?:article )?limit|"
    r"unlock this article|become a (?:subscriber|member) to|"
    # The same wall in the languages of the brief's sources (de, fr, es, zh, ja, ko).
    r"jetzt abonnieren|weiterlesen mit|abonnez-vous pour (?:lire|continuer)|"
    r"réservé aux abonnés|suscríbete para (?:seguir leyendo|continuar)|"
    r"订阅(?:后|以)(?:阅读|继续)|付费(?:内容|阅读)|訂閱(?:後|以)(?:閱讀|繼續)|"
    r"有料会員限定|会員登録して続きを読む|유료\s?회원|구독하고 계속",
    re.I,
)
_PAYWALL_MARKUP = re.compile(
    r"""["']isAccessibleForFree["']\s*:\s*["']?false|"""
    r"""class=["'][^"']*\b(?:paywall|regwall|piano-|tp-modal|subscription-wall|meter-wall)""",
    re.I,
)
_NOT_ARTICLE = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form")


_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_NON_CJK_WORD = re.compile(f"[^\\s{_CJK}]+")
_ARTICLE_BODY = ("article", "main", "[itemprop=articleBody]", ".article-body", ".story-body")


def word_count(text: str) -> int:
    """Words in text, counting two CJK characters as one word (CJK is written without spaces)."""
    return len(_NON_CJK_WORD.findall(text)) + len(_CJK_CHAR.findall(text)) // 2


def visible_words(html_text: str) -> int:
    """How many words a reader sees in the page body (scripts, styles and templates left out)."""
    soup = BeautifulSoup(bounded_markup(html_text), "lxml")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    return word_count(soup.get_text(" "))


def article_words(html_text: str) -> int:
    """Words of article text: in paragraphs, or in the article container for `<p>`-less pages.

    Navigation, headers, footers, asides and forms are left out, so a newsletter box or a
    sign-in link in the chrome does not count as article.
    """
    soup = BeautifulSoup(bounded_markup(html_text), "lxml")
    for tag in soup(list(_NOT_ARTICLE)):
        tag.decompose()
    in_paragraphs = sum(word_count(p.get_text(" ")) for p in soup.find_all("p"))
    containers = [el for selector in _ARTICLE_BODY for el in soup.select(selector)]
    in_container = max((word_count(el.get_text(" ")) for el in containers), default=0)
    return max(in_paragraphs, in_container)


def is_bot_challenge(status: int, headers: dict[str, str], text: str) -> bool:
    """True when the response is a bot-management challenge rather than the page."""
    if headers.get("cf-mitigated", "").lower() == "challenge":
        return True
    if not _CHALLENGE_MARKERS.search(text):
        return False
    return visible_words(text) <= settings.CHALLENGE_MAX_WORDS


def is_paywall(status: int, headers: dict[str, str], text: str) -> bool:
    """True when a 200 page is a subscription wall: wall wording or markup and no article."""
    if status != 200:
        return False
    if not (_PAYWALL_WORDING.search(text) or _PAYWALL_MARKUP.search(text)):
        return False
    return article_words(text) < settings.PAYWALL_MAX_ARTICLE_WORDS


# Where sites send readers they will not show an article to.
_SIGN_IN_PATH = re.compile(
    r"/(?:log-?in|sign-?in|signon|subscribe|subscription|paywall|barrier|register|"
    r"account/(?:login|signin))(?:[/?.;]|$)",
    re.I,
)


def is_sign_in_redirect(url: str, final_url: str) -> bool:
    """True when redirects ended on a sign-in or subscription page instead of the article."""
    if url == final_url:
        return False
    return bool(_SIGN_IN_PATH.search(urlsplit(final_url).path)) and not _SIGN_IN_PATH.search(
        urlsplit(url).path
    )


_NOT_FOUND_HEADING = re.compile(
    r"\b(?:404|page not found|not found|page (?:does not|doesn't) exist|no longer available|"
    r"seite nicht gefunden|page introuvable|página no encontrada)\b|"
    r"找不到|页面不存在|頁面不存在|ページが見つかりません|페이지를 찾을 수 없",
    re.I,
)


def is_soft_not_found(status: int, text: str) -> bool:
    """True when a 200 page is an error page: a "not found" title or heading and no article.

    Such a page must not reach the matcher, which would call every quotation not_found.
    """
    if status != 200:
        return False
    soup = BeautifulSoup(bounded_markup(text), "lxml")
    headings = [el.get_text(" ") for el in soup.find_all(["title", "h1"])]
    if not any(_NOT_FOUND_HEADING.search(h) for h in headings):
        return False
    return article_words(text) < settings.SOFT_404_MAX_ARTICLE_WORDS


def assess_snapshot(snapshot: Snapshot) -> tuple[SourceStatus, str | None]:
    """Whether a 2xx snapshot is readable: unsupported type, bot challenge, paywall, or ok."""
    media = snapshot.content_type
    if media not in READABLE_TYPES:
        return SourceStatus.UNSUPPORTED, f"content type {media or 'missing'}"
    if not snapshot.body.strip():
        return SourceStatus.UNSUPPORTED, "empty body"
    if media in HTML_TYPES:
        # Bounded once here, so the checks below each parse shallow markup.
        text = bounded_markup(decode_body(snapshot.body, snapshot.header("content-type")))
        headers = {k.lower(): v for k, v in snapshot.headers}
        if is_bot_challenge(snapshot.http_status, headers, text):
            return SourceStatus.BLOCKED, "bot challenge"
        if is_paywall(snapshot.http_status, headers, text):
            return SourceStatus.PAYWALLED, "paywall"
        if is_sign_in_redirect(snapshot.url, snapshot.final_url) and (
            article_words(text) < settings.PAYWALL_MAX_ARTICLE_WORDS
        ):
            return SourceStatus.PAYWALLED, "paywall (sign-in redirect)"
        if is_soft_not_found(snapshot.http_status, text):
            return SourceStatus.UNREACHABLE, "soft 404"
    return SourceStatus.OK, None

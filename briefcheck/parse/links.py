"""Deep links from a passage of main text back to the page: WICG text fragments (`#:~:text=`)."""

from __future__ import annotations

import re
from urllib.parse import quote

from briefcheck.settings import (
    TEXT_FRAGMENT_EDGE_CJK_CHARS,
    TEXT_FRAGMENT_EDGE_WORDS,
    TEXT_FRAGMENT_MAX_CJK_CHARS,
    TEXT_FRAGMENT_MAX_WORDS,
)

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _encode(term: str) -> str:
    """Percent-encode one directive term; the spec reserves `-`, `,` and `&` as syntax."""
    return quote(term, safe="").replace("-", "%2D")


def _edges(passage: str) -> tuple[str, str | None]:
    """The passage itself, or its first and last words when it is too long to quote whole."""
    words = passage.split(" ")
    if len(words) > TEXT_FRAGMENT_MAX_WORDS:
        n = TEXT_FRAGMENT_EDGE_WORDS
        return " ".join(words[:n]), " ".join(words[-n:])
    if len(words) == 1 and _CJK.search(passage) and len(passage) > TEXT_FRAGMENT_MAX_CJK_CHARS:
        n = TEXT_FRAGMENT_EDGE_CJK_CHARS
        return passage[:n], passage[-n:]
    return passage, None


def text_fragment_url(url: str, passage: str) -> str:
    """`url` with a text directive that makes a browser scroll to and highlight `passage`.

    Whitespace is collapsed (browsers match across line breaks); an existing text directive
    is replaced and an ordinary `#fragment` kept. An empty passage returns `url` unchanged.
    """
    passage = " ".join(passage.split())
    if not passage:
        return url
    base, _, _ = url.partition(":~:")
    start, end = _edges(passage)
    directive = _encode(start) + ("," + _encode(end) if end else "")
    joiner = "" if base.endswith("#") else ("#" if "#" not in base else "")
    return f"{base}{joiner}:~:text={directive}"

"""Who wrote a page and whose page it is, as its visible text states it: a "By …" line under
the headline, the reporter in a wire dateline, the masthead that links to the site's home.

These are read only where markup (JSON-LD, meta and citation tags, byline classes) is silent.
A name elsewhere in the text (a person quoted, an interviewee, a commenter) is never one.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bs4 import BeautifulSoup, Tag

# "By Kenji Sato", "Interview by Sana Iqbal", "Words by …": the label a byline line opens with.
_BY_LINE = re.compile(
    r"^(?:(?:written|interview|words|reporting|story)\s+)?by\s+(?P<names>.+)$", re.IGNORECASE
)
# Credits after the byline on the same line ("Words by X · Photographs by Y").
_CREDIT_SEPARATOR = re.compile(r"\s+[·•|]\s+")
# A byline names people: no digits, a few words.
_NAMES_MAX_WORDS = 12
# Chinese wire copy names its reporters in the dateline: "中新社北京1月8日电 (记者 李文静)".
_DATELINE_REPORTER = re.compile(r"[（(]\s*(?:记者|記者)\s*(?P<names>[^）)\d]{2,40})[）)]")
_DATELINE_REACH = 300
# How far below the headline a byline line may stand (elements, in document order), and the
# length of text that ends the search: the article's first paragraph.
_BYLINE_REACH = 12
_PARAGRAPH_WORDS = 25
# The site's home: "/", "/en/", "/eng/index.do", "https://host/".
_HOME_HREF = re.compile(r"^(?:https?://[^/]+)?/?(?:[a-z]{2,3}/?)?(?:index\.\w{2,5})?$", re.I)
# Words a home link says instead of the site's name.
_HOME_WORDS = frozenset({"home", "homepage", "首页", "홈", "처음으로", "top"})
_MASTHEAD_MAX_WORDS = 10


def byline_names(line: str) -> str | None:
    """The names of a "By …" line, or None if the line is not one."""
    first = _CREDIT_SEPARATOR.split(" ".join(line.split()))[0]
    m = _BY_LINE.match(first)
    if m is None or re.search(r"\d", m.group("names")):
        return None
    names = m.group("names").strip(" .")
    return names if 0 < len(names.split()) <= _NAMES_MAX_WORDS else None


def text_byline(soup: BeautifulSoup, excluded: Callable[[Tag], bool]) -> list[str]:
    """ "By …" lines standing just below the headline, outside regions `excluded(tag)` rejects."""
    h1 = soup.find("h1")
    if not isinstance(h1, Tag):
        return []
    found: list[str] = []
    for el in h1.find_all_next(["p", "div", "span"], limit=_BYLINE_REACH):
        text = " ".join(el.get_text(" ").split())
        if len(text.split()) >= _PARAGRAPH_WORDS:
            break
        names = byline_names(text)
        if names and not excluded(el):
            found.append(names)
            break
    return found


def dateline_reporters(main_text: str) -> list[str]:
    """The reporters a Chinese wire dateline names at the top of the text."""
    m = _DATELINE_REPORTER.search(main_text[:_DATELINE_REACH])
    return [m.group("names").strip()] if m else []


def masthead(soup: BeautifulSoup) -> str | None:
    """The site's name as its masthead shows it: the first link to the site's home, before the
    headline, by its logo's alternative text or its own text."""
    h1 = soup.find("h1")
    for a in soup.find_all("a", href=_HOME_HREF):
        if isinstance(h1, Tag) and a.find_previous("h1") is not None:
            break
        img = a.find("img", alt=True)
        name = " ".join(str(img["alt"] if img else a.get_text(" ")).split())
        if name and name.casefold() not in _HOME_WORDS and len(name.split()) <= _MASTHEAD_MAX_WORDS:
            return name
    return None

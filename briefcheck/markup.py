"""HTML made safe to parse: markup nested deeper than libxml2 builds is flattened first.

libxml2 (under lxml and BeautifulSoup's "lxml" builder) stops building a tree 256 levels
deep and drops the rest of the page, and BeautifulSoup's own deep trees make CSS selection
and searches slow. No article nests past a few dozen levels, so a page nested past the
limit is re-written with the tags beyond `HTML_MAX_DEPTH` left out and all text kept.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from briefcheck import settings

# One token of markup: a comment, a script or style element whole (its content is no markup),
# a declaration or processing instruction, an end tag, or a start tag (quoted attribute
# values may hold ">").
_TOKEN = re.compile(
    r"<!--.*?-->"
    r"|<(?P<raw>script|style)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>"
    r".*?</(?P=raw)\s*>"
    r"|<[!?][^>]*>"
    r"|</(?P<end>[A-Za-z][^\s/>]*)[^>]*>"
    r"|<(?P<start>[A-Za-z][^\s/>]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>",
    re.S | re.I,
)
_VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param"}
    | {"source", "track", "wbr"}
)


def lxml_tree(html: str) -> tuple[lxml.html.HtmlElement | None, bool]:
    """lxml's tree of the markup (None if it has none), and whether libxml2 hit its depth."""
    parser = lxml.html.HTMLParser()  # its own parser: the error log must be this page's
    try:
        tree = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        tree = None
    too_deep = any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)
    return tree, too_deep


def bounded_markup(html: str) -> str:
    """The markup as given when libxml2 reads it whole, else flattened to HTML_MAX_DEPTH."""
    _, too_deep = lxml_tree(html)
    return flatten_markup(html, settings.HTML_MAX_DEPTH) if too_deep else html


def flatten_markup(html: str, max_depth: int) -> str:
    """The markup with every tag nested deeper than `max_depth` left out and its text kept.

    A tokenizer without a tree: linear in the page however deep it nests. An end tag
    closes the nearest open element of its name and those opened inside it.
    """
    out: list[str] = []
    open_tags: list[tuple[str, bool]] = []  # (name, written) of every open element
    counts: dict[str, int] = {}  # open elements per name, so a stray end tag costs nothing
    depth, at = 0, 0
    for token in _TOKEN.finditer(html):
        out.append(html[at : token.start()])
        at = token.end()
        if token["start"]:
            name = token["start"].lower()
            if depth < max_depth:
                out.append(token.group())
            if name in _VOID_TAGS or token.group().endswith("/>"):
                continue
            open_tags.append((name, depth < max_depth))
            counts[name] = counts.get(name, 0) + 1
            depth += depth < max_depth
        elif token["end"]:
            name = token["end"].lower()
            while counts.get(name) and open_tags:
                closed, written = open_tags.pop()
                counts[closed] -= 1
                depth -= written
                out.append(f"</{closed}>" if written else "")
                if closed == name:
                    break
        elif depth < max_depth:
            out.append(token.group())  # a comment, declaration or raw-text element
    out.append(html[at:])
    return "".join(out)

"""HTML → main text: boilerplate pruned with lxml, the article read by trafilatura.

Why trafilatura: it scored best of the open-source extractors in its own and in independent
benchmarks (ScrapingHub's article-extraction benchmark, Bevendorff et al. 2023), handles
CJK pages, and keeps paragraphs as lines. Its heuristics are tuned for recall, so before it
runs we remove what must never verify a claim whatever the layout: navigation, asides,
footers, comments, "most read" and related lists, cookie and newsletter banners, scripts.
If trafilatura finds no article (a very short page), the pruned page's own blocks are used.
"""

from __future__ import annotations

import logging
import re

import lxml.html
import trafilatura

from briefcheck import settings
from briefcheck.markup import flatten_markup, lxml_tree

# trafilatura logs at WARNING for every page it finds thin; the status says that already.
logging.getLogger("trafilatura").setLevel(logging.ERROR)

_DROP_TAGS = {"script", "style", "noscript", "template", "iframe", "nav", "aside", "footer"}
_DROP_TAGS |= {"button", "select", "svg", "canvas", "video", "audio", "object", "embed"}
_DROP_ROLES = {"navigation", "complementary", "contentinfo", "banner", "search", "dialog"}
# Class and id words that name boilerplate on news and think-tank sites; matched as whole
# words between separators so "comment" does not catch "commentary" (an article section).
BOILERPLATE = re.compile(
    r"(?:^|[\s_-])(?:cookies?|consent|gdpr|related|recommend(?:ed|ations?)?|popular|trending"
    r"|most[-_]?(?:read|viewed|popular|shared)|comments?|disqus|newsletter|subscribe|share"
    r"|sharing|social|breadcrumbs?|sidebar|advert(?:isement)?|ads?|promo|nav|navbar|menu"
    r"|footer|copyright|hot[-_]?news|rank(?:ing)?)(?:$|[\s_-])",
    re.IGNORECASE,
)
_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "dd"}


def parse_tree(html: str) -> lxml.html.HtmlElement | None:
    """The page as an lxml tree, or None when nothing parseable is in it."""
    return parse_page(html)[0]


def parse_page(html: str) -> tuple[lxml.html.HtmlElement | None, str]:
    """The page as an lxml tree (None when nothing parseable is in it) and the markup read.

    A page nested deeper than libxml2 builds is flattened first (see briefcheck.markup),
    and that shallower markup is what the caller should read further.
    """
    cleaned = html.replace("\x00", "")
    if not cleaned.strip():
        return None, cleaned
    tree, too_deep = lxml_tree(cleaned)
    if too_deep:
        cleaned = flatten_markup(cleaned, settings.HTML_MAX_DEPTH)
        tree, _ = lxml_tree(cleaned)
    return tree, cleaned


def _main_article(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The `<article>` with the most text, not counting those named as comments or teasers."""
    articles = [
        a
        for a in tree.iter("article")
        if not BOILERPLATE.search(f"{a.get('class') or ''} {a.get('id') or ''}")
    ]
    return max(articles, key=lambda a: len(a.text_content()), default=None)


def _is_boilerplate(el: lxml.html.HtmlElement, keep: set[lxml.html.HtmlElement]) -> bool:
    """True for an element that is site furniture rather than article text."""
    if el.tag in _DROP_TAGS:
        return True
    if (el.get("role") or "").lower() in _DROP_ROLES:
        return True
    names = f"{el.get('class') or ''} {el.get('id') or ''}".strip()
    return bool(names and BOILERPLATE.search(names)) and el not in keep


def prune_boilerplate(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """Remove navigation, asides, comments, related lists, banners and scripts in place."""
    # Never drop the main region, the headline (or, on pages with neither, the longest
    # article) or anything that holds them: a layout that calls its content column
    # "content-area has-sidebar" would otherwise lose it all.
    anchors = list(tree.iter("main", "h1")) or [_main_article(tree)]
    keep = {a for el in anchors if el is not None for a in (el, *el.iterancestors())}
    doomed = [el for el in tree.iter() if isinstance(el.tag, str) and _is_boilerplate(el, keep)]
    for el in doomed:
        parent = el.getparent()
        if parent is not None:
            # drop_tree keeps the tail text, which belongs to the parent, not to the element.
            el.drop_tree()
    for comment in tree.xpath("//comment()"):
        if comment.getparent() is not None:
            comment.getparent().remove(comment)
    return tree


def _blocks_text(tree: lxml.html.HtmlElement) -> str:
    """The text of a pruned page's block elements, one per line (the fallback reader)."""
    root = next(iter(tree.xpath("//article | //main")), None)
    if root is None:
        root = tree.find("body") if tree.find("body") is not None else tree
    lines = []
    for el in root.iter(*_BLOCK_TAGS):
        if el.getparent() is not None and any(a.tag in _BLOCK_TAGS for a in el.iterancestors()):
            continue
        line = " ".join(el.text_content().split())
        if line:
            lines.append(line)
    if not lines:
        lines = [" ".join(root.text_content().split())]
    return "\n".join(line for line in lines if line)


def extract_main_text(tree: lxml.html.HtmlElement, url: str | None = None) -> str:
    """The article's text (paragraphs as lines) from a parsed page, boilerplate removed.

    The tree is pruned in place.
    """
    prune_boilerplate(tree)
    text = trafilatura.extract(
        tree,
        url=url,
        include_comments=False,
        include_tables=True,
        include_links=False,
        include_images=False,
        deduplicate=False,
    )
    if not text or not text.strip():
        text = _blocks_text(tree)
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())

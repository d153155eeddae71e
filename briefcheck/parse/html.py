"""HTML → main text: what is not the article pruned by structure, the article read by trafilatura.

Why trafilatura: it scored best of the open-source extractors in its own and in independent
benchmarks (ScrapingHub's article-extraction benchmark, Bevendorff et al. 2023), handles
CJK pages, and keeps paragraphs as lines. Its heuristics are tuned for recall, so before it
runs we remove what must never verify a claim whatever the layout: every region
`parse.regions.mark_regions` found not to be the article (navigation, sidebars, comments,
related lists, sign-up boxes) and scripts. If trafilatura finds no article (a very short
page), the pruned page's own blocks are used.
"""

from __future__ import annotations

import logging

import lxml.html
import trafilatura

from briefcheck import settings
from briefcheck.markup import flatten_markup, lxml_tree
from briefcheck.parse.regions import block_lines, marked_regions

# trafilatura logs at WARNING for every page it finds thin; the status says that already.
logging.getLogger("trafilatura").setLevel(logging.ERROR)

# Never text, wherever they stand.
_DROP_TAGS = {"script", "style", "noscript", "template", "iframe", "button", "select", "svg"}
_DROP_TAGS |= {"canvas", "video", "audio", "object", "embed", "textarea"}


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


def prune_boilerplate(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """Remove the regions marked as not the article, scripts and HTML comments, in place."""
    doomed = [el for el, _ in marked_regions(tree)]
    doomed += [el for el in tree.iter(*_DROP_TAGS) if isinstance(el.tag, str)]
    for el in doomed:
        if el.getparent() is not None:
            # drop_tree keeps the tail text, which belongs to the parent, not to the element.
            el.drop_tree()
    for comment in tree.xpath("//comment()"):
        if comment.getparent() is not None:
            comment.getparent().remove(comment)
    return tree


def _blocks_text(tree: lxml.html.HtmlElement) -> str:
    """The text of a pruned page's block elements, one per line (the fallback reader)."""
    body = tree.find("body")
    return block_lines(body if body is not None else tree)


def extract_main_text(tree: lxml.html.HtmlElement, url: str | None = None) -> str:
    """The article's text (paragraphs as lines) from a parsed page whose regions are marked
    (`parse.regions.mark_regions`), everything else removed.

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

"""Which parts of an HTML page are its article, decided by the page's structure, not its names.

A theme may call its comment thread `rsp-thread` and its related list `lst-b`; what they are
shows in their shape and their place. Four passes over the lxml tree mark what is not the
article with `WHERE_ATTR` (a `Where` value):

1. Landmarks: <nav>, <aside>, <footer>, a <header> without the headline, sign-up forms with
   their box, ARIA roles (navigation, complementary, contentinfo, banner, search, dialog,
   comment) and schema.org types (Comment, WPSideBar, WPFooter, ...).
2. Link shapes, anywhere: lists of links (most of the text is link text), runs of teasers
   (items each led by a headline-length link) and single "Read also" boxes.
3. The article body: the element whose paragraphs hold the most prose (readability's scoring:
   a paragraph counts fully for its parent and half for its grandparent), with the siblings
   that continue it and the headline with what stands between it and the body.
4. Everything else, by position: before the headline it is furniture; after or beside the
   body, runs of posts (items led by a short label such as a name or a time, not a heading)
   are comments, link-heavy blocks related, the rest sidebar (furniture if it holds no prose).

An element that is not marked and has no marked ancestor is article text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from briefcheck import settings
from briefcheck.models import PageBlock, Where
from briefcheck.parse.shapes import (
    HEADINGS,
    INLINE,
    PARAGRAPHS,
    WHERE_ATTR,
    Element,
    Item,
    PageTree,
    contains_posts,
    elements,
    item_kind,
    label_and_prose,
    link_list,
    paragraphs,
    run_of,
    text_children,
    visible_text,
    words,
)

__all__ = ["WHERE_ATTR", "block_lines", "mark_regions", "marked_regions", "page_blocks"]

_LANDMARK_TAGS = {"nav": Where.FURNITURE, "footer": Where.FURNITURE, "aside": Where.SIDEBAR}
_ROLES = {
    "navigation": Where.FURNITURE,
    "search": Where.FURNITURE,
    "banner": Where.FURNITURE,
    "contentinfo": Where.FURNITURE,
    "dialog": Where.FURNITURE,
    "alertdialog": Where.FURNITURE,
    "menu": Where.FURNITURE,
    "menubar": Where.FURNITURE,
    "complementary": Where.SIDEBAR,
    "comment": Where.COMMENTS,
}
_SCHEMA_TYPES = {
    "Comment": Where.COMMENTS,
    "UserComments": Where.COMMENTS,
    "WPSideBar": Where.SIDEBAR,
    "WPHeader": Where.FURNITURE,
    "WPFooter": Where.FURNITURE,
    "SiteNavigationElement": Where.FURNITURE,
    "WPAdBlock": Where.FURNITURE,
}
_SCHEMA_RE = re.compile(r"schema\.org/(\w+)")


def _landmark(el: Element) -> Where | None:
    """What an element's tag, ARIA role or schema.org type says it is, if anything."""
    where = _LANDMARK_TAGS.get(el.tag)
    if where is None and el.tag == "header":
        where = Where.FURNITURE
    role = (el.get("role") or "").strip().lower()
    where = _ROLES.get(role, where)
    for kind in _SCHEMA_RE.findall(el.get("itemtype") or ""):
        where = _SCHEMA_TYPES.get(kind, where)
    if (el.get("itemprop") or "").lower() in {"comment", "comments"}:
        where = Where.COMMENTS
    return where


def _form_box(form: Element, page: PageTree) -> Element:
    """The box a sign-up form sits in: its ancestors while they hold only the form and a pitch
    (one other block, a few words), not a column of other things."""
    box = form
    for parent in form.iterancestors():
        others = [c for c in parent if c is not box and c in page.sizes and page.sizes[c].chars]
        if (
            len(others) > 1
            or words(page.text(parent)) > settings.FORM_BOX_MAX_WORDS
            or page.holds_article(parent)
        ):
            break
        box = parent
    return box


def _mark_landmarks(page: PageTree) -> None:
    """Pass 1: landmarks, roles, schema.org types and sign-up forms."""
    for el in list(elements(page.root)):
        if el.tag == "form" and not page.holds_article(el):
            page.mark(_form_box(el, page), Where.FURNITURE)
            continue
        where = _landmark(el)
        if where is not None and not page.holds_article(el):
            page.mark(el, where)


def _mark_link_shapes(page: PageTree) -> None:
    """Pass 2: link lists, runs of teasers and single teaser boxes, wherever they stand."""
    for el in list(elements(page.root)):
        if page.marked(el) or page.holds_article(el) or el.tag in INLINE:
            continue
        where = link_list(el, page)
        if where is None and run_of(el, page, Item.TEASER) is not None:
            where = Where.RELATED
        if where is None and el.tag not in PARAGRAPHS:
            kind = item_kind(el, page)
            _, has_prose, _ = label_and_prose(el, page)
            if kind is not None and kind[0] is Item.TEASER and has_prose:
                where = Where.RELATED
        if where is not None:
            page.mark(el, where)


def _scope(page: PageTree) -> Element:
    """Where the body is looked for: the innermost <article> holding the headline (HTML's own
    statement of what the article is), else the whole page."""
    head = page.headline
    if head is None:
        return page.root
    holding = [a for a in head.iterancestors("article") if not page.marked(a)]
    return holding[0] if holding else page.root


def _body(page: PageTree) -> Element:
    """Pass 3: the element whose paragraphs hold the most prose (readability's scoring)."""
    for el in elements(page.root):
        if (el.get("itemprop") or "").lower() == "articlebody" and not page.marked(el):
            return el
    scope = _scope(page)
    scores: dict[Element, float] = defaultdict(float)
    for para in paragraphs(scope, page.sizes):
        if page.marked(para):
            continue
        weight = page.sizes[para].chars
        parent = para.getparent()
        grand = parent.getparent() if parent is not None else None
        for el, share in ((parent, 1.0), (grand, 0.5)):
            if el is not None and (el is scope or scope in el.iterancestors()):
                scores[el] += weight * share
    if not scores:
        body = page.root.find("body") if scope is page.root else scope
        return body if body is not None else page.root
    best = max(scores.values())
    return min((el for el, s in scores.items() if s == best), key=lambda el: page.order[el])


def _headline(page: PageTree, body: Element) -> Element | None:
    """The article's headline: the last <h1> before the body, else the body's first <h1>,
    else the last <h2>/<h3> before the body (briefings that title themselves so)."""
    start = page.order[body]
    headings = [h for h in elements(page.root) if h.tag in HEADINGS and not page.marked(h)]
    before = [h for h in headings if page.order[h] < start and body not in h.iterancestors()]
    h1s = [h for h in before if h.tag == "h1"]
    if h1s:
        return h1s[-1]
    inside = [h for h in headings if h.tag == "h1" and body in h.iterancestors()]
    if inside:
        return inside[0]
    lesser = [h for h in before if h.tag in {"h2", "h3"}]
    return lesser[-1] if lesser else None


def _continues(sib: Element, body: Element, page: PageTree) -> bool:
    """Whether a sibling after the body continues it (a body split by an advertisement)."""
    if page.marked(sib) or contains_posts(sib, page):
        return False
    same_shape = (sib.tag, sib.get("class")) == (body.tag, body.get("class"))
    dense = page.sizes[sib].link_density < settings.ARTICLE_PARAGRAPH_MAX_LINK_DENSITY
    has_prose = page.prose.get(sib, 0) > 0
    return has_prose and dense and (same_shape or sib.tag in PARAGRAPHS | {"div", "section"})


def _outside(el: Element, page: PageTree) -> Where:
    """What a block beside or after the article is, from its shape: posts are comments,
    links related, prose a sidebar; a short blurb or the page's last block is furniture."""
    if contains_posts(el, page):
        return Where.COMMENTS
    if page.sizes[el].link_density >= settings.LINK_LIST_DENSITY:
        return Where.RELATED
    last = page.last_text
    ends_page = page.order[el] <= last < page.order[el] + sum(1 for _ in elements(el))
    if page.prose.get(el, 0) and words(page.text(el)) >= settings.SIDEBAR_MIN_WORDS:
        return Where.FURNITURE if ends_page else Where.SIDEBAR
    return Where.FURNITURE


def _mark_around(page: PageTree, body: Element) -> None:
    """Pass 4: mark what lies outside the body, level by level up to the root."""
    start = page.order[page.headline if page.headline is not None else body]
    node = body
    while node is not page.root and (parent := node.getparent()) is not None:
        continuing = node is body
        for sib in text_children(parent, page):
            if sib is node or page.holds_headline(sib):
                continue
            if page.order[sib] < start:
                page.mark(sib, Where.FURNITURE)
            elif page.order[sib] < page.order[node]:
                if page.sizes[sib].link_density >= settings.LINK_LIST_DENSITY:
                    page.mark(sib, Where.FURNITURE)
            elif continuing and _continues(sib, body, page):
                continue
            else:
                continuing = False
                page.mark(sib, _outside(sib, page))
        node = parent


def _mark_threads_inside(page: PageTree, body: Element) -> None:
    """Runs of posts nested in the body (comments inside the article element), told from a
    Q&A by their labels: a thread's posts are signed by different people."""
    for el in list(body.iterdescendants()):
        if not isinstance(el.tag, str) or el not in page.sizes or page.marked(el):
            continue
        labels = run_of(el, page, Item.POST)
        if labels and 3 * len(set(labels)) >= 2 * len(labels):
            page.mark(el, Where.COMMENTS)


def mark_regions(tree: Element) -> None:
    """Mark every part of the page that is not its article with `WHERE_ATTR`, in place."""
    page = PageTree.of(tree)
    page.headline = next(
        (h for h in tree.iter("h1") if not any(a.tag == "nav" for a in h.iterancestors())), None
    )
    _mark_landmarks(page)
    _mark_link_shapes(page)
    body = _body(page)
    page.headline = _headline(page, body)
    _mark_threads_inside(page, body)
    _mark_around(page, body)


def marked_regions(tree: Element) -> list[tuple[Element, Where]]:
    """The outermost marked elements, in document order, with what each is."""
    found = []
    for el in elements(tree):
        where = el.get(WHERE_ATTR)
        if where and not any(a.get(WHERE_ATTR) for a in el.iterancestors()):
            found.append((el, Where(where)))
    return found


def page_blocks(tree: Element) -> list[PageBlock]:
    """The text of each marked region, for telling where words that are not article stand."""
    blocks = []
    for el, where in marked_regions(tree):
        text = block_lines(el)
        if text:
            blocks.append(PageBlock(where=where, text=text))
    return blocks


def block_lines(root: Element) -> str:
    """The text of an element's blocks, one per line (whole text if it has no blocks)."""
    tags = PARAGRAPHS | HEADINGS | {"dt", "figcaption", "caption"}
    lines = []
    for el in root.iter(*tags):
        if any(a.tag in tags for a in _ancestors_within(el, root)):
            continue
        line = visible_text(el)
        if line:
            lines.append(line)
    return "\n".join(lines) if lines else visible_text(root)


def _ancestors_within(el: Element, root: Element) -> Iterator[Element]:
    for a in el.iterancestors():
        if a is root:
            return
        yield a

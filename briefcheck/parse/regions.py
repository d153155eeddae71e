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
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import TypeAlias

import lxml.html

from briefcheck import settings
from briefcheck.models import PageBlock, Where

WHERE_ATTR = "data-briefcheck-where"
Element: TypeAlias = lxml.html.HtmlElement


def _tag_set(names: str) -> frozenset[str]:
    """A set of the space-separated tag names given."""
    return frozenset(names.split())


# Elements whose content is never visible text.
_NOT_TEXT = _tag_set(
    "script style noscript template svg canvas video audio object embed iframe head title"
    " button select option textarea"
)
_PARAGRAPHS = frozenset({"p", "pre", "blockquote", "dd", "li", "td"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_INLINE = _tag_set("span b strong em i time small label a abbr cite sup sub br img u q mark font")
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
# Ideographs and kana carry about a word each; a run of them has no spaces to count by.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[^\W_]+")
# A post's text or a teaser's summary is a sentence; a label ("Hanbit September 9, 2025 at
# 2:11 am") is not, however many words it has.
_SENTENCE_END = re.compile(r"[.!?。！？…][\"'”’)\]]*$")


@dataclass(slots=True)
class _Size:
    """Visible text of an element's subtree: weighted characters, link characters, links."""

    chars: int = 0
    links: int = 0
    anchors: int = 0
    holds_paragraphs: bool = False  # a paragraph tag stands somewhere below the element

    @property
    def link_density(self) -> float:
        return self.links / self.chars if self.chars else 0.0


class _Item(Enum):
    TEASER = "teaser"
    POST = "post"


def _weight(text: str) -> int:
    """Characters of `text` with spaces collapsed, CJK characters counted twice."""
    stripped = " ".join(text.split())
    return len(stripped) + len(_CJK.findall(stripped))


def _words(text: str) -> int:
    """Words of `text`, two CJK characters to a word."""
    cjk = len(_CJK.findall(text))
    return len(_WORD.findall(_CJK.sub(" ", text))) + (cjk + 1) // 2


def _pieces(el: Element) -> Iterator[str]:
    """The visible text of `el` piece by piece, in document order (no recursion)."""
    stack: list[str | Element] = [el]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            yield node
            continue
        if not isinstance(node.tag, str) or node.tag in _NOT_TEXT:
            continue
        yield node.text or ""
        for child in reversed(node):
            stack.append(child.tail or "")
            stack.append(child)


def visible_text(el: Element) -> str:
    """The visible text of an element, whitespace collapsed."""
    return " ".join(" ".join(_pieces(el)).split())


def _elements(root: Element) -> Iterator[Element]:
    return (el for el in root.iter() if isinstance(el.tag, str))


@dataclass(slots=True)
class _Page:
    """What the passes know about a page: sizes, prose, document order, texts, the headline.

    The tree is not changed while the passes run (only marks are set), so texts and item
    shapes are remembered per element.
    """

    root: Element
    sizes: dict[Element, _Size]
    order: dict[Element, int]
    prose: dict[Element, int]  # characters of paragraphs inside each element
    headline: Element | None = None
    texts: dict[Element, str] = field(default_factory=dict)
    items: dict[Element, tuple[_Item, str] | None] = field(default_factory=dict)

    @classmethod
    def of(cls, root: Element) -> _Page:
        sizes = _sizes(root)
        order = {el: k for k, el in enumerate(_elements(root))}
        prose: Counter[Element] = Counter()
        for para in _paragraphs(root, sizes):
            for el in (para, *para.iterancestors()):
                prose[el] += sizes[para].chars
        return cls(root, sizes, order, dict(prose))

    @property
    def last_text(self) -> int:
        """The document position of the page's last element with text of its own."""
        return max((k for e, k in self.order.items() if self.sizes[e].chars), default=0)

    def text(self, el: Element) -> str:
        if el not in self.texts:
            self.texts[el] = visible_text(el)
        return self.texts[el]

    def marked(self, el: Element) -> bool:
        return any(a.get(WHERE_ATTR) for a in (el, *el.iterancestors()))

    def mark(self, el: Element, where: Where) -> None:
        if not self.marked(el):
            el.set(WHERE_ATTR, where.value)

    def holds_headline(self, el: Element) -> bool:
        head = self.headline
        return head is not None and (el is head or el in head.iterancestors())

    def holds_article(self, el: Element) -> bool:
        """Whether `el` holds the headline or most of the page's prose: never marked."""
        total = self.prose.get(self.root, 0)
        share = settings.ANCHOR_PROSE_SHARE * total
        return self.holds_headline(el) or (total > 0 and self.prose.get(el, 0) >= share)


def _sizes(root: Element) -> dict[Element, _Size]:
    """Every element's `_Size`, computed children first in one pass."""
    sizes: dict[Element, _Size] = {}
    for el in reversed(list(_elements(root))):
        size = _Size()
        if el.tag not in _NOT_TEXT:
            size.chars = _weight(el.text or "")
            for child in el:
                inner = sizes.get(child)
                if inner is not None:
                    size.chars += inner.chars
                    size.links += inner.links
                    size.anchors += inner.anchors
                    size.holds_paragraphs |= inner.holds_paragraphs or child.tag in _PARAGRAPHS
                size.chars += _weight(child.tail or "")
            if el.tag == "a" and el.get("href") is not None:
                size.links, size.anchors = size.chars, size.anchors + 1
        sizes[el] = size
    return sizes


def _is_paragraph(el: Element, sizes: dict[Element, _Size]) -> bool:
    """A block of prose: long enough, little link text, holding no other paragraph."""
    size = sizes[el]
    if size.chars < settings.ARTICLE_PARAGRAPH_MIN_CHARS:
        return False
    if size.link_density >= settings.ARTICLE_PARAGRAPH_MAX_LINK_DENSITY:
        return False
    if el.tag in _PARAGRAPHS:
        return not size.holds_paragraphs
    # A <div> holding text itself (no <p>), as older and government sites write.
    own = _weight(el.text or "") + sum(_weight(c.tail or "") for c in el)
    return el.tag not in _INLINE and own >= settings.ARTICLE_PARAGRAPH_MIN_CHARS


def _paragraphs(root: Element, sizes: dict[Element, _Size]) -> list[Element]:
    return [el for el in _elements(root) if el in sizes and _is_paragraph(el, sizes)]


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


def _form_box(form: Element, page: _Page) -> Element:
    """The box a sign-up form sits in: its ancestors while they hold only the form and a pitch
    (one other block, a few words), not a column of other things."""
    box = form
    for parent in form.iterancestors():
        others = [c for c in parent if c is not box and c in page.sizes and page.sizes[c].chars]
        if (
            len(others) > 1
            or _words(page.text(parent)) > settings.FORM_BOX_MAX_WORDS
            or page.holds_article(parent)
        ):
            break
        box = parent
    return box


def _mark_landmarks(page: _Page) -> None:
    """Pass 1: landmarks, roles, schema.org types and sign-up forms."""
    for el in list(_elements(page.root)):
        if el.tag == "form" and not page.holds_article(el):
            page.mark(_form_box(el, page), Where.FURNITURE)
            continue
        where = _landmark(el)
        if where is not None and not page.holds_article(el):
            page.mark(el, where)


def _text_children(el: Element, page: _Page) -> list[Element]:
    return [c for c in el if c in page.sizes and page.sizes[c].chars and not page.marked(c)]


def _is_prose_block(el: Element, page: _Page) -> bool:
    """A block of running text: a sentence, not a label, a heading or a link."""
    text = page.text(el)
    return (
        el.tag not in _INLINE
        and el.tag not in _HEADINGS
        and _words(text) >= settings.PROSE_BLOCK_MIN_WORDS
        and bool(_SENTENCE_END.search(text))
        and page.sizes[el].link_density < settings.LINK_LIST_DENSITY
    )


def _item_core(el: Element, page: _Page) -> Element:
    """An item's content: wrappers with a single child and no text of their own unwrapped."""
    for _ in range(4):
        children = _text_children(el, page)
        own = (el.text or "").strip() or any((c.tail or "").strip() for c in el)
        if len(children) != 1 or own or children[0].tag in _INLINE | _HEADINGS:
            break
        el = children[0]
    return el


def _headline_link(el: Element, page: _Page) -> bool:
    """Whether `el` is or holds a link whose text is a headline's length."""
    return any(
        a.get("href") is not None and _words(page.text(a)) >= settings.TEASER_LINK_MIN_WORDS
        for a in el.iter("a")
    )


def _label_and_prose(el: Element, page: _Page) -> tuple[list[Element], bool, str]:
    """An item's leading children (before its first prose block), whether prose follows, and
    the leading text (its children's and the text around them)."""
    core = _item_core(el, page)
    children = _text_children(core, page)
    first = next((k for k, c in enumerate(children) if _is_prose_block(c, page)), None)
    lead = children if first is None else children[:first]
    text = " ".join([core.text or "", *(page.text(c) + " " + (c.tail or "") for c in lead)])
    return lead, first is not None, " ".join(text.split())


def _item_kind(el: Element, page: _Page) -> tuple[_Item, str] | None:
    """Whether an element is a teaser (led by a headline link) or a post (led by a short
    label, then prose), with its leading text; remembered per element."""
    if el not in page.items:
        page.items[el] = _shape_of_item(el, page)
    return page.items[el]


def _shape_of_item(el: Element, page: _Page) -> tuple[_Item, str] | None:
    if el.tag in _HEADINGS or el.tag == "p":
        return None
    lead, has_prose, label = _label_and_prose(el, page)
    if not lead:
        return None
    words = _words(page.text(el))
    if any(_headline_link(c, page) for c in lead) and words <= settings.TEASER_MAX_WORDS:
        return _Item.TEASER, label
    heading = any(c.tag in _HEADINGS or any(c.iter(*_HEADINGS)) for c in lead)
    if has_prose and not heading and 0 < _words(label) <= settings.POST_LABEL_MAX_WORDS:
        return _Item.POST, label
    return None


def _run_of(el: Element, page: _Page, kind: _Item) -> list[str] | None:
    """The labels of `el`'s children of `kind` when they make a run (at least two of one
    shape, and at least half of its children), else None."""
    children = [c for c in _text_children(el, page) if c.tag not in _HEADINGS]
    found = [(c, k) for c in children if (k := _item_kind(c, page)) and k[0] is kind]
    if len(found) < 2 or 2 * len(found) < len(children):
        return None
    shapes = Counter((c.tag, c.get("class") or "") for c, _ in found)
    return [label for _, (_, label) in found] if shapes.most_common(1)[0][1] >= 2 else None


def _link_list(el: Element, page: _Page) -> Where | None:
    """RELATED for a list of headline links, FURNITURE for one of short links (menus, tags)."""
    size = page.sizes[el]
    if size.anchors < settings.LINK_LIST_MIN_LINKS:
        return None
    if size.link_density < settings.LINK_LIST_DENSITY:
        return None
    links = [page.text(a) for a in el.iter("a") if a.get("href") is not None]
    mean = sum(_words(t) for t in links) / len(links)
    return Where.RELATED if mean >= settings.TEASER_LINK_MIN_WORDS else Where.FURNITURE


def _mark_link_shapes(page: _Page) -> None:
    """Pass 2: link lists, runs of teasers and single teaser boxes, wherever they stand."""
    for el in list(_elements(page.root)):
        if page.marked(el) or page.holds_article(el) or el.tag in _INLINE:
            continue
        where = _link_list(el, page)
        if where is None and _run_of(el, page, _Item.TEASER) is not None:
            where = Where.RELATED
        if where is None and el.tag not in _PARAGRAPHS:
            kind = _item_kind(el, page)
            _, has_prose, _ = _label_and_prose(el, page)
            if kind is not None and kind[0] is _Item.TEASER and has_prose:
                where = Where.RELATED
        if where is not None:
            page.mark(el, where)


def _scope(page: _Page) -> Element:
    """Where the body is looked for: the innermost <article> holding the headline (HTML's own
    statement of what the article is), else the whole page."""
    head = page.headline
    if head is None:
        return page.root
    holding = [a for a in head.iterancestors("article") if not page.marked(a)]
    return holding[0] if holding else page.root


def _body(page: _Page) -> Element:
    """Pass 3: the element whose paragraphs hold the most prose (readability's scoring)."""
    for el in _elements(page.root):
        if (el.get("itemprop") or "").lower() == "articlebody" and not page.marked(el):
            return el
    scope = _scope(page)
    scores: dict[Element, float] = defaultdict(float)
    for para in _paragraphs(scope, page.sizes):
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


def _headline(page: _Page, body: Element) -> Element | None:
    """The article's headline: the last <h1> before the body, else the body's first <h1>,
    else the last <h2>/<h3> before the body (briefings that title themselves so)."""
    start = page.order[body]
    headings = [h for h in _elements(page.root) if h.tag in _HEADINGS and not page.marked(h)]
    before = [h for h in headings if page.order[h] < start and body not in h.iterancestors()]
    h1s = [h for h in before if h.tag == "h1"]
    if h1s:
        return h1s[-1]
    inside = [h for h in headings if h.tag == "h1" and body in h.iterancestors()]
    if inside:
        return inside[0]
    lesser = [h for h in before if h.tag in {"h2", "h3"}]
    return lesser[-1] if lesser else None


def _continues(sib: Element, body: Element, page: _Page) -> bool:
    """Whether a sibling after the body continues it (a body split by an advertisement)."""
    if page.marked(sib) or _contains_posts(sib, page):
        return False
    same_shape = (sib.tag, sib.get("class")) == (body.tag, body.get("class"))
    dense = page.sizes[sib].link_density < settings.ARTICLE_PARAGRAPH_MAX_LINK_DENSITY
    has_prose = page.prose.get(sib, 0) > 0
    return has_prose and dense and (same_shape or sib.tag in _PARAGRAPHS | {"div", "section"})


def _contains_posts(el: Element, page: _Page) -> bool:
    """Whether an element is or holds a reader's post (a short label, then prose)."""
    for d in (el, *el.iterdescendants()):
        if isinstance(d.tag, str) and d in page.sizes and not page.marked(d):
            kind = _item_kind(d, page)
            if kind is not None and kind[0] is _Item.POST:
                return True
    return False


def _outside(el: Element, page: _Page) -> Where:
    """What a block beside or after the article is, from its shape: posts are comments,
    links related, prose a sidebar; a short blurb or the page's last block is furniture."""
    if _contains_posts(el, page):
        return Where.COMMENTS
    if page.sizes[el].link_density >= settings.LINK_LIST_DENSITY:
        return Where.RELATED
    last = page.last_text
    ends_page = page.order[el] <= last < page.order[el] + sum(1 for _ in _elements(el))
    if page.prose.get(el, 0) and _words(page.text(el)) >= settings.SIDEBAR_MIN_WORDS:
        return Where.FURNITURE if ends_page else Where.SIDEBAR
    return Where.FURNITURE


def _mark_around(page: _Page, body: Element) -> None:
    """Pass 4: mark what lies outside the body, level by level up to the root."""
    start = page.order[page.headline if page.headline is not None else body]
    node = body
    while node is not page.root and (parent := node.getparent()) is not None:
        continuing = node is body
        for sib in _text_children(parent, page):
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


def _mark_threads_inside(page: _Page, body: Element) -> None:
    """Runs of posts nested in the body (comments inside the article element), told from a
    Q&A by their labels: a thread's posts are signed by different people."""
    for el in list(body.iterdescendants()):
        if not isinstance(el.tag, str) or el not in page.sizes or page.marked(el):
            continue
        labels = _run_of(el, page, _Item.POST)
        if labels and 3 * len(set(labels)) >= 2 * len(labels):
            page.mark(el, Where.COMMENTS)


def mark_regions(tree: Element) -> None:
    """Mark every part of the page that is not its article with `WHERE_ATTR`, in place."""
    page = _Page.of(tree)
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
    for el in _elements(tree):
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
    tags = _PARAGRAPHS | _HEADINGS | {"dt", "figcaption", "caption"}
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

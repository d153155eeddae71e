"""The shapes of a page's blocks, the evidence `parse.regions` decides by.

Sizes (visible characters, link characters, links) are computed once per element, children
first; texts and item shapes are remembered, as the tree does not change while the page is
read. An item is a teaser when a headline-length link leads it, a post when a short label
that is not a heading (a name, a time, "wrote:") leads a sentence of prose.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import TypeAlias

import lxml.html

from briefcheck import settings
from briefcheck.models import Where

WHERE_ATTR = "data-briefcheck-where"
Element: TypeAlias = lxml.html.HtmlElement


def _tag_set(names: str) -> frozenset[str]:
    """A set of the space-separated tag names given."""
    return frozenset(names.split())


# Elements whose content is never visible text.
NOT_TEXT = _tag_set(
    "script style noscript template svg canvas video audio object embed iframe head title"
    " button select option textarea"
)
PARAGRAPHS = frozenset({"p", "pre", "blockquote", "dd", "li", "td"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
INLINE = _tag_set("span b strong em i time small label a abbr cite sup sub br img u q mark font")

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


class Item(Enum):
    """What a repeated block is: a teaser of another work, or a reader's post."""

    TEASER = "teaser"
    POST = "post"


def _weight(text: str) -> int:
    """Characters of `text` with spaces collapsed, CJK characters counted twice."""
    stripped = " ".join(text.split())
    return len(stripped) + len(_CJK.findall(stripped))


def words(text: str) -> int:
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
        if not isinstance(node.tag, str) or node.tag in NOT_TEXT:
            continue
        yield node.text or ""
        for child in reversed(node):
            stack.append(child.tail or "")
            stack.append(child)


def visible_text(el: Element) -> str:
    """The visible text of an element, whitespace collapsed."""
    return " ".join(" ".join(_pieces(el)).split())


def elements(root: Element) -> Iterator[Element]:
    return (el for el in root.iter() if isinstance(el.tag, str))


@dataclass(slots=True)
class PageTree:
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
    items: dict[Element, tuple[Item, str] | None] = field(default_factory=dict)

    @classmethod
    def of(cls, root: Element) -> PageTree:
        sizes = _sizes(root)
        order = {el: k for k, el in enumerate(elements(root))}
        prose: Counter[Element] = Counter()
        for para in paragraphs(root, sizes):
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
    for el in reversed(list(elements(root))):
        size = _Size()
        if el.tag not in NOT_TEXT:
            size.chars = _weight(el.text or "")
            for child in el:
                inner = sizes.get(child)
                if inner is not None:
                    size.chars += inner.chars
                    size.links += inner.links
                    size.anchors += inner.anchors
                    size.holds_paragraphs |= inner.holds_paragraphs or child.tag in PARAGRAPHS
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
    if el.tag in PARAGRAPHS:
        return not size.holds_paragraphs
    # A <div> holding text itself (no <p>), as older and government sites write.
    own = _weight(el.text or "") + sum(_weight(c.tail or "") for c in el)
    return el.tag not in INLINE and own >= settings.ARTICLE_PARAGRAPH_MIN_CHARS


def paragraphs(root: Element, sizes: dict[Element, _Size]) -> list[Element]:
    return [el for el in elements(root) if el in sizes and _is_paragraph(el, sizes)]


def text_children(el: Element, page: PageTree) -> list[Element]:
    return [c for c in el if c in page.sizes and page.sizes[c].chars and not page.marked(c)]


def _is_prose_block(el: Element, page: PageTree) -> bool:
    """A block of running text: a sentence, not a label, a heading or a link."""
    text = page.text(el)
    return (
        el.tag not in INLINE
        and el.tag not in HEADINGS
        and words(text) >= settings.PROSE_BLOCK_MIN_WORDS
        and bool(_SENTENCE_END.search(text))
        and page.sizes[el].link_density < settings.LINK_LIST_DENSITY
    )


# Items wrap their content in a few single-child elements (li > article > div) at most.
_WRAPPERS_MAX = 4


def _item_core(el: Element, page: PageTree) -> Element:
    """An item's content: wrappers with a single child and no text of their own unwrapped."""
    for _ in range(_WRAPPERS_MAX):
        children = text_children(el, page)
        own = (el.text or "").strip() or any((c.tail or "").strip() for c in el)
        if len(children) != 1 or own or children[0].tag in INLINE | HEADINGS:
            break
        el = children[0]
    return el


def _headline_link(el: Element, page: PageTree) -> bool:
    """Whether `el` is or holds a link whose text is a headline's length."""
    return any(
        a.get("href") is not None and words(page.text(a)) >= settings.TEASER_LINK_MIN_WORDS
        for a in el.iter("a")
    )


def label_and_prose(el: Element, page: PageTree) -> tuple[list[Element], bool, str]:
    """An item's leading children (before its first prose block), whether prose follows, and
    the leading text (its children's and the text around them)."""
    core = _item_core(el, page)
    children = text_children(core, page)
    first = next((k for k, c in enumerate(children) if _is_prose_block(c, page)), None)
    lead = children if first is None else children[:first]
    text = " ".join([core.text or "", *(page.text(c) + " " + (c.tail or "") for c in lead)])
    return lead, first is not None, " ".join(text.split())


def item_kind(el: Element, page: PageTree) -> tuple[Item, str] | None:
    """Whether an element is a teaser (led by a headline link) or a post (led by a short
    label, then prose), with its leading text; remembered per element."""
    if el not in page.items:
        page.items[el] = _shape_of_item(el, page)
    return page.items[el]


def _shape_of_item(el: Element, page: PageTree) -> tuple[Item, str] | None:
    if el.tag in HEADINGS or el.tag == "p":
        return None
    lead, has_prose, label = label_and_prose(el, page)
    if not lead:
        return None
    length = words(page.text(el))
    if any(_headline_link(c, page) for c in lead) and length <= settings.TEASER_MAX_WORDS:
        return Item.TEASER, label
    heading = any(c.tag in HEADINGS or any(c.iter(*HEADINGS)) for c in lead)
    if has_prose and not heading and 0 < words(label) <= settings.POST_LABEL_MAX_WORDS:
        return Item.POST, label
    return None


def run_of(el: Element, page: PageTree, kind: Item) -> list[str] | None:
    """The labels of `el`'s children of `kind` when they make a run (at least two of one
    shape, and at least half of its children), else None."""
    children = [c for c in text_children(el, page) if c.tag not in HEADINGS]
    found = [(c, k) for c in children if (k := item_kind(c, page)) and k[0] is kind]
    if len(found) < 2 or 2 * len(found) < len(children):
        return None
    shapes = Counter((c.tag, c.get("class") or "") for c, _ in found)
    return [label for _, (_, label) in found] if shapes.most_common(1)[0][1] >= 2 else None


def link_list(el: Element, page: PageTree) -> Where | None:
    """RELATED for a list of headline links, FURNITURE for one of short links (menus, tags)."""
    size = page.sizes[el]
    if size.anchors < settings.LINK_LIST_MIN_LINKS:
        return None
    if size.link_density < settings.LINK_LIST_DENSITY:
        return None
    links = [page.text(a) for a in el.iter("a") if a.get("href") is not None]
    mean = sum(words(t) for t in links) / len(links)
    return Where.RELATED if mean >= settings.TEASER_LINK_MIN_WORDS else Where.FURNITURE


def contains_posts(el: Element, page: PageTree) -> bool:
    """Whether an element is or holds a reader's post (a short label, then prose)."""
    for d in (el, *el.iterdescendants()):
        if isinstance(d.tag, str) and d in page.sizes and not page.marked(d):
            kind = item_kind(d, page)
            if kind is not None and kind[0] is Item.POST:
                return True
    return False

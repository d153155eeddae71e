"""Render an HTML brief as plain text with `[n]` markers and `[n] …` footnote lines.

The footnotes' hyperlinks are kept as (offset in the footnote's text, URL) so that
each reference can take the URL of the link inside it.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

_NOTE_ID = re.compile(r"^(?:fn|footnote|note|endnote|ftn|en)[-_:]?(\d{1,3})$", re.I)
_NOTES_CLASS = re.compile(r"foot-?notes?|end-?notes?|^notes$", re.I)
_MARKER_TEXT = re.compile(r"^\[?\s*(\d{1,3}(?:\s*[,–—-]\s*\d{1,3})*)\s*\]?$")
_BACKLINK = re.compile(r"^#(?:fnref|ref|footnote-ref|note-ref|r)", re.I)
_BLOCKS = ("p", "li", "blockquote", "dd", "h1", "h2", "h3", "h4", "h5", "h6")
_DROP = ("script", "style", "noscript", "template", "nav", "head", "form", "button", "svg")


class _Writer:
    """Accumulates text with collapsed whitespace, tracking link offsets."""

    def __init__(self) -> None:
        self.out = ""
        self.links: list[tuple[int, str]] = []

    def text(self, s: str) -> None:
        s = re.sub(r"\s+", " ", s)
        if self.out.endswith(" ") or not self.out:
            s = s.lstrip()
        self.out += s

    def render(self, node: Tag | NavigableString, markers: bool) -> None:
        if isinstance(node, NavigableString):
            if not isinstance(node, type(node)) or node.__class__.__name__ == "Comment":
                return
            self.text(str(node))
            return
        if node.name == "br":
            self.text(" ")
            return
        if node.name == "a" and _BACKLINK.match(str(node.get("href", ""))):
            return
        label = node.get_text().strip()
        if markers and node.name == "sup" and _MARKER_TEXT.match(label):
            self.out = self.out.rstrip(" ") if self.out.endswith(" ") else self.out
            self.out += "[" + _MARKER_TEXT.match(label).group(1) + "]"  # type: ignore[union-attr]
            return
        href = str(node.get("href", "")) if node.name == "a" else ""
        if href.startswith(("http://", "https://")):
            self.links.append((len(self.out) + (1 if self.out.endswith(" ") else 0), href))
        for child in node.children:
            self.render(child, markers)  # type: ignore[arg-type]


def _note_items(soup: BeautifulSoup) -> list[tuple[int, Tag]]:
    """Footnote elements and their numbers, found by id, then by a notes list."""
    items = []
    for tag in soup.find_all(id=_NOTE_ID):
        if tag.name in ("li", "p", "div", "aside", "dd", "section"):
            number = _NOTE_ID.match(str(tag.get("id", "")))
            if number:
                items.append((int(number.group(1)), tag))
    if items:
        return items
    for box in soup.find_all(class_=_NOTES_CLASS) + soup.find_all(id=_NOTES_CLASS):
        ol = box if box.name == "ol" else box.find("ol")
        if ol is not None:
            first = int(str(ol.get("start", "1")) or 1)
            return [(first + i, li) for i, li in enumerate(ol.find_all("li", recursive=False))]
    return []


def render_html(html: str) -> tuple[str, dict[int, list[tuple[int, str]]]]:
    """Plain text of an HTML brief (body, then a Notes block) and each footnote's links."""
    soup = BeautifulSoup(html, "lxml")
    for tag in soup.find_all(_DROP):
        tag.decompose()
    notes = _note_items(soup)
    rendered_notes = []
    links: dict[int, list[tuple[int, str]]] = {}
    for number, item in notes:
        writer = _Writer()
        writer.render(item, markers=False)
        rendered_notes.append(f"[{number}] {writer.out.strip()}")
        links[number] = writer.links
    for _, item in notes:
        item.decompose()
    # Page furniture, dropped only now because some sites put their notes in a footer.
    for tag in soup.find_all(("header", "footer", "aside")):
        tag.decompose()
    paragraphs = []
    root = soup.body or soup
    for block in root.find_all(_BLOCKS):
        if block.find_parent(_BLOCKS) is not None or block.name.startswith("h"):
            continue
        writer = _Writer()
        writer.render(block, markers=True)
        if writer.out.strip():
            paragraphs.append(writer.out.strip())
    text = "\n\n".join(paragraphs)
    if rendered_notes:
        text += "\n\nNotes\n\n" + "\n".join(rendered_notes)
    return text, links

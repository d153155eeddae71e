"""Render an HTML brief as plain text with `[n]` markers and `[n] …` footnote lines.

The footnotes' hyperlinks are kept as (offset in the footnote's text, URL) so that
each reference can take the URL of the link inside it.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from bs4.element import Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

from briefcheck.extractors.layout import NOTE_NUMBER

# Pandoc "fn1", kramdown "fn:1", WordPress "footnote-1", Word's HTML export "_ftn1".
_NOTE_ID = re.compile(rf"^_?(?:fn|footnote|note|endnote|ftn|edn|en)[-_:]?({NOTE_NUMBER})$", re.I)
_NOTES_CLASS = re.compile(r"foot-?notes?|end-?notes?|^notes$", re.I)
_MARKER_TEXT = re.compile(rf"^\[?\s*({NOTE_NUMBER}(?:\s*[,–—-]\s*{NOTE_NUMBER})*)\s*\]?$")
_BACKLINK = re.compile(
    r"^#_?(?:fnref|ftnref|ednref|ref|footnote-ref|note-ref|footnote-anchor|fnanchor|r)", re.I
)
_NOTE_BLOCKS = ("li", "p", "div", "aside", "dd", "section")
_NOTE_LINK = re.compile(rf"^#_?(?:fn|footnote|note|endnote|ftn|edn|en)[-_:]?{NOTE_NUMBER}$", re.I)
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)
_BLOCKS = ("p", "li", "blockquote", "dd", "h1", "h2", "h3", "h4", "h5", "h6")
_DROP = ("script", "style", "noscript", "template", "nav", "head", "form", "button", "svg")


class _Writer:
    """Accumulates text with collapsed whitespace, tracking link offsets."""

    def __init__(self, notes: frozenset[int] = frozenset()) -> None:
        """An empty writer; `notes` are the footnote numbers a bare <sup> may refer to."""
        self.out = ""
        self.links: list[tuple[int, str]] = []
        self.notes = notes

    def text(self, s: str) -> None:
        """Append text, collapsing runs of whitespace across pieces."""
        s = re.sub(r"\s+", " ", s)
        if self.out.endswith(" ") or not self.out:
            s = s.lstrip()
        self.out += s

    def marker(self, numbers: str) -> None:
        """Append a `[n]` marker glued to the word before it."""
        self.out = self.out.rstrip(" ") + "[" + numbers + "]"

    def _is_marker(self, node: Tag, label: str) -> re.Match[str] | None:
        """The marker numbers if `node` is a footnote reference, else None."""
        m = _MARKER_TEXT.match(label)
        if m is None or node.name not in ("sup", "a"):
            return None
        if node.name == "a" and not _NOTE_LINK.match(str(node.get("href", ""))):
            return None
        linked = node.name == "a" or node.find("a", href=_NOTE_LINK) is not None
        if linked:
            return m
        # A bare <sup>2</sup> is a marker only if note 2 exists and no unit precedes it
        # ("40 km<sup>2</sup>" is an area).
        numbers = {int(n) for n in re.findall(r"\d+", m.group(1))}
        unit = re.search(r"\b(?:k?m|cm|mm|ft|in|mi|sq|m3|x|10)\s?$", self.out)
        return m if numbers <= self.notes and not unit else None

    def render(self, node: Tag | NavigableString, markers: bool) -> None:
        """Append a node's text; with `markers`, footnote references become `[n]`."""
        if isinstance(node, NavigableString):
            if not isinstance(node, _NOT_TEXT):
                self.text(str(node))
            return
        if node.name == "br":
            self.text(" ")
            return
        if node.name == "a" and _BACKLINK.match(str(node.get("href", ""))):
            return
        if markers and (m := self._is_marker(node, node.get_text().strip())):
            self.marker(m.group(1))
            return
        if node.name == "sup" and node.get_text().strip().isdigit():
            self.out += node.get_text().strip().translate(_SUPERSCRIPT)  # "km²", not "km2"
            return
        href = str(node.get("href", "")) if node.name == "a" else ""
        if href.startswith(("http://", "https://")):
            self.links.append((len(self.out) + (1 if self.out.endswith(" ") else 0), href))
        for child in node.children:
            self.render(child, markers)  # type: ignore[arg-type]


def _note_items(soup: BeautifulSoup) -> list[tuple[int, Tag]]:
    """Footnote elements and their numbers, found by id, then by a notes list."""
    items: list[tuple[int, Tag]] = []
    for tag in soup.find_all(id=_NOTE_ID):
        number = _NOTE_ID.match(str(tag.get("id", "")))
        # The id may sit on the note's number ("<a id=footnote-1>1</a><div>…</div>" on
        # newsletter platforms): then the note is the block around it.
        block = tag if tag.name in _NOTE_BLOCKS else tag.find_parent(_NOTE_BLOCKS)
        if number and block is not None and all(block is not t for _, t in items):
            items.append((int(number.group(1)), block))
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
        # Some sites repeat the number inside the note ("1. Jane Doe…", "[1] Jane Doe…").
        label = re.match(rf"^\[?{number}\]?[.):]?\s+", writer.out)
        cut = label.end() if label else 0
        rendered_notes.append(f"[{number}] {writer.out[cut:].strip()}")
        links[number] = [(offset - cut, url) for offset, url in writer.links]
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
        writer = _Writer(frozenset(n for n, _ in notes))
        writer.render(block, markers=True)
        if writer.out.strip():
            paragraphs.append(writer.out.strip())
    text = "\n\n".join(paragraphs)
    if rendered_notes:
        text += "\n\nNotes\n\n" + "\n".join(rendered_notes)
    return text, links

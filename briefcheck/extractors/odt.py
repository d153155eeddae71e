"""Render an OpenDocument text brief (.odt, flat .fodt) as plain text with `[n]` markers.

ODF keeps each note where it is cited: a `text:note` holds its `text:note-citation` (the
number printed as the marker) and its `text:note-body`. Headings (`text:h`, or paragraphs
styled Title/Subtitle) are not body paragraphs; comments, tracked deletions and indexes
are not text of the brief. Links are kept as (offset in the note's text, URL).
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from briefcheck.extractors.layout import notes_text

_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
}
_TEXT, _OFFICE, _STYLE = (f"{{{_NS[k]}}}" for k in ("text", "office", "style"))
_HEADING_STYLE = re.compile(r"^(?:title|subtitle|heading(?:[ _]|_20_)?\d*)$", re.I)
# Not the brief's running text: comments, tracked changes, tables of contents and indexes.
_SKIP = {
    f"{_OFFICE}annotation", f"{_OFFICE}annotation-end", f"{_TEXT}tracked-changes",
    f"{_TEXT}table-of-content", f"{_TEXT}alphabetical-index", f"{_TEXT}illustration-index",
    f"{_TEXT}bibliography", f"{_TEXT}sequence-decls", f"{_TEXT}variable-decls",
}  # fmt: skip
# An ODF part is small; this bounds a hostile archive's expansion.
_MAX_PART_BYTES = 50 * 1024 * 1024
_READ_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, etree.XMLSyntaxError, EOFError,
                OSError, RuntimeError, NotImplementedError, KeyError)  # fmt: skip


class OdtError(ValueError):
    """The file is not an OpenDocument text we can read."""


class _Writer:
    """Accumulates one paragraph's text; notes become `[n]` markers and are written apart."""

    def __init__(
        self, notes: dict[int, tuple[str, list[tuple[int, str]]]], ids: dict[str, int]
    ) -> None:
        """A writer that files the notes it meets into `notes` and their ids into `ids`."""
        self.out = ""
        self.links: list[tuple[int, str]] = []
        self.notes = notes
        self.ids = ids

    def text(self, s: str | None) -> None:
        """Append character data (ODF collapses runs of white space, as we do at the end)."""
        if s:
            self.out += s

    def element(self, node: etree._Element) -> None:
        """Append an element's text, its children's, and the text that follows it."""
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _SKIP or not tag:
            self.text(node.tail)
            return
        if tag == f"{_TEXT}s":
            self.out += " " * int(node.get(f"{_TEXT}c", "1") or 1)
        elif tag in (f"{_TEXT}tab", f"{_TEXT}line-break"):
            self.out += " "
        elif tag == f"{_TEXT}note":
            self.note(node)
        elif tag == f"{_TEXT}note-ref" and node.get(f"{_TEXT}ref-name") in self.ids:
            self.marker(self.ids[str(node.get(f"{_TEXT}ref-name"))])  # a note cited again
        else:
            href = node.get(f"{{{_NS['xlink']}}}href", "") if tag == f"{_TEXT}a" else ""
            if href.startswith(("http://", "https://")):
                self.links.append((len(self.out), href))
            self.text(node.text)
            for child in node:
                self.element(child)
        self.text(node.tail)

    def marker(self, number: int) -> None:
        """Append a `[n]` marker glued to the word before it."""
        # "⁶,⁷": a comma set between two note citations separates markers, it is not text.
        self.out = re.sub(r"(\[\d+\])[,;]\s*$", r"\1", self.out.rstrip(" ")) + f"[{number}]"

    def note(self, node: etree._Element) -> None:
        """Write a note's marker here and its body into the notes."""
        citation = node.find("text:note-citation", _NS)
        label = (
            ""
            if citation is None
            else citation.get(f"{_TEXT}label") or "".join(citation.itertext())
        )
        label = label.strip()
        taken = label.isdigit() and int(label) in self.notes
        number = int(label) if label.isdigit() and not taken else len(self.notes) + 1
        self.ids[str(node.get(f"{_TEXT}id"))] = number
        self.marker(number)
        writer = _Writer(self.notes, self.ids)
        body = node.find("text:note-body", _NS)
        for p in body.iterfind(".//text:p", _NS) if body is not None else ():
            writer.paragraph(p)
            writer.out += " "
        # Where each link lands once whitespace is collapsed and the start trimmed.
        links = [
            (len(re.sub(r"\s+", " ", writer.out[:at]).lstrip()), url) for at, url in writer.links
        ]
        self.notes[number] = (_clean(writer.out), links)

    def paragraph(self, p: etree._Element) -> str:
        """The text of a `text:p` or `text:h`, markers included."""
        self.text(p.text)
        for child in p:
            self.element(child)
        return self.out


def _clean(text: str) -> str:
    """Text with runs of whitespace collapsed and its ends stripped."""
    return re.sub(r"\s+", " ", text).strip()


def _parent_styles(root: etree._Element) -> dict[str, str]:
    """Paragraph style name → its parent's name, for automatic styles like "P1"."""
    return {
        str(s.get(f"{_STYLE}name")): str(s.get(f"{_STYLE}parent-style-name"))
        for s in root.iter(f"{_STYLE}style")
        if s.get(f"{_STYLE}parent-style-name")
    }


def _is_heading(p: etree._Element, parents: dict[str, str]) -> bool:
    """Whether a paragraph is a heading or title rather than body text."""
    if p.tag == f"{_TEXT}h":
        return True
    name = p.get(f"{_TEXT}style-name")
    for _ in range(10):  # style chains are short; this bounds a cycle
        if name is None:
            return False
        if _HEADING_STYLE.match(name):
            return True
        name = parents.get(name)
    return False


def _in_skipped(p: etree._Element, body: etree._Element) -> bool:
    """Whether a paragraph sits in a note, a comment or an index rather than the body."""
    for parent in p.iterancestors():
        if parent is body:
            return False
        if parent.tag in _SKIP or parent.tag == f"{_TEXT}note-body":
            return True
    return False


def _root(data: bytes) -> tuple[etree._Element, etree._Element | None]:
    """The content document and, for a packaged .odt, its styles part."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    if data[:2] != b"PK":
        return etree.fromstring(data, parser), None
    archive = zipfile.ZipFile(io.BytesIO(data))
    parts: list[etree._Element | None] = []
    for name in ("content.xml", "styles.xml"):
        if name not in archive.namelist():
            parts.append(None)
            continue
        if archive.getinfo(name).file_size > _MAX_PART_BYTES:
            raise OdtError(f"{name} is larger than {_MAX_PART_BYTES} bytes")
        parts.append(etree.fromstring(archive.read(name), parser))
    if parts[0] is None:
        raise OdtError("no content.xml inside")
    return parts[0], parts[1]


def render_odt(data: bytes) -> tuple[str, dict[int, list[tuple[int, str]]]]:
    """Plain text of an .odt or .fodt brief (body, then a Notes block) and each note's links."""
    try:
        content, styles = _root(data)
    except _READ_ERRORS as err:
        raise OdtError(f"not a readable OpenDocument text ({err.__class__.__name__})") from None
    body = content.find("office:body/office:text", _NS)
    if body is None:
        raise OdtError("no office:text body (not a text document)")
    parents = _parent_styles(content) | (_parent_styles(styles) if styles is not None else {})
    notes: dict[int, tuple[str, list[tuple[int, str]]]] = {}
    ids: dict[str, int] = {}
    paragraphs = []
    for p in body.iter(f"{_TEXT}p", f"{_TEXT}h"):
        if _in_skipped(p, body):
            continue
        writer = _Writer(notes, ids)
        text = _clean(writer.paragraph(p))
        if text and not _is_heading(p, parents):
            paragraphs.append(text)
    plain = {n: text for n, (text, _) in notes.items()}
    return notes_text(paragraphs, plain), {n: links for n, (_, links) in notes.items()}

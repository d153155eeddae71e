"""Render a Word (.docx) brief as plain text with `[n]` markers and `[n] …` footnote lines.

Word keeps footnotes apart from the body (`word/footnotes.xml`, `word/endnotes.xml`) and
marks their places with `w:footnoteReference`; hyperlinks point through the part's
relationships file. Footnotes are numbered in the order the body first refers to them, as
Word displays them. Links are kept as (offset in the footnote's text, URL).
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from briefcheck.extractors.layout import notes_text

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_NS = {"w": _W, "r": _R}
# Paragraph styles that are headings or titles, not body text.
_HEADING_STYLE = re.compile(r"^(?:heading\d*|title|subtitle|toc\w*)$", re.I)
# Word's XML parts are small; this bounds a hostile archive's expansion.
_MAX_PART_BYTES = 50 * 1024 * 1024


class DocxError(ValueError):
    """The file is not a Word document we can read."""


def _part(archive: zipfile.ZipFile, name: str) -> etree._Element | None:
    """A parsed XML part of the package, or None if the document has no such part."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _MAX_PART_BYTES:
        raise DocxError(f"{name} is larger than {_MAX_PART_BYTES} bytes")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(archive.read(name), parser)


def _links(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    """Relationship id → external URL for one part (`word/footnotes.xml` …)."""
    folder, _, name = part.rpartition("/")
    rels = _part(archive, f"{folder}/_rels/{name}.rels")
    if rels is None:
        return {}
    return {
        str(rel.get("Id")): str(rel.get("Target"))
        for rel in rels.iter(f"{{{_PKG}}}Relationship")
        if str(rel.get("Target", "")).startswith(("http://", "https://"))
    }


class _Writer:
    """Accumulates one paragraph's text, turning note references into `[n]` markers."""

    def __init__(self, numbers: dict[tuple[str, str], int], urls: dict[str, str]) -> None:
        """A writer that numbers notes through `numbers` and resolves links through `urls`."""
        self.out = ""
        self.links: list[tuple[int, str]] = []
        self.numbers = numbers
        self.urls = urls

    def paragraph(self, p: etree._Element) -> str:
        """The text of a `w:p`, markers included, whitespace collapsed."""
        for node in p.iter():
            tag = etree.QName(node).localname if isinstance(node.tag, str) else ""
            if tag == "t" and node.text:
                self.out += node.text
            elif tag in ("tab", "br", "cr"):
                self.out += " "
            elif tag in ("footnoteReference", "endnoteReference"):
                kind = "footnote" if tag.startswith("foot") else "endnote"
                key = (kind, str(node.get(f"{{{_W}}}id")))
                number = self.numbers.setdefault(key, len(self.numbers) + 1)
                self.out = self.out.rstrip(" ") + f"[{number}]"
            elif tag == "hyperlink" and node.get(f"{{{_R}}}id") in self.urls:
                self.links.append((len(self.out), self.urls[str(node.get(f"{{{_R}}}id"))]))
        return self.out


def _is_heading(p: etree._Element) -> bool:
    """Whether a paragraph carries a heading or title style."""
    style = p.find("w:pPr/w:pStyle", _NS)
    return style is not None and bool(_HEADING_STYLE.match(str(style.get(f"{{{_W}}}val"))))


def _clean(text: str) -> str:
    """Text with runs of whitespace collapsed and its ends stripped."""
    return re.sub(r"\s+", " ", text).strip()


# What a damaged, encrypted or unusual archive can raise while being read.
_READ_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    etree.XMLSyntaxError,
    EOFError,
    OSError,
    RuntimeError,
    NotImplementedError,
)


def render_docx(data: bytes) -> tuple[str, dict[int, list[tuple[int, str]]]]:
    """Plain text of a .docx brief (body, then a Notes block) and each footnote's links."""
    try:
        return _render(zipfile.ZipFile(io.BytesIO(data)))
    except _READ_ERRORS as err:
        raise DocxError(f"not a readable .docx ({err})") from None


def _render(archive: zipfile.ZipFile) -> tuple[str, dict[int, list[tuple[int, str]]]]:
    """The body and notes of an open .docx package."""
    document = _part(archive, "word/document.xml")
    if document is None:
        raise DocxError("no word/document.xml inside")
    numbers: dict[tuple[str, str], int] = {}
    paragraphs = []
    for p in document.iterfind(".//w:body//w:p", _NS):
        if _is_heading(p):
            continue
        text = _clean(_Writer(numbers, {}).paragraph(p))
        if text:
            paragraphs.append(text)
    notes: dict[int, str] = {}
    links: dict[int, list[tuple[int, str]]] = {}
    for kind in ("footnote", "endnote"):
        part = f"word/{kind}s.xml"
        root = _part(archive, part)
        if root is None:
            continue
        urls = _links(archive, part)
        for note in root.iterfind(f"w:{kind}", _NS):
            number = numbers.get((kind, str(note.get(f"{{{_W}}}id"))))
            if number is None:
                continue  # separators, continuation notices, notes nothing refers to
            writer = _Writer({}, urls)
            for p in note.iterfind("w:p", _NS):
                writer.paragraph(p)
                writer.out += " "
            notes[number] = _clean(writer.out)
            # Where each link lands once whitespace is collapsed and the start trimmed.
            links[number] = [
                (len(re.sub(r"\s+", " ", writer.out[:offset]).lstrip()), url)
                for offset, url in writer.links
            ]
    return notes_text(paragraphs, notes), links

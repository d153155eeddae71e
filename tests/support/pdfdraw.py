"""Draw a plain-text brief as a PDF with reportlab: one or two columns, endnotes, furniture.

The PDF reader's tests need PDFs whose layout they choose. This module reads a text brief in
the labelled set's forms (`[n]` markers, notes as `[n] …` lines or `1. …` under a "Notes"
heading) with its own small parser, and sets it like a publisher would: title, running head,
page numbers, raised note markers, words hyphenated at line ends, notes at the end, web links
as URI annotations. It never calls the code under test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

_MARKER = re.compile(r"\[(\d+(?:\s*[,–-]\s*\d+)*)\]")
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_NOTE_LINE = re.compile(r"^\[(\d+)\]\s+|^(\d+)\.?\s+")
_HEADING = re.compile(r"^(?:notes|endnotes|references)$", re.I)
_URL = re.compile(r"https?://\S+?(?=[.,;)]?(?:\s|$))")
FONT, BOLD = "Times-Roman", "Times-Bold"


@dataclass(frozen=True)
class TextBrief:
    """A brief as a person reads it: title, paragraphs (with `[n]` markers), notes."""

    title: str
    paragraphs: list[str]
    notes: dict[int, str]


def read_text_brief(path: Path) -> TextBrief:
    """The title, body paragraphs and notes of a labelled plain-text brief."""
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(
        i for i, ln in enumerate(lines) if _NOTE_LINE.match(ln) and _is_note_start(lines, i)
    )
    body, notes_part = lines[:first], lines[first:]
    while body and (not body[-1].strip() or _HEADING.match(body[-1].strip())):
        body.pop()
    blank_lines = any(not ln.strip() for ln in body[1:])
    blocks: list[list[str]] = [[]]
    for ln in body:
        if not ln.strip() or not blank_lines:
            blocks.append([])
        if ln.strip():
            blocks[-1].append(ln.strip())
    paragraphs = [" ".join(b) for b in blocks if b]
    notes: dict[int, str] = {}
    for ln in notes_part:
        m = _NOTE_LINE.match(ln)
        number = int(m.group(1) or m.group(2)) if m else None
        if m and number == len(notes) + 1:
            notes[number] = ln[m.end() :].strip()
        elif notes and ln.strip():
            notes[len(notes)] += " " + ln.strip()
    return TextBrief(title=paragraphs[0], paragraphs=paragraphs[1:], notes=notes)


def _is_note_start(lines: list[str], i: int) -> bool:
    """Whether line i opens the notes: "[1] …", or "1. …" right after a notes heading."""
    if lines[i].startswith("[1]"):
        return True
    before = [ln.strip() for ln in lines[:i] if ln.strip()]
    return bool(before) and bool(_HEADING.match(before[-1])) and lines[i].startswith("1")


@dataclass
class _Word:
    """A word as drawn: (text, raised) pieces, and the URL it links to."""

    pieces: list[tuple[str, bool]]
    url: str | None = None


@dataclass
class Sheet:
    """A reportlab canvas with a flow of columns, a running head and page numbers."""

    path: Path
    columns: int = 1
    head: str = ""
    size: float = 10.0
    canvas: Canvas = field(init=False)
    page: int = 0
    column: int = 0
    y: float = 0.0
    top: float = 0.0  # where the columns begin on this page (under a full-width title)

    margin = 56.0
    gutter = 22.0

    def __post_init__(self) -> None:
        self.canvas = Canvas(str(self.path), pagesize=A4)
        self._start_page()

    @property
    def width(self) -> float:
        return (A4[0] - 2 * self.margin - (self.columns - 1) * self.gutter) / self.columns

    @property
    def left(self) -> float:
        return self.margin + self.column * (self.width + self.gutter)

    def _start_page(self) -> None:
        self.page += 1
        self.column = 0
        self.y = self.top = A4[1] - self.margin - 10
        if self.head:
            self.canvas.setFont(FONT, 8)
            self.canvas.drawString(self.margin, A4[1] - 36, self.head)
        self.canvas.setFont(FONT, 8)
        self.canvas.drawCentredString(A4[0] / 2, 30, str(self.page))

    def _advance(self, leading: float) -> None:
        """Move down one line, to the next column or page when this one is full."""
        self.y -= leading
        if self.y < self.margin + 10:
            if self.column + 1 < self.columns:
                self.column += 1
                self.y = self.top - leading
            else:
                self.canvas.showPage()
                self._start_page()
                self.y -= leading

    def heading(self, text: str, size: float, full_width: bool = False) -> None:
        """A heading line in bold (across the page if `full_width`)."""
        self._advance(size * 1.6)
        self.canvas.setFont(BOLD, size)
        self.canvas.drawString(self.margin if full_width else self.left, self.y, text)
        self.y -= size * 0.6
        if full_width:
            self.top = self.y

    def paragraph(
        self, words: list[_Word], size: float, indent: float = 0.0, label: str = ""
    ) -> None:
        """Words set ragged right, hyphenating a long word that would not fit."""
        self._advance(size * 1.25)
        x = self.left + indent
        if label:
            self.canvas.setFont(FONT, size)
            self.canvas.drawString(self.left, self.y, label)
        queue = list(words)
        while queue:
            word = queue.pop(0)
            width = _width(word, size)
            if x + width > self.left + self.width and x > self.left + indent:
                head, tail = _hyphenate(word, self.left + self.width - x, size)
                if head is not None and tail is not None:
                    self._draw(head, x, size)
                    queue.insert(0, tail)
                self._advance(size * 1.25)
                x = self.left + indent
                if head is not None:
                    continue
            self._draw(word, x, size)
            x += width + stringWidth(" ", FONT, size)
        self.y -= size * 0.5  # paragraph spacing

    def _draw(self, word: _Word, x: float, size: float) -> None:
        start = x
        for text, raised in word.pieces:
            s = size * 0.6 if raised else size
            self.canvas.setFont(FONT, s)
            self.canvas.drawString(x, self.y + (size * 0.35 if raised else 0), text)
            x += stringWidth(text, FONT, s)
        if word.url:
            self.canvas.linkURL(
                word.url, (start, self.y - 2, x, self.y + size), relative=0, thickness=0
            )

    def save(self) -> None:
        self.canvas.showPage()
        self.canvas.save()


def _width(word: _Word, size: float) -> float:
    return sum(stringWidth(t, FONT, size * 0.6 if r else size) for t, r in word.pieces)


def _hyphenate(word: _Word, room: float, size: float) -> tuple[_Word | None, _Word | None]:
    """A long plain word cut so its head and a hyphen fill `room`, or (None, None)."""
    if len(word.pieces) != 1 or word.url:
        return None, None
    text = word.pieces[0][0]
    if not re.fullmatch(r"[a-z]{9,}[,.;:]?", text):
        return None, None
    for cut in range(len(text) - 4, 3, -1):
        if stringWidth(text[:cut] + "-", FONT, size) <= room:
            return _Word([(text[:cut] + "-", False)]), _Word([(text[cut:], False)])
    return None, None


def words(text: str, markers: bool = True) -> list[_Word]:
    """A paragraph's words; `[n]` markers and superscript digits become raised pieces."""
    if markers:
        text = _MARKER.sub(lambda m: "\x01" + re.sub(r"\s+", "", m.group(1)) + "\x02", text)
        text = re.sub(
            r"([⁰¹²³⁴⁵⁶⁷⁸⁹]+)", lambda m: "\x01" + m.group().translate(_SUPERSCRIPTS) + "\x02", text
        )
    out = []
    for token in text.split():
        url = _URL.search(token)
        pieces = [
            (part.lstrip("\x01"), part.startswith("\x01"))
            for part in re.split(r"(\x01[^\x02]*)\x02", token)
            if part
        ]
        out.append(_Word(pieces, url.group() if url else None))
    return out


def draw_brief(
    brief: TextBrief, path: Path, *, columns: int, note_labels: str = "plain", size: float = 10.0
) -> Path:
    """Set a brief with endnotes under a "Notes" heading; `note_labels` plain or raised."""
    sheet = Sheet(path=path, columns=columns, head=f"Policy Brief · {brief.title[:40]}", size=size)
    sheet.heading(brief.title, 15, full_width=True)
    for text in brief.paragraphs:
        heading = len(text.split()) <= 10 and not _MARKER.search(text) and text[-1:] not in '.”’"'
        if heading:
            sheet.heading(text, 12)
        else:
            sheet.paragraph(words(text), sheet.size)
    sheet.heading("Notes", 12)
    for number, text in brief.notes.items():
        body = words(text, markers=False)
        if note_labels == "raised":
            body[0].pieces.insert(0, (str(number), True))
            sheet.paragraph(body, 8.5)
        else:
            sheet.paragraph(body, 8.5, indent=14, label=f"{number}.")
    sheet.save()
    return path

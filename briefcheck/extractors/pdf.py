"""Render a PDF brief's text layer as plain text with `[n]` markers and `[n] …` note lines.

Lines come from `pdf_lines` (furniture dropped, columns split). Notes are the lines under a
rule at the foot of a page or column, or a trailing block set smaller than the body, and
the lines after a "Notes"/"Endnotes"/"References" heading; a note whose first line carries
no number continues the note before it (a note run over onto the next page). Body lines
are rebuilt into paragraphs, and raised numbers become markers. Links are kept as (offset
in the note's text, URL), as for HTML and Word briefs.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field

from briefcheck import settings
from briefcheck.extractors.layout import NOTES_HEADING, UNIT_BEFORE, notes_text
from briefcheck.extractors.pdf_lines import Glyph, Line, Page, PdfError, read_pages
from briefcheck.extractors.pdf_lines import spaced as _spaced
from briefcheck.parse.pdf import find_compounds, hyphen_joint

__all__ = ["PdfError", "render_pdf"]

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
# A note's printed label: "12", "12.", "12)" or "[12]" before its text.
_PLAIN_LABEL = re.compile(r"^\s*(?:\[(\d{1,3})\]|(\d{1,3})[.)]?)(?=\s|$)\s*")
# A raised group: "3", "34" (two markers set together), "6,7", "7–9".
_RAISED_GROUP = re.compile(r"^\d{1,4}(?:\s*[,;–—-]\s*\d{1,4})*$")
_HYPHENS = "-\u00ad\u2010"
_REGION_RANK = {"full": 0, "left": 0, "right": 1}


@dataclass
class _Citations:
    """Note numbers the notes define, and the highest one the body has cited so far."""

    numbers: frozenset[int]
    highest: int = 0


@dataclass
class _Text:
    """Text being written, with the offsets of the web links in it."""

    out: str = ""
    links: list[tuple[int, str]] = field(default_factory=list)


def _body_size(pages: list[Page]) -> float:
    """The most common glyph size of the body: above any rule and before a notes heading.

    Notes are left out because they may hold more words than the body they annotate.
    """
    sizes: list[float] = []
    for page in pages:
        heading = next((ln.y0 for ln in page.lines if _is_notes_heading(ln)), None)
        for ln in page.lines:
            if heading is not None and ln.y0 <= heading:
                continue
            if not any(ln.y0 < r.y for r in page.rules):
                sizes += [round(g.size * 2) / 2 for g in ln.body]
        if heading is not None and sizes:
            break
    return statistics.mode(sizes) if sizes else 0.0


def _pitch(lines: list[Line]) -> float:
    """The usual distance between baselines of consecutive lines in a column."""
    gaps = [
        a.y0 - b.y0
        for a, b in itertools.pairwise(lines)
        if a.page == b.page and a.region == b.region and 0 < a.y0 - b.y0 < 2.5 * a.size
    ]
    return statistics.median(gaps) if gaps else 1.2 * (lines[0].size if lines else 10.0)


def _label(line: Line, last: int | None) -> tuple[int, int] | None:
    """(note number, index of the first glyph of its text) if a line starts a note."""
    glyphs = line.glyphs
    lead = 0
    while lead < len(glyphs) and glyphs[lead].text.isspace():
        lead += 1
    raised = ""
    i = lead
    while i < len(glyphs) and glyphs[i].raised and glyphs[i].text.isdigit():
        raised += glyphs[i].text
        i += 1
    if raised and int(raised) > 0 and int(raised) != last:
        return int(raised), i
    text, owner = _indexed_text(glyphs[lead:])
    m = _PLAIN_LABEL.match(text)
    if m is None:
        return None
    number = int(m.group(1) or m.group(2))
    # A wrapped line may begin with a number ("2 (2024): 45–60"): a printed number starts a
    # note only as the next in sequence (or as the first note found).
    if last is not None and number != last + 1:
        return None
    return number, lead + (owner[m.end()] if m.end() < len(owner) else len(glyphs) - lead)


def _indexed_text(glyphs: tuple[Glyph, ...]) -> tuple[str, list[int]]:
    """A run of glyphs as text (word spaces included) and, per character, its glyph's index."""
    index = {id(g): i for i, g in enumerate(glyphs)}
    text, owner = "", []
    for piece, g in _spaced(glyphs):
        text += piece
        owner += [index[id(g)]] * len(piece)
    return text, owner


def _under_rule(page: Page, size: float) -> list[Line]:
    """The lines under the notes rule of each column (or of the page)."""
    notes: list[Line] = []
    for region in ("left", "right", "full"):
        for rule in sorted(page.rules, key=lambda r: r.y):
            if _rule_region(rule, page.gutter) != region:
                continue
            below = [
                ln
                for ln in page.lines
                if ln.y0 < rule.y
                and (region == "full" or ln.region == region)
                and ln.x0 >= rule.x0 - size
            ]
            if below and _looks_like_notes(max(below, key=lambda ln: ln.y0), size):
                notes.extend(ln for ln in below if ln not in notes)
                break
    return notes


def _rule_region(rule: object, gutter: float | None) -> str:
    """Which column a rule belongs to: left, right, or full for a page-wide one."""
    x0, x1 = getattr(rule, "x0", 0.0), getattr(rule, "x1", 0.0)
    if gutter is None:
        return "full"
    if x1 <= gutter + 2:
        return "left"
    return "right" if x0 >= gutter - 2 else "full"


def _looks_like_notes(first: Line, size: float) -> bool:
    """Whether the first line under a rule opens a notes area: numbered, or set smaller."""
    return _label(first, None) is not None or first.size <= settings.PDF_NOTE_SIZE * size


def _small_tail(page: Page, size: float) -> list[Line]:
    """Notes without a rule: the block of smaller lines at the foot of a column or page."""
    notes: list[Line] = []
    regions = ("left", "right") if page.gutter is not None else ("full",)
    for region in regions:
        lines = [ln for ln in page.lines if page.gutter is None or ln.region in (region, "full")]
        tail: list[Line] = []
        for ln in sorted(lines, key=lambda ln: ln.y0):
            if ln.size > settings.PDF_NOTE_SIZE * size:
                break
            tail.append(ln)
        if any(_label(ln, None) for ln in tail):
            notes.extend(ln for ln in tail if ln not in notes)
    return notes


def _split_page(page: Page, size: float) -> tuple[list[Line], list[Line]]:
    """A page's body lines in reading order and its foot-of-page note lines in order."""
    notes = _under_rule(page, size) or _small_tail(page, size)
    body = [ln for ln in page.lines if ln not in notes]
    ordered_notes = sorted(notes, key=lambda ln: (_REGION_RANK[ln.region], -ln.y0, ln.x0))
    return _reading_order(body, page.gutter), ordered_notes


def _reading_order(lines: list[Line], gutter: float | None) -> list[Line]:
    """Lines top to bottom; on a two-column page, each band's left column before its right."""
    by_height = sorted(lines, key=lambda ln: (-ln.y0, ln.x0))
    if gutter is None:
        return by_height
    ordered: list[Line] = []
    band: list[Line] = []
    for line in [*by_height, None]:
        if line is None or line.region == "full":
            ordered += [ln for ln in band if ln.region == "left"]
            ordered += [ln for ln in band if ln.region == "right"]
            band = []
            if line is not None:
                ordered.append(line)
        else:
            band.append(line)
    return ordered


def _is_notes_heading(line: Line) -> bool:
    """Whether a line is a "Notes" / "Endnotes" / "References" heading."""
    return bool(NOTES_HEADING.match(line.text))


def _edges(lines: list[Line]) -> dict[str, tuple[float, float]]:
    """Left and right margin of each region (full, left, right) over the whole document."""
    edges = {}
    for region in ("full", "left", "right"):
        xs = [ln for ln in lines if ln.region == region]
        if xs:
            edges[region] = (min(ln.x0 for ln in xs), max(ln.x1 for ln in xs))
    return edges


def _first_word_width(line: Line) -> float:
    """How wide a line's first word is, so as to ask whether it would have fitted above."""
    ink = [g for g in line.glyphs if not g.text.isspace()]
    gaps = (i for i, (a, b) in enumerate(itertools.pairwise(ink)) if _word_gap(a, b))
    end = next(gaps, len(ink) - 1)
    return ink[end].x1 - ink[0].x0 if ink else 0.0


def _word_gap(a: Glyph, b: Glyph) -> bool:
    """Whether the space between two glyphs is a word space."""
    return b.x0 - a.x1 > settings.PDF_WORD_GAP * max(a.size, b.size)


def _breaks(prev: Line, cur: Line, pitch: float, edges: dict[str, tuple[float, float]]) -> bool:
    """Whether a paragraph ends between two consecutive lines of the body."""
    size = max(prev.size, cur.size)
    if abs(prev.size - cur.size) > 0.1 * size or prev.bold != cur.bold:
        return True
    same_column = prev.page == cur.page and prev.region == cur.region and cur.y0 < prev.y0
    if same_column and prev.y0 - cur.y0 > settings.PDF_PARAGRAPH_GAP * pitch:
        return True
    left, _ = edges.get(cur.region, (cur.x0, cur.x1))
    base = prev.x0 if same_column else left
    if cur.x0 - base > settings.PDF_INDENT * size and cur.x0 - left > settings.PDF_INDENT * size:
        return True
    if prev.text[-1:] in _HYPHENS:
        return False
    # The first word of the next line would have fitted at the end of this one: the
    # typesetter ended the line on purpose.
    _, right = edges.get(prev.region, (prev.x0, prev.x1))
    return right - prev.x1 > _first_word_width(cur) + 0.3 * size + 1.0


def _paragraphs(
    lines: list[Line], size: float, edges: dict[str, tuple[float, float]]
) -> list[list[Line]]:
    """Body lines grouped into paragraphs; headings set larger than the body are left out."""
    pitch = _pitch([ln for ln in lines if abs(ln.size - size) <= 0.1 * size])
    paragraphs: list[list[Line]] = []
    prev: Line | None = None
    for line in lines:
        heading = line.size >= settings.PDF_HEADING_SIZE * size
        if not heading and (prev is None or _breaks(prev, line, pitch, edges)):
            paragraphs.append([])
        if not heading:
            paragraphs[-1].append(line)
        prev = None if heading else line
    return [p for p in paragraphs if p]


def _split_endnotes(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """Body lines before a notes heading, and the lines after it (if notes follow it)."""
    for i, line in enumerate(lines):
        if _is_notes_heading(line) and any(_label(ln, None) for ln in lines[i + 1 : i + 4]):
            return lines[:i], lines[i + 1 :]
    return lines, []


def _group_notes(
    page_notes: list[Line], endnotes: list[Line], pitch: float
) -> list[tuple[int, list[tuple[Line, int]]]]:
    """Note lines grouped per note: (number, [(line, first glyph of its text)])."""
    notes: list[tuple[int, list[tuple[Line, int]]]] = []
    for source, lines in (("page", page_notes), ("end", endnotes)):
        prev: Line | None = None
        for line in lines:
            label = _label(line, notes[-1][0] if notes else None)
            if label:
                notes.append((label[0], [(line, label[1])]))
            elif notes and source == "end" and prev and _after_notes(prev, line, pitch):
                break  # matter after the notes ("About the author"), not more of a note
            elif notes:
                notes[-1][1].append((line, 0))
            prev = line
    return notes


def _after_notes(prev: Line, line: Line, pitch: float) -> bool:
    """Whether an unnumbered line after a gap (or set as a heading) ends the endnotes."""
    gap = prev.page == line.page and prev.y0 - line.y0 > settings.PDF_PARAGRAPH_GAP * pitch
    return gap or line.bold or line.size >= settings.PDF_HEADING_SIZE * prev.size


def _marker_numbers(raw: str, cite: _Citations) -> list[str] | None:
    """The markers a raised group stands for ("34" → ["3", "4"]), or None if it is not one."""
    if not _RAISED_GROUP.match(raw):
        return None
    out: list[str] = []
    for part in re.split(r"\s*[,;]\s*", raw):
        ends = re.split(r"\s*[–—-]\s*", part)
        if len(ends) == 2 and all(int(e) in cite.numbers for e in ends):
            out.append(f"{ends[0]}–{ends[1]}")
            cite.highest = max(cite.highest, int(ends[1]))
            continue
        split = _split_digits(part, cite)
        if split is None:
            return None
        out.extend(str(n) for n in split)
    return out


def _split_digits(digits: str, cite: _Citations) -> list[int] | None:
    """Digits set together read as note numbers: one number, or several in citing order.

    "12" is note 12 when the body has cited up to 11, but notes 1 and 2 when it has cited
    only up to 1: a new note is always the next one.
    """
    options = [s for s in _splits(digits) if all(n in cite.numbers for n in s)]
    in_order = [s for s in options if _in_sequence(s, cite.highest)]
    pick = min(in_order or options, key=len, default=None)
    if pick is not None:
        cite.highest = max(cite.highest, *pick)
    return pick


def _splits(digits: str) -> Iterable[list[int]]:
    """Every way to cut a digit string into numbers without leading zeros."""
    if not digits:
        yield []
        return
    for i in range(1, min(3, len(digits)) + 1):
        head = digits[:i]
        if head[0] != "0":
            for rest in _splits(digits[i:]):
                yield [int(head), *rest]


def _in_sequence(numbers: list[int], highest: int) -> bool:
    """Whether each number repeats an earlier note or is the next new one."""
    for n in numbers:
        if n > highest + 1:
            return False
        highest = max(highest, n)
    return True


def _write_line(text: _Text, glyphs: tuple[Glyph, ...], cite: _Citations | None) -> None:
    """Append a line's glyphs; with `cite`, raised groups that are note numbers become markers."""
    pending = ""
    url: str | None = None

    def flush() -> None:
        nonlocal pending
        if not pending:
            return
        numbers = None
        if cite is not None and not UNIT_BEFORE.search(text.out[-4:]):
            numbers = _marker_numbers(pending.strip(), cite)
        if numbers:
            text.out = text.out.rstrip(" ") + "".join(f"[{n}]" for n in numbers)
        else:
            text.out += pending.strip().translate(_SUPERSCRIPT)
        pending = ""

    for piece, g in _spaced(glyphs):
        if g.raised and not (piece == " " and not pending):
            pending += piece
            continue
        flush()
        if piece == " " and (not text.out or text.out.endswith(" ")):
            continue
        if g.url and g.url != url:
            text.links.append((len(text.out), g.url))
        url = g.url
        text.out += piece
    flush()
    text.out = text.out.rstrip(" ")


def _join(lines: list[tuple[Line, int]], cite: _Citations | None, compounds: set[str]) -> _Text:
    """Lines of one paragraph or note as one text, words broken by a hyphen rejoined."""
    text = _Text()
    for line, start in lines:
        piece = _Text()
        _write_line(piece, line.glyphs[start:], cite)
        piece.out = piece.out.lstrip(" ")
        head = re.search(rf"(\w+)([{_HYPHENS}])$", text.out)
        tail = re.match(r"[a-zß-ÿ]\w*", piece.out)
        if head and tail:
            joint = hyphen_joint(head.group(1), head.group(2), tail.group(), compounds)
            text.out = text.out[: head.start()] + joint[: len(joint) - len(tail.group())]
        elif text.out and text.out[-1:] not in _HYPHENS:
            text.out += " "
        text.links += [(len(text.out) + offset, url) for offset, url in piece.links]
        text.out += piece.out
    return text


def render_pdf(data: bytes) -> tuple[str, dict[int, list[tuple[int, str]]]]:
    """Plain text of a PDF brief (body, then a Notes block) and each note's links.

    Raises PdfError for a file that is not a readable PDF or has no text layer.
    """
    pages = read_pages(data)
    if not any(ln.text for p in pages for ln in p.lines):
        raise PdfError("the PDF has no text layer (a scanned image?); OCR is not supported yet")
    size = _body_size(pages)
    body: list[Line] = []
    page_notes: list[Line] = []
    for page in pages:
        lines, foot = _split_page(page, size)
        body += lines
        page_notes += foot
    body, endnotes = _split_endnotes(body)
    all_lines = [*body, *page_notes, *endnotes]
    compounds = find_compounds("\n".join(ln.text for ln in all_lines))
    grouped = _group_notes(page_notes, endnotes, _pitch(endnotes or page_notes))
    notes: dict[int, str] = {}
    links: dict[int, list[tuple[int, str]]] = {}
    for number, note_lines in grouped:
        if number in notes:
            continue  # a second note with one number: the first is the one cited
        written = _join(note_lines, None, compounds)
        notes[number], links[number] = written.out.strip(), written.links
    cite = _Citations(numbers=frozenset(notes))
    # Margins from body-size lines only: a title may run wider than the text column.
    edges = _edges([ln for ln in body if abs(ln.size - size) <= 0.1 * size])
    paragraphs = [
        _join([(ln, 0) for ln in para], cite, compounds).out
        for para in _paragraphs(body, size, edges)
    ]
    return notes_text([p for p in paragraphs if p.strip()], notes), links

"""A PDF's text layer as lines of glyphs: baselines, raised markers, page furniture, columns.

pdfminer.six gives every glyph with its box, size and font. Glyphs on one baseline form a
row; a smaller glyph raised a little above a row is a superscript of that row. Rows that
repeat at the top or bottom of the pages (running heads, page numbers) are dropped, and a
page whose rows leave a vertical strip free is cut into two columns at that gutter.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTContainer, LTCurve, LTItem, LTPage
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.psexceptions import PSException

from briefcheck import settings

# pdfminer logs every slightly malformed object; that is noise for a reader of the report.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.I)
# "12", "Page 12", "- 12 -", "12 of 30", "xii": a page number standing alone.
_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?[-–—]?\s*(?:\d{1,3}|[ivxlc]{1,6})\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.I
)
# What a damaged or unusual file can raise inside pdfminer.
_READ_ERRORS = (PSException, ValueError, KeyError, TypeError, AttributeError, OSError,
                IndexError, AssertionError, RecursionError, ZeroDivisionError)  # fmt: skip


class PdfError(ValueError):
    """The file is not a PDF whose text we can read."""


@dataclass(frozen=True, slots=True)
class Glyph:
    """One character as printed: its box, size, weight, and whether it is a superscript."""

    text: str
    x0: float
    x1: float
    y0: float
    size: float
    bold: bool = False
    raised: bool = False
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Line:
    """Glyphs on one baseline in one column, left to right; `region` is full, left or right."""

    page: int
    glyphs: tuple[Glyph, ...]
    region: str = "full"

    @property
    def body(self) -> tuple[Glyph, ...]:
        """The glyphs on the baseline (superscripts excluded, unless there is nothing else)."""
        return tuple(g for g in self.glyphs if not g.raised) or self.glyphs

    @property
    def x0(self) -> float:
        return self.glyphs[0].x0

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.glyphs)

    @property
    def y0(self) -> float:
        return min(g.y0 for g in self.body)

    @property
    def size(self) -> float:
        return statistics.median(g.size for g in self.body)

    @property
    def bold(self) -> bool:
        return all(g.bold for g in self.body if not g.text.isspace())

    @property
    def text(self) -> str:
        """The line's characters with word spaces, superscripts as printed."""
        return "".join(t for t, _ in spaced(self.glyphs)).strip()


@dataclass(frozen=True, slots=True)
class Rule:
    """A thin horizontal line drawn on a page (a notes separator, a table border…)."""

    x0: float
    x1: float
    y: float


@dataclass(frozen=True, slots=True)
class Page:
    """One page: its lines top to bottom, its rules, the gutter between columns if any."""

    number: int
    lines: tuple[Line, ...]
    rules: tuple[Rule, ...]
    gutter: float | None


def spaced(glyphs: Iterable[Glyph]) -> Iterator[tuple[str, Glyph]]:
    """Each glyph's text, preceded by a space where the gap before it is a word space."""
    prev: Glyph | None = None
    for g in glyphs:
        gap = g.x0 - prev.x1 if prev else 0.0
        wide = gap > settings.PDF_WORD_GAP * max(g.size, prev.size) if prev else False
        if prev and wide and not prev.text.isspace() and not g.text.isspace():
            yield " ", g
        yield (" " if g.text.isspace() else g.text), g
        prev = g


def _glyph_text(char: LTChar) -> str:
    """A glyph's text with ligatures spelt out ("ﬁ" → "fi")."""
    text = char.get_text()
    if any("\ufb00" <= c <= "\ufb06" for c in text):
        return unicodedata.normalize("NFKC", text)
    return text


def _walk(item: LTItem) -> Iterator[LTItem]:
    """Every item of a page, figures opened."""
    yield item
    if isinstance(item, LTContainer):
        for child in item:
            yield from _walk(child)


def _uri_links(page: PDFPage) -> list[tuple[tuple[float, float, float, float], str]]:
    """The page's web links: (rectangle, URL) of each URI link annotation."""
    links = []
    for annot in resolve1(page.annots) or []:
        annot = resolve1(annot)
        if not isinstance(annot, dict):
            continue
        action = resolve1(annot.get("A"))
        uri = resolve1(action.get("URI")) if isinstance(action, dict) else None
        rect = resolve1(annot.get("Rect"))
        if isinstance(uri, bytes):
            uri = uri.decode("utf-8", "replace")
        if isinstance(uri, str) and uri.startswith(("http://", "https://")) and rect:
            x0, y0, x1, y1 = (float(resolve1(v)) for v in rect)
            links.append(((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)), uri))
    return links


def _url_at(g: LTChar, links: list[tuple[tuple[float, float, float, float], str]]) -> str | None:
    """The URL of the link annotation covering a glyph's centre, if any."""
    cx, cy = (g.x0 + g.x1) / 2, (g.y0 + g.y1) / 2
    return next((u for (x0, y0, x1, y1), u in links if x0 <= cx <= x1 and y0 <= cy <= y1), None)


def _read_page(layout: LTPage, page: PDFPage) -> tuple[list[Glyph], list[Rule]]:
    """A page's upright glyphs and thin horizontal rules."""
    links = _uri_links(page)
    glyphs, rules = [], []
    for item in _walk(layout):
        if isinstance(item, LTChar) and item.upright and item.get_text():
            glyphs.append(
                Glyph(
                    text=_glyph_text(item),
                    x0=item.x0,
                    x1=item.x1,
                    y0=item.y0,
                    size=item.size,
                    bold=bool(_BOLD_FONT.search(item.fontname or "")),
                    url=_url_at(item, links),
                )
            )
        elif (
            isinstance(item, LTCurve)
            and item.height <= settings.PDF_RULE_MAX_THICKNESS
            and item.width >= settings.PDF_RULE_MIN_LENGTH
        ):
            rules.append(Rule(x0=item.x0, x1=item.x1, y=(item.y0 + item.y1) / 2))
    return glyphs, rules


def read_glyphs(data: bytes) -> list[tuple[list[Glyph], list[Rule], float]]:
    """Every page's glyphs, rules and width. Raises PdfError on a file we cannot read."""
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)), password="")
        manager = PDFResourceManager(caching=True)
        device = PDFPageAggregator(manager, laparams=None)
        interpreter = PDFPageInterpreter(manager, device)
        pages = []
        for i, page in enumerate(PDFPage.create_pages(document)):
            if i >= settings.PDF_MAX_PAGES:
                raise PdfError(f"more than {settings.PDF_MAX_PAGES} pages; not a brief")
            interpreter.process_page(page)
            layout = device.get_result()
            glyphs, rules = _read_page(layout, page)
            pages.append((glyphs, rules, float(layout.width)))
    except PdfError:
        raise
    except _READ_ERRORS as err:
        raise PdfError(f"not a readable PDF ({err.__class__.__name__}: {err})") from None
    return pages


def _rows(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped by baseline, top row first."""
    rows: list[list[Glyph]] = []
    for g in sorted(glyphs, key=lambda g: (-g.y0, g.x0)):
        anchor = rows[-1][0] if rows else None
        tolerance = settings.PDF_BASELINE_TOLERANCE * max(g.size, anchor.size) if anchor else 0
        if anchor and anchor.y0 - g.y0 <= tolerance:
            rows[-1].append(g)
        else:
            rows.append([g])
    return rows


def _carrier(g: Glyph, rows: list[list[Glyph]], own: int) -> int | None:
    """The row a smaller, raised glyph is a superscript of (the row just under it), if any."""
    for i in range(own + 1, len(rows)):
        row = rows[i]
        base = statistics.median(h.size for h in row)
        raise_ = g.y0 - min(h.y0 for h in row)
        if raise_ > settings.PDF_MARKER_MAX_RAISE * base:
            return None
        if (
            raise_ >= settings.PDF_MARKER_MIN_RAISE * base
            and g.size <= settings.PDF_MARKER_MAX_SIZE * base
            and _touches(g, row, base)
        ):
            return i
    return None


def _touches(g: Glyph, row: list[Glyph], size: float) -> bool:
    """Whether a glyph sits against a glyph of the row, as a marker sits against its word."""
    return any(
        min(abs(g.x0 - h.x1), abs(h.x0 - g.x1)) <= 0.5 * size for h in row if not h.text.isspace()
    )


def _clusters(row: list[Glyph]) -> list[list[Glyph]]:
    """A row cut where glyphs stand apart: "7", "8", "9" set together are one cluster."""
    out: list[list[Glyph]] = []
    for g in row:
        if out and g.x0 - out[-1][-1].x1 <= 0.5 * g.size:
            out[-1].append(g)
        else:
            out.append([g])
    return out


def _lift_superscripts(rows: list[list[Glyph]]) -> list[list[Glyph]]:
    """Rows with each superscript moved into the row it belongs to, marked raised.

    A cluster of small glyphs ("789", "6,7") moves as one when any of its glyphs sits raised
    against a word of the row below.
    """
    moved: dict[int, list[Glyph]] = {}
    kept: list[list[Glyph]] = []
    for i, row in enumerate(rows):
        stay: list[Glyph] = []
        for cluster in _clusters(sorted(row, key=lambda g: g.x0)):
            targets = (_carrier(g, rows, i) for g in cluster if not g.text.isspace())
            target = next((t for t in targets if t is not None), None)
            if target is None:
                stay += cluster
            else:
                moved.setdefault(target, []).extend(replace(g, raised=True) for g in cluster)
        kept.append(stay)
    out = []
    for i, row in enumerate(kept):
        merged = sorted(row + moved.get(i, []), key=lambda g: g.x0)
        if any(not g.text.isspace() for g in merged):
            out.append(merged)
    return out


def _row_key(row: list[Glyph]) -> str:
    """A row's text with digits blanked, to recognise a running head on every page."""
    return re.sub(r"\d+", "#", "".join(t for t, _ in spaced(row))).strip().casefold()


def _furniture(pages: list[list[list[Glyph]]]) -> list[set[int]]:
    """Per page, the indexes of rows that are running heads, footers or page numbers."""
    edges = [
        [i for i in (0, 1, len(rows) - 2, len(rows) - 1) if 0 <= i < len(rows)] for rows in pages
    ]
    seen: dict[str, list[tuple[int, float]]] = {}
    for p, rows in enumerate(pages):
        for i in set(edges[p]):
            seen.setdefault(_row_key(rows[i]), []).append((p, rows[i][0].y0))
    drop: list[set[int]] = []
    for p, rows in enumerate(pages):
        found = set()
        for i in set(edges[p]):
            text = "".join(t for t, _ in spaced(rows[i])).strip()
            extreme = i in (0, len(rows) - 1)
            repeats = any(
                q != p and abs(y - rows[i][0].y0) <= settings.PDF_FURNITURE_Y_TOLERANCE
                for q, y in seen[_row_key(rows[i])]
            )
            if (extreme and _PAGE_NUMBER.match(text)) or repeats:
                found.add(i)
        drop.append(found)
    return drop


def _spans(row: list[Glyph]) -> list[tuple[float, float]]:
    """The stretches a row inks, joined across gaps narrower than a wide word space."""
    size = statistics.median(g.size for g in row)
    spans: list[list[float]] = []
    for g in row:
        if g.text.isspace():
            continue
        if spans and g.x0 - spans[-1][1] < 0.6 * size:
            spans[-1][1] = max(spans[-1][1], g.x1)
        else:
            spans.append([g.x0, g.x1])
    return [(a, b) for a, b in spans]


def _crosses(row: list[Glyph], x: float) -> bool:
    """Whether a row's ink covers `x`."""
    return any(a < x < b for a, b in _spans(row))


def _gutter(rows: list[list[Glyph]], width: float) -> float | None:
    """The x of a column gutter on a page, or None for a single-column page."""
    if len(rows) < 2 * settings.PDF_GUTTER_MIN_LINES:
        return None
    spans = [s for s in (_spans(r) for r in rows) if s]
    allowed = settings.PDF_GUTTER_MAX_CROSSING * len(spans)
    free: list[int] = []
    for x in range(int(width * 0.25), int(width * 0.75)):
        left = sum(1 for s in spans if s[0][1] <= x)
        right = sum(1 for s in spans if s[-1][0] >= x)
        crossing = sum(1 for s in spans if any(a < x < b for a, b in s))
        # The second column may hold a single line (a short brief, the last note).
        if crossing <= allowed and left >= settings.PDF_GUTTER_MIN_LINES and right >= 1:
            free.append(x)
    runs: list[list[int]] = []
    for x in free:
        if runs and x == runs[-1][-1] + 1:
            runs[-1].append(x)
        else:
            runs.append([x])
    best = max(runs, key=len, default=[])
    return (best[0] + best[-1]) / 2 if len(best) >= settings.PDF_GUTTER_MIN_WIDTH else None


def _split(row: list[Glyph], page: int, gutter: float | None) -> list[Line]:
    """A row as one full-width line, or its left and right parts on a two-column page."""
    if gutter is None or _crosses(row, gutter):
        return [Line(page=page, glyphs=tuple(row))]
    parts = (
        ("left", [g for g in row if g.x1 <= gutter]),
        ("right", [g for g in row if g.x1 > gutter]),
    )
    return [
        Line(page=page, glyphs=tuple(gs), region=region)
        for region, gs in parts
        if any(not g.text.isspace() for g in gs)
    ]


def _not_underline(rule: Rule, glyphs: list[Glyph]) -> bool:
    """Whether a rule stands apart from text (an underline sits just under its glyphs)."""
    return not any(
        g.x1 > rule.x0 and g.x0 < rule.x1 and g.y0 - 0.35 * g.size <= rule.y <= g.y0 + 0.1 * g.size
        for g in glyphs
    )


def read_pages(data: bytes) -> list[Page]:
    """A PDF's pages as lines (furniture dropped, columns split) and rules."""
    raw = read_glyphs(data)
    rows = [_lift_superscripts(_rows(glyphs)) for glyphs, _, _ in raw]
    drop = _furniture(rows)
    pages = []
    for p, ((glyphs, rules, width), page_rows) in enumerate(zip(raw, rows, strict=True)):
        kept = [r for i, r in enumerate(page_rows) if i not in drop[p]]
        gutter = _gutter(kept, width)
        lines = [line for r in kept for line in _split(r, p, gutter)]
        separators = tuple(r for r in rules if _not_underline(r, glyphs))
        pages.append(Page(number=p, lines=tuple(lines), rules=separators, gutter=gutter))
    return pages

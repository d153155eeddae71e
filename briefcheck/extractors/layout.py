"""Split a brief's text into body paragraphs, footnotes and markers, for each input format."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefcheck.errors import BriefError
from briefcheck.models import Marker

# A footnote's number as written, of any width: long reports run past 999 notes, and a
# three-digit cap read "[1000] …" as more of note 999. Every note-number rule uses this.
NOTE_NUMBER = r"\d+"
# A bracketed number wider than this names a note only in a brief with notes that wide:
# "[2022] UKSC 5" is a year in a 20-note brief (and was never a marker before).
_MARKER_DIGITS_ALWAYS = 3
# "[3]", "[3][4]", "[3, 4]", "[3–5]" in plain text and rendered HTML; "[^3]" in Markdown.
_BRACKET_MARKER = re.compile(rf"\[({NOTE_NUMBER}(?:\s*[,;–—-]\s*{NOTE_NUMBER})*)\]")
_CARET_MARKER = re.compile(rf"\[\^({NOTE_NUMBER})\]")
_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
# A superscript number glued to a word or stop ("war.¹²"), as word processors export it,
# or following another after a space ("(2017).⁸ ⁹").
_SUPERSCRIPT_MARKER = re.compile(
    rf"(?:(?<=[\w.,;:’”\"')])|(?<=[{_SUPERSCRIPT_DIGITS}] ))[{_SUPERSCRIPT_DIGITS}]+"
)
UNIT_BEFORE = re.compile(r"(?:\b(?:k?m|cm|mm|ft|in|mi|sq)|10)$")
# Words a title-case heading leaves in lower case.
_SMALL_WORDS = frozenset((
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on",
    "or", "per", "the", "to", "vs", "via", "with",
))  # fmt: skip
NOTES_HEADING = re.compile(
    r"^\s*(?:#+\s*)?(?:notes|endnotes|footnotes|references|sources|bibliography)\s*:?\s*$", re.I
)
_TXT_FOOTNOTE = re.compile(rf"^\s*\[({NOTE_NUMBER})\]\s*")
# After a "Notes" heading: "1. Text", "1) Text" or, in UN and some journal styles, "1 Text".
_NUMBERED_FOOTNOTE = re.compile(rf"^\s*({NOTE_NUMBER})[.)]?\s+")
_MD_FOOTNOTE = re.compile(rf"^\[\^({NOTE_NUMBER})\]:\s*")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s")
_HORIZONTAL_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")


@dataclass(frozen=True, slots=True)
class FootnoteSpan:
    """Where a footnote's own text lies in the brief (label excluded)."""

    number: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Layout:
    """A brief's text cut into its parts; every span indexes `text`."""

    text: str
    paragraphs: tuple[tuple[int, int], ...]
    footnotes: tuple[FootnoteSpan, ...]
    markers: tuple[Marker, ...]
    links: dict[int, tuple[tuple[int, str], ...]] = field(default_factory=dict)


def notes_text(paragraphs: list[str], notes: dict[int, str]) -> str:
    """The plain text a rendered brief (Word, ODT, PDF) is read from: body, then a Notes block.

    Paragraphs are separated by blank lines and notes follow as `[n] text` lines, the form
    `split_layout` reads; every offset of the brief indexes this text.
    """
    body = "\n\n".join(paragraphs)
    if notes:
        body += "\n\nNotes\n\n" + "\n".join(f"[{n}] {notes[n]}" for n in sorted(notes))
    return body


def normalise_newlines(text: str) -> str:
    """Text with a BOM dropped and every line ending as `\\n`."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, newline excluded."""
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _footnote_start(text: str, lines: list[tuple[int, int]], fmt: str) -> tuple[int, str]:
    """The index of the first footnote line and the footnote style, or (len(lines), "")."""
    after_heading = False
    for i, (s, e) in enumerate(lines):
        line = text[s:e]
        if fmt == "md" and _MD_FOOTNOTE.match(line):
            return i, "md"
        if fmt == "md":
            continue
        if NOTES_HEADING.match(line):
            after_heading = True
            continue
        m = _TXT_FOOTNOTE.match(line)
        if m and (m.start(1) <= 1 and (int(m.group(1)) == 1 or after_heading)):
            return i, "bracket"
        if after_heading and _NUMBERED_FOOTNOTE.match(line):
            return i, "numbered"
        if after_heading and line.strip():
            after_heading = False
    return len(lines), ""


def _footnote_spans(
    text: str, lines: list[tuple[int, int]], first: int, style: str
) -> list[FootnoteSpan]:
    """Each footnote's text span: its label line plus any continuation lines."""
    label = {"md": _MD_FOOTNOTE, "bracket": _TXT_FOOTNOTE, "numbered": _NUMBERED_FOOTNOTE}[style]
    found: list[list[int]] = []
    after_blank = False
    for s, e in lines[first:]:
        line = text[s:e]
        m = label.match(line)
        # A wrapped line may begin with a number ("2 (2024): 45–60"): numbered notes must
        # come in sequence to count as a new note.
        if m and style == "numbered" and found and int(m.group(1)) != found[-1][0] + 1:
            m = None
        if m:
            found.append([int(m.group(1)), s + m.end(), e])
        elif found and line.strip() and not _HORIZONTAL_RULE.match(line):
            # A heading, or unlabelled text after a blank line, is matter after the notes
            # ("Bibliography", "About the author"), not more of the last note.
            if after_blank or NOTES_HEADING.match(line):
                break
            found[-1][2] = e
        after_blank = not line.strip()
    spans = []
    for number, start, end in found:
        while end > start and text[end - 1].isspace():
            end -= 1
        spans.append(FootnoteSpan(number, start, end))
    return spans


def _markdown_footnotes(text: str, lines: list[tuple[int, int]]) -> tuple[list[FootnoteSpan], str]:
    """Markdown `[^n]:` definitions wherever they stand, and the text with them blanked.

    A definition continues on indented lines and on lines that follow it directly; a blank
    line followed by unindented text returns to the body, as Markdown renderers read it.
    """
    found: list[list[int]] = []
    covered: list[tuple[int, int]] = []
    open_note, after_blank = False, False
    for s, e in lines:
        line = text[s:e]
        m = _MD_FOOTNOTE.match(line)
        if m:
            found.append([int(m.group(1)), s + m.end(), e])
            open_note, after_blank = True, False
        elif not line.strip():
            after_blank = True
            continue
        elif open_note and (line[:1] in " \t" or not after_blank):
            found[-1][2] = e
        else:
            open_note = False
            continue
        covered.append((s, e))
    chars = list(text)
    for s, e in covered:
        chars[s:e] = " " * (e - s)
    spans = [FootnoteSpan(n, s, len(text[s:e].rstrip()) + s) for n, s, e in found]
    return spans, "".join(chars)


def _is_heading(block: str, fmt: str) -> bool:
    """Whether a body block is a title or heading rather than a paragraph."""
    if fmt == "md" and (_MD_HEADING.match(block) or _HORIZONTAL_RULE.match(block)):
        return True
    if fmt == "md" and re.fullmatch(r"---\n.*\n---", block.strip(), re.S):
        return True  # YAML front matter
    stripped = block.strip()
    if NOTES_HEADING.match(stripped):
        return True
    # A short line with no closing punctuation and no marker is a title ("Introduction").
    ends_like_prose = (
        stripped[-1:] in f".!?:;”’\"')]{_SUPERSCRIPT_DIGITS}"
        or _BRACKET_MARKER.search(stripped)
        or re.search(r"[.!?]\s+[A-Z]", stripped)
    )
    short = "\n" not in stripped and len(stripped.split()) <= 14
    return short and (not ends_like_prose or _title_case(stripped))


def _title_case(line: str) -> bool:
    """Whether a line is in title case ("Green Ports: Who Pays for Shore Power?")."""
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", line) if w.lower() not in _SMALL_WORDS]
    marked = _BRACKET_MARKER.search(line) or _SUPERSCRIPT_MARKER.search(line)
    return len(words) >= 2 and all(w[0].isupper() for w in words) and not marked


def _paragraphs(text: str, end: int, fmt: str) -> list[tuple[int, int]]:
    """Body paragraphs before `end`: blank-line blocks, or lines if there are no blank lines."""
    body = text[:end]
    if re.search(r"\n[ \t]*\n", body.strip()):
        blocks = [(m.start(), m.end()) for m in re.finditer(r"\S(?:.|\n(?![ \t]*\n))*", body)]
    else:
        blocks = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", body)]
    spans = []
    for s, e in blocks:
        s += len(text[s:e]) - len(text[s:e].lstrip())
        e -= len(text[s:e]) - len(text[s:e].rstrip())
        if e > s and not _is_heading(text[s:e], fmt):
            spans.append((s, e))
    return spans


def _range_numbers(inner: str) -> tuple[int, ...]:
    """The footnote numbers of a marker's inside: "3", "3, 4", "3–5"."""
    numbers: list[int] = []
    for part in re.split(r"\s*[,;]\s*", inner):
        ends = re.split(r"\s*[–—-]\s*", part)
        lo, hi = int(ends[0]), int(ends[-1])
        numbers.extend(range(lo, hi + 1) if 0 < hi - lo < 50 else [lo, hi][: len(set(ends))])
    return tuple(dict.fromkeys(numbers))


def find_markers(
    text: str, spans: list[tuple[int, int]], fmt: str, widest_note: int = 0
) -> list[Marker]:
    """Footnote markers inside the given body spans, in order.

    `widest_note` is the brief's largest footnote number: bracketed numbers wider than it
    (and than three digits) are text, not markers.
    """
    digits = max(_MARKER_DIGITS_ALWAYS, len(str(widest_note)))
    markers = []
    for s, e in spans:
        chunk = text[s:e]
        if fmt == "md":
            for m in _CARET_MARKER.finditer(chunk):
                markers.append(
                    Marker(
                        text=m.group(),
                        numbers=(int(m.group(1)),),
                        start=s + m.start(),
                        end=s + m.end(),
                    )
                )
            continue
        for m in _BRACKET_MARKER.finditer(chunk):
            if any(len(n) > digits for n in re.findall(r"\d+", m.group(1))):
                continue
            numbers = _range_numbers(m.group(1))
            markers.append(
                Marker(text=m.group(), numbers=numbers, start=s + m.start(), end=s + m.end())
            )
    if fmt == "txt" and not markers:
        markers = _superscript_markers(text, spans)
    return sorted(markers, key=lambda mk: mk.start)


def _superscript_markers(text: str, spans: list[tuple[int, int]]) -> list[Marker]:
    """Superscript-digit markers ("war.¹²") for briefs exported without brackets."""
    markers = []
    for s, e in spans:
        for m in _SUPERSCRIPT_MARKER.finditer(text, s, e):
            if UNIT_BEFORE.search(text, max(s, m.start() - 4), m.start()):
                continue  # "km²" is an area, not note 2
            digits = m.group().translate(str.maketrans(_SUPERSCRIPT_DIGITS, "0123456789"))
            markers.append(
                Marker(text=m.group(), numbers=(int(digits),), start=m.start(), end=m.end())
            )
    return markers


def split_layout(text: str, *, path: str, fmt: str) -> Layout:
    """Cut normalised brief text into paragraphs, footnotes and markers; BriefError if none."""
    if not text.strip():
        raise BriefError(f"{path}: the brief is empty")
    lines = _lines(text)
    first, style = _footnote_start(text, lines, fmt)
    if not style:
        example = (
            "'[^1]: …' definitions"
            if fmt == "md"
            else "lines like '[1] …' after the body, or a 'Notes' heading then '1. …'"
        )
        raise BriefError(f"{path}: no footnotes found (expected {example})")
    if style == "md":
        footnotes, body = _markdown_footnotes(text, lines)
        paragraphs = _paragraphs(body, len(body), fmt)
    else:
        footnotes = _footnote_spans(text, lines, first, style)
        paragraphs = _paragraphs(text, lines[first][0], fmt)
    widest = max((f.number for f in footnotes), default=0)
    markers = find_markers(text, paragraphs, fmt, widest)
    return Layout(text, tuple(paragraphs), tuple(footnotes), tuple(markers))

"""PDF → main text with pypdf, re-joining words hyphenated across lines and column line breaks."""

from __future__ import annotations

import io
import logging
import re

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from briefcheck.parse.dates import parse_date_string

# pypdf warns on every slightly malformed object; that is noise for a reader of the report.
logging.getLogger("pypdf").setLevel(logging.ERROR)

# "denu-\nclearisation": a hyphen at a line end before a lower-case letter is a typesetter's
# break ("North-\nKorean" keeps its hyphen because an upper case follows) unless the
# document writes the same compound with its hyphen elsewhere ("nuclear-\nweapon").
_HYPHEN_BREAK = re.compile(r"(\w+)([-\u00ad\u2010])\n[ \t]*([a-z\u00df-\u00ff]\w*)")
_COMPOUND = re.compile(r"\b\w+-\w+\b")
_SOFT_HYPHEN = "\u00ad"
# "high-\nand middle-income": a hyphen before a conjunction is suspended, not a break.
_SUSPENDED = frozenset(("and", "or", "nor", "to", "und", "et", "ou"))
# A line that ends without closing punctuation continues on the next line unless the next
# line is blank; column layouts break lines mid-sentence on every line.
_SENTENCE_END = re.compile(r"[.!?:;。！？…\"”’)\]]$")


def find_compounds(text: str) -> set[str]:
    """The hyphenated words a text writes whole (casefolded), to tell them from line breaks."""
    return {c.casefold() for c in _COMPOUND.findall(text)}


def hyphen_joint(head: str, hyphen: str, tail: str, compounds: set[str]) -> str:
    """How a word broken at a line's end by `hyphen` joins the next line's first word `tail`."""
    if hyphen != _SOFT_HYPHEN and tail.casefold() in _SUSPENDED:
        return f"{head}{hyphen} {tail}"
    keep = hyphen != _SOFT_HYPHEN and f"{head}-{tail}".casefold() in compounds
    return f"{head}-{tail}" if keep else head + tail


def _join_lines(page_text: str, compounds: set[str]) -> str:
    """Re-flow one page: de-hyphenate, join wrapped lines, keep paragraph breaks.

    `compounds` are the hyphenated words the document writes whole (casefolded).
    """
    text = page_text.replace("\r\n", "\n").replace("\r", "\n")

    def rejoin(m: re.Match[str]) -> str:
        head, hyphen, tail = m.groups()
        return hyphen_joint(head, hyphen, tail, compounds)

    text = _HYPHEN_BREAK.sub(rejoin, text).replace(_SOFT_HYPHEN, "")
    paragraphs: list[str] = []
    current: list[str] = []
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        if current and _SENTENCE_END.search(current[-1]) and line[:1].isupper():
            paragraphs.append(" ".join(current))
            current = []
        current.append(line)
    if current:
        paragraphs.append(" ".join(current))
    return "\n".join(paragraphs)


def _info_text(value: object) -> str | None:
    """A document-info entry as clean text, or None when absent or blank."""
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def read_pdf(body: bytes) -> tuple[str, dict[str, str]]:
    """The text of every page in reading order and the document's info (title, author, date).

    Raises `ValueError` when the bytes are not a readable PDF.
    """
    try:
        reader = PdfReader(io.BytesIO(body), strict=False)
        if reader.is_encrypted:
            reader.decrypt("")
        raw_pages = [page.extract_text() or "" for page in reader.pages]
        info: dict[str, object] = dict(reader.metadata or {})
    except RecursionError:
        # pypdf reads nested arrays and dictionaries recursively; a hostile file nests them
        # deeper than Python's stack allows.
        raise ValueError("unreadable PDF: nested too deeply") from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise ValueError(f"unreadable PDF: {exc.__class__.__name__}") from exc
    compounds = find_compounds("\n".join(raw_pages))
    pages = [_join_lines(page, compounds) for page in raw_pages]
    meta: dict[str, str] = {}
    for key, name in (("/Title", "title"), ("/Author", "author"), ("/Subject", "subject")):
        text = _info_text(info.get(key))
        if text:
            meta[name] = text
    created = _info_text(info.get("/CreationDate"))
    # PDF dates read "D:20220909103000+09'00'"; the date part is what a reader can compare.
    if created and (m := re.match(r"D:(\d{4})(\d\d)?(\d\d)?", created)):
        parsed = parse_date_string("-".join(p for p in m.groups() if p))
        if parsed:
            meta["created"] = parsed[0]
    return "\n".join(p for p in pages if p), meta

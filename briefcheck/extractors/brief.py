"""Turn a brief (file or text) into a `Brief` record; the entry point of extraction.

Everything before the footnotes is body: each blank-line block (or, in a file with no blank
lines, each line) is a paragraph unless it is a heading. The bundled brief's closing line
("Views expressed are of the author…") is therefore paragraph 25; it states no date or
quotation and carries no marker, so it yields no claim.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from briefcheck.errors import BriefError
from briefcheck.extractors.docx import DocxError, render_docx
from briefcheck.extractors.formats import (
    RENDERED_FORMATS,
    TEXT_FORMATS,
)
from briefcheck.extractors.html import render_html
from briefcheck.extractors.layout import Layout, normalise_newlines, split_layout
from briefcheck.extractors.odt import OdtError, render_odt
from briefcheck.extractors.pdf import PdfError, render_pdf
from briefcheck.extractors.references import parse_footnote
from briefcheck.extractors.sentences import find_quotes, read_paragraphs
from briefcheck.models import (
    Brief,
    Claim,
    DateMention,
    Footnote,
    Marker,
    Paragraph,
    Precision,
    Quote,
    Reference,
    Scope,
    Sentence,
)
from briefcheck.redact import redact_credentials

SCHEMA = "briefcheck.extract/1"


class _HasStart(Protocol):
    @property
    def start(self) -> int: ...


_Spanned = TypeVar("_Spanned", bound=_HasStart)
# A rendered brief: its text and, per note number, (offset in the note, URL) of its links.
Rendered = tuple[str, dict[int, list[tuple[int, str]]]]
_FORMATS = TEXT_FORMATS
_PLANNED = {".rtf", ".doc"}
# Formats read from their own structure, each rendered to text with `[n]` markers.
_READERS: dict[str, Callable[[bytes], Rendered]] = {
    "docx": render_docx,
    "odt": render_odt,
    "pdf": render_pdf,
}
_RENDERERS: dict[str, tuple[str, Callable[[bytes], Rendered]]] = {
    suffix: (fmt, _READERS[fmt]) for suffix, fmt in RENDERED_FORMATS.items()
}


def extract_brief(path: str | Path) -> Brief:
    """Read a brief file and extract it: the one entry point of extraction.

    Takes the path of a .txt, .md, .html, .docx, .odt, .fodt or .pdf brief; returns its
    `Brief`: the normalised text every offset indexes, its paragraphs and sentences, footnote
    markers, footnotes with their parsed references, and the claims (cited, inheriting, or
    stating a date or quotation). Raises BriefError (one readable line) on a missing,
    unreadable, empty, scanned or unsupported file.
    """
    p = Path(path)
    if not p.exists():
        raise BriefError(f"{path}: no such file")
    if p.is_dir():
        raise BriefError(f"{path}: is a folder, not a brief")
    suffix = p.suffix.lower()
    if suffix in _PLANNED:
        raise BriefError(
            f"{path}: {suffix} briefs are not supported yet "
            "(use .txt, .md, .html, .docx, .odt or .pdf)"
        )
    fmt = _FORMATS.get(suffix, "txt")
    data = p.read_bytes()
    if suffix in _RENDERERS:
        fmt, render = _RENDERERS[suffix]
        try:
            text, links = render(data)
        except (DocxError, OdtError, PdfError) as err:
            raise BriefError(f"{path}: {err}") from None
        return _extract(text, links, path=str(path), fmt=fmt)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise BriefError(f"{path}: not a text file") from None
        text = str(best)
    return extract_text(text, path=str(path), fmt=fmt)


def extract_text(text: str, *, path: str = "<text>", fmt: str = "txt") -> Brief:
    """Extract a brief from text already in memory (`fmt`: txt, md or html)."""
    if fmt not in ("txt", "md", "html"):
        raise BriefError(f"{path}: unknown format {fmt!r} (expected txt, md or html)")
    text = normalise_newlines(text)
    links: dict[int, list[tuple[int, str]]] = {}
    if fmt == "html":
        text, links = render_html(text)
    return _extract(text, links, path=path, fmt=fmt)


def _extract(text: str, links: dict[int, list[tuple[int, str]]], *, path: str, fmt: str) -> Brief:
    """Extract a brief from its plain text (HTML and DOCX already rendered to it)."""
    # Credentials in a cited URL would travel into every report and log: mask them first
    # (same length, so the links' offsets still hold).
    text = redact_credentials(text)
    links = {n: [(at, redact_credentials(url)) for at, url in found] for n, found in links.items()}
    layout = split_layout(text, path=path, fmt=fmt)
    footnotes = _parse_footnotes(layout, links)
    warnings = _check_markers(layout, footnotes, path)
    sentences, dates = read_paragraphs(text, layout.paragraphs, layout.markers)
    claims = _claims(text, layout, sentences, dates, footnotes)
    return Brief(
        path=path,
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        format=fmt,
        paragraphs=tuple(
            Paragraph(number=i, text=text[s:e], start=s, end=e)
            for i, (s, e) in enumerate(layout.paragraphs, 1)
        ),
        sentences=tuple(sentences),
        markers=layout.markers,
        footnotes=tuple(footnotes),
        claims=tuple(claims),
        warnings=tuple(warnings),
    )


def _parse_footnotes(layout: Layout, links: dict[int, list[tuple[int, str]]]) -> list[Footnote]:
    """Every footnote with its references, back-references resolved against earlier ones."""
    footnotes: list[Footnote] = []
    for span in layout.footnotes:
        note = parse_footnote(
            span.number, layout.text[span.start : span.end], span.start, span.end, footnotes
        )
        footnotes.append(_with_links(note, links.get(span.number, [])))
    return footnotes


def _with_links(note: Footnote, links: list[tuple[int, str]]) -> Footnote:
    """A footnote whose references take the URL of the hyperlink inside (or after) them."""
    refs = list(note.references)
    for offset, url in links:
        i = max((k for k, r in enumerate(refs) if r.start <= offset), default=0)
        if refs and refs[i].url is None:
            refs[i] = replace(refs[i], url=url)
    return replace(note, references=tuple(refs))


def _check_markers(layout: Layout, footnotes: list[Footnote], path: str) -> list[str]:
    """BriefError for a marker with no footnote; warnings for footnotes nothing cites."""
    numbers = {f.number for f in footnotes}
    cited: set[int] = set()
    for marker in layout.markers:
        for n in marker.numbers:
            if n not in numbers:
                para = next(
                    i for i, (s, e) in enumerate(layout.paragraphs, 1) if s <= marker.start < e
                )
                raise BriefError(
                    f"{path}: marker {marker.text} in paragraph {para} has no footnote {n}"
                )
            cited.add(n)
    warnings = [f"footnote {n} is not cited in the body" for n in sorted(numbers - cited)]
    seen: set[int] = set()
    for f in footnotes:
        if f.number in seen:
            warnings.append(f"footnote {f.number} appears more than once")
        seen.add(f.number)
    return warnings


class _InSpan(Generic[_Spanned]):
    """Records by start offset, for the ones starting in a span (a bisect, not a scan)."""

    def __init__(self, items: Sequence[_Spanned]) -> None:
        self._items = sorted(items, key=lambda x: x.start)
        self._starts = [x.start for x in self._items]

    def starting_in(self, start: int, end: int) -> tuple[_Spanned, ...]:
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        return tuple(self._items[lo:hi])


def _claims(
    text: str,
    layout: Layout,
    sentences: list[Sentence],
    dates: list[DateMention],
    footnotes: list[Footnote],
) -> list[Claim]:
    """Claims: cited sentences, uncited ones before a marker in their paragraph, dated or quoted."""
    ids_of = {f.number: [r.id for r in f.references] for f in footnotes}
    in_sentence: _InSpan[Marker] = _InSpan(layout.markers)
    dated: _InSpan[DateMention] = _InSpan(dates)
    claims: list[Claim] = []
    inherited: tuple[str, ...] = ()
    paragraph = 0
    for sent in reversed(sentences):
        if sent.paragraph != paragraph:
            paragraph, inherited = sent.paragraph, ()  # no marker reaches another paragraph
        markers = in_sentence.starting_in(sent.start, sent.end)
        own = tuple(dict.fromkeys(i for m in markers for n in m.numbers for i in ids_of[n]))
        quotes = tuple(find_quotes(text, sent.start, sent.end))
        found = dated.starting_in(sent.start, sent.end)
        if own:
            refs, scope, inherited = own, Scope.SENTENCE, own
        elif inherited:
            refs, scope = inherited, Scope.PARAGRAPH
        elif quotes or found:
            refs, scope = (), Scope.NONE
        else:
            continue
        claims.append(_claim(sent, refs, scope, quotes, found, markers))
    claims.reverse()
    return _with_ids(claims)


def _claim(
    sent: Sentence,
    refs: tuple[str, ...],
    scope: Scope,
    quotes: tuple[Quote, ...],
    dates: tuple[DateMention, ...],
    markers: tuple[Marker, ...],
) -> Claim:
    """A claim record for a sentence (id filled in later)."""
    return Claim(
        id="",
        text=sent.text,
        paragraph=sent.paragraph,
        sentence=sent.index,
        start=sent.start,
        end=sent.end,
        refs=refs,
        scope=scope,
        quotes=quotes,
        dates=dates,
        markers=markers,
    )


_MARKER_TEXT = re.compile(r"\[\^?\d[\d,;\s–—-]*\]|[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_TYPOGRAPHY = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})


def claim_key(text: str) -> str:
    """A sentence reduced to what it says: markers, typography, spacing and case ignored."""
    plain = unicodedata.normalize("NFKC", _MARKER_TEXT.sub("", text)).translate(_TYPOGRAPHY)
    return " ".join(plain.lower().split())


def _with_ids(claims: list[Claim]) -> list[Claim]:
    """Claims with ids from their own words, so an edit elsewhere does not change them."""
    seen: dict[str, int] = {}
    out = []
    for claim in claims:
        base = "c-" + hashlib.sha1(claim_key(claim.text).encode("utf-8")).hexdigest()[:10]
        seen[base] = seen.get(base, 0) + 1
        out.append(replace(claim, id=base if seen[base] == 1 else f"{base}-{seen[base]}"))
    return out


def _date_json(d: DateMention) -> dict[str, Any]:
    """One date mention as JSON."""
    return {
        "text": d.text,
        "value": d.value,
        "precision": d.precision.value,
        "start": d.start,
        "end": d.end,
        "relative": d.relative,
        "note": d.note,
    }


def _reference_json(r: Reference) -> dict[str, Any]:
    """One reference as JSON (the schema's fields first, then the extras)."""
    return {
        "id": r.id,
        "authors": list(r.authors),
        "title": r.title,
        "title_original": r.title_original,
        "outlet": r.outlet,
        "date": r.date,
        "date_text": r.date_text,
        "points_to": list(r.points_to),
        "date_precision": r.date_precision.value if r.date_precision else None,
        "volume": r.volume,
        "issue": r.issue,
        "pages": r.pages,
        "url": r.url,
        "accessed": r.accessed,
        "container": r.container,
        "text": r.text,
        "start": r.start,
        "end": r.end,
    }


def resolve_refs(brief: Brief, refs: tuple[str, ...]) -> tuple[str, ...]:
    """Reference ids with back-references replaced by the works they point to."""
    table = brief.references()
    out: list[str] = []
    for rid in refs:
        ref = table.get(rid)
        out.extend(ref.points_to if ref and ref.points_to else (rid,))
    return tuple(dict.fromkeys(out))


def brief_to_json(brief: Brief) -> dict[str, Any]:
    """The `briefcheck.extract/1` document for a brief.

    Beyond the schema: offsets, each reference's locators, URL and access date, each
    claim's markers and `resolved_refs` (back-references followed to the works), and decade
    mentions ("the 1950s") in `decades`, apart from `dates`, whose precision is day, month or
    year only.
    """
    return {
        "schema": SCHEMA,
        "brief": {"path": brief.path, "sha256": brief.sha256, "format": brief.format},
        "footnotes": [
            {
                "number": f.number,
                "text": f.text,
                "references": [_reference_json(r) for r in f.references],
                "start": f.start,
                "end": f.end,
            }
            for f in brief.footnotes
        ],
        "claims": [
            {
                "id": c.id,
                "text": c.text,
                "paragraph": c.paragraph,
                "sentence": c.sentence,
                "refs": list(c.refs),
                "scope": c.scope.value,
                "quotes": [q.text for q in c.quotes],
                "dates": [_date_json(d) for d in c.dates if d.precision is not Precision.DECADE],
                "decades": [_date_json(d) for d in c.dates if d.precision is Precision.DECADE],
                "resolved_refs": list(resolve_refs(brief, c.refs)),
                "markers": [m.text for m in c.markers],
                "start": c.start,
                "end": c.end,
            }
            for c in brief.claims
        ],
        "paragraphs": len(brief.paragraphs),
        "warnings": list(brief.warnings),
    }

"""Footnote text → the works it cites: authors, title, outlet, date, locators, back-references."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from briefcheck.extractors.details import (
    EDITORS,
    Details,
    is_locator,
    read_details,
    scan_depths,
    top_level_parts,
)
from briefcheck.extractors.layout import NOTE_NUMBER
from briefcheck.models import Footnote, Reference

_SIGNAL = re.compile(
    r"(?:for\b[^“”\"‘,;]{0,40},\s*)?(?:also\s*,?\s*)?(?:see|cf\.?|compare|e\.g\.)"
    r"(?:\s+also|\s+generally)?(?:\s*,?\s*e\.g\.)?\s*,?\s+|also\s*,\s*"
    r"|(?:as\s+)?(?:quoted|cited|reprinted)\s+in\s+",
    re.I,
)
_SIGNAL_AFTER_STOP = re.compile(r"\.\s+(?=(?:See|Cf\.|Also see|Compare)\b)")
# "Ibid." in Chicago and Oxford styles, "Id." in legal (Bluebook) style.
_IBID = re.compile(
    r"^\*?(?:ibid|id)\.?\*?(?:,?\s*(?:at\s+)?(?:pp?\.\s*)?"
    r"(?P<pages>(?:arts?\.\s*|paras?\.\s*|§\s*)?[\w–-]+))?\.?$",
    re.I,
)
_INTERNAL = re.compile(
    r"(?:annex|appendix|section|chapter|part|para(?:graph)?s?\.?|table|figure|fig\.|box|above|"
    r"below)\b[\s\d.,–-]*(?:above|below)?$",
    re.I,
)
# Words set in italics that are citation signals, not titles (Bluebook's *Id.*, *supra*).
_SIGNAL_WORDS = frozenset(["id.", "id", "ibid.", "ibid", "supra", "see", "cf.", "e.g.", "infra"])
_NOTE_REF = re.compile(
    rf"(?:^|,\s*|\s)(?:\*?supra\*?\s+)?(?:n\.|nn\.|no\.|note)\s*(?P<n>{NOTE_NUMBER})"
    r"(?:,?\s*(?:at\s+|pp?\.\s*)?(?P<pages>(?:arts?\.\s*|§\s*)?[\d–-]+))?\.?$",
    re.I,
)
_OP_CIT = re.compile(r",?\s*op\.?\s*cit\.?(?:,?\s*(?:pp?\.\s*)?(?P<pages>[\d–-]+))?\.?$", re.I)
# A pinpoint glued to an untitled instrument's name: "Convention … art. II".
_PINPOINT = re.compile(r"\s+(?:arts?\.|§+|para\.)\s*[\w.-]+$")
# A book in plain text: "Victor Cha, The Impossible State (New York: Ecco, 2012)"; the
# publication group names a publisher, not just a year ("136 Stat. 1366 (2022)" is no book).
_BOOK = re.compile(
    r"^(?P<authors>[^,“”\"]+),\s+(?P<title>[^()“”\"]+?)\s+\((?P<pub>[^()]*[:,][^()]*\d{4}\))"
)
# Harvard: authors, then the year in brackets, then the title ("Wang, L. (2024) 'Title'").
# The author part ends in a letter or stop: "resolution 2397 (2017)" is a title, not Harvard.
_HARVARD_HEAD = re.compile(
    r"^(?P<authors>[^()‘'\"“”]*?[^\d\s()‘'\"“”])\s*\((?P<year>\d{4})[a-z]?\)[.,]?\s+"
)
_SURNAME_INITIALS = re.compile(r"([A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+)*),\s*((?:[A-Z]\.\s*)+)")
_POST_NOMINALS = re.compile(r"\b(?:OBE|MBE|CBE|KBE|CMG|PhD|Ph\.D\.|MP|QC|KC)\b\.?", re.I)
_HONORIFICS = re.compile(
    r"^(?:Dr\.?|Prof\.?|Professor|Ambassador|Amb\.|Gen\.|Mr\.?|Ms\.?|Mrs\.?)\s+"
)
# "&" joins two names only with spaces around it: "S&P Global" is one name.
_AUTHOR_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+|\s+&\s+")
_PAIRS = {"“": "”", '"': '"', "‘": "’", "'": "'", "*": "*", "_": "_"}


@dataclass(frozen=True, slots=True)
class _Title:
    """A cited title and where it sits in the segment."""

    text: str
    start: int
    end: int
    original: str | None = None
    after: int = 0


def split_segments(text: str) -> list[tuple[int, int]]:
    """Spans of the works a footnote cites, split at top-level `;` and `. See also`."""
    depths = scan_depths(text)
    cuts = [i for i, ch in enumerate(text) if ch == ";" and depths[i] == 0]
    cuts += [m.start() + 1 for m in _SIGNAL_AFTER_STOP.finditer(text) if depths[m.start()] == 0]
    spans, pos = [], 0
    for cut in [*sorted(cuts), len(text)]:
        s, e = pos, cut
        while s < e and text[s] in " \t\n.,;":
            s += 1
        signal = _SIGNAL.match(text, s)
        if signal:
            s = signal.end()
        while e > s and text[e - 1] in " \t\n.,;":
            e -= 1
        if e > s:
            spans.append((s, e))
        pos = cut + 1
    return spans


def _find_title(seg: str) -> _Title | None:
    """The first quoted (or italic) title and any original-language title after it."""
    for m in re.finditer(r"[“\"‘'*_]", seg):
        close = _PAIRS[m.group()]
        if m.start() and seg[m.start() - 1].isalnum():
            continue
        end = m.end()
        while True:
            end = seg.find(close, end)
            if end < 0:
                break
            if close not in ("’", '"', "'") or not seg[end + 1 : end + 2].isalnum():
                break
            end += 1
        if end < 0 or end == m.end():
            continue
        title = " ".join(seg[m.end() : end].split()).rstrip(",.").strip()
        if title.lower() in _SIGNAL_WORDS:
            continue
        after = end + 1
        original = None
        paren = re.compile(r"\s*\(").match(seg, after)
        if paren:
            close_at = _matching_paren(seg, paren.end() - 1)
            inner = seg[paren.end() : close_at] if close_at > 0 else ""
            if inner and _has_non_latin_letters(inner):
                original, after = " ".join(inner.split()), close_at + 1
        return _Title(title, m.start(), end + 1, original, after)
    return None


def _matching_paren(text: str, open_at: int) -> int:
    """The index of the `)` closing the `(` at `open_at`, or -1."""
    depth = 0
    for i in range(open_at, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return i
    return -1


def _has_non_latin_letters(text: str) -> bool:
    """Whether text holds letters of a non-Latin script (Chinese, Korean, Russian…)."""
    return any(ch.isalpha() and "LATIN" not in unicodedata.name(ch, "LATIN") for ch in text)


def _authors(text: str) -> tuple[str, ...]:
    """Names in a "Charles Parton OBE and James Byrne" list, honorifics and roles dropped."""
    text = EDITORS.sub("", text).strip(" ,:")
    names = []
    # "Bureau of Industry and Security" is one body, not two people: institutions have
    # lower-case linking words that personal names lack.
    institution = re.search(r"\s(?:of|for|on|de|du)\s", text) and "," not in text
    for raw in [text] if institution else _AUTHOR_SPLIT.split(text):
        name = _HONORIFICS.sub("", _POST_NOMINALS.sub("", raw)).strip(" ,.")
        name = re.sub(r"\s+", " ", name)
        if name and name.lower() not in ("et al", "et al.", "others"):
            names.append(name if not name.endswith(" et al") else name[:-6])
    return tuple(names)


def _harvard_reference(seg: str, head: re.Match[str]) -> Reference:
    """A Harvard-style work: "Smith, J. and Patel, R. (2021) 'Title', Journal, 95(2)"."""
    rest = seg[head.end() :]
    title = _find_title(rest)
    if title is None:
        stop = re.search(r"[.,](?:\s|$)", rest)
        end = stop.start() if stop else len(rest)
        title = _Title(" ".join(rest[:end].split()), 0, end, None, end)
    ref = Reference(
        id="",
        footnote=0,
        text=seg,
        start=0,
        end=len(seg),
        authors=_harvard_authors(head["authors"]),
        title=title.text or None,
        title_original=title.original,
    )
    return _with_details(ref, read_details(rest[title.after :], year=int(head["year"])))


def _harvard_authors(text: str) -> tuple[str, ...]:
    """ "Smith, J. and Patel, R." → ("J. Smith", "R. Patel"); an organisation stays whole."""
    pairs = _SURNAME_INITIALS.findall(text)
    if pairs:
        return tuple(f"{' '.join(initials.split())} {surname}" for surname, initials in pairs)
    return _authors(text)


def parse_reference(seg: str) -> Reference:
    """A reference (id and footnote left blank) from one cited work's text."""
    head = _HARVARD_HEAD.match(seg)
    if head:
        return _harvard_reference(seg, head)
    title = _find_title(seg)
    if title is None and (book := _BOOK.match(seg)):
        title = _Title(book["title"], book.start("title"), book.end("title"), None, book.end())
        title = replace(title, after=book.start("pub") - 1)
    if title is None:
        return _untitled_reference(seg)
    before = seg[: max(0, title.start - 1)]
    authors = _authors(before) if before.strip(" ,") else ()
    fields = read_details(seg[title.after :])
    ref = Reference(
        id="",
        footnote=0,
        text=seg,
        start=0,
        end=len(seg),
        authors=authors,
        title=title.text,
        title_original=title.original,
    )
    return _with_details(ref, fields)


def _untitled_reference(seg: str) -> Reference:
    """A work cited without quotation marks: "Title, Publisher, Date" or "Surname, Title, 12"."""
    bare = Reference(id="", footnote=0, text=seg, start=0, end=len(seg))
    authors: tuple[str, ...]
    parts = top_level_parts(seg)
    if not parts or _IBID.match(seg):
        return bare
    first = " ".join(seg[parts[0][0] : parts[0][1]].split())
    words = re.sub(r"\s+et\s+al\.?$", "", first).split()
    # A few capitalised words and nothing else read as surnames ("Eyler", "Smith and Patel").
    names = [w for w in words if w not in ("and", "&")]
    is_name = 0 < len(names) <= 3 and all(w[:1].isupper() and w.isalpha() for w in names)
    if len(parts) == 1 or re.match(r"(?:available\s+(?:at|from)\s*:?\s*)?https?://", first, re.I):
        # A bare link or a note with no title: keep what can be read (URL, access date).
        found = read_details(seg)
        authors = _authors(first) if is_name and len(parts) == 1 else ()
        # A one-phrase note names its source ("Satellite imagery analysed by the Panel").
        described = not (authors or found.url or _INTERNAL.match(first))
        title = first.rstrip(".") if described else None
        return replace(bare, authors=authors, title=title, url=found.url, accessed=found.accessed)
    # "Eyler, Last Days…" is a surname and a title; "CHIPS and Science Act, Pub. L. No. …"
    # is a title and an identifier.
    if is_name and not is_locator(" ".join(seg[parts[1][0] : parts[1][1]].split())):
        title = " ".join(seg[parts[1][0] : parts[1][1]].split())
        rest, authors = seg[parts[1][1] :], _authors(first)
    else:
        title, rest, authors = _PINPOINT.sub("", first), seg[parts[0][1] :], ()
    return _with_details(replace(bare, authors=authors, title=title), read_details(rest))


def _with_details(ref: Reference, fields: Details) -> Reference:
    """A reference completed with the publication details read after its title."""
    return replace(
        ref,
        outlet=fields.outlet,
        container=fields.container,
        date=fields.date[0] if fields.date else None,
        date_text=fields.date[1] if fields.date else None,
        date_precision=fields.date[2] if fields.date else None,
        volume=fields.volume,
        issue=fields.issue,
        pages=fields.pages,
        url=fields.url,
        accessed=fields.accessed,
    )


def _norm(text: str | None) -> str:
    """Lower-case words only, for comparing titles and names across short forms."""
    words = re.findall(r"\w+", (text or "").lower())
    return " ".join(words[1:] if words[:1] in (["the"], ["a"], ["an"]) else words)


def _surnames(seg: str) -> set[str]:
    """Capitalised words in a short form's author part ("Swope, op. cit." → {"swope"})."""
    head = re.split(r"[“\"‘*]|,?\s*(?:supra|op\.?\s*cit|n\.|no\.|note)\b", seg, maxsplit=1)[0]
    return {w.lower() for w in re.findall(r"\b[A-Z][\w’'-]+", head)}


def _pick(candidates: list[Reference], short: Reference, seg: str) -> list[Reference]:
    """The candidates a short form names by title, else by author surname, else all of them."""
    if short.title:
        t = _norm(short.title)
        by_title = [r for r in candidates if r.title and _norm(r.title).startswith(t)]
        if by_title:
            return by_title[-1:]
    names = _surnames(seg)
    by_author = [r for r in candidates if names & {_norm(a).split()[-1] for a in r.authors if a}]
    return by_author[-1:] if by_author else candidates


def _targets(refs: list[Reference]) -> tuple[str, ...]:
    """The ids references stand for, following back-references to the works themselves."""
    out: list[str] = []
    for r in refs:
        out.extend(r.points_to or (r.id,))
    return tuple(dict.fromkeys(out))


def _resolve_back(
    seg: str, ref: Reference, number: int, earlier: list[Footnote]
) -> tuple[tuple[str, ...], int] | None:
    """The ids a back-reference points to and where its pointer begins, if it is one.

    Handles `Ibid.`, `n. 9` / `no. 9` / `supra note 9`, `op. cit.` and an author-and-title
    short form naming an earlier work.
    """
    if not earlier:
        return None
    if _IBID.match(seg):
        return _targets(list(earlier[-1].references)), 0
    note = _NOTE_REF.search(seg)
    if note and ref.date is None and int(note["n"]) < number:
        target = next((f for f in earlier if f.number == int(note["n"])), None)
        if target is not None:
            return _targets(_pick(list(target.references), ref, seg)), note.start()
    everything = [r for f in earlier for r in f.references]
    op_cit = _OP_CIT.search(seg)
    if op_cit:
        return _targets(_pick(everything, ref, seg)[-1:]), op_cit.start()
    if ref.title and ref.date is None and ref.outlet is None:
        t = _norm(ref.title)
        hits = [r for r in everything if r.title and _norm(r.title).startswith(t)]
        if hits:
            return _targets(hits[-1:]), len(seg)
    return None


def parse_footnote(
    number: int, text: str, start: int, end: int, earlier: list[Footnote]
) -> Footnote:
    """A footnote and its references (ids "16" or "3a", "3b"); offsets index `text`."""
    segments = split_segments(text) or [(0, len(text))]
    if len(segments) > 1:
        # "…; see annex 1" points inside the document, not to another work.
        segments = [(s, e) for s, e in segments if not _INTERNAL.match(text, s)] or segments[:1]
    refs = []
    for s, e in segments:
        seg = text[s:e]
        ref = parse_reference(seg)
        back = _resolve_back(seg, ref, number, earlier)
        if back:
            points, pointer = back
            # The pointer ("n. 9", "op. cit.") is not an outlet or issue: read only the head.
            head = seg[:pointer].rstrip(" ,.") if pointer else ""
            ref = replace(
                parse_reference(head) if head else ref,
                text=seg,
                points_to=points,
                pages=_back_pages(seg) or ref.pages,
            )
        refs.append(replace(ref, footnote=number, text=seg, start=s, end=e))
    ids = [str(number)] if len(refs) == 1 else [f"{number}{chr(97 + i)}" for i in range(len(refs))]
    refs = [replace(r, id=i) for r, i in zip(refs, ids, strict=True)]
    return Footnote(number=number, text=text, start=start, end=end, references=tuple(refs))


def _back_pages(seg: str) -> str | None:
    """The page a back-reference cites ("Ibid., p. 4" → "4")."""
    for pattern in (_IBID, _NOTE_REF, _OP_CIT):
        m = pattern.search(seg)
        if m and m["pages"]:
            return str(m["pages"])
    return None

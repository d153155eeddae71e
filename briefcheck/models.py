"""Typed records that flow through the pipeline: brief → claims → snapshots → checks."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import Enum
from typing import Any


class _StrEnum(str, Enum):
    """A closed set of strings whose bad value names the valid ones."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        valid = ", ".join(repr(m.value) for m in cls)
        raise ValueError(f"{value!r} is not a valid {cls.__name__}; expected one of {valid}")

    def __str__(self) -> str:
        return str(self.value)


class Verdict(_StrEnum):
    VERIFIED = "verified"
    MISMATCH = "mismatch"
    NOT_FOUND = "not_found"
    UNCHECKED = "unchecked"
    RELATED = "related"  # a support check found a passage sharing the claim's content


class SourceStatus(_StrEnum):
    OK = "ok"
    UNRESOLVED = "unresolved"
    UNREACHABLE = "unreachable"
    PAYWALLED = "paywalled"
    BLOCKED = "blocked"
    REFUSED = "refused"
    UNSUPPORTED = "unsupported"


class CheckKind(_StrEnum):
    QUOTE = "quote"
    DATE = "date"
    TITLE = "title"
    PUBLISHED = "published"
    OUTLET = "outlet"
    AUTHOR = "author"
    SUPPORT = "support"


class Precision(_StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    DECADE = "decade"


class Scope(_StrEnum):
    SENTENCE = "sentence"
    PARAGRAPH = "paragraph"
    NONE = "none"
    FOOTNOTE = "footnote"


class Where(_StrEnum):
    """Where on a page a source's words stand, as the structure of the page shows it."""

    ARTICLE = "article"
    COMMENTS = "comments"  # readers' responses below or beside the article
    RELATED = "related"  # "more stories", recommended and related lists, teaser cards
    SIDEBAR = "sidebar"  # asides, side columns, boxes beside or inside the article
    FURNITURE = "furniture"  # navigation, mastheads, footers, sign-up and cookie boxes
    METADATA = "metadata"  # the page's markup (meta tags, JSON-LD), not its visible text


class Relation(_StrEnum):
    """How a sources.yaml entry's page stands to the cited work."""

    ORIGINAL = "original"
    REPRINT = "reprint"  # the work's text, published elsewhere
    PROXY = "proxy"  # another work standing in for it (a summary, a press release)
    LISTING = "listing"  # a page that lists the work (a catalogue, a teaser), not its text

    @property
    def stated(self) -> bool:
        """Whether a check against such a page says so (every relation but the original)."""
        return self is not Relation.ORIGINAL


class Copy(_StrEnum):
    """Which copy of a source a verdict rests on."""

    LIVE = "live"
    ARCHIVE = "archive"
    CACHE = "cache"


# ---------------------------------------------------------------- the brief


@dataclass(frozen=True, slots=True, kw_only=True)
class DateMention:
    """A date as written (`text`) and its ISO value at the stated precision.

    `start`/`end` index the text the mention was found in (the brief, a footnote or a
    source's main text). `relative` marks mentions such as "the September 2025 meeting".
    """

    text: str
    value: str
    precision: Precision
    start: int
    end: int
    relative: bool = False
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    """A quotation in the brief; `text` is the words inside the marks, offsets into the brief."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Marker:
    """A footnote marker in the body (`[3]`, `[3, 4]`, `[3–5]`, `<sup>3</sup>`, `[^3]`)."""

    text: str
    numbers: tuple[int, ...]
    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Reference:
    """One cited work inside a footnote; offsets index the footnote's own text."""

    id: str
    footnote: int
    text: str
    start: int
    end: int
    authors: tuple[str, ...] = ()
    title: str | None = None
    title_original: str | None = None
    outlet: str | None = None
    date: str | None = None
    date_text: str | None = None
    date_precision: Precision | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    url: str | None = None
    accessed: str | None = None
    points_to: tuple[str, ...] = ()
    container: str | None = None  # the book or collection a chapter appears in


@dataclass(frozen=True, slots=True, kw_only=True)
class Footnote:
    """A footnote as written, offsets into the brief's text."""

    number: int
    text: str
    start: int
    end: int
    references: tuple[Reference, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Paragraph:
    number: int
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Sentence:
    paragraph: int
    index: int
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """A body sentence that cites, inherits a citation, or states a date or quotation."""

    id: str
    text: str
    paragraph: int
    sentence: int
    start: int
    end: int
    refs: tuple[str, ...]
    scope: Scope
    quotes: tuple[Quote, ...] = ()
    dates: tuple[DateMention, ...] = ()
    markers: tuple[Marker, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Brief:
    """A parsed brief: `text` is the normalised plain text all offsets index."""

    path: str
    text: str
    sha256: str
    format: str
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    markers: tuple[Marker, ...]
    footnotes: tuple[Footnote, ...]
    claims: tuple[Claim, ...]
    warnings: tuple[str, ...] = ()

    def references(self) -> dict[str, Reference]:
        """Every reference by id, in footnote order."""
        return {r.id: r for f in self.footnotes for r in f.references}

    def footnote(self, number: int) -> Footnote | None:
        return next((f for f in self.footnotes if f.number == number), None)


# ---------------------------------------------------------------- sources


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceEntry:
    """One `sources.yaml` entry: where to find a reference's work."""

    ref: str
    url: str | None
    archive: str | None = None
    lang: str | None = None
    note: str | None = None
    relation: Relation | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Snapshot:
    """The bytes of one successful HTTP response, with where and when they came from."""

    url: str
    final_url: str
    http_status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    sha256: str
    fetched_at: str
    content_type: str
    copy: Copy = Copy.LIVE
    archived_at: str | None = None

    def header(self, name: str) -> str | None:
        low = name.lower()
        return next((v for k, v in self.headers if k.lower() == low), None)


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchResult:
    """What fetching a URL came to: a snapshot, or a status and reason saying why not."""

    url: str
    status: SourceStatus
    snapshot: Snapshot | None = None
    reason: str | None = None
    error: str | None = None
    http_status: int | None = None
    final_url: str | None = None
    attempts: int = 1
    notes: tuple[str, ...] = ()
    # A second try in this run would end the same way (offline, a bad URL, an internal
    # error): the end-of-run confirm pass skips it.
    final: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class PageBlock:
    """A stretch of a page that is not its article (comments, a related list, a sidebar)."""

    where: Where
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceText:
    """The readable main text of a snapshot and what the page says about itself."""

    url: str
    text: str
    status: SourceStatus = SourceStatus.OK
    reason: str | None = None
    title: str | None = None
    headline: str | None = None
    published: str | None = None
    published_precision: Precision | None = None
    published_text: str | None = None
    authors: tuple[str, ...] = ()
    outlet: str | None = None
    language: str | None = None
    dates: tuple[DateMention, ...] = ()
    notes: tuple[str, ...] = ()
    # The page's other text, block by block: a quotation found only there is not verified.
    blocks: tuple[PageBlock, ...] = ()
    publisher: str | None = None  # publisher metadata (JSON-LD, citation or DC tags)
    masthead: str | None = None  # the name the page's header links to its home with


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceRecord:
    """One reference's source as the report lists it: where it is and how reading it went."""

    ref: str
    footnote: int
    url: str | None
    status: SourceStatus
    http_status: int | None = None
    final_url: str | None = None
    sha256: str | None = None
    title: str | None = None
    published: str | None = None
    error: str | None = None
    reason: str | None = None
    copy: Copy | None = None
    fetched_at: str | None = None
    archive: str | None = None
    archived_at: str | None = None
    note: str | None = None
    relation: Relation | None = None
    changed: str | None = None  # ISO time the content hash last changed, when it did
    previous_sha256: str | None = None
    notes: tuple[str, ...] = ()  # how the copy was had: "offline: cached copy", "stale copy…"


# ---------------------------------------------------------------- checks


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """The source's own words behind a verdict and where on the page they stand.

    Offsets index `SourceText.text` for words of the article, `SourceText.blocks[block].text`
    for words found in another block (comments, a related list, a sidebar); words the page
    states only in its markup (meta tags, JSON-LD, byline) have no offsets (start == end == 0).
    """

    text: str
    start: int
    end: int
    url: str | None = None
    diff: str | None = None
    where: Where = Where.ARTICLE
    block: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RankedPassage:
    """A passage of a source ranked for a claim: offsets index `SourceText.text`.

    `score` is the passage's BM25 score for the claim's terms; `terms` are the claim's
    terms it shares (as the claim words them) and `marks` the offsets of those words in
    the source, for highlighting.
    """

    text: str
    start: int
    end: int
    score: float
    rank: int
    terms: tuple[str, ...] = ()
    marks: tuple[tuple[int, int], ...] = ()
    url: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Match:
    """What a matcher found for one claimed item in one source."""

    verdict: Verdict
    score: float | None
    reason: str
    evidence: Evidence | None = None
    note: str | None = None
    passages: tuple[RankedPassage, ...] = ()  # support checks: the best passages, best first


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimRef:
    """The brief's words a check is about, as the report shows them."""

    text: str
    paragraph: int
    sentence: int
    scope: Scope


@dataclass(frozen=True, slots=True, kw_only=True)
class Check:
    """One comparison made: a claimed item of the brief against one cited work's source.

    `id` is stable across runs and edits elsewhere (see `checks.check_id`); `ref` the
    reference id and `footnote` its number; `kind` what was compared (`claimed`: the quoted
    words, the date as written, the footnote detail or the claim's sentence) and `claim` the
    brief's words it is about. `verdict`, `reason` and `score` are the outcome; `evidence`
    the source's own words behind it, with offsets; `relation` how the checked page stands to
    the cited work when it is not the work itself; `passages` a support check's best ones.
    """

    id: str
    ref: str
    footnote: int
    kind: CheckKind
    claimed: str
    claim: ClaimRef
    verdict: Verdict
    reason: str
    score: float | None = None
    evidence: Evidence | None = None
    note: str | None = None
    # How the checked source stands to the cited work when it is not the work itself
    # ("reprint", "proxy", "listing"), from sources.yaml; None for the original.
    relation: Relation | None = None
    passages: tuple[RankedPassage, ...] = ()  # support checks: the best passages, best first


def to_jsonable(obj: Any) -> Any:
    """Turn records (dataclasses, enums, tuples, bytes) into plain JSON values."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, bytes):
        return None
    return obj


__all__ = [
    "Brief",
    "Check",
    "CheckKind",
    "Claim",
    "ClaimRef",
    "Copy",
    "DateMention",
    "Evidence",
    "FetchResult",
    "Footnote",
    "Marker",
    "Match",
    "PageBlock",
    "Paragraph",
    "Precision",
    "Quote",
    "RankedPassage",
    "Reference",
    "Relation",
    "Scope",
    "Sentence",
    "Snapshot",
    "SourceEntry",
    "SourceRecord",
    "SourceStatus",
    "SourceText",
    "Verdict",
    "Where",
]

"""Split a source into sentence passages with their dates, and say which ones a claim is about.

Three repairs make a passage's dates say what a reader understands from it:
- a relative expression ("on Wednesday", "yesterday", "next Monday", "this week") in a
  dated report is dated from the report's own date (`briefcheck.match.relative`); a bare
  weekday is first read as the one on or before it, and the date matcher turns it forward
  when the verb it modifies points forward ("will travel on Thursday");
- a month or day whose year the date finder took from the page's date is given the year
  stated earlier in the same sentence or paragraph instead ("in 2017, when imports stopped
  in February"), and, on a page that never states its own year (a retrospective), the year
  of the last full date before it;
- a dateline's date is kept apart: it dates the report, not the events in it.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import itertools
import math
import re
from dataclasses import dataclass

from briefcheck.extractors.nlp import is_abbreviation
from briefcheck.match.normalise import CJK_RE, normalise, tokenise
from briefcheck.match.relative import Relative, find_relative, resolve
from briefcheck.models import DateMention, Precision, SourceText
from briefcheck.parse.dates import find_datelines

RANK = {Precision.DECADE: 0, Precision.YEAR: 1, Precision.MONTH: 2, Precision.DAY: 3}
# Words too common to say which passage a claim is about, and the words of dates themselves
# (which would make every dated sentence look relevant).
_STOPWORDS_TEXT = """the and for with that this from into over its their his her has have had was
were are been being which who whom whose when where while than then also not but such these
those there they them both each other after before during between about against among upon
would could should will shall may might must said says say according"""
_DATE_WORDS_TEXT = """january february march april may june july august september october
november december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday
thursday friday saturday sunday year years month months day days today yesterday"""
_STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
_DATE_WORDS = frozenset(_DATE_WORDS_TEXT.split())
# A sentence ends at final punctuation, or at a line break unless the line was only wrapped
# (a PDF column: the line ends mid-sentence and the next one starts in lower case).
_SENTENCE_END_RE = re.compile(
    r"(?<=[.!?])[\"'”’)]*\s+|(?<=[。！？])|(?<![a-z,;\-])\n+|\n+(?![ \t]*[a-z])"
)
# Character stems make "ordered"/"orders" and "meeting"/"meet" count as the same word.
_STEM_CHARS = 5
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_BARE_MONTH_RE = re.compile(
    r"\b(?:in|since|until|by|from|of|early|mid|late)[ -]+(?:early |mid-|late )?"
    r"(January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\b(?![ ,]*\d)",
)
# A dateline opens the report; a date further down is an event, not the filing date.
_DATELINE_REACH = 300
# Topic words ("Korea" in a Korea story) appear in most sentences and locate nothing; with
# fewer passages than this every word is kept, as the share is then meaningless.
_TOPIC_MIN_PASSAGES = 4
_TOPIC_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Passage:
    """A sentence of the source: its span, its words' stems and the dates inside it.

    `relatives` are the relative expressions among `dates` (same offsets), so that a
    matcher that knows the verb's tense can date them again.
    """

    start: int
    end: int
    stems: frozenset[str]
    dates: tuple[DateMention, ...]
    relatives: tuple[Relative, ...] = ()


@dataclass(frozen=True, slots=True)
class Anchor:
    """The report's own date, which relative expressions and missing years are read from."""

    value: str
    precision: Precision
    source: str  # "the dateline", "the publication date", "the page's date line"
    day: dt.date | None


def stems(text: str) -> set[str]:
    """Content-word stems of a text; CJK text contributes character bigrams."""
    words = [t.text for t in tokenise(normalise(text).text)]
    out = {
        w[:_STEM_CHARS]
        for w in words
        if len(w) >= 3 and w not in _STOPWORDS and w not in _DATE_WORDS and not w.isdigit()
    }
    cjk = [w for w in words if CJK_RE.fullmatch(w)]
    out.update(a + b for a, b in itertools.pairwise(cjk))
    return out


def datelines(source: SourceText) -> list[DateMention]:
    """Mentions that are the report's dateline ("SEOUL, July 6 (Wire) --")."""
    spans = [(d.start, d.end) for d in find_datelines(source.text[:_DATELINE_REACH])]
    return [d for d in source.dates if any(s < d.end and d.start < e for s, e in spans)]


def anchor(source: SourceText) -> Anchor | None:
    """The report's own date: its dateline, else its publication date, else a date standing
    alone on one of its first lines (a PDF's "Policy Brief, February 2019").
    """
    found: tuple[str, Precision, str] | None = None
    for mention in datelines(source):
        found = (mention.value, mention.precision, "the dateline")
        break
    if found is None and source.published:
        precision = source.published_precision or Precision.DAY
        found = (source.published, precision, "the publication date")
    if found is None:
        for mention in source.dates:
            if mention.start < _DATELINE_REACH and RANK[mention.precision] >= 2:
                found = (mention.value, mention.precision, "the page's date line")
                break
    if found is None:
        return None
    value, precision, where = found
    day = dt.date.fromisoformat(value[:10]) if len(value) >= 10 else None
    return Anchor(value=value, precision=precision, source=where, day=day)


def _bare_months(
    text: str, offset: int, anchor: Anchor | None, earlier: list[DateMention]
) -> list[DateMention]:
    """Months named without a year ("in early November"), dated from the year stated
    before them in the sentence, else from the report's date (the latest such month on or
    before it, as reports look back).
    """
    out = []
    for m in _BARE_MONTH_RE.finditer(text):
        month = _MONTHS.index(m.group(1).lower()[:3]) + 1
        start, end = offset + m.start(1), offset + m.end(1)
        stated = [d for d in earlier if not d.note and d.end <= start and RANK[d.precision] >= 1]
        if stated:
            year, source_of = (
                int(stated[-1].value[:4]),
                f"{stated[-1].text!r} earlier in the sentence",
            )
        elif anchor is not None and len(anchor.value) >= 7:
            year = int(anchor.value[:4]) - (month > int(anchor.value[5:7]))
            source_of = f"the report's date {anchor.value}"
        else:
            continue
        note = f"year {year} taken from {source_of}"
        out.append(
            DateMention(
                text=m.group(1),
                value=f"{year}-{month:02d}",
                precision=Precision.MONTH,
                start=start,
                end=end,
                note=note,
            )
        )
    return out


def _relative_mentions(
    text: str, offset: int, anchor: Anchor
) -> list[tuple[DateMention, Relative]]:
    """Relative expressions in a passage, dated from the report's date (bare weekdays backward)."""
    assert anchor.day is not None
    out = []
    for rel in find_relative(text, offset):
        mention = resolve(rel, anchor.day, anchor.source)
        if mention is not None:
            out.append((mention, rel))
    return out


def _borrowed_year(mention: DateMention) -> bool:
    """A month or day whose year the date finder took from the page's date or context."""
    return bool(mention.note) and "year" in (mention.note or "") and RANK[mention.precision] >= 2


def _stated_years(mentions: list[DateMention]) -> list[DateMention]:
    return [d for d in mentions if not d.note and RANK[d.precision] >= 1]


def _year_from_context(
    mention: DateMention,
    sentence: list[DateMention],
    paragraph: list[DateMention],
    earlier: list[DateMention],
    own_year: bool,
) -> DateMention:
    """A mention with a borrowed year takes the year stated before it in its sentence, else
    in its paragraph; on a page that never states its own year, the year of the last full
    date before it (a retrospective of 2018 published in 2022 means 2018 by "on 26 May").
    """
    if not _borrowed_year(mention):
        return mention
    for stated, where, allowed in (
        (sentence, "earlier in the sentence", True),
        (paragraph, "earlier in the paragraph", True),
        (earlier, "earlier in the text (the page never states its own year)", not own_year),
    ):
        years = [d for d in _stated_years(stated) if d.end <= mention.start]
        if allowed and years:
            return _with_year(mention, years, where)
    return mention


def _with_year(mention: DateMention, stated: list[DateMention], where: str) -> DateMention:
    if not stated or stated[-1].value[:4] == mention.value[:4]:
        return mention
    year = stated[-1].value[:4]
    note = f"year {year} taken from {stated[-1].text!r} {where}"
    return dataclasses.replace(mention, value=year + mention.value[4:], note=note)


def sentence_bounds(text: str) -> list[int]:
    """Where the sentences of a source end: not after an abbreviation ("Oct. 6", "Dr. Kim")
    nor before a word in lower case or a number ("2 p.m. on Monday", "Sept. 25").
    """
    out = []
    for m in _SENTENCE_END_RE.finditer(text):
        if text[m.start() - 1 : m.start()] == "." and "\n" not in m.group():
            nxt = text[m.end() : m.end() + 1]
            word = re.search(r"[\w.]*$", text[max(0, m.start() - 12) : m.start() - 1])
            before = word.group().lower() if word else ""
            # "U.S. Secretary", "2 p.m. Monday": a word with inner stops is an abbreviation.
            if nxt.islower() or nxt.isdigit() or is_abbreviation(before) or "." in before:
                continue
        out.append(m.end())
    return [*out, len(text)]


def _states_own_year(source: SourceText, found: Anchor | None) -> bool:
    """Whether the page is about its own time: a dateline, or its year stated in its text."""
    if found is None or found.source == "the dateline":
        return True
    return any(d.value[:4] == found.value[:4] for d in _stated_years(list(source.dates)))


def split_passages(source: SourceText) -> list[Passage]:
    """The source's sentences, each with the date mentions that start inside it."""
    passages: list[Passage] = []
    pos = 0
    found_anchor = anchor(source)
    own_year = _states_own_year(source, found_anchor)
    bounds = sentence_bounds(source.text)
    paragraph: list[DateMention] = []
    earlier: list[DateMention] = []
    mentions = sorted(source.dates, key=lambda d: d.start)
    starts = [d.start for d in mentions]
    for end in bounds:
        text = source.text[pos:end]
        if end > pos and text.strip():
            if "\n" in source.text[max(0, pos - 1) : pos + 1] or not passages:
                paragraph = []
            found = mentions[bisect.bisect_left(starts, pos) : bisect.bisect_left(starts, end)]
            dates = [_year_from_context(d, found, paragraph, earlier, own_year) for d in found]
            extra = _bare_months(text, pos, found_anchor, found)
            relatives: list[Relative] = []
            if found_anchor is not None and found_anchor.day is not None:
                for mention, rel in _relative_mentions(text, pos, found_anchor):
                    if not _overlaps(mention, dates + extra):
                        extra.append(mention)
                        relatives.append(rel)
            dates += [d for d in extra if not _overlaps(d, dates)]
            dates.sort(key=lambda d: d.start)
            passages.append(
                Passage(
                    start=pos,
                    end=end,
                    stems=frozenset(stems(text)),
                    dates=tuple(dates),
                    relatives=tuple(relatives),
                )
            )
            paragraph += dates
            earlier += dates
        pos = max(pos, end)
    return passages


def _overlaps(mention: DateMention, others: list[DateMention]) -> bool:
    return any(o.start < mention.end and mention.start < o.end for o in others)


def stem_weights(passages: list[Passage]) -> dict[str, float]:
    """Inverse passage frequency of each stem: a word in one sentence locates it better than
    one in every sentence; stems in over half of many passages (the story's topic) weigh 0.
    """
    counts: dict[str, int] = {}
    for passage in passages:
        for stem in passage.stems:
            counts[stem] = counts.get(stem, 0) + 1
    n = len(passages)
    return {
        s: 0.0 if n >= _TOPIC_MIN_PASSAGES and c > _TOPIC_SHARE * n else math.log(1 + n / c)
        for s, c in counts.items()
    }

"""Split a source into sentence passages with their dates, and say which ones a claim is about.

Two repairs make a passage's dates say what a reader understands from it:
- a weekday ("on Wednesday", "yesterday") in a dated report is resolved against the
  dateline or publication date (the latest such weekday on or before it);
- a month or day whose year the date finder took from the page's date is given the year
  stated earlier in the same sentence instead ("in 2017, when imports stopped in February").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import math
import re
from dataclasses import dataclass

from briefcheck.match.normalise import CJK_RE, normalise, tokenise
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
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_RE = re.compile(
    r"\b(?:on |last )?(" + "|".join(_WEEKDAYS) + r")\b|\b(yesterday)\b", re.IGNORECASE
)
# A dateline opens the report; a date further down is an event, not the filing date.
_DATELINE_REACH = 300
# Topic words ("Korea" in a Korea story) appear in most sentences and locate nothing; with
# fewer passages than this every word is kept, as the share is then meaningless.
_TOPIC_MIN_PASSAGES = 4
_TOPIC_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Passage:
    """A sentence of the source: its span, its words' stems and the dates inside it."""

    start: int
    end: int
    stems: frozenset[str]
    dates: tuple[DateMention, ...]


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


def _datelines(source: SourceText) -> list[DateMention]:
    """Mentions that are the report's dateline ("SEOUL, July 6 (Wire) --")."""
    spans = [(d.start, d.end) for d in find_datelines(source.text[:_DATELINE_REACH])]
    return [d for d in source.dates if any(s < d.end and d.start < e for s, e in spans)]


def _anchor(source: SourceText) -> tuple[str, Precision] | None:
    """The report's own date (ISO, precision): its dateline, else its publication date, else
    a date standing alone on one of its first lines (a PDF's "Policy Brief, February 2019").
    """
    for mention in _datelines(source):
        return mention.value, mention.precision
    if source.published:
        return source.published, source.published_precision or Precision.DAY
    for mention in source.dates:
        if mention.start < _DATELINE_REACH and RANK[mention.precision] >= RANK[Precision.MONTH]:
            return mention.value, mention.precision
    return None


def _bare_months(
    text: str, offset: int, anchor: tuple[str, Precision] | None, earlier: list[DateMention]
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
        elif anchor is not None and len(anchor[0]) >= 7:
            year = int(anchor[0][:4]) - (month > int(anchor[0][5:7]))
            source_of = f"the report's date {anchor[0]}"
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


def _weekday_mentions(text: str, offset: int, anchor: dt.date) -> list[DateMention]:
    """Weekdays in a passage, dated to the latest such day on or before the anchor."""
    out = []
    for m in _WEEKDAY_RE.finditer(text):
        if m.group(2):
            day = anchor - dt.timedelta(days=1)
        else:
            back = (anchor.weekday() - _WEEKDAYS.index(m.group(1).lower())) % 7
            day = anchor - dt.timedelta(days=back)
        note = f"{m.group().strip()!r} dated from the report's date {anchor.isoformat()}"
        start, end = offset + m.start(), offset + m.end()
        out.append(
            DateMention(
                text=m.group(),
                value=day.isoformat(),
                precision=Precision.DAY,
                start=start,
                end=end,
                note=note,
            )
        )
    return out


def _year_from_sentence(mention: DateMention, earlier: list[DateMention]) -> DateMention:
    """A mention with a borrowed year takes the year stated before it in its sentence."""
    if not mention.note or "year" not in mention.note or RANK[mention.precision] < 2:
        return mention
    stated = [d for d in earlier if not d.note and d.end <= mention.start]
    if not stated or stated[-1].value[:4] == mention.value[:4]:
        return mention
    year = stated[-1].value[:4]
    note = f"year {year} taken from {stated[-1].text!r} earlier in the sentence"
    return dataclasses.replace(mention, value=year + mention.value[4:], note=note)


def split_passages(source: SourceText) -> list[Passage]:
    """The source's sentences, each with the date mentions that start inside it."""
    passages = []
    pos = 0
    anchor = _anchor(source)
    day = dt.date.fromisoformat(anchor[0][:10]) if anchor and len(anchor[0]) >= 10 else None
    bounds = [m.end() for m in _SENTENCE_END_RE.finditer(source.text)] + [len(source.text)]
    for end in bounds:
        text = source.text[pos:end]
        if end > pos and text.strip():
            found = [d for d in source.dates if pos <= d.start < end]
            dates = [_year_from_sentence(d, found) for d in found]
            extra = _bare_months(text, pos, anchor, found)
            if day is not None:
                extra += _weekday_mentions(text, pos, day)
            dates += [d for d in extra if not _overlaps(d, dates)]
            dates.sort(key=lambda d: d.start)
            passages.append(Passage(pos, end, frozenset(stems(text)), tuple(dates)))
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

"""Find date mentions in English text and normalise them to ISO at their precision."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from briefcheck.models import DateMention, Precision

_MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

# Month names are matched capitalised only: "may" and "march" are common English words.
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
# A plausible year for the documents briefs cite: medieval history to the near future.
_YEAR = r"(?:1[0-9]{3}|20[0-9]{2}|2100)"
_DASH = r"\s*[-–—]\s*"
_NOT_NUM_BEFORE = r"(?<![\d/.,:\w])"
_NOT_NUM_AFTER = r"(?![\d/]|[.,:]\d|\w)"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(rf"{_NOT_NUM_BEFORE}(\d{{4}})-(\d{{2}})-(\d{{2}}){_NOT_NUM_AFTER}")),
    (
        "day_range",
        re.compile(
            rf"{_NOT_NUM_BEFORE}(?P<d1>{_DAY}){_DASH}(?P<d2>{_DAY})\s+(?P<m>{_MONTH}),?\s+"
            rf"(?P<y>{_YEAR}){_NOT_NUM_AFTER}"
        ),
    ),
    (
        "mdd_range",
        re.compile(
            rf"\b(?P<m>{_MONTH})\s+(?P<d1>{_DAY}){_DASH}(?P<d2>{_DAY}),?\s+"
            rf"(?P<y>{_YEAR}){_NOT_NUM_AFTER}"
        ),
    ),
    (
        "dmy",
        re.compile(
            rf"{_NOT_NUM_BEFORE}(?P<d>{_DAY})\s+(?:of\s+)?(?P<m>{_MONTH}),?\s+"
            rf"(?P<y>{_YEAR}){_NOT_NUM_AFTER}"
        ),
    ),
    (
        "mdy",
        re.compile(
            rf"\b(?P<m>{_MONTH})\s+(?P<d>{_DAY}),?\s+(?P<y>{_YEAR}){_NOT_NUM_AFTER}",
        ),
    ),
    (
        "month_range",
        re.compile(
            rf"\b(?P<m1>{_MONTH})(?:{_DASH}|\s+(?:and|or|to|until)\s+)(?P<m2>{_MONTH}),?\s+"
            rf"(?P<y>{_YEAR}){_NOT_NUM_AFTER}"
        ),
    ),
    ("my", re.compile(rf"\b(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR}){_NOT_NUM_AFTER}")),
    ("dm", re.compile(rf"{_NOT_NUM_BEFORE}(?P<d>{_DAY})\s+(?:of\s+)?(?P<m>{_MONTH})(?![\w])")),
    ("md", re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<d>{_DAY}){_NOT_NUM_AFTER}")),
    (
        "juche",
        re.compile(r"\bJuche\s+(?P<j>\d{1,3})(?:\s*\((?P<y>\d{4})\))?(?!\d)"),
    ),
    ("decade", re.compile(rf"{_NOT_NUM_BEFORE}(?P<y>1[0-9]{{2}}0|20[0-9]0)s\b")),
)

_BARE_YEAR = re.compile(rf"{_NOT_NUM_BEFORE}{_YEAR}{_NOT_NUM_AFTER}")
# "1592-1598", "2018-19": a dash between two years, the second later, is a range of years.
_YEAR_RANGE = re.compile(rf"{_NOT_NUM_BEFORE}({_YEAR})[-–]({_YEAR}|\d{{2}}){_NOT_NUM_AFTER}")
# A year joined to a dated year by these words or marks is part of a range or list.
_JOINER = re.compile(r"^(?:\s*[-–—]\s*|\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|to|&|until)\s+)$")
# "15 May and 15 October each year": days that recur have no year of their own.
_RECURRING = re.compile(
    r"(?:\s*(?:and|to|until|-|–)\s*\d{1,2}\s+[A-Z][a-z]+\.?)?\s+(?:each|every|a)\s+year|\s+annually"
)
_SENTENCE_END = re.compile(r"[.!?][”’\"')\]]*\s+[A-Z“‘\"(]")
_SHORT_RANGE_END = re.compile(r"[-–](\d{2})(?![\d\w/])")
# The Juche calendar counts from 1912 (Juche 1), the year of Kim Il Sung's birth.
_JUCHE_OFFSET = 1911


def _wordset(words: str) -> frozenset[str]:
    """A set of the space-separated words given (word lists read better as prose)."""
    return frozenset(words.split())


# Words before a bare four-digit number that make it a year ("in 2021", "since 2006").
_YEAR_CUES = _wordset(
    "in since from until till during after before by circa c. ca. early late mid "
    "spring summer autumn fall winter year years throughout through between around "
    "fiscal fy"
)
# Words before a number that make it an identifier, not a year ("No. 2021", "p. 1950").
_NUMBER_CUES = _wordset(
    "no no. nos. number issue vol vol. volume p p. pp pp. page pages resolution art. article "
    "section sec. chapter ch. meeting paragraph para. table figure fig. flight room route "
    "isbn n. note notes code item law decree order #"
)
# Words before "of" that make the number after it a quantity ("a total of 2000").
_QUANTITIES = _wordset(
    "total sum number amount figure estimate maximum minimum population budget cost price "
    "value score tally count height depth length capacity output revenue vote votes majority"
)
# Nouns after a number that make it a count ("2000 troops"), not a year.
_COUNT_NOUNS = _wordset(
    "people persons troops soldiers km kilometres kilometers miles tonnes tons words "
    "members units dollars yuan won euros rounds missiles pages times per percent %"
)


@dataclass(frozen=True, slots=True)
class _Span:
    """A candidate mention before it becomes a DateMention."""

    start: int
    end: int
    value: str
    precision: Precision
    note: str | None = None


def _month(name: str) -> int:
    """The month number for a month name or abbreviation."""
    return _MONTHS[name.rstrip(".").lower()]


def _day(text: str) -> int:
    """The day number of "8", "08" or "8th"."""
    return int(re.sub(r"\D", "", text))


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """ISO text at the precision given, or None when the parts name no real date."""
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    days_in = [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30,
               31, 30, 31, 31, 30, 31, 30, 31]  # fmt: skip
    if not 1 <= day <= days_in[month - 1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _spans_for(kind: str, m: re.Match[str], year_hint: int | None) -> list[_Span]:
    """The dates one pattern match names (two for a range)."""
    g = m.groupdict()
    if kind == "iso":
        value = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return [_Span(m.start(), m.end(), value, Precision.DAY)] if value else []
    if kind in ("day_range", "mdd_range"):
        year, month = int(g["y"]), _month(g["m"])
        first = _iso(year, month, _day(g["d1"]))
        second = _iso(year, month, _day(g["d2"]))
        if not (first and second):
            return []
        start_first = m.start("d1") if kind == "day_range" else m.start()
        return [
            _Span(start_first, m.end("d1"), first, Precision.DAY),
            _Span(m.start("d2"), m.end(), second, Precision.DAY),
        ]
    if kind in ("dmy", "mdy"):
        value = _iso(int(g["y"]), _month(g["m"]), _day(g["d"]))
        return [_Span(m.start(), m.end(), value, Precision.DAY)] if value else []
    if kind == "month_range":
        year = int(g["y"])
        first, second = _iso(year, _month(g["m1"])), _iso(year, _month(g["m2"]))
        assert first and second
        return [
            _Span(m.start("m1"), m.end("m1"), first, Precision.MONTH),
            _Span(m.start("m2"), m.end(), second, Precision.MONTH),
        ]
    if kind == "my":
        value = _iso(int(g["y"]), _month(g["m"]))
        return [_Span(m.start(), m.end(), value, Precision.MONTH)] if value else []
    if kind in ("dm", "md"):
        if year_hint is None:
            return []
        value = _iso(year_hint, _month(g["m"]), _day(g["d"]))
        note = f"year {year_hint} taken from context"
        return [_Span(m.start(), m.end(), value, Precision.DAY, note)] if value else []
    if kind == "juche":
        year = int(g["j"]) + _JUCHE_OFFSET
        if g["y"] and int(g["y"]) != year:
            return []
        return [_Span(m.start(), m.end(), f"{year:04d}", Precision.YEAR, "Juche calendar")]
    if kind == "decade":
        return [_Span(m.start(), m.end(), g["y"], Precision.DECADE)]
    raise AssertionError(kind)


class _Taken:
    """Which characters already belong to a mention, for O(length) overlap checks."""

    def __init__(self, size: int) -> None:
        """Nothing taken yet in a text of `size` characters."""
        self.cells = bytearray(size)

    def free(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps no mention already taken."""
        return not any(self.cells[start:end])

    def take(self, start: int, end: int) -> None:
        """Mark [start, end) as taken."""
        self.cells[start:end] = b"\x01" * (end - start)


def _words_before(text: str, pos: int, n: int = 2) -> list[str]:
    """The last `n` words before `pos`, lower-cased, nearest last."""
    return [w.lower().strip("(,;:[\"'‘“") for w in text[max(0, pos - 40) : pos].split()[-n:]]


def _is_not_a_year(text: str, start: int, end: int) -> bool:
    """Whether a four-digit number is plainly something else: an issue number, a count, a tally."""
    before = _words_before(text, start)
    prev = before[-1] if before else ""
    if prev in _NUMBER_CUES or (len(before) == 2 and before[0] in _NUMBER_CUES and prev == "and"):
        return True
    after = text[end : end + 24].split()
    nxt = after[0].lower().strip(".,;:)") if after else ""
    if nxt in _COUNT_NOUNS or text[end : end + 1] == "%":
        return True
    return re.match(r"\s+(?:to|-|–)\s*\d{1,3}(?!\d)", text[end : end + 8]) is not None


def _looks_like_year(text: str, start: int, end: int) -> bool:
    """Whether a bare four-digit number at [start, end) reads as a year in its context."""
    before = _words_before(text, start)
    prev = before[-1] if before else ""
    after = text[end : end + 24].split()
    nxt = after[0].lower().strip(".,;:)") if after else ""
    if prev.rstrip("-") in _YEAR_CUES or prev.startswith("mid-"):
        return True
    # "the 2007 guidelines", "a 2021 survey": a year when a word, not a count noun, follows.
    if prev in ("the", "a", "an") and nxt[:1].isalpha():
        return True
    # "the drought of 2019" names a year; "a total of 2000" does not.
    if prev == "of" and len(before) == 2 and before[0] not in _QUANTITIES:
        return True
    if _in_year_range(text, start, end):
        return True
    if text[start - 1 : start] == "(" and text[end : end + 1] == ")":
        return True
    # A citation's trailing year: "Bloomsbury Publishing, 2020." or "Press, 2014;".
    tail = text[end : end + 1]
    return text[max(0, start - 2) : start] == ", " and (tail in ("", ".", ",", ";", ")", "\n"))


def _in_year_range(text: str, start: int, end: int) -> bool:
    """Whether the year at [start, end) opens or closes a dash range of later years."""
    for m in _YEAR_RANGE.finditer(text, max(0, start - 5), min(len(text), end + 5)):
        if m.start(1) == start or m.span(2) == (start, end):
            first, second = m.group(1), m.group(2)
            second = first[:2] + second if len(second) == 2 else second
            return int(first) < int(second) <= int(first) + 300
    return False


def _bare_years(text: str, taken: _Taken, anchors: list[tuple[int, int]]) -> list[_Span]:
    """Four-digit years standing alone in a date-like context, ranges and lists included."""
    candidates = [
        m.span()
        for m in _BARE_YEAR.finditer(text)
        if taken.free(*m.span()) and not _is_not_a_year(text, *m.span())
    ]
    accepted = {s for s, e in candidates if _looks_like_year(text, s, e)}
    # Spread "year" along ranges and lists ("1274 and 1281", "June 2018, 2019"): a candidate
    # joined to its neighbour, itself a year or a dated mention, is a year too.
    items = sorted([(s, e, True) for s, e in anchors] + [(s, e, False) for s, e in candidates])
    known = [anchor or s in accepted for s, e, anchor in items]
    for _ in range(3):
        before = sum(known)
        for order in (range(1, len(items)), range(len(items) - 2, -1, -1)):
            for i in order:
                j = i - 1 if order.step == 1 else i + 1
                if known[i] or not known[j]:
                    continue
                (a_end, b_start) = (
                    (items[j][1], items[i][0]) if j < i else (items[i][1], items[j][0])
                )
                if b_start - a_end < 12 and _JOINER.match(text[a_end:b_start]):
                    known[i] = True
                    accepted.add(items[i][0])
        if sum(known) == before:
            break
    return [_Span(s, e, text[s:e], Precision.YEAR) for s, e in candidates if s in accepted]


def _short_range_ends(text: str, spans: list[_Span], taken: _Taken) -> list[_Span]:
    """The abbreviated second year of "2018-19" or "1950–53" after a found year."""
    found = []
    for span in spans:
        if span.precision is not Precision.YEAR or len(span.value) != 4:
            continue
        m = _SHORT_RANGE_END.match(text, span.end)
        if m and taken.free(m.start(1), m.end(1)):
            year = int(span.value[:2] + m.group(1))
            if year > int(span.value):
                found.append(_Span(m.start(1), m.end(1), f"{year:04d}", Precision.YEAR))
    return found


def _is_relative(text: str, start: int, end: int) -> bool:
    """Whether a date names an event by it ("the September 2025 meeting")."""
    before = text[max(0, start - 4) : start].lower()
    return before.endswith("the ") and re.match(r"\s+[a-z]", text[end : end + 2]) is not None


def find_dates(text: str, *, base_year: int | None = None) -> list[DateMention]:
    """Every date mention in `text` (offsets into it), ranges and lists split into dates.

    `base_year` completes mentions with no year ("September 8") and marks them with a note;
    without it such a mention takes the year of the last full date before it in `text`, and
    is skipped when there is none, since it cannot be normalised.
    """
    spans: list[_Span] = []
    dated: list[_Span] = []  # full-date spans by start, for the year of a yearless date
    taken = _Taken(len(text))
    anchors: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if not taken.free(m.start(), m.end()):
                continue
            hint = base_year
            if kind in ("dm", "md") and not _RECURRING.match(text, m.end()):
                # "from 31 July to 11 August 2023": the range's own year beats the page's.
                end_year = _year_of_range_end(text, dated, m.end())
                if end_year is not None or hint is None:
                    hint = end_year or _last_year_before(text, dated, m.start())
            for span in _spans_for(kind, m, hint):
                spans.append(span)
                if span.precision is not Precision.DECADE:
                    bisect.insort(dated, span, key=lambda x: x.start)
            # An impossible date ("31 February 2021") is no date at all, not "February 2021".
            taken.take(m.start(), m.end())
            anchors.append((m.start(), m.end()))
    years = _bare_years(text, taken, anchors)
    for y in years:
        taken.take(y.start, y.end)
    spans.extend(years)
    spans.extend(_short_range_ends(text, spans, taken))
    spans.sort(key=lambda s: (s.start, s.end))
    return [
        DateMention(
            text=text[s.start : s.end],
            value=s.value,
            precision=s.precision,
            start=s.start,
            end=s.end,
            relative=_is_relative(text, s.start, s.end),
            note=s.note,
        )
        for s in spans
    ]


def _year_of_range_end(text: str, dated: list[_Span], end: int) -> int | None:
    """The year of a full date that closes a range or pair: "30 May and 4 September 2022"."""
    i = bisect.bisect_left(dated, end, key=lambda x: x.start)
    if i < len(dated) and dated[i].start - end < 12 and _JOINER.match(text[end : dated[i].start]):
        return int(dated[i].value[:4])
    return None


def _last_year_before(text: str, dated: list[_Span], pos: int) -> int | None:
    """The year of the closest full date before `pos` in the same sentence, if any."""
    i = bisect.bisect_left(dated, pos, key=lambda x: x.start)
    while i > 0:
        i -= 1
        if dated[i].end <= pos:
            # A year from an earlier sentence is a guess too far ("…June 2023. … 15 May").
            if _SENTENCE_END.search(text, dated[i].end, pos):
                return None
            return int(dated[i].value[:4])
    return None

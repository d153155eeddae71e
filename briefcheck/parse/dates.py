"""Dates in a source's main text that the English finder does not read: ISO, CJK, Juche, datelines.

English prose dates ("Sept. 8", "8th September") belong to `briefcheck.extractors.dates`;
this module adds the notations sources use and briefs rarely do, and merges both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from briefcheck.models import DateMention, Precision

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_RE = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"

# Chinese numerals appear in formal dates ("二〇二二年九月八日"); digits are the common case.
_HAN_DIGITS = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
_HAN_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_HAN_NUM = "[〇零○一二三四五六七八九十]"

# The DPRK calendar counts Juche years from 1912 (Juche 1); the Gregorian year usually follows
# in brackets, and when it does not we can still compute it.
_JUCHE_EPOCH = 1911

# Lookarounds keep "2022-09-08" out of longer numbers such as phone or document ids.
_ISO = re.compile(
    r"(?<![\d/.-])(?P<year>1[5-9]\d\d|20\d\d)-(?P<month>0[1-9]|1[0-2])"
    r"(?:-(?P<day>0[1-9]|[12]\d|3[01]))?(?:T[\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?(?![\d-])"
)
# "2022/9/8" and "2022.09.08" (Korean and Chinese sites' own notation); day required, as
# "2022.9" is as often a version or a section number as a month.
_SLASHED = re.compile(
    r"(?<![\d/.])(?P<year>1[5-9]\d\d|20\d\d)(?P<sep>[/.])(?P<month>1[0-2]|0?[1-9])"
    r"(?P=sep)(?P<day>3[01]|[12]\d|0?[1-9])(?![\d/]|\.\d)"
)
_HAN_MONTH = rf"(?:1[0-2]|0?[1-9]|{_HAN_NUM}{{1,2}})"
_HAN_DAY = rf"(?:3[01]|[12]\d|0?[1-9]|{_HAN_NUM}{{1,3}})"
# A three-digit number before 年 is as often a duration ("300年") as a year, so early years
# count only after 公元 ("AD"). Either a year with optional month and day ("2022年",
# "2022年9月8日", "2022년 9월 8일") or a month-day ("9月8日") whose year comes from the page.
_CJK = re.compile(
    rf"(?<!\d)(?:(?P<year>\d{{4}}|{_HAN_NUM}{{4}}|(?<=公元)\d{{1,3}})\s*[年년]"
    rf"(?:\s*(?P<month>{_HAN_MONTH})\s*[月월](?:\s*(?P<day>{_HAN_DAY})\s*[日일号號])?)?"
    rf"|(?P<month2>{_HAN_MONTH})\s*[月월]\s*(?P<day2>{_HAN_DAY})\s*[日일号號])"
)
_JUCHE = re.compile(
    rf"\b{_MONTH_RE}\s+(?P<day>\d{{1,2}}),?\s+Juche\s+(?P<juche>\d{{1,3}})"
    rf"(?:\s*\((?P<year>\d{{4}})\))?",
    re.IGNORECASE,
)
# KCNA's Korean and Chinese services write "주체111(2022)년 9월 8일" and "主体111（2022）年9月8日".
_JUCHE_CJK = re.compile(
    r"(?:주체|主体|主體)\s*(?P<juche>\d{1,3})\s*(?:[(（]\s*(?P<year>\d{4})\s*[)）])?\s*[年년]"
    r"(?:\s*(?P<month>1[0-2]|0?[1-9])\s*[月월](?:\s*(?P<day>3[01]|[12]\d|0?[1-9])\s*[日일号])?)?"
)
# "Pyongyang, September 9 (KCNA) --", "SEOUL, July 6 (Yonhap) --": a place, a month-day and an
# agency in brackets, at the start of a line.
_DATELINE = re.compile(
    rf"^[ \t]*(?P<place>[A-Z][A-Za-z .'-]{{1,40}}),\s+{_MONTH_RE}\s+(?P<day>\d{{1,2}})"
    rf"(?:,\s*(?P<year>\d{{4}}))?\s*\((?P<agency>[A-Za-z][A-Za-z .&-]{{1,30}})\)",
    re.IGNORECASE | re.MULTILINE,
)
# KCNA's Korean and Xinhua-style Chinese datelines: "(평양 9월 9일발 조선중앙통신)",
# "新华社北京9月5日电", "（朝中社平壤9月9日电）".
_DATELINE_KO = re.compile(
    r"[(（]\s*(?P<place>[\uac00-\ud7af]{2,6})\s+(?P<month>1[0-2]|0?[1-9])월\s*"
    r"(?P<day>3[01]|[12]\d|0?[1-9])일발\s+(?P<agency>[^)）]{2,20})[)）]"
)
_DATELINE_ZH = re.compile(
    r"(?P<agency>新华社|朝中社|中新社|央视新闻|韩联社|共同社|路透社|法新社|美联社)"
    r"(?P<place>[\u4e00-\u9fff]{2,6}?)(?P<month>1[0-2]|0?[1-9])月(?P<day>3[01]|[12]\d|0?[1-9])日电"
)
# Minimal English for single date strings in metadata and bylines ("September 9, 2022",
# "9 Sept. 2022", "July 2021"); prose dates go through the English date finder.
_EN_MDY = re.compile(
    rf"\b{_MONTH_RE}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", re.I
)
_EN_DMY = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH_RE},?\s+(?P<year>\d{{4}})\b", re.I
)
_EN_MY = re.compile(rf"\b{_MONTH_RE},?\s+(?P<year>\d{{4}})\b", re.I)


@dataclass(frozen=True, slots=True)
class Dateline:
    """A news-agency dateline: where, which month-day, which agency; year when stated."""

    place: str
    agency: str
    month: int
    day: int
    year: int | None
    start: int
    end: int


def _han_to_int(token: str) -> int:
    """Read "2022", "二〇二二", "九", "十二" or "二十八" as a number."""
    if token.isdigit():
        return int(token)
    if "十" in token:
        tens, _, ones = token.partition("十")
        return _HAN_DIGITS.get(tens, 1) * 10 + (_HAN_DIGITS[ones] if ones else 0)
    return int("".join(str(_HAN_DIGITS[ch]) for ch in token))


def _iso(year: int, month: int | None = None, day: int | None = None) -> tuple[str, Precision]:
    """ISO-8601 value at the precision the parts allow."""
    if month is None:
        return f"{year:04d}", Precision.YEAR
    if day is None:
        return f"{year:04d}-{month:02d}", Precision.MONTH
    return f"{year:04d}-{month:02d}-{day:02d}", Precision.DAY


def _valid(year: int, month: int | None, day: int | None) -> bool:
    """True when the parts name a real calendar date (no 31 June, no 29 Feb 2023)."""
    if month is None:
        return day is None
    if not 1 <= month <= 12:
        return False
    if day is None:
        return True
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
    return 1 <= day <= days


def _mention(
    text: str,
    m: re.Match[str],
    year: int,
    month: int | None,
    day: int | None,
    note: str | None = None,
) -> DateMention | None:
    """A mention for match `m` when its parts are a real date."""
    if not _valid(year, month, day):
        return None
    value, precision = _iso(year, month, day)
    return DateMention(
        text=text[m.start() : m.end()],
        value=value,
        precision=precision,
        start=m.start(),
        end=m.end(),
        note=note,
    )


def _inferred(base_year: int | None) -> str:
    return f"year {base_year} inferred from the page's dateline or publication date"


def _find_iso(text: str) -> Iterable[DateMention]:
    for m in _ISO.finditer(text):
        day = int(m["day"]) if m["day"] else None
        found = _mention(text, m, int(m["year"]), int(m["month"]), day)
        if found:
            yield found
    for m in _SLASHED.finditer(text):
        found = _mention(text, m, int(m["year"]), int(m["month"]), int(m["day"]))
        if found:
            yield found


def _find_cjk(text: str, base_year: int | None) -> Iterable[DateMention]:
    """CJK dates; a month-day takes the page's year, else the last year stated before it."""
    last_year: tuple[int, str] | None = None
    for m in _CJK.finditer(text):
        if m["year"]:
            month = _han_to_int(m["month"]) if m["month"] else None
            day = _han_to_int(m["day"]) if m["day"] else None
            found = _mention(text, m, _han_to_int(m["year"]), month, day)
            if found:
                last_year = (_han_to_int(m["year"]), found.text)
        elif base_year is not None:
            month, day = _han_to_int(m["month2"]), _han_to_int(m["day2"])
            found = _mention(text, m, base_year, month, day, note=_inferred(base_year))
        elif last_year is not None:
            month, day = _han_to_int(m["month2"]), _han_to_int(m["day2"])
            note = f"year {last_year[0]} taken from {last_year[1]!r} earlier in the text"
            found = _mention(text, m, last_year[0], month, day, note=note)
        else:
            found = None
        if found:
            yield found


def _juche_year(m: re.Match[str]) -> tuple[int, str | None]:
    """The Gregorian year of a Juche date, and a note when we computed it ourselves."""
    if m["year"]:
        return int(m["year"]), None
    return _JUCHE_EPOCH + int(m["juche"]), f"Gregorian year computed from Juche {m['juche']}"


def _find_juche(text: str) -> Iterable[DateMention]:
    for m in _JUCHE.finditer(text):
        year, note = _juche_year(m)
        found = _mention(text, m, year, _MONTHS[m["month"].lower()], int(m["day"]), note=note)
        if found:
            yield found
    for m in _JUCHE_CJK.finditer(text):
        year, note = _juche_year(m)
        month = int(m["month"]) if m["month"] else None
        found = _mention(text, m, year, month, int(m["day"]) if m["day"] else None, note=note)
        if found:
            yield found


def find_datelines(text: str) -> list[Dateline]:
    """Every agency dateline ("Pyongyang, September 9 (KCNA)") in `text`, in order."""
    found = []
    for m in _DATELINE.finditer(text):
        month = _MONTHS[m["month"].lower()]
        day = int(m["day"])
        year = int(m["year"]) if m["year"] else None
        if _valid(year or 2000, month, day):
            place, agency = m["place"].strip(), m["agency"].strip()
            found.append(Dateline(place, agency, month, day, year, m.start("place"), m.end()))
    for m in (*_DATELINE_KO.finditer(text), *_DATELINE_ZH.finditer(text)):
        month, day = int(m["month"]), int(m["day"])
        if _valid(2000, month, day):
            place, agency = m["place"].strip(), m["agency"].strip()
            found.append(Dateline(place, agency, month, day, None, m.start(), m.end()))
    return sorted(found, key=lambda line: line.start)


def _find_datelines(text: str, base_year: int | None) -> Iterable[DateMention]:
    for line in find_datelines(text):
        year = line.year or base_year
        if year is None or not _valid(year, line.month, line.day):
            continue
        value, precision = _iso(year, line.month, line.day)
        note = None if line.year else _inferred(base_year)
        yield DateMention(
            text=text[line.start : line.end],
            value=value,
            precision=precision,
            start=line.start,
            end=line.end,
            note=note,
        )


def _find_english(text: str, base_year: int | None) -> list[DateMention]:
    """English prose dates from the shared extractor; none while it is not yet available."""
    from briefcheck.extractors.dates import find_dates

    try:
        return find_dates(text, base_year=base_year)
    except NotImplementedError:
        return []


def _without_overlaps(mentions: Iterable[DateMention]) -> list[DateMention]:
    """Mentions in text order; where spans overlap, the longest one (the most complete date)."""
    kept: list[DateMention] = []
    for mention in sorted(mentions, key=lambda d: (d.start, -(d.end - d.start))):
        if kept and mention.start < kept[-1].end:
            if mention.end - mention.start > kept[-1].end - kept[-1].start:
                kept[-1] = mention
            continue
        kept.append(mention)
    return kept


def find_source_dates(
    text: str, *, base_year: int | None = None, english: bool = True
) -> list[DateMention]:
    """Every date in a source's `text` in any notation we read, offsets into `text`.

    `base_year` (from the dateline or publication date) completes month-day mentions, and
    each such mention says so in its `note`. `english=False` skips the English prose finder.
    """
    mentions: list[DateMention] = [
        *_find_iso(text),
        *_find_cjk(text, base_year),
        *_find_juche(text),
        *_find_datelines(text, base_year),
    ]
    if english:
        mentions.extend(_find_english(text, base_year))
    return _without_overlaps(mentions)


def parse_date_string(value: str) -> tuple[str, Precision] | None:
    """Read one date string from metadata or a byline; ISO value and precision, or None."""
    value = value.strip()
    # Juche first: "주체111(2022)년 9월 9일" holds a CJK year-less month-day inside it.
    for finder in (_find_juche, _find_iso, lambda t: _find_cjk(t, None)):
        found = next(iter(finder(value)), None)
        if found:
            return found.value, found.precision
    for pattern in (_EN_MDY, _EN_DMY, _EN_MY):
        m = pattern.search(value)
        if not m:
            continue
        month = _MONTHS[m["month"].lower()]
        day = int(m["day"]) if "day" in m.groupdict() else None
        if _valid(int(m["year"]), month, day):
            return _iso(int(m["year"]), month, day)
    # Scholarly metadata writes "2020/05" (citation_publication_date) and bare years.
    m = re.fullmatch(r"(?P<year>1[5-9]\d\d|20\d\d)(?:[/-](?P<month>1[0-2]|0?[1-9]))?", value)
    if m:
        return _iso(int(m["year"]), int(m["month"]) if m["month"] else None)
    return None

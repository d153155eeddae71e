"""Publication details after a cited title: outlet, container, date, locators, URL, access date."""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefcheck.extractors.dates import find_dates
from briefcheck.models import Precision

_PAGES_ONLY = re.compile(r"^(?:(?:at|pp?\.|pages?)\s*)?(?P<pages>[\d–-]+(?:,\s*[\d–-]+)*)$", re.I)
_URL = re.compile(r"https?://[^\s<>\"”’]+")
_ACCESSED = re.compile(
    r"\(?\b(?:last\s+)?(?:accessed|retrieved|viewed|consulted)(?:\s+on)?:?\s+(?P<d>[^)]*)\)?",
    re.I,
)
# Identifiers of a record, read like an issue number and never as an outlet: a UN meeting
# ("9048th Meeting"), a document symbol ("WT/MIN(22)/33", "A/RES/70/1"), a numbered act
# ("Decree No. 3120-r", "Pub. L. No. 117-167").
_MEETING = re.compile(
    r"^(?:\d+(?:st|nd|rd|th)\s+(?:plenary\s+)?(?:meeting|session)\b.*"
    r"|[A-Z]{1,6}(?:/[\w().-]+)+"
    r"|(?:decree|resolution|order|law|directive|decision)\s+no\.\s*\S+"
    r"|pub\.\s*l\.\s*no\.\s*[\d-]+)$",
    re.I,
)
_VOLUME_ISSUE = re.compile(r"^(?P<v>\d+)\s*\((?P<i>[\w/–-]+)\)$")
# "Brussels: European Sea Ports Organisation": a place, then the publisher.
_PLACE_PUBLISHER = re.compile(r"^[A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2}:\s+(?P<publisher>.+)$")
_VOLUME = re.compile(r"^(?:vol\.?|volume)\s*(?P<v>\S+)$", re.I)
_ISSUE = re.compile(r"^(?:no\.?|nos\.?|issue|iss\.)\s*(?P<v>\S+)$", re.I)
_PAGES = re.compile(r"^(?:pp?\.|pages?)\s*(?P<v>[\d–\-, ]+)$", re.I)
# A pinpoint that is not a page ("para. 9", "art. 3", "§ 12") is kept with its label.
_PINPOINT_PART = re.compile(r"^(?:arts?\.|paras?\.|paragraphs?|§+)\s*[\w.–-]+$", re.I)
_JOURNAL = re.compile(
    r"^(?P<vol>\d+)\s+(?P<journal>[^\d(,][^()]*?)\s+(?P<page>\d+)"
    r"(?:,\s*(?P<pin>[\d–-]+))?\s*\((?P<date>[^()]*)\)"
)
# A law reporter or treaty series: "24 U.S.T. 2389", "18 I.L.M. 899".
_REPORTER = re.compile(
    r"^(?P<vol>\d+)\s+(?P<name>[A-Z][^,\d]*?)\s+(?P<page>\d+)(?:\s*\((?P<date>[^()]+)\))?$"
)
# Chicago journal style: "Political Geography 51, no. 2 (2016): 63–74".
_CHICAGO_JOURNAL = re.compile(
    r"^(?P<journal>[^\d()]+?)\s+(?P<vol>\d+)(?:,?\s*no\.\s*(?P<iss>[\w/–-]+))?"
    r"\s*\((?P<date>[^()]+)\)(?::\s*(?P<pages>[\d–-]+(?:,\s*[\d–-]+)*))?$",
    re.I,
)
# "ed. Mary Ward (New York: United Nations, 2023)": the editors of a collection, then its
# publication details.
_EDITED_BY = re.compile(r"^(?:eds?\.|edited by)\s[^()]*(?:\((?P<pub>[^()]*)\))?$", re.I)
EDITORS = re.compile(r"\(eds?\.?\)|\beds?\.\s*$", re.I)


def scan_depths(text: str) -> list[int]:
    """For each character, how deep inside quotes or parentheses it sits."""
    depths, depth, straight, single = [], 0, False, 0
    for i, ch in enumerate(text):
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        if ch in "“(":
            depth += 1
        elif ch in "”)" and depth:
            depth -= 1
        elif ch == '"':
            straight = not straight
        elif ch == "‘" and not prev.isalnum():
            single += 1
        elif ch == "’" and single and not nxt.isalnum():
            single -= 1
        depths.append(depth + int(straight) + single)
    return depths


def top_level_parts(text: str) -> list[tuple[int, int]]:
    """Comma-separated parts of `text` outside quotes, parentheses and dates, trimmed."""
    depths = scan_depths(text)
    dated = [(d.start, d.end) for d in find_dates(text) if d.precision is not Precision.YEAR]
    cuts = [
        i
        for i, ch in enumerate(text)
        if ch == "," and depths[i] == 0 and not any(s <= i < e for s, e in dated)
    ]
    parts, pos = [], 0
    for cut in [*cuts, len(text)]:
        s, e = pos, cut
        while s < e and text[s] in " .:":
            s += 1
        while e > s and text[e - 1] in " .;:":
            e -= 1
        if e > s:
            parts.append((s, e))
        pos = cut + 1
    return parts


@dataclass
class Details:
    """The publication details read from the text after a title."""

    outlet: str | None = None
    container: str | None = None
    date: tuple[str, str, Precision] | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    url: str | None = None
    accessed: str | None = None


_PRECISION_RANK = {Precision.YEAR: 1, Precision.MONTH: 2, Precision.DAY: 3}


def _offer_date(fields: Details, text: str, year: int | None = None) -> bool:
    """Take `text` as the work's date if it is one date; keep the most precise seen.

    `year` completes a day and month given without one (Harvard's "(2023) …, 22 September").
    """
    if re.fullmatch(r"\(?(1[5-9]\d\d|20\d\d)\)?", text.strip()):
        # A year standing alone as a citation element ("…, Bloomsbury, 2020") is the year.
        text = "in " + text.strip(" ()")
    found = [d for d in find_dates(text, base_year=year) if d.precision in _PRECISION_RANK]
    if len(found) != 1 or len(found[0].text) < len(text.removeprefix("in ").strip(" ()")) - 2:
        return False
    d = found[0]
    if fields.date is None or _PRECISION_RANK[d.precision] >= _PRECISION_RANK[fields.date[2]]:
        fields.date = (d.value, d.text, d.precision)
    return True


def read_details(rest: str, *, year: int | None = None) -> Details:
    """Outlet, container, date, locators, URL and access date from after the title.

    `year` is a year given before the title (Harvard style): it completes a day and month
    and is the date when nothing more precise follows.
    """
    fields = Details()
    rest = " ".join(rest.split())  # soft line breaks inside a footnote are spaces
    url = _URL.search(rest)
    if url:
        fields.url = url.group().rstrip(".,;)>")
        rest = rest[: url.start()] + rest[url.end() :]
    accessed = _ACCESSED.search(rest)
    if accessed:
        dates = find_dates(accessed.group("d"))
        fields.accessed = dates[0].value if dates else None
        rest = rest[: accessed.start()] + rest[accessed.end() :]
    rest = re.sub(r"\b(?:available\s+(?:at|from)|online)\s*:?\s*", "", rest, flags=re.I)
    rest = rest.strip(" ,.;:<>")
    chicago = _CHICAGO_JOURNAL.match(rest)
    if chicago:
        fields.outlet, fields.volume, fields.issue = (
            chicago["journal"],
            chicago["vol"],
            chicago["iss"],
        )
        fields.pages = chicago["pages"]
        _offer_date(fields, chicago["date"])
        return fields
    journal = _JOURNAL.match(rest)
    if journal:
        fields.volume, fields.outlet = journal["vol"], journal["journal"]
        fields.pages = journal["page"] + (f", {journal['pin']}" if journal["pin"] else "")
        _offer_date(fields, journal["date"])
        rest = rest[journal.end() :]
    expect_container = False
    for s, e in top_level_parts(rest):
        # Markdown emphasis around a journal or outlet name is typography, not the name.
        part = re.sub(r"^([*_]{1,2})(.+)\1$", r"\2", rest[s:e])
        if part.startswith("(") and part.endswith(")"):
            _read_publication(fields, part[1:-1])
        elif m := _CHICAGO_JOURNAL.match(part):
            fields.outlet, fields.volume, fields.issue = m["journal"], m["vol"], m["iss"]
            fields.pages = m["pages"]
            _offer_date(fields, m["date"])
        elif m := _VOLUME.match(part):
            fields.volume = m["v"]
        elif m := _ISSUE.match(part):
            fields.issue = m["v"]
        elif _MEETING.match(part):
            fields.issue = part
        elif m := _PAGES.match(part):
            fields.pages = m["v"].strip()
        elif _PINPOINT_PART.match(part):
            fields.pages = part
        elif _offer_date(fields, part, year):
            pass
        elif m := _VOLUME_ISSUE.match(part):
            fields.volume, fields.issue = m["v"], m["i"]
        elif part.isdigit() and fields.outlet and not (fields.volume or fields.date):
            fields.volume = part  # Harvard's "Journal, 95, pp. 102–118"
        elif m := _REPORTER.match(part):
            # The reporter or series is where the text is published, whatever came before.
            fields.volume, fields.outlet, fields.pages = m["vol"], m["name"], m["page"]
            if m["date"]:
                _offer_date(fields, m["date"], year)
        elif m := _PAGES_ONLY.match(part):
            fields.pages = m["pages"]
        elif m := _EDITED_BY.match(part):
            if m["pub"]:
                _read_publication(fields, m["pub"])
        elif EDITORS.search(part):
            expect_container = True
        elif part.lower().startswith("in ") or expect_container:
            fields.container = part[3:] if part.lower().startswith("in ") else part
            expect_container = bool(EDITORS.search(part))
        elif fields.outlet is None:
            place = _PLACE_PUBLISHER.match(part)
            fields.outlet = place["publisher"] if place else part
    if fields.date is None and year is not None:
        fields.date = (f"{year:04d}", f"{year:04d}", Precision.YEAR)
    return fields


def _read_publication(fields: Details, inner: str) -> None:
    """A book's "(Place: Publisher, 2012)" group: publisher as outlet and the year."""
    for s, e in top_level_parts(inner):
        part = inner[s:e]
        if not _offer_date(fields, part) and fields.outlet is None:
            fields.outlet = part.split(":", 1)[-1].strip()


def is_locator(part: str) -> bool:
    """Whether a citation part is a locator or identifier (a date, page, volume, symbol)."""
    patterns = (_MEETING, _REPORTER, _VOLUME, _ISSUE, _PAGES, _PAGES_ONLY, _VOLUME_ISSUE)
    return any(p.match(part) for p in patterns) or bool(find_dates(part))

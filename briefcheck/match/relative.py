"""Relative date expressions ("next Thursday", "yesterday", "this week") and their dates.

A relative expression is dated from the report's own date (its dateline, else its
publication date) in the direction its words give ("next", "last", "yesterday") or, for a
bare weekday, the direction of the verb it modifies: "will travel on Thursday" is the
coming Thursday, "met on Monday" the Monday before. Every date made here carries a note
saying what it was dated from, so a reviewer can judge the inference.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum

from briefcheck.models import DateMention, Precision

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class Tense(str, Enum):
    """Which way in time a verb points, for a bare weekday it modifies."""

    PAST = "past"
    FUTURE = "future"


_WEEKDAY = "|".join(WEEKDAYS)
_RELATIVE_RE = re.compile(
    rf"\b(?:(?P<dir>next|last|this|coming|past)\s+|on\s+)?(?P<weekday>{_WEEKDAY})\b"
    r"|\b(?P<day>today|tonight|yesterday|tomorrow)\b"
    r"|\b(?:(?P<edge>earlier|later)\s+)?(?P<pdir>this|last|next|past)\s+(?P<period>week|month|year)\b",
    re.IGNORECASE,
)
_DAY_SHIFT = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


@dataclass(frozen=True, slots=True)
class Relative:
    """A relative expression in a source: its span and the words that say which way it points."""

    text: str
    start: int
    end: int
    weekday: int | None = None  # 0 = Monday, for "on Thursday", "next Thursday"
    direction: str | None = None  # next | last | this, when the words say it
    shift: int | None = None  # days from the anchor, for today / yesterday / tomorrow
    period: str | None = None  # week | month | year, for "this week", "last month"


def find_relative(text: str, offset: int = 0) -> list[Relative]:
    """Every relative expression in `text`, offsets shifted by `offset`."""
    found = []
    for m in _RELATIVE_RE.finditer(text):
        start, end = offset + m.start(), offset + m.end()
        direction = (m["dir"] or m["pdir"] or "").lower() or None
        direction = {"coming": "next", "past": "last"}.get(direction or "", direction)
        if m["weekday"]:
            weekday = WEEKDAYS.index(m["weekday"].lower())
            found.append(
                Relative(text=m.group(), start=start, end=end, weekday=weekday, direction=direction)
            )
        elif m["day"]:
            shift = _DAY_SHIFT[m["day"].lower()]
            found.append(Relative(text=m.group(), start=start, end=end, shift=shift))
        else:
            period = m["period"].lower()
            found.append(
                Relative(text=m.group(), start=start, end=end, direction=direction, period=period)
            )
    return found


def _weekday(rel: Relative, anchor: dt.date, tense: Tense | None) -> dt.date:
    """The day a weekday names, seen from `anchor`.

    "next X" is X in the following calendar week, "this X" in the anchor's week, "last X"
    the latest X before the anchor; a bare weekday follows the verb's tense (past when
    unknown, as reports mostly look back): on or before the anchor, or after it.
    """
    assert rel.weekday is not None
    monday = anchor - dt.timedelta(days=anchor.weekday())
    if rel.direction == "next":
        return monday + dt.timedelta(days=7 + rel.weekday)
    if rel.direction == "this":
        return monday + dt.timedelta(days=rel.weekday)
    if rel.direction == "last":
        return anchor - dt.timedelta(days=(anchor.weekday() - rel.weekday - 1) % 7 + 1)
    if tense is Tense.FUTURE:
        return anchor + dt.timedelta(days=(rel.weekday - anchor.weekday() - 1) % 7 + 1)
    return anchor - dt.timedelta(days=(anchor.weekday() - rel.weekday) % 7)


def _period(rel: Relative, anchor: dt.date) -> tuple[str, Precision] | None:
    """The month or year a period expression names, or None when it spans two months."""
    step = {"next": 1, "last": -1}.get(rel.direction or "", 0)
    if rel.period == "year":
        return f"{anchor.year + step:04d}", Precision.YEAR
    if rel.period == "month":
        month = anchor.year * 12 + anchor.month - 1 + step
        return f"{month // 12:04d}-{month % 12 + 1:02d}", Precision.MONTH
    monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(days=7 * step)
    sunday = monday + dt.timedelta(days=6)
    if (monday.year, monday.month) != (sunday.year, sunday.month):
        return None
    return f"{monday.year:04d}-{monday.month:02d}", Precision.MONTH


def resolve(
    rel: Relative, anchor: dt.date, anchor_from: str, tense: Tense | None = None
) -> DateMention | None:
    """The date `rel` names, dated from `anchor` (described by `anchor_from` in the note)."""
    if rel.shift is not None:
        value, precision = (anchor + dt.timedelta(days=rel.shift)).isoformat(), Precision.DAY
        how = ""
    elif rel.weekday is not None:
        value, precision = _weekday(rel, anchor, tense).isoformat(), Precision.DAY
        how = "" if rel.direction else f", {(tense or Tense.PAST).value} tense"
    else:
        period = _period(rel, anchor)
        if period is None:
            return None
        (value, precision), how = period, " (the whole period)"
    note = f"{rel.text!r} dated from {anchor_from} {anchor.isoformat()}{how}"
    return DateMention(
        text=rel.text, value=value, precision=precision, start=rel.start, end=rel.end, note=note
    )

"""The report as typed records, from build to render; dicts only at file I/O (`to_json`).

`Report.from_json` validates what it reads (types, shapes, depth), so a report.json written by
someone else, or cut short, is refused with a line naming the field instead of crashing a
later `diff`, `review` or `verify`.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, cast

from briefcheck import __version__
from briefcheck.models import Check, CheckKind, Precision, SourceRecord, Verdict, _StrEnum
from briefcheck.records import RecordError, from_json, to_json

SCHEMA = "briefcheck.report/1"
DIFF_SCHEMA = "briefcheck.diff/1"
# Verdicts a reviewer must act on; everything else is not a finding.
FINDINGS = frozenset({Verdict.MISMATCH, Verdict.NOT_FOUND})

Counts = dict[Verdict, int]


def count_verdicts(verdicts: Iterable[Verdict]) -> Counts:
    """How many of each verdict, every verdict present (zeros included), in the enum's order."""
    tally = Counter(verdicts)
    return {v: tally.get(v, 0) for v in Verdict}


class Decision(_StrEnum):
    """What a reviewer decided about a finding."""

    ACCEPT = "accept"
    WAIVE = "waive"


class ReviewState(_StrEnum):
    ACTIVE = "active"
    LAPSED = "lapsed"


# Fields a report written before them does not have, or has only sometimes: omitted from
# the JSON when empty, as earlier versions wrote it.
_OPTIONAL = {"omit_none": True}


@dataclass(frozen=True, slots=True, kw_only=True)
class Generator:
    name: str = "briefcheck"
    version: str = __version__


@dataclass(frozen=True, slots=True, kw_only=True)
class RunInfo:
    id: str
    started: str | None = None
    finished: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BriefInfo:
    path: str
    sha256: str
    format: str = "txt"
    paragraphs: int = 0
    footnotes: int = 0
    claims: int = 0
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    """Offsets into the brief's text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckReview:
    """A reviewer's decision as it applies to a check in this run."""

    decision: Decision
    reviewer: str
    reason: str
    date: str
    expires: str | None = None
    state: ReviewState = ReviewState.ACTIVE
    lapsed: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportCheck(Check):
    """A check as the report lists it: where it stands in the brief, a link, a word diff."""

    span: Span | None = None
    link: str | None = None
    words: tuple[tuple[str, str], ...] | None = None
    waived: bool = False
    review: CheckReview | None = field(default=None, metadata=_OPTIONAL)

    @property
    def is_finding(self) -> bool:
        return self.verdict in FINDINGS

    @property
    def is_open(self) -> bool:
        """A finding no active review covers."""
        return self.is_finding and not self.waived


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportSource(SourceRecord):
    """A source with its checks' verdict counts and how long its content has stayed the same."""

    checks: Counts = field(default_factory=dict)
    same_since: str | None = field(default=None, metadata=_OPTIONAL)


@dataclass(frozen=True, slots=True, kw_only=True)
class UncitedDate:
    text: str
    value: str
    precision: Precision


@dataclass(frozen=True, slots=True, kw_only=True)
class Uncited:
    """A body sentence stating a date or quotation with no footnote."""

    id: str
    text: str
    paragraph: int
    sentence: int
    start: int = 0
    end: int = 0
    dates: tuple[UncitedDate, ...] = ()
    quotes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class FootnoteTally:
    number: int
    refs: tuple[str, ...] = ()
    checks: Counts = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class DiffEntry:
    """One check whose verdict changed (or that appeared or went) between two runs."""

    id: str
    ref: str | None = None
    footnote: int | None = None
    kind: CheckKind | None = None
    claimed: str | None = None
    claim: str | None = None
    reason: str | None = None
    old: Verdict | None = None
    new: Verdict | None = None
    waived: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Drift:
    """A source whose content hash changed between two runs."""

    ref: str
    footnote: int | None = None
    url: str | None = None
    old_sha256: str
    new_sha256: str
    changed: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusChange:
    ref: str
    old: str | None = None
    new: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DiffSummary:
    old: Counts = field(default_factory=dict)
    new: Counts = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class DiffRun:
    """A run as a diff names it: its id and when it started (no finish time, as before)."""

    id: str
    started: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportDiff:
    """What changed between two reports, keyed by stable check id."""

    schema: str = DIFF_SCHEMA
    old: DiffRun
    new: DiffRun
    summary: DiffSummary = field(default_factory=DiffSummary)
    new_findings: tuple[DiffEntry, ...] = ()
    resolved: tuple[DiffEntry, ...] = ()
    changed: tuple[DiffEntry, ...] = ()
    added: tuple[DiffEntry, ...] = ()
    removed: tuple[DiffEntry, ...] = ()
    drifted: tuple[Drift, ...] = ()
    status_changed: tuple[StatusChange, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class HistoryPoint:
    """One run as the history chart plots it."""

    run: str | None
    started: str | None = None
    summary: Counts = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportHeadline:
    """What the history chart reads of an earlier report.json: its run and verdict counts.

    Validated like a `Report` (same schema label, same field types) but only these fields, so
    reading a month of runs does not decode every check of every one of them.
    """

    schema: str = SCHEMA
    run: RunInfo
    summary: Counts = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Any) -> ReportHeadline:
        """The headline of a report read from JSON; RecordError (naming the field) otherwise."""
        _check_schema(data)
        return from_json(cls, data, strict=False)

    def point(self) -> HistoryPoint:
        return HistoryPoint(run=self.run.id, started=self.run.started, summary=self.summary)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviewTally:
    waived: int = 0
    lapsed: int = 0
    open: int = 0
    stale: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """The `briefcheck.report/1` document."""

    schema: str = SCHEMA
    generator: Generator = field(default_factory=Generator)
    run: RunInfo
    brief: BriefInfo
    summary: Counts = field(default_factory=dict)
    sources: tuple[ReportSource, ...] = ()
    uncited: tuple[Uncited, ...] = ()
    checks: tuple[ReportCheck, ...] = ()
    footnotes: tuple[FootnoteTally, ...] = ()
    since_last_run: ReportDiff | None = None
    history: tuple[HistoryPoint, ...] = ()
    review: ReviewTally | None = field(default=None, metadata=_OPTIONAL)

    def to_json(self) -> dict[str, Any]:
        """The report as JSON values, with every contract key (nulls included)."""
        data: dict[str, Any] = _to_json(self)
        return data

    @classmethod
    def from_json(cls, data: Any) -> Report:
        """A report read from JSON; RecordError (naming the field) when it has the wrong shape."""
        _check_schema(data)
        return from_json(cls, data, strict=False)

    def source(self, ref: str) -> ReportSource | None:
        return next((s for s in self.sources if s.ref == ref), None)

    def open_findings(self) -> list[ReportCheck]:
        """Mismatches and not-found checks no active review covers, in report order."""
        return [c for c in self.checks if c.is_open]


def _check_schema(data: Any) -> None:
    """RecordError unless `data` is a JSON object labelled with the report schema."""
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise RecordError(f"$.schema: expected {SCHEMA!r}")


@functools.cache
def _field_plan(cls: Any) -> tuple[tuple[str, bool], ...]:
    """A record class's field names, each with whether an empty value is left out."""
    return tuple((f.name, bool(f.metadata.get("omit_none"))) for f in dataclasses.fields(cls))


def _to_json(obj: Any) -> Any:
    """`records.to_json`, leaving out optional fields that are empty (see `_OPTIONAL`)."""
    if isinstance(obj, (str, int, float, bool)) or obj is None:
        return obj.value if isinstance(obj, Enum) else obj
    if hasattr(type(obj), "__dataclass_fields__"):
        out = {}
        plan = _field_plan(cast(Hashable, type(obj)))
        for name, omit in plan:
            value = getattr(obj, name)
            if value is None and omit:
                continue
            out[name] = _to_json(value)
        return out
    if isinstance(obj, dict):
        return {(k.value if isinstance(k, Enum) else str(k)): _to_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_to_json(x) for x in obj]
    return to_json(obj)

"""The typed report: every record round-trips through JSON, and a bad report.json is refused."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefcheck.models import ClaimRef, Evidence, RankedPassage, Verdict
from briefcheck.records import RecordError
from briefcheck.report.history import read_report
from briefcheck.report.model import (
    SCHEMA,
    BriefInfo,
    CheckReview,
    DiffEntry,
    DiffRun,
    DiffSummary,
    Drift,
    FootnoteTally,
    Generator,
    HistoryPoint,
    Report,
    ReportCheck,
    ReportDiff,
    ReportSource,
    ReviewTally,
    RunInfo,
    Span,
    StatusChange,
    Uncited,
    UncitedDate,
)

# JSON has no NaN or infinity, and NaN != NaN would fail any equality.
SCORES = st.none() | st.floats(allow_nan=False, allow_infinity=False)


def _few(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(strategy, max_size=3).map(tuple)


def _every_field(cls: type, **given_: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Records with every field drawn from its type, optional ones too (`...` infers it)."""
    inferred: dict[str, Any] = {f.name: ... for f in dataclasses.fields(cls) if f.init}
    return st.builds(cls, **{**inferred, **given_})


# Leaf records: every field inferred from its type hint (text, ints, enums, optional fields).
for _leaf in (
    ClaimRef,
    Evidence,
    Span,
    CheckReview,
    Generator,
    RunInfo,
    BriefInfo,
    UncitedDate,
    FootnoteTally,
    DiffEntry,
    DiffRun,
    DiffSummary,
    Drift,
    StatusChange,
    HistoryPoint,
    ReviewTally,
    ReportSource,
):
    st.register_type_strategy(_leaf, _every_field(_leaf))
# A passage's BM25 score is a finite number (NaN never equals itself, so it cannot round-trip).
st.register_type_strategy(
    RankedPassage,
    _every_field(RankedPassage, score=st.floats(allow_nan=False, allow_infinity=False)),
)

CHECKS = _every_field(
    ReportCheck, score=SCORES, words=st.none() | _few(st.tuples(st.text(), st.text()))
)
UNCITED = _every_field(Uncited, dates=_few(st.from_type(UncitedDate)), quotes=_few(st.text()))
DIFFS = _every_field(
    ReportDiff,
    **{
        name: _few(st.from_type(DiffEntry))
        for name in ("new_findings", "resolved", "changed", "added", "removed")
    },
    drifted=_few(st.from_type(Drift)),
    status_changed=_few(st.from_type(StatusChange)),
)
REPORTS = _every_field(
    Report,
    schema=st.just(SCHEMA),
    sources=_few(st.from_type(ReportSource)),
    uncited=_few(UNCITED),
    checks=_few(CHECKS),
    footnotes=_few(st.from_type(FootnoteTally)),
    since_last_run=st.none() | DIFFS,
    history=_few(st.from_type(HistoryPoint)),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(REPORTS)
def test_every_report_round_trips_through_its_json(report):
    assert Report.from_json(report.to_json()) == report
    text = json.dumps(report.to_json(), ensure_ascii=False)
    assert Report.from_json(json.loads(text)) == report
    assert json.loads(text) == report.to_json()


def test_the_round_trip_draws_optional_fields_filled_in():
    """The strategy reaches the optional parts, so the property covers them."""
    seen: set[str] = set()

    @settings(max_examples=100, database=None, deadline=None, derandomize=True)
    @given(REPORTS)
    def look(report: Report) -> None:
        if report.review is not None:
            seen.add("review")
        if report.since_last_run is not None:
            seen.add("since_last_run")
        for check in report.checks:
            if check.review is not None:
                seen.add("check.review")
            if check.evidence is not None:
                seen.add("evidence")
            if check.score is not None:
                seen.add("score")
        if any(s.same_since is not None for s in report.sources):
            seen.add("same_since")

    look()
    assert seen == {
        "review",
        "since_last_run",
        "check.review",
        "evidence",
        "score",
        "same_since",
    }


def _message(data: Any) -> str:
    with pytest.raises(RecordError) as info:
        Report.from_json(data)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_a_verdict_outside_the_set_is_refused_naming_the_check(report):
    data = report.to_json()
    data["checks"][1]["verdict"] = "maybe"
    message = _message(data)
    assert message.startswith("$.checks[1].verdict: ") and "'maybe'" in message
    assert "'mismatch'" in message  # the valid verdicts are listed


def test_a_summary_that_is_a_list_is_refused_naming_it(report):
    data = report.to_json()
    data["summary"] = [5, 2, 2, 3]
    assert _message(data) == "$.summary: expected an object, got list"


@pytest.mark.parametrize(
    ("field", "wrap", "expected"),
    [
        ("summary", lambda inner: {"verified": inner}, "$.summary.verified: expected int"),
        ("checks", lambda inner: [inner], "$.checks[0]: expected an object, got list"),
        ("brief", lambda inner: {"path": inner}, "$.brief.path: expected str"),
    ],
    ids=["object", "list", "record"],
)
def test_nesting_ten_thousand_deep_is_refused_naming_the_field(report, field, wrap, expected):
    deep: Any = []
    for _ in range(10_000):
        deep = wrap(deep)
    data = report.to_json()
    data[field] = deep
    assert _message(data).startswith(expected)


def test_a_file_nested_ten_thousand_deep_is_refused_naming_the_file(report, tmp_path):
    data = report.to_json()
    data["uncited"] = "DEEP"
    text = json.dumps(data).replace('"DEEP"', "[" * 10_000 + "]" * 10_000)
    path = tmp_path / "report.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RecordError) as info:
        read_report(path)
    assert str(info.value).startswith(f"{path}: ") and "\n" not in str(info.value)


def test_a_wrong_schema_label_is_refused(report):
    data = report.to_json()
    data["schema"] = "briefcheck.report/2"
    assert _message(data) == f"$.schema: expected {SCHEMA!r}"
    assert _message([data]) == f"$.schema: expected {SCHEMA!r}"


def test_unknown_keys_from_a_newer_version_are_accepted(report):
    data = report.to_json()
    data["colour"] = "red"
    data["checks"][0]["confidence"] = {"model": "x", "value": 0.5}
    data["sources"][0]["mirror"] = None
    assert Report.from_json(data) == report


def test_a_missing_required_field_is_named(report):
    data = report.to_json()
    del data["checks"][0]["claim"]["scope"]
    assert _message(data) == "$.checks[0].claim: missing field 'scope'"


def test_the_json_of_a_report_keeps_every_contract_key_and_omits_unset_optionals(report):
    data = report.to_json()
    assert data["since_last_run"] is None and data["checks"][0]["evidence"] is not None
    assert "review" not in data and all("review" not in c for c in data["checks"])
    assert all("same_since" not in s for s in data["sources"])
    assert {c["verdict"] for c in data["checks"]} <= {v.value for v in Verdict}

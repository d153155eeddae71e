"""build_report: the briefcheck.report/1 contract, spans into the brief, drift and uncited facts."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefcheck.models import CheckKind, Evidence, Scope, Verdict
from briefcheck.report import build_report
from briefcheck.report.spans import split_segments
from tests.support.report_factories import make_source
from tests.support.report_sample import FINISHED, STARTED, report_for

CONTRACT = Path(__file__).resolve().parents[2].parent / "shared" / "tools" / "check_contract.py"
SOURCE_KEYS = (
    "ref",
    "url",
    "status",
    "http_status",
    "final_url",
    "sha256",
    "title",
    "published",
    "error",
)


@pytest.fixture
def data(report) -> dict:
    """The report as the JSON values report.json holds."""
    return report.to_json()


def test_report_passes_the_shared_contract_checker(data, tmp_path):
    if not CONTRACT.is_file():
        pytest.skip(f"contract checker not found at {CONTRACT} (the shared folder is absent)")
    path = tmp_path / "report.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(CONTRACT), "report", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout
    assert done.stdout.strip().endswith("contract: OK")


def test_summary_counts_equal_the_verdicts(sample, data):
    _, _, checks = sample
    for verdict in Verdict:
        assert data["summary"][verdict.value] == sum(c.verdict == verdict for c in checks)
    assert sum(data["summary"].values()) == len(data["checks"])


def test_every_source_has_every_contract_key_even_when_null(data):
    unresolved = next(s for s in data["sources"] if s["status"] == "unresolved")
    assert all(k in unresolved for k in SOURCE_KEYS)
    assert unresolved["url"] is None and unresolved["sha256"] is None
    assert unresolved["reason"] == "no URL in sources.yaml"


def test_per_source_and_per_footnote_counts_add_up(data):
    by_footnote = {f["number"]: f["checks"] for f in data["footnotes"]}
    assert by_footnote[3] == {
        "verified": 4,
        "mismatch": 2,
        "not_found": 1,
        "unchecked": 0,
        "related": 0,
    }
    assert sum(sum(s["checks"].values()) for s in data["sources"]) == len(data["checks"])


def test_uncited_lists_only_claims_without_citation_that_state_dates_or_quotes(sample, data):
    brief, _, _ = sample
    expected = [c for c in brief.claims if c.scope == Scope.NONE and (c.dates or c.quotes)]
    assert [u["text"] for u in data["uncited"]] == [c.text for c in expected]
    assert data["uncited"][0]["dates"] == [
        {"text": "4 September 2025", "value": "2025-09-04", "precision": "day"}
    ]


def test_quote_and_date_spans_point_at_the_claimed_words(sample, data):
    brief, _, _ = sample
    for check in data["checks"]:
        span = check["span"]
        assert span is not None, check["id"]
        words = brief.text[span["start"] : span["end"]]
        if check["kind"] in ("quote", "date") or check["claim"]["scope"] == "footnote":
            assert words == check["claimed"], check["id"]


def test_a_check_whose_claim_is_not_in_the_brief_has_no_span(sample):
    brief, sources, checks = sample
    lost = replace(checks[0], claim=replace(checks[0].claim, text="Gone.", paragraph=99))
    report = build_report(
        run_id="r", started=STARTED, finished=FINISHED, brief=brief, sources=sources, checks=[lost]
    )
    assert report.to_json()["checks"][0]["span"] is None


def test_mismatch_carries_a_word_diff_and_a_deep_link_into_the_page(data):
    title = next(c for c in data["checks"] if c["kind"] == "title" and c["verdict"] == "mismatch")
    assert ["-", "Has "] in title["words"] and ["+", "Holds "] in title["words"]
    assert title["link"].startswith("https://news.example.org/articles/3a#:~:text=Respected")


def test_a_matcher_link_and_wdiff_are_used_as_given(sample):
    brief, sources, checks = sample
    ev = Evidence(
        text="jointly defending",
        start=5,
        end=22,
        url="https://kcna.example/p#x",
        diff="[-a-] {+b+}",
    )
    check = replace(checks[2], evidence=ev)
    out = build_report(
        run_id="r", started=STARTED, finished=FINISHED, brief=brief, sources=sources, checks=[check]
    ).to_json()["checks"][0]
    assert out["link"] == "https://kcna.example/p#x"
    assert out["words"] == [["-", "a"], ["=", " "], ["+", "b"]]


def test_without_previous_report_nothing_is_compared(data):
    assert data["since_last_run"] is None
    assert [h["run"] for h in data["history"]] == [data["run"]["id"]]


def test_previous_report_gives_since_last_run_and_source_drift(sample):
    brief, sources, checks = sample
    old = report_for("run-1")
    changed = [
        make_source("5", content="RUSI page, rewritten") if s.ref == "5" else s for s in sources
    ]
    fixed = [
        replace(c, verdict=Verdict.VERIFIED, reason="exact")
        if c.kind == CheckKind.TITLE and c.ref == "5"
        else c
        for c in checks
    ]
    new = build_report(
        run_id="run-2",
        started=STARTED,
        finished=FINISHED,
        brief=brief,
        sources=changed,
        checks=fixed,
        previous=old,
    )
    data, old_sources = new.to_json(), old.to_json()["sources"]
    since = data["since_last_run"]
    assert since["old"] == {"id": "run-1", "started": STARTED}  # no finish time, as before
    assert [e["ref"] for e in since["resolved"]] == ["5"]
    assert [d["ref"] for d in since["drifted"]] == ["5"]
    five = next(s for s in data["sources"] if s["ref"] == "5")
    assert five["changed"] == "2026-11-28T09:00:00Z"
    assert five["previous_sha256"] == next(s for s in old_sources if s["ref"] == "5")["sha256"]
    unchanged = next(s for s in data["sources"] if s["ref"] == "1")
    assert unchanged["changed"] is None
    assert unchanged["same_since"] == "2026-11-28T09:00:00Z"  # first seen in the old run


spans_strategy = st.lists(
    st.one_of(
        st.none(),
        st.tuples(st.integers(0, 60), st.integers(1, 30)).map(lambda t: (t[0], t[0] + t[1])),
    ),
    max_size=8,
)


@given(spans=spans_strategy, blocks=st.lists(st.integers(0, 100), min_size=2, max_size=6))
def test_segments_tile_exactly_the_covered_characters(spans, blocks):
    edges = sorted(set(blocks))
    block_list = list(itertools.pairwise(edges))
    segments = split_segments(block_list, spans)
    for a, b in itertools.pairwise(segments):
        assert a.end <= b.start
    for seg in segments:
        assert seg.start < seg.end
        assert any(lo <= seg.start and seg.end <= hi for lo, hi in block_list)
    for pos in range(0, 100):
        in_block = any(lo <= pos < hi for lo, hi in block_list)
        covering = {i for i, s in enumerate(spans) if in_block and s and s[0] <= pos < s[1]}
        seg = next((s for s in segments if s.start <= pos < s.end), None)
        assert (set(seg.checks) if seg else set()) == covering

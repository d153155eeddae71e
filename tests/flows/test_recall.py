"""Recall-only calls: what the store and the snapshot cache answer runs in the flow, no task.

Each test would fail if `need_work` were not called where the store computes or the
transport sends, or if the fetch recall answered anything that needs the network.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefcheck.fetch import FetchRequest
from briefcheck.fetch.client import FetchRun, fetch_all_in, recall
from briefcheck.models import SourceStatus
from briefcheck.recall import Miss, need_work, recall_only
from briefcheck.store import open_store
from tests.support.fetch_helpers import fast_options
from tests.support.localserver import LocalServer, Route


def test_need_work_raises_only_inside_recall_only():
    need_work("outside")  # nothing happens
    with recall_only(), pytest.raises(Miss):
        need_work("inside")
    need_work("after")  # the block reset it


def test_the_store_answers_a_stored_value_and_misses_without_computing(tmp_path: Path):
    store = open_store(tmp_path)
    computed: list[str] = []

    def compute(value: str):
        def run() -> str:
            computed.append(value)
            return value

        return run

    assert store.get_or_compute("parse", "k1", str, compute("one")) == "one"
    with recall_only():
        assert store.get_or_compute("parse", "k1", str, compute("again")) == "one"
        with pytest.raises(Miss):
            store.get_or_compute("parse", "k2", str, compute("two"))
        with pytest.raises(Miss):  # refresh means: compute, so it is work too
            store.get_or_compute("parse", "k1", str, compute("fresh"), refresh=True)
    assert computed == ["one"]
    # A fresh store reads the same answer from disk, still without computing.
    with recall_only():
        assert open_store(tmp_path).get_or_compute("parse", "k1", str, compute("x")) == "one"


@pytest.fixture
def site():
    with LocalServer({"/a": Route(body="<html><body><p>Page A text.</p></body></html>")}) as srv:
        yield srv


def _run(site: LocalServer, tmp_path: Path, **options) -> FetchRun:
    return FetchRun(fast_options(site, cache_dir=tmp_path / "snapshots", **options))


def test_a_fetch_recall_sends_nothing_and_answers_only_from_the_cache(site, tmp_path):
    request = FetchRequest(url=site.url("/a"))
    # Nothing cached: the fetch needs the network, so the recall gives None and sends nothing.
    assert recall(_run(site, tmp_path), request) is None
    assert site.hits() == 0
    fetched = fetch_all_in(_run(site, tmp_path), [request])[0]
    assert fetched.status is SourceStatus.OK and site.hits("/a") == 1
    before = site.hits()

    # Within its ttl the cached copy answers, identical to what a fetch would give.
    within = recall(_run(site, tmp_path), request)
    assert within is not None and within.status is SourceStatus.OK
    assert within.snapshot is not None and fetched.snapshot is not None
    assert within.snapshot.sha256 == fetched.snapshot.sha256
    assert within == fetch_all_in(_run(site, tmp_path), [request])[0]
    # Past its ttl it must be revalidated: that is work for a task, and nothing was sent.
    assert recall(_run(site, tmp_path, cache_ttl_s=0.0), request) is None
    assert site.hits() == before


def test_offline_recall_answers_both_a_cached_copy_and_a_missing_one(site, tmp_path):
    fetch_all_in(_run(site, tmp_path), [FetchRequest(url=site.url("/a"))])
    before = site.hits()
    cached = recall(_run(site, tmp_path, offline=True), FetchRequest(url=site.url("/a")))
    assert cached is not None and cached.status is SourceStatus.OK
    missing = recall(_run(site, tmp_path, offline=True), FetchRequest(url=site.url("/never")))
    assert missing is not None and missing.status is SourceStatus.UNREACHABLE
    assert "offline" in missing.reason
    assert site.hits() == before

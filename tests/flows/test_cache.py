"""Parses and matches are stored on their inputs' content: a re-run recomputes only edits."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

import briefcheck.parse.source as parse_source_module
from briefcheck import checks, pipeline, store
from briefcheck.extractors import extract_brief
from briefcheck.flows.verify import verify_brief
from briefcheck.match import terms
from briefcheck.report.model import Report
from tests.support.corpus import LatencyServer, build_corpus, rebase

pytestmark = pytest.mark.slow


class Calls:
    """Counts parses and matches made in this process (tasks run on threads here)."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.lock = threading.Lock()

    def tick(self, name: str) -> None:
        with self.lock:
            self.counts[name] += 1


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Calls:
    seen = Calls()
    real_parse = parse_source_module.parse_snapshot
    real = checks.default_matchers()

    def parse(snapshot, lang=None):  # type: ignore[no-untyped-def]
        seen.tick("parse")
        return real_parse(snapshot, lang=lang)

    def counted(fn):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            seen.tick("match")
            return fn(*args, **kwargs)

        return wrapper

    matchers = checks.Matchers(
        quote=counted(real.quote),
        date=counted(real.date),
        details=counted(real.details),
        support=counted(real.support),
    )
    monkeypatch.setattr(parse_source_module, "parse_snapshot", parse)
    monkeypatch.setattr(checks, "default_matchers", lambda: matchers)
    return seen


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, LatencyServer]]:
    """One brief of five sources, on pages no other test module uses (a seed of its own)."""
    tmp = tmp_path_factory.mktemp("cache")
    corpus = build_corpus(tmp / "corpus", briefs=1, sources=5, pages=5, seed=23)
    with LatencyServer(corpus.pages, latency_s=0.0, hosts=2) as server:
        rebase(corpus, server.url)
        yield corpus.briefs[0], server


def _key(report: Report) -> list[tuple[str, str, str]]:
    return sorted((c.id, c.verdict.value, c.reason) for c in report.checks)


@pytest.mark.parametrize("orchestrated", [True, False], ids=["prefect", "plain"])
def test_rerun_hits_the_cache_and_an_edit_rematches_only_its_claim(
    site, calls, tmp_path, orchestrated
):
    brief, server = site
    hits_before = server.page_hits()
    original = brief.read_text(encoding="utf-8")
    run = verify_brief if orchestrated else pipeline.run_verify
    opts = pipeline.VerifyOptions(
        brief=brief,
        sources=brief.parent / "sources.yaml",
        out=tmp_path / "reports",
        cache=tmp_path / "cache",
        allow_private_hosts=True,
    )
    store._STORES.clear()  # a fresh process: nothing in memory, so the files must answer
    first = run(opts)
    planned = checks.plan_checks(extract_brief(brief))
    assert calls.counts["parse"] == 5
    assert calls.counts["match"] >= len(planned)  # detail checks share one call per work
    assert server.page_hits() - hits_before == 5

    calls.counts.clear()
    store._STORES.clear()
    terms.clear_claims()

    def no_spacy():  # type: ignore[no-untyped-def]
        raise AssertionError("a warm run read a claim with spaCy")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(terms, "get_analysis_nlp", no_spacy)
        second = run(opts)
    assert calls.counts == Counter()  # nothing parsed or matched again, no claim read
    assert _key(second.report) == _key(first.report)
    assert server.page_hits() - hits_before == 5  # the snapshot cache answered

    lines = brief.read_text(encoding="utf-8").splitlines()
    edited = lines[2].replace(" reported that ", " wrote that ")
    assert edited != lines[2]
    lines[2] = edited
    brief.write_text("\n".join(lines) + "\n", encoding="utf-8")
    replanned = checks.plan_checks(extract_brief(brief))
    changed = [p for p in replanned if " wrote that " in p.claim_text]
    assert changed  # the edited sentence carries checks (a quotation, a date, its support)

    calls.counts.clear()
    try:
        third = run(opts)
    finally:
        brief.write_text(original, encoding="utf-8")
    assert calls.counts["parse"] == 0
    assert calls.counts["match"] == len(changed)
    old_ids = {c.id for c in second.report.checks}
    new_ids = {c.id for c in third.report.checks}
    assert len(new_ids - old_ids) == len(changed)

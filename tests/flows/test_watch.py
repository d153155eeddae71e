"""`watch`: a one-sentence edit re-checks warm, with no refetch and no re-match of the rest."""

from __future__ import annotations

import io
import threading
import time

from briefcheck.checks import plan_checks
from briefcheck.extractors import extract_brief
from briefcheck.pipeline import VerifyOptions
from briefcheck.watch import FileState, Recheck, watch_brief, watched_files
from tests.support.corpus import build_corpus, rebase
from tests.support.localserver import LocalServer, Route


def test_one_sentence_edit_rechecks_only_its_claim(tmp_path):
    corpus = build_corpus(tmp_path / "corpus", briefs=1, sources=4, pages=4, seed=31)
    brief = corpus.briefs[0]
    routes = {path: Route(body=page.html()) for path, page in corpus.pages.items()}
    with LocalServer(routes) as server:
        rebase(corpus, server.url)
        opts = VerifyOptions(
            brief=brief,
            sources=brief.parent / "sources.yaml",
            out=tmp_path / "reports",
            cache=tmp_path / "cache",
            allow_private_hosts=True,
        )
        runs: list[Recheck] = []
        first_done = threading.Event()

        def on_run(run: Recheck) -> None:
            runs.append(run)
            first_done.set()

        printed = io.StringIO()
        thread = threading.Thread(
            target=watch_brief,
            args=(opts,),
            kwargs={"interval": 0.05, "max_changes": 1, "on_run": on_run, "out": printed},
            daemon=True,
        )
        thread.start()
        assert first_done.wait(180), "the first run did not finish"
        hits = {path: server.hits(path) for path in routes}
        assert set(hits.values()) == {1}

        lines = brief.read_text(encoding="utf-8").splitlines()
        lines[2] = lines[2].replace(" reported that ", " wrote that ")
        brief.write_text("\n".join(lines) + "\n", encoding="utf-8")
        thread.join(120)
        assert not thread.is_alive()

        assert {path: server.hits(path) for path in routes} == hits  # nothing refetched
    first, second = runs
    changed = [p for p in plan_checks(extract_brief(brief)) if " wrote that " in p.claim_text]
    assert changed
    assert first.parsed == 4 and second.parsed == 0
    assert second.matched == len(changed)  # only the edited claim's checks
    old = {c.id for c in first.outcome.report.checks}
    new = {c.id for c in second.outcome.report.checks}
    assert new - old == {p.id for p in changed}
    print(f"\none-sentence edit re-checked in {second.seconds:.2f}s (cold {first.seconds:.2f}s)")
    assert second.seconds < 10  # generous: well under a second of work on an idle machine
    output = printed.getvalue()
    assert output.count("re-checked in") == 2
    assert any(p.id in output for p in changed)


def test_file_state_sees_content_not_touches(tmp_path):
    path = tmp_path / "brief.txt"
    path.write_text("one", encoding="utf-8")
    state = FileState(path)
    assert state.changed()
    assert not state.changed()
    time.sleep(0.01)
    path.write_text("one", encoding="utf-8")  # new mtime, same bytes
    assert not state.changed()
    path.write_text("two", encoding="utf-8")
    assert state.changed()
    path.unlink()
    assert state.changed()


def test_watched_files_follow_the_runs_sources(tmp_path):
    brief = tmp_path / "brief.txt"
    reviews = tmp_path / "reviews.yaml"
    assert watched_files(VerifyOptions(brief=brief, sources=tmp_path / "s.yaml")) == [
        brief,
        tmp_path / "s.yaml",
        reviews,
    ]
    (tmp_path / "sources.yaml").write_text("sources: {}", encoding="utf-8")
    assert watched_files(VerifyOptions(brief=brief)) == [brief, tmp_path / "sources.yaml", reviews]
    # The brief's own <stem>.sources.yaml wins, as it does for verify (it was ignored once).
    (tmp_path / "brief.sources.yaml").write_text("sources: {}", encoding="utf-8")
    own = tmp_path / "brief.sources.yaml"
    assert watched_files(VerifyOptions(brief=brief)) == [brief, own, reviews]


def test_bad_input_keeps_watching(tmp_path, capsys):
    stop = threading.Event()
    opts = VerifyOptions(brief=tmp_path / "missing.txt", sources=None, out=tmp_path / "r")
    timer = threading.Timer(0.3, stop.set)
    timer.start()
    watch_brief(opts, interval=0.05, stop=stop)
    assert "still watching" in capsys.readouterr().err

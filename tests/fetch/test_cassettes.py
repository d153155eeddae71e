"""The requests path replayed from vcrpy cassettes (record mode none), and no secrets stored."""

from __future__ import annotations

from pathlib import Path

import pytest
import vcr.errors
import yaml

from briefcheck.fetch import FetchRequest, decode_html, fetch_all
from briefcheck.models import Copy, SourceStatus
from tests.support.cassettes import ORIGIN, SECRET_HEADERS, make_vcr, replay_options
from tests.support.fetch_helpers import DATA, fast_options, page
from tests.support.localserver import LocalServer, Request, Route

ALL_CASSETTES = Path(__file__).parent.parent / "cassettes"


def test_batch_replayed_without_network() -> None:
    paths = [
        "/article",
        "/hop",
        "/gbk",
        "/paywalled",
        "/missing",
        "/flaky",
        "/law.pdf",
        "/private/x",
    ]
    with make_vcr("none").use_cassette("batch.yaml") as cassette:
        results = fetch_all([FetchRequest(ORIGIN + p) for p in paths], replay_options())
        assert cassette.all_played
    got = {p: (r.status, r.reason) for p, r in zip(paths, results, strict=True)}
    assert got == {
        "/article": (SourceStatus.OK, None),
        "/hop": (SourceStatus.OK, None),
        "/gbk": (SourceStatus.OK, None),
        "/paywalled": (SourceStatus.PAYWALLED, "paywall"),
        "/missing": (SourceStatus.UNREACHABLE, "http 404"),
        "/flaky": (SourceStatus.OK, None),
        "/law.pdf": (SourceStatus.OK, None),
        "/private/x": (SourceStatus.BLOCKED, "robots"),
    }
    article, hop, gbk = results[0].snapshot, results[1].snapshot, results[2].snapshot
    assert article is not None and hop is not None and gbk is not None
    assert article.body == (DATA / "article.html").read_bytes() and article.copy is Copy.LIVE
    assert hop.final_url == ORIGIN + "/article"
    expected = (DATA / "gbk_meta.expected.txt").read_text("utf-8").strip()
    assert expected in decode_html(gbk)
    assert results[5].attempts == 2


def test_unrecorded_request_fails_loudly(caplog: pytest.LogCaptureFixture) -> None:
    """A cassette miss is that source's internal error, named and logged, not a batch crash."""
    with make_vcr("none").use_cassette("batch.yaml"):
        (result,) = fetch_all(
            [FetchRequest(ORIGIN + "/never-recorded")], replay_options(obey_robots=False)
        )
    miss = vcr.errors.CannotOverwriteExistingCassetteException.__name__
    assert result.reason == f"internal error: {miss} while fetching"
    logged = [r.exc_info for r in caplog.records if r.exc_info]
    assert logged and logged[0][0] is vcr.errors.CannotOverwriteExistingCassetteException


def stored_header_names(cassette: Path) -> set[str]:
    data = yaml.safe_load(cassette.read_text(encoding="utf-8"))
    names: set[str] = set()
    for interaction in data.get("interactions", []):
        for part in ("request", "response"):
            names.update(k.lower() for k in (interaction[part].get("headers") or {}))
    return names


@pytest.mark.parametrize(
    "cassette",
    sorted(ALL_CASSETTES.rglob("*.yaml")),
    ids=lambda p: str(p.relative_to(ALL_CASSETTES)),
)
def test_no_secret_header_in_any_cassette(cassette: Path) -> None:
    assert not stored_header_names(cassette) & set(SECRET_HEADERS)


def test_recording_filters_cookies_both_ways(tmp_path: Path) -> None:
    seen: list[Request] = []

    def remember(request: Request) -> Route:
        seen.append(request)
        return page("article.html", headers={"Set-Cookie": "session=s3cr3t; HttpOnly"})

    recorder = make_vcr("all")
    recorder.cassette_library_dir = str(tmp_path)
    server = LocalServer({"/a": remember, "/b": remember})
    options = fast_options(
        server, max_concurrency=1, per_host_concurrency=1, user_agent="briefcheck-test"
    )
    with server, recorder.use_cassette("secret.yaml"):
        fetch_all([FetchRequest(server.url("/a")), FetchRequest(server.url("/b"))], options)
    assert seen[1].header("cookie") == "session=s3cr3t"  # there was a secret to filter
    text = (tmp_path / "secret.yaml").read_text(encoding="utf-8")
    assert "s3cr3t" not in text
    assert not stored_header_names(tmp_path / "secret.yaml") & set(SECRET_HEADERS)
    assert "briefcheck-test" in text  # other headers are kept

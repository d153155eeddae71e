"""The snapshot cache: reuse within the TTL, conditional revalidation, offline, no failures."""

from __future__ import annotations

from pathlib import Path

from briefcheck.fetch import FetchRequest, fetch_all, fetch_source
from briefcheck.fetch.cache import SnapshotCache
from briefcheck.models import Copy, SourceStatus
from tests.support.fetch_helpers import DATA, fast_options, page
from tests.support.localserver import LocalServer, Request, Route

ARTICLE = (DATA / "article.html").read_bytes()


def validating(etag: str | None = None, modified: str | None = None, body: bytes = ARTICLE):
    """A handler answering 304 when the request carries a matching validator."""
    headers = {k: v for k, v in (("ETag", etag), ("Last-Modified", modified)) if v}

    def handle(request: Request) -> Route:
        if etag and request.header("if-none-match") == etag:
            return Route(status=304, headers=headers, content_type=None)
        if modified and request.header("if-modified-since") == modified:
            return Route(status=304, headers=headers, content_type=None)
        return Route(body=body, headers=headers)

    return handle


def test_second_run_within_ttl_uses_no_network(local_server: LocalServer, tmp_path: Path) -> None:
    urls = [local_server.add(f"/a{i}", page("article.html")) for i in range(3)]
    options = fast_options(local_server, cache_dir=tmp_path)
    first = fetch_all([FetchRequest(u) for u in urls], options)
    assert [r.snapshot.copy for r in first if r.snapshot] == [Copy.LIVE] * 3
    seen = local_server.hits()
    second = fetch_all([FetchRequest(u) for u in urls], options)
    assert local_server.hits() == seen
    for a, b in zip(first, second, strict=True):
        assert b.status is SourceStatus.OK and b.snapshot is not None and a.snapshot is not None
        assert b.snapshot.copy is Copy.CACHE
        assert (b.snapshot.sha256, b.snapshot.fetched_at) == (
            a.snapshot.sha256,
            a.snapshot.fetched_at,
        )
        assert b.snapshot.body == ARTICLE


def test_identical_bodies_are_stored_once(local_server: LocalServer, tmp_path: Path) -> None:
    urls = [local_server.add(f"/same{i}", page("article.html")) for i in range(3)]
    fetch_all([FetchRequest(u) for u in urls], fast_options(local_server, cache_dir=tmp_path))
    assert len(list((tmp_path / "bodies").rglob("*"))) == 2  # one fan-out folder, one body
    assert len(list((tmp_path / "meta").glob("*.json"))) == 3


def test_stale_entry_revalidated_with_etag(local_server: LocalServer, tmp_path: Path) -> None:
    url = local_server.add("/etag", validating(etag='"v1"'))
    options = fast_options(local_server, cache_dir=tmp_path, cache_ttl_s=0)
    first = fetch_source(FetchRequest(url), options)
    second = fetch_source(FetchRequest(url), options)
    assert second.status is SourceStatus.OK and second.snapshot is not None
    assert second.snapshot.copy is Copy.CACHE
    assert "revalidated: not modified" in second.notes
    conditional = [r for r in local_server.requests if r.path == "/etag"][-1]
    assert conditional.header("if-none-match") == '"v1"'
    assert first.snapshot is not None and second.snapshot.sha256 == first.snapshot.sha256


def test_stale_entry_revalidated_with_last_modified(
    local_server: LocalServer, tmp_path: Path
) -> None:
    stamp = "Fri, 09 Sep 2022 06:30:00 GMT"
    url = local_server.add("/lm", validating(modified=stamp))
    options = fast_options(local_server, cache_dir=tmp_path, cache_ttl_s=0)
    fetch_source(FetchRequest(url), options)
    second = fetch_source(FetchRequest(url), options)
    assert second.snapshot is not None and second.snapshot.copy is Copy.CACHE
    assert local_server.requests[-1].header("if-modified-since") == stamp


def test_changed_page_replaces_the_cached_copy(local_server: LocalServer, tmp_path: Path) -> None:
    url = local_server.add("/news", Route(body="<html><p>first version</p></html>"))
    options = fast_options(local_server, cache_dir=tmp_path, cache_ttl_s=0)
    first = fetch_source(FetchRequest(url), options)
    local_server.add("/news", Route(body="<html><p>second version</p></html>"))
    second = fetch_source(FetchRequest(url), options)
    assert first.snapshot is not None and second.snapshot is not None
    assert second.snapshot.copy is Copy.LIVE and second.snapshot.sha256 != first.snapshot.sha256
    cached = SnapshotCache(tmp_path).get(url)
    assert cached is not None and cached.snapshot.sha256 == second.snapshot.sha256


def test_failures_are_never_cached(local_server: LocalServer, tmp_path: Path) -> None:
    url = local_server.add("/flaky", Route(status=500))
    failed = fetch_source(
        FetchRequest(url), fast_options(local_server, cache_dir=tmp_path, retries=0)
    )
    assert failed.status is SourceStatus.UNREACHABLE
    assert SnapshotCache(tmp_path).get(url) is None
    assert not (tmp_path / "meta").exists()
    local_server.add("/flaky", page("article.html"))
    result = fetch_source(FetchRequest(url), fast_options(local_server, cache_dir=tmp_path))
    assert result.status is SourceStatus.OK and result.snapshot is not None
    assert result.snapshot.copy is Copy.LIVE


def test_walls_are_not_cached(local_server: LocalServer, tmp_path: Path) -> None:
    url = local_server.add("/wall", page("paywall.html"))
    result = fetch_source(FetchRequest(url), fast_options(local_server, cache_dir=tmp_path))
    assert result.status is SourceStatus.PAYWALLED
    assert SnapshotCache(tmp_path).get(url) is None


def test_damaged_body_is_refetched_and_repaired(local_server: LocalServer, tmp_path: Path) -> None:
    url = local_server.add("/a", page("article.html"))
    options = fast_options(local_server, cache_dir=tmp_path)
    fetch_source(FetchRequest(url), options)
    body = next(p for p in (tmp_path / "bodies").rglob("*") if p.is_file())
    body.write_bytes(b"tampered")
    again = fetch_source(FetchRequest(url), options)
    assert again.snapshot is not None and again.snapshot.copy is Copy.LIVE
    assert local_server.hits("/a") == 2
    assert body.read_bytes() == ARTICLE
    third = fetch_source(FetchRequest(url), options)
    assert third.snapshot is not None and third.snapshot.copy is Copy.CACHE
    assert local_server.hits("/a") == 2


def test_offline_uses_only_the_cache(tmp_path: Path) -> None:
    with LocalServer({"/a": page("article.html")}) as server:
        cached_url = server.url("/a")
        fetch_source(FetchRequest(cached_url), fast_options(server, cache_dir=tmp_path))
    options = fast_options(cache_dir=tmp_path, offline=True, cache_ttl_s=0)
    hit, miss = fetch_all(
        [FetchRequest(cached_url), FetchRequest("https://example.org/x")], options
    )
    assert hit.status is SourceStatus.OK and hit.snapshot is not None
    assert hit.snapshot.copy is Copy.CACHE and "offline: cached copy" in hit.notes
    assert (miss.status, miss.reason) == (SourceStatus.UNREACHABLE, "offline: not in cache")
    assert miss.attempts == 0


def test_stale_copy_used_when_the_live_page_fails(
    local_server: LocalServer, tmp_path: Path
) -> None:
    url = local_server.add("/page", page("article.html"))
    options = fast_options(local_server, cache_dir=tmp_path, cache_ttl_s=0, retries=0)
    fetch_source(FetchRequest(url), options)
    local_server.add("/page", Route(status=503))
    result = fetch_source(FetchRequest(url), options)
    assert result.status is SourceStatus.OK and result.snapshot is not None
    assert result.snapshot.copy is Copy.CACHE
    assert "stale copy: live http 503" in result.notes


def test_damaged_body_is_a_miss(local_server: LocalServer, tmp_path: Path) -> None:
    url = local_server.add("/a", page("article.html"))
    fetch_source(FetchRequest(url), fast_options(local_server, cache_dir=tmp_path))
    body = next(p for p in (tmp_path / "bodies").rglob("*") if p.is_file())
    body.write_bytes(b"tampered")
    assert SnapshotCache(tmp_path).get(url) is None


def test_stale_copy_used_when_the_page_turns_into_a_wall(
    local_server: LocalServer, tmp_path: Path
) -> None:
    url = local_server.add("/story", page("article.html"))
    options = fast_options(local_server, cache_dir=tmp_path, cache_ttl_s=0)
    first = fetch_source(FetchRequest(url), options)
    local_server.add("/story", page("paywall.html"))
    result = fetch_source(FetchRequest(url), options)
    assert result.status is SourceStatus.OK and result.snapshot is not None
    assert first.snapshot is not None and result.snapshot.sha256 == first.snapshot.sha256
    assert "stale copy: live paywall" in result.notes

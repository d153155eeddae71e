"""Archive copies: the sources.yaml archive URL, Wayback CDX lookups and capture dates."""

from __future__ import annotations

import json

import pytest

from briefcheck.fetch import FetchRequest, fetch_source
from briefcheck.fetch.archive import (
    archived_at_from_url,
    cdx_query_url,
    pick_capture,
    wayback_could_have,
)
from briefcheck.models import Copy, SourceStatus
from tests.support.fetch_helpers import fast_options, page
from tests.support.localserver import LocalServer, Route


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://web.archive.org/web/20220909123456/https://a.org/x", "2022-09-09T12:34:56Z"),
        ("https://web.archive.org/web/20220909123456id_/https://a.org/x", "2022-09-09T12:34:56Z"),
        ("https://web.archive.org/web/20220909/https://a.org/x", "2022-09-09"),
        ("https://web.archive.org/web/202209/https://a.org/x", "2022-09"),
        ("https://web.archive.org/web/2022/https://a.org/x", "2022"),
        ("https://archive.ph/abcde", None),
        ("https://web.archive.org/web/20221399/https://a.org/x", None),
    ],
)
def test_archived_at_from_url(url: str, expected: str | None) -> None:
    assert archived_at_from_url(url) == expected


CDX = [
    ["timestamp", "original", "statuscode", "mimetype"],
    ["20220910000000", "https://news.example/law", "404", "text/html"],
    ["20220801000000", "https://news.example/law", "200", "text/html"],
    ["20221001000000", "https://news.example/law", "200", "text/html"],
    ["20230101000000", "https://news.example/law", "301", "text/html"],
]


def test_pick_capture_nearest_the_date_and_rejects_archived_errors() -> None:
    pick = pick_capture(json.dumps(CDX), "2022-09-08", "https://web.archive.org/web/")
    assert pick == "https://web.archive.org/web/20221001000000id_/https://news.example/law"
    early = pick_capture(json.dumps(CDX), "2022-07", "https://web.archive.org/web/")
    assert early is not None and "/20220801000000id_/" in early


@pytest.mark.parametrize("body", ["", "[]", "not json", json.dumps([CDX[0], CDX[1]])])
def test_pick_capture_none_when_nothing_usable(body: str) -> None:
    assert pick_capture(body, "2022-09-08", "https://web.archive.org/web/") is None


def test_cdx_query_asks_for_the_closest_capture() -> None:
    query = cdx_query_url("https://web.archive.org/cdx/search/cdx", "https://a.org/x", "2022-09")
    assert "closest=20220900000000" in query and "sort=closest" in query
    assert "url=https%3A%2F%2Fa.org%2Fx" in query


def test_archive_url_used_when_live_fails(local_server: LocalServer) -> None:
    local_server.add("/live", Route(status=404))
    archive = local_server.add("/web/20220909123456/https://news.example/law", page("article.html"))
    result = fetch_source(
        FetchRequest(local_server.url("/live"), archive=archive), fast_options(local_server)
    )
    assert result.status is SourceStatus.OK and result.snapshot is not None
    assert result.url == local_server.url("/live")
    assert result.snapshot.copy is Copy.ARCHIVE
    assert result.snapshot.archived_at == "2022-09-09T12:34:56Z"
    assert "live copy unreachable: http 404" in result.notes


def test_archive_used_when_live_is_walled(local_server: LocalServer) -> None:
    local_server.add("/wall", page("paywall.html"))
    archive = local_server.add("/web/2022/https://ledger.example/a", page("article.html"))
    result = fetch_source(
        FetchRequest(local_server.url("/wall"), archive=archive), fast_options(local_server)
    )
    assert result.snapshot is not None and result.snapshot.copy is Copy.ARCHIVE
    assert result.snapshot.archived_at == "2022"
    assert "live copy paywalled: paywall" in result.notes


def test_failed_archive_keeps_the_live_failure(local_server: LocalServer) -> None:
    local_server.add("/live", Route(status=410))
    archive = local_server.add("/web/2022/x", Route(status=404))
    result = fetch_source(
        FetchRequest(local_server.url("/live"), archive=archive), fast_options(local_server)
    )
    assert (result.status, result.reason) == (SourceStatus.UNREACHABLE, "http 410")
    assert any(note.startswith(f"archive {archive} unreachable") for note in result.notes)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.dailynk.com/english/x/", True),
        ("http://93.184.215.14/page", True),
        ("http://127.0.0.1:8000/a", False),
        ("http://10.1.2.3/a", False),
        ("http://localhost/a", False),
        ("http://wiki.corp.internal/a", False),
        ("http://site.test/a", False),
        ("http://printer.local/a", False),
    ],
)
def test_wayback_asked_only_for_public_urls(url: str, expected: bool) -> None:
    assert wayback_could_have(url) is expected


def test_wayback_lookup_against_a_local_cdx(
    local_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The live URL is on 127.0.0.1, which no public archive holds; pretend it is public.
    monkeypatch.setattr("briefcheck.fetch.client.wayback_could_have", lambda url: True)
    local_server.add("/live", Route(status=404))
    local_server.add("/cdx", Route(body=json.dumps(CDX), content_type="application/json"))
    capture = "/web/20221001000000id_/https://news.example/law"
    local_server.add(capture, page("article.html"))
    options = fast_options(
        local_server,
        wayback=True,
        wayback_cdx_url=local_server.url("/cdx"),
        wayback_snapshot_url=local_server.url("/web/"),
    )
    result = fetch_source(FetchRequest(local_server.url("/live"), date_hint="2022-09-08"), options)
    assert result.status is SourceStatus.OK and result.snapshot is not None
    assert result.snapshot.copy is Copy.ARCHIVE
    assert result.snapshot.archived_at == "2022-10-01T00:00:00Z"
    assert result.final_url == local_server.url(capture)
    cdx_request = next(r for r in local_server.requests if r.path.startswith("/cdx"))
    assert "closest=20220908000000" in cdx_request.path


def test_wayback_not_asked_about_private_hosts(local_server: LocalServer) -> None:
    local_server.add("/live", Route(status=404))
    local_server.add("/cdx", Route(body=json.dumps(CDX), content_type="application/json"))
    options = fast_options(local_server, wayback=True, wayback_cdx_url=local_server.url("/cdx"))
    result = fetch_source(FetchRequest(local_server.url("/live")), options)
    assert result.status is SourceStatus.UNREACHABLE
    assert not any(r.path.startswith("/cdx") for r in local_server.requests)


@pytest.mark.parametrize("host", ["2130706433", "0x7f000001", "017700000001", "127.1"])
def test_refused_url_is_never_sent_to_the_wayback_lookup(
    local_server: LocalServer, host: str
) -> None:
    """Numeric spellings of 127.0.0.1 look like public names to a host-string test; the
    guard resolved and refused them, and that decision is what keeps them from the CDX."""
    local_server.add("/cdx", Route(body=json.dumps(CDX), content_type="application/json"))
    options = fast_options(local_server, wayback=True, wayback_cdx_url=local_server.url("/cdx"))
    url = f"http://{host}:{local_server.port}/internal/admin"
    result = fetch_source(FetchRequest(url, date_hint="2022-09-08"), options)
    assert (result.status, result.reason) == (SourceStatus.REFUSED, "loopback address 127.0.0.1")
    assert local_server.hits() == 0

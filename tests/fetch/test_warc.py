"""Every response a verdict rests on is in the run's WARC, readable by warcio."""

from __future__ import annotations

import gzip
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from briefcheck.fetch import FetchRequest, fetch_all
from tests.support.fetch_helpers import DATA, fast_options, page
from tests.support.localserver import LocalServer


def read_warc(path: Path) -> list[tuple[str, str | None, bytes, str | None]]:
    """(type, target URI, payload, WARC-Date) of every record in a WARC file."""
    records = []
    with path.open("rb") as handle:
        for record in ArchiveIterator(handle):
            uri = record.rec_headers.get_header("WARC-Target-URI")
            date = record.rec_headers.get_header("WARC-Date")
            records.append((record.rec_type, uri, record.content_stream().read(), date))
    return records


def test_warc_holds_request_and_response_per_snapshot(
    local_server: LocalServer, tmp_path: Path
) -> None:
    urls = [
        local_server.add("/article", page("article.html")),
        local_server.add("/gbk", page("gbk_meta.html", content_type="text/html")),
        local_server.add("/paywalled", page("paywall.html")),
    ]
    warc = tmp_path / "run.warc.gz"
    options = fast_options(local_server, warc_path=warc, cache_dir=tmp_path / "cache")
    results = fetch_all([FetchRequest(u) for u in urls], options)
    records = read_warc(warc)
    assert records[0][0] == "warcinfo"
    responses = {uri: body for kind, uri, body, _ in records if kind == "response"}
    requests = {uri for kind, uri, _, _ in records if kind == "request"}
    assert responses == {
        urls[0]: (DATA / "article.html").read_bytes(),
        urls[1]: (DATA / "gbk_meta.html").read_bytes(),
        urls[2]: (DATA / "paywall.html").read_bytes(),
    }
    assert requests == set(urls)
    dates = {uri: date for kind, uri, _, date in records if kind == "response"}
    assert results[0].snapshot is not None
    assert dates[urls[0]] == results[0].snapshot.fetched_at

    second = tmp_path / "second.warc.gz"
    fetch_all(
        [FetchRequest(urls[0])],
        fast_options(local_server, warc_path=second, cache_dir=tmp_path / "cache"),
    )
    cached = [(uri, body) for kind, uri, body, _ in read_warc(second) if kind == "response"]
    assert cached == [(urls[0], (DATA / "article.html").read_bytes())]


def test_no_warc_without_a_path(local_server: LocalServer, tmp_path: Path) -> None:
    url = local_server.add("/article", page("article.html"))
    fetch_all([FetchRequest(url)], fast_options(local_server))
    assert list(tmp_path.iterdir()) == []


def test_cookies_stay_out_of_snapshots_and_warc(local_server: LocalServer, tmp_path: Path) -> None:
    cookie = {"Set-Cookie": "session=s3cr3t; Path=/"}
    urls = [local_server.add(f"/c{i}", page("article.html", headers=cookie)) for i in range(2)]
    warc = tmp_path / "run.warc.gz"
    options = fast_options(local_server, warc_path=warc, max_concurrency=1)
    results = fetch_all([FetchRequest(u) for u in urls], options)
    assert local_server.requests[-1].header("cookie") == "session=s3cr3t"
    for result in results:
        assert result.snapshot is not None and result.snapshot.header("set-cookie") is None
    with warc.open("rb") as handle:
        for record in ArchiveIterator(handle):
            if record.http_headers is not None:
                names = {k.lower() for k, _ in record.http_headers.headers}
                assert not names & {"cookie", "set-cookie"}
    assert b"s3cr3t" not in gzip.decompress(warc.read_bytes())

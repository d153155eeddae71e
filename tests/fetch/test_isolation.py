"""One hostile or broken source never aborts a batch: whatever it does becomes its own status.

Library level (fetch_all), against a real server on 127.0.0.1: the CLI reaches these through
the same call, and the lead's CLI tests cover the exit code.
"""

from __future__ import annotations

import _thread
import codecs
import encodings
import encodings.aliases
import logging
import pkgutil
import threading
import time

import pytest

from briefcheck.fetch import FetchRequest, decode_body, fetch_all
from briefcheck.models import SourceStatus
from tests.support.fetch_helpers import fast_options, page
from tests.support.localserver import LocalServer, Route

PAGE = "<html><body><article><p>Hello from the article body.</p></article></body></html>"


def _codec_labels() -> list[str]:
    """Every label Python's codec registry answers to (aliases and module names)."""
    names = set(encodings.aliases.aliases) | set(encodings.aliases.aliases.values())
    names |= {m.name for m in pkgutil.iter_modules(encodings.__path__)}
    found = []
    for name in sorted(names):
        try:
            codecs.lookup(name)
        except LookupError:
            continue
        found.append(name)
    return found


@pytest.mark.parametrize("label", _codec_labels())
def test_decode_body_survives_every_codec_label(label: str) -> None:
    """A page may name any codec Python knows (base64, zlib, rot13, idna, undefined…)."""
    for body in (PAGE.encode(), "<p>Déjà vu 中文</p>".encode(), b"<p>\xff\xfe\x00 bytes</p>"):
        for html in (True, False):
            text = decode_body(body, f"text/html; charset={label}", html)
            assert isinstance(text, str)


@pytest.mark.parametrize("label", ["base64", "zlib", "rot13", "hex", "bz2", "uu", "quopri"])
def test_bytes_transform_named_as_charset_is_ignored(label: str) -> None:
    """Only text encodings decode: a transform named as charset leaves UTF-8 to read the page."""
    body = "<p>Déjà vu, the treaty said.</p>".encode()
    assert decode_body(body, f"text/html; charset={label}") == body.decode("utf-8")


def _hostile_routes(server: LocalServer) -> dict[str, Route]:
    return {
        "/charset-base64": Route(body=PAGE, content_type="text/html; charset=base64"),
        "/charset-zlib": Route(body=PAGE, content_type="text/html; charset=zlib"),
        "/charset-rot13": Route(body=PAGE, content_type="text/plain; charset=rot13"),
        "/meta-hex": Route(body='<meta charset="hex">' + PAGE, content_type="text/html"),
        "/charset-undefined": Route(body=PAGE, content_type="text/html; charset=undefined"),
        "/bad-redirect": Route(status=302, headers={"Location": "http://[::1"}),
        "/retry-superscript": Route(status=503, headers={"Retry-After": "²"}),
        "/retry-arabic": Route(status=503, headers={"Retry-After": "٣"}),
        "/retry-fullwidth": Route(status=503, headers={"Retry-After": "５"}),
        "/length-superscript": Route(body=PAGE, headers={"Content-Length": "³"}),
    }


EXPECTED = {
    "/charset-base64": (SourceStatus.OK, None),
    "/charset-zlib": (SourceStatus.OK, None),
    "/charset-rot13": (SourceStatus.OK, None),
    "/meta-hex": (SourceStatus.OK, None),
    "/charset-undefined": (SourceStatus.OK, None),
    "/bad-redirect": (SourceStatus.REFUSED, "bad url"),
    "/retry-superscript": (SourceStatus.UNREACHABLE, "http 503"),
    "/retry-arabic": (SourceStatus.UNREACHABLE, "http 503"),
    "/retry-fullwidth": (SourceStatus.UNREACHABLE, "http 503"),
    # A Content-Length that is no ASCII number is no length: the body is read to its end.
    "/length-superscript": (SourceStatus.OK, None),
}


def test_hostile_sources_become_statuses_and_the_batch_goes_on(local_server: LocalServer) -> None:
    for path, route in _hostile_routes(local_server).items():
        local_server.add(path, route)
    local_server.add("/good", page("article.html"))
    paths = ["/good", *_hostile_routes(local_server), "/good"]
    results = fetch_all(
        [FetchRequest(local_server.url(p)) for p in paths], fast_options(local_server)
    )
    by_path = dict(zip(paths, results, strict=True))
    assert by_path["/good"].status is SourceStatus.OK
    for path, expected in EXPECTED.items():
        result = by_path[path]
        assert (result.status, result.reason) == expected, (path, result.error)
    bad = by_path["/bad-redirect"]
    assert bad.error is not None and "bad-redirect" in bad.error


def test_unexpected_error_in_one_source_is_that_sources_status(
    local_server: LocalServer, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """No known input still raises; a bug stands in for the next one nobody has found yet."""
    import briefcheck.fetch.client as client

    real = client.assess_snapshot

    def buggy(snapshot):  # type: ignore[no-untyped-def]
        if snapshot.url.endswith("/buggy"):
            raise RecursionError("maximum recursion depth exceeded")
        return real(snapshot)

    monkeypatch.setattr(client, "assess_snapshot", buggy)
    good = local_server.add("/good", page("article.html"))
    buggy_url = local_server.add("/buggy", page("article.html"))
    with caplog.at_level(logging.ERROR, logger="briefcheck.fetch.client"):
        first, broken, last = fetch_all(
            [FetchRequest(good), FetchRequest(buggy_url), FetchRequest(good)],
            fast_options(local_server),
        )
    assert first.status is SourceStatus.OK and last.status is SourceStatus.OK
    assert broken.status is SourceStatus.UNREACHABLE
    assert broken.reason == "internal error: RecursionError while fetching"
    assert broken.error is not None and buggy_url in broken.error
    logged = [r for r in caplog.records if r.exc_info]
    assert logged and buggy_url in logged[0].getMessage()
    assert logged[0].exc_info is not None and logged[0].exc_info[0] is RecursionError


def test_internal_error_is_not_retried_in_the_confirm_pass(
    local_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefcheck.fetch.client as client

    def broken(snapshot):  # type: ignore[no-untyped-def]
        raise ValueError("bug")

    monkeypatch.setattr(client, "assess_snapshot", broken)
    url = local_server.add("/a", page("article.html"))
    started = time.monotonic()
    (result,) = fetch_all(
        [FetchRequest(url)], fast_options(local_server, confirm_failures=True, confirm_delay_s=1.0)
    )
    assert result.reason == "internal error: ValueError while fetching"
    assert local_server.hits("/a") == 1 and time.monotonic() - started < 1.0


def test_interrupt_stops_fetching_without_waiting_for_slow_sources(
    local_server: LocalServer,
) -> None:
    """Ctrl-C during fetch_all: the call ends within a couple of seconds, not when the
    in-flight sources answer (30 s here) or time out (20 s read timeout by default)."""
    for i in range(4):
        local_server.add(f"/slow{i}", Route(body="late", delay=30.0))
    options = fast_options(local_server, read_timeout_s=60.0, deadline_s=120.0)
    requests = [FetchRequest(local_server.url(f"/slow{i}")) for i in range(4)]
    timer = threading.Timer(0.5, _thread.interrupt_main)
    started = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            fetch_all(requests, options)
    finally:
        timer.cancel()
    assert time.monotonic() - started < 2.5
    hits = local_server.hits()
    time.sleep(0.3)
    assert local_server.hits() == hits  # nothing more is sent after the interrupt


def test_page_nested_300k_deep_is_judged_quickly(local_server: LocalServer) -> None:
    """The wall and soft-404 checks parse the page too; past libxml2's depth they read the
    flattened markup (it took half a minute, and its text was lost)."""
    depth = 300_000
    body = f"<html><body>{'<div>' * depth}{PAGE}{'</div>' * depth}</body></html>"
    url = local_server.add("/deep", Route(body=body))
    options = fast_options(local_server, max_body_bytes=4 * len(body))
    started = time.monotonic()
    (result,) = fetch_all([FetchRequest(url)], options)
    assert result.status is SourceStatus.OK, result.error
    assert time.monotonic() - started < 15

"""Fetching against a real HTTP server on 127.0.0.1: every failure becomes a status, and the
batch it is in goes on."""

from __future__ import annotations

import gzip
import io
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pypdf
import pytest

from briefcheck import settings
from briefcheck.fetch import FetchRequest, decode_html, fetch_all, fetch_source
from briefcheck.models import Copy, FetchResult, SourceStatus
from tests.support.fetch_helpers import DATA, fast_options, page
from tests.support.localserver import LocalServer, Request, Route, endless, fail_then_succeed

ROBOTS = "User-agent: *\nDisallow: /private/\n\nUser-agent: otherbot\nDisallow: /\n"


@dataclass(frozen=True)
class Case:
    """One network behaviour: the routes it needs and the result it must give."""

    path: str
    routes: Callable[[LocalServer], dict[str, Route | Callable[[Request], Route]]]
    status: SourceStatus
    reason: str | None
    hits: int | None = None  # requests to `path` the fetch must have made


def chain(n: int, end: str) -> Callable[[LocalServer], dict[str, Route]]:
    """n redirects /hop/1 → … → end, mixing 301/302/307/308 and relative/absolute Locations."""

    def routes(server: LocalServer) -> dict[str, Route]:
        codes = (301, 302, 307, 308)
        table = {}
        for i in range(1, n + 1):
            target = f"/hop/{i + 1}" if i < n else end
            location = server.url(target) if i % 2 else target
            table[f"/hop/{i}"] = Route(status=codes[i % 4], headers={"Location": location})
        return table

    return routes


GZIP_BOMB = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)

CASES = [
    Case(
        "/slow",
        lambda s: {"/slow": Route(body="late", delay=1.5)},
        SourceStatus.UNREACHABLE,
        "timeout",
        hits=3,
    ),
    Case("/hop/1", chain(4, "/article"), SourceStatus.OK, None),
    Case("/hop/1", chain(7, "/article"), SourceStatus.UNREACHABLE, "too many redirects"),
    Case(
        "/loop/a",
        lambda s: {
            "/loop/a": Route(status=302, headers={"Location": "/loop/b"}),
            "/loop/b": Route(status=302, headers={"Location": "/loop/a"}),
        },
        SourceStatus.UNREACHABLE,
        "redirect loop",
    ),
    Case(
        "/to-private",
        lambda s: {
            "/to-private": Route(status=302, headers={"Location": f"http://127.0.0.2:{s.port}/x"}),
        },
        SourceStatus.REFUSED,
        "loopback address 127.0.0.2",
    ),
    Case(
        "/to-intranet",
        lambda s: {
            "/to-intranet": Route(status=301, headers={"Location": "http://10.0.0.1/admin"}),
        },
        SourceStatus.REFUSED,
        "private address 10.0.0.1",
    ),
    Case(
        "/to-metadata",
        lambda s: {
            "/to-metadata": Route(
                status=302, headers={"Location": "http://169.254.169.254/latest/"}
            ),
        },
        SourceStatus.REFUSED,
        "metadata address 169.254.169.254",
    ),
    Case(
        "/to-ftp",
        lambda s: {
            "/to-ftp": Route(status=302, headers={"Location": "ftp://files.example.org/x"}),
        },
        SourceStatus.REFUSED,
        "scheme ftp",
    ),
    Case(
        "/busy",
        lambda s: {
            "/busy": fail_then_succeed(
                Route(status=429, headers={"Retry-After": "0"}), page("article.html")
            )
        },
        SourceStatus.OK,
        None,
        hits=2,
    ),
    Case(
        "/flaky",
        lambda s: {"/flaky": fail_then_succeed(Route(status=500), page("article.html"))},
        SourceStatus.OK,
        None,
        hits=2,
    ),
    Case(
        "/down",
        lambda s: {"/down": Route(status=503)},
        SourceStatus.UNREACHABLE,
        "http 503",
        hits=3,
    ),
    Case(
        "/too-busy",
        lambda s: {"/too-busy": Route(status=429, headers={"Retry-After": "3600"})},
        SourceStatus.UNREACHABLE,
        "http 429",
        hits=1,
    ),
    Case("/missing", lambda s: {}, SourceStatus.UNREACHABLE, "http 404", hits=1),
    Case(
        "/gone",
        lambda s: {"/gone": Route(status=410)},
        SourceStatus.UNREACHABLE,
        "http 410",
        hits=1,
    ),
    Case(
        "/members",
        lambda s: {"/members": Route(status=401)},
        SourceStatus.BLOCKED,
        "http 401",
        hits=1,
    ),
    Case(
        "/forbidden",
        lambda s: {"/forbidden": Route(status=403)},
        SourceStatus.BLOCKED,
        "http 403",
        hits=1,
    ),
    Case("/legal", lambda s: {"/legal": Route(status=451)}, SourceStatus.BLOCKED, "http 451"),
    Case(
        "/endless",
        lambda s: {"/endless": Route(stream=endless())},
        SourceStatus.UNREACHABLE,
        "body too large",
        hits=1,
    ),
    Case(
        "/bomb",
        lambda s: {"/bomb": Route(body=GZIP_BOMB, headers={"Content-Encoding": "gzip"})},
        SourceStatus.UNREACHABLE,
        "body too large",
        hits=1,
    ),
    Case(
        "/huge",
        lambda s: {"/huge": Route(body=b"x" * (2 * 1024 * 1024))},
        SourceStatus.UNREACHABLE,
        "body too large",
    ),
    Case(
        "/image",
        lambda s: {
            "/image": Route(body=b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")
        },
        SourceStatus.UNSUPPORTED,
        "content type image/png",
    ),
    Case(
        "/archive.zip",
        lambda s: {
            "/archive.zip": Route(
                body=b"PK\x03\x04" + b"\0" * 64, content_type="application/octet-stream"
            )
        },
        SourceStatus.UNSUPPORTED,
        "content type application/octet-stream",
    ),
    Case(
        "/brotli",
        lambda s: {"/brotli": Route(body=b"\x0b\x02\x80", headers={"Content-Encoding": "br"})},
        SourceStatus.UNSUPPORTED,
        "content encoding br",
    ),
    Case(
        "/challenge",
        lambda s: {"/challenge": page("challenge.html", status=403)},
        SourceStatus.BLOCKED,
        "bot challenge",
        hits=1,
    ),
    Case(
        "/challenge-503",
        lambda s: {"/challenge-503": page("challenge.html", status=503)},
        SourceStatus.BLOCKED,
        "bot challenge",
        hits=1,
    ),
    Case(
        "/js-challenge",
        lambda s: {"/js-challenge": page("challenge.html")},
        SourceStatus.BLOCKED,
        "bot challenge",
    ),
    Case(
        "/paywalled",
        lambda s: {"/paywalled": page("paywall.html")},
        SourceStatus.PAYWALLED,
        "paywall",
    ),
    Case(
        "/soft-404",
        lambda s: {"/soft-404": page("not_found.html")},
        SourceStatus.UNREACHABLE,
        "soft 404",
    ),
    Case(
        "/premium/story",
        lambda s: {
            "/premium/story": Route(status=302, headers={"Location": "/login?next=/premium/story"}),
            "/login": page("signin.html"),
        },
        SourceStatus.PAYWALLED,
        "paywall (sign-in redirect)",
    ),
    Case(
        "/private/report",
        lambda s: {"/private/report": page("article.html")},
        SourceStatus.BLOCKED,
        "robots",
        hits=0,
    ),
    Case(
        "/gbk",
        lambda s: {"/gbk": page("gbk_meta.html", content_type="text/html")},
        SourceStatus.OK,
        None,
    ),
    Case(
        "/big5",
        lambda s: {"/big5": page("big5_meta.html", content_type="text/html")},
        SourceStatus.OK,
        None,
    ),
    Case(
        "/law.pdf",
        lambda s: {"/law.pdf": page("tiny.pdf", content_type="application/pdf")},
        SourceStatus.OK,
        None,
    ),
    Case(
        "/mislabelled",
        lambda s: {"/mislabelled": page("article.html", content_type="application/octet-stream")},
        SourceStatus.OK,
        None,
    ),
]


def case_id(case: Case) -> str:
    return f"{case.path.strip('/').replace('/', '-')}-{case.reason or 'ok'}".replace(" ", "-")


def serve(case: Case) -> LocalServer:
    server = LocalServer({"/robots.txt": Route(body=ROBOTS, content_type="text/plain")})
    server.start()
    server.add("/article", page("article.html"))
    server.add("/before", page("article.html"))
    server.add("/after", page("article.html"))
    for path, route in case.routes(server).items():
        server.add(path, route)
    return server


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_case_status_reason_and_batch_goes_on(case: Case) -> None:
    server = serve(case)
    try:
        urls = [server.url("/before"), server.url(case.path), server.url("/after")]
        before, result, after = fetch_all([FetchRequest(u) for u in urls], fast_options(server))
        assert (result.status, result.reason) == (case.status, case.reason), result.error
        assert before.status is SourceStatus.OK and after.status is SourceStatus.OK
        if case.hits is not None:
            assert server.hits(case.path) == case.hits
        if case.status is SourceStatus.OK:
            assert result.snapshot is not None and result.snapshot.copy is Copy.LIVE
            assert result.error is None
        else:
            assert result.snapshot is None
            assert result.error and case.path.split("/")[1] in result.error
    finally:
        server.stop()


def fetch_one(server: LocalServer, path: str, **overrides: object) -> FetchResult:
    return fetch_source(FetchRequest(server.url(path)), fast_options(server, **overrides))


def test_redirect_chain_records_final_url(local_server: LocalServer) -> None:
    for path, route in chain(3, "/article")(local_server).items():
        local_server.add(path, route)
    local_server.add("/article", page("article.html"))
    result = fetch_one(local_server, "/hop/1")
    assert result.snapshot is not None
    assert result.final_url == result.snapshot.final_url == local_server.url("/article")
    assert result.snapshot.url == local_server.url("/hop/1")


def test_metadata_refused_even_with_private_hosts_allowed(local_server: LocalServer) -> None:
    local_server.add("/meta", Route(status=302, headers={"Location": "http://169.254.169.254/"}))
    result = fetch_one(local_server, "/meta", allow_private_hosts=True)
    assert (result.status, result.reason) == (
        SourceStatus.REFUSED,
        "metadata address 169.254.169.254",
    )


def test_loopback_refused_by_default(local_server: LocalServer) -> None:
    local_server.add("/article", page("article.html"))
    result = fetch_source(FetchRequest(local_server.url("/article")), fast_options())
    assert (result.status, result.reason) == (SourceStatus.REFUSED, "loopback address 127.0.0.1")
    assert local_server.hits() == 0
    allowed = fetch_source(
        FetchRequest(local_server.url("/article")), fast_options(allow_private_hosts=True)
    )
    assert allowed.status is SourceStatus.OK


def test_retry_after_is_honoured(local_server: LocalServer) -> None:
    busy = Route(status=429, headers={"Retry-After": "1"})
    local_server.add("/busy", fail_then_succeed(busy, page("article.html")))
    started = time.monotonic()
    result = fetch_one(local_server, "/busy")
    assert result.status is SourceStatus.OK and result.attempts == 2
    assert time.monotonic() - started >= 0.95


def test_trickling_body_hits_the_deadline(local_server: LocalServer) -> None:
    local_server.add("/trickle", Route(stream=endless(b"<p>x</p>", pause=0.05)))
    started = time.monotonic()
    result = fetch_one(local_server, "/trickle", deadline_s=0.6, retries=0)
    assert (result.status, result.reason) == (SourceStatus.UNREACHABLE, "timeout")
    assert time.monotonic() - started < 2.0


def test_encoded_pages_decode_after_fetch(local_server: LocalServer) -> None:
    for name in ("gbk_meta.html", "big5_meta.html"):
        url = local_server.add(f"/{name}", page(name, content_type="text/html"))
        result = fetch_source(FetchRequest(url), fast_options(local_server))
        assert result.snapshot is not None
        expected = (DATA / name.replace(".html", ".expected.txt")).read_text("utf-8").strip()
        assert expected in decode_html(result.snapshot)


def test_pdf_snapshot_is_readable(local_server: LocalServer) -> None:
    local_server.add("/law.pdf", page("tiny.pdf", content_type="application/pdf"))
    result = fetch_one(local_server, "/law.pdf")
    assert result.snapshot is not None and result.snapshot.content_type == "application/pdf"
    text = pypdf.PdfReader(io.BytesIO(result.snapshot.body)).pages[0].extract_text()
    assert "8 September 2022" in text


def test_gzip_page_is_decoded_and_hashed_decoded(local_server: LocalServer) -> None:
    body = (DATA / "article.html").read_bytes()
    local_server.add("/gz", Route(body=gzip.compress(body), headers={"Content-Encoding": "gzip"}))
    result = fetch_one(local_server, "/gz")
    assert result.snapshot is not None and result.snapshot.body == body
    assert result.snapshot.header("content-encoding") is None
    assert result.snapshot.header("content-length") == str(len(body))


def test_robots_read_once_per_host_and_user_agent_is_honest(local_server: LocalServer) -> None:
    local_server.add("/robots.txt", Route(body=ROBOTS, content_type="text/plain"))
    for i in range(5):
        local_server.add(f"/a{i}", page("article.html"))
    results = fetch_all(
        [FetchRequest(local_server.url(f"/a{i}")) for i in range(5)], fast_options(local_server)
    )
    assert all(r.status is SourceStatus.OK for r in results)
    assert local_server.hits("/robots.txt") == 1
    agents = {r.header("user-agent") for r in local_server.requests}
    assert agents == {settings.USER_AGENT}
    assert settings.CONTACT_URL in settings.USER_AGENT


def test_robots_disallowing_everything_for_us(local_server: LocalServer) -> None:
    local_server.add("/robots.txt", Route(body="User-agent: briefcheck\nDisallow: /\n"))
    local_server.add("/a", page("article.html"))
    result = fetch_one(local_server, "/a")
    assert (result.status, result.reason) == (SourceStatus.BLOCKED, "robots")
    assert local_server.hits("/a") == 0


def test_robots_server_error_means_keep_out(local_server: LocalServer) -> None:
    local_server.add("/robots.txt", Route(status=500))
    local_server.add("/a", page("article.html"))
    result = fetch_one(local_server, "/a")
    assert (result.status, result.reason) == (SourceStatus.BLOCKED, "robots")


def test_per_host_concurrency_and_interval(local_server: LocalServer) -> None:
    lock = threading.Lock()
    state = {"now": 0, "max": 0}
    starts: list[float] = []

    def slow_page(_request: Request) -> Route:
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
            starts.append(time.monotonic())
        time.sleep(0.5)
        with lock:
            state["now"] -= 1
        return page("article.html")

    for i in range(6):
        local_server.add(f"/p{i}", slow_page)
    options = fast_options(
        local_server, per_host_concurrency=2, per_host_interval_s=0.2, read_timeout_s=2.0
    )
    results = fetch_all([FetchRequest(local_server.url(f"/p{i}")) for i in range(6)], options)
    assert all(r.status is SourceStatus.OK for r in results)
    assert state["max"] == 2
    # Starts are spaced on our side; the server sees them with scheduling jitter, so allow
    # half an interval of it (a limiter that did not space requests gives gaps near zero).
    gaps = [b - a for a, b in zip(sorted(starts), sorted(starts)[1:], strict=False)]
    assert min(gaps) >= 0.1


def test_failure_confirmed_later_in_the_run(local_server: LocalServer) -> None:
    local_server.add("/flaky", fail_then_succeed(Route(status=500), page("article.html"), 3))
    local_server.add("/dead", Route(status=500))
    options = fast_options(local_server, retries=1, confirm_failures=True)
    flaky, dead = fetch_all(
        [FetchRequest(local_server.url("/flaky")), FetchRequest(local_server.url("/dead"))], options
    )
    assert flaky.status is SourceStatus.OK and flaky.attempts == 4
    assert "first pass unreachable: http 500" in flaky.notes
    assert (dead.status, dead.reason, dead.attempts) == (SourceStatus.UNREACHABLE, "http 500", 4)
    assert "confirmed on a second pass" in dead.notes


def test_dns_failure_is_unreachable() -> None:
    result = fetch_source(FetchRequest("http://no-such-host.invalid/page"), fast_options())
    assert (result.status, result.reason) == (SourceStatus.UNREACHABLE, "dns")


def test_scheme_refused() -> None:
    result = fetch_source(FetchRequest("file:///etc/passwd"), fast_options())
    assert (result.status, result.reason) == (SourceStatus.REFUSED, "scheme file")


@pytest.mark.parametrize(
    ("robots", "at_least", "below"),
    [
        ("User-agent: *\nCrawl-delay: 0.3\n", 0.55, 5.0),
        ("User-agent: *\nDisallow: /nothing\n", 0.0, 0.5),
    ],
    ids=["crawl-delay", "no-delay"],
)
def test_crawl_delay_spaces_requests(
    local_server: LocalServer, robots: str, at_least: float, below: float
) -> None:
    local_server.add("/robots.txt", Route(body=robots))
    urls = [local_server.add(f"/d{i}", page("article.html")) for i in range(3)]
    started = time.monotonic()
    results = fetch_all([FetchRequest(u) for u in urls], fast_options(local_server))
    elapsed = time.monotonic() - started
    assert all(r.status is SourceStatus.OK for r in results)
    assert at_least <= elapsed < below  # three pages 0.3 s apart after robots.txt


def test_duplicates_fetched_once_and_empty_batch(local_server: LocalServer) -> None:
    url = local_server.add("/a", page("article.html"))
    other = local_server.add("/b", page("article.html"))
    requests = [FetchRequest(url), FetchRequest(other), FetchRequest(url)]
    results = fetch_all(requests, fast_options(local_server))
    assert [r.url for r in results] == [url, other, url]
    assert all(r.status is SourceStatus.OK for r in results)
    assert local_server.hits("/a") == 1
    assert fetch_all([], fast_options(local_server)) == []


def test_robots_read_up_to_its_cap_and_obeyed(local_server: LocalServer) -> None:
    """RFC 9309 asks crawlers to read at least 500 KiB; we read that much of an endless file
    (not the 20 MB page cap) and obey the rules in it, instead of failing on its size."""
    head = b"User-agent: *\nDisallow: /private/\n"
    padding = endless(b"# padding line\n" * 64)

    def robots() -> Iterator[bytes]:
        yield head
        yield from padding()

    local_server.add("/robots.txt", Route(stream=robots, content_type="text/plain"))
    local_server.add("/private/x", page("article.html"))
    local_server.add("/public", page("article.html"))
    options = fast_options(local_server, max_body_bytes=settings.ROBOTS_MAX_BYTES * 4)
    private, public = fetch_all(
        [FetchRequest(local_server.url("/private/x")), FetchRequest(local_server.url("/public"))],
        options,
    )
    assert (private.status, private.reason) == (SourceStatus.BLOCKED, "robots")
    assert public.status is SourceStatus.OK
    assert local_server.hits("/private/x") == 0 and local_server.hits("/robots.txt") == 1


def test_slow_source_costs_one_deadline_including_the_confirm_pass(
    local_server: LocalServer,
) -> None:
    """SOURCE_DEADLINE_S is the ceiling of a source in the whole run, scaled down here."""
    local_server.add("/slow", Route(body="late", delay=30.0))
    deadline = 1.5
    options = fast_options(
        local_server,
        deadline_s=deadline,
        read_timeout_s=0.4,
        retries=10,
        confirm_failures=True,
        confirm_delay_s=0.1,
    )
    started = time.monotonic()
    (result,) = fetch_all([FetchRequest(local_server.url("/slow"))], options)
    elapsed = time.monotonic() - started
    assert (result.status, result.reason) == (SourceStatus.UNREACHABLE, "timeout")
    assert elapsed < deadline + 0.6, elapsed  # the confirm pass ran a second deadline before
    assert any("deadline" in note for note in result.notes), result.notes


def test_on_result_reports_each_final_result_in_the_calling_thread(
    local_server: LocalServer,
) -> None:
    ok = local_server.add("/a", page("article.html"))
    flaky = local_server.add(
        "/flaky", fail_then_succeed(Route(status=500), page("article.html"), 2)
    )
    seen: list[tuple[int, SourceStatus, str]] = []

    def on_result(index: int, result: FetchResult) -> None:
        seen.append((index, result.status, threading.current_thread().name))

    options = fast_options(local_server, retries=1, confirm_failures=True)
    requests = [FetchRequest(flaky), FetchRequest(ok), FetchRequest(flaky)]
    results = fetch_all(requests, options, on_result)
    assert sorted(seen) == [(i, SourceStatus.OK, "MainThread") for i in range(3)]
    assert [r.status for r in results] == [SourceStatus.OK] * 3
    assert seen[0][0] == 1  # the page that needed no second pass is reported first

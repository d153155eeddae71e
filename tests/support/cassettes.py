"""vcrpy set-up for the fetch cassettes, and the script that records them.

Record (against a local server written here, never the real web):
    .venv/bin/python -m tests.support.cassettes
Tests replay with record mode "none", so a request not in a cassette fails loudly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import vcr

from briefcheck.fetch import FetchOptions, FetchRequest, fetch_all
from tests.support.fetch_helpers import fast_options, page
from tests.support.localserver import LocalServer, Route, fail_then_succeed

CASSETTES = Path(__file__).parent.parent / "cassettes" / "fetch"
# Cassettes name one fixed origin so replays match whatever port the recording server had.
ORIGIN = "http://127.0.0.1:8765"
SECRET_HEADERS = ("authorization", "cookie", "set-cookie", "proxy-authorization", "x-api-key")


def _fixed_origin(request: Any) -> Any:
    """Rewrite the recording server's random port to ORIGIN's."""
    rest = request.uri.split("://", 1)[1]
    path = rest.split("/", 1)[1] if "/" in rest else ""
    request.uri = f"{ORIGIN}/{path}"
    return request


def _drop_secret_response_headers(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in SECRET_HEADERS:
            del headers[name]
    return response


def make_vcr(record_mode: str = "none", library: Path = CASSETTES) -> vcr.VCR:
    """A VCR storing decoded bodies, secrets filtered, matched on everything but the port."""
    return vcr.VCR(
        cassette_library_dir=str(library),
        record_mode=record_mode,
        decode_compressed_response=True,
        filter_headers=list(SECRET_HEADERS),
        before_record_request=_fixed_origin,
        before_record_response=_drop_secret_response_headers,
        match_on=["method", "scheme", "host", "path", "query"],
    )


def replay_options(**overrides: Any) -> FetchOptions:
    """Options for replay: the cassette origin trusted, one request at a time.

    vcrpy's play counts are not thread-safe: concurrent replays can take one recorded
    response twice, so replays run on one worker (the live tests cover concurrency).
    """
    settings = {"trusted_origins": (ORIGIN,), "max_concurrency": 1, **overrides}
    return fast_options(None, **settings)


# cassette name → (routes, paths fetched in one batch)
SCENARIOS: dict[str, tuple[dict[str, Any], list[str]]] = {
    "batch.yaml": (
        {
            "/robots.txt": Route(
                body="User-agent: *\nDisallow: /private/\n", content_type="text/plain"
            ),
            "/article": page("article.html", headers={"Set-Cookie": "session=abc123; HttpOnly"}),
            "/hop": Route(status=301, headers={"Location": "/article"}),
            "/gbk": page("gbk_meta.html", content_type="text/html"),
            "/paywalled": page("paywall.html"),
            "/missing": Route(status=404, body="no such page"),
            "/flaky": fail_then_succeed(Route(status=500), page("article.html")),
            "/law.pdf": page("tiny.pdf", content_type="application/pdf"),
        },
        ["/article", "/hop", "/gbk", "/paywalled", "/missing", "/flaky", "/law.pdf", "/private/x"],
    ),
}


def record() -> None:
    """Record every scenario against a fresh local server."""
    CASSETTES.mkdir(parents=True, exist_ok=True)
    for name, (routes, paths) in SCENARIOS.items():
        (CASSETTES / name).unlink(missing_ok=True)
        with LocalServer(routes) as server, make_vcr("all").use_cassette(name):
            options = fast_options(server, per_host_concurrency=1, max_concurrency=1)
            fetch_all([FetchRequest(server.url(p)) for p in paths], options)


if __name__ == "__main__":
    record()

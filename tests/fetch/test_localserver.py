"""The shared local HTTP server answers its routes over real sockets."""

from __future__ import annotations

import requests

from tests.support.localserver import LocalServer, Route, endless, fail_then_succeed


def test_routes_statuses_headers_and_hits() -> None:
    routes = {
        "/ok": Route(body="héllo", headers={"ETag": '"v1"'}),
        "/moved": Route(status=301, headers={"Location": "/ok"}),
        "/q?x=1": Route(body="query"),
    }
    with LocalServer(routes) as server:
        response = requests.get(server.url("/ok"), timeout=5)
        assert (response.status_code, response.text) == (200, "héllo")
        assert response.headers["ETag"] == '"v1"'
        assert requests.get(server.url("/moved"), timeout=5).url == server.url("/ok")
        assert requests.get(server.url("/q?x=1"), timeout=5).text == "query"
        assert requests.get(server.url("/missing"), timeout=5).status_code == 404
        assert server.hits("/ok") == 2
        assert server.hits() == 5


def test_stateful_handler_and_added_route() -> None:
    with LocalServer() as server:
        url = server.add("/flaky", fail_then_succeed(Route(status=500), Route(body="ok"), 2))
        codes = [requests.get(url, timeout=5).status_code for _ in range(3)]
        assert codes == [500, 500, 200]
        assert server.requests[0].header("user-agent") is not None


def test_stream_is_cut_by_the_client(local_server: LocalServer) -> None:
    url = local_server.add("/endless", Route(stream=endless(b"y" * 1024)))
    with requests.get(url, stream=True, timeout=5) as response:
        got = 0
        for chunk in response.iter_content(4096):
            got += len(chunk)
            if got > 100_000:
                break
    assert got > 100_000


def test_other_loopback_address() -> None:
    with LocalServer({"/": Route(body="five")}, host="127.0.0.5") as server:
        assert server.url("/").startswith("http://127.0.0.5:")
        assert requests.get(server.url("/"), timeout=5).text == "five"

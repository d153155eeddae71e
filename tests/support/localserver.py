"""A real HTTP server on 127.0.0.1 with a route table, for tests that need actual sockets.

Usage::

    from tests.support.localserver import LocalServer, Route

    routes = {
        "/ok": Route(body="<html><p>Hello</p></html>"),
        "/slow": Route(body="late", delay=2.0),
        "/gone": Route(status=410),
        "/moved": Route(status=302, headers={"Location": "/ok"}),
        "/flaky": fail_then_succeed(Route(status=429, headers={"Retry-After": "0"}), Route()),
    }
    with LocalServer(routes) as server:
        requests.get(server.url("/ok"))
        assert server.hits("/ok") == 1

- A route is a `Route` (status, headers, body bytes or str, content type, delay before
  answering, or `stream`: a callable returning an iterator of chunks for endless or trickled
  bodies) or a handler callable `(Request) -> Route` for stateful cases.
- Lookup tries the path with its query string first, then the bare path; anything else is 404.
- `server.add(path, route)` adds routes after start; `server.requests` records every
  request seen (method, path, headers) so a test can count network traffic.
- Header values go on the wire as Latin-1 where they can, else as raw UTF-8 octets, as
  misconfigured real servers send them (`Retry-After: ٣`).
- `LocalServer(tls=context)` serves HTTPS with that server-side `ssl.SSLContext`.
- `LocalServer(host="127.0.0.5")` binds another loopback address (Linux routes all of
  127.0.0.0/8), which makes distinct "hosts" for per-host politeness tests.
- The `local_server` pytest fixture yields an empty, started server; add routes to it.
"""

from __future__ import annotations

import contextlib
import ssl
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

import pytest


@dataclass(frozen=True, slots=True)
class Route:
    """A canned response: status, headers, body, and an optional delay before answering."""

    status: int = 200
    body: bytes | str = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0
    stream: Callable[[], Iterator[bytes]] | None = None

    def body_bytes(self) -> bytes:
        """The body as bytes (str bodies are encoded as UTF-8)."""
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


@dataclass(frozen=True, slots=True)
class Request:
    """What the server saw: method, path with query, and headers (names as sent)."""

    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    host: str

    def header(self, name: str) -> str | None:
        """The first header of that name, case-insensitively."""
        low = name.lower()
        return next((v for k, v in self.headers if k.lower() == low), None)


Handler = Callable[[Request], Route]
RouteLike = Route | Handler


def fail_then_succeed(failure: Route, success: Route, failures: int = 1) -> Handler:
    """A handler answering `failure` for the first `failures` requests, then `success`."""
    lock = threading.Lock()
    seen = [0]

    def handle(_request: Request) -> Route:
        with lock:
            seen[0] += 1
            return failure if seen[0] <= failures else success

    return handle


class LocalServer:
    """A ThreadingHTTPServer on an ephemeral port in a background thread, serving `routes`."""

    def __init__(
        self,
        routes: Mapping[str, RouteLike] | None = None,
        host: str = "127.0.0.1",
        tls: ssl.SSLContext | None = None,
    ):
        self.routes: dict[str, RouteLike] = dict(routes or {})
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = ThreadingHTTPServer((host, 0), _make_handler(self))
        self._httpd.daemon_threads = True
        self.scheme = "https" if tls else "http"
        if tls is not None:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        self._thread: threading.Thread | None = None

    @property
    def host(self) -> str:
        return str(self._httpd.server_address[0])

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def origin(self) -> str:
        """`http://host:port` (https with TLS), with no trailing slash."""
        return f"{self.scheme}://{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        """The absolute URL of `path` on this server."""
        return self.origin + (path if path.startswith("/") else "/" + path)

    def add(self, path: str, route: RouteLike) -> str:
        """Add (or replace) a route and return its absolute URL."""
        with self._lock:
            self.routes[path] = route
        return self.url(path)

    def hits(self, path: str | None = None) -> int:
        """How many requests arrived, for one path (query included or not) or in all."""
        with self._lock:
            seen = list(self.requests)
        if path is None:
            return len(seen)
        return sum(1 for r in seen if r.path == path or r.path.split("?", 1)[0] == path)

    def start(self) -> LocalServer:
        """Start serving in a daemon thread; returns self."""
        # A short poll interval makes stop() quick, which keeps many-server test files fast.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket; endless streams end too."""
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _lookup(self, path: str) -> RouteLike | None:
        with self._lock:
            return self.routes.get(path) or self.routes.get(path.split("?", 1)[0])

    def _record(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)


def _make_handler(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    """A request-handler class bound to `server`'s routes."""

    class _Handler(BaseHTTPRequestHandler):
        # HTTP/1.0 closes after each response, so bodies without a length (streams) are legal.
        protocol_version = "HTTP/1.0"

        def log_message(self, format: str, *args: object) -> None:
            """Keep test output quiet."""

        def send_header(self, keyword: str, value: str) -> None:
            """As the base class, but a value Latin-1 cannot hold goes out as UTF-8 bytes."""
            try:
                value.encode("latin-1")
            except UnicodeEncodeError:
                line = f"{keyword}: {value}\r\n".encode()
                self._headers_buffer = [*getattr(self, "_headers_buffer", []), line]
                return
            super().send_header(keyword, value)

        def do_GET(self) -> None:
            self._answer(send_body=True)

        def do_HEAD(self) -> None:
            self._answer(send_body=False)

        def do_POST(self) -> None:
            self._answer(send_body=True)

        def _answer(self, send_body: bool) -> None:
            request = Request(
                method=self.command,
                path=self.path,
                headers=tuple(self.headers.items()),
                host=server.host,
            )
            server._record(request)
            found = server._lookup(self.path)
            route = Route(status=404, body="not found") if found is None else found
            if not isinstance(route, Route):
                route = route(request)
            if route.delay and server._stopping.wait(route.delay):
                return
            # The client may give up (timeout, size cap): that is what some tests want.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._send(route, send_body)

        def _send(self, route: Route, send_body: bool) -> None:
            self.send_response(route.status)
            names = {k.lower() for k in route.headers}
            if route.content_type and "content-type" not in names:
                self.send_header("Content-Type", route.content_type)
            body = b"" if route.stream else route.body_bytes()
            if route.stream is None and "content-length" not in names:
                self.send_header("Content-Length", str(len(body)))
            for name, value in route.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if not send_body:
                return
            if route.stream is None:
                self.wfile.write(body)
                return
            for chunk in route.stream():
                if server._stopping.is_set():
                    return
                self.wfile.write(chunk)
                self.wfile.flush()

    return _Handler


def endless(chunk: bytes = b"x" * 65536, pause: float = 0.0) -> Callable[[], Iterator[bytes]]:
    """A `Route.stream` that never ends (optionally pausing between chunks)."""

    def chunks() -> Iterator[bytes]:
        while True:
            if pause:
                time.sleep(pause)
            yield chunk

    return chunks


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    """A started, empty LocalServer on 127.0.0.1; add routes with `server.add(path, route)`."""
    with LocalServer() as server:
        yield server

"""briefcheck's server replays a request that found SQLite busy, instead of a 2 s client wait.

A real uvicorn server on 127.0.0.1 runs a Starlette app that behaves as Prefect's does when
its database is locked: its error handler answers 503, and Starlette raises the error again.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route
from starlette.websockets import WebSocket

from briefcheck.flows.busy import RetryBusy


class Locked(Exception):
    """What SQLite's lock is to Prefect's server: a retryable error."""


class App:
    """An API under /api whose POST fails as locked the first `locked` times."""

    def __init__(self) -> None:
        self.locked = 0
        self.bodies: list[bytes] = []

    async def write(self, request: Request) -> JSONResponse:
        self.bodies.append(await request.body())
        if self.locked > 0:
            self.locked -= 1
            raise Locked
        return JSONResponse({"ok": True, "len": len(self.bodies[-1])})

    async def socket(self, websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.send_text("hello")
        await websocket.close()

    def asgi(self) -> Starlette:
        # As in Prefect's server: the API is mounted under /api with a handler for every
        # exception, which Starlette runs and then raises the exception again.
        async def handler(_request: Request, exc: Exception) -> JSONResponse:
            if isinstance(exc, Locked):
                return JSONResponse({"exception_message": "Service Unavailable"}, status_code=503)
            return JSONResponse({"exception_message": "Internal Server Error"}, status_code=500)

        api = Starlette(
            routes=[Route("/write", self.write, methods=["POST"])],
            exception_handlers={Exception: handler},
        )
        return Starlette(routes=[Mount("/api", app=api)])


def _serve(app) -> Iterator[str]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="critical", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture
def app() -> App:
    return App()


@pytest.fixture
def url(app: App) -> Iterator[str]:
    yield from _serve(RetryBusy(app.asgi(), budget_s=1.0))


def _post(url: str, body: bytes) -> tuple[int, dict]:
    request = urllib.request.Request(url + "/api/write", data=body, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def test_a_request_that_found_the_database_locked_is_replayed_with_its_body(app, url):
    app.locked = 3
    body = b"x" * 200_000  # more than one ASGI body message
    started = time.monotonic()
    status, answer = _post(url, body)
    took = time.monotonic() - started
    assert (status, answer) == (200, {"ok": True, "len": len(body)})
    assert app.bodies == [body] * 4  # three locked attempts, then the one that wrote
    assert took < 1.0, f"{took:.2f} s: the replays should wait 20, 40, 80 ms"


def test_a_lock_that_outlasts_the_budget_is_passed_on_as_503(app, url):
    app.locked = 1000
    started = time.monotonic()
    status, answer = _post(url, b"{}")
    assert status == 503 and answer == {"exception_message": "Service Unavailable"}
    assert 0.5 < time.monotonic() - started < 3.0  # about the 1 s budget, then the client's turn
    assert len(app.bodies) > 3


def test_an_answer_that_is_not_busy_is_never_replayed(app, url):
    status, _ = _post(url, b"{}")
    assert status == 200 and len(app.bodies) == 1
    missing = urllib.request.Request(url + "/api/nowhere", data=b"{}", method="POST")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(missing, timeout=10)
    assert err.value.code == 404  # routing ran on a fresh copy of the scope, every attempt


def test_websockets_and_lifespan_pass_through():
    seen: list[str] = []

    async def inner(scope, receive, send):
        seen.append(scope["type"])
        if scope["type"] == "lifespan":
            while (message := await receive())["type"] != "lifespan.shutdown":
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})

    import asyncio

    messages = iter([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])

    async def receive():
        return next(messages)

    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    asyncio.run(RetryBusy(inner)({"type": "lifespan"}, receive, send))
    assert seen == ["lifespan"]
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]

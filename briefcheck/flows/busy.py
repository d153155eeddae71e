"""Retry, inside briefcheck's server, a request that found Prefect's SQLite database busy.

Prefect's server answers 503 when SQLite is locked: its event recorder writing a run's task
runs while a request writes too. The client then waits two seconds (exponential back-off with
no Retry-After) before it tries again, which on a warm run is most of the run. Transient
locks clear in milliseconds, so this wrapper replays such a request after 20 ms, 40 ms, ...
for up to `budget_s`, and only then passes the 503 on (the client's own back-off takes over).

A replay is what the client would send anyway: a request that hit the lock was rolled back.
Only plain HTTP requests are replayed; websockets (Prefect's event stream) pass through.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

BUSY = 503
FIRST_WAIT_S = 0.02
LONGEST_WAIT_S = 0.25
BUDGET_S = 3.0


class RetryBusy:
    """ASGI middleware: replay a request answered 503 until it is not, within a time budget."""

    def __init__(self, app: ASGIApp, *, budget_s: float = BUDGET_S) -> None:
        self.app = app
        self.budget_s = budget_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body, receive = await _read_body(receive)
        deadline = time.monotonic() + self.budget_s
        wait = FIRST_WAIT_S
        while True:
            last_chance = time.monotonic() + wait > deadline
            if not await self._attempt(scope, body, receive, send, pass_busy=last_chance):
                return
            await asyncio.sleep(wait)
            wait = min(wait * 2, LONGEST_WAIT_S)

    async def _attempt(
        self, scope: Scope, body: bytes, receive: Receive, send: Send, *, pass_busy: bool
    ) -> bool:
        """Run the app once; True when it answered 503 and that answer was held back."""
        replayed = False
        held_back = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # a disconnect, when the app listens for one

        async def guard(message: Message) -> None:
            nonlocal held_back
            if message["type"] == "http.response.start" and message["status"] == BUSY:
                held_back = not pass_busy
            if not held_back:
                await send(message)

        try:
            await self.app(dict(scope), replay, guard)  # routing rewrites the scope it is given
        except Exception:
            # Starlette raises the error again after its handler answered 503: when that
            # answer is held back for a replay, so is the error.
            if not held_back:
                raise
        return held_back


async def _read_body(receive: Receive) -> tuple[bytes, Receive]:
    """The whole request body, and what to receive after it (a disconnect already seen)."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), _always(message)  # the client went away
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks), receive


def _always(message: Message) -> Receive:
    """A receive that gives `message` every time (every attempt sees the disconnect)."""

    async def receive() -> Message:
        return message

    return receive

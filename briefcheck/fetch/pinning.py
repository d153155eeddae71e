"""Connections pinned to the addresses the SSRF guard vetted, so DNS cannot answer twice.

The guard resolves a host and checks every address; if the connection then resolved the
name again, a rebinding DNS server could hand the guard a public address and the
connection a private one, and the request would be delivered before any check of the peer.
Here the socket is opened to the vetted addresses themselves; the Host header, TLS SNI and
certificate check still use the name, since only the socket's address changes.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import requests
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from urllib3.util import connection

_PINS = threading.local()


@contextmanager
def pinned_to(addresses: Sequence[str]) -> Iterator[None]:
    """Connections this thread opens inside the block go to `addresses`, in order."""
    previous = getattr(_PINS, "addresses", ())
    _PINS.addresses = tuple(addresses)
    try:
        yield
    finally:
        _PINS.addresses = previous


class _PinnedConnection(HTTPConnection):
    """An HTTP connection whose socket goes to vetted addresses, never to a fresh lookup."""

    vetted: tuple[str, ...] = ()

    def _new_conn(self) -> socket.socket:
        error: Exception = NewConnectionError(self, "no vetted address to connect to")
        for address in self.vetted:
            try:
                return connection.create_connection(
                    (address, self.port),
                    self.timeout,
                    source_address=self.source_address,
                    socket_options=self.socket_options,
                )
            except TimeoutError:
                error = ConnectTimeoutError(
                    self, f"connection to {self.host} ({address}) timed out"
                )
            except OSError as exc:
                error = NewConnectionError(self, f"cannot connect to {address}: {exc}")
        raise error


class _PinnedHTTPSConnection(_PinnedConnection, HTTPSConnection):
    """The HTTPS form: the socket is pinned, TLS still names and verifies the host."""


_PINNED = {HTTPConnection: _PinnedConnection, HTTPSConnection: _PinnedHTTPSConnection}


def _pin(conn: Any) -> Any:
    """Make a real urllib3 connection connect to this thread's vetted addresses.

    Anything else (a replay library's stand-in, which patches the pools to make its own)
    is left alone: it opens no socket of its own.
    """
    pinned = _PINNED.get(type(conn))
    if pinned is not None:
        conn.__class__ = pinned
        conn.vetted = getattr(_PINS, "addresses", ())
    return conn


class _PinnedHTTPPool(HTTPConnectionPool):
    def _new_conn(self) -> Any:
        return _pin(super()._new_conn())


class _PinnedHTTPSPool(HTTPSConnectionPool):
    def _new_conn(self) -> Any:
        return _pin(super()._new_conn())


class PinnedAdapter(requests.adapters.HTTPAdapter):
    """requests' adapter whose direct connections are pinned (proxied ones go to the proxy)."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _PinnedHTTPPool,
            "https": _PinnedHTTPSPool,
        }

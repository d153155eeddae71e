"""DNS rebinding: the connection goes to the address the guard vetted, never to a new answer.

The resolver here is `socket.getaddrinfo` patched in the test, answering a name with a
public address first and 127.0.0.1 after. A real DNS server on 127.0.0.1 is not used: the
system resolver reads /etc/resolv.conf, which a test cannot point at its own server
without root, and getaddrinfo is exactly where both the guard and urllib3 ask.
"""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from briefcheck.fetch import FetchRequest, fetch_source
from briefcheck.models import SourceStatus
from tests.support.fetch_helpers import fast_options, page
from tests.support.localserver import LocalServer

PUBLIC = "93.184.215.14"
_real_getaddrinfo = socket.getaddrinfo


def rebinding_resolver(name: str, answers: list[str]) -> tuple[Callable[..., Any], list[str]]:
    """A getaddrinfo answering `name` with each of `answers` in turn (the last one after)."""
    asked: list[str] = []

    def getaddrinfo(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != name:
            return _real_getaddrinfo(host, port, *args, **kwargs)
        address = answers[min(len(asked), len(answers) - 1)]
        asked.append(address)
        return _real_getaddrinfo(address, port, *args, **kwargs)

    return getaddrinfo, asked


def test_rebinding_answer_never_gets_a_request_delivered(
    local_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = "news.rebind.example"
    local_server.add("/a", page("article.html"))
    fake, asked = rebinding_resolver(name, [PUBLIC, "127.0.0.1"])
    monkeypatch.setattr(socket, "getaddrinfo", fake)
    url = f"http://{name}:{local_server.port}/a"
    options = fast_options(obey_robots=False, retries=0, connect_timeout_s=0.5)
    result = fetch_source(FetchRequest(url), options)
    assert local_server.hits() == 0  # nothing reached the private address
    assert asked == [PUBLIC]  # one lookup, by the guard; the connection asked no one
    assert result.status is SourceStatus.UNREACHABLE  # the public address did not answer


def _certificate(tmp_path: Path, name: str) -> tuple[Path, Path]:
    """A self-signed certificate for `name` (openssl), as (cert, key) files."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", f"/CN={name}",
         "-addext", f"subjectAltName=DNS:{name}"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_pinned_https_still_sends_the_name_for_sni_and_the_certificate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = "pinned.example"
    cert, key = _certificate(tmp_path, name)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    seen_sni: list[str | None] = []
    context.sni_callback = lambda _sock, server_name, _ctx: seen_sni.append(server_name)
    with LocalServer(tls=context) as server:
        server.add("/a", page("article.html"))
        fake, asked = rebinding_resolver(name, ["127.0.0.1"])
        monkeypatch.setattr(socket, "getaddrinfo", fake)
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))
        origin = f"https://{name}:{server.port}"
        options = fast_options(trusted_origins=(origin,), obey_robots=False)
        result = fetch_source(FetchRequest(f"{origin}/a"), options)
        assert result.status is SourceStatus.OK, result.error
        assert asked == ["127.0.0.1"]
        assert seen_sni == [name]
        assert server.requests[0].header("host") == f"{name}:{server.port}"

"""The SSRF guard: schemes, special addresses, trusted origins, DNS failures."""

from __future__ import annotations

import time
from collections.abc import Sequence

import pytest

from briefcheck.fetch.guard import Refusal, address_problem, check_url, origin_of, timed_resolver


def resolves_to(*addresses: str):  # type: ignore[no-untyped-def]
    def resolver(host: str, port: int) -> Sequence[str]:
        return addresses

    return resolver


def no_dns(host: str, port: int) -> Sequence[str]:
    raise OSError("Name or service not known")


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback address 127.0.0.1"),
        ("::1", "loopback address ::1"),
        ("10.0.0.1", "private address 10.0.0.1"),
        ("192.168.1.20", "private address 192.168.1.20"),
        ("172.16.5.4", "private address 172.16.5.4"),
        ("169.254.10.10", "link-local address 169.254.10.10"),
        ("169.254.169.254", "metadata address 169.254.169.254"),
        ("fd00:ec2::254", "metadata address fd00:ec2::254"),
        ("0.0.0.0", "unspecified address 0.0.0.0"),
        ("224.0.0.1", "multicast address 224.0.0.1"),
        ("240.0.0.1", "private address 240.0.0.1"),
        ("100.64.0.1", "non-public address 100.64.0.1"),
        ("::ffff:10.1.2.3", "private address 10.1.2.3"),
        ("93.184.215.14", None),
        ("2606:4700::6810:85e5", None),
    ],
)
def test_address_problem(address: str, reason: str | None) -> None:
    assert address_problem(address, allow_private=False) == reason


@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.1", "192.168.0.1", "::1"])
def test_private_allowed_when_asked(address: str) -> None:
    assert address_problem(address, allow_private=True) is None


def test_metadata_refused_even_when_private_allowed() -> None:
    assert address_problem("169.254.169.254", allow_private=True) == (
        "metadata address 169.254.169.254"
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("ftp://example.org/file", Refusal("refused", "scheme ftp")),
        ("file:///etc/passwd", Refusal("refused", "scheme file")),
        ("javascript:alert(1)", Refusal("refused", "scheme javascript")),
        ("example.org/page", Refusal("refused", "scheme missing")),
        ("http://user:pw@example.org/", Refusal("refused", "credentials in url")),
        ("http:///nohost", Refusal("refused", "no host")),
        ("http://example.org:99999/", Refusal("refused", "bad url: Port out of range 0-65535")),
    ],
)
def test_check_url_refuses_before_resolving(url: str, expected: Refusal) -> None:
    assert check_url(url, resolver=no_dns) == expected


def test_check_url_resolves_and_checks_every_address() -> None:
    mixed = resolves_to("93.184.215.14", "10.0.0.7")
    assert check_url("https://news.example/", resolver=mixed) == Refusal(
        "refused", "private address 10.0.0.7"
    )
    assert check_url("https://news.example/", resolver=resolves_to("93.184.215.14")) is None


def test_dns_failure_is_unreachable() -> None:
    assert check_url("https://no-such-host.invalid/", resolver=no_dns) == Refusal(
        "unreachable", "dns"
    )


def test_trusted_origin_is_exact() -> None:
    loopback = resolves_to("127.0.0.1")
    trusted = ("http://127.0.0.1:8123",)
    assert (
        check_url("http://127.0.0.1:8123/page", trusted_origins=trusted, resolver=loopback) is None
    )
    refused = check_url("http://127.0.0.1:9000/", trusted_origins=trusted, resolver=loopback)
    assert refused == Refusal("refused", "loopback address 127.0.0.1")


def test_origin_of_makes_default_ports_explicit() -> None:
    assert origin_of("HTTPS://Example.ORG/a") == "https://example.org:443"
    assert origin_of("http://example.org:8080/") == "http://example.org:8080"


def test_slow_dns_is_cut_off() -> None:
    def hanging(host: str, port: int) -> Sequence[str]:
        time.sleep(2)
        return ["93.184.215.14"]

    started = time.monotonic()
    refusal = check_url("https://slow-dns.example/", resolver=timed_resolver(0.2, hanging))
    assert refusal == Refusal("unreachable", "dns")
    assert time.monotonic() - started < 1.0
    quick = timed_resolver(1.0, resolves_to("93.184.215.14"))
    assert check_url("https://fast.example/", resolver=quick) is None

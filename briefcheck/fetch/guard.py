"""The SSRF guard: which URLs we agree to fetch, checked again at every redirect hop."""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from briefcheck import settings

Resolver = Callable[[str, int], Sequence[str]]

_METADATA = frozenset(ipaddress.ip_address(a) for a in settings.METADATA_ADDRESSES)


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a URL will not be fetched: `unreachable` (DNS) or `refused` (policy), and a reason."""

    status: str
    reason: str


def origin_of(url: str) -> str:
    """`scheme://host:port` with the default port made explicit, lower-cased."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port or (443 if scheme == "https" else 80)
    return f"{scheme}://{(parts.hostname or '').lower()}:{port}"


@dataclass(frozen=True, slots=True)
class Clearance:
    """A URL the guard lets through, and the vetted addresses to connect to (in order)."""

    addresses: tuple[str, ...]


def resolve_host(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (IPv4 and IPv6), in the resolver's preferred order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def timed_resolver(timeout: float, resolve: Resolver = resolve_host) -> Resolver:
    """`resolve` bounded by `timeout` seconds: getaddrinfo itself has no timeout and a broken
    resolver can hang it far past the source's deadline."""

    def resolver(host: str, port: int) -> Sequence[str]:
        answer: list[Sequence[str]] = []
        problem: list[BaseException] = []

        def work() -> None:
            try:
                answer.append(resolve(host, port))
            except (OSError, UnicodeError) as exc:
                problem.append(exc)

        thread = threading.Thread(target=work, daemon=True, name=f"dns {host}")
        thread.start()
        thread.join(timeout)
        if problem:
            raise problem[0]
        if not answer:
            raise OSError(f"dns lookup of {host} took longer than {timeout:.1f} s")
        return answer[0]

    return resolver


def address_problem(address: str, allow_private: bool) -> str | None:
    """Why an IP address is off limits, or None when it may be fetched."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    # Cloud metadata endpoints hand out credentials; no intranet source lives there, so they
    # stay refused even when private hosts are allowed.
    if ip in _METADATA:
        return f"metadata address {ip}"
    if allow_private:
        return None
    for label, flag in (
        ("loopback", ip.is_loopback),
        ("unspecified", ip.is_unspecified),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
    ):
        if flag:
            return f"{label} address {ip}"
    # 100.64/10 (carrier-grade NAT) and other special ranges are not "global" either.
    if not ip.is_global:
        return f"non-public address {ip}"
    return None


def check_url(
    url: str,
    allow_private: bool = False,
    trusted_origins: Sequence[str] = (),
    resolver: Resolver = resolve_host,
) -> Refusal | None:
    """`clear_url`'s answer as a refusal, or None when the URL may be fetched."""
    answer = clear_url(url, allow_private, trusted_origins, resolver)
    return answer if isinstance(answer, Refusal) else None


def clear_url(
    url: str,
    allow_private: bool = False,
    trusted_origins: Sequence[str] = (),
    resolver: Resolver = resolve_host,
) -> Refusal | Clearance:
    """Refuse non-http(s) URLs and hosts resolving to special addresses, else clear them.

    The clearance names the addresses checked, which the connection must use: resolving
    again could give another answer. `trusted_origins` (`scheme://host:port`) skip the
    private-address test: a test server or a named intranet site, without opening every
    private address to redirects.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return Refusal("refused", f"bad url: {exc}")
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return Refusal("refused", f"scheme {scheme or 'missing'}")
    host = parts.hostname
    if not host:
        return Refusal("refused", "no host")
    if parts.username or parts.password:
        return Refusal("refused", "credentials in url")
    trusted = origin_of(url) in {origin_of(o) for o in trusted_origins}
    try:
        addresses = tuple(resolver(host, port or (443 if scheme == "https" else 80)))
    except (OSError, UnicodeError):
        return Refusal("unreachable", "dns")
    if not addresses:
        return Refusal("unreachable", "dns")
    for address in addresses:
        problem = address_problem(address, allow_private or trusted)
        if problem:
            return Refusal("refused", problem)
    return Clearance(addresses)

"""Reading a response body: streamed, decompressed by us, capped and on the clock."""

from __future__ import annotations

import zlib

import requests
import urllib3

from briefcheck.fetch.outcome import Deadline, Failure, header_int
from briefcheck.models import SourceStatus

_CHUNK = 16 * 1024
# We decode bodies ourselves (to cap the decompressed size), so we only offer what zlib reads.
ACCEPT_ENCODING = "gzip, deflate"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


def _read_chunk(raw: object) -> bytes:
    """Up to a chunk of what has arrived, still content-encoded.

    read1 returns without waiting for a full chunk, so a trickling server still meets the
    deadline. vcrpy replaces the raw response with a stub whose read1 takes no keywords.
    """
    if isinstance(raw, urllib3.response.HTTPResponse):
        return raw.read1(_CHUNK, decode_content=False)
    return bytes(raw.read1(_CHUNK))  # type: ignore[attr-defined]


class _Decoder:
    """Incremental gzip/deflate decoding that never inflates past the room it is given."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        # wbits 47 (32 + 15) reads both gzip and zlib headers, which covers "deflate" as sent.
        self._zlib = zlib.decompressobj(47) if encoding in ("gzip", "x-gzip", "deflate") else None

    def feed(self, data: bytes, room: int) -> bytes:
        """Decoded bytes for `data`, never more than `room` + 1 (one more means overflow)."""
        if self._zlib is None:
            return data[: room + 1]
        out = bytearray()
        while data:
            piece = self._zlib.decompress(data, room - len(out) + 1)
            out += piece
            if len(out) > room:
                break
            data = self._zlib.unconsumed_tail
            if not piece:
                break
        return bytes(out)


def read_body(
    url: str, response: requests.Response, cap: int, deadline: Deadline, truncate: bool = False
) -> bytes | Failure:
    """Stream the body, stopping at the size cap (after decompression) or the deadline.

    Past the cap the body is too large, or with `truncate` its first `cap` bytes are kept.
    """
    too_large = Failure(
        SourceStatus.UNREACHABLE,
        "body too large",
        f"{url}: body larger than {cap} bytes",
        http_status=response.status_code,
        final_url=url,
        final=True,
    )
    length = header_int(response.headers.get("content-length"))
    if length is not None and length > cap and not truncate:
        return too_large
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("identity", "", "gzip", "x-gzip", "deflate"):
        return Failure(
            SourceStatus.UNSUPPORTED,
            f"content encoding {encoding}",
            f"{url}: content encoding {encoding}",
            http_status=response.status_code,
        )
    decoder = _Decoder(encoding)
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            data = _read_chunk(response.raw)
            if not data:
                break
            decoded = decoder.feed(data, cap - size)
            if len(decoded) > cap - size:
                if not truncate:
                    return too_large
                chunks.append(decoded[: cap - size])
                break
            chunks.append(decoded)
            size += len(decoded)
            if deadline.remaining() <= 0:
                return Failure(
                    SourceStatus.UNREACHABLE,
                    "timeout",
                    f"{url}: deadline passed while reading",
                    http_status=response.status_code,
                    retryable=False,
                )
    except zlib.error as exc:
        return Failure(SourceStatus.UNREACHABLE, "bad encoding", f"{url}: {exc}")
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        reason = "timeout" if "timed out" in str(exc).lower() else "connect"
        return Failure(
            SourceStatus.UNREACHABLE, reason, f"{url}: {reason} while reading body", retryable=True
        )
    return b"".join(chunks)


# Hop-by-hop and encoding headers describe the wire, not the stored (decoded) body; cookies
# are session secrets that must not travel with a cache folder or a shared WARC.
_WIRE_HEADERS = frozenset(
    {"content-encoding", "transfer-encoding", "content-length", "connection", "set-cookie"}
)
SECRET_REQUEST_HEADERS = frozenset({"cookie", "authorization", "proxy-authorization"})


def stored_headers(response: requests.Response, body: bytes) -> tuple[tuple[str, str], ...]:
    """Response headers as stored with the decoded body (wire-only headers replaced)."""
    kept = [(k, v) for k, v in response.headers.items() if k.lower() not in _WIRE_HEADERS]
    if response.status_code not in _REDIRECTS:
        kept.append(("Content-Length", str(len(body))))
    return tuple(kept)

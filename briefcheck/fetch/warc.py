"""Provenance: every response a verdict rests on, written to a WARC file with warcio."""

from __future__ import annotations

import threading
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from briefcheck import __version__
from briefcheck.models import Snapshot

_REASONS = {200: "OK", 203: "Non-Authoritative Information", 206: "Partial Content"}


class WarcLog:
    """Appends request/response record pairs to one gzipped WARC file, from any thread."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._written: set[tuple[str, str]] = set()

    def write(self, snapshot: Snapshot, request_headers: tuple[tuple[str, str], ...] = ()) -> bool:
        """Record the snapshot's response (and the request that got it); False if already there."""
        key = (snapshot.final_url, snapshot.sha256)
        with self._lock:
            if key in self._written:
                return False
            self._written.add(key)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fresh = not self.path.exists() or self.path.stat().st_size == 0
            with self.path.open("ab") as handle:
                writer = WARCWriter(handle, gzip=True)
                if fresh:
                    info = {"software": f"briefcheck/{__version__} (warcio)", "format": "WARC 1.0"}
                    writer.write_record(writer.create_warcinfo_record(self.path.name, info))
                request, response = _records(writer, snapshot, request_headers)
                writer.write_request_response_pair(request, response)
        return True


def _records(
    writer: WARCWriter, snapshot: Snapshot, request_headers: tuple[tuple[str, str], ...]
) -> tuple[object, object]:
    """The (request, response) records for one snapshot, dated when it was fetched."""
    url = snapshot.final_url
    warc_headers = {"WARC-Date": snapshot.fetched_at}
    status_line = f"{snapshot.http_status} {_REASONS.get(snapshot.http_status, 'OK')}"
    http_headers = StatusAndHeaders(status_line, list(snapshot.headers), protocol="HTTP/1.1")
    response = writer.create_warc_record(
        url,
        "response",
        payload=BytesIO(snapshot.body),
        length=len(snapshot.body),
        http_headers=http_headers,
        warc_headers_dict=warc_headers,
    )
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = list(request_headers) or [("Host", parts.netloc)]
    if not any(k.lower() == "host" for k, _ in headers):
        headers.insert(0, ("Host", parts.netloc))
    request = writer.create_warc_record(
        url,
        "request",
        payload=BytesIO(b""),
        length=0,
        http_headers=StatusAndHeaders(f"GET {target} HTTP/1.1", headers, is_http_request=True),
        warc_headers_dict={"WARC-Date": snapshot.fetched_at},
    )
    return request, response

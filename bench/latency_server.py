"""Slow HTTP hosts for the fetch benchmark: one server per 127.0.0.x, each answering late.

Run alone to poke at it:  .venv/bin/python bench/latency_server.py --hosts 3 --delay 1
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Bench page {path}</title></head>"
    "<body><article><h1>Bench page</h1><p>{words}</p></article></body></html>"
)


class _QuietServer(ThreadingHTTPServer):
    """A client that gave up before a late answer is the point here, not an error to print."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class SlowHost:
    """A threaded HTTP server on `host` (port 0) answering every path after `delay` seconds."""

    def __init__(self, host: str, delay: float) -> None:
        self.delay = delay
        self.hits = 0
        self._lock = threading.Lock()
        self._httpd = _QuietServer((host, 0), self._handler())
        self._httpd.daemon_threads = True
        # Room for a burst of simultaneous connections from the fetcher.
        self._httpd.request_queue_size = 64
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def origin(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> SlowHost:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def _count(self) -> None:
        with self._lock:
            self.hits += 1

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        host = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                """Quiet."""

            def do_GET(self) -> None:
                host._count()
                time.sleep(host.delay)
                if self.path == "/robots.txt":
                    body, kind = b"User-agent: *\nAllow: /\n", "text/plain"
                else:
                    text = PAGE.format(path=self.path, words="word " * 400)
                    body, kind = text.encode(), "text/html; charset=utf-8"
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler


def start_hosts(count: int, delay: float) -> list[SlowHost]:
    """`count` slow hosts on 127.0.0.2, 127.0.0.3, … (distinct hosts for politeness keys)."""
    return [SlowHost(f"127.0.0.{i + 2}", delay).start() for i in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hosts", type=int, default=3)
    parser.add_argument("--delay", type=float, default=1.0)
    args = parser.parse_args()
    hosts = start_hosts(args.hosts, args.delay)
    for host in hosts:
        print(host.origin)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        for host in hosts:
            host.stop()


if __name__ == "__main__":
    main()

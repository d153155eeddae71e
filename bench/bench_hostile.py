"""What hostile sources cost: deep markup, a source slower than its deadline, Ctrl-C.

    .venv/bin/python bench/bench_hostile.py [--deadline 6] [--depth 300000]

- deep pages: `parse_snapshot` and the fetcher's wall checks (`assess_snapshot`) on a page
  nested `--depth` levels, and whether its text survived;
- a slow source: a host answering after 60 s, fetched with the deadline scaled down to
  `--deadline` seconds, read timeout a third of it, the end-of-run confirm pass on; the
  ceiling is the deadline, whatever the retries and the confirm pass;
- an interrupt: seconds from Ctrl-C (`_thread.interrupt_main`) to `fetch_all` raising,
  with eight sources in flight on that slow host.
"""

from __future__ import annotations

import _thread
import argparse
import hashlib
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from latency_server import SlowHost

from briefcheck.fetch import FetchOptions, FetchRequest, fetch_all
from briefcheck.fetch.content import assess_snapshot
from briefcheck.models import Snapshot
from briefcheck.parse import parse_snapshot

SENTENCE = "The law was adopted on 8 September 2022 in Pyongyang."


def deep_snapshot(depth: int) -> Snapshot:
    """An HTML snapshot whose one sentence sits `depth` elements deep."""
    body = (
        f"<html><body>{'<div>' * depth}<p>{SENTENCE}</p>{'</div>' * depth}</body></html>"
    ).encode()
    return Snapshot(
        url="https://example.org/deep",
        final_url="https://example.org/deep",
        http_status=200,
        headers=(("Content-Type", "text/html; charset=utf-8"),),
        body=body,
        sha256=hashlib.sha256(body).hexdigest(),
        fetched_at="2026-01-01T00:00:00Z",
        content_type="text/html",
    )


def bench_deep_pages(depth: int) -> None:
    for levels in (100, 1_000, depth):
        snapshot = deep_snapshot(levels)
        started = time.perf_counter()
        status, _ = assess_snapshot(snapshot)
        assessed = time.perf_counter() - started
        started = time.perf_counter()
        page = parse_snapshot(snapshot)
        parsed = time.perf_counter() - started
        print(
            f"page nested {levels:>7,} deep ({len(snapshot.body) / 1e6:.1f} MB): wall checks "
            f"{assessed:.2f} s ({status.value}), parse {parsed:.2f} s, "
            f"text kept: {SENTENCE in page.text}"
        )


def bench_slow_source(host: SlowHost, deadline: float) -> None:
    options = FetchOptions(
        trusted_origins=(host.origin,),
        deadline_s=deadline,
        read_timeout_s=deadline / 3,
        confirm_delay_s=0.5,
        wayback=False,
    )
    started = time.perf_counter()
    (result,) = fetch_all([FetchRequest(f"{host.origin}/slow")], options)
    wall = time.perf_counter() - started
    print(
        f"source answering after {host.delay:.0f} s, deadline {deadline:.1f} s: {wall:.2f} s "
        f"in all ({wall / deadline:.2f} x the deadline), {result.status.value} "
        f"({result.reason}), {result.attempts} attempts; {'; '.join(result.notes)}"
    )


def bench_interrupt(host: SlowHost) -> None:
    options = FetchOptions(trusted_origins=(host.origin,), wayback=False)
    requests = [FetchRequest(f"{host.origin}/in-flight/{i}") for i in range(8)]
    fired: list[float] = []

    def interrupt() -> None:
        fired.append(time.perf_counter())
        _thread.interrupt_main()

    timer = threading.Timer(1.0, interrupt)
    timer.start()
    try:
        fetch_all(requests, options)
    except KeyboardInterrupt:
        latency = time.perf_counter() - fired[0]
    else:
        raise SystemExit("fetch_all ended before the interrupt")
    print(f"Ctrl-C with 8 sources in flight: fetch_all raised {latency:.2f} s after it")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--deadline", type=float, default=6.0)
    parser.add_argument("--depth", type=int, default=300_000)
    args = parser.parse_args()
    bench_deep_pages(args.depth)
    host = SlowHost("127.0.0.2", 60.0).start()
    try:
        bench_slow_source(host, args.deadline)
        bench_interrupt(host)
    finally:
        host.stop()


if __name__ == "__main__":
    main()

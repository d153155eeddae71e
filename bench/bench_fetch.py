"""Fetch benchmark: many slow hosts in parallel, one host under its limit, then the cache.

    .venv/bin/python bench/bench_fetch.py [--delay 1.0] [--sources 20]

Politeness is keyed by host name (not port), so the 20 "hosts" are 20 loopback addresses.
Every host answers every request (robots.txt included) after `--delay` seconds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from latency_server import SlowHost, start_hosts

from briefcheck import settings
from briefcheck.fetch import FetchOptions, FetchRequest, FetchRun
from briefcheck.fetch.client import fetch_all_in
from briefcheck.models import SourceStatus


def timed_run(requests: list[FetchRequest], options: FetchOptions) -> tuple[float, int, int]:
    """(wall seconds, sources ok, requests the run sent)."""
    run = FetchRun(options)
    started = time.perf_counter()
    results = fetch_all_in(run, requests)
    wall = time.perf_counter() - started
    ok = sum(r.status is SourceStatus.OK for r in results)
    return wall, ok, run.requests_sent


def total_hits(hosts: list[SlowHost]) -> int:
    return sum(h.hits for h in hosts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--delay", type=float, default=1.0)
    parser.add_argument("--sources", type=int, default=20)
    args = parser.parse_args()
    n = args.sources
    cache = Path(tempfile.mkdtemp(prefix="briefcheck-bench-"))

    hosts = start_hosts(n, args.delay)
    origins = tuple(h.origin for h in hosts)
    many = [FetchRequest(f"{h.origin}/article/{i}") for i, h in enumerate(hosts)]
    options = FetchOptions(cache_dir=cache / "many", trusted_origins=origins)
    wall, ok, sent = timed_run(many, options)
    print(
        f"cold, {n} sources on {n} hosts, {args.delay:.1f} s each (robots.txt + page): "
        f"{wall:.2f} s wall, {ok}/{n} ok, {sent} requests"
    )
    before = total_hits(hosts)
    wall, ok, sent = timed_run(many, options)
    print(
        f"second run from cache: {wall:.3f} s wall, {ok}/{n} ok, "
        f"{total_hits(hosts) - before} requests reached the servers (client sent {sent})"
    )
    for host in hosts:
        host.stop()

    one = SlowHost("127.0.0.2", args.delay).start()
    same = [FetchRequest(f"{one.origin}/article/{i}") for i in range(n)]
    limit = settings.PER_HOST_CONCURRENCY
    options = FetchOptions(cache_dir=cache / "one", trusted_origins=(one.origin,))
    wall, ok, sent = timed_run(same, options)
    expected = args.delay * (1 + n / limit)
    print(
        f"cold, {n} sources on one host, per-host limit {limit}, interval "
        f"{settings.PER_HOST_INTERVAL_S} s: {wall:.2f} s wall (limit predicts "
        f"{expected:.1f} s = robots + {n}/{limit} x {args.delay:.1f} s), {ok}/{n} ok, "
        f"{one.hits} requests"
    )
    one.stop()


if __name__ == "__main__":
    main()

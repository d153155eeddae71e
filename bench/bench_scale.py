"""Scale: one `verify_briefs` run over N briefs × 20 sources drawn from 500 distinct pages.

Each size runs in its own process, so peak memory (ru_maxrss) is that run's own. Prints wall
time, checks per second, peak RSS and peak Python heap (tracemalloc), and growth between sizes.

    python -m bench.bench_scale                 # 10 and 100 briefs
    python -m bench.bench_scale --sizes 10 100 500   # add the 500-brief run (about 4x longer)
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from tests.support.corpus import LatencyServer, build_corpus, rebase, start_prefect_api

ROOT = Path(__file__).parents[1]


def run_one(briefs: int, sources: int, pages: int, latency: float, heap: bool) -> dict:
    """Build a corpus, serve it, verify it in one flow run; the figures as a dict."""
    work = Path(tempfile.mkdtemp(prefix=f"bench-scale-{briefs}-"))
    os.environ["PREFECT_HOME"] = str(work / "prefect")
    from briefcheck.flows.env import configure_prefect

    configure_prefect(work / "cache")
    from briefcheck.flows.verify import verify_briefs
    from briefcheck.pipeline import VerifyOptions

    corpus = build_corpus(work / "corpus", briefs, sources, pages, seed=5)
    with LatencyServer(corpus.pages, latency, hosts=25) as server:
        rebase(corpus, server.url)
        opts = VerifyOptions(
            brief=corpus.briefs[0],
            out=work / "reports",
            cache=work / "cache",
            allow_private_hosts=True,
            write_warc=False,
        )
        api_s = start_prefect_api()
        if heap:
            tracemalloc.start()
        started = time.perf_counter()
        result = verify_briefs([str(corpus.root)], opts)
        wall = time.perf_counter() - started
        peak_heap = tracemalloc.get_traced_memory()[1] if heap else 0
        fetched = server.page_hits()
    checks = sum(sum(r.report.summary.values()) for r in result.runs)
    return {
        "briefs": briefs,
        "urls": result.urls,
        "fetched": fetched,
        "checks": checks,
        "wall_s": round(wall, 2),
        "api_start_s": round(api_s, 1),
        "checks_per_s": round(checks / wall, 1),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "peak_heap_mib": round(peak_heap / 2**20, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--sources", type=int, default=20)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per response")
    parser.add_argument("--heap", action="store_true", help="also trace the Python heap (slower)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        figures = run_one(args.one, args.sources, args.pages, args.latency, args.heap)
        print(json.dumps(figures))
        return
    rows = []
    for size in args.sizes:
        command = [sys.executable, "-m", "bench.bench_scale", "--one", str(size)]
        command += ["--sources", str(args.sources), "--pages", str(args.pages)]
        command += ["--latency", str(args.latency)] + (["--heap"] if args.heap else [])
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), flush=True)
    print(f"\n{'briefs':>6} {'urls':>5} {'checks':>7} {'wall s':>8} {'checks/s':>9} {'RSS MiB':>8}")
    for row in rows:
        print(
            f"{row['briefs']:>6} {row['urls']:>5} {row['checks']:>7} {row['wall_s']:>8} "
            f"{row['checks_per_s']:>9} {row['peak_rss_mib']:>8}"
        )
    for before, after in itertools.pairwise(rows):
        grow = {k: after[k] / before[k] for k in ("wall_s", "checks", "peak_rss_mib")}
        print(
            f"{before['briefs']} → {after['briefs']} briefs: wall ×{grow['wall_s']:.1f}, "
            f"checks ×{grow['checks']:.1f}, peak RSS ×{grow['peak_rss_mib']:.2f}"
        )


if __name__ == "__main__":
    main()

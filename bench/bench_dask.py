"""Dask runner vs the default thread pool: one `verify_briefs` run each over the same corpus.

Both runs parse and match afresh (`refresh`), on a snapshot cache filled beforehand so the
network is out of the comparison. The Dask run uses a local cluster of two worker processes
(or `--address` of a running scheduler); its cluster start-up is included, as a user pays it.

    python -m bench.bench_dask [--briefs 20] [--address tcp://host:8786]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from tests.support.corpus import LatencyServer, build_corpus, rebase, start_prefect_api


def _checks(run_dir: str) -> list[tuple[str, str]]:
    report = json.loads((Path(run_dir) / "report.json").read_text(encoding="utf-8"))
    return sorted((c["id"], c["verdict"]) for c in report["checks"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, default=20)
    parser.add_argument("--sources", type=int, default=20)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--address", default="local", help="Dask scheduler, or `local`")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-dask-"))
    os.environ["PREFECT_HOME"] = str(work / "prefect")
    from briefcheck.flows.env import configure_prefect

    configure_prefect(work / "cache")
    from briefcheck.flows.verify import run_many_flow
    from briefcheck.pipeline import VerifyOptions

    corpus = build_corpus(work / "corpus", args.briefs, args.sources, args.pages, seed=9)
    with LatencyServer(corpus.pages, 0.0, hosts=25) as server:
        rebase(corpus, server.url)

        def opts(name: str) -> VerifyOptions:
            return VerifyOptions(
                brief=corpus.briefs[0],
                out=work / name,
                cache=work / "cache",
                allow_private_hosts=True,
                write_warc=False,
            )

        start_prefect_api()
        run_many_flow([str(corpus.root)], opts("fill"))  # fills the snapshot cache
        timings, results = {}, {}
        for name, dask in (("default", None), ("dask", args.address)):
            started = time.perf_counter()
            results[name] = run_many_flow([str(corpus.root)], opts(name), dask, refresh=True)
            timings[name] = time.perf_counter() - started
    same = all(
        _checks(a.run_dir) == _checks(b.run_dir)
        for a, b in zip(results["default"].runs, results["dask"].runs, strict=True)
    )
    checks = sum(sum(r.report.summary.values()) for r in results["default"].runs)
    print(f"{args.briefs} briefs × {args.sources} sources, {results['default'].urls} pages")
    print(f"{checks} checks; parse + match recomputed in both runs; same reports: {same}")
    print(
        f"default (threads) {timings['default']:.1f}s · dask ({args.address}, 2 workers) "
        f"{timings['dask']:.1f}s · dask/default {timings['dask'] / timings['default']:.2f}x"
    )


if __name__ == "__main__":
    main()

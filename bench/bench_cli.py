"""Issue 12's speed targets, measured through the real command line (one process per run).

Every run is `python -m briefcheck verify …` in a subprocess, on the default (Prefect) path
unless `--no-orchestrator` adds the plain path beside it, with a fresh PREFECT_HOME for this
benchmark and fresh --cache/--out folders per case. The brief is the synthetic corpus's
(tests/support/corpus.py): 20 sources, one page each on its own loopback host.

1. `briefcheck extract BRIEF` on that brief: the reference time.
2. Cold first run, warm re-run (nothing changed), one-sentence edit; warm and edit ≤ 3× extract.
3. Fetch latency: 20 hosts (127.0.0.2–21) answering after 1 s, cold, minus the same with
   hosts answering at once: adds ≤ 2.5 s.
4. One slow host (45 s before any byte) among 20: the first run ends in ≤ 120 s, that
   source unchecked (`--skip-slow-host` leaves this case out: it takes about a minute).
5. A malformed sources.yaml: exit 2, one line on stderr, in < 2 s.

    python -m bench.bench_cli [--repeat N] [--no-orchestrator] [--skip-slow-host] [--json]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.bench_pipeline import edit_one_sentence
from bench.latency_server import SlowHost
from tests.support.corpus import Corpus, LatencyServer, build_corpus, rebase

ROOT = Path(__file__).resolve().parents[1]
SOURCES = 20
SLOW_HOST_DELAY_S = 45.0
FETCH_DELAY_S = 1.0
# `python -m briefcheck` once the package has a __main__; until then its CLI package's.
_MODULE = "briefcheck" if importlib.util.find_spec("briefcheck.__main__") else "briefcheck.cli"
CLI = [sys.executable, "-m", _MODULE]
# A run that falls back to the plain steps says so (briefcheck/cli/orchestrate.py).
FALLBACK_MARK = "running without the orchestrator"
DEFAULT, PLAIN = "default", "plain"


@dataclass
class Run:
    """One command's wall time, exit code and output."""

    seconds: float
    code: int
    stdout: str
    stderr: str

    @property
    def fell_back(self) -> bool:
        return FALLBACK_MARK in self.stderr


@dataclass
class Figure:
    """A measured row: samples in seconds (median shown), a target, a note."""

    name: str
    samples: list[float] = field(default_factory=list)
    target: str = ""
    passed: bool | None = None
    note: str = ""

    @property
    def value(self) -> float:
        return statistics.median(self.samples)

    def shown(self) -> str:
        text = f"{self.value:.2f} s"
        if len(self.samples) > 1:
            text += f" ({min(self.samples):.2f}–{max(self.samples):.2f})"
        return text


class Bench:
    """Runs the CLI with one PREFECT_HOME and fresh folders per case, under a work folder."""

    def __init__(self, work: Path, verbose: bool) -> None:
        self.work = work
        self.verbose = verbose
        self._cases = 0
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        self.env.update(
            PREFECT_HOME=str(work / "prefect-home"),
            PREFECT_SERVER_ANALYTICS_ENABLED="false",
            DO_NOT_TRACK="1",
            PYTHONUNBUFFERED="1",
        )
        self.env.pop("PYTHONPATH", None)
        self.fallbacks: list[str] = []

    def log(self, message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    def run(self, args: Sequence[str], what: str, timeout: float = 600) -> Run:
        started = time.perf_counter()
        done = subprocess.run(
            [*CLI, *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        run = Run(time.perf_counter() - started, done.returncode, done.stdout, done.stderr)
        self.log(f"  {what}: {run.seconds:.2f} s, exit {run.code}")
        if self.verbose and run.stderr.strip():
            self.log("    " + run.stderr.strip().replace("\n", "\n    "))
        if run.fell_back:
            self.fallbacks.append(what)
        return run

    def folder(self, name: str) -> Path:
        """A fresh folder for one case's brief, cache and reports."""
        self._cases += 1
        path = self.work / f"{self._cases:02d}-{name}"
        path.mkdir(parents=True)
        return path

    def corpus(self, name: str) -> tuple[Corpus, Path]:
        """The 20-source synthetic brief (the same text every time) in a fresh folder."""
        case = self.folder(name)
        return build_corpus(case / "corpus", briefs=1, sources=SOURCES, pages=SOURCES), case

    def verify(self, brief: Path, case: Path, path: str, what: str, timeout: float = 600) -> Run:
        """`verify BRIEF` with the case's sources.yaml, cache and reports folders."""
        run = self.run(verify_args(brief, case, path), f"{what} [{path}]", timeout)
        if run.code not in (0, 1):
            raise SystemExit(f"{what} [{path}] exited {run.code}:\n{run.stderr[-3000:]}")
        return run


def verify_args(brief: Path, case: Path, path: str) -> list[str]:
    """The `verify` arguments of a case: its sources.yaml, cache and reports, on `path`."""
    return [
        "verify",
        str(brief),
        "--sources",
        str(brief.parent / "sources.yaml"),
        "--cache",
        str(case / f"cache-{path}"),
        "--out",
        str(case / f"reports-{path}"),
        "--allow-private-hosts",
        *(["--no-orchestrator"] if path == PLAIN else []),
    ]


def ratio_figure(name: str, samples: list[float], reference: float, limit: float) -> Figure:
    figure = Figure(name, samples, f"≤ {limit:g}× extract")
    ratio = figure.value / reference
    figure.passed = ratio <= limit
    figure.note = f"{ratio:.1f}× extract"
    return figure


def bench_extract(bench: Bench, repeat: int) -> Figure:
    corpus, _ = bench.corpus("extract")
    brief = str(corpus.briefs[0])
    samples = []
    for i in range(repeat):
        run = bench.run(["extract", brief], f"extract #{i + 1}")
        if run.code != 0:
            raise SystemExit(f"extract exited {run.code}:\n{run.stderr[-3000:]}")
        samples.append(run.seconds)
    figure = Figure("extract BRIEF (reference)", samples, "(reference)")
    figure.note = f"{SOURCES}-source synthetic brief"
    return figure


def bench_rerun(
    bench: Bench, path: str, repeat: int, latency: float, reference: float
) -> list[Figure]:
    corpus, case = bench.corpus(f"rerun-{path}")
    brief = corpus.briefs[0]
    with LatencyServer(corpus.pages, latency, hosts=SOURCES) as server:
        rebase(corpus, server.url)
        colds = []
        for i in range(repeat):
            # Every cold run gets its own cache and reports; the last one's are re-run below.
            shutil.rmtree(case / f"cache-{path}", ignore_errors=True)
            shutil.rmtree(case / f"reports-{path}", ignore_errors=True)
            colds.append(bench.verify(brief, case, path, f"cold #{i + 1}").seconds)
        hits = server.page_hits()
        warms = [bench.verify(brief, case, path, f"warm #{i + 1}").seconds for i in range(repeat)]
        edits = []
        for i in range(repeat):
            before = brief.read_text(encoding="utf-8")
            edit_one_sentence(brief, i)
            assert brief.read_text(encoding="utf-8") != before, "the edit changed nothing"
            edits.append(bench.verify(brief, case, path, f"one-sentence edit #{i + 1}").seconds)
        refetched = server.page_hits() - hits
    cold = Figure("cold first run", colds, note=f"{latency * 1000:.0f} ms per response")
    warm = ratio_figure("warm re-run (nothing changed)", warms, reference, 3)
    edit = ratio_figure("one-sentence edit", edits, reference, 3)
    if refetched:
        warm.note += f"; {refetched} page(s) refetched"
    return [cold, warm, edit]


def bench_latency(bench: Bench, path: str, repeat: int) -> Figure:
    """Cold with every host answering after 1 s, minus cold with them answering at once."""
    corpus, case = bench.corpus(f"latency-{path}")
    brief = corpus.briefs[0]
    times: dict[float, list[float]] = {0.0: [], FETCH_DELAY_S: []}
    for i in range(repeat):
        for delay in times:
            shutil.rmtree(case / f"cache-{path}", ignore_errors=True)
            with LatencyServer(corpus.pages, delay, hosts=SOURCES) as server:
                rebase(corpus, server.url)
                what = f"cold, hosts answer after {delay:g} s, #{i + 1}"
                times[delay].append(bench.verify(brief, case, path, what).seconds)
    slow, fast = times[FETCH_DELAY_S], times[0.0]
    added = [s - f for s, f in zip(slow, fast, strict=True)]
    figure = Figure(f"fetch latency added ({SOURCES} hosts × {FETCH_DELAY_S:g} s)", added)
    figure.target = "≤ 2.5 s"
    figure.passed = figure.value <= 2.5
    figure.note = f"cold {statistics.median(slow):.2f} s − {statistics.median(fast):.2f} s"
    if figure.value < 0:
        figure.note += " (below run-to-run noise: try --repeat 3)"
    return figure


def bench_slow_host(bench: Bench, path: str, latency: float) -> Figure:
    """One of the 20 hosts sends nothing for 45 s; the run must end, that source unchecked."""
    corpus, case = bench.corpus(f"slow-host-{path}")
    brief = corpus.briefs[0]
    slow_path = sorted(corpus.pages)[-1]
    others = {p: page for p, page in corpus.pages.items() if p != slow_path}
    slow = SlowHost(f"127.0.0.{SOURCES + 1}", SLOW_HOST_DELAY_S).start()
    try:
        with LatencyServer(others, latency, hosts=SOURCES - 1) as server:
            rebase(corpus, lambda p: slow.origin + p if p == slow_path else server.url(p))
            what = f"first run, one host {SLOW_HOST_DELAY_S:g} s"
            run = bench.verify(brief, case, path, what, timeout=600)
    finally:
        slow.stop()
    figure = Figure(f"one slow host ({SLOW_HOST_DELAY_S:g} s) first run", [run.seconds])
    figure.target = "≤ 120 s, source unchecked"
    report = json.loads(
        (case / f"reports-{path}" / "latest" / "report.json").read_text(encoding="utf-8")
    )
    source = next(s for s in report["sources"] if (s.get("url") or "").startswith(slow.origin))
    not_ok = sum(s["status"] != "ok" for s in report["sources"])
    checks = [c for c in report["checks"] if c["ref"] == source["ref"]]
    unchecked = sum(c["verdict"] == "unchecked" for c in checks)
    figure.note = (
        f"slow source {source['status']}, {unchecked}/{len(checks)} of its checks unchecked; "
        f"{not_ok}/{len(report['sources'])} sources not ok"
    )
    figure.passed = run.seconds <= 120 and source["status"] != "ok" and unchecked == len(checks)
    return figure


def bench_bad_input(bench: Bench, path: str, repeat: int) -> Figure:
    corpus, case = bench.corpus(f"bad-input-{path}")
    brief = corpus.briefs[0]
    (brief.parent / "sources.yaml").write_text(
        'sources:\n  "1": {url: "http://127.0.0.2/x"\n  "2": [unclosed\n', encoding="utf-8"
    )
    samples, lines, codes = [], set(), set()
    for i in range(repeat):
        run = bench.run(verify_args(brief, case, path), f"malformed sources.yaml #{i + 1} [{path}]")
        samples.append(run.seconds)
        codes.add(run.code)
        lines.add(len(run.stderr.strip().splitlines()))
    figure = Figure("malformed sources.yaml → exit 2", samples, "< 2 s, exit 2")
    figure.passed = figure.value < 2 and codes == {2}
    figure.note = f"exit {', '.join(map(str, sorted(codes)))}; stderr lines {sorted(lines)}"
    return figure


def measure(args: argparse.Namespace, bench: Bench) -> dict[str, list[Figure]]:
    """Every figure for each path, in the table's order."""
    paths = [DEFAULT, PLAIN] if args.no_orchestrator else [DEFAULT]
    bench.log("extract:")
    reference = bench_extract(bench, args.repeat)
    results: dict[str, list[Figure]] = {}
    for path in paths:
        bench.log(f"malformed sources.yaml [{path}]:")
        bad = bench_bad_input(bench, path, args.repeat)
        bench.log(f"cold / warm / edit [{path}]:")
        figures = [reference, *bench_rerun(bench, path, args.repeat, args.latency, reference.value)]
        bench.log(f"fetch latency [{path}]:")
        figures.append(bench_latency(bench, path, args.repeat))
        if not args.skip_slow_host:
            bench.log(f"one slow host [{path}]:")
            figures.append(bench_slow_host(bench, path, args.latency))
        results[path] = [*figures, bad]
    return results


def print_table(results: dict[str, list[Figure]]) -> None:
    paths = list(results)
    verdict = ["result"] if len(paths) == 1 else [f"{p} result" for p in paths]
    rows = [["figure", *(f"{p} path" for p in paths), "target", *verdict]]
    for i, first in enumerate(results[paths[0]]):
        figures = [results[p][i] for p in paths]
        values = [f.shown() + (f" · {f.note}" if f.note else "") for f in figures]
        verdicts = ["" if f.passed is None else ("PASS" if f.passed else "FAIL") for f in figures]
        rows.append([first.name, *values, first.target or "—", *verdicts])
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
    for n, row in enumerate(rows):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs per figure (median shown)")
    parser.add_argument(
        "--no-orchestrator",
        action="store_true",
        help="also measure the plain path (verify --no-orchestrator), side by side",
    )
    parser.add_argument(
        "--skip-slow-host", action="store_true", help="leave out the 45 s host (about a minute)"
    )
    parser.add_argument(
        "--latency", type=float, default=0.05, help="seconds per response for cases 2 and 4"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--verbose", action="store_true", help="show each command's stderr")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    work = Path(tempfile.mkdtemp(prefix="bench-cli-"))
    bench = Bench(work, args.verbose)
    bench.log(f"{' '.join(CLI[1:])} … in {work} (PREFECT_HOME {bench.env['PREFECT_HOME']})")
    started = time.perf_counter()
    try:
        results = measure(args, bench)
    finally:
        if args.keep:
            bench.log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    total = time.perf_counter() - started
    if args.json:
        doc = {
            "command": CLI[1:],
            "repeat": args.repeat,
            "total_s": round(total, 2),
            "fallbacks": bench.fallbacks,
            "paths": {
                path: [
                    {
                        "figure": f.name,
                        "seconds": round(f.value, 3),
                        "samples": [round(s, 3) for s in f.samples],
                        "target": f.target or None,
                        "pass": f.passed,
                        "note": f.note,
                    }
                    for f in figures
                ]
                for path, figures in results.items()
            },
        }
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    print_table(results)
    print(
        f"\n{len(results[DEFAULT])} figures per path, --repeat {args.repeat}, {total:.0f} s in all"
    )
    if bench.fallbacks:
        print(f"warning: fell back to the plain path in: {', '.join(bench.fallbacks)}")


if __name__ == "__main__":
    main()

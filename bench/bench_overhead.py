"""A warm flow run's overhead over the plain path, on the bundled brief (issue 12: < 1 s).

`python -m briefcheck verify --offline` on the bundled brief, warm (briefcheck's server
already running, the brief's sources already tried), alternating the default (Prefect) path
and `--no-orchestrator` so that both see the same machine; `extract` on the same brief for
reference. Each figure is the median of `--repeat` runs, wall and CPU (the command and its
children: the forked extraction counts, briefcheck's detached server does not).

    python -m bench.bench_overhead [--repeat N]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import tempfile
from pathlib import Path

from bench.bench_cli import DEFAULT, PLAIN, Bench

TARGET_S = 1.0


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _args(case: Path, path: str) -> list[str]:
    return ["verify", "--offline", "--cache", str(case / "cache"), "--out", str(case / path),
            *(["--no-orchestrator"] if path == PLAIN else [])]  # fmt: skip


def measure(bench: Bench, repeat: int) -> dict[str, tuple[list[float], list[float]]]:
    case = bench.folder("bundled")
    for path in (DEFAULT, PLAIN):  # warm: the server started, the cache folders made
        bench.run(_args(case, path), f"warm-up [{path}]")
    samples: dict[str, tuple[list[float], list[float]]] = {
        DEFAULT: ([], []),
        PLAIN: ([], []),
        "extract": ([], []),
    }
    for i in range(repeat):
        for path in (DEFAULT, PLAIN, "extract"):
            before = _cpu()
            args = ["extract", "briefs/brief.txt"] if path == "extract" else _args(case, path)
            run = bench.run(args, f"{path} #{i + 1}")
            if run.code not in (0, 1):
                raise SystemExit(f"{path} exited {run.code}:\n{run.stderr[-3000:]}")
            samples[path][0].append(run.seconds)
            samples[path][1].append(_cpu() - before)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per path (median shown)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-overhead-"))
    bench = Bench(work, verbose=False)
    try:
        samples = measure(bench, args.repeat)
    finally:
        bench.run(["server", "stop", "--cache", str(work / "01-bundled" / "cache")], "stop")
        shutil.rmtree(work, ignore_errors=True)
    med = {k: (statistics.median(w), statistics.median(c)) for k, (w, c) in samples.items()}
    for name, (wall, cpu) in med.items():
        walls = samples[name][0]
        print(f"{name:8} wall {wall:.2f} s ({min(walls):.2f}–{max(walls):.2f})  cpu {cpu:.2f} s")
    overhead = med[DEFAULT][0] - med[PLAIN][0]
    verdict = "PASS" if overhead < TARGET_S else "FAIL"
    cpu = med[DEFAULT][1] - med[PLAIN][1]
    print(
        f"overhead of the default path: {overhead:.2f} s wall, {cpu:.2f} s cpu "
        f"(target < {TARGET_S:g} s wall: {verdict})"
    )
    if bench.fallbacks:
        print(f"warning: fell back to the plain steps in {', '.join(bench.fallbacks)}")


if __name__ == "__main__":
    main()

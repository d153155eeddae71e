"""Extraction speed on the bundled brief: model load, then extraction, per pipeline mode.

usage: python bench/bench_extract.py [BRIEF] [--repeat N]
Each mode runs in a fresh process so that its model load time is measured cold.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODES = {"trained": None, "rules-only": ""}


def _measure(brief: Path, repeat: int) -> dict[str, float | str | int]:
    """Load the pipeline, extract once to warm up, then time `repeat` extractions."""
    from briefcheck.extractors import extract_brief
    from briefcheck.extractors.nlp import get_nlp, model_name

    t0 = time.perf_counter()
    nlp = get_nlp()
    load_s = time.perf_counter() - t0
    first = extract_brief(brief)
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        extract_brief(brief)
        runs.append(time.perf_counter() - t0)
    words = len(first.text.split())
    median = statistics.median(runs)
    return {
        "model": model_name(nlp),
        "load_s": load_s,
        "extract_ms": median * 1000,
        "words": words,
        "words_per_s": words / median,
        "ms_per_1000_words": median * 1000 / words * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("brief", nargs="?", default=str(ROOT / "briefs" / "brief.txt"))
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_measure(Path(args.brief), args.repeat)))
        return
    print(f"brief: {args.brief} (median of {args.repeat} runs after one warm-up)")
    print(f"{'mode':<11} {'model':<24} {'load s':>7} {'extract ms':>11} {'words':>6} "
          f"{'words/s':>8} {'ms/1k words':>12}")  # fmt: skip
    for mode, setting in MODES.items():
        env = dict(os.environ)
        if setting is None:
            env.pop("BRIEFCHECK_SPACY_MODELS", None)
        else:
            env["BRIEFCHECK_SPACY_MODELS"] = setting
        out = subprocess.run(
            [sys.executable, __file__, args.brief, "--repeat", str(args.repeat), "--child"],
            env=env, capture_output=True, text=True, check=True, cwd=ROOT,
        )  # fmt: skip
        r = json.loads(out.stdout.strip().splitlines()[-1])
        row = (
            f"{mode:<11} {r['model']:<24} {r['load_s']:>7.2f} {r['extract_ms']:>11.1f} "
            f"{r['words']:>6} {r['words_per_s']:>8.0f} {r['ms_per_1000_words']:>12.1f}"
        )
        print(row)


if __name__ == "__main__":
    main()

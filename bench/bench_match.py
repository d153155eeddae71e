"""Time quotation finding: 20 quotations in a 200 KB source, and growth with source length.

Usage: `.venv/bin/python bench/bench_match.py`. The source is built from seeded random
sentences over a 3,000-word vocabulary (so phrases rarely repeat, as in a real page), with
the 20 quotations' true passages planted at random places. Half of the quotations are exact,
half have one word changed (so they go through the alignment path). Preparation (normalise,
tokenise, encode: once per source) is timed apart from the per-quotation search.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from briefcheck.match import find_quote
from briefcheck.match.align import prepare
from briefcheck.match.normalise import normalise_cached
from briefcheck.models import SourceText

SIZES = {"50 KB": 50_000, "200 KB": 200_000, "1 MB": 1_000_000}
QUOTES = 20
REPEATS = 3


def _vocabulary(rng: random.Random) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choices(letters, k=rng.randint(2, 10))) for _ in range(3000)]


def _sentence(rng: random.Random, words: list[str]) -> str:
    body = " ".join(rng.choices(words, k=rng.randint(8, 28)))
    return body[0].upper() + body[1:] + rng.choice([".", ".", ".", "?", ";"])


def build(size: int, seed: int = 7) -> tuple[str, list[str]]:
    """A source of about `size` characters and 20 quotations (half exact, half changed)."""
    rng = random.Random(seed)
    words = _vocabulary(rng)
    planted = [" ".join(rng.choices(words, k=rng.randint(6, 16))) for _ in range(QUOTES)]
    parts: list[str] = []
    length = 0
    while length < size:
        parts.append(_sentence(rng, words))
        length += len(parts[-1]) + 1
        if rng.random() < 0.1:
            parts.append("\n")
    for passage in planted:
        parts.insert(rng.randrange(len(parts)), f"“{passage}.”")
    quotes = []
    for k, passage in enumerate(planted):
        tokens = passage.split()
        if k % 2:
            tokens[len(tokens) // 2] = "zzchanged"
        quotes.append(" ".join(tokens))
    return " ".join(parts), quotes


def run(size: int) -> dict[str, float]:
    text, quotes = build(size)
    prep_times, per_quote = [], []
    verdicts: dict[str, int] = {}
    for _ in range(REPEATS):
        prepare.cache_clear()
        normalise_cached.cache_clear()
        source = SourceText(url="https://example.org/long", text=text)
        t0 = time.perf_counter()
        prepare(text)
        prep_times.append(time.perf_counter() - t0)
        for quote in quotes:
            t1 = time.perf_counter()
            match = find_quote(quote, source)
            per_quote.append(time.perf_counter() - t1)
            verdicts[match.verdict.value] = verdicts.get(match.verdict.value, 0) + 1
    return {
        "chars": len(text),
        "prepare_ms": 1000 * statistics.median(prep_times),
        "per_quote_ms": 1000 * statistics.median(per_quote),
        "max_quote_ms": 1000 * max(per_quote),
        "twenty_ms": 1000 * statistics.median(per_quote) * QUOTES,
        **{v: n // REPEATS for v, n in verdicts.items()},
    }


def main() -> None:
    header = f"{'source':<8}{'chars':>10}{'prepare ms':>12}{'ms/quote':>10}{'max ms':>9}"
    print(header + f"{'20 quotes ms':>14}  verdicts")
    for label, size in SIZES.items():
        r = run(size)
        verdicts = ", ".join(f"{k} {r[k]}" for k in ("verified", "mismatch", "not_found") if k in r)
        print(
            f"{label:<8}{r['chars']:>10}{r['prepare_ms']:>12.1f}{r['per_quote_ms']:>10.2f}"
            f"{r['max_quote_ms']:>9.2f}{r['twenty_ms']:>14.1f}  {verdicts}"
        )


if __name__ == "__main__":
    main()

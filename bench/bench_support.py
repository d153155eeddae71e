"""Time support checks: the bundled brief's claims against 20 sources of 50 KB, and growth
with source length.

Usage: `.venv/bin/python bench/bench_support.py`. Sources are seeded random sentences over a
vocabulary of the brief's own words plus 3,000 made-up ones (so a claim's words occur all
over them, as on a real page about the same subject), with some claims' sentences planted.
Timed apart (CPU seconds of this process, best of 3), in one process after the spaCy model
is loaded (a warm run: the snapshot cache answers, nothing else is cached):
- index: cutting and indexing every source (once per source text);
- claims: reading every distinct claim with spaCy, in one batch (`prepare_claims`);
- checks: ranking and verdicts, for the brief's planned support checks (each claim against
  the works its footnote cites) and for every claim against every source (an upper bound).
"""

from __future__ import annotations

import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from briefcheck import settings
from briefcheck.checks import plan_checks
from briefcheck.extractors import extract_brief
from briefcheck.extractors.dates import find_dates
from briefcheck.extractors.nlp import get_analysis_nlp
from briefcheck.match import sourceindex
from briefcheck.match.support import find_support
from briefcheck.match.terms import clear_claims, prepare_claims
from briefcheck.models import CheckKind, SourceText

ROOT = Path(__file__).resolve().parents[1]
SOURCES = 20
SIZE = 50_000
GROWTH = (10_000, 50_000, 200_000, 1_000_000)
REPEATS = 3


def _vocabulary(rng: random.Random, brief_text: str) -> list[str]:
    own = re.findall(r"[A-Za-z][a-z]+", brief_text)
    letters = "abcdefghijklmnopqrstuvwxyz"
    made_up = ["".join(rng.choices(letters, k=rng.randint(3, 10))) for _ in range(3000)]
    return own + made_up


def build(size: int, words: list[str], planted: list[str], seed: int) -> SourceText:
    """A source of about `size` characters in paragraphs, the `planted` sentences inside."""
    rng = random.Random(seed)
    parts: list[str] = []
    length = 0
    while length < size:
        body = " ".join(rng.choices(words, k=rng.randint(8, 30)))
        if rng.random() < 0.2:
            body += f" in {rng.randint(1900, 2025)}"
        parts.append(body[0].upper() + body[1:] + ".")
        length += len(parts[-1]) + 1
        if rng.random() < 0.2:
            parts.append("\n")
    for sentence in planted:
        parts.insert(rng.randrange(len(parts)), sentence)
    text = " ".join(parts).replace(" \n ", "\n")
    return SourceText(url=f"https://bench.example/{seed}", text=text, dates=tuple(find_dates(text)))


def _clock(fn) -> float:  # type: ignore[no-untyped-def]
    """CPU seconds of this process: the machine is shared, and waiting for a core is not ours."""
    start = time.process_time()
    fn()
    return time.process_time() - start


def main() -> None:
    brief = extract_brief(ROOT / settings.BUNDLED_BRIEF)
    support = [p for p in plan_checks(brief) if p.kind is CheckKind.SUPPORT]
    claims = sorted({p.claimed for p in support})
    works = sorted({p.work for p in support})
    rng = random.Random(3)
    words = _vocabulary(rng, brief.text)
    home = {w: i % SOURCES for i, w in enumerate(works)}
    planted: dict[int, list[str]] = {i: [] for i in range(SOURCES)}
    for p in support[::3]:
        planted[home[p.work]].append(p.claimed)
    sources = [build(SIZE, words, planted[i], seed=i) for i in range(SOURCES)]
    get_analysis_nlp()
    print(f"bundled brief: {len(claims)} claim texts, {len(support)} support checks planned, ")
    print(f"{len(works)} works mapped onto {SOURCES} sources of {SIZE // 1000} KB\n")

    rows = []
    for _ in range(REPEATS):
        sourceindex._INDEXES.clear()
        clear_claims()
        index = _clock(lambda: [sourceindex.source_index(s) for s in sources])
        analyse = _clock(lambda: prepare_claims(claims))
        planned = _clock(lambda: [find_support(p.claimed, sources[home[p.work]]) for p in support])
        every = _clock(lambda: [find_support(c, s) for c in claims for s in sources])
        rows.append((index, analyse, planned, every))
    index, analyse, planned, every = (min(col) for col in zip(*rows, strict=True))
    print("| step | CPU s, best of 3 |")
    print("|---|---|")
    print(f"| index {SOURCES} sources | {index:.3f} s |")
    print(f"| read {len(claims)} claims (spaCy, one batch) | {analyse:.3f} s |")
    print(f"| {len(support)} planned support checks | {planned:.3f} s |")
    print(
        f"| warm run total (index + claims + planned checks) | {index + analyse + planned:.3f} s |"
    )
    print(f"| every claim x every source ({len(claims) * SOURCES} checks) | {every:.3f} s |")

    print("\ngrowth with source length (one source, the brief's claims against it):\n")
    print("| source | passages | index | per check (median) |")
    print("|---|---|---|---|")
    for size in GROWTH:
        source = build(size, words, [], seed=99)
        sourceindex._INDEXES.clear()
        built = _clock(lambda: sourceindex.source_index(source))  # noqa: B023
        times = []
        for claim in claims:
            times.append(_clock(lambda: find_support(claim, source)))  # noqa: B023
        n = len(sourceindex.source_index(source).passages)
        per = statistics.median(times) * 1000
        print(f"| {size // 1000} KB | {n} | {built:.3f} s | {per:.2f} ms |")


if __name__ == "__main__":
    main()

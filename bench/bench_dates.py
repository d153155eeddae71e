"""Time date checks: 20 claims against a 200 KB source, with the spaCy parse they need.

Usage: `.venv/bin/python bench/bench_dates.py`. The source is built from seeded random
sentences in which people meet, sign, visit and announce things on dates (so that many
sentences state dates and share words with the claims, as in a long report), with the 20
claims' true sentences planted at random places. Half of the claims state the planted date,
half a moved one. Printed: the pipeline's load time, the first check on the source (which
splits it into passages), and the per-check time after it, median and worst.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from briefcheck.extractors.dates import find_dates
from briefcheck.extractors.nlp import get_event_nlp
from briefcheck.match import check_date
from briefcheck.models import SourceText
from briefcheck.parse.dates import find_source_dates

SIZE = 200_000
CLAIMS = 20
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
PEOPLE = [
    "Kim",
    "Park",
    "Lee",
    "Choi",
    "Wang",
    "Zhang",
    "Tanaka",
    "Sato",
    "Smith",
    "Brown",
    "Garcia",
    "Novak",
    "Silva",
    "Ito",
    "Moon",
    "Han",
    "Liu",
    "Chen",
    "Yamada",
    "Jones",
]
ACTS = [
    "met",
    "signed",
    "visited",
    "announced",
    "opened",
    "launched",
    "adopted",
    "approved",
    "rejected",
    "closed",
]
THINGS = [
    "agreement",
    "plan",
    "treaty",
    "office",
    "programme",
    "fund",
    "summit",
    "committee",
    "statement",
    "road",
    "port",
    "bridge",
    "mission",
    "budget",
    "report",
    "law",
    "forum",
    "exercise",
    "pact",
]


def _date(rng: random.Random) -> str:
    return f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(1990, 2024)}"


def _sentence(rng: random.Random) -> str:
    a, b = rng.sample(PEOPLE, 2)
    return (
        f"{a} {rng.choice(ACTS)} the {rng.choice(THINGS)} with {b} in "
        f"{rng.choice(['Seoul', 'Tokyo', 'Beijing', 'Hanoi', 'Geneva'])} on {_date(rng)}."
    )


def _name(rng: random.Random) -> str:
    return "".join(
        rng.choices("bdfgklmnprstvz", k=1)
        + rng.choices("aeiou", k=1)
        + rng.choices("bdfgklmnprstvz", k=1)
        + rng.choices("aeiou", k=1)
    ).title()


def build(seed: int = 11) -> tuple[str, list[str]]:
    """A source of about SIZE characters and the claims, half faithful, half moved."""
    rng = random.Random(seed)
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < SIZE:
        parts.append(_sentence(rng) + ("\n" if rng.random() < 0.2 else ""))
    claims = []
    for k in range(CLAIMS):
        # Names of their own, so that each claim has one true sentence (as in a real report).
        who, other, accord = (_name(rng) for _ in range(3))
        planted = f"{who} signed the {accord} accord with {other} in Seoul on {_date(rng)}."
        parts.insert(rng.randrange(len(parts)), planted)
        claim = planted
        if k % 2:
            date = find_dates(planted)[-1]
            claim = planted.replace(
                date.text,
                f"{(int(date.value[-2:]) % 27) + 1} {date.text.split()[1]} {date.value[:4]}",
            )
        claims.append(claim)
    return " ".join(parts), claims


def main() -> None:
    t0 = time.perf_counter()
    get_event_nlp()
    load = time.perf_counter() - t0
    text, claims = build()
    source = SourceText(
        url="https://example.org/long", text=text, dates=tuple(find_source_dates(text))
    )
    times, verdicts = [], {}
    for claim in claims:
        date = find_dates(claim)[-1]
        t1 = time.perf_counter()
        match = check_date(date, claim, source)
        times.append(time.perf_counter() - t1)
        verdicts[match.verdict.value] = verdicts.get(match.verdict.value, 0) + 1
    print(f"source: {len(text):,} chars, {len(source.dates):,} date mentions, {len(claims)} claims")
    print(f"pipeline load (once per process): {load:.2f} s")
    print(f"first check (splits the source into passages): {times[0] * 1000:.0f} ms")
    median, worst = statistics.median(times[1:]) * 1000, max(times[1:]) * 1000
    print(f"later checks: median {median:.0f} ms, worst {worst:.0f} ms")
    print(f"verdicts: {verdicts} (10 faithful, 10 moved by a day)")


if __name__ == "__main__":
    main()

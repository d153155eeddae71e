"""Run the gate's quotation cases through briefcheck and quotecheck, side by side.

quotecheck (PyPI) is a bench-only dependency: `.venv/bin/pip install quotecheck`.
Usage: `.venv/bin/python bench/compare_quotecheck.py [--cases]`
Its statuses map to verdicts as: found/interleaved → verified, drift → mismatch,
absent → not_found. It checks quotations only, so date cases are left out.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

try:
    import quotecheck
except ImportError:
    sys.exit("quotecheck is a bench-only dependency: .venv/bin/pip install quotecheck")

from briefcheck.models import CheckKind
from tests.support import gate

VERDICTS = ("verified", "mismatch", "not_found")

_QUOTECHECK_VERDICT = {
    "found": "verified",
    "interleaved": "verified",
    "drift": "mismatch",
    "absent": "not_found",
}


def _quotecheck(quote: str, text: str) -> str:
    try:
        return _QUOTECHECK_VERDICT[quotecheck.check(quote, text).status]
    except (ValueError, IndexError):  # refuses a phrase that folds to nothing; crashes on some
        return "not_found"


def _scores(rows: list[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    out = {}
    for verdict in VERDICTS:
        said = [e for e, g in rows if g == verdict]
        truth = [g for e, g in rows if e == verdict]
        hits = sum(e == verdict for e in said)
        out[verdict] = (hits / len(said) if said else 1.0, hits / len(truth) if truth else 1.0)
    return out


def main() -> None:
    # Listing cases are `unchecked` by design (the page is not the work): not a matcher test.
    quote_cases = [
        c
        for c in gate.all_cases()
        if c.kind is CheckKind.QUOTE and c.relation is None and c.expect in VERDICTS
    ]
    ours: list[tuple[str, str]] = []
    theirs: list[tuple[str, str]] = []
    timings = {"briefcheck": 0.0, "quotecheck": 0.0}
    per_class: dict[str, Counter[str]] = {}
    for case in quote_cases:
        text = gate.source_text(case.page).text
        t0 = time.perf_counter()
        got = gate.run_case(case).got
        t1 = time.perf_counter()
        other = _quotecheck(case.claimed, text)
        t2 = time.perf_counter()
        timings["briefcheck"] += t1 - t0
        timings["quotecheck"] += t2 - t1
        ours.append((case.expect, got))
        theirs.append((case.expect, other))
        tally = per_class.setdefault(case.cls, Counter())
        tally["n"] += 1
        tally["briefcheck"] += got == case.expect
        tally["quotecheck"] += other == case.expect
        if "--cases" in sys.argv and (got != case.expect or other != case.expect):
            print(f"{case.id:<32} expected {case.expect:<10} ours {got:<10} theirs {other}")

    n = len(quote_cases)
    print(f"{n} quotation cases of the hand-labelled gate\n")
    print(f"{'class':<11}{'briefcheck P/R':>18}{'quotecheck P/R':>18}")
    ours_s, theirs_s = _scores(ours), _scores(theirs)
    for verdict in VERDICTS:
        (p1, r1), (p2, r2) = ours_s[verdict], theirs_s[verdict]
        print(f"{verdict:<11}{p1:>10.3f} / {r1:.3f}{p2:>10.3f} / {r2:.3f}")
    false_ours = sum(g == "verified" and e != "verified" for e, g in ours)
    false_theirs = sum(g == "verified" and e != "verified" for e, g in theirs)
    acc_ours = sum(e == g for e, g in ours) / n
    acc_theirs = sum(e == g for e, g in theirs) / n
    print(f"{'accuracy':<11}{acc_ours:>18.3f}{acc_theirs:>18.3f}")
    print(f"{'false ver.':<11}{false_ours:>18}{false_theirs:>18}")
    ms_ours, ms_theirs = (1000 * timings[tool] / n for tool in ("briefcheck", "quotecheck"))
    print(f"{'ms/quote':<11}{ms_ours:>18.3f}{ms_theirs:>18.3f}")
    print(f"\n{'class':<34}{'n':>4}{'briefcheck':>12}{'quotecheck':>12}")
    for cls, tally in sorted(per_class.items()):
        print(f"{cls:<34}{tally['n']:>4}{tally['briefcheck']:>12}{tally['quotecheck']:>12}")


if __name__ == "__main__":
    main()

"""Accuracy gate: extraction scored per field against hand-written gold, with pinned floors.

Lowering a floor is a visible, deliberate change: it is made here and nowhere else.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefcheck.extractors import extract_brief
from tests.support.scoring import REFERENCE_FIELDS, Score, load_gold, score_brief

DATA = Path(__file__).resolve().parents[1] / "data" / "briefs"
FIELDS = (
    "markers", "claims", "references", "quotes", "dates", *(f"ref.{f}" for f in REFERENCE_FIELDS)
)  # fmt: skip

# The pinned floors. Bundled brief: every item right. Labelled set: at least 97% per field.
FLOORS = {
    "bundled": dict.fromkeys(FIELDS, 1.0),
    "set": dict.fromkeys(FIELDS, 0.97),
}
MIN_SET_BRIEFS = 8


def _gold_files() -> list[Path]:
    return sorted(p for p in DATA.glob("*.gold.json") if p.name != "bundled.gold.json")


def _score(gold_path: Path) -> Score:
    gold = load_gold(gold_path)
    return score_brief(extract_brief(DATA / gold["brief"]), gold)


def _check(score: Score, floors: dict[str, float]) -> list[str]:
    low = [
        f"{f}: {score.ratio(f):.3f} < {floor} ({score.right[f]}/{score.total[f]})"
        for f, floor in floors.items()
        if score.ratio(f) < floor
    ]
    return low + score.misses[:30] if low else []


def test_bundled_brief_meets_its_floors(mode: str) -> None:
    score = _score(DATA / "bundled.gold.json")
    assert score.total["claims"] >= 40 and score.total["markers"] == 20
    assert not _check(score, FLOORS["bundled"]), "\n".join(_check(score, FLOORS["bundled"]))


def test_labelled_set_meets_its_floors(mode: str) -> None:
    files = _gold_files()
    if len(files) < MIN_SET_BRIEFS:
        pytest.fail(f"the labelled set has {len(files)} briefs, expected {MIN_SET_BRIEFS}")
    total = Score()
    for path in files:
        total.merge(_score(path))
    problems = _check(total, FLOORS["set"])
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", _gold_files(), ids=lambda p: p.name.split(".")[0])
def test_each_labelled_brief_is_mostly_right(path: Path) -> None:
    score = _score(path)
    worst = min((score.ratio(f), f) for f in FIELDS)
    # Per brief the bar is lower than the set's: one odd footnote should name its brief here
    # while the set-wide floor above stays the pinned one.
    assert worst[0] >= 0.9, f"{worst}\n" + "\n".join(score.misses)

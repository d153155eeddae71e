"""Load the labelled set (tests/data/labelled/cases.yaml) and run it through the matcher."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from briefcheck.extractors.dates import find_dates
from briefcheck.match import check_date, find_quote
from briefcheck.models import DateMention, Match, Snapshot, SourceText
from briefcheck.parse import parse_snapshot
from briefcheck.parse.dates import find_source_dates

LABELLED = Path(__file__).parents[1] / "data" / "labelled"
VERDICTS = ("verified", "mismatch", "not_found")


@dataclass(frozen=True, slots=True)
class Outcome:
    """One labelled case and what the matcher said."""

    case: dict
    match: Match

    @property
    def got(self) -> str:
        return self.match.verdict.value


@cache
def cases() -> tuple[dict, ...]:
    data = yaml.safe_load((LABELLED / "cases.yaml").read_text(encoding="utf-8"))
    return tuple(data["cases"])


@cache
def _seeds() -> dict:
    return yaml.safe_load((LABELLED / "passages.yaml").read_text(encoding="utf-8"))


def page_snapshot(name: str) -> Snapshot:
    """A saved HTML page as the fetcher would hand it over."""
    page = _seeds()["pages"][name]
    body = (LABELLED / page["file"]).read_bytes()
    return Snapshot(
        url=page["url"],
        final_url=page["url"],
        http_status=200,
        headers=(("Content-Type", "text/html; charset=utf-8"),),
        body=body,
        sha256=hashlib.sha256(body).hexdigest(),
        fetched_at="2025-09-20T00:00:00Z",
        content_type="text/html",
    )


@cache
def source_text(name: str) -> SourceText:
    """The SourceText of a seed passage (dates found as the parser finds them) or saved page.

    Raises NotImplementedError while `parse_snapshot` does, for page cases only.
    """
    seeds = _seeds()
    if name in seeds["pages"]:
        return parse_snapshot(page_snapshot(name))
    src = seeds["sources"][name]
    text = src["text"].strip()
    dates = tuple(find_source_dates(text, base_year=src["year"]))
    return SourceText(url=src["url"], text=text, language=src["lang"], dates=dates)


def claimed_date(claim: str, date_text: str) -> DateMention:
    """The date mention the brief's extractor finds in the claim for `date_text`."""
    found = [m for m in find_dates(claim) if m.text == date_text]
    if len(found) != 1:
        raise ValueError(f"{date_text!r} is not one date mention of {claim!r}")
    return found[0]


def run_case(case: dict) -> Outcome:
    source = source_text(case["source"])
    if case["kind"] == "quote":
        return Outcome(case, find_quote(case["quote"], source))
    date = claimed_date(case["claim"], str(case["date"]))
    return Outcome(case, check_date(date, case["claim"], source))


def scores(outcomes: list[Outcome]) -> dict[str, tuple[float, float, int]]:
    """Per verdict class: (precision, recall, support)."""
    out = {}
    for verdict in VERDICTS:
        said = [o for o in outcomes if o.got == verdict]
        truth = [o for o in outcomes if o.case["expected"] == verdict]
        hits = sum(o.case["expected"] == verdict for o in said)
        precision = hits / len(said) if said else 1.0
        recall = hits / len(truth) if truth else 1.0
        out[verdict] = (precision, recall, len(truth))
    return out


def table(outcomes: list[Outcome]) -> str:
    """Per-class precision/recall for quotes, dates and all, and misses per variant."""
    lines = [f"{'set':<8}{'class':<11}{'precision':>10}{'recall':>8}{'support':>9}"]
    for label, subset in (
        ("quote", [o for o in outcomes if o.case["kind"] == "quote"]),
        ("date", [o for o in outcomes if o.case["kind"] == "date"]),
        ("all", outcomes),
    ):
        for verdict, (p, r, n) in scores(subset).items():
            lines.append(f"{label:<8}{verdict:<11}{p:>10.3f}{r:>8.3f}{n:>9}")
    wrong = Counter(o.case["variant"] for o in outcomes if o.got != o.case["expected"])
    total = Counter(o.case["variant"] for o in outcomes)
    if wrong:
        lines.append(
            "variants with misses: "
            + ", ".join(f"{v} {wrong[v]}/{total[v]}" for v in sorted(wrong))
        )
    return "\n".join(lines)

"""Dates: verified in the passage about the claim, mismatch when it gives another date."""

from __future__ import annotations

import pytest

from briefcheck.match.dates import check_date
from briefcheck.models import SourceText, Verdict
from tests.support.match_factories import claimed, mention, source

ARTICLE = source(
    "SEOUL, July 6 (Wire) -- President Yoon ordered the military to swiftly punish North Korea "
    "in case of provocations, his office said.\n"
    "Yoon made the remarks at a meeting with top commanders at the presidential office.\n"
    "The three-axis deterrence system was first drawn up in 2016 after a nuclear test.\n"
    "Most read: Ministry plans joint drills for August 2022",
    base_year=2022,
)

CASES = [
    (
        "month-claim-day-source",
        "Yoon ordered the military to punish North Korea in July 2022",
        "verified",
        "date of the claimed event",
    ),
    (
        "day-exact",
        "Yoon ordered the military to punish North Korea on 6 July 2022",
        "verified",
        "date of the claimed event",
    ),
    (
        "day-moved",
        "Yoon ordered the military to punish North Korea on 7 July 2022",
        "mismatch",
        "the event has another date",
    ),
    (
        "month-moved",
        "Yoon ordered the military to punish North Korea in June 2022",
        "mismatch",
        "the event has another date",
    ),
    (
        "year-moved",
        "Yoon ordered the military to punish North Korea in July 2021",
        "mismatch",
        "the event has another date",
    ),
    (
        "year-in-passage",
        "the three-axis deterrence system was drawn up in 2016",
        "verified",
        "date of the claimed event",
    ),
    # 2016 dates the drawing up of the three-axis system, not a change of policy.
    (
        "year-elsewhere",
        "South Korea's policy changed in 2016",
        "not_found",
        "date belongs to another event",
    ),
    ("year-absent", "the plan was revised in 2019", "not_found", "date not in source"),
    (
        "unrelated-passage",
        "The border bridge opened to traffic in August 2022",
        "not_found",
        "date belongs to another event",
    ),
]


@pytest.mark.parametrize(
    ("claim", "verdict", "reason"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_date_verdicts(claim: str, verdict: str, reason: str) -> None:
    match = check_date(claimed(claim), claim, ARTICLE)
    assert (match.verdict.value, match.reason) == (verdict, reason)
    if match.evidence is not None:
        assert ARTICLE.text[match.evidence.start : match.evidence.end] == match.evidence.text


def test_a_month_only_source_does_not_verify_a_day() -> None:
    page = source("The law on nuclear forces was adopted in September 2022 by the assembly.")
    claim = "North Korea adopted the law on nuclear forces on 8 September 2022"
    match = check_date(claimed(claim), claim, page)
    assert match.verdict == Verdict.NOT_FOUND
    assert match.reason == "source is less precise"


def test_a_date_in_a_sidebar_sentence_is_not_the_claims_passage() -> None:
    claim = "Joint drills with the ministry were planned for September 2022"
    match = check_date(claimed(claim), claim, ARTICLE)
    assert match.verdict == Verdict.MISMATCH
    assert match.evidence is not None and "August 2022" in match.evidence.text


def test_explicit_mentions_work_without_a_date_finder() -> None:
    text = "The summit took place in Beijing on 4 September. Leaders discussed trade."
    at = text.index("4 September")
    page = SourceText(url="u", text=text, dates=(mention("2025-09-04", "4 September", at),))
    claim = "The summit took place in Beijing on 4 September 2025"
    assert check_date(claimed(claim), claim, page).verdict == Verdict.VERIFIED


def test_chinese_source_is_tied_to_the_claim_through_the_glossary_with_a_note() -> None:
    page = source("2022年9月8日，最高人民会议通过了关于核武力政策的法令。", base_year=2022)
    claim = (
        "on 8 September 2022, North Korea's Supreme People's Assembly adopted a law on nuclear "
        "policy"
    )
    match = check_date(claimed(claim), claim, page)
    assert match.verdict == Verdict.VERIFIED
    assert "another language" in (match.note or "")
    moved = claim.replace("8 September", "9 September")
    assert check_date(claimed(moved), moved, page).verdict == Verdict.MISMATCH
    # "revised" is not what the sentence says (通过: adopted): the date is not the claim's.
    other = "on 8 September 2022, North Korea revised its law on nuclear policy"
    assert check_date(claimed(other), other, page).verdict == Verdict.NOT_FOUND

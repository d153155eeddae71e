"""The gate for quotations and footnote details: hand-labelled failure classes on our own pages.

Every case runs through `checks.run_check`. The gate fails on any `verified` for a case that
must not verify, on fewer than 97% of faithful quotations verified, on a class whose labels
agree less than its pinned floor (tests/support/gate_quotes.py), or on a check against a
reprint, proxy or listing that does not say so. The per-class table is printed on every run.
"""

from __future__ import annotations

from collections import Counter

import pytest

from briefcheck.models import Verdict, Where
from tests.support import gate
from tests.support import gate_quotes as gq


@pytest.fixture(scope="module")
def outcomes(pytestconfig: pytest.Config) -> list[gate.Outcome]:
    results = gate.run_all(gq.cases())
    capture = pytestconfig.pluginmanager.get_plugin("capturemanager")
    if capture is not None:
        with capture.global_and_fixture_disabled():
            print("\nquotation and detail gate\n" + gq.report(results))
    return results


def test_the_classes_are_many_full_and_controlled() -> None:
    classes = {
        name: cases for name, cases in gate.classes().items() if name.startswith(gq.PREFIXES)
    }
    assert len(classes) >= gq.MIN_CLASSES
    for name, cases in classes.items():
        assert len(cases) >= gq.MIN_CASES_PER_CLASS, name
        assert any(c.control and c.expect == "verified" for c in cases), f"{name}: no control"
        assert any(c.expect != "verified" for c in cases), f"{name}: nothing that must fail"
        assert all(c.expect == "verified" for c in cases if c.control), name
    ids = [c.id for c in gq.cases()]
    assert len(ids) == len(set(ids))


def test_the_pages_are_many_and_of_every_shape() -> None:
    used = {c.page for c in gq.cases()}
    assert len(used) >= gq.MIN_PAGES
    assert used <= set(gate.pages())
    pages = {name: gate.pages()[name] for name in used}
    assert all(name.startswith("q-") for name in pages)
    kinds = Counter(p.get("content_type", "text/html").split(";")[0] for p in pages.values())
    assert kinds["application/pdf"] >= 1
    assert {p.get("lang") for p in pages.values()} >= {"zh", "ko"}


def test_nothing_that_must_not_verify_is_verified(outcomes: list[gate.Outcome]) -> None:
    wrong = [
        f"{o.case.id}: {o.case.claimed!r} ({o.check.reason})" for o in outcomes if o.false_verified
    ]
    assert wrong == []


def test_faithful_quotations_verify(outcomes: list[gate.Outcome]) -> None:
    assert gq.faithful_share(outcomes, quotes=True) >= gq.FAITHFUL_QUOTES_FLOOR, gq.report(outcomes)
    assert gq.faithful_share(outcomes, quotes=False) >= gq.FAITHFUL_DETAILS_FLOOR


@pytest.mark.parametrize("name", sorted(gq.AGREEMENT_FLOORS))
def test_each_class_agrees_with_its_labels(outcomes: list[gate.Outcome], name: str) -> None:
    share = gq.agreement(outcomes)[name]
    misses = [
        f"{o.case.id}: want {o.case.expect}, got {o.got} ({o.check.reason})"
        for o in gq.by_class(outcomes)[name]
        if o.got != o.case.expect
    ]
    assert share >= gq.AGREEMENT_FLOORS[name], misses


def test_the_gate_passes(outcomes: list[gate.Outcome]) -> None:
    assert gq.failures(outcomes) == []


def test_a_check_states_its_sources_relation(outcomes: list[gate.Outcome]) -> None:
    stated = [o for o in outcomes if o.case.relation in gq.STATED_RELATIONS]
    assert {o.case.relation for o in stated} == gq.STATED_RELATIONS
    assert gq.relation_errors(outcomes) == []
    plain = [o for o in outcomes if o.case.relation in (None, "original")]
    assert all(o.check.relation is None for o in plain)


def test_a_listing_never_verifies_and_never_says_not_found(outcomes: list[gate.Outcome]) -> None:
    listed = [o for o in outcomes if o.case.relation == "listing"]
    assert listed
    for o in listed:
        assert o.check.verdict is Verdict.UNCHECKED, o.case.id
        assert o.check.reason.startswith("listing"), o.case.id


def test_words_found_outside_the_article_say_where(outcomes: list[gate.Outcome]) -> None:
    """A quotation only in comments, a related list or a sidebar is not found in the article,
    and its evidence names the block it stands in (its offsets index that block's text)."""
    elsewhere = [o for o in outcomes if o.check.reason.startswith("only in")]
    assert len(elsewhere) >= 20
    wheres = Counter()
    for o in elsewhere:
        ev = o.check.evidence
        assert ev is not None and ev.where is not Where.ARTICLE and ev.block is not None
        block = gate.source_text(o.case.page).blocks[ev.block]
        assert block.where is ev.where and block.text[ev.start : ev.end] == ev.text
        wheres[ev.where] += 1
    assert {Where.COMMENTS, Where.RELATED, Where.SIDEBAR} <= set(wheres)


def test_comments_are_found_in_comment_blocks(outcomes: list[gate.Outcome]) -> None:
    """The readers' responses of the comment class are recognised as comments by structure
    (their class names never say so)."""
    for o in gq.by_class(outcomes)["quote-block-comments"]:
        if o.check.reason.startswith("only in"):
            assert o.check.evidence is not None and o.check.evidence.where is Where.COMMENTS, (
                o.case.id
            )


def test_verified_and_mismatched_quotations_show_the_sources_words(
    outcomes: list[gate.Outcome],
) -> None:
    for o in outcomes:
        if o.case.kind.value != "quote" or o.got not in ("verified", "mismatch"):
            continue
        ev = o.check.evidence
        assert ev is not None and ev.where is Where.ARTICLE, o.case.id
        text = gate.source_text(o.case.page).text
        assert text[ev.start : ev.end] == ev.text, o.case.id


def test_short_quotations_one_word_apart_point_at_the_passage(
    outcomes: list[gate.Outcome],
) -> None:
    short = [o for o in gq.by_class(outcomes)["quote-short"] if o.case.expect == "mismatch"]
    for o in short:
        assert o.check.verdict is Verdict.MISMATCH, o.case.id
        assert o.check.evidence is not None and o.check.evidence.diff, o.case.id

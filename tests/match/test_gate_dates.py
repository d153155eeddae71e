"""The date gate: hand-labelled failure classes of date checks, run as a real run makes them.

No case that must not verify may verify; at least `FAITHFUL_FLOOR` of the faithful dates
(the controls) must; the per-class table is printed on every run. Lowering a floor or a
minimum is a visible, deliberate change to the constants below.
"""

from __future__ import annotations

import pytest

from tests.support import gate
from tests.support.gate_dates import FAITHFUL_FLOOR, date_classes, failures, faithful_share

MIN_CLASSES = 14
MIN_CASES_PER_CLASS = 8
MIN_PAGES = 22


@pytest.fixture(scope="module")
def outcomes(pytestconfig: pytest.Config) -> list[gate.Outcome]:
    results = gate.run_all(c for cases in date_classes().values() for c in cases)
    capture = pytestconfig.pluginmanager.get_plugin("capturemanager")
    text = f"\ndate gate: {len(results)} cases\n{gate.table(results)}"
    if capture is not None:
        with capture.global_and_fixture_disabled():
            print(text)
    return results


def test_the_gate_has_enough_classes_cases_controls_and_pages() -> None:
    classes = date_classes()
    assert len(classes) >= MIN_CLASSES
    for name, cases in classes.items():
        assert len(cases) >= MIN_CASES_PER_CLASS, name
        assert any(c.control for c in cases), f"{name} has no faithful control"
        assert any(not c.control for c in cases), f"{name} has no case that must not verify"
        assert all(c.control == (c.expect == "verified") for c in cases), name
    ids = [c.id for cases in classes.values() for c in cases]
    assert len(ids) == len(set(ids))
    assert len({c.page for cases in classes.values() for c in cases}) >= MIN_PAGES


def test_nothing_that_must_not_verify_is_verified(outcomes: list[gate.Outcome]) -> None:
    wrong = [
        f"{o.case.id}: {o.case.claim!r} ({o.check.note})" for o in outcomes if o.false_verified
    ]
    assert wrong == [], gate.table(outcomes)


def test_faithful_dates_verify(outcomes: list[gate.Outcome]) -> None:
    assert faithful_share(outcomes) >= FAITHFUL_FLOOR, gate.table(outcomes)


def test_the_gate_passes_as_the_mutation_tests_judge_it(outcomes: list[gate.Outcome]) -> None:
    assert failures(outcomes) == []


def test_every_verified_or_mismatch_shows_the_sources_own_words(
    outcomes: list[gate.Outcome],
) -> None:
    for o in outcomes:
        if o.got in ("verified", "mismatch"):
            ev = o.check.evidence
            assert ev is not None, o.case.id
            assert gate.source_text(o.case.page).text[ev.start : ev.end] == ev.text, o.case.id


def test_an_inferred_date_says_how_it_was_inferred(outcomes: list[gate.Outcome]) -> None:
    """A weekday, "today" or a missing year behind a verdict is named in the check's note."""
    inferred = [o for o in outcomes if o.case.page in _RELATIVE_PAGES and o.got == "verified"]
    assert inferred
    for o in inferred:
        ev = o.check.evidence
        assert ev is not None
        if not _states_full_date(o):
            assert o.check.note and "from" in o.check.note, o.case.id


# Pages whose verified dates mostly rest on weekdays, "today" or a year taken from the page.
_RELATIVE_PAGES = frozenset(
    {"d-wire-seoul-dateline", "d-wire-washington-envoys", "d-meta-only-summit-today"}
)


def _states_full_date(o: gate.Outcome) -> bool:
    """Whether the evidence writes the claimed date out in full (day, month and year)."""
    claimed = gate._date_item(o.case)
    ev = o.check.evidence
    return ev is not None and claimed.value[:4] in ev.text and claimed.precision.value == "day"

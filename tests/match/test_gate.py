"""The whole hand-labelled gate (dates, quotations, footnote details): its shape and its rule.

Each area's floors and mutation tests live beside it (test_gate_dates, test_gate_quotes and
their mutants); this module checks what issue 11 asks of the gate as a whole.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.support import gate

MIN_CLASSES = 30
MIN_CASES_PER_CLASS = 8
MIN_PAGES = 40


def test_the_gate_has_thirty_classes_of_eight_with_controls_on_forty_pages():
    classes = gate.classes()
    assert len(classes) >= MIN_CLASSES
    small = {
        name: len(cases) for name, cases in classes.items() if len(cases) < MIN_CASES_PER_CLASS
    }
    assert small == {}
    uncontrolled = [name for name, cases in classes.items() if not any(c.control for c in cases)]
    assert uncontrolled == []
    used = {c.page for c in gate.all_cases()}
    assert len(used) >= MIN_PAGES
    assert used <= set(gate.pages())
    ids = Counter(c.id for c in gate.all_cases())
    assert [i for i, n in ids.items() if n > 1] == []


def test_every_class_has_cases_that_must_not_verify():
    # A class of only controls proves nothing about false `verified`.
    lazy = [
        name for name, cases in gate.classes().items() if all(c.expect == "verified" for c in cases)
    ]
    assert lazy == []


@pytest.mark.slow
def test_nothing_that_must_not_verify_is_verified_anywhere():
    outcomes = gate.run_all()
    wrong = [f"{o.case.cls}/{o.case.id}: {o.check.reason}" for o in outcomes if o.false_verified]
    assert wrong == [], gate.table(outcomes)

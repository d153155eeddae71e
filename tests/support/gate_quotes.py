"""The quotation and footnote-detail part of the gate: its classes, its floors and its verdict.

Both `tests/match/test_gate_quotes.py` (the gate) and `tests/match/test_mutants_quotes.py`
(the gate against mutants of the matcher) judge a run with `failures`, so a mutant is
killed exactly when the gate itself would fail.
"""

from __future__ import annotations

from collections import defaultdict

from briefcheck.models import CheckKind
from tests.support import gate

# The classes of this part of the gate are named for what they check.
PREFIXES = ("quote-", "author-", "outlet-", "relation-")
MIN_CLASSES = 16
MIN_CASES_PER_CLASS = 8
MIN_PAGES = 20
# At least this share of faithful quotations must verify (issue 11).
FAITHFUL_QUOTES_FLOOR = 0.97
# Faithful footnote details (a byline, the outlet's own name) are fewer and each is one
# page's markup; one miss in twenty is allowed.
FAITHFUL_DETAILS_FLOOR = 0.95
# Per class: the share of its cases whose verdict is the labelled one. Pinned from the
# first passing run; lowering one is a deliberate, visible change.
AGREEMENT_FLOORS: dict[str, float] = {
    "author-byline": 1.0,
    "outlet-address-masthead": 1.0,
    "outlet-shared-word": 1.0,
    "quote-article-shapes": 1.0,
    "quote-block-comments": 1.0,
    "quote-block-related": 1.0,
    "quote-block-sidebar": 1.0,
    "quote-bracket-meaning": 1.0,
    "quote-bracket-polarity": 1.0,
    "quote-cjk": 1.0,
    "quote-ellipsis-hedge-contrast": 1.0,
    "quote-ellipsis-implicit-negation": 1.0,
    "quote-ellipsis-negation": 1.0,
    "quote-pdf": 1.0,
    "quote-short": 1.0,
    "quote-symbol-currency": 1.0,
    "quote-symbol-sign": 1.0,
    "quote-typography": 1.0,
    "quote-word-change": 1.0,
    "relation-listing": 1.0,
}
# Relations a check must state (an original source needs no remark).
STATED_RELATIONS = frozenset({"reprint", "proxy", "listing"})


def cases() -> list[gate.Case]:
    """Every case of this part of the gate, in class order."""
    return [c for name, group in gate.classes().items() if name.startswith(PREFIXES) for c in group]


def by_class(outcomes: list[gate.Outcome]) -> dict[str, list[gate.Outcome]]:
    grouped: dict[str, list[gate.Outcome]] = defaultdict(list)
    for o in outcomes:
        grouped[o.case.cls].append(o)
    return dict(grouped)


def faithful_share(outcomes: list[gate.Outcome], *, quotes: bool) -> float:
    """The share of faithful cases (quotations, or details) that came back verified."""
    faithful = [
        o
        for o in outcomes
        if o.case.expect == "verified" and (o.case.kind is CheckKind.QUOTE) == quotes
    ]
    return sum(o.got == "verified" for o in faithful) / len(faithful)


def agreement(outcomes: list[gate.Outcome]) -> dict[str, float]:
    """Per class, the share of cases whose verdict is the labelled one."""
    return {
        name: sum(o.got == o.case.expect for o in group) / len(group)
        for name, group in by_class(outcomes).items()
    }


def relation_errors(outcomes: list[gate.Outcome]) -> list[str]:
    """Checks against a reprint, proxy or listing that do not say so."""
    return [
        f"{o.case.id}: relation {o.check.relation!r}, expected {o.case.relation!r}"
        for o in outcomes
        if o.case.relation in STATED_RELATIONS and o.check.relation != o.case.relation
    ]


def failures(outcomes: list[gate.Outcome]) -> list[str]:
    """Why this run fails the gate; empty when it passes."""
    found = [
        f"{o.case.id}: verified, labelled {o.case.expect} ({o.check.reason})"
        for o in outcomes
        if o.false_verified
    ]
    quotes = faithful_share(outcomes, quotes=True)
    if quotes < FAITHFUL_QUOTES_FLOOR:
        found.append(f"faithful quotations verified {quotes:.3f} < {FAITHFUL_QUOTES_FLOOR}")
    details = faithful_share(outcomes, quotes=False)
    if details < FAITHFUL_DETAILS_FLOOR:
        found.append(f"faithful details verified {details:.3f} < {FAITHFUL_DETAILS_FLOOR}")
    for name, share in agreement(outcomes).items():
        floor = AGREEMENT_FLOORS.get(name)
        if floor is None:
            found.append(f"{name}: no agreement floor pinned")
        elif share < floor:
            found.append(f"{name}: labels agree on {share:.3f} < {floor}")
    return found + relation_errors(outcomes)


def report(outcomes: list[gate.Outcome]) -> str:
    """The per-class table, the faithful shares and the agreement of each class."""
    lines = [gate.table(outcomes)]
    lines.append(
        f"faithful quotations verified: {faithful_share(outcomes, quotes=True):.3f}; "
        f"faithful details verified: {faithful_share(outcomes, quotes=False):.3f}"
    )
    unchecked = [o for o in outcomes if o.case.expect == "unchecked"]
    lines.append(
        f"labelled unchecked (listing): {sum(o.got == 'unchecked' for o in unchecked)}"
        f"/{len(unchecked)} unchecked"
    )
    lines += [f"  agree {share:.2f}  {name}" for name, share in sorted(agreement(outcomes).items())]
    return "\n".join(lines)

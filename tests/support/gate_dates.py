"""The date area of the gate: its classes, its floor, and what makes it fail (one owner for
both the gate test and the mutation tests)."""

from __future__ import annotations

from collections.abc import Iterable

from tests.support import gate

# At least this share of the faithful dates (the controls) must verify.
FAITHFUL_FLOOR = 0.90


def date_classes() -> dict[str, tuple[gate.Case, ...]]:
    """The gate's classes of kind `date` (other areas' classes live beside them)."""
    return {name: cases for name, cases in gate.classes().items() if cases[0].kind.value == "date"}


def run_classes(names: Iterable[str]) -> list[gate.Outcome]:
    classes = date_classes()
    return gate.run_all(c for name in names for c in classes[name])


def faithful_share(outcomes: list[gate.Outcome]) -> float:
    controls = [o for o in outcomes if o.case.control]
    return sum(o.got == "verified" for o in controls) / len(controls)


def failures(outcomes: list[gate.Outcome]) -> list[str]:
    """Why the gate fails on these outcomes: each false `verified`, and a low faithful share."""
    out = [f"{o.case.id} verified but must not" for o in outcomes if o.false_verified]
    share = faithful_share(outcomes)
    if share < FAITHFUL_FLOOR:
        out.append(f"only {share:.0%} of faithful dates verified")
    return out

"""The run summary sentence every command and report prints (one owner)."""

from __future__ import annotations

from collections.abc import Mapping

from briefcheck.models import Verdict

# The verdicts in the order people read them, with how the sentence names each.
_PARTS = (
    ("verified", "verified"),
    ("related", "related"),
    ("mismatch", "mismatch"),
    ("not_found", "not found"),
    ("unchecked", "unchecked"),
)


def summary_sentence(summary: Mapping[Verdict, int], sep: str = ", ") -> str:
    """ "3 verified, 1 mismatch, 0 not found, 9 unchecked" (related only when there are any)."""
    return sep.join(
        f"{summary.get(Verdict(key), 0)} {label}"
        for key, label in _PARTS
        if key in Verdict._value2member_map_ and (key != "related" or summary.get(Verdict(key)))
    )

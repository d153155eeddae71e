"""Compare two reports: new, resolved and changed findings, drifted sources."""

from __future__ import annotations

from typing import Any


def diff_reports(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """What changed between two reports, keyed by stable check id."""
    raise NotImplementedError


def format_diff(diff: dict[str, Any]) -> str:
    """The diff as lines a person reads in a terminal."""
    raise NotImplementedError

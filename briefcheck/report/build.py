"""Assemble the `briefcheck.report/1` document from a run's records."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from briefcheck.models import Brief, Check, SourceRecord


def build_report(
    *,
    run_id: str,
    started: str,
    finished: str,
    brief: Brief,
    sources: Sequence[SourceRecord],
    checks: Sequence[Check],
) -> dict[str, Any]:
    """The report as a JSON-ready dict, per DESIGN.md (summary, sources, uncited, checks)."""
    raise NotImplementedError

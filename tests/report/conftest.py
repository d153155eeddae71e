"""Fixtures for report tests: a realistic sample run and its report."""

from __future__ import annotations

from typing import Any

import pytest

from briefcheck.report import build_report
from briefcheck.report.model import Report
from tests.report.sample import sample_run

STARTED = "2026-11-28T09:00:00Z"
FINISHED = "2026-11-28T09:01:30Z"


def report_for(run_id: str = "20261128T090000Z", hostile: bool = False, **kw: Any) -> Report:
    brief, sources, checks = sample_run(hostile=hostile)
    return build_report(
        run_id=run_id,
        started=STARTED,
        finished=FINISHED,
        brief=brief,
        sources=sources,
        checks=checks,
        **kw,
    )


@pytest.fixture
def sample() -> tuple:
    return sample_run()


@pytest.fixture
def report() -> Report:
    return report_for()

"""Fixtures for report tests: a realistic sample run and its report."""

from __future__ import annotations

import pytest

from briefcheck.report.model import Report
from tests.support.report_sample import report_for, sample_run


@pytest.fixture
def sample() -> tuple:
    return sample_run()


@pytest.fixture
def report() -> Report:
    return report_for()

"""Fixtures for the parser tests: snapshots of saved pages."""

from __future__ import annotations

import pytest

from briefcheck.models import Snapshot
from tests.support.snapshots import PAGES, make_snapshot


@pytest.fixture
def page_snapshot():
    """Build a snapshot of a saved page under tests/data/pages."""

    def build(name: str, url: str, content_type: str = "text/html") -> Snapshot:
        return make_snapshot((PAGES / name).read_bytes(), content_type, url)

    return build

"""The reports of the bundled brief and of the end-to-end pages stay the same JSON values.

Refactors must not change them; a deliberate change rewrites tests/data/golden with
`make golden` and shows up as a reviewed diff.
"""

from __future__ import annotations

import pytest

from tests.support.golden import CASES, golden


@pytest.mark.parametrize("name", list(CASES))
def test_report_matches_golden(name, tmp_path):
    got = CASES[name](tmp_path)
    want = golden(name)
    assert got.keys() == want.keys()
    for key in want:
        assert got[key] == want[key], f"{name}: report[{key!r}] differs from tests/data/golden"

"""The claims a run's support checks will ask about, noted before anything is matched.

`match.terms` reads them with spaCy in one batch when the first of them must be matched; a
run that reuses every match reads none, and noting them costs no import of the matchers.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

EXPECTED: set[str] = set()
READING = threading.Lock()  # held while claims are read, so threads asking together wait


def expect_claims(claims: Iterable[str]) -> None:
    """Note the claims of this run's support checks (replacing an earlier run's)."""
    with READING:
        EXPECTED.clear()
        EXPECTED.update(claims)

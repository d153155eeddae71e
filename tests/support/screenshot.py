"""A real run against our local pages, screenshotted with its mismatch open (README picture).

python -m tests.support.screenshot     # writes docs/report-local.png and prints the summary
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from briefcheck.cli import main as briefcheck
from tests.support.e2e import E2E_BRIEF, ROOT, ROUTES, write_sources
from tests.support.example_reports import screenshot
from tests.support.localserver import LocalServer


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp, LocalServer(ROUTES) as server:
        out = Path(tmp) / "reports"
        sources = write_sources(Path(tmp), server.origin)
        brief = E2E_BRIEF.relative_to(ROOT)
        briefcheck(
            [
                "verify",
                str(brief),
                "--sources",
                str(sources),
                "--out",
                str(out),
                "--cache",
                str(Path(tmp) / "cache"),
                "--allow-private-hosts",
                "--no-orchestrator",
            ]
        )
        screenshot(out / "latest" / "report.html", ROOT / "docs" / "report-local.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())

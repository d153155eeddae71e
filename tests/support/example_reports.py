"""Write the committed example report (three runs of the sample) and the README screenshot.

python -m tests.support.example_reports            # reports/example/ and docs/report.png
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from briefcheck.models import Check, CheckKind, Evidence, SourceRecord, SourceStatus, Verdict
from briefcheck.report import (
    apply_waivers,
    build_report,
    load_waivers,
    record_decision,
    write_reports,
)
from briefcheck.report.model import Report
from tests.support.browser import Browser, find_chromium
from tests.support.report_factories import make_source
from tests.support.report_sample import sample_run

ROOT = Path(__file__).resolve().parents[2]
DAYS = ("2026-11-26", "2026-11-27", "2026-11-28")


def _day_records(
    day: int, sources: list[SourceRecord], checks: list[Check]
) -> tuple[list[SourceRecord], list[Check]]:
    """The sample as it stood on each of three days: a fix, then a source that changed."""
    if day == 0:
        checks = [
            replace(c, verdict=Verdict.UNCHECKED, reason="unreachable", evidence=None, score=None)
            if c.ref == "3b"
            else c
            for c in checks
        ]
        sources = [
            make_source("3b", SourceStatus.UNREACHABLE, reason="connection timed out")
            if s.ref == "3b"
            else s
            for s in sources
        ]
    if day == 2:
        sources = [
            make_source("5", content="RUSI page, revised") if s.ref == "5" else s for s in sources
        ]
    if day < 2:
        checks = [
            replace(
                c,
                verdict=Verdict.VERIFIED,
                reason="page title matches",
                score=1.0,
                evidence=Evidence(text=c.claimed, start=0, end=len(c.claimed)),
            )
            if c.ref == "5" and c.kind == CheckKind.TITLE
            else c
            for c in checks
        ]
    return sources, checks


def _waive_title(report: Report, out_dir: Path) -> Report:
    """A reviewer accepts the KCNA title mismatch (the agency retitles its English pages)."""
    reviews = out_dir / ".reviews.yaml"
    title = next(
        c for c in report.checks if c.kind is CheckKind.TITLE and c.verdict is Verdict.MISMATCH
    )
    record_decision(
        reviews,
        title,
        "accept",
        "ana",
        "KCNA retitles its English pages",
        today=dt.date(2026, 11, 28),
    )
    return apply_waivers(report, load_waivers(reviews), dt.date(2026, 11, 28))


def write_example_runs(out_dir: Path) -> Path:
    """Three daily runs of the sample under out_dir; returns the last run's folder."""
    run_dir = out_dir
    for i, day in enumerate(DAYS):
        brief, sources, checks = sample_run()
        sources, checks = _day_records(i, sources, checks)
        report = build_report(
            run_id=f"{day.replace('-', '')}T0600Z",
            started=f"{day}T06:00:00Z",
            finished=f"{day}T06:01:12Z",
            brief=brief,
            sources=sources,
            checks=checks,
        )
        if i == 2:
            report = _waive_title(report, out_dir)
        run_dir = write_reports(report, out_dir, brief)
    return run_dir


def screenshot(html: Path, png: Path) -> None:
    """A PNG of the report with the first mismatch opened in the side panel."""
    binary = find_chromium()
    if binary is None:
        raise SystemExit("chromium is not installed: cannot take the screenshot")
    browser = Browser(binary)
    try:
        browser.open(html)
        browser.js("document.querySelector('mark.hl.v-mismatch').click()")
        png.write_bytes(browser.screenshot(1280, 860))
    finally:
        browser.close()


def main(argv: list[str]) -> int:
    example = ROOT / "reports" / "example"
    png = ROOT / "docs" / "report.png"
    with tempfile.TemporaryDirectory() as tmp:
        last = write_example_runs(Path(tmp))
        example.mkdir(parents=True, exist_ok=True)
        for name in ("report.json", "report.md", "report.html"):
            shutil.copyfile(last / name, example / name)
    png.parent.mkdir(parents=True, exist_ok=True)
    if "--no-screenshot" not in argv:
        screenshot(example / "report.html", png)
    print(f"wrote {example} and {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""report.html in a real headless Chromium: loads clean, filters work, hostile markup stays text."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefcheck.models import CheckKind, Verdict
from briefcheck.report import (
    apply_waivers,
    build_report,
    load_waivers,
    record_decision,
    write_reports,
)
from tests.support.browser import Browser, find_chromium
from tests.support.example_reports import write_example_runs
from tests.support.report_sample import FINISHED, HOSTILE_EVIDENCE, STARTED, sample_run

pytestmark = pytest.mark.slow
TODAY = dt.date(2026, 11, 28)

HOSTILE_PARAGRAPH = (
    'A pasted line <script>window.pwned=4</script><img src=x onerror="window.pwned=5"> ends here.'
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    binary = find_chromium()
    if binary is None:
        pytest.skip(
            "Chromium not installed (Debian: apt-get install chromium); browser test skipped"
        )
    pytest.importorskip("websocket", reason="websocket-client (dev extra) drives DevTools")
    driver = Browser(binary)
    yield driver
    driver.close()


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    return write_example_runs(tmp_path_factory.mktemp("reports")) / "report.html"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    brief, sources, checks = sample_run(hostile=True, extra_paragraph=HOSTILE_PARAGRAPH)
    report = build_report(
        run_id="hostile",
        started=STARTED,
        finished=FINISHED,
        brief=brief,
        sources=sources,
        checks=checks,
    )
    return write_reports(report, tmp_path_factory.mktemp("hostile"), brief) / "report.html"


def _report_json(html: Path) -> dict:
    return json.loads((html.parent / "report.json").read_text(encoding="utf-8"))


def test_the_report_loads_with_no_console_errors(browser, example):
    browser.open(example)
    assert browser.errors() == []
    report = _report_json(example)
    assert browser.js("document.querySelectorAll('#check-table tbody tr').length") == len(
        report["checks"]
    )
    assert browser.js("document.querySelectorAll('mark.hl.v-mismatch').length") >= 2
    assert browser.js("document.querySelector('#history svg rect') !== null")
    assert browser.js("document.querySelectorAll('mark.hl.uncited').length") == 1


def test_a_verdict_filter_hides_every_other_span_and_row(browser, example):
    browser.open(example)
    browser.js("document.querySelector('button[data-verdict=\"mismatch\"]').click()")
    classes = browser.js(
        "[...document.querySelectorAll('mark.hl:not(.off)')].map(m => m.className)"
    )
    assert classes and all("v-mismatch" in c for c in classes)
    rows = browser.js(
        "[...document.querySelectorAll('#check-table tbody tr:not([hidden]) td.verdict')]"
        ".map(td => td.textContent)"
    )
    assert rows == ["mismatch"] * _report_json(example)["summary"]["mismatch"]
    browser.js("document.querySelector('button[data-verdict=\"all\"]').click()")
    assert browser.js("document.querySelectorAll('mark.hl.off').length") == 0


def test_footnote_and_kind_filters_combine(browser, example):
    browser.open(example)
    browser.js(
        "const s = document.getElementById('filter-footnote'); s.value = '3';"
        "s.dispatchEvent(new Event('change'));"
        "const k = document.getElementById('filter-kind'); k.value = 'title';"
        "k.dispatchEvent(new Event('change'));"
    )
    shown = browser.js(
        "[...document.querySelectorAll('#check-table tbody tr:not([hidden])')]"
        ".map(r => [r.children[1].textContent, r.children[3].textContent])"
    )
    expected = [
        c for c in _report_json(example)["checks"] if c["footnote"] == 3 and c["kind"] == "title"
    ]
    assert shown == [["3", "title"]] * len(expected) and expected
    assert browser.js("document.getElementById('showing').textContent").startswith(
        f"showing {len(expected)} of"
    )


def test_clicking_a_span_shows_the_sources_words_diff_and_deep_link(browser, example):
    browser.open(example)
    browser.js("document.querySelector('mark.hl.v-mismatch').click()")
    panel = browser.js("document.getElementById('panel').innerText")
    assert "THE SOURCE SAYS" in panel.upper() and "jointly defending" in panel
    assert (
        browser.js("document.querySelector('#panel .diff del').textContent").strip() == "defining"
    )
    href = browser.js("document.querySelector('#panel a.deep-link').href")
    assert href.startswith("https://news.example.org/articles/3a#:~:text=")


def test_hostile_markup_from_a_page_or_the_brief_shows_as_text_and_never_runs(browser, hostile):
    browser.open(hostile)
    assert browser.errors() == []
    assert browser.js("typeof window.pwned") == "undefined"
    assert browser.js("document.querySelectorAll('img, #brief script, #panel script').length") == 0
    assert "<script>window.pwned=4</script>" in browser.js(
        "document.getElementById('brief').textContent"
    )
    browser.js(
        "[...document.querySelectorAll('mark.hl')]"
        ".find(m => m.textContent.startsWith('strategic communication')).click()"
    )
    evidence = browser.js(
        "[...document.querySelectorAll('#panel .evidence')].map(e => e.textContent)"
    )
    assert HOSTILE_EVIDENCE in evidence
    assert browser.js("typeof window.pwned") == "undefined"
    assert "window.pwned=3" in browser.js("document.getElementById('panel').textContent")


def test_a_screenshot_of_a_realistic_report(browser, example, tmp_path):
    browser.open(example)
    browser.js("document.querySelector('mark.hl.v-mismatch').click()")
    png = browser.screenshot(1280, 860)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 20_000
    (tmp_path / "report.png").write_bytes(png)


def test_a_waived_finding_is_marked_and_an_empty_report_still_loads(browser, tmp_path):
    brief, sources, checks = sample_run()
    report = build_report(
        run_id="w", started=STARTED, finished=FINISHED, brief=brief, sources=sources, checks=checks
    )
    title = next(
        c for c in report.checks if c.kind is CheckKind.TITLE and c.verdict is Verdict.MISMATCH
    )
    record_decision(tmp_path / "reviews.yaml", title, "waive", "ana", "KCNA retitles", today=TODAY)
    report = apply_waivers(report, load_waivers(tmp_path / "reviews.yaml"), TODAY)
    html = write_reports(report, tmp_path / "waived", brief) / "report.html"
    browser.open(html)
    assert browser.errors() == []
    assert browser.js("document.querySelectorAll('mark.hl.v-mismatch.waived').length") == 1
    browser.js("document.querySelector('mark.hl.waived').click()")
    assert "waived by ana on 2026-11-28: KCNA retitles" in browser.js(
        "document.querySelector('#panel .review').textContent"
    )

    empty = build_report(
        run_id="e", started=STARTED, finished=FINISHED, brief=brief, sources=[], checks=[]
    )
    browser.open(write_reports(empty, tmp_path / "empty", brief) / "report.html")
    assert browser.errors() == []
    assert browser.js("document.getElementById('showing').textContent") == "showing 0 of 0 checks"

"""Support checks end to end: `briefcheck verify` against pages on a real 127.0.0.1 server.

Footnote 1's page restates its sentence in other words (related, with the passage), footnote
2's page gives another percentage (mismatch, the numbers marked), and footnote 3's page is
about ferries (not_found: the footnote carries nothing).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefcheck.cli import main
from tests.support.e2e_pages import article
from tests.support.localserver import LocalServer, Route

pytestmark = pytest.mark.model

HERE = Path(__file__).parent
PAGES = {
    "/news/summit": article(
        "Water Summit Ends With a Framework Deal",
        "Riverside Times",
        "2023-05-14",
        "Mara Ellison",
        [
            "Delegates from the three riverside states left the two-day summit on Saturday with "
            "a signed statement of intent after months of difficult talks over seasonal flows.",
            "Officials promised a durable framework for sharing the river's water and created a "
            "joint commission that will convene every quarter.",
            "The commission will publish its first allocation table before the dry season.",
        ],
    ),
    "/farm/plan": article(
        "Ministry Welcomes River Plan",
        "Farm Ledger",
        "2023-05-15",
        "Staff reporter",
        [
            "The agriculture ministry on Monday welcomed the river agreement reached at the "
            "weekend summit, saying irrigation schemes in the lower valley stood to gain most.",
            "Under the plan the upstream state will release 40 percent of its reservoir storage "
            "in drought years, the ministry said.",
        ],
    ),
    "/herald/ferries": article(
        "Ferry Timetable Changes for the Winter",
        "Valley Herald",
        "2023-05-16",
        "Tomas Reyes",
        [
            "The valley ferry will run every forty minutes from November, the operator said on "
            "Tuesday, after a season of delays caused by low water at the northern landing.",
            "Season tickets go on sale next week, and the night crossing is withdrawn until "
            "spring.",
        ],
    ),
}
REFS = {"1": "/news/summit", "2": "/farm/plan", "3": "/herald/ferries"}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("support")
    with LocalServer({path: Route(body=body) for path, body in PAGES.items()}) as server:
        lines = ["sources:"] + [f'  "{r}": {{url: "{server.origin}{p}"}}' for r, p in REFS.items()]
        sources = tmp / "sources.yaml"
        sources.write_text("\n".join(lines) + "\n", encoding="utf-8")
        out = tmp / "reports"
        code = main(
            [
                "verify",
                str(HERE / "data" / "support_brief.txt"),
                "--sources",
                str(sources),
                "--out",
                str(out),
                "--cache",
                str(tmp / "cache"),
                "--allow-private-hosts",
                "--no-orchestrator",
            ]
        )
    data = json.loads((out / "latest" / "report.json").read_text(encoding="utf-8"))
    return code, data, out / "latest" / "report.html"


def support(report: dict) -> dict[str, dict]:
    """The support check of each footnote's own sentence (the one carrying its marker)."""
    return {
        c["ref"]: c
        for c in report["checks"]
        if c["kind"] == "support" and c["claim"]["scope"] == "sentence"
    }


def test_a_paraphrase_is_related_with_its_passage(report):
    _code, data, _html = report
    check = support(data)["1"]
    assert check["verdict"] == "related"
    assert "joint commission that will convene every quarter" in check["evidence"]["text"]
    best = check["passages"][0]
    assert best["rank"] == 1 and best["score"] > 0 and best["text"] == check["evidence"]["text"]
    assert "#:~:text=" in (best["url"] or "")
    assert data["summary"]["related"] == sum(c["verdict"] == "related" for c in data["checks"])


def test_a_changed_number_is_a_mismatch_showing_both_numbers(report):
    _code, data, _html = report
    check = support(data)["2"]
    assert (check["verdict"], check["reason"]) == ("mismatch", "passage states another number")
    assert "[-60-] {+40+}" in check["evidence"]["diff"]
    assert "40 percent of its reservoir storage" in check["evidence"]["text"]


def test_a_footnote_whose_page_is_about_something_else_is_not_found(report):
    code, data, _html = report
    check = support(data)["3"]
    assert check["verdict"] == "not_found"
    assert check["claimed"].startswith("Farmers in the lower valley")
    assert code == 1  # a mismatch and a not_found are findings; related is not


def test_every_cited_sentence_has_a_support_check_inherited_ones_too(report):
    _code, data, _html = report
    checks = [c for c in data["checks"] if c["kind"] == "support"]
    scopes = sorted(c["claim"]["scope"] for c in checks)
    assert scopes == ["paragraph", "paragraph", "sentence", "sentence", "sentence"]
    assert len({c["id"] for c in checks}) == len(checks)


@pytest.mark.slow
def test_clicking_a_claim_in_the_html_shows_its_best_passages(report):
    """In a real Chromium: the cited sentence is a highlight; clicking it shows its top
    passages beside it, the claim's words marked inside them."""
    from tests.support.browser import Browser, find_chromium

    binary = find_chromium()
    if binary is None:
        pytest.skip("Chromium not installed (Debian: apt-get install chromium)")
    pytest.importorskip("websocket", reason="websocket-client (dev extra) drives DevTools")
    _code, data, html = report
    related = support(data)["1"]
    index = data["checks"].index(related)
    browser = Browser(binary)
    try:
        browser.open(html)
        assert browser.errors() == []
        clicked = browser.js(
            "(() => { const m = [...document.querySelectorAll('mark.hl')].find("
            f"x => x.dataset.checks.split(' ').includes('{index}'));"
            " if (!m) return false; m.click(); return true; })()"
        )
        assert clicked, "the sentence of the support check is not a clickable highlight"
        shown = browser.js("document.querySelectorAll('#panel ol.passages li').length")
        assert shown == min(3, len(related["passages"])) > 0
        first = browser.js("document.querySelector('#panel ol.passages li').textContent")
        assert related["passages"][0]["text"][:40] in first
        assert browser.js("document.querySelectorAll('#panel ol.passages b.term').length") > 0
        assert browser.errors() == []
    finally:
        browser.close()

"""text_fragment_url: WICG text-fragment deep links back to the source page."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from briefcheck.parse.links import text_fragment_url


@pytest.mark.parametrize(
    ("url", "passage", "expected"),
    [
        pytest.param(
            "https://example.org/a",
            "three-axis system",
            "https://example.org/a#:~:text=three%2Daxis%20system",
            id="hyphen-is-reserved",
        ),
        pytest.param(
            "https://example.org/a",
            "China, Russia & the US",
            "https://example.org/a#:~:text=China%2C%20Russia%20%26%20the%20US",
            id="comma-and-ampersand-are-reserved",
        ),
        pytest.param(
            "https://example.org/a#section-2",
            "high-level\n  visits",
            "https://example.org/a#section-2:~:text=high%2Dlevel%20visits",
            id="keeps-fragment-collapses-whitespace",
        ),
        pytest.param(
            "https://example.org/a#:~:text=old",
            "new words",
            "https://example.org/a#:~:text=new%20words",
            id="replaces-an-old-directive",
        ),
        pytest.param("https://example.org/a", "  ", "https://example.org/a", id="empty-passage"),
    ],
)
def test_text_fragment_url(url, passage, expected):
    assert text_fragment_url(url, passage) == expected


def test_long_passage_becomes_a_start_end_range():
    passage = (
        "a nuclear strike shall be launched automatically and immediately to destroy the "
        "hostile forces including the starting point of provocation"
    )
    link = text_fragment_url("https://example.org/law", passage)
    directive = link.split("#:~:text=", 1)[1]
    start, end = directive.split(",")
    assert unquote(start) == "a nuclear strike shall"
    assert unquote(end) == "starting point of provocation"


def test_long_cjk_passage_is_cut_by_characters():
    passage = "公元1592年，日本丰臣秀吉发动侵朝战争，明朝出兵援朝，战事一直持续到1598年。"
    directive = text_fragment_url("https://example.org/zh", passage).split("=", 1)[1]
    start, end = (unquote(p) for p in directive.split(","))
    assert passage.startswith(start) and passage.endswith(end)
    assert len(start) < len(passage)

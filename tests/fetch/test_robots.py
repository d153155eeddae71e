"""robots.txt rules read as RFC 9309 reads them."""

from __future__ import annotations

import pytest

from briefcheck.fetch.robots import parse_robots

SITE = "https://news.example.org"

ALLOW_FIRST = """
User-agent: *
Allow: /
Disallow: /private/
"""

OURS_AND_STAR = """
User-agent: *
Disallow: /

User-agent: otherbot
User-agent: BriefCheck
Disallow: /drafts/
Crawl-delay: 3
"""

WILDCARDS = """
# comments and blank lines are fine
User-agent: *
Disallow: /*.pdf$
Disallow: /search?
Allow: /search?about
Disallow: /a/*/edit
Disallow:
"""

TIE = """
User-agent: *
Disallow: /page
Allow: /page
"""


@pytest.mark.parametrize(
    ("robots", "path", "allowed"),
    [
        (ALLOW_FIRST, "/news/1", True),
        (ALLOW_FIRST, "/private/report", False),  # urllib.robotparser would allow this
        (OURS_AND_STAR, "/news/1", True),  # our own group overrides `*`
        (OURS_AND_STAR, "/drafts/x", False),
        (WILDCARDS, "/files/law.pdf", False),
        (WILDCARDS, "/files/law.pdf?x=1", True),  # `$` anchors the end
        (WILDCARDS, "/search?q=korea", False),
        (WILDCARDS, "/search?about=1", True),  # longer allow wins
        (WILDCARDS, "/a/123/edit", False),
        (WILDCARDS, "/a/123/view", True),
        (TIE, "/page", True),  # equal length: allow wins
        ("User-agent: *\nDisallow: /\n", "/robots.txt", True),
        ("", "/anything", True),
        ("Disallow: /\n", "/anything", True),  # a rule outside any group applies to no one
    ],
)
def test_rules(robots: str, path: str, allowed: bool) -> None:
    assert parse_robots(robots, "briefcheck").allows(SITE + path) is allowed


def test_crawl_delay_of_our_group() -> None:
    assert parse_robots(OURS_AND_STAR, "briefcheck").crawl_delay == 3.0
    assert parse_robots(ALLOW_FIRST, "briefcheck").crawl_delay is None

"""What is the article of a page, told by structure: small hand-written layouts whose class
names never say what a block is (they are random letters on purpose)."""

from __future__ import annotations

import pytest

from briefcheck.models import SourceStatus, Where
from briefcheck.parse import parse_snapshot
from briefcheck.parse.html import parse_tree
from briefcheck.parse.regions import mark_regions, page_blocks
from tests.support.snapshots import make_snapshot

_P = (
    "<p>The harbour board said on Monday that the ferry would keep sailing every day while "
    "the contract was renegotiated, and that fares would not change before the spring.</p>"
    "<p>Its chair said the board had asked the council for a five-year agreement, which "
    "would let the operator order a new vessel, and expected an answer within a month.</p>"
    "<p>Islanders have campaigned for a daily service since the timetable was cut in 2019.</p>"
)
ARTICLE = f"<h1>Ferry to keep sailing daily</h1><div class='q1'>{_P}</div>"
POSTS = (
    "<div class='zz'>"
    "<div class='k'><b>Morag</b> <span>2 hours ago</span><p>The board said the opposite "
    "at the last meeting, I was there.</p></div>"
    "<div class='k'><b>Iain R</b> <span>1 hour ago</span><p>A five-year deal is the least "
    "the island deserves after all this.</p></div></div>"
)
TEASERS = (
    "<div class='m'><div class='t'><a href='/a'>Council approves new pier for the island</a>"
    "<p>Work will start in the autumn, the council said.</p></div>"
    "<div class='t'><a href='/b'>Lighthouse keepers remembered in new exhibition</a>"
    "<p>The exhibition opens on Saturday in the old keeper's house.</p></div></div>"
)


def where_of(body: str, phrase: str) -> Where | str:
    """Where a phrase stands once the page is read: "article" or the block's `Where`."""
    page = parse_snapshot(
        make_snapshot(
            f"<html><body>{body}</body></html>".encode(), "text/html", "https://x.example/a"
        )
    )
    assert page.status is SourceStatus.OK
    if phrase in page.text:
        return "article"
    found = [b.where for b in page.blocks if phrase in b.text]
    return found[0] if found else "nowhere"


CASES = [
    ("article-paragraph", ARTICLE + POSTS, "five-year agreement", "article"),
    ("posts-after-the-article", ARTICLE + POSTS, "least the island deserves", Where.COMMENTS),
    (
        "posts-nested-in-the-body",
        f"<h1>H</h1><div class='q1'>{_P}{POSTS}</div>",
        "I was there",
        Where.COMMENTS,
    ),
    ("teasers", ARTICLE + TEASERS, "Work will start in the autumn", Where.RELATED),
    (
        "link-list",
        ARTICLE + "<ul><li><a href='/1'>Storm closes the bridge for a second day</a></li>"
        "<li><a href='/2'>New timetable published for winter sailings</a></li></ul>",
        "Storm closes the bridge",
        Where.RELATED,
    ),
    (
        "unlabelled-aside",
        ARTICLE + "<aside><p>From our archive: in 1998 the school had 31 pupils "
        "and a waiting list for the teacher's house, and the council met there.</p></aside>",
        "waiting list",
        Where.SIDEBAR,
    ),
    (
        "sign-up-box",
        f"<h1>H</h1><div class='q1'>{_P}<div class='w'><p>Get our weekly letter "
        "from the islands.</p><form><input type='email'></form></div></div>",
        "weekly letter",
        Where.FURNITURE,
    ),
    (
        "read-also-box",
        f"<h1>H</h1><div class='q1'>{_P}<div class='w'><span>Read also</span> "
        "<a href='/c'>Why the pier cost twice as much</a><p>The first estimate left out the "
        "dredging, the report found.</p></div></div>",
        "left out the dredging",
        Where.RELATED,
    ),
    (
        "site-menu-before-the-headline",
        "<div class='g'><a href='/n'>News</a> <a href='/s'>Sport</a>"
        " <a href='/w'>Weather</a></div>" + ARTICLE,
        "Weather",
        Where.FURNITURE,
    ),
    (
        "schema-comment",
        ARTICLE + "<div itemscope itemtype='https://schema.org/Comment'><p>This is "
        "a comment marked as one in its schema.org type.</p></div>",
        "marked as one",
        Where.COMMENTS,
    ),
]


@pytest.mark.parametrize(
    ("body", "phrase", "where"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_where_the_words_stand(body: str, phrase: str, where: Where | str) -> None:
    assert where_of(body, phrase) == where


def test_live_entries_with_times_and_headings_are_the_article() -> None:
    entries = "".join(
        f"<div class='e'><time>1{k}:00</time><h3>Update {k}</h3><p>Crews worked through the "
        f"night on the north coast, the operator said in update number {k}.</p></div>"
        for k in range(5)
    )
    body = f"<h1>Storm live</h1><div class='f'>{entries}</div>" + POSTS
    assert where_of(body, "update number 4") == "article"
    assert where_of(body, "update number 0") == "article"
    assert where_of(body, "least the island deserves") == Where.COMMENTS


def test_a_q_and_a_with_bold_questions_is_the_article() -> None:
    qa = "".join(
        f"<p><strong>Question {k}?</strong></p><p>Answer {k}: we will not lower the standard to "
        "fill the gaps faster, whatever the pressure.</p>"
        for k in range(4)
    )
    assert where_of(f"<h1>Interview</h1><div class='b'>{qa}</div>", "Answer 3") == "article"


def test_a_body_split_by_an_advertisement_is_one_article() -> None:
    part = "<div class='p'>" + _P + "</div>"
    ad = "<div class='a'><span>Advertisement</span><a href='https://ads.example'>Buy now</a></div>"
    body = f"<h1>H</h1><div class='m'>{part}{ad}{part.replace('Monday', 'Tuesday')}</div>"
    assert where_of(body, "on Monday") == "article"
    assert where_of(body, "on Tuesday") == "article"
    assert where_of(body, "Buy now") != "article"


def test_the_article_element_holding_the_headline_is_the_article() -> None:
    body = (
        "<article><h1>H</h1><p>Short text.</p></article>"
        "<div><div><b>A reader</b> <time datetime='2019-05-05'>then</time>"
        "<p>It was earlier than that, I think, much earlier.</p></div>"
        "<div><b>Another</b> <time>later</time>"
        "<p>No, the date is right as it stands.</p></div></div>"
    )
    assert where_of(body, "much earlier") == Where.COMMENTS


def test_nothing_holding_the_headline_or_most_of_the_prose_is_marked() -> None:
    html = f"<html><body><form id='aspnetForm'><div>{ARTICLE}</div>{POSTS}</form></body></html>"
    tree = parse_tree(html)
    assert tree is not None
    mark_regions(tree)
    blocks = page_blocks(tree)
    assert not any("five-year agreement" in b.text for b in blocks)
    assert any(b.where is Where.COMMENTS for b in blocks)

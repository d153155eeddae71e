"""Footnote details: title, publication date, outlet and authors against the page."""

from __future__ import annotations

import pytest

from briefcheck.match.details import check_details, title_variants
from briefcheck.models import CheckKind, Precision, SourceText, Verdict
from tests.support.match_factories import reference

PAGE = SourceText(
    url="https://en.wire.example.kr/view/2022070600",
    text=(
        "Yoon orders military to swiftly punish N. Korea in case of provocations\n"
        "By Lee Haye-ah\nSEOUL, July 6 (Wire) -- ..."
    ),
    title=(
        "(LEAD) Yoon orders military to swiftly punish N. Korea in case of provocations"
        " | Wire News Agency"
    ),
    published="2022-07-06",
    published_precision=Precision.DAY,
    outlet="Wire News Agency",
    authors=("Lee Haye-ah",),
)
TITLE = "Yoon Orders Military to Swiftly Punish N. Korea in Case of Provocations"


def verdicts(ref_fields: dict[str, object], page: SourceText = PAGE) -> dict[str, tuple[str, str]]:
    return {
        str(k): (m.verdict.value, m.reason)
        for k, _, m in check_details(reference(**ref_fields), page)
    }


def test_title_variants_drop_labels_and_site_names() -> None:
    variants = title_variants("(LEAD) Talks resume | Wire News Agency")
    assert "Talks resume" in variants


TITLE_CASES = [
    ("same-ignoring-case-and-suffix", TITLE, "verified", "same title"),
    ("quoted", f"“{TITLE}”", "verified", "same title"),
    ("word-changed", TITLE.replace("Swiftly", "Sternly"), "mismatch", "word changed"),
    (
        "another-title",
        "Seoul and Tokyo agree to resume talks on history",
        "mismatch",
        "another title",
    ),
]


@pytest.mark.parametrize(
    ("title", "verdict", "reason"), [c[1:] for c in TITLE_CASES], ids=[c[0] for c in TITLE_CASES]
)
def test_title(title: str, verdict: str, reason: str) -> None:
    assert verdicts({"title": title})["title"] == (verdict, reason)


def test_acronym_expanded_is_a_note_not_a_mismatch() -> None:
    page = SourceText(
        url="https://www.bloomberg.com/x",
        text="",
        title="China-US Accord Sets United Nations Vote on North Korea Sanctions - Bloomberg",
    )
    (kind, _, match), *_ = check_details(
        reference(title="China-US Accord Sets UN Vote on North Korea Sanctions"), page
    )
    assert (kind, match.verdict) == (CheckKind.TITLE, Verdict.VERIFIED)
    assert match.note == "acronym expanded: UN = united nations"


def test_changed_verb_is_a_mismatch() -> None:
    page = SourceText(
        url="u", text="", title="China-US Accord Leads to UN Vote on North Korea Sanctions"
    )
    (_, _, match), *_ = check_details(
        reference(title="China-US Accord Sets UN Vote on North Korea Sanctions"), page
    )
    assert match.verdict == Verdict.MISMATCH
    assert "[-sets-] {+leads to+}" in (match.note or "")


def test_verified_title_shows_the_pages_words() -> None:
    (_, _, match), *_ = check_details(reference(title=TITLE), PAGE)
    assert match.evidence is not None
    assert PAGE.text[match.evidence.start : match.evidence.end] == match.evidence.text


@pytest.mark.parametrize(
    ("date", "precision", "verdict"),
    [
        ("2022-07-06", Precision.DAY, "verified"),
        ("2022-07", Precision.MONTH, "verified"),
        ("2022-07-07", Precision.DAY, "mismatch"),
        ("2021", Precision.YEAR, "mismatch"),
    ],
)
def test_published(date: str, precision: Precision, verdict: str) -> None:
    assert verdicts({"date": date, "date_precision": precision})["published"][0] == verdict


def test_absent_details_are_not_found_never_mismatch() -> None:
    bare = SourceText(url="https://archive.example.net/x", text="Some text without a byline.")
    got = verdicts(
        {
            "title": TITLE,
            "date": "2022-07-06",
            "outlet": "Wire News Agency",
            "authors": ("Lee Haye-Ah",),
        },
        bare,
    )
    assert got == {
        "title": ("not_found", "page states no title"),
        "published": ("not_found", "page states no publication date"),
        "outlet": ("not_found", "page states no outlet"),
        "author": ("not_found", "page names no author"),
    }


def test_outlet_and_author() -> None:
    got = verdicts({"outlet": "Wire", "authors": ("Haye-ah Lee",)})
    assert got == {"outlet": ("verified", "same outlet"), "author": ("verified", "same author")}
    (_, _, match), *_ = check_details(reference(authors=("Haye-ah Lee",)), PAGE)
    assert match.evidence is not None and match.evidence.text == "Lee Haye-ah"
    other = verdicts({"outlet": "Evening Post", "authors": ("Kim Min-seo",)})
    assert other == {
        "outlet": ("mismatch", "another outlet"),
        "author": ("mismatch", "another author"),
    }


def _title_match(cited: str, page_title: str, **ref: object) -> tuple[str, str]:
    page = SourceText(url="u", text="", title=page_title)
    (_, _, match), *_ = check_details(reference(title=cited, **ref), page)
    return match.verdict.value, match.reason


def test_subtitle_left_out_verifies_but_a_bare_prefix_does_not() -> None:
    page = "China's North Korea Problem: How America Can Encourage Beijing | Journal"
    assert _title_match("China's North Korea Problem", page) == (
        "verified",
        "same title, subtitle differs",
    )
    assert _title_match("China's North Korea", page)[0] == "mismatch"
    assert _title_match("Sanctions Are An Important Tool", "Sanctions")[0] == "mismatch"


def test_original_language_title_is_checked_when_the_page_is_in_that_language() -> None:
    page = SourceText(url="u", text="", title="想象与困境：危机后面是什么？_澎湃新闻")
    ref = reference(title="Imagination and Dilemma", title_original="想象与困境:危机后面是什么?")
    (_, claimed, match), *_ = check_details(ref, page)
    assert claimed == "想象与困境:危机后面是什么?"
    assert match.verdict == Verdict.VERIFIED


def test_title_mismatch_shows_the_headline_where_the_text_repeats_it() -> None:
    page = SourceText(
        url="https://news.example.org/a",
        text="China-US Accord Leads to UN Vote on North Korea Sanctions\nBy Peter Green",
        title="China-US Accord Leads to UN Vote on North Korea Sanctions - News",
    )
    (_, _, match), *_ = check_details(
        reference(title="China-US Accord Sets UN Vote on North Korea Sanctions"), page
    )
    assert match.verdict == Verdict.MISMATCH
    assert match.evidence is not None
    assert page.text[match.evidence.start : match.evidence.end] == match.evidence.text
    assert match.evidence.text.startswith("China-US Accord Leads")


def test_month_level_footnote_date_and_a_vaguer_page() -> None:
    month = SourceText(url="u", text="", published="2021-12", published_precision=Precision.MONTH)
    got = verdicts({"date": "2021-12", "date_precision": Precision.MONTH}, month)
    assert got["published"] == ("verified", "same publication date")
    got = verdicts({"date": "2021-12-02", "date_precision": Precision.DAY}, month)
    assert got["published"] == ("not_found", "page date less precise")


def test_author_honorifics_and_the_sites_address() -> None:
    page = SourceText(url="https://www.rusi.example.org/x", text="", authors=("Charles Parton",))
    got = verdicts({"authors": ("Charles Parton OBE",), "outlet": "RUSI"}, page)
    assert got == {
        "author": ("verified", "same author"),
        "outlet": ("verified", "outlet matches the site's address"),
    }


def test_title_spelling_variant_is_a_note_and_other_scripts_are_not_compared() -> None:
    got = _title_match(
        "North Korea-China Summit Omits ‘Denuclearisation’ Reference",
        "North Korea-China summit omits 'denuclearization' reference",
    )
    assert got == ("verified", "same title, spelling differs")
    page = SourceText(url="https://d.example.cn/x", text="", outlet="人民文摘", authors=("王宏光",))
    got = verdicts({"outlet": "People's Digest", "authors": ("Wang Hongguang",)}, page)
    assert got == {
        "outlet": ("not_found", "outlet named in another script"),
        "author": ("not_found", "author named in another script"),
    }


def test_a_wordless_page_title_counts_as_no_title() -> None:
    page = SourceText(url="u", text="", title=" — ")
    assert verdicts({"title": TITLE}, page)["title"] == ("not_found", "page states no title")


def test_details_stated_only_in_markup_cite_the_page_metadata():
    from briefcheck.match import check_details
    from briefcheck.models import Reference, SourceText, Verdict

    ref = Reference(
        id="1",
        footnote=1,
        text="x",
        start=0,
        end=1,
        title="River Plan",
        outlet="Farm Ledger",
        date="2023-05-15",
        authors=("Ana Ruiz",),
    )
    page = SourceText(
        url="https://farm.example/plan",
        text="Body text without any of the details.",
        title="River Plan | Farm Ledger",
        outlet="Farm Ledger",
        published="2023-05-15",
        authors=("Ana Ruiz",),
    )
    for kind, _claimed, match in check_details(ref, page):
        assert match.verdict is Verdict.VERIFIED, kind
        assert match.evidence is not None, kind
        assert match.evidence.where == "metadata" and match.evidence.url == page.url
        assert match.evidence.text  # the page's own statement of it

"""Saved pages read end to end: metadata, article kept, boilerplate dropped (htmldate-style)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from briefcheck.models import Precision, SourceStatus
from briefcheck.parse import parse_snapshot


@dataclass(frozen=True)
class Expected:
    """What a reader of the page sees: its metadata, article phrases and furniture phrases."""

    file: str
    title: str
    published: str | None
    precision: Precision | None
    outlet: str | None
    language: str
    authors: tuple[str, ...] = ()
    headline: str | None = None
    keeps: tuple[str, ...] = ()
    drops: tuple[str, ...] = ()
    dates: tuple[str, ...] = field(default=())  # ISO values that must be among SourceText.dates
    not_dates: tuple[str, ...] = field(default=())  # dates only sidebars or comments state


PAGES: dict[str, Expected] = {
    "https://kcnawatch.example/newstream/law-on-nuclear-forces/": Expected(
        file="kcnawatch_nuclear_forces_law.html",
        title="Law on DPRK’s Policy on Nuclear Forces Promulgated",
        published="2022-09-09",
        precision=Precision.DAY,
        outlet="KCNA Watch",
        language="en",
        keeps=(
            "Pyongyang, September 9 (KCNA)",
            "a nuclear strike shall be launched automatically and immediately",
            "takes effect from the day of its promulgation",
        ),
        drops=(
            "Most Read",
            "Ballistic launch reported over the East Sea",
            "Hamgyong budget report",
            "We use cookies",
            "Share on Twitter",
            "Get the daily digest",
            "Copyright 2013-2022",
            "gtag",
        ),
        dates=("2022-09-09", "2022-09-08"),
        not_dates=("2022-09-25", "2022-08-30", "2022-01-01"),
    ),
    "https://en.yna.example/view/AEN20220706003951315": Expected(
        file="yonhap_yoon_three_axis.html",
        title="(LEAD) Yoon orders military to swiftly punish N. Korea in case of provocations",
        published="2022-07-06",
        precision=Precision.DAY,
        outlet="Yonhap News Agency",
        language="en",
        authors=("Lee Haye-ah",),
        keeps=("SEOUL, July 6 (Yonhap)", "calling for the development of the “three-axis” system"),
        drops=(
            "Related Articles",
            "fires artillery rounds",
            "three-axis plan was first floated",
            "BTS member",
            "All rights reserved",
            "_ynaAds",
        ),
        dates=("2022-07-06", "2022-05-10", "2017-09"),
        not_dates=("2022-06-30", "2022-07-05", "2003-05-20"),
    ),
    "https://press.un.example/en/2022/sc14911.doc.htm": Expected(
        file="un_press_sc_veto.html",
        title=(
            "Security Council Fails to Adopt Resolution Tightening Sanctions Regime in "
            "Democratic People’s Republic of Korea, as Two Members Wield Veto"
        ),
        published="2022-05-26",
        precision=Precision.DAY,
        outlet="Meetings Coverage and Press Releases",
        language="en",
        keeps=("negative votes cast by two permanent members", "375,000 barrels"),
        drops=("Latest press releases", "Geneva talks", "Fraud alert", "Skip to main content"),
        not_dates=("2022-05-27", "2022-06-08"),
    ),
    "https://rusi.example/explore-our-research/publications/rusi-newsbrief/chinas-only-ally": (
        Expected(
            file="rusi_china_only_ally.html",
            title="China’s Only Ally",
            published="2021-07-02",
            precision=Precision.DAY,
            outlet="RUSI",
            language="en",
            authors=("Charles Parton OBE", "James Byrne"),
            keeps=(
                "The relations between the two countries have been strained",
                "more than 90% of North Korea’s recorded trade",
            ),
            drops=(
                "Related Research",
                "Kim’s missile tests are a message",
                "Yalu bridge that leads nowhere",
                "Sign up to our newsletter",
                "Cookie Policy",
                "Registered charity",
            ),
            dates=("2021-07-11", "2018-03"),
            not_dates=("2019-05-14", "2020-12-03", "2021-03-01"),
        )
    ),
    "https://www.38north.example/2025/09/kim-jong-uns-beijing-visit-a-view-from-north-korea/": (
        Expected(
            file="38north_kim_beijing_visit.html",
            title="Kim Jong Un’s Beijing Visit: A View from North Korea",
            published="2025-09-08",
            precision=Precision.DAY,
            outlet="38 North: Informed Analysis of North Korea",
            language="en",
            authors=("Rachel Minyoung Lee",),
            keeps=(
                "strengthening strategic cooperation and defining common interests",
                "stressed strategic communication and high-level visits",
            ),
            drops=(
                "unconditional support for reunification",
                "One thought on",
                "Sohae launch pad",
                "Recent Posts",
                "Donate",
            ),
            dates=("2025-09-04", "2025-09-05"),
            not_dates=("2025-09-01", "2025-08-29", "2025-09-10"),
        )
    ),
    "https://www.thepaper.example/newsDetail_forward_13032011": Expected(
        file="thepaper_imagination_dilemma.html",
        title="想象与困境：危机后面是什么？",
        published="2021-06-11",
        precision=Precision.DAY,
        outlet="澎湃新闻",
        language="zh",
        authors=("张晓明",),
        headline="想象与困境：危机后面是什么？",
        keeps=("公元1592年，日本丰臣秀吉发动侵朝战争", "正是危机的根源所在"),
        drops=("热门推荐", "美韩联合军演", "朝鲜早在", "沪ICP备", "分享到", "首页"),
        dates=("1592", "1598", "2017-09-03", "2021-06-08"),
        not_dates=("2021-05-03", "2021-08-16"),
    ),
    "http://paper.people.example/rmwz/html/2014-06/01/content_1433.htm": Expected(
        file="peoplecn_digest_gbk.html",
        title="朝鲜半岛：隋唐时开始“拖累”中国",
        published="2014-06-01",
        precision=Precision.DAY,
        outlet="人民网",
        language="zh",
        authors=("王宏光",),
        keeps=("隋炀帝于公元612年起三次征讨高句丽", "朝鲜半岛从隋唐时开始“拖累”中国"),
        drops=("相关专题", "甲午战争一百二十年祭", "排行榜", "版权所有", "人民网首页"),
        dates=("0612", "0668", "2014-03-05"),
        not_dates=("2014-07-25",),
    ),
    "https://www.dailynk.example/english/new-yalu-river-bridge-preparations/": Expected(
        file="dailynk_yalu_bridge.html",
        title="New Yalu River Bridge preparations accelerate after North Korea-China summit",
        published="2025-09-18",
        precision=Precision.DAY,
        outlet="Daily NK English",
        language="en",
        authors=("Jeong Tae Joo",),
        keeps=("told Daily NK on Sept. 15", "go unused forever"),
        drops=(
            "Most Popular",
            "Dandong traders stockpile",
            "customs officers punished",
            "This website uses cookies",
            "Share this",
            "Please direct any comments",
        ),
        dates=("2025-09-15", "2025-10-10", "2014"),
        not_dates=("2025-09-06", "2025-08-02"),
    ),
    "https://www.chosun.example/politics/2025/09/08/summit-denuclearisation/": Expected(
        file="chosun_summit_denuclearisation_ko.html",
        title="북중 정상회담, '비핵화' 언급 빠져",
        published="2025-09-08",
        precision=Precision.DAY,
        outlet="조선일보",
        language="ko",
        authors=("김민서",),
        keeps=("양측 발표문에는 '비핵화'라는 표현이 들어가지 않았다",),
        drops=("관련 기사", "열병식 준비", "많이 본 뉴스", "회담이 먼저 열렸다는", "공유"),
        dates=("2025-09-04", "2019-06", "2022-09-08", "2025-09-05"),
        not_dates=("2025-10-10", "2025-09-01", "2025-08-18"),
    ),
    "https://www.stimson.example/2024/china-as-a-mediator-in-north-korea/": Expected(
        file="stimson_china_mediator.html",
        title="China as a Mediator in North Korea: Facilitating Dialogues or Mediating Conflicts",
        published="2024-06-05",  # only an unlabelled visible date in a `.date` element
        precision=Precision.DAY,
        outlet="Stimson Center",
        language="en",
        authors=("Niklas Swanström",),
        keeps=("Facilitation and mediation are not the same thing",),
        drops=("Related Content", "lessons from the September 19", "Stay informed", "Skip to"),
        dates=("2003", "2009", "2019"),
        not_dates=("2005-09-19",),
    ),
    "http://kcna.example/kp/article/q/spa-nuclear-forces.kcmsf": Expected(
        file="kcna_ko_spa_session.html",
        title="조선민주주의인민공화국 핵무력정책에 대하여",
        published="2022-09-09",  # a Juche date in the page's own date element
        precision=Precision.DAY,
        outlet="조선중앙통신",  # from the <title> suffix after the headline the h1 shows
        language="ko",
        keeps=("주체111(2022)년 9월 8일 최고인민회의 법령으로", "(평양 9월 9일발 조선중앙통신)"),
        drops=("많이 본 기사", "가을걷이", "Copyright", "첫페지"),
        dates=("2022-09-08", "2022-09-09", "2013-04-01"),
        not_dates=("2022-10-05",),
    ),
    "https://www.cambridge.example/core/books/east-asia-in-the-world/ming-grand-strategy/": (
        Expected(
            file="cambridge_core_ming_chapter.html",
            title="Ming Grand Strategy during the Great East Asian War, 1592–1598",
            published="2020-03",
            precision=Precision.MONTH,
            outlet="Cambridge Core",
            language="en",
            authors=("Kenneth M. Swope",),
            headline="4 - Ming Grand Strategy during the Great East Asian War, 1592–1598",
            keeps=("treated Korea as the outer defence of the capital",),
            drops=(
                "Browse subjects",
                "Cambridge Core uses cookies",
                "The Imjin War",
                "Assessment 2024",
            ),
            dates=("1592", "1598"),
            not_dates=("1593",),
        )
    ),
}


@pytest.fixture(scope="module")
def parsed():
    """Each page parsed once for all the assertions on it."""
    from tests.support.snapshots import PAGES as PAGE_DIR
    from tests.support.snapshots import make_snapshot

    return {
        url: parse_snapshot(make_snapshot((PAGE_DIR / e.file).read_bytes(), "text/html", url))
        for url, e in PAGES.items()
    }


CASES = [pytest.param(url, e, id=e.file.removesuffix(".html")) for url, e in PAGES.items()]


@pytest.mark.parametrize(("url", "expected"), CASES)
def test_page_metadata(parsed, url, expected):
    page = parsed[url]
    assert page.status is SourceStatus.OK
    assert page.url == url
    assert page.title == expected.title
    assert page.headline == (expected.headline or expected.title)
    assert (page.published, page.published_precision) == (expected.published, expected.precision)
    assert page.outlet == expected.outlet
    assert page.language == expected.language
    assert page.authors == expected.authors


@pytest.mark.parametrize(("url", "expected"), CASES)
def test_main_text_keeps_the_article(parsed, url, expected):
    text = parsed[url].text
    for phrase in expected.keeps:
        assert phrase in text


@pytest.mark.parametrize(("url", "expected"), CASES)
def test_main_text_drops_furniture(parsed, url, expected):
    text = parsed[url].text
    for phrase in expected.drops:
        assert phrase not in text, f"{phrase!r} is page furniture, not article text"


@pytest.mark.parametrize(("url", "expected"), CASES)
def test_dates_come_from_the_article_only(parsed, url, expected):
    page = parsed[url]
    values = {d.value for d in page.dates}
    assert set(expected.dates) <= values
    assert not values & set(expected.not_dates)
    for mention in page.dates:
        assert page.text[mention.start : mention.end] == mention.text


def test_original_date_wins_over_update(parsed):
    """Yonhap and 38 North state an update two days on; the original is the one reported."""
    assert parsed["https://en.yna.example/view/AEN20220706003951315"].published == "2022-07-06"
    north = parsed[
        "https://www.38north.example/2025/09/kim-jong-uns-beijing-visit-a-view-from-north-korea/"
    ]
    assert north.published == "2025-09-08"


def test_missing_year_is_inferred_and_said(parsed):
    kcna = parsed["https://kcnawatch.example/newstream/law-on-nuclear-forces/"]
    dateline = next(d for d in kcna.dates if d.text.startswith("Pyongyang"))
    assert dateline.value == "2022-09-09"
    assert dateline.note and "2022" in dateline.note
    juche = next(d for d in kcna.dates if "Juche" in d.text)
    assert juche.value == "2022-09-08" and juche.precision is Precision.DAY

"""find_source_dates: ISO, CJK, Korean, Juche and dateline notations with their precision."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefcheck.models import Precision
from briefcheck.parse.dates import find_datelines, find_source_dates, parse_date_string

D, M, Y = Precision.DAY, Precision.MONTH, Precision.YEAR


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "2022年9月8日，朝鲜通过法律", [("2022年9月8日", "2022-09-08", D)], id="zh-day"
        ),
        pytest.param("早在2021年6月就有报道", [("2021年6月", "2021-06", M)], id="zh-month"),
        pytest.param("公元1592年出兵", [("1592年", "1592", Y)], id="zh-year"),
        pytest.param(
            "二〇二二年九月八日", [("二〇二二年九月八日", "2022-09-08", D)], id="zh-numerals"
        ),
        pytest.param(
            "二〇二〇年十二月二十八日",
            [("二〇二〇年十二月二十八日", "2020-12-28", D)],
            id="zh-numerals-tens",
        ),
        pytest.param("公元668年灭亡", [("668年", "0668", Y)], id="zh-early-year-after-gongyuan"),
        pytest.param("2022년 9월 8일 채택", [("2022년 9월 8일", "2022-09-08", D)], id="ko-day"),
        pytest.param("2019년 6월 방문", [("2019년 6월", "2019-06", M)], id="ko-month"),
        pytest.param("on 2022-09-08 it", [("2022-09-08", "2022-09-08", D)], id="iso-day"),
        pytest.param("in 2022-09 it", [("2022-09", "2022-09", M)], id="iso-month"),
        pytest.param(
            "at 2022-09-08T10:00:00+09:00",
            [("2022-09-08T10:00:00+09:00", "2022-09-08", D)],
            id="iso-datetime",
        ),
        pytest.param("입력 2025.09.08. 10:20", [("2025.09.08", "2025-09-08", D)], id="dotted"),
        pytest.param("2022/9/8 posted", [("2022/9/8", "2022-09-08", D)], id="slashed"),
        pytest.param(
            "adopted on September 8, Juche 111 (2022) the law",
            [("September 8, Juche 111 (2022)", "2022-09-08", D)],
            id="juche-with-year",
        ),
        pytest.param(
            "주체111(2022)년 9월 8일 최고인민회의",
            [("주체111(2022)년 9월 8일", "2022-09-08", D)],
            id="juche-korean",
        ),
        pytest.param(
            "主体111（2022）年9月8日通过",
            [("主体111（2022）年9月8日", "2022-09-08", D)],
            id="juche-chinese",
        ),
        pytest.param(
            "주체111년 9월", [("주체111년 9월", "2022-09", M)], id="juche-korean-no-bracket"
        ),
    ],
)
def test_notations(text, expected):
    found = [(d.text, d.value, d.precision) for d in find_source_dates(text, english=False)]
    assert found == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("持续了300年", id="duration-not-a-year"),
        pytest.param("2021-2022 season", id="year-range-not-a-month"),
        pytest.param("doc 12022-09-08 ref", id="embedded-in-a-number"),
        pytest.param("version 2022.9 release", id="dotted-without-day"),
        pytest.param("2022年2月30日", id="impossible-day"),
        pytest.param("2023-02-29", id="not-a-leap-year"),
        pytest.param("9月8日", id="month-day-without-a-year-to-infer"),
    ],
)
def test_non_dates_are_not_found(text):
    assert find_source_dates(text, english=False) == []


def test_year_is_inferred_from_the_page_and_said():
    [mention] = find_source_dates("有关方面于6月8日再次讨论", base_year=2021, english=False)
    assert (mention.text, mention.value, mention.precision) == ("6月8日", "2021-06-08", D)
    assert mention.note and "2021" in mention.note


def test_juche_year_alone_is_converted_and_said():
    [mention] = find_source_dates("on September 9, Juche 111 the DPRK", english=False)
    assert mention.value == "2022-09-09"
    assert mention.note and "Juche 111" in mention.note


def test_datelines():
    text = "SEOUL, July 6 (Yonhap) -- Yoon spoke.\nPyongyang, September 9, 2022 (KCNA) -- Law."
    lines = find_datelines(text)
    assert [(x.place, x.agency, x.month, x.day, x.year) for x in lines] == [
        ("SEOUL", "Yonhap", 7, 6, None),
        ("Pyongyang", "KCNA", 9, 9, 2022),
    ]
    values = [d.value for d in find_source_dates(text, base_year=2022, english=False)]
    assert values == ["2022-07-06", "2022-09-09"]


def test_korean_and_chinese_agency_datelines():
    text = "(평양 9월 9일발 조선중앙통신) 법령.\n新华社北京9月5日电 习近平会见。"
    lines = find_datelines(text)
    assert [(x.place, x.agency, x.month, x.day) for x in lines] == [
        ("평양", "조선중앙통신", 9, 9),
        ("北京", "新华社", 9, 5),
    ]
    mentions = find_source_dates(text, base_year=2025, english=False)
    assert [m.value for m in mentions] == ["2025-09-09", "2025-09-05"]
    assert all(m.note for m in mentions)


def test_english_prose_is_delegated_and_merged_without_overlaps():
    text = "Pyongyang, September 9 (KCNA) -- adopted on September 8, Juche 111 (2022) and Sept. 8."
    found = find_source_dates(text, base_year=2022)
    spans = [(d.start, d.end) for d in found]
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    assert [d.value for d in found] == ["2022-09-09", "2022-09-08", "2022-09-08"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2022-09-09T00:03:56+00:00", ("2022-09-09", D)),
        ("September 9, 2022", ("2022-09-09", D)),
        ("9 Sept. 2022", ("2022-09-09", D)),
        ("July 2021", ("2021-07", M)),
        ("2020/03", ("2020-03", M)),
        ("2020", ("2020", Y)),
        ("2014年06月01日09:15", ("2014-06-01", D)),
        ("yesterday", None),
    ],
)
def test_parse_date_string(raw, expected):
    assert parse_date_string(raw) == expected


@given(
    st.text(
        alphabet=st.sampled_from("0123456789年月日년월일-/. 九十二〇Juche()September,"), max_size=60
    )
)
def test_offsets_index_the_text(text):
    for mention in find_source_dates(text, base_year=2020, english=False):
        assert text[mention.start : mention.end] == mention.text

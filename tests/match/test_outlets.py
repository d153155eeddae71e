"""One outlet or two: names compared by their distinctive words, initials and host labels."""

from __future__ import annotations

import pytest

from briefcheck.match.outlets import host_names, same_outlet

SAME = [
    ("Yonhap", "Yonhap News Agency"),
    ("Korea Herald", "The Korea Herald"),
    ("AP", "The Associated Press"),
    ("AP", "AP News"),
    ("KCNA", "Korean Central News Agency"),
    ("38 North", "38 North: Informed Analysis of North Korea"),
    ("Ministry of Foreign Affairs", "Ministry of Foreign Affairs, Republic of Korea"),
    ("中国新闻网", "中国新闻社"),
    ("交通运输部", "中华人民共和国交通运输部"),
]
OTHER = [
    ("China Daily", "China News Service"),
    ("Daily NK", "NK News"),
    ("Korea Times", "The Korea Herald"),
    ("Coastline Daily", "The Coastline Review"),
    ("UN", "Union Wire"),
    ("AP", "Japan Today"),
    ("中国日报", "中国新闻网"),
    ("中国新闻", "中国新闻周刊"),
]


@pytest.mark.parametrize(("cited", "name"), SAME)
def test_the_same_outlet(cited: str, name: str) -> None:
    assert same_outlet(cited, name)


@pytest.mark.parametrize(("cited", "name"), OTHER)
def test_another_outlet_sharing_a_word(cited: str, name: str) -> None:
    assert not same_outlet(cited, name)


@pytest.mark.parametrize(
    ("cited", "host", "spells"),
    [
        ("RUSI", "www.rusi.example.org", True),
        ("38 North", "www.38north.example", True),
        ("AP", "apnews.example", True),
        ("Apex Shipping", "www.apexshipping.example", True),
        ("AP", "japantoday.example", False),
        ("AP", "www.apexshipping.example", False),
        ("UN", "markets.unionwire.example", False),
        ("Daily NK", "www.nknews.example", False),
    ],
)
def test_a_host_label_spells_the_outlet(cited: str, host: str, spells: bool) -> None:
    assert host_names(cited, host) is spells

"""Footnote parsing: splitting works, reading their fields and resolving back-references."""

from __future__ import annotations

import pytest

from briefcheck.extractors.references import parse_footnote, parse_reference, split_segments
from briefcheck.models import Footnote


def _notes(*texts: str) -> list[Footnote]:
    """Footnotes 1..n parsed in order, each seeing the ones before it."""
    notes: list[Footnote] = []
    for i, text in enumerate(texts, 1):
        notes.append(parse_footnote(i, text, 0, len(text), notes))
    return notes


FIELDS = [
    (
        "Charles Parton OBE and James Byrne, “China’s Only Ally”, RUSI Newsbrief, Vol. 41, No. 6, "
        "2 July 2021.",
        {"authors": ("Charles Parton", "James Byrne"), "volume": "41", "issue": "6",
         "date": "2021-07-02", "outlet": "RUSI Newsbrief"},
    ),
    (
        "Shen Zhihua, “Sino-North Korean Conflict”, Bulletin, Issue 14/15, p. 9.",
        {"issue": "14/15", "pages": "9", "date": None},
    ),
    (
        "Wang Hongguang, “The Korean Peninsula” (朝鲜半岛:隋唐时开始“拖累”中国), People’s Digest, "
        "2014, Issue 6, 1 June 2014.",
        {"title_original": "朝鲜半岛:隋唐时开始“拖累”中国", "date": "2014-06-01", "issue": "6"},
    ),
    (
        "Dr. Ann Lee PhD, ‘Notes on Ice’, Polar Review, Vol. 3, March 2019, "
        "https://example.org/ice, accessed on 4 May 2024.",
        {"authors": ("Ann Lee",), "title": "Notes on Ice", "url": "https://example.org/ice",
         "accessed": "2024-05-04", "date": "2019-03"},
    ),
    (
        "Victor Cha, The Impossible State (New York: Ecco, 2012), 45.",
        {"authors": ("Victor Cha",), "title": "The Impossible State", "outlet": "Ecco",
         "date": "2012", "pages": "45"},
    ),
    (
        "Jane Doe, *The Law of Orbits*, 12 J. Space L. 45, 50 (2019).",
        {"title": "The Law of Orbits", "volume": "12", "outlet": "J. Space L.",
         "pages": "45, 50", "date": "2019"},
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), FIELDS, ids=[f[0][:24] for f in FIELDS])
def test_reference_fields(text: str, expected: dict) -> None:
    ref = parse_reference(text)
    assert {k: getattr(ref, k) for k in expected} == expected


def test_several_works_split_with_signals() -> None:
    text = "“A”, KCNA, 5 September 2025; also See, Rachel Lee, “B”, 38 North, 8 September 2025."
    spans = split_segments(text)
    assert [text[s:e] for s, e in spans] == [
        "“A”, KCNA, 5 September 2025",
        "Rachel Lee, “B”, 38 North, 8 September 2025",
    ]


def test_semicolons_inside_titles_do_not_split() -> None:
    assert len(split_segments("Ann Bo, “War; Peace”, Outlet, 2020.")) == 1


BACK = [
    ("Ibid.", ("2",)),
    ("Ibid., p. 4.", ("2",)),
    ("Swope, op. cit., p. 5.", ("1b",)),
    ("Doe, supra note 1, at 7.", ("1a",)),
    ("“Ming Grand Strategy”, n. 1.", ("1b",)),
    ("Swope, “Ming Grand Strategy”, 12.", ("1b",)),
]


@pytest.mark.parametrize(("text", "points"), BACK, ids=[b[0] for b in BACK])
def test_back_references_resolve(text: str, points: tuple[str, ...]) -> None:
    notes = _notes(
        "Jane Doe, “On Ports”, Sea Review, 2019; see also Kenneth M. Swope, "
        "“Ming Grand Strategy During the Great East Asian War”, Cambridge University Press, 2020.",
        "Ann Roe, “Other”, Outlet, 3 March 2021.",
        text,
    )
    (ref,) = notes[2].references
    assert ref.points_to == points
    assert ref.id == "3"


def test_ibid_after_a_back_reference_follows_it_to_the_work() -> None:
    notes = _notes("Ann Roe, “Other”, Outlet, 3 March 2021.", "Roe, n. 1.", "Ibid.")
    assert notes[2].references[0].points_to == ("1",)


def test_a_full_citation_with_no_6_is_not_a_back_reference() -> None:
    notes = _notes("A, “B”, C, 2020.", "X, “Y”, Newsbrief, Vol. 41, No. 1, 2 July 2021.")
    assert notes[1].references[0].points_to == ()


BARE = [
    ("https://example.org/foo/bar", "https://example.org/foo/bar", None),
    ("Available at: https://example.org/x (accessed 3 May 2024)", "https://example.org/x",
     "2024-05-03"),
    ("https://example.org/a, accessed 3 May 2024", "https://example.org/a", "2024-05-03"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "url", "accessed"), BARE, ids=[b[0][:20] for b in BARE])
def test_notes_without_titles_keep_their_links(text: str, url, accessed) -> None:
    ref = parse_reference(text)
    assert (ref.title, ref.url, ref.accessed) == (None, url, accessed)


@pytest.mark.parametrize(
    ("text", "title"),
    [("Satellite imagery analysed by the Panel", "Satellite imagery analysed by the Panel"),
     ("annex 2", None), ("Smith", None)],
)  # fmt: skip
def test_a_one_phrase_note_names_its_source(text: str, title) -> None:
    assert parse_reference(text).title == title

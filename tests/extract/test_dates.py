"""find_dates: the notations briefs and source pages use, and the numbers that are not years."""

from __future__ import annotations

import pytest

from briefcheck.extractors.dates import find_dates
from briefcheck.models import Precision

D, M, Y, DEC = Precision.DAY, Precision.MONTH, Precision.YEAR, Precision.DECADE

FOUND = [
    ("on 4 September 2025, they met", [("4 September 2025", "2025-09-04", D)]),
    ("September 4, 2025", [("September 4, 2025", "2025-09-04", D)]),
    ("on the 8th of September 2025", [("8th of September 2025", "2025-09-08", D)]),
    ("published 2025-09-04 at noon", [("2025-09-04", "2025-09-04", D)]),
    ("visited in March 2018.", [("March 2018", "2018-03", M)]),
    ("Sept. 2019", [("Sept. 2019", "2019-09", M)]),
    ("renewed in 2021.", [("2021", "2021", Y)]),
    ("Great East Asian War, 1592-1598", [("1592", "1592", Y), ("1598", "1598", Y)]),
    ("in 2018–19 there", [("2018", "2018", Y), ("19", "2019", Y)]),
    ("invaded Japan in 1274 and 1281 through", [("1274", "1274", Y), ("1281", "1281", Y)]),
    (
        "met in June 2018, January 2019, and June 2019 in China",
        [("June 2018", "2018-06", M), ("January 2019", "2019-01", M), ("June 2019", "2019-06", M)],
    ),
    ("in the 1950s", [("1950s", "1950", DEC)]),
    ("Juche 111 (2022)", [("Juche 111 (2022)", "2022", Y)]),
    ("Juche 105", [("Juche 105", "2016", Y)]),
    ("exercises from 2016, which", [("2016", "2016", Y)]),
    ("the Ming dynasty (1592) to", [("1592", "1592", Y)]),
    ("Bloomsbury Publishing, 2020.", [("2020", "2020", Y)]),
    ("4–6 September 2025", [("4", "2025-09-04", D), ("6 September 2025", "2025-09-06", D)]),
    ("March and May 2018", [("March", "2018-03", M), ("May 2018", "2018-05", M)]),
    ("9048th Meeting, 26 May 2022.", [("26 May 2022", "2022-05-26", D)]),
    ("Vol. 41, No. 6, 2 July 2021.", [("2 July 2021", "2021-07-02", D)]),
    ("In Sept. 2019 and on Sept. 8", [("Sept. 2019", "2019-09", M), ("Sept. 8", "2019-09-08", D)]),
    ("since mid-2019", [("2019", "2019", Y)]),
]


@pytest.mark.parametrize(("text", "expected"), FOUND, ids=[t for t, _ in FOUND])
def test_dates_found_with_iso_values(text: str, expected: list[tuple[str, str, Precision]]) -> None:
    found = find_dates(text)
    assert [(d.text, d.value, d.precision) for d in found] == expected
    assert all(text[d.start : d.end] == d.text for d in found)


NOT_DATES = [
    "9048th Meeting",
    "Bulletin, Issue 14/15, p. 9.",
    "RUSI Newsbrief, Vol. 41, No. 6",
    "they sent 2000 troops",
    "Resolution 2397 against",
    "see p. 1950 of the report",
    "a vote of 1500 to 3",
    "footnote [12] and [2019]",
    "31 February 2021",
    "Sept. 8",
    "the 8th September",
    "the may 2018 agenda",
    "1,950 soldiers",
    "version 2.2021",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_numbers_that_are_not_dates(text: str) -> None:
    assert find_dates(text) == []


def test_base_year_completes_a_date_without_one() -> None:
    (only,) = find_dates("the talks on Sept. 8 failed", base_year=2025)
    assert (only.text, only.value, only.precision) == ("Sept. 8", "2025-09-08", D)
    assert only.note and "2025" in only.note


def test_eighth_september_takes_the_year_of_the_date_before_it() -> None:
    found = find_dates("On 4 September 2025 they met; on 8th September they spoke again.")
    assert [d.value for d in found] == ["2025-09-04", "2025-09-08"]


def test_relative_mention_keeps_its_text_and_names_its_date() -> None:
    (mention,) = find_dates("In addition, the September 2025 meeting also showed")
    assert mention.relative
    assert (mention.text, mention.value) == ("September 2025", "2025-09")


def test_absolute_mention_is_not_relative() -> None:
    (mention,) = find_dates("They met in September 2025.")
    assert not mention.relative


def test_long_pages_are_linear_not_quadratic() -> None:
    import time

    unit = "In 1998 and 2001, and on 4 September 2025, 1500 troops (No. 6, p. 12) left; 2003-05. "
    text = unit * 2500  # about 220,000 characters, a long source page
    started = time.perf_counter()
    found = find_dates(text)
    # A quadratic scan took minutes on such a page; a linear one takes well under a second.
    assert time.perf_counter() - started < 5.0
    assert len(found) == 2500 * 5


def test_recurring_days_and_other_sentences_give_no_year() -> None:
    assert find_dates("data between 15 May and 15 October each year") == []
    found = find_dates("It lapsed in June 2023. Data came on 15 May.")
    assert [d.text for d in found] == ["June 2023"]

"""Footnote numbers of any width: notes 1000 and up are notes, not more of note 999."""

from __future__ import annotations

import pytest

from briefcheck.extractors import extract_text


def _note(i: int) -> str:
    return f"Jane Doe, “Trade report {i}”, Trade Weekly, 2 April 2020."


def _bracket_brief(count: int) -> str:
    sentences = [f"Exports rose in region {i}.[{i}]" for i in range(1, count + 1)]
    body = "\n\n".join(" ".join(sentences[k : k + 10]) for k in range(0, count, 10))
    return body + "\n\n" + "\n".join(f"[{i}] {_note(i)}" for i in range(1, count + 1)) + "\n"


@pytest.mark.parametrize("count", [1000, 1234])
def test_every_note_of_a_long_brief_is_its_own(count: int) -> None:
    brief = extract_text(_bracket_brief(count))
    assert [f.number for f in brief.footnotes] == list(range(1, count + 1))
    notes = {f.number: f for f in brief.footnotes}
    assert notes[999].text == _note(999)
    assert notes[count].text == _note(count)
    cited = {ref for claim in brief.claims for ref in claim.refs}
    assert {"999", "1000", str(count)} <= cited
    assert not brief.warnings


# Notes from 998 on are enough to test their width in each format.
NUMBERS = [998, 999, 1000, 1001, 1234]
BODY = " ".join(f"Exports rose in region {n}.{{m{n}}}" for n in NUMBERS)


def _format(fmt: str) -> tuple[str, str]:
    if fmt == "md":
        body = BODY.format(**{f"m{n}": f"[^{n}]" for n in NUMBERS})
        notes = "\n".join(f"[^{n}]: {_note(n)}" for n in NUMBERS)
        return f"{body}\n\n{notes}\n", "md"
    if fmt == "notes-heading":
        body = BODY.format(**{f"m{n}": f"[{n}]" for n in NUMBERS})
        notes = "\n".join(f"[{n}] {_note(n)}" for n in NUMBERS)
        return f"{body}\n\nNotes\n\n{notes}\n", "txt"
    body = BODY.format(**{f"m{n}": f'<sup><a href="#fn{n}">{n}</a></sup>' for n in NUMBERS})
    items = "".join(f'<li id="fn{n}">{_note(n)}</li>' for n in NUMBERS)
    html = f'<p>{body}</p><section class="footnotes"><ol>{items}</ol></section>'
    return f"<html><body>{html}</body></html>", "html"


@pytest.mark.parametrize("fmt", ["md", "notes-heading", "html"])
def test_wide_note_numbers_in_every_format(fmt: str) -> None:
    text, kind = _format(fmt)
    brief = extract_text(text, fmt=kind)
    assert [f.number for f in brief.footnotes] == NUMBERS
    assert {f.number: f.text for f in brief.footnotes}[999] == _note(999)
    assert {ref for claim in brief.claims for ref in claim.refs} == {str(n) for n in NUMBERS}


def test_bracketed_year_in_a_short_brief_is_still_text() -> None:
    brief = extract_text(
        "The court ruled in [2022] UKSC 5 that the ban stood.[1]\n"
        "[1] Supreme Court, “Judgment”, 2 February 2022.\n"
    )
    assert [m.numbers for m in brief.markers] == [(1,)]


def test_back_reference_to_a_wide_note() -> None:
    notes = "\n".join(f"[{i}] {_note(i)}" for i in (999, 1000, 1001))
    body = "Exports rose.[1000] They rose again.[1002]"
    brief = extract_text(f"{body}\n\nNotes\n\n{notes}\n[1002] Doe, supra note 1000.\n")
    last = brief.footnotes[-1].references[0]
    assert last.points_to == ("1000",)

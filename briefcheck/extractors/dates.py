"""Find date mentions in English text and normalise them to ISO at their precision."""

from __future__ import annotations

from briefcheck.models import DateMention


def find_dates(text: str, *, base_year: int | None = None) -> list[DateMention]:
    """Every date mention in `text` (offsets into it), ranges and lists split into dates.

    `base_year` completes mentions with no year ("September 8") and marks them with a note.
    """
    raise NotImplementedError

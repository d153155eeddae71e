"""Small factories for the records the matcher tests build."""

from __future__ import annotations

from briefcheck.extractors.dates import find_dates
from briefcheck.models import DateMention, Precision, Reference, SourceText
from briefcheck.parse.dates import find_source_dates


def source(
    text: str, *, base_year: int | None = None, url: str = "https://example.org/a", **meta: object
) -> SourceText:
    """A SourceText whose date mentions come from the source date finder."""
    dates = tuple(find_source_dates(text, base_year=base_year))
    return SourceText(url=url, text=text, dates=dates, **meta)  # type: ignore[arg-type]


def claimed(text: str) -> DateMention:
    """The one date a claim phrase states."""
    (mention,) = find_dates(text)
    return mention


def mention(value: str, text: str = "", start: int = 0) -> DateMention:
    precision = {4: Precision.YEAR, 7: Precision.MONTH}.get(len(value), Precision.DAY)
    return DateMention(
        text=text or value,
        value=value,
        precision=precision,
        start=start,
        end=start + len(text or value),
    )


def reference(**fields: object) -> Reference:
    return Reference(id="1", footnote=1, text="", start=0, end=0, **fields)  # type: ignore[arg-type]

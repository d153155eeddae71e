"""(claim, SourceText) → Match: quotations, dates and footnote details against the source."""

from briefcheck.match.dates import check_date
from briefcheck.match.details import check_details
from briefcheck.match.quotes import find_quote

__all__ = ["check_date", "check_details", "find_quote"]

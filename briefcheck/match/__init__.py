"""(claim, SourceText) → Match: quotations, dates, footnote details and whole claims (support)."""

from briefcheck.match.dates import check_date
from briefcheck.match.details import check_details
from briefcheck.match.quotes import find_quote
from briefcheck.match.support import find_support

__all__ = ["check_date", "check_details", "find_quote", "find_support"]

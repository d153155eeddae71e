"""Errors for bad input: each becomes one readable line and exit code 2."""


class BriefcheckError(Exception):
    """A problem with what the user gave us (a file, a key, an option), not a bug."""


class BriefError(BriefcheckError):
    """The brief is missing, empty or not a footnoted document."""


class SourcesError(BriefcheckError):
    """`sources.yaml` (or another user file) is unreadable or invalid."""

"""briefcheck: check that a footnoted brief's quotations, dates and citations match their sources."""

__version__ = "0.1.0"
